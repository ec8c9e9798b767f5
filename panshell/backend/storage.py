"""Where a lab's state lives: a directory of files, held by one process at a time, or memory."""
from __future__ import annotations

import fcntl
import os
import sys
from pathlib import Path

import orjson

from ..atomicfile import atomic_write, install, write_beside


def journal_line(value) -> bytes:
    """One line of a journal (logs, jobs, changes): value as compact JSON, then a newline.
    orjson: a twentieth of the json module's time, for what every command appends."""
    return orjson.dumps(value, option=orjson.OPT_APPEND_NEWLINE)


read_json = orjson.loads  # a journal line, or an old lab's logs.json or jobs.json (a line cut short raises ValueError)

SAVED_DIR = "saved-configs"
RUNNING_CONFIG = "running-config.xml"
CANDIDATE_CONFIG = "candidate-config.xml"
CANDIDATE_JOURNAL = "candidate-changes.jsonl"  # the changes since the candidate's snapshot (backend/candidate_file.py)
PENDING_FILE = "pending.jsonl"  # the changes no commit took yet (backend/partial.py), one per line


def _after_last_line(journal, end: int) -> int:
    """Where the last whole line of a journal end bytes long ends (0: it has none)."""
    while end > 0:
        start = max(0, end - 65536)
        journal.seek(start)
        newline = journal.read(end - start).rfind(b"\n")
        if newline >= 0:
            return start + newline + 1
        end = start
    return 0


class LabBusy(Exception):
    """Another process holds the lab."""

    def __init__(self, message: str, pid: int | None):
        super().__init__(message)
        self.pid = pid

    @property
    def holder(self) -> str:
        return f"process {self.pid}" if self.pid else "another process"


class LabLock:
    """An exclusive advisory lock on a lab directory, released on close or exit (even by kill -9)."""

    def __init__(self, directory: Path):
        self.path = directory / ".lock"
        self._fd: int | None = None

    def acquire(self) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 512).decode(errors="replace").strip()
            os.close(fd)
            pid = holder.split()[1] if holder.startswith("process ") else ""
            raise LabBusy(f"lab {self.path.parent} is in use by {holder or 'another process'}",
                          int(pid) if pid.isdigit() else None) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"process {os.getpid()} ({' '.join(['panshell', *sys.argv[1:]])})".encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


class DeviceStore:
    """One device's files (its folder of the lab directory), or memory for an ephemeral lab."""

    def __init__(self, directory: Path | None = None):
        self.directory = directory
        self._memory: dict[str, bytes] = {}
        self.candidate_saved = None  # what the candidate's files hold (backend/candidate_file.py's Saved)

    def write(self, name: str, data: bytes, durable: bool = True) -> None:
        if self.directory is None:
            self._memory[name] = data
        else:
            atomic_write(self.directory / name, data, durable)

    def write_running(self, data: bytes, replaces_candidate: bool = False) -> None:
        """A new running config, durably. replaces_candidate: it becomes the candidate too (an
        HA-Sync, an import), whose files go first: a kill in between leaves the old running config
        with a candidate equal to it, never the new one beside a candidate that would undo it."""
        self.install_running(self.stage_running(data), replaces_candidate)

    def stage_running(self, data: bytes) -> Path | bytes:
        """The slow part of write_running, for a caller that does not hold the lab: the new running
        config written durably beside the old one (in memory: the data)."""
        return data if self.directory is None else write_beside(self.directory / RUNNING_CONFIG, data)

    def install_running(self, staged: Path | bytes, replaces_candidate: bool = False) -> None:
        """The quick part: the staged running config takes the old one's place (write_running)."""
        if replaces_candidate:
            for name in (CANDIDATE_CONFIG, CANDIDATE_JOURNAL, PENDING_FILE):
                self.remove(name)
        if self.directory is None:
            self._memory[RUNNING_CONFIG] = staged
        else:
            install(staged, self.directory / RUNNING_CONFIG)

    def remove(self, name: str) -> None:
        if self.directory is None:
            self._memory.pop(name, None)
        else:
            (self.directory / name).unlink(missing_ok=True)

    def append(self, name: str, data: bytes) -> None:
        """Add to the end of a journal. A writer killed mid-way leaves at most a cut-short last line
        (which loading skipped): the next append drops it first, so a journal holds whole lines
        but for its last (else the line appended would join it, and be lost with it)."""
        if self.directory is None:
            self._memory[name] = self._memory.get(name, b"") + data
        else:
            (self.directory / name).parent.mkdir(parents=True, exist_ok=True)
            with open(self.directory / name, "a+b") as journal:
                end = journal.seek(0, os.SEEK_END)
                if end:
                    journal.seek(-1, os.SEEK_END)
                    if journal.read(1) != b"\n":
                        journal.truncate(_after_last_line(journal, end))
                journal.write(data)

    def exists(self, name: str) -> bool:
        return name in self._memory if self.directory is None else (self.directory / name).is_file()

    def read(self, name: str) -> bytes | None:
        if self.directory is None:
            return self._memory.get(name)
        path = self.directory / name
        return path.read_bytes() if path.is_file() else None

    def names(self, folder: str) -> list[str]:
        if self.directory is None:
            return sorted(n.split("/", 1)[1] for n in self._memory if n.startswith(folder + "/"))
        path = self.directory / folder
        return sorted(p.name for p in path.iterdir() if not p.name.startswith(".")) if path.is_dir() else []

    # named configurations (`save config to NAME`)
    def save_named(self, name: str, data: bytes) -> None:
        self.write(f"{SAVED_DIR}/{name}", data)

    def load_named(self, name: str) -> bytes | None:
        return self.read(f"{SAVED_DIR}/{name}")

    def named_configs(self) -> list[str]:
        return self.names(SAVED_DIR)
