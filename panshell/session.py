"""A CLI session on one device: prompt, mode, settings, and running a line."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cache

from .backend.device import Device
from .backend.lab import Lab
from .commands import Context, load_handlers
from .grammarfile import GrammarError, load_grammar
from .parser import INVALID_SYNTAX, CommandError, CommandParser, tokenize, split_pipes
from .render.help import help_entries, render_help

_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


@dataclass
class CliSettings:
    pager: bool = True
    scripting_mode: bool = False
    width: int = 80
    height: int = 24
    config_output_format: str = "default"


@dataclass
class Result:
    output: str
    ok: bool


@cache
def grammars() -> dict[str, CommandParser]:
    """The compiled grammars, checked against the handler table once per process."""
    handlers = load_handlers()
    parsers = {}
    for name in ("operational", "pipe"):
        root = load_grammar(name)
        missing = sorted({n.handler for n in root.walk() if n.handler and n.handler not in handlers})
        if missing:
            raise GrammarError(f"grammar/{name}.grammar names handlers that do not exist: {', '.join(missing)}")
        # a bad word right after `|` is bad syntax, not an unknown command
        parsers[name] = CommandParser(root) if name == "operational" else CommandParser(root, INVALID_SYNTAX)
    return parsers


def clean_line(line: str) -> str:
    """What a terminal's line editor would hand over: no control characters."""
    return _CONTROL.sub("", line.replace("\t", " "))


class Session:
    def __init__(self, lab: Lab, device: Device, user: str = "admin"):
        self.lab = lab
        self.device = device
        self.user = user
        self.settings = CliSettings()
        self.closed = False
        self.handlers = load_handlers()
        self.parsers = grammars()

    @property
    def parser(self) -> CommandParser:
        return self.parsers["operational"]

    def prompt(self) -> str:
        state = f"({self.device.ha_state})" if self.device.ha_state else ""
        return f"{self.user}@{self.device.hostname}{state}> "

    def execute(self, line: str) -> Result:
        """Run one typed line; a failing command changes nothing."""
        try:
            return self._execute(clean_line(line))
        except Exception as exc:  # a bug in one command must not end the session
            if os.environ.get("PANSHELL_DEBUG"):
                raise
            return Result(f"Server error : internal error ({type(exc).__name__}: {exc})\n", False)
        finally:
            self.lab.clock.tick()

    def _execute(self, line: str) -> Result:
        if not line.strip():
            return Result("", True)
        try:
            command, *pipes = split_pipes(line)
            match = self.parser.parse(tokenize(command).words)
            filters = [self._pipe(text) for text in pipes]
            output = self.handlers[match.node.handler](Context(self, match.args, match.keywords)) or ""
        except CommandError as exc:
            return Result(f"{exc}\n", False)
        for pipe_match, pipe_handler in filters:
            output = "".join(line + "\n" for line in pipe_handler(Context(self, pipe_match.args), output.splitlines()))
        return Result(output, True)

    def _pipe(self, text: str):
        """Parse one `| ...` stage; it must be complete."""
        words = tokenize(text).words
        if not words:
            raise CommandError(INVALID_SYNTAX)
        match = self.parsers["pipe"].match(words)
        if not match.complete:
            raise CommandError(INVALID_SYNTAX)
        return match, self.handlers[match.node.handler]

    def _stage(self, line: str) -> tuple[CommandParser, str]:
        """The grammar and text of the part of the line being typed."""
        command, *pipes = split_pipes(clean_line(line))
        return (self.parsers["pipe"], pipes[-1]) if pipes else (self.parser, command)

    def help(self, line: str) -> str:
        """The `?` listing for a partly typed line (the `?` itself not included)."""
        parser, text = self._stage(line)
        typed = tokenize(text, allow_partial=True)
        try:
            match = parser.match(typed.words)
        except CommandError as exc:
            return f"{exc}\n"
        prefix = typed.partial or ""
        return render_help(help_entries(match.candidates(), prefix, match.complete, parser is self.parser))

    def completions(self, line: str) -> list[str]:
        parser, text = self._stage(line)
        typed = tokenize(text, allow_partial=True)
        return parser.completions(typed.words, typed.partial or "")
