"""Goals with check-ins, questionnaire schedules and the clinicians' worklist (issue 6).

Goal progress is the domain's goal_progress over the stored check-ins; a goal written before measurable goals
existed (no numbers) reads as "not measurable yet". What is due comes from the schedule rules
(questionnaire_schedules.yaml) over the patient's procedures, measurements and plan. The worklist is the open
clinical alerts, most urgent first, which the clinical store raises in the transaction of the event behind them.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, select

from painpath.adapters.db.alerts import level_rank, patient_message_alert
from painpath.adapters.db.store import Store, unit_of_work
from painpath.adapters.db.tables import (
    Assessment,
    ClinicalAlert,
    FunctionalGoal,
    GoalCheckIn,
    OutcomeMeasurement,
    Patient,
    ProcedureResponse,
    User,
)
from painpath.adapters.instrument_files import load_default_outcomes
from painpath.adapters.knowledge_files import load_default
from painpath.adapters.schedule_files import load_default_schedule
from painpath.domain.goals import Goal, GoalKind, InvalidGoal, goal_progress, goals_met, missing_goal_kinds
from painpath.domain.goals import GoalCheckIn as DomainCheckIn
from painpath.domain.planning import planning_knowledge
from painpath.domain.questionnaire_schedule import DueQuestionnaire, DueStatus, ProcedureDone, due_questionnaires
from painpath.services.errors import Invalid

GOAL_SORTS: dict[str, Any] = {
    "due_on": FunctionalGoal.due_on,
    "status": FunctionalGoal.status,
    "created_at": FunctionalGoal.created_at,
}
MEASURABLE = ("measure", "baseline_value", "target_value", "due_on")
COUNTED_STATUSES = frozenset({"active", "met", "partly_met"})  # a dropped or failed goal no longer counts


def maintenance_for(goals: Sequence[tuple[str, str]]) -> dict[str, Any] | None:
    """The flare and maintenance plan (plan_maintenance.yaml) when every goal that counts is met (``goals``: each
    goal's recorded status and progress status), else None."""
    pk = planning_knowledge(load_default())
    plan = pk.maintenance if pk is not None else None
    if plan is None or not goals_met(goals):
        return None
    return {"when": plan.when, "items": [{"id": i.id, "label": i.label, "text": i.text, "source": i.source}
                                         for i in plan.items]}


def domain_goal(row: FunctionalGoal) -> Goal | None:
    """The domain goal of a stored one, or None when it was written without numbers (before measurable goals)."""
    if not row.measure or row.baseline_value is None or row.target_value is None or row.due_on is None:
        return None
    try:
        return Goal(
            id=str(row.id),
            kind=GoalKind(row.kind),
            statement=row.description,
            measure=row.measure,
            baseline=row.baseline_value,
            target=row.target_value,
            set_on=row.set_on or row.created_at.date(),
            due=row.due_on,
        )
    except (InvalidGoal, ValueError):
        return None


def progress_of(row: FunctionalGoal, check_ins: Sequence[GoalCheckIn], today: date) -> dict[str, Any]:
    """Progress as plain data: the domain's status, fraction, latest, achieved_on and days_to_goal."""
    goal = domain_goal(row)
    if goal is None:
        return {
            "measurable": False,
            "status": "not_measurable",
            "status_label": "not measurable yet",
            "fraction": None,
            "latest": None,
            "achieved_on": None,
            "days_to_goal": None,
        }
    progress = goal_progress(goal, [DomainCheckIn(c.checked_on, c.value) for c in check_ins], as_of=today)
    latest = progress.latest
    return {
        "measurable": True,
        "status": progress.status.value,
        "status_label": progress.status.value.replace("_", " "),
        "fraction": round(progress.fraction, 4),
        "latest": {"checked_on": latest.day, "value": latest.value} if latest else None,
        "achieved_on": progress.achieved_on,
        "days_to_goal": progress.days_to_goal,
    }


def measurable_fields(fields: dict[str, Any], goal_id: object = "new") -> None:
    """A goal given any number needs all of measure, baseline_value, target_value and due_on, and a target
    different from the baseline due after it was set (the domain's rule); Invalid names the field."""
    given = [name for name in ("measure", "baseline_value", "target_value") if fields.get(name) not in (None, "")]
    if not given:
        return
    missing = [name for name in MEASURABLE if fields.get(name) in (None, "")]
    if missing:
        raise Invalid(
            f"{missing[0]}: a measurable goal needs {', '.join(MEASURABLE)}; give {', '.join(missing)} too"
        )
    try:
        Goal(str(goal_id), GoalKind(fields["kind"]), fields.get("description", ""), fields["measure"],
             float(fields["baseline_value"]), float(fields["target_value"]), fields["set_on"], fields["due_on"])
    except InvalidGoal as err:
        text = str(err).split(": ", 1)[-1]
        field = "target_value" if "target" in text else "due_on"
        raise Invalid(f"{field}: {text}") from err


@dataclass(frozen=True)
class PlanState:
    started: date | None
    conditions: tuple[str, ...]


def plan_state(plans: Sequence[tuple[datetime, Any]]) -> PlanState:
    """When the patient's first plan with stages was made and the conditions of the latest one, from
    (created_at, plan) of each assessment, oldest first."""
    started: date | None = None
    conditions: tuple[str, ...] = ()
    for created_at, plan in plans:
        plan = plan or {}
        if plan.get("stages"):
            started = started or created_at.date()
            conditions = tuple(str(c) for c in plan.get("for_conditions") or ())
    return PlanState(started, conditions)


class OutcomeCare(Store):
    """Goals and check-ins, questionnaires due, and the worklist."""

    # -- goals ----------------------------------------------------------------------------------------------
    def _check_ins(self, goal_ids: Sequence[int]) -> dict[int, list[GoalCheckIn]]:
        found: dict[int, list[GoalCheckIn]] = {gid: [] for gid in goal_ids}
        if goal_ids:
            for c in self.session.scalars(
                select(GoalCheckIn).where(GoalCheckIn.goal_id.in_(goal_ids))
                .order_by(GoalCheckIn.checked_on, GoalCheckIn.id)
            ):
                found[c.goal_id].append(c)
        return found

    def _goal_warnings(self, patient_id: int) -> tuple[list[str], list[str]]:
        """Missing goal kinds of an active plan (measurable goals still open or met count) and their messages."""
        if self._plan(patient_id).started is None:
            return [], []
        rows = self.session.scalars(select(FunctionalGoal).where(FunctionalGoal.patient_id == patient_id))
        goals = [g for row in rows if row.status in COUNTED_STATUSES and (g := domain_goal(row)) is not None]
        kinds = [kind.value for kind in missing_goal_kinds(goals)]
        messages = load_default_outcomes().goal_messages
        return kinds, [messages[k] for k in kinds]

    @unit_of_work
    def list_goals(
        self, patient_id: int, *, sort: str, limit: int, offset: int, today: date
    ) -> tuple[list[tuple[FunctionalGoal, dict[str, Any]]], int, list[str], list[str]]:
        self.patient(patient_id)
        stmt = select(FunctionalGoal).where(FunctionalGoal.patient_id == patient_id)
        rows, total = self.page(stmt, sort=sort, sortable=GOAL_SORTS, limit=limit, offset=offset)
        check_ins = self._check_ins([r.id for r in rows])
        kinds, warnings = self._goal_warnings(patient_id)
        self.audit("read", "goals", patient_id, patient_id)
        return [(r, progress_of(r, check_ins[r.id], today)) for r in rows], total, kinds, warnings

    @unit_of_work
    def create_goal(self, patient_id: int, fields: dict[str, Any], *, today: date) -> FunctionalGoal:
        self.patient(patient_id)
        fields = dict(fields)
        if fields.get("measure") or fields.get("baseline_value") is not None or fields.get("target_value") is not None:
            fields["set_on"] = fields.get("set_on") or today
        measurable_fields(fields)
        for text_field, number_field in (("baseline", "baseline_value"), ("target", "target_value")):
            if not fields.get(text_field) and fields.get(number_field) is not None:
                fields[text_field] = f"{fields[number_field]:g} {fields.get('measure', '')}".strip()[:200]
        row = FunctionalGoal(patient_id=patient_id, **fields, created_at=datetime.now(UTC), version=1)
        self.session.add(row)
        self.session.flush()
        self.audit("create", "goal", row.id, patient_id)
        return row

    @unit_of_work
    def update_goal(self, goal_id: int, *, version: int, fields: dict[str, Any], today: date) -> FunctionalGoal:
        row = self.scoped(FunctionalGoal, goal_id, "goal", for_update=True)
        merged = {name: getattr(row, name) for name in ("kind", "description", *MEASURABLE, "set_on")} | fields
        if any(merged.get(n) not in (None, "") for n in ("measure", "baseline_value", "target_value")):
            merged["set_on"] = merged.get("set_on") or row.created_at.date()
            fields.setdefault("set_on", merged["set_on"])
        measurable_fields(merged, goal_id)
        self.apply_edit(row, "goal", version=version, fields=fields)
        self.audit("update", "goal", row.id, row.patient_id)
        return row

    def goal_progress(self, row: FunctionalGoal, today: date) -> dict[str, Any]:
        return progress_of(row, self._check_ins([row.id])[row.id], today)

    @unit_of_work
    def add_check_in(self, goal_id: int, *, checked_on: date, value: float, note: str, today: date) -> GoalCheckIn:
        row = self.scoped(FunctionalGoal, goal_id, "goal")
        goal = domain_goal(row)
        if goal is None:
            raise Invalid(
                f"goal {goal_id} is not measurable yet: set its measure, baseline_value, target_value and due_on "
                "before recording check-ins"
            )
        if checked_on < goal.set_on:
            raise Invalid(f"checked_on: {checked_on} is before the goal was set ({goal.set_on})")
        if checked_on > today:
            raise Invalid(f"checked_on: {checked_on} is in the future; record a check-in on or before {today}")
        check_in = GoalCheckIn(goal_id=row.id, patient_id=row.patient_id, checked_on=checked_on, value=value,
                               note=note, recorded_by=self.actor.user_id, created_at=datetime.now(UTC))
        self.session.add(check_in)
        self.session.flush()
        self.audit("create", "goal_checkin", check_in.id, row.patient_id)
        # a goal stalled over several check-ins raises plan review in this transaction, as a stalled score does
        from painpath.adapters.db.clinical_store import ClinicalRecords  # it imports this module

        ClinicalRecords(self.session, self.actor, audit_reads=self.audit_reads).goal_alerts(row.patient_id)
        return check_in

    @unit_of_work
    def goal_with_check_ins(
        self, goal_id: int, *, today: date
    ) -> tuple[FunctionalGoal, list[GoalCheckIn], dict[str, Any]]:
        row = self.scoped(FunctionalGoal, goal_id, "goal")
        check_ins = self._check_ins([row.id])[row.id]
        self.audit("read", "goal_checkins", row.id, row.patient_id)
        return row, check_ins, progress_of(row, check_ins, today)

    # -- questionnaires due -----------------------------------------------------------------------------------
    def _plan(self, patient_id: int) -> PlanState:
        # only the plans (a whole output is ~tens of kB of JSON per assessment)
        return plan_state(self.session.execute(
            select(Assessment.created_at, Assessment.output["plan"]).where(Assessment.patient_id == patient_id)
            .order_by(Assessment.created_at, Assessment.id)).all())

    def _due(self, patient_id: int, today: date) -> list[DueQuestionnaire]:
        procedures = [
            ProcedureDone(option_id, performed_on)
            for option_id, performed_on in self.session.execute(
                select(ProcedureResponse.option_id, ProcedureResponse.performed_on)
                .where(ProcedureResponse.patient_id == patient_id))
        ]
        taken: dict[str, list[date]] = {}
        for instrument, last in self.session.execute(
            select(OutcomeMeasurement.instrument, func.max(OutcomeMeasurement.taken_at))
            .where(OutcomeMeasurement.patient_id == patient_id)
            .group_by(OutcomeMeasurement.instrument)
        ):
            taken[instrument] = [_day(last)]
        plan = self._plan(patient_id)
        return due_questionnaires(load_default_schedule(), today=today, procedures=procedures, taken=taken,
                                  plan_started=plan.started, conditions=plan.conditions)

    @unit_of_work
    def questionnaires_due(self, patient_id: int, *, today: date) -> list[DueQuestionnaire]:
        self.patient(patient_id)
        due = self._due(patient_id, today)
        self.audit("read", "questionnaires_due", patient_id, patient_id)
        return due

    def _overdue(self, today: date, limit: int) -> list[tuple[Patient, list[DueQuestionnaire]]]:
        """Every patient's overdue questionnaires from three clinic-wide queries (not a query per patient)."""
        procedures: dict[int, list[ProcedureDone]] = {}
        for pid, option_id, performed_on in self.session.execute(
            select(ProcedureResponse.patient_id, ProcedureResponse.option_id, ProcedureResponse.performed_on)
        ):
            procedures.setdefault(pid, []).append(ProcedureDone(option_id, performed_on))
        taken: dict[int, dict[str, list[date]]] = {}
        for pid, instrument, last in self.session.execute(
            select(OutcomeMeasurement.patient_id, OutcomeMeasurement.instrument, func.max(OutcomeMeasurement.taken_at))
            .group_by(OutcomeMeasurement.patient_id, OutcomeMeasurement.instrument)
        ):
            taken.setdefault(pid, {})[instrument] = [_day(last)]
        plans: dict[int, PlanState] = {}
        for pid, created_at, plan in self.session.execute(  # only the plan: a whole output is ~tens of kB of JSON
            select(Assessment.patient_id, Assessment.created_at, Assessment.output["plan"])
            .where(Assessment.patient_id.is_not(None))
            .order_by(Assessment.created_at, Assessment.id)
        ):
            plan = plan or {}
            if pid is not None and plan.get("stages"):
                started = plans[pid].started if pid in plans else None
                conditions = tuple(str(c) for c in plan.get("for_conditions") or ())
                plans[pid] = PlanState(started or created_at.date(), conditions)
        schedule = load_default_schedule()
        overdue: dict[int, list[DueQuestionnaire]] = {}
        for pid in sorted(set(procedures) | set(plans)):
            plan = plans.get(pid, PlanState(None, ()))
            items = due_questionnaires(schedule, today=today, procedures=procedures.get(pid, []),
                                       taken=taken.get(pid, {}), plan_started=plan.started,
                                       conditions=plan.conditions)
            late = [d for d in items if d.status is DueStatus.OVERDUE]
            if late:
                overdue[pid] = late
        patients = {p.id: p for p in self.session.scalars(select(Patient).where(Patient.id.in_(list(overdue))))}
        found = [(patients[pid], items) for pid, items in overdue.items() if pid in patients]
        found.sort(key=lambda pair: (-max(d.days_overdue for d in pair[1]), pair[0].family_name, pair[0].id))
        return found[:limit]

    @unit_of_work
    def overdue_questionnaires(self, *, today: date, limit: int = 200) -> list[tuple[Patient, list[DueQuestionnaire]]]:
        """Patients with a questionnaire past its grace period, longest overdue first (the clinic-wide list)."""
        found = self._overdue(today, limit)
        self.audit("read", "overdue_questionnaires", "clinic", None)
        for patient, _ in found:  # each patient shown is a read of that patient's record
            self.audit("read", "overdue_questionnaires", patient.id, patient.id)
        return found

    # -- worklist ---------------------------------------------------------------------------------------------
    @unit_of_work
    def worklist(
        self, *, today: date, limit: int = 200
    ) -> tuple[list[tuple[ClinicalAlert, Patient]], list[tuple[Patient, list[DueQuestionnaire]]]]:
        """Open alerts, most urgent first (oldest first within a level), and the overdue questionnaires."""
        rows: list[tuple[ClinicalAlert, Patient]] = [
            (alert, patient)
            for alert, patient in self.session.execute(
                select(ClinicalAlert, Patient)
                .join(Patient, Patient.id == ClinicalAlert.patient_id)
                .where(ClinicalAlert.acknowledged_at.is_(None))
            )
        ]
        rows.sort(key=lambda pair: (level_rank(pair[0].level), pair[0].created_at, pair[0].id))
        overdue = self._overdue(today, limit)
        self.audit("read", "worklist", "clinic", None)
        rows = rows[:limit]
        for alert, _ in rows:  # the page shows each patient's name and red-flag evidence
            self.audit("read", "clinical_alert", alert.id, alert.patient_id)
        for patient, _ in overdue:
            self.audit("read", "overdue_questionnaires", patient.id, patient.id)
        return rows, overdue

    @unit_of_work
    def patient_alerts(self, patient_id: int) -> list[ClinicalAlert]:
        """One patient's open (unacknowledged) alerts, most urgent first, oldest first within a level."""
        self.patient(patient_id)
        rows = list(self.session.scalars(select(ClinicalAlert).where(
            ClinicalAlert.patient_id == patient_id, ClinicalAlert.acknowledged_at.is_(None))))
        rows.sort(key=lambda a: (level_rank(a.level), a.created_at, a.id))
        self.audit("read", "clinical_alerts", patient_id, patient_id)
        return rows

    @unit_of_work
    def crisis_flags(self, patient_id: int) -> list[dict[str, Any]]:
        """The red flags of the patient's questionnaires whose worklist alert no clinician has acknowledged yet
        (PHQ-9 item 9): the portal keeps the crisis card up until then."""
        self.patient(patient_id)
        open_ids = [
            int(source_id)
            for source_id in self.session.scalars(
                select(ClinicalAlert.source_id).where(
                    ClinicalAlert.patient_id == patient_id, ClinicalAlert.source == "questionnaire",
                    ClinicalAlert.acknowledged_at.is_(None),
                )
            )
            if source_id.isdigit()
        ]
        flags: dict[str, dict[str, Any]] = {}
        if open_ids:
            for row in self.session.scalars(
                select(OutcomeMeasurement).where(OutcomeMeasurement.id.in_(open_ids),
                                                 OutcomeMeasurement.patient_id == patient_id)
            ):
                for flag in (row.scoring or {}).get("red_flags") or []:
                    flags.setdefault(str(flag.get("id")), dict(flag))
        self.audit("read", "crisis_flags", patient_id, patient_id)
        return list(flags.values())

    @unit_of_work
    def message_care_team(self, patient_id: int, *, text: str) -> ClinicalAlert:
        """A patient's message to the care team: it goes on the worklist and the chart's banner."""
        self.patient(patient_id)
        body = text.strip()
        if not body:
            raise Invalid("message: write what you would like to tell or ask your care team")
        if len(body) > 2000:
            raise Invalid(f"message: keep it to 2000 characters (this one has {len(body)}); call for longer talks")
        row = patient_message_alert(self.session, patient_id=patient_id,
                                    message_id=f"{patient_id}:{secrets.token_hex(8)}", text=body)
        if row is None:  # a random 64-bit id does not collide in practice; say so rather than lose the message
            raise Invalid("message: it could not be saved, please send it again")
        self.audit("create", "patient_message", row.id, patient_id)
        return row

    @unit_of_work
    def acknowledge(self, alert_id: int, *, note: str) -> tuple[ClinicalAlert, str]:
        """Close an alert with what was done; an alert is acknowledged once."""
        row = self.scoped(ClinicalAlert, alert_id, "alert", for_update=True)
        if not note.strip():
            raise Invalid("action_note: say what was done about the alert (e.g. 'called the patient, seen today')")
        if row.acknowledged_at is not None:
            who = self.session.get(User, row.acknowledged_by) if row.acknowledged_by else None
            raise Invalid(
                f"alert {alert_id} was already acknowledged by {who.username if who else 'someone'} at "
                f"{row.acknowledged_at:%Y-%m-%d %H:%M} UTC: {row.action_note}"
            )
        row.acknowledged_by = self.actor.user_id
        row.acknowledged_at = datetime.now(UTC)
        row.action_note = note.strip()
        self.audit("update", "clinical_alert", row.id, row.patient_id)
        return row, self.actor.username


def _day(value: datetime | date) -> date:
    return value.date() if isinstance(value, datetime) else value
