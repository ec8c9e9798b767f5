"""Each device's own logs (system and config); never shared with the peer.

Entries are kept in the order they were logged, with UTC times. `select`
answers `show log ...`: the entries of one log that pass the filters, in the
direction asked (backward, newest first, by default).
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta

# `receive_time in <period>`: rolling windows that end now ...
ROLLING = {
    "last-15-minutes": timedelta(minutes=15),
    "last-hour": timedelta(hours=1),
    "last-6-hrs": timedelta(hours=6),
    "last-12-hrs": timedelta(hours=12),
    "last-24-hrs": timedelta(hours=24),
    "last-7-days": timedelta(days=7),
    "last-30-days": timedelta(days=30),
}
# ... and the previous whole calendar day or month (in the device's time zone).
PERIODS = (*ROLLING, "last-calendar-day", "last-calendar-month")


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
    host: str = ""  # the admin's address; empty for a lab session (shown as Console)


def window(period: str, now: datetime) -> tuple[datetime, datetime | None]:
    """The [start, end) of a receive_time period (a rolling one has no end);
    calendar periods follow now's time zone."""
    if period in ROLLING:
        return now - ROLLING[period], None
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    if period == "last-calendar-day":
        return today - timedelta(days=1), today
    if period == "last-calendar-month":
        this_month = today.replace(day=1)
        return (this_month - timedelta(days=1)).replace(day=1), this_month
    raise ValueError(f"unknown period {period}")


@dataclass
class DeviceLogs:
    system_log: list[SystemEntry] = field(default_factory=list)
    config_log: list[ConfigEntry] = field(default_factory=list)
    saved: tuple[int, int] = (0, 0)  # how many system and config entries the journal on disk holds

    def system(self, when: datetime, *, event: str, description: str, severity: str = "informational",
               subtype: str = "general", module: str = "general", object: str = "") -> None:
        self.system_log.append(SystemEntry(when.isoformat(), severity, subtype, event, description, module, object))

    def config(self, when: datetime, *, admin: str, command: str, path: str, client: str = "CLI",
               result: str = "Submitted", before: str = "", after: str = "", host: str = "") -> None:
        self.config_log.append(ConfigEntry(when.isoformat(), admin, client, command, path, result, before, after, host))

    def select(self, log: str, now: datetime, *, direction: str = "backward", period: str | None = None,
               **equal: str) -> list:
        """Entries of the "system" or "config" log whose fields equal `equal`, logged within
        `period` (a PERIODS name) before `now`; `now` carries the device's time zone."""
        start, end = window(period, now) if period else (None, None)

        def keep(entry) -> bool:
            when = datetime.fromisoformat(entry.time)
            return (all(getattr(entry, name) == value for name, value in equal.items())
                    and (start is None or start <= when) and (end is None or when < end))

        entries = self.system_log if log == "system" else self.config_log
        found = sorted(filter(keep, entries), key=lambda e: datetime.fromisoformat(e.time))
        return found[::-1] if direction == "backward" else found

    # On disk the logs are a journal, one JSON line per entry, appended to: saving costs what
    # was logged since the last save, however long the logs have grown.

    def unsaved(self) -> bytes:
        """The journal lines of the entries logged since the last save (mark_saved once written)."""
        system, config = self.saved
        lines = [json.dumps({"system": asdict(e)}) for e in self.system_log[system:]]
        lines += [json.dumps({"config": asdict(e)}) for e in self.config_log[config:]]
        return "".join(line + "\n" for line in lines).encode()

    def mark_saved(self) -> None:
        self.saved = (len(self.system_log), len(self.config_log))

    @classmethod
    def from_journal(cls, data: bytes) -> DeviceLogs:
        logs = cls()
        for line in data.splitlines():
            try:
                (kind, fields), = json.loads(line).items()
            except ValueError:
                continue  # a last line cut short by a killed writer
            if kind == "system":
                logs.system_log.append(SystemEntry(**fields))
            else:
                logs.config_log.append(ConfigEntry(**fields))
        logs.mark_saved()
        return logs

    @classmethod
    def from_old_file(cls, data: bytes) -> DeviceLogs:
        """The logs.json of a lab made before the journal: entries not yet in a journal."""
        raw = json.loads(data)
        return cls([SystemEntry(**e) for e in raw["system"]], [ConfigEntry(**e) for e in raw["config"]])
