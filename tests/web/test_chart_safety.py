# ruff: noqa: F811  (pytest fixtures imported from tests/service/conftest.py are used as parameters)
"""Issue 12, the chart safe at a glance: every open alert is a banner in the chart header until a clinician
acknowledges it, an icon on Today's row and in search results, and Today counts open items by level."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from painpath.adapters.db.tables import ClinicalAlert
from tests.service.conftest import (  # noqa: F401  (fixtures)
    Clinic,
    _cheap_password_hashing,
    clinic,
    database_url,
    migrated_url,
)
from tests.web.test_clinic_pages import CES_NOTE, Browser, assess_note, text_of


@pytest.fixture
def doctor(clinic: Clinic) -> Browser:
    return Browser(clinic, "clin")


def phq9_with_item_9(clinic: Clinic, patient_id: int) -> int:
    """The patient's PHQ-9 through the API with item 9 answered 'several days': the questionnaire alert."""
    answers = {f"q{i}": 1 for i in range(1, 10)}
    taken = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    response = clinic.call("clinician", "POST", f"/api/patients/{patient_id}/outcomes",
                           json={"instrument": "phq9", "items": answers, "taken_at": taken})
    assert response.status_code == 201, response.text
    with clinic.session() as session:
        alert = session.query(ClinicalAlert).filter_by(source="questionnaire",
                                                       source_id=str(response.json()["id"])).one()
        return alert.id


def banner(html: str) -> str:
    return html.split('id="open-alerts"', 1)[1].split("</section>", 1)[0] if 'id="open-alerts"' in html else ""


def test_an_open_alert_is_a_banner_on_the_chart_until_acknowledged_there(clinic: Clinic, doctor: Browser) -> None:
    alert_id = phq9_with_item_9(clinic, clinic.patient_a)
    chart = doctor.get(f"/clinic/patients/{clinic.patient_a}").text
    shown = text_of(banner(chart))
    assert "Open alert (1)" in shown and "PHQ-9: suicide risk" in shown
    assert f'action="/clinic/alerts/{alert_id}/acknowledge"' in banner(chart)
    assert "triage-urgent" in banner(chart) or "triage-emergency" in banner(chart)
    # the banner sits in the chart header: before the red flags, diagnosis and plan
    assert chart.index('id="open-alerts"') < chart.index('id="dx-heading"')
    assert banner(doctor.get(f"/clinic/patients/{clinic.patient_b}").text) == ""  # another patient's alert
    # an empty action note is refused with the field error; the alert stays open
    empty = doctor.post(f"/clinic/alerts/{alert_id}/acknowledge", {"action_note": " ", "return_to": "chart"})
    assert empty.status_code == 422 and 'id="e-note-' in empty.text
    assert "Open alert (1)" in text_of(banner(doctor.get(f"/clinic/patients/{clinic.patient_a}").text))
    done = doctor.post(f"/clinic/alerts/{alert_id}/acknowledge",
                       {"action_note": "called her, safety plan, seen today", "return_to": "chart"})
    assert done.status_code == 303 and done.headers["location"].startswith(f"/clinic/patients/{clinic.patient_a}")
    after = doctor.get(done.headers["location"])
    assert banner(after.text) == "" and "Alert acknowledged" in after.text
    with clinic.session() as session:
        row = session.get(ClinicalAlert, alert_id)
        assert row is not None and row.action_note == "called her, safety plan, seen today"


def test_today_counts_open_items_by_level_and_marks_the_patients_row(clinic: Clinic, doctor: Browser) -> None:
    start = (datetime.now(UTC) + timedelta(days=1)).replace(hour=10, minute=0, second=0, microsecond=0)
    for patient in (clinic.patient_a, clinic.patient_b):
        booked = clinic.call("clinician", "POST", f"/api/patients/{patient}/appointments", json={
            "starts_at": (start + timedelta(hours=patient - clinic.patient_a)).isoformat(), "minutes": 30,
            "kind": "follow_up", "clinician_id": clinic.user_ids["clin"], "note": "",
        })
        assert booked.status_code == 201, booked.text
    assess_note(doctor, clinic.patient_a, CES_NOTE)  # cauda equina: an emergency alert
    phq9_with_item_9(clinic, clinic.patient_a)
    with clinic.session() as session:
        session.add(ClinicalAlert(patient_id=clinic.patient_b, source="plan_review", source_id="t-review",
                                  level="routine", title="Plan review (plateau): pain", created_at=datetime.now(UTC)))
        session.add(ClinicalAlert(patient_id=clinic.patient_b, source="assessment", source_id="t-closed",
                                  level="emergency", title="closed", created_at=datetime.now(UTC),
                                  acknowledged_at=datetime.now(UTC)))
        session.commit()
    page = doctor.get(f"/clinic/today?day={start.date().isoformat()}")
    summary = page.text.split('id="worklist-summary"')[1].split("</section>")[0]
    assert "<strong>3</strong> open items" in summary
    counts = [text_of(li).strip() for li in summary.split('class="alert-count ')[1:]]
    levels = [li.split('"', 1)[0] for li in summary.split('class="alert-count ')[1:]]
    # one emergency (cauda equina) and the PHQ-9 item 9 alert (its level from red_flags.yaml), one routine
    assert levels[0] == "alert-count-emergency" and counts[0].split(">")[-1].strip().startswith("1 emergency")
    assert levels[-1] == "alert-count-routine"
    rows = page.text.split("<tbody>")[1].split("</tbody>")[0].split("<tr")[1:]
    row_a = next(r for r in rows if "Alvarez" in r)
    row_b = next(r for r in rows if "Brightwater" in r)
    assert "alert-icon-emergency" in row_a and "2 open alerts, emergency" in text_of(row_a)
    assert "alert-icon-routine" in row_b and "1 open alert, routine" in text_of(row_b)
    assert f'href="/clinic/patients/{clinic.patient_a}#open-alerts"' in row_a


def test_search_results_mark_patients_with_open_alerts(clinic: Clinic, doctor: Browser) -> None:
    phq9_with_item_9(clinic, clinic.patient_a)
    def row(name: str) -> str:
        found = doctor.get("/clinic/patients", params={"name": name}).text
        return found.split("<tbody>")[1].split("</tbody>")[0]

    row_a, row_b = row("alv"), row("bri")
    assert "1 open alert" in text_of(row_a) and "alert-icon" in row_a
    assert "alert-icon" not in row_b


# -- plans: the most recent blocks decide, the API re-plans, impossible dates are refused ---------------------
FACET_NOTE = (
    "62F with 8 months of axial low back pain worse with extension and twisting, no leg pain. "
    "Facet arthropathy L4-5 on MRI. Failed physical therapy."
)


def record(clinic: Clinic, patient: int, option: str, days_ago: int, relief: int) -> Any:
    from datetime import date

    return clinic.call("clinician", "POST", f"/api/patients/{patient}/procedures", json={
        "option_id": option, "performed_on": (date.today() - timedelta(days=days_ago)).isoformat(),
        "relief_percent": relief, "duration_hours": 6, "functional_gain": "walked further",
    })


def ablation_of(output: dict[str, Any]) -> dict[str, Any] | None:
    return next((o for s in output["plan"]["stages"] for o in s["options"] if o["id"] == "radiofrequency_ablation"),
                None)


def test_blocks_of_60_85_and_90_open_ablation_through_the_api_and_the_chart_says_next(
    clinic: Clinic, doctor: Browser
) -> None:
    assess_note(doctor, clinic.patient_b, FACET_NOTE)
    replanned = []
    for days_ago, relief in ((28, 60), (14, 85), (0, 90)):
        done = record(clinic, clinic.patient_b, "medial_branch_block", days_ago, relief)
        assert done.status_code == 201, done.text
        replanned.append(done.json()["replanned_assessment_id"])
    assert all(replanned) and len(set(replanned)) == 3  # every response re-planned, as the page does
    latest = clinic.call("clinician", "GET", f"/api/assessments/{replanned[-1]}").json()
    output = latest.get("output", latest)
    ablation = ablation_of(output)
    assert ablation is not None and ablation["status"] == "eligible", ablation
    assert "85% relief" in ablation["requires"] and "90% relief" in ablation["requires"]
    assert "radiofrequency_ablation" not in {e["id"] for e in output["plan"]["excluded"]}
    for stage in output["plan"]["stages"]:  # no caution calls a block at threshold failed
        for option in stage["options"]:
            for caution in option.get("cautions") or []:
                assert not ("already failed" in caution and ("85%" in caution or "90%" in caution)), caution
    chart = doctor.get(f"/clinic/patients/{clinic.patient_b}").text
    line = text_of(chart.split('id="next-available"')[1].split("</dd>")[0])
    assert "Radiofrequency ablation available" in line and "in the re-plan awaiting sign-off" in line
    signed = clinic.call("clinician", "POST", f"/api/assessments/{replanned[-1]}/sign-off")
    assert signed.status_code == 200 and signed.json()["status"] == "working", signed.text
    line = text_of(doctor.get(f"/clinic/patients/{clinic.patient_b}").text.split('id="next-available"')[1]
                   .split("</dd>")[0])
    assert "Radiofrequency ablation available" in line and "awaiting sign-off" not in line


def test_an_ablation_in_the_future_or_before_its_blocks_is_refused_with_the_field(
    clinic: Clinic, doctor: Browser
) -> None:
    assess_note(doctor, clinic.patient_b, FACET_NOTE)
    assert record(clinic, clinic.patient_b, "medial_branch_block", 14, 85).status_code == 201
    assert record(clinic, clinic.patient_b, "medial_branch_block", 7, 90).status_code == 201
    before = record(clinic, clinic.patient_b, "radiofrequency_ablation", 10, 70)
    assert before.status_code == 422, before.text
    assert "performed_on" in before.text and "before its diagnostic medial branch block" in before.text
    future = record(clinic, clinic.patient_b, "radiofrequency_ablation", -3, 70)
    assert future.status_code == 422 and "in the future" in future.text
    listed = clinic.call("clinician", "GET", f"/api/patients/{clinic.patient_b}/procedures").json()
    assert [p["option_id"] for p in listed["items"]].count("radiofrequency_ablation") == 0  # nothing stored
    page = doctor.post(f"/clinic/patients/{clinic.patient_b}/procedures/new", {
        "option_id": "radiofrequency_ablation", "performed_on": (datetime.now(UTC).date() - timedelta(days=10))
        .isoformat(), "relief_percent": "70", "duration_hours": "", "functional": "improved",
    })
    assert page.status_code == 422 and 'id="e-performed_on"' in page.text
    after = record(clinic, clinic.patient_b, "radiofrequency_ablation", 0, 70)
    assert after.status_code == 201, after.text


# -- allergies, sex, current medicines and the reason for the triage level in the chart header -----------------
LBP_NOTE = ("38M with 2 weeks of acute low back pain after lifting, no leg pain, no red flags. Takes ibuprofen "
            "400 mg three times daily and tramadol 50 mg twice daily.")


def test_an_allergy_recorded_through_the_api_replans_and_removes_nsaids(clinic: Clinic, doctor: Browser) -> None:
    assess_note(doctor, clinic.patient_a, LBP_NOTE)
    bad = clinic.call("clinician", "POST", f"/api/patients/{clinic.patient_a}/allergies",
                      json={"substance": "", "severity": "terrible"})
    assert bad.status_code == 422 and "substance" in bad.text and "severity" in bad.text
    made = clinic.call("clinician", "POST", f"/api/patients/{clinic.patient_a}/allergies",
                       json={"substance": "NSAIDs", "reaction": "angioedema", "severity": "severe"})
    assert made.status_code == 201, made.text
    assert made.json()["substance"] == "NSAIDs" and made.json()["replanned_assessment_id"]
    plan = clinic.call("clinician", "GET", f"/api/assessments/{made.json()['replanned_assessment_id']}").json()
    plan = plan.get("output", plan)["plan"]
    assert "oral_nsaid" not in {o["id"] for s in plan["stages"] for o in s["options"]}
    assert {e["id"]: e["reason"] for e in plan["excluded"]}["oral_nsaid"].startswith(
        "allergy recorded: NSAIDs (angioedema, severe)")
    listed = clinic.call("clinician", "GET", f"/api/patients/{clinic.patient_a}/allergies").json()
    assert [a["substance"] for a in listed["items"]] == ["NSAIDs"]
    other = clinic.call("patient_b", "GET", f"/api/patients/{clinic.patient_a}/allergies")
    assert other.status_code == 404  # another patient's record is not there for them
    desk = clinic.call("front_desk", "POST", f"/api/patients/{clinic.patient_a}/allergies",
                       json={"substance": "latex"})
    assert desk.status_code == 403


def test_the_chart_header_shows_sex_allergies_medicines_and_why_the_triage_level(
    clinic: Clinic, doctor: Browser
) -> None:
    assess_note(doctor, clinic.patient_a, LBP_NOTE)
    chart = doctor.get(f"/clinic/patients/{clinic.patient_a}").text
    header = text_of(chart.split("<dl class=\"facts\">")[1].split("</dl>")[0])
    assert "Sex female" in header and "Allergies none recorded" in header
    assert "ibuprofen 400 mg three times daily" in header and "tramadol 50 mg twice daily" in header
    assert "because no red flags or urgent features" in header
    empty = doctor.post(f"/clinic/patients/{clinic.patient_a}/allergies", {"substance": " ", "severity": "mild"})
    assert empty.status_code == 422 and 'id="e-substance"' in empty.text
    added = doctor.post(f"/clinic/patients/{clinic.patient_a}/allergies",
                        {"substance": "ibuprofen", "reaction": "hives", "severity": "moderate"})
    assert added.status_code == 303
    after = doctor.get(added.headers["location"]).text
    header = text_of(after.split("<dl class=\"facts\">")[1].split("</dl>")[0])
    assert "Allergies ibuprofen (hives, moderate)" in header
    # the allergy's re-plan is a proposal, but the NSAID is marked "do not offer" on the working plan at once
    plan = text_of(after.split('id="plan-heading"')[1].split("</section>")[0])
    assert "Oral NSAID Do not offer: withdrawn in the re-plan awaiting sign-off (allergy recorded: ibuprofen" in plan
    replan = after.split('id="replan-pending"')[1].split('action="/clinic/assessments/')[1].split("/sign-off")[0]
    assert doctor.post(f"/clinic/assessments/{replan}/sign-off", {}).status_code == 303
    after = doctor.get(f"/clinic/patients/{clinic.patient_a}").text
    plan = after.split('id="plan-heading"')[1].split("</section>")[0]
    assert "oral NSAID" not in plan and "Oral NSAID" not in plan and 'id="replan-pending"' not in after
    # reconciliation: the note's medicines go into the medication list on request
    assert 'id="reconcile"' in after and "Add to the medication list" in after
    done = doctor.post(f"/clinic/patients/{clinic.patient_a}/medications/reconcile",
                       {"name": "tramadol", "dose": "50", "unit": "mg", "per_day": "2"})
    assert done.status_code == 303
    meds = clinic.call("clinician", "GET", f"/api/patients/{clinic.patient_a}/medications").json()["items"]
    assert [(m["name"], m["dose"], m["per_day"], m["status"]) for m in meds] == [("tramadol", 50.0, 2.0, "current")]
    again = doctor.get(f"/clinic/patients/{clinic.patient_a}").text
    remaining = again.split('id="reconcile"')[1].split("</div>")[0]
    assert "ibuprofen" in remaining and 'value="tramadol"' not in remaining
    assert "MME/day" in again.split('id="meds-heading"')[1].split("</section>")[0]
    wrong = doctor.post(f"/clinic/patients/{clinic.patient_a}/medications/reconcile",
                        {"name": "ibuprofen", "dose": "-4", "unit": "mg"})
    assert wrong.status_code == 422 and "dose" in wrong.text
