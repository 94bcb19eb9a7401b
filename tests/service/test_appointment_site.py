"""The site of an appointment (issue 15): recorded at booking (asked for, or where the clinician works that day),
refused with the field named when the site is closed or the clinician does not work there, kept on a move; the desk
chooses and sees it, the portal tells the patient where to go. On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from tests.service.provider_records import SITE, make_provider_records
from tests.web.desk_portal_helpers import browser, field_error, post


def at(days: int, clock: str) -> str:
    return f"{(date.today() + timedelta(days=days)).isoformat()}T{clock}:00Z"


def book(clinic: Any, when: str, **extra: Any) -> Any:
    return clinic.call("front_desk", "POST", f"/api/patients/{clinic.patient_a}/appointments",
                       json={"starts_at": when, "kind": "follow_up", "clinician_id": clinic.user_ids["clin"], **extra})


def second_site(clinic: Any, **changes: Any) -> int:
    r = clinic.call("admin", "POST", "/api/sites", json={**SITE, "code": "east", "name": "East Clinic",
                                                         "address": "9 East Road", **changes})
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


def test_the_api_records_where_the_clinician_works_or_the_site_asked_for(clinic: Any) -> None:
    ids = make_provider_records(clinic, clinic.patient_a)  # clin works at 'main' every day
    east = second_site(clinic)
    made = book(clinic, at(3, "10:00"))
    assert made.status_code == 201 and made.json()["site_id"] == ids["site_id"]
    elsewhere = book(clinic, at(3, "11:00"), site_id=east)
    assert elsewhere.status_code == 422
    assert elsewhere.json()["detail"] == ("site_id: the clinician does not work at East Clinic on "
                                          f"{(date.today() + timedelta(days=3)):%A}s: choose another site or "
                                          "clinician")
    assert book(clinic, at(3, "11:00"), site_id=999999).json()["detail"].startswith("site_id: no site 999999")
    moved = clinic.call("front_desk", "PATCH", f"/api/appointments/{made.json()['id']}",
                        json={"version": made.json()["version"], "starts_at": at(4, "09:00")})
    assert moved.status_code == 200 and moved.json()["site_id"] == ids["site_id"]
    read = clinic.call("patient", "GET", f"/api/appointments/{made.json()['id']}")
    assert read.status_code == 200 and read.json()["site_id"] == ids["site_id"]


def test_a_site_closed_that_day_or_at_that_hour_is_refused(clinic: Any) -> None:
    make_provider_records(clinic, clinic.patient_a)
    day = date.today() + timedelta(days=5)
    east = second_site(clinic, days=[(day.weekday() + 1) % 7], opens="09:00", closes="16:00")
    profile = clinic.call("front_desk", "GET", "/api/providers").json()[0]["profile"]
    body = {k: v for k, v in profile.items() if k != "version"}
    body["sessions"] = [{"site": "main", "days": [0, 1, 2, 3, 4, 5, 6]}, {"site": "east", "days": list(range(7))}]
    assert clinic.call("admin", "PUT", f"/api/providers/{clinic.user_ids['clin']}",
                       json={"version": profile["version"], **body}).status_code == 200
    closed = book(clinic, f"{day.isoformat()}T10:00:00Z", site_id=east)
    assert closed.status_code == 422 and closed.json()["detail"] == (
        f"site_id: East Clinic is closed on {day:%A}s: choose another site or day")
    late = book(clinic, f"{(day + timedelta(days=1)).isoformat()}T08:30:00Z", site_id=east)
    assert late.status_code == 422 and "East Clinic is open 09:00 to 16:00" in late.json()["detail"]
    ok = book(clinic, f"{(day + timedelta(days=1)).isoformat()}T15:00:00Z", site_id=east)
    assert ok.status_code == 201 and ok.json()["site_id"] == east


def test_the_desk_chooses_the_site_and_the_portal_says_where_to_go(clinic: Any) -> None:
    ids = make_provider_records(clinic, clinic.patient_a)
    east = second_site(clinic)
    desk = browser(clinic, "desk")
    page = desk.get(f"/desk/patients/{clinic.patient_a}/book")
    assert page.status_code == 200 and " at Main Street Clinic" in page.text
    assert "Main Street Clinic, 1 Main Street" in page.text  # the site choice, with the address
    day = (date.today() + timedelta(days=6)).isoformat()
    wrong = post(desk, f"/desk/patients/{clinic.patient_a}/book",
                 {"slot": "other", "day": day, "at": "10:00", "clinician_id": str(clinic.user_ids["clin"]),
                  "kind": "follow_up", "site_id": str(east)})
    assert wrong.status_code == 422
    assert field_error(wrong.text, "site_id").startswith("the clinician does not work at East Clinic")
    made = post(desk, f"/desk/patients/{clinic.patient_a}/book",
                {"slot": "other", "day": day, "at": "10:00", "clinician_id": str(clinic.user_ids["clin"]),
                 "kind": "follow_up", "site_id": str(ids["site_id"])})
    assert made.status_code == 303, made.text[:300]
    shown = desk.get(made.headers["location"])
    assert "<dt>Site</dt><dd>Main Street Clinic, 1 Main Street</dd>" in shown.text
    portal = browser(clinic, "pat.a")
    listing = portal.get("/portal/appointments")
    assert "at Main Street Clinic (1 Main Street)" in listing.text
    appointment_id = made.headers["location"].split("/")[-1].split("?")[0]
    one = portal.get(f"/portal/appointments/{appointment_id}")
    assert "<dt>Where to go</dt><dd>Main Street Clinic<br>1 Main Street</dd>" in one.text
