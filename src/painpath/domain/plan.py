"""The plan the planning engine produces, and the recorded procedure responses it reads (standard library only)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from painpath.domain.plan_model import Benefit

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


@dataclass(frozen=True)
class Allergy:
    """A recorded allergy: the substance as written, the reaction and its severity (mild, moderate, severe)."""

    substance: str
    reaction: str = ""
    severity: str = "unknown"

    def describe(self) -> str:
        what = ", ".join(part for part in (self.reaction, self.severity if self.severity != "unknown" else "") if part)
        return f"{self.substance} ({what})" if what else self.substance


@dataclass(frozen=True)
class RecordedScore:
    """The patient's latest recorded total on a questionnaire (PHQ-9, GAD-7): the planner sees it as the value
    ``{instrument}_total`` (phq9_total), so a plan rule on the score holds for a recorded score as for the note."""

    instrument: str
    score: float
    taken_on: dt.date | None = None
    label: str = ""

    @property
    def value(self) -> str:
        return f"{self.instrument}_total"

    def describe(self) -> str:
        when = f" recorded {self.taken_on.isoformat()}" if self.taken_on is not None else " recorded"
        return f"{self.label or self.instrument} {self.score:g}{when}"


@dataclass(frozen=True)
class RecordedFinding:
    """A finding the chart's records hold rather than a note's words: a psychological evaluation that cleared the
    patient for neuromodulation (``psych_evaluation_cleared``), a flare a therapist reported after an exercise
    (``therapy_flare``, with the exercise). The planner reads it as present, ``text`` saying where it came from."""

    finding: str
    text: str
    exercise: str = ""
    on: dt.date | None = None


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
            "as_of": self.today.isoformat() if self.today else None,
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
