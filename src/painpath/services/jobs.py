"""Background jobs: what each job does, its tries and back-off, its idempotency key, and one run's bookkeeping.

The queue that carries job ids (Redis with arq for several processes, or in-process threads in the embedded
default: adapters/job_queue.py) is separate from this: whatever delivers a job, ``JobRunner.run`` claims it in
the database first, so a job runs at most once at a time and never again once done. A job that raises is
retried after an exponential back-off until its tries run out; then it is a dead letter, listed for the admin
(GET /api/jobs?status=dead) with its last error, until an admin retries it.

Periodic jobs (reminders, the waitlist sweep) are submitted each period with a key naming the period
("waitlist_sweep@2026-12-03T18:45"), so several workers ticking at once still run each period once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from sqlalchemy.orm import Session, sessionmaker

from painpath.services.errors import Invalid

log = logging.getLogger("painpath.jobs")


@dataclass
class JobContext:
    """What a job may use: database sessions, and the senders for reminders (built from the environment)."""

    sessions: sessionmaker[Session]
    email: Any = None
    sms: Any = None


@dataclass(frozen=True)
class JobSpec:
    name: str
    run: Callable[[JobContext], dict[str, Any]]
    description: str
    max_attempts: int = 5
    every_minutes: int | None = None  # periodic: submitted once per period by the worker's clock


def retry_delay(attempt: int, base_seconds: float) -> float:
    """Exponential back-off after the given try (1st: base, 2nd: 2 x base, ...), at most ten minutes."""
    return float(min(base_seconds * 2 ** max(attempt - 1, 0), 600))


def period_key(spec: JobSpec, moment: datetime) -> str:
    """The idempotency key of a periodic job for the period that contains ``moment`` (UTC)."""
    assert spec.every_minutes
    moment = moment.astimezone(UTC)
    minute_of_day = moment.hour * 60 + moment.minute
    start = minute_of_day - minute_of_day % spec.every_minutes
    return f"{spec.name}@{moment:%Y-%m-%d}T{start // 60:02d}:{start % 60:02d}"


class JobStore(Protocol):
    def submit(self, name: str, key: str, *, max_attempts: int, queued_by: str) -> tuple[Any, bool]: ...
    def claim(self, job_id: int) -> Any: ...
    def finish(self, job_id: int, *, status: str, result: dict[str, Any] | None = None, error: str = "") -> Any: ...


@dataclass(frozen=True)
class RunOutcome:
    status: str  # done, retrying, dead, skipped (not runnable: done, dead or running elsewhere)
    retry_in: float | None = None


@dataclass
class JobRunner:
    store: JobStore
    context: JobContext
    registry: dict[str, JobSpec] = field(default_factory=dict)  # adapters/jobs_registry.py: REGISTRY
    retry_base_seconds: float = 30.0

    def submit(self, name: str, key: str | None, *, queued_by: str) -> tuple[Any, bool]:
        spec = self.registry.get(name)
        if spec is None:
            raise Invalid(f"name: no job called {name!r}; known jobs: {', '.join(sorted(self.registry))}")
        key = key or f"{name}@{datetime.now(UTC):%Y-%m-%dT%H:%M:%S.%f}"
        if len(key) > 200:
            raise Invalid("key: an idempotency key is at most 200 characters")
        return self.store.submit(name, key, max_attempts=spec.max_attempts, queued_by=queued_by)

    def run(self, job_id: int) -> RunOutcome:
        job = self.store.claim(job_id)
        if job is None:
            return RunOutcome("skipped")
        spec = self.registry.get(job.name)
        try:
            if spec is None:
                raise LookupError(f"this version has no job called {job.name!r}")
            result = spec.run(self.context)
        except Exception as err:  # any failure is recorded; the back-off decides when it runs again
            error = f"{type(err).__name__}: {err}"
            if job.attempts >= job.max_attempts or spec is None:
                log.error("job %s (%s) is a dead letter after %s tries: %s", job.id, job.name, job.attempts, error)
                self.store.finish(job_id, status="dead", error=error)
                return RunOutcome("dead")
            delay = retry_delay(job.attempts, self.retry_base_seconds)
            log.warning("job %s (%s) try %s failed, again in %.0f s: %s", job.id, job.name, job.attempts, delay,
                        error)
            self.store.finish(job_id, status="retrying", error=error)
            return RunOutcome("retrying", delay)
        self.store.finish(job_id, status="done", result=result)
        return RunOutcome("done")
