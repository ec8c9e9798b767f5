"""A lab: the devices and HA pair that lab.json describes, their clock, and their state on disk.

A lab directory holds, besides lab.json (device identities, which two form the HA pair):

    state.json                 the lab clock (when fixed), the HA cables, the scenario it was started from
    DEVICE/running-config.xml  the committed configuration (written before a commit takes effect)
    DEVICE/candidate-config.xml, DEVICE/candidate-changes.jsonl
                               the candidate: a snapshot and a journal of the changes since
                               (backend/candidate_file.py)
    DEVICE/jobs.jsonl          a journal: a line per job added or changed (backend/jobs.py)
    DEVICE/logs.jsonl          a journal: a line per system, config or traffic log entry (backend/logs.py)
    DEVICE/state.json          power, boot time, HA state and transitions, pulled ports, silent
                               path targets, config and commit locks, global counters
    DEVICE/ha2-received.json   the runtime state last received over HA2 (the device's own tables
                               are rebuilt from its running config and boot time)

`persist()` writes what changed since the last call (the front ends call it after every
command; a pipe, after the lines it read at once, before their output). Every file is replaced
atomically but the journals, which are appended to (a last line cut short by a kill is skipped
on load, and dropped by the next append) and written anew, atomically, once they grow past
their limit, so a process killed at any point leaves a lab that opens; committed configurations
are also synced to disk.
"""
from __future__ import annotations

import json
import os
import pickle
from dataclasses import fields
from datetime import datetime, timedelta
from importlib import resources
from pathlib import Path

from . import candidate_file, runtime, software
from .clock import Clock, FixedClock
from .config import ConfigError, PanConfig
from .device import Device
from .guard import Guard
from .ha import election
from .ha.pair import HAPair
from .jobs import COMMIT_OK, JobTable
from .locks import Lock
from .logs import DeviceLogs
from .storage import PENDING_FILE, RUNNING_CONFIG, DeviceStore, LabLock, journal_line, read_json

LAB_FILE = "lab.json"
STATE_FILE = "state.json"
JOBS_FILE = "jobs.jsonl"
OLD_JOBS_FILE = "jobs.json"  # before the journal: read once, then journalled
LOGS_FILE = "logs.jsonl"
OLD_LOGS_FILE = "logs.json"  # before the journal: read once, then journalled
RECEIVED_FILE = "ha2-received.json"
PICKLE_PROTOCOL = 5  # what _write compares state by: one protocol, so one state pickles one way


class LabError(Exception):
    """A lab that cannot be opened; the message says why."""


def default_lab_dir() -> Path:
    if os.environ.get("PANSHELL_LAB"):
        return Path(os.environ["PANSHELL_LAB"])
    data_home = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data_home) / "panshell" / "labs" / "default"


def _default_file(name: str) -> bytes:
    return resources.files("panshell.data").joinpath("default-lab", name).read_bytes()


def default_device_names() -> list[str]:
    """The devices of the default lab (and of every ephemeral one)."""
    return list(json.loads(_default_file(LAB_FILE))["devices"])


def boot_jobs(now: datetime) -> JobTable:
    """A new device's job table: the auto-commit of its first boot."""
    table = JobTable()
    table.start("AutoCom", now).finish(now, True, [COMMIT_OK])
    return table


def _time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def device_state(device: Device) -> dict:
    """What state.json keeps of a device."""
    return {
        "powered": device.powered, "boot": device.boot.isoformat(),
        "hold-until": device.hold_until and device.hold_until.isoformat(), "flaps-from": device.flaps_from,
        "ha": {"state": device.ha_state, "since": device.ha_since and device.ha_since.isoformat(),
               "reason": device.ha_reason, "transitions": device.ha_transitions},
        "ports-down": sorted(device.ports_down), "paths-down": sorted(device.paths_down),
        "locks": {kind: {"admin": lock.admin, "comment": lock.comment, "created": lock.created.isoformat()}
                  for kind, lock in device.locks.items()},
        "runtime": runtime.saved_counters(device),
        "software": software.saved_state(device),
    }


def restore_device_state(device: Device, state: dict) -> None:
    device.powered, device.boot = state["powered"], _time(state["boot"])
    device.hold_until, device.flaps_from = _time(state["hold-until"]), state.get("flaps-from", 0)
    ha = state["ha"]
    device.ha_state, device.ha_since, device.ha_reason = ha["state"], _time(ha["since"]), ha["reason"]
    device.ha_transitions = [tuple(t) for t in ha["transitions"]]
    device.ports_down, device.paths_down = set(state["ports-down"]), set(state["paths-down"])
    device.locks = {kind: Lock(lock["admin"], lock["comment"], _time(lock["created"]))
                    for kind, lock in state["locks"].items()}
    if "software" in state:  # absent in labs saved before updates existed
        software.restore_state(device, state["software"])


def _pending_lines(pending: list) -> bytes:
    return b"".join(journal_line([admin, location]) for admin, location in pending)


def _pending(journal: bytes) -> list:
    """The journal's changes; a line cut short by a kill is dropped."""
    pending = []
    for line in journal.splitlines():
        try:
            admin, location = read_json(line)
        except ValueError:
            continue
        pending.append((admin, tuple(tuple(step) for step in location)))
    return pending


def _save_journal(store: DeviceStore, name: str, table) -> None:
    """Append what a journalled table (logs, jobs) added since the last save; past its limit,
    write the journal anew from what the table keeps."""
    if table.journal_full():
        store.write(name, table.journal(), durable=False)
        table.mark_saved(rewritten=True)
        return
    lines = table.unsaved()
    if lines:
        store.append(name, lines)
        table.mark_saved()


def _json(data) -> bytes:
    return json.dumps(data, indent=1).encode()


class Lab:
    def __init__(self, devices: dict[str, Device], clock: Clock, pair: list[str] | None,
                 directory: Path | None = None):
        self.devices = devices
        self.guard = Guard()  # threads take turns on the lab (backend/guard.py)
        for device in devices.values():
            device.guard = self.guard
        self.clock = clock
        self.directory = directory
        self.pair = HAPair((devices[pair[0]], devices[pair[1]]), clock) if pair else None
        self.scenario: str | None = None  # the scenario file the lab was started from (panshell lab reset)
        self._lock: LabLock | None = None
        # what persist() last wrote, per (device, part); the candidate's is its store's (as loaded: on disk already)
        self._written: dict[tuple[str, str], object] = {}
        for device in devices.values():
            device.store.candidate_saved = candidate_file.on_disk(device)

    @classmethod
    def ephemeral(cls, clock: Clock) -> Lab:
        """A throwaway pair in memory, from the default lab data."""
        description = json.loads(_default_file(LAB_FILE))
        devices = {name: Device(name, identity, PanConfig.from_bytes(_default_file(f"{name}.xml")),
                                boot_jobs(clock.now()), boot=clock.now())
                   for name, identity in description["devices"].items()}
        lab = cls(devices, clock, description.get("ha-pair"))
        if lab.pair:
            election.start(lab.pair)
        return lab

    @classmethod
    def open(cls, directory: Path, clock: Clock | None = None) -> Lab:
        """Open (creating on first use) the lab in directory, holding its lock. A clock given
        becomes the lab's; without one the lab keeps its own."""
        directory = Path(directory)
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LabError(f"cannot create lab {directory}: {exc.strerror}") from None
        lock = LabLock(directory)
        lock.acquire()
        for leftover in directory.rglob(".*.tmp"):  # atomicfile's, from a writer killed mid-write
            leftover.unlink(missing_ok=True)
        try:
            if not (directory / LAB_FILE).exists():
                cls._create(directory, clock)
            lab = cls._load(directory, clock)
        except BaseException:
            lock.release()
            raise
        lab._lock = lock
        return lab

    @staticmethod
    def _create(directory: Path, clock: Clock | None) -> None:
        # lab.json is written last: a lab without it is incomplete and made again.
        now = (clock or Clock()).now()
        description = json.loads(_default_file(LAB_FILE))
        for name in description["devices"]:
            store = DeviceStore(directory / name)
            store.write(RUNNING_CONFIG, _default_file(f"{name}.xml"))
            store.write(JOBS_FILE, boot_jobs(now).journal())
        DeviceStore(directory).write(LAB_FILE, _default_file(LAB_FILE))

    @classmethod
    def _load(cls, directory: Path, clock: Clock | None) -> Lab:
        try:
            description = json.loads((directory / LAB_FILE).read_bytes())
            saved = json.loads(DeviceStore(directory).read(STATE_FILE) or b"{}")
            clock = cls._clock(clock, saved.get("clock"))
            loaded = {name: cls._load_device(directory / name, name, identity)
                      for name, identity in description["devices"].items()}
            devices = {name: device for name, (device, _) in loaded.items()}
            pair = description.get("ha-pair") or (list(devices) if len(devices) == 2 else None)  # format 1: the two
            lab = cls(devices, clock, pair, directory)
            lab.scenario = saved.get("scenario")
            restored = set()
            for device in devices.values():
                state = json.loads(device.store.read(STATE_FILE) or b"null")
                if state:
                    restore_device_state(device, state)
                    device.pending = _pending(device.store.read(PENDING_FILE) or b"")
                    if device.pending and not device.has_changes:
                        device.pending = []  # a kill after a commit's write, before its save: nothing is pending
                    runtime.restore(device, state["runtime"], json.loads(device.store.read(RECEIVED_FILE) or b"null"))
                    restored.add(device)
                else:
                    device.boot = clock.now()
                # what the candidate's files hold, now that its pending list is restored
                device.store.candidate_saved = candidate_file.on_disk(device, *loaded[device.name][1])
            if lab.pair:
                lab.pair.cables.update(saved.get("cables", {}))
                if restored.issuperset(lab.pair.members):
                    election.settle(lab.pair, "Startup", log=False)  # the config may have been imported
                else:
                    election.start(lab.pair)
        except (OSError, ValueError, KeyError, TypeError, ConfigError) as exc:
            raise LabError(f"lab {directory} cannot be loaded: {exc}") from None
        return lab

    @staticmethod
    def _clock(clock: Clock | None, saved: dict | None) -> Clock:
        """The clock given, else the lab's own: a fixed one goes on from the time it had reached."""
        saved_now = _time((saved or {}).get("fixed"))
        return clock or (FixedClock(saved_now) if saved_now else Clock())

    @staticmethod
    def _load_device(folder: Path, name: str, identity: dict) -> tuple[Device, tuple[int, int]]:
        """The device, and the sizes of its candidate's journal and snapshot (candidate_file.load)."""
        store = DeviceStore(folder)
        running = PanConfig.from_bytes(store.read(RUNNING_CONFIG) or b"")
        candidate, sizes = candidate_file.load(store)
        journal, old = store.read(LOGS_FILE), store.read(OLD_LOGS_FILE)
        logs = DeviceLogs.from_journal(journal) if journal else DeviceLogs.from_old_file(old) if old else DeviceLogs()
        jobs, old_jobs = store.read(JOBS_FILE), store.read(OLD_JOBS_FILE)
        table = JobTable.from_journal(jobs) if jobs else JobTable.from_old_file(old_jobs) if old_jobs else JobTable()
        return Device(name, identity, running, table, logs, store, candidate=candidate), sizes

    def tick(self) -> None:
        """Around each command: what the lab clock's passing changes (a booting member's hold)."""
        if self.pair:
            election.tick(self.pair)

    def advance(self, delta: timedelta) -> None:
        """Move a fixed clock on (a transcript's `#! clock advance`)."""
        self.clock.advance(delta)
        self.tick()

    def persist(self) -> None:
        """Write what changed since the last call; a no-op for an ephemeral lab."""
        if self.directory is None:
            return
        lab_state = {"clock": {"fixed": self.clock.now().isoformat()} if isinstance(self.clock, FixedClock) else {},
                     "cables": self.pair.cables if self.pair else {}, "scenario": self.scenario}
        self._write(DeviceStore(self.directory), "", STATE_FILE, lab_state)
        for device in self.devices.values():
            store = device.store
            _save_journal(store, JOBS_FILE, device.jobs)
            _save_journal(store, LOGS_FILE, device.logs)
            self._write(store, device.name, STATE_FILE, device_state(device))
            store.candidate_saved = candidate_file.save(store, device, store.candidate_saved)
            self._write_pending(store, device)
            received = device.runtime.received_version if device.runtime else 0
            if self._written.get((device.name, RECEIVED_FILE), 0) != received:
                store.write(RECEIVED_FILE, _json(runtime.saved_received(device)), durable=False)
                self._written[device.name, RECEIVED_FILE] = received

    def _write_pending(self, store: DeviceStore, device: Device) -> None:
        """Edits extend the list (appended to the journal); a commit or revert replaces it (rewritten)."""
        written = self._written.get((device.name, PENDING_FILE))
        if written is not None and written[0] is device.pending:
            if len(device.pending) > written[1]:
                store.append(PENDING_FILE, _pending_lines(device.pending[written[1]:]))
        else:
            store.write(PENDING_FILE, _pending_lines(device.pending), durable=False)
        self._written[device.name, PENDING_FILE] = (device.pending, len(device.pending))

    def reset_to(self, other: Lab, scenario: str | None) -> None:
        """Become other (a lab built in memory on this lab's clock), devices and all, on disk too."""
        for name, device in self.devices.items():
            fresh = other.devices[name]
            for attribute in fields(Device):
                if attribute.name not in ("store", "power_ons", "guard"):  # a reset keeps the device's sessions
                    setattr(device, attribute.name, getattr(fresh, attribute.name))
            device.store.write(RUNNING_CONFIG, device.running.to_bytes())
            for name, journal in ((LOGS_FILE, device.logs), (JOBS_FILE, device.jobs)):
                device.store.write(name, b"")  # a new journal: the entries are all unsaved again
                journal.mark_unsaved()
            device.store.candidate_saved = None
        if self.pair:
            self.pair.cables = dict(other.pair.cables)
        self.scenario = scenario
        self._written.clear()
        self.persist()

    def _write(self, store: DeviceStore, owner: str, name: str, data) -> None:
        """Write a small state file (data as JSON) unless it holds what was last written: told by
        its pickle, quicker to make than JSON (equal pickles are equal data; equal data whose
        pickles differ is only written again)."""
        pickled = pickle.dumps(data, PICKLE_PROTOCOL)
        if self._written.get((owner, name)) != pickled:
            store.write(name, _json(data), durable=False)
            self._written[owner, name] = pickled

    def close(self) -> None:
        if self._lock:
            self.persist()
            self._lock.release()
            self._lock = None
