"""Golden transcripts: terminal logs of a panshell session that replay as tests.

A transcript is what the piped shell prints — a prompt and a command on one
line, then that command's output, then the next prompt:

    # What this transcript teaches (comments sit right before a prompt line).
    #! clock 2026-11-25T00:00:00Z
    admin@fw1(active)> show clock

    Wed Nov 25 00:00:00 UTC 2026

    #! clock advance 1h
    admin@fw2(passive)> show clock

    Wed Nov 25 01:00:01 UTC 2026

The hostname in a prompt picks the device; each device keeps one session for
the whole file. `#!` lines are panshell's own: the header (`#! lab NAME`,
`#! clock ISO-TIME`, before the first prompt) and directives
(`#! clock advance 5m`, right before any prompt). An expected output line
ending in ` (re)` is a regular expression that must match the whole actual
line. docs/transcripts.md describes the format in full.

This module holds the parser, the replay engine, the diff report, the
`--update` rewriter and the recorder behind `panshell transcript check|record`.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

from .backend.clock import FixedClock, parse_clock_start, parse_duration
from .backend.ha import faults
from . import scenario
from .backend.lab import Lab, default_device_names

DEFAULT_CLOCK = "2026-01-01T00:00:00Z"
DEFAULT_LAB = "default"

def lab_names() -> list[str]:
    """What a header may name with `#! lab NAME`: the default pair, or a built-in scenario."""
    return [DEFAULT_LAB, *scenario.available()]


def new_lab(name: str, clock: FixedClock) -> Lab:
    return Lab.ephemeral(clock) if name == DEFAULT_LAB else scenario.ephemeral(scenario.find(name), clock)

# `user@hostname(ha-state)> command`: `>` in operational mode, `#` in configure
# mode; the HA state is absent while HA is disabled. The space after the mode
# character may be missing when the command is empty (editors strip it).
# A command's question (`Do you want to continue? (y or n) y`, `Enter password   : x`)
# is a prompt too: its answer runs on the device of the command before.
PROMPT_RE = re.compile(
    r"(?:(?P<prompt>(?P<user>[\w.-]+)@(?P<host>[\w.-]+)(?:\((?P<state>[^()\s]*)\))?(?P<mode>[>#]))"
    r"|(?P<question>.*\(y or n\)|(?:Enter|Confirm) password *:))"
    r"(?: (?P<command>.*))?\Z"
)
REGEX_SUFFIX = " (re)"
DIRECTIVE_PREFIX = "#!"
MAX_SHOWN = 10  # differing commands shown per file


class TranscriptError(Exception):
    """A transcript that cannot be run; str() names the file and line."""

    def __init__(self, path: str | Path, line: int | None, message: str):
        self.path = str(path)
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


# -- the format -------------------------------------------------------------


@dataclass
class Directive:
    line: int
    text: str
    action: Callable[[Lab], None]  # what the directive does to the lab

    def apply(self, lab: Lab) -> None:
        self.action(lab)



@dataclass
class Command:
    lead: list[str]  # lines before the prompt line, verbatim: comments, directives (the header for the first)
    directives: list[Directive]
    line: int  # 1-based line number of the prompt line
    prompt_line: str
    prompt: str  # e.g. `admin@fw1(active)>`
    host: str
    command: str
    output: list[str]  # the expected output lines

    @property
    def output_line(self) -> int:
        """The file line number of the first expected output line."""
        return self.line + 1


@dataclass
class Transcript:
    path: str
    lab: str
    clock: datetime
    commands: list[Command]

    def render(self, outputs: list[tuple[str, list[str]]] | None = None) -> str:
        """The file's text; with outputs, (prompt line, output lines) replace each command's."""
        lines: list[str] = []
        for index, command in enumerate(self.commands):
            prompt_line, output = outputs[index] if outputs else (command.prompt_line, command.output)
            lines += command.lead
            lines.append(prompt_line)
            lines += output
        return "".join(line + "\n" for line in lines)


def split_lines(text: str) -> list[str]:
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


@lru_cache(maxsize=4096)
def _expected_regex(line: str) -> re.Pattern | None:
    return re.compile(line[: -len(REGEX_SUFFIX)]) if line.endswith(REGEX_SUFFIX) else None


def parse(text: str, path: str | Path = "<transcript>") -> Transcript:
    """Parse a transcript; a TranscriptError names the file and line of a problem."""
    path = str(path)
    lines = split_lines(text)
    prompts = [i for i, line in enumerate(lines) if PROMPT_RE.match(line)]
    if not prompts:
        raise TranscriptError(
            path, 1 if lines else None,
            "no prompt lines: a transcript needs at least one `user@hostname(state)> command` line",
        )

    # Before the first prompt: the header, comments and blank lines only.
    preamble = lines[: prompts[0]]
    for number, line in enumerate(preamble, 1):
        if line.strip() and not line.startswith("#"):
            raise TranscriptError(
                path, number,
                f"text before the first prompt line: {line!r} (only `#` comments, `#!` header lines and blank"
                " lines may come before the first command)",
            )

    commands: list[Command] = []
    lead, lead_start = preamble, 1
    header: dict[str, tuple[int, str]] = {}
    for k, start in enumerate(prompts):
        end = prompts[k + 1] if k + 1 < len(prompts) else len(lines)
        block = lines[start + 1 : end]
        # A run of `#` lines right before the next prompt is that prompt's lead
        # (comments and directives), not output.
        cut = len(block)
        if end < len(lines):
            while cut > 0 and block[cut - 1].startswith("#"):
                cut -= 1
        output, next_lead = block[:cut], block[cut:]
        for offset, line in enumerate(output):
            number = start + 2 + offset
            if line.startswith(DIRECTIVE_PREFIX):
                raise TranscriptError(
                    path, number,
                    f"directive {line!r} must come right before a prompt line (after the previous output)",
                )
            try:
                _expected_regex(line)
            except re.error as exc:
                raise TranscriptError(path, number, f"bad regular expression in a `(re)` line: {exc}") from None
        directives = _directives(path, lead, lead_start, header if k == 0 else None)
        match = PROMPT_RE.match(lines[start])
        if match["question"] and not commands:
            raise TranscriptError(path, start + 1, "a question's answer needs the command that asked it before it")
        commands.append(
            Command(
                lead=lead,
                directives=directives,
                line=start + 1,
                prompt_line=lines[start],
                prompt=match["prompt"] or match["question"],
                host=match["host"] or commands[-1].host,
                command=match["command"] or "",
                output=output,
            )
        )
        lead, lead_start = next_lead, start + 2 + cut

    clock = parse_clock_start(header.get("clock", (0, DEFAULT_CLOCK))[1])
    return Transcript(path, header.get("lab", (0, DEFAULT_LAB))[1], clock, commands)


def _directives(path: str, lead: list[str], first: int, header: dict | None) -> list[Directive]:
    """Parse the `#!` lines of a lead; header lines are only allowed in the first (header is then given)."""
    found: list[Directive] = []
    for number, line in enumerate(lead, first):
        if not line.startswith(DIRECTIVE_PREFIX):
            continue
        words = line[len(DIRECTIVE_PREFIX) :].split()
        name = words[0] if words else ""
        if name == "clock" and len(words) >= 2 and words[1] == "advance":
            if len(words) != 3:
                raise TranscriptError(path, number, f"malformed directive {line!r}: expected `#! clock advance <N>s|m|h|d`")
            delta = _duration(path, number, words[2])
            found.append(Directive(number, line, lambda lab, delta=delta: lab.advance(delta)))
        elif name == "fault":
            try:
                fault = faults.parse(words[1:], default_device_names())
            except faults.FaultError as exc:
                raise TranscriptError(path, number, f"{line!r}: {exc}") from None
            found.append(Directive(number, line, lambda lab, fault=fault: faults.apply(lab.pair, fault)))
        elif name in ("clock", "lab"):
            what = "ISO-TIME" if name == "clock" else "NAME"
            if len(words) != 2:
                raise TranscriptError(path, number, f"malformed header line {line!r}: expected `#! {name} {what}`")
            if header is None:
                hint = " (to move the clock on, use `#! clock advance <N>s|m|h|d`)" if name == "clock" else ""
                raise TranscriptError(
                    path, number, f"header line {line!r} must come before the first prompt line{hint}"
                )
            if name in header:
                raise TranscriptError(path, number, f"`#! {name}` is given twice (first at line {header[name][0]})")
            if found:
                raise TranscriptError(path, number, f"header line {line!r} must come before any directive")
            if name == "lab" and words[1] not in lab_names():
                known = ", ".join(lab_names())
                raise TranscriptError(path, number, f"unknown lab {words[1]!r} (known: {known})")
            if name == "clock":
                try:
                    parse_clock_start(words[1])
                except ValueError as exc:
                    raise TranscriptError(path, number, f"`#! clock`: {exc} (e.g. 2026-11-25T00:00:00Z)") from None
            header[name] = (number, words[1])
        else:
            raise TranscriptError(
                path, number,
                f"unknown directive {line!r} (known: `#! lab NAME`, `#! clock ISO-TIME`,"
                " `#! clock advance <N>s|m|h|d`, `#! fault <fault>`)",
            )
    return found


def _duration(path: str, number: int, text: str) -> timedelta:
    try:
        return parse_duration(text)
    except ValueError as exc:
        raise TranscriptError(path, number, str(exc)) from None


# -- replay -----------------------------------------------------------------


@dataclass
class Outcome:
    """One command as replayed."""

    command: Command
    prompt: str  # the actual prompt, without its trailing space
    output: list[str]  # the actual output lines
    shown: list[str]  # expected lines, with `(re)` lines that matched replaced by the actual line
    kept: list[str]  # actual lines, with `(re)` lines that matched kept (what --update writes)

    @property
    def prompt_ok(self) -> bool:
        return self.prompt == self.command.prompt

    @property
    def output_ok(self) -> bool:
        return self.shown == self.output

    @property
    def ok(self) -> bool:
        return self.prompt_ok and self.output_ok

    def updated_prompt_line(self) -> str:
        if self.prompt_ok:
            return self.command.prompt_line
        return f"{self.prompt} {self.command.command}"


@dataclass
class FileResult:
    path: str
    outcomes: list[Outcome] = field(default_factory=list)
    error: TranscriptError | None = None
    updated: bool = False  # --update rewrote the file

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.ok]

    @property
    def passed(self) -> bool:
        return self.error is None and not self.failures

    @property
    def status(self) -> str:
        if self.error is not None:
            return "error"
        if self.updated:
            return "updated"
        return "passed" if self.passed else "failed"


def align(expected: list[str], actual: list[str]) -> tuple[list[str], list[str]]:
    """Pair `(re)` lines with the actual lines they match.

    Returns (shown, kept): shown is expected with each matched `(re)` line
    replaced by its actual line (equal to actual when the output passes);
    kept is actual with each matched line replaced by its `(re)` line.
    """
    if expected == actual:
        return list(expected), list(actual)
    shown, kept = list(expected), list(actual)
    if not any(_expected_regex(line) for line in expected):
        return shown, kept
    matcher = SequenceMatcher(None, expected, actual, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag not in ("replace", "delete"):
            continue
        j = j1
        for i in range(i1, i2):
            pattern = _expected_regex(expected[i])
            if pattern is None:
                continue
            for candidate in range(j, j2):
                if pattern.fullmatch(actual[candidate]):
                    shown[i], kept[candidate] = actual[candidate], expected[i]
                    j = candidate + 1
                    break
    return shown, kept


def _device(lab: Lab, path: str, command: Command):
    matches = [d for d in lab.devices.values() if d.hostname == command.host]
    if len(matches) == 1:
        return matches[0]
    hostnames = ", ".join(d.hostname for d in lab.devices.values())
    if not matches:
        raise TranscriptError(
            path, command.line, f"no device has hostname {command.host!r} (the lab's hostnames now: {hostnames})"
        )
    raise TranscriptError(path, command.line, f"more than one device has hostname {command.host!r}")


def replay(transcript: Transcript) -> list[Outcome]:
    """Run a parsed transcript on a fresh ephemeral lab; one Outcome per command."""
    from .session import Session
    from .shell.pipe import run_line

    try:
        lab = new_lab(transcript.lab, FixedClock(transcript.clock))
    except scenario.ScenarioError as exc:  # its setup cannot run from this clock (past the clock's end)
        raise TranscriptError(transcript.path, None, f"lab {transcript.lab} cannot be set up: {exc}") from None
    sessions: dict[str, Session] = {}
    ended: dict[str, int] = {}
    outcomes: list[Outcome] = []
    try:
        for command in transcript.commands:
            for directive in command.directives:
                try:
                    directive.apply(lab)
                except (faults.FaultError, ValueError) as exc:  # a fault that cannot be, a clock past its end
                    raise TranscriptError(transcript.path, directive.line, f"{directive.text!r}: {exc}") from None
            device = _device(lab, transcript.path, command)
            if device.name in ended:
                raise TranscriptError(
                    transcript.path, command.line,
                    f"the session on {command.host} ended with `exit` at line {ended[device.name]};"
                    " nothing can follow on that device",
                )
            session = sessions.get(device.name)
            if session is None:
                session = sessions[device.name] = Session(lab, device)
            step = run_line(session, command.command)
            actual = split_lines(step.output)
            shown, kept = align(command.output, actual)
            outcome = Outcome(command, step.prompt.rstrip(" "), actual, shown, kept)
            outcomes.append(outcome)
            if session.closed and device.powered and device.power_ons == session.power_on:
                ended[device.name] = command.line
            elif session.closed:  # powered off or restarted under it: a new login once the device is up
                del sessions[device.name]
    finally:
        lab.close()
    return outcomes


def check_file(path: str | Path, update: bool = False, name: str | Path | None = None) -> FileResult:
    """Replay one transcript file; with update, rewrite its expected output when it differs.

    Reports call the file `name` (default: path as given).
    """
    name = str(name or path)
    result = FileResult(name)
    try:
        text = _read(path, name)
        transcript = parse(text, name)
        result.outcomes = replay(transcript)
    except TranscriptError as exc:
        result.error = exc
        return result
    except Exception as exc:  # a bug in panshell: report it, keep checking other files
        line = result.outcomes[-1].command.line if result.outcomes else None
        if os.environ.get("PANSHELL_DEBUG"):
            raise
        result.error = TranscriptError(name, line, f"internal error: {type(exc).__name__}: {exc}")
        return result
    if update and result.failures:
        new = transcript.render([(o.updated_prompt_line(), o.kept) for o in result.outcomes])
        problem = _reads_back(new, name, result.outcomes)
        if problem:
            result.error = problem
            return result
        if new != text:
            _write(Path(path), new)
        result.updated = True
    return result


def _reads_back(text: str, name: str, outcomes: list[Outcome]) -> TranscriptError | None:
    """Why the updated text would not parse back into the same commands and outputs (None when it does)."""
    line = None
    try:
        commands = parse(text, name).commands
    except TranscriptError as exc:
        # exc.line counts lines of the new text: find the command whose output holds it
        commands, end = [], 0
        for outcome in outcomes:
            end += len(outcome.command.lead) + 1 + len(outcome.kept)
            if exc.line is None or exc.line <= end:
                line = outcome.command.line
                break
    for outcome, again in zip(outcomes, commands):
        if again.output != outcome.kept:
            line = outcome.command.line
            break
    if line is None and len(commands) == len(outcomes):
        return None
    return TranscriptError(
        name, line,
        "--update cannot write this command's output unambiguously (an output line looks like a prompt,"
        " a comment right before a prompt, or a `#!` directive); the file is left as it was",
    )


def _read(path: str | Path, name: str) -> str:
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except UnicodeDecodeError as exc:
        raise TranscriptError(name, None, f"not UTF-8 text: {exc.reason} at byte {exc.start}") from None
    except OSError as exc:
        raise TranscriptError(name, None, f"cannot read: {exc.strerror}") from None


def _write(path: Path, text: str) -> None:
    """Replace path's content atomically."""
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        try:
            os.chmod(temp, path.stat().st_mode & 0o7777)
        except OSError:
            pass
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise


def find_transcripts(paths: Iterable[str | Path]) -> tuple[list[Path], list[TranscriptError]]:
    """The `*.txt` files named, or found under the directories named (sorted)."""
    files: list[Path] = []
    errors: list[TranscriptError] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*.txt") if p.is_file())
            if not found:
                errors.append(TranscriptError(path, None, "no transcripts (*.txt) in this directory"))
            files += found
        elif path.exists():
            files.append(path)
        else:
            errors.append(TranscriptError(path, None, "no such file or directory"))
    unique: dict[Path, Path] = {}
    for path in files:
        unique.setdefault(path.resolve(), path)
    return list(unique.values()), errors


# -- the report -------------------------------------------------------------


def report(result: FileResult):
    """A rich Text saying what went wrong in one file (empty when it passed)."""
    from rich.text import Text

    text = Text()
    if result.error is not None:
        text.append(f"{result.error}\n", style="bold red")
        if not result.failures:
            return text
    failures = result.failures
    if failures:
        text.append(f"FAILED {result.path}", style="bold red")
        text.append(f" (commands that differ: {len(failures)} of {len(result.outcomes)})\n")
    for outcome in failures[:MAX_SHOWN]:
        _report_outcome(text, result.path, outcome)
    if len(failures) > MAX_SHOWN:
        text.append(f"... and {len(failures) - MAX_SHOWN} more commands differ in {result.path}\n", style="bold")
    return text


def _report_outcome(text, path: str, outcome: Outcome) -> None:
    command = outcome.command
    text.append(f"{path}:{command.line}: ", style="bold")
    text.append(f"{command.prompt_line}\n", style="bold cyan")
    if not outcome.prompt_ok:
        text.append("  prompt differs (- expected, + actual):\n")
        text.append(_numbered("-", command.line, command.prompt), style="red")
        text.append(_numbered("+", None, outcome.prompt), style="green")
    if not outcome.output_ok:
        text.append("  output differs (- expected, + actual):\n")
        _diff(text, outcome.shown, outcome.output, command.output_line, command.output)
        removed = [line for line in outcome.shown if line not in outcome.output]
        added = [line for line in outcome.output if line not in outcome.shown]
        if removed and [s.rstrip() for s in removed] == [s.rstrip() for s in added]:
            text.append("  note: the lines differ only in trailing whitespace (does your editor strip it?)\n",
                        style="yellow")


def _diff(text, shown: list[str], actual: list[str], first: int, original: list[str]) -> None:
    """Expected vs actual, numbered by the transcript's own lines, with two lines of context."""
    matcher = SequenceMatcher(None, shown, actual, autojunk=False)
    for number, group in enumerate(matcher.get_grouped_opcodes(2)):
        if number:
            text.append("  ...\n", style="dim")
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                for i in range(i1, i2):
                    text.append(_numbered(" ", first + i, original[i]), style="dim")
                continue
            for i in range(i1, i2):
                text.append(_numbered("-", first + i, original[i]), style="red")
            for j in range(j1, j2):
                text.append(_numbered("+", None, actual[j]), style="green")
    if not shown and not actual:
        return
    if not shown:
        text.append(f"  (no expected output: it would start at line {first})\n", style="dim")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def _numbered(sign: str, number: int | None, line: str) -> str:
    """`  -   12 | text`: a diff line with the transcript's line number (none for actual-only lines)."""
    return f"  {sign}{number or '':>5} |" + (f" {line}" if line else "") + "\n"


def report_text(result: FileResult) -> str:
    """The report as plain text (for pytest)."""
    return report(result).plain


def summary(results: list[FileResult]) -> str:
    passed = sum(r.status == "passed" for r in results)
    failed = sum(r.status in ("failed", "error") for r in results)
    updated = sum(r.status == "updated" for r in results)
    line = f"{passed} passed, {failed} failed"
    return line + (f", {updated} updated" if updated else "")


# -- the command line -------------------------------------------------------


def arguments() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="panshell transcript",
        description="Golden transcripts: replay terminal logs of panshell sessions as tests (docs/transcripts.md).",
    )
    commands = parser.add_subparsers(dest="action", required=True, metavar="check|record")
    check = commands.add_parser("check", help="replay transcripts and compare their output exactly")
    check.add_argument("paths", nargs="+", metavar="FILE|DIR", help="transcript files, or directories of *.txt")
    check.add_argument("--update", action="store_true",
                       help="rewrite expected output (and prompts) in place, keeping comments, header and directives")
    record = commands.add_parser("record", help="open a shell and write the session to FILE as a transcript")
    record.add_argument("file", type=Path, metavar="FILE")
    record.add_argument("--device", choices=default_device_names(), default=default_device_names()[0], help="the firewall to log in to (default fw1)")
    record.add_argument("--clock", metavar="ISO-TIME", default=DEFAULT_CLOCK,
                        help=f"the fixed clock's start, written to the header (default {DEFAULT_CLOCK})")
    return parser


def main(argv: list[str]) -> int:
    args = arguments().parse_args(argv)
    if args.action == "check":
        return run_check(args.paths, update=args.update)
    return run_record(args.file, args.device, args.clock)


def run_check(paths: Iterable[str | Path], update: bool = False, file=None) -> int:
    from rich.console import Console
    from rich.text import Text

    console = Console(file=file or sys.stdout, highlight=False, soft_wrap=True, emoji=False)
    files, errors = find_transcripts(paths)
    results = [FileResult(str(e.path), error=e) for e in errors]
    for error in errors:
        console.print(Text(f"{error}\n", style="bold red"))
    for path in files:
        result = check_file(path, update=update)
        results.append(result)
        if result.status == "updated":
            console.print(Text(f"updated {path} ({_plural(len(result.failures), 'command')})", style="yellow"))
        elif not result.passed:
            console.print(report(result))
    line = summary(results)
    failed = any(r.status in ("failed", "error") for r in results)
    console.print(Text(line, style="bold red" if failed else "bold green"))
    return 1 if failed else 0


# -- the recorder -----------------------------------------------------------


def recording_session(lab: Lab, device, write: Callable[[str], None]):
    """A Session that also hands every prompt + line + output it shows to write."""
    from .session import Session, clean_line

    class RecordingSession(Session):
        def execute(self, line):
            prompt = self.prompt()
            result = super().execute(line)
            write(prompt + clean_line(line) + "\n" + result.output)
            return result

        def help(self, line):
            prompt = self.prompt()
            listing = super().help(line)
            write(prompt + clean_line(line) + "?\n" + listing)
            return listing

    return RecordingSession(lab, device)


def header(clock: str, lab: str = DEFAULT_LAB) -> str:
    return f"#! lab {lab}\n#! clock {clock}\n"


def run_record(file: Path, device: str, clock: str, stdin=None, stdout=None) -> int:
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    try:
        start = parse_clock_start(clock)
    except ValueError as exc:
        print(f"panshell transcript record: --clock: {exc}", file=sys.stderr)
        return 2
    try:
        out = open(file, "w", encoding="utf-8", newline="\n")  # noqa: SIM115 (closed below)
    except OSError as exc:
        print(f"panshell transcript record: cannot write {file}: {exc.strerror}", file=sys.stderr)
        return 2
    with out:
        return _record(out, start, clock, device, stdin, stdout)


def _record(out, start: datetime, clock: str, device: str, stdin, stdout) -> int:
    def write(text: str) -> None:
        out.write(text)
        out.flush()  # the file is complete after each command, even if the shell is killed

    write(header(clock))
    lab = new_lab(DEFAULT_LAB, FixedClock(start))
    try:
        session = recording_session(lab, lab.devices[device], write)
        if stdin.isatty() and stdout.isatty():
            from .shell.interactive import run_interactive

            return run_interactive(session)
        from .shell.pipe import run_pipe

        return run_pipe(session, stdin, stdout)
    finally:
        lab.close()
