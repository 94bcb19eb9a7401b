"""Functional goals: a work goal and a life goal, each measurable, with a baseline, a target and a due date.

"Stand 30 minutes at work without leg pain" is a goal on minutes standing (baseline 10, target 30);
"walk nine holes without a cart" is a goal on holes walked (baseline 0, target 9).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class GoalKind(StrEnum):
    WORK = "work"
    LIFE = "life"


class GoalStatus(StrEnum):
    NOT_STARTED = "not_started"  # no check-in yet
    ACHIEVED = "achieved"  # the latest check-in reaches the target
    IN_PROGRESS = "in_progress"  # better than baseline, target not reached, not yet due
    NO_PROGRESS = "no_progress"  # not better than baseline, not yet due
    OVERDUE = "overdue"  # past the due date and the target not reached


class InvalidGoal(ValueError):
    """A goal that cannot be measured: no change asked for, or due before it was set."""


@dataclass(frozen=True)
class Goal:
    id: str
    kind: GoalKind
    statement: str  # in the patient's words: "walk nine holes without a cart"
    measure: str  # what is counted: "holes walked without a cart"
    baseline: float
    target: float
    set_on: date
    due: date

    def __post_init__(self) -> None:
        if self.baseline == self.target:
            raise InvalidGoal(f"goal {self.id}: the target must differ from the baseline")
        if self.due <= self.set_on:
            raise InvalidGoal(f"goal {self.id}: due {self.due} is not after {self.set_on}")

    @property
    def higher_is_better(self) -> bool:
        return self.target > self.baseline

    def reached(self, value: float) -> bool:
        return value >= self.target if self.higher_is_better else value <= self.target


@dataclass(frozen=True)
class GoalCheckIn:
    day: date
    value: float


@dataclass(frozen=True)
class GoalProgress:
    goal: Goal
    status: GoalStatus
    latest: GoalCheckIn | None
    fraction: float  # 0 at baseline, 1 at target; may be below 0 (worse) or above 1
    achieved_on: date | None  # the first check-in that reached the target
    days_to_goal: int | None  # from set_on to achieved_on (the clinic's "time to goal")


def goal_progress(goal: Goal, check_ins: Iterable[GoalCheckIn], *, as_of: date) -> GoalProgress:
    """Where the goal stands on ``as_of``, from the check-ins up to that day."""
    seen = sorted((c for c in check_ins if c.day <= as_of), key=lambda c: c.day)
    if not seen:
        status = GoalStatus.OVERDUE if as_of > goal.due else GoalStatus.NOT_STARTED
        return GoalProgress(goal, status, None, 0.0, None, None)
    latest = seen[-1]
    fraction = (latest.value - goal.baseline) / (goal.target - goal.baseline)
    first_hit = next((c for c in seen if goal.reached(c.value)), None)
    if goal.reached(latest.value):
        status = GoalStatus.ACHIEVED
    elif as_of > goal.due:
        status = GoalStatus.OVERDUE
    elif fraction > 0:
        status = GoalStatus.IN_PROGRESS
    else:
        status = GoalStatus.NO_PROGRESS
    achieved_on = first_hit.day if first_hit is not None else None
    days = (achieved_on - goal.set_on).days if achieved_on is not None else None
    return GoalProgress(goal, status, latest, fraction, achieved_on, days)


@dataclass(frozen=True)
class StallSettings:
    """When a goal has stalled (knowledge/plan_review.yaml goal_stall)."""

    window_checkins: int
    min_span_days: int
    min_progress: float  # share of the way from baseline to target


def _stalled(goal: Goal, seen: Sequence[GoalCheckIn], settings: StallSettings,
             changed_on: Sequence[date]) -> tuple[GoalCheckIn, ...] | None:
    if len(seen) < settings.window_checkins:
        return None
    window = tuple(seen[-settings.window_checkins:])
    if goal.reached(window[-1].value) or (window[-1].day - window[0].day).days < settings.min_span_days:
        return None
    latest_change = max((d for d in changed_on if d <= window[-1].day), default=None)
    if latest_change is not None and window[0].day <= latest_change:
        return None  # a treatment changed inside the window: give it time
    distance = goal.target - goal.baseline
    progress = [(c.value - goal.baseline) / distance for c in window]
    if max(progress[1:]) - progress[0] >= settings.min_progress:
        return None
    return window


@dataclass(frozen=True)
class GoalStall:
    raised_on: date  # the check-in on which the goal entered its stall
    evidence: tuple[GoalCheckIn, ...]  # the window of check-ins that did not move


def goal_stall(goal: Goal, check_ins: Iterable[GoalCheckIn], settings: StallSettings, *,
               changed_on: Iterable[date] = ()) -> GoalStall | None:
    """Whether the goal is stalled as of its latest check-in: too little progress across the window, the target
    not reached, no treatment change inside it. Replayed check-in by check-in, so ``raised_on`` is the day the
    stall began (a stall that goes on raises one plan review, not one per check-in)."""
    seen = sorted(check_ins, key=lambda c: c.day)
    changes = tuple(changed_on)
    current = _stalled(goal, seen, settings, changes)
    if current is None:
        return None
    start = len(seen)
    while start > settings.window_checkins and _stalled(goal, seen[: start - 1], settings, changes) is not None:
        start -= 1
    return GoalStall(seen[start - 1].day, current)


def missing_goal_kinds(goals: Sequence[Goal]) -> tuple[GoalKind, ...]:
    """The kinds an active plan still lacks: every plan needs at least one work goal and one life goal."""
    present = {goal.kind for goal in goals}
    return tuple(kind for kind in GoalKind if kind not in present)


COUNTED = frozenset({"active", "met", "partly_met"})  # a dropped or not-met goal no longer counts


def goals_met(goals: Iterable[tuple[str, str]]) -> bool:
    """Whether the patient's targets are met, from each goal's recorded status and its progress status: every goal
    that counts (active, met, partly met) is recorded met or, still active, has reached its target at the latest
    check-in; and there is at least one. A partly met goal is not met."""
    counted = [(status, progress) for status, progress in goals if status in COUNTED]
    return bool(counted) and all(
        status == "met" or (status == "active" and progress == GoalStatus.ACHIEVED.value)
        for status, progress in counted)
