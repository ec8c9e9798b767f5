"""Opening a lab from panshell's command line: the --lab/--ephemeral/--clock arguments, and
what to do when another process holds the lab (attach to it through its control socket)."""
from __future__ import annotations

import argparse
import os
from pathlib import Path

from .backend.clock import Clock, FixedClock, parse_clock_start
from .backend.lab import Lab, default_lab_dir


class ArgumentError(Exception):
    """A command-line value that cannot be used; the message says why."""


def add_lab_arguments(parser: argparse.ArgumentParser, ephemeral: bool = True):
    """--lab (and --ephemeral); the group, for other ways to pick a lab."""
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--lab", type=Path, help="lab directory (default $PANSHELL_LAB or the user data dir)")
    if ephemeral:
        where.add_argument("--ephemeral", action="store_true", help="a throwaway in-memory pair")
    return where


def add_clock_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--clock", metavar="ISO-TIME",
        help="set the lab clock to this time (e.g. 2026-01-01T00:00:00Z), then one second per command;"
        " also $PANSHELL_CLOCK (a lab keeps its clock between runs)",
    )


def make_clock(text: str | None) -> FixedClock | None:
    """The fixed clock asked for (--clock, else $PANSHELL_CLOCK), or None: the lab's own."""
    text = text or os.environ.get("PANSHELL_CLOCK")
    if not text:
        return None
    try:
        return FixedClock(parse_clock_start(text))
    except ValueError as exc:
        raise ArgumentError(f"--clock: {exc}") from None


def lab_directory(args: argparse.Namespace) -> Path:
    return args.lab or default_lab_dir()


def open_lab(args: argparse.Namespace, clock: Clock | None) -> Lab:
    """The lab the arguments name, held by this process (LabBusy when another holds it)."""
    if getattr(args, "scenario", None):
        from .scenario import ephemeral, find

        return ephemeral(find(args.scenario, args.scenarios), clock or Clock())
    if getattr(args, "ephemeral", False):
        return Lab.ephemeral(clock or Clock())
    return Lab.open(lab_directory(args), clock)


def device_name(lab: Lab, wanted: str | None) -> str:
    if wanted is None:
        return next(iter(lab.devices))
    if wanted not in lab.devices:
        raise ArgumentError(f"--device: the lab has no device {wanted} (devices: {', '.join(lab.devices)})")
    return wanted
