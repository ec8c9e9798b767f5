"""What an administrator does to a device that involves the whole lab: commit (and its HA sync),
importing a configuration, updates that may go to the peer too, a restart."""
from __future__ import annotations

from typing import TYPE_CHECKING

from . import candidate_file, locks, partial, runtime, software
from .commit import commit_job, running_bytes
from .config import PanConfig
from .device import Device
from .edits import EditError, Editor
from .ha import config_sync, election, faults
from .ha.pair import reachable_peer
from .jobs import Job
from .partial import Scope
from .synced import running_synced_view

if TYPE_CHECKING:
    from .lab import Lab


class NoChanges(EditError):
    """A commit with nothing in it (and no force)."""

    def __init__(self):
        super().__init__("There are no changes to commit.")


def commit(lab: Lab, device: Device, editor: Editor, description: str = "", scope: Scope = Scope(),
           force: bool = False) -> Job:
    """`commit` (from the CLI or the API), of the whole candidate or of a partial scope: nothing
    to commit (NoChanges), or another administrator's commit or config lock (EditError), stops it;
    else a Commit job, and on success the peer gets the new running config over HA1. Commits take
    turns; other commands run while one validates."""
    with device.guard.commit_turn():
        return _commit(lab, device, editor, description, scope, force)


def _commit(lab: Lab, device: Device, editor: Editor, description: str, scope: Scope, force: bool) -> Job:
    user = editor.admin
    whole = scope == Scope()
    # the whole candidate is serialized here and parsed with the guard released (a copy would hold the interpreter lock)
    config = None if whole else partial.scoped(device.running, device.candidate, device.pending, scope)
    data = device.candidate.to_bytes() if whole else None
    taken = len(device.pending)  # the changes in config: those made from now on stay to commit
    with device.guard.released():  # both are fixed while this commit has its turn
        data = data or config.to_bytes()
        unchanged = data == running_bytes(device)
        if force or not unchanged:
            if config is None:
                config = PanConfig.from_bytes(data)
            before = running_synced_view(device) if lab.pair is not None else b""  # kept since the last commit
    if unchanged and not force:
        raise NoChanges()
    try:
        locks.check_commit(device, user)
    except locks.LockError as exc:
        raise EditError(str(exc)) from None
    now = lab.clock.now()
    job = commit_job(device, "Commit", config, now, data=data, user=user, description=description)
    ok = job.result == "OK"
    if ok:  # changes made while the job ran were not in it: they stay to commit
        device.pending = partial.left_after(device.pending[:taken], scope) + device.pending[taken:]
    lock = device.locks.get("config")
    if ok and lock is not None and lock.admin == user:
        del device.locks["config"]  # a commit releases its author's config lock
    device.logs.config(now, admin=user, command="commit", path="", client=editor.client, host=editor.host,
                       result="Succeeded" if ok else "Failed")
    device.logs.system(now, event="commit", severity="informational" if ok else "high",
                       description=f"Commit job {job.id} {'succeeded' if ok else 'failed'} for user {user}")
    if ok and lab.pair is not None:
        config_sync.after_commit(lab.pair, device, before)
    return job


def import_config(lab: Lab, device: Device, config: PanConfig) -> None:
    """An exported PAN-OS config becomes the device's running (and candidate) config."""
    with device.guard.commit_turn():
        device.store.write_running(config.to_bytes(), replaces_candidate=True)
        device.running, device.candidate, device.pending = config, config.copy(), []
        device.store.candidate_saved = candidate_file.on_disk(device)
        runtime.invalidate(device)
        if lab.pair is not None:
            election.start(lab.pair)


def update(lab: Lab, device: Device, action: str, kind: str, version: str, user: str, to_peer: bool) -> Job:
    """`request system software|content upgrade|anti-virus upgrade download|install`; with
    `sync-to-peer yes` the release goes to the peer over HA1 (which must reach it) and is
    installed there too."""
    release = software.resolve(device, kind, action, version)
    peer = reachable_peer(lab.pair, device) if to_peer and lab.pair else None
    if action == "download":
        job = software.download(device, release, lab.clock.now(), user)
        if peer is not None:
            software.receive(peer, release)
        return job
    job = software.install(device, release, lab.clock.now(), user)
    if peer is not None:
        software.receive(peer, release)
        software.install(peer, release, lab.clock.now(), user)
    return job


def restart(lab: Lab, device: Device) -> None:
    """`request restart system`: dark, then booting the release installed since the last restart."""
    if lab.pair is None:  # a lone device: nothing else notices
        software.boot_installed(device)
        device.boot, device.runtime = lab.clock.now(), None
        device.power_ons += 1
        return
    faults.power(lab.pair, device, False)
    software.boot_installed(device)
    faults.power(lab.pair, device, True)
