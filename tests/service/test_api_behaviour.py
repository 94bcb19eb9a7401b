"""Assessments over HTTP, validation messages a person can act on, sign-in lock-out and CSRF."""

from __future__ import annotations

from typing import Any

import pytest

from painpath.adapters.contract_json import to_contract
from tests.service.records import NOTE


def test_post_assessment_returns_the_cli_json_and_stores_input_output_and_kb_version(
    clinic: Any, assessor: Any
) -> None:
    response = clinic.call("clinician", "POST", "/api/assessments", json={"text": NOTE, "patient_id": clinic.patient_a})
    assert response.status_code == 201
    assert response.json() == to_contract(assessor.assess_text(NOTE), assessor.kb)
    stored = clinic.call("clinician", "GET", response.headers["location"]).json()
    assert stored["input"] == {"text": NOTE}
    assert stored["output"] == response.json()
    assert stored["kb_version"] == assessor.kb.version
    assert stored["patient_id"] == clinic.patient_a


def test_structured_intake_is_assessed_and_stored_as_given(clinic: Any) -> None:
    intake = {"story": "burning pain in both feet for two years", "age": 61, "locations": ["leg"]}
    response = clinic.call("clinician", "POST", "/api/assessments", json={**intake, "patient_id": clinic.patient_a})
    assert response.status_code == 201, response.text
    stored = clinic.call("clinician", "GET", response.headers["location"]).json()
    assert (stored["input_kind"], stored["input"]) == ("intake", intake)


def test_plan_decisions_need_an_option_of_this_plan_and_a_reason_to_decline(clinic: Any) -> None:
    created = clinic.call("clinician", "POST", "/api/assessments", json={"text": NOTE, "patient_id": clinic.patient_a})
    offered = [option["id"] for stage in created.json()["plan"]["stages"] for option in stage["options"]]
    assert offered, "the plan engine offers options for this note"
    path = created.headers["location"] + "/decisions"
    bad = clinic.call("clinician", "POST", path, json={"option_id": "leeches", "decision": "accepted"})
    assert bad.status_code == 422 and "not a plan option" in bad.json()["detail"]
    elsewhere = next(o for o in ("pudendal_nerve_block", "triptan", "pelvic_floor_therapy") if o not in offered)
    not_offered = clinic.call("clinician", "POST", path, json={"option_id": elsewhere, "decision": "accepted"})
    assert not_offered.status_code == 422 and "not in this assessment's plan" in not_offered.json()["detail"]
    no_reason = clinic.call("clinician", "POST", path, json={"option_id": offered[0], "decision": "declined"})
    assert no_reason.status_code == 422 and "say why" in no_reason.json()["detail"]
    ok = clinic.call("clinician", "POST", path, json={"option_id": offered[0], "decision": "declined",
                                                      "reason": "patient prefers to avoid"})
    assert ok.status_code == 201
    record = clinic.call("clinician", "GET", created.headers["location"]).json()
    assert [(d["option_id"], d["decision"]) for d in record["decisions"]] == [(offered[0], "declined")]


@pytest.mark.parametrize(("method", "path", "body", "message"), [
    ("POST", "/api/patients", {"mrn": "X1", "family_name": "A", "given_name": "B", "birth_date": "31/12/1980"},
     "birth_date: Input should be a valid date"),
    ("POST", "/api/patients", {"mrn": "X1", "given_name": "B", "birth_date": "1980-12-31"},
     "family_name: is required"),
    ("POST", "/api/patients", {"mrn": "A-0001", "family_name": "A", "given_name": "B", "birth_date": "1980-12-31"},
     "record number 'A-0001' is already used"),
    ("PATCH", "/api/patients/{a}", {"phone": "1"}, "version: is required"),
    ("PATCH", "/api/patients/{a}", {"version": 1, "family_name": None}, "family_name cannot be emptied"),
    ("POST", "/api/assessments", {"text": "   "}, "the note is empty"),
    ("POST", "/api/assessments", {"locations": ["elbowz"]}, "unknown region 'elbowz'"),
    ("POST", "/api/assessments", {}, "intake has nothing to assess"),
    ("POST", "/api/patients/{a}/procedures", {"option_id": "acupuncture_x", "performed_on": "2026-01-01"},
     "is not a procedure of the plan vocabulary"),
    ("POST", "/api/patients/{a}/procedures", {"option_id": "medial_branch_block", "performed_on": "2026-01-01",
                                             "relief_percent": 140}, "relief_percent: Input should be less than"),
    ("POST", "/api/patients/{a}/outcomes", {"instrument": "nrs", "score": 3, "taken_at": "2026-01-01T10:00"},
     "taken_at: Input should have timezone info"),
    ("POST", "/api/patients/{a}/encounters", {"kind": "new", "occurred_at": "2026-01-01T10:00:00Z",
                                             "note": "a\u0000b"}, "NUL character"),
    ("GET", "/api/patients?sort=password", None, "sort: Input should be"),
    ("GET", "/api/patients?limit=0", None, "limit: Input should be greater than or equal to 1"),
    ("GET", "/api/patients/abc", None, "patient_id: Input should be a valid integer"),
    ("GET", "/api/patients/99999999999999", None, "patient_id: Input should be less than or equal to"),
])
def test_invalid_input_is_422_with_a_message_naming_the_field(
    clinic: Any, method: str, path: str, body: Any, message: str
) -> None:
    response = clinic.call("clinician", method, path.replace("{a}", str(clinic.patient_a)), json=body)
    assert response.status_code == 422, response.text
    assert message in response.json()["detail"]


def test_a_body_that_is_not_json_is_422_not_500(clinic: Any) -> None:
    response = clinic.client.post("/api/patients", content=b"{not json", headers={
        **clinic.headers("clinician"), "content-type": "application/json"})
    assert response.status_code == 422
    assert "not valid JSON" in response.json()["detail"]


def test_search_by_name_birth_date_and_record_number(clinic: Any) -> None:
    def found(**params: str) -> list[str]:
        return [p["mrn"] for p in clinic.call("front_desk", "GET", "/api/patients", params=params).json()["items"]]

    assert found(name="bright") == ["B-0002"]
    assert found(name="ana alv") == ["A-0001"]
    assert found(birth_date="1975-01-02") == ["B-0002"]
    assert found(mrn="A-0001") == ["A-0001"]
    assert found(sort="-family_name") == ["B-0002", "A-0001"]
    assert found(name="%") == []


def test_browser_session_needs_the_csrf_token_for_every_change(clinic: Any) -> None:
    clinic.client.get("/login")
    forged = clinic.client.post("/login", data={"username": "desk", "password": "correct-horse-battery",
                                                "csrf_token": "forged"}, follow_redirects=False)
    assert forged.status_code == 200 and "please sign in again" in forged.text
    token = forged.text.split('name="csrf_token" value="')[1].split('"')[0]  # the re-shown form's token
    signed_in = clinic.client.post("/login", data={"username": "desk", "password": "correct-horse-battery",
                                                   "csrf_token": token}, follow_redirects=False)
    assert signed_in.status_code == 303 and "painpath_session" in signed_in.cookies
    home = clinic.client.get("/")
    csrf = home.text.split('name="csrf-token" content="')[1].split('"')[0]
    body = {"mrn": "C-1", "family_name": "Cruz", "given_name": "Carla", "birth_date": "1990-02-03"}
    without = clinic.client.post("/api/patients", json=body)
    assert without.status_code == 403 and "X-CSRF-Token" in without.json()["detail"]
    with_token = clinic.client.post("/api/patients", json=body, headers={"X-CSRF-Token": csrf})
    assert with_token.status_code == 201
    assert clinic.client.get(f"/api/patients/{with_token.json()['id']}").status_code == 200
