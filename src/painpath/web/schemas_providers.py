"""Request and response bodies for clinicians, sites, insurance, matching and prior authorisation (issue 15)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from painpath.web.schemas import ClinicDate, Read, Strict, Text200, Text400

Code = Annotated[str, StringConstraints(min_length=1, max_length=40, pattern=r"^[a-z0-9_]+$")]
ClockTime = Annotated[str, StringConstraints(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]
Weekday = Annotated[int, Field(ge=0, le=6, description="Monday = 0")]
Guidance = Literal["fluoroscopy", "ultrasound", "ct", "landmark"]
Language = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")]
ZeroOrVersion = Annotated[int, Field(ge=0, le=2_147_483_647, description="0 to create; else the version you read")]


class ProcedureSkill(Strict):
    id: Code
    guidance: list[Guidance] = Field(default_factory=list, max_length=4)


class WorkSession(Strict):
    site: Code
    days: list[Weekday] = Field(min_length=1, max_length=7)


class ProviderPut(Strict):
    version: ZeroOrVersion
    focus: list[Code] = Field(default_factory=list, max_length=30)
    procedures: list[ProcedureSkill] = Field(default_factory=list, max_length=40)
    languages: list[Language] = Field(default_factory=lambda: ["en"], min_length=1, max_length=10)
    sessions: list[WorkSession] = Field(default_factory=list, max_length=14)
    accepting_new: bool = True
    plans: list[Code] = Field(default_factory=list, max_length=50)


class ProviderProfile(Read):
    focus: list[str]
    procedures: list[dict[str, object]]
    languages: list[str]
    sessions: list[dict[str, object]]
    accepting_new: bool
    plans: list[str]
    version: int


class ProviderRead(Read):
    user_id: int
    name: str
    profile: ProviderProfile | None


class SiteCreate(Strict):
    code: Code
    name: Text200
    address: Text400 = ""
    latitude: Annotated[float, Field(ge=-90, le=90)] | None = None
    longitude: Annotated[float, Field(ge=-180, le=180)] | None = None
    opens: ClockTime = "08:30"
    closes: ClockTime = "17:00"
    days: list[Weekday] = Field(default_factory=lambda: [0, 1, 2, 3, 4], min_length=1, max_length=7)
    procedure_rooms: Annotated[int, Field(ge=0, le=50)] = 0
    plans: list[Code] = Field(default_factory=list, max_length=50)


class SiteUpdate(Strict):
    version: Annotated[int, Field(ge=1, le=2_147_483_647)]
    name: Text200 | None = None
    address: Text400 | None = None
    latitude: Annotated[float, Field(ge=-90, le=90)] | None = None
    longitude: Annotated[float, Field(ge=-180, le=180)] | None = None
    opens: ClockTime | None = None
    closes: ClockTime | None = None
    days: list[Weekday] | None = Field(default=None, min_length=1, max_length=7)
    procedure_rooms: Annotated[int, Field(ge=0, le=50)] | None = None
    plans: list[Code] | None = Field(default=None, max_length=50)


class SiteRead(Read):
    id: int
    code: str
    name: str
    address: str
    latitude: float | None
    longitude: float | None
    opens: str
    closes: str
    days: list[int]
    procedure_rooms: int
    plans: list[str]
    version: int


class PlanCreate(Strict):
    code: Code
    payer: Text200
    name: Text200
    rules: Code = Field(description="the payer rule set of payer_rules.yaml, e.g. medicare_lcd")


class PlanRead(Read):
    id: int
    code: str
    payer: str
    name: str
    rules: str


class CoverageCreate(Strict):
    plan: Code
    member_id: Annotated[str, StringConstraints(min_length=1, max_length=60, pattern=r"^[A-Za-z0-9-]+$")]
    valid_from: ClinicDate
    valid_to: ClinicDate | None = None
    referral_required: bool = False


class CoverageRead(Read):
    id: int
    patient_id: int
    plan: str
    plan_name: str
    member_id: str
    valid_from: object
    valid_to: object | None
    referral_required: bool


class PreferencePut(Strict):
    version: ZeroOrVersion
    language: Language = "en"
    latitude: Annotated[float, Field(ge=-90, le=90)] | None = None
    longitude: Annotated[float, Field(ge=-180, le=180)] | None = None


class FactorRead(Read):
    name: str
    value: str
    score: float
    weight: float


class MatchRead(Read):
    clinician_id: int
    clinician: str
    site: str
    site_name: str
    score: float
    earliest: str | None
    factors: list[FactorRead]
    ruled_out: list[str]


class MatchesRead(Read):
    referral_id: int
    triage_level: str
    needs: dict[str, object]
    matches: list[MatchRead]


class PacketItemRead(Read):
    id: str
    text: str
    present: bool
    evidence: list[str]
    action: str
    source: str


class PacketRead(Read):
    patient_id: int
    procedure: str
    plan: str
    rule_set: str
    prior_auth_required: bool
    prior_auth_note: str
    diagnosis: dict[str, object] | None
    imaging: list[str]
    complete: bool
    items: list[PacketItemRead]
    missing: list[str]
