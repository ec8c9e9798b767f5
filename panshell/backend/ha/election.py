"""HA states and the election: initial, active, passive, suspended, non-functional.

A member that has just booted stays `initial` until it has heard its peer's hellos
(BOOT_HOLD on the lab clock), then joins the election. A member whose monitoring failed
goes non-functional and returns through `initial` once its links and paths are back.
"""
from __future__ import annotations

from datetime import timedelta

from ..device import Device
from .monitor import monitor_failure
from .pair import GROUP, HAPair, preemptive, reachable_peer, require_ha
from .state_sync import ha2_sync, hand_over_state

BOOT_HOLD = timedelta(seconds=8)  # one hello interval (`Hello Message Interval: 8000 ms`)
PREEMPTION_HOLD = timedelta(minutes=1)  # `Preemption Hold Interval: 1 min`: a preempting peer waits this long as passive
MAX_FLAPS = 3  # `Max # of Flaps: 3`: more preemptions or non-functional states than this suspend the device
LOOPS = ("Preemption", "Non-functional")  # what a flap suspension names: more preemptions, or non-functional states


def set_state(pair: HAPair, device: Device, state: str | None, reason: str, log: bool = True) -> None:
    """Move a device to a new HA state, recording the transition (and logging it)."""
    old = device.ha_state
    if old == state:
        return
    now = pair.clock.now()
    device.ha_state, device.ha_since, device.ha_reason = state, now, reason
    device.ha_transitions.append((now.isoformat(), old or "initial", state or "disabled", reason))
    if log and state:
        device.logs.system(
            now, event="state-change", subtype="ha", severity="critical",
            description=f"{GROUP}: Moved from state {(old or 'initial').capitalize()} to state {state.capitalize()}",
        )


def flap_counts(device: Device) -> tuple[int, int]:
    """Preemptions and non-functional states since the flap counters were last reset."""
    since = device.ha_transitions[device.flaps_from:]
    return (sum(1 for _, _, new, reason in since if new == "active" and reason == "Preemption"),
            sum(1 for _, _, new, _ in since if new == "non-functional"))


def _flapped(pair: HAPair, device: Device) -> None:
    """A device that flapped more than MAX_FLAPS times suspends itself. The State Reasons
    (`Preemption loop detected`, `Non-functional loop detected`) are the KB's; the log line
    follows the KB's verbatim tentative-loop line, and its event id for a preemption loop is inferred."""
    counts = flap_counts(device)
    if max(counts) <= MAX_FLAPS or device.ha_state == "suspended":
        return
    loop = LOOPS[0] if counts[0] > MAX_FLAPS else LOOPS[1]
    device.logs.system(
        pair.clock.now(), event="preempt-loop" if loop == LOOPS[0] else "non-func-loop", subtype="ha",
        severity="critical",
        description=f"{GROUP}: Going to Suspended state due to detection of a {loop} loop after {MAX_FLAPS} loops allowed")
    hand_over_state(pair, device)
    set_state(pair, device, "suspended", f"{loop} loop detected")


def _rank(device: Device) -> tuple:
    return (device.ha_priority, device.identity.get("serial", device.name))


def _booting(pair: HAPair, device: Device) -> bool:
    if device.hold_until is not None and pair.clock.now() >= device.hold_until:
        device.hold_until = None
    return device.hold_until is not None


def settle(pair: HAPair, reason: str, log: bool = True) -> None:
    """Bring both members to the states the election rules give now."""
    for device in pair.members:
        failure = device.powered and device.ha_enabled and device.ha_state is not None and monitor_failure(device)
        if not device.powered:
            continue
        if not device.ha_enabled:
            set_state(pair, device, None, "HA disabled", log=False)
        elif device.ha_state is None:
            set_state(pair, device, "initial", "HA enabled", log=False)
        elif failure:
            if device.ha_state not in ("suspended", "non-functional"):
                hand_over_state(pair, device)
                set_state(pair, device, "non-functional", f"{failure} Monitor Fail", log)
                _flapped(pair, device)
        elif device.ha_state == "non-functional":
            set_state(pair, device, "initial", device.ha_reason.replace("Fail", "Recovered"), log)
    enabled = [d for d in pair.members if d.ha_enabled]
    members = [d for d in enabled if d.powered and not _booting(pair, d)]
    functional = [d for d in members if d.ha_state not in ("suspended", "non-functional")]
    if len(members) < 2 or not pair.paired():
        # no peer to hear: every functional member must carry traffic itself
        for device in functional:
            set_state(pair, device, "active", "Peer down" if len(enabled) == 2 else reason, log)
        return
    active = [d for d in functional if d.ha_state == "active"]
    best = min(functional, key=_rank, default=None)
    if len(active) == 1:
        winner = active[0]
        if _preempts(pair, best, winner):
            winner, reason = best, "Preemption"
    else:
        winner = best  # start-up, or both active after a split brain: the election decides
    if winner is None:
        return
    loser = pair.peer(winner)
    if winner.ha_state != "active" and winner.ha_state is not None and loser.ha_state == "active":
        ha2_sync(pair, loser, winner)  # the outgoing active hands its sessions over
    joins = loser in functional and loser.ha_state != "passive"
    if loser in functional:
        set_state(pair, loser, "passive", reason, log)
    set_state(pair, winner, "active", reason, log)
    if joins:
        ha2_sync(pair, winner, loser)  # a new passive gets the active's whole state
    if reason == "Preemption" and max(flap_counts(winner)) > MAX_FLAPS:
        _flapped(pair, winner)
        settle(pair, "Peer suspended", log)


def _preempts(pair: HAPair, best: Device, active: Device) -> bool:
    """The better-ranked peer takes the active role back once it has waited PREEMPTION_HOLD as passive."""
    return (best is not active and preemptive(best) and preemptive(active) and best.ha_state == "passive"
            and pair.clock.now() - best.ha_since >= PREEMPTION_HOLD)


def tick(pair: HAPair) -> None:
    """Around each command: a member whose boot hold ran out joins the election; a preemption
    whose hold ran out happens. (Cheap checks first: this runs twice per command.)"""
    now = pair.clock.now()
    for device in pair.members:  # loops, not generators: this runs twice for every command
        if device.hold_until is not None and now >= device.hold_until:
            settle(pair, "Startup")
            break
    for waited in pair.members:
        if waited.powered and waited.ha_state == "passive" and now - waited.ha_since >= PREEMPTION_HOLD:
            break
    else:
        return
    if not preemptive(waited):
        return
    active = pair.peer(waited)
    if active.powered and active.ha_state == "active" and pair.paired() and _preempts(pair, min(pair.members, key=_rank), active):
        settle(pair, "Preemption")


def start(pair: HAPair) -> None:
    """The election of a pair that has just booted: initial, then active and passive."""
    for device in pair.members:
        device.ha_state = "initial" if device.ha_enabled else None
        device.ha_since = pair.clock.now()
    settle(pair, "Startup", log=False)  # the new passive gets the active's state over HA2


def boot(pair: HAPair, device: Device) -> None:
    """A member that was powered on: `initial` until it has heard its peer (BOOT_HOLD)."""
    now = pair.clock.now()
    device.ha_state, device.ha_since, device.ha_reason = ("initial" if device.ha_enabled else None), now, ""
    if device.ha_enabled:
        device.hold_until = now + BOOT_HOLD
    settle(pair, "Startup")


def suspend(pair: HAPair, device: Device) -> str:
    require_ha(device)
    if device.ha_state == "suspended":
        return "HA state is already suspended"
    hand_over_state(pair, device)
    set_state(pair, device, "suspended", "User requested")
    settle(pair, "Peer suspended")
    return "Successfully changed HA state to suspended"


def peer_request(pair: HAPair, device: Device, suspend_peer: bool) -> str:
    """`request high-availability state peer suspend|functional`: asked of the peer over HA1."""
    return (suspend if suspend_peer else functional)(pair, reachable_peer(pair, device))


def functional(pair: HAPair, device: Device) -> str:
    require_ha(device)
    if device.ha_state != "suspended":
        return "HA state is already functional"
    device.flaps_from = len(device.ha_transitions)  # the flap counters start again
    set_state(pair, device, "initial", "User requested")
    settle(pair, "User requested")
    return "Successfully changed HA state to functional"
