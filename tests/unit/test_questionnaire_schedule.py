"""Questionnaire schedules: the shipped rules (questionnaire_schedules.yaml) on exact dates."""

from __future__ import annotations

import copy
import dataclasses
from datetime import date

import pytest

from painpath.adapters.knowledge_files import KnowledgeError
from painpath.adapters.schedule_files import iter_schedule_problems, load_default_schedule, load_schedule
from painpath.domain.model import KnowledgeBase
from painpath.domain.questionnaire_schedule import DueStatus, ProcedureDone, due_questionnaires

ESI = ProcedureDone("epidural_steroid_injection", date(2026, 3, 2))


def due(today: date, *, taken: dict[str, list[date]] | None = None, plan: date | None = None,
        conditions: tuple[str, ...] = (), procedures: tuple[ProcedureDone, ...] = (ESI,)) -> list[tuple[str, str, str]]:
    items = due_questionnaires(load_default_schedule(), today=today, procedures=procedures, taken=taken or {},
                               plan_started=plan, conditions=conditions)
    return [(d.instrument, d.due_on.isoformat(), d.status.value) for d in items]


def test_a_procedure_on_2026_03_02_makes_pain_and_function_due_2_and_6_weeks_later() -> None:
    assert due(date(2026, 3, 1)) == []  # more than upcoming_days (14) ahead: nothing to show yet
    assert due(date(2026, 3, 10)) == [("nrs", "2026-03-16", "upcoming"), ("peg", "2026-03-16", "upcoming")]
    # opens early_days (3) before the due date, overdue after grace_days (7)
    assert due(date(2026, 3, 13)) == [("nrs", "2026-03-16", "due"), ("peg", "2026-03-16", "due")]
    assert due(date(2026, 3, 23)) == [("nrs", "2026-03-16", "due"), ("peg", "2026-03-16", "due")]
    assert due(date(2026, 3, 24)) == [("nrs", "2026-03-16", "overdue"), ("peg", "2026-03-16", "overdue")]
    # the 6-week check-in supersedes an unanswered 2-week one once it opens
    assert due(date(2026, 4, 10)) == [("nrs", "2026-04-13", "due"), ("peg", "2026-04-13", "due")]
    assert due(date(2026, 4, 21)) == [("nrs", "2026-04-13", "overdue"), ("peg", "2026-04-13", "overdue")]
    # never answered: dropped lapse_days (28) after the last occasion fell due
    assert due(date(2026, 5, 11)) != [] and due(date(2026, 5, 12)) == []


def test_a_questionnaire_answered_for_the_2_week_check_in_moves_on_to_the_6_week_one() -> None:
    taken = {"nrs": [date(2026, 3, 14)]}  # 2 days early still counts
    assert due(date(2026, 3, 24), taken=taken) == [("peg", "2026-03-16", "overdue")]
    assert due(date(2026, 4, 1), taken={"nrs": [date(2026, 3, 14)], "peg": [date(2026, 3, 16)]}) == [
        ("nrs", "2026-04-13", "upcoming"), ("peg", "2026-04-13", "upcoming")]
    # a rating taken before the window opened does not count for it
    assert ("nrs", "2026-03-16", "overdue") in due(date(2026, 3, 24), taken={"nrs": [date(2026, 3, 12)]})


def test_an_active_plan_has_a_baseline_then_a_regular_check_in_and_mood_screens() -> None:
    plan = date(2026, 1, 5)
    got = due(date(2026, 1, 5), plan=plan, procedures=())
    assert got == [("gad7", "2026-01-05", "due"), ("nrs", "2026-01-05", "due"), ("peg", "2026-01-05", "due"),
                   ("phq9", "2026-01-05", "due")]
    taken = {"nrs": [date(2026, 1, 5)], "peg": [date(2026, 1, 5)], "phq9": [date(2026, 1, 5)],
             "gad7": [date(2026, 1, 5)]}
    # 28 days later the pain and PEG check-in falls due; the mood screen waits 84 days
    assert due(date(2026, 2, 2), plan=plan, taken=taken, procedures=()) == [("nrs", "2026-02-02", "due"),
                                                                             ("peg", "2026-02-02", "due")]
    assert ("phq9", "2026-03-30", "due") in due(date(2026, 3, 30), plan=plan, taken=taken, procedures=())


def test_odi_is_due_for_a_low_back_plan_and_ndi_for_a_neck_plan_only() -> None:
    plan = date(2026, 1, 5)
    low_back = {i for i, _, _ in due(plan, plan=plan, procedures=(), conditions=("lumbar_radiculopathy",))}
    neck = {i for i, _, _ in due(plan, plan=plan, procedures=(), conditions=("cervical_radiculopathy",))}
    knee = {i for i, _, _ in due(plan, plan=plan, procedures=(), conditions=("knee_osteoarthritis",))}
    assert "odi" in low_back and "ndi" not in low_back
    assert "ndi" in neck and "odi" not in neck
    assert not {"odi", "ndi"} & knee


def test_overdue_items_come_first() -> None:
    plan = date(2026, 3, 1)
    items = due_questionnaires(load_default_schedule(), today=date(2026, 3, 24), procedures=[ESI],
                               taken={"phq9": [date(2026, 3, 1)], "gad7": [date(2026, 3, 1)]}, plan_started=plan)
    assert [d.status for d in items][:2] == [DueStatus.OVERDUE, DueStatus.OVERDUE]
    assert items[0].days_overdue == 23  # the plan baseline of 2026-03-01 was never answered
    assert "2 weeks after epidural steroid injection on 2026-03-02" in due_questionnaires(
        load_default_schedule(), today=date(2026, 3, 24), procedures=[ESI], taken={"nrs": [date(2026, 3, 1)]},
        plan_started=None)[0].reason


def test_the_schedule_is_checked_by_kb_check(kb: KnowledgeBase) -> None:
    assert list(iter_schedule_problems(kb)) == []
    broken = copy.deepcopy(kb.extra["questionnaire_schedules"])
    broken["rules"][0]["instruments"] = ["nrs", "koos"]
    bad = dataclasses.replace(kb, extra={**kb.extra, "questionnaire_schedules": broken})
    with pytest.raises(KnowledgeError, match="koos"):
        load_schedule(bad)
    broken = copy.deepcopy(kb.extra["questionnaire_schedules"])
    broken["rules"][0]["source"] = "made_up_2020"
    bad = dataclasses.replace(kb, extra={**kb.extra, "questionnaire_schedules": broken})
    assert any("made_up_2020" in p for p in iter_schedule_problems(bad))
