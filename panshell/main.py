"""The `panshell` command."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .backend.clock import Clock, FixedClock, parse_clock_start
from .backend.lab import DEVICE_NAMES, Lab, LabError, default_lab_dir
from .backend.storage import LabBusy


def make_clock(text: str | None) -> Clock:
    text = text or os.environ.get("PANSHELL_CLOCK")
    return FixedClock(parse_clock_start(text)) if text else Clock()


def shell_arguments() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="panshell",
        description="A PAN-OS command line on an emulated high-availability pair of firewalls.",
        epilog="Golden transcripts: panshell transcript check FILE|DIR... [--update],"
        " panshell transcript record FILE [--device fw1|fw2] (see docs/transcripts.md)."
        " Lab controls: panshell lab import-config --device fw1|fw2 FILE."
        " SSH server: panshell serve [--lab DIR|--ephemeral] [--host H] [--port P].",
    )
    parser.add_argument("--device", choices=DEVICE_NAMES, default="fw1", help="the firewall to log in to (default fw1)")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--lab", type=Path, help="lab directory (default $PANSHELL_LAB or the user data dir)")
    where.add_argument("--ephemeral", action="store_true", help="a throwaway in-memory pair")
    parser.add_argument(
        "--clock",
        metavar="ISO-TIME",
        help="fix the clock at this start (e.g. 2026-01-01T00:00:00Z), advancing one second per command;"
        " also $PANSHELL_CLOCK",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "transcript":
        from .transcript import main as transcript_main

        return transcript_main(argv[1:])
    if argv and argv[0] == "lab":
        from .labcmd import main as lab_main

        return lab_main(argv[1:])
    if argv and argv[0] == "serve":
        from .server import main as serve_main

        return serve_main(argv[1:])
    args = shell_arguments().parse_args(argv)
    try:
        clock = make_clock(args.clock)
    except ValueError:
        print(f"panshell: --clock: not an ISO-8601 time: {args.clock or os.environ.get('PANSHELL_CLOCK')}", file=sys.stderr)
        return 2
    try:
        lab = Lab.ephemeral(clock) if args.ephemeral else Lab.open(args.lab or default_lab_dir(), clock)
    except (LabError, LabBusy) as exc:
        print(f"panshell: {exc}", file=sys.stderr)
        return 2
    from .session import Session

    try:
        session = Session(lab, lab.devices[args.device])
        if sys.stdin.isatty() and sys.stdout.isatty():
            from .shell.interactive import run_interactive

            return run_interactive(session)
        from .shell.pipe import run_pipe

        sys.stdin.reconfigure(errors="replace")  # bytes that are not UTF-8 are bad input, not a crash
        return run_pipe(session, sys.stdin, sys.stdout)
    except BrokenPipeError:
        # the reader went away (`panshell < cmds | head`): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    finally:
        lab.close()


if __name__ == "__main__":
    sys.exit(main())
