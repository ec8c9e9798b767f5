"""HA2: the active member's runtime state (sessions, SAs, routes, ARP) copied to the passive."""
from __future__ import annotations

from .. import runtime
from ..device import Device
from .pair import HAPair, state_sync_allowed


def ha2_sync(pair: HAPair, active: Device, passive: Device) -> int:
    """Send the active's sessions, SAs, routes and ARP entries to the passive over HA2, if allowed.

    Returns how many sessions were sent (0, changing nothing, when state sync is not allowed)."""
    if not state_sync_allowed(pair, active):
        return 0
    state = runtime.tables(active).snapshot()
    runtime.tables(passive).receive(state)
    sizes = {"state": 1, "sess": len(state.sessions), "ipsec": len(state.ike_sas) + len(state.ipsec_sas),
             "route": len(state.routes), "arp": len(state.arp)}
    for kind, n in sizes.items():
        runtime.count(active, f"ha_{kind}_sync_sent", n)
        runtime.count(passive, f"ha_{kind}_sync_recv", n)
    return len(state.sessions)


def hand_over_state(pair: HAPair, device: Device) -> None:
    """An active device with a passive peer pushes its runtime state over HA2 (if state sync allows)."""
    peer = pair.peer(device)
    if device.ha_state == "active" and peer.ha_state == "passive":
        ha2_sync(pair, device, peer)
