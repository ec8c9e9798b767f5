"""An HA pair: its two members, the cables between them, and what the rules ask of its members."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..clock import Clock
from ..device import Device

LINKS = {"ha1": "HA1", "ha1-backup": "HA1 backup", "ha2": "HA2"}  # name -> how logs call it
GROUP = "HA Group 1"


class HAError(Exception):
    """An HA request that cannot be done; the message is the CLI's text."""


@dataclass(eq=False)
class HAPair:
    members: tuple[Device, Device]
    clock: Clock
    cables: dict[str, bool] = field(default_factory=lambda: dict.fromkeys(LINKS, True))  # plugged in?

    def peer(self, device: Device) -> Device:
        first, second = self.members
        return second if device is first else first

    def link_up(self, name: str) -> bool:
        """A link carries traffic when its cable is in and both ends are powered."""
        return self.cables[name] and all(d.powered for d in self.members)

    def control_link_up(self) -> bool:
        """HA1 or its backup carries the peers' hellos and config sync."""
        return self.link_up("ha1") or self.link_up("ha1-backup")

    def paired(self) -> bool:
        """The members hear each other's hellos, and of the same HA group: peers of different
        group ids ignore each other."""
        first, second = (d.ha_setting("group/group-id") for d in self.members)
        return self.control_link_up() and first == second

    def hears_peer(self, device: Device) -> bool:
        """The device exchanges hellos with an HA-enabled peer of its group."""
        return self.peer(device).ha_enabled and self.paired()


def state_sync_allowed(pair: HAPair, device: Device) -> bool:
    """Runtime state may flow over HA2: both peers have HA and state sync on, and HA2 is up."""
    both = pair.members
    return (
        pair.link_up("ha2")
        and all(d.ha_enabled for d in both)
        and all(d.ha_setting("group/state-synchronization/enabled") == "yes" for d in both)
    )


def same_software(pair: HAPair) -> bool:
    """HA1 carries configuration only between peers of one PAN-OS release: a mismatch (an
    upgrade half done) turns configuration sync off until both run the same release."""
    first, second = (d.identity.get("sw-version") for d in pair.members)
    return first == second


def config_sync_enabled(device: Device) -> bool:
    return device.ha_enabled and device.ha_setting("group/configuration-synchronization/enabled") == "yes"


def preemptive(device: Device) -> bool:
    return device.ha_setting("group/election-option/preemptive") == "yes"


def require_ha(device: Device) -> None:
    if not device.ha_enabled:
        raise HAError("HA not enabled")


def reachable_peer(pair: HAPair, device: Device) -> Device:
    """The peer, for a request that travels over HA1 (sync-to-remote, peer suspend)."""
    require_ha(device)
    if not pair.hears_peer(device):
        raise HAError("HA peer is not reachable: the HA1 control link is down")
    return pair.peer(device)
