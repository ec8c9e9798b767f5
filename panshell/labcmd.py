"""`panshell lab ...`: panshell's own lab controls (not PAN-OS commands)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .backend import ha
from .backend.clock import Clock
from .backend.config import ConfigError, PanConfig
from .backend.lab import DEVICE_NAMES, Lab, LabError, default_lab_dir
from .backend.storage import LabBusy


def import_config(lab: Lab, device_name: str, data: bytes) -> str:
    """Make an exported PAN-OS config a device's running (and candidate) config."""
    config = PanConfig.from_bytes(data)
    device = lab.devices[device_name]
    device.running, device.candidate = config, config.copy()
    lab.save(device)
    ha.start(lab)
    return device.hostname


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="panshell lab", description="Lab controls.")
    sub = parser.add_subparsers(dest="action", required=True)
    imp = sub.add_parser("import-config", help="load an exported PAN-OS XML config as a device's running config")
    imp.add_argument("--device", choices=DEVICE_NAMES, required=True)
    imp.add_argument("--lab", type=Path, help="lab directory (default $PANSHELL_LAB or the user data dir)")
    imp.add_argument("file", type=Path)
    args = parser.parse_args(argv)
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        print(f"panshell: cannot read {args.file}: {exc.strerror}", file=sys.stderr)
        return 2
    try:
        lab = Lab.open(args.lab or default_lab_dir(), Clock())
    except (LabError, LabBusy) as exc:
        print(f"panshell: {exc}", file=sys.stderr)
        return 2
    try:
        hostname = import_config(lab, args.device, data)
    except ConfigError as exc:
        print(f"panshell: {args.file}: {exc}; nothing was changed", file=sys.stderr)
        return 2
    finally:
        lab.close()
    print(f"imported {args.file} as the running configuration of {args.device} (hostname {hostname})")
    return 0
