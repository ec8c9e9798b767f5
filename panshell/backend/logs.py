"""Each device's own logs (system, config and traffic); never shared with the peer.

Entries are kept in the order they were logged, with UTC times. `select`
answers `show log ...`: the entries of one log that pass the filters, in the
direction asked (backward, newest first, by default).

The traffic log holds one `end` entry per session that ended on the device, as PAN-OS logs
by default (rules log at session end): backend/runtime.py writes them (see `session_ended`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from .storage import journal_line, read_json

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
class TrafficEntry:
    time: str  # when the session ended (PAN-OS's receive time)
    session_id: int
    application: str
    protocol: str  # tcp, udp, icmp
    source: str
    sport: int
    from_zone: str
    destination: str
    dport: int
    to_zone: str
    rule: str
    start: str
    elapsed: int  # seconds
    packets_sent: int  # client to server
    packets_received: int
    bytes_sent: int
    bytes_received: int
    end_reason: str  # tcp-fin, aged-out, policy-deny, unknown ...
    action: str = "allow"
    subtype: str = "end"
    nat_source: str = ""
    nat_sport: int = 0
    nat_destination: str = ""
    nat_dport: int = 0
    ingress: str = ""
    egress: str = ""
    vsys: str = "vsys1"
    src_user: str = ""
    dst_user: str = ""


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


# The newest entries kept of each log, per device. PAN-OS keeps logs by disk quota (a share of the
# log partition per log type), not by count: a count stands in for the quota here.
LOG_CAP = 10_000
JOURNAL_LIMIT = 4 * LOG_CAP  # journal lines past which the journal is written anew from what is kept


@dataclass
class DeviceLogs:
    system_log: list[SystemEntry] = field(default_factory=list)
    config_log: list[ConfigEntry] = field(default_factory=list)
    traffic_log: list[TrafficEntry] = field(default_factory=list)
    # entries of each log not yet in the journal on disk (the newest ones), and the journal's length
    unsaved_counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(_ENTRY, 0))
    journal_lines: int = 0

    def system(self, when: datetime, *, event: str, description: str, severity: str = "informational",
               subtype: str = "general", module: str = "general", object: str = "") -> None:
        self._add("system", SystemEntry(when.isoformat(), severity, subtype, event, description, module, object))

    def config(self, when: datetime, *, admin: str, command: str, path: str, client: str = "CLI",
               result: str = "Submitted", before: str = "", after: str = "", host: str = "") -> None:
        self._add("config", ConfigEntry(when.isoformat(), admin, client, command, path, result, before, after, host))

    def traffic(self, entry: TrafficEntry) -> None:
        self._add("traffic", entry)

    def _add(self, kind: str, entry) -> None:
        entries = self._logs()[kind]
        entries.append(entry)
        self.unsaved_counts[kind] += 1
        if len(entries) > LOG_CAP + LOG_CAP // 10:  # trimmed now and then, so logging stays O(1)
            del entries[:len(entries) - LOG_CAP]

    def select(self, log: str, now: datetime, *, direction: str = "backward", period: str | None = None,
               **equal: str) -> list:
        """Entries of the "system", "config" or "traffic" log whose fields equal `equal`, logged within
        `period` (a PERIODS name) before `now`; `now` carries the device's time zone."""
        start, end = window(period, now) if period else (None, None)
        entries = self._logs()[log][-LOG_CAP:]
        if equal:
            entries = [e for e in entries if all(getattr(e, name) == value for name, value in equal.items())]
        timed = sorted(((datetime.fromisoformat(e.time), n, e) for n, e in enumerate(entries)), key=lambda t: t[:2])
        found = [e for when, _, e in timed if (start is None or start <= when) and (end is None or when < end)]
        return found[::-1] if direction == "backward" else found

    # On disk the logs are a journal, one JSON line per entry, appended to: saving costs what
    # was logged since the last save, however long the logs have grown. Past JOURNAL_LIMIT lines
    # the journal is written anew with the entries kept.

    def _logs(self) -> dict[str, list]:
        return {"system": self.system_log, "config": self.config_log, "traffic": self.traffic_log}

    def unsaved(self) -> bytes:
        """The journal lines of the entries logged since the last save (mark_saved once written)."""
        if not any(self.unsaved_counts.values()):
            return b""
        return self._lines({kind: entries[len(entries) - min(self.unsaved_counts[kind], len(entries)):]
                            for kind, entries in self._logs().items()})

    def journal(self) -> bytes:
        """A whole new journal: every entry kept."""
        return self._lines({kind: entries[-LOG_CAP:] for kind, entries in self._logs().items()})

    @staticmethod
    def _lines(entries: dict[str, list]) -> bytes:
        return b"".join(journal_line({kind: vars(e)}) for kind, kept in entries.items() for e in kept)

    def journal_full(self) -> bool:
        return self.journal_lines + sum(self.unsaved_counts.values()) > JOURNAL_LIMIT

    def mark_saved(self, rewritten: bool = False) -> None:
        """The unsaved entries are on disk: appended, or (rewritten) in a new journal of all kept."""
        if rewritten:
            self.journal_lines = sum(min(len(entries), LOG_CAP) for entries in self._logs().values())
        else:
            self.journal_lines += sum(self.unsaved_counts.values())
        self.unsaved_counts = dict.fromkeys(_ENTRY, 0)

    def mark_unsaved(self) -> None:
        """A new journal is started: every entry is to be written again."""
        self.unsaved_counts = {kind: len(entries) for kind, entries in self._logs().items()}
        self.journal_lines = 0

    @classmethod
    def from_journal(cls, data: bytes) -> DeviceLogs:
        logs = cls()
        lines = data.splitlines()
        for line in lines:
            try:
                (kind, fields), = read_json(line).items()
            except ValueError:
                continue  # a last line cut short by a killed writer
            logs._logs()[kind].append(_ENTRY[kind](**fields))
        for entries in logs._logs().values():
            del entries[:-LOG_CAP]
        logs.journal_lines = len(lines)
        return logs

    @classmethod
    def from_old_file(cls, data: bytes) -> DeviceLogs:
        """The logs.json of a lab made before the journal: entries not yet in a journal."""
        raw = read_json(data)
        logs = cls([SystemEntry(**e) for e in raw["system"]], [ConfigEntry(**e) for e in raw["config"]])
        logs.mark_unsaved()
        return logs


_ENTRY = {"system": SystemEntry, "config": ConfigEntry, "traffic": TrafficEntry}
