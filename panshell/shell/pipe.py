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


def run_line(session: Session, raw: str) -> Step:
    """Run one line as the pipe does (a trailing `?` asks for help).

    Shared by the pipe front end and the transcript runner, so that a
    transcript replays exactly what the piped shell printed.
    """
    line = clean_line(raw)
    prompt = session.prompt()
    if line.endswith("?"):
        return Step(prompt, line, session.help(line[:-1]), None)
    result = session.execute(line)
    return Step(prompt, line, result.output, result.ok)


def run_pipe(session: Session, stdin: IO[str], stdout: IO[str]) -> int:
    """Run every line of stdin; the exit status is 0 when the last command succeeded."""
    ok = True
    for raw in stdin:
        step = run_line(session, raw.rstrip("\r\n"))
        stdout.write(step.prompt + step.line + "\n" + step.output)
        if step.ok is not None:
            ok = step.ok
        if session.closed:
            break
    stdout.flush()
    return 0 if ok else 1
