"""The waitlist API: a patient waits for an earlier slot; the desk sees who waits and the open offers."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends
from pydantic import Field

from painpath.adapters.db.waitlist_store import Waitlist
from painpath.services.access import Actor, Perm
from painpath.web.deps import Ctx, PathId, require
from painpath.web.schemas import Id, Read, Strict

router = APIRouter(prefix="/api", tags=["scheduling"])


class WaitlistJoin(Strict):
    appointment_id: Id | None = Field(default=None, description="wait for a slot earlier than this appointment")
    clinician_id: Id | None = Field(default=None, description="only this clinician's slots")
    minutes: Annotated[int, Field(ge=5, le=240)] | None = Field(default=None,
                                                               description="empty: the kind's session length")
    kind: Literal["new", "follow_up", "procedure", "telehealth"] = "follow_up"


class WaitlistRead(Read):
    id: int
    patient_id: int
    appointment_id: int | None
    triage_level: str
    clinician_id: int | None
    minutes: int
    kind: str
    status: str
    created_at: datetime
    version: int


def store(ctx: Ctx, actor: Actor) -> Waitlist:
    return Waitlist(ctx.db, actor, audit_reads=ctx.settings.audit_reads)


@router.post("/patients/{patient_id}/waitlist", status_code=201)
def join_waitlist(patient_id: PathId, body: WaitlistJoin, ctx: Ctx,
                  actor: Annotated[Actor, Depends(require(Perm.SCHEDULE_WRITE))]) -> WaitlistRead:
    """Put the patient on the waitlist (their referral's triage level sets their place); a slot already free is
    offered at once."""
    waitlist = store(ctx, actor)
    row = waitlist.join(patient_id, appointment_id=body.appointment_id, clinician_id=body.clinician_id,
                        minutes=body.minutes, kind=body.kind)
    waitlist.sweep()
    return WaitlistRead.model_validate(row)


@router.get("/waitlist")
def list_waitlist(ctx: Ctx, actor: Annotated[Actor, Depends(require(Perm.SCHEDULE_WRITE))]) -> list[WaitlistRead]:
    """Who is waiting or holds an offer, most urgent first, then longest waiting."""
    return [WaitlistRead.model_validate(r) for r in store(ctx, actor).entries()]
