"""The administrator edits a clinician's profile and a site in a real browser (issue 15): a wrong value is named
next to its field, the fix is saved, and the pages pass axe-core (screenshots saved)."""

from __future__ import annotations

import re
from typing import Any


def test_the_admin_edits_a_clinician_and_a_site(signed_in: Any, axe_check: Any, screenshot: Any) -> None:
    page = signed_in("admin")
    page.goto("/admin")
    page.locator("#main").get_by_role("link", name="Clinicians").click()
    page.wait_for_url(re.compile(r"/admin/clinicians$"))
    row = page.locator("tr", has_text="Lindqvist")
    assert "Northgate Spine Clinic (Mon, Wed, Fri, Sun)" in row.inner_text()
    assert axe_check(page) == []
    screenshot(page, "admin-clinicians")
    row.get_by_role("link", name=re.compile("Edit")).click()
    page.wait_for_url(re.compile(r"/admin/clinicians/\d+$"))
    page.get_by_label("Languages").fill("en, Swedish")
    page.get_by_role("button", name="Save profile").click()
    assert "use a 2- or 3-letter lower-case language code" in page.locator("#e-languages").inner_text()
    assert page.get_by_label("Languages").get_attribute("aria-invalid") == "true"
    assert axe_check(page) == []
    screenshot(page, "admin-clinician-error")
    page.get_by_label("Languages").fill("en, sv, de")
    page.locator("fieldset", has_text="Northgate Spine Clinic").last.get_by_label("Tuesday").check()
    page.get_by_role("button", name="Save profile").click()
    page.wait_for_url(re.compile(r"/admin/clinicians\?"))
    row = page.locator("tr", has_text="Lindqvist")
    assert "Northgate Spine Clinic (Mon, Tue, Wed, Fri, Sun)" in row.inner_text()
    assert "German (de)" in row.inner_text()

    page.get_by_role("link", name="Sites").first.click()
    page.locator("tr", has_text="Riverside").get_by_role("link", name=re.compile("Edit")).click()
    page.wait_for_url(re.compile(r"/admin/sites/\d+$"))
    page.get_by_label("Closes at").fill("7pm")
    page.get_by_role("button", name="Save site").click()
    assert "24-hour clock time HH:MM" in page.locator("#e-closes").inner_text()
    assert axe_check(page) == []
    screenshot(page, "admin-site-error")
    page.get_by_label("Closes at").fill("19:00")
    page.get_by_label("Procedure rooms").fill("3")
    page.get_by_role("button", name="Save site").click()
    page.wait_for_url(re.compile(r"/admin/sites\?"))
    assert "08:30 to 19:00" in page.locator("tr", has_text="Riverside").inner_text()
    assert axe_check(page) == []

    # the server is shared by every browser test: put the demo clinic back as it was
    page.locator("tr", has_text="Riverside").get_by_role("link", name=re.compile("Edit")).click()
    page.get_by_label("Closes at").fill("17:00")
    page.get_by_label("Procedure rooms").fill("2")
    page.get_by_role("button", name="Save site").click()
    page.wait_for_url(re.compile(r"/admin/sites\?"))
    page.goto("/admin/clinicians")
    page.locator("tr", has_text="Lindqvist").get_by_role("link", name=re.compile("Edit")).click()
    page.get_by_label("Languages").fill("en, sv")
    page.locator("fieldset", has_text="Northgate Spine Clinic").last.get_by_label("Tuesday").uncheck()
    page.get_by_role("button", name="Save profile").click()
    page.wait_for_url(re.compile(r"/admin/clinicians\?"))
    assert "Northgate Spine Clinic (Mon, Wed, Fri, Sun)" in page.locator("tr", has_text="Lindqvist").inner_text()


def test_the_desk_blocks_a_meeting_and_lifts_it(signed_in: Any, axe_check: Any, screenshot: Any) -> None:
    from datetime import date, timedelta

    page = signed_in("front_desk")
    page.goto("/desk/schedule")
    page.get_by_role("link", name="Blocked time").click()
    page.wait_for_url(re.compile(r"/desk/blocked-time$"))
    day = (date.today() + timedelta(days=200)).isoformat()
    page.get_by_label("What").select_option("meeting")
    page.get_by_label("From (day)").fill(day)
    page.get_by_label("To (day)").fill(day)
    page.get_by_label("From (time)").fill("09:00")
    page.get_by_label("To (time)").fill("10:00")
    page.get_by_label("Note").fill("practice meeting")
    page.get_by_role("button", name="Block this time").click()
    assert "choose whose time is blocked" in page.locator("#e-clinician_id").inner_text()
    assert axe_check(page) == []
    page.get_by_label("Clinician").select_option(label="Dr Ama Osei")
    page.get_by_role("button", name="Block this time").click()
    page.wait_for_url(re.compile(r"/desk/blocked-time\?"))
    assert "Blocked: Dr Ama Osei is in a meeting (practice meeting)" in page.locator(".notice").inner_text()
    row = page.locator("tr", has_text="Dr Ama Osei is in a meeting")
    assert row.count() == 1
    assert axe_check(page) == []
    screenshot(page, "desk-blocked-time")
    row.get_by_role("button", name=re.compile("Lift")).click()
    page.wait_for_url(re.compile(r"/desk/blocked-time\?"))
    assert page.locator("tr", has_text="Dr Ama Osei is in a meeting").count() == 0


def test_the_portal_says_where_to_go_and_the_desk_chooses_the_site(signed_in: Any, demo: Any,
                                                                   axe_check: Any, screenshot: Any) -> None:
    patient = signed_in("patient")
    patient.goto(f"/portal/appointments/{demo.ids['appointment_id']}")
    facts = patient.locator("dl.facts").inner_text()
    assert "Where to go" in facts and ("Riverside Pain Centre" in facts or "Northgate Spine Clinic" in facts)
    assert "12 River Road" in facts or "3 Hill Street" in facts
    assert axe_check(patient) == []
    screenshot(patient, "portal-appointment-site")

    desk = signed_in("front_desk")
    desk.goto(f"/desk/patients/{demo.ids['patient_id']}/book")
    first = desk.locator('input[name="slot"]').first.locator("xpath=..").inner_text()
    assert " at Riverside Pain Centre" in first or " at Northgate Spine Clinic" in first
    options = desk.get_by_label("Site").locator("option").all_inner_texts()
    assert options[0] == "Where the clinician works that day"
    assert "Riverside Pain Centre, 12 River Road, Rivertown" in options
    assert axe_check(desk) == []


def _api(base_url: str, method: str, path: str, token: str = "", body: Any = None) -> tuple[int, Any]:
    import json
    import urllib.error
    import urllib.request

    request = urllib.request.Request(base_url + path, method=method, data=None if body is None else
                                     json.dumps(body).encode(), headers={"Content-Type": "application/json",
                                                                         **({"Authorization": f"Bearer {token}"}
                                                                            if token else {})})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read() or b"null")


def test_the_patient_accepts_a_waitlist_offer_on_the_portal(signed_in: Any, demo: Any, axe_check: Any,
                                                            screenshot: Any) -> None:
    from datetime import date, timedelta

    from tests.browser.harness import DEMO_PASSWORD, ROLE_USERS

    status, token = _api(demo.base_url, "POST", "/api/auth/token",
                         body={"username": ROLE_USERS["front_desk"], "password": DEMO_PASSWORD})
    assert status == 200
    desk = token["access_token"]
    assert _api(demo.base_url, "POST", f"/api/patients/{demo.ids['patient_id']}/waitlist", desk, {})[0] == 201
    other = demo.ids["other_patient_id"]
    booked = None
    refusals: list[str] = []
    for days in range(2, 6):  # a free morning time a few days ahead with any clinician, then cancelled
        for hour in ("09:00", "09:30", "10:00", "10:30", "11:00"):
            when = f"{(date.today() + timedelta(days=days)).isoformat()}T{hour}:00Z"
            status, body = _api(demo.base_url, "POST", f"/api/patients/{other}/appointments", desk,
                                {"starts_at": when, "kind": "follow_up", "window_reason": "browser test"})
            if status == 201:
                booked = body
                break
            refusals.append(f"{when}: {status} {str(body)[:160]}")
        if booked:
            break
    assert booked is not None, refusals[:6]
    status, _ = _api(demo.base_url, "PATCH", f"/api/appointments/{booked['id']}", desk,
                     {"version": booked["version"], "status": "cancelled", "reason": "patient called"})
    assert status == 200

    page = signed_in("patient")
    page.goto("/portal/appointments")
    offer = page.locator("section", has_text="An earlier time for you")
    assert "This offer stands until" in offer.inner_text()
    assert axe_check(page) == []
    screenshot(page, "portal-waitlist-offer")
    offer.get_by_role("button", name="Accept this time").click()
    page.wait_for_url(re.compile(r"/portal/appointments/\d+\?"))
    assert "Booked" in page.locator(".notice").inner_text()
    assert "Where to go" in page.locator("dl.facts").inner_text()
    assert axe_check(page) == []
