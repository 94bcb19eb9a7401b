"""The patient portal (/portal): their care in plain words, the history packet before a first visit, and their
appointments. A patient reaches only their own record: every read goes through the stores with the signed-in
actor, whose patient_id is the only one Store.patient/scoped lets through (another id answers 404)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import ValidationError

from painpath.adapters.db.clinical_store import ClinicalRecords
from painpath.adapters.db.intake_store import IntakeRecords
from painpath.adapters.db.outcomes_store import OutcomeCare, maintenance_for
from painpath.adapters.instrument_files import load_default_outcomes
from painpath.adapters.knowledge_files import load_default
from painpath.services.access import Perm, Role
from painpath.services.errors import Forbidden, Invalid, StaleWrite, TooLarge
from painpath.services.outcome_scoring import patient_view
from painpath.web.deps import Context, Db, PathId
from painpath.web.pages.base import (
    FormState,
    PageUser,
    form,
    form_int,
    form_values,
    human_message,
    page,
    redirect,
    render,
)
from painpath.web.patient_wording import VISIT_KINDS, patient_guidance, plain_plan
from painpath.web.routes_intake import submit
from painpath.web.schemas_intake import (
    BODY_MAP,
    IMAGING_ROWS,
    MEDICATION_ROWS,
    WARNING_SIGNS,
    PacketContent,
    PacketWrite,
    goal_errors,
)

router = APIRouter(include_in_schema=False)
KINDS = VISIT_KINDS
TEXT_FIELDS = ("onset_date", "onset_how", "story", "helps", "worsens", "sleep", "mood", "work", "goal_work",
               "goal_life")


def own_patient(user: PageUser) -> int:
    """The portal is the patient's own: staff use their own pages (a clinician has no patient record here)."""
    if user.role is not Role.PATIENT or user.actor.patient_id is None:
        raise Forbidden("the patient portal is for patients; staff use the clinic or desk pages")
    return user.actor.patient_id


def _stores(request: Request, db: Db, user: PageUser) -> tuple[IntakeRecords, ClinicalRecords]:
    audit_reads = request.app.state.settings.audit_reads
    return (IntakeRecords(db, user.actor, audit_reads=audit_reads),
            ClinicalRecords(db, user.actor, audit_reads=audit_reads))


@router.get("/portal")
def portal_home(request: Request, db: Db, user: Annotated[PageUser, Depends(page(Perm.CLINICAL_READ))]) -> Response:
    patient_id = own_patient(user)
    intake, clinical = _stores(request, db, user)
    policy = intake.policy()
    now = datetime.now(UTC)
    upcoming = [{"a": a, "clinician": c, "time": policy.local(a.starts_at)}
                for a, c in intake.patient_appointments(patient_id)
                if a.starts_at >= now and a.status not in ("cancelled", "no_show", "done")]
    # the plan a clinician made or signed off: the patient's own packet (a proposal) is not shown as their plan
    working, _ = clinical.current_assessments(patient_id)
    plan: list[dict[str, str]] = []
    guidance: list[str] = []
    if working is not None:
        row, decisions = clinical.get_assessment(working.id)
        chosen: dict[str, str] = {}
        for d in decisions:  # the latest decision on an option wins
            chosen[d.option_id] = d.decision
        plan = plain_plan(row.output, [k for k, v in chosen.items() if v == "accepted"])
        guidance = patient_guidance(row.output)
    goals, _ = clinical.list_records("goal", patient_id, sort="created_at", limit=20, offset=0)
    packet = intake.packet(patient_id)
    care = OutcomeCare(db, user.actor, audit_reads=request.app.state.settings.audit_reads)
    due = [d for d in care.questionnaires_due(patient_id, today=datetime.now(UTC).date())
           if d.status.value in ("due", "overdue")]
    catalog = load_default_outcomes()
    messages = load_default().extra.get("patient_messages", {})
    crisis = patient_view(care.crisis_flags(patient_id), messages)
    progress, _, _, _ = care.list_goals(patient_id, sort="created_at", limit=200, offset=0,
                                        today=datetime.now(UTC).date())
    maintenance = maintenance_for([(row.status, found["status"]) for row, found in progress])
    return render(request, "portal/home.html", user, title="My care", upcoming=upcoming[:5], plan=plan,
                  crisis=crisis, maintenance=maintenance,
                  guidance=guidance, goals=goals, packet=packet, assessed=working is not None, kinds=KINDS, due=due,
                  labels={iid: d.display_name for iid, d in catalog.instruments.items()},
                  safety_net=(messages.get("safety_net") or {}).get("text", ""))


# -- history packet -----------------------------------------------------------------------------------------
def content_values(content: dict[str, Any]) -> dict[str, Any]:
    """A stored packet as form fields."""
    values: dict[str, Any] = {k: "" if content.get(k) is None else str(content.get(k)) for k in TEXT_FIELDS}
    values["body_map"] = list(content.get("body_map") or [])
    values["warning_signs"] = list(content.get("warning_signs") or [])
    for question, answer in (content.get("answers") or {}).items():
        values[f"ans_{question}"] = answer
    for i, row in enumerate(content.get("imaging") or []):
        for key in ("what", "when", "where"):
            values[f"img_{key}_{i}"] = row.get(key, "")
    for i, row in enumerate(content.get("medications") or []):
        for key in ("name", "dose", "side_effects", "helped"):
            values[f"med_{key}_{i}"] = row.get(key, "")
    return values


def _row_index(key: str) -> int | None:
    """The row number at the end of a repeated field's name ("med_name_3"), or None."""
    return form_int(key.rsplit("_", 1)[-1])


def _rows(values: dict[str, Any], prefix: str, keys: tuple[str, ...]) -> list[dict[str, str]]:
    indexes = sorted({i for k in values if k.startswith(prefix) and (i := _row_index(k)) is not None and i < 40})
    return [{key: str(values.get(f"{prefix}{key}_{i}", "")) for key in keys} for i in indexes]


def form_content(state: FormState) -> PacketContent | None:
    """Read the form into a packet; a field that does not validate gets its own message."""
    values = state.values
    data: dict[str, Any] = {k: values.get(k, "") for k in TEXT_FIELDS}
    data["onset_date"] = data["onset_date"] or None
    data["body_map"] = values.get("body_map", [])
    data["warning_signs"] = values.get("warning_signs", [])
    data["imaging"] = _rows(values, "img_", ("what", "when", "where"))
    data["medications"] = _rows(values, "med_", ("name", "dose", "side_effects", "helped"))
    known = {q.id for q in load_default().questions}
    data["answers"] = {
        key.removeprefix("ans_"): value for key, value in values.items()
        if key.startswith("ans_") and value and key.removeprefix("ans_") in known
    }
    try:
        return PacketContent.model_validate(data).drop_empty_rows()
    except ValidationError as err:
        for e in err.errors():
            loc = [str(p) for p in e.get("loc", ())]
            name = loc[0] if loc else "form"
            if name in ("imaging", "medications") and len(loc) >= 3:
                row = f"{'Scan or test' if name == 'imaging' else 'Medicine'} {int(loc[1]) + 1}"
                name = f"{'img' if name == 'imaging' else 'med'}_{loc[2]}_{loc[1]}"
                state.labels.setdefault(name, f"{row}, {loc[2].replace('_', ' ')}")
            # our own checks already speak to the patient; pydantic's own words become human_message's
            custom = e.get("type") == "value_error"
            message = str(e.get("msg", "")).removeprefix("Value error, ") if custom else human_message(dict(e))
            state.errors.setdefault(name, message)
        return None


def _history_page(request: Request, user: PageUser, state: FormState, *, packet: Any, status: int = 200,
                  stale: StaleWrite | None = None, guidance: list[str] | None = None,
                  questions: list[dict[str, Any]] | None = None) -> Response:
    meds = max(MEDICATION_ROWS, 1 + max([i for k in state.values if k.startswith("med_name_")
                                         and (i := _row_index(k)) is not None] or [-1]))
    scans = max(IMAGING_ROWS, 1 + max([i for k in state.values if k.startswith("img_what_")
                                       and (i := _row_index(k)) is not None] or [-1]))
    return render(request, "portal/history.html", user, title="Your history before your first visit", form=state,
                  packet=packet, body_map=BODY_MAP, warning_signs=WARNING_SIGNS, med_rows=range(min(meds, 40)),
                  img_rows=range(min(scans, 20)), stale=stale, guidance=guidance or [], questions=questions or [],
                  helped=[("", "Not sure"), ("yes", "Yes"), ("a little", "A little"), ("no", "No")], status=status)


@router.get("/portal/history")
def history(request: Request, db: Db, user: Annotated[PageUser, Depends(page(Perm.CLINICAL_READ))]) -> Response:
    patient_id = own_patient(user)
    intake, clinical = _stores(request, db, user)
    packet = intake.packet(patient_id)
    values = content_values(packet.content) if packet else {"body_map": [], "warning_signs": []}
    values["version"] = str(packet.version if packet else 0)
    guidance: list[str] = []
    if packet is not None and packet.status == "submitted" and packet.assessment_id:
        row, _ = clinical.get_assessment(packet.assessment_id)
        guidance = patient_guidance(row.output)
    return _history_page(request, user, FormState(values), packet=packet, guidance=guidance,
                         questions=care_team_questions(clinical, patient_id, packet))


def care_team_questions(clinical: ClinicalRecords, patient_id: int, packet: Any) -> list[dict[str, Any]]:
    """The questions of the latest assessment (a referral letter's, before the first visit), in plain words,
    with any the packet already answered; none once the packet is sent."""
    if packet is not None and packet.status == "submitted":
        return []
    latest, _ = clinical.list_records("assessment", patient_id, sort="-created_at", limit=1, offset=0)
    if not latest:
        return []
    row, _ = clinical.get_assessment(latest[0].id)
    return [{"id": q["id"], "text": q["ask_patient"]} for q in row.output.get("questions", [])]


@router.post("/portal/history")
async def history_save(
    request: Request, db: Db, user: Annotated[PageUser, Depends(form(Perm.QUESTIONNAIRE_SUBMIT))]
) -> Response:
    patient_id = own_patient(user)
    state = FormState(await form_values(request, lists=("body_map", "warning_signs")))
    intake, clinical = _stores(request, db, user)
    content = form_content(state)
    action = state.value("action") or "save"
    if content is not None and action == "submit":
        state.errors.update(goal_errors(content))
    version = form_int(state.value("version"), default=0) or 0
    if content is None or not state.ok:
        return _history_page(request, user, state, packet=intake.packet(patient_id), status=422,
                             questions=care_team_questions(clinical, patient_id, intake.packet(patient_id)))
    try:
        if action == "submit":
            submit(Context(request, db), user.actor, patient_id, PacketWrite(version=version, content=content))
            return redirect("/portal/history", notice="Thank you: your history was sent to your care team")
        intake.save_packet(patient_id, version=version, content=content.model_dump(mode="json"))
    except StaleWrite as err:
        state.values["version"] = str(err.version)
        return _history_page(request, user, state, packet=intake.packet(patient_id), status=409, stale=err,
                             questions=care_team_questions(clinical, patient_id, intake.packet(patient_id)))
    except (Invalid, TooLarge) as err:  # no pain content, or too long: said under the story, nothing lost
        state.errors["story"] = str(err).removeprefix("intake: ").removeprefix("content: ")
        return _history_page(request, user, state, packet=intake.packet(patient_id), status=422,
                             questions=care_team_questions(clinical, patient_id, intake.packet(patient_id)))
    return redirect("/portal/history", notice="Draft saved: you can come back and finish it later")


# -- appointments -------------------------------------------------------------------------------------------
@router.get("/portal/appointments")
def appointments(request: Request, db: Db, user: Annotated[PageUser, Depends(page(Perm.SCHEDULE_READ))]) -> Response:
    patient_id = own_patient(user)
    intake, _ = _stores(request, db, user)
    policy = intake.policy()
    now = datetime.now(UTC)
    rows: list[dict[str, Any]] = [{"a": a, "clinician": c, "time": policy.local(a.starts_at)}
                                  for a, c in intake.patient_appointments(patient_id)]
    upcoming = [r for r in rows if r["a"].starts_at >= now and r["a"].status not in ("cancelled", "no_show", "done")]
    past = [r for r in reversed(rows) if r not in upcoming]
    from painpath.web.pages.waitlist import offer_rows

    return render(request, "portal/appointments.html", user, title="My appointments", upcoming=upcoming,
                  past=past, kinds=KINDS, sites=intake.sites(), offers=offer_rows(db, user, request))


@router.get("/portal/appointments/{appointment_id}")
def appointment(
    request: Request, db: Db, appointment_id: PathId, user: Annotated[PageUser, Depends(page(Perm.SCHEDULE_READ))]
) -> Response:
    own_patient(user)
    intake, _ = _stores(request, db, user)
    policy = intake.policy()
    row, _, clinician = intake.appointment(appointment_id)  # another patient's id: NotFound -> 404 page
    site = intake.sites().get(row.site_id) if row.site_id is not None else None
    return render(request, "portal/appointment.html", user, title="Appointment", a=row, clinician=clinician,
                  local=policy.local(row.starts_at), kinds=KINDS, site=site)


# -- a message to the care team --------------------------------------------------------------------------------
PortalMessage = Annotated[PageUser, Depends(page(Perm.QUESTIONNAIRE_SUBMIT))]
PortalMessageForm = Annotated[PageUser, Depends(form(Perm.QUESTIONNAIRE_SUBMIT))]


@router.get("/portal/messages")
def message_page(request: Request, user: PortalMessage) -> Response:
    own_patient(user)
    return render(request, "portal/message.html", user, title="Message your care team", form=FormState({}))


@router.post("/portal/messages")
async def send_message(request: Request, db: Db, user: PortalMessageForm) -> Response:
    """The message goes on the clinicians' worklist and the chart's banner until a clinician acknowledges it."""
    patient_id = own_patient(user)
    values = await form_values(request)
    state = FormState({"message": str(values.get("message", ""))})
    try:
        OutcomeCare(db, user.actor).message_care_team(patient_id, text=state.values["message"])
    except Invalid as err:
        state.errors["message"] = str(err).removeprefix("message: ")
        return render(request, "portal/message.html", user, status=422, title="Message your care team", form=state)
    return redirect("/portal", notice="Your message was sent to your care team. They read messages on working days.")
