"""Measurable goals and their check-ins, questionnaires due, and the clinicians' worklist (issue 6)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends

from painpath.adapters.db.outcomes_store import OutcomeCare
from painpath.adapters.db.tables import ClinicalAlert, FunctionalGoal, Patient
from painpath.adapters.instrument_files import load_default_outcomes
from painpath.domain.questionnaire_schedule import DueQuestionnaire
from painpath.services.access import Actor, Perm
from painpath.web.deps import Context, Ctx, Limit, Offset, PathId, require
from painpath.web.errors import stale_view
from painpath.web.schemas_more import GoalCreate, GoalUpdate
from painpath.web.schemas_outcomes import (
    AcknowledgeBody,
    AlertRead,
    DueListRead,
    DueRead,
    GoalCheckInCreate,
    GoalCheckInRead,
    GoalCheckInsRead,
    GoalListRead,
    GoalProgressRead,
    GoalWithProgressRead,
    OverdueRead,
    WorklistRead,
)

router = APIRouter(prefix="/api", tags=["outcomes"])
ClinicalRead = Annotated[Actor, Depends(require(Perm.CLINICAL_READ))]
ClinicalWrite = Annotated[Actor, Depends(require(Perm.CLINICAL_WRITE))]
# A patient records check-ins on their own goals, as they submit their own questionnaires.
SelfReport = Annotated[Actor, Depends(require(Perm.QUESTIONNAIRE_SUBMIT))]
# The worklist spans every patient: only a role that acts clinically sees it (a patient's clinical:read is
# scoped to their own record, so it cannot be the permission of a clinic-wide list).
Worklist = Annotated[Actor, Depends(require(Perm.CLINICAL_WRITE))]


def clinic_today() -> date:
    return date.today()


def care(ctx: Ctx, actor: Actor) -> OutcomeCare:
    return OutcomeCare(ctx.db, actor, audit_reads=ctx.settings.audit_reads)


def goal_read(row: FunctionalGoal, progress: dict[str, Any]) -> GoalWithProgressRead:
    base = {k: getattr(row, k) for k in GoalWithProgressRead.model_fields if k != "progress"}
    return GoalWithProgressRead(**base, progress=GoalProgressRead(**progress))


def _goal_now(ctx: Context, actor: Actor, goal_id: int, today: date) -> GoalWithProgressRead:
    """The goal as this caller reads it now (a stale edit's 409 shows this, never the row)."""
    row = ctx.clinical(actor).get("goal", goal_id)
    return goal_read(row, care(ctx, actor).goal_progress(row, today))


def due_read(item: DueQuestionnaire) -> DueRead:
    catalog = load_default_outcomes()
    label = catalog.instruments[item.instrument].label if item.instrument in catalog.instruments else item.instrument
    return DueRead(instrument=item.instrument, label=label, due_on=item.due_on, status=item.status.value,
                   rule=item.rule_id, reason=item.reason, days_overdue=item.days_overdue)


def patient_name(patient: Patient) -> str:
    return f"{patient.given_name} {patient.family_name}"


def alert_read(alert: ClinicalAlert, patient: Patient) -> AlertRead:
    return AlertRead(
        **{k: getattr(alert, k) for k in AlertRead.model_fields if k != "patient_name"},
        patient_name=patient_name(patient),
    )


# -- goals ------------------------------------------------------------------------------------------------------
@router.get("/patients/{patient_id}/goals")
def list_goals(
    patient_id: PathId,
    ctx: Ctx,
    actor: ClinicalRead,
    sort: Literal["due_on", "-due_on", "status", "-status", "created_at", "-created_at"] = "created_at",
    limit: Limit = 50,
    offset: Offset = 0,
) -> GoalListRead:
    """Functional goals (work and life) with their progress; warns when an active plan lacks either kind."""
    rows, total, kinds, warnings = care(ctx, actor).list_goals(
        patient_id, sort=sort, limit=limit, offset=offset, today=clinic_today()
    )
    return GoalListRead(items=[goal_read(r, p) for r, p in rows], total=total, limit=limit, offset=offset,
                        missing_goal_kinds=kinds, warnings=warnings)


@router.post("/patients/{patient_id}/goals", status_code=201)
def set_goal(patient_id: PathId, body: GoalCreate, ctx: Ctx, actor: ClinicalWrite) -> GoalWithProgressRead:
    """Set a functional goal: measurable with measure, baseline_value, target_value and due_on."""
    store = care(ctx, actor)
    today = clinic_today()
    row = store.create_goal(patient_id, body.model_dump(), today=today)
    return goal_read(row, store.goal_progress(row, today))


@router.patch("/goals/{goal_id}")
def update_goal(goal_id: PathId, body: GoalUpdate, ctx: Ctx, actor: ClinicalWrite) -> GoalWithProgressRead:
    """Update a goal (make an old one measurable, move its target or due date, change its status)."""
    store = care(ctx, actor)
    today = clinic_today()
    fields = dict(body.model_dump(exclude_unset=True, exclude={"version"}))
    with stale_view(lambda: _goal_now(ctx, actor, goal_id, today)):
        row = store.update_goal(goal_id, version=body.version, fields=fields, today=today)
    return goal_read(row, store.goal_progress(row, today))


@router.post("/goals/{goal_id}/checkins", status_code=201)
def add_check_in(goal_id: PathId, body: GoalCheckInCreate, ctx: Ctx, actor: SelfReport) -> GoalCheckInsRead:
    """Record where a measurable goal stands (a patient may check in on their own goals)."""
    store = care(ctx, actor)
    today = clinic_today()
    store.add_check_in(goal_id, checked_on=body.checked_on, value=body.value, note=body.note, today=today)
    row, check_ins, progress = store.goal_with_check_ins(goal_id, today=today)
    return GoalCheckInsRead(goal=goal_read(row, progress),
                            check_ins=[GoalCheckInRead.model_validate(c) for c in check_ins])


@router.get("/goals/{goal_id}/checkins")
def list_check_ins(goal_id: PathId, ctx: Ctx, actor: ClinicalRead) -> GoalCheckInsRead:
    """A goal's check-ins, oldest first, and its progress."""
    row, check_ins, progress = care(ctx, actor).goal_with_check_ins(goal_id, today=clinic_today())
    return GoalCheckInsRead(goal=goal_read(row, progress),
                            check_ins=[GoalCheckInRead.model_validate(c) for c in check_ins])


# -- questionnaires due -----------------------------------------------------------------------------------------
@router.get("/patients/{patient_id}/questionnaires/due")
def questionnaires_due(patient_id: PathId, ctx: Ctx, actor: ClinicalRead) -> DueListRead:
    """What the patient should fill in: overdue first, then due, then upcoming (from the schedule rules)."""
    today = clinic_today()
    items = care(ctx, actor).questionnaires_due(patient_id, today=today)
    return DueListRead(today=today, items=[due_read(i) for i in items])


# -- worklist ---------------------------------------------------------------------------------------------------
@router.get("/worklist")
def worklist(ctx: Ctx, actor: Worklist) -> WorklistRead:
    """Open clinical alerts, most urgent first, and patients with overdue questionnaires."""
    alerts, overdue = care(ctx, actor).worklist(today=clinic_today())
    return WorklistRead(
        alerts=[alert_read(a, p) for a, p in alerts],
        overdue_questionnaires=[
            OverdueRead(patient_id=p.id, patient_name=patient_name(p), items=[due_read(i) for i in items])
            for p, items in overdue
        ],
    )


@router.post("/alerts/{alert_id}/acknowledge")
def acknowledge(alert_id: PathId, body: AcknowledgeBody, ctx: Ctx, actor: Worklist) -> AlertRead:
    """Close an alert with the action taken (required)."""
    store = care(ctx, actor)
    row, _ = store.acknowledge(alert_id, note=body.action_note)
    patient = ctx.db.get(Patient, row.patient_id)
    assert patient is not None
    return alert_read(row, patient)
