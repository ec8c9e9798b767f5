"""High availability between the two firewalls: links, states, election, sync.

HA1 (control link, with its backup) carries hellos and configuration sync; HA2
(data link) carries runtime state (sessions, IPSec SAs, routes, ARP). Both are
explicit link objects of the lab that panshell's own controls can cut.

Configuration sync follows PAN-OS's rules: Policy, Objects and Network travel
to the peer; the device's own Device-tab settings do not (`deviceconfig
system`, `deviceconfig setting` — jumbo frames among them — and `deviceconfig
high-availability`). The peer commits what it receives, with its own settings,
as an `HA-Sync` job: so a jumbo-frame MTU committed on one peer fails the
other's HA-Sync when the other is not in jumbo-frame mode.

A commit syncs to the peer when it changed the synchronized part of the
configuration; a commit of device-local settings only (jumbo frames, hostname,
HA settings) does not, so fixing one peer's local settings never pushes that
peer's older policy over the other's. Whether the pair is synchronized is
read from the two running configurations themselves.
"""
from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass

from lxml import etree

from .config import PanConfig
from .device import HA_PATH, Device
from .jobs import Job

LINKS = {"ha1": "HA1", "ha1-backup": "HA1 backup", "ha2": "HA2"}  # name -> how logs call it
DEVICE_LOCAL = ("system", "setting", "high-availability")  # under deviceconfig: never synced
GROUP = "HA Group 1"


class HAError(Exception):
    """An HA request that cannot be done; the message is the CLI's text."""


@dataclass
class HALink:
    name: str
    up: bool = True


def new_links() -> dict[str, HALink]:
    return {name: HALink(name) for name in LINKS}


def set_link(lab, name: str, up: bool) -> None:
    """Cut or restore an HA link (panshell's control); both sides log it and the pair re-elects."""
    link = lab.links[name]
    if link.up == up:
        return
    link.up = up
    change = f"{LINKS[name]} link {'up' if up else 'down'}"
    for device in lab.devices.values():
        if device.ha_enabled:
            device.logs.system(lab.clock.now(), event="link-change", subtype="ha",
                               severity="informational" if up else "critical", description=f"{GROUP}: {change}")
            lab.save_logs(device)
    settle(lab, change)


def set_port(lab, device: Device, port: str, up: bool) -> None:
    """Pull or plug a dataplane port's cable (panshell's control); link monitoring reacts."""
    if (port not in device.ports_down) == up:
        return
    (device.ports_down.discard if up else device.ports_down.add)(port)
    device.logs.system(lab.clock.now(), event="link-change", subtype="port",
                       severity="informational" if up else "critical",
                       object=port, description=f"Port {port}: {'Up' if up else 'Down'}")
    lab.save_logs(device)
    settle(lab, f"Port {port} {'up' if up else 'down'}")


def link_monitor_failed(device: Device) -> bool:
    """A link group fails when any (or all, per its condition) of its ports are down;
    the device fails on any failed group (or all of them)."""
    base = "group/monitoring/link-monitoring"
    if device.ha_setting(f"{base}/enabled", "no") != "yes":
        return False
    failed = []
    for group in device.running.entries(f"{HA_PATH}/{base}/link-group"):
        if group.findtext("enabled", "yes") != "yes":
            continue
        down = [m.text in device.ports_down for m in group.findall("interface/member")]
        if down:
            failed.append(all(down) if group.findtext("failure-condition", "any") == "all" else any(down))
    if not failed:
        return False
    return all(failed) if device.ha_setting(f"{base}/failure-condition", "any") == "all" else any(failed)


def control_link_up(lab) -> bool:
    """HA1 or its backup carries the peers' hellos and config sync."""
    return lab.links["ha1"].up or lab.links["ha1-backup"].up


def state_sync_allowed(lab, device: Device) -> bool:
    """Runtime state may flow over HA2: both peers have HA and state sync on, and HA2 is up."""
    peer = lab.peer(device)
    return (
        lab.links["ha2"].up
        and all(d.ha_enabled for d in (device, peer))
        and all(d.ha_setting("group/state-synchronization/enabled") == "yes" for d in (device, peer))
    )


def config_sync_enabled(device: Device) -> bool:
    return device.ha_enabled and device.ha_setting("group/configuration-synchronization/enabled", "yes") == "yes"


def preemptive(device: Device) -> bool:
    return device.ha_setting("group/election-option/preemptive", "no") == "yes"


# -- states -----------------------------------------------------------------


def _runtime():
    # imported late: runtime asks this module whether HA2 may carry state
    from . import runtime

    return runtime


def hand_over_state(lab, device: Device) -> None:
    """An active device with a passive peer pushes its runtime state over HA2 (if state sync allows)."""
    peer = lab.peer(device)
    if device.ha_state == "active" and peer.ha_state == "passive":
        _runtime().ha2_sync(lab, device, peer)


def set_state(lab, device: Device, state: str | None, reason: str, log: bool = True) -> None:
    """Move a device to a new HA state, recording the transition (and logging it)."""
    old = device.ha_state
    if old == state:
        return
    now = lab.clock.now()
    device.ha_state, device.ha_since, device.ha_reason = state, now, reason
    device.ha_transitions.append((now.isoformat(), old or "initial", state or "disabled", reason))
    if log and state:
        device.logs.system(
            now, event="state-change", subtype="ha", severity="critical",
            description=f"{GROUP}: Moved from state {(old or 'initial').capitalize()} to state {state.capitalize()}",
        )
        lab.save_logs(device)


def _rank(device: Device) -> tuple:
    return (device.ha_priority, device.identity.get("serial", device.name))


def settle(lab, reason: str, log: bool = True) -> None:
    """Bring both devices to the states the election rules give now."""
    for device in lab.devices.values():
        if not device.ha_enabled:
            set_state(lab, device, None, "HA disabled", log=False)
        elif device.ha_state is None:
            set_state(lab, device, "initial", "HA enabled", log=False)
        elif link_monitor_failed(device):
            if device.ha_state not in ("suspended", "non-functional"):
                hand_over_state(lab, device)
                set_state(lab, device, "non-functional", "Link Monitor Fail", log)
        elif device.ha_state == "non-functional":
            set_state(lab, device, "initial", "Link Monitor Recovered", log)
    members = [d for d in lab.devices.values() if d.ha_enabled]
    functional = [d for d in members if d.ha_state not in ("suspended", "non-functional")]
    if len(members) < 2 or not control_link_up(lab):
        # no peer to hear: every functional member must carry traffic itself
        for device in functional:
            set_state(lab, device, "active", "Peer down" if len(members) == 2 else reason, log)
        return
    active = [d for d in functional if d.ha_state == "active"]
    best = min(functional, key=_rank, default=None)
    if len(active) == 1:
        winner = active[0]
        if best is not winner and preemptive(best) and preemptive(winner):
            winner, reason = best, "Preemption"
    else:
        winner = best  # start-up, or both active after a split brain: the election decides
    if winner is None:
        return
    loser = lab.peer(winner)
    if winner.ha_state != "active" and winner.ha_state is not None and loser.ha_state == "active":
        _runtime().ha2_sync(lab, loser, winner)  # the outgoing active hands its sessions over
    if loser in functional:
        set_state(lab, loser, "passive", reason, log)
    set_state(lab, winner, "active", reason, log)


def start(lab) -> None:
    """The election of a pair that has just booted: initial, then active and passive."""
    for device in lab.devices.values():
        device.ha_state = "initial" if device.ha_enabled else None
        device.ha_since = lab.clock.now()
    settle(lab, "Startup", log=False)
    for device in lab.devices.values():
        hand_over_state(lab, device)


def require_ha(device: Device) -> None:
    if not device.ha_enabled:
        raise HAError("HA not enabled")


def suspend(lab, device: Device) -> str:
    require_ha(device)
    if device.ha_state == "suspended":
        return "HA state is already suspended"
    hand_over_state(lab, device)
    set_state(lab, device, "suspended", "User requested")
    settle(lab, "Peer suspended")
    return "Successfully changed HA state to suspended"


def functional(lab, device: Device) -> str:
    require_ha(device)
    if device.ha_state != "suspended":
        return "HA state is already functional"
    set_state(lab, device, "initial", "User requested")
    settle(lab, "User requested")
    return "Successfully changed HA state to functional"


# -- configuration sync -------------------------------------------------------


def _local_parts(config: PanConfig) -> list[etree._Element]:
    deviceconfig = config.find("deviceconfig")
    return [] if deviceconfig is None else [e for e in deviceconfig if e.tag in DEVICE_LOCAL]


def synced_view(config: PanConfig) -> bytes:
    """The part of a configuration that HA synchronizes, canonically serialized (read in place:
    `show high-availability` and every commit compare two of these)."""
    parts = [e for e in config.root if e.tag != "devices"]
    for element in config.device:
        parts += [e for e in element if e.tag not in DEVICE_LOCAL] if element.tag == "deviceconfig" else [element]
    return b"".join(etree.tostring(e, method="c14n") for e in parts)


def merged(received: PanConfig, own: PanConfig) -> PanConfig:
    """What a peer commits on sync: the received config with the peer's own device settings."""
    result = received.copy()
    for element in _local_parts(result):
        element.getparent().remove(element)
    mine = _local_parts(own)
    if mine:
        deviceconfig = result.find("deviceconfig")
        if deviceconfig is None:
            deviceconfig = etree.SubElement(result.device, "deviceconfig")
        for position, element in enumerate(mine):
            deviceconfig.insert(position, deepcopy(element))
    return result


def running_sync_state(lab, device: Device) -> str:
    return "synchronized" if synced_view(device.running) == synced_view(lab.peer(device).running) else "not synchronized"


def _receive(lab, peer: Device, config: PanConfig) -> Job:
    """The peer's HA-Sync job: validate with its own settings, commit if valid."""
    from .commit import commit_job  # commit syncs through this module

    job = commit_job(lab, peer, "HA-Sync", merged(config, peer.running), user="ha-peer")
    if job.result == "OK":
        peer.candidate = peer.running.copy()
        _runtime().invalidate(peer)
        outcome = "committed the running configuration from the peer"
    else:
        outcome = "failed: configuration from the peer not committed"
    peer.logs.system(lab.clock.now(), event="ha-sync", subtype="ha", severity="informational" if job.result == "OK" else "high",
                     description=f"{GROUP}: HA-Sync job {job.id} {outcome}")
    lab.save_logs(peer)
    _runtime().count(peer, "ha_config_sync_recv")
    return job


def _reachable_peer(lab, device: Device) -> Device:
    require_ha(device)
    peer = lab.peer(device)
    if not peer.ha_enabled or not control_link_up(lab):
        raise HAError("HA peer is not reachable: the HA1 control link is down")
    return peer


def after_commit(lab, device: Device, before: PanConfig) -> Job | None:
    """Sync a commit that changed the synchronized configuration to the peer (over HA1)."""
    _runtime().invalidate(device)
    settle(lab, "Configuration change")
    hand_over_state(lab, device)
    if not (config_sync_enabled(device) and config_sync_enabled(lab.peer(device)) and control_link_up(lab)):
        return None
    if synced_view(before) == synced_view(device.running):
        return None  # device-local settings only
    return _send(lab, device, device.running)


def _send(lab, device: Device, config: PanConfig) -> Job:
    _runtime().count(device, "ha_config_sync_sent")
    return _receive(lab, lab.peer(device), config)


def sync_running_config(lab, device: Device) -> Job:
    """`request high-availability sync-to-remote running-config`."""
    _reachable_peer(lab, device)
    return _send(lab, device, device.running)


def sync_candidate_config(lab, device: Device) -> None:
    """`... sync-to-remote candidate-config`: the peer's candidate takes our synced part."""
    peer = _reachable_peer(lab, device)
    peer.candidate = merged(device.candidate, peer.candidate)
    _runtime().count(device, "ha_config_sync_sent")


def sync_runtime_state(lab, device: Device) -> int:
    """`... sync-to-remote runtime-state`: push the session table etc. over HA2."""
    peer = _reachable_peer(lab, device)
    if not state_sync_allowed(lab, device):
        raise HAError("HA2 state synchronization is not available (disabled, or the HA2 link is down)")
    return _runtime().ha2_sync(lab, device, peer)


def sync_disk_state(lab, device: Device) -> None:
    """`... sync-to-remote disk-state`: named config files travel with the disk state."""
    peer = _reachable_peer(lab, device)
    for name in lab.named_configs(device):
        lab.save_named(peer, name, lab.load_named(device, name))
    _runtime().count(device, "ha_disk_sync_sent")


def sync_clock(lab, device: Device) -> None:
    """`... sync-to-remote clock`: the pair shares the lab's one clock already."""
    _reachable_peer(lab, device)


def failed_sync_job(lab, device: Device, reason: str) -> Job:
    """A sync that could not reach the peer ends as a failed job on the sender."""
    now = lab.clock.now()
    job = device.jobs.start("HA-Sync", now, user=device.name)
    job.finish(now, False, [reason])
    lab.save_jobs(device)
    return job
