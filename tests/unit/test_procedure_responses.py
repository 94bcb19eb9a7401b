"""Recorded procedure responses read from clinical text."""

from __future__ import annotations

import datetime as dt

import pytest

from painpath.narrative.responses import ResponseReader
from tests.unit.planning_support import kb


def read(text: str):  # type: ignore[no-untyped-def]
    return ResponseReader(kb().extra["planning"].options).read(text)


def test_numbered_block_with_relief_and_duration() -> None:
    (response,) = read("MBB #1: 85% relief for 6 hours.")
    assert (response.option, response.sequence, response.relief_percent, response.duration_hours) == (
        "medial_branch_block",
        1,
        85.0,
        6.0,
    )


def test_two_blocks_in_one_note() -> None:
    responses = read("MBB #1: 85% relief for 6 hours; MBB #2: 90% relief for 7 hours.")
    assert [(r.sequence, r.relief_percent) for r in responses] == [(1, 85.0), (2, 90.0)]


def test_ordinal_words_give_the_sequence() -> None:
    (response,) = read("The first medial branch block gave 90% relief.")
    assert response.sequence == 1 and response.relief_percent == 90.0


def test_stimulator_trial_with_functional_gain() -> None:
    (response,) = read("SCS trial 60% relief, walking further.")
    assert response.option == "spinal_cord_stimulation" and response.functional_gain is True


def test_a_block_that_gave_no_relief_counts_as_zero() -> None:
    (response,) = read("Genicular nerve block gave no relief.")
    assert response.option == "genicular_nerve_block" and response.relief_percent == 0.0


def test_ablation_with_date_and_months_of_relief() -> None:
    (response,) = read("RFA on 2026-03-01 with 70% relief for 6 months.")
    assert response.date == dt.date(2026, 3, 1) and response.duration_hours == pytest.approx(6 * 730.5)


@pytest.mark.parametrize(
    "text",
    [
        "Plan medial branch blocks; proceed to RFA if both give 80% relief.",
        "Consider a lumbar sympathetic block.",
        "Epidural steroid injection next week.",
    ],
)
def test_plans_and_thresholds_are_not_responses(text: str) -> None:
    assert read(text) == ()


def test_a_pair_of_blocks_with_two_percentages_gives_two_responses() -> None:
    responses = read("Right L4-5 and L5-S1 medial branch blocks x2 with 90% and 85% relief.")
    assert [(r.sequence, r.relief_percent) for r in responses] == [(1, 90.0), (2, 85.0)]
