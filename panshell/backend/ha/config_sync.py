"""HA1 configuration sync (see the package's docstring for the rules) and the sync-to-remote requests."""
from __future__ import annotations

from copy import deepcopy

from lxml import etree

from .. import candidate_file, runtime, schema
from ..commit import commit_job, running_bytes
from ..config import PanConfig
from ..device import Device
from ..jobs import Job
from ..synced import running_synced_view
from .election import settle
from .pair import GROUP, HAError, HAPair, config_sync_enabled, reachable_peer, same_software, state_sync_allowed
from .state_sync import ha2_sync, hand_over_state

def _local_parts(config: PanConfig) -> list[etree._Element]:
    """The device's own subtrees (schema `sync=local`: deviceconfig system, setting, HA)."""
    return [e for path in sorted(schema.index().local) for e in config.device.findall("/".join(path))]


def merged(received: bytes, own: PanConfig) -> PanConfig:
    """What a peer commits on sync: the received config (its bytes: parsed, where a copy would
    hold the interpreter lock throughout) with the peer's own device settings."""
    result = PanConfig.from_bytes(received)
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


def running_sync_state(pair: HAPair, device: Device) -> str:
    """`synchronized` when the synced parts are equal; peers of different PAN-OS releases are
    `not synchronized` whatever their configs (as a real pair shows mid-upgrade)."""
    same = same_software(pair) and running_synced_view(device) == running_synced_view(pair.peer(device))
    return "synchronized" if same else "not synchronized"


def _receive(pair: HAPair, peer: Device, sent: bytes) -> Job:
    """The peer's HA-Sync job: validate the running config sent (its bytes) with the peer's own
    settings, commit if valid."""
    with peer.guard.released():  # made from configs fixed while the sync has its turn
        received = merged(sent, peer.running)
        data = received.to_bytes()
        candidate = PanConfig.from_bytes(data)  # the peer's candidate, if the sync commits
    job = commit_job(peer, "HA-Sync", received, pair.clock.now(), replaces_candidate=True, data=data,
                     user="ha-peer")
    ok = job.result == "OK"
    outcome = "committed the running configuration from the peer" if ok else \
        "failed: configuration from the peer not committed"
    peer.logs.system(pair.clock.now(), event="ha-sync", subtype="ha", severity="informational" if ok else "high",
                     description=f"{GROUP}: HA-Sync job {job.id} {outcome}")
    if ok:
        _discard_candidate(pair, peer, job, candidate)
    runtime.count(peer, "ha_config_sync_recv")
    return job


def _discard_candidate(pair: HAPair, peer: Device, job: Job, candidate: PanConfig) -> None:
    """A committed HA-Sync leaves the peer's candidate equal to its new running config (candidate,
    a copy of it), as on PAN-OS, and the job removed the candidate's files; uncommitted changes
    there are discarded, and said so: a system log entry, and each of their authors' sessions is
    told at its next command (Session.execute)."""
    admins = tuple(sorted({admin for admin, _ in peer.pending}))
    peer.candidate, peer.pending = candidate, []
    peer.store.candidate_saved = candidate_file.on_disk(peer)
    if admins:
        peer.overwrites.append((job.id, admins))
        peer.logs.system(pair.clock.now(), event="ha-sync", subtype="ha", severity="medium",
                         description=f"{GROUP}: HA-Sync job {job.id} replaced the candidate configuration; "
                                     f"uncommitted changes by {', '.join(admins)} discarded")


def after_commit(pair: HAPair, device: Device, before: bytes) -> Job | None:
    """Sync a commit that changed the synchronized configuration (before: the old running
    config's running_synced_view) to the peer (over HA1)."""
    settle(pair, "Configuration change")
    hand_over_state(pair, device)
    peer = pair.peer(device)
    if not (config_sync_enabled(device) and config_sync_enabled(peer) and pair.paired() and same_software(pair)):
        return None
    with device.guard.released():  # both running configs are fixed while the commit has its turn
        local_only = before == running_synced_view(device)  # kept for show high-availability and the next commit
    if local_only:
        return None  # device-local settings only
    return _send(pair, device)


def _send(pair: HAPair, device: Device) -> Job:
    """The device's running config, over HA1 to the peer."""
    runtime.count(device, "ha_config_sync_sent")
    with device.guard.commit_turn():
        with device.guard.released():  # fixed while the sync has its turn; kept since the last commit
            sent = running_bytes(device)
        return _receive(pair, pair.peer(device), sent)


def _config_peer(pair: HAPair, device: Device) -> Device:
    """The peer, for a configuration pushed over HA1."""
    peer = reachable_peer(pair, device)
    if not same_software(pair):  # inferred text: the refusal exists (public prose), its words were not found
        raise HAError("Configuration synchronization is not allowed: the HA peer runs a different software version")
    return peer


def sync_running_config(pair: HAPair, device: Device) -> Job:
    """`request high-availability sync-to-remote running-config`."""
    _config_peer(pair, device)
    return _send(pair, device)


def sync_candidate_config(pair: HAPair, device: Device) -> None:
    """`... sync-to-remote candidate-config`: the peer's candidate takes our synced part."""
    peer = _config_peer(pair, device)
    peer.candidate = merged(device.candidate.to_bytes(), peer.candidate)
    runtime.count(device, "ha_config_sync_sent")


def sync_runtime_state(pair: HAPair, device: Device) -> int:
    """`... sync-to-remote runtime-state`: push the session table etc. over HA2."""
    peer = reachable_peer(pair, device)
    if not state_sync_allowed(pair, device):
        raise HAError("HA2 state synchronization is not available (disabled, or the HA2 link is down)")
    return ha2_sync(pair, device, peer)


def sync_disk_state(pair: HAPair, device: Device) -> None:
    """`... sync-to-remote disk-state`: named config files travel with the disk state."""
    peer = reachable_peer(pair, device)
    for name in device.store.named_configs():
        peer.store.save_named(name, device.store.load_named(name))
    runtime.count(device, "ha_disk_sync_sent")


def sync_clock(pair: HAPair, device: Device) -> None:
    """`... sync-to-remote clock`: the pair shares the lab's one clock already."""
    reachable_peer(pair, device)


def failed_sync_job(pair: HAPair, device: Device, reason: str) -> Job:
    """A sync that could not reach the peer ends as a failed job on the sender."""
    now = pair.clock.now()
    job = device.jobs.start("HA-Sync", now, user=device.name)
    job.finish(now, False, [reason])
    return job
