"""Configuration and commit locks, per device, held by an administrator (not a session).

A config lock stops other administrators from changing the candidate; a commit
lock stops them from committing. A commit by the holder releases its config
lock, as on PAN-OS.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

KINDS = ("config", "commit")


@dataclass
class Lock:
    admin: str
    comment: str
    created: datetime


class LockError(Exception):
    """What the CLI prints when a lock is in the way (inferred text)."""


def holder(device, kind: str, admin: str) -> Lock | None:
    """The lock of this kind that another administrator holds, if any."""
    lock = device.locks.get(kind)
    return lock if lock is not None and lock.admin != admin else None


def check_change(device, admin: str) -> None:
    lock = holder(device, "config", admin)
    if lock:
        raise LockError(f"Config is locked by {lock.admin}")


def check_commit(device, admin: str) -> None:
    for kind in KINDS:
        lock = holder(device, kind, admin)
        if lock:
            raise LockError(f"{kind.capitalize()} is locked by {lock.admin}")


def add(device, kind: str, admin: str, comment: str, now: datetime) -> None:
    lock = device.locks.get(kind)
    if lock is not None:
        raise LockError(f"{kind.capitalize()} is already locked by {lock.admin}")
    device.locks[kind] = Lock(admin, comment, now)


def remove(device, kind: str, admin: str) -> None:
    lock = device.locks.get(kind)
    if lock is None:
        raise LockError(f"No {kind} lock is held")
    if lock.admin != admin:
        raise LockError(f"{kind.capitalize()} is locked by {lock.admin}")
    del device.locks[kind]
