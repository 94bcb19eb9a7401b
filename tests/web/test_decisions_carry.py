# ruff: noqa: F811  (pytest fixtures imported from tests/service/conftest.py are used as parameters)
"""Issue 12: a declined option does not come back as "offer" after a re-plan unless new information changed it;
the re-plan says which decisions it kept and which it re-opened, and why."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from tests.service.conftest import (  # noqa: F401  (fixtures)
    Clinic,
    _cheap_password_hashing,
    clinic,
    database_url,
    migrated_url,
)
from tests.web.test_clinic_pages import FACET_NOTE, Browser, assess_note, text_of


@pytest.fixture
def doctor(clinic: Clinic) -> Browser:
    return Browser(clinic, "clin")


def decide(clinic: Clinic, assessment: int, option: str, decision: str, reason: str = "") -> None:
    done = clinic.call("clinician", "POST", f"/api/assessments/{assessment}/decisions",
                       json={"option_id": option, "decision": decision, "reason": reason})
    assert done.status_code == 201, done.text


def block(clinic: Clinic, patient: int, days_ago: int, relief: int) -> int:
    done = clinic.call("clinician", "POST", f"/api/patients/{patient}/procedures", json={
        "option_id": "medial_branch_block", "performed_on": (date.today() - timedelta(days=days_ago)).isoformat(),
        "relief_percent": relief, "duration_hours": 6, "functional_gain": "walked further"})
    assert done.status_code == 201, done.text
    return int(done.json()["replanned_assessment_id"])


def record(clinic: Clinic, assessment: int) -> dict[str, Any]:
    found: dict[str, Any] = clinic.call("clinician", "GET", f"/api/assessments/{assessment}").json()
    return found


def test_a_declined_option_stays_declined_across_replans_until_new_information_changes_it(
    clinic: Clinic, doctor: Browser
) -> None:
    mine = assess_note(doctor, clinic.patient_b, FACET_NOTE)
    decide(clinic, mine, "oral_nsaid", "declined", "gastritis last year")
    decide(clinic, mine, "radiofrequency_ablation", "declined", "wants to try the blocks first")
    first = block(clinic, clinic.patient_b, 14, 85)
    replan = record(clinic, first)
    carried = {c["option_id"]: c for c in replan["output"]["carried_decisions"]}
    assert carried["oral_nsaid"]["carried"] and carried["oral_nsaid"]["from_assessment"] == mine
    assert carried["radiofrequency_ablation"]["carried"]  # still "not yet" after one block: nothing new
    decisions = {d["option_id"]: d for d in replan["decisions"]}
    assert decisions["oral_nsaid"]["decision"] == "declined" and decisions["oral_nsaid"]["carried_from"] == mine
    assert decisions["oral_nsaid"]["reason"] == "gastritis last year"
    second = block(clinic, clinic.patient_b, 0, 90)  # two concordant blocks: ablation becomes available
    replan = record(clinic, second)
    carried = {c["option_id"]: c for c in replan["output"]["carried_decisions"]}
    assert carried["oral_nsaid"]["carried"]
    ablation = carried["radiofrequency_ablation"]
    assert not ablation["carried"] and "new information changed it to 'eligible'" in ablation["why"]
    assert {d["option_id"] for d in replan["decisions"]} == {"oral_nsaid"}  # ablation is decided again
    page = doctor.get(f"/clinic/assessments/{second}").text
    said = text_of(page.split('id="carried-decisions"')[1].split("</div>")[0])
    assert "Oral NSAID: Declined, kept declined on" in said and "(reason given: gastritis last year)" in said
    assert "Radiofrequency ablation: Decide again declined on" in said
    chart = doctor.get(f"/clinic/patients/{clinic.patient_b}").text
    pending = text_of(chart.split('id="replan-pending"')[1].split("</div>")[0])
    assert "It re-opens 1 decision: Radiofrequency ablation:" in pending
    # a decision taken on the working plan while the re-plan waits carries into it at sign-off
    decide(clinic, mine, "physical_therapy", "declined", "did a full course last spring")
    assert clinic.call("clinician", "POST", f"/api/assessments/{second}/sign-off").status_code == 200
    signed = {d["option_id"]: d for d in record(clinic, second)["decisions"]}
    assert signed["physical_therapy"]["decision"] == "declined" and signed["physical_therapy"]["carried_from"] == mine
    plan = text_of(doctor.get(f"/clinic/patients/{clinic.patient_b}").text.split('id="plan-heading"')[1]
                   .split("</section>")[0])
    assert "Oral NSAID Declined" in " ".join(plan.split())
