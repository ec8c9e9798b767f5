"""The one path every change to a candidate takes, whoever makes it (a CLI `set`, an API
`action=set`, a scenario's setup): the config lock is checked first, and the change is logged
in the config log with who made it, from which client and host."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from . import locks
from .device import Device


class EditError(Exception):
    """A change that cannot be made; the message is PAN-OS's (without `Server error : `)."""


@dataclass(frozen=True)
class Editor:
    admin: str
    client: str = "CLI"  # CLI, or Web for the XML API (as PAN-OS's config log names them)
    host: str = ""  # the client's address; empty for a lab session (shown as Console)


def begin(device: Device, editor: Editor) -> None:
    """Before a change: another administrator's config lock stops it, and nothing changes."""
    try:
        locks.check_change(device, editor.admin)
    except locks.LockError as exc:
        raise EditError(str(exc)) from None


def record(device: Device, editor: Editor, when: datetime, command: str, path: str, locations: list,
           before: str = "", after: str = "") -> None:
    """After a change at locations (backend/partial.py): its config log entry, and the change is
    kept for a partial commit by its author (the candidate is due to be saved)."""
    device.record_change(when, locations, admin=editor.admin, command=command, path=path, client=editor.client,
                         host=editor.host, before=before, after=after)
