"""Piped input: each line is echoed after its prompt, then its output, so
stdout reads like a terminal log of a real session."""
from __future__ import annotations

from typing import IO

from ..session import Session, clean_line


def run_pipe(session: Session, stdin: IO[str], stdout: IO[str]) -> int:
    """Run every line of stdin; the exit status is 0 when the last command succeeded."""
    ok = True
    for raw in stdin:
        line = clean_line(raw.rstrip("\r\n"))
        stdout.write(session.prompt() + line + "\n")
        if line.endswith("?"):
            stdout.write(session.help(line[:-1]))
            continue
        result = session.execute(line)
        stdout.write(result.output)
        ok = result.ok
        if session.closed:
            break
    stdout.flush()
    return 0 if ok else 1
