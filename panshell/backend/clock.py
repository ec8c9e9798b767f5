"""The lab's one clock: wall time, or a fixed start that advances one second
per command (for tests and transcripts)."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone


DURATION_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}
# A fixed clock runs between these: a lab's history starts before its clock, and Python's
# datetime ends with the year 9999.
EARLIEST = datetime(1970, 1, 1, tzinfo=timezone.utc)
LATEST = datetime(9000, 1, 1, tzinfo=timezone.utc)


def parse_duration(text: str) -> timedelta:
    """`90s`, `5m`, `2h`, `1d`; ValueError otherwise."""
    match = re.fullmatch(r"(\d+)([smhd])", text)
    if not match:
        raise ValueError(f"bad duration {text!r}: expected <N>s, <N>m, <N>h or <N>d (e.g. 90s, 5m)")
    try:
        return timedelta(**{DURATION_UNITS[match[2]]: int(match[1])})
    except OverflowError:
        raise ValueError(f"duration {text!r} is too long") from None


def parse_clock_start(text: str) -> datetime:
    """Parse an ISO-8601 start time; a time without a zone is taken as UTC. ValueError says
    what is wrong."""
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"not an ISO-8601 time: {text}") from None
    value = value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    if not EARLIEST <= value < LATEST:
        raise ValueError(f"{text} is not between {EARLIEST:%Y-%m-%d} and {LATEST:%Y-%m-%d}")
    return value


class Clock:
    """Realistic wall-clock time."""

    def now(self) -> datetime:
        return datetime.now(timezone.utc)

    def tick(self) -> None:
        """Called once per command; wall time moves by itself."""


class FixedClock(Clock):
    """Starts at a given instant and advances `step` per command."""

    def __init__(self, start: datetime, step: timedelta = timedelta(seconds=1)):
        self._now = start
        self.step = step

    def now(self) -> datetime:
        return self._now

    def tick(self) -> None:
        self._now += self.step

    def advance(self, delta: timedelta) -> None:
        if delta > LATEST - self._now:
            raise ValueError(f"the lab clock cannot go past {LATEST:%Y-%m-%d}")
        self._now += delta
