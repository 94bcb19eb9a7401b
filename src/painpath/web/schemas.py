"""Request and response bodies (pydantic at the edge; tables are not API schemas)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

MAX_ID = 2_147_483_647


def _no_nul(value: Any) -> Any:
    """Databases refuse the NUL character; say so instead of failing later."""
    if isinstance(value, str) and "\x00" in value:
        raise ValueError("contains a NUL character (\\u0000): remove it")
    if isinstance(value, dict):
        for key, item in value.items():
            _no_nul(key)
            _no_nul(item)
    if isinstance(value, list):
        for item in value:
            _no_nul(item)
    return value


_NO_NUL = r"^[^\x00]*$"
Text40 = Annotated[str, StringConstraints(max_length=40, pattern=_NO_NUL), AfterValidator(_no_nul)]
Text60 = Annotated[str, StringConstraints(max_length=60, pattern=_NO_NUL), AfterValidator(_no_nul)]
Text200 = Annotated[str, StringConstraints(max_length=200, pattern=_NO_NUL), AfterValidator(_no_nul)]
Text400 = Annotated[str, StringConstraints(max_length=400, pattern=_NO_NUL), AfterValidator(_no_nul)]
Text2000 = Annotated[str, StringConstraints(max_length=2000, pattern=_NO_NUL), AfterValidator(_no_nul)]
Note = Annotated[str, StringConstraints(max_length=100_000, pattern=_NO_NUL), AfterValidator(_no_nul)]


Name = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100, pattern=r"^[^\x00-\x1f]+$")
]
Mrn = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, min_length=1, max_length=40, pattern=r"^[A-Za-z0-9][A-Za-z0-9-]*$"
    ),
]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Version = Annotated[int, Field(ge=1, le=MAX_ID, description="the version you read; a stale one gets 409")]
# Every date and moment the API accepts lies in 1900-2100: outside it a time zone shift can overflow Python's
# datetime (0001-01-01T00:00:00+14:00 in UTC is before year 1), and no record of this clinic is dated there.
EARLIEST_DAY, LATEST_DAY = date(1900, 1, 1), date(2100, 12, 31)


def _moment_in_range(value: datetime) -> datetime:
    if not EARLIEST_DAY.year <= value.year <= LATEST_DAY.year:
        raise ValueError(f"must be between {EARLIEST_DAY.isoformat()} and {LATEST_DAY.isoformat()}")
    return value


BirthDate = Annotated[date, Field(ge=EARLIEST_DAY, le=date(2100, 1, 1))]
ClinicDate = Annotated[date, Field(ge=EARLIEST_DAY, le=LATEST_DAY)]
Moment = Annotated[
    AwareDatetime,
    AfterValidator(_moment_in_range),
    Field(description="ISO 8601 with a time zone, e.g. 2026-03-01T09:30:00Z (years 1900 to 2100)"),
]
Items = Annotated[
    dict[str, float | int | str | bool | None],
    AfterValidator(_no_nul),
    Field(max_length=200, description="item id -> answer"),
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Read(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class Page(BaseModel):
    total: int
    limit: int
    offset: int


# -- patients ---------------------------------------------------------------------------------------------
Sex = Literal["female", "male", "other", "unknown"]


class PatientCreate(Strict):
    mrn: Mrn
    family_name: Name
    given_name: Name
    birth_date: BirthDate
    sex: Sex | None = None
    phone: Text40 | None = None
    email: Text200 | None = None
    address: Text400 | None = None


class PatientUpdate(Strict):
    version: Version
    mrn: Mrn | None = None
    family_name: Name | None = None
    given_name: Name | None = None
    birth_date: BirthDate | None = None
    sex: Sex | None = None
    phone: Text40 | None = None
    email: Text200 | None = None
    address: Text400 | None = None


class PatientRead(Read):
    id: int
    mrn: str
    family_name: str
    given_name: str
    birth_date: date
    sex: str | None
    phone: str | None
    email: str | None
    address: str | None
    version: int
    created_at: datetime
    updated_at: datetime


class PatientPage(Page):
    items: list[PatientRead]
    more: bool = Field(default=False, description="more patients match than `total`: a search counts its matches up to "
                                          "1,000 (or the end of the page asked for) and stops there; narrow it")
    match: Literal["prefix", "similar"] = "prefix"  # similar: no name started with the query; these look like it


# -- encounters -------------------------------------------------------------------------------------------
EncounterKind = Literal["new", "follow_up", "procedure", "telehealth"]


class EncounterCreate(Strict):
    kind: EncounterKind
    occurred_at: Moment
    reason: Text400 = ""
    note: Note = ""


class EncounterUpdate(Strict):
    version: Version
    kind: EncounterKind | None = None
    occurred_at: Moment | None = None
    reason: Text400 | None = None
    note: Note | None = None


class EncounterRead(Read):
    id: int
    patient_id: int
    kind: str
    occurred_at: datetime
    clinician_id: int | None
    reason: str
    note: str
    version: int
    created_at: datetime


class EncounterPage(Page):
    items: list[EncounterRead]


# -- assessments and decisions ----------------------------------------------------------------------------
class AssessmentRead(Read):
    id: int
    patient_id: int | None
    encounter_id: int | None
    input_kind: str
    input: dict[str, Any]
    output: dict[str, Any]
    kb_version: str
    triage_level: str
    created_by: int
    created_at: datetime
    source: str = Field(description="note | form (a clinician's own) | referral | packet | replan")
    status: str = Field(description="working (a clinician's own, or signed off) | proposal (awaiting sign-off) | "
                                    "dismissed (a proposal a clinician dismissed, with the reason)")
    signed_off_by: int | None
    signed_off_at: datetime | None
    dismissed_by: int | None = None
    dismissed_at: datetime | None = None
    dismissal_reason: str | None = None
    replan_of: int | None = Field(description="for a re-plan: the assessment it re-planned")
    leading_diagnosis: str | None


class AssessmentSummary(Read):
    id: int
    patient_id: int | None
    encounter_id: int | None
    kb_version: str
    triage_level: str
    created_by: int
    created_at: datetime
    source: str = Field(description="note | form (a clinician's own) | referral | packet | replan")
    status: str = Field(description="working (a clinician's own, or signed off) | proposal (awaiting sign-off) | "
                                    "dismissed (a proposal a clinician dismissed, with the reason)")
    signed_off_by: int | None
    signed_off_at: datetime | None
    dismissed_by: int | None = None
    dismissed_at: datetime | None = None
    dismissal_reason: str | None = None
    replan_of: int | None = Field(description="for a re-plan: the assessment it re-planned")
    leading_diagnosis: str | None


class DismissProposal(Strict):
    """Why a clinician dismisses a proposal (kept with it, shown in the history)."""

    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000,
                                             pattern=_NO_NUL)] = Field(
        description="why the proposal is dismissed, e.g. 'the letter describes an earlier episode'")


class CurrentAssessments(Strict):
    """The working assessment and the proposals awaiting a clinician's sign-off (newest first). A proposal's
    red flags are on the worklist already: sign-off never holds a red flag back."""

    working: AssessmentSummary | None
    proposals: list[AssessmentSummary]


class AssessmentPage(Page):
    items: list[AssessmentSummary]


class DecisionCreate(Strict):
    option_id: Annotated[str, StringConstraints(min_length=1, max_length=60, pattern=r"^[a-z0-9_]+$")]
    decision: Literal["accepted", "declined", "deferred"]
    reason: Text2000 = ""


class DecisionRead(Read):
    id: int
    assessment_id: int
    option_id: str
    decision: str
    reason: str
    decided_by: int
    decided_at: datetime
    carried_from: int | None = Field(default=None, description="carried into this re-plan from that assessment")


class AssessmentRecord(AssessmentRead):
    decisions: list[DecisionRead]
