"""The administrator's clinician and site pages (issue 15): they edit through the API's store (the API reads back
what the page saved), refuse bad input next to the field, keep what was typed, are admin-only, need the form's
CSRF token and are audited."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from painpath.adapters.db.tables import AuditEntry
from tests.service.provider_records import make_provider_records
from tests.web.desk_portal_helpers import browser, field_error, post, value_of


def audit_types(clinic: Any) -> list[tuple[str, str]]:
    with clinic.session() as session:
        return [(e.action, e.record_type) for e in session.scalars(select(AuditEntry).order_by(AuditEntry.seq))]


def profile(clinic: Any) -> dict[str, Any]:
    r = clinic.call("front_desk", "GET", "/api/providers")
    assert r.status_code == 200
    return next(p for p in r.json() if p["user_id"] == clinic.user_ids["clin"])


def test_the_admin_edits_a_clinicians_profile_and_the_api_reads_it_back(clinic: Any) -> None:
    make_provider_records(clinic, clinic.patient_a)
    admin = browser(clinic, "admin")
    listing = admin.get("/admin/clinicians")
    assert listing.status_code == 200
    assert "Main Street Clinic (Mon, Tue, Wed, Thu, Fri, Sat, Sun)" in listing.text
    assert "Lumbar radiculopathy (sciatica)" in listing.text and "English (en)" in listing.text
    path = f"/admin/clinicians/{clinic.user_ids['clin']}"
    page = admin.get(path)
    assert page.status_code == 200 and value_of(page.text, "languages") == "en"
    before = len(audit_types(clinic))
    saved = post(admin, path, {
        "version": "1", "accepting_new": "no", "languages": "en, es", "plans": ["acme"],
        "days_main": ["1", "3"], "procedures": ["medial_branch_block", "joint_injection"],
        "guidance_medial_branch_block": ["fluoroscopy"], "guidance_joint_injection": ["ultrasound", "landmark"],
        "focus": ["knee_osteoarthritis"]})
    assert saved.status_code == 303 and saved.headers["location"].startswith("/admin/clinicians?notice=")
    p = profile(clinic)["profile"]
    assert p["accepting_new"] is False and p["languages"] == ["en", "es"] and p["version"] == 2
    assert p["sessions"] == [{"site": "main", "days": [1, 3]}] and p["focus"] == ["knee_osteoarthritis"]
    assert sorted((x["id"], tuple(x["guidance"])) for x in p["procedures"]) == [
        ("joint_injection", ("ultrasound", "landmark")), ("medial_branch_block", ("fluoroscopy",))]
    assert ("update", "clinician_profile") in audit_types(clinic)[before:]
    assert "Main Street Clinic (Tue, Thu)" in admin.get("/admin/clinicians").text


def test_bad_clinician_input_is_named_next_to_its_field_and_nothing_is_lost(clinic: Any) -> None:
    make_provider_records(clinic, clinic.patient_a)
    admin = browser(clinic, "admin")
    path = f"/admin/clinicians/{clinic.user_ids['clin']}"
    bad = post(admin, path, {"version": "1", "accepting_new": "yes", "languages": "English",
                             "guidance_sympathetic_block": ["ct"], "days_main": ["2"]})
    assert bad.status_code == 422
    assert field_error(bad.text, "languages").startswith("use a 2- or 3-letter lower-case language code")
    assert "Sympathetic block: a guidance is ticked but 'performs' is not" in field_error(bad.text, "procedures")
    assert value_of(bad.text, "languages") == "English"  # what was typed is shown again
    assert 'name="days_main" value="2" checked' in bad.text
    assert profile(clinic)["profile"]["languages"] == ["en"]  # nothing saved
    # a stale version: 409 with the other person's change, the typed values kept
    assert post(admin, path, {"version": "1", "accepting_new": "yes", "languages": "en, fr"}).status_code == 303
    stale = post(admin, path, {"version": "1", "accepting_new": "no", "languages": "en, ja"})
    assert stale.status_code == 409 and "Someone else changed this profile" in stale.text
    assert value_of(stale.text, "languages") == "en, ja" and value_of(stale.text, "version") == "2"


def test_the_admin_adds_and_edits_a_site_with_errors_by_the_field(clinic: Any) -> None:
    make_provider_records(clinic, clinic.patient_a)
    admin = browser(clinic, "admin")
    bad = post(admin, "/admin/sites/new", {"code": "East Side", "name": "", "opens": "8.30", "closes": "17:00",
                                           "procedure_rooms": "2"}, page="/admin/sites/new")
    assert bad.status_code == 422
    assert field_error(bad.text, "code").startswith("use an id of lower-case letters")
    assert field_error(bad.text, "name") == "give the site's name"
    assert field_error(bad.text, "opens") == "use a 24-hour clock time HH:MM, e.g. 08:30"
    assert field_error(bad.text, "days") == "tick at least one day the site is open"
    assert value_of(bad.text, "code") == "East Side"
    late = post(admin, "/admin/sites/new", {"code": "east", "name": "East Clinic", "opens": "17:00",
                                            "closes": "09:00", "days": ["0"], "procedure_rooms": "1"},
                page="/admin/sites/new")
    assert late.status_code == 422 and "not after it opens at 17:00" in field_error(late.text, "closes")
    made = post(admin, "/admin/sites/new", {"code": "east", "name": "East Clinic", "address": "9 East Road",
                                            "latitude": "51.52", "longitude": "-0.08", "opens": "09:00",
                                            "closes": "16:00", "days": ["0", "2"], "procedure_rooms": "1",
                                            "plans": ["acme"]}, page="/admin/sites/new")
    assert made.status_code == 303
    site = next(s for s in clinic.call("front_desk", "GET", "/api/sites").json() if s["code"] == "east")
    assert (site["address"], site["opens"], site["closes"], site["days"], site["plans"]) == (
        "9 East Road", "09:00", "16:00", [0, 2], ["acme"])
    edit = f"/admin/sites/{site['id']}"
    assert value_of(admin.get(edit).text, "latitude") == "51.52"
    saved = post(admin, edit, {"version": "1", "name": "East Clinic", "address": "", "latitude": "",
                               "longitude": "", "opens": "09:00", "closes": "18:00", "days": ["0"],
                               "procedure_rooms": "3"})
    assert saved.status_code == 303
    site = next(s for s in clinic.call("front_desk", "GET", "/api/sites").json() if s["code"] == "east")
    assert (site["address"], site["latitude"], site["closes"], site["procedure_rooms"], site["plans"],
            site["version"]) == ("", None, "18:00", 3, [], 2)
    rooms = post(admin, edit, {"version": "2", "name": "East Clinic", "opens": "09:00", "closes": "18:00",
                               "days": ["0"], "procedure_rooms": "99"})
    assert rooms.status_code == 422 and "50" in field_error(rooms.text, "procedure_rooms")
    assert ("create", "site") in audit_types(clinic) and ("update", "site") in audit_types(clinic)


def test_only_the_admin_opens_or_submits_the_pages_and_the_form_needs_its_token(clinic: Any) -> None:
    make_provider_records(clinic, clinic.patient_a)
    for who in ("desk", "clin", "pat.a"):
        client = browser(clinic, who)
        for path in ("/admin/clinicians", "/admin/sites", "/admin/sites/new"):
            assert client.get(path).status_code == 403, (who, path)
    admin = browser(clinic, "admin")
    path = f"/admin/clinicians/{clinic.user_ids['clin']}"
    forged = admin.post(path, data={"version": "1", "accepting_new": "no", "languages": "de"},
                        follow_redirects=False)
    assert forged.status_code == 403 and profile(clinic)["profile"]["languages"] == ["en"]
    assert admin.get(f"/admin/clinicians/{clinic.user_ids['desk']}").status_code == 404  # not a clinician
    assert "/admin/clinicians" in admin.get("/admin").text and "/admin/sites" in admin.get("/admin").text


def test_the_desk_blocks_and_lifts_time_on_its_page_with_errors_by_the_field(clinic: Any) -> None:
    from datetime import date, timedelta

    ids = make_provider_records(clinic, clinic.patient_a)
    desk = browser(clinic, "desk")
    page = desk.get("/desk/blocked-time")
    assert page.status_code == 200 and "Nothing is blocked." in page.text
    day = (date.today() + timedelta(days=4)).isoformat()
    bad = post(desk, "/desk/blocked-time", {"kind": "leave", "from_day": day, "from_time": "12:00",
                                            "to_day": day, "to_time": "09:00", "note": "conference"})
    assert bad.status_code == 422 and field_error(bad.text, "clinician_id") == "choose whose time is blocked"
    backwards = post(desk, "/desk/blocked-time", {"kind": "leave", "clinician_id": str(clinic.user_ids["clin"]),
                                                  "from_day": day, "from_time": "12:00", "to_day": day,
                                                  "to_time": "09:00", "note": "conference"})
    assert backwards.status_code == 422 and "must end after it starts" in field_error(backwards.text, "to_day")
    assert value_of(backwards.text, "note") == "conference"
    booked = clinic.call("front_desk", "POST", f"/api/patients/{clinic.patient_a}/appointments", json={
        "starts_at": f"{day}T10:00:00Z", "kind": "follow_up", "clinician_id": clinic.user_ids["clin"]})
    assert booked.status_code == 201
    made = post(desk, "/desk/blocked-time", {"kind": "leave", "clinician_id": str(clinic.user_ids["clin"]),
                                             "from_day": day, "from_time": "09:00", "to_day": day,
                                             "to_time": "12:00", "note": "conference"})
    assert made.status_code == 303
    listing = desk.get(made.headers["location"])
    assert "Blocked: clin is on leave (conference). 1 booked appointment falls inside it" in listing.text
    assert "clin is on leave (conference)" in listing.text.split("<tbody>")[1]
    room = post(desk, "/desk/blocked-time", {"kind": "room_hold", "site_id": str(ids["site_id"]), "from_day": day,
                                             "from_time": "13:00", "to_day": day, "to_time": "14:00"})
    assert room.status_code == 303
    blocks = clinic.call("front_desk", "GET", "/api/blocked-times").json()
    assert [(b["kind"], b["label"]) for b in blocks] == [
        ("leave", "clin is on leave (conference)"), ("room_hold", "a procedure room is held at Main Street Clinic")]
    lifted = post(desk, f"/desk/blocked-time/{blocks[0]['id']}/remove", {}, page="/desk/blocked-time")
    assert lifted.status_code == 303
    assert [b["kind"] for b in clinic.call("front_desk", "GET", "/api/blocked-times").json()] == ["room_hold"]
    assert browser(clinic, "admin").get("/desk/blocked-time").status_code == 200
    for who in ("clin", "pat.a"):
        assert browser(clinic, who).get("/desk/blocked-time").status_code == 403
    forged = desk.post("/desk/blocked-time", data={"kind": "leave", "clinician_id": str(clinic.user_ids["clin"]),
                                                   "from_day": day, "from_time": "15:00", "to_day": day,
                                                   "to_time": "16:00"}, follow_redirects=False)
    assert forged.status_code == 403
