"""The holder's live sessions: every CLI session on the lab it holds, however it came in
(the local shell, an attached `panshell`, SSH), for `panshell lab status` and to end them;
and `in_lab`, how a front end runs work on the lab without stalling the event loop.

Front ends that serve many clients (SSH, attached sessions, the XML API, lab operations) run
each command in a worker thread holding the lab's guard (backend/guard.py): a command waits only
for the one running, and a commit lets the others run while it validates. A quick command (an
SSH line that never lets go of the lab, commands/handler's waits, and was never slow:
Session.quick) runs at once on the loop instead when the lab is free. What a worker writes to a
client goes through the loop (`loop.call_soon_threadsafe`), and a session is ended on the loop,
whatever thread ends it.
"""
from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from .backend.device import Device
from .backend.lab import Lab
from .session import powered_off

# Enough workers that commits waiting for their turn never hold up the other sessions' commands.
_WORKERS = ThreadPoolExecutor(max_workers=64, thread_name_prefix="lab")


async def in_lab(lab: Lab, work: Callable, *args, quick: bool = False):
    """Run work(*args) in a worker thread holding the lab's guard; its result. Quick work (which
    never lets go of the lab) runs at once on the loop instead while nobody holds the lab: the
    hand-over to a worker and back costs more than such a command (with 30 sessions polling, about
    half of the served process's time)."""
    if quick and lab.guard.enter_if_free():
        try:
            return work(*args)
        finally:
            lab.guard.__exit__()

    def guarded():
        with lab.guard:
            return work(*args)

    return await asyncio.get_running_loop().run_in_executor(_WORKERS, guarded)


def on_loop(write: Callable[[str], None]) -> Callable[[str], None]:
    """write, callable from any thread: a worker's calls happen on the running loop, in order;
    the loop's own at once."""
    loop = asyncio.get_running_loop()
    loop_thread = threading.get_ident()

    def call(text: str) -> None:
        if threading.get_ident() == loop_thread:
            write(text)
        else:
            with contextlib.suppress(RuntimeError):  # the loop is closed: the server, and its clients, are gone
                loop.call_soon_threadsafe(write, text)

    return call


@dataclass(eq=False)
class LiveSession:
    device: Device
    user: str
    via: str  # local, attach or ssh
    end: Callable[[str], None]  # ends the session, telling its user why (on the loop: see Hub.add)


@dataclass
class Hub:
    """The sessions, changed from the loop (a client leaving) and from workers (a power fault
    ending a device's sessions): each is removed once, and ended only by whoever removed it."""

    sessions: list[LiveSession] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, device: Device, user: str, via: str, end: Callable[[str], None]) -> LiveSession:
        """A session of a front end running on the current loop (end is run there)."""
        live = LiveSession(device, user, via, on_loop(end))
        with self._lock:
            self.sessions.append(live)
        return live

    def remove(self, live: LiveSession) -> bool:
        """Forget a session; whether it was still here."""
        with self._lock:
            if live not in self.sessions:
                return False
            self.sessions.remove(live)
            return True

    def end_dark(self) -> None:
        """Sessions on a device that was just powered off end now, not at their next command."""
        self._end(lambda live: not live.device.powered, lambda live: powered_off(live.device))

    def end_all(self, message: str) -> None:
        self._end(lambda live: True, lambda live: message)

    def _end(self, which: Callable[[LiveSession], bool], why: Callable[[LiveSession], str]) -> None:
        with self._lock:
            chosen = [live for live in self.sessions if which(live)]
        for live in chosen:
            if self.remove(live):  # not gone meanwhile (its client left): it ends here
                live.end(why(live))
