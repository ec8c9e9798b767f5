"""panshell's faults: what an instructor (or a test) does to the pair's cables and power.

One vocabulary, used by `panshell lab fault` and by transcripts' `#!` directives:

    ha1|ha1-backup|ha2 down|up          pull or plug an HA link's cable
    DEVICE port INTERFACE down|up       pull or plug a dataplane port's cable (link monitoring)
    DEVICE path ADDRESS down|up         a path-monitor destination stops (or starts) answering
    DEVICE power off|on                 power a member off, or on (it boots through `initial`)

The pair reacts by its own rules: both HA1 links gone is a split brain, a failed link or path
group makes its member non-functional, a powered-off member's links are dark from both ends.
"""
from __future__ import annotations

from dataclasses import dataclass
from ipaddress import ip_address

from .. import runtime
from ..device import Device
from ..interfaces import interface_tables
from ..jobs import COMMIT_OK
from .election import boot, settle
from .state_sync import hand_over_state
from .pair import GROUP, LINKS, HAPair

class FaultError(Exception):
    """A fault that cannot be applied; the message says why (and lists the valid ones)."""


@dataclass(frozen=True)
class Fault:
    kind: str  # link, port, path or power
    target: str  # the link, interface or address ("" for power)
    up: bool  # plugged in / answering / powered on
    device: str = ""  # the member (every kind but link)


def vocabulary(device_names: list[str]) -> str:
    names = "|".join(device_names)
    return "\n".join([f"  {'|'.join(LINKS)} down|up", f"  {names} port <interface> down|up",
                      f"  {names} path <ip-address> down|up", f"  {names} power off|on"])


def parse(words: list[str], device_names: list[str]) -> Fault:
    """A fault from its words; FaultError lists the valid faults when the words are not one."""
    if len(words) == 2 and words[0] in LINKS and words[1] in ("down", "up"):
        return Fault("link", words[0], words[1] == "up")
    if len(words) == 3 and words[0] in device_names and words[1] == "power" and words[2] in ("off", "on"):
        return Fault("power", "", words[2] == "on", words[0])
    if len(words) == 4 and words[0] in device_names and words[1] in ("port", "path") and words[3] in ("down", "up"):
        if words[1] == "path":
            try:
                ip_address(words[2])
            except ValueError:
                raise FaultError(f"not an IP address: {words[2]}") from None
        return Fault(words[1], words[2], words[3] == "up", words[0])
    raise FaultError(f"unknown fault {' '.join(words)!r}; the faults are:\n{vocabulary(device_names)}")


def _member(pair: HAPair, name: str) -> Device:
    return next(d for d in pair.members if d.name == name)


def apply(pair: HAPair, fault: Fault) -> str:
    """Apply a fault; returns what happened, in one line. Applying a fault twice changes nothing."""
    links_before = {name: pair.link_up(name) for name in LINKS}
    if fault.kind == "link":
        pair.cables[fault.target] = fault.up
        _log_links(pair, links_before)
        settle(pair, f"{LINKS[fault.target]} link {'up' if fault.up else 'down'}")
        if fault.target == "ha2" and pair.link_up("ha2") and not links_before["ha2"]:
            for device in pair.members:  # HA2 back: the active sends its whole state again
                hand_over_state(pair, device)
        return f"{LINKS[fault.target]} link {'up' if pair.cables[fault.target] else 'down'}"
    device = _member(pair, fault.device)
    if fault.kind == "power":
        return power(pair, device, fault.up)
    if fault.kind == "port":
        if fault.target not in {hw.name for hw in interface_tables(device).hardware}:
            raise FaultError(f"{device.name} has no port {fault.target}")
        changed = _set(device.ports_down, fault.target, fault.up)
        if changed and device.powered:
            device.logs.system(pair.clock.now(), event="link-change", subtype="port",
                               severity="informational" if fault.up else "critical", object=fault.target,
                               description=f"Port {fault.target}: {'Up' if fault.up else 'Down'}")
    else:
        _set(device.paths_down, fault.target, fault.up)
    settle(pair, f"{'Port' if fault.kind == 'port' else 'Path'} {fault.target} {'up' if fault.up else 'down'}")
    answering = "answering" if fault.kind == "path" else "up"
    return f"{device.name} {fault.kind} {fault.target} {answering if fault.up else 'down'}"


def _set(down: set, item: str, up: bool) -> bool:
    """Mark item up (out of the down set) or down; whether that changed anything."""
    if (item not in down) == up:
        return False
    (down.discard if up else down.add)(item)
    return True


def _log_links(pair: HAPair, before: dict[str, bool]) -> None:
    """Each powered HA member logs the HA links whose state changed."""
    now = pair.clock.now()
    for name, was_up in before.items():
        up = pair.link_up(name)
        if up == was_up:
            continue
        for device in pair.members:
            if device.powered and device.ha_enabled:
                device.logs.system(now, event=f"{name[:3]}-link-change", subtype="ha",  # ha1-/ha2-link-change
                                   severity="informational" if up else "critical",
                                   description=f"{GROUP}: {LINKS[name]} link {'up' if up else 'down'}")


def power(pair: HAPair, device: Device, on: bool) -> str:
    """Power a member off or on (a fault, or half of `request restart system`)."""
    links_before = {name: pair.link_up(name) for name in LINKS}
    if device.powered == on:
        return f"{device.name} is already powered {'on' if on else 'off'}"
    device.powered = on
    if on:
        now = pair.clock.now()
        device.power_ons += 1
        device.boot, device.runtime = now, None  # the dataplane starts empty
        device.jobs.start("AutoCom", now).finish(now, True, [COMMIT_OK])
        runtime.invalidate(device)
        _log_links(pair, links_before)
        boot(pair, device)
        return f"{device.name} powered on: booting"
    _log_links(pair, links_before)
    settle(pair, "Peer down")
    return f"{device.name} powered off"
