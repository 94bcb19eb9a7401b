"""Response schemas of the outcome summary (issue 6)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from painpath.web.schemas import ClinicDate
from painpath.web.schemas_more import GoalRead, OutcomeRedFlag


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


class MaintenanceItemRead(BaseModel):
    id: str
    label: str
    text: str
    source: str = Field(description="source id of the knowledge base (sources*.yaml)")


class MaintenancePlanRead(BaseModel):
    """The flare and maintenance plan once targets are met: self-management, a topical, stretching, when to call."""

    when: str
    items: list[MaintenanceItemRead]


class OutcomeSummaryRead(BaseModel):
    kb_version: str
    instruments: list[InstrumentSummaryRead]
    red_flags: list[SummaryRedFlag] = Field(description="red flags raised by each series' latest measurement")
    goals: list[dict[str, Any]]
    missing_goal_kinds: list[str] = Field(description="an active plan needs a work goal and a life goal")
    maintenance_plan: MaintenancePlanRead | None = Field(
        default=None, description="the flare and maintenance plan, once every goal that counts is met; else null")


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


# -- measurable goals, check-ins, questionnaires due, worklist (issue 6) --------------------------------------
class GoalLatestRead(BaseModel):
    checked_on: date
    value: float


class GoalProgressRead(BaseModel):
    """Where a goal stands today (the domain's goal_progress); 'not_measurable' for goals without numbers."""

    measurable: bool
    status: str = Field(description="not_started, in_progress, no_progress, achieved, overdue or not_measurable")
    status_label: str
    fraction: float | None = Field(description="0 at baseline, 1 at target; below 0 is worse than baseline")
    latest: GoalLatestRead | None
    achieved_on: date | None
    days_to_goal: int | None


class GoalWithProgressRead(GoalRead):
    progress: GoalProgressRead


class GoalListRead(BaseModel):
    items: list[GoalWithProgressRead]
    total: int
    limit: int
    offset: int
    missing_goal_kinds: list[str] = Field(description="kinds an active plan still lacks (work, life)")
    warnings: list[str]


class GoalCheckInCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    checked_on: ClinicDate
    value: Annotated[float, Field(ge=-1_000_000, le=1_000_000, allow_inf_nan=False)]
    note: Annotated[str, StringConstraints(max_length=2000, pattern=r"^[^\x00]*$")] = ""


class GoalCheckInRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    goal_id: int
    checked_on: date
    value: float
    note: str
    created_at: datetime


class GoalCheckInsRead(BaseModel):
    goal: GoalWithProgressRead
    check_ins: list[GoalCheckInRead]


class DueRead(BaseModel):
    instrument: str
    label: str
    due_on: date
    status: str = Field(description="upcoming, due or overdue")
    rule: str
    reason: str
    days_overdue: int


class DueListRead(BaseModel):
    today: date
    items: list[DueRead]


class AlertRead(BaseModel):
    id: int
    patient_id: int
    patient_name: str
    source: str
    source_id: str
    level: str
    title: str
    detail: str
    created_at: datetime
    acknowledged_at: datetime | None
    acknowledged_by: int | None
    action_note: str


class OverdueRead(BaseModel):
    patient_id: int
    patient_name: str
    items: list[DueRead]


class WorklistRead(BaseModel):
    alerts: list[AlertRead]
    overdue_questionnaires: list[OverdueRead]


class AcknowledgeBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    action_note: Annotated[str, StringConstraints(min_length=1, max_length=2000, pattern=r"^[^\x00]*\S[^\x00]*$")]
