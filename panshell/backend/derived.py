"""Tables a device derives from its running config and state, built once and reused until those change.

A commit, an HA-Sync, an import and a lab reset each replace the running config whole (none edits it
in place), so the config object itself, held by the memo, stands for its version; the device state a
table also reads (pulled cables, identity) goes into the key by value. What a memo returns is shared:
callers read it, never change it.
"""
from __future__ import annotations

from functools import wraps
from typing import Callable, Hashable, TypeVar
from weakref import WeakKeyDictionary

from .device import Device

T = TypeVar("T")


def derived(key: Callable[[Device], Hashable]) -> Callable[[Callable[[Device], T]], Callable[[Device], T]]:
    """Decorate build(device): built again only when key(device) differs from the last build's."""
    def decorate(build: Callable[[Device], T]) -> Callable[[Device], T]:
        memo: WeakKeyDictionary[Device, tuple[Hashable, T]] = WeakKeyDictionary()

        @wraps(build)
        def cached(device: Device) -> T:
            wanted = key(device)
            kept = memo.get(device)
            if kept is None or kept[0] != wanted:
                kept = memo[device] = (wanted, build(device))
            return kept[1]

        def remember(device: Device, value: T) -> None:
            """What build(device) gives, known already (its maker had it at hand)."""
            memo[device] = (key(device), value)

        cached.remember = remember
        return cached
    return decorate
