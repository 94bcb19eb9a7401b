# ruff: noqa: F811  (pytest fixtures imported from tests/service/conftest.py are used as parameters)
"""Issue 12: once the targets are met, a flare and maintenance plan (self-management, topical, stretching, when to
call) from the knowledge base, with its sources: in the outcome summary (API), on the goals page and the portal."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from painpath.adapters.knowledge_files import load_default
from painpath.domain.goals import goals_met
from painpath.domain.planning import planning_knowledge
from tests.service.conftest import (  # noqa: F401  (fixtures)
    Clinic,
    _cheap_password_hashing,
    clinic,
    database_url,
    migrated_url,
)
from tests.web.test_clinic_pages import Browser, text_of


def day(offset: int) -> str:
    return (date.today() + timedelta(days=offset)).isoformat()


def goal(clinic: Clinic, kind: str, description: str) -> int:
    body = {"kind": kind, "description": description, "measure": "minutes", "baseline_value": 10,
            "target_value": 30, "due_on": day(60), "set_on": day(-30)}
    made = clinic.call("clinician", "POST", f"/api/patients/{clinic.patient_a}/goals", json=body)
    assert made.status_code == 201, made.text
    return int(made.json()["id"])


def check_in(clinic: Clinic, goal_id: int, value: float) -> None:
    done = clinic.call("clinician", "POST", f"/api/goals/{goal_id}/checkins", json={"checked_on": day(-1),
                                                                                   "value": value})
    assert done.status_code == 201, done.text


def summary(clinic: Clinic, role: str = "clinician") -> dict[str, Any]:
    found = clinic.call(role, "GET", f"/api/patients/{clinic.patient_a}/outcomes/summary")
    assert found.status_code == 200, found.text
    body: dict[str, Any] = found.json()
    return body


@pytest.mark.parametrize(("goals", "met"), [
    ([], False),
    ([("active", "achieved")], True),
    ([("active", "achieved"), ("active", "in_progress")], False),
    ([("met", "in_progress"), ("dropped", "no_progress")], True),
    ([("partly_met", "in_progress")], False),
    ([("dropped", "achieved")], False),
])
def test_targets_are_met_when_every_goal_that_counts_is(goals: list[tuple[str, str]], met: bool) -> None:
    assert goals_met(goals) is met


def test_every_maintenance_item_has_a_source_the_knowledge_base_knows() -> None:
    kb = load_default()
    pk = planning_knowledge(kb)
    assert pk is not None and pk.maintenance is not None
    assert [i.id for i in pk.maintenance.items] == ["self_management", "topical", "stretching", "when_to_call"]
    assert all(i.source in kb.sources for i in pk.maintenance.items)


def test_the_maintenance_plan_appears_once_every_goal_is_met(clinic: Clinic) -> None:
    work = goal(clinic, "work", "stand 30 minutes at work")
    life = goal(clinic, "life", "walk the dog 30 minutes")
    assert summary(clinic)["maintenance_plan"] is None  # targets not met yet
    check_in(clinic, work, 32)
    check_in(clinic, life, 20)
    assert summary(clinic)["maintenance_plan"] is None  # one goal still short of its target
    check_in(clinic, life, 30)
    plan = summary(clinic)["maintenance_plan"]
    assert [i["id"] for i in plan["items"]] == ["self_management", "topical", "stretching", "when_to_call"]
    by_id = {i["id"]: i for i in plan["items"]}
    assert "diclofenac gel" in by_id["topical"]["text"] and by_id["topical"]["source"] == "acr_oa2020"
    assert "emergency department" in by_id["when_to_call"]["text"]
    assert summary(clinic, "patient")["maintenance_plan"] == plan  # the patient sees it too
    doctor = Browser(clinic, "clin")
    goals_page = doctor.get(f"/clinic/patients/{clinic.patient_a}/goals").text
    assert 'id="maintenance-plan"' in goals_page and "Flare and maintenance plan" in goals_page
    portal = Browser(clinic, "pat.a").get("/portal").text
    block = text_of(portal.split('id="maintenance-plan"')[1].split("</section>")[0])
    assert "Stretching The stretches and mobility exercises from therapy" in block
    assert "When to call the clinic Call the clinic if a flare lasts more than two weeks" in block
