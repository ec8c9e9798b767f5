"""Commit: validate a device's candidate, make it running (durably), record the job."""
from __future__ import annotations

from . import ha
from .config import PanConfig
from .device import Device
from .jobs import COMMIT_FAILED, COMMIT_OK, Job
from .lab import Lab
from .validate import validate


def commit_job(lab: Lab, device: Device, job_type: str, config: PanConfig, **fields) -> Job:
    """A job that validates config and, when it is valid, makes it the device's running
    config; on failure the running config is untouched."""
    now = lab.clock.now()
    job = device.jobs.start(job_type, now, **fields)
    errors = validate(config)
    if errors:
        job.finish(now, False, errors + [COMMIT_FAILED])
    else:
        lab.save(device, config)  # on disk first: a crash here leaves the old running config
        device.running = config
        job.finish(now, True, [COMMIT_OK])
    lab.save_jobs(device)
    return job


def commit(lab: Lab, device: Device, user: str, description: str = "") -> Job:
    """`commit`: a Commit job of the candidate; on success the peer gets it over HA1."""
    before = device.running
    job = commit_job(lab, device, "Commit", device.candidate.copy(), user=user, description=description)
    ok, now = job.result == "OK", lab.clock.now()
    lock = device.locks.get("config")
    if ok and lock is not None and lock.admin == user:
        del device.locks["config"]  # a commit releases its author's config lock
    device.logs.config(now, admin=user, command="commit", path="", result="Succeeded" if ok else "Failed")
    device.logs.system(now, event="commit", severity="informational" if ok else "high",
                       description=f"Commit job {job.id} {'succeeded' if ok else 'failed'} for user {user}")
    lab.save_logs(device)
    if ok:
        ha.after_commit(lab, device, before)
    return job


def validate_job(lab: Lab, device: Device, user: str) -> Job:
    """`validate full`: a Validate job that checks the candidate and changes nothing."""
    now = lab.clock.now()
    job = device.jobs.start("Validate", now, user=user)
    errors = validate(device.candidate)
    job.finish(now, not errors, errors or ["Configuration is valid"])
    lab.save_jobs(device)
    return job
