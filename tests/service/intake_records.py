"""A referral and a history packet for a patient, and valid bodies for the intake routes (access tests)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from painpath.adapters.db import tables
from tests.service.records import NOTE, unique


def make_intake_records(clinic: Any, patient_id: int) -> dict[str, int]:
    r = clinic.call("front_desk", "POST", "/api/referrals", json={
        "patient_id": patient_id, "received_on": "2026-11-02", "referrer": "Dr Ames", "letter": NOTE})
    assert r.status_code == 201, r.text
    return {"referral_id": r.json()["id"]}


def _packet_version(clinic: Any, patient_id: int) -> int:
    with clinic.session() as session:
        row = session.scalars(select(tables.HistoryPacket).where(tables.HistoryPacket.patient_id == patient_id)
                              .order_by(tables.HistoryPacket.id.desc()).limit(1)).first()
        return row.version if row else 0


def _referral_version(clinic: Any, referral_id: int) -> int:
    with clinic.session() as session:
        row = session.get(tables.Referral, referral_id)
        return row.version if row else 1


def intake_body_for(clinic: Any, method: str, path: str, params: dict[str, int]) -> dict[str, Any] | None:
    n = unique()
    if (method, path) == ("POST", "/api/referrals"):
        return {"patient_id": params["patient_id"], "received_on": "2026-11-03", "letter": NOTE}
    if (method, path) == ("PATCH", "/api/referrals/{referral_id}"):
        return {"version": _referral_version(clinic, params["referral_id"]), "status": "new"}
    if path == "/api/patients/{patient_id}/history-packet" and method == "PUT":
        return {"version": _packet_version(clinic, params["patient_id"]), "content": {"story": f"back pain {n}"}}
    if path == "/api/patients/{patient_id}/history-packet/submit":
        return {"version": _packet_version(clinic, params["patient_id"]),
                "content": {"story": NOTE, "goal_work": "full shifts", "goal_life": "hike again"}}
    return None
