"""Configuration and commit locks, per device, held by an administrator (not a session).

A config lock stops other administrators from changing the candidate; a commit
lock stops them from committing. A commit by the holder releases its config
lock, as on PAN-OS.

The messages are PAN-OS's as its API clients match them (pan-os-python: `Configuration is
locked by`, `Config for scope shared is currently locked`, `You already own a config lock
for scope`, `Config is not currently locked for scope`, `Commit lock is already held`,
`Commit lock is not currently held`); what follows each of those beginnings is inferred, and
so is `Commit is locked by`. This lab's locks are all of scope shared (one vsys).
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
    """What the CLI prints when a lock is in the way (after `Server error : `)."""


def holder(device, kind: str, admin: str) -> Lock | None:
    """The lock of this kind that another administrator holds, if any."""
    lock = device.locks.get(kind)
    return lock if lock is not None and lock.admin != admin else None


def check_change(device, admin: str) -> None:
    lock = holder(device, "config", admin)
    if lock:
        raise LockError(f"Configuration is locked by {lock.admin}")


def check_commit(device, admin: str) -> None:
    for kind in KINDS:
        lock = holder(device, kind, admin)
        if lock:
            raise LockError(f"{kind.capitalize()} is locked by {lock.admin}")


def add(device, kind: str, admin: str, comment: str, now: datetime) -> None:
    lock = device.locks.get(kind)
    if lock is not None and kind == "commit":
        raise LockError(f"Commit lock is already held by {lock.admin}")
    if lock is not None:
        raise LockError("You already own a config lock for scope shared" if lock.admin == admin
                        else f"Config for scope shared is currently locked by {lock.admin}")
    device.locks[kind] = Lock(admin, comment, now)


def remove(device, kind: str, admin: str) -> None:
    lock = device.locks.get(kind)
    if lock is None:
        raise LockError("Commit lock is not currently held" if kind == "commit"
                        else "Config is not currently locked for scope shared")
    if lock.admin != admin:
        raise LockError(f"Configuration is locked by {lock.admin}" if kind == "config"
                        else f"Commit lock is already held by {lock.admin}")
    del device.locks[kind]
