# ruff: noqa: F811  (pytest fixtures imported from tests/service/conftest.py are used as parameters)
"""Issue 12: a physical therapist reads what therapy needs from the chart and writes therapy notes and flare
reports; the plan responds to a flare after an exercise by adjusting that exercise's dose ("reduce the load of
nerve glides"), never by stopping therapy, and the clinicians get a review item on the worklist."""

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
from tests.web.test_clinic_pages import Browser, assess_note, text_of
from tests.web.test_signoff import SCIATICA_NOTE, section


@pytest.fixture
def doctor(clinic: Clinic) -> Browser:
    return Browser(clinic, "clin")


@pytest.fixture
def therapist(clinic: Clinic) -> Browser:
    return Browser(clinic, "ther")


def ago(days: int) -> str:
    return (date.today() - timedelta(days=days)).isoformat()


def therapy_option(clinic: Clinic, assessment_id: int) -> dict[str, Any]:
    plan = clinic.call("clinician", "GET", f"/api/assessments/{assessment_id}").json()["output"]["plan"]
    return next(o for s in plan["stages"] for o in s["options"] if o["id"] == "physical_therapy")


def test_a_therapist_reads_the_chart_and_writes_notes_but_cannot_assess_or_decide(clinic: Clinic,
                                                                                  doctor: Browser) -> None:
    assessment = assess_note(doctor, clinic.patient_a, SCIATICA_NOTE)
    patient = clinic.patient_a
    for path in (f"/api/patients/{patient}/chart", f"/api/assessments/{assessment}",
                 f"/api/patients/{patient}/allergies", f"/api/patients/{patient}/procedures"):
        assert clinic.call("therapist", "GET", path).status_code == 200, path
    refused = [
        ("POST", "/api/assessments", {"text": SCIATICA_NOTE, "patient_id": patient}),
        ("POST", f"/api/assessments/{assessment}/decisions", {"option_id": "physical_therapy",
                                                              "decision": "accepted"}),
        ("POST", f"/api/patients/{patient}/procedures", {"option_id": "medial_branch_block",
                                                         "performed_on": ago(1), "relief_percent": 80}),
        ("POST", f"/api/patients/{patient}/medications", {"name": "pregabalin"}),
        ("POST", f"/api/patients/{patient}/psych-evaluations", {"evaluated_on": ago(1), "outcome": "cleared",
                                                                "clinician": "x"}),
    ]
    for method, path, body in refused:
        assert clinic.call("therapist", method, path, json=body).status_code == 403, path
    note = clinic.call("therapist", "POST", f"/api/patients/{patient}/therapy-reports", json={
        "kind": "note", "written_on": ago(2), "text": "hip hinge 3x10, tolerated well"})
    assert note.status_code == 201, note.text
    assert note.json()["replanned_assessment_id"] is None  # a note changes nothing in the plan
    empty = clinic.call("therapist", "POST", f"/api/patients/{patient}/therapy-reports",
                        json={"kind": "note", "written_on": ago(2), "text": " "})
    assert empty.status_code == 422 and "text" in empty.text
    other = clinic.call("patient_b", "GET", f"/api/patients/{patient}/therapy-reports")
    assert other.status_code == 404


def test_a_flare_after_an_exercise_adjusts_its_dose_and_never_stops_therapy(clinic: Clinic,
                                                                            doctor: Browser) -> None:
    patient = clinic.patient_a
    working = assess_note(doctor, patient, SCIATICA_NOTE)
    assert not any("reduce the load" in c for c in therapy_option(clinic, working)["cautions"])
    url = f"/api/patients/{patient}/therapy-reports"
    incomplete = clinic.call("therapist", "POST", url, json={"kind": "flare", "written_on": ago(1),
                                                             "flared": "burning down the leg"})
    assert incomplete.status_code == 422 and "exercise" in incomplete.text and "severity" in incomplete.text
    future = clinic.call("therapist", "POST", url, json={
        "kind": "flare", "written_on": (date.today() + timedelta(days=1)).isoformat(), "exercise": "nerve glides",
        "flared": "burning down the leg", "severity": "moderate"})
    assert future.status_code == 422 and "written_on" in future.text
    flare = clinic.call("therapist", "POST", url, json={
        "kind": "flare", "written_on": ago(1), "exercise": "nerve glides", "flared": "burning down the leg",
        "severity": "moderate", "text": "settled after 2 days"})
    assert flare.status_code == 201, flare.text
    replanned = flare.json()["replanned_assessment_id"]
    adjusted = therapy_option(clinic, replanned)  # still offered: a flare adjusts the dose
    assert adjusted["status"] in {"offer", "current"}
    [dose] = [c for c in adjusted["cautions"] if "reduce the load" in c]
    assert dose.startswith(f"moderate flare of burning down the leg after nerve glides reported {ago(1)}")
    assert "reduce the load of nerve glides" in dose and "not a reason to stop" in dose
    alerts = clinic.call("clinician", "GET", "/api/worklist").json()["alerts"]
    flares = [a for a in alerts if a["source"] == "therapy_flare" and a["patient_id"] == patient]
    assert [(a["title"], a["level"]) for a in flares] == [("Therapy flare after nerve glides: adjust its dose",
                                                          "routine")]
    listed = clinic.call("clinician", "GET", url).json()["items"]
    assert [(r["kind"], r["exercise"]) for r in listed] == [("flare", "nerve glides")]


def test_the_therapist_pages_show_what_therapy_needs_and_take_notes_and_flares(clinic: Clinic, doctor: Browser,
                                                                                therapist: Browser) -> None:
    patient = clinic.patient_a
    assess_note(doctor, patient, SCIATICA_NOTE)
    home = therapist.get("/", follow_redirects=False)
    assert home.status_code in (302, 303, 307) and home.headers["location"].endswith("/therapy/patients")
    found = therapist.get("/therapy/patients?name=Alv").text
    assert f'href="/therapy/patients/{patient}"' in found
    assert therapist.get(f"/clinic/patients/{patient}").status_code == 403  # the clinician's workspace is not theirs
    page = therapist.get(f"/therapy/patients/{patient}").text
    assert "physical therapy" in text_of(section(page, 'id="plan-heading"'))
    assert text_of(page.split('id="therapy-diagnosis"')[1].split("</dd>")[0]).strip()
    saved = therapist.post(f"/therapy/patients/{patient}/notes", {"written_on": ago(0), "text": "walked 10 min"})
    assert saved.status_code == 303, saved.text
    bad = therapist.post(f"/therapy/patients/{patient}/flares", {"flare_written_on": ago(0), "exercise": "",
                                                                 "flared": "calf burning", "severity": ""})
    assert bad.status_code == 422 and 'id="e-exercise"' in bad.text and 'id="e-severity"' in bad.text
    done = therapist.post(f"/therapy/patients/{patient}/flares", {
        "flare_written_on": ago(0), "exercise": "nerve glides", "flared": "calf burning", "severity": "mild",
        "flare_text": ""})
    assert done.status_code == 303, done.text
    page = therapist.get(f"/therapy/patients/{patient}").text
    reports = text_of(section(page, 'id="reports-heading"'))
    assert f"{ago(0)}: Mild flare of calf burning after nerve glides" in reports and "walked 10 min" in reports
    plan = section(page, 'id="plan-heading"')
    assert 'class="dose-adjustment"' in plan and "reduce the load of nerve glides" in text_of(plan)
    worklist = doctor.get("/clinic/worklist").text
    assert "Therapy flare after nerve glides: adjust its dose" in text_of(worklist)
    assert f'href="/therapy/patients/{patient}"' in worklist  # the clinician opens the therapy notes from there
    assert doctor.get(f"/therapy/patients/{patient}").status_code == 200
