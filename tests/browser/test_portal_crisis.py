"""Issue 12, the patient's side in a real browser: a PHQ-9 with item 9 answered leaves a crisis card on the portal
home with the clinic's phone (axe-checked, screenshot) until a clinician acknowledges the alert; the clinic's phone
and the message route are on every portal page. A new patient and account keep the demo patients as they were."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import Page, expect

from painpath.demo_clinic import DEMO_CLINIC_PHONE
from tests.browser.harness import sign_in_through_form
from tests.browser.test_clinician_flow import new_patient

PASSWORD = "crisis-card-password-1"


def csrf(page: Page) -> str:
    token = page.locator('meta[name="csrf-token"]').get_attribute("content")
    assert token
    return token


def test_crisis_card_stays_until_a_clinician_acknowledges(
    signed_in: Any, new_page: Any, base_url: str, axe_check: Any, screenshot: Any
) -> None:
    clinician = signed_in("clinician")
    patient_id = new_patient(clinician, "FLOW-CRISIS-1", "Crisistest", "Cara")
    admin = signed_in("admin")
    made = admin.request.post("/api/users", headers={"X-CSRF-Token": csrf(admin)}, data={
        "username": "patient.crisistest", "display_name": "Cara Crisistest", "role": "patient",
        "patient_id": patient_id,
    })
    assert made.status == 201, made.text()
    token = made.json()["activation_path"].rstrip("/").rsplit("/", 1)[1]  # the owner activates the account
    activated = admin.request.post("/api/auth/activate", data={"token": token, "password": PASSWORD})
    assert activated.status == 204, activated.text()

    patient = new_page()
    sign_in_through_form(patient, base_url, "patient.crisistest", PASSWORD)
    expect(patient.locator(".contact-strip")).to_contain_text(DEMO_CLINIC_PHONE)
    expect(patient.locator(".contact-strip a[href='/portal/messages']")).to_be_visible()
    patient.goto("/portal/questionnaires/phq9")
    expect(patient.locator("#stem")).to_have_text(
        "Over the last 2 weeks, how often have you been bothered by any of the following problems?")
    for number in range(1, 10):
        group = patient.get_by_role("group", name=re.compile(rf"^{number}\. "))
        group.get_by_label("More than half the days" if number == 9 else "Not at all").check()
    patient.get_by_role("button", name="Send my answers").click()
    patient.wait_for_url(re.compile(r"/portal/questionnaires/results/\d+"))

    patient.goto("/portal")
    card = patient.locator("#crisis-card")
    expect(card).to_be_visible()
    expect(card).to_contain_text(DEMO_CLINIC_PHONE)
    assert axe_check(patient) == []
    screenshot(patient, "portal-crisis-card")
    patient.goto("/portal/appointments")
    patient.goto("/portal")
    expect(patient.locator("#crisis-card")).to_be_visible()  # not shown once: it stays

    clinician.goto(f"/clinic/patients/{patient_id}")
    banner = clinician.locator("#open-alerts")
    expect(banner).to_contain_text("PHQ-9: suicide risk")
    banner.get_by_label("Action note").fill("phoned Cara, safety plan agreed, seen today")
    banner.get_by_role("button", name=re.compile("^Acknowledge")).click()
    expect(clinician.locator("#open-alerts")).to_have_count(0)

    patient.goto("/portal")
    expect(patient.locator("#crisis-card")).to_have_count(0)
