"""Issue 12: the most recent diagnostic blocks decide ablation. Blocks of 60%, 85% and 90% (threshold 80%, two
blocks) open it; no block at or above the threshold is ever called failed; a later block below it closes it."""

from __future__ import annotations

import datetime as dt

from painpath.domain.gates import GateState, evaluate_gate
from painpath.domain.plan import ProcedureResponse
from painpath.domain.planning import planning_knowledge
from tests.unit.planning_support import kb

TODAY = dt.date.today()


def blocks(*relief: float) -> tuple[ProcedureResponse, ...]:
    """Medial branch blocks a fortnight apart, the last one today."""
    return tuple(
        ProcedureResponse("medial_branch_block", r, sequence=i + 1, duration_hours=6,
                          date=TODAY - dt.timedelta(days=14 * (len(relief) - 1 - i)), functional_gain=True)
        for i, r in enumerate(relief)
    )


def judge(*relief: float):  # type: ignore[no-untyped-def]
    pk = planning_knowledge(kb())
    assert pk is not None
    return evaluate_gate(pk.gates["facet_rfa"], blocks(*relief), pk.settings.messages)


def test_an_early_block_below_threshold_is_superseded_by_two_later_ones_at_threshold() -> None:
    outcome = judge(60, 85, 90)
    assert outcome.state is GateState.PASSED
    assert "medial_branch_block #2: 85% relief" in outcome.explanation
    assert "medial_branch_block #3: 90% relief" in outcome.explanation
    assert "earlier: medial_branch_block #1: 60% relief" in outcome.explanation


def test_one_block_at_threshold_after_a_failed_one_waits_for_the_second() -> None:
    outcome = judge(60, 85)
    assert outcome.state is GateState.WAITING
    assert "1 more needed" in outcome.explanation and "60% relief" in outcome.explanation


def test_the_latest_block_below_threshold_closes_the_gate_and_is_the_one_named() -> None:
    outcome = judge(85, 90, 40)
    assert outcome.state is GateState.FAILED
    assert "#3: 40% relief" in outcome.explanation and "below the 80% threshold" in outcome.explanation
    assert "90% relief is below" not in outcome.explanation and "85% relief is below" not in outcome.explanation


def test_a_single_failed_block_still_closes_and_two_at_threshold_still_open() -> None:
    assert judge(20).state is GateState.FAILED
    assert judge(85, 90).state is GateState.PASSED
    assert judge(85).state is GateState.WAITING
