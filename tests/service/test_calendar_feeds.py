"""iCalendar feeds (issue 15): a patient's and a clinician's appointments behind a secret link that a new link or a
revocation disables; the clinician's feed names no patient. On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from icalendar import Calendar

from tests.service.provider_records import make_provider_records


def at(days: int, clock: str) -> str:
    return f"{(date.today() + timedelta(days=days)).isoformat()}T{clock}:00Z"


def events(clinic: Any, url: str) -> list[Any]:
    response = clinic.client.get(url)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/calendar")
    return list(Calendar.from_ical(response.content).walk("VEVENT"))


def test_a_patient_feed_lists_their_appointments_until_the_link_is_revoked(clinic: Any) -> None:
    booked = clinic.call("front_desk", "POST", f"/api/patients/{clinic.patient_a}/appointments",
                         json={"starts_at": at(3, "10:00"), "kind": "follow_up"}).json()
    clinic.call("front_desk", "POST", f"/api/patients/{clinic.patient_b}/appointments",
                json={"starts_at": at(3, "11:00"), "kind": "follow_up"})
    url = clinic.call("patient", "POST", f"/api/patients/{clinic.patient_a}/calendar").json()["url"]
    [event] = events(clinic, url)
    assert str(event["uid"]) == f"appointment-{booked['id']}@painpath"
    assert event.decoded("dtstart").isoformat().startswith(at(3, "10:00")[:16])
    assert str(event["summary"]) == "Appointment with clin" and str(event["status"]) == "CONFIRMED"
    newer = clinic.call("patient", "POST", f"/api/patients/{clinic.patient_a}/calendar").json()["url"]
    assert clinic.client.get(url).status_code == 404  # a new link revokes the old one
    assert len(events(clinic, newer)) == 1
    assert clinic.call("patient", "DELETE", f"/api/patients/{clinic.patient_a}/calendar").status_code == 204
    assert clinic.client.get(newer).status_code == 404
    assert clinic.call("patient", "POST", f"/api/patients/{clinic.patient_b}/calendar").status_code == 404


def test_a_clinician_feed_shows_every_visit_without_patient_names(clinic: Any) -> None:
    make_provider_records(clinic, clinic.patient_a)
    for patient, clock in ((clinic.patient_a, "09:00"), (clinic.patient_b, "10:00")):  # new visits last 60 minutes
        clinic.call("front_desk", "POST", f"/api/patients/{patient}/appointments",
                    json={"starts_at": at(4, clock), "kind": "new"})
    clinician = clinic.user_ids["clin"]
    assert clinic.call("front_desk", "POST", f"/api/providers/{clinician}/calendar").status_code == 403
    url = clinic.call("clinician", "POST", f"/api/providers/{clinician}/calendar").json()["url"]
    found = events(clinic, url)
    assert [str(e["summary"]).split(" (ref.")[0] for e in found] == ["New visit", "New visit"]
    body = clinic.client.get(url).text
    assert "Alvarez" not in body and "Brightwater" not in body
    assert clinic.call("clinician", "DELETE", f"/api/providers/{clinician}/calendar").status_code == 204
    assert clinic.client.get(url).status_code == 404
