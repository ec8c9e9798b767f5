"""Match typed words against a grammar tree: one walk serves execution, Tab
completion and `?` help."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

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


ESCAPES = {'"': '"', "\\": "\\", "n": "\n"}


def tokenize(line: str, *, allow_partial: bool = False) -> Words:
    """Split on spaces; double or single quotes group a value with spaces. Inside double
    quotes `\"`, `\\` and `\n` stand for a quote, a backslash and a line break (how the set
    format writes such values; any other backslash is itself, as regexes want)."""
    if '"' not in line and "'" not in line:  # the common case: nothing but words and spaces
        words = line.replace("\t", " ").split(" ")
        partial = words.pop() if allow_partial and words[-1] else None
        return Words([w for w in words if w], partial)
    words: list[str] = []
    current: list[str] = []
    in_word = False
    quote = None
    escaped = False
    for ch in line:
        if escaped:
            current.append(ESCAPES.get(ch, "\\" + ch))
            escaped = False
        elif quote:
            if ch == "\\" and quote == '"':
                escaped = True
            elif ch == quote:
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
    if '"' not in line and "'" not in line:
        return line.split("|")
    parts, current, quote, escaped = [], [], None, False
    for ch in line:
        if escaped:
            escaped = False
        elif quote:
            escaped = ch == "\\" and quote == '"'
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


@dataclass(slots=True)
class Match:
    """Where a walk through the tree ended, and what it bound on the way."""

    node: Node
    args: dict[str, str] = field(default_factory=dict)
    keywords: list[str] = field(default_factory=list)
    used_options: set[str] = field(default_factory=set)
    command: Node | None = None  # the last node passed that has a handler
    steps: list[tuple[Node, str | list[str]]] = field(default_factory=list)  # every token matched, in order
    schema_start: int | None = None  # index in steps where the walk entered an included grammar

    tail: list[Node] = field(default_factory=list)  # what may follow an included path (`to <name>`)
    tail_start: int | None = None  # index in steps of the first tail token

    @property
    def in_schema(self) -> bool:
        return self.schema_start is not None and self.node.grammar != self.steps[self.schema_start - 1][0].grammar

    @property
    def complete(self) -> bool:
        if self.node.handler is not None:
            return True
        # inside an included grammar, the include says where a path may end
        include = self.command
        return bool(
            self.in_schema and include is not None and include.kind == "include"
            and not (include.full_path and self.node.awaits_value)
        )

    @property
    def handler(self) -> str | None:
        return self.node.handler or (self.command.handler if self.command else None)

    @property
    def schema_steps(self) -> list[tuple[Node, str | list[str]]]:
        """The path walked in the included grammar (without a tail such as `to <name>`)."""
        return [] if self.schema_start is None else self.steps[self.schema_start : self.tail_start]

    def candidates(self) -> list[Node]:
        """The tokens that may come next, in help order."""
        found = [
            c for c in self.node.next
            if not (c.kind == "option" and c.name in self.used_options)
        ]
        if self.tail and self.in_schema and self.node.kind == "value":
            found = self.tail + [c for c in found if c.name not in {t.name for t in self.tail}]
        if self.owes_tail:
            found = [c for c in found if c in self.tail or _reaches_entry(c)]
        return found

    @property
    def owes_tail(self) -> bool:
        """rename, copy and move: their path must end on a list entry, where their own words
        (`to <name>`, `top`, ...) follow; a path that reaches none is no command."""
        if self.schema_start is None:
            return self.node.includes_with_tail
        return bool(self.tail) and self.in_schema


_REACHES_ENTRY: dict[Node, bool] = {}


def _reaches_entry(node: Node) -> bool:
    """Whether a walk in a schema that steps onto node can go on down to a list entry (a value
    it stands on: a leaf's value returns to its container, and ends rename's path); worked out at
    once for every node below node (remembered: a grammar does not change)."""
    if node not in _REACHES_ENTRY:
        below, todo, parents = {node}, [node], {}
        while todo:
            current = todo.pop()
            for child in current.next:
                parents.setdefault(child, []).append(current)
                if child not in below and child not in _REACHES_ENTRY:
                    below.add(child)
                    todo.append(child)
        reached = {n for n in below if n.kind == "value" and n.after is n or any(_REACHES_ENTRY.get(c) for c in n.next)}
        todo = list(reached)
        while todo:
            for parent in parents.get(todo.pop(), ()):
                if parent in below and parent not in reached:
                    reached.add(parent)
                    todo.append(parent)
        _REACHES_ENTRY.update((n, n in reached) for n in below)
    return _REACHES_ENTRY[node]


@dataclass(slots=True)
class Shape:
    """A whole command as the walk matched it, its values aside. Another line of the same shape
    (the grammar's words where this one has them, other words where it has values) takes the
    same steps when each of its values fits the value node this line's took there, and none of
    the values the walk tried before it: the walk's choices depend on the nodes taken so far and
    on the word, never on earlier values."""

    walked: Match  # what the walk made of the line (the lists are the shape's own)
    values: list[tuple[int, int, tuple[Node, ...]]]  # each value's (word position, step, values tried before it)

    @classmethod
    def of(cls, walked: Match, tried: list[tuple[Node, ...]]) -> Shape:
        values, position = [], 0
        for index, ((node, word), before) in enumerate(zip(walked.steps, tried)):
            if node.kind == "value":
                values.append((position, index, before))
            position += len(word) + 2 if isinstance(word, list) else 1  # `[ a b ]`: its brackets too
        return cls(_like(walked, dict(walked.args), list(walked.steps)), values)

    def fill(self, words: list[str]) -> Match | None:
        """The match of words, a line of this shape; None if a value does not fit as it must."""
        walked = self.walked
        steps, args = list(walked.steps), {}
        for position, index, before in self.values:
            node, had = steps[index]
            if isinstance(had, list):  # a member list, brackets where the shape has them
                word = words[position + 1 : position + 1 + len(had)]
                if word != had and any(node.vtype.check(member) is not None for member in word):
                    return None
            else:
                word = words[position]
                if word != had and (node.vtype.check(word) is not None
                                    or any(other.vtype.check(word) is None for other in before)):
                    return None
            steps[index] = node, word
            args[node.name] = word
        return _like(walked, args, steps)


def _like(match: Match, args: dict, steps: list) -> Match:
    """A match that ends as match does, with these bindings and steps (and lists of its own)."""
    return Match(match.node, args, list(match.keywords), set(match.used_options), match.command, steps,
                 match.schema_start, list(match.tail), match.tail_start)


SHAPES_KEPT = 4096  # shapes of commands a parser remembers (forgotten all at once when full)


class CommandParser:
    def __init__(self, root: Node, unknown_first_word: str = UNKNOWN_COMMAND):
        self.root = root
        self.unknown_first_word = unknown_first_word
        self._shapes: dict[tuple, Shape] = {}  # by the line's grammar words (None for any other word)

    @cached_property
    def vocabulary(self) -> dict[str, str]:
        """Every word the walk may take by its name (keywords, options, brackets), each its own value."""
        words, seen, todo = {"[": "[", "]": "]"}, {self.root}, [self.root]
        while todo:
            node = todo.pop()
            if node.kind != "value":
                words[node.name] = node.name
            for other in (*node.children, *node.next, *([node.target] if node.target else [])):
                if other not in seen:
                    seen.add(other)
                    todo.append(other)
        return words

    def match(self, words: list[str], tried: list | None = None) -> Match:
        """Walk the words down the tree; raise CommandError on the first bad one. tried, if given,
        gets for each step the values the walk tried before the node it took."""
        state = Match(self.root)
        position = 0
        while position < len(words):
            word = words[position]
            if word == "[":
                node, word, position = self._member_list(state, words, position)
                before = ()
            else:
                node, before = self._step(state, word)
                position += 1
            if node is None:
                raise CommandError(self._error(state, word, position - 1))
            if tried is not None:
                tried.append(before)
            if state.schema_start is None and node.grammar != state.node.grammar and state.node.kind != "root":
                state.schema_start = len(state.steps)
                include = next((c for c in state.node.children if c.kind == "include"), None)
                if include is not None:
                    state.tail = include.children
                    if include.handler:
                        state.command = include
            if state.tail and node in state.tail:
                state.tail, state.tail_start = [], len(state.steps)
            state.steps.append((node, word))
            if node.kind == "value":
                state.args[node.name] = word
            else:
                state.keywords.append(word)
                if node.kind == "option":
                    state.used_options.add(node.name)
            if node.handler:
                state.command = node
            state.node = node.after
        return state

    def _member_list(self, state: Match, words: list[str], position: int):
        """`[ a b c ]`: several members of a member list at once."""
        member = next((c for c in state.candidates() if c.kind == "value" and c.name == "member"), None)
        try:
            end = words.index("]", position)
        except ValueError:
            raise CommandError(INVALID_SYNTAX) from None
        members = words[position + 1 : end]
        if member is None or not members:
            raise CommandError(INVALID_SYNTAX)
        for text in members:
            problem = member.vtype.check(text)
            if problem:
                raise CommandError(f"{self._label(state, member)}: {problem}\n{INVALID_SYNTAX}")
        return member, members, end + 1

    def parse(self, words: list[str]) -> Match:
        """Match a whole command: it must end where a handler is. A line of a shape parsed
        before (Shape) skips the walk: replaying `set` lines repeats a few shapes many times."""
        if not words:
            raise CommandError(INVALID_SYNTAX)
        key = tuple(map(self.vocabulary.get, words))
        shape = self._shapes.get(key)
        found = shape.fill(words) if shape is not None else None
        if found is not None:
            return found
        tried: list[tuple[Node, ...]] = []
        state = self.match(words, tried)
        if not state.complete:
            raise CommandError(INVALID_SYNTAX)
        if len(self._shapes) >= SHAPES_KEPT:
            self._shapes.clear()
        self._shapes[key] = Shape.of(state, tried)
        return state

    @staticmethod
    def _step(state: Match, word: str) -> tuple[Node | None, tuple[Node, ...]]:
        """The next token: a keyword by name first (after a list entry the command's
        own continuation, such as `to`, comes first), else the first value that fits; and the
        values tried before it."""
        if state.tail and state.node.kind == "value" and state.in_schema:
            candidates = state.candidates()
            keywords = [c for c in candidates if c.kind != "value" and c.name == word]
            values = [c for c in candidates if c.kind == "value"]
        else:  # the candidates are the node's next, less the options used: looked up by name
            by_name, values = state.node.next_by_name
            keywords = by_name.get(word, ())
            if state.owes_tail:
                keywords, values = ([c for c in nodes if _reaches_entry(c)] for nodes in (keywords, values))
        for c in keywords:  # loops, not generators: this runs for every word of every command
            if c.kind != "option" or c.name not in state.used_options:
                return c, ()
        for i, c in enumerate(values):
            if c.vtype.check(word) is None:
                return c, tuple(values[:i])
        return None, ()

    def _error(self, state: Match, word: str, position: int) -> str:
        if position == 0:
            return self.unknown_first_word.format(word=word)
        values = [c for c in state.candidates() if c.kind == "value"]
        if values and not any(c.kind != "value" and c.name == word for c in state.candidates()):
            problem = values[0].vtype.check(word)
            return f"{self._label(state, values[0])}: {problem}\n{INVALID_SYNTAX}"
        return INVALID_SYNTAX

    @staticmethod
    def _label(state: Match, value: Node) -> str:
        """What a bad value is called: its name, or in a schema the keyword it belongs to."""
        return state.node.name if value.name in ("name", "value", "member") and state.node.kind == "keyword" else value.name

    def completions(self, words: list[str], prefix: str, existing=None) -> list[str]:
        """The words that may come next and start with prefix (choices expanded, and for a
        value the names existing(match, node) gives: the entries, zones, addresses ... there are)."""
        try:
            state = self.match(words)
        except CommandError:
            return []
        found = []
        for c in state.candidates():
            names = c.vtype.choices() if c.kind == "value" else [c.name]
            if c.kind == "value" and existing is not None:
                names = existing(state, c) + names
            found += [n for n in names if n.startswith(prefix)]
        return found
