"""Clinic-level reports: the outcome report over every patient (aggregates only, no identifiers)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import select

from painpath.adapters.db.store import Store, unit_of_work
from painpath.adapters.db.tables import (
    Assessment,
    FunctionalGoal,
    GoalCheckIn,
    OutcomeMeasurement,
    PlanDecision,
    ProcedureResponse,
)
from painpath.adapters.instrument_files import load_default_outcomes
from painpath.adapters.knowledge_files import load_default
from painpath.domain.goals import GoalCheckIn as DomainCheckIn
from painpath.domain.goals import GoalProgress, goal_progress
from painpath.domain.outcome_report import OutcomeReport, outcome_report
from painpath.services.outcome_clinic_report import PatientRecord, patient_outcomes, relief_thresholds
from painpath.services.outcome_summary import Measurement

NO_PLAN = "no_plan"  # patients with scores but no stored assessment naming a condition


class OutcomeReports(Store):
    """The clinic outcome report (share reaching the MCID, goals, procedure relief); clinicians only."""

    @unit_of_work
    def outcome_report(self, *, today: date | None = None) -> OutcomeReport:
        """The report as of ``today``; goals are measurable goals with their stored check-ins (time to goal is
        set_on to the first check-in that reached the target)."""
        report = self.report_for(None, today=today)
        self.audit("read", "outcome_report", "clinic", None)
        return report

    def report_for(self, only: set[int] | None, *, today: date | None = None) -> OutcomeReport:
        """The report over every patient, or over ``only`` these (e.g. one clinician's patients, for matching)."""
        as_of = today or date.today()
        latest: dict[int, Assessment] = {}
        for row in self.session.scalars(
            select(Assessment).where(Assessment.patient_id.is_not(None)).order_by(Assessment.created_at, Assessment.id)
        ):
            if row.patient_id is not None:
                latest[row.patient_id] = row  # the last one per patient wins
        accepted: dict[int, set[str]] = {}
        for patient_id, option_id in self.session.execute(
            select(Assessment.patient_id, PlanDecision.option_id)
            .join(Assessment, Assessment.id == PlanDecision.assessment_id)
            .where(PlanDecision.decision == "accepted", Assessment.patient_id.is_not(None))
        ):
            if patient_id is not None:
                accepted.setdefault(patient_id, set()).add(option_id)
        measurements: dict[int, list[Measurement]] = {}
        for r in self.session.scalars(
            select(OutcomeMeasurement)
            .where(OutcomeMeasurement.score.is_not(None))
            .order_by(OutcomeMeasurement.taken_at, OutcomeMeasurement.id)
        ):
            measurements.setdefault(r.patient_id, []).append(
                Measurement(r.instrument, r.score, r.taken_at, r.body_site, r.scoring or {})
            )
        reliefs: dict[int, list[tuple[str, int]]] = {}
        for p in self.session.scalars(select(ProcedureResponse).order_by(ProcedureResponse.performed_on)):
            if p.relief_percent is not None:
                reliefs.setdefault(p.patient_id, []).append((p.option_id, p.relief_percent))
        goals = self._goal_progress(as_of)
        patients = sorted(p for p in set(measurements) | set(reliefs) | set(goals) if only is None or p in only)
        records = [
            PatientRecord(
                key=str(pid),
                condition=_condition(latest.get(pid)),
                treatments=tuple(sorted(accepted.get(pid, set()) | {o for o, _ in reliefs.get(pid, [])})),
                measurements=tuple(measurements.get(pid, [])),
                reliefs=tuple(reliefs.get(pid, [])),
            )
            for pid in patients
        ]
        extra = load_default().extra
        thresholds = relief_thresholds(extra.get("procedure_gates", {}), extra.get("repeat_rules", {}))
        outcomes = [
            replace(outcome, goals=tuple(goals.get(int(outcome.patient), ())))
            for outcome in patient_outcomes(load_default_outcomes(), records, thresholds=thresholds)
        ]
        return outcome_report(outcomes)


    def _goal_progress(self, as_of: date) -> dict[int, list[GoalProgress]]:
        from painpath.adapters.db.outcomes_store import domain_goal

        check_ins: dict[int, list[DomainCheckIn]] = {}
        for c in self.session.scalars(select(GoalCheckIn).order_by(GoalCheckIn.checked_on, GoalCheckIn.id)):
            check_ins.setdefault(c.goal_id, []).append(DomainCheckIn(c.checked_on, c.value))
        found: dict[int, list[GoalProgress]] = {}
        for row in self.session.scalars(select(FunctionalGoal).order_by(FunctionalGoal.id)):
            goal = domain_goal(row)
            if goal is not None and row.status != "dropped":
                found.setdefault(row.patient_id, []).append(goal_progress(goal, check_ins.get(row.id, []), as_of=as_of))
        return found


def _condition(row: Assessment | None) -> str:
    if row is None:
        return NO_PLAN
    conditions: Any = (row.output.get("plan") or {}).get("for_conditions") or []
    return str(conditions[0]) if conditions else NO_PLAN
