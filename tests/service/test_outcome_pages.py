"""Outcome pages through the browser session (sign-in form, CSRF hidden fields): the worklist, a patient's
goals, the clinic outcome report, and the portal questionnaires."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from painpath.adapters.db import tables
from tests.service.test_pages_foundation import browser_sign_in

CES = "52-year-old with low back pain, new urinary retention since this morning and saddle numbness."
PHQ9_ITEM9 = {"q1": 2, "q2": 2, "q3": 1, "q4": 2, "q5": 1, "q6": 1, "q7": 1, "q8": 0, "q9": 1}


def csrf_of(html: str) -> str:
    return html.split('name="csrf_token" value="')[1].split('"')[0]


def signed_in(clinic: Any, username: str) -> Any:
    clinic.client.cookies.clear()
    assert browser_sign_in(clinic, username).status_code == 303
    return clinic.client


def test_the_worklist_page_lists_alerts_most_urgent_first_and_acknowledging_needs_a_note(clinic: Any) -> None:
    clinic.call("clinician", "POST", f"/api/patients/{clinic.patient_b}/outcomes",
                json={"instrument": "phq9", "items": PHQ9_ITEM9, "taken_at": "2026-03-02T10:00:00Z"})
    clinic.call("clinician", "POST", "/api/assessments", json={"text": CES, "patient_id": clinic.patient_a})
    client = signed_in(clinic, "clin")
    page = client.get("/clinic/worklist")
    assert page.status_code == 200 and "<h1>Worklist</h1>" in page.text
    assert "style=" not in page.text
    emergency, urgent = page.text.index("Emergency</span>"), page.text.index("Urgent (same day)</span>")
    assert emergency < urgent
    assert f'href="/clinic/patients/{clinic.patient_a}"' in page.text and "PHQ-9: suicide risk" in page.text
    alert_id = int(re.findall(r'action="/clinic/alerts/(\d+)/acknowledge"', page.text)[0])
    blank = client.post(f"/clinic/alerts/{alert_id}/acknowledge", data={"csrf_token": csrf_of(page.text),
                                                                         "action_note": " "})
    assert blank.status_code == 422
    assert f'id="e-note-{alert_id}"' in blank.text and "say what was done" in blank.text
    done = client.post(f"/clinic/alerts/{alert_id}/acknowledge", follow_redirects=False,
                       data={"csrf_token": csrf_of(page.text), "action_note": "Sent to the emergency department"})
    assert done.status_code == 303 and done.headers["location"].startswith("/clinic/worklist?notice=")
    after = client.get("/clinic/worklist")
    assert f'/clinic/alerts/{alert_id}/acknowledge' not in after.text and "PHQ-9: suicide risk" in after.text
    forged = client.post(f"/clinic/alerts/{alert_id + 1}/acknowledge", data={"csrf_token": "x", "action_note": "y"})
    assert forged.status_code == 403


def test_the_worklist_page_lists_overdue_questionnaires(clinic: Any) -> None:
    day = (date.today() - timedelta(days=30)).isoformat()
    clinic.call("clinician", "POST", f"/api/patients/{clinic.patient_b}/procedures",
                json={"option_id": "epidural_steroid_injection", "performed_on": day})
    page = signed_in(clinic, "clin").get("/clinic/worklist")
    section = page.text.split('id="overdue-heading"')[1]
    assert "Ben Brightwater" in section and "Pain rating (0-10)" in section
    assert "2 weeks after epidural steroid injection" in section


def test_only_clinicians_open_the_worklist_and_goals_pages(clinic: Any) -> None:
    client = signed_in(clinic, "desk")
    assert client.get("/clinic/worklist").status_code == 403
    client = signed_in(clinic, "pat.a")
    assert client.get(f"/clinic/patients/{clinic.patient_a}/goals").status_code == 403
    assert client.get("/clinic/reports/outcomes").status_code == 403


def test_the_goals_page_sets_a_goal_shows_field_errors_and_records_check_ins(clinic: Any) -> None:
    client = signed_in(clinic, "clin")
    path = f"/clinic/patients/{clinic.patient_a}/goals"
    page = client.get(path)
    assert page.status_code == 200 and "Set a goal" in page.text
    due = (date.today() + timedelta(days=60)).isoformat()
    form = {"csrf_token": csrf_of(page.text), "kind": "work", "description": "stand 30 minutes at work",
            "measure": "minutes standing", "baseline_value": "10", "target_value": "10", "due_on": due}
    same = client.post(path, data=form)
    assert same.status_code == 422
    assert 'id="e-target_value"' in same.text and "must differ from the baseline" in same.text
    assert 'value="stand 30 minutes at work"' in same.text  # what was typed is kept
    missing = client.post(path, data={**form, "measure": "", "target_value": "30"})
    assert missing.status_code == 422 and 'id="e-measure"' in missing.text
    created = client.post(path, data={**form, "target_value": "30"}, follow_redirects=False)
    assert created.status_code == 303
    page = client.get(path)
    assert "Work goal: stand 30 minutes at work" in page.text and "Not started" in page.text
    assert "no life goal" not in page.text  # no assessment, so no active plan to warn about
    goal_id = int(re.findall(r'action="/clinic/goals/(\d+)/checkins"', page.text)[0])
    future = (date.today() + timedelta(days=2)).isoformat()
    bad = client.post(f"/clinic/goals/{goal_id}/checkins",
                      data={"csrf_token": csrf_of(page.text), "checked_on": future, "value": "20"})
    assert bad.status_code == 422 and f'id="e-checked_on-{goal_id}"' in bad.text and "in the future" in bad.text
    ok = client.post(f"/clinic/goals/{goal_id}/checkins", follow_redirects=False,
                     data={"csrf_token": csrf_of(page.text), "checked_on": date.today().isoformat(), "value": "20"})
    assert ok.status_code == 303
    page = client.get(path)
    assert '<progress id="progress-' in page.text and 'value="50"' in page.text
    assert "50% of the way from baseline to target" in page.text and "In progress" in page.text


def test_the_goals_page_warns_when_an_active_plan_lacks_a_work_or_life_goal(clinic: Any) -> None:
    note = ("44-year-old nurse with lower back pain radiating to the right calf after lifting a patient. "
            "Positive straight leg raise on the right. MRI: right L5-S1 disc herniation.")
    clinic.call("clinician", "POST", "/api/assessments", json={"text": note, "patient_id": clinic.patient_a})
    clinic.call("clinician", "POST", f"/api/patients/{clinic.patient_a}/goals",
                json={"kind": "life", "description": "garden again"})  # free text: not measurable
    page = signed_in(clinic, "clin").get(f"/clinic/patients/{clinic.patient_a}/goals")
    assert "The plan has no work goal" in page.text and "The plan has no life goal" in page.text
    assert "Not measurable yet" in page.text


def test_the_outcome_report_page_and_its_csv_open_with_the_browser_session(clinic: Any) -> None:
    clinic.call("clinician", "POST", f"/api/patients/{clinic.patient_a}/procedures",
                json={"option_id": "epidural_steroid_injection", "performed_on": "2026-02-01", "relief_percent": 70})
    client = signed_in(clinic, "clin")
    page = client.get("/clinic/reports/outcomes")
    assert page.status_code == 200 and "<h1>Clinic outcome report</h1>" in page.text
    assert 'href="/api/reports/outcomes.csv"' in page.text and "epidural steroid injection" in page.text
    csv = client.get("/api/reports/outcomes.csv")
    assert csv.status_code == 200 and csv.text.startswith("section,group,instrument")
    assert "procedure_relief,epidural_steroid_injection" in csv.text


def test_a_patient_fills_a_questionnaire_a_missing_answer_keeps_the_others(clinic: Any) -> None:
    client = signed_in(clinic, "pat.a")
    listing = client.get("/portal/questionnaires")
    assert listing.status_code == 200 and 'href="/portal/questionnaires/nrs"' in listing.text
    form_page = client.get("/portal/questionnaires/phq9")
    assert form_page.status_code == 200
    assert form_page.text.count('type="radio" name="q9"') == 4 and "Nearly every day" in form_page.text
    answers = {k: str(v) for k, v in PHQ9_ITEM9.items() if k != "q4"}
    missing = client.post("/portal/questionnaires/phq9", data={"csrf_token": csrf_of(form_page.text), **answers})
    assert missing.status_code == 422
    assert 'id="e-q4"' in missing.text and "choose an answer" in missing.text
    assert 'name="q1" value="2" checked' in missing.text  # the other answers are kept
    with clinic.session() as session:
        assert session.scalars(select(tables.OutcomeMeasurement)).all() == []
    sent = client.post("/portal/questionnaires/phq9", follow_redirects=False,
                       data={"csrf_token": csrf_of(form_page.text), **answers, "q4": "2"})
    assert sent.status_code == 303
    result = client.get(sent.headers["location"])
    assert result.status_code == 200
    assert "Your score: <strong>11</strong>" in result.text and "moderate" in result.text
    assert "988" in result.text and "Ask directly today" not in result.text  # the patient's crisis guidance
    with clinic.session() as session:
        [alert] = session.scalars(select(tables.ClinicalAlert)).all()
        assert (alert.patient_id, alert.level, alert.title) == (clinic.patient_a, "urgent", "PHQ-9: suicide risk")


def test_the_portal_uses_the_signed_in_patient_and_rating_scales_render_as_radios(clinic: Any) -> None:
    client = signed_in(clinic, "pat.b")
    page = client.get("/portal/questionnaires/nrs")
    assert page.text.count('type="radio" name="pain"') == 11
    sent = client.post("/portal/questionnaires/nrs", data={"csrf_token": csrf_of(page.text), "pain": "4"},
                       follow_redirects=False)
    assert sent.status_code == 303
    with clinic.session() as session:
        [row] = session.scalars(select(tables.OutcomeMeasurement)).all()
        assert (row.patient_id, row.score) == (clinic.patient_b, 4.0)
    # patient A cannot open patient B's result
    result_path = sent.headers["location"].split("?")[0]
    assert signed_in(clinic, "pat.a").get(result_path).status_code == 404
    # sleep hours take a number
    page = signed_in(clinic, "pat.a").get("/portal/questionnaires/sleep_hours")
    assert 'type="number"' in page.text and 'step="0.25"' in page.text
    bad = clinic.client.post("/portal/questionnaires/sleep_hours", data={"csrf_token": csrf_of(page.text),
                                                                          "hours": "30"})
    assert bad.status_code == 422 and 'id="e-hours"' in bad.text
    # a clinician has no portal questionnaires
    assert signed_in(clinic, "clin").get("/portal/questionnaires").status_code == 403
