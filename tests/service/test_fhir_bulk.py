"""FHIR Bulk Data export: kick-off with Prefer: respond-async, 202 and Content-Location, polling with progress,
a manifest of NDJSON files per resource type for the person who asked only, cancellation, and every exported
resource valid R4."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from painpath.adapters.fhir_r4 import checked
from tests.service.records import make_records

ASYNC = {"Prefer": "respond-async"}


@pytest.fixture(autouse=True)
def _export_jobs_finish(clinic: Any) -> Iterator[None]:
    """Export jobs run on threads of the app: each test waits for them before its database is dropped (a job
    still reading a cancelled export would otherwise hold locks the teardown needs)."""
    yield
    assert clinic.client.app.state.job_queue.wait_idle(60)


def kick_off(clinic: Any, path: str, role: str = "clinician", **params: Any) -> Any:
    return clinic.client.get(path, params=params, headers={**clinic.headers(role), **ASYNC})


def wait_for_manifest(clinic: Any, status_url: str, role: str = "clinician") -> dict[str, Any]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        polled = clinic.client.get(status_url, headers=clinic.headers(role))
        if polled.status_code == 200:
            return dict(polled.json())
        assert polled.status_code == 202, polled.text
        assert polled.headers["X-Progress"]
        time.sleep(0.2)
    raise AssertionError("the export did not finish within 60 s")


def read_file(clinic: Any, url: str, role: str = "clinician") -> list[dict[str, Any]]:
    response = clinic.client.get(url, headers=clinic.headers(role))
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/fhir+ndjson")
    return [json.loads(line) for line in response.text.splitlines() if line]


def test_a_system_export_writes_every_record_as_valid_ndjson_per_type(clinic: Any) -> None:
    make_records(clinic, clinic.patient_a)
    make_records(clinic, clinic.patient_b)
    started = kick_off(clinic, "/fhir/$export")
    assert started.status_code == 202, started.text
    status_url = started.headers["Content-Location"]
    assert "/fhir/bulk-status/" in status_url
    manifest = wait_for_manifest(clinic, status_url)
    assert manifest["requiresAccessToken"] is True and manifest["request"].endswith("/fhir/$export")
    by_type = {item["type"]: item for item in manifest["output"]}
    assert {"Patient", "Encounter", "MedicationStatement", "Procedure", "Goal", "Observation", "Appointment",
            "Condition", "RiskAssessment", "Practitioner", "CarePlan", "QuestionnaireResponse", "DocumentReference",
            "Provenance", "Questionnaire"} <= set(by_type)
    assert "AuditEvent" not in by_type  # the audit trail is the administrators', not part of a clinical export
    summaries = [d for d in read_file(clinic, by_type["DocumentReference"]["url"]) if d["id"].startswith("summary-")]
    assert summaries and all(d["content"][0]["attachment"]["url"].startswith("http") for d in summaries)
    patients = read_file(clinic, by_type["Patient"]["url"])
    assert sorted(p["identifier"][0]["value"] for p in patients) == ["A-0001", "B-0002"]
    for item in manifest["output"]:
        resources = read_file(clinic, item["url"])
        assert len(resources) == item["count"]
        assert all(checked(r)["resourceType"] == item["type"] for r in resources)
    # the files are the asker's alone: another clinician (or a patient) gets nothing
    other = clinic.client.get(by_type["Patient"]["url"])
    assert other.status_code == 401
    assert clinic.client.get(status_url, headers=clinic.headers("patient")).status_code == 403
    log = clinic.call("admin", "GET", "/api/audit", params={"limit": 200}).json()["items"]
    exported = {e["patient_id"] for e in log if e["username"] == "clin" and e["action"] == "read"}
    assert {clinic.patient_a, clinic.patient_b} <= exported  # every patient exported is a read by the asker


def test_type_and_since_narrow_the_export(clinic: Any) -> None:
    make_records(clinic, clinic.patient_a)
    later = (datetime.now(UTC) + timedelta(days=1)).isoformat().replace("+00:00", "Z")
    nothing = wait_for_manifest(clinic, kick_off(clinic, "/fhir/Patient/$export", _type="Patient,Goal",
                                                 _since=later).headers["Content-Location"])
    assert nothing["output"] == []
    goals = wait_for_manifest(clinic, kick_off(clinic, "/fhir/Patient/$export",
                                               _type="Goal").headers["Content-Location"])
    assert [item["type"] for item in goals["output"]] == ["Goal"]


@pytest.mark.parametrize(("params", "headers", "word"), [
    ({}, {}, "respond-async"),
    ({"_type": "Patient,Spaceship"}, ASYNC, "Spaceship"),
    ({"_outputFormat": "text/csv"}, ASYNC, "_outputFormat"),
    ({"_type": "Practitioner"}, ASYNC, "Practitioner"),  # not in a patient-level export
])
def test_a_bad_kick_off_says_what_to_fix(clinic: Any, params: dict[str, str], headers: dict[str, str],
                                         word: str) -> None:
    response = clinic.client.get("/fhir/Patient/$export", params=params, headers={**clinic.headers("clinician"),
                                                                                  **headers})
    assert response.status_code == 422 and response.json()["resourceType"] == "OperationOutcome"
    assert word in response.json()["issue"][0]["diagnostics"]


def test_a_cancelled_export_is_gone(clinic: Any) -> None:
    status_url = kick_off(clinic, "/fhir/$export").headers["Content-Location"]
    cancelled = clinic.client.delete(status_url, headers=clinic.headers("clinician"))
    assert cancelled.status_code == 202
    assert clinic.client.get(status_url, headers=clinic.headers("clinician")).status_code == 404
    assert kick_off(clinic, "/fhir/$export", role="front_desk").status_code == 403
