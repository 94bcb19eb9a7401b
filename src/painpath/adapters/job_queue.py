"""Delivering jobs: Redis with arq (several app processes and workers), or threads in this process (the embedded
default, so `make run` needs nothing else). Either way the queue carries only a job's id; services/jobs.py's
JobRunner claims it in the database, runs it, and decides retry or dead letter.

- ``ArqQueue`` / ``arq_worker``: `painpath worker` with PAINPATH_REDIS_URL set runs an arq worker; a retry is
  arq's own ``Retry(defer=...)``; a cron tick each minute submits the periodic jobs due (each period once,
  whatever the number of workers, by the period's idempotency key).
- ``InProcessQueue``: each job on a daemon thread, a retry after its back-off on a timer; `painpath worker`
  without Redis ticks the periodic jobs on the same clock.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from painpath.services.jobs import JobRunner, JobSpec, period_key

log = logging.getLogger("painpath.jobs")
RUN_JOB = "painpath_run_job"


def submit_due_periodic(runner: JobRunner, specs: Iterable[JobSpec], now: datetime | None = None) -> list[int]:
    """Submit each periodic job for the current period; returns the ids of the jobs newly created."""
    moment = now or datetime.now(UTC)
    created = []
    for spec in specs:
        if spec.every_minutes:
            job, new = runner.submit(spec.name, period_key(spec, moment), queued_by="worker")
            if new:
                created.append(int(job.id))
    return created


class InProcessQueue:
    """The embedded default: jobs run on daemon threads of this process (lost if it stops before they run; the
    job rows stay queued or retrying and ``resume`` picks them up at the next start)."""

    def __init__(self, runner: JobRunner) -> None:
        self.runner = runner
        self._pending = 0
        self._idle = threading.Condition()

    def enqueue(self, job_id: int, delay: float = 0.0) -> None:
        with self._idle:
            self._pending += 1
        timer = threading.Timer(delay, self._run, args=(job_id,))
        timer.daemon = True
        timer.start()

    def _run(self, job_id: int) -> None:
        try:
            outcome = self.runner.run(job_id)
            if outcome.retry_in is not None:
                self.enqueue(job_id, outcome.retry_in)
        except Exception:  # the database itself failed: the row stays runnable for the next start
            log.exception("job %s could not be run", job_id)
        finally:
            with self._idle:
                self._pending -= 1
                self._idle.notify_all()

    def wait_idle(self, timeout: float) -> bool:
        """Wait until no job is queued or waiting for a retry (True) or the timeout passes (False)."""
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout=timeout)


class ArqQueue:
    """Jobs on Redis for arq workers (`painpath worker`)."""

    def __init__(self, redis_url: str, queue_name: str) -> None:
        from arq.connections import RedisSettings

        self.redis_settings = RedisSettings.from_dsn(redis_url)
        self.queue_name = queue_name

    def enqueue(self, job_id: int, delay: float = 0.0) -> None:
        asyncio.run(self._enqueue(job_id, delay))

    async def _enqueue(self, job_id: int, delay: float) -> None:
        from arq import create_pool

        pool = await create_pool(self.redis_settings)
        try:
            await enqueue_on(pool, self.queue_name, job_id, delay)
        finally:
            await pool.aclose()


async def enqueue_on(pool: Any, queue_name: str, job_id: int, delay: float = 0.0) -> None:
    # a fresh arq id each time: the database, not arq, keeps a job from running twice
    await pool.enqueue_job(RUN_JOB, job_id, _job_id=f"painpath-job-{job_id}-{uuid.uuid4().hex[:8]}",
                           _queue_name=queue_name, _defer_by=delay or None)


def arq_worker(runner: JobRunner, redis_url: str, queue_name: str, *, burst: bool = False) -> Any:
    """An arq Worker running PainPath's jobs (and, unless ``burst``, the periodic tick each minute)."""
    from arq import Retry, cron
    from arq.connections import RedisSettings
    from arq.worker import Worker, func

    async def painpath_run_job(ctx: dict[str, Any], job_id: int) -> str:
        outcome = await asyncio.to_thread(runner.run, job_id)
        if outcome.retry_in is not None:
            raise Retry(defer=outcome.retry_in)
        return outcome.status

    async def painpath_tick(ctx: dict[str, Any]) -> int:
        created = await asyncio.to_thread(submit_due_periodic, runner, runner.registry.values())
        for job_id in created:
            await enqueue_on(ctx["redis"], queue_name, job_id)
        return len(created)

    return Worker(
        [func(painpath_run_job, name=RUN_JOB, max_tries=1000)],  # the jobs table counts tries, not arq
        queue_name=queue_name,
        cron_jobs=None if burst else [cron(painpath_tick, name="painpath_tick", second=0, run_at_startup=True)],
        redis_settings=RedisSettings.from_dsn(redis_url),
        burst=burst,
        handle_signals=not burst,
        poll_delay=0.2,
        keep_result=3600,
    )
