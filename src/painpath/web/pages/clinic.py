"""The clinician workspace (/clinic): today's list, patient search, the chart at a glance, new assessment (a note
or the structured pain-story form), the assessment result with plan decisions, procedure responses, and the
printable visit summary (HTML and PDF).

Every page reaches data through the same stores as the JSON API (PatientRecords, ClinicalRecords), so access
rules and the audit trail are shared. The /clinic area is for clinicians only: patients hold CLINICAL_READ for
their own record, so the read pages here declare Perm.ASSESS, which only the clinician role is granted; front
desk and admin (no clinical permission) get a 403 page. Writes declare Perm.CLINICAL_WRITE (decisions,
procedures) or Perm.ASSESS (running an assessment).

The worklist (/clinic/worklist), goals (/clinic/patients/{id}/goals) and the outcome report are other modules'.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from sqlalchemy import func, select

from painpath.adapters.db.alerts import level_rank
from painpath.adapters.db.clinical_store import SOURCE_LABELS
from painpath.adapters.db.outcomes_store import OutcomeCare
from painpath.adapters.db.schedule_repo import clinic_policy
from painpath.adapters.db.store import Store, unit_of_work
from painpath.adapters.db.tables import (
    Appointment,
    Assessment,
    ClinicalAlert,
    ClinicSetting,
    Patient,
    Referral,
    User,
)
from painpath.adapters.instrument_files import load_default_outcomes
from painpath.adapters.intake import region_findings
from painpath.adapters.vocabulary import plan_option_kinds
from painpath.domain.model import KnowledgeBase
from painpath.domain.opioids import listed_with_mme
from painpath.services import assessing
from painpath.services.access import Perm
from painpath.services.errors import Invalid, NotFound, TooLarge
from painpath.web.deps import Ctx, PathId
from painpath.web.pages.base import (
    FormState,
    PageUser,
    calendar_problem,
    form,
    form_values,
    human_message,
    page,
    redirect,
    render,
    templates,
    validate,
)
from painpath.web.patient_wording import VISIT_KINDS, plain_condition, plain_plan, warning_signs
from painpath.web.schemas_more import MedicationCreate, ProcedureCreate
from painpath.web.source_view import assessment_source

router = APIRouter(prefix="/clinic", include_in_schema=False)

# Perm.ASSESS is granted to the clinician role only: it keeps patients (who hold CLINICAL_READ for their own
# record) and every non-clinical role out of the clinician workspace's read pages.
ClinicianPage = Annotated[PageUser, Depends(page(Perm.ASSESS))]
AssessForm = Annotated[PageUser, Depends(form(Perm.ASSESS))]
WriteForm = Annotated[PageUser, Depends(form(Perm.CLINICAL_WRITE))]



def sentence(text: object) -> str:
    """First letter upper-case, the rest as written (Jinja's capitalize would turn 'NSAID' into 'nsaid')."""
    value = str(text or "")
    return value[:1].upper() + value[1:]


templates.env.filters["sentence"] = sentence  # used by templates/clinic/*

TRIAGE_ORDER = {"emergency": 0, "urgent": 1, "soon": 2, "routine": 3}
DECISIONS = {"accept": "accepted", "decline": "declined", "defer": "deferred"}


# -- reads only this workspace needs ----------------------------------------------------------------------
@dataclass(frozen=True)
class DayRow:
    appointment: Appointment
    patient: Patient
    clinician: str
    own: bool
    triage: str | None


class ClinicDay(Store):
    """Today's appointments across clinicians with each patient's latest triage, and the open worklist count."""

    @unit_of_work
    def appointments_on(self, day: date) -> list[DayRow]:
        """The clinic's day (midnight to midnight in the clinic's time zone, as the desk's schedule)."""
        start = clinic_policy(self.session).utc(datetime.combine(day, time.min))
        rows = list(
            self.session.execute(
                select(Appointment, Patient, User)
                .join(Patient, Patient.id == Appointment.patient_id)
                .outerjoin(User, User.id == Appointment.clinician_id)
                .where(Appointment.starts_at >= start, Appointment.starts_at < start + timedelta(days=1))
                .order_by(Appointment.starts_at, Appointment.id)
            )
        )
        patient_ids = sorted({p.id for _, p, _ in rows})
        latest: dict[int, str] = {}
        if patient_ids:
            for patient_id, level in self.session.execute(
                select(Assessment.patient_id, Assessment.triage_level)
                .where(Assessment.patient_id.in_(patient_ids))
                .order_by(Assessment.created_at.desc(), Assessment.id.desc())
            ):
                if patient_id is not None:
                    latest.setdefault(patient_id, level)
        self.audit("read", "schedule", day.isoformat(), None)
        for patient_id in patient_ids:
            self.audit("read", "triage", patient_id, patient_id)
        return [
            DayRow(
                appointment=a,
                patient=p,
                clinician=(u.display_name if u is not None else "unassigned"),
                own=a.clinician_id is not None and a.clinician_id == self.actor.user_id,
                triage=latest.get(p.id),
            )
            for a, p, u in rows
        ]

    @unit_of_work
    def open_alerts(self) -> dict[str, int]:
        """Rows of the clinicians' worklist (clinical_alerts) not yet acknowledged, counted by level (most urgent
        first; levels with none are left out)."""
        counts = dict(
            self.session.execute(
                select(ClinicalAlert.level, func.count())
                .where(ClinicalAlert.acknowledged_at.is_(None))
                .group_by(ClinicalAlert.level)
            ).all()
        )
        self.audit("read", "worklist_count", "open", None)
        return {level: int(counts[level]) for level in sorted(counts, key=level_rank) if counts[level]}

    @unit_of_work
    def open_alerts_of(self, patient_ids: list[int]) -> dict[int, list[ClinicalAlert]]:
        """Each patient's open (unacknowledged) alerts, most urgent first, oldest first within a level."""
        found: dict[int, list[ClinicalAlert]] = {}
        if not patient_ids:
            return found
        for row in self.session.scalars(
            select(ClinicalAlert).where(
                ClinicalAlert.patient_id.in_(sorted(set(patient_ids))), ClinicalAlert.acknowledged_at.is_(None)
            )
        ):
            found.setdefault(row.patient_id, []).append(row)
        for patient_id, rows in found.items():
            rows.sort(key=lambda a: (level_rank(a.level), a.created_at, a.id))
            for alert in rows:
                self.audit("read", "clinical_alert", alert.id, patient_id)
        return found


    @unit_of_work
    def user_names(self, user_ids: set[int]) -> dict[int, str]:
        """Display names of the users who wrote or signed off assessments (their authors on the chart)."""
        if not user_ids:
            return {}
        return dict(self.session.execute(
            select(User.id, User.display_name).where(User.id.in_(sorted(user_ids)))).all())


    @unit_of_work
    def referrer_of(self, assessment_id: int) -> str | None:
        """Who wrote the referral letter an assessment read (its source view names them)."""
        found = self.session.scalar(select(Referral.referrer).where(Referral.assessment_id == assessment_id))
        return str(found) if found else None


def _kb(ctx: Any) -> KnowledgeBase:
    kb: KnowledgeBase = ctx.engine.assessor.kb
    return kb


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


# -- today ------------------------------------------------------------------------------------------------
@router.get("/today", response_class=HTMLResponse)
def today(request: Request, ctx: Ctx, user: ClinicianPage, day: str = "") -> HTMLResponse:
    state = FormState({"day": day})
    chosen = clinic_policy(ctx.db).now().date()  # the clinic's today, as the desk's schedule
    if day:
        try:
            asked = date.fromisoformat(day)
        except ValueError:
            state.errors["day"] = f"give the day as year-month-day, e.g. {chosen.isoformat()}"
        else:
            problem = calendar_problem(asked)
            if problem:
                state.errors["day"] = problem
            else:
                chosen = asked
    workspace = ClinicDay(ctx.db, user.actor, audit_reads=ctx.settings.audit_reads)
    rows = workspace.appointments_on(chosen)
    counts = workspace.open_alerts()
    return render(
        request,
        "clinic/today.html",
        user,
        status=422 if state.errors else 200,
        title="Today",
        rows=rows,
        day=chosen,
        form=state,
        open_alerts=sum(counts.values()),
        alert_counts=counts,
        alerts_of=workspace.open_alerts_of([r.patient.id for r in rows]),
        own_count=sum(1 for r in rows if r.own),
    )


# -- patient search ---------------------------------------------------------------------------------------
class SearchForm(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str | None = Field(default=None, max_length=100)
    mrn: str | None = Field(default=None, max_length=40)
    birth_date: date | None = None


@router.get("/patients", response_class=HTMLResponse)
def patients(
    request: Request, ctx: Ctx, user: ClinicianPage, name: str = "", mrn: str = "", birth_date: str = ""
) -> HTMLResponse:
    state = FormState({"name": name.strip(), "mrn": mrn.strip(), "birth_date": birth_date.strip()})
    results: list[Any] = []
    total = 0
    more = False  # more patients match than were counted
    similar = False  # nothing started with the name: the names listed look like it
    searched = any(state.values.values())
    if searched:
        query = validate(SearchForm, state)
        if query is not None:
            records = ctx.patients(user.actor)
            results, total, more = records.search(
                name=query.name, birth_date=query.birth_date, mrn=query.mrn, sort="family_name", limit=50, offset=0
            )
            if not results and query.name and not query.mrn and not query.birth_date:
                results = records.similar(query.name, limit=10)
                similar = bool(results)
                total = len(results)
    workspace = ClinicDay(ctx.db, user.actor, audit_reads=ctx.settings.audit_reads)
    return render(
        request,
        "clinic/patients.html",
        user,
        title="Find a patient",
        form=state,
        alerts_of=workspace.open_alerts_of([p.id for p in results]) if results else {},
        results=results,
        total=total,
        more=more,
        searched=searched,
        similar=similar,
        age=_age,
        today_=date.today(),
    )


# -- the chart --------------------------------------------------------------------------------------------
def _current_decisions(decisions: list[Any]) -> dict[str, Any]:
    """The latest decision per option (a later one supersedes an earlier one)."""
    current: dict[str, Any] = {}
    for d in decisions:
        current[d.option_id] = d
    return current


def _red_flags(output: dict[str, Any]) -> list[dict[str, Any]]:
    return sorted(output.get("red_flags", []), key=lambda f: TRIAGE_ORDER.get(str(f.get("min_triage")), 9))


def _medications_with_mme(kb: KnowledgeBase, medications: list[Any]) -> tuple[list[dict[str, Any]], Any]:
    """Current medications with the CDC 2022 MME/day of each opioid (factors from plan_opioids.yaml)."""
    return listed_with_mme(kb, medications)


def _stale(chart: dict[str, Any]) -> bool:
    """A procedure response recorded after the latest assessment: its plan has not seen it yet."""
    if not chart["assessments"]:
        return False
    latest = chart["assessments"][0].created_at
    return any(_aware(p.created_at) > _aware(latest) for p in chart["procedures"] if p.relief_percent is not None)


def _trend_charts(clinical: Any, records: dict[str, Any], patient_id: int) -> list[tuple[str, str]]:
    """One server-rendered SVG per instrument with scores, the pain rating first."""
    instruments = sorted({o.instrument for o in records["outcomes"] if o.score is not None})
    charts = []
    for instrument in (["nrs"] if "nrs" in instruments else []) + [i for i in instruments if i != "nrs"]:
        try:
            # our own SVG (adapters/trend_chart.py): every label it draws is XML-escaped, no script, no style
            charts.append((instrument, clinical.outcome_chart(patient_id, instrument)))
        except (NotFound, Invalid):
            continue
    return charts


@router.get("/patients/{patient_id}", response_class=HTMLResponse)
def chart(request: Request, patient_id: PathId, ctx: Ctx, user: ClinicianPage) -> HTMLResponse:
    return _chart(request, patient_id, ctx, user)


def assessment_label(row: Any, names: dict[int, str]) -> dict[str, Any]:
    """How the chart names an assessment: where it came from, who made it, its leading diagnosis and status."""
    author = names.get(row.created_by, f"user {row.created_by}")
    signed = names.get(row.signed_off_by, f"user {row.signed_off_by}") if row.signed_off_by else None
    if row.status == "dismissed":
        by = names.get(row.dismissed_by, f"user {row.dismissed_by}") if row.dismissed_by else "a clinician"
        status = f"dismissed by {by}: {row.dismissal_reason}"
    else:
        status = ("proposal, not signed off" if row.status == "proposal"
                  else f"signed off by {signed}" if signed else "clinician's own")
    return {
        "row": row,
        "source": SOURCE_LABELS.get(row.source, row.source),
        "author": author,
        "diagnosis": row.leading_diagnosis or "no leading diagnosis",
        "status": status,
        "dismissed": row.status == "dismissed",
    }


def _proposal_flags(working: Any, pending: list[Any]) -> list[dict[str, Any]]:
    """The working assessment's red flags and every pending proposal's, each once: sign-off never hides one."""
    flags = [dict(f) for f in (working.output.get("red_flags", []) if working is not None else [])]
    seen = {f.get("id") for f in flags}
    for row in pending:
        for flag in row.output.get("red_flags", []):
            if flag.get("id") not in seen:
                seen.add(flag.get("id"))
                flags.append({**flag, "via": f"From the {SOURCE_LABELS.get(row.source, row.source)} awaiting "
                                             "sign-off (already on the worklist)"})
    return sorted(flags, key=lambda f: TRIAGE_ORDER.get(str(f.get("min_triage")), 9))


NEUROMODULATION = ("spinal_cord_stimulation", "dorsal_root_ganglion_stimulation")  # stimulators with a trial gate


def _neuromodulation(clinical: Any, patient_id: int, procedures: list[Any], plan: dict[str, Any]) -> dict[str, Any]:
    """The stimulator pathway's prerequisites as records: psychological evaluations, stimulator trials, and how the
    plan's stimulator options stand on them (shown when the plan has one or a record exists)."""
    evaluations, _ = clinical.list_records("psych_evaluation", patient_id, sort="-evaluated_on", limit=20, offset=0)
    trials = [p for p in procedures if p.option_id in NEUROMODULATION]
    options = [o for s in plan.get("stages", []) for o in s.get("options", []) if o["id"] in NEUROMODULATION]
    options += [{**e, "status": "excluded"} for e in plan.get("excluded", []) if e.get("id") in NEUROMODULATION]
    return {"evaluations": evaluations, "trials": trials, "options": options,
            "shown": bool(evaluations or trials or options)}


def _chart(request: Request, patient_id: int, ctx: Any, user: PageUser, *, allergy_form: FormState | None = None,
           reconcile_error: str = "", status: int = 200, psych_form: FormState | None = None) -> HTMLResponse:
    records = ctx.patients(user.actor).chart(patient_id)
    clinical = ctx.clinical(user.actor)
    latest = None
    decisions: dict[str, Any] = {}
    working, pending = clinical.current_assessments(patient_id)
    if working is not None:
        latest, found = clinical.get_assessment(working.id)
        decisions = _current_decisions(found)
    charts = _trend_charts(clinical, records, patient_id)
    medications, mme = _medications_with_mme(
        _kb(ctx), [m for m in records["medications"] if m.status in {"current", "planned"}]
    )
    now = datetime.now(UTC)
    upcoming = sorted(
        (a for a in records["appointments"] if _aware(a.starts_at) >= now and a.status not in {"cancelled"}),
        key=lambda a: a.starts_at,
    )
    output = latest.output if latest is not None else {}
    patient = records["patient"]
    stages = (output.get("plan") or {}).get("stages", [])
    accepted = [
        s for s in stages if any(getattr(decisions.get(o["id"]), "decision", "") == "accepted" for o in s["options"])
    ]
    current_stage = accepted[-1] if accepted else (stages[0] if stages else None)
    # what the recorded responses opened (an ablation after concordant blocks), unless already declined or done
    available = [
        o for s in stages for o in s["options"]
        if o.get("status") == "eligible" and getattr(decisions.get(o["id"]), "decision", "") != "declined"
    ]
    # what the newest re-plan awaiting sign-off would change (an option an allergy now excludes, one a response
    # opened): shown on the working plan at once, so a safety exclusion is never hidden behind sign-off
    replan = next((p for p in pending if p.source == "replan"), None)
    withdrawn: dict[str, str] = {}
    if replan is not None:
        excluded = {str(e.get("id")): str(e.get("reason") or "") for e in
                    (replan.output.get("plan") or {}).get("excluded", [])}
        withdrawn = {o["id"]: excluded[o["id"]] for s in stages for o in s["options"] if o["id"] in excluded}
    available = [o for o in available if o["id"] not in withdrawn]
    shown = {o["id"] for o in available}
    for proposal in pending:  # what a re-plan awaiting sign-off opened, said to be a proposal
        for o in (o for s in (proposal.output.get("plan") or {}).get("stages", []) for o in s["options"]):
            if o.get("status") == "eligible" and o["id"] not in shown and \
                    getattr(decisions.get(o["id"]), "decision", "") != "declined":
                shown.add(o["id"])
                available.append({**o, "proposal": proposal.id})
    workspace = ClinicDay(ctx.db, user.actor, audit_reads=ctx.settings.audit_reads)
    names = workspace.user_names({r.created_by for r in [*records["assessments"], *pending]}
                                 | {r.signed_off_by for r in [*records["assessments"], *pending] if r.signed_off_by}
                                 | {r.dismissed_by for r in records["assessments"] if r.dismissed_by})
    listed = {m.name.lower() for m in records["medications"] if m.status in {"current", "planned"}}
    # medicines the latest note says are taken but the medication list lacks: offered for reconciliation
    unreconciled = [m for m in output.get("medications") or []
                    if m.get("status") == "current" and str(m.get("name", "")).lower() not in listed]
    return render(
        request,
        "clinic/chart.html",
        user,
        status=status,
        title=f"{patient.family_name}, {patient.given_name}",
        allergies=records["allergies"],
        problems=records["problems"],
        outside_records=[e for e in records["encounters"] if e.kind == "outside_record"],
        allergy_form=allergy_form or FormState({"severity": "unknown"}),
        triage_reasons=[str(r) for r in (output.get("triage") or {}).get("reasons") or []],
        note_medicines=[str(m.get("text") or m.get("name")) for m in unreconciled],
        unreconciled=unreconciled,
        reconcile_error=reconcile_error,
        patient=patient,
        age=_age(patient.birth_date, date.today()),
        latest=latest,
        output=output,
        red_flags=_proposal_flags(latest, pending),
        working=assessment_label(latest, names) if latest is not None else None,
        proposals=[assessment_label(r, names) for r in pending],
        open_alerts=workspace.open_alerts_of([patient_id]).get(patient_id, []),
        differential=output.get("differential", [])[:5],
        plan=output.get("plan") or {},
        replan=assessment_label(replan, names) if replan is not None else None,
        withdrawn=withdrawn,
        current_stage=current_stage,
        available=available,
        stage_basis="the latest stage with an accepted option" if accepted else "no option accepted yet",
        decisions=decisions,
        medications=medications,
        mme=mme,
        procedures=records["procedures"],
        goals=records["goals"],
        charts=charts,
        upcoming=upcoming,
        neuromodulation=_neuromodulation(clinical, patient_id, records["procedures"],
                                         (replan.output.get("plan") or {}) if replan is not None else
                                         output.get("plan") or {}),
        psych_form=psych_form or FormState({"evaluated_on": date.today().isoformat(), "outcome": ""}),
        earlier=[assessment_label(r, names) for r in records["assessments"]
                 if r.id not in {getattr(latest, "id", None), *(p.id for p in pending)}],
        stale=_stale(records),
    )


class AllergyForm(BaseModel):
    model_config = ConfigDict(extra="ignore")
    substance: str = Field(min_length=1, max_length=80)
    reaction: str = Field(default="", max_length=2000)
    severity: Literal["mild", "moderate", "severe", "unknown"] = "unknown"


@router.post("/patients/{patient_id}/allergies")
async def add_allergy(request: Request, patient_id: PathId, ctx: Ctx, user: WriteForm) -> Response:
    """Record an allergy and re-plan the latest assessment, so options of its class leave the plan."""
    values = await form_values(request)
    state = FormState({k: str(values.get(k, "")).strip() for k in ("substance", "reaction", "severity")})
    if not state.values["substance"]:
        state.errors["substance"] = "name the drug, drug class or substance, e.g. ibuprofen or NSAIDs"
    body = validate(AllergyForm, state) if state.ok else None
    if body is None:
        return _chart(request, patient_id, ctx, user, allergy_form=state, status=422)
    clinical = ctx.clinical(user.actor)
    clinical.create("allergy", patient_id, body.model_dump())
    replanned = assessing.replan(clinical, ctx.engine, patient_id)
    notice = f"Allergy to {body.substance} recorded" + ("; the plan was updated." if replanned else ".")
    return redirect(f"/clinic/patients/{patient_id}", notice=notice)


@router.post("/patients/{patient_id}/medications/reconcile")
async def reconcile_medication(request: Request, patient_id: PathId, ctx: Ctx, user: WriteForm) -> Response:
    """Add a medicine the latest note mentions to the medication list (as read from the note; edit it later)."""
    values = await form_values(request)
    data = {k: values.get(k) or None for k in ("name", "dose", "unit", "per_day", "route")}
    try:
        body = MedicationCreate.model_validate({**{k: v for k, v in data.items() if v is not None},
                                                "status": "current"})
    except ValidationError as err:
        first = err.errors()[0]
        name = str(first["loc"][0]).replace("_", " ") if first["loc"] else "the medicine"
        problem = f"{name}: {human_message(dict(first))} (add it by hand with the right value)"
        return _chart(request, patient_id, ctx, user, reconcile_error=problem, status=422)
    ctx.clinical(user.actor).create("medication", patient_id, body.model_dump())
    return redirect(f"/clinic/patients/{patient_id}", notice=f"{body.name} added to the medication list.")


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


@router.post("/patients/{patient_id}/replan")
async def replan(patient_id: PathId, ctx: Ctx, user: AssessForm) -> Response:
    """Re-plan the latest assessment with every recorded procedure response, allergy and questionnaire total."""
    done = assessing.replan(ctx.clinical(user.actor), ctx.engine, patient_id)
    if done is None:
        return redirect(f"/clinic/patients/{patient_id}", notice="No assessment to re-plan yet.")
    return redirect(f"/clinic/assessments/{done.row.id}",
                    notice="Plan updated with the recorded procedure responses, allergies and questionnaire scores.")


@router.post("/assessments/{assessment_id}/sign-off")
async def sign_off(assessment_id: PathId, ctx: Ctx, user: AssessForm) -> Response:
    """Sign a proposal off as the patient's working assessment (audited); back to the chart."""
    clinical = ctx.clinical(user.actor)
    try:
        row = clinical.sign_off(assessment_id)
    except Invalid as err:
        found, _ = clinical.get_assessment(assessment_id)
        where = f"/clinic/patients/{found.patient_id}" if found.patient_id is not None else (
            f"/clinic/assessments/{assessment_id}")
        return redirect(where, notice=f"Not signed off: {err}")
    return redirect(f"/clinic/patients/{row.patient_id}",
                    notice=f"Signed off: the {SOURCE_LABELS.get(row.source, row.source)} is now the working "
                           "assessment.")


# -- new assessment ---------------------------------------------------------------------------------------
REGION_LABELS = {
    "head": "Head", "face": "Face and jaw", "neck": "Neck", "shoulder": "Shoulder", "upper_back": "Upper or mid back",
    "chest": "Chest wall or ribs", "arm": "Arm, hand or wrist", "abdomen": "Abdomen", "low_back": "Low back",
    "pelvis": "Pelvis, perineum or groin (genital)", "buttock": "Buttock", "hip": "Hip or groin",
    "leg": "Leg or thigh", "knee": "Knee", "foot": "Foot or ankle", "widespread": "Widespread (all over)",
}
# The structured form's groups of findings (ids of knowledge/findings.yaml; labels come from the knowledge base).
GROUPS: dict[str, tuple[str, tuple[str, ...]]] = {
    "radiation": ("Does the pain spread?", (
        "radicular_leg_pain", "pain_below_knee", "bilateral_leg_symptoms", "arm_radiating_pain", "finger_numbness",
        "scalp_radiation", "referred_pain_pattern")),
    "character": ("What is the pain like?", (
        "burning_pain", "electric_shooting_pain", "throbbing", "paraesthesia", "numbness", "allodynia",
        "paroxysmal_attacks", "muscle_spasm", "severe_pain")),
    "aggravating": ("What makes it worse?", (
        "worse_sitting", "worse_flexion", "worse_extension", "worse_rotation", "cough_aggravation",
        "worse_walking_stairs", "neurogenic_claudication", "sustained_posture_work", "si_provoking_activities",
        "overhead_pain", "facial_trigger", "exertional_onset")),
    "relieving": ("What eases it?", ("better_lying", "better_sitting", "flexion_relief", "relieved_standing")),
    "timing": ("Onset and timing", (
        "sudden_onset", "lifting_trigger", "trivial_trigger", "morning_stiffness", "prolonged_morning_stiffness",
        "brief_stiffness", "worsening_pain", "escalating_pain", "recurrent_episodic_headache", "stated_chronic")),
}
# Yes / no / not asked questions: night, sleep, mood and work, then the red-flag screen.
LIFE_QUESTIONS = ("night_pain", "poor_sleep", "low_mood", "hopelessness", "suicidal_thoughts", "work_impact",
                  "off_work", "physical_job")
RED_FLAG_QUESTIONS = (
    "urinary_retention", "urinary_incontinence", "bowel_incontinence", "bladder_bowel_change", "saddle_anaesthesia",
    "sexual_dysfunction_new", "progressive_weakness", "subjective_leg_weakness", "spreading_numbness",
    "gait_imbalance", "myelopathic_hands", "fever", "chills_rigors", "weight_loss", "cancer_history",
    "iv_drug_use", "immunosuppression", "recent_spinal_procedure", "trauma", "major_trauma", "osteoporosis",
    "long_term_steroids", "worst_ever_headache", "jaw_claudication", "visual_symptoms", "unable_to_walk",
)
ANSWERS = (("present", "Yes"), ("absent", "No"), ("", "Not asked"))
DURATION_DAYS = {"days": 1, "weeks": 7, "months": 30.44, "years": 365.25}


class StructuredForm(BaseModel):
    """The scalar fields of the pain-story form (the checkboxes and questions are checked against the KB)."""

    model_config = ConfigDict(extra="ignore")
    story: str | None = Field(default=None, max_length=100_000)
    age: float | None = Field(default=None, ge=0, le=120)
    sex: Literal["female", "male", "other"] | None = None
    duration_value: float | None = Field(default=None, gt=0, le=36_500)
    duration_unit: Literal["days", "weeks", "months", "years"] = "weeks"
    side: Literal["left", "right", "both"] | None = None

    @field_validator("side", "sex", mode="before")
    @classmethod
    def _blank(cls, value: Any) -> Any:
        return value or None


SIDES = (("left", "Left"), ("right", "Right"), ("both", "Both sides"), ("", "Middle, not one side, or not asked"))
# Regions of a limb or a paired joint: pain on both sides there is what "both legs" says in a note
# (findings.yaml bilateral_leg_symptoms: "both legs", "both buttocks", "both feet numb").
BOTH_LEGS_REGIONS = {"leg", "foot", "buttock"}


def _assess_context(kb: KnowledgeBase) -> dict[str, Any]:
    regions = region_findings(kb)
    label = {f: sentence(kb.findings[f].label) for f in kb.findings}
    return {
        "regions": [(r, REGION_LABELS.get(r, r.replace("_", " ").capitalize())) for r in REGION_LABELS if r in regions],
        "groups": [
            (name, legend, [(f, label[f]) for f in ids if f in label]) for name, (legend, ids) in GROUPS.items()
        ],
        "life_questions": [(f, label[f]) for f in LIFE_QUESTIONS if f in label],  # labels: findings.yaml
        "red_flag_questions": [(f, label[f]) for f in RED_FLAG_QUESTIONS if f in label],
        "answers": ANSWERS,
        "sides": SIDES,
    }


def _intake_from(values: dict[str, Any], kb: KnowledgeBase, state: FormState) -> dict[str, Any] | None:
    """The intake-schema JSON (adapters/intake.py) from the structured form; errors go to ``state``."""
    scalars = validate(StructuredForm, state)
    regions = set(region_findings(kb))
    chosen_regions = values.get("regions", [])
    unknown = [r for r in chosen_regions if r not in regions]
    if unknown:
        state.errors["regions"] = f"unknown body-map region {unknown[0]!r}: tick the regions shown"
    findings: dict[str, str] = {}
    for name, (_, ids) in GROUPS.items():
        for finding in values.get(name, []):
            if finding not in ids:
                state.errors[name] = f"unknown choice {finding!r}: tick the boxes shown"
            else:
                findings[finding] = "present"
    for finding in LIFE_QUESTIONS + RED_FLAG_QUESTIONS:
        answer = values.get(f"q_{finding}", "")
        if answer in {"present", "absent"}:
            findings[finding] = answer
        elif answer:
            state.errors[f"q_{finding}"] = "answer Yes, No or Not asked"
    if scalars is None or not state.ok:
        return None
    if not (scalars.story or chosen_regions or findings):
        state.errors["regions"] = (
            "nothing to assess yet: mark where it hurts on the body map, answer a question or write the story"
        )
        return None
    intake: dict[str, Any] = {"locations": list(chosen_regions), "findings": findings}
    if scalars.story:
        intake["story"] = scalars.story
    if scalars.age is not None:
        intake["age"] = scalars.age
    if scalars.sex is not None:
        intake["sex"] = scalars.sex
    if scalars.duration_value is not None:
        intake["duration_days"] = round(scalars.duration_value * DURATION_DAYS[scalars.duration_unit], 1)
    if scalars.side is not None:
        intake["side"] = scalars.side
        if scalars.side == "both" and BOTH_LEGS_REGIONS & set(chosen_regions) \
                and "bilateral_leg_symptoms" in kb.findings:
            findings.setdefault("bilateral_leg_symptoms", "present")
    return intake


def _assess_page(
    request: Request, ctx: Any, user: PageUser, patient: Any, note: FormState, structured: FormState, *,
    status: int = 200,
) -> HTMLResponse:
    return render(
        request,
        "clinic/assess.html",
        user,
        status=status,
        title="New assessment",
        patient=patient,
        note=note,
        structured=structured,
        **_assess_context(_kb(ctx)),
    )


def known_answers(patient: Any, today: date) -> dict[str, Any]:
    """What the record already says for the pain-story form: age (from the date of birth) and sex."""
    values: dict[str, Any] = {"duration_unit": "weeks"}
    born = getattr(patient, "birth_date", None)
    if born is not None:
        values["age"] = str(today.year - born.year - ((today.month, today.day) < (born.month, born.day)))
    if getattr(patient, "sex", None) in {"female", "male", "other"}:
        values["sex"] = patient.sex
    return values


@router.get("/patients/{patient_id}/assess", response_class=HTMLResponse)
def assess_form(request: Request, patient_id: PathId, ctx: Ctx, user: ClinicianPage,
                encounter: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None) -> HTMLResponse:
    """The assess form; ``?encounter=ID`` opens it on that record's note (an imported outside document, a visit's
    note), read from the record, so the assessment is tied to it."""
    patient = ctx.patients(user.actor).get(patient_id)
    note = FormState()
    if encounter is not None:
        record = ctx.clinical(user.actor).get("encounter", encounter)
        if record.patient_id != patient_id:
            raise NotFound(f"no encounter {encounter} in this patient's record")
        note = FormState({"note": record.note, "encounter_id": record.id, "source": record.reason})
    known = FormState(known_answers(patient, clinic_policy(ctx.db).now().date()))
    return _assess_page(request, ctx, user, patient, note, known)


@router.post("/patients/{patient_id}/assess", response_class=HTMLResponse)
async def assess_submit(request: Request, patient_id: PathId, ctx: Ctx, user: AssessForm) -> Response:
    lists = ("regions", *GROUPS)
    values = await form_values(request, lists=lists)
    patient = ctx.patients(user.actor).get(patient_id)
    kb = _kb(ctx)
    mode = values.get("mode", "note")
    note, structured = FormState(), FormState(known_answers(patient, clinic_policy(ctx.db).now().date()))
    encounter = str(values.get("encounter_id") or "")
    encounter_id = int(encounter) if encounter.isascii() and encounter.isdigit() and len(encounter) < 10 else None
    text: str | None = None
    intake: dict[str, Any] | None = None
    if mode == "structured":
        structured = FormState(values)
        intake = _intake_from(values, kb, structured)
        target = structured
    else:
        note = FormState(values)
        text = str(values.get("note", ""))
        if not text:
            note.errors["note"] = "write or paste the clinical note or the patient's own story"
        target = note
    if target.ok:
        try:
            row = assessing.assess(ctx.clinical(user.actor), ctx.engine, ctx.text_limit, patient_id=patient_id,
                                   encounter_id=encounter_id if mode != "structured" else None, text=text,
                                   intake=intake).row
        except (Invalid, TooLarge) as err:
            target.errors["note" if mode != "structured" else "story"] = str(err).removeprefix("text: ")
        else:
            return redirect(f"/clinic/assessments/{row.id}", notice="Assessment done: red flags first.")
    return _assess_page(request, ctx, user, patient, note, structured, status=422)


# -- assessment result and plan decisions -----------------------------------------------------------------
def result_page(
    request: Request, ctx: Any, user: PageUser, assessment_id: int, *, errors: dict[str, FormState] | None = None,
    status: int = 200,
) -> HTMLResponse:
    clinical = ctx.clinical(user.actor)
    row, decisions = clinical.get_assessment(assessment_id)
    patient = ctx.patients(user.actor).get(row.patient_id) if row.patient_id is not None else None
    newer = None
    stale = False
    if row.patient_id is not None:
        rows, _ = clinical.list_records("assessment", row.patient_id, sort="-created_at", limit=1, offset=0)
        if rows and rows[0].id != row.id:
            newer = rows[0].id
        procedures, _ = clinical.list_records("procedure", row.patient_id, sort="-performed_on", limit=200, offset=0)
        stale = newer is None and any(
            _aware(p.created_at) > _aware(row.created_at) for p in procedures if p.relief_percent is not None
        )
    output = row.output
    kb = _kb(ctx)
    workspace = ClinicDay(ctx.db, user.actor, audit_reads=ctx.settings.audit_reads)
    names = workspace.user_names({row.created_by} | ({row.signed_off_by} if row.signed_off_by else set()))
    referrer = workspace.referrer_of(row.id) if row.source == "referral" else None
    return render(
        request,
        "clinic/result.html",
        user,
        label=assessment_label(row, names),
        status=status,
        title="Assessment result",
        row=row,
        output=output,
        patient=patient,
        red_flags=_red_flags(output),
        plan=output.get("plan") or {},
        decisions=_current_decisions(decisions),
        history=decisions,
        errors=errors or {},
        newer=newer,
        stale=stale,
        labels={f: kb.findings[f].label for f in kb.findings},
        source=assessment_source(row, output, {f: sentence(kb.findings[f].label) for f in kb.findings}),
        source_author=names.get(row.created_by, ""),
        referrer=referrer,
    )


@router.get("/assessments/{assessment_id}", response_class=HTMLResponse)
def result(request: Request, assessment_id: PathId, ctx: Ctx, user: ClinicianPage) -> HTMLResponse:
    return result_page(request, ctx, user, assessment_id)


class DecisionForm(BaseModel):
    model_config = ConfigDict(extra="forbid")
    option_id: str = Field(min_length=1, max_length=60, pattern=r"^[a-z0-9_]+$")
    decision: Literal["accept", "decline", "defer"]
    reason: str = Field(default="", max_length=2000)


@router.post("/assessments/{assessment_id}/decisions", response_class=HTMLResponse)
async def decide(request: Request, assessment_id: PathId, ctx: Ctx, user: WriteForm) -> Response:
    values = await form_values(request)
    state = FormState(values)
    chosen = validate(DecisionForm, state)
    option = str(values.get("option_id", ""))
    if chosen is not None:
        if chosen.decision in {"decline", "defer"} and not chosen.reason:
            state.errors["reason"] = f"say why you {chosen.decision} this option: the reason is kept with the plan"
        else:
            try:
                ctx.clinical(user.actor).decide(
                    assessment_id, option_id=chosen.option_id, decision=DECISIONS[chosen.decision],
                    reason=chosen.reason,
                )
            except Invalid as err:
                state.errors["decision"] = str(err)
            else:
                done = redirect(
                    f"/clinic/assessments/{assessment_id}",
                    notice=f"{sentence(chosen.option_id.replace('_', ' '))}: {DECISIONS[chosen.decision]}.",
                )
                done.headers["location"] += f"#opt-{chosen.option_id}"  # the fragment after the query
                return done
    return result_page(request, ctx, user, assessment_id, errors={option: state}, status=422)


class StageForm(BaseModel):
    model_config = ConfigDict(extra="forbid")
    stage: int = Field(ge=1, le=20)


@router.post("/assessments/{assessment_id}/stages", response_class=HTMLResponse)
async def accept_stage(request: Request, assessment_id: PathId, ctx: Ctx, user: WriteForm) -> Response:
    """Accept every option of one stage on offer now with one button: the same decision store (each option a
    decision of its own, audited), in one transaction."""
    values = await form_values(request)
    state = FormState(values)
    chosen = validate(StageForm, state)
    if chosen is not None:
        try:
            made = ctx.clinical(user.actor).accept_stage(assessment_id, chosen.stage)
        except Invalid as err:
            state.errors["stage"] = str(err).removeprefix("stage: ")
        else:
            done = redirect(
                f"/clinic/assessments/{assessment_id}",
                notice=f"Stage {chosen.stage}: {len(made)} {'option' if len(made) == 1 else 'options'} accepted.",
            )
            done.headers["location"] += f"#stage-{chosen.stage}"
            return done
    known = chosen is not None and not state.errors.get("stage", "").startswith("this plan has no stage")
    where = f"stage-{chosen.stage}" if known and chosen is not None else "plan"  # else said above the stages
    return result_page(request, ctx, user, assessment_id, errors={where: state}, status=422)


# -- procedure responses ----------------------------------------------------------------------------------
def _procedure_choices(plan: dict[str, Any]) -> list[tuple[str, str]]:
    """The plan's procedure options first (and the blocks its gates count), then every other procedure."""
    vocabulary = sorted(k for k, v in plan_option_kinds().items() if v == "procedure")
    planned: list[tuple[str, str]] = []
    for stage in plan.get("stages", []):
        for option in stage.get("options", []):
            if option.get("kind") == "procedure" and option["id"] not in {p for p, _ in planned}:
                planned.append((option["id"], f"{option.get('label') or option['id']} (in the plan)"))
    seen = {p for p, _ in planned}
    return planned + [(p, p.replace("_", " ")) for p in vocabulary if p not in seen]


def _procedure_page(
    request: Request, ctx: Any, user: PageUser, patient_id: int, state: FormState, *, status: int = 200
) -> HTMLResponse:
    records = ctx.patients(user.actor).chart(patient_id)
    working, pending = ctx.clinical(user.actor).current_assessments(patient_id)
    base = working or (pending[0] if pending else None)
    plan = base.output.get("plan") or {} if base is not None else {}
    return render(
        request,
        "clinic/procedure.html",
        user,
        status=status,
        title="Record a procedure response",
        patient=records["patient"],
        form=state,
        choices=_procedure_choices(plan),
        procedures=records["procedures"],
    )


@router.get("/patients/{patient_id}/procedures/new", response_class=HTMLResponse)
def procedure_form(request: Request, patient_id: PathId, ctx: Ctx, user: ClinicianPage) -> HTMLResponse:
    # ?option_id= preselects the procedure (the chart's "record a stimulator trial" link)
    option = request.query_params.get("option_id", "")
    state = FormState({"performed_on": date.today().isoformat(), "functional": "",
                       "option_id": option if plan_option_kinds().get(option) == "procedure" else ""})
    return _procedure_page(request, ctx, user, patient_id, state)


FUNCTIONAL = {"improved": "functional gain", "not_improved": "no functional gain", "": ""}


@router.post("/patients/{patient_id}/procedures/new", response_class=HTMLResponse)
async def procedure_submit(request: Request, patient_id: PathId, ctx: Ctx, user: WriteForm) -> Response:
    values = await form_values(request)
    state = FormState(values)
    functional = str(values.get("functional", ""))
    if functional not in FUNCTIONAL:
        state.errors["functional"] = "choose improved, not improved or not assessed"
    if not values.get("relief_percent"):
        state.errors["relief_percent"] = "give the relief as a percentage of the index pain, 0 to 100"
    detail = str(values.get("functional_note", ""))
    words = "; ".join(w for w in (FUNCTIONAL.get(functional, ""), detail) if w)
    data = {k: values.get(k, "") for k in ("option_id", "performed_on", "relief_percent", "duration_hours")}
    data["functional_gain"] = words
    body = validate(ProcedureCreate, state, data)
    if body is not None and body.performed_on > date.today():
        state.errors["performed_on"] = "the procedure date is in the future: record it once it is done"
    if body is None or not state.ok:
        return _procedure_page(request, ctx, user, patient_id, state, status=422)
    clinical = ctx.clinical(user.actor)
    try:
        clinical.create("procedure", patient_id, body.model_dump())
    except Invalid as err:
        message = str(err)
        field = "performed_on" if message.startswith("performed_on: ") else "option_id"
        state.errors[field] = message.removeprefix("performed_on: ")
        return _procedure_page(request, ctx, user, patient_id, state, status=422)
    replanned = assessing.replan(clinical, ctx.engine, patient_id)
    if replanned is None:
        return redirect(f"/clinic/patients/{patient_id}", notice="Procedure response recorded.")
    return redirect(
        f"/clinic/assessments/{replanned.row.id}",
        notice="Procedure response recorded; the plan was updated with every recorded response.",
    )


# -- printable summary -------------------------------------------------------------------------------------


def _summary(ctx: Any, user: PageUser, patient_id: int) -> dict[str, Any]:
    """What the patient takes home, in a patient's words (web/patient_wording.py, knowledge: patient_plan and
    patient_messages): what we found, the plan agreed (or proposed), goals and next visits, and who to contact.
    No likelihood ratios, clinician labels, codes or scale abbreviations. Only the working assessment: a
    proposal nobody has signed off is not handed to the patient."""
    records = ctx.patients(user.actor).chart(patient_id)
    clinical = ctx.clinical(user.actor)
    output: dict[str, Any] = {}
    decisions: dict[str, Any] = {}
    clinician = ""
    workspace = ClinicDay(ctx.db, user.actor, audit_reads=ctx.settings.audit_reads)
    working, _ = clinical.current_assessments(patient_id)
    if working is not None:
        latest, found = clinical.get_assessment(working.id)
        output, decisions = latest.output, _current_decisions(found)
        author = latest.signed_off_by or latest.created_by
        clinician = workspace.user_names({author}).get(author, "") if author else ""
    if not clinician and user.actor.user_id is not None:
        clinician = workspace.user_names({user.actor.user_id}).get(user.actor.user_id, "")
    plan = output.get("plan") or {}
    chosen: list[tuple[str, bool, bool]] = []  # option id, agreed, later
    for stage in plan.get("stages", []):
        for option in stage.get("options", []):
            decided = decisions.get(option["id"])
            if decided is not None and decided.decision != "accepted":
                continue
            chosen.append((option["id"], decided is not None, option.get("status") == "not yet"))
    agreed = [c for c in chosen if c[1]]
    picked = agreed or chosen
    later = {c[0] for c in picked if c[2]}
    steps = [{**words, "later": option_id in later}
             for option_id, words in zip([c[0] for c in picked], plain_plan(output, [c[0] for c in picked]),
                                         strict=True)]
    now = datetime.now(UTC)
    differential = output.get("differential", [])
    care = OutcomeCare(ctx.db, user.actor, audit_reads=ctx.settings.audit_reads)
    goals, _, _, _ = care.list_goals(patient_id, sort="created_at", limit=200, offset=0, today=date.today())
    catalog = load_default_outcomes()
    scores: dict[str, list[Any]] = {}
    for row in sorted(records["outcomes"], key=lambda o: o.taken_at):
        if row.score is not None:
            name = catalog[row.instrument].label if row.instrument in catalog.instruments else row.instrument
            scores.setdefault(name, []).append(row)
    messages = _kb(ctx).extra.get("patient_messages", {})
    contact = {row.key: row.value for row in ctx.db.scalars(
        select(ClinicSetting).where(ClinicSetting.key.in_(("clinic_name", "clinic_phone"))))}
    return {
        "charts": _trend_charts(clinical, records, patient_id),
        "goal_progress": goals,
        "scores": {name: rows[-6:] for name, rows in scores.items()},
        "safety_net": (messages.get("safety_net") or {}).get("text", ""),
        "patient": records["patient"],
        "printed_on": date.today(),
        "clinic_name": contact.get("clinic_name") or "Your pain clinic",
        "clinic_phone": contact.get("clinic_phone", ""),
        "clinician": clinician,
        "triage": output.get("triage", {}).get("level"),
        "triage_text": (messages.get(f"triage_{output.get('triage', {}).get('level', '')}") or {}).get("text", ""),
        "warnings": warning_signs(output),
        "likely": plain_condition(differential[0]["condition"]) if differential else "",
        "steps": steps,
        "agreed_only": bool(agreed),
        "goals": records["goals"],
        "visit_kinds": VISIT_KINDS,
        "upcoming": sorted(
            (a for a in records["appointments"] if _aware(a.starts_at) >= now and a.status != "cancelled"),
            key=lambda a: a.starts_at,
        ),
        "has_assessment": bool(output),
        "clinic_tz": clinic_policy(ctx.db).tz,
    }


@router.get("/patients/{patient_id}/summary", response_class=HTMLResponse)
def summary(request: Request, patient_id: PathId, ctx: Ctx, user: ClinicianPage) -> HTMLResponse:
    data = _summary(ctx, user, patient_id)
    patient = data["patient"]
    return render(request, "clinic/summary.html", user, title=f"Visit summary: {patient.given_name} "
                  f"{patient.family_name}", **data)


_LATIN1 = str.maketrans({
    "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
    "\u2026": "...", "\u2022": "*", "\u2265": ">=", "\u2264": "<=", "\u2192": "->", "\u00a0": " ", "\u2009": " ",
    "\u2248": "~", "\u2191": "up", "\u2193": "down",
})


def latin1(text: str) -> str:
    """Text the PDF core fonts can draw: common typography transliterated, accents kept where Latin-1 has them,
    anything else decomposed to its base letter or replaced by '?'."""
    out = []
    for ch in str(text).translate(_LATIN1):
        if ord(ch) < 256:
            out.append(ch)
            continue
        base = unicodedata.normalize("NFKD", ch).encode("latin-1", "ignore").decode("latin-1")
        out.append(base or "?")
    return "".join(out)


def summary_pdf_bytes(data: dict[str, Any], *, compress: bool = True) -> bytes:
    """The visit summary as a PDF (fpdf2, core Helvetica: no font files to ship): the clinic's name and phone
    and the clinician first, then the same words as the page, set ragged-right (left-aligned: justified text
    opens uneven gaps between words that make lines harder to read)."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_compression(compress)
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.set_title(latin1(f"{data.get('clinic_name') or 'PainPath'}: visit summary"))
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    zone = data.get("clinic_tz") or UTC

    def heading(text: str, size: int = 13) -> None:
        pdf.ln(2)
        pdf.set_font("Helvetica", "B", size)
        pdf.multi_cell(width, 7, latin1(text), align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 11)

    def para(text: str) -> None:
        pdf.multi_cell(width, 6, latin1(text), align="L", new_x="LMARGIN", new_y="NEXT")

    patient = data["patient"]
    pdf.set_font("Helvetica", "B", 12)
    pdf.multi_cell(width, 6, latin1(data.get("clinic_name") or ""), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    if data.get("clinic_phone"):
        para(f"Phone: {data['clinic_phone']}")
    if data.get("clinician"):
        para(f"Your clinician: {data['clinician']}")
    heading(f"Visit summary for {patient.given_name} {patient.family_name}", 16)
    para(f"Date of birth {patient.birth_date.isoformat()} - record number {patient.mrn} - printed "
         f"{data['printed_on'].isoformat()}")
    if not data["has_assessment"]:
        para("No assessment has been recorded yet.")
    else:
        heading("What we found")
        if data["triage_text"]:
            para(data["triage_text"])
        for text in data.get("warnings", []):
            para(text)
        para(f"The most likely cause of your pain: {data['likely']}." if data["likely"]
             else "Your care team will talk you through the cause of your pain.")
        heading("Your plan" + ("" if data["agreed_only"] else " (choices to talk about)"))
        for number, step in enumerate(data["steps"], start=1):
            later = " This comes later, if the first steps show it will help." if step.get("later") else ""
            para(f"{number}. {step['heading']}: {step['what']} {step['expect']}{later}")
    if data["goal_progress"]:
        heading("Your goals")
        for goal, progress in data["goal_progress"]:
            para(f"{goal.kind.capitalize()} goal: {goal.description} - {_progress_text(goal, progress)}")
    if data["scores"]:
        heading("Your scores over time")
        for name, rows in data["scores"].items():
            points = ", ".join(f"{_aware(r.taken_at).astimezone(zone).date().isoformat()}: {r.score:g}"
                               for r in rows)
            para(f"{name}: {points}")
    if data["upcoming"]:
        heading("Your next appointments")
        kinds = data.get("visit_kinds") or {}
        for appt in data["upcoming"]:
            para(f"{_aware(appt.starts_at).astimezone(zone).strftime('%Y-%m-%d %H:%M')}: "
                 f"{kinds.get(appt.kind, 'Visit')}, {appt.minutes} minutes")
    if data["safety_net"]:
        heading("If things get worse")
        para(data["safety_net"])
    return bytes(pdf.output())


def _progress_text(goal: Any, progress: dict[str, Any]) -> str:
    """A goal's progress in words, for the summary (the same numbers as the goals page)."""
    if not progress.get("measurable"):
        return "not measurable yet"
    latest = progress.get("latest")
    where = f"latest {latest['value']:g} on {latest['checked_on'].isoformat()}, " if latest is not None else ""
    return (f"{where}from {goal.baseline_value:g} towards {goal.target_value:g} {goal.measure} "
            f"({progress.get('status_label', progress.get('status', ''))})")


@router.get("/patients/{patient_id}/summary.pdf")
def summary_pdf(patient_id: PathId, ctx: Ctx, user: ClinicianPage) -> Response:
    data = _summary(ctx, user, patient_id)
    patient = data["patient"]
    name = f"summary-{patient.mrn}.pdf".replace('"', "")
    return Response(
        summary_pdf_bytes(data),
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{name}"', "Cache-Control": "no-store"},
    )


__all__ = ["ClinicDay", "latin1", "router", "summary_pdf_bytes"]
