"""The front desk and the patient portal in a real browser, on the demo clinic: the desk books an appointment and
cannot open clinical pages; a patient fills the history packet (and a questionnaire, where the outcome pages are
present) and cannot reach another patient by editing a URL."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from painpath.web.pages import PAGE_ROUTERS


def page_routes() -> set[str]:
    return {getattr(route, "path", "") for router in PAGE_ROUTERS for route in router.routes}


def test_the_desk_books_a_referral_and_cannot_open_a_clinical_page(signed_in: Any, demo: Any, axe_check: Any) -> None:
    page = signed_in("front_desk")
    page.goto("/desk/referrals")
    row = page.locator("tr", has_text="Lindgren")
    row.get_by_role("link", name=re.compile(r"^Book")).click()
    assert page.locator("h1").inner_text() == "Book Oskar Lindgren"
    assert page.locator('input[name="slot"]:checked').count() == 1  # the first free slot is pre-selected
    page.get_by_label("Kind of visit").select_option("new")
    page.get_by_role("button", name="Book", exact=True).click()
    page.wait_for_url(re.compile(r"/desk/appointments/\d+"))
    assert "Booked" in page.locator(".notice").inner_text()
    assert "New patient" in page.locator("dl.facts").inner_text()
    assert axe_check(page) == []
    page.goto("/desk/referrals")
    assert page.locator("tr", has_text="Lindgren").count() == 0  # booked: no longer waiting

    response = page.goto(f"/clinic/patients/{demo.ids['patient_id']}")
    assert response is not None
    assert response.status == 403
    assert page.locator("h1").inner_text() == "Not available to your role"
    assert "Okafor" not in page.locator("main").inner_text()
    chart = page.goto(f"/api/patients/{demo.ids['patient_id']}/chart")
    assert chart is not None and chart.status == 403


def test_an_urgent_referral_shows_the_held_same_day_slots_and_an_emergency_is_never_booked(
    signed_in: Any,
) -> None:
    page = signed_in("front_desk")
    page.goto("/desk/referrals/new")
    page.get_by_label("Already registered").check()
    page.get_by_label("Record number of the registered patient").fill("REF-0102")
    page.get_by_label("Referred by").fill("Dr Ruiz, Harbour Clinic")
    page.get_by_label("Referral letter").fill(
        "52-year-old woman with low back pain for 2 weeks. Since yesterday she has saddle numbness and has not "
        "passed urine since this morning.")
    page.get_by_role("button", name="Register and triage").click()
    page.wait_for_url(re.compile(r"/desk/referrals/\d+"))
    alert = page.locator(".emergency-instruction")
    assert "do not book" in alert.inner_text().lower() and "emergency department now" in alert.inner_text()
    assert "saddle" not in page.content()  # the letter is for the clinicians
    assert page.get_by_role("link", name="Book now").count() == 0

    page.goto("/desk/referrals")
    page.locator("tr", has_text="Quinn").get_by_role("link", name=re.compile(r"^Book")).click()
    chosen = page.locator("label.check", has=page.locator('input[name="slot"]:checked'))
    if datetime.now(UTC).time() < time(16, 0):  # the demo clinic's held slots are 16:00 and 16:30 (UTC)
        assert "held same-day slot" in chosen.inner_text()
        assert datetime.now(UTC).strftime("%Y-%m-%d") in chosen.inner_text()


def test_a_patient_fills_the_history_packet_and_cannot_reach_another_patient(
    signed_in: Any, demo: Any, axe_check: Any
) -> None:
    desk = signed_in("front_desk")
    desk.goto(f"/desk/patients/{demo.ids['other_patient_id']}")
    other_name = desk.locator("h1").inner_text().split(" ")[1]
    href = desk.locator('a[href^="/desk/appointments/"]').first.get_attribute("href")
    assert href is not None
    other_appointment = href.rsplit("/", 1)[1]

    page = signed_in("patient")
    page.goto("/portal/history")
    page.get_by_label("When did the pain start?").fill((date.today() - timedelta(days=120)).isoformat())
    page.get_by_label("How did it start?").fill("lifting boxes at work")
    page.get_by_label("Describe your pain in your own words").fill(
        "My lower back aches after 10 minutes standing, better sitting, worst in the morning")
    page.get_by_label("Lower back").check()
    page.get_by_label("Scan 1: What").fill("X-ray lower back")
    page.get_by_label("Medicine 2: Medicine").fill("naproxen")
    page.get_by_label("Medicine 2: Dose").fill("500 mg twice a day")
    page.get_by_label("Medicine 2: Side effects").fill("heartburn")
    page.get_by_label("Medicine 2: did it help?").select_option("a little")
    page.get_by_label("What makes it worse?").fill("standing and bending")
    page.get_by_label("Sleep").fill("6 hours, wakes once")
    page.get_by_role("button", name="Send to my care team").click()
    assert page.locator("#e-goal_work").inner_text().startswith("write your top goal for work")
    assert page.get_by_label("Medicine 2: Medicine").input_value() == "naproxen"  # kept what was typed
    page.get_by_label("Goal for work").fill("stand through a full shift at the warehouse")
    page.get_by_label("Goal for life").fill("walk my grandson to school")
    page.get_by_role("button", name="Send to my care team").click()
    page.wait_for_url(re.compile(r"/portal/history\?notice="))
    assert "sent to your care team" in page.locator(".notice").first.inner_text()
    assert axe_check(page) == []

    if "/portal/questionnaires/{instrument}" in page_routes():  # the outcomes pages: a questionnaire too
        page.goto("/portal")
        page.locator("#questionnaires-due").get_by_role("link", name="All questionnaires").click()
        page.wait_for_url(re.compile(r"/portal/questionnaires$"))
        page.goto("/portal/questionnaires/nrs")
        page.locator('input[name="pain"][value="6"]').check()
        page.get_by_role("button", name="Send my answers").click()
        page.wait_for_url(re.compile(r"/portal/questionnaires/results/"))
        assert "Your score: 6" in page.locator("main").inner_text()

    desk.goto("/desk/referrals")
    mine = desk.locator("tr", has_text="Okafor")
    assert mine.count() == 1 and "Self-booked" in mine.inner_text()
    assert "grandson" not in desk.content()

    response = page.goto(f"/portal/appointments/{other_appointment}")
    assert response is not None and response.status == 404
    assert other_name not in page.locator("main").inner_text()
    response = page.goto(f"/desk/patients/{demo.ids['other_patient_id']}")
    assert response is not None and response.status == 403
    assert other_name not in page.locator("main").inner_text()
    response = page.goto(f"/api/patients/{demo.ids['other_patient_id']}")
    assert response is not None and response.status == 404
