"""Helpers that create one record of each kind for a patient through the API (as a clinician)."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select

from painpath.adapters.db import tables

NOTE = ("44-year-old nurse with lower back pain radiating to the right calf after lifting a patient. "
        "Positive straight leg raise on the right. MRI: right L5-S1 disc herniation.")
_counter = itertools.count(1)


def make_records(clinic: Any, patient_id: int) -> dict[str, int]:
    """An encounter, assessment, procedure (its re-plan a proposal), medication, outcome, goal and appointment for
    the patient."""
    post = lambda path, body: clinic.call("clinician", "POST", path, json=body)  # noqa: E731
    ids: dict[str, int] = {"patient_id": patient_id}
    r = post(f"/api/patients/{patient_id}/encounters", {"kind": "new", "occurred_at": "2026-01-05T09:00:00Z",
                                                        "reason": "referral", "note": NOTE})
    assert r.status_code == 201, r.text
    ids["encounter_id"] = r.json()["id"]
    r = post("/api/assessments", {"text": NOTE, "patient_id": patient_id, "encounter_id": ids["encounter_id"]})
    assert r.status_code == 201, r.text
    ids["assessment_id"] = int(r.headers["location"].rsplit("/", 1)[1])
    # before the block: an allergy re-plans too, and the block's re-plan must stay the newest proposal
    r = post(f"/api/patients/{patient_id}/allergies", {"substance": "codeine", "reaction": "vomiting"})
    assert r.status_code == 201, r.text
    ids["allergy_id"] = r.json()["id"]
    r = post(f"/api/patients/{patient_id}/procedures", {"option_id": "medial_branch_block",
                                                        "performed_on": "2026-02-01", "relief_percent": 80,
                                                        "duration_hours": 6, "functional_gain": "walked 2 km"})
    assert r.status_code == 201, r.text
    ids["procedure_id"] = r.json()["id"]
    ids["proposal_id"] = r.json()["replanned_assessment_id"]  # the block's re-plan: a proposal to sign off
    r = post(f"/api/patients/{patient_id}/medications", {"name": "duloxetine", "dose": 30, "unit": "mg",
                                                         "per_day": 1, "status": "trial"})
    assert r.status_code == 201, r.text
    ids["medication_id"] = r.json()["id"]
    r = post(f"/api/patients/{patient_id}/outcomes", {"instrument": "nrs", "score": 6,
                                                      "items": {"pain": 6}, "taken_at": "2026-02-08T10:00:00Z"})
    assert r.status_code == 201, r.text
    ids["outcome_id"] = r.json()["id"]
    r = post(f"/api/patients/{patient_id}/goals", {"kind": "work", "description": "return to full shifts",
                                                   "baseline": "4 h", "target": "12 h", "measure": "hours a shift",
                                                   "baseline_value": 4, "target_value": 12,
                                                   "due_on": (date.today() + timedelta(days=90)).isoformat()})
    assert r.status_code == 201, r.text
    ids["goal_id"] = r.json()["id"]
    # a PHQ-9 with item 9 answered raises a worklist alert
    phq9 = {f"q{i}": 1 for i in range(1, 10)}
    r = post(f"/api/patients/{patient_id}/outcomes", {"instrument": "phq9", "items": phq9,
                                                      "taken_at": "2026-02-08T10:05:00Z"})
    assert r.status_code == 201, r.text
    with clinic.session() as session:
        ids["alert_id"] = int(session.scalar(select(tables.ClinicalAlert.id).where(
            tables.ClinicalAlert.source == "questionnaire", tables.ClinicalAlert.source_id == str(r.json()["id"]))))
    r = post(f"/api/patients/{patient_id}/appointments", {"starts_at": future_time(days=14 + patient_id, at="09:30"),
                                                          "kind": "follow_up"})
    assert r.status_code == 201, r.text
    ids["appointment_id"] = r.json()["id"]
    with clinic.session() as session:  # a dead letter, so that an admin's retry of it succeeds
        now = datetime.now(UTC)
        job = tables.Job(name="waitlist_sweep", key=f"access-{patient_id}-{unique()}", status="dead", attempts=5,
                         max_attempts=5, last_error="ConnectionError: test", result=None, queued_by="admin",
                         created_at=now, updated_at=now)
        session.add(job)
        session.commit()
        ids["job_id"] = job.id
    return ids


VERSIONED = {
    "patient_id": tables.Patient, "encounter_id": tables.Encounter, "procedure_id": tables.ProcedureResponse,
    "medication_id": tables.Medication, "goal_id": tables.FunctionalGoal, "appointment_id": tables.Appointment,
    "user_id": tables.User, "allergy_id": tables.Allergy,
}


def future_time(*, days: int, at: str) -> str:
    """A time inside clinic hours (UTC, the policy's zone) ``days`` from today: bookable on any date."""
    return f"{(date.today() + timedelta(days=days)).isoformat()}T{at}:00Z"


def future_slot(n: int) -> str:
    """A distinct ordinary slot (08:30 to 15:30, not the held ones) in the next six days for each ``n``: inside the
    booking window of the patient's 'soon' referral (make_intake_records), so it books without a reason."""
    minutes = 8 * 60 + 30 + 30 * (n % 14)
    return future_time(days=1 + (n // 14) % 6, at=f"{minutes // 60:02d}:{minutes % 60:02d}")


def current_version(clinic: Any, param: str, record_id: int) -> int:
    with clinic.session() as session:
        model = VERSIONED[param]
        return int(session.scalar(select(model.version).where(model.id == record_id)) or 1)


def unique() -> int:
    return next(_counter)


def body_for(clinic: Any, method: str, path: str, params: dict[str, int]) -> dict[str, Any] | None:
    """A valid body for each operation (None when the operation takes none)."""
    n = unique()
    if (method, path) == ("POST", "/api/auth/activate"):  # a fresh one-time link each time
        created = clinic.call("admin", "POST", "/api/users", json={"username": f"activate{n}",
                                                                   "display_name": "New", "role": "front_desk"})
        token = created.json()["activation_path"].removeprefix("/activate/")
        return {"token": token, "password": "velvet-harbour-lantern-93"}
    param = next((p for p in VERSIONED if "{" + p + "}" in path), None)
    version = current_version(clinic, param, params[param]) if param and (
        method == "PATCH" or path.endswith("/remove")) else 1
    if (method, path) == ("POST", "/api/assessments/{proposal_id}/dismiss"):  # a fresh proposal for each caller
        replanned = clinic.call("clinician", "POST", f"/api/patients/{params['patient_id']}/procedures", json={
            "option_id": "medial_branch_block", "performed_on": "2026-02-02", "relief_percent": 85})
        params["proposal_id"] = replanned.json()["replanned_assessment_id"]
        return {"reason": f"superseded by the clinician's own assessment {n}"}
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    bodies: dict[tuple[str, str], dict[str, Any]] = {
        ("POST", "/api/auth/token"): {"username": "clin", "password": "correct-horse-battery"},
        ("POST", "/api/me/totp"): {"code": None},  # starts a set-up only: sign-in is unchanged until a code confirms it
        ("POST", "/api/patients"): {"mrn": f"N-{n}", "family_name": "New", "given_name": "Person",
                                    "birth_date": "1990-01-01"},
        ("PATCH", "/api/patients/{patient_id}"): {"version": version, "phone": f"555-{n:04d}"},
        ("POST", "/api/patients/{patient_id}/appointments"): {"starts_at": future_slot(n),
                                                              "kind": "follow_up"},
        ("PATCH", "/api/appointments/{appointment_id}"): {"version": version, "minutes": 20 + n % 30},
        ("POST", "/api/patients/{patient_id}/encounters"): {"kind": "follow_up",
                                                            "occurred_at": "2026-04-01T09:00:00Z"},
        ("PATCH", "/api/encounters/{encounter_id}"): {"version": version, "reason": f"review {n}"},
        ("POST", "/api/assessments"): {"text": NOTE, "patient_id": params["patient_id"]},
        ("POST", "/api/assessments/{assessment_id}/decisions"): {"option_id": offered_option(clinic, params),
                                                                 "decision": "accepted"},
        ("POST", "/api/patients/{patient_id}/procedures"): {"option_id": "medial_branch_block",
                                                            "performed_on": "2026-04-02", "relief_percent": 50},
        ("PATCH", "/api/procedures/{procedure_id}"): {"version": version, "relief_percent": n % 100},
        ("POST", "/api/patients/{patient_id}/medications"): {"name": "pregabalin", "dose": 75, "unit": "mg"},
        ("POST", "/api/patients/{patient_id}/allergies"): {"substance": "penicillin", "reaction": "rash"},
        ("PATCH", "/api/allergies/{allergy_id}"): {"version": version, "severity": "mild",
                                                   "reason": f"patient recalls it was mild {n}"},
        ("POST", "/api/allergies/{allergy_id}/remove"): {"version": version, "reason": "tolerated a full course"},
        ("POST", "/api/patients/{patient_id}/psych-evaluations"): {"evaluated_on": yesterday, "outcome": "cleared",
                                                                   "clinician": "Dr A. Rivera"},
        ("POST", "/api/patients/{patient_id}/therapy-reports"): {"kind": "flare", "written_on": yesterday,
                                                                 "exercise": "nerve glides", "flared": "leg burning",
                                                                 "severity": "mild"},
        ("PATCH", "/api/medications/{medication_id}"): {"version": version, "effect": f"helps {n}"},
        ("POST", "/api/patients/{patient_id}/outcomes"): {"instrument": "nrs", "score": 4,
                                                          "taken_at": "2026-04-03T10:00:00Z"},
        ("POST", "/api/patients/{patient_id}/goals"): {"kind": "life", "description": "garden again"},
        ("PATCH", "/api/goals/{goal_id}"): {"version": version, "target": f"{n} hours"},
        ("POST", "/api/goals/{goal_id}/checkins"): {"checked_on": date.today().isoformat(), "value": 6 + n % 3},
        ("POST", "/api/alerts/{alert_id}/acknowledge"): {"action_note": "called the patient; seen today"},
        ("POST", "/api/users"): {"username": f"user{n}", "display_name": "New User", "role": "front_desk"},
        ("PATCH", "/api/users/{user_id}"): {"version": version, "display_name": f"Renamed {n}"},
        ("PUT", "/api/settings/{key}"): {"value": f"Clinic {n}", "version": version_of_setting(clinic)},
        ("POST", "/api/jobs"): {"name": "waitlist_sweep"},
    }
    return bodies.get((method, path))


def offered_option(clinic: Any, params: dict[str, int]) -> str:
    """The first option the stored assessment's plan offers (decisions must name one of them)."""
    with clinic.session() as session:
        row = session.get(tables.Assessment, params["assessment_id"])
        stages = row.output["plan"]["stages"] if row is not None else []
        return str(stages[0]["options"][0]["id"]) if stages else "physical_therapy"


def version_of_setting(clinic: Any) -> int | None:
    with clinic.session() as session:
        row = session.get(tables.ClinicSetting, "clinic_name")
        return row.version if row else None
