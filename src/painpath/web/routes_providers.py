"""Clinicians and sites as data, insurance, matching referrals to clinicians, and prior-authorisation packets."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path
from fastapi.responses import Response
from pydantic import Field

from painpath.adapters.db.matching_store import MatchingRecords, profile_view
from painpath.domain.matching import Match, Need
from painpath.domain.prior_auth import Packet
from painpath.services.access import Actor, Perm
from painpath.web.deps import Ctx, PathId, Public, require
from painpath.web.errors import stale_view
from painpath.web.schemas import Strict
from painpath.web.schemas_providers import (
    CoverageCreate,
    CoverageRead,
    MatchesRead,
    PacketRead,
    PlanCreate,
    PlanRead,
    PreferencePut,
    ProviderPut,
    ProviderRead,
    SiteCreate,
    SiteRead,
    SiteUpdate,
)

router = APIRouter(prefix="/api", tags=["providers"])
ProcedureId = Annotated[str, Path(min_length=1, max_length=60, pattern=r"^[a-z0-9_]+$")]


def records(ctx: Ctx, actor: Actor) -> MatchingRecords:
    return MatchingRecords(ctx.db, actor, audit_reads=ctx.settings.audit_reads)


@router.get("/providers")
def list_providers(ctx: Ctx, actor: Annotated[Actor, Depends(require(Perm.SCHEDULE_READ))]) -> list[ProviderRead]:
    """Every active clinician with their profile: conditions, procedures and guidance, languages, sites and days."""
    return [ProviderRead.model_validate(profile_view(u, p)) for u, p in records(ctx, actor).providers()]


@router.put("/providers/{clinician_id}")
def put_provider(clinician_id: PathId, body: ProviderPut, ctx: Ctx,
                 actor: Annotated[Actor, Depends(require(Perm.SETTINGS_MANAGE))]) -> ProviderRead:
    """Create (version 0) or replace a clinician's profile."""
    fields = body.model_dump(exclude={"version"})
    store = records(ctx, actor)
    with stale_view(lambda: next(ProviderRead.model_validate(profile_view(u, p)) for u, p in store.providers()
                                 if u.id == clinician_id)):
        user, profile = store.put_provider(clinician_id, version=body.version, fields=fields)
    return ProviderRead.model_validate(profile_view(user, profile))


@router.get("/sites")
def list_sites(ctx: Ctx, actor: Annotated[Actor, Depends(require(Perm.SCHEDULE_READ))]) -> list[SiteRead]:
    """The clinic's sites: address, coordinates, opening hours, procedure rooms, plans accepted."""
    return [SiteRead.model_validate(s) for s in records(ctx, actor).sites()]


@router.post("/sites", status_code=201)
def create_site(body: SiteCreate, ctx: Ctx,
                actor: Annotated[Actor, Depends(require(Perm.SETTINGS_MANAGE))]) -> SiteRead:
    """Add a site (its code is how clinicians' sessions name it)."""
    return SiteRead.model_validate(records(ctx, actor).create_site(body.model_dump()))


@router.patch("/sites/{site_id}")
def update_site(site_id: PathId, body: SiteUpdate, ctx: Ctx,
                actor: Annotated[Actor, Depends(require(Perm.SETTINGS_MANAGE))]) -> SiteRead:
    """Change a site; send the version you read."""
    fields = body.model_dump(exclude_unset=True, exclude={"version"})
    store = records(ctx, actor)
    with stale_view(lambda: next(SiteRead.model_validate(s) for s in store.sites() if s.id == site_id)):
        row = store.update_site(site_id, version=body.version, fields=fields)
    return SiteRead.model_validate(row)


@router.get("/insurance-plans")
def list_plans(ctx: Ctx, actor: Annotated[Actor, Depends(require(Perm.SCHEDULE_READ))]) -> list[PlanRead]:
    """Payers and plans, each with the payer rule set its prior authorisations follow."""
    return [PlanRead.model_validate(p) for p in records(ctx, actor).plans()]


@router.post("/insurance-plans", status_code=201)
def create_plan(body: PlanCreate, ctx: Ctx,
                actor: Annotated[Actor, Depends(require(Perm.SETTINGS_MANAGE))]) -> PlanRead:
    """Add a plan."""
    from painpath.adapters.payer_rule_files import load_default_payer_rules
    from painpath.services.errors import Invalid

    if body.rules not in load_default_payer_rules():
        raise Invalid(f"rules: {body.rules!r} is not a rule set of payer_rules.yaml; use one of "
                      + ", ".join(sorted(load_default_payer_rules())))
    return PlanRead.model_validate(records(ctx, actor).create_plan(body.model_dump()))


def _coverage(row: Any, plan: Any) -> CoverageRead:
    return CoverageRead(id=row.id, patient_id=row.patient_id, plan=plan.code, plan_name=f"{plan.payer}: {plan.name}",
                        member_id=row.member_id, valid_from=row.valid_from, valid_to=row.valid_to,
                        referral_required=row.referral_required)


@router.get("/patients/{patient_id}/coverage", tags=["patients"])
def list_coverage(patient_id: PathId, ctx: Ctx,
                  actor: Annotated[Actor, Depends(require(Perm.DEMOGRAPHICS_READ))]) -> list[CoverageRead]:
    """A patient's insurance, newest first."""
    return [_coverage(c, p) for c, p in records(ctx, actor).coverages(patient_id)]


@router.post("/patients/{patient_id}/coverage", status_code=201, tags=["patients"])
def add_coverage(patient_id: PathId, body: CoverageCreate, ctx: Ctx,
                 actor: Annotated[Actor, Depends(require(Perm.DEMOGRAPHICS_WRITE))]) -> CoverageRead:
    """Record a patient's coverage: plan code, member id, valid dates, whether a referral is needed."""
    row, plan = records(ctx, actor).add_coverage(patient_id, body.model_dump())
    return _coverage(row, plan)


@router.put("/patients/{patient_id}/preferences", tags=["patients"])
def put_preferences(patient_id: PathId, body: PreferencePut, ctx: Ctx,
                    actor: Annotated[Actor, Depends(require(Perm.DEMOGRAPHICS_WRITE))]) -> dict[str, Any]:
    """Language and home coordinates (for matching by distance); version 0 creates them."""
    row = records(ctx, actor).put_preference(patient_id, version=body.version,
                                             fields=body.model_dump(exclude={"version"}))
    return {"patient_id": row.patient_id, "language": row.language, "latitude": row.latitude,
            "longitude": row.longitude, "version": row.version}


def matches_view(referral_id: int, level: str, need: Need, matches: list[Match]) -> MatchesRead:
    return MatchesRead.model_validate({
        "referral_id": referral_id, "triage_level": level,
        "needs": {"procedures": list(need.procedures), "condition": need.condition, "plan": need.plan,
                  "language": need.language, "new_patient": need.new_patient,
                  "window_latest": need.window_latest.isoformat() if need.window_latest else None},
        "matches": [{"clinician_id": m.candidate.clinician_id, "clinician": m.candidate.clinician,
                     "site": m.candidate.site, "site_name": m.candidate.site_name, "score": m.score,
                     "earliest": m.candidate.earliest.isoformat() if m.candidate.earliest else None,
                     "factors": [vars(f) for f in m.factors], "ruled_out": m.ruled_out} for m in matches]})


@router.get("/referrals/{referral_id}/matches", tags=["scheduling"])
def referral_matches(referral_id: PathId, ctx: Ctx,
                     actor: Annotated[Actor, Depends(require(Perm.SCHEDULE_WRITE))]) -> MatchesRead:
    """Clinician-site pairs for the referral, best first: every factor with its value, and what rules a pair out.
    An emergency referral is refused (422): it is not booked."""
    referral, need, matches = records(ctx, actor).matches(referral_id)
    return matches_view(referral.id, referral.triage_level, need, matches)


def packet_view(patient_id: int, packet: Packet, plan: str) -> PacketRead:
    d = packet.diagnosis
    return PacketRead.model_validate({
        "patient_id": patient_id, "procedure": packet.procedure, "plan": plan, "rule_set": packet.rule_set,
        "prior_auth_required": packet.prior_auth_required, "prior_auth_note": packet.prior_auth_note,
        "diagnosis": None if d is None else {"condition": d.condition, "label": d.label, "icd10": list(d.icd10)},
        "imaging": list(packet.imaging), "complete": packet.complete,
        "items": [{**vars(i), "evidence": list(i.evidence)} for i in packet.items],
        "missing": [f"{i.text}: {i.action}" for i in packet.missing]})


@router.get("/patients/{patient_id}/prior-auth/{procedure}", tags=["patients"])
def prior_auth_packet(patient_id: PathId, procedure: ProcedureId, ctx: Ctx,
                      actor: Annotated[Actor, Depends(require(Perm.PRIOR_AUTH))]) -> PacketRead:
    """What the patient's payer asks for before the procedure, assembled from the record, and what is missing."""
    packet, plan = records(ctx, actor).prior_auth(patient_id, procedure)
    return packet_view(patient_id, packet, plan)


class ReminderChoice(Strict):
    remind_by: Literal["email", "sms", "none"] = Field(description="none: no reminders (opt out)")


@router.put("/patients/{patient_id}/reminders", tags=["patients"])
def set_reminders(patient_id: PathId, body: ReminderChoice, ctx: Ctx,
                  actor: Annotated[Actor, Depends(require(Perm.REMINDERS))]) -> dict[str, Any]:
    """How the patient is reminded of appointments and questionnaires (patients choose for themselves)."""
    row = records(ctx, actor).set_reminders(patient_id, body.remind_by)
    return {"patient_id": row.patient_id, "remind_by": row.remind_by}


def feeds(ctx: Ctx, actor: Actor) -> Any:
    from painpath.adapters.db.calendar_store import CalendarFeeds

    return CalendarFeeds(ctx.db, actor, audit_reads=ctx.settings.audit_reads)


@router.post("/patients/{patient_id}/calendar", tags=["patients"])
def new_patient_calendar(patient_id: PathId, ctx: Ctx,
                         actor: Annotated[Actor, Depends(require(Perm.REMINDERS))]) -> dict[str, str]:
    """A new secret calendar (iCalendar) link for the patient's appointments; any older link stops working."""
    return {"url": f"/calendar/{feeds(ctx, actor).new_patient_link(patient_id)}.ics"}


@router.delete("/patients/{patient_id}/calendar", status_code=204, tags=["patients"])
def revoke_patient_calendar(patient_id: PathId, ctx: Ctx,
                            actor: Annotated[Actor, Depends(require(Perm.REMINDERS))]) -> None:
    """Revoke the patient's calendar link."""
    feeds(ctx, actor).revoke_patient_link(patient_id)


@router.post("/providers/{clinician_id}/calendar")
def new_clinician_calendar(clinician_id: PathId, ctx: Ctx,
                           actor: Annotated[Actor, Depends(require(Perm.SCHEDULE_READ))]) -> dict[str, str]:
    """A clinician's own secret calendar link (visits without patient names); any older link stops working."""
    return {"url": f"/calendar/{feeds(ctx, actor).new_clinician_link(clinician_id)}.ics"}


@router.delete("/providers/{clinician_id}/calendar", status_code=204)
def revoke_clinician_calendar(clinician_id: PathId, ctx: Ctx,
                              actor: Annotated[Actor, Depends(require(Perm.SCHEDULE_READ))]) -> None:
    """Revoke the clinician's own calendar link."""
    feeds(ctx, actor).revoke_clinician_link(clinician_id)


feed_router = APIRouter(tags=["calendar"])


@feed_router.get("/calendar/{token}.ics", include_in_schema=False, dependencies=[Public])
def calendar_feed(token: Annotated[str, Path(min_length=20, max_length=100, pattern=r"^[A-Za-z0-9_-]+$")],
                  ctx: Ctx) -> Response:
    """The iCalendar feed behind a secret link (no sign-in: the link is the secret; revoked links answer 404)."""
    from painpath.adapters.db.calendar_store import FEED_ACTOR

    body = feeds(ctx, FEED_ACTOR).feed(token)
    return Response(body, media_type="text/calendar; charset=utf-8",
                    headers={"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"})
