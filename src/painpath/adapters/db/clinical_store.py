"""Clinical records: encounters, assessments and plan decisions, procedures, medications, outcomes, goals."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from painpath.adapters.db.alerts import (
    assessment_alert,
    goal_review_alert,
    plan_review_alert,
    questionnaire_alert,
    therapy_flare_alert,
)
from painpath.adapters.db.outcomes_store import domain_goal, maintenance_for, progress_of
from painpath.adapters.db.store import Store, unit_of_work
from painpath.adapters.db.tables import (
    Allergy,
    Assessment,
    Encounter,
    FunctionalGoal,
    GoalCheckIn,
    Medication,
    OutcomeMeasurement,
    PlanDecision,
    Problem,
    ProcedureResponse,
    PsychEvaluation,
    TherapyReport,
    assessment_summary_options,
)
from painpath.adapters.instrument_files import load_default_outcomes
from painpath.adapters.knowledge_files import load_default
from painpath.adapters.trend_chart import ChartSeries, instrument_chart
from painpath.adapters.vocabulary import plan_option_kinds
from painpath.domain.decisions import Carried, PriorDecision, carry_decisions, offered_options
from painpath.domain.gates import procedure_date_problem
from painpath.domain.goals import GoalCheckIn as DomainCheckIn
from painpath.domain.goals import StallSettings, goal_stall
from painpath.domain.outcomes import RatingEntry, TreatmentChange, TreatmentKind, daily_series
from painpath.domain.plan import Allergy as DomainAllergy
from painpath.domain.plan import ProcedureResponse as DomainResponse
from painpath.domain.plan import RecordedFinding, RecordedScore
from painpath.domain.planning import option_label, planning_knowledge
from painpath.narrative.responses import functional_gain_in
from painpath.services.access import Actor
from painpath.services.assessing import AssessmentInputs, ReplanInput
from painpath.services.errors import AlreadyDone, Invalid, NoPainContent, NotFound
from painpath.services.outcome_scoring import score_submission
from painpath.services.outcome_summary import (
    Measurement,
    PlanOption,
    first_line_for,
    goal_review,
    next_steps_for,
    plan_next_steps,
    summarise,
)

SORTS: dict[str, dict[str, Any]] = {
    "encounter": {"occurred_at": Encounter.occurred_at, "kind": Encounter.kind},
    "assessment": {"created_at": Assessment.created_at, "triage_level": Assessment.triage_level},
    "procedure": {
        "performed_on": ProcedureResponse.performed_on,
        "option_id": ProcedureResponse.option_id,
        "sequence": ProcedureResponse.sequence,
    },
    "medication": {"name": Medication.name, "started_on": Medication.started_on, "status": Medication.status},
    "allergy": {"substance": Allergy.substance, "created_at": Allergy.created_at, "severity": Allergy.severity},
    "psych_evaluation": {"evaluated_on": PsychEvaluation.evaluated_on, "outcome": PsychEvaluation.outcome},
    "therapy_report": {"written_on": TherapyReport.written_on, "kind": TherapyReport.kind},
    "outcome": {"taken_at": OutcomeMeasurement.taken_at, "instrument": OutcomeMeasurement.instrument},
    "problem": {"onset_on": Problem.onset_on, "text": Problem.text, "clinical_status": Problem.clinical_status},
    "goal": {
        "due_on": FunctionalGoal.due_on,
        "status": FunctionalGoal.status,
        "created_at": FunctionalGoal.created_at,
    },
}
MODELS: dict[str, Any] = {
    "encounter": Encounter,
    "procedure": ProcedureResponse,
    "medication": Medication,
    "allergy": Allergy,
    "outcome": OutcomeMeasurement,
    "goal": FunctionalGoal,
    "psych_evaluation": PsychEvaluation,
    "therapy_report": TherapyReport,
    "problem": Problem,
}
DATED = {"psych_evaluation": "evaluated_on", "therapy_report": "written_on"}  # not in the future
PSYCH_CLEARED = "psych_evaluation_cleared"  # the finding the stimulator trials' prerequisite reads (KB)
THERAPY_FLARE = "therapy_flare"  # a flare a therapist reported after an exercise (KB)


def therapy_flares(session: Session, patient_id: int) -> list[RecordedFinding]:
    """Every flare a therapist reported, oldest first, dated and naming the exercise it followed (the planner
    adjusts the dose for the recent ones: plan_maintenance.yaml therapy_flares)."""
    flares = session.scalars(select(TherapyReport).where(TherapyReport.patient_id == patient_id,
                                                         TherapyReport.kind == "flare")
                             .order_by(TherapyReport.written_on, TherapyReport.id))
    return [RecordedFinding(THERAPY_FLARE, f"{f.severity} flare of {f.flared} after {f.exercise} reported "
                                           f"{f.written_on.isoformat()}", exercise=f.exercise, on=f.written_on)
            for f in flares]


class AssessmentEngine:
    """The assessment engine shared by all requests (built once; spaCy is not promised to be thread-safe)."""

    def __init__(self, assessor: Any) -> None:
        self.assessor = assessor
        self._lock = threading.Lock()

    def read(self, text: str) -> Any:
        """The reader alone on one text (a PatientStory), under the engine's lock."""
        with self._lock:
            return self.assessor.reader.read(text)

    def run(
        self, *, text: str | None, intake: dict[str, Any] | None, responses: tuple[Any, ...] = (),
        allergies: tuple[Any, ...] = (), scores: tuple[Any, ...] = (), recorded: tuple[Any, ...] = (),
        require_pain: bool = False,
    ) -> dict[str, Any]:
        """The contract JSON for a note or a structured intake; unusable input raises Invalid.
        ``responses`` are the patient's recorded procedure responses (domain ProcedureResponse): they move
        procedure pathways on (two concordant medial branch blocks open ablation); ``scores`` the latest
        questionnaire totals (domain RecordedScore: a PHQ-9 of 10 or more adds behavioural health).
        ``require_pain`` refuses (NoPainContent) a note or intake in which the reader found no pain content and no
        red flag."""
        from painpath.adapters.contract_json import to_contract
        from painpath.adapters.intake import IntakeError, intake_to_story, parse_intake
        from painpath.services.assessment import NO_PAIN_CONTENT, UnusableInput, has_pain_content

        try:
            with self._lock:
                if intake is not None:
                    story = intake_to_story(parse_intake(intake), self.assessor.kb, self.assessor.reader)
                    result = self.assessor.assess_story(story, responses=responses, allergies=allergies,
                                                         scores=scores, recorded=recorded)
                else:
                    result = self.assessor.assess_text(text or "", responses=responses, allergies=allergies,
                                                        scores=scores, recorded=recorded)
                if require_pain and not has_pain_content(result):
                    field, what = ("intake", "history") if intake is not None else ("text", "note")
                    raise NoPainContent(f"{field}: the reader read this {what} and {NO_PAIN_CONTENT}")
                return to_contract(result, self.assessor.kb)
        except (UnusableInput, IntakeError) as err:
            raise Invalid(str(err)) from err


# Where an assessment's input came from. A clinician's own note or form is the working assessment at once; the
# others are proposals until a clinician signs one off (issue 12: new input never replaces the clinician's).
SOURCE_LABELS = {"note": "clinician's note", "form": "clinician's structured form", "referral": "referral letter",
                 "packet": "patient's history packet", "replan": "automatic re-plan"}
WORKING_SOURCES = frozenset({"note", "form"})


def assessment_row(
    actor: Actor, patient_id: int | None, encounter_id: int | None, *, text: str | None,
    intake: dict[str, Any] | None, output: dict[str, Any], source: str = "note", replan_of: int | None = None,
) -> Assessment:
    """One stored run of the engine: its input (a note or an intake), the full output and the kb_version; working
    at once when a clinician wrote it (``source`` note or form), a proposal otherwise."""
    if source not in SOURCE_LABELS:
        raise ValueError(f"unknown assessment source {source!r}")
    now = datetime.now(UTC)
    working = source in WORKING_SOURCES
    return Assessment(
        patient_id=patient_id,
        encounter_id=encounter_id,
        input_kind="intake" if intake is not None else "text",
        input=intake if intake is not None else {"text": text},
        output=output,
        kb_version=str(output.get("kb_version", "")),
        triage_level=output["triage"]["level"],
        created_by=actor.user_id,
        created_at=now,
        source=source,
        status="working" if working else "proposal",
        working_since=now if working else None,
        replan_of=replan_of,
    )


def working_assessment(session: Session, patient_id: int) -> Assessment | None:
    """The patient's working assessment: of the clinician's own and the signed-off ones, the one that became
    working last (None when no assessment is working yet)."""
    return session.scalars(
        select(Assessment)
        .where(Assessment.patient_id == patient_id, Assessment.status == "working")
        .order_by(Assessment.working_since.desc(), Assessment.id.desc())
        .limit(1)
    ).first()


def working_or_latest(session: Session, patient_id: int) -> Assessment | None:
    """The working assessment, or the latest proposal when none is working yet (a patient known only from a
    referral letter or packet)."""
    return working_assessment(session, patient_id) or session.scalars(
        select(Assessment).where(Assessment.patient_id == patient_id, Assessment.status != "dismissed")
        .order_by(Assessment.created_at.desc(), Assessment.id.desc()).limit(1)
    ).first()


def pending_proposals(session: Session, patient_id: int, working: Assessment | None) -> list[Assessment]:
    """Proposals awaiting sign-off, newest first: those made after the working assessment became working (an
    older proposal was overtaken by the clinician's own assessment), and of several re-plans of one assessment
    only the newest (it has seen every response the older one saw; when the newest was dismissed, the older ones
    went with it)."""
    stmt = select(Assessment).where(Assessment.patient_id == patient_id,
                                    Assessment.status.in_(("proposal", "dismissed")))
    if working is not None and working.working_since is not None:
        stmt = stmt.where(Assessment.created_at > working.working_since)
    rows = list(session.scalars(stmt.order_by(Assessment.created_at.desc(), Assessment.id.desc())))
    seen: set[int] = set()
    pending = []
    for row in rows:
        if row.source == "replan" and row.replan_of is not None:
            if row.replan_of in seen:
                continue
            seen.add(row.replan_of)
        if row.status == "proposal":
            pending.append(row)
    return pending


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


class ClinicalRecords(Store):
    """Everything clinical about a patient; only clinicians write, a patient reads their own."""

    # -- generic patient-owned records ---------------------------------------------------------------
    @unit_of_work
    def list_records(
        self, kind: str, patient_id: int, *, sort: str, limit: int | None, offset: int, include_removed: bool = False,
        summaries: bool = False,
    ) -> tuple[list[Any], int]:
        """A page of one kind of record; allergies removed with a reason only with ``include_removed``; assessments
        as ``summaries`` without their stored input and output (tables.assessment_summary_options)."""
        self.patient(patient_id)
        model = MODELS.get(kind, Assessment)
        stmt = select(model).where(model.patient_id == patient_id)
        if summaries and model is Assessment:
            stmt = stmt.options(*assessment_summary_options())
        if kind == "allergy" and not include_removed:
            stmt = stmt.where(Allergy.removed_at.is_(None))
        rows, total = self.page(stmt, sort=sort, sortable=SORTS[kind], limit=limit, offset=offset)
        self.audit("read", f"{kind}s", patient_id, patient_id)
        return rows, total

    @unit_of_work
    def create(self, kind: str, patient_id: int, fields: dict[str, Any]) -> Any:
        self.patient(patient_id)
        model = MODELS[kind]
        now = datetime.now(UTC)
        extra: dict[str, Any] = {"created_at": now}
        if kind == "procedure":
            self._check_procedure(fields["option_id"])
            self._check_procedure_date(patient_id, fields["option_id"], fields["performed_on"], None)
            if fields.get("sequence") is None:
                last = self.session.scalar(
                    select(func.max(ProcedureResponse.sequence)).where(
                        ProcedureResponse.patient_id == patient_id,
                        ProcedureResponse.option_id == fields["option_id"],
                    )
                )
                fields["sequence"] = (last or 0) + 1
        if kind == "outcome":
            patient = self.patient(patient_id)
            scored = score_submission(
                load_default_outcomes(),
                instrument=fields["instrument"],
                items=fields.get("items") or {},
                score=fields.get("score"),
                sex=patient.sex,
            )
            fields = {**fields, "score": scored.score}
            extra |= {"band": scored.band, "scoring": scored.scoring}
        if kind in DATED:
            day = fields[DATED[kind]]
            if day > date.today():
                raise Invalid(f"{DATED[kind]}: {day.isoformat()} is in the future (today is "
                              f"{date.today().isoformat()}): record it once it has happened")
        if kind in {"procedure", "outcome", "allergy", "psych_evaluation", "therapy_report"}:
            extra["recorded_by"] = self.actor.user_id
        if kind == "encounter" and fields.get("clinician_id") is None:
            fields["clinician_id"] = self.actor.user_id if self.actor.role == "clinician" else None
        if hasattr(model, "version"):
            extra["version"] = 1
        row = model(patient_id=patient_id, **fields, **extra)
        self.session.add(row)
        self.session.flush()
        self.audit("create", kind, row.id, patient_id)
        if kind == "outcome":
            self._measurement_alerts(row)
        if kind == "therapy_report" and row.kind == "flare":
            therapy_flare_alert(self.session, patient_id=patient_id, report_id=row.id,
                                title=f"Therapy flare after {row.exercise}: adjust its dose",
                                detail=f"{row.severity} flare of {row.flared} after {row.exercise} on "
                                       f"{row.written_on.isoformat()}, reported by {self.actor.username}. "
                                       f"Reduce the load of {row.exercise}; therapy continues."
                                       + (f"\n{row.text}" if row.text else ""))
        return row

    def _measurement_alerts(self, row: OutcomeMeasurement) -> None:
        """Worklist entries a new measurement raises, in its transaction: its red flags (PHQ-9 item 9), and a
        plan-review alert when its series now stalls or worsens. Plan review is raised here rather than when
        the summary is read so the worklist shows it without anyone opening the chart; the alert's source id
        (patient, instrument, site, reason, day raised) keeps a re-computation from duplicating it."""
        catalog = load_default_outcomes()
        definition = catalog.instruments.get(row.instrument)
        flags = list((row.scoring or {}).get("red_flags") or [])
        questionnaire_alert(self.session, patient_id=row.patient_id, measurement_id=row.id,
                            instrument_label=definition.label if definition else row.instrument, flags=flags)
        if definition is None or row.score is None:
            return
        site = (row.body_site or "unspecified") if definition.per_site else None
        for entry in self._summary(row.patient_id)["instruments"]:
            if entry["instrument"] == row.instrument and entry["site"] == site and entry["plan_review"]:
                plan_review_alert(self.session, patient_id=row.patient_id, instrument=row.instrument,
                                  label=definition.label, site=site,
                                  review=entry["plan_review"])

    @unit_of_work
    def get(self, kind: str, record_id: int) -> Any:
        row = self.scoped(MODELS[kind], record_id, kind)
        self.audit("read", kind, row.id, row.patient_id)
        return row

    @unit_of_work
    def update(self, kind: str, record_id: int, *, version: int, fields: dict[str, Any]) -> Any:
        row = self.scoped(MODELS[kind], record_id, kind, for_update=True)
        for name in ("option_id", "performed_on"):  # a procedure keeps what it is and when it was done
            if kind == "procedure" and name in fields and fields[name] is None:
                raise Invalid(f"{name}: a procedure keeps its {name.replace('_on', ' date').replace('_id', '')}: "
                              "send a value, not null")
        if kind == "procedure" and "option_id" in fields:
            self._check_procedure(fields["option_id"])
        if kind == "procedure" and ("option_id" in fields or "performed_on" in fields):
            self._check_procedure_date(row.patient_id, fields.get("option_id", row.option_id),
                                       fields.get("performed_on", row.performed_on), row.id)
        self.apply_edit(row, kind, version=version, fields=fields)
        self.audit("update", kind, row.id, row.patient_id)
        return row

    def _check_procedure_date(self, patient_id: int, option_id: str, performed_on: date, skip: int | None) -> None:
        """Not in the future, and a gated procedure (an ablation) not before its diagnostic blocks."""
        pk = planning_knowledge(load_default())
        if pk is None:
            return
        recorded = [
            (option, day) for rid, option, day in self.session.execute(
                select(ProcedureResponse.id, ProcedureResponse.option_id, ProcedureResponse.performed_on)
                .where(ProcedureResponse.patient_id == patient_id)
            ) if rid != skip
        ]
        problem = procedure_date_problem(pk, option_id, performed_on, date.today(), recorded)
        if problem:
            raise Invalid(problem)

    def _check_procedure(self, option_id: str) -> None:
        if plan_option_kinds().get(option_id) != "procedure":
            raise Invalid(
                f"option_id {option_id!r} is not a procedure of the plan vocabulary: use one of "
                + ", ".join(sorted(k for k, v in plan_option_kinds().items() if v == "procedure"))
            )

    # -- assessments and plan decisions ----------------------------------------------------------------
    def _assessed_patient(self, patient_id: int | None, encounter_id: int | None) -> int | None:
        """The patient an assessment belongs to (the encounter's when one is given); access checked."""
        if patient_id is not None:
            self.patient(patient_id)
        if encounter_id is not None:
            encounter = self.session.get(Encounter, encounter_id)
            if encounter is None or not self.actor.may_access_patient(encounter.patient_id):
                raise NotFound(f"no encounter {encounter_id}")
            if patient_id is not None and encounter.patient_id != patient_id:
                raise Invalid(
                    f"encounter {encounter_id} belongs to another patient than patient_id {patient_id}"
                )
            patient_id = encounter.patient_id
        return patient_id

    @unit_of_work
    def assessment_inputs(
        self, patient_id: int | None, encounter_id: int | None
    ) -> AssessmentInputs:
        """What the engine needs before it runs (services/assessing.py): the patient, access checked, their
        recorded procedure responses, allergies, latest questionnaire totals and the findings their records hold.
        A short read; the engine then runs with no transaction open."""
        patient_id = self._assessed_patient(patient_id, encounter_id)
        if patient_id is None:
            return None, (), (), (), ()
        return (patient_id, self._recorded_responses(patient_id), self._recorded_allergies(patient_id),
                self._recorded_scores(patient_id), self._recorded_findings(patient_id))

    @unit_of_work
    def store_assessment(
        self, *, patient_id: int | None, encounter_id: int | None, text: str | None,
        intake: dict[str, Any] | None, output: dict[str, Any], alert: bool = True, source: str = "note",
        replan_of: int | None = None, carried: tuple[Carried, ...] = (),
    ) -> Assessment:
        """Store input, full output and kb_version together, audited; red flags go on the worklist (``alert``),
        a proposal's too: a red flag is never held back until sign-off. Access is checked again: this is a
        transaction of its own, after the engine ran."""
        patient_id = self._assessed_patient(patient_id, encounter_id)
        row = assessment_row(self.actor, patient_id, encounter_id, text=text, intake=intake, output=output,
                             source=source, replan_of=replan_of)
        self.session.add(row)
        self.session.flush()
        self.audit("create", "assessment", row.id, patient_id)
        self._carry(row, carried)
        if alert:
            assessment_alert(self.session, patient_id=patient_id, assessment_id=row.id, output=output)
        return row

    def _carry(self, row: Assessment, carried: tuple[Carried, ...]) -> None:
        """Record the decisions carried into a re-plan on it, each naming the assessment it was taken on."""
        for item in carried:
            d = item.decision
            decided = PlanDecision(assessment_id=row.id, option_id=d.option_id, decision=d.decision, reason=d.reason,
                                   decided_by=d.decided_by, decided_at=datetime.now(UTC), carried_from=d.assessment_id)
            self.session.add(decided)
            self.session.flush()
            self.audit("create", "plan_decision", decided.id, row.patient_id)

    def _prior_decisions(self, patient_id: int, *, after: datetime | None = None,
                         skip: int | None = None) -> tuple[PriorDecision, ...]:
        """The latest decision per option on the patient's plans (taken after ``after``, not on ``skip``), with
        how the option stood in the plan it was taken on."""
        stmt = (select(PlanDecision, Assessment).join(Assessment, Assessment.id == PlanDecision.assessment_id)
                .where(Assessment.patient_id == patient_id).order_by(PlanDecision.decided_at, PlanDecision.id))
        latest: dict[str, tuple[PlanDecision, Assessment]] = {}
        for decision, assessment in self.session.execute(stmt).all():
            if skip is not None and assessment.id == skip:
                continue
            if after is not None and _aware(decision.decided_at) <= _aware(after):
                continue
            latest[decision.option_id] = (decision, assessment)
        out = []
        for decision, assessment in latest.values():
            stood = offered_options(assessment.output.get("plan") or {}).get(decision.option_id)
            out.append(PriorDecision(
                decision.option_id, decision.decision, decision.reason,
                decision.carried_from or assessment.id, decision.decided_by, decision.decided_at,
                stood[0] if stood else None, stood[1] if stood else None))
        return tuple(out)

    def _recorded_allergies(self, patient_id: int) -> tuple[DomainAllergy, ...]:
        """The patient's recorded allergies, for plan safety."""
        rows = self.session.scalars(select(Allergy).where(Allergy.patient_id == patient_id,
                                                          Allergy.removed_at.is_(None)).order_by(Allergy.id))
        return tuple(DomainAllergy(r.substance, r.reaction, r.severity) for r in rows)

    def _recorded_findings(self, patient_id: int) -> tuple[RecordedFinding, ...]:
        """What the chart's records say that the planner reads as findings: the latest psychological evaluation,
        when it cleared the patient for neuromodulation (one not cleared holds the stimulator trial back), and each
        therapy flare reported since the last therapy note without one (the dose of that exercise is adjusted)."""
        found: list[RecordedFinding] = []
        evaluation = self.session.scalars(
            select(PsychEvaluation).where(PsychEvaluation.patient_id == patient_id)
            .order_by(PsychEvaluation.evaluated_on.desc(), PsychEvaluation.id.desc()).limit(1)).first()
        if evaluation is not None and evaluation.outcome == "cleared":
            found.append(RecordedFinding(
                PSYCH_CLEARED, f"psychological evaluation recorded {evaluation.evaluated_on.isoformat()}: cleared "
                               f"by {evaluation.clinician}"))
        found += therapy_flares(self.session, patient_id)
        return tuple(found)

    def _recorded_scores(self, patient_id: int) -> tuple[RecordedScore, ...]:
        """The latest scored total per questionnaire (a score the missing-item rule refused does not count): the
        planner reads them as values (phq9_total), so a new PHQ-9 of 10 or more changes the next plan."""
        rows = self.session.scalars(
            select(OutcomeMeasurement)
            .where(OutcomeMeasurement.patient_id == patient_id, OutcomeMeasurement.score.is_not(None))
            .order_by(OutcomeMeasurement.taken_at, OutcomeMeasurement.id)
        )
        latest = {r.instrument: r for r in rows}
        catalog = load_default_outcomes()
        return tuple(
            RecordedScore(r.instrument, float(r.score or 0), _aware(r.taken_at).date(),
                          definition.label if (definition := catalog.instruments.get(r.instrument)) else "")
            for r in latest.values()
        )

    def _recorded_responses(self, patient_id: int) -> tuple[DomainResponse, ...]:
        """The patient's stored procedure responses as the planning engine reads them (oldest first)."""
        rows = self.session.scalars(
            select(ProcedureResponse)
            .where(ProcedureResponse.patient_id == patient_id, ProcedureResponse.relief_percent.is_not(None))
            .order_by(ProcedureResponse.performed_on, ProcedureResponse.sequence, ProcedureResponse.id)
        )
        return tuple(
            DomainResponse(
                option=r.option_id,
                relief_percent=float(r.relief_percent or 0),
                sequence=r.sequence,
                duration_hours=r.duration_hours,
                date=r.performed_on,
                functional_gain=functional_gain_in(r.functional_gain or ""),
                text=f"recorded {r.performed_on.isoformat()}",
            )
            for r in rows
        )

    @unit_of_work
    def replan_input(self, patient_id: int) -> ReplanInput | None:
        """The patient's latest assessment input with every procedure response recorded since (None when the
        patient has no assessment to re-plan); services/assessing.py re-assesses it outside this transaction."""
        self.patient(patient_id)
        base = working_or_latest(self.session, patient_id)
        if base is None:
            return None
        if base.source == "replan" and base.replan_of is not None:  # a signed-off re-plan: re-plan its origin
            base = self.session.get(Assessment, base.replan_of) or base
        text = str(base.input.get("text") or "") if base.input_kind == "text" else None
        intake = dict(base.input) if base.input_kind == "intake" else None
        return ReplanInput(patient_id, base.encounter_id, text, intake, self._recorded_responses(patient_id),
                           self._recorded_allergies(patient_id), base_id=base.id,
                           decisions=self._prior_decisions(patient_id), scores=self._recorded_scores(patient_id),
                           recorded=self._recorded_findings(patient_id))

    def _assessment(self, assessment_id: int) -> Assessment:
        row = self.session.get(Assessment, assessment_id)
        if row is None or not self._may_see_assessment(row):
            raise NotFound(f"no assessment {assessment_id}")
        return row

    def _may_see_assessment(self, row: Assessment) -> bool:
        if row.patient_id is None:  # a stand-alone consult: only its author's role family (clinicians)
            return self.actor.role == "clinician"
        return self.actor.may_access_patient(row.patient_id)

    @unit_of_work
    def get_assessment(self, assessment_id: int) -> tuple[Assessment, list[PlanDecision]]:
        row = self._assessment(assessment_id)
        decisions = list(
            self.session.scalars(
                select(PlanDecision)
                .where(PlanDecision.assessment_id == assessment_id)
                .order_by(PlanDecision.id)
            )
        )
        self.audit("read", "assessment", row.id, row.patient_id)
        return row, decisions

    @unit_of_work
    def current_assessments(self, patient_id: int) -> tuple[Assessment | None, list[Assessment]]:
        """The working assessment and the proposals awaiting sign-off (newest first)."""
        self.patient(patient_id)
        working = working_assessment(self.session, patient_id)
        pending = pending_proposals(self.session, patient_id, working)
        self.audit("read", "assessments", patient_id, patient_id)
        return working, pending

    @unit_of_work
    def sign_off(self, assessment_id: int) -> Assessment:
        """A clinician signs a proposal off: it becomes the patient's working assessment from now, audited. The
        assessment's content is not changed; signing off one already working is refused (409)."""
        row = self._assessment(assessment_id)
        if row.patient_id is None:
            raise Invalid(f"assessment {assessment_id} is a stand-alone consult: there is no chart to sign it into")
        if row.status == "dismissed":
            raise AlreadyDone(f"assessment {assessment_id} was dismissed ({row.dismissal_reason}): it cannot be "
                              "signed off; assess the patient again if it applies after all")
        if row.status != "proposal":
            raise AlreadyDone(f"assessment {assessment_id} is already signed off as a working assessment"
                              + (f" (by user {row.signed_off_by})" if row.signed_off_by else " (a clinician's own)"))
        now = datetime.now(UTC)
        row.status, row.signed_off_by, row.signed_off_at, row.working_since = "working", self.actor.user_id, now, now
        self.session.flush()
        self.audit("sign_off", "assessment", row.id, row.patient_id)
        if row.source == "replan":  # decisions taken on the chart while the re-plan waited carry into it too
            later = self._prior_decisions(row.patient_id, after=row.created_at, skip=row.id)
            self._carry(row, tuple(c for c in carry_decisions(later, row.output.get("plan") or {}) if c.carried))
        return row

    @unit_of_work
    def dismiss(self, assessment_id: int, reason: str) -> Assessment:
        """A clinician dismisses a proposal with a reason: it leaves the pending list and stays in the history,
        labelled dismissed, audited. Its red flags stay on the worklist (acknowledged there, not here). A working
        assessment cannot be dismissed (409); a reason is required (422 naming it)."""
        row = self._assessment(assessment_id)
        if row.patient_id is None:
            raise Invalid(f"assessment {assessment_id} is a stand-alone consult: there is no chart to dismiss it from")
        if not reason.strip():
            raise Invalid("reason: say why the proposal is dismissed (e.g. 'letter describes another episode'); "
                          "the reason is kept with it")
        if row.status == "dismissed":
            raise AlreadyDone(f"assessment {assessment_id} was already dismissed"
                              + (f" (by user {row.dismissed_by})" if row.dismissed_by else ""))
        if row.status != "proposal":
            raise AlreadyDone(f"assessment {assessment_id} is a working assessment, not a proposal: write a new "
                              "assessment to replace it")
        row.status, row.dismissed_by, row.dismissed_at = "dismissed", self.actor.user_id, datetime.now(UTC)
        row.dismissal_reason = reason.strip()
        self.session.flush()
        self.audit("dismiss", "assessment", row.id, row.patient_id)
        return row

    # -- allergies: correct or remove, with a reason -----------------------------------------------------
    def _allergy(self, allergy_id: int) -> Allergy:
        row = self.scoped(Allergy, allergy_id, "allergy", for_update=True)
        if row.removed_at is not None:
            raise AlreadyDone(f"allergy {allergy_id} was removed on {_aware(row.removed_at).date().isoformat()} "
                              f"({row.removal_reason}): record it again if it applies")
        return row

    @unit_of_work
    def correct_allergy(self, allergy_id: int, *, version: int, fields: dict[str, Any], reason: str) -> Allergy:
        """Correct an allergy's substance, reaction or severity, with the reason (kept on the record and in its
        revision), audited. Send the version you read; re-plan afterwards (services/assessing.replan)."""
        if not reason.strip():
            raise Invalid("reason: say why the allergy is corrected (e.g. 'reaction was nausea, not hives')")
        row = self._allergy(allergy_id)
        changed = {k: v for k, v in fields.items() if k in {"substance", "reaction", "severity"}}
        if not changed:
            raise Invalid("send at least one of substance, reaction, severity to correct")
        self.apply_edit(row, "allergy", version=version, fields={**changed, "correction_reason": reason.strip()})
        self.audit("update", "allergy", row.id, row.patient_id)
        return row

    @unit_of_work
    def remove_allergy(self, allergy_id: int, *, version: int, reason: str) -> Allergy:
        """Remove an allergy recorded in error (or disproved), with the reason, audited: the row stays with who
        removed it and why, and leaves the chart's list and plan safety. Re-plan afterwards."""
        if not reason.strip():
            raise Invalid("reason: say why the allergy is removed (e.g. 'entered for the wrong patient', "
                          "'tolerated a challenge dose')")
        row = self._allergy(allergy_id)
        self.apply_edit(row, "allergy", version=version,
                        fields={"removed_at": datetime.now(UTC), "removed_by": self.actor.user_id,
                                "removal_reason": reason.strip()})
        self.audit("delete", "allergy", row.id, row.patient_id)
        return row

    @unit_of_work
    def decide(self, assessment_id: int, *, option_id: str, decision: str, reason: str) -> PlanDecision:
        """Record a decision on a plan option; a later decision on the same option supersedes it."""
        return self._decide(self._assessment(assessment_id), option_id=option_id, decision=decision, reason=reason)

    @unit_of_work
    def accept_stage(self, assessment_id: int, stage: int) -> list[PlanDecision]:
        """Accept every option of one plan stage that is on offer now (not "not yet") and has no decision yet,
        in one transaction, each recorded and audited as a decision of its own (the same rules as decide)."""
        row = self._assessment(assessment_id)
        stages = {s.get("stage"): s for s in (row.output.get("plan") or {}).get("stages", [])}
        if stage not in stages:
            raise Invalid(f"stage: this plan has no stage {stage}; choose one of "
                          + ", ".join(str(n) for n in sorted(n for n in stages if n is not None)))
        decided = set(self.session.scalars(
            select(PlanDecision.option_id).where(PlanDecision.assessment_id == assessment_id)))
        open_options = [o["id"] for o in stages[stage].get("options", [])
                        if o.get("status") != "not yet" and o["id"] not in decided]
        if not open_options:
            raise Invalid(f"stage: every option of stage {stage} on offer now already has a decision")
        return [self._decide(row, option_id=o, decision="accepted", reason="") for o in open_options]

    def _decide(self, row: Assessment, *, option_id: str, decision: str, reason: str) -> PlanDecision:
        assessment_id = row.id
        if option_id not in plan_option_kinds():
            raise Invalid(f"option_id {option_id!r} is not a plan option of the shared vocabulary")
        offered = {
            option.get("id")
            for stage in (row.output.get("plan") or {}).get("stages", [])
            for option in stage.get("options", [])
        } | {item.get("id") for item in (row.output.get("plan") or {}).get("excluded", [])}
        if offered and option_id not in offered:
            raise Invalid(
                f"option_id {option_id!r} is not in this assessment's plan: choose one of {', '.join(sorted(offered))}"
            )
        if decision in {"declined", "deferred"} and not reason.strip():
            raise Invalid(f"say why the option was {decision}: the reason is kept with the plan")
        decided = PlanDecision(
            assessment_id=assessment_id,
            option_id=option_id,
            decision=decision,
            reason=reason,
            decided_by=self.actor.user_id,
            decided_at=datetime.now(UTC),
        )
        self.session.add(decided)
        self.session.flush()
        self.audit("create", "plan_decision", decided.id, row.patient_id)
        return decided

    # -- outcome summary ------------------------------------------------------------------------------------
    @unit_of_work
    def outcome_summary(self, patient_id: int) -> dict[str, Any]:
        """Per instrument: latest score, responder status, active plan-review alert and next step; the goals."""
        self.patient(patient_id)
        summary = self._summary(patient_id)
        self.audit("read", "outcome_summary", patient_id, patient_id)
        return summary

    def _summary(self, patient_id: int) -> dict[str, Any]:
        rows = list(
            self.session.scalars(
                select(OutcomeMeasurement)
                .where(OutcomeMeasurement.patient_id == patient_id)
                .order_by(OutcomeMeasurement.taken_at, OutcomeMeasurement.id)
            )
        )
        measurements = [
            Measurement(r.instrument, r.score, r.taken_at, r.body_site, r.scoring or {}) for r in rows
        ]
        changes, procedures, medications = self._treatment_changes(patient_id)
        options, tried, conditions = self._latest_plan(patient_id)
        tried |= {p.option_id for p in procedures} | {m.name for m in medications}
        review = load_default().extra.get("plan_review") or {}
        steps = next_steps_for(options, tried=tried,
                               first_line=first_line_for(review.get("first_line_preferred") or {}, conditions))
        goal_rows = list(
            self.session.scalars(
                select(FunctionalGoal).where(FunctionalGoal.patient_id == patient_id).order_by(FunctionalGoal.id)
            )
        )
        check_ins: dict[int, list[GoalCheckIn]] = {}
        for c in self.session.scalars(
            select(GoalCheckIn).where(GoalCheckIn.patient_id == patient_id).order_by(GoalCheckIn.checked_on)
        ):
            check_ins.setdefault(c.goal_id, []).append(c)
        fields = ("id", "kind", "description", "baseline", "target", "due_on", "status", "measure", "baseline_value",
                  "target_value", "set_on")
        goals = [
            {k: getattr(g, k) for k in fields}
            | {"progress": progress_of(g, check_ins.get(g.id, []), date.today()),
               "plan_review": self._goal_review(g, check_ins.get(g.id, []), changes, steps, review)}
            for g in goal_rows
        ]
        summary = summarise(
            load_default_outcomes(),
            measurements,
            changes=changes,
            next_steps=plan_next_steps(options, tried=tried,
                                       first_line=first_line_for(review.get("first_line_preferred") or {},
                                                                 conditions)),
            goals=goals,
        )
        # once every goal that counts is met: the flare and maintenance plan (plan_maintenance.yaml)
        summary["maintenance_plan"] = maintenance_for([(g["status"], g["progress"]["status"]) for g in goals])
        return summary

    @staticmethod
    def _goal_review(row: FunctionalGoal, check_ins: list[GoalCheckIn], changes: list[TreatmentChange],
                     steps: tuple[Any, ...], review: dict[str, Any]) -> dict[str, Any] | None:
        """An active measurable goal stalled over several check-ins: a plan review, as for a stalled score."""
        goal = domain_goal(row)
        settings = review.get("goal_stall")
        if goal is None or not settings or row.status != "active":
            return None
        stall = goal_stall(goal, [DomainCheckIn(c.checked_on, c.value) for c in check_ins],
                           StallSettings(int(settings["window_checkins"]), int(settings["min_span_days"]),
                                         float(settings["min_progress"])),
                           changed_on=[c.day for c in changes])
        if stall is None:
            return None
        return goal_review(goal, stall, settings, steps, load_default_outcomes().fallback_next_step)

    def goal_alerts(self, patient_id: int) -> None:
        """Raise the plan-review alert of each stalled goal (in the caller's transaction: a new check-in)."""
        for goal in self._summary(patient_id)["goals"]:
            if goal.get("plan_review"):
                goal_review_alert(self.session, patient_id=patient_id, goal_id=int(goal["id"]),
                                  description=str(goal["description"]), review=goal["plan_review"])

    def _latest_plan(self, patient_id: int) -> tuple[list[PlanOption], set[str], tuple[str, ...]]:
        """The working assessment's plan options (the latest proposal's before any is working), the options
        already decided on it, and the conditions the plan is for."""
        latest = working_or_latest(self.session, patient_id)
        if latest is None:
            return [], set(), ()
        options = [
            PlanOption(
                int(stage.get("stage", 0)), str(o["id"]), str(o.get("label") or ""), str(o.get("rationale") or "")
            )
            for stage in (latest.output.get("plan") or {}).get("stages", [])
            for o in stage.get("options", [])
        ]
        decided = set(
            self.session.scalars(select(PlanDecision.option_id).where(PlanDecision.assessment_id == latest.id))
        )
        return options, decided, tuple(str(c) for c in (latest.output.get("plan") or {}).get("for_conditions") or ())

    def _treatment_changes(
        self, patient_id: int
    ) -> tuple[list[TreatmentChange], list[ProcedureResponse], list[Medication]]:
        """Procedures done and medications started or stopped, oldest first (marked on charts)."""
        procedures = list(
            self.session.scalars(select(ProcedureResponse).where(ProcedureResponse.patient_id == patient_id))
        )
        medications = list(self.session.scalars(select(Medication).where(Medication.patient_id == patient_id)))
        changes = [TreatmentChange(p.performed_on, TreatmentKind.PROCEDURE, option_label(load_default(), p.option_id))
                   for p in procedures]
        for med in medications:
            for day, verb in ((med.started_on, "started"), (med.stopped_on, "stopped")):
                if day is not None:
                    changes.append(TreatmentChange(day, TreatmentKind.MEDICATION, f"{med.name} {verb}"))
        changes.sort(key=lambda c: (c.day, c.label))
        return changes, procedures, medications

    # -- trend chart ------------------------------------------------------------------------------------------
    @unit_of_work
    def outcome_chart(self, patient_id: int, instrument: str) -> str:
        """The SVG trend chart of one instrument (one line per body site), treatment changes marked."""
        self.patient(patient_id)
        catalog = load_default_outcomes()
        if instrument not in catalog.instruments:
            raise Invalid(
                f"instrument: {instrument!r} is not an instrument of the knowledge base; use one of "
                + ", ".join(sorted(catalog.instruments))
            )
        rows = list(
            self.session.scalars(
                select(OutcomeMeasurement)
                .where(
                    OutcomeMeasurement.patient_id == patient_id,
                    OutcomeMeasurement.instrument == instrument,
                    OutcomeMeasurement.score.is_not(None),
                )
                .order_by(OutcomeMeasurement.taken_at, OutcomeMeasurement.id)
            )
        )
        if not rows:
            raise NotFound(f"no scored {instrument} measurements for patient {patient_id}")
        definition = catalog[instrument]
        sites = sorted({(r.body_site or "unspecified") if definition.per_site else "" for r in rows})
        entries = [
            RatingEntry(r.taken_at, (r.body_site or "unspecified") if definition.per_site else "", float(r.score))
            for r in rows
            if r.score is not None
        ]
        series = [ChartSeries(_site_words(site, definition.label), daily_series(entries, site=site)) for site in sites]
        changes, _, _ = self._treatment_changes(patient_id)
        self.audit("read", "outcome_chart", patient_id, patient_id)
        return instrument_chart(definition, series, changes, chart_id=f"{instrument}-{patient_id}")


def _site_words(site: str, instrument: str) -> str:
    """A chart line's name: the body site in words, or the instrument when the site was not recorded."""
    if not site:
        return instrument
    return f"{instrument}, site not recorded" if site == "unspecified" else site.replace("_", " ")
