"""A stalled goal and the next step of a plan review: escalate unless a first-line option is untried (issue 12)."""

from __future__ import annotations

from datetime import date, timedelta

from painpath.domain.goals import Goal, GoalCheckIn, GoalKind, StallSettings, goal_stall
from painpath.services.outcome_summary import PlanOption, next_steps_for

TODAY = date.today()
SETTINGS = StallSettings(window_checkins=3, min_span_days=28, min_progress=0.1)
GOAL = Goal("g1", GoalKind.WORK, "stand a shift", "minutes standing", 10, 30, TODAY - timedelta(days=70),
            TODAY + timedelta(days=90))


def check_ins(*values: tuple[int, float]) -> list[GoalCheckIn]:
    return [GoalCheckIn(TODAY - timedelta(days=days_ago), value) for days_ago, value in values]


def test_five_check_ins_without_progress_stall_once_from_the_day_the_stall_began() -> None:
    seen = check_ins((56, 10), (42, 11), (28, 10), (14, 11), (0, 10))
    stall = goal_stall(GOAL, seen, SETTINGS)
    assert stall is not None and stall.raised_on == TODAY - timedelta(days=28)
    assert [c.value for c in stall.evidence] == [10, 11, 10]


def test_progress_a_reached_target_a_short_span_or_a_new_treatment_is_no_stall() -> None:
    assert goal_stall(GOAL, check_ins((56, 10), (28, 12), (0, 15)), SETTINGS) is None  # 25% of the way
    assert goal_stall(GOAL, check_ins((56, 10), (28, 10), (0, 31)), SETTINGS) is None  # target reached
    assert goal_stall(GOAL, check_ins((20, 10), (10, 10), (0, 10)), SETTINGS) is None  # under 28 days
    assert goal_stall(GOAL, check_ins((56, 10), (28, 10), (0, 10)), SETTINGS,
                      changed_on=[TODAY - timedelta(days=60)]) is not None  # before the window
    assert goal_stall(GOAL, check_ins((56, 10), (28, 10), (0, 10)), SETTINGS,
                      changed_on=[TODAY - timedelta(days=40)]) is None  # a block inside the window


PLAN = [PlanOption(1, "physical_therapy", "physical therapy", "graded exercise"),
        PlanOption(1, "oral_nsaid", "oral NSAID"),
        PlanOption(2, "medial_branch_block", "medial branch block", "confirms the facet joints"),
        PlanOption(3, "radiofrequency_ablation", "radiofrequency ablation")]
FIRST_LINE = {"physical_therapy": "exercise therapy is first-line (ACP 2017)"}


def test_a_stall_escalates_to_the_next_stage_not_an_untried_stage_one_drug() -> None:
    steps = next_steps_for(PLAN, tried={"physical_therapy"}, first_line=FIRST_LINE)
    assert [(s.option_id, s.rationale) for s in steps] == [
        ("medial_branch_block", "escalate to the next stage (stage 2) after stage 1: confirms the facet joints")]


def test_an_untried_first_line_option_comes_first_with_the_escalation_after_it_both_with_why() -> None:
    steps = next_steps_for(PLAN, tried={"oral_nsaid"}, first_line=FIRST_LINE)
    assert [s.option_id for s in steps] == ["physical_therapy", "medial_branch_block"]
    assert steps[0].rationale == ("guideline-preferred first-line option not tried yet: exercise therapy is "
                                  "first-line (ACP 2017)")
    assert steps[1].rationale.startswith("escalate to the next stage (stage 2) after stage 1 if the first-line "
                                         "option above is unsuitable or does not help")
    # further up the plan: the current stage is the latest one tried
    later = next_steps_for(PLAN, tried={"physical_therapy", "medial_branch_block"}, first_line=FIRST_LINE)
    assert [s.option_id for s in later] == ["radiofrequency_ablation"]
