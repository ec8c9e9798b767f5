"""Piped input: each line is echoed after its prompt, then its output, so
stdout reads like a terminal log of a real session."""
from __future__ import annotations

from dataclasses import dataclass
from typing import IO

from ..session import Session, clean_line


@dataclass
class Step:
    """One typed line as a terminal log shows it: `prompt + line`, then `output`."""

    prompt: str  # the prompt shown before the line was run
    line: str  # the line as the shell took it (control characters removed)
    output: str
    ok: bool | None  # None for a `?` help request, which does not set the exit status

    @property
    def log(self) -> str:
        return self.prompt + self.line + "\n" + self.output


def run_line(session: Session, raw: str) -> Step:
    """Run one line as the pipe does (a trailing `?` asks for help).

    Shared by the pipe front end, the attached pipe and the transcript runner, so that a
    transcript replays exactly what the piped shell printed.
    """
    line = clean_line(raw)
    prompt = session.prompt()
    if line.endswith("?"):
        return Step(prompt, line, session.help(line[:-1]), None)
    result = session.execute(line)
    return Step(prompt, line, result.output, result.ok)


class PipeLog:
    """A piped session: lines in, the terminal log out; the exit status follows the last command."""

    def __init__(self, session: Session):
        self.session = session
        self.ok = True
        self._partial = b""  # bytes of a line not yet ended

    def feed(self, data: bytes) -> str:
        """Run every line that data completes (none once the session has ended)."""
        *lines, self._partial = (self._partial + data).split(b"\n")
        return self._batch(lines)

    def finish(self) -> str:
        """The input ended: run a last line that had no newline."""
        last, self._partial = self._partial, b""
        return self._batch([last] if last else [])

    def _batch(self, lines: list[bytes]) -> str:
        """Run lines whose log is shown together: the lab is saved once, after the last of them
        and before any is shown, so no change shown as made can be lost."""
        with self.session.saves_deferred():
            log = "".join(self.run(line.decode(errors="replace")) for line in lines if not self.session.closed)
        unsaved = self.session.save()
        if unsaved:
            self.ok = False
        return log + unsaved

    def run(self, raw: str) -> str:
        step = run_line(self.session, raw.rstrip("\r\n"))
        if step.ok is not None:
            self.ok = step.ok
        return step.log

    @property
    def status(self) -> int:
        return 0 if self.ok else 1


def run_pipe(session: Session, stdin: IO[str], stdout: IO[str]) -> int:
    """Run every line of stdin; the exit status is 0 when the last command succeeded."""
    log = PipeLog(session)
    for raw in stdin:
        stdout.write(log.run(raw))
        if session.closed:
            break
    stdout.flush()
    return log.status
