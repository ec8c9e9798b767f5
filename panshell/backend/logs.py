"""Each device's own logs (system and config); never shared with the peer."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import datetime


@dataclass
class SystemEntry:
    time: str  # ISO-8601, UTC
    severity: str  # informational, low, medium, high, critical
    subtype: str  # ha, general, ...
    event: str  # e.g. state-change, commit, ha-sync
    description: str
    module: str = "general"
    object: str = ""


@dataclass
class ConfigEntry:
    time: str
    admin: str
    client: str  # CLI or Web
    command: str  # set, delete, edit, commit ...
    path: str
    result: str = "Submitted"
    before: str = ""
    after: str = ""


@dataclass
class DeviceLogs:
    system_log: list[SystemEntry] = field(default_factory=list)
    config_log: list[ConfigEntry] = field(default_factory=list)

    def system(self, when: datetime, *, event: str, description: str, severity: str = "informational",
               subtype: str = "general", module: str = "general", object: str = "") -> None:
        self.system_log.append(SystemEntry(when.isoformat(), severity, subtype, event, description, module, object))

    def config(self, when: datetime, *, admin: str, command: str, path: str, client: str = "CLI",
               result: str = "Submitted", before: str = "", after: str = "") -> None:
        self.config_log.append(ConfigEntry(when.isoformat(), admin, client, command, path, result, before, after))

    def to_bytes(self) -> bytes:
        return json.dumps({"system": [asdict(e) for e in self.system_log],
                           "config": [asdict(e) for e in self.config_log]}, indent=1).encode()

    @classmethod
    def from_bytes(cls, data: bytes) -> DeviceLogs:
        raw = json.loads(data)
        return cls([SystemEntry(**e) for e in raw["system"]], [ConfigEntry(**e) for e in raw["config"]])
