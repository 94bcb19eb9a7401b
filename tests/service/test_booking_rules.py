"""One scheduling service behind the API and the pages (issue 11, point 3): the booking API keeps every rule, and
the database itself refuses a double booking, under real concurrency, on SQLite and PostgreSQL."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from painpath.adapters.db import tables

URGENT_FOOT_DROP = "Sciatica for 3 weeks, and over the last two days his right foot has started to drag."
CAUDA_EQUINA = ("Dear colleague, 52-year-old man with low back pain for 2 weeks. Since yesterday he has saddle "
                "numbness and has not passed urine since this morning; new weakness of both legs.")


def at(days: int, clock: str) -> str:
    """A UTC time (the policy's zone) ``days`` from today."""
    return f"{(date.today() + timedelta(days=days)).isoformat()}T{clock}:00Z"


def book(clinic: Any, patient_id: int, starts_at: str, **extra: Any) -> Any:
    body = {"starts_at": starts_at, "kind": "follow_up", **extra}
    return clinic.call("front_desk", "POST", f"/api/patients/{patient_id}/appointments", json=body)


def active_at(clinic: Any, clinician_id: int, starts_at: str) -> int:
    moment = datetime.fromisoformat(starts_at.replace("Z", "+00:00"))
    with clinic.session() as session:
        return int(session.scalar(select(func.count()).select_from(tables.Appointment).where(
            tables.Appointment.clinician_id == clinician_id, tables.Appointment.starts_at == moment,
            tables.Appointment.status == "booked")) or 0)


def test_fifty_parallel_bookings_of_one_clinician_and_time_make_one_appointment(clinic: Any) -> None:
    clinician = clinic.user_ids["clin"]
    when = at(10, "10:00")
    with ThreadPoolExecutor(max_workers=16) as pool:
        responses = list(pool.map(
            lambda n: book(clinic, clinic.patient_a if n % 2 else clinic.patient_b, when, clinician_id=clinician),
            range(50)))
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201] + [409] * 49, statuses
    refused = next(r for r in responses if r.status_code == 409).json()["detail"]
    assert refused.startswith("starts_at:") and "choose" in refused
    assert active_at(clinic, clinician, when) == 1


def test_the_database_refuses_a_double_booking_even_when_the_check_sees_a_free_time(
    clinic: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the service's own collision check switched off, concurrent bookings still give one appointment."""
    from painpath.services import scheduling

    monkeypatch.setattr(scheduling, "collision", lambda *args, **kwargs: None)
    clinician = clinic.user_ids["clin"]
    when = at(11, "11:00")
    with ThreadPoolExecutor(max_workers=10) as pool:
        responses = list(pool.map(lambda n: book(clinic, clinic.patient_a, when, clinician_id=clinician,
                                                 minutes=30 + n), range(20)))
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201] + [409] * 19, statuses
    assert {r.json()["detail"] for r in responses if r.status_code == 409} == {
        "starts_at: this time was just taken by another booking for the clinician: choose another free slot"}
    assert active_at(clinic, clinician, when) == 1


def _insert(connection: Any, clinician: int, patient: int, start: datetime, minutes: int,
            status: str = "booked") -> None:
    connection.execute(tables.Appointment.__table__.insert().values(
        patient_id=patient, starts_at=start, ends_at=start + timedelta(minutes=minutes), minutes=minutes,
        kind="follow_up", clinician_id=clinician, status=status, note="", created_at=datetime.now(UTC), version=1))


def test_overlapping_rows_written_past_the_service_are_refused_by_the_database(clinic: Any) -> None:
    clinician, patient = clinic.user_ids["clin"], clinic.patient_a
    start = datetime.combine(date.today() + timedelta(days=12), datetime.min.time(), UTC).replace(hour=9)
    with clinic.engine.begin() as connection:
        _insert(connection, clinician, patient, start, 30)
        _insert(connection, clinician, patient, start + timedelta(minutes=30), 30)  # back to back is fine
        _insert(connection, clinician, patient, start, 30, status="cancelled")  # a cancelled visit frees its time
    for offset, minutes in ((0, 30), (15, 5), (-10, 20), (-60, 180)):
        with pytest.raises(IntegrityError, match="appointment"), clinic.engine.begin() as connection:
            _insert(connection, clinician, patient, start + timedelta(minutes=offset), minutes)
    with clinic.engine.begin() as connection:  # moving a row onto another is refused too
        row_id = connection.execute(text("SELECT MAX(id) FROM appointments WHERE status = 'booked'")).scalar()
    with pytest.raises(IntegrityError, match="appointment"), clinic.engine.begin() as connection:
        connection.execute(tables.Appointment.__table__.update().where(tables.Appointment.id == row_id).values(
            starts_at=start + timedelta(minutes=10), ends_at=start + timedelta(minutes=40)))


def test_a_sunday_night_eight_hour_booking_and_a_past_time_are_refused(clinic: Any) -> None:
    sunday = date.today() + timedelta(days=(6 - date.today().weekday()) % 7 or 7)
    night = book(clinic, clinic.patient_a, f"{sunday.isoformat()}T03:00:00Z", minutes=480)
    assert night.status_code == 422
    assert night.json()["detail"] == ("starts_at: the clinic is open 08:30 to 17:00: choose a time within these "
                                      "hours")
    too_long = book(clinic, clinic.patient_a, at(3, "13:00"), minutes=480)
    assert too_long.status_code == 422 and "open 08:30 to 17:00" in too_long.json()["detail"]
    past = book(clinic, clinic.patient_a, at(-1, "10:00"))
    assert past.status_code == 422 and "has passed" in past.json()["detail"]
    with clinic.session() as session:
        assert session.scalar(select(func.count()).select_from(tables.Appointment)) == 0


def test_the_api_keeps_held_same_day_slots_and_names_an_unknown_clinician(clinic: Any) -> None:
    held = book(clinic, clinic.patient_a, at(2, "16:30"))  # the last slot of the day is held for urgent patients
    assert held.status_code == 422 and "held for same-day urgent patients" in held.json()["detail"]
    nobody = book(clinic, clinic.patient_a, at(2, "10:00"), clinician_id=clinic.user_ids["desk"])
    assert nobody.status_code == 422 and nobody.json()["detail"].startswith("clinician_id:")


def test_without_a_clinician_the_first_free_one_is_assigned_and_the_time_then_fills(clinic: Any) -> None:
    when = at(4, "09:00")
    first = book(clinic, clinic.patient_a, when)
    assert first.status_code == 201 and first.json()["clinician_id"] == clinic.user_ids["clin"]
    second = book(clinic, clinic.patient_b, when)  # the clinic's only clinician is busy then
    assert second.status_code == 409


def test_moving_and_cancelling_through_the_api_follow_the_same_rules(clinic: Any) -> None:
    first = book(clinic, clinic.patient_a, at(5, "09:00")).json()
    second = book(clinic, clinic.patient_b, at(5, "10:00")).json()
    onto = clinic.call("front_desk", "PATCH", f"/api/appointments/{second['id']}",
                       json={"version": 1, "starts_at": at(5, "09:15")})
    assert onto.status_code == 409 and "collides" in onto.json()["detail"]
    longer = clinic.call("front_desk", "PATCH", f"/api/appointments/{first['id']}", json={"version": 1, "minutes": 90})
    assert longer.status_code == 409  # 09:00-10:30 would run into the 10:00 visit
    night = clinic.call("front_desk", "PATCH", f"/api/appointments/{first['id']}",
                        json={"version": 1, "starts_at": at(5, "02:00")})
    assert night.status_code == 422 and "open 08:30" in night.json()["detail"]
    no_reason = clinic.call("front_desk", "PATCH", f"/api/appointments/{first['id']}",
                            json={"version": 1, "status": "cancelled"})
    assert no_reason.status_code == 422 and no_reason.json()["detail"].startswith("reason:")
    cancelled = clinic.call("front_desk", "PATCH", f"/api/appointments/{first['id']}",
                            json={"version": 1, "status": "cancelled", "reason": "patient called"})
    assert cancelled.status_code == 200 and cancelled.json()["note"] == "cancelled: patient called"
    moved = clinic.call("front_desk", "PATCH", f"/api/appointments/{second['id']}",
                        json={"version": 1, "starts_at": at(5, "09:15")})
    assert moved.status_code == 200 and moved.json()["starts_at"].startswith(at(5, "09:15")[:16])
    arrived = clinic.call("front_desk", "PATCH", f"/api/appointments/{second['id']}",
                          json={"version": 2, "status": "arrived"})
    assert arrived.status_code == 200 and arrived.json()["clinician_id"] == clinic.user_ids["clin"]


def _referral(clinic: Any, letter: str) -> dict[str, Any]:
    response = clinic.call("front_desk", "POST", "/api/referrals", json={
        "patient_id": clinic.patient_a, "source": "referral", "referrer": "Dr Gomez",
        "received_on": date.today().isoformat(), "letter": letter})
    assert response.status_code == 201, response.text
    return dict(response.json())


def test_the_api_never_books_an_emergency_referral(clinic: Any) -> None:
    referral = _referral(clinic, CAUDA_EQUINA)
    assert referral["triage_level"] == "emergency"
    for extra in ({"referral_id": referral["id"]}, {}):  # named, or the patient's referral waiting to be booked
        refused = book(clinic, clinic.patient_a, at(0, "16:30"), **extra)
        assert refused.status_code == 422 and "emergency department now" in refused.json()["detail"]


def test_an_urgent_referral_booked_after_its_window_needs_a_reason_is_audited_and_alerted(clinic: Any) -> None:
    referral = _referral(clinic, URGENT_FOOT_DROP)
    assert referral["triage_level"] == "urgent"
    late = at(18, "10:00")
    silent = book(clinic, clinic.patient_a, late)
    assert silent.status_code == 422 and silent.json()["detail"].startswith("window_reason:")
    assert "triaged urgent" in silent.json()["detail"]
    booked = book(clinic, clinic.patient_a, late, window_reason="patient abroad until then; GP informed")
    assert booked.status_code == 201, booked.text
    after = clinic.call("front_desk", "GET", f"/api/referrals/{referral['id']}").json()
    assert after["status"] == "booked" and after["appointment_id"] == booked.json()["id"]
    with clinic.session() as session:
        alert = session.scalars(select(tables.ClinicalAlert).where(tables.ClinicalAlert.source == "scheduling")).one()
        assert alert.level == "urgent" and alert.patient_id == clinic.patient_a
        assert "patient abroad until then" in alert.detail and alert.title.startswith("Booked after the urgent window")
        actions = set(session.scalars(select(tables.AuditEntry.action).where(
            tables.AuditEntry.record_id == str(booked.json()["id"]))))
        assert {"create", "book_late"} <= actions
    worklist = clinic.call("clinician", "GET", "/api/worklist").json()
    assert any(item["title"].startswith("Booked after the urgent window") for item in worklist["alerts"])


def test_an_urgent_referral_inside_its_window_books_without_a_reason(clinic: Any) -> None:
    referral = _referral(clinic, URGENT_FOOT_DROP)
    booked = book(clinic, clinic.patient_a, at(1, "09:30"), referral_id=referral["id"])
    assert booked.status_code == 201, booked.text
    with clinic.session() as session:
        assert session.scalar(select(func.count()).select_from(tables.ClinicalAlert).where(
            tables.ClinicalAlert.source == "scheduling")) == 0


def test_a_booking_without_a_length_takes_the_session_template_of_its_kind(clinic: Any) -> None:
    lengths = {}
    for n, kind in enumerate(("new", "follow_up", "procedure", "telehealth")):
        r = clinic.call("front_desk", "POST", f"/api/patients/{clinic.patient_b}/appointments",
                        json={"starts_at": at(8, f"{9 + 2 * n:02d}:00"), "kind": kind})
        assert r.status_code == 201, r.text
        lengths[kind] = r.json()["minutes"]
    assert lengths == {"new": 60, "follow_up": 20, "procedure": 30, "telehealth": 20}  # scheduling_policy.yaml
    clash = book(clinic, clinic.patient_a, at(8, "09:30"))  # inside the 60-minute new-patient visit
    assert clash.status_code == 409


def test_linking_a_late_appointment_to_an_urgent_referral_cannot_skip_the_window_rule(clinic: Any) -> None:
    referral = _referral(clinic, URGENT_FOOT_DROP)
    clinic.call("front_desk", "PATCH", f"/api/referrals/{referral['id']}",
                json={"version": 1, "status": "closed"})  # closed, so the booking below is not for it
    late = book(clinic, clinic.patient_a, at(18, "10:00")).json()
    reopened = clinic.call("front_desk", "PATCH", f"/api/referrals/{referral['id']}",
                           json={"version": 2, "status": "new"})
    assert reopened.status_code == 200, reopened.text
    linked = clinic.call("front_desk", "PATCH", f"/api/referrals/{referral['id']}",
                         json={"version": 3, "appointment_id": late["id"]})
    assert linked.status_code == 422 and "window_reason" in linked.json()["detail"]
