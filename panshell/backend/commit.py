"""Commit jobs: validate a configuration, make it a device's running config (durably), record the job."""
from __future__ import annotations

from datetime import datetime

from . import runtime
from .config import PanConfig
from .device import Device
from .jobs import COMMIT_FAILED, COMMIT_OK, Job
from .storage import RUNNING_CONFIG
from .validate import validate


def commit_job(device: Device, job_type: str, config: PanConfig, now: datetime, **fields) -> Job:
    """A job that validates config and, when it is valid, makes it the device's running
    config; on failure the running config is untouched."""
    job = device.jobs.start(job_type, now, **fields)
    errors = validate(config)
    if errors:
        job.finish(now, False, errors + [COMMIT_FAILED])
    else:
        device.store.write(RUNNING_CONFIG, config.to_bytes())  # on disk first: a crash here leaves the old one
        device.running = config
        runtime.invalidate(device, now)
        job.finish(now, True, [COMMIT_OK])
    return job


def validate_job(device: Device, user: str, now: datetime) -> Job:
    """`validate full`: a Validate job that checks the candidate and changes nothing."""
    job = device.jobs.start("Validate", now, user=user)
    errors = validate(device.candidate)
    job.finish(now, not errors, errors or ["Configuration is valid"])
    return job
