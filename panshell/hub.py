"""The holder's live sessions: every CLI session on the lab it holds, however it came in
(the local shell, an attached `panshell`, SSH), for `panshell lab status` and to end them."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .backend.device import Device
from .session import powered_off


@dataclass(eq=False)
class LiveSession:
    device: Device
    user: str
    via: str  # local, attach or ssh
    end: Callable[[str], None]  # ends the session, telling its user why


@dataclass
class Hub:
    sessions: list[LiveSession] = field(default_factory=list)

    def add(self, device: Device, user: str, via: str, end: Callable[[str], None]) -> LiveSession:
        live = LiveSession(device, user, via, end)
        self.sessions.append(live)
        return live

    def remove(self, live: LiveSession) -> None:
        if live in self.sessions:
            self.sessions.remove(live)

    def end_dark(self) -> None:
        """Sessions on a device that was just powered off end now, not at their next command."""
        for live in [s for s in self.sessions if not s.device.powered]:
            self.remove(live)
            live.end(powered_off(live.device))

    def end_all(self, message: str) -> None:
        for live in list(self.sessions):
            self.remove(live)
            live.end(message)
