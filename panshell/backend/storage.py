"""Durable lab files: atomic writes and a lock that names its holder."""
from __future__ import annotations

import fcntl
import os
import sys
from pathlib import Path


def atomic_write(path: Path, data: bytes) -> None:
    """Write data so that a reader sees either the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


class LabBusy(Exception):
    """Another process holds the lab."""


class LabLock:
    """An exclusive advisory lock on a lab directory, released on close or exit."""

    def __init__(self, directory: Path):
        self.path = directory / ".lock"
        self._fd: int | None = None

    def acquire(self) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 512).decode(errors="replace").strip() or "another process"
            os.close(fd)
            raise LabBusy(f"lab {self.path.parent} is in use by {holder}") from None
        os.ftruncate(fd, 0)
        os.write(fd, f"process {os.getpid()} ({' '.join(['panshell', *sys.argv[1:]])})".encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
