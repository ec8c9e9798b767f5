"""`show jobs`: PAN-OS 7.1+'s fixed-width job table."""
from __future__ import annotations

from datetime import datetime

from ..backend.jobs import Job
from . import local_time

HEADER = (
    "Enqueued              Dequeued           ID  PositionInQ                              Type"
    "                         Status Result Completed"
)
RULE = "-" * 138


def _time(iso: str, timezone: str) -> datetime:
    return local_time(datetime.fromisoformat(iso), timezone)


def job_row(job: Job, timezone: str) -> str:
    enqueued = _time(job.enqueued, timezone)
    dequeued = _time(job.dequeued, timezone)
    completed = f"{_time(job.completed, timezone):%H:%M:%S}" if job.completed else "0%"
    return (
        f"{enqueued:%Y/%m/%d %H:%M:%S}   {dequeued:%H:%M:%S}{job.id:>13}{job.type:>47}"
        f"{job.status:>31}{job.result:>7} {completed}"
    )


def job_table(jobs: list[Job], timezone: str) -> str:
    """Newest first, as PAN-OS lists them."""
    rows = [job_row(job, timezone) for job in reversed(jobs)]
    return "\n" + "\n".join([HEADER, RULE, *rows]) + "\n\n\n"


def job_detail(job: Job, timezone: str) -> str:
    lines = [HEADER, RULE, job_row(job, timezone), "Warnings:" + "\n".join(job.warnings)]
    lines.append("Details:" + "\n".join(job.details))
    return "\n" + "\n".join(lines) + "\n\n"
