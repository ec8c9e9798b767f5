"""The `panshell` command: a CLI session on a lab's device. A process that opens a lab holds it
and serves it to every other panshell on it (its control socket); while another process holds
the lab, this one attaches to that process's pair instead."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .backend.lab import Lab, LabError
from .backend.storage import LabBusy
from .scenario import ScenarioError
from .labopen import ArgumentError, add_clock_argument, add_lab_arguments, device_name, lab_directory, make_clock, open_lab


def shell_arguments() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="panshell",
        description="A PAN-OS command line on an emulated high-availability pair of firewalls.",
        epilog="Golden transcripts: panshell transcript check FILE|DIR... [--update],"
        " panshell transcript record FILE [--device NAME] (see docs/transcripts.md)."
        " Lab controls: panshell lab status|fault|import-config (panshell lab -h)."
        " SSH server: panshell serve [--lab DIR|--ephemeral] [--host H] [--port P].",
    )
    parser.add_argument("--device", help="the firewall to log in to (default: the lab's first, fw1)")
    where = add_lab_arguments(parser)
    where.add_argument("--scenario", metavar="NAME", help="a throwaway pair broken as a scenario says (panshell scenario list)")
    parser.add_argument("--scenarios", type=Path, metavar="DIR", help="scenario files of your own, besides the built-in ones")
    add_clock_argument(parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "transcript":
        from .transcript import main as transcript_main

        return transcript_main(argv[1:])
    if argv and argv[0] == "lab":
        from .labcmd import main as lab_main

        return lab_main(argv[1:])
    if argv and argv[0] == "scenario":
        from .scenariocmd import main as scenario_main

        return scenario_main(argv[1:])
    if argv and argv[0] == "serve":
        from .server import main as serve_main

        return serve_main(argv[1:])
    args = shell_arguments().parse_args(argv)
    try:
        clock = make_clock(args.clock)
        lab = open_lab(args, clock)
        name = device_name(lab, args.device)
    except LabBusy as busy:
        return _attach(args, busy)
    except (ArgumentError, LabError, ScenarioError) as exc:
        print(f"panshell: {exc}", file=sys.stderr)
        return 2
    try:
        return _run(lab, name)
    except BrokenPipeError:
        # the reader went away (`panshell < cmds | head`): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    finally:
        lab.close()


def _attach(args: argparse.Namespace, busy: LabBusy) -> int:
    from .control import NoAnswer, attach

    if args.clock:
        print(f"panshell: --clock: lab {lab_directory(args)} is held by {busy.holder}, which keeps its clock",
              file=sys.stderr)
        return 2
    try:
        return attach(lab_directory(args), busy.holder, args.device, "admin")
    except NoAnswer as exc:
        print(f"panshell: {exc}", file=sys.stderr)
        return 2


def _run(lab: Lab, name: str) -> int:
    from .session import Session

    session = Session(lab, lab.devices[name])
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    if lab.directory is None:  # nothing to serve: no socket, no event loop
        if interactive:
            from .shell.interactive import run_interactive

            return run_interactive(session)
        from .shell.pipe import run_pipe

        sys.stdin.reconfigure(errors="replace")  # bytes that are not UTF-8 are bad input, not a crash
        return run_pipe(session, sys.stdin, sys.stdout)
    import asyncio

    return asyncio.run(_hold(lab, session, interactive))


async def _hold(lab: Lab, session, interactive: bool) -> int:
    """Run the local session while serving the lab to every other panshell on it."""
    from .control import ControlServer
    from .hub import Hub

    hub = Hub()
    server = ControlServer(lab, hub)
    await server.start()

    def end(message: str) -> None:
        from prompt_toolkit.application import get_app_or_none

        sys.stderr.write(message)
        session.closed = True
        app = get_app_or_none()
        if app is not None and app.is_running:
            app.exit(exception=EOFError())  # the prompt waiting for a line gives up

    live = hub.add(session.device, session.user, "local", end)
    try:
        if not interactive:
            return await _local_pipe(session)
        from .shell.interactive import run_shell

        await run_shell(session)
        if not session.device.powered:  # the session ended with its device: the lab goes on for the others
            await _serve_until_stopped(lab)
        return 0
    finally:
        hub.remove(live)
        await server.close()


async def _serve_until_stopped(lab: Lab) -> None:
    import asyncio
    import signal

    stop, loop = asyncio.Event(), asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    print(f"panshell: still serving lab {lab.directory} to its other sessions; Ctrl-C to stop", file=sys.stderr)
    await stop.wait()


async def _local_pipe(session) -> int:
    import asyncio

    from .shell.pipe import PipeLog

    log, loop, stdin = PipeLog(session), asyncio.get_running_loop(), sys.stdin.fileno()
    while not session.closed:
        data = await loop.run_in_executor(None, os.read, stdin, 65536)
        sys.stdout.write(log.feed(data) if data else log.finish())
        sys.stdout.flush()
        if not data:
            break
    return log.status


if __name__ == "__main__":
    sys.exit(main())
