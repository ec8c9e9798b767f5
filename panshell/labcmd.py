"""`panshell lab ...`: panshell's own lab controls (not PAN-OS commands).

Each acts on the live pair when another process holds the lab (through its control socket);
on a lab nobody holds it opens the lab itself, acts, saves and exits."""
from __future__ import annotations

import argparse
import base64
import json
import sys
from pathlib import Path

from .backend.ha.faults import FaultError
from .backend.lab import LAB_FILE, Lab, LabError
from .backend.storage import LabBusy
from .labopen import add_lab_arguments, lab_directory
from .scenario import ScenarioError


def arguments() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="panshell lab", description="Lab controls (panshell's own, not PAN-OS's).")
    sub = parser.add_subparsers(dest="action", required=True, metavar="status|fault|import-config|reset|check")
    status = sub.add_parser("status", help="both devices at a glance: HA, links, ports, sync, jobs, sessions")
    add_lab_arguments(status, ephemeral=False)
    status.add_argument("--json", action="store_true", help="the same as JSON, for scripts")
    fault = sub.add_parser("fault", help="break or mend the pair: ha1 down, fw2 power off, fw1 port ethernet1/3 down...",
                           description="Faults: ha1|ha1-backup|ha2 down|up; DEVICE port INTERFACE down|up;"
                           " DEVICE path ADDRESS down|up; DEVICE power off|on.")
    add_lab_arguments(fault, ephemeral=False)
    fault.add_argument("words", nargs="+", metavar="FAULT")
    imp = sub.add_parser("import-config", help="load an exported PAN-OS XML config as a device's running config")
    add_lab_arguments(imp, ephemeral=False)
    imp.add_argument("--device", required=True)
    imp.add_argument("file", type=Path)
    reset = sub.add_parser("reset", help="start the lab over, broken as a scenario says (panshell scenario list)")
    add_lab_arguments(reset, ephemeral=False)
    reset.add_argument("--scenario", required=True, metavar="NAME")
    reset.add_argument("--scenarios", type=Path, metavar="DIR", help="scenario files of your own, besides the built-in ones")
    check = sub.add_parser("check", help="is the lab's scenario fixed? its goals, met or not (exit 0 when all are)")
    add_lab_arguments(check, ephemeral=False)
    check.add_argument("--json", action="store_true", help="the same as JSON, for graders")
    return parser


def _request(args: argparse.Namespace) -> dict:
    if args.action == "status":
        return {"op": "status"}
    if args.action == "fault":
        return {"op": "fault", "words": args.words}
    if args.action == "check":
        return {"op": "check"}
    if args.action == "reset":
        from .scenario import find

        return {"op": "reset", "scenario": str(find(args.scenario, args.scenarios).path)}
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        raise LabError(f"cannot read {args.file}: {exc.strerror}") from None
    return {"op": "import-config", "device": args.device, "data": base64.b64encode(data).decode()}


def _run(directory: Path, hello: dict, create: bool) -> dict:
    """The request's reply: from the lab's holder, or from this process holding the lab meanwhile."""
    from . import labops

    if not create and not directory.is_dir():
        raise LabError(f"no lab at {directory}")
    if not create and not (directory / LAB_FILE).is_file():
        raise LabError(f"{directory} is not a lab (no {LAB_FILE})")
    try:
        lab = Lab.open(directory)
    except LabBusy as busy:
        from .control import NoAnswer, request

        try:
            return request(directory, busy.holder, hello)
        except NoAnswer as exc:
            raise LabError(str(exc)) from None
    try:
        from .control import socket_path

        socket_path(directory).unlink(missing_ok=True)  # we hold the lab: a socket left here is a dead holder's
        return labops.request(lab, None, hello)
    finally:
        lab.close()


def main(argv: list[str]) -> int:
    args = arguments().parse_args(argv)
    directory = lab_directory(args)
    try:
        reply = _run(directory, _request(args), create=args.action in ("import-config", "reset"))
    except (LabError, FaultError, ScenarioError) as exc:
        print(f"panshell: {exc}", file=sys.stderr)
        return 2
    if reply["status"] != 0:
        where = f"{args.file}: " if args.action == "import-config" else ""
        print(f"panshell: {where}{reply['output']}", file=sys.stderr)
        return reply["status"]
    if args.action in ("status", "check"):
        if args.json:
            print(json.dumps(reply["data"], indent=2))
        else:
            from . import labstatus

            (labstatus.show if args.action == "status" else labstatus.show_goals)(reply["data"])
        return 0 if args.action == "status" or reply["data"]["fixed"] else 1
    elif args.action == "import-config":
        print(f"imported {args.file} as the running configuration of {args.device} (hostname {reply['output']})")
    else:
        print(reply["output"])
    return 0
