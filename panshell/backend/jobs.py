"""Each device's job table (commits, HA syncs ...), kept with the lab.

PAN-OS keeps a bounded job history (`show jobs all` lists the recent jobs, not every job since
the box was made); how many it keeps is not published, so JOB_CAP is a stand-in. On disk the
table is a journal, a JSON line per job written when the job is added or changes (the last line
of an id wins), rewritten from what is kept once it passes JOURNAL_LIMIT lines: saving costs what
changed, however many jobs the device has run.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import datetime

from .storage import journal_line, read_json

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


JOB_CAP = 1000
JOURNAL_LIMIT = 4 * JOB_CAP


class JobTable:
    def __init__(self, jobs: list[Job] | None = None):
        self.jobs = jobs or []
        self.saved_id = 0  # the newest job in the journal on disk
        self.open_ids: set[int] = set()  # jobs in the journal that had not finished when written
        self.journal_lines = 0

    @property
    def next_id(self) -> int:
        return self.jobs[-1].id + 1 if self.jobs else 1

    def start(self, job_type: str, at: datetime, **fields) -> Job:
        job = Job(self.next_id, job_type, at.isoformat(), at.isoformat(), **fields)
        self.jobs.append(job)
        if len(self.jobs) > JOB_CAP + JOB_CAP // 10:  # trimmed now and then, so adding stays O(1)
            del self.jobs[:len(self.jobs) - JOB_CAP]
        return job

    def get(self, job_id: int) -> Job | None:
        first = self.jobs[0].id if self.jobs else 0  # ids are consecutive
        job = self.jobs[job_id - first] if 0 <= job_id - first < len(self.jobs) else None
        return job if job is not None and job.id == job_id else next((j for j in self.jobs if j.id == job_id), None)

    def _unsaved(self) -> list[Job]:
        """The jobs that were open when written, then those newer than the journal (ids ascend:
        found by bisection), in id order; costs what they number, not what the table holds."""
        new = self.jobs[bisect_right(self.jobs, self.saved_id, key=lambda job: job.id):]
        reopened = (self.get(job_id) for job_id in sorted(self.open_ids) if job_id <= self.saved_id)
        return [job for job in reopened if job is not None] + new

    def unsaved(self) -> bytes:
        """The journal lines of the jobs added or possibly changed since the last save."""
        return _lines(self._unsaved())

    def journal(self) -> bytes:
        """A whole new journal: every job kept."""
        return _lines(self.jobs[-JOB_CAP:])

    def journal_full(self) -> bool:
        return self.journal_lines + len(self._unsaved()) > JOURNAL_LIMIT

    def mark_saved(self, rewritten: bool = False) -> None:
        written = self.jobs[-JOB_CAP:] if rewritten else self._unsaved()
        self.journal_lines = len(written) + (0 if rewritten else self.journal_lines)
        self.saved_id = self.jobs[-1].id if self.jobs else 0
        self.open_ids = {j.id for j in self.jobs if j.status != "FIN"}

    def mark_unsaved(self) -> None:
        self.saved_id, self.open_ids, self.journal_lines = 0, set(), 0

    @classmethod
    def from_journal(cls, data: bytes) -> JobTable:
        jobs: dict[int, Job] = {}
        lines = data.splitlines()
        for line in lines:
            try:
                job = Job(**read_json(line))
            except (ValueError, TypeError):
                continue  # a last line cut short by a killed writer
            jobs[job.id] = job
        table = cls(sorted(jobs.values(), key=lambda j: j.id)[-JOB_CAP:])
        table.mark_saved()
        table.journal_lines = len(lines)
        return table

    @classmethod
    def from_old_file(cls, data: bytes) -> JobTable:
        """The jobs.json of a lab made before the journal (every job not yet in a journal)."""
        return cls([Job(**j) for j in read_json(data)][-JOB_CAP:])


def _lines(jobs: list[Job]) -> bytes:
    return b"".join(journal_line(vars(j)) for j in jobs)
