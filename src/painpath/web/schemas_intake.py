"""Referrals and the history packet: request and response bodies, and the packet's structured intake."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from painpath.web.schemas import ClinicDate, Id, Read, Version

Short = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200, pattern=r"^[^\x00]*$")]
Para = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000, pattern=r"^[^\x00]*$")]
Letter = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50_000,
                                          pattern=r"^[^\x00]*$")]
TriageLevel = Literal["emergency", "urgent", "soon", "routine"]
ReferralStatus = Literal["new", "booked", "closed"]

# Body-map regions of the knowledge base (adapters/intake.region_findings), in the patient's words.
BODY_MAP: list[tuple[str, str]] = [
    ("head", "Head"), ("face", "Face or jaw"), ("neck", "Neck"), ("shoulder", "Shoulder"), ("arm", "Arm or hand"),
    ("upper_back", "Upper or middle back"), ("chest", "Chest"), ("abdomen", "Belly (abdomen)"),
    ("low_back", "Lower back"), ("buttock", "Buttock"), ("pelvis", "Pelvis or groin"), ("hip", "Hip"),
    ("leg", "Leg"), ("knee", "Knee"), ("foot", "Foot or ankle"), ("widespread", "All over (widespread)"),
]
Region = Literal["head", "face", "neck", "shoulder", "arm", "upper_back", "chest", "abdomen", "low_back", "buttock",
                 "pelvis", "hip", "leg", "knee", "foot", "widespread"]
# The warning signs the practice description asks about, as finding ids of the knowledge base.
WARNING_SIGNS: list[tuple[str, str]] = [
    ("saddle_anaesthesia", "Numbness between your legs or around your bottom (where you would sit on a saddle)"),
    ("bladder_bowel_change", "New trouble passing urine, or losing control of your bladder or bowels"),
    ("progressive_weakness", "An arm or leg getting weaker, or a foot that drags"),
    ("fever", "Fever or chills with the pain"),
    ("cancer_history", "Cancer now or in the past"),
    ("weight_loss", "Losing weight without trying"),
    ("night_pain", "Pain that wakes you at night and does not ease when you change position"),
]
WarningSign = Literal["saddle_anaesthesia", "bladder_bowel_change", "progressive_weakness", "fever",
                      "cancer_history", "weight_loss", "night_pain"]
MEDICATION_ROWS = 4
IMAGING_ROWS = 3


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ImagingRow(Strict):
    what: Short = Field(default="", description="e.g. MRI of the lower back")
    when: Short = ""
    where: Short = ""


class MedicationTrial(Strict):
    name: Short = Field(default="", description="the medicine, e.g. gabapentin")
    dose: Short = Field(default="", description="e.g. 300 mg three times a day")
    side_effects: Short = ""
    helped: Literal["", "yes", "a little", "no"] = ""


class PacketContent(Strict):
    """The history packet: everything optional while a draft; submit needs both goals."""

    onset_date: ClinicDate | None = Field(default=None, description="when the pain started (YYYY-MM-DD)")
    onset_how: Para = Field(default="", description="how it started")
    story: Para = Field(default="", description="the pain in the patient's own words")
    imaging: list[ImagingRow] = Field(default_factory=list, max_length=20)
    medications: list[MedicationTrial] = Field(default_factory=list, max_length=40)
    helps: Para = ""
    worsens: Para = ""
    body_map: list[Region] = Field(default_factory=list)
    warning_signs: list[WarningSign] = Field(default_factory=list)
    sleep: Para = ""
    mood: Para = ""
    work: Para = ""
    goal_work: Para = Field(default="", description="the top goal for work")
    goal_life: Para = Field(default="", description="the top goal for life outside work")
    answers: dict[Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{1,60}$")], Literal["yes", "no", "not sure"]] = (
        Field(default_factory=dict, max_length=40,
              description="answers to the questions of the latest assessment: question id -> yes / no / not sure")
    )

    @field_validator("onset_date")
    @classmethod
    def _not_future(cls, value: date | None) -> date | None:
        if value is not None and value > date.today():
            raise ValueError("the date the pain started cannot be in the future")
        if value is not None and value < date(1900, 1, 1):
            raise ValueError("give a date after 1900")
        return value

    def drop_empty_rows(self) -> PacketContent:
        return self.model_copy(update={
            "imaging": [r for r in self.imaging if r.what or r.when or r.where],
            "medications": [m for m in self.medications if m.name or m.dose or m.side_effects or m.helped],
        })


def goal_errors(content: PacketContent) -> dict[str, str]:
    """Field errors for a submission without both goals (a draft may leave them empty)."""
    errors = {}
    if not content.goal_work.strip():
        errors["goal_work"] = "write your top goal for work (or for your daily duties if you do not work)"
    if not content.goal_life.strip():
        errors["goal_life"] = "write your top goal for life outside work"
    return errors


class PacketWrite(Strict):
    version: Annotated[int, Field(ge=0, le=2**31 - 1, description="the version you read (0 when there is none)")]
    content: PacketContent


class PacketRead(Read):
    id: int | None
    patient_id: int
    version: int
    status: Literal["none", "draft", "submitted"]
    content: dict[str, Any]
    submitted_at: datetime | None
    assessment_id: int | None = None
    triage_level: TriageLevel | None = None


class ReferralCreate(Strict):
    patient_id: Id
    source: Literal["referral", "self_booked"] = "referral"
    referrer: Short = ""
    received_on: ClinicDate
    letter: Letter

    @field_validator("received_on")
    @classmethod
    def _received(cls, value: date) -> date:
        if value > date.today():
            raise ValueError("a referral cannot be received in the future")
        if value < date(2000, 1, 1):
            raise ValueError("give a date after 2000")
        return value


class ReferralUpdate(Strict):
    version: Version
    status: ReferralStatus | None = None
    appointment_id: Id | None = None


class BookingWindowRead(BaseModel):
    bookable: bool
    earliest: date
    latest: date | None
    instruction: str
    summary: str


class ReferralDeskRead(Read):
    """What the front desk sees: who, when, how urgent and when to book; never the letter or the assessment."""

    id: int
    patient_id: int
    patient_name: str
    mrn: str
    source: str
    referrer: str
    received_on: date
    triage_level: TriageLevel
    status: ReferralStatus
    appointment_id: int | None
    version: int
    created_at: datetime
    booking_window: BookingWindowRead


class ReferralClinicalRead(ReferralDeskRead):
    """A clinician's view adds the letter and the assessment it produced."""

    letter: str
    assessment_id: int | None


class ReferralList(BaseModel):
    items: list[ReferralDeskRead | ReferralClinicalRead]
    total: int


def packet_intake(content: PacketContent, *, age: float | None, sex: str | None, today: date) -> dict[str, Any]:
    """The structured intake (adapters/intake.Intake) a submitted packet is assessed with: body map, warning
    signs as present findings, duration from the onset date, and the patient's words as the story."""
    lines: list[str] = []
    if content.story:
        lines.append(content.story.rstrip(".") + ".")
    if content.onset_how:
        lines.append(f"It started {content.onset_how.rstrip('.')}.")
    if content.worsens:
        lines.append(f"Worse with {content.worsens.rstrip('.')}.")
    if content.helps:
        lines.append(f"Better with {content.helps.rstrip('.')}.")
    for med in content.medications:
        if not med.name:
            continue
        effect = {"yes": "it helped", "a little": "it helped a little", "no": "it did not help"}.get(med.helped, "")
        # the side effect in the drug's own clause, so the reader ties it to the drug (not tolerated)
        side = f" with side effects of {med.side_effects}" if med.side_effects else ""
        lines.append(f"Tried {med.name} {med.dose}".rstrip() + side + (f", {effect}" if effect else "") + ".")
    for scan in content.imaging:
        if scan.what:
            lines.append(f"Imaging: {scan.what} {scan.when} {scan.where}".rstrip() + ".")
    if content.sleep:
        lines.append(f"Sleep: {content.sleep.rstrip('.')}.")
    if content.mood:
        lines.append(f"Mood: {content.mood.rstrip('.')}.")
    if content.work:
        lines.append(f"Work: {content.work.rstrip('.')}.")
    intake: dict[str, Any] = {
        "story": " ".join(lines) or None,
        "locations": list(content.body_map),
        "findings": {sign: "present" for sign in content.warning_signs},
    }
    answered = {question: answer for question, answer in content.answers.items() if answer != "not sure"}
    if answered:
        intake["answers"] = answered
    if content.onset_date is not None:
        intake["duration_days"] = float(max(0, (today - content.onset_date).days))
    if age is not None:
        intake["age"] = age
    if sex in ("female", "male", "other"):
        intake["sex"] = sex
    return intake
