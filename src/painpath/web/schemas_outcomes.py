"""Response schemas of the outcome summary (issue 6)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field

from painpath.web.schemas_more import OutcomeRedFlag


class CheckInRead(BaseModel):
    day: date
    score: float


class NextStepRead(BaseModel):
    label: str
    option_id: str | None
    rationale: str


class PlanReviewRead(BaseModel):
    """The plan needs to evolve: why, the scores and dates behind it, and the next step to consider."""

    reason: str = Field(description="plateau, no_response or worsening")
    raised_on: date
    message: str
    baseline: CheckInRead
    evidence: list[CheckInRead]
    mcid: str
    next_steps: list[NextStepRead]
    sources: list[str]


class InstrumentSummaryRead(BaseModel):
    instrument: str
    label: str
    site: str | None
    latest_score: float | None
    latest_band: str | None
    latest_band_label: str | None
    latest_taken_at: datetime
    check_ins: int
    baseline: CheckInRead | None
    mcid: str | None
    responder_status: str | None = Field(description="responder, below_mcid, worsened or not_applicable")
    change: float | None = Field(description="baseline to latest, positive = better")
    relative_change: float | None
    plan_review: PlanReviewRead | None
    red_flags: list[OutcomeRedFlag]
    notes: list[str]


class SummaryRedFlag(OutcomeRedFlag):
    instrument: str
    taken_at: datetime


class OutcomeSummaryRead(BaseModel):
    kb_version: str
    instruments: list[InstrumentSummaryRead]
    red_flags: list[SummaryRedFlag] = Field(description="red flags raised by each series' latest measurement")
    goals: list[dict[str, Any]]
    missing_goal_kinds: list[str] = Field(description="an active plan needs a work goal and a life goal")


class McidRowRead(BaseModel):
    group: str
    instrument: str
    evaluable: int
    reached: int
    share: float


class GoalRowRead(BaseModel):
    kind: str
    goals: int
    achieved: int
    median_days_to_goal: float | None


class ReliefRowRead(BaseModel):
    procedure: str
    procedures: int
    met_threshold: int
    median_relief: float
    share: float


class OutcomeReportRead(BaseModel):
    """The clinic outcome report: aggregates only, no patient identifiers."""

    patients: int
    mcid_by_condition: list[McidRowRead]
    mcid_by_treatment: list[McidRowRead]
    goals: list[GoalRowRead]
    reliefs: list[ReliefRowRead]
