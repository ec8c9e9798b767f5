"""Atomic file writes: a reader (or a process killed mid-write) sees the old file or the new one."""
from __future__ import annotations

import os
from pathlib import Path


def atomic_write(path: Path, data: bytes, durable: bool = True) -> None:
    """Write data through a temporary file and a rename. durable also syncs file and directory
    to disk (for committed state, which must survive a power cut too); without it the write
    still survives the process being killed, for state that changes every command."""
    install(write_beside(path, data, durable), path, durable)


def write_beside(path: Path, data: bytes, durable: bool = True) -> Path:
    """The slow half of atomic_write: data in a temporary file next to path (synced if durable)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as f:
        f.write(data)
        if durable:
            f.flush()
            os.fsync(f.fileno())
    return tmp


def install(tmp: Path, path: Path, durable: bool = True) -> None:
    """The quick half: the temporary file becomes path (and, durable, the directory is synced)."""
    os.replace(tmp, path)
    if durable:
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
