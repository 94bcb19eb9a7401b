"""Decisions across re-plans: kept unless new information changed the option (issue 12)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from painpath.domain.decisions import PriorDecision, carry_decisions

WHEN = datetime.now(UTC) - timedelta(days=3)


def prior(option: str, decision: str, status: str | None, stage: int | None) -> PriorDecision:
    return PriorDecision(option, decision, "patient's choice", 7, 1, WHEN, status, stage)


PLAN = {
    "stages": [
        {"stage": 1, "options": [{"id": "oral_nsaid", "status": "offer", "label": "oral NSAID"}, {"id": "physical_therapy"}]},
        {"stage": 3, "options": [{"id": "radiofrequency_ablation", "status": "eligible"}]},
    ],
    "excluded": [{"id": "opioid_trial", "reason": "allergy recorded: morphine"}],
}


def test_an_unchanged_option_keeps_its_decision_and_a_changed_one_is_reopened_with_why() -> None:
    result = {c.decision.option_id: c for c in carry_decisions([
        prior("oral_nsaid", "declined", "offer", 1),
        prior("physical_therapy", "accepted", "offer", 1),  # no status in the plan reads as "offer"
        prior("radiofrequency_ablation", "declined", "not yet", 3),
        prior("opioid_trial", "accepted", "offer", 2),
        prior("medial_branch_block", "deferred", "offer", 2),
        prior("topical_nsaid", "declined", None, None),
    ], PLAN)}
    assert {k: c.carried for k, c in result.items()} == {
        "oral_nsaid": True, "physical_therapy": True, "radiofrequency_ablation": False, "opioid_trial": False,
        "medial_branch_block": False, "topical_nsaid": False}
    day = WHEN.date().isoformat()
    assert result["oral_nsaid"].why == f"declined on {day}; kept: nothing new changes this option"
    assert result["radiofrequency_ablation"].why == (
        f"declined on {day}, when it was 'not yet' at stage 3; new information changed it to 'eligible' at stage 3: "
        "decide again")
    assert result["opioid_trial"].why.endswith("the new plan no longer offers it (allergy recorded: morphine)")
    assert result["medial_branch_block"].why.endswith("the new plan does not include it")
    contract = result["oral_nsaid"].to_contract()
    assert contract == {"option_id": "oral_nsaid", "label": "oral NSAID", "decision": "declined", "reason": "patient's choice",
                        "from_assessment": 7, "decided_on": day, "carried": True, "why": result["oral_nsaid"].why}
