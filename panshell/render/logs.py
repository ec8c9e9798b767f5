"""`show log system` and `show log config`: PAN-OS's fixed-width log listings.

System log (PAN-OS 10.x CLI), one entry per line; every column but the last is
cut to its width, so `state-change` shows as `state-c`; `informational` shows as
`info`:

    Time                Severity Subtype Object EventID ID Description
    ===============================================================================
    2026/11/25 00:00:00 info     ha             state-c 0  HA Group 1: Moved from state Initial to state Active

Config log, one entry per line, then any `Before Change Detail:` and
`After Change Detail:` lines, indented under the Host column:

    Time                Host            Client Cmd     Admin           Result    Path
    ===============================================================================
    2026/11/25 00:00:03 Console         CLI    set     admin           Submitted deviceconfig system hostname
                        Before Change Detail: fw1
                        After Change Detail: fw1-lab

Traffic log, three lines per entry (time, application, zones, ports, addresses; rule, action;
users and the session's end reason), each column as wide as its header's:

    Time                App             From            Src Port          Source
    Rule                Action          To              Dst Port          Destination
                        Src User                        Dst User          End Reason
    ===============================================================================
    2026/11/25 00:00:00 ssl             trust           51234             10.1.1.23
    allow-inside-out    allow           untrust         443               8.8.8.8
                                                                          tcp-fin

No public sample of `show log traffic`'s CLI listing was found: the three-line layout, its
header words and widths are recalled from real devices, not checked against one.

Times are the device's local time. Recalled from real PAN-OS output (no device
was at hand to check against): the system log's header, column order and
widths, the shortened `info` severity, columns cut to their width, and the ID
column (0). Inferred: the rule's length (79 `=`); the whole config log layout
(its columns, their widths and order); `Console` as the host of a session with
no client address; the before/after lines (PAN-OS keeps them as the log's
"Before/After Change Detail" fields; how the CLI lays them out is a guess); and
that no matching entry prints the header and rule alone.
"""
from __future__ import annotations

from datetime import datetime

from ..backend.logs import ConfigEntry, SystemEntry, TrafficEntry
from . import display, local_time

RULE = "=" * 79
SYSTEM_HEADER = "Time                Severity Subtype Object EventID ID Description"
CONFIG_HEADER = "Time                Host            Client Cmd     Admin           Result    Path"
TRAFFIC_HEADER = ("Time                App             From            Src Port          Source\n"
                  "Rule                Action          To              Dst Port          Destination\n"
                  "                    Src User                        Dst User          End Reason")
INDENT = " " * 20
SEVERITY = {"informational": "info"}


def _time(entry, timezone: str) -> str:
    return f"{local_time(datetime.fromisoformat(entry.time), timezone):%Y/%m/%d %H:%M:%S}"


def system_row(e: SystemEntry, timezone: str) -> str:
    severity = SEVERITY.get(e.severity, e.severity)
    return (f"{_time(e, timezone)} {severity:8.8} {e.subtype:7.7} {e.object:6.6} {e.event:7.7} {0:<2} "
            f"{e.description}").rstrip()


def config_rows(e: ConfigEntry, timezone: str) -> list[str]:
    row = (f"{_time(e, timezone)} {e.host or 'Console':15.15} {e.client:6.6} {e.command:7.7} {e.admin:15.15} "
           f"{e.result:9.9} {e.path}").rstrip()
    details = [("Before", e.before), ("After", e.after)]
    return [row, *(f"{INDENT}{name} Change Detail: {text}" for name, text in details if text)]


def system_log(entries: list[SystemEntry], timezone: str) -> str:
    return display("\n".join([SYSTEM_HEADER, RULE, *(system_row(e, timezone) for e in entries)]))


def config_log(entries: list[ConfigEntry], timezone: str) -> str:
    return display("\n".join([CONFIG_HEADER, RULE, *(r for e in entries for r in config_rows(e, timezone))]))


def traffic_rows(e: TrafficEntry, timezone: str) -> list[str]:
    return [f"{_time(e, timezone)} {e.application:15.15} {e.from_zone:15.15} {e.sport:<17} {e.source}",
            f"{e.rule:19.19} {e.action:15.15} {e.to_zone:15.15} {e.dport:<17} {e.destination}",
            f"{INDENT}{e.src_user:31.31} {e.dst_user:17.17} {e.end_reason}"]


def traffic_log(entries: list[TrafficEntry], timezone: str) -> str:
    return display("\n".join([TRAFFIC_HEADER, RULE, *(r for e in entries for r in traffic_rows(e, timezone))]))
