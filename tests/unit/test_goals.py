"""Functional goals as the practice description writes them: measurable, with baseline, target, due date."""

from __future__ import annotations

from datetime import date

import pytest

from painpath.domain.goals import (
    Goal,
    GoalCheckIn,
    GoalKind,
    GoalStatus,
    InvalidGoal,
    goal_progress,
    missing_goal_kinds,
)

SET = date(2026, 1, 5)
DUE = date(2026, 3, 9)

STAND = Goal(
    "stand",
    GoalKind.WORK,
    "stand 30 minutes at work without leg pain",
    "minutes standing without leg pain",
    baseline=5,
    target=30,
    set_on=SET,
    due=DUE,
)
WAKINGS = Goal(
    "wakings",
    GoalKind.LIFE,
    "wake fewer than two times per night",
    "night wakings",
    baseline=5,
    target=1,
    set_on=SET,
    due=DUE,
)


def test_goal_reached_on_a_check_in_is_achieved_with_the_time_to_goal():
    check_ins = [GoalCheckIn(date(2026, 1, 19), 10), GoalCheckIn(date(2026, 2, 16), 30)]
    progress = goal_progress(STAND, check_ins, as_of=date(2026, 2, 20))
    assert progress.status is GoalStatus.ACHIEVED
    assert progress.fraction == pytest.approx(1.0)
    assert progress.achieved_on == date(2026, 2, 16)
    assert progress.days_to_goal == 42


def test_partial_progress_before_the_due_date_is_in_progress():
    progress = goal_progress(STAND, [GoalCheckIn(date(2026, 1, 19), 15)], as_of=date(2026, 1, 20))
    assert progress.status is GoalStatus.IN_PROGRESS
    assert progress.fraction == pytest.approx(0.4)


def test_no_better_than_baseline_is_no_progress_and_past_due_is_overdue():
    stuck = [GoalCheckIn(date(2026, 1, 19), 5)]
    assert goal_progress(STAND, stuck, as_of=date(2026, 1, 20)).status is GoalStatus.NO_PROGRESS
    assert goal_progress(STAND, stuck, as_of=date(2026, 3, 10)).status is GoalStatus.OVERDUE


def test_a_lower_is_better_goal_counts_a_fall_as_progress():
    progress = goal_progress(WAKINGS, [GoalCheckIn(date(2026, 2, 2), 3)], as_of=date(2026, 2, 2))
    assert progress.status is GoalStatus.IN_PROGRESS
    assert progress.fraction == pytest.approx(0.5)
    assert (
        goal_progress(WAKINGS, [GoalCheckIn(date(2026, 2, 9), 1)], as_of=date(2026, 2, 9)).status
        is GoalStatus.ACHIEVED
    )


def test_check_ins_after_the_as_of_day_are_not_seen():
    check_ins = [GoalCheckIn(date(2026, 3, 1), 30)]
    assert goal_progress(STAND, check_ins, as_of=date(2026, 2, 1)).status is GoalStatus.NOT_STARTED


def test_a_goal_must_ask_for_a_change_and_fall_due_after_it_is_set():
    with pytest.raises(InvalidGoal):
        Goal("x", GoalKind.WORK, "stand", "minutes", baseline=30, target=30, set_on=SET, due=DUE)
    with pytest.raises(InvalidGoal):
        Goal("x", GoalKind.WORK, "stand", "minutes", baseline=5, target=30, set_on=SET, due=SET)


def test_every_plan_needs_a_work_goal_and_a_life_goal():
    assert missing_goal_kinds([STAND, WAKINGS]) == ()
    assert missing_goal_kinds([STAND]) == (GoalKind.LIFE,)
    assert missing_goal_kinds([]) == (GoalKind.WORK, GoalKind.LIFE)
