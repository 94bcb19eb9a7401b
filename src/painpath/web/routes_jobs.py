"""Background jobs for the admin: start one (idempotently), list them, see dead letters with their last error,
retry a dead one. Jobs carry no patient data in their records (a count of what they did)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from painpath.adapters.db import audit
from painpath.services.access import Actor, Perm
from painpath.web.deps import Ctx, Limit, Offset, PathId, require
from painpath.web.schemas import Page, Read

router = APIRouter(prefix="/api", tags=["jobs"])
ManageJobs = Annotated[Actor, Depends(require(Perm.JOBS_MANAGE))]
JobStatus = Literal["queued", "running", "retrying", "done", "dead"]


class JobCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=80, description="a job this version knows: see GET /api/jobs/kinds")


class JobRead(Read):
    id: int
    name: str
    key: str
    status: str
    attempts: int
    max_attempts: int
    last_error: str
    result: dict[str, Any] | None
    queued_by: str
    created_at: datetime
    updated_at: datetime


class JobPage(Page):
    items: list[JobRead]


class JobKind(BaseModel):
    name: str
    description: str
    max_attempts: int
    every_minutes: int | None


def _audit(ctx: Ctx, actor: Actor, action: str, job_id: int) -> None:
    audit.append(ctx.db, actor, action=action, record_type="job", record_id=job_id, patient_id=None)
    ctx.db.commit()


@router.get("/jobs/kinds")
def job_kinds(request: Request, actor: ManageJobs) -> list[JobKind]:
    """The jobs this version can run, how many tries each gets and how often the periodic ones run."""
    runner = request.app.state.job_runner
    return [JobKind(name=s.name, description=s.description, max_attempts=s.max_attempts,
                    every_minutes=s.every_minutes) for s in runner.registry.values()]


@router.get("/jobs")
def list_jobs(
    request: Request,
    actor: ManageJobs,
    status: Annotated[JobStatus | None, Query(description="dead: the dead letters (tries used up)")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> JobPage:
    """Jobs, most recently changed first; `status=dead` lists the dead letters with their last error."""
    rows, total = request.app.state.job_records.listing(status=status, limit=limit, offset=offset)
    return JobPage(items=[JobRead.model_validate(r) for r in rows], total=total, limit=limit, offset=offset)


@router.post("/jobs", status_code=202, responses={200: {"model": JobRead, "description": "already submitted"}})
def start_job(
    body: JobCreate,
    request: Request,
    ctx: Ctx,
    actor: ManageJobs,
    idempotency_key: Annotated[str | None, Header(max_length=160, pattern=r"^[\x21-\x7e]+$")] = None,
) -> JSONResponse:
    """Start a job now. With an `Idempotency-Key` header, the same key returns the same job (200) instead of
    starting a second one."""
    runner = request.app.state.job_runner
    key = f"{body.name}#{idempotency_key}" if idempotency_key else None
    job, created = runner.submit(body.name, key, queued_by=actor.username)
    if created:
        request.app.state.job_queue.enqueue(int(job.id))
        _audit(ctx, actor, "create", int(job.id))
    return JSONResponse(JobRead.model_validate(job).model_dump(mode="json"), status_code=202 if created else 200)


@router.get("/jobs/{job_id}")
def read_job(job_id: PathId, request: Request, actor: ManageJobs) -> JobRead:
    return JobRead.model_validate(request.app.state.job_records.get(job_id))


@router.post("/jobs/{job_id}/retry", status_code=202)
def retry_job(job_id: PathId, request: Request, ctx: Ctx, actor: ManageJobs) -> JobRead:
    """Give a dead letter a fresh set of tries (after fixing what made it fail)."""
    job = request.app.state.job_records.requeue(job_id)
    request.app.state.job_queue.enqueue(job_id)
    _audit(ctx, actor, "update", job_id)
    return JobRead.model_validate(job)
