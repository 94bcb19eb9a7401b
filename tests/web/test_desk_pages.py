"""The front desk pages, driven like a browser (sign-in cookie, CSRF token in every form)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from painpath.adapters.db import tables
from tests.web.desk_portal_helpers import browser, field_error, fix_morning, post, text_of, value_of

CAUDA_EQUINA = ("Dear colleague, 52-year-old man with low back pain for 2 weeks. Since yesterday he has saddle "
                "numbness and has not passed urine since this morning; new weakness of both legs.")
URGENT = "Sciatica for 3 weeks, and over the last two days his right foot has started to drag."
ROUTINE = "Knee pain for years, worse on stairs, no swelling. Would appreciate your advice on injections."


def test_desk_starts_on_the_schedule_and_sees_prev_next_links(clinic: Any) -> None:
    desk = browser(clinic, "desk")
    page = desk.get("/")
    assert page.status_code == 200 and str(page.url).endswith("/desk/schedule")
    today = date.today()
    assert f"/desk/schedule?day={(today - timedelta(days=1)).isoformat()}" in page.text
    assert f"/desk/schedule?day={(today + timedelta(days=1)).isoformat()}" in page.text
    assert "class=\"day-grid " in page.text or "The clinic is closed on this day" in page.text
    bad = desk.get("/desk/schedule?day=31-12-2026")
    assert bad.status_code == 422 and "YYYY-MM-DD" in bad.text


def test_desk_registers_a_patient_with_field_errors_that_keep_what_was_typed(clinic: Any) -> None:
    desk = browser(clinic, "desk")
    typed = {"mrn": "A-0001", "family_name": "Duplicate", "given_name": "Dora", "birth_date": "1981-04-05",
             "sex": "female", "phone": "555-0303", "email": "dora@example.org", "address": "2 Elm Road"}
    duplicate = post(desk, "/desk/patients/new", typed)
    assert duplicate.status_code == 422
    assert "already used by another patient" in field_error(duplicate.text, "mrn")
    assert value_of(duplicate.text, "family_name") == "Duplicate" and value_of(duplicate.text, "phone") == "555-0303"
    assert text_of(duplicate.text, "address") == "2 Elm Road"
    future = (date.today() + timedelta(days=3)).isoformat()
    in_future = post(desk, "/desk/patients/new", typed | {"mrn": "D-0003", "birth_date": future})
    assert in_future.status_code == 422
    assert "cannot be in the future" in field_error(in_future.text, "birth_date")
    assert value_of(in_future.text, "mrn") == "D-0003" and value_of(in_future.text, "birth_date") == future
    assert field_error(in_future.text, "mrn") == ""
    created = post(desk, "/desk/patients/new", typed | {"mrn": "D-0003"})
    assert created.status_code == 303
    page = desk.get(created.headers["location"])
    assert page.status_code == 200 and "Dora Duplicate" in page.text
    found = desk.get("/desk/patients", params={"q": "dupl"})
    assert "Duplicate, Dora" in found.text
    by_birth = desk.get("/desk/patients", params={"q": "1981-04-05"})
    assert "D-0003" in by_birth.text


def test_demographics_edit_is_version_checked_and_a_stale_edit_shows_what_changed(clinic: Any) -> None:
    desk = browser(clinic, "desk")
    path = f"/desk/patients/{clinic.patient_a}"
    page = desk.get(path)
    base = {k: value_of(page.text, k) for k in ("mrn", "family_name", "given_name", "birth_date", "phone", "version")}
    base |= {"sex": "female", "email": "", "address": ""}
    first = post(desk, path, base | {"phone": "555-1111"})
    assert first.status_code == 303
    stale = post(desk, path, base | {"phone": "555-2222"})  # still carries the old version
    assert stale.status_code == 409
    assert "Someone else changed these details" in stale.text and "555-1111" in stale.text
    assert value_of(stale.text, "phone") == "555-2222"  # what this person typed is kept
    retry = post(desk, path, base | {"phone": "555-2222", "version": value_of(stale.text, "version")})
    assert retry.status_code == 303
    assert clinic.call("front_desk", "GET", f"/api/patients/{clinic.patient_a}").json()["phone"] == "555-2222"


def register_referral(desk: Any, letter: str, mrn: str = "A-0001", referrer: str = "Dr Gomez, Elm Practice") -> Any:
    return post(desk, "/desk/referrals/new", {"who": "existing", "existing_mrn": mrn, "source": "referral",
                                              "referrer": referrer, "received_on": date.today().isoformat(),
                                              "letter": letter})


def test_a_cauda_equina_letter_is_triaged_emergency_and_the_desk_never_sees_the_letter(clinic: Any) -> None:
    desk = browser(clinic, "desk")
    response = register_referral(desk, CAUDA_EQUINA)
    assert response.status_code == 303
    page = desk.get(response.headers["location"])
    assert "Emergency" in page.text and "emergency department now" in page.text
    assert "do not book" in page.text.lower()
    listing = desk.get("/desk/referrals")
    assert "triage-emergency" in listing.text and "Dr Gomez, Elm Practice" in listing.text
    patient = desk.get(f"/desk/patients/{clinic.patient_a}")
    for html_text in (page.text, listing.text, patient.text):
        assert "saddle" not in html_text and "passed urine" not in html_text
    api = clinic.call("front_desk", "GET", "/api/referrals").json()
    assert api["items"][0]["triage_level"] == "emergency" and "letter" not in api["items"][0]
    assert "saddle" not in str(api)
    clinician = clinic.call("clinician", "GET", f"/api/referrals/{api['items'][0]['id']}").json()
    assert "saddle numbness" in clinician["letter"] and clinician["assessment_id"]
    book = desk.get(f"/desk/patients/{clinic.patient_a}/book?referral={api['items'][0]['id']}")
    assert "Emergency: do not book" in book.text and 'name="slot"' not in book.text
    with clinic.session() as session:  # the clinicians' worklist has it, the same moment
        alert = session.scalars(select(tables.ClinicalAlert).where(
            tables.ClinicalAlert.source_id == str(clinician["assessment_id"]))).one()
        assert alert.level == "emergency" and alert.patient_id == clinic.patient_a


def test_referral_form_errors_name_the_field_and_keep_the_letter(clinic: Any) -> None:
    desk = browser(clinic, "desk")
    missing = register_referral(desk, ROUTINE, mrn="NOPE-1")
    assert missing.status_code == 422 and "no patient has record number" in field_error(missing.text, "existing_mrn")
    assert text_of(missing.text, "letter") == ROUTINE
    new_patient = post(desk, "/desk/referrals/new", {
        "who": "new", "mrn": "R-0009", "family_name": "Rowe", "given_name": "Rita", "birth_date": "1970-01-01",
        "source": "referral", "referrer": "Dr Ames", "received_on": date.today().isoformat(), "letter": ""})
    assert new_patient.status_code == 422 and field_error(new_patient.text, "letter")
    assert value_of(new_patient.text, "family_name") == "Rowe"


def test_referrals_are_listed_most_urgent_first(clinic: Any) -> None:
    desk = browser(clinic, "desk")
    for letter in (ROUTINE, URGENT, CAUDA_EQUINA):
        assert register_referral(desk, letter).status_code == 303
    levels = [r["triage_level"] for r in clinic.call("front_desk", "GET", "/api/referrals").json()["items"]]
    assert levels[0] == "emergency" and levels[1] == "urgent" and levels[-1] in ("routine", "soon")
    listing = desk.get("/desk/referrals").text
    assert listing.index("triage-emergency") < listing.index("triage-urgent")


def test_an_urgent_referral_is_offered_todays_held_slots_then_booked_moved_and_cancelled(
    clinic: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    morning = fix_morning(monkeypatch)
    desk = browser(clinic, "desk")
    created = register_referral(desk, URGENT)
    referral_id = int(created.headers["location"].split("?")[0].rsplit("/", 1)[1])
    assert clinic.call("front_desk", "GET", f"/api/referrals/{referral_id}").json()["triage_level"] == "urgent"
    book_path = f"/desk/patients/{clinic.patient_a}/book?referral={referral_id}"
    page = desk.get(book_path)
    today = morning.date().isoformat()
    checked = re.search(r'name="slot" value="([^"]+)" checked', page.text)
    assert checked is not None and checked.group(1).startswith(f"{today}T16:00")
    assert "held same-day slot" in page.text
    slot = checked.group(1)
    booked = post(desk, f"/desk/patients/{clinic.patient_a}/book",
                  {"slot": slot, "kind": "new", "referral_id": str(referral_id)}, page=book_path)
    assert booked.status_code == 303, booked.text[:500]
    appointment_path = booked.headers["location"].split("?")[0]
    referral = clinic.call("front_desk", "GET", f"/api/referrals/{referral_id}").json()
    assert referral["status"] == "booked" and referral["appointment_id"] == int(appointment_path.rsplit("/", 1)[1])
    assert f"referral={referral_id}" not in desk.get("/desk/referrals").text  # booked: no longer waiting
    # the held slot is gone for everyone else; a booked ordinary slot collides
    b_path = f"/desk/patients/{clinic.patient_b}/book"
    taken = post(desk, b_path, {"slot": slot, "kind": "follow_up"})
    assert taken.status_code == 422 and "held for same-day urgent patients" in field_error(taken.text, "slot")
    ten = f"{today}T10:00|{slot.split('|')[1]}"
    assert post(desk, b_path, {"slot": ten, "kind": "follow_up"}).status_code == 303
    again = post(desk, b_path, {"slot": ten, "kind": "follow_up"})
    assert again.status_code == 422 and "collides" in field_error(again.text, "slot")
    schedule = desk.get(f"/desk/schedule?day={today}")
    assert "Alvarez, Ana" in schedule.text and "16:00" in schedule.text
    # move: outside hours, then a free time; a stale version shows what changed
    page = desk.get(appointment_path)
    version = value_of(page.text, "version")
    late = post(desk, f"{appointment_path}/move", {"day": today, "at": "18:00", "clinician_id": "",
                                                  "version": version}, page=appointment_path)
    assert late.status_code == 422 and "08:30 to 17:00" in field_error(late.text, "at")
    moved = post(desk, f"{appointment_path}/move", {"day": today, "at": "14:00", "clinician_id": "",
                                                   "version": version}, page=appointment_path)
    assert moved.status_code == 303
    stale = post(desk, f"{appointment_path}/move", {"day": today, "at": "15:00", "clinician_id": "",
                                                   "version": version}, page=appointment_path)
    assert stale.status_code == 409 and "changed by someone else" in stale.text
    assert "starts at" in stale.text  # the change that happened is listed
    # cancel needs a reason
    page = desk.get(appointment_path)
    version = value_of(page.text, "version")
    no_reason = post(desk, f"{appointment_path}/cancel", {"reason": "", "version": version}, page=appointment_path)
    assert no_reason.status_code == 422 and "say why" in field_error(no_reason.text, "reason")
    cancelled = post(desk, f"{appointment_path}/cancel", {"reason": "patient called, feeling better",
                                                         "version": version}, page=appointment_path)
    assert cancelled.status_code == 303
    with clinic.session() as session:
        row = session.get(tables.Appointment, int(appointment_path.rsplit("/", 1)[1]))
        assert row is not None and row.status == "cancelled" and "feeling better" in row.note
        back = session.get(tables.Referral, referral_id)
        assert back is not None and back.status == "new"  # the referral is waiting to be booked again


def test_booking_a_specific_time_checks_hours_and_collisions(clinic: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    morning = fix_morning(monkeypatch)
    desk = browser(clinic, "desk")
    path = f"/desk/patients/{clinic.patient_b}/book"
    tomorrow = (morning.date() + timedelta(days=1)).isoformat()
    ok = post(desk, path, {"slot": "other", "day": tomorrow, "at": "10:00", "clinician_id": "",
                           "kind": "follow_up"})
    assert ok.status_code == 303
    early = post(desk, path, {"slot": "other", "day": tomorrow, "at": "07:00", "kind": "follow_up"})
    assert early.status_code == 422 and "08:30 to 17:00" in field_error(early.text, "at")
    assert value_of(early.text, "day") == tomorrow
    missing = post(desk, path, {"slot": "other", "day": "", "at": "", "kind": "follow_up"})
    assert missing.status_code == 422 and field_error(missing.text, "day")


def test_desk_cannot_open_clinical_pages_or_the_chart(clinic: Any) -> None:
    desk = browser(clinic, "desk")
    chart = desk.get(f"/api/patients/{clinic.patient_a}/chart")
    assert chart.status_code == 403
    page = desk.get(f"/clinic/patients/{clinic.patient_a}")
    assert page.status_code == 403 and "Not available to your role" in page.text
    assert "Alvarez" not in page.text
    packet = desk.get(f"/api/patients/{clinic.patient_a}/history-packet")
    assert packet.status_code == 403


def test_a_patient_cannot_open_any_desk_page(clinic: Any) -> None:
    patient = browser(clinic, "pat.a")
    for path in ("/desk/schedule", "/desk/referrals", "/desk/referrals/new", "/desk/patients",
                 "/desk/patients/new", f"/desk/patients/{clinic.patient_a}",
                 f"/desk/patients/{clinic.patient_a}/book"):
        response = patient.get(path)
        assert response.status_code == 403, path
        assert "Not available to your role" in response.text


def test_held_slots_are_kept_for_urgent_patients_until_released(clinic: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    morning = fix_morning(monkeypatch)
    desk = browser(clinic, "desk")
    path = f"/desk/patients/{clinic.patient_b}/book"
    today = morning.date().isoformat()
    routine = post(desk, path, {"slot": "other", "day": today, "at": "16:00", "kind": "follow_up"})
    assert routine.status_code == 422
    assert "held for same-day urgent patients" in field_error(routine.text, "at")
    page = desk.get(path)  # a routine booking is never offered a held slot before its release
    assert "held same-day slot" not in page.text
    from painpath.adapters import scheduling_policy

    afternoon = morning.replace(hour=12, minute=30)
    monkeypatch.setattr(scheduling_policy, "utc_now", lambda: afternoon)
    released = post(desk, path, {"slot": "other", "day": today, "at": "16:00", "kind": "follow_up"})
    assert released.status_code == 303


def test_a_past_day_shows_its_appointments_but_no_free_slots(clinic: Any) -> None:
    desk = browser(clinic, "desk")
    page = desk.get("/desk/schedule?day=2026-01-05")
    assert page.status_code == 200 and "This day has passed" in page.text


def test_a_referral_is_assessed_as_the_desk_user_and_every_step_is_audited(clinic: Any) -> None:
    desk = browser(clinic, "desk")
    created = register_referral(desk, URGENT)
    referral_id = int(created.headers["location"].split("?")[0].rsplit("/", 1)[1])
    desk.get("/desk/referrals")
    with clinic.session() as session:
        referral = session.get(tables.Referral, referral_id)
        assert referral is not None and referral.created_by == clinic.user_ids["desk"]
        assessment = session.get(tables.Assessment, referral.assessment_id)
        assert assessment is not None and assessment.created_by == clinic.user_ids["desk"]
        assert assessment.triage_level == referral.triage_level == "urgent"
        entries = {(e.username, e.action, e.record_type, e.record_id) for e in session.scalars(
            select(tables.AuditEntry).where(tables.AuditEntry.patient_id == clinic.patient_a))}
    assert ("desk", "create", "assessment", str(assessment.id)) in entries
    assert ("desk", "create", "referral", str(referral_id)) in entries
    assert ("desk", "read", "referral", str(referral_id)) in entries


def test_an_emergency_referral_is_closed_once_sent_to_the_emergency_department(clinic: Any) -> None:
    desk = browser(clinic, "desk")
    created = register_referral(desk, CAUDA_EQUINA)
    path = created.headers["location"].split("?")[0]
    page = desk.get(path)
    assert "Sent to the emergency department: close" in page.text
    version = value_of(page.text, "version")
    closed = post(desk, f"{path}/close", {"version": version}, page=path)
    assert closed.status_code == 303
    assert "triage-emergency" not in desk.get("/desk/referrals").text
    again = post(desk, f"{path}/close", {"version": version}, page=path)
    assert again.status_code == 409 and "changed by someone else" in again.text
    garbage = post(desk, f"{path}/close", {"version": "x"}, page=path)
    assert garbage.status_code == 409


def test_an_appointment_moves_to_an_offered_free_slot(clinic: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    morning = fix_morning(monkeypatch)
    desk = browser(clinic, "desk")
    tomorrow = (morning.date() + timedelta(days=1)).isoformat()
    booked = post(desk, f"/desk/patients/{clinic.patient_b}/book",
                  {"slot": "other", "day": tomorrow, "at": "11:00", "kind": "follow_up"})
    path = booked.headers["location"].split("?")[0]
    page = desk.get(path)
    offered = re.findall(r'name="slot" value="([^"]+\|[^"]*)"', page.text)
    assert offered and all(not key.startswith(f"{morning.date().isoformat()}T16") for key in offered)
    moved = post(desk, f"{path}/move", {"slot": offered[0], "day": "", "at": "",
                                        "version": value_of(page.text, "version")}, page=path)
    assert moved.status_code == 303
    when = offered[0].split("|")[0]
    with clinic.session() as session:
        row = session.get(tables.Appointment, int(path.rsplit("/", 1)[1]))
        assert row is not None and row.starts_at.strftime("%Y-%m-%dT%H:%M") == when and row.version == 2


def test_the_server_refuses_to_book_an_emergency_even_from_a_form_opened_earlier(
    clinic: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    morning = fix_morning(monkeypatch)
    desk = browser(clinic, "desk")
    created = register_referral(desk, CAUDA_EQUINA)
    referral_id = int(created.headers["location"].split("?")[0].rsplit("/", 1)[1])
    clinician = clinic.user_ids["clin"]
    slot = f"{morning.date().isoformat()}T10:00|{clinician}"
    refused = post(desk, f"/desk/patients/{clinic.patient_a}/book",
                   {"slot": slot, "kind": "new", "referral_id": str(referral_id)})
    assert refused.status_code == 422
    assert "Emergency: do not book an appointment" in refused.text  # the instruction, shown again
    referral = clinic.call("front_desk", "GET", f"/api/referrals/{referral_id}").json()
    assert referral["status"] == "new" and referral["appointment_id"] is None
    assert "triage-emergency" in desk.get("/desk/referrals").text  # still on the desk's list
    with clinic.session() as session:
        assert session.scalars(select(tables.Appointment).where(
            tables.Appointment.patient_id == clinic.patient_a)).first() is None


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("GET", "/desk/schedule?day=9999-12-31", None),
        ("GET", "/desk/schedule?day=0001-01-01", None),
        ("GET", "/clinic/today?day=9999-12-31", None),
        ("POST", "/desk/patients/{a}/book", {"slot": "9999-12-31T10:00|1", "kind": "new"}),
        ("POST", "/desk/patients/{a}/book", {"slot": "other", "day": "9999-12-31", "at": "10:00", "kind": "new"}),
        ("POST", "/desk/patients/{a}/book", {"slot": "other", "day": "2026-12-01", "at": "10:00", "kind": "new",
                                             "referral_id": "99999999999999999999"}),
        ("POST", "/desk/patients/{a}", {"version": "²", "family_name": "Alvarez"}),
        ("POST", "/desk/patients/{a}", {"version": "9" * 5000, "family_name": "Alvarez"}),
        ("GET", "/clinic/patients/99999999999999999999/goals", None),
        ("POST", "/clinic/alerts/99999999999999999999/acknowledge", {"action_note": "x"}),
    ],
)
def test_out_of_range_input_is_a_clear_error_not_a_crash(clinic: Any, method: str, path: str,
                                                         data: dict[str, str] | None) -> None:
    user = browser(clinic, "clin" if path.startswith("/clinic") else "desk")
    path = path.replace("{a}", str(clinic.patient_a))
    if method == "GET":
        response = user.get(path)
    else:
        response = post(user, path, data or {}, page="/clinic/today" if path.startswith("/clinic") else "/desk")
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:300])
