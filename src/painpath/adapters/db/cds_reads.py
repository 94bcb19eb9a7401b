"""What a CDS Hooks patient-view call reads of PainPath's record, in as few statements as the answer allows
(issue 14: p95 <= 100 ms at 20 callers): the patient by record number (one statement), then the open alerts, every
assessment's plan (one statement, the plan column only: the working plan and the plan state the questionnaire
schedule needs both come from it), the procedures and latest measurements the schedule needs, and the current
medications only when the working plan has an opioid load.

Audited as two entries under the calling client's name: the patient found by record number (a read of that
patient, or a search that found none), and one read naming every part of the record the call read
(``record_type`` ``cds_patient_view``, ``record_id`` the parts, e.g. ``clinical_alerts,questionnaires_due,
assessments,medications``), with the patient's id, so the patient's access history shows the call as /api's
separate reads did (it wrote seven entries before: a search, the patient and one per part)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import BindParameter, Select, bindparam, func, select

from painpath.adapters.db.alerts import level_rank
from painpath.adapters.db.outcomes_store import PlanState, _day, plan_state
from painpath.adapters.db.store import Store, unit_of_work
from painpath.adapters.db.tables import (
    Assessment,
    ClinicalAlert,
    Medication,
    OutcomeMeasurement,
    Patient,
    ProcedureResponse,
)
from painpath.adapters.schedule_files import load_default_schedule
from painpath.domain.questionnaire_schedule import DueStatus, ProcedureDone, due_questionnaires

PATIENT_VIEW = "cds_patient_view"


def _table(model: Any) -> Any:
    return model.__table__


# Core statements built once (building a select and running it through the ORM cost more CPU than the
# database's answer: ~0.5 ms a statement), run on the session's connection; the call has nothing unflushed
_P, _A, _S = _table(Patient), _table(ClinicalAlert), _table(Assessment)
_PROC, _OUT, _MED = _table(ProcedureResponse), _table(OutcomeMeasurement), _table(Medication)
_PID: BindParameter[Any] = bindparam("patient_id")
BY_MRN: Select[Any] = select(_P.c.id).where(_P.c.mrn == bindparam("mrn")).limit(2)
OPEN_ALERTS: Select[Any] = select(_A.c.level, _A.c.title, _A.c.detail, _A.c.created_at, _A.c.id).where(
    _A.c.patient_id == _PID, _A.c.acknowledged_at.is_(None))
PLANS: Select[Any] = select(_S.c.id, _S.c.status, _S.c.working_since, _S.c.created_at,
                            _S.c.output["plan"].label("plan")).where(_S.c.patient_id == _PID).order_by(
    _S.c.created_at, _S.c.id)
PROCEDURES: Select[Any] = select(_PROC.c.option_id, _PROC.c.performed_on).where(_PROC.c.patient_id == _PID)
LAST_TAKEN: Select[Any] = select(_OUT.c.instrument, func.max(_OUT.c.taken_at)).where(
    _OUT.c.patient_id == _PID).group_by(_OUT.c.instrument)
CURRENT_MEDICATIONS: Select[Any] = select(_MED.c.name).where(_MED.c.patient_id == _PID,
                                                            _MED.c.status == "current")


@dataclass(frozen=True)
class PatientView:
    alerts: list[tuple[str, str, str]]  # open alerts (level, title, detail), most urgent first, oldest first
    overdue: list[str]  # instruments past their grace period
    plan: dict[str, Any]  # the working assessment's plan ({} when none is working)
    medications: set[str] = field(default_factory=set)  # current medication names (lower case), read when needed
    parts: tuple[str, ...] = ()  # what was read, as audited


class CdsReads(Store):
    """The CDS services' reads of one patient's record, as the calling client's actor."""

    found: set[int]

    @unit_of_work
    def patient_by_mrn(self, mrn: str) -> int | None:
        """The one patient with this record number that this actor may reach, else None."""
        rows = self.session.connection().execute(BY_MRN, {"mrn": mrn.strip()}).all()
        if len(rows) != 1 or not self.actor.may_access_patient(rows[0].id):
            self.audit("search", "patient", "record number: 0 of 0", None)
            return None
        self.audit("read", "patient", rows[0].id, rows[0].id)
        self.found = {*getattr(self, "found", set()), int(rows[0].id)}
        return int(rows[0].id)

    @unit_of_work
    def patient_view(self, patient_id: int, *, today: date, wants_medications: Any = None) -> PatientView:
        """``wants_medications(plan)``: whether the current medications are needed for this working plan."""
        if patient_id not in getattr(self, "found", set()):  # not found by record number in this call
            self.patient(patient_id)
        run = self.session.connection().execute
        given = {"patient_id": patient_id}
        alerts = sorted(run(OPEN_ALERTS, given).all(), key=lambda a: (level_rank(a.level), a.created_at, a.id))
        rows = run(PLANS, given).all()
        # the working assessment: the one that became working last (clinical_store.working_assessment)
        working = max((r for r in rows if r.status == "working"),
                      key=lambda r: (r.working_since is not None, r.working_since or r.created_at, r.id),
                      default=None)
        plan = dict(working.plan or {}) if working is not None else {}
        due = due_questionnaires(
            load_default_schedule(), today=today,
            procedures=[ProcedureDone(option, day) for option, day in run(PROCEDURES, given)],
            taken={instrument: [_day(last)] for instrument, last in run(LAST_TAKEN, given)},
            **_plan_args(plan_state([(r.created_at, r.plan) for r in rows])))
        parts = ["clinical_alerts", "questionnaires_due", "assessments"]
        medications: set[str] = set()
        if wants_medications is not None and wants_medications(plan):
            medications = {str(name).lower() for (name,) in run(CURRENT_MEDICATIONS, given)}
            parts.append("medications")
        self.audit("read", PATIENT_VIEW, ",".join(parts), patient_id)
        return PatientView([(a.level, a.title, a.detail) for a in alerts],
                           [d.instrument for d in due if d.status is DueStatus.OVERDUE], plan, medications,
                           tuple(parts))


def _plan_args(plan: PlanState) -> dict[str, Any]:
    return {"plan_started": plan.started, "conditions": plan.conditions}

