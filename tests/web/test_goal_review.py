# ruff: noqa: F811  (pytest fixtures imported from tests/service/conftest.py are used as parameters)
"""Issue 12: a goal stalled over several check-ins raises plan review like a stalled score; the next step escalates
to the next stage unless a guideline-preferred first-line option is untried, and shows both with why."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from painpath.adapters.db.tables import ClinicalAlert
from tests.service.conftest import (  # noqa: F401  (fixtures)
    Clinic,
    _cheap_password_hashing,
    clinic,
    database_url,
    migrated_url,
)
from tests.web.test_clinic_pages import FACET_NOTE, Browser, assess_note


@pytest.fixture
def doctor(clinic: Clinic) -> Browser:
    return Browser(clinic, "clin")


def stalled_goal(clinic: Clinic, patient: int) -> int:
    today = date.today()
    made = clinic.call("clinician", "POST", f"/api/patients/{patient}/goals", json={
        "kind": "work", "description": "stand a full shift at the till", "measure": "minutes standing",
        "baseline_value": 10, "target_value": 30, "set_on": (today - timedelta(days=70)).isoformat(),
        "due_on": (today + timedelta(days=60)).isoformat()})
    assert made.status_code == 201, made.text
    goal = int(made.json()["id"])
    for days_ago, value in ((56, 10), (42, 11), (28, 10), (14, 11), (0, 10)):
        done = clinic.call("clinician", "POST", f"/api/goals/{goal}/checkins", json={
            "checked_on": (today - timedelta(days=days_ago)).isoformat(), "value": value})
        assert done.status_code == 201, done.text
    return goal


def goal_review(clinic: Clinic, patient: int, goal: int) -> dict[str, Any]:
    summary = clinic.call("clinician", "GET", f"/api/patients/{patient}/outcomes/summary").json()
    review: dict[str, Any] = next(g for g in summary["goals"] if g["id"] == goal)["plan_review"]
    return review


def test_a_goal_stalled_over_five_check_ins_raises_one_plan_review_that_escalates(
    clinic: Clinic, doctor: Browser
) -> None:
    assessment = assess_note(doctor, clinic.patient_b, FACET_NOTE)
    decided = clinic.call("clinician", "POST", f"/api/assessments/{assessment}/decisions",
                          json={"option_id": "physical_therapy", "decision": "accepted"})
    assert decided.status_code == 201
    goal = stalled_goal(clinic, clinic.patient_b)
    with clinic.session() as session:
        alerts = session.scalars(select(ClinicalAlert).where(ClinicalAlert.patient_id == clinic.patient_b,
                                                             ClinicalAlert.source == "plan_review")).all()
        assert [a.title for a in alerts] == ["Plan review (goal stalled): stand a full shift at the till"]
        assert (date.today() - timedelta(days=28)).isoformat() in alerts[0].source_id
        assert "medial branch block" in alerts[0].detail and "escalate to the next stage (stage 2)" in alerts[0].detail
    review = goal_review(clinic, clinic.patient_b, goal)
    assert review["reason"] == "goal_stalled" and review["sources"] == ["expert"]
    assert [s["option_id"] for s in review["next_steps"]] == ["medial_branch_block"]  # not an untried oral NSAID
    assert review["message"].startswith("stand a full shift at the till: less than 10% of the way from the "
                                        "baseline 10 to the target 30 minutes standing across 3 check-ins")
    worklist = doctor.get("/clinic/worklist").text
    assert "Plan review (goal stalled): stand a full shift at the till" in worklist


def test_an_untried_first_line_option_is_named_first_with_the_escalation_after_it(
    clinic: Clinic, doctor: Browser
) -> None:
    assess_note(doctor, clinic.patient_a, FACET_NOTE)
    goal = stalled_goal(clinic, clinic.patient_a)
    steps = goal_review(clinic, clinic.patient_a, goal)["next_steps"]
    assert [s["option_id"] for s in steps] == ["physical_therapy", "medial_branch_block"]
    assert "guideline-preferred first-line option not tried yet: exercise therapy" in steps[0]["rationale"]
    assert "if the first-line option above is unsuitable or does not help" in steps[1]["rationale"]
