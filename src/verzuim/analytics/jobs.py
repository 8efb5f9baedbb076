"""Imports of large files run in a background thread; the page polls their progress.

Jobs live in memory only (the last ``KEEP`` of them): a job is a few seconds of work, and
its report is shown right after; nothing about it needs to survive a restart.
"""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable

from pydantic import BaseModel

from verzuim.analytics.models import ImportSummary

KEEP = 50


class JobStatus(BaseModel):
    id: str
    stage: str = "queued"
    done: int = 0
    total: int = 0
    finished: bool = False
    error: str | None = None
    summary: ImportSummary | None = None

    @property
    def percent(self) -> int:
        if self.finished:
            return 100
        return int(100 * self.done / self.total) if self.total else 0


_jobs: OrderedDict[str, JobStatus] = OrderedDict()
_lock = threading.Lock()


def get(job_id: str) -> JobStatus | None:
    with _lock:
        job = _jobs.get(job_id)
        return job.model_copy() if job else None


def _update(job_id: str, **changes: object) -> None:
    with _lock:
        job = _jobs.get(job_id)
        if job is not None:
            for key, value in changes.items():
                setattr(job, key, value)


Work = Callable[[Callable[[str, int, int], None]], ImportSummary]


def start(work: Work) -> JobStatus:
    """Run ``work(progress)`` in a thread; returns the job to poll."""
    job = JobStatus(id=uuid.uuid4().hex)
    with _lock:
        _jobs[job.id] = job
        while len(_jobs) > KEEP:
            _jobs.popitem(last=False)

    def progress(stage: str, done: int, total: int) -> None:
        _update(job.id, stage=stage, done=done, total=total)

    def run() -> None:
        try:
            summary = work(progress)
            _update(job.id, summary=summary, finished=True, stage="done")
        except Exception as exc:  # reported on the page; the import itself rolled back
            _update(job.id, error=f"{exc.__class__.__name__}: {exc}", finished=True)

    threading.Thread(target=run, name=f"import-{job.id[:8]}", daemon=True).start()
    return job.model_copy()


def run_inline(work: Work) -> JobStatus:
    """Small files: the same job, run at once, so the answer comes in the same response."""
    job = JobStatus(id=uuid.uuid4().hex)
    summary = work(lambda stage, done, total: None)
    job.summary, job.finished, job.stage = summary, True, "done"
    with _lock:
        _jobs[job.id] = job
        while len(_jobs) > KEEP:
            _jobs.popitem(last=False)
    return job.model_copy()
