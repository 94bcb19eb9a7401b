"""How many SQL statements one CDS hook call sends, asserted (as HAPI FHIR's tests do for its reads): a query
added to the hot path of every hook call shows up here before it shows up in the benchmark."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

from sqlalchemy import event, select

from painpath.adapters.db.tables import AuditEntry
from tests.service.test_cds_hooks import BASE, CES, RISKY_PREFETCH, Ehr, ehr_patient, hook, med_request, order_context

OPIOID_NOTE = ("61-year-old woman with chronic low back pain for 3 years. Takes oxycodone 20 mg three times a day "
               "and gabapentin 300 mg three times a day. Pain 7/10, worse with standing.")


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


def _audited(clinic: Any) -> list[tuple[str, str, str, int | None]]:
    with clinic.session() as session:
        return [tuple(r) for r in session.execute(select(
            AuditEntry.action, AuditEntry.record_type, AuditEntry.record_id, AuditEntry.patient_id)
            .where(AuditEntry.username == "cds:test-ehr").order_by(AuditEntry.seq)).all()]


def test_a_patient_view_call_reads_each_part_of_the_record_once(clinic: Any) -> None:
    """The patient's id found by record number (one statement), then one query per part of the record (alerts,
    every assessment's plan, the procedures and latest measurements the questionnaire schedule needs) and no read
    of the patient row, then the write: registration, audit head, the call's two audit entries (one INSERT), JWT
    id, cards, audit head. Eleven statements (16 before the reads were merged)."""
    assert clinic.call("clinician", "POST", "/api/assessments",
                       json={"text": CES, "patient_id": clinic.patient_a}).status_code == 201
    ehr = Ehr(clinic)
    body = hook("patient-view", {"userId": "Practitioner/9", "patientId": "ehr-1"}, {"patient": ehr_patient()})
    assert ehr.post("painpath-patient-view", body).status_code == 200
    before = _audited(clinic)
    with statements(clinic) as seen:
        answer = ehr.post("painpath-patient-view", {**body, "hookInstance": "second"})
    assert answer.status_code == 200 and answer.json()["cards"][0]["indicator"] == "critical"
    locks = [s for s in seen if "pg_advisory_xact_lock" in s]  # PostgreSQL: the audit chain's lock, taken once
    assert len(locks) == (1 if clinic.engine.dialect.name == "postgresql" else 0), seen
    shapes = [s.split(" FROM ")[0].split(" (")[0].split(" SET")[0].split(",")[0] for s in seen if s not in locks]
    assert shapes == ["SELECT patients.id", "SELECT clinical_alerts.level", "SELECT assessments.id",
                      "SELECT procedure_responses.option_id", "SELECT outcome_measurements.instrument",
                      "SELECT cds_clients.jwks", "SELECT audit_head.id", "INSERT INTO audit_log",
                      "INSERT INTO cds_token_uses", "INSERT INTO cds_cards", "UPDATE audit_head"], seen
    # the whole output (tens of kB of JSON per assessment) is never read, only the plans
    assert seen[2].startswith("SELECT assessments.id, assessments.status, assessments.working_since, "
                              "assessments.created_at, "), seen[2]
    # one read of the patient found by record number, one read naming every part of the record read
    assert _audited(clinic)[len(before):] == [
        ("read", "patient", str(clinic.patient_a), clinic.patient_a),
        ("read", "cds_patient_view", "clinical_alerts,questionnaires_due,assessments", clinic.patient_a)]


def test_a_patient_view_with_an_opioid_load_reads_the_medications_too(clinic: Any) -> None:
    """The opioid load's card needs the medication list (is naloxone on it?): one more statement, named in the
    call's audit entry; the overdue questionnaires' card comes from the same reads."""
    pid = clinic.patient_a
    made = clinic.call("clinician", "POST", "/api/assessments", json={"text": OPIOID_NOTE, "patient_id": pid})
    assert made.status_code == 201, made.text
    mme = made.json()["plan"]["mme"]["mme_per_day"]
    assert mme >= 50
    done = clinic.call("clinician", "POST", f"/api/patients/{pid}/procedures", json={
        "option_id": "epidural_steroid_injection", "performed_on": (date.today() - timedelta(days=24)).isoformat(),
        "relief_percent": 60})
    assert done.status_code == 201, done.text
    ehr = Ehr(clinic)
    body = hook("patient-view", {"userId": "Practitioner/9", "patientId": "ehr-1"}, {"patient": ehr_patient()})
    assert ehr.post("painpath-patient-view", body).status_code == 200
    before = _audited(clinic)
    with statements(clinic) as seen:
        answer = ehr.post("painpath-patient-view", {**body, "hookInstance": "second"})
    assert answer.status_code == 200, answer.text
    summaries = [c["summary"] for c in answer.json()["cards"]]
    assert f"Opioids {mme:g} MME/day: naloxone advised, none on the medication list" in summaries, summaries
    assert "Overdue PainPath questionnaires: nrs, peg" in summaries, summaries
    assert len([s for s in seen if "pg_advisory_xact_lock" not in s]) == 12, seen
    assert any(s.startswith("SELECT medications.name") for s in seen), seen
    assert _audited(clinic)[len(before):] == [
        ("read", "patient", str(pid), pid),
        ("read", "cds_patient_view", "clinical_alerts,questionnaires_due,assessments,medications", pid)]
    # naloxone on the list: the card says the load only
    listed = clinic.call("clinician", "POST", f"/api/patients/{pid}/medications",
                         json={"name": "naloxone", "status": "current"})
    assert listed.status_code == 201, listed.text
    again = ehr.post("painpath-patient-view", {**body, "hookInstance": "third"}).json()["cards"]
    assert f"Opioids {mme:g} MME/day" in [c["summary"] for c in again]
