"""A CDS hook call writes once: the audit entries of its reads of PainPath's record, its JWT id and its cards
commit together, or none of them do. The client's parsed keys are kept per process, yet a revoked client or
replaced keys take effect at the next call, and a replayed JWT is refused with nothing stored."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy import event, func, select, update

from painpath.adapters.db.cds_store import CdsRecords
from painpath.adapters.db.database import session_factory
from painpath.adapters.db.tables import AuditEntry, AuditHead
from painpath.adapters.db.tables_cds import CdsCard, CdsClient, CdsTokenUse
from tests.service.test_cds_hooks import BASE, CES, Ehr, ehr_patient, hook

VIEW = f"{BASE}/painpath-patient-view"
CONTEXT = {"userId": "Practitioner/9", "patientId": "ehr-1"}


def counts(clinic: Any) -> tuple[int, int, int]:
    """(audit entries by the CDS client, cards issued, JWT ids recorded)."""
    with clinic.session() as session:
        audited = session.scalar(select(func.count()).select_from(AuditEntry)
                                 .where(AuditEntry.username == "cds:test-ehr"))
        cards = session.scalar(select(func.count()).select_from(CdsCard))
        tokens = session.scalar(select(func.count()).select_from(CdsTokenUse))
    return int(audited or 0), int(cards or 0), int(tokens or 0)


def view(ehr: Ehr, token: str | None = None) -> Any:
    return ehr.post("painpath-patient-view", hook("patient-view", CONTEXT, {"patient": ehr_patient()}), token=token)


def test_a_call_reads_audits_and_records_its_cards_in_one_commit_and_a_replay_stores_nothing(clinic: Any) -> None:
    assert clinic.call("clinician", "POST", "/api/assessments",
                       json={"text": CES, "patient_id": clinic.patient_a}).status_code == 201
    ehr = Ehr(clinic)
    assert view(ehr).status_code == 200  # the client's keys are now cached
    commits: list[int] = []
    def count(_connection: Any) -> None:
        commits.append(1)

    event.listen(clinic.engine, "commit", count)
    try:
        before = counts(clinic)
        token = ehr.token(VIEW)
        answer = view(ehr, token)
        assert answer.status_code == 200
        critical = [c for c in answer.json()["cards"] if c["indicator"] == "critical"]
        assert critical and "emergency" in critical[0]["summary"]
        assert len(commits) == 1  # the patient search, alerts, plan, medications... and the cards: one commit
    finally:
        event.remove(clinic.engine, "commit", count)
    after = counts(clinic)
    # the read of the patient found by record number, and one read naming every part of the record read
    assert after[0] - before[0] == 2
    assert after[1] - before[1] == len(answer.json()["cards"]) and after[2] - before[2] == 1
    replay = view(ehr, token)
    assert replay.status_code == 401 and "already used" in replay.json()["detail"]
    assert counts(clinic) == after  # the replay's reads, audit entries and cards are all undone


def test_a_revoked_client_is_refused_at_once_though_its_keys_were_cached(clinic: Any) -> None:
    ehr = Ehr(clinic)
    assert view(ehr).status_code == 200
    with clinic.session() as session:
        session.execute(update(CdsClient).where(CdsClient.id == ehr.client.id).values(active=False))
        session.commit()
    before = counts(clinic)
    refused = view(ehr)
    assert refused.status_code == 401
    assert counts(clinic)[1:] == before[1:]  # no card, no JWT id
    assert view(ehr).status_code == 401  # and not found again on the next call


def test_new_keys_are_read_without_a_restart_and_the_old_key_stops_working(clinic: Any) -> None:
    ehr = Ehr(clinic)
    old_key = ehr.key
    assert view(ehr).status_code == 200
    new_key = ec.generate_private_key(ec.SECP384R1())
    public = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(new_key.public_key()))
    public.update({"kid": ehr.kid, "alg": "ES384", "use": "sig"})  # the same kid, a new key (a rotation)
    with clinic.session() as session:
        session.execute(update(CdsClient).where(CdsClient.id == ehr.client.id).values(jwks={"keys": [public]}))
        session.commit()
    ehr.key = new_key
    assert view(ehr).status_code == 200
    ehr.key = old_key
    stale = view(ehr)
    assert stale.status_code == 401


def test_a_call_answered_412_still_uses_up_its_jwt(clinic: Any) -> None:
    ehr = Ehr(clinic)
    token = ehr.token(VIEW)
    missing = ehr.post("painpath-patient-view", hook("patient-view", CONTEXT), token=token)
    assert missing.status_code == 412, missing.text
    again = ehr.post("painpath-patient-view", hook("patient-view", CONTEXT), token=token)
    assert again.status_code == 401 and "already used" in again.json()["detail"]


def test_used_jwt_ids_outlive_their_tokens_by_the_clock_skew_allowance(clinic: Any) -> None:
    """The JWT check accepts a token up to 30 s after exp, so its id is kept past exp; long-expired ids go."""
    records = CdsRecords(session_factory(clinic.engine))
    ehr = Ehr(clinic)
    now = datetime.now(UTC)
    assert records.use_token(ehr.client.id, "just-expired", now - timedelta(seconds=40))
    assert records.use_token(ehr.client.id, "long-expired", now - timedelta(minutes=10))
    CdsRecords._last_sweep = 0.0  # the sweep runs at most once a minute per process: due now
    assert records.use_token(ehr.client.id, str(uuid.uuid4()), now + timedelta(minutes=5))
    with clinic.session() as session:
        kept = set(session.scalars(select(CdsTokenUse.jti)))
    assert "just-expired" in kept and "long-expired" not in kept
    assert not records.use_token(ehr.client.id, "just-expired", now - timedelta(seconds=40))  # still a replay


def test_the_calls_audit_entries_keep_the_chain_intact(clinic: Any) -> None:
    """A hook call's entries and other requests' interleaved: every entry's MAC, sequence and the head check
    out (audit.verify, the same check as `painpath audit verify`)."""
    from painpath.adapters.db import audit

    ehr = Ehr(clinic)
    assert clinic.call("clinician", "POST", "/api/assessments",
                       json={"text": CES, "patient_id": clinic.patient_a}).status_code == 201
    for _ in range(3):
        assert view(ehr).status_code == 200
        assert clinic.call("clinician", "GET", f"/api/patients/{clinic.patient_a}").status_code == 200
    with clinic.session() as session:
        assert list(audit.verify(session)) == []
        entries = session.scalars(select(AuditEntry).where(AuditEntry.username == "cds:test-ehr")
                                  .order_by(AuditEntry.seq)).all()
        assert [(e.action, e.record_type) for e in entries] == [
            ("read", "patient"), ("read", "cds_patient_view")] * 3
        assert all(e.role == "clinician" and e.ip and e.patient_id == clinic.patient_a for e in entries)
        head = session.get(AuditHead, 1)
        assert head is not None and head.seq == session.scalar(select(func.max(AuditEntry.seq)))
