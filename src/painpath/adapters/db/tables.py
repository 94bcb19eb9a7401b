"""Table definitions. Tables are storage, not API schemas (web/schemas.py holds those)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    Sequence,
    String,
    Text,
    func,
)
from sqlalchemy import (
    text as sql_text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, query_expression
from sqlalchemy.types import TypeDecorator

JSONType = JSON().with_variant(JSONB(), "postgresql")
# SQLite has no BIGINT autoincrement; INTEGER PRIMARY KEY is already 64-bit there.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class UtcDateTime(TypeDecorator[datetime]):
    """Stored as UTC on every database (SQLite would drop the offset), returned with tzinfo=UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    pass


class Versioned:
    """Rows two people may edit: a stale write is refused (optimistic concurrency)."""

    version: Mapped[int] = mapped_column(Integer, default=1, nullable=False)


class User(Versioned, Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True, nullable=False)
    display_name: Mapped[str] = mapped_column(String(200), nullable=False)
    role: Mapped[str] = mapped_column(String(20), nullable=False)
    password_hash: Mapped[str] = mapped_column(String(200), nullable=False)
    patient_id: Mapped[int | None] = mapped_column(ForeignKey("patients.id"), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)


class AuthSession(Base):
    """A browser session (cookie) or an API bearer token; only the SHA-256 of the secret is stored."""

    __tablename__ = "auth_sessions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    kind: Mapped[str] = mapped_column(String(10), nullable=False)  # browser | api
    csrf_token: Mapped[str] = mapped_column(String(64), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)


class SignInFailure(Base):
    """One failed sign-in under one of its three throttle keys (services/throttle.py): per account from one
    address, per account, per address ("" where the key names no username or no address). Shared by every app
    process, so the limits hold across workers and machines and survive a restart; rows older than the window
    are removed as new failures are recorded. ``at`` is the throttle's clock (seconds since the epoch)."""

    __tablename__ = "sign_in_failures"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    scope: Mapped[str] = mapped_column(String(16), nullable=False)
    username: Mapped[str] = mapped_column(String(80), nullable=False)
    address: Mapped[str] = mapped_column(String(64), nullable=False)
    at: Mapped[float] = mapped_column(Float(precision=53), nullable=False)
    __table_args__ = (
        Index("ix_sign_in_failures_key_at", "scope", "username", "address", "at"),
        Index("ix_sign_in_failures_at", "at"),
    )


class AccountActivation(Base):
    """A one-time, expiring link with which the owner of a provisioned account sets its first password (or a
    new one after an administrator's reset); only the SHA-256 of the link's secret is stored."""

    __tablename__ = "account_activations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False, index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class TotpFactor(Base):
    """A TOTP second factor (RFC 6238, opt-in per clinician or admin): the base32 secret, whether a code has
    confirmed it, and the last time step used (each code is accepted once)."""

    __tablename__ = "totp_factors"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    secret: Mapped[str] = mapped_column(String(64), nullable=False)
    enabled: Mapped[bool] = mapped_column(Boolean, nullable=False)
    last_step: Mapped[int | None] = mapped_column(BigInteger, nullable=True)


class RecoveryCode(Base):
    """A one-time recovery code for a TOTP account (SHA-256 of a random 60-bit code; shown once at enrolment)."""

    __tablename__ = "recovery_codes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False, index=True)
    code_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class ClinicSetting(Versioned, Base):
    __tablename__ = "clinic_settings"
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text, nullable=False)


class Patient(Versioned, Base):
    __tablename__ = "patients"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    mrn: Mapped[str] = mapped_column(String(40), unique=True, nullable=False)
    family_name: Mapped[str] = mapped_column(String(100), nullable=False)
    given_name: Mapped[str] = mapped_column(String(100), nullable=False)
    # the names' search keys (domain.names.search_key: accents dropped, case folded) for prefix search
    family_lower: Mapped[str] = mapped_column(String(100), nullable=False)
    given_lower: Mapped[str] = mapped_column(String(100), nullable=False)
    birth_date: Mapped[date] = mapped_column(Date, nullable=False)
    sex: Mapped[str | None] = mapped_column(String(10), nullable=True)
    phone: Mapped[str | None] = mapped_column(String(40), nullable=True)
    email: Mapped[str | None] = mapped_column(String(200), nullable=True)
    address: Mapped[str | None] = mapped_column(String(400), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    __table_args__ = (
        Index(
            "ix_patients_family",
            "family_lower",
            "given_lower",
            postgresql_ops={"family_lower": "text_pattern_ops", "given_lower": "text_pattern_ops"},
            postgresql_include=["id"],  # 0020: a name search picks its page by index-only scans
        ),
        Index("ix_patients_given", "given_lower", postgresql_ops={"given_lower": "text_pattern_ops"},
              postgresql_include=["family_lower", "id"]),
        Index("ix_patients_birth_date", "birth_date"),
    )


class Encounter(Versioned, Base):
    __tablename__ = "encounters"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True, nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    clinician_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    reason: Mapped[str] = mapped_column(String(400), nullable=False, default="")
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)


class Assessment(Base):
    """One run of the engine: input, full output and the knowledge-base version; its content is never edited.

    ``source`` says where the input came from (a clinician's note or form, a referral letter, the patient's history
    packet, an automatic re-plan). A clinician's own assessment is the working assessment at once; the others are
    proposals (``status``) until a clinician signs one off (``signed_off_by``/``signed_off_at``, migration 0010)
    or dismisses it with a reason (status ``dismissed``, ``dismissed_by``/``dismissed_at``/``dismissal_reason``,
    migration 0018): a dismissed proposal leaves the pending list and stays in the history, labelled dismissed.
    The working assessment is the one that became working last (``working_since``). A re-plan names the assessment
    it re-planned (``replan_of``)."""

    __tablename__ = "assessments"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    patient_id: Mapped[int | None] = mapped_column(ForeignKey("patients.id"), index=True, nullable=True)
    encounter_id: Mapped[int | None] = mapped_column(ForeignKey("encounters.id"), nullable=True)
    input_kind: Mapped[str] = mapped_column(String(10), nullable=False)  # text | intake
    input: Mapped[dict[str, Any]] = mapped_column(JSONType, nullable=False)
    output: Mapped[dict[str, Any]] = mapped_column(JSONType, nullable=False)
    kb_version: Mapped[str] = mapped_column(String(20), nullable=False)
    triage_level: Mapped[str] = mapped_column(String(20), nullable=False)
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    source: Mapped[str] = mapped_column(String(20), nullable=False, default="note")  # note|form|referral|packet|replan
    status: Mapped[str] = mapped_column(String(10), nullable=False, default="working")  # working|proposal|dismissed
    working_since: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    signed_off_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    signed_off_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    replan_of: Mapped[int | None] = mapped_column(ForeignKey("assessments.id"), nullable=True)
    dismissed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    dismissed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    dismissal_reason: Mapped[str | None] = mapped_column(Text, nullable=True)

    # The leading diagnosis read by the database (the differential's first label, else its id), when a query asks
    # for it instead of the whole output: the chart lists 20 summaries, and decoding 20 full outputs cost more CPU
    # than the rest of the chart (issue 13). See `leading_diagnosis_sql`.
    leading_in_db: Mapped[str | None] = query_expression()

    @property
    def leading_diagnosis(self) -> str | None:
        """The differential's first condition (its label), None when the engine named none."""
        if "output" not in self.__dict__ and "leading_in_db" in self.__dict__:
            return self.leading_in_db
        differential = (self.output or {}).get("differential") or []
        return str(differential[0].get("label") or differential[0].get("id")) if differential else None


def assessment_summary_options() -> tuple[Any, ...]:
    """Loader options for lists of assessment summaries (the chart, GET /api/patients/{id}/assessments): the stored
    input and output stay in the database; `Assessment.leading_diagnosis` is read from the output there."""
    from sqlalchemy.orm import defer, with_expression

    return (defer(Assessment.input), defer(Assessment.output),
            with_expression(Assessment.leading_in_db, leading_diagnosis_sql()))


def leading_diagnosis_sql(output: Any = None) -> Any:
    """`Assessment.leading_diagnosis` as an SQL expression (JSON paths on SQLite and PostgreSQL alike); ``output``:
    the output column to read it from (the table's own column for a Core select; the mapped attribute if None)."""
    output = Assessment.output if output is None else output
    first = ("differential", 0)
    return func.coalesce(func.nullif(output[(*first, "label")].as_string(), ""), output[(*first, "id")].as_string())


class PlanDecision(Base):
    """A decision on one plan option; a later decision supersedes an earlier one (history is kept)."""

    __tablename__ = "plan_decisions"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), index=True, nullable=False)
    option_id: Mapped[str] = mapped_column(String(60), nullable=False)
    decision: Mapped[str] = mapped_column(String(10), nullable=False)  # accepted | declined | deferred
    reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    decided_by: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    decided_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    # a decision carried into a re-plan from the assessment it was taken on (migration 0010; None: taken here)
    carried_from: Mapped[int | None] = mapped_column(ForeignKey("assessments.id"), nullable=True)


class ProcedureResponse(Versioned, Base):
    __tablename__ = "procedure_responses"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True, nullable=False)
    option_id: Mapped[str] = mapped_column(String(60), nullable=False)
    sequence: Mapped[int] = mapped_column(Integer, nullable=False)
    performed_on: Mapped[date] = mapped_column(Date, nullable=False)
    relief_percent: Mapped[int | None] = mapped_column(Integer, nullable=True)
    duration_hours: Mapped[float | None] = mapped_column(Float, nullable=True)
    functional_gain: Mapped[str] = mapped_column(Text, nullable=False, default="")
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)


class Medication(Versioned, Base):
    """A medication and its trial: dose, dates and what it did."""

    __tablename__ = "medications"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True, nullable=False)
    name: Mapped[str] = mapped_column(String(80), nullable=False)
    dose: Mapped[float | None] = mapped_column(Float, nullable=True)
    unit: Mapped[str | None] = mapped_column(String(10), nullable=True)
    per_day: Mapped[float | None] = mapped_column(Float, nullable=True)
    route: Mapped[str | None] = mapped_column(String(20), nullable=True)
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    started_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    stopped_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    effect: Mapped[str] = mapped_column(Text, nullable=False, default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)


class Allergy(Versioned, Base):
    """A recorded allergy or intolerance: the substance (a drug, a drug class or anything else), the reaction
    and its severity. Fed into plan safety: an option of the substance's class is not offered. A correction keeps
    its reason (``correction_reason``, in the record's revisions too); a removal is a mark with who, when and why
    (``removed_*``, migration 0018): the record stays, out of plan safety and off the chart's list."""

    __tablename__ = "allergies"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True, nullable=False)
    substance: Mapped[str] = mapped_column(String(80), nullable=False)
    reaction: Mapped[str] = mapped_column(Text, nullable=False, default="")
    severity: Mapped[str] = mapped_column(String(20), nullable=False)  # mild | moderate | severe | unknown
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    correction_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    removed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    removed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    removal_reason: Mapped[str | None] = mapped_column(Text, nullable=True)


class PsychEvaluation(Base):
    """A psychological evaluation before neuromodulation (a stimulator trial): its outcome (cleared or not
    cleared), the day it was done and the clinician who did it. The latest one is the prerequisite the stimulator
    pathway reads (plan_procedures.yaml scs_trial): a note's words no longer clear a patient."""

    __tablename__ = "psych_evaluations"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True, nullable=False)
    evaluated_on: Mapped[date] = mapped_column(Date, nullable=False)
    outcome: Mapped[str] = mapped_column(String(20), nullable=False)  # cleared | not_cleared
    clinician: Mapped[str] = mapped_column(String(200), nullable=False)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)


class TherapyReport(Base):
    """What a therapist writes: a therapy note, or a flare report (what flared, after which exercise, how
    badly). A flare adjusts the dose of that exercise in the plan; it does not stop therapy."""

    __tablename__ = "therapy_reports"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True, nullable=False)
    kind: Mapped[str] = mapped_column(String(10), nullable=False)  # note | flare
    written_on: Mapped[date] = mapped_column(Date, nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False, default="")
    exercise: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    flared: Mapped[str] = mapped_column(String(200), nullable=False, default="")  # what flared
    severity: Mapped[str] = mapped_column(String(10), nullable=False, default="")  # mild | moderate | severe
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)


class Problem(Versioned, Base):
    """A problem-list entry another system recorded (an imported FHIR Condition, migration 0016): what it is, as
    that system coded it, whether it is active and since when. PainPath's own diagnoses are its assessments'
    differential; these are the referrer's, shown beside them on the chart and never mixed into them."""

    __tablename__ = "problems"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True, nullable=False)
    text: Mapped[str] = mapped_column(String(200), nullable=False)
    code_system: Mapped[str | None] = mapped_column(String(200), nullable=True)  # e.g. http://snomed.info/sct
    code: Mapped[str | None] = mapped_column(String(40), nullable=True)
    clinical_status: Mapped[str] = mapped_column(String(20), nullable=False)  # active | inactive | resolved ...
    onset_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)


class OutcomeMeasurement(Base):
    """A questionnaire or scale result, scored against instruments.yaml when it was recorded (migration 0002):
    the score is None when the instrument's missing-item rule refuses one; ``scoring`` keeps the band, the
    missing-item handling, any red flag and the kb_version (None on rows recorded before scoring)."""

    __tablename__ = "outcome_measurements"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), nullable=False)
    instrument: Mapped[str] = mapped_column(String(60), nullable=False)
    score: Mapped[float | None] = mapped_column(Float, nullable=True)
    band: Mapped[str | None] = mapped_column(String(40), nullable=True)
    scoring: Mapped[dict[str, Any] | None] = mapped_column(JSONType, nullable=True)
    items: Mapped[dict[str, Any]] = mapped_column(JSONType, nullable=False)
    taken_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    body_site: Mapped[str | None] = mapped_column(String(60), nullable=True)
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    __table_args__ = (Index("ix_outcomes_patient_taken", "patient_id", "taken_at"),)


class FunctionalGoal(Versioned, Base):
    __tablename__ = "functional_goals"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True, nullable=False)
    kind: Mapped[str] = mapped_column(String(10), nullable=False)  # work | life
    description: Mapped[str] = mapped_column(Text, nullable=False)
    baseline: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    target: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    due_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    # measurable form (migration 0003): what is counted, from what to what, set on which day;
    # None on goals written before 0003 (free text only, so goal_progress cannot run on them)
    measure: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    baseline_value: Mapped[float | None] = mapped_column(Float, nullable=True)
    target_value: Mapped[float | None] = mapped_column(Float, nullable=True)
    set_on: Mapped[date | None] = mapped_column(Date, nullable=True)


class GoalCheckIn(Base):
    """One check-in on a functional goal: the value reached on a day (never edited; a new check-in corrects)."""

    __tablename__ = "goal_checkins"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("functional_goals.id"), index=True, nullable=False)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True, nullable=False)
    checked_on: Mapped[date] = mapped_column(Date, nullable=False)
    value: Mapped[float] = mapped_column(Float, nullable=False)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)


class ClinicalAlert(Base):
    """An item on the clinicians' worklist: a red flag from an assessment or questionnaire, a plan review,
    an overdue check-in. It stays open until a clinician acknowledges it with what was done."""

    __tablename__ = "clinical_alerts"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True, nullable=False)
    source: Mapped[str] = mapped_column(String(20), nullable=False)  # assessment | questionnaire | plan_review
    source_id: Mapped[str] = mapped_column(String(80), nullable=False)
    level: Mapped[str] = mapped_column(String(20), nullable=False)  # emergency | urgent | soon | routine
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    detail: Mapped[str] = mapped_column(Text, nullable=False, default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    acknowledged_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    action_note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    __table_args__ = (
        Index("ix_alerts_open", "acknowledged_at", "level"),
        Index("ix_alerts_source", "source", "source_id", unique=True),
    )


class HistoryPacket(Versioned, Base):
    """The history packet a patient fills before the first visit (dates of onset, imaging, medication trials,
    what helps and worsens, a work goal and a life goal): a draft until submitted, then assessed."""

    __tablename__ = "history_packets"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True, nullable=False)
    content: Mapped[dict[str, Any]] = mapped_column(JSONType, nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False)  # draft | submitted
    submitted_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    assessment_id: Mapped[int | None] = mapped_column(ForeignKey("assessments.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)


class Referral(Versioned, Base):
    """A new patient's way in: a referral letter or a self-booking. The letter is clinical (clinicians only);
    its triage level and booking window are what the front desk sees and books by."""

    __tablename__ = "referrals"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True, nullable=False)
    source: Mapped[str] = mapped_column(String(20), nullable=False)  # referral | self_booked
    referrer: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    received_on: Mapped[date] = mapped_column(Date, nullable=False)
    letter: Mapped[str] = mapped_column(Text, nullable=False, default="")
    assessment_id: Mapped[int | None] = mapped_column(ForeignKey("assessments.id"), nullable=True)
    triage_level: Mapped[str] = mapped_column(String(20), nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False)  # new | booked | closed
    appointment_id: Mapped[int | None] = mapped_column(ForeignKey("appointments.id"), nullable=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    __table_args__ = (Index("ix_referrals_status_level", "status", "triage_level"),)


class Appointment(Versioned, Base):
    __tablename__ = "appointments"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True, nullable=False)
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True, nullable=False)
    minutes: Mapped[int] = mapped_column(Integer, nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    clinician_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    note: Mapped[str] = mapped_column(
        String(400), nullable=False, default=""
    )  # scheduling note, not clinical
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    # starts_at + minutes, kept by the scheduling service (migration 0004_scheduling): the database refuses two
    # active appointments of one clinician whose [starts_at, ends_at) overlap (exclusion constraint / triggers)
    ends_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    # where the patient goes (tables_providers.Site); none when the clinic keeps no sites
    site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id", name="fk_appointments_site"), nullable=True)
    __table_args__ = (Index("ix_appointments_clinician_span", "clinician_id", "starts_at", "ends_at"),)


class Revision(Base):
    """What each edit changed (field: from, to), so a refused stale write can say what changed."""

    __tablename__ = "revisions"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    table_name: Mapped[str] = mapped_column(String(40), nullable=False)
    record_id: Mapped[str] = mapped_column(String(80), nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    changes: Mapped[dict[str, Any]] = mapped_column(JSONType, nullable=False)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    __table_args__ = (Index("ix_revisions_record", "table_name", "record_id", "version"),)


class AuditEntry(Base):
    """Append-only, hash-chained log of every read and write of patient data.

    A request inserts its entries with a sequence number (PostgreSQL: the sequence audit_log_seq; SQLite: the
    rowid) and no link; the chaining step (audit.chain_pending) later gives each unlinked entry its place in the
    chain (``pos``, 1, 2, 3, ... in the order it was chained) and its MAC, once: the database refuses any other
    change (schema 0019)."""

    __tablename__ = "audit_log"
    seq: Mapped[int] = mapped_column(BigId, Sequence("audit_log_seq"), primary_key=True)
    pos: Mapped[int | None] = mapped_column(BigInteger, nullable=True)  # None: not chained yet
    at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    user_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    username: Mapped[str] = mapped_column(String(80), nullable=False)
    role: Mapped[str] = mapped_column(String(20), nullable=False)
    action: Mapped[str] = mapped_column(String(20), nullable=False)
    record_type: Mapped[str] = mapped_column(String(40), nullable=False)
    record_id: Mapped[str] = mapped_column(String(80), nullable=False)
    patient_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    ip: Mapped[str] = mapped_column(String(64), nullable=False)
    prev_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    __table_args__ = (
        Index("uq_audit_log_pos", "pos", unique=True),
        Index("ix_audit_unchained", "seq", postgresql_where=sql_text("pos IS NULL"),
              sqlite_where=sql_text("pos IS NULL")),
        Index("ix_audit_user_at", "user_id", "at"),
        Index("ix_audit_patient_at", "patient_id", "at"),
        Index("ix_audit_at", "at"),
    )


class AuditHead(Base):
    """The last chained entry's chain position (``seq``, named before schema 0019, when positions and sequence
    numbers were one) and MAC: deleting the newest entries breaks this link."""

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, nullable=False)
    hash: Mapped[str] = mapped_column(String(64), nullable=False)


class Job(Base):
    """A unit of background work (reminders, the waitlist sweep, ...): its idempotency key, tries and outcome.

    The queue (Redis with arq, or in-process in the embedded default) only carries the job's id; this row is the
    record of what ran, so a job enqueued twice with one key runs once, and a job that ran out of tries stays
    here as a dead letter until an admin retries it."""

    __tablename__ = "jobs"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), nullable=False)
    key: Mapped[str] = mapped_column(String(200), nullable=False, unique=True)
    status: Mapped[str] = mapped_column(String(16), nullable=False)  # queued, running, retrying, done, dead
    attempts: Mapped[int] = mapped_column(Integer, nullable=False)
    max_attempts: Mapped[int] = mapped_column(Integer, nullable=False)
    last_error: Mapped[str] = mapped_column(Text, nullable=False)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSONType, nullable=True)
    queued_by: Mapped[str] = mapped_column(String(80), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    __table_args__ = (Index("ix_jobs_status_updated", "status", "updated_at"),)
