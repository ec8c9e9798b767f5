"""One firewall: identity, configurations, jobs, logs, HA state, and the state of its cables and power."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from . import schema
from .config import PanConfig
from .guard import Guard
from .jobs import JobTable
from .logs import DeviceLogs
from .storage import DeviceStore

HA_PATH = "deviceconfig/high-availability"


@dataclass(eq=False)
class Device:
    name: str  # the lab's id for it (lab.json)
    identity: dict  # serial, model, versions: facts the config does not hold
    running: PanConfig  # replaced whole by each commit, never edited in place (backend/derived.py relies on it)
    jobs: JobTable = field(default_factory=JobTable)
    logs: DeviceLogs = field(default_factory=DeviceLogs)
    store: DeviceStore = field(default_factory=DeviceStore)
    boot: datetime | None = None  # when it last booted, on the lab clock
    powered: bool = True  # panshell's control: `panshell lab fault NAME power off|on`
    ha_state: str | None = None  # None while HA is disabled
    ha_since: datetime | None = None  # when ha_state was entered
    ha_reason: str = ""  # why (shown as `State Reason:` when suspended or non-functional)
    ha_transitions: list = field(default_factory=list)  # (time, from, to, reason), oldest first
    ports_down: set = field(default_factory=set)  # dataplane ports whose cable is pulled (panshell's control)
    paths_down: set = field(default_factory=set)  # path-monitor destinations that stopped answering (likewise)
    hold_until: datetime | None = None  # a member that just booted stays HA `initial` until then
    flaps_from: int = 0  # the transition where the flap counters were last reset (`state functional`)
    locks: dict = field(default_factory=dict)  # "config"/"commit" -> backend.locks.Lock
    candidate: PanConfig = None  # shared by every session on the device, as on PAN-OS
    candidate_edits: int = 0  # bumped by every change made to the candidate in place
    pending: list = field(default_factory=list)  # (admin, location) of each change no commit took yet (backend/partial.py)
    runtime: object = None  # the dataplane's tables (backend/runtime.py), built on first use
    downloads: set = field(default_factory=set)  # "kind/version" of the updates on disk (backend/software.py)
    next_software: str | None = None  # the PAN-OS release installed, running from the next restart
    power_ons: int = 0  # times powered on in this process: a CLI session ends when its device goes dark
    overwrites: list = field(default_factory=list)  # (HA-Sync job id, admins) of each sync that discarded changes
    guard: Guard = field(default_factory=Guard)  # the lab's (backend/guard.py): the same for all its devices
    _read: tuple = field(default=(None, None), repr=False)  # (running, {(path, default): value}): see running_value

    def __post_init__(self):
        if self.candidate is None:
            self.candidate = self.running.copy()

    def record_change(self, when: datetime, locations: list, **entry) -> None:
        """A change to the candidate at locations (backend/partial.py): its config log entry,
        and the candidate is due to be saved."""
        self.candidate_edits += 1
        self.pending += [(entry["admin"], location) for location in locations]
        self.logs.config(when, **entry)

    @property
    def has_changes(self) -> bool:
        return self.candidate.to_bytes() != self.running.to_bytes()

    @property
    def hostname(self) -> str:
        return self.running_value("deviceconfig/system/hostname", self.name)

    @property
    def ha_enabled(self) -> bool:
        return self.running_value(f"{HA_PATH}/enabled") == "yes"

    @property
    def ha_priority(self) -> int:
        return int(self.ha_setting("group/election-option/device-priority"))

    def ha_setting(self, path: str, default: str | None = None) -> str:
        """An HA setting of the running config; absent, the default given or the schema's."""
        return self.setting(f"{HA_PATH}/{path}", default)

    def setting(self, path: str, default: str | None = None) -> str:
        """A device setting of the running config; absent, the default given or the schema's."""
        return self.running_value(path, schema.default(path) if default is None else default)

    @property
    def timezone(self) -> str:
        return self.running_value("deviceconfig/system/timezone", "UTC")

    def running_value(self, path: str, default: str | None = None) -> str | None:
        """running.value(path, default), read once per running config (replaced whole, never
        edited in place): the prompt's hostname and the HA checks around every command ask again."""
        running, values = self._read
        if running is not self.running:
            running, values = self._read = self.running, {}
        try:
            return values[path, default]
        except KeyError:
            found = values[path, default] = running.value(path, default)
            return found
