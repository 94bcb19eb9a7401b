"""Issue 12 in a real browser: a clinician dismisses a referral's proposal with a reason (it leaves the pending list
and stays in the history labelled dismissed); the neuromodulation prerequisites are recorded on the chart (a
psychological evaluation, a stimulator trial) and the implant becomes eligible from them; a physical therapist
reports a flare and the plan reduces that exercise's load. Axe-checked, no outside request, no sideways scroll at
phone width; each scenario registers its own patient so the shared demo stays as it was."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from playwright.sync_api import expect

from tests.browser.harness import PHONE, horizontal_overflow
from tests.browser.test_clinician_flow import FACET_NOTE, assess, new_patient
from tests.browser.test_signoff_source import refer

FBSS_NOTE = ("52-year-old with persistent leg pain after an L5 laminectomy two years ago, radiating below the knee. "
             "Psychological evaluation completed: cleared for neuromodulation.")
SCIATICA_NOTE = ("44-year-old nurse with lower back pain radiating to the right calf after lifting a patient. "
                 "Positive straight leg raise on the right. MRI: right L5-S1 disc herniation.")
KNEE_LETTER = "Dear colleague, please see this man with knee pain on stairs for a year, no swelling, no trauma."


def test_a_proposal_is_dismissed_with_a_reason_and_stays_in_the_history(
    signed_in: Any, axe_check: Any, screenshot: Any
) -> None:
    page = signed_in("clinician")
    patient = new_patient(page, "FLOW-DISMISS-1", "Dismisstest", "Dee")
    assess(page, patient, FACET_NOTE)
    refer(signed_in("front_desk"), patient, KNEE_LETTER)
    page.goto(f"/clinic/patients/{patient}")
    proposals = page.locator("#proposals")
    expect(proposals).to_contain_text("Proposals awaiting sign-off (1)")
    page.get_by_label("Reason to dismiss").fill("the letter is about last year's knee episode, since resolved")
    assert axe_check(page) == []
    page.get_by_role("button", name=re.compile("^Dismiss")).click()
    expect(page).to_have_url(re.compile(rf"/clinic/patients/{patient}"))
    expect(page.locator(".notice")).to_contain_text("Dismissed: the referral letter stays in the history")
    expect(page.locator("#proposals")).to_have_count(0)
    history = page.locator("#history-heading + ul")
    expect(history).to_contain_text("Referral letter, by")
    expect(history).to_contain_text("dismissed by Dr Ama Osei: the letter is about last year's knee episode")
    expect(page.locator("#working-assessment")).to_contain_text("Clinician's note")
    assert axe_check(page) == []
    page.locator("#history-heading").scroll_into_view_if_needed()
    screenshot(page, "clinic-chart-proposal-dismissed")
    page.set_viewport_size(PHONE)
    assert horizontal_overflow(page) == 0


def test_the_prerequisite_records_make_the_implant_eligible(signed_in: Any, axe_check: Any, screenshot: Any) -> None:
    page = signed_in("clinician")
    patient = new_patient(page, "FLOW-NEUROMOD-1", "Neuromodtest", "Nia")
    assess(page, patient, FBSS_NOTE)
    page.goto(f"/clinic/patients/{patient}")
    section = page.locator("#neuromodulation")
    expect(section.locator("#neuromod-status")).to_contain_text("Not yet")
    expect(section.locator("#neuromod-status")).to_contain_text("a note's words do not count")
    form = page.locator("#psych-evaluation-form")
    form.get_by_label("Evaluated on").fill((date.today() - timedelta(days=7)).isoformat())
    form.get_by_label("Outcome").select_option("cleared")
    form.get_by_label("Evaluating clinician").fill("Dr A. Rivera, clinical psychologist")
    form.get_by_role("button", name="Record the evaluation and update the plan").click()
    expect(page.locator(".notice")).to_contain_text("Psychological evaluation recorded (cleared)")
    page.locator("#record-trial").click()
    expect(page.get_by_label("Procedure")).to_have_value("spinal_cord_stimulation")
    page.get_by_label("Performed on").fill((date.today() - timedelta(days=2)).isoformat())
    page.get_by_label("Relief of the index pain (%)").fill("65")
    page.get_by_label("Improved (functional gain)").check()
    page.get_by_label("What changed in function (optional)").fill("walks the dog again")
    page.get_by_role("button", name="Save and update the plan").click()
    page.wait_for_url(re.compile(r"/clinic/assessments/\d+"))
    page.goto(f"/clinic/patients/{patient}#neuromodulation")
    section = page.locator("#neuromodulation")
    expect(section.locator("#psych-evaluations")).to_contain_text("cleared by Dr A. Rivera, clinical psychologist")
    expect(section.locator("#stimulator-trials")).to_contain_text("65% relief, functional gain; walks the dog again")
    expect(section.locator("#neuromod-status")).to_contain_text("Available now")
    expect(section.locator("#neuromod-status")).to_contain_text("permanent spinal cord stimulator implant")
    assert axe_check(page) == []
    section.scroll_into_view_if_needed()
    screenshot(page, "clinic-chart-neuromodulation-prerequisites")
    page.set_viewport_size(PHONE)
    assert horizontal_overflow(page) == 0


def test_a_therapists_flare_report_reduces_the_load_and_therapy_goes_on(
    signed_in: Any, axe_check: Any, screenshot: Any
) -> None:
    page = signed_in("clinician")
    patient = new_patient(page, "FLOW-THERAPY-1", "Therapytest", "Theo")
    assess(page, patient, SCIATICA_NOTE)
    therapist = signed_in("therapist")
    expect(therapist).to_have_url(re.compile(r"/therapy/patients"))
    therapist.get_by_label("Name").fill("Therapytest")
    therapist.get_by_role("button", name="Search").click()
    therapist.get_by_role("link", name=re.compile("Therapytest, Theo")).click()
    expect(therapist.locator("#therapy-plan")).to_contain_text("physical therapy")
    flare = therapist.locator("#flare-report")
    flare.get_by_label("After which exercise").fill("nerve glides")
    flare.get_by_label("What flared").fill("burning down the right calf for two days")
    flare.get_by_label("How bad").select_option("moderate")
    flare.get_by_role("button", name="Report the flare").click()
    expect(therapist.locator(".notice")).to_contain_text("the plan now reduces its load")
    expect(therapist.locator("#therapy-plan .dose-adjustment")).to_contain_text("reduce the load of nerve glides")
    expect(therapist.locator("#therapy-plan")).to_contain_text("physical therapy")
    expect(therapist.locator("#therapy-reports")).to_contain_text("Moderate flare of burning down the right calf")
    assert axe_check(therapist) == []
    screenshot(therapist, "therapy-flare-report")
    therapist.set_viewport_size(PHONE)
    assert horizontal_overflow(therapist) == 0
    page.goto("/clinic/worklist")
    expect(page.locator("main")).to_contain_text("Therapy flare after nerve glides: adjust its dose")
