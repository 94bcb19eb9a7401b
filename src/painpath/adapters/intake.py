"""The structured intake (the pain-story form): validated at the edge, then turned into a PatientStory."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from painpath.domain.model import (
    FindingKind,
    KnowledgeBase,
    MedicationMention,
    Observation,
    PatientStory,
    Status,
)
from painpath.narrative.pipeline import NarrativeReader


class IntakeError(ValueError):
    """The intake does not validate; the message names the field and what to fix."""


class IntakeMedication(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=80)
    dose: float | None = Field(default=None, gt=0, le=100_000)
    unit: Literal["mg", "mcg", "mcg/h", "g"] | None = None
    per_day: float | None = Field(default=None, gt=0, le=24)
    status: Literal["current", "past", "failed", "not_tolerated", "contraindicated", "planned"] = "current"
    effect: str = Field(default="", max_length=200)


class Intake(BaseModel):
    """What the form collects; every field optional, but something must describe the pain or its absence."""

    model_config = ConfigDict(extra="forbid")
    story: str | None = Field(
        default=None, max_length=100_000, description="the pain story in the patient's or clinician's words"
    )
    age: float | None = Field(default=None, ge=0, le=120)
    sex: Literal["female", "male", "other"] | None = None
    duration_days: float | None = Field(default=None, ge=0, le=36_500)
    side: Literal["left", "right", "both"] | None = Field(
        default=None, description="which side the pain is on (the body map's side); empty: not one side or not asked")
    locations: list[str] = Field(default_factory=list, description="body-map regions, e.g. low_back, leg, neck")
    findings: dict[str, Literal["present", "absent"]] = Field(
        default_factory=dict, description="finding id -> present/absent"
    )
    values: dict[str, float] = Field(default_factory=dict, description="measured values, e.g. egfr, temperature_c")
    medications: list[IntakeMedication] = Field(default_factory=list)
    answers: dict[str, Literal["yes", "no", "not sure"]] = Field(
        default_factory=dict,
        description="answers to an assessment's questions: question id (knowledge questions.yaml) -> yes/no/not sure",
    )

    @field_validator("values")
    @classmethod
    def _finite(cls, values: dict[str, float]) -> dict[str, float]:
        for key, value in values.items():
            if value != value or value in (float("inf"), float("-inf")):
                raise ValueError(f"value {key!r} must be a finite number")
        return values


def parse_intake(data: Any) -> Intake:
    """Validate raw JSON; the error is one line a person can act on."""
    try:
        return Intake.model_validate(data)
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "intake"
        more = f" (and {len(err.errors()) - 1} more)" if len(err.errors()) > 1 else ""
        raise IntakeError(f"intake field '{where}': {first['msg']}{more}") from err


def region_findings(kb: KnowledgeBase) -> dict[str, str]:
    """The location finding that stands for each body-map region (the first one defined)."""
    out: dict[str, str] = {}
    for definition in kb.findings.values():
        if definition.kind is FindingKind.LOCATION and definition.region and definition.region not in out:
            out[definition.region] = definition.id
    return out


def intake_to_story(intake: Intake, kb: KnowledgeBase, reader: NarrativeReader) -> PatientStory:
    """Merge the form's explicit answers with what the free-text story says; explicit answers come first."""
    base = reader.read(intake.story) if intake.story and intake.story.strip() else PatientStory((), {})
    regions = region_findings(kb)
    observations: list[Observation] = []
    for region in intake.locations:
        if region not in regions:
            raise IntakeError(f"intake field 'locations': unknown region {region!r}; use one of {sorted(regions)}")
        observations.append(Observation(regions[region], Status.PRESENT, f"body map: {region.replace('_', ' ')}"))
    for finding, status in intake.findings.items():
        if finding not in kb.findings:
            raise IntakeError(f"intake field 'findings': unknown finding id {finding!r} (see painpath kb findings)")
        observations.append(Observation(finding, Status(status), f"form: {kb.findings[finding].label} ({status})"))
    observations += answer_observations(intake.answers, kb)
    values = dict(base.values)
    value_text = dict(base.value_text)
    for key, value in intake.values.items():
        values[key] = value
        value_text[key] = f"form: {key} {value:g}"
    for key, given in (("age", intake.age), ("duration_days", intake.duration_days)):
        if given is not None:
            values[key] = given
            value_text[key] = f"form: {key.replace('_', ' ')} {given:g}"
    meds = list(base.medications)
    for med in intake.medications:
        daily = med.dose * med.per_day if med.dose is not None and med.per_day is not None else None
        meds.append(
            MedicationMention(
                name=med.name.lower(),
                text=f"form: {med.name}",
                dose=med.dose,
                unit=med.unit,
                per_day=med.per_day,
                daily_dose=daily,
                status=med.status,
                effect=med.effect,
                route="transdermal" if med.unit == "mcg/h" else None,
            )
        )
    if not observations and not base.observations and not intake.values and not intake.medications:
        raise IntakeError("intake has nothing to assess: give a story, body-map locations or findings")
    return PatientStory(
        observations=tuple(observations) + base.observations,
        values=values,
        sex=intake.sex if intake.sex in {"female", "male"} else base.sex,
        medications=tuple(meds),
        levels=base.levels,
        laterality={"both": "bilateral"}.get(intake.side, intake.side) if intake.side else base.laterality,
        text=intake.story or "",
        value_text=value_text,
    )


def answer_observations(answers: Mapping[str, str], kb: KnowledgeBase) -> list[Observation]:
    """Answers to the assessment's questions as findings: yes states the question's finding present, no absent,
    'not sure' nothing (the question stays open)."""
    questions = {q.id: q for q in kb.questions}
    out: list[Observation] = []
    for question_id, answer in answers.items():
        question = questions.get(question_id)
        if question is None:
            raise IntakeError(
                f"intake field 'answers': unknown question id {question_id!r}; use an id of the assessment's questions"
            )
        if answer == "not sure":
            continue
        status = Status.PRESENT if answer == "yes" else Status.ABSENT
        out.append(Observation(question.finding, status, f"answer: {question.clinician} {answer}"))
    return out
