"""The assessment output of shared/contract/assess.md, for the OpenAPI document (extra keys allowed)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class Triage(Open):
    level: Literal["emergency", "urgent", "soon", "routine"]
    reasons: list[str]


class RedFlag(Open):
    id: str
    evidence: list[str]
    action: str


class DifferentialEntry(Open):
    condition: str
    probability: float = Field(ge=0, le=1)
    for_: list[str] = Field(alias="for")
    against: list[str]
    next_steps: list[str]


class FindingItem(Open):
    id: str
    text: str
    status: Literal["present", "absent"]


class PlanOption(Open):
    id: str
    kind: Literal["medication", "procedure", "therapy", "referral"]


class PlanStage(Open):
    stage: int
    goal: str
    options: list[PlanOption]


class Excluded(Open):
    id: str
    reason: str


class Plan(Open):
    stages: list[PlanStage]
    excluded: list[Excluded]


class QuestionItem(Open):
    """An unasked question whose answer would most change the differential or the triage (an addition)."""

    id: str
    finding: str
    ask: str
    ask_patient: str
    information_gain_bits: float = Field(ge=0)
    triage_if_yes: Literal["emergency", "urgent", "soon", "routine"]
    why: str


class AssessmentOutput(Open):
    """Same JSON as `painpath assess --format json`; Location names the stored record."""

    triage: Triage
    red_flags: list[RedFlag]
    differential: list[DifferentialEntry]
    findings: list[FindingItem]
    plan: Plan
    questions: list[QuestionItem] = Field(
        default_factory=list,
        description="what to ask next, best first; answer with the intake's 'answers' (question id -> yes/no)",
    )
