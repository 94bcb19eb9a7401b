"""Outcome pages in a real browser: a patient fills a questionnaire in the portal (a missed answer is shown
beside its question and the others are kept), and the clinician acknowledges the alert it raised."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

PHQ9 = {"q1": 2, "q2": 2, "q3": 1, "q4": 2, "q5": 1, "q6": 1, "q7": 1, "q8": 0, "q9": 1}


def test_a_patient_fills_the_phq9_and_the_clinician_acknowledges_its_alert(
    new_page: Any, axe_check: Any, screenshot: Any
) -> None:
    page = new_page("patient")
    page.goto("/portal/questionnaires")
    page.get_by_role("link", name="Fill in Patient Health Questionnaire (PHQ-9): mood").click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path == "/portal/questionnaires/phq9"
    for item, answer in PHQ9.items():
        if item != "q4":
            page.locator(f'input[name="{item}"][value="{answer}"]').check()
    page.get_by_role("button", name="Send my answers").click()
    page.wait_for_load_state()
    summary = page.get_by_role("alert")
    assert "Q4: choose an answer" in summary.inner_text()
    assert page.locator('input[name="q1"][value="2"]').is_checked()  # the other answers are kept
    assert page.locator("#f-q4").get_attribute("class") is not None
    assert axe_check(page) == []
    screenshot(page, "portal-questionnaire-missing-answer")
    page.locator('input[name="q4"][value="2"]').check()
    page.get_by_role("button", name="Send my answers").click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path.startswith("/portal/questionnaires/results/")
    assert "Your score: 11" in page.locator("main").inner_text()
    assert "988" in page.get_by_role("alert").first.inner_text()  # the crisis guidance
    assert axe_check(page) == []
    screenshot(page, "portal-questionnaire-result")

    clinic = new_page("clinician")
    clinic.goto("/clinic/worklist")
    card = clinic.locator("article", has_text="PHQ-9: suicide risk").first
    card.get_by_role("button", name="Acknowledge").click()
    clinic.wait_for_load_state()
    assert "e-note-" in clinic.content()  # the action note is required
    card = clinic.locator("article", has_text="PHQ-9: suicide risk").first
    card.get_by_label("Action note").fill("Called Grace; safety plan agreed; seen by behavioral health today")
    card.get_by_role("button", name="Acknowledge").click()
    clinic.wait_for_load_state()
    assert "Alert acknowledged" in clinic.get_by_role("status").first.inner_text()
    assert clinic.locator("article", has_text="PHQ-9: suicide risk").count() == 0
