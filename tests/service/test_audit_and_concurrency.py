"""Audit trail (every access recorded, chained, tamper-evident) and optimistic concurrency (409 with what changed)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from typer.testing import CliRunner

from painpath.cli import app as cli


def verify(clinic: Any) -> Any:
    return CliRunner().invoke(cli, ["audit", "verify"], env={"PAINPATH_DATABASE_URL": clinic.url})


def tamper(clinic: Any, statement: str) -> None:
    """What an attacker with database access does: switch off the append-only trigger, then edit."""
    with clinic.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only"))
        else:
            connection.execute(text("DROP TRIGGER IF EXISTS audit_log_no_update"))
            connection.execute(text("DROP TRIGGER IF EXISTS audit_log_no_delete"))
        connection.execute(text(statement))


def test_every_read_and_write_of_patient_data_is_in_the_audit_report(clinic: Any) -> None:
    clinic.call("clinician", "GET", f"/api/patients/{clinic.patient_a}/chart")
    clinic.call("front_desk", "PATCH", f"/api/patients/{clinic.patient_a}", json={"version": 1, "phone": "555-9"})
    report = clinic.call("admin", "GET", "/api/audit", params={"patient_id": clinic.patient_a, "sort": "seq"}).json()
    events = [(e["username"], e["role"], e["action"], e["record_type"]) for e in report["items"]]
    assert ("clin", "clinician", "read", "chart") in events
    assert ("desk", "front_desk", "update", "patient") in events
    assert all(e["patient_id"] == clinic.patient_a for e in report["items"])
    assert {e["ip"] for e in report["items"] if e["username"] != "system"} == {"testclient"}
    only_desk = clinic.call("admin", "GET", "/api/audit", params={"user_id": clinic.user_ids["desk"]}).json()
    assert {e["username"] for e in only_desk["items"]} == {"desk"}
    future = clinic.call("admin", "GET", "/api/audit", params={"since": "2099-01-01T00:00:00Z"}).json()
    assert future["total"] == 0


def test_audit_verify_passes_on_an_untouched_chain(clinic: Any) -> None:
    clinic.call("clinician", "GET", f"/api/patients/{clinic.patient_a}")
    result = verify(clinic)
    assert result.exit_code == 0, result.output
    assert "audit chain intact" in result.output


def test_the_database_refuses_to_update_or_delete_audit_entries(clinic: Any) -> None:
    with pytest.raises(DBAPIError), clinic.engine.begin() as connection:
        connection.execute(text("UPDATE audit_log SET username = 'nobody' WHERE seq = 1"))
    with pytest.raises(DBAPIError), clinic.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_log WHERE seq = 1"))


def test_audit_verify_catches_an_edited_entry(clinic: Any) -> None:
    clinic.call("clinician", "GET", f"/api/patients/{clinic.patient_a}")
    tamper(clinic, "UPDATE audit_log SET username = 'someone_else' WHERE seq = 3")
    result = verify(clinic)
    assert result.exit_code == 1
    assert "entry 3: contents do not match its hash" in result.output


def test_audit_verify_catches_a_deleted_entry(clinic: Any) -> None:
    clinic.call("clinician", "GET", f"/api/patients/{clinic.patient_a}")
    tamper(clinic, "DELETE FROM audit_log WHERE seq = 4")
    result = verify(clinic)
    assert result.exit_code == 1
    assert "entry 4 missing" in result.output


def test_audit_verify_catches_deleted_newest_entries(clinic: Any) -> None:
    clinic.call("clinician", "GET", f"/api/patients/{clinic.patient_a}")
    tamper(clinic, "DELETE FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)")
    result = verify(clinic)
    assert result.exit_code == 1
    assert "newest entries were deleted" in result.output


def test_a_stale_edit_gets_409_with_what_changed_and_overwrites_nothing(clinic: Any) -> None:
    path = f"/api/patients/{clinic.patient_a}"
    seen_by_desk = clinic.call("front_desk", "GET", path).json()
    seen_by_clinician = clinic.call("clinician", "GET", path).json()
    assert seen_by_desk["version"] == seen_by_clinician["version"] == 1
    first = clinic.call("front_desk", "PATCH", path, json={"version": 1, "phone": "555-7777"})
    assert first.status_code == 200 and first.json()["version"] == 2
    stale = clinic.call("clinician", "PATCH", path, json={"version": 1, "phone": "555-1234", "address": "2 Road"})
    assert stale.status_code == 409
    body = stale.json()
    assert "version 1" in body["detail"] and "version 2" in body["detail"]
    assert body["current"]["phone"] == "555-7777" and body["current"]["version"] == 2
    assert body["changes"] == [{"version": 2, "by": "desk", "at": body["changes"][0]["at"],
                                "fields": {"phone": {"from": "555-0101", "to": "555-7777"}}}]
    assert clinic.call("clinician", "GET", path).json()["address"] is None
    retry = clinic.call("clinician", "PATCH", path, json={"version": 2, "address": "2 Road"})
    assert retry.status_code == 200
    assert (retry.json()["version"], retry.json()["phone"], retry.json()["address"]) == (3, "555-7777", "2 Road")


def test_every_editable_kind_refuses_a_stale_version(clinic: Any) -> None:
    from tests.service.records import make_records

    ids = make_records(clinic, clinic.patient_a)
    for path, edit in (
        (f"/api/encounters/{ids['encounter_id']}", {"reason": "x"}),
        (f"/api/procedures/{ids['procedure_id']}", {"relief_percent": 10}),
        (f"/api/medications/{ids['medication_id']}", {"effect": "none"}),
        (f"/api/goals/{ids['goal_id']}", {"target": "y"}),
        (f"/api/appointments/{ids['appointment_id']}", {"minutes": 45}),
    ):
        assert clinic.call("clinician", "PATCH", path, json={"version": 1, **edit}).status_code == 200
        again = clinic.call("clinician", "PATCH", path, json={"version": 1, **edit})
        assert again.status_code == 409, path
        assert again.json()["changes"][0]["fields"], path
