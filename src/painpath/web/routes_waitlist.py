"""The waitlist API: a patient waits for an earlier slot; the desk sees who waits and the open offers. And blocked
time: a clinician's leave and meetings, procedure rooms held at a site (never offered, never booked)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import Field

from painpath.adapters.db.blocks_store import BlockedTimes, BlockView
from painpath.adapters.db.waitlist_store import Waitlist, accept_offer
from painpath.services.access import SYSTEM, Actor, Perm
from painpath.web.deps import Ctx, PathId, require
from painpath.web.schemas import Id, Moment, Read, Strict, Text200, Text400
from painpath.web.schemas_more import AppointmentRead

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


# -- answering an offer ----------------------------------------------------------------------------------------
class OfferRead(Read):
    id: int
    patient_id: int
    clinician_id: int
    starts_at: datetime
    minutes: int
    status: str
    expires_at: datetime


class OfferAccept(Strict):
    window_reason: Text400 = Field(default="", description="why a time after the referral's triage window")


def _offer(offer: Any, patient_id: int) -> OfferRead:
    return OfferRead(id=offer.id, patient_id=patient_id, clinician_id=offer.clinician_id, starts_at=offer.starts_at,
                     minutes=offer.minutes, status=offer.status, expires_at=offer.expires_at)


AnswerOffer = Annotated[Actor, Depends(require(Perm.OFFER_ANSWER))]


@router.get("/offers")
def list_offers(ctx: Ctx, actor: AnswerOffer) -> list[OfferRead]:
    """Open waitlist offers, soonest first (a patient sees their own): each stands until expires_at."""
    return [_offer(o, e.patient_id) for o, e in store(ctx, actor).offers()]


@router.post("/offers/{offer_id}/accept")
def accept(offer_id: PathId, ctx: Ctx, actor: AnswerOffer, body: OfferAccept | None = None) -> AppointmentRead:
    """Take the offered time: it is booked through the one scheduling service (every booking rule applies; the
    patient's later appointment, if they were waiting for an earlier one, moves). An expired or answered offer is
    refused (422) with what to do."""
    row = accept_offer(store(ctx, actor), ctx.scheduler(actor), offer_id,
                       window_reason=body.window_reason if body else "")
    return AppointmentRead.model_validate(row)


@router.post("/offers/{offer_id}/decline")
def decline(offer_id: PathId, ctx: Ctx, actor: AnswerOffer) -> OfferRead:
    """Turn the offered time down: the patient keeps their place on the waitlist and the time goes to the next
    most urgent waiting patient."""
    offer, entry = store(ctx, actor).decline(offer_id)
    result = _offer(offer, entry.patient_id)
    # offering the time to another patient is the clinic's doing, not the decliner's (nor in their scope)
    Waitlist(ctx.db, SYSTEM, audit_reads=ctx.settings.audit_reads).sweep()
    return result


# -- blocked time ---------------------------------------------------------------------------------------------
class BlockCreate(Strict):
    kind: Literal["leave", "meeting", "other", "room_hold"] = Field(
        description="leave, meeting or other for a clinician; room_hold holds one procedure room of a site")
    clinician_id: Id | None = Field(default=None, description="whose time (leave, meeting, other)")
    site_id: Id | None = Field(default=None, description="the site whose procedure room is held (room_hold)")
    starts_at: Moment
    ends_at: Moment
    note: Text200 = Field(default="", description="why, in a few words (not clinical), e.g. annual leave")


class BlockRead(Read):
    id: int
    kind: str
    clinician_id: int | None
    site_id: int | None
    starts_at: datetime
    ends_at: datetime
    note: str
    label: str


class BlockCreated(BlockRead):
    booked_inside: list[datetime] = Field(description="appointments still booked inside the block (clinic time): "
                                                      "move them")


def _block(view: BlockView) -> BlockRead:
    b = view.block
    return BlockRead(id=b.id, kind=b.kind, clinician_id=b.clinician_id, site_id=b.site_id, starts_at=b.starts_at,
                     ends_at=b.ends_at, note=b.note, label=view.label)


def blocks(ctx: Ctx, actor: Actor) -> BlockedTimes:
    return BlockedTimes(ctx.db, actor, audit_reads=ctx.settings.audit_reads)


ManageBlocks = Annotated[Actor, Depends(require(Perm.BLOCKED_TIME))]


@router.get("/blocked-times")
def list_blocks(ctx: Ctx, actor: ManageBlocks,
                since: Annotated[Moment | None, Query(description="from (default: now)")] = None,
                until: Annotated[Moment | None, Query(description="up to (default: 90 days after since)")] = None,
                ) -> list[BlockRead]:
    """Blocked time in force that overlaps the range, earliest first."""
    start = since or datetime.now(UTC)
    return [_block(v) for v in blocks(ctx, actor).listing(since=start, until=until or start + timedelta(days=90))]


@router.post("/blocked-times", status_code=201)
def add_block(body: BlockCreate, ctx: Ctx, actor: ManageBlocks) -> BlockCreated:
    """Block a clinician's time (leave, meeting) or hold a procedure room at a site: the scheduler never offers
    it and refuses a booking into it (409). Appointments already booked inside are listed, not moved."""
    view, inside = blocks(ctx, actor).add(kind=body.kind, clinician_id=body.clinician_id, site_id=body.site_id,
                                          starts_at=body.starts_at, ends_at=body.ends_at, note=body.note)
    return BlockCreated(**_block(view).model_dump(), booked_inside=inside)


@router.delete("/blocked-times/{block_id}", status_code=204)
def remove_block(block_id: PathId, ctx: Ctx, actor: ManageBlocks) -> None:
    """Lift blocked time (kept for the record); lifting it again changes nothing."""
    blocks(ctx, actor).remove(block_id)
