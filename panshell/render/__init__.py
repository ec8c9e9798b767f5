"""Renderers: PAN-OS's plain-text output, byte for byte."""
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def display(body: str) -> str:
    """Frame an op-mode display as PAN-OS does: a blank line before and after."""
    return "\n" + body.rstrip("\n") + "\n\n"


def elapsed(now: datetime, then: datetime | None) -> int:
    """Whole seconds from then to now; never negative (`--clock` may set a lab's clock back)."""
    return max(0, int((now - (then or now)).total_seconds()))


def local_time(now: datetime, timezone: str) -> datetime:
    try:
        return now.astimezone(ZoneInfo(timezone))
    except (ZoneInfoNotFoundError, ValueError):
        return now.astimezone(ZoneInfo("UTC"))


def ctime(moment: datetime) -> str:
    """`Wed Nov  4 09:05:01 2026`: the day of the month padded with a space."""
    return f"{moment:%a %b} {moment.day:2d} {moment:%H:%M:%S %Y}"
