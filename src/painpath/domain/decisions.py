"""Plan decisions across re-plans (issue 12): a decision taken on an option (accepted, declined, deferred) holds in
the next plan unless new information changed the option. The option changed when the new plan offers it with
another status or at another stage (a "not yet" ablation now available after two concordant blocks), or no
longer offers it (an allergy excluded it): then the decision is not carried and the clinician decides again.
Every carried and every dropped decision says why, so the re-plan can say so."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class PriorDecision:
    """The latest decision on one option, with how the option stood in the plan it was taken on."""

    option_id: str
    decision: str  # accepted | declined | deferred
    reason: str
    assessment_id: int
    decided_by: int
    decided_at: datetime
    status: str | None  # the option's status in that plan (None: the plan did not offer it)
    stage: int | None


@dataclass(frozen=True)
class Carried:
    decision: PriorDecision
    carried: bool
    why: str
    label: str = ""  # the option's label in the new plan (its id in words when the plan has none)

    def to_contract(self) -> dict[str, Any]:
        d = self.decision
        return {"option_id": d.option_id, "label": self.label or d.option_id.replace("_", " "),
                "decision": d.decision, "reason": d.reason,
                "from_assessment": d.assessment_id, "decided_on": d.decided_at.date().isoformat(),
                "carried": self.carried, "why": self.why}


def offered_options(plan: Mapping[str, Any]) -> dict[str, tuple[str, int]]:
    """Option id -> (status, stage) of every option a contract plan offers."""
    return {str(o["id"]): (str(o.get("status") or "offer"), int(stage.get("stage", 0)))
            for stage in plan.get("stages") or [] for o in stage.get("options") or []}


def carry_decisions(prior: Sequence[PriorDecision], plan: Mapping[str, Any]) -> list[Carried]:
    """Which prior decisions hold in ``plan`` (a contract plan), each with why."""
    offered = offered_options(plan)
    excluded = {str(e.get("id")): str(e.get("reason") or "") for e in plan.get("excluded") or []}
    labels = {str(o.get("id")): str(o.get("label") or "") for o in plan.get("excluded") or []} | {
        str(o["id"]): str(o.get("label") or "")
        for stage in plan.get("stages") or [] for o in stage.get("options") or []}
    out = []
    for d in prior:
        when = f"{d.decision} on {d.decided_at.date().isoformat()}"
        if d.option_id in excluded:
            out.append(Carried(d, False, f"{when}; the new plan no longer offers it ({excluded[d.option_id]})"))
        elif d.option_id not in offered:
            out.append(Carried(d, False, f"{when}; the new plan does not include it"))
        elif d.status is None:
            status, stage = offered[d.option_id]
            out.append(Carried(d, False, f"{when} when it was not offered; it is now offered ({status}, stage "
                                         f"{stage}): decide again"))
        elif offered[d.option_id] != (d.status, d.stage):
            status, stage = offered[d.option_id]
            out.append(Carried(d, False, f"{when}, when it was '{d.status}' at stage {d.stage}; new information "
                                         f"changed it to '{status}' at stage {stage}: decide again"))
        else:
            out.append(Carried(d, True, f"{when}; kept: nothing new changes this option"))
    return [Carried(c.decision, c.carried, c.why, labels.get(c.decision.option_id, "")) for c in out]


__all__ = ["Carried", "PriorDecision", "carry_decisions", "offered_options"]
