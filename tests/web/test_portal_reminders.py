"""The patient's reminders page and calendar download (issue 15): the choice is saved through the API's store and
read back by the API, a bad choice is named next to the field, the reminders sent are listed, and the .ics holds the
patient's own appointments with where to go, and nobody else's."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from icalendar import Calendar

from painpath.adapters.db.tables_providers import ReminderSent
from tests.service.provider_records import make_provider_records
from tests.web.desk_portal_helpers import browser, field_error, post


def test_the_patient_chooses_reminders_and_sees_those_sent(clinic: Any) -> None:
    with clinic.session() as session:
        session.add(ReminderSent(patient_id=clinic.patient_a, kind="appointment", subject="appointment:1:x",
                                 channel="sms", sent_at=datetime.now(UTC) - timedelta(days=1)))
        session.add(ReminderSent(patient_id=clinic.patient_b, kind="questionnaire", subject="questionnaire:2:y",
                                 channel="email", sent_at=datetime.now(UTC)))
        session.commit()
    portal = browser(clinic, "pat.a")
    page = portal.get("/portal/reminders")
    assert page.status_code == 200 and 'value="email" checked' in page.text
    assert "Appointment reminder by text message" in page.text and "Questionnaire reminder" not in page.text
    assert "We have no e-mail address for you" in page.text and "We have your phone number." in page.text
    bad = post(portal, "/portal/reminders", {"remind_by": "pigeon"})
    assert bad.status_code == 422 and field_error(bad.text, "remind_by") == (
        "choose how you want to be reminded, or no reminders")
    saved = post(portal, "/portal/reminders", {"remind_by": "none"})
    assert saved.status_code == 303 and "Saved: no reminders" in portal.get(saved.headers["location"]).text
    r = clinic.call("patient", "PUT", f"/api/patients/{clinic.patient_a}/reminders", json={"remind_by": "sms"})
    assert r.status_code == 200 and 'value="sms" checked' in portal.get("/portal/reminders").text
    assert browser(clinic, "desk").get("/portal/reminders").status_code == 403


def test_the_calendar_download_holds_the_patients_own_appointments_with_the_place(clinic: Any) -> None:
    make_provider_records(clinic, clinic.patient_a)
    day = (date.today() + timedelta(days=3)).isoformat()
    for patient in (clinic.patient_a, clinic.patient_b):
        r = clinic.call("front_desk", "POST", f"/api/patients/{patient}/appointments", json={
            "starts_at": f"{day}T{'10' if patient == clinic.patient_a else '11'}:00:00Z", "kind": "follow_up",
            "clinician_id": clinic.user_ids["clin"]})
        assert r.status_code == 201, r.text
    download = browser(clinic, "pat.a").get("/portal/appointments.ics")
    assert download.status_code == 200 and download.headers["content-type"].startswith("text/calendar")
    assert download.headers["content-disposition"] == 'attachment; filename="my-appointments.ics"'
    events = [c for c in Calendar.from_ical(download.content).walk("VEVENT")]
    assert len(events) == 1
    assert events[0].decoded("dtstart") == datetime.fromisoformat(f"{day}T10:00:00+00:00")
    assert str(events[0]["location"]) == "Main Street Clinic, 1 Main Street"
    assert str(events[0]["summary"]) == "Appointment with clin"
    assert browser(clinic, "desk").get("/portal/appointments.ics").status_code == 403
