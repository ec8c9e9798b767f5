"""`less mp-log ha_agent.log`: the HA agent's log file, built from the HA events the lab records.

A line is `<date> <time>.<ms> <utc offset> <level>: <function>(<source>:<line>): <text>`, the
shape KB articles quote (`2026-11-25 00:00:03.123 +0000 debug: ha_state_transition(...)`).
No public copy of a whole ha_agent.log was found: the function names, source locations, level
and wording below are inferred. Each HA state transition gives a `ha_state_transition` line
with its reason, then (for a state, not HA disabled) a `ha_event_log` line with the system
log's own words; the other HA system log events (links, config sync, flap suspensions) give a
`ha_event_log` line each. Times are the device's local time, to the millisecond.
"""
from __future__ import annotations

from datetime import datetime
from heapq import merge

from ..backend.logs import SystemEntry
from . import local_time

GROUP = "Group 1"
TRANSITION = "ha_state_transition(src/ha_state.c:1391)"
EVENT = "ha_event_log(src/ha_event.c:47)"


def _line(when: datetime, timezone: str, where: str, text: str) -> str:
    moment = local_time(when, timezone)
    return f"{moment:%Y-%m-%d %H:%M:%S}.{moment.microsecond // 1000:03d} {moment:%z} debug: {where}: {text}\n"


def _moved(transition: tuple) -> str:
    """The system log's words for a transition."""
    _, old, new, _ = transition
    return f"HA {GROUP}: Moved from state {old.capitalize()} to state {new.capitalize()}"


def _transition_lines(transition: tuple, timezone: str) -> list[str]:
    time, _, new, reason = transition
    when = datetime.fromisoformat(time)
    lines = [_line(when, timezone, TRANSITION, f"{GROUP}: transition to state {new.capitalize()} (reason: {reason or 'none'})")]
    return lines + ([_line(when, timezone, EVENT, _moved(transition))] if new != "disabled" else [])


def ha_agent_log(transitions: list, system_log: list[SystemEntry], timezone: str) -> list[str]:
    """The file's lines, oldest first. The HA system log gives the order of what it holds (each
    state change stands for its transition); the transitions it does not hold (the start-up
    election) go by their time, before the events of the same instant."""
    unlogged, ordered = list(transitions), []
    for entry in (e for e in system_log if e.subtype == "ha"):
        found = entry.event == "state-change" and next(
            (t for t in unlogged if t[0] == entry.time and _moved(t) == entry.description), None)
        if found:
            unlogged.remove(found)
            ordered.append((datetime.fromisoformat(entry.time), _transition_lines(found, timezone)))
        else:
            when = datetime.fromisoformat(entry.time)
            ordered.append((when, [_line(when, timezone, EVENT, entry.description)]))
    alone = [(datetime.fromisoformat(t[0]), _transition_lines(t, timezone)) for t in unlogged]
    return [line for _, lines in merge(alone, ordered, key=lambda item: item[0]) for line in lines]
