"""The jobs table: submit with an idempotency key, claim a run atomically, record the outcome, list dead letters.

Claiming is one conditional UPDATE (status queued or retrying -> running), so two workers handed the same job
(a redelivery, a cron tick in each of two workers) never both run it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from painpath.adapters.db.tables import Job
from painpath.services.errors import Invalid, NotFound

RUNNABLE = ("queued", "retrying")
STALE_RUN = timedelta(minutes=15)  # a run this old died with its process (jobs finish in seconds)


class JobRecords:
    """One short transaction per call (the work itself runs outside any transaction)."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    def submit(self, name: str, key: str, *, max_attempts: int, queued_by: str) -> tuple[Job, bool]:
        """The job with this key, created when new (True) or as it already is (False)."""
        now = datetime.now(UTC)
        with self.sessions() as session:
            existing = session.scalar(select(Job).where(Job.key == key))
            if existing is not None:
                return existing, False
            row = Job(name=name, key=key, status="queued", attempts=0, max_attempts=max_attempts, last_error="",
                      result=None, queued_by=queued_by, created_at=now, updated_at=now)
            session.add(row)
            try:
                session.commit()
            except IntegrityError:  # the same key submitted at the same moment elsewhere: that one stands
                session.rollback()
                found = session.scalar(select(Job).where(Job.key == key))
                assert found is not None
                return found, False
            return row, True

    def claim(self, job_id: int) -> Job | None:
        """Mark the job running and count the try; None when it is not runnable (done, dead, or running — unless
        that run is older than STALE_RUN: its worker died mid-run, and the try it used counts)."""
        now = datetime.now(UTC)
        with self.sessions() as session:
            result = session.execute(
                update(Job).where(Job.id == job_id, or_(
                    Job.status.in_(RUNNABLE), and_(Job.status == "running", Job.updated_at < now - STALE_RUN)))
                .values(status="running", attempts=Job.attempts + 1, updated_at=datetime.now(UTC))
            )
            claimed = getattr(result, "rowcount", 0)
            session.commit()
            return session.get(Job, job_id) if claimed else None

    def finish(self, job_id: int, *, status: str, result: dict[str, Any] | None = None, error: str = "") -> Job:
        with self.sessions() as session:
            row = session.get(Job, job_id)
            if row is None:
                raise NotFound(f"no job {job_id}")
            row.status, row.updated_at = status, datetime.now(UTC)
            if result is not None:
                row.result = result
            if error:
                row.last_error = error[:4000]
            session.commit()
            return row

    def get(self, job_id: int) -> Job:
        with self.sessions() as session:
            row = session.get(Job, job_id)
            if row is None:
                raise NotFound(f"no job {job_id}")
            return row

    def listing(self, *, status: str | None, limit: int, offset: int) -> tuple[list[Job], int]:
        with self.sessions() as session:
            stmt = select(Job)
            if status:
                stmt = stmt.where(Job.status == status)
            total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
            rows = list(session.scalars(stmt.order_by(Job.updated_at.desc(), Job.id.desc()).limit(limit)
                                        .offset(offset)))
            return rows, total

    def runnable(self) -> list[int]:
        """Jobs to hand to the queue at a worker's start: queued, retrying, or a run that went stale."""
        now = datetime.now(UTC)
        with self.sessions() as session:
            return list(session.scalars(select(Job.id).where(or_(
                Job.status.in_(RUNNABLE), and_(Job.status == "running", Job.updated_at < now - STALE_RUN)))
                .order_by(Job.id)))

    def requeue(self, job_id: int) -> Job:
        """A dead letter gets a fresh set of tries (an admin fixed what made it fail)."""
        with self.sessions() as session:
            row = session.get(Job, job_id)
            if row is None:
                raise NotFound(f"no job {job_id}")
            if row.status != "dead":
                raise Invalid(f"status: job {job_id} is {row.status}; only a dead job is retried")
            row.status, row.attempts, row.updated_at = "queued", 0, datetime.now(UTC)
            session.commit()
            return row
