"""The lab's lock, so that front ends may run commands in threads.

One thread at a time works on a lab: every command (Session.execute), lab operation and API
request holds the lab's Guard. A long step that works only on its own copy of a configuration (a
commit's validation and its write to disk) lets the others in meanwhile (`released`), so nobody
waits for somebody else's commit; commits themselves take turns (`commit_turn`), one per lab at a
time, as PAN-OS runs commit jobs one after another. Single-threaded use (a pipe, a transcript,
the tests) never waits.
"""
from __future__ import annotations

import threading
from contextlib import contextmanager


class Guard:
    def __init__(self):
        self._lock = threading.Lock()
        self._owner: int | None = None
        self._depth = 0
        self._commits = threading.RLock()
        self._on_loop = False  # taken by enter_if_free: the holder is an event loop, which must not wait

    def enter_if_free(self) -> bool:
        """Take the guard if nobody holds it, for quick work on a front end's event loop (leave it
        with __exit__); such work may not let go of it (released raises)."""
        if not self._lock.acquire(blocking=False):
            return False
        self._owner, self._depth, self._on_loop = threading.get_ident(), 1, True
        return True

    def __enter__(self) -> Guard:
        me = threading.get_ident()
        if self._owner == me:
            self._depth += 1
        else:
            self._lock.acquire()
            self._owner, self._depth = me, 1
        return self

    def __exit__(self, *exc) -> None:
        self._depth -= 1
        if self._depth == 0:
            self._owner, self._on_loop = None, False
            self._lock.release()

    @contextmanager
    def released(self):
        """Let other threads work on the lab for a while (a no-op for a thread not holding it)."""
        if self._owner != threading.get_ident():
            yield
            return
        if self._on_loop:  # waiting here would stall every client, and can deadlock on a commit's turn
            raise RuntimeError("work run on the event loop let go of the lab: its handler must say waits=True")
        depth, self._owner, self._depth = self._depth, None, 0
        self._lock.release()
        try:
            yield
        finally:
            self._lock.acquire()
            self._owner, self._depth = threading.get_ident(), depth

    @contextmanager
    def commit_turn(self):
        """One commit at a time: a commit waits for the one running (others work on meanwhile)."""
        if not self._commits.acquire(blocking=False):
            with self.released():
                self._commits.acquire()
        try:
            yield
        finally:
            self._commits.release()
