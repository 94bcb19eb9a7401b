# ruff: noqa: F811  (pytest fixtures imported from tests/service/conftest.py are used as parameters)
"""Issue 12: mood shapes the plan from the patient's recorded questionnaires. A PHQ-9 of 12 recorded through the API
adds behavioural health and pain-focused CBT to the re-plan (the chart's re-plan button) and to the next note's
plan, naming the score; a later PHQ-9 of 4 takes the referral out of the next re-plan: the latest score counts."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.service.conftest import (  # noqa: F401  (fixtures)
    Clinic,
    _cheap_password_hashing,
    clinic,
    database_url,
    migrated_url,
)
from tests.web.test_clinic_pages import Browser, assess_note

NOTE = "45 year old with chronic low back pain for 6 months, worse bending, no leg pain, no red flags."


@pytest.fixture
def doctor(clinic: Clinic) -> Browser:
    return Browser(clinic, "clin")


def phq9(clinic: Clinic, patient_id: int, total: int, hours_ago: int) -> None:
    """A PHQ-9 with item 9 answered 'not at all' and the given total, through the API."""
    answers = {f"q{i}": 0 for i in range(1, 10)}
    for i in range(1, 9):
        answers[f"q{i}"] = min(3, max(0, total - 3 * (i - 1)))
    assert sum(answers.values()) == total
    taken = (datetime.now(UTC) - timedelta(hours=hours_ago)).isoformat()
    done = clinic.call("clinician", "POST", f"/api/patients/{patient_id}/outcomes",
                       json={"instrument": "phq9", "items": answers, "taken_at": taken})
    assert done.status_code == 201, done.text
    assert done.json()["score"] == total


def replan(doctor: Browser, patient_id: int) -> int:
    done = doctor.post(f"/clinic/patients/{patient_id}/replan", {})
    assert done.status_code == 303, done.text
    match = re.match(r"/clinic/assessments/(\d+)", done.headers["location"])
    assert match is not None, done.headers["location"]
    return int(match.group(1))


def plan_of(clinic: Clinic, assessment_id: int) -> dict[str, dict[str, Any]]:
    found = clinic.call("clinician", "GET", f"/api/assessments/{assessment_id}")
    assert found.status_code == 200, found.text
    return {o["id"]: o for s in found.json()["output"]["plan"]["stages"] for o in s["options"]}


def test_a_recorded_phq9_of_12_adds_behavioural_health_to_the_replan(clinic: Clinic, doctor: Browser) -> None:
    patient = clinic.patient_a
    first = assess_note(doctor, patient, NOTE)
    assert "behavioral_health" not in plan_of(clinic, first)

    phq9(clinic, patient, 12, hours_ago=2)
    replanned = plan_of(clinic, replan(doctor, patient))
    referral = replanned["behavioral_health"]
    assert "PHQ-9 of 10 or more" in referral["rationale"]
    assert re.search(r"'PHQ-9 12 recorded \d{4}-\d{2}-\d{2}'", referral["rationale"]), referral["rationale"]
    assert "kroenke2001" in referral["sources"]
    assert "PHQ-9 of 10 or more" in replanned["cognitive_behavioral_therapy"]["rationale"]

    # a clinician's next note is planned with the recorded score too
    again = assess_note(doctor, patient, NOTE)
    assert "behavioral_health" in plan_of(clinic, again)

    # the latest score counts: a later PHQ-9 of 4 takes the referral out of the next re-plan
    phq9(clinic, patient, 4, hours_ago=1)
    assert "behavioral_health" not in plan_of(clinic, replan(doctor, patient))


def test_off_work_and_poor_sleep_show_on_the_assessment_page(clinic: Clinic, doctor: Browser) -> None:
    mine = assess_note(doctor, clinic.patient_b, NOTE + " Off work for six weeks; the pain keeps her awake.")
    html = doctor.get(f"/clinic/assessments/{mine}").text
    section = html.split('id="plan"', 1)[1].split('id="history-heading"', 1)[0]
    work = section.split('id="return-to-work"', 1)[1].split("</ul>", 1)[0]
    assert "graded duties" in work and "fitness note" in work
    sleep = section.split('id="opt-sleep_intervention"', 1)[1].split("</article>", 1)[0]
    assert "CBT for insomnia first" in sleep


def test_the_structured_form_asks_about_being_off_work_and_the_plan_answers(clinic: Clinic, doctor: Browser) -> None:
    form = doctor.get(f"/clinic/patients/{clinic.patient_a}/assess").text
    assert 'name="q_off_work"' in form and "Off work because of the pain" in form
    response = doctor.client.post(f"/clinic/patients/{clinic.patient_a}/assess", data={
        "csrf_token": doctor.csrf, "mode": "structured", "age": "44", "sex": "female", "duration_value": "4",
        "duration_unit": "months", "regions": ["low_back"], "q_off_work": "present", "q_poor_sleep": "present",
        "q_fever": "absent",
    }, follow_redirects=False)
    assert response.status_code == 303, response.text
    assessment = int(response.headers["location"].split("/")[3].split("?")[0])
    plan = clinic.call("clinician", "GET", f"/api/assessments/{assessment}").json()["output"]["plan"]
    assert any("fitness note" in line for line in plan["return_to_work"])
    assert "sleep_intervention" in {o["id"] for s in plan["stages"] for o in s["options"]}
