"""Each device's job table (commits, HA syncs ...), kept with the lab."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import datetime

COMMIT_OK = "Configuration committed successfully"
COMMIT_FAILED = "Commit failed"


@dataclass
class Job:
    id: int
    type: str  # Commit, HA-Sync, AutoCom ...
    enqueued: str  # ISO-8601, UTC
    dequeued: str
    completed: str | None = None
    status: str = "ACT"  # ACT, PEND, FIN
    result: str = "PEND"  # PEND, OK, FAIL
    warnings: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    description: str = ""
    user: str = ""

    def finish(self, at: datetime, ok: bool, details: list[str]) -> None:
        self.completed = at.isoformat()
        self.status, self.result = "FIN", "OK" if ok else "FAIL"
        self.details = details


class JobTable:
    def __init__(self, jobs: list[Job] | None = None):
        self.jobs = jobs or []
        self.dirty = False  # a job was added since the table was last saved

    @property
    def next_id(self) -> int:
        return self.jobs[-1].id + 1 if self.jobs else 1

    def start(self, job_type: str, at: datetime, **fields) -> Job:
        job = Job(self.next_id, job_type, at.isoformat(), at.isoformat(), **fields)
        self.jobs.append(job)
        self.dirty = True
        return job

    def get(self, job_id: int) -> Job | None:
        return next((j for j in self.jobs if j.id == job_id), None)

    def to_bytes(self) -> bytes:
        return json.dumps([asdict(j) for j in self.jobs], indent=1).encode()

    @classmethod
    def from_bytes(cls, data: bytes) -> JobTable:
        return cls([Job(**j) for j in json.loads(data)])
