"""Request and response bodies for procedures, medications, outcomes, goals, appointments and accounts."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, StringConstraints, field_validator, model_validator

from painpath.adapters.intake import Intake
from painpath.web.schemas import (
    AssessmentSummary,
    ClinicDate,
    EncounterRead,
    Id,
    Items,
    Moment,
    Note,
    Page,
    PatientRead,
    Read,
    Strict,
    Text60,
    Text200,
    Text400,
    Text2000,
    Version,
)

OptionId = Annotated[str, StringConstraints(min_length=1, max_length=60, pattern=r"^[a-z0-9_]+$")]
Percent = Annotated[int, Field(ge=0, le=100)]
Hours = Annotated[float, Field(ge=0, le=24 * 365 * 5, description="how long the relief lasted, in hours")]
Quantity = Annotated[float, Field(gt=0, le=100_000)]


# -- assessments (the body of POST /api/assessments) -----------------------------------------------------
class AssessNote(Strict):
    """A free-text note, as in `painpath assess --text`."""

    text: Note
    patient_id: Id | None = None
    encounter_id: Id | None = None


class AssessIntake(Intake):
    """The structured intake, as in `painpath assess --intake`, optionally tied to a patient and visit."""

    patient_id: Id | None = None
    encounter_id: Id | None = None

    @field_validator("story")
    @classmethod
    def _story_without_nul(cls, value: str | None) -> str | None:
        if value is not None and "\x00" in value:
            raise ValueError("contains a NUL character (\\u0000): remove it")
        return value


# -- procedures -------------------------------------------------------------------------------------------
class ProcedureCreate(Strict):
    option_id: OptionId = Field(description="a procedure id of the plan vocabulary, e.g. medial_branch_block")
    sequence: Annotated[int, Field(ge=1, le=1000)] | None = Field(
        default=None, description="1 for the first of this procedure; omitted: the next number"
    )
    performed_on: ClinicDate
    relief_percent: Percent | None = None
    duration_hours: Hours | None = None
    functional_gain: Text2000 = ""


class ProcedureUpdate(Strict):
    version: Version
    option_id: OptionId | None = None
    sequence: Annotated[int, Field(ge=1, le=1000)] | None = None
    performed_on: ClinicDate | None = None
    relief_percent: Percent | None = None
    duration_hours: Hours | None = None
    functional_gain: Text2000 | None = None


class ProcedureRead(Read):
    id: int
    patient_id: int
    option_id: str
    sequence: int
    performed_on: date
    relief_percent: int | None
    duration_hours: float | None
    functional_gain: str
    recorded_by: int
    version: int
    created_at: datetime



class ProcedureRecorded(ProcedureRead):
    replanned_assessment_id: int | None = Field(
        default=None, description="the assessment re-planned with this response; null without an assessment")

class ProcedurePage(Page):
    items: list[ProcedureRead]


# -- medications ------------------------------------------------------------------------------------------
MedStatus = Literal["trial", "current", "stopped", "failed", "not_tolerated", "planned"]
Unit = Literal["mg", "mcg", "mcg/h", "g", "ml", "units"]
Route = Literal["oral", "topical", "transdermal", "injection", "intrathecal", "other"]


class MedicationCreate(Strict):
    name: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80, pattern=r"^[^\x00-\x1f]+$")
    ]
    dose: Quantity | None = None
    unit: Unit | None = None
    per_day: Annotated[float, Field(gt=0, le=24)] | None = None
    route: Route | None = None
    status: MedStatus = "current"
    started_on: ClinicDate | None = None
    stopped_on: ClinicDate | None = None
    effect: Text2000 = ""


class MedicationUpdate(Strict):
    version: Version
    dose: Quantity | None = None
    unit: Unit | None = None
    per_day: Annotated[float, Field(gt=0, le=24)] | None = None
    route: Route | None = None
    status: MedStatus | None = None
    started_on: ClinicDate | None = None
    stopped_on: ClinicDate | None = None
    effect: Text2000 | None = None


class MedicationRead(Read):
    id: int
    patient_id: int
    name: str
    dose: float | None
    unit: str | None
    per_day: float | None
    route: str | None
    status: str
    started_on: date | None
    stopped_on: date | None
    effect: str
    version: int
    created_at: datetime


class MedicationPage(Page):
    items: list[MedicationRead]


class AllergyCreate(Strict):
    substance: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80, pattern=r"^[^\x00-\x1f]+$")
    ] = Field(description="the drug, drug class or other substance, e.g. ibuprofen, NSAIDs, penicillin, latex")
    reaction: Text2000 = Field(default="", description="what happened, e.g. hives, facial swelling, wheeze")
    severity: Literal["mild", "moderate", "severe", "unknown"] = "unknown"


Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000,
                                          pattern=r"^[^\x00]+$")]


class AllergyCorrect(Strict):
    """Correct a recorded allergy: the fields to change and why (kept with the record and its revision)."""

    version: Version
    substance: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80, pattern=r"^[^\x00-\x1f]+$")
    ] | None = None
    reaction: Text2000 | None = None
    severity: Literal["mild", "moderate", "severe", "unknown"] | None = None
    reason: Reason = Field(description="why it is corrected, e.g. 'the reaction was nausea, not hives'")


class AllergyRemove(Strict):
    """Remove an allergy recorded in error or disproved: the record stays, marked removed with the reason."""

    version: Version
    reason: Reason = Field(description="why it is removed, e.g. 'tolerated a full course since'")


class AllergyRead(Read):
    id: int
    patient_id: int
    substance: str
    reaction: str
    severity: str
    version: int
    created_at: datetime
    correction_reason: str | None = None
    removed_at: datetime | None = None
    removed_by: int | None = None
    removal_reason: str | None = None


class AllergyRecorded(AllergyRead):
    replanned_assessment_id: int | None = Field(
        default=None, description="the assessment re-planned with this allergy; null without an assessment")


class AllergyPage(Page):
    items: list[AllergyRead]


class ProblemRead(Read):
    """A problem-list entry another system recorded (imported from its FHIR Condition)."""

    id: int
    patient_id: int
    text: str
    code_system: str | None
    code: str | None
    clinical_status: str
    onset_on: date | None
    version: int
    created_at: datetime


class ProblemPage(Page):
    items: list[ProblemRead]


# -- neuromodulation prerequisites and therapy (issue 12) ---------------------------------------------------
Name200 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200,
                                           pattern=r"^[^\x00-\x1f]+$")]


class PsychEvaluationCreate(Strict):
    """A psychological evaluation before neuromodulation: the stimulator trial's prerequisite is this record."""

    evaluated_on: ClinicDate = Field(description="the day of the evaluation (not in the future)")
    outcome: Literal["cleared", "not_cleared"] = Field(description="cleared for neuromodulation, or not cleared")
    clinician: Name200 = Field(description="who evaluated, e.g. 'Dr A. Rivera, clinical psychologist'")
    note: Text2000 = Field(default="", description="findings or conditions, e.g. 'treat insomnia first'")


class PsychEvaluationRead(Read):
    id: int
    patient_id: int
    evaluated_on: date
    outcome: str
    clinician: str
    note: str
    recorded_by: int
    created_at: datetime


class PsychEvaluationRecorded(PsychEvaluationRead):
    replanned_assessment_id: int | None = Field(
        default=None, description="the assessment re-planned with this evaluation; null without an assessment")


class PsychEvaluationPage(Page):
    items: list[PsychEvaluationRead]


class TherapyReportCreate(Strict):
    """A therapist's therapy note, or a flare report: what flared, after which exercise, how badly. A flare
    adjusts the dose of that exercise in the plan; it does not stop therapy."""

    kind: Literal["note", "flare"]
    written_on: ClinicDate = Field(description="the session's day (not in the future)")
    text: Text2000 = Field(default="", description="the note: what was done, how the patient responded")
    exercise: Annotated[str, StringConstraints(strip_whitespace=True, max_length=120, pattern=r"^[^\x00-\x1f]*$")] = (
        Field(default="", description="for a flare: the exercise it followed, e.g. 'nerve glides'"))
    flared: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200, pattern=r"^[^\x00-\x1f]*$")] = (
        Field(default="", description="for a flare: what flared, e.g. 'burning down the left leg'"))
    severity: Literal["", "mild", "moderate", "severe"] = Field(default="", description="for a flare: how badly")

    @model_validator(mode="after")
    def _complete(self) -> TherapyReportCreate:
        if self.kind == "flare":
            missing = [name for name in ("exercise", "flared", "severity") if not getattr(self, name)]
            if missing:
                raise ValueError(f"a flare report needs {', '.join(missing)}: say what flared, after which "
                                 "exercise and how badly (mild, moderate or severe)")
        elif not self.text.strip():
            raise ValueError("text: a therapy note needs its text (what was done, how the patient responded)")
        return self


class TherapyReportRead(Read):
    id: int
    patient_id: int
    kind: str
    written_on: date
    text: str
    exercise: str
    flared: str
    severity: str
    recorded_by: int
    created_at: datetime


class TherapyReportRecorded(TherapyReportRead):
    replanned_assessment_id: int | None = Field(
        default=None, description="for a flare: the assessment re-planned with it (the exercise's dose adjusted)")


class TherapyReportPage(Page):
    items: list[TherapyReportRead]


# -- outcomes and goals -----------------------------------------------------------------------------------
class OutcomeCreate(Strict):
    instrument: OptionId = Field(description="instrument id of instruments.yaml, e.g. nrs, phq9, odi")
    score: Annotated[float, Field(ge=-1_000_000, le=1_000_000)] | None = Field(
        default=None,
        description="computed from the items; send it only for a one-item scale without items (nrs: 6)",
    )
    items: Items = Field(default_factory=dict, description="item id -> answer value (null when left blank)")
    taken_at: Moment
    body_site: Text60 | None = None


class OutcomeRedFlag(BaseModel):
    """A red flag an item answer raised (PHQ-9 item 9 -> suicide_risk), with its same-day action."""

    id: str
    label: str
    rule_id: str
    min_triage: str
    evidence: list[str]
    action: str
    source: str


# the stored columns an outcome's answer takes as they are (the rest comes from its stored scoring)
OUTCOME_COLUMNS = ("id", "patient_id", "instrument", "score", "band", "items", "taken_at", "body_site", "recorded_by",
                   "created_at")


class OutcomeRead(Read):
    id: int
    patient_id: int
    instrument: str
    score: float | None = Field(description="None when the instrument's missing-item rule refuses a score")
    band: str | None = None
    band_label: str | None = None
    missing: list[str] = Field(default_factory=list, description="items left blank")
    prorated: bool = False
    refusal: str | None = None
    red_flags: list[OutcomeRedFlag] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list, description="safety notes, e.g. a blank PHQ-9 item 9")
    kb_version: str | None = None
    items: dict[str, Any]
    taken_at: datetime
    body_site: str | None
    recorded_by: int
    created_at: datetime

    @model_validator(mode="before")
    @classmethod
    def _scoring(cls, data: Any) -> Any:
        """Spread the stored scoring details (band label, missing items, red flags) into the response: from a row,
        or from a row read as a JSON object (the chart's, with its "scoring"; issue 13)."""
        if isinstance(data, dict):
            if "scoring" not in data:
                return data
            scoring = data["scoring"] or {}
            fields = {name: data[name] for name in OUTCOME_COLUMNS}
        else:
            scoring = getattr(data, "scoring", None) or {}
            fields = {name: getattr(data, name) for name in OUTCOME_COLUMNS}
        keys = ("band_label", "missing", "prorated", "refusal", "red_flags", "notes", "kb_version")
        return fields | {key: scoring[key] for key in keys if scoring.get(key) is not None}


class OutcomePage(Page):
    items: list[OutcomeRead]


GoalStatus = Literal["active", "met", "partly_met", "not_met", "dropped"]
GoalNumber = Annotated[float, Field(ge=-1_000_000, le=1_000_000, allow_inf_nan=False)]


class GoalCreate(Strict):
    kind: Literal["work", "life"]
    description: Annotated[
        str, StringConstraints(min_length=1, max_length=2000, pattern=r"^[^\x00]*\S[^\x00]*$")
    ]
    baseline: Text200 = ""
    target: Text200 = ""
    due_on: ClinicDate | None = None
    status: GoalStatus = "active"
    measure: Text200 = Field("", description="what is counted, e.g. 'minutes standing at work without leg pain'")
    baseline_value: GoalNumber | None = None
    target_value: GoalNumber | None = None
    set_on: ClinicDate | None = Field(None, description="defaults to today for a measurable goal")


class GoalUpdate(Strict):
    version: Version
    description: (
        Annotated[str, StringConstraints(min_length=1, max_length=2000, pattern=r"^[^\x00]*\S[^\x00]*$")]
        | None
    ) = None
    baseline: Text200 | None = None
    target: Text200 | None = None
    due_on: ClinicDate | None = None
    status: GoalStatus | None = None
    measure: Text200 | None = None
    baseline_value: GoalNumber | None = None
    target_value: GoalNumber | None = None


class GoalRead(Read):
    id: int
    patient_id: int
    kind: str
    description: str
    baseline: str
    target: str
    due_on: date | None
    status: str
    version: int
    created_at: datetime
    measure: str = ""
    baseline_value: float | None = None
    target_value: float | None = None
    set_on: date | None = None


class GoalPage(Page):
    items: list[GoalRead]


# -- appointments -----------------------------------------------------------------------------------------
AppointmentStatus = Literal["booked", "arrived", "done", "cancelled", "no_show"]
AppointmentKind = Literal["new", "follow_up", "procedure", "telehealth"]


class AppointmentCreate(Strict):
    starts_at: Moment
    minutes: Annotated[int, Field(ge=5, le=480)] | None = Field(
        default=None, description="empty: the kind's session length (new 60, follow-up 20, procedure 30)")
    kind: AppointmentKind
    clinician_id: Id | None = Field(default=None, description="empty: the first clinician free at that time")
    note: Text400 = ""
    referral_id: Id | None = Field(
        default=None, description="the referral this visit is for; empty: the patient's referral waiting to be booked")
    window_reason: Text400 = Field(
        default="", description="why a time after the referral's triage window (recorded, alerts the clinicians)")
    site_id: Id | None = Field(default=None, description="where the visit is; empty: where the clinician works "
                                                         "that day (GET /api/sites)")


class AppointmentUpdate(Strict):
    version: Version
    starts_at: Moment | None = None
    minutes: Annotated[int, Field(ge=5, le=480)] | None = None
    clinician_id: Id | None = None
    kind: AppointmentKind | None = None
    status: AppointmentStatus | None = None
    note: Text400 | None = None
    reason: Text400 = Field(default="", description="why it is cancelled (needed with status 'cancelled')")
    window_reason: Text400 = Field(default="", description="why a time after the referral's triage window")
    site_id: Id | None = Field(default=None, description="move to this site (empty: keep it while it fits)")


class AppointmentRead(Read):
    id: int
    patient_id: int
    starts_at: datetime
    minutes: int
    kind: str
    clinician_id: int | None
    status: str
    note: str
    version: int
    created_at: datetime
    site_id: int | None = Field(default=None, description="where the patient goes (GET /api/sites)")


class AppointmentPage(Page):
    items: list[AppointmentRead]


# -- the chart --------------------------------------------------------------------------------------------
class Chart(Read):
    patient: PatientRead
    encounters: list[EncounterRead]
    assessments: list[AssessmentSummary]
    medications: list[MedicationRead]
    procedures: list[ProcedureRead]
    outcomes: list[OutcomeRead]
    goals: list[GoalRead]
    appointments: list[AppointmentRead]


# -- accounts, settings, audit ----------------------------------------------------------------------------
RoleName = Literal["clinician", "front_desk", "patient", "admin", "therapist"]
Username = Annotated[str, StringConstraints(min_length=3, max_length=80, pattern=r"^[a-z0-9._-]+$")]
Password = Annotated[str, StringConstraints(min_length=12, max_length=200, pattern=r"^[^\x00]*$")]


class TokenRequest(Strict):
    username: Annotated[str, StringConstraints(min_length=1, max_length=80, pattern=r"^[^\x00]*$")]
    password: Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=r"^[^\x00]*$")]
    otp: Annotated[str, StringConstraints(max_length=20, pattern=r"^[0-9A-Za-z -]*$")] | None = Field(
        default=None, description="the authenticator's 6-digit code, or a recovery code (accounts with TOTP only)"
    )


class TotpStart(Strict):
    code: Annotated[str, StringConstraints(max_length=10, pattern=r"^[0-9 ]*$")] | None = Field(
        default=None, description="leave out to start the set-up; send the app's current code to confirm it"
    )


class TotpRead(Strict):
    enabled: bool
    secret: str | None = Field(default=None, description="base32 secret for the authenticator app (set-up only)")
    otpauth_uri: str | None = None
    recovery_codes: list[str] = Field(default_factory=list, description="shown once: each works once")


class TokenRead(Strict):
    access_token: str
    token_type: Literal["bearer"]
    expires_at: datetime
    role: RoleName


class Me(Strict):
    user_id: int | None
    username: str
    role: RoleName
    patient_id: int | None
    permissions: list[str]


class UserCreate(Strict):
    username: Username
    display_name: Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=r"^[^\x00-\x1f]+$")]
    role: RoleName
    patient_id: Id | None = None


class UserUpdate(Strict):
    version: Version
    display_name: (
        Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=r"^[^\x00-\x1f]+$")] | None
    ) = None
    role: RoleName | None = None
    active: bool | None = None
    patient_id: Id | None = None
    unlock: bool = Field(default=False, description="clear failed sign-ins and the sign-in throttle")
    reset_password: bool = Field(
        default=False,
        description="end the user's sessions, void the password and issue a new one-time activation link",
    )


class UserRead(Read):
    id: int
    username: str
    display_name: str
    role: str
    patient_id: int | None
    active: bool
    failed_logins: int
    locked_until: datetime | None
    version: int
    created_at: datetime


class UserProvisioned(UserRead):
    """A created (or password-reset) account with its one-time activation link: hand it to the account's owner,
    who chooses the password there. The link is shown only in this response."""

    activation_path: str | None = None
    activation_expires_at: datetime | None = None


class ActivationRequest(Strict):
    token: Annotated[str, StringConstraints(min_length=20, max_length=100, pattern=r"^[A-Za-z0-9_-]+$")]
    password: Password = Field(description="at least 12 characters; not a common password, the username or "
                                           "the clinic's name")


class UserPage(Page):
    items: list[UserRead]


class SettingPut(Strict):
    value: Text2000
    version: Version | None = Field(default=None, description="required when the setting already exists")


class SettingRead(Read):
    key: str
    value: str
    version: int


class AuditRead(Read):
    seq: int
    at: datetime
    user_id: int | None
    username: str
    role: str
    action: str
    record_type: str
    record_id: str
    patient_id: int | None
    ip: str
    pos: int | None = Field(description="place in the hash chain; null while the entry waits to be chained "
                            "(a second or two on PostgreSQL)")
    prev_hash: str | None
    hash: str | None


class AuditPage(Page):
    items: list[AuditRead]


class ErrorItem(Strict):
    field: str
    message: str


class ErrorBody(Strict):
    detail: str = Field(description="what went wrong and what to do, in one line")
    errors: list[ErrorItem] = Field(default_factory=list)
    current: dict[str, Any] | None = Field(default=None, description="409: the record as it is now")
    changes: list[dict[str, Any]] | None = Field(
        default=None, description="409: the edits since your version"
    )
