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

from sqlalchemy import select

from painpath.adapters.db.alerts import level_rank
from painpath.adapters.db.outcomes_store import OutcomeCare, plan_state
from painpath.adapters.db.store import unit_of_work
from painpath.adapters.db.tables import Assessment, ClinicalAlert, Medication, Patient
from painpath.domain.questionnaire_schedule import DueStatus

PATIENT_VIEW = "cds_patient_view"


@dataclass(frozen=True)
class PatientView:
    alerts: list[tuple[str, str, str]]  # open alerts (level, title, detail), most urgent first, oldest first
    overdue: list[str]  # instruments past their grace period
    plan: dict[str, Any]  # the working assessment's plan ({} when none is working)
    medications: set[str] = field(default_factory=set)  # current medication names (lower case), read when needed
    parts: tuple[str, ...] = ()  # what was read, as audited


class CdsReads(OutcomeCare):
    """The CDS services' reads of one patient's record, as the calling client's actor."""

    @unit_of_work
    def patient_by_mrn(self, mrn: str) -> Patient | None:
        """The one patient with this record number that this actor may reach, else None."""
        rows = self.session.scalars(select(Patient).where(Patient.mrn == mrn.strip()).limit(2)).all()
        if len(rows) != 1 or not self.actor.may_access_patient(rows[0].id):
            self.audit("search", "patient", "record number: 0 of 0", None)
            return None
        self.audit("read", "patient", rows[0].id, rows[0].id)
        return rows[0]

    @unit_of_work
    def patient_view(self, patient_id: int, *, today: date, wants_medications: Any = None) -> PatientView:
        """``wants_medications(plan)``: whether the current medications are needed for this working plan."""
        self.patient(patient_id)
        alerts = list(self.session.scalars(select(ClinicalAlert).where(
            ClinicalAlert.patient_id == patient_id, ClinicalAlert.acknowledged_at.is_(None))))
        alerts.sort(key=lambda a: (level_rank(a.level), a.created_at, a.id))
        rows = self.session.execute(
            select(Assessment.id, Assessment.status, Assessment.working_since, Assessment.created_at,
                   Assessment.output["plan"])
            .where(Assessment.patient_id == patient_id).order_by(Assessment.created_at, Assessment.id)).all()
        # the working assessment: the one that became working last (clinical_store.working_assessment)
        working = max((r for r in rows if r.status == "working"),
                      key=lambda r: (r.working_since is not None, r.working_since or r.created_at, r.id),
                      default=None)
        plan = dict(working[4] or {}) if working is not None else {}
        due = self._due(patient_id, today, plan_state([(r.created_at, r[4]) for r in rows]))
        parts = ["clinical_alerts", "questionnaires_due", "assessments"]
        medications: set[str] = set()
        if wants_medications is not None and wants_medications(plan):
            medications = {str(name).lower() for name in self.session.scalars(select(Medication.name).where(
                Medication.patient_id == patient_id, Medication.status == "current"))}
            parts.append("medications")
        self.audit("read", PATIENT_VIEW, ",".join(parts), patient_id)
        return PatientView([(a.level, a.title, a.detail) for a in alerts],
                           [d.instrument for d in due if d.status is DueStatus.OVERDUE], plan, medications,
                           tuple(parts))
