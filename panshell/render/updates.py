"""Updates: the release tables of `request ... info|check`, the job lines, the restart.

Verbatim from real output: the content table (`request content upgrade info`, a Palo Alto
tutorial), `Download job enqueued with jobid N`, `Software install job enqueued with jobid N.
Run 'show jobs id N' to monitor its status. Please reboot the device after the installation is
done.`, `Content install job enqueued with jobid N` and `The system is going down for reboot
NOW!` (scripts that parse them). Inferred: the software table (the content table's widths
with a `Currently Installed` column), the warnings before `Do you want to continue? (y or n)`,
and the broadcast's first line.
"""
from __future__ import annotations

from datetime import datetime

from ..backend import software
from ..backend.device import Device
from . import ctime, local_time

INSTALL_WARNING = ("Executing this command will install a new version of software. "
                   "It will not take effect until system is restarted.\n")
RESTART_WARNING = "Executing this command will disconnect the current session.\n"
INSTALLED = {"software": "Currently Installed", "content": "Installed", "anti-virus": "Installed"}


def _row(version: str, size: str, released: str, downloaded: str, installed: str, last: int) -> str:
    return f"{version:<18}{size:>8}{released:>25}{downloaded:>11}{installed:>{last}}"


def update_info(device: Device, kind: str) -> str:
    last = len(INSTALLED[kind]) + 2
    header = _row("Version", "Size", "Released on", "Downloaded", INSTALLED[kind], last)
    rows = [_row(r.version, r.size, r.released, "yes" if software.downloaded(device, kind, r.version) else "no",
                 "yes" if r.version == software.current(device, kind) else "no", last)
            for r in software.catalog()[kind]]
    return "\n".join([header, "-" * len(header), *rows]) + "\n"


def enqueued(kind: str, action: str, job: int) -> str:
    if action == "download":
        return f"Download job enqueued with jobid {job}\n"
    if kind == "software":
        return (f"Software install job enqueued with jobid {job}. Run 'show jobs id {job}' to monitor its status. "
                "Please reboot the device after the installation is done.\n")
    return f"Content install job enqueued with jobid {job}\n"


def going_down(device: Device, now: datetime) -> str:
    """The broadcast a restarting device sends its sessions (the wall line is inferred)."""
    return (f"\nBroadcast message from root@{device.hostname} ({ctime(local_time(now, device.timezone))}):\n\n"
            "The system is going down for reboot NOW!\n")
