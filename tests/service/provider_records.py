"""A site, a plan, a clinician profile and a patient's coverage through the API, and valid bodies for the provider
routes (access tests)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from painpath.adapters.db import tables_providers
from tests.service.records import unique

SITE = {"code": "main", "name": "Main Street Clinic", "address": "1 Main Street", "latitude": 51.5,
        "longitude": -0.12, "days": [0, 1, 2, 3, 4, 5, 6], "procedure_rooms": 1, "plans": ["acme"]}
PROFILE = {"focus": ["lumbar_radiculopathy"], "procedures": [{"id": "epidural_steroid_injection",
                                                               "guidance": ["fluoroscopy"]}],
           "languages": ["en"], "sessions": [{"site": "main", "days": [0, 1, 2, 3, 4, 5, 6]}],
           "accepting_new": True, "plans": ["acme"]}


def make_provider_records(clinic: Any, patient_id: int) -> dict[str, Any]:
    """The plan 'acme' (example commercial rules), the site 'main', the clinician's profile, the patient's coverage."""
    admin = lambda method, path, body: clinic.call("admin", method, path, json=body)  # noqa: E731
    r = admin("POST", "/api/insurance-plans", {"code": "acme", "payer": "Acme Health", "name": "Acme PPO",
                                               "rules": "example_commercial"})
    assert r.status_code == 201, r.text
    r = admin("POST", "/api/sites", SITE)
    assert r.status_code == 201, r.text
    site_id = r.json()["id"]
    r = admin("PUT", f"/api/providers/{clinic.user_ids['clin']}", {"version": 0, **PROFILE})
    assert r.status_code == 200, r.text
    r = clinic.call("front_desk", "POST", f"/api/patients/{patient_id}/coverage", json={
        "plan": "acme", "member_id": "ACM-1", "valid_from": (date.today() - timedelta(days=30)).isoformat()})
    assert r.status_code == 201, r.text
    return {"site_id": site_id, "clinician_id": clinic.user_ids["clin"], "procedure": "epidural_steroid_injection"}


def _version(clinic: Any, model: Any, key: Any) -> int:
    with clinic.session() as session:
        row = session.get(model, key)
        return int(row.version) if row is not None else 0


def provider_body_for(clinic: Any, method: str, path: str, params: dict[str, Any]) -> dict[str, Any] | None:
    n = unique()
    if (method, path) == ("PUT", "/api/providers/{clinician_id}"):
        version = _version(clinic, tables_providers.ClinicianProfile, params["clinician_id"])
        return {"version": version, **PROFILE, "languages": ["en", "es"] if n % 2 else ["en"]}
    if (method, path) == ("POST", "/api/sites"):
        return {**SITE, "code": f"site_{n}", "name": f"Site {n}"}
    if (method, path) == ("PATCH", "/api/sites/{site_id}"):
        return {"version": _version(clinic, tables_providers.Site, params["site_id"]), "procedure_rooms": n % 5}
    if (method, path) == ("POST", "/api/insurance-plans"):
        return {"code": f"plan_{n}", "payer": "Payer", "name": f"Plan {n}", "rules": "medicare_lcd"}
    if (method, path) == ("POST", "/api/patients/{patient_id}/coverage"):
        return {"plan": "acme", "member_id": f"M-{n}", "valid_from": date.today().isoformat()}
    if (method, path) == ("PUT", "/api/patients/{patient_id}/preferences"):
        version = _version(clinic, tables_providers.PatientPreference, params["patient_id"])
        return {"version": version, "language": "en", "latitude": 51.5, "longitude": -0.1}
    if (method, path) == ("PUT", "/api/patients/{patient_id}/reminders"):
        return {"remind_by": "email" if n % 2 else "sms"}
    if (method, path) == ("POST", "/api/patients/{patient_id}/waitlist"):
        return {"minutes": 30, "kind": "follow_up"}
    if (method, path) == ("POST", "/api/offers/{offer_id}/accept"):
        return {"window_reason": "the patient asked for this time"}
    if (method, path) == ("POST", "/api/blocked-times"):
        start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=300 + n % 30)
        return {"kind": "meeting", "clinician_id": params["clinician_id"], "starts_at": start.isoformat(),
                "ends_at": (start + timedelta(hours=1)).isoformat(), "note": "practice meeting"}
    return None


def make_block(clinic: Any) -> dict[str, Any]:
    """A day of leave for the clinician 'clin' far ahead (its id is the block_id of the blocked-time routes)."""
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=330)
    r = clinic.call("admin", "POST", "/api/blocked-times", json={
        "kind": "leave", "clinician_id": clinic.user_ids["clin"], "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(days=1)).isoformat(), "note": "annual leave"})
    assert r.status_code == 201, r.text
    return {"block_id": r.json()["id"]}


class FreshOffer:
    """An offer_id path parameter that is a new open offer each time it is written into a path: answering an offer
    closes it, and the access walk answers the same route once per role."""

    def __init__(self, clinic: Any, patient_id: int) -> None:
        self.clinic, self.patient_id = clinic, patient_id

    def __str__(self) -> str:
        n = unique()
        start = datetime.now(UTC).replace(hour=10, minute=0, second=0, microsecond=0) + timedelta(days=400 + n)
        with self.clinic.session() as session:
            entry = tables_providers.WaitlistEntry(
                patient_id=self.patient_id, appointment_id=None, triage_level="routine", clinician_id=None,
                minutes=20, kind="follow_up", status="offered", created_at=datetime.now(UTC), version=1)
            session.add(entry)
            session.flush()
            offer = tables_providers.SlotOffer(
                entry_id=entry.id, clinician_id=self.clinic.user_ids["clin"], starts_at=start, minutes=20,
                status="open", expires_at=datetime.now(UTC) + timedelta(hours=4), created_at=datetime.now(UTC))
            session.add(offer)
            session.commit()
            return str(offer.id)
