"""A misspelled name finds the patient (pg_trgm on PostgreSQL, the same trigram similarity on SQLite)."""

from __future__ import annotations

from typing import Any


def test_a_misspelled_family_name_lists_the_patient_as_similar_and_audits_the_search(clinic: Any) -> None:
    exact = clinic.call("clinician", "GET", "/api/patients", params={"name": "Alvarez"}).json()
    assert exact["match"] == "prefix" and [p["family_name"] for p in exact["items"]] == ["Alvarez"]
    plain = clinic.call("clinician", "GET", "/api/patients", params={"name": "Alvares"}).json()
    assert plain["total"] == 0 and plain["match"] == "prefix"  # without similar=true: prefix only
    close = clinic.call("clinician", "GET", "/api/patients",
                        params={"name": "Alvares", "similar": "true"}).json()
    assert close["match"] == "similar" and [p["family_name"] for p in close["items"]] == ["Alvarez"]
    both = clinic.call("clinician", "GET", "/api/patients",
                       params={"name": "Brightwatter Ana", "similar": "true"}).json()
    assert {p["family_name"] for p in both["items"]} == {"Alvarez", "Brightwater"}  # a word each
    nothing = clinic.call("clinician", "GET", "/api/patients", params={"name": "Zzyzx", "similar": "true"}).json()
    assert nothing["items"] == [] and nothing["match"] == "similar"
    log = clinic.call("admin", "GET", "/api/audit", params={"limit": 200}).json()["items"]
    assert ("search", "patient", "1 similar", "clin") in {
        (e["action"], e["record_type"], e["record_id"], e["username"]) for e in log}
    alvarez = clinic.patient_a
    assert any(e["action"] == "read" and e["patient_id"] == alvarez and e["username"] == "clin" for e in log)


def test_the_front_desk_may_search_similar_names(clinic: Any) -> None:
    desk = clinic.call("front_desk", "GET", "/api/patients", params={"name": "Brightwatr", "similar": "true"})
    assert desk.status_code == 200 and [p["family_name"] for p in desk.json()["items"]] == ["Brightwater"]


def test_the_search_pages_list_similar_names_with_a_warning(clinic: Any) -> None:
    from tests.web.desk_portal_helpers import browser

    desk = browser(clinic, "desk").get("/desk/patients", params={"q": "Brightwatr"})
    assert desk.status_code == 200
    assert "No name starts with “Brightwatr”; 1 similar name" in desk.text and "Brightwater" in desk.text
    doctor = browser(clinic, "clin").get("/clinic/patients", params={"name": "Alvares"})
    assert doctor.status_code == 200 and "Alvarez" in doctor.text
    assert "possible misspelling" in doctor.text
    exact = browser(clinic, "clin").get("/clinic/patients", params={"name": "Alvarez"})
    assert "possible misspelling" not in exact.text and "1 patient found" in exact.text
