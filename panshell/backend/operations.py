"""What an administrator does to a device that involves the whole lab: commit (and its HA sync),
importing a configuration."""
from __future__ import annotations

from typing import TYPE_CHECKING

from . import runtime
from .commit import commit_job
from .config import PanConfig
from .device import Device
from .ha import config_sync, election
from .jobs import Job
from .storage import RUNNING_CONFIG

if TYPE_CHECKING:
    from .lab import Lab


def commit(lab: Lab, device: Device, user: str, description: str = "") -> Job:
    """`commit`: a Commit job of the candidate; on success the peer gets it over HA1."""
    before, now = device.running, lab.clock.now()
    job = commit_job(device, "Commit", device.candidate.copy(), now, user=user, description=description)
    ok = job.result == "OK"
    lock = device.locks.get("config")
    if ok and lock is not None and lock.admin == user:
        del device.locks["config"]  # a commit releases its author's config lock
    device.logs.config(now, admin=user, command="commit", path="", result="Succeeded" if ok else "Failed")
    device.logs.system(now, event="commit", severity="informational" if ok else "high",
                       description=f"Commit job {job.id} {'succeeded' if ok else 'failed'} for user {user}")
    if ok and lab.pair is not None:
        config_sync.after_commit(lab.pair, device, before)
    return job


def import_config(lab: Lab, device: Device, config: PanConfig) -> None:
    """An exported PAN-OS config becomes the device's running (and candidate) config."""
    device.store.write(RUNNING_CONFIG, config.to_bytes())
    device.running, device.candidate = config, config.copy()
    runtime.invalidate(device)
    if lab.pair is not None:
        election.start(lab.pair)
