"""Referrals (triaged from their letter at once) and the patient's history packet."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query

from painpath.adapters.db.intake_store import IntakeRecords
from painpath.adapters.db.tables import HistoryPacket, Patient, Referral
from painpath.domain.scheduling import booking_window
from painpath.services import assessing
from painpath.services.access import Actor, Perm, Role
from painpath.services.errors import Invalid
from painpath.web.deps import Context, Ctx, PathId, require
from painpath.web.errors import stale_view
from painpath.web.schemas_intake import (
    BookingWindowRead,
    PacketRead,
    PacketWrite,
    ReferralClinicalRead,
    ReferralCreate,
    ReferralDeskRead,
    ReferralList,
    ReferralUpdate,
    goal_errors,
    packet_intake,
)

router = APIRouter(prefix="/api", tags=["intake"])


def intake(ctx: Context, actor: Actor) -> IntakeRecords:
    return IntakeRecords(ctx.db, actor, audit_reads=ctx.settings.audit_reads)


def sees_letter(actor: Actor) -> bool:
    """The letter and its assessment are clinical: clinicians (and a patient, for their own referral) see them."""
    return actor.has(Perm.CLINICAL_READ)


def referral_view(actor: Actor, store: IntakeRecords, row: Referral, patient: Patient
                  ) -> ReferralDeskRead | ReferralClinicalRead:
    policy = store.policy()
    window = booking_window(row.triage_level, policy.now().date(), policy.windows)
    base: dict[str, Any] = {
        "id": row.id, "patient_id": row.patient_id, "patient_name": f"{patient.family_name}, {patient.given_name}",
        "mrn": patient.mrn, "source": row.source, "referrer": row.referrer, "received_on": row.received_on,
        "triage_level": row.triage_level, "status": row.status, "appointment_id": row.appointment_id,
        "version": row.version, "created_at": row.created_at,
        "booking_window": BookingWindowRead(bookable=window.bookable, earliest=window.earliest, latest=window.latest,
                                            instruction=window.instruction, summary=window.describe()),
    }
    if sees_letter(actor):
        return ReferralClinicalRead(**base, letter=row.letter, assessment_id=row.assessment_id)
    return ReferralDeskRead(**base)


@router.get("/referrals")
def list_referrals(
    ctx: Ctx,
    actor: Annotated[Actor, Depends(require(Perm.PATIENT_SEARCH))],
    status: Annotated[Literal["new", "booked", "closed", "all"], Query()] = "new",
) -> ReferralList:
    """Referrals, most urgent first (emergency, urgent, soon, routine), then oldest first. The front desk sees
    triage level, booking window and referrer, never the letter."""
    store = intake(ctx, actor)
    rows = store.referrals(status=None if status == "all" else status)
    items = [referral_view(actor, store, r, p) for r, p in rows]
    return ReferralList(items=items, total=len(items))


@router.post("/referrals", status_code=201)
def create_referral(
    body: ReferralCreate,
    ctx: Ctx,
    actor: Annotated[Actor, Depends(require(Perm.SCHEDULE_WRITE))],
) -> ReferralDeskRead | ReferralClinicalRead:
    """Register a referral: the letter is assessed at once and the triage level stored with it."""
    store = intake(ctx, actor)
    row = assessing.register_referral(store, ctx.engine, ctx.text_limit, body.patient_id, source=body.source,
                                      referrer=body.referrer, received_on=body.received_on, letter=body.letter)
    referral, patient = store.get_referral(row.id)
    return referral_view(actor, store, referral, patient)


@router.get("/referrals/{referral_id}")
def read_referral(
    referral_id: PathId,
    ctx: Ctx,
    actor: Annotated[Actor, Depends(require(Perm.SCHEDULE_READ))],
) -> ReferralDeskRead | ReferralClinicalRead:
    """One referral (the letter only for clinical roles; a patient reaches only their own)."""
    store = intake(ctx, actor)
    row, patient = store.get_referral(referral_id)
    return referral_view(actor, store, row, patient)


@router.patch("/referrals/{referral_id}")
def update_referral(
    referral_id: PathId,
    body: ReferralUpdate,
    ctx: Ctx,
    actor: Annotated[Actor, Depends(require(Perm.SCHEDULE_WRITE))],
) -> ReferralDeskRead | ReferralClinicalRead:
    """Mark booked (with the appointment_id), back to new, or closed; send the version you read."""
    store = intake(ctx, actor)
    with stale_view(lambda: referral_view(actor, store, *store.get_referral(referral_id))):
        store.update_referral(referral_id, version=body.version, status=body.status,
                              appointment_id=body.appointment_id)
    row, patient = store.get_referral(referral_id)
    return referral_view(actor, store, row, patient)


def packet_read(patient_id: int, row: HistoryPacket | None, triage: str | None = None) -> PacketRead:
    if row is None:
        return PacketRead(id=None, patient_id=patient_id, version=0, status="none", content={}, submitted_at=None)
    return PacketRead.model_validate({
        "id": row.id, "patient_id": patient_id, "version": row.version, "status": row.status, "content": row.content,
        "submitted_at": row.submitted_at, "assessment_id": row.assessment_id, "triage_level": triage})


@router.get("/patients/{patient_id}/history-packet")
def read_packet(
    patient_id: PathId,
    ctx: Ctx,
    actor: Annotated[Actor, Depends(require(Perm.CLINICAL_READ))],
) -> PacketRead:
    """The patient's latest history packet (status 'none' and version 0 when there is none yet)."""
    return packet_read(patient_id, intake(ctx, actor).packet(patient_id))


@router.put("/patients/{patient_id}/history-packet")
def save_packet(
    patient_id: PathId,
    body: PacketWrite,
    ctx: Ctx,
    actor: Annotated[Actor, Depends(require(Perm.QUESTIONNAIRE_SUBMIT))],
) -> PacketRead:
    """Save the draft; send the version you read (0 for the first). After a submission, a save starts a new draft."""
    content = body.content.drop_empty_rows().model_dump(mode="json")
    store = intake(ctx, actor)
    with stale_view(lambda: packet_read(patient_id, store.packet(patient_id))):
        row = store.save_packet(patient_id, version=body.version, content=content)
    return packet_read(patient_id, row)


def submit(ctx: Context, actor: Actor, patient_id: int, body: PacketWrite) -> tuple[HistoryPacket, Referral | None]:
    """Shared by the API and the portal page: both goals required, then assessed."""
    errors = goal_errors(body.content)
    if errors:
        raise Invalid("; ".join(f"content.{k}: {v}" for k, v in errors.items()))
    store = intake(ctx, actor)
    patient = store.packet_patient(patient_id)
    content = body.content.drop_empty_rows()
    today = datetime.now(UTC).date()
    age = (today - patient.birth_date).days / 365.25 if patient.birth_date else None
    return assessing.submit_packet(
        store, ctx.engine, ctx.text_limit, patient_id, version=body.version, content=content.model_dump(mode="json"),
        intake=packet_intake(content, age=round(age, 1) if age is not None else None, sex=patient.sex, today=today),
    )


@router.post("/patients/{patient_id}/history-packet/submit")
def submit_packet(
    patient_id: PathId,
    body: PacketWrite,
    ctx: Ctx,
    actor: Annotated[Actor, Depends(require(Perm.QUESTIONNAIRE_SUBMIT))],
) -> PacketRead:
    """Save and submit the packet (work and life goals required): it is assessed, and a patient without an open
    referral gets a self-booked one so the front desk sees their triage level."""
    row, referral = submit(ctx, actor, patient_id, body)
    level = referral.triage_level if referral is not None and actor.role is not Role.PATIENT else None
    return packet_read(patient_id, row, level)

