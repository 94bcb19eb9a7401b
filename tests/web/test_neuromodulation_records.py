# ruff: noqa: F811  (pytest fixtures imported from tests/service/conftest.py are used as parameters)
"""Issue 12: neuromodulation prerequisites are records, not note phrases. A psychological evaluation (outcome,
date, clinician) and a stimulator trial (relief, functional gain, date) are recorded through the API and the chart;
the permanent implant is eligible only with an evaluation recorded as cleared and a trial at the knowledge base's
threshold (plan_procedures.yaml scs_trial: 50% relief with functional gain, scs_policy)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from painpath.adapters.knowledge_files import load_default
from painpath.domain.planning import planning_knowledge
from tests.service.conftest import (  # noqa: F401  (fixtures)
    Clinic,
    _cheap_password_hashing,
    clinic,
    database_url,
    migrated_url,
)
from tests.web.test_clinic_pages import Browser, assess_note, text_of
from tests.web.test_signoff import section

# the clinician's note says the evaluation was done: words alone must not open the implant
FBSS_NOTE = ("52-year-old with persistent leg pain after an L5 laminectomy two years ago, radiating below the knee. "
             "Psychological evaluation completed: cleared for neuromodulation.")


@pytest.fixture
def doctor(clinic: Clinic) -> Browser:
    return Browser(clinic, "clin")


def ago(days: int) -> str:
    return (date.today() - timedelta(days=days)).isoformat()


def scs(clinic: Clinic, assessment_id: int) -> dict[str, Any]:
    """How the assessment's plan stands on the spinal cord stimulator: its option, or its exclusion."""
    plan = clinic.call("clinician", "GET", f"/api/assessments/{assessment_id}").json()["output"]["plan"]
    for stage in plan["stages"]:
        for option in stage["options"]:
            if option["id"] == "spinal_cord_stimulation":
                return dict(option)
    excluded = {e["id"]: e for e in plan["excluded"]}
    return {"status": "excluded", **excluded["spinal_cord_stimulation"]}


def post(clinic: Clinic, path: str, body: dict[str, Any]) -> Any:
    return clinic.call("clinician", "POST", path, json=body)


def test_the_kb_threshold_is_the_cited_50_percent_with_functional_gain() -> None:
    pk = planning_knowledge(load_default())
    assert pk is not None
    gate = pk.gates["scs_trial"]
    assert (gate.relief_percent, gate.functional_gain, gate.source) == (50, True, "scs_policy")


def test_the_implant_is_eligible_only_from_a_cleared_evaluation_and_a_successful_trial(clinic: Clinic,
                                                                                     doctor: Browser) -> None:
    patient = clinic.patient_a
    first = assess_note(doctor, patient, FBSS_NOTE)
    before = scs(clinic, first)
    assert before["status"] == "not yet" and "a note's words do not count" in before["requires"]
    trial = post(clinic, f"/api/patients/{patient}/procedures", {
        "option_id": "spinal_cord_stimulation", "performed_on": ago(3), "relief_percent": 65,
        "functional_gain": "functional gain: walks 2 km"})
    assert trial.status_code == 201, trial.text
    without = scs(clinic, trial.json()["replanned_assessment_id"])
    assert without["status"] == "not yet" and "psychological evaluation recorded on the chart" in without["requires"]
    url = f"/api/patients/{patient}/psych-evaluations"
    bad = post(clinic, url, {"evaluated_on": ago(20), "outcome": "maybe", "clinician": ""})
    assert bad.status_code == 422 and "outcome" in bad.text and "clinician" in bad.text
    future = post(clinic, url, {"evaluated_on": (date.today() + timedelta(days=2)).isoformat(),
                                "outcome": "cleared", "clinician": "Dr A. Rivera"})
    assert future.status_code == 422 and "evaluated_on" in future.text and "future" in future.text
    refused = post(clinic, url, {"evaluated_on": ago(20), "outcome": "not_cleared", "clinician": "Dr A. Rivera",
                                 "note": "untreated alcohol use disorder"})
    assert refused.status_code == 201, refused.text
    assert scs(clinic, refused.json()["replanned_assessment_id"])["status"] == "not yet"
    cleared = post(clinic, url, {"evaluated_on": ago(10), "outcome": "cleared", "clinician": "Dr A. Rivera"})
    assert cleared.status_code == 201, cleared.text
    after = scs(clinic, cleared.json()["replanned_assessment_id"])
    assert after["status"] == "eligible" and "permanent" in after["detail"]
    listed = clinic.call("clinician", "GET", url).json()["items"]
    assert [(e["outcome"], e["evaluated_on"]) for e in listed] == [("cleared", ago(10)), ("not_cleared", ago(20))]
    desk = clinic.call("front_desk", "POST", url, json={"evaluated_on": ago(1), "outcome": "cleared",
                                                         "clinician": "x"})
    assert desk.status_code == 403


def test_a_failed_trial_keeps_the_implant_out_even_when_cleared(clinic: Clinic, doctor: Browser) -> None:
    patient = clinic.patient_b
    assess_note(doctor, patient, FBSS_NOTE)
    cleared = post(clinic, f"/api/patients/{patient}/psych-evaluations",
                   {"evaluated_on": ago(30), "outcome": "cleared", "clinician": "Dr A. Rivera"})
    assert scs(clinic, cleared.json()["replanned_assessment_id"])["status"] == "not yet"  # no trial yet
    failed = post(clinic, f"/api/patients/{patient}/procedures", {
        "option_id": "spinal_cord_stimulation", "performed_on": ago(2), "relief_percent": 40,
        "functional_gain": "functional gain: a little"})
    assert failed.status_code == 201, failed.text
    judged = scs(clinic, failed.json()["replanned_assessment_id"])
    assert judged["status"] == "excluded" and "below the 50% threshold" in judged["reason"]


def test_the_chart_records_the_evaluation_and_shows_where_the_implant_stands(clinic: Clinic,
                                                                           doctor: Browser) -> None:
    patient = clinic.patient_a
    assess_note(doctor, patient, FBSS_NOTE)
    chart = doctor.get(f"/clinic/patients/{patient}").text
    block = text_of(section(chart, 'id="neuromodulation"'))
    assert "Psychological evaluations None recorded." in block and "No trial recorded." in block
    assert "Spinal cord stimulation : Not yet" in block
    assert f'href="/clinic/patients/{patient}/procedures/new?option_id=spinal_cord_stimulation"' in chart
    trial_form = doctor.get(f"/clinic/patients/{patient}/procedures/new?option_id=spinal_cord_stimulation").text
    assert '<option value="spinal_cord_stimulation" selected>' in trial_form
    done = doctor.post(f"/clinic/patients/{patient}/procedures/new", {
        "option_id": "spinal_cord_stimulation", "performed_on": ago(3), "relief_percent": "70",
        "functional": "improved", "functional_note": "back to gardening"})
    assert done.status_code == 303, done.text
    missing = doctor.post(f"/clinic/patients/{patient}/psych-evaluations",
                          {"evaluated_on": ago(5), "outcome": "cleared", "clinician": ""})
    assert missing.status_code == 422 and 'id="e-clinician"' in missing.text
    saved = doctor.post(f"/clinic/patients/{patient}/psych-evaluations",
                        {"evaluated_on": ago(5), "outcome": "cleared", "clinician": "Dr A. Rivera", "note": ""})
    assert saved.status_code == 303, saved.text
    block = text_of(section(doctor.get(f"/clinic/patients/{patient}").text, 'id="neuromodulation"'))
    assert f"{ago(5)}: cleared by Dr A. Rivera" in block
    assert f"{ago(3)}: spinal cord stimulation trial, 70% relief" in block
    assert "Spinal cord stimulation : Available now (criteria met: spinal_cord_stimulation #1: 70% relief" in block
    assert "permanent spinal cord stimulator implant (the trial succeeded)" in block
