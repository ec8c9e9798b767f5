"""One firewall of the pair: identity, running configuration and HA state."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from .config import PanConfig
from .jobs import JobTable
from .logs import DeviceLogs

HA_PATH = "deviceconfig/high-availability"


@dataclass(eq=False)
class Device:
    name: str  # the lab's id for it: fw1 or fw2
    identity: dict  # serial, model, versions: facts the config does not hold
    running: PanConfig
    jobs: JobTable = field(default_factory=JobTable)
    ha_state: str | None = None  # None while HA is disabled
    ha_since: datetime | None = None  # when ha_state was entered
    ha_reason: str = ""  # why (shown as `State Reason:` when suspended or non-functional)
    ha_transitions: list = field(default_factory=list)  # (time, from, to, reason), oldest first
    ports_down: set = field(default_factory=set)  # dataplane ports whose link is down (panshell's control)
    locks: dict = field(default_factory=dict)  # "config"/"commit" -> backend.locks.Lock
    candidate: PanConfig = None  # shared by every session on the device, as on PAN-OS
    logs: DeviceLogs = field(default_factory=DeviceLogs)
    runtime: object = None  # the dataplane's tables (backend/runtime.py), built on first use

    def __post_init__(self):
        if self.candidate is None:
            self.candidate = self.running.copy()

    @property
    def has_changes(self) -> bool:
        return self.candidate.to_bytes() != self.running.to_bytes()

    @property
    def hostname(self) -> str:
        return self.running.text("deviceconfig/system/hostname", self.name)

    @property
    def ha_enabled(self) -> bool:
        return self.running.text(f"{HA_PATH}/enabled") == "yes"

    @property
    def ha_priority(self) -> int:
        return int(self.running.text(f"{HA_PATH}/group/election-option/device-priority", "100"))

    def ha_setting(self, path: str, default: str = "") -> str:
        return self.running.text(f"{HA_PATH}/{path}", default)

    @property
    def timezone(self) -> str:
        return self.running.text("deviceconfig/system/timezone", "UTC")
