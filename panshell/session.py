"""A CLI session on one device: prompt, mode, settings, and running a line."""
from __future__ import annotations

import os
import re
import time
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache

from .backend import schema
from .backend.configtree import PathError, find_target
from .backend.device import Device
from .backend.edits import Editor
from .backend.lab import Lab
from .commands import WAITING, Context, Failed, Question, load_handlers
from .grammarfile import GrammarError, compiled
from .parser import INVALID_SYNTAX, CommandError, CommandParser, Match, split_pipes, tokenize
from .render.config import quote
from .render.help import help_entries, render_help
from .render.views import View

_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")

SCHEMA = "config-schema"


@dataclass
class CliSettings:
    pager: bool = True
    scripting_mode: bool = False
    width: int = 80
    height: int = 24
    height_set: bool = False  # `set cli terminal height` was given: the pager uses it, not the window's size
    config_output_format: str = "default"


@dataclass
class Result:
    output: str
    ok: bool
    view: object = None  # what the handler returned, before its text: a View, or text


@cache
def grammars() -> dict[str, CommandParser]:
    """The compiled grammars, checked against the handler table once per process."""
    handlers = load_handlers()
    trees = compiled()  # a new config-*.grammar file is all a new subtree needs
    for name, root in trees.items():
        missing = sorted({n.handler for n in root.walk() if n.handler and n.handler not in handlers})
        if missing:
            raise GrammarError(f"grammar/{name}.grammar names handlers that do not exist: {', '.join(missing)}")
    return {
        "op": CommandParser(trees["operational"]),
        "config": CommandParser(trees["configure"]),
        # a bad word right after `|` is bad syntax, not an unknown command
        "pipe": CommandParser(trees["pipe"], INVALID_SYNTAX),
    }


@cache
def path_commands() -> frozenset[str]:
    """Configure-mode commands that take a configuration path (relative to `edit`)."""
    root = grammars()["config"].root
    return frozenset(c.name for c in root.children if any(i.kind == "include" and i.name == SCHEMA for i in c.children))


QUICK_LIMIT = 0.02  # CPU seconds: a command that once took longer is not run on a front end's event loop again
_SLOW: set[str] = set()  # the handlers seen to take longer, in this process


def powered_off(device: Device) -> str:
    """What a session on a device that was powered off or restarted under it is told (panshell's words)."""
    return f"panshell: {device.name} {'restarted' if device.powered else 'is powered off'}; the session is closed\n"


def clean_line(line: str) -> str:
    """What a terminal's line editor would hand over: no control characters."""
    return line if line.isprintable() else _CONTROL.sub("", line.replace("\t", " "))


class Session:
    def __init__(self, lab: Lab, device: Device, user: str = "admin", client: str = "CLI", host: str = ""):
        self.lab = lab
        self.device = device
        self.user = user
        self.editor = Editor(user, client, host)  # who this session's changes are logged as
        self.settings = CliSettings()
        self.closed = False
        self.started = lab.clock.now()  # when it logged in (`show admins`)
        self.power_on = device.power_ons  # a session lasts until its device goes dark
        self.overwrites_seen = len(device.overwrites)  # HA-Syncs that discarded changes, told so far
        self.question: Question | None = None  # asked by the last command, answered by the next line
        self._parsed: tuple[str, list[str], Match] | None = None  # quick()'s parse (mode, words, match)
        self.mode = "op"  # or "config"
        self.edit_path: list[str] = []  # the `edit` level, as typed words
        self.handlers = load_handlers()
        self.parsers = grammars()
        self._saves_deferred = False

    @contextmanager
    def saves_deferred(self):
        """This session's commands leave saving the lab to the caller (other sessions' still
        save it, this one's changes too): for a batch of lines whose output is shown together
        once the last has run, saved first (`save`)."""
        self._saves_deferred = True
        try:
            yield
        finally:
            self._saves_deferred = False

    def save(self) -> str:
        """Persist the lab: "" once saved, else what the session is told (what changed stays in
        memory, to be saved next time)."""
        with self.lab.guard:
            try:
                self.lab.persist()
            except OSError as exc:
                return f"Server error : the lab cannot be saved ({exc})\n"
        return ""

    @property
    def parser(self) -> CommandParser:
        return self.parsers[self.mode]

    def prompt(self) -> str:
        if self.question:
            return self.question.prompt
        state = f"({self.device.ha_state})" if self.device.ha_state else ""
        return f"{self.user}@{self.device.hostname}{state}{'#' if self.mode == 'config' else '>'} "

    def context_line(self) -> str:
        """`[edit]` (or `[edit <path>]`): printed before every configure-mode prompt."""
        return "[edit" + "".join(" " + quote(w) for w in self.edit_path) + "]\n"

    def execute(self, line: str) -> Result:
        """Run one typed line; a failing command changes nothing. What it changed is saved
        before its output is shown."""
        with self.lab.guard:  # front ends may run sessions in threads: one at a time on the lab
            return self._run(line)

    def _run(self, line: str) -> Result:
        if not self.device.powered or self.device.power_ons != self.power_on:
            self.closed = True
            return Result(powered_off(self.device), False)
        self.lab.tick()
        try:
            result = self._execute(clean_line(line))
        except Exception as exc:  # a bug in one command must not end the session
            if os.environ.get("PANSHELL_DEBUG"):
                raise
            result = Result(f"Server error : internal error ({type(exc).__name__}: {exc})\n", False)
        finally:
            self.lab.clock.tick()
            self.lab.tick()
        unsaved = "" if self._saves_deferred else self.save()
        if unsaved:
            result = Result(result.output + unsaved, False)
        if self.mode == "config" and not (self.closed or self.question):
            result.output += self.context_line()
        result.output = self._overwrite_notices() + result.output
        return result

    def quick(self, line: str) -> bool:
        """Whether line may run on a front end's event loop: not if it may let go of the lab to
        wait (a commit: commands/handler's waits), nor if its command once took more CPU than
        QUICK_LIMIT (a big config or rulebase shown), nor if it answers a question (what that
        runs is not known here); a line that does not parse is quick."""
        if self.question is not None:
            return False
        try:
            words = self.with_edit_path(tokenize(split_pipes(clean_line(line))[0]).words)
            match = self.parser.parse(words)
        except CommandError:
            return True
        self._parsed = self.mode, words, match  # the line runs next: _execute need not parse it again
        return match.handler not in WAITING and match.handler not in _SLOW

    def _overwrite_notices(self) -> str:
        """An HA-Sync from the peer discarded this user's uncommitted changes: said once, before
        the next command's output (panshell's words: PAN-OS's own notice, if any, is not public)."""
        if len(self.device.overwrites) == self.overwrites_seen:
            return ""  # the common case, after every command
        new = self.device.overwrites[self.overwrites_seen:]
        self.overwrites_seen = len(self.device.overwrites)
        return "".join(f"Warning: HA-Sync job {job} from the peer replaced the candidate configuration; "
                       f"your uncommitted changes were discarded\n" for job, admins in new if self.user in admins)

    def _execute(self, line: str) -> Result:
        question, self.question = self.question, None
        if not (line.strip() or question):
            return Result("", True)
        try:
            if question:
                view = question.on_answer(line)
                return Result(view.text() if isinstance(view, View) else view, not isinstance(view, Failed), view)
            command, *pipes = split_pipes(line)
            words = self.with_edit_path(tokenize(command).words)
            parsed, self._parsed = self._parsed, None
            match = parsed[2] if parsed is not None and parsed[:2] == (self.mode, words) else self.parser.parse(words)
            filters = [self._pipe(text) for text in pipes]
            context = Context(self, match.args, match.keywords, match.schema_steps)
            started = time.thread_time()  # CPU, not wall time: waiting for the interpreter lock or a core is not the command's
            view = self.handlers[match.handler](context) or ""
        except CommandError as exc:
            return Result(f"{exc}\n", False)
        output = view.text() if isinstance(view, View) else view
        if time.thread_time() - started > QUICK_LIMIT:
            _SLOW.add(match.handler)
        for pipe_match, pipe_handler in filters:
            output = "".join(line + "\n" for line in pipe_handler(Context(self, pipe_match.args), output.splitlines()))
        return Result(output, not isinstance(view, Failed), view)

    def with_edit_path(self, words: list[str]) -> list[str]:
        """Path commands at an edit level: the level's words go in front of the typed path."""
        if self.mode == "config" and self.edit_path and words and words[0] in path_commands():
            return [words[0], *self.edit_path, *words[1:]]
        return words

    def _pipe(self, text: str) -> tuple[Match, object]:
        """Parse one `| ...` stage; it must be complete."""
        match = self.parsers["pipe"].parse(tokenize(text).words)
        return match, self.handlers[match.handler]

    def _stage(self, line: str) -> tuple[CommandParser, list[str], str | None]:
        """The grammar, complete words and partial word of the part of the line being typed."""
        command, *pipes = split_pipes(clean_line(line))
        if pipes:
            typed = tokenize(pipes[-1], allow_partial=True)
            return self.parsers["pipe"], typed.words, typed.partial
        typed = tokenize(command, allow_partial=True)
        return self.parser, self.with_edit_path(typed.words), typed.partial

    def help(self, line: str) -> str:
        """The `?` listing for a partly typed line (the `?` itself not included)."""
        if self.question:
            return ""
        parser, words, partial = self._stage(line)
        try:
            match = parser.match(words)
        except CommandError as exc:
            return f"{exc}\n"
        candidates = [c for c in match.candidates() if words or self.fits_edit_level(c.name)]
        existing = {c: self.existing_names(match, c) for c in candidates if c.kind == "value"}
        return render_help(help_entries(candidates, partial or "", match.complete, parser is not self.parsers["pipe"],
                                        {node: names for node, names in existing.items() if names}))

    def completions(self, line: str) -> list[str]:
        if self.question:
            return []
        parser, words, partial = self._stage(line)
        found = parser.completions(words, partial or "", self.existing_names)
        return found if words else [w for w in found if self.fits_edit_level(w)]

    def fits_edit_level(self, command: str) -> bool:
        """Whether a command may start here: a path command continues the edit level's path,
        which must fit it (`rename` wants a path to an entry)."""
        if not (self.edit_path and command in path_commands()):
            return True
        try:
            self.parser.match(self.with_edit_path([command]))
        except CommandError:
            return False
        return True

    def existing_names(self, match: Match, node) -> list[str]:
        """What a configure-mode value may name, from the candidate: the entries of the list
        being typed (`set address <Tab>`), or what a reference may refer to (`from <Tab>`)."""
        if self.mode != "config" or not match.in_schema:
            return []
        config = self.device.candidate
        if "ref" in node.notes:
            names = set().union(*(schema.names(config, kind) for kind in node.notes["ref"].split("|")))
            literals = [w for w in node.notes.get("literals", "").split("|") if w and w != "ip"]
            return sorted(names) + literals
        if node.name == "name":
            try:
                target = find_target(config, match.schema_steps)
            except PathError:
                return []
            return [] if target.element is None else [e.get("name") for e in target.element.iterfind("entry")]
        return []
