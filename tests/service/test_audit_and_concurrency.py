"""Audit trail (every access recorded, chained, tamper-evident) and optimistic concurrency (409 with what changed)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import bindparam, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from painpath.adapters.db import audit
from painpath.adapters.db.audit import GENESIS, plain_entry_hash
from painpath.adapters.db.tables import AuditEntry, UtcDateTime
from painpath.cli import app as cli
from painpath.services.access import SYSTEM


def verify(clinic: Any) -> Any:
    return CliRunner().invoke(cli, ["audit", "verify"], env={"PAINPATH_DATABASE_URL": clinic.url})


def chain(clinic: Any) -> int:
    """What the background chaining step does (PostgreSQL; SQLite chains at each commit, so 0 there)."""
    from painpath.adapters.db.database import session_factory

    return audit.chain_all(session_factory(clinic.engine))


def tamper(clinic: Any, statement: str) -> None:
    """What an attacker with database access does: switch off the append-only trigger, then edit (entries
    chained: an unchained entry is not tamper-evident yet)."""
    chain(clinic)
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
    tamper(clinic, "UPDATE audit_log SET username = 'someone_else' WHERE pos = 3")
    result = verify(clinic)
    assert result.exit_code == 1
    assert re.search(r"entry 3( \(sequence number \d+\))?: contents do not match its MAC", result.output)


def test_audit_verify_catches_a_deleted_entry(clinic: Any) -> None:
    clinic.call("clinician", "GET", f"/api/patients/{clinic.patient_a}")
    tamper(clinic, "DELETE FROM audit_log WHERE pos = 4")
    result = verify(clinic)
    assert result.exit_code == 1
    assert "entry 4 missing" in result.output


def test_audit_verify_catches_deleted_newest_entries(clinic: Any) -> None:
    clinic.call("clinician", "GET", f"/api/patients/{clinic.patient_a}")
    tamper(clinic, "DELETE FROM audit_log WHERE pos = (SELECT MAX(pos) FROM audit_log)")
    result = verify(clinic)
    assert result.exit_code == 1
    assert "newest entries were deleted" in result.output


@pytest.fixture
def checkpoint_file(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """A checkpoint file outside the database for either backend (requested before the clinic is built)."""
    path = tmp_path / "elsewhere" / "audit.checkpoint"
    monkeypatch.setenv("PAINPATH_AUDIT_CHECKPOINT", str(path))
    return path


def drop_audit_guards(connection: Any) -> None:
    if connection.dialect.name == "postgresql":
        connection.execute(text("ALTER TABLE audit_log DISABLE TRIGGER USER"))
        connection.execute(text("ALTER TABLE audit_head DISABLE TRIGGER USER"))
    else:
        for trigger in ("audit_log_no_update", "audit_log_no_delete", "audit_head_no_delete"):
            connection.execute(text(f"DROP TRIGGER IF EXISTS {trigger}"))


def test_a_rewritten_chain_is_detected_without_the_key(clinic: Any) -> None:
    """An attacker with database access rewrites an entry and recomputes every hash after it and the head, as the
    unkeyed chain allowed: without the key outside the database the MACs cannot be forged."""
    clinic.call("clinician", "GET", f"/api/patients/{clinic.patient_a}")
    chain(clinic)
    with clinic.engine.begin() as connection:
        drop_audit_guards(connection)
    with clinic.session() as session:
        rows = list(session.scalars(select(AuditEntry).order_by(AuditEntry.pos)))
        rows[2].username = "someone_else"
        prev = GENESIS
        for row in rows:
            row.prev_hash, row.hash = prev, plain_entry_hash(prev, row)
            prev = row.hash
        session.execute(text("UPDATE audit_head SET hash = :h"), {"h": prev})
        session.commit()
    result = verify(clinic)
    assert result.exit_code == 1
    assert re.search(r"entry 1( \(sequence number \d+\))?: contents do not match its MAC", result.output)
    assert re.search(rf"entry {len(rows)}( \(sequence number \d+\))?: contents do not match", result.output)


def test_a_removed_tail_with_the_head_moved_back_is_found_by_the_checkpoint(checkpoint_file: Any, clinic: Any) -> None:
    """Drop the guards, delete the newest entries and move the head back: the chain in the database is
    consistent again, but the checkpoint outside it remembers the newer head."""
    for _ in range(3):
        clinic.call("clinician", "GET", f"/api/patients/{clinic.patient_a}")
    chain(clinic)
    assert verify(clinic).exit_code == 0
    lines = checkpoint_file.read_text().splitlines()
    newest = max(int(line.split()[0]) for line in lines)
    with clinic.engine.begin() as connection:
        drop_audit_guards(connection)
        connection.execute(text("DELETE FROM audit_log WHERE pos > :keep"), {"keep": newest - 3})
        kept = connection.execute(text("SELECT hash FROM audit_log WHERE pos = :s"), {"s": newest - 3}).scalar_one()
        connection.execute(text("UPDATE audit_head SET seq = :s, hash = :h"), {"s": newest - 3, "h": kept})
    result = verify(clinic)
    assert result.exit_code == 1, result.output
    assert f"records entry {newest}: the newest entries were deleted" in result.output
    assert "newest entries were deleted or replaced" not in result.output  # the head alone was fooled


def test_the_database_refuses_to_truncate_or_delete_the_audit_tables(clinic: Any) -> None:
    """Even the owner's connection (the triggers, not only the app role's grants): on PostgreSQL TRUNCATE too."""
    chain(clinic)
    statements = ["DELETE FROM audit_log", "DELETE FROM audit_head"]
    if clinic.engine.dialect.name == "postgresql":
        statements += ["TRUNCATE audit_log", "TRUNCATE audit_head", "TRUNCATE audit_log, audit_head"]
    for statement in statements:
        with pytest.raises(DBAPIError, match="append-only"), clinic.engine.begin() as connection:
            connection.execute(text(statement))
    result = verify(clinic)
    assert result.exit_code == 0 and "intact: 1" in result.output


@pytest.mark.postgres
def test_the_app_role_may_only_insert_and_read_audit_rows(clinic: Any) -> None:
    import uuid

    if clinic.engine.dialect.name != "postgresql":
        pytest.skip("roles are a PostgreSQL feature")
    role = f"painpath_app_{uuid.uuid4().hex[:8]}"
    with clinic.engine.begin() as connection:
        connection.execute(text(f"CREATE ROLE {role} NOLOGIN"))
    try:
        granted = CliRunner().invoke(cli, ["db", "grant-app-role", role], env={"PAINPATH_DATABASE_URL": clinic.url})
        assert granted.exit_code == 0, granted.output
        with clinic.engine.begin() as connection:
            connection.execute(text(f"SET LOCAL ROLE {role}"))
            assert connection.execute(text("SELECT count(*) FROM audit_log")).scalar_one() > 0
            connection.execute(text("UPDATE patients SET phone = '555-1' WHERE id = :p"), {"p": clinic.patient_a})
        for attack in ("TRUNCATE audit_log", "DELETE FROM audit_log", "UPDATE audit_log SET ip = 'x'",
                       "DELETE FROM audit_head", "ALTER TABLE audit_log DISABLE TRIGGER USER",
                       "DROP TRIGGER audit_log_no_truncate ON audit_log"):
            with pytest.raises(DBAPIError, match=r"permission denied|must be owner"), \
                    clinic.engine.begin() as connection:
                connection.execute(text(f"SET LOCAL ROLE {role}"))
                connection.execute(text(attack))
        # and the service works as that role: a sign-in writes an audit entry and moves the head
        with clinic.engine.begin() as connection:
            connection.execute(text(f"SET LOCAL ROLE {role}"))
            with Session(bind=connection) as session:
                audit.append(session, SYSTEM, action="read", record_type="test", record_id=1, patient_id=None)
                assert audit.chain_pending(session) >= 1  # and links it: UPDATE of the link columns only
                session.flush()
    finally:
        with clinic.engine.begin() as connection:
            connection.execute(text(f"DROP OWNED BY {role}"))
            connection.execute(text(f"DROP ROLE {role}"))
    assert verify(clinic).exit_code == 0


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


def _unkeyed_chain_on_0005(url: str, *, tamper_entry: int | None = None) -> Any:
    """A database at schema 0005 whose audit chain was written by the previous version (plain SHA-256)."""
    from alembic import command

    from painpath.adapters.db.database import _alembic_config, make_engine

    engine = make_engine(url)
    command.upgrade(_alembic_config(engine), "0005_providers")
    prev = GENESIS
    with Session(engine) as session:
        for seq in range(1, 4):  # the log's columns as they were then (schema 0019 added one)
            entry = SimpleNamespace(seq=seq, at=datetime.now(UTC), user_id=None, username="system", role="admin",
                                    action="read", record_type="patient", record_id=str(seq), patient_id=None,
                                    ip="local", prev_hash=prev)
            entry.hash = plain_entry_hash(prev, entry)
            if seq == tamper_entry:
                entry.username = "rewritten"
            session.execute(text(
                "INSERT INTO audit_log (seq, at, user_id, username, role, action, record_type, record_id, "
                "patient_id, ip, prev_hash, hash) VALUES (:seq, :at, :user_id, :username, :role, :action, "
                ":record_type, :record_id, :patient_id, :ip, :prev_hash, :hash)").bindparams(
                    bindparam("at", type_=UtcDateTime())), vars(entry))
            prev = entry.hash
        session.execute(text("INSERT INTO audit_head (id, seq, hash) VALUES (1, 3, :h)"), {"h": prev})
        session.commit()
    return engine


def test_the_upgrade_keys_an_intact_unkeyed_chain(database_url: str) -> None:
    from painpath.adapters.db.database import upgrade

    engine = _unkeyed_chain_on_0005(database_url)
    upgrade(engine)
    engine.dispose()
    result = CliRunner().invoke(cli, ["audit", "verify"], env={"PAINPATH_DATABASE_URL": database_url})
    assert result.exit_code == 0, result.output
    assert "audit chain intact: 3 entries" in result.output


def test_the_upgrade_refuses_to_key_a_tampered_chain(database_url: str) -> None:
    from painpath.adapters.db.database import upgrade

    engine = _unkeyed_chain_on_0005(database_url, tamper_entry=2)
    with pytest.raises(RuntimeError, match="broken at entry 2"):
        upgrade(engine)
    engine.dispose()
