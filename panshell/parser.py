"""Match typed words against a grammar tree: one walk serves execution, Tab
completion and `?` help."""
from __future__ import annotations

from dataclasses import dataclass, field

from .grammarfile import Node

UNKNOWN_COMMAND = "Unknown command: {word}"
INVALID_SYNTAX = "Invalid syntax."


class CommandError(Exception):
    """Bad input; the message is PAN-OS's own error text."""


@dataclass
class Words:
    """A tokenized line: complete words, plus the word being typed (if any)."""

    words: list[str]
    partial: str | None  # the last word when the line does not end in a space


def tokenize(line: str, *, allow_partial: bool = False) -> Words:
    """Split on spaces; double or single quotes group a value with spaces."""
    words: list[str] = []
    current: list[str] = []
    in_word = False
    quote = None
    for ch in line:
        if quote:
            if ch == quote:
                quote = None
            else:
                current.append(ch)
        elif ch in "\"'":
            quote, in_word = ch, True
        elif ch in " \t":
            if in_word:
                words.append("".join(current))
                current, in_word = [], False
        else:
            current.append(ch)
            in_word = True
    if quote and not allow_partial:
        raise CommandError(INVALID_SYNTAX)
    partial = "".join(current) if in_word else None
    if partial is not None and not allow_partial:
        words.append(partial)
        partial = None
    return Words(words, partial)


def split_pipes(line: str) -> list[str]:
    """Split a line at `|` characters that are not inside quotes."""
    parts, current, quote = [], [], None
    for ch in line:
        if quote:
            quote = None if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch == "|":
            parts.append("".join(current))
            current = []
            continue
        current.append(ch)
    parts.append("".join(current))
    return parts


@dataclass
class Match:
    """Where a walk through the tree ended, and what it bound on the way."""

    node: Node
    args: dict[str, str] = field(default_factory=dict)
    keywords: list[str] = field(default_factory=list)
    used_options: set[str] = field(default_factory=set)

    @property
    def complete(self) -> bool:
        return self.node.handler is not None

    def candidates(self) -> list[Node]:
        """The tokens that may come next, in help order."""
        return [
            c for c in self.node.children
            if not (c.kind == "option" and c.name in self.used_options)
        ]


class CommandParser:
    def __init__(self, root: Node, unknown_first_word: str = UNKNOWN_COMMAND):
        self.root = root
        self.unknown_first_word = unknown_first_word

    def match(self, words: list[str]) -> Match:
        """Walk the words down the tree; raise CommandError on the first bad one."""
        state = Match(self.root)
        for position, word in enumerate(words):
            node = self._step(state, word)
            if node is None:
                raise CommandError(self._error(state, word, position))
            if node.kind == "value":
                state.args[node.name] = word
            else:
                state.keywords.append(word)
                if node.kind == "option":
                    state.used_options.add(node.name)
            # an option's chain ends by returning to its command
            state.node = node.owner if (node.owner and not node.children) else node
        return state

    def parse(self, words: list[str]) -> Match:
        """Match a whole command: it must end where a handler is."""
        if not words:
            raise CommandError(INVALID_SYNTAX)
        state = self.match(words)
        if not state.complete:
            raise CommandError(INVALID_SYNTAX)
        return state

    @staticmethod
    def _step(state: Match, word: str) -> Node | None:
        for child in state.candidates():
            if child.kind != "value" and child.name == word:
                return child
        for child in state.candidates():
            if child.kind == "value" and child.vtype.check(word) is None:
                return child
        return None

    def _error(self, state: Match, word: str, position: int) -> str:
        if position == 0:
            return self.unknown_first_word.format(word=word)
        values = [c for c in state.candidates() if c.kind == "value"]
        if values and not any(c.kind != "value" and c.name == word for c in state.candidates()):
            problem = values[0].vtype.check(word)
            return f"{values[0].name}: {problem}\n{INVALID_SYNTAX}"
        return INVALID_SYNTAX

    def completions(self, words: list[str], prefix: str) -> list[str]:
        """The words that may come next and start with prefix (choices expanded)."""
        try:
            state = self.match(words)
        except CommandError:
            return []
        found = []
        for c in state.candidates():
            names = c.vtype.choices() if c.kind == "value" else [c.name]
            found += [n for n in names if n.startswith(prefix)]
        return found
