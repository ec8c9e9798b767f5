"""Commit: validate a device's candidate, make it running (durably), record the job."""
from __future__ import annotations

from . import ha
from .device import Device
from .jobs import Job
from .lab import Lab
from .validate import validate

COMMIT_OK = "Configuration committed successfully"
COMMIT_FAILED = "Commit failed"


def commit(lab: Lab, device: Device, user: str, description: str = "") -> Job:
    """Run a Commit job on the device; on failure the running config is untouched."""
    now = lab.clock.now()
    job = device.jobs.start("Commit", now, user=user, description=description)
    errors, before = validate(device.candidate), device.running
    if errors:
        job.finish(now, False, errors + [COMMIT_FAILED])
    else:
        running = device.candidate.copy()
        lab.save(device, running)  # on disk first: a crash here leaves the old running config
        device.running = running
        job.finish(now, True, [COMMIT_OK])
        lock = device.locks.get("config")
        if lock is not None and lock.admin == user:
            del device.locks["config"]  # a commit releases its author's config lock
    lab.save_jobs(device)
    ok = job.result == "OK"
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
