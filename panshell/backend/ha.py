"""High availability between the two firewalls: links, states, election, sync.

HA1 (control link) carries hellos and configuration sync; HA2 (data link)
carries runtime state (sessions, IPSec SAs, routes, ARP). Both are explicit
link objects of the lab that panshell's own controls can cut and restore.
"""
from __future__ import annotations

from dataclasses import dataclass

from .device import HA_PATH, Device

LINKS = ("ha1", "ha1-backup", "ha2")


@dataclass
class HALink:
    name: str
    up: bool = True


def new_links() -> dict[str, HALink]:
    return {name: HALink(name) for name in LINKS}


def control_link_up(lab) -> bool:
    """HA1 or its backup carries the peers' hellos and config sync."""
    return lab.links["ha1"].up or lab.links["ha1-backup"].up


def state_sync_allowed(lab, device: Device) -> bool:
    """Runtime state may flow over HA2: both peers have HA and state sync on, and HA2 is up."""
    peer = lab.peer(device)
    return (
        lab.links["ha2"].up
        and all(d.ha_enabled for d in (device, peer))
        and all(d.running.text(f"{HA_PATH}/group/state-synchronization/enabled") == "yes" for d in (device, peer))
    )
