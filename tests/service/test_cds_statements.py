"""How many SQL statements one CDS hook call sends, asserted (as HAPI FHIR's tests do for its reads): a query
added to the hot path of every hook call shows up here before it shows up in the benchmark."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from tests.service.test_cds_hooks import BASE, CES, RISKY_PREFETCH, Ehr, ehr_patient, hook, med_request, order_context


@contextmanager
def statements(clinic: Any) -> Iterator[list[str]]:
    """The statements sent to the database meanwhile (BEGIN, COMMIT and ROLLBACK are not statements here)."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK")):
            seen.append(" ".join(statement.split())[:120])

    event.listen(clinic.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(clinic.engine, "before_cursor_execute", record)


def test_an_order_sign_call_sends_three_statements(clinic: Any) -> None:
    """The client's registration checked, its JWT id recorded, its cards recorded (one multi-row INSERT)."""
    ehr = Ehr(clinic)
    body = hook("order-sign", order_context(med_request("oxycodone 10 mg tablet", text="10 mg every 6 hours")),
                {**RISKY_PREFETCH, "patient": ehr_patient(mrn=None)})
    assert ehr.post("painpath-order-sign", body).status_code == 200  # the keys cached, the minute's sweep done
    with statements(clinic) as seen:
        answer = ehr.post("painpath-order-sign", {**body, "hookInstance": "second"})
    assert answer.status_code == 200 and len(answer.json()["cards"]) >= 2
    assert len(seen) == 3, seen
    assert seen[0].startswith("SELECT cds_clients.jwks") and seen[1].startswith("INSERT INTO cds_token_uses")
    assert seen[2].startswith("INSERT INTO cds_cards")


def test_a_call_refused_for_a_bad_signature_sends_no_statement(clinic: Any) -> None:
    ehr = Ehr(clinic)
    body = hook("order-sign", order_context(med_request("ibuprofen 400 mg three times a day")), RISKY_PREFETCH)
    assert ehr.post("painpath-order-sign", body).status_code == 200
    url = f"{BASE}/painpath-order-sign"
    token = ehr.token(url)
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    with statements(clinic) as seen:
        refused = ehr.post("painpath-order-sign", body, token=forged)
    assert refused.status_code == 401
    # the cached keys failed, so the registration is read once more (a rotated key), and nothing is written
    assert all(s.startswith("SELECT") for s in seen) and len(seen) <= 1, seen


def test_a_patient_view_call_reads_each_part_of_the_record_once(clinic: Any) -> None:
    """The patient found by record number (the row only: one match is less than a page, so there is no count),
    then one query per part of the record and no second read of the patient row (it is held for the call), then
    the write: registration, the audit entries (one multi-row INSERT, no lock: schema 0019), JWT id, cards; on
    SQLite the entries are then chained before the commit (the unchained entries, the head, the links, the head
    moved)."""
    assert clinic.call("clinician", "POST", "/api/assessments",
                       json={"text": CES, "patient_id": clinic.patient_a}).status_code == 201
    ehr = Ehr(clinic)
    body = hook("patient-view", {"userId": "Practitioner/9", "patientId": "ehr-1"}, {"patient": ehr_patient()})
    assert ehr.post("painpath-patient-view", body).status_code == 200
    with statements(clinic) as seen:
        answer = ehr.post("painpath-patient-view", {**body, "hookInstance": "second"})
    assert answer.status_code == 200 and answer.json()["cards"][0]["indicator"] == "critical"
    patient_rows = [s for s in seen if s.startswith("SELECT patients.id")]
    assert len(patient_rows) == 1, seen
    assert not [s for s in seen if "pg_advisory_xact_lock" in s], seen  # a request never takes the chain's lock
    postgres = clinic.engine.dialect.name == "postgresql"
    assert len(seen) == (13 if postgres else 17), seen
    writes = [s.split(" (")[0].split(" SET")[0] for s in seen if not s.startswith("SELECT")]
    chained_at_commit = [] if postgres else ["UPDATE audit_log", "UPDATE audit_head"]
    # the audit statement runs at once, the JWT id and cards at the commit's flush: one transaction either way
    assert writes == ["INSERT INTO audit_log", "INSERT INTO cds_token_uses", "INSERT INTO cds_cards",
                      *chained_at_commit], writes
