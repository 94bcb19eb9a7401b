"""Blocked time (issue 15): a clinician's leave or meeting and a procedure room held at a site are stored, never
offered (desk offers, the schedule's free slots, the waitlist) and a booking or move into them is refused with a 409
that says why; lifting a block frees the time. On SQLite and PostgreSQL."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select

from painpath.adapters.db.tables import AuditEntry
from painpath.adapters.db.tables_providers import SlotOffer
from tests.service.provider_records import make_provider_records
from tests.web.desk_portal_helpers import browser


def at(days: int, clock: str) -> str:
    return f"{(date.today() + timedelta(days=days)).isoformat()}T{clock}:00Z"


def block(clinic: Any, role: str = "front_desk", **body: Any) -> Any:
    return clinic.call(role, "POST", "/api/blocked-times", json=body)


def book(clinic: Any, when: str, *, patient: int | None = None, kind: str = "follow_up",
         clinician: int | None = None, role: str = "front_desk") -> Any:
    body: dict[str, Any] = {"starts_at": when, "kind": kind}
    if clinician is not None:
        body["clinician_id"] = clinician
    return clinic.call(role, "POST", f"/api/patients/{patient or clinic.patient_a}/appointments", json=body)


def test_leave_is_never_booked_and_lifting_it_frees_the_time(clinic: Any) -> None:
    clin = clinic.user_ids["clin"]
    made = block(clinic, kind="leave", clinician_id=clin, starts_at=at(5, "09:00"), ends_at=at(5, "12:00"),
                 note="annual leave")
    assert made.status_code == 201, made.text
    assert made.json()["label"] == "clin is on leave (annual leave)" and made.json()["booked_inside"] == []
    refused = book(clinic, at(5, "10:00"), clinician=clin)
    assert refused.status_code == 409
    assert refused.json()["detail"].startswith("starts_at: ") and "is blocked time: clin is on leave (annual " \
        "leave)" in refused.json()["detail"] and "choose a free slot" in refused.json()["detail"]
    overlapping = book(clinic, at(5, "08:30"), kind="new", clinician=clin)  # 60 minutes run into the leave
    assert overlapping.status_code == 409 and "on leave" in overlapping.json()["detail"]
    assert book(clinic, at(5, "10:00")).status_code == 409  # no clinician named: the only one is away
    after = book(clinic, at(5, "12:00"), clinician=clin)
    assert after.status_code == 201, after.text
    moved = clinic.call("front_desk", "PATCH", f"/api/appointments/{after.json()['id']}",
                        json={"version": after.json()["version"], "starts_at": at(5, "11:30")})
    assert moved.status_code == 409 and "on leave" in moved.json()["detail"]
    listed = clinic.call("admin", "GET", "/api/blocked-times").json()
    assert [(b["kind"], b["clinician_id"], b["note"]) for b in listed] == [("leave", clin, "annual leave")]
    assert clinic.call("front_desk", "DELETE", f"/api/blocked-times/{made.json()['id']}").status_code == 204
    assert clinic.call("front_desk", "DELETE", f"/api/blocked-times/{made.json()['id']}").status_code == 204
    assert clinic.call("admin", "GET", "/api/blocked-times").json() == []
    assert book(clinic, at(5, "10:00"), clinician=clin).status_code == 201
    with clinic.session() as session:
        actions = [(e.action, e.record_type) for e in session.scalars(select(AuditEntry))]
    assert ("create", "blocked_time") in actions and actions.count(("delete", "blocked_time")) == 1


def test_a_blocked_span_is_never_offered_by_the_desk_or_the_schedule(clinic: Any) -> None:
    clin = clinic.user_ids["clin"]
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    until = (now + timedelta(days=3)).replace(hour=11, minute=0)
    assert block(clinic, kind="leave", clinician_id=clin, starts_at=now.isoformat(),
                 ends_at=until.isoformat()).status_code == 201
    desk = browser(clinic, "desk")
    page = desk.get(f"/desk/patients/{clinic.patient_a}/book")
    assert page.status_code == 200
    offered = [datetime.strptime(k, "%Y-%m-%dT%H:%M") for k in
               re.findall(r'name="slot" value="(\d{4}-\d\d-\d\dT\d\d:\d\d)\|', page.text)]
    assert offered and min(offered) == until.replace(tzinfo=None)  # the first free time is when the leave ends
    day = (now + timedelta(days=2)).date()
    schedule = desk.get("/desk/schedule", params={"day": day.isoformat()})
    assert schedule.status_code == 200 and "No free slots" in schedule.text
    assert "<h2>Blocked time</h2>" in schedule.text and "clin is on leave: " in schedule.text


def test_a_freed_slot_inside_a_meeting_is_not_offered_to_the_waitlist(clinic: Any) -> None:
    clin = clinic.user_ids["clin"]
    first = book(clinic, at(6, "10:00"), clinician=clin)
    assert first.status_code == 201
    joined = clinic.call("front_desk", "POST", f"/api/patients/{clinic.patient_b}/waitlist", json={})
    assert joined.status_code == 201
    made = block(clinic, "admin", kind="meeting", clinician_id=clin, starts_at=at(6, "09:30"),
                 ends_at=at(6, "11:00"), note="practice meeting")
    assert made.status_code == 201
    inside = [datetime.fromisoformat(x) for x in made.json()["booked_inside"]]
    # the booked time in clinic time with its offset (an API date-time names its offset), the same instant as booked
    assert all(x.tzinfo is not None for x in inside)
    assert inside == [datetime.fromisoformat(at(6, "10:00"))]
    cancelled = clinic.call("front_desk", "PATCH", f"/api/appointments/{first.json()['id']}",
                            json={"version": first.json()["version"], "status": "cancelled", "reason": "meeting"})
    assert cancelled.status_code == 200, cancelled.text
    with clinic.session() as session:
        offers = list(session.scalars(select(SlotOffer)))
    moment = datetime.fromisoformat(at(6, "10:00").replace("Z", "+00:00"))
    assert all(o.starts_at.replace(tzinfo=UTC) != moment for o in offers)


def _second_clinician(clinic: Any) -> int:
    r = clinic.call("admin", "POST", "/api/users", json={"username": "dr.second", "display_name": "Dr Second",
                                                         "role": "clinician"})
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


def test_procedure_rooms_held_or_in_use_refuse_a_procedure_but_not_a_consultation(clinic: Any) -> None:
    ids = make_provider_records(clinic, clinic.patient_a)  # site 'main': one procedure room; clin works there
    clin, other = clinic.user_ids["clin"], _second_clinician(clinic)
    from tests.service.provider_records import PROFILE

    assert clinic.call("admin", "PUT", f"/api/providers/{other}", json={"version": 0, **PROFILE}).status_code == 200
    hold = block(clinic, kind="room_hold", site_id=ids["site_id"], starts_at=at(7, "13:00"), ends_at=at(7, "15:00"),
                 note="same-day targeted injections")
    assert hold.status_code == 201, hold.text
    assert hold.json()["label"] == "a procedure room is held at Main Street Clinic (same-day targeted injections)"
    refused = book(clinic, at(7, "13:30"), kind="procedure", clinician=clin)
    assert refused.status_code == 409
    assert "every procedure room at Main Street Clinic is in use or held" in refused.json()["detail"]
    assert book(clinic, at(7, "13:30"), kind="follow_up", clinician=clin).status_code == 201
    assert book(clinic, at(7, "15:00"), kind="procedure", clinician=clin).status_code == 201
    # the one room in use by clin's procedure: the other clinician at the same site cannot start one then
    taken = book(clinic, at(7, "15:00"), patient=clinic.patient_b, kind="procedure", clinician=other)
    assert taken.status_code == 409 and "in use or held" in taken.json()["detail"]
    assert book(clinic, at(7, "15:30"), patient=clinic.patient_b, kind="procedure", clinician=other).status_code \
        == 201


def test_bad_blocks_are_refused_with_the_field_named(clinic: Any) -> None:
    ids = make_provider_records(clinic, clinic.patient_a)
    clin = clinic.user_ids["clin"]
    backwards = block(clinic, kind="leave", clinician_id=clin, starts_at=at(3, "12:00"), ends_at=at(3, "09:00"))
    assert backwards.status_code == 422 and backwards.json()["detail"].startswith("ends_at: ")
    nobody = block(clinic, kind="meeting", starts_at=at(3, "09:00"), ends_at=at(3, "10:00"))
    assert nobody.status_code == 422 and nobody.json()["detail"].startswith("clinician_id: ")
    no_site = block(clinic, kind="room_hold", clinician_id=clin, starts_at=at(3, "09:00"), ends_at=at(3, "10:00"))
    assert no_site.status_code == 422 and no_site.json()["detail"].startswith("site_id: ")
    r = clinic.call("admin", "PATCH", f"/api/sites/{ids['site_id']}", json={"version": 1, "procedure_rooms": 0})
    assert r.status_code == 200
    no_room = block(clinic, kind="room_hold", site_id=ids["site_id"], starts_at=at(3, "09:00"),
                    ends_at=at(3, "10:00"))
    assert no_room.status_code == 422 and "has no procedure room" in no_room.json()["detail"]
    # a site without a procedure room books no procedure at all
    none_free = book(clinic, at(3, "10:00"), kind="procedure", clinician=clin)
    assert none_free.status_code == 409 and "Main Street Clinic has no procedure room" in none_free.json()["detail"]
    assert clinic.call("patient", "GET", "/api/blocked-times").status_code == 403
    assert clinic.call("front_desk", "DELETE", "/api/blocked-times/999999").status_code == 404
