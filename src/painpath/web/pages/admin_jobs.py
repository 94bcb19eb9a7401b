"""The admin's view of background jobs (/admin/jobs): what ran, what is waiting for a retry, and the dead letters
with their last error and a button to retry each (after fixing what made it fail)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from painpath.adapters.db import audit
from painpath.services.access import Perm
from painpath.services.errors import ServiceError
from painpath.web.deps import Db, PathId
from painpath.web.pages.base import PageUser, form, page, redirect, render

router = APIRouter(include_in_schema=False)
STATUSES = [("", "All"), ("dead", "Dead letters (out of tries)"), ("retrying", "Waiting for a retry"),
            ("queued", "Queued"), ("running", "Running"), ("done", "Done")]


@router.get("/admin/jobs")
def jobs_page(
    request: Request,
    user: Annotated[PageUser, Depends(page(Perm.JOBS_MANAGE))],
    status: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    chosen = status if status in dict(STATUSES) else ""
    records = request.app.state.job_records
    rows, total = records.listing(status=chosen or None, limit=100, offset=0)
    dead_total = records.listing(status="dead", limit=1, offset=0)[1]
    return render(request, "shared/admin_jobs.html", user, title="Background jobs", rows=rows, total=total,
                  shown=chosen, statuses=STATUSES, dead_total=dead_total,
                  kinds=list(request.app.state.job_runner.registry.values()))


@router.post("/admin/jobs/{job_id}/retry")
def retry_submit(request: Request, db: Db, job_id: PathId,
                 user: Annotated[PageUser, Depends(form(Perm.JOBS_MANAGE))]) -> Response:
    try:
        request.app.state.job_records.requeue(job_id)
    except ServiceError as err:
        return redirect("/admin/jobs?status=dead", notice=f"Not retried: {err}".replace("status: ", ""))
    request.app.state.job_queue.enqueue(job_id)
    audit.append(db, user.actor, action="update", record_type="job", record_id=job_id, patient_id=None)
    db.commit()
    return redirect("/admin/jobs", notice=f"Job {job_id} queued again")
