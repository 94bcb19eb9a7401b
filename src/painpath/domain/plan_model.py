"""Planning knowledge (pathways, safety rules, procedure gates, opioid factors) and the plan produced.

Standard library only. The loader (adapters/plan_knowledge.py) builds these from the knowledge YAML;
the planning engine (domain/planning.py) reads them; nothing here knows a drug, dose or threshold.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from painpath.domain.model import Expr


class OptionKind(StrEnum):
    MEDICATION = "medication"
    PROCEDURE = "procedure"
    THERAPY = "therapy"
    REFERRAL = "referral"


class RuleEffect(StrEnum):
    EXCLUDE = "exclude"
    CAUTION = "caution"


# ---------------------------------------------------------------------------------------------------------
# Knowledge


@dataclass(frozen=True)
class Benefit:
    """What a physician weighs (practice description): how likely, how much, how long, repeatable, Plan B."""

    likelihood: str
    magnitude: str
    duration: str
    repeatable: str
    plan_b: str
    source: str

    def summary(self) -> str:
        parts = (
            ("likely", self.likelihood),
            ("how much", self.magnitude),
            ("how long", self.duration),
            ("repeat", self.repeatable),
            ("plan B", self.plan_b),
        )
        return "; ".join(f"{label}: {text}" for label, text in parts if text)


@dataclass(frozen=True)
class OptionDef:
    """One plan option of the shared vocabulary with its default wording."""

    id: str
    kind: OptionKind
    label: str
    detail: str
    rationale: str
    cautions: tuple[str, ...]
    benefit: Benefit | None
    source: str
    bleeding_risk: str | None = None  # ASRA pain-procedure class: low | intermediate | high
    steroid: bool = False  # may deliver a corticosteroid (glucose caution)
    names: tuple[str, ...] = ()  # words notes use for the procedure (response extraction)


@dataclass(frozen=True)
class ApproachRule:
    """First matching rule picks the procedure approach; the template may use {level}, {root}, {side}."""

    when: Expr | None
    detail: str
    source: str


@dataclass(frozen=True)
class PathwayOption:
    option: str
    source: str
    detail: str | None = None
    rationale: str | None = None
    cautions: tuple[str, ...] = ()
    benefit: Benefit | None = None
    when: Expr | None = None  # offered only when this holds
    gate: str | None = None  # a procedure gate that must pass first
    replaces: str | None = None  # moves into that option's stage when it is excluded
    bleeding_risk: str | None = None  # overrides the option's class (cervical facet work is intermediate)
    approach: tuple[ApproachRule, ...] = ()


@dataclass(frozen=True)
class PathwayStage:
    stage: int
    goal: str
    when: str
    options: tuple[PathwayOption, ...]


@dataclass(frozen=True)
class NotIndicated:
    option: str
    reason: str
    source: str


@dataclass(frozen=True)
class Pathway:
    condition: str
    stages: tuple[PathwayStage, ...]
    source: str
    not_indicated: tuple[NotIndicated, ...] = ()
    return_to_work: str = ""


@dataclass(frozen=True)
class SafetyRule:
    """Exclude an option, or add a caution to it, when the patient's context matches."""

    id: str
    option: str
    effect: RuleEffect
    when: Expr
    message: str
    source: str


@dataclass(frozen=True)
class ThresholdPosition:
    body: str
    relief_percent: float
    blocks: int
    source: str


@dataclass(frozen=True)
class Gate:
    """Diagnostic or trial procedures that must succeed before the gated procedure is offered."""

    id: str
    diagnostic: str  # option id whose responses count (a block, or the trial itself)
    count: int  # concordant positive responses needed
    relief_percent: float  # configured threshold
    functional_gain: bool  # a trial must also show functional gain
    requires: str  # what must be true, for the plan's wording
    prerequisites: Expr | None  # e.g. psychological evaluation documented
    prerequisite_text: str
    source: str
    positions: tuple[ThresholdPosition, ...] = ()
    passed_detail: str = ""       # wording once a trial succeeded (a permanent implant instead of a trial)


@dataclass(frozen=True)
class RepeatRule:
    option: str
    relief_percent: float
    min_weeks: float
    min_interval_days: int
    source: str


@dataclass(frozen=True)
class OpioidFactor:
    drug: str
    basis: str  # mg_per_day | mcg_per_hour | not_counted
    factor: float | None
    caution: str
    source: str


@dataclass(frozen=True)
class Hold:
    """ASRA pain-procedure hold for one drug: text per risk class, and when to restart."""

    drug: str
    holds: dict[str, str]
    restart: str
    source: str


@dataclass(frozen=True)
class Stewardship:
    factors: dict[str, OpioidFactor]
    review_mme: float
    high_mme: float
    thresholds_source: str
    naloxone_when: Expr
    naloxone_source: str
    taper_when: Expr
    taper_source: str
    short_term_when: Expr  # opioid use is short-term (after surgery or injury): the faster taper
    taper_long_text: str  # rate wording, templates with {percent} and {days}
    taper_short_text: str
    taper_long_fraction: float  # of the original dose per step
    taper_long_step_days: int
    taper_short_steps: tuple[str, ...]   # templates with {today} and {stop_date}
    short_course_days: int
    short_course_source: str
    exempt_conditions: tuple[str, ...]
    first_line_conditions: tuple[str, ...]
    alerts: tuple[SafetyRule, ...] = ()   # interactions and risks to flag while an opioid is taken


@dataclass(frozen=True)
class PlanSettings:
    max_conditions: int
    relative_probability: float
    source: str
    red_flag_options: dict[str, tuple[str, ...]]
    messages: dict[str, str]
    history_source: str  # why a failed or not-tolerated medication is not offered again
    return_to_work_when: Expr


@dataclass(frozen=True)
class PlanningKnowledge:
    options: dict[str, OptionDef]
    pathways: dict[str, Pathway]
    safety: tuple[SafetyRule, ...]
    gates: dict[str, Gate]
    repeats: dict[str, RepeatRule]
    holds: dict[str, Hold]
    stewardship: Stewardship
    settings: PlanSettings
    steroid_cautions: tuple[SafetyRule, ...]
    nerve_roots: dict[str, str]  # disc level -> traversing root
    drug_classes: dict[str, str]  # medication id -> plan option id (its class)


# ---------------------------------------------------------------------------------------------------------
# Inputs and results


@dataclass(frozen=True)
class ProcedureResponse:
    """A recorded result of a block, injection, ablation or stimulator trial (from a note or the record)."""

    option: str
    relief_percent: float
    sequence: int | None = None
    duration_hours: float | None = None
    date: dt.date | None = None
    functional_gain: bool | None = None
    text: str = ""

    def describe(self) -> str:
        number = f" #{self.sequence}" if self.sequence else ""
        lasting = f" for {_span(self.duration_hours)}" if self.duration_hours else ""
        function = {True: ", function better", False: ", function not better", None: ""}[self.functional_gain]
        return f"{self.option}{number}: {self.relief_percent:g}% relief{lasting}{function}"


def _span(hours: float) -> str:
    """A duration in the unit a clinician would say it in."""
    if hours < 48:
        return f"{hours:g} h"
    if hours < 24 * 14:
        return f"{hours / 24:.3g} days"
    if hours < 24 * 90:
        return f"{hours / 168:.3g} weeks"
    return f"{hours / 730.5:.3g} months"


@dataclass(frozen=True)
class OpioidDose:
    drug: str
    text: str
    mme_per_day: float | None  # None when the dose or frequency is not known, or the drug is not counted
    counted: bool
    note: str = ""


@dataclass(frozen=True)
class MmeSummary:
    total: float
    doses: tuple[OpioidDose, ...]
    incomplete: bool  # an opioid's dose or frequency was missing: the total is a floor

    def to_contract(self) -> dict[str, Any]:
        return {
            "mme_per_day": round(self.total, 1),
            "incomplete": self.incomplete,
            "opioids": [
                {
                    "drug": d.drug,
                    "text": d.text,
                    "mme_per_day": d.mme_per_day,
                    "counted": d.counted,
                    "note": d.note,
                }
                for d in self.doses
            ],
        }


@dataclass(frozen=True)
class TaperPlan:
    reason: str
    rate: str
    schedule: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class PlannedOption:
    id: str
    label: str
    kind: str
    detail: str
    rationale: str
    cautions: tuple[str, ...]
    benefit: Benefit | None
    conditions: tuple[str, ...]
    requires: str = ""
    status: str = "offer"
    sources: tuple[str, ...] = ()

    def to_contract(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "label": self.label,
            "kind": self.kind,
            "detail": self.detail,
            "rationale": self.rationale,
            "cautions": list(self.cautions),
            "for": list(self.conditions),
            "status": self.status,
            "sources": list(self.sources),
        }
        if self.requires:
            out["requires"] = self.requires
        if self.benefit is not None:
            out["benefit"] = {
                "summary": self.benefit.summary(),
                "likelihood": self.benefit.likelihood,
                "magnitude": self.benefit.magnitude,
                "duration": self.benefit.duration,
                "repeatable": self.benefit.repeatable,
                "plan_b": self.benefit.plan_b,
                "source": self.benefit.source,
            }
        return out


@dataclass(frozen=True)
class PlanStage:
    stage: int
    goal: str
    when: str
    options: tuple[PlannedOption, ...]


@dataclass(frozen=True)
class Exclusion:
    id: str
    reason: str
    source: str
    rule: str = ""


@dataclass(frozen=True)
class Plan:
    stages: tuple[PlanStage, ...]
    excluded: tuple[Exclusion, ...]
    conditions: tuple[str, ...]
    alerts: tuple[str, ...] = ()
    mme: MmeSummary | None = None
    taper: TaperPlan | None = None
    responses: tuple[ProcedureResponse, ...] = ()
    completed: tuple[str, ...] = ()
    return_to_work: tuple[str, ...] = ()
    today: dt.date | None = None

    def option_ids(self) -> dict[str, int]:
        """Each option id with the first stage that offers it."""
        first: dict[str, int] = {}
        for stage in self.stages:
            for option in stage.options:
                first.setdefault(option.id, stage.stage)
        return first

    def to_contract(self) -> dict[str, Any]:
        """The contract's {stages, excluded} plus explanatory extras."""
        out: dict[str, Any] = {
            "stages": [
                {
                    "stage": s.stage,
                    "goal": s.goal,
                    "when": s.when,
                    "options": [o.to_contract() for o in s.options],
                }
                for s in self.stages
            ],
            "excluded": [{"id": e.id, "reason": e.reason, "source": e.source} for e in self.excluded],
            "for_conditions": list(self.conditions),
            "alerts": list(self.alerts),
        }
        if self.mme is not None:
            out["mme"] = self.mme.to_contract()
        if self.taper is not None:
            out["taper"] = {
                "reason": self.taper.reason,
                "rate": self.taper.rate,
                "schedule": list(self.taper.schedule),
                "source": self.taper.source,
            }
        if self.responses:
            out["responses"] = [r.describe() for r in self.responses]
        if self.completed:
            out["completed"] = list(self.completed)
        if self.return_to_work:
            out["return_to_work"] = list(self.return_to_work)
        return out
