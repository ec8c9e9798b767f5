"""Commit jobs: validate a configuration, make it a device's running config (durably), record the job.

The validation and the write run with the lab's guard released (backend/guard.py): a job's
configuration is its own copy, and the caller holds the lab's commit turn."""
from __future__ import annotations

from datetime import datetime

from . import offload, runtime
from .config import PanConfig
from .derived import derived
from .device import Device
from .jobs import COMMIT_FAILED, COMMIT_OK, Job
from .synced import running_synced_view
from .validate import validate


@derived(lambda device: device.running)
def running_bytes(device: Device) -> bytes:
    """The running config serialized (as a commit wrote it)."""
    return device.running.to_bytes()


def commit_job(device: Device, job_type: str, config: PanConfig, now: datetime,
               replaces_candidate: bool = False, data: bytes | None = None, **fields) -> Job:
    """A job that validates config (data: its bytes, if the caller has them) and, when it is
    valid, makes it the device's running config (and, replaces_candidate, the caller makes it
    the candidate too: an HA-Sync); on failure the running config is untouched."""
    job = device.jobs.start(job_type, now, **fields)
    known = runtime.facts(device)
    with device.guard.released():  # config is this commit's own copy: other sessions work on meanwhile
        data = data or config.to_bytes()
        errors, view, built = offload.checked(config, data, known)
        staged = None if errors else device.store.stage_running(data)
    if errors:
        job.finish(now, False, errors + [COMMIT_FAILED])
    else:  # on disk first (a kill before leaves the old one); held, so no edit saves the candidate meanwhile
        device.store.install_running(staged, replaces_candidate)
        device.running = config
        running_bytes.remember(device, data)
        if view is not None:
            running_synced_view.remember(device, view)
        runtime.invalidate(device, now, built if runtime.facts(device) == known else None)
        job.finish(now, True, [COMMIT_OK])
    return job


def validate_job(device: Device, user: str, now: datetime) -> Job:
    """`validate full`: a Validate job that checks the candidate and changes nothing."""
    job = device.jobs.start("Validate", now, user=user)
    candidate = device.candidate.copy()
    with device.guard.released():
        errors = validate(candidate)
    job.finish(now, not errors, errors or ["Configuration is valid"])
    return job
