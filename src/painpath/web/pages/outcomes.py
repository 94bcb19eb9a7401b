"""Outcome pages (issue 6): the clinicians' worklist, a patient's goals, the clinic outcome report, and the
patient portal's questionnaires (what is due, a form per instrument built from its data, the result).

Every page reaches data through the stores the API uses (OutcomeCare, ClinicalRecords, OutcomeReports), so
access rules, auditing and alert creation are the same for a form and an API call.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field, StringConstraints

from painpath.adapters.db.clinical_store import ClinicalRecords
from painpath.adapters.db.outcomes_store import OutcomeCare, maintenance_for
from painpath.adapters.db.patients_store import PatientRecords
from painpath.adapters.db.reports_store import OutcomeReports
from painpath.adapters.instrument_files import load_default_outcomes
from painpath.adapters.knowledge_files import load_default
from painpath.domain.instruments import Better, InstrumentDef, ItemDef, Method
from painpath.services.access import Perm, Role
from painpath.services.errors import Forbidden, Invalid, NotFound
from painpath.services.outcome_scoring import patient_view
from painpath.web.deps import Db, PathId
from painpath.web.pages.base import FormState, PageUser, form, form_values, page, redirect, render, validate

router = APIRouter(include_in_schema=False)

ClinicWork = Annotated[PageUser, Depends(page(Perm.CLINICAL_WRITE))]  # working pages with forms: clinicians
ClinicForm = Annotated[PageUser, Depends(form(Perm.CLINICAL_WRITE))]
ReportPage = Annotated[PageUser, Depends(page(Perm.OUTCOME_REPORT))]
PortalPage = Annotated[PageUser, Depends(page(Perm.QUESTIONNAIRE_SUBMIT))]
PortalForm = Annotated[PageUser, Depends(form(Perm.QUESTIONNAIRE_SUBMIT))]

LEVEL_LABEL = {"emergency": "Emergency", "urgent": "Urgent (same day)", "soon": "Soon (within a week)",
               "routine": "Routine"}
SOURCE_LABEL = {"assessment": "Assessment", "questionnaire": "Questionnaire", "plan_review": "Plan review",
                "message": "Message from the patient (portal)", "scheduling": "Booking outside the triage window",
                "therapy_flare": "Therapist's flare report"}


def today() -> date:
    return date.today()


def care(db: Any, user: PageUser) -> OutcomeCare:
    return OutcomeCare(db, user.actor)


def _field_of(message: str, fields: tuple[str, ...]) -> str:
    """The form field a store message names ('target_value: ...'), or '' when it names none."""
    head = message.split(":", 1)[0].strip()
    return head if head in fields else ""


# -- worklist ------------------------------------------------------------------------------------------------
def _worklist(request: Request, db: Any, user: PageUser, *, errors: dict[int, str] | None = None,
              notes: dict[int, str] | None = None, status: int = 200) -> Response:
    alerts, overdue = care(db, user).worklist(today=today())
    catalog = load_default_outcomes()
    labels = {iid: d.label for iid, d in catalog.instruments.items()}
    return render(request, "outcomes/worklist.html", user, status=status, title="Worklist", alerts=alerts,
                  overdue=overdue, labels=labels, level_label=LEVEL_LABEL, source_label=SOURCE_LABEL,
                  errors=errors or {}, notes=notes or {})


@router.get("/clinic/worklist")
def worklist_page(request: Request, user: ClinicWork, db: Db) -> Response:
    return _worklist(request, db, user)


@router.post("/clinic/alerts/{alert_id}/acknowledge")
async def acknowledge_alert(alert_id: PathId, request: Request, user: ClinicForm, db: Db) -> Response:
    values = await form_values(request)
    note = str(values.get("action_note", ""))
    try:
        row, _ = care(db, user).acknowledge(alert_id, note=note)
    except Invalid as err:  # the worklist shows the alert with the field error and what was typed
        message = str(err).removeprefix("action_note: ")
        return _worklist(request, db, user, errors={alert_id: message}, notes={alert_id: note}, status=422)
    if values.get("return_to") == "chart":  # acknowledged from the chart's banner: back to that chart
        return redirect(f"/clinic/patients/{row.patient_id}",
                        notice="Alert acknowledged: your action note is kept with it.")
    return redirect("/clinic/worklist", notice="Alert acknowledged: your action note is kept with it.")


# -- goals ---------------------------------------------------------------------------------------------------
class GoalForm(BaseModel):
    kind: Literal["work", "life"]
    description: Annotated[str, StringConstraints(min_length=1, max_length=2000)]
    measure: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    baseline_value: Annotated[float, Field(ge=-1_000_000, le=1_000_000, allow_inf_nan=False)]
    target_value: Annotated[float, Field(ge=-1_000_000, le=1_000_000, allow_inf_nan=False)]
    due_on: date


class CheckInForm(BaseModel):
    checked_on: date
    value: Annotated[float, Field(ge=-1_000_000, le=1_000_000, allow_inf_nan=False)]
    note: Annotated[str, StringConstraints(max_length=2000)] = ""


GOAL_FIELDS = ("kind", "description", "measure", "baseline_value", "target_value", "due_on")
CHECKIN_FIELDS = ("checked_on", "value", "note")


def _goals(request: Request, db: Any, user: PageUser, patient_id: int, *, goal_form: FormState | None = None,
           check_in_forms: dict[int, FormState] | None = None, status: int = 200) -> Response:
    patient = PatientRecords(db, user.actor).get(patient_id)
    store = care(db, user)
    rows, _, missing, warnings = store.list_goals(patient_id, sort="created_at", limit=200, offset=0, today=today())
    check_ins = {row.id: store.goal_with_check_ins(row.id, today=today())[1] for row, _ in rows}
    default = FormState({"due_on": "", "kind": ""})
    return render(request, "outcomes/goals.html", user, status=status, title=f"Goals: {patient.given_name} "
                  f"{patient.family_name}", patient=patient, goals=rows, check_ins=check_ins, missing=missing,
                  warnings=warnings, goal_form=goal_form or default, check_in_forms=check_in_forms or {},
                  maintenance=maintenance_for([(row.status, progress["status"]) for row, progress in rows]),
                  today_iso=today().isoformat())


@router.get("/clinic/patients/{patient_id}/goals")
def goals_page(patient_id: PathId, request: Request, user: ClinicWork, db: Db) -> Response:
    return _goals(request, db, user, patient_id)


@router.post("/clinic/patients/{patient_id}/goals")
async def set_goal(patient_id: PathId, request: Request, user: ClinicForm, db: Db) -> Response:
    state = FormState(await form_values(request))
    model = validate(GoalForm, state)
    if model is not None:
        try:
            care(db, user).create_goal(patient_id, {**model.model_dump(), "status": "active"}, today=today())
        except Invalid as err:
            field = _field_of(str(err), GOAL_FIELDS) or "description"
            state.errors[field] = str(err).split(": ", 1)[-1] if _field_of(str(err), GOAL_FIELDS) else str(err)
        else:
            return redirect(f"/clinic/patients/{patient_id}/goals", notice=f"{model.kind.title()} goal set.")
    return _goals(request, db, user, patient_id, goal_form=state, status=422)


@router.post("/clinic/goals/{goal_id}/checkins")
async def goal_check_in(goal_id: PathId, request: Request, user: ClinicForm, db: Db) -> Response:
    state = FormState(await form_values(request))
    store = care(db, user)
    goal, _, _ = store.goal_with_check_ins(goal_id, today=today())
    model = validate(CheckInForm, state)
    if model is not None:
        try:
            store.add_check_in(goal_id, checked_on=model.checked_on, value=model.value, note=model.note,
                               today=today())
        except Invalid as err:
            field = _field_of(str(err), CHECKIN_FIELDS) or "value"
            state.errors[field] = str(err).split(": ", 1)[-1] if _field_of(str(err), CHECKIN_FIELDS) else str(err)
        else:
            return redirect(f"/clinic/patients/{goal.patient_id}/goals#goal-{goal_id}", notice="Check-in recorded.")
    return _goals(request, db, user, goal.patient_id, check_in_forms={goal_id: state}, status=422)


# -- clinic outcome report -----------------------------------------------------------------------------------
@router.get("/clinic/reports/outcomes")
def outcome_report_page(request: Request, user: ReportPage, db: Db) -> Response:
    report = OutcomeReports(db, user.actor).outcome_report(today=today())
    catalog = load_default_outcomes()
    labels = {iid: d.label for iid, d in catalog.instruments.items()}
    return render(request, "outcomes/report.html", user, title="Clinic outcome report", report=report,
                  labels=labels)


# -- patient portal: questionnaires --------------------------------------------------------------------------
def _patient_id(user: PageUser) -> int:
    """The signed-in patient's own record; the URL never chooses whose record a questionnaire goes to."""
    if user.role is not Role.PATIENT or user.actor.patient_id is None:
        raise Forbidden("questionnaires here are filled in by patients from their own portal account")
    return user.actor.patient_id


def _instrument(instrument: str) -> InstrumentDef:
    catalog = load_default_outcomes()
    if instrument not in catalog.instruments:
        raise NotFound(f"there is no questionnaire called {instrument!r}")
    return catalog.instruments[instrument]


def _as_radios(item: ItemDef) -> bool:
    """Answer options, or a whole-number scale of at most eleven points (0-10), render as radio buttons."""
    if item.options:
        return True
    return item.step == 1 and item.maximum - item.minimum <= 10


def _choices(item: ItemDef, better: Better) -> list[tuple[str, str]]:
    if item.options:
        return [(str(o.value), o.label[:1].upper() + o.label[1:]) for o in item.options]
    low, high = int(item.minimum), int(item.maximum)
    ends = {low: " (none)", high: " (worst)"} if better is Better.LOWER else {}
    return [(str(v), f"{v}{ends.get(v, '')}") for v in range(low, high + 1)]


@router.get("/portal/questionnaires")
def questionnaires_page(request: Request, user: PortalPage, db: Db) -> Response:
    patient_id = _patient_id(user)
    due = care(db, user).questionnaires_due(patient_id, today=today())
    catalog = load_default_outcomes()
    anytime = [d for d in catalog.instruments.values() if d.method is Method.SINGLE]
    return render(request, "portal/questionnaires.html", user, title="Questionnaires", due=due,
                  labels={iid: d.display_name for iid, d in catalog.instruments.items()}, anytime=anytime)


def _form_page(request: Request, user: PageUser, definition: InstrumentDef, state: FormState,
               status: int = 200) -> Response:
    items = [(item, _as_radios(item), _choices(item, definition.better)) for item in definition.items]
    return render(request, "portal/questionnaire_form.html", user, status=status, title=definition.display_name,
                  definition=definition, items=items, form=state)


@router.get("/portal/questionnaires/{instrument}")
def questionnaire_form(instrument: str, request: Request, user: PortalPage) -> Response:
    _patient_id(user)
    return _form_page(request, user, _instrument(instrument), FormState())


@router.post("/portal/questionnaires/{instrument}")
async def submit_questionnaire(instrument: str, request: Request, user: PortalForm, db: Db) -> Response:
    patient_id = _patient_id(user)
    definition = _instrument(instrument)
    state = FormState(await form_values(request))
    answers: dict[str, float] = {}
    for item in definition.items:
        raw = str(state.value(item.id, ""))
        if raw == "":
            state.errors[item.id] = "choose an answer" if _as_radios(item) else (
                f"enter a number from {item.minimum:g} to {item.maximum:g}")
            continue
        try:
            answers[item.id] = float(raw)
        except ValueError:
            state.errors[item.id] = f"{raw!r} is not a number: enter one from {item.minimum:g} to {item.maximum:g}"
    if state.errors:
        return _form_page(request, user, definition, state, status=422)
    body = {"instrument": instrument, "score": None, "items": answers,
            "taken_at": datetime.now(UTC), "body_site": None}
    try:
        row = ClinicalRecords(db, user.actor).create("outcome", patient_id, body)
    except Invalid as err:
        text = str(err)
        named = next((i.id for i in definition.items if f"items: {i.id}:" in text or f"items.{i.id}" in text), "")
        state.errors[named or definition.items[0].id] = text.split("; ")[0].split(": ", 2)[-1]
        return _form_page(request, user, definition, state, status=422)
    return redirect(f"/portal/questionnaires/results/{row.id}", notice="Thank you: your answers were saved.")


@router.get("/portal/questionnaires/results/{measurement_id}")
def questionnaire_result(measurement_id: PathId, request: Request, user: PortalPage, db: Db) -> Response:
    _patient_id(user)
    row = ClinicalRecords(db, user.actor).get("outcome", measurement_id)
    definition = _instrument(row.instrument)
    scoring = row.scoring or {}
    messages = load_default().extra.get("patient_messages", {})
    flags = patient_view(list(scoring.get("red_flags") or []), messages)
    low, high = definition.score_range
    return render(request, "portal/questionnaire_result.html", user, title=f"{definition.display_name}: your result",
                  definition=definition, row=row, band_label=scoring.get("band_label"), flags=flags, low=low,
                  high=high)
