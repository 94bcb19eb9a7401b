"""Measurable goals with check-ins and progress, questionnaires due, and the clinicians' worklist (issue 6)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select

from painpath.adapters.db import tables

TODAY = date.today()
CES = "52-year-old with low back pain, new urinary retention since this morning and saddle numbness."
NURSE = ("44-year-old nurse with lower back pain radiating to the right calf after lifting a patient. "
         "Positive straight leg raise on the right. MRI: right L5-S1 disc herniation.")
PHQ9_ITEM9 = {"q1": 2, "q2": 2, "q3": 1, "q4": 2, "q5": 1, "q6": 1, "q7": 1, "q8": 0, "q9": 1}


def day(offset: int) -> str:
    return (TODAY + timedelta(days=offset)).isoformat()


def goal(clinic: Any, patient: int, **fields: Any) -> Any:
    body = {"kind": "work", "description": "stand 30 minutes at work without leg pain",
            "measure": "minutes standing", "baseline_value": 10, "target_value": 30, "due_on": day(60),
            "set_on": day(-30)} | fields
    return clinic.call("clinician", "POST", f"/api/patients/{patient}/goals", json=body)


def alerts(clinic: Any) -> list[dict[str, Any]]:
    response = clinic.call("clinician", "GET", "/api/worklist")
    assert response.status_code == 200, response.text
    return list(response.json()["alerts"])


def test_a_measurable_goal_reports_progress_from_its_check_ins(clinic: Any) -> None:
    created = goal(clinic, clinic.patient_a)
    assert created.status_code == 201, created.text
    body = created.json()
    assert (body["measure"], body["baseline_value"], body["target_value"]) == ("minutes standing", 10.0, 30.0)
    assert body["progress"]["status"] == "not_started" and body["progress"]["measurable"] is True
    gid = body["id"]
    r = clinic.call("clinician", "POST", f"/api/goals/{gid}/checkins", json={"checked_on": day(-20), "value": 15})
    assert r.status_code == 201, r.text
    assert r.json()["goal"]["progress"] | {} == {
        "measurable": True, "status": "in_progress", "status_label": "in progress", "fraction": 0.25,
        "latest": {"checked_on": day(-20), "value": 15.0}, "achieved_on": None, "days_to_goal": None}
    # the patient checks in on their own goal: 30 minutes reached 24 days after the goal was set
    r = clinic.call("patient", "POST", f"/api/goals/{gid}/checkins", json={"checked_on": day(-6), "value": 30})
    assert r.status_code == 201, r.text
    progress = r.json()["goal"]["progress"]
    assert (progress["status"], progress["fraction"], progress["achieved_on"], progress["days_to_goal"]) == (
        "achieved", 1.0, day(-6), 24)
    listed = clinic.call("patient", "GET", f"/api/goals/{gid}/checkins").json()
    assert [c["value"] for c in listed["check_ins"]] == [15.0, 30.0]
    summary = clinic.call("clinician", "GET", f"/api/patients/{clinic.patient_a}/outcomes/summary").json()
    [summarised] = summary["goals"]
    assert (summarised["measure"], summarised["progress"]["status"]) == ("minutes standing", "achieved")
    # patient B may neither read nor check in on A's goal
    assert clinic.call("patient_b", "GET", f"/api/goals/{gid}/checkins").status_code == 404
    assert clinic.call("patient_b", "POST", f"/api/goals/{gid}/checkins",
                       json={"checked_on": day(0), "value": 1}).status_code == 404


def test_goal_validation_names_the_field(clinic: Any) -> None:
    same = goal(clinic, clinic.patient_a, target_value=10)
    assert same.status_code == 422 and "target_value" in same.text and "differ" in same.text
    early = goal(clinic, clinic.patient_a, due_on=day(-40))
    assert early.status_code == 422 and "due_on" in early.text
    partial = goal(clinic, clinic.patient_a, target_value=None)
    assert partial.status_code == 422 and "target_value" in partial.text
    gid = goal(clinic, clinic.patient_a).json()["id"]
    future = clinic.call("clinician", "POST", f"/api/goals/{gid}/checkins", json={"checked_on": day(3), "value": 12})
    assert future.status_code == 422 and "checked_on" in future.text
    before = clinic.call("clinician", "POST", f"/api/goals/{gid}/checkins", json={"checked_on": day(-31), "value": 1})
    assert before.status_code == 422 and "before the goal was set" in before.text


def test_an_old_free_text_goal_reads_as_not_measurable_and_can_be_made_measurable(clinic: Any) -> None:
    old = clinic.call("clinician", "POST", f"/api/patients/{clinic.patient_a}/goals",
                      json={"kind": "life", "description": "garden again", "baseline": "not at all", "target": "weekly"})
    assert old.status_code == 201, old.text
    assert old.json()["progress"]["status"] == "not_measurable"
    gid = old.json()["id"]
    refused = clinic.call("clinician", "POST", f"/api/goals/{gid}/checkins", json={"checked_on": day(0), "value": 1})
    assert refused.status_code == 422 and "not measurable yet" in refused.text
    listed = clinic.call("clinician", "GET", f"/api/patients/{clinic.patient_a}/goals").json()
    assert [g["progress"]["status_label"] for g in listed["items"]] == ["not measurable yet"]
    patched = clinic.call("clinician", "PATCH", f"/api/goals/{gid}",
                          json={"version": 1, "measure": "hours gardening a week", "baseline_value": 0,
                                "target_value": 2, "due_on": day(90)})
    assert patched.status_code == 200, patched.text
    assert patched.json()["progress"]["status"] == "not_started"


def test_an_active_plan_without_a_life_goal_is_warned(clinic: Any) -> None:
    pid = clinic.patient_a
    assert clinic.call("clinician", "GET", f"/api/patients/{pid}/goals").json()["warnings"] == []  # no plan yet
    assert clinic.call("clinician", "POST", "/api/assessments", json={"text": NURSE, "patient_id": pid}).status_code == 201
    goal(clinic, pid)
    listed = clinic.call("clinician", "GET", f"/api/patients/{pid}/goals").json()
    assert listed["missing_goal_kinds"] == ["life"]
    assert "no life goal" in listed["warnings"][0]
    goal(clinic, pid, kind="life", description="walk nine holes without a cart", measure="holes walked",
         baseline_value=0, target_value=9)
    assert clinic.call("clinician", "GET", f"/api/patients/{pid}/goals").json()["missing_goal_kinds"] == []


def test_a_cauda_equina_assessment_puts_an_emergency_alert_on_the_worklist_once(clinic: Any) -> None:
    r = clinic.call("clinician", "POST", "/api/assessments", json={"text": CES, "patient_id": clinic.patient_a})
    assert r.status_code == 201, r.text
    assessment_id = r.headers["location"].rsplit("/", 1)[1]
    [alert] = alerts(clinic)
    assert (alert["source"], alert["source_id"], alert["level"]) == ("assessment", assessment_id, "emergency")
    assert "cauda equina" in alert["title"].lower() and alert["patient_name"] == "Ana Alvarez"
    assert "retention" in alert["detail"].lower()
    # raising it again (same source) adds nothing
    from painpath.adapters.db.alerts import assessment_alert

    with clinic.session() as session:
        stored = session.get(tables.Assessment, int(assessment_id))
        assert stored is not None
        assert assessment_alert(session, patient_id=clinic.patient_a, assessment_id=stored.id,
                                output=stored.output) is None
        session.commit()
        assert session.scalar(select(func.count()).select_from(tables.ClinicalAlert)) == 1
    # a routine assessment raises none
    clinic.call("clinician", "POST", "/api/assessments", json={"text": NURSE, "patient_id": clinic.patient_b})
    assert len(alerts(clinic)) == 1


def test_phq9_item_9_from_the_patient_raises_an_urgent_alert_ranked_after_an_emergency(clinic: Any) -> None:
    r = clinic.call("patient", "POST", f"/api/patients/{clinic.patient_a}/outcomes",
                    json={"instrument": "phq9", "items": PHQ9_ITEM9, "taken_at": f"{day(0)}T08:00:00Z"})
    assert r.status_code == 201, r.text
    assert "988" in r.json()["red_flags"][0]["action"]  # the patient still sees the crisis guidance
    clinic.call("clinician", "POST", "/api/assessments", json={"text": CES, "patient_id": clinic.patient_b})
    listed = alerts(clinic)
    assert [(a["source"], a["level"]) for a in listed] == [("assessment", "emergency"), ("questionnaire", "urgent")]
    phq = listed[1]
    assert phq["source_id"] == str(r.json()["id"]) and phq["title"] == "PHQ-9: suicide risk"
    assert "several days" in phq["detail"]


def test_acknowledging_needs_a_note_and_happens_once(clinic: Any) -> None:
    clinic.call("clinician", "POST", f"/api/patients/{clinic.patient_a}/outcomes",
                json={"instrument": "phq9", "items": PHQ9_ITEM9, "taken_at": f"{day(0)}T08:00:00Z"})
    [alert] = alerts(clinic)
    path = f"/api/alerts/{alert['id']}/acknowledge"
    blank = clinic.call("clinician", "POST", path, json={"action_note": "   "})
    assert blank.status_code == 422 and "action_note" in blank.text
    done = clinic.call("clinician", "POST", path, json={"action_note": "Called; safety plan; seen by BH today"})
    assert done.status_code == 200, done.text
    assert done.json()["action_note"] == "Called; safety plan; seen by BH today" and done.json()["acknowledged_at"]
    assert alerts(clinic) == []
    again = clinic.call("clinician", "POST", path, json={"action_note": "again"})
    assert again.status_code == 422 and "already acknowledged by clin" in again.text
    assert clinic.call("patient", "POST", path, json={"action_note": "x"}).status_code == 403


def test_a_plateau_raises_one_plan_review_alert_when_the_stalling_measurement_is_recorded(clinic: Any) -> None:
    pid = clinic.patient_a
    scores = [(-120, 8), (-90, 5), (-60, 5), (-30, 5), (-1, 5)]  # improves, then stalls over 3 check-ins, 60 days
    for offset, score in scores:
        r = clinic.call("clinician", "POST", f"/api/patients/{pid}/outcomes",
                        json={"instrument": "nrs", "score": score, "taken_at": f"{day(offset)}T09:00:00Z",
                              "body_site": "low_back"})
        assert r.status_code == 201, r.text
    [alert] = alerts(clinic)
    assert alert["source"] == "plan_review" and alert["level"] == "routine"
    assert alert["source_id"] == f"{pid}:nrs:low_back:plateau:{day(-30)}"
    assert f"{day(-30)}: 5" in alert["detail"]
    summary = clinic.call("clinician", "GET", f"/api/patients/{pid}/outcomes/summary").json()
    [nrs] = summary["instruments"]
    assert nrs["plan_review"]["raised_on"] == day(-30)
    # the series stays flat: still the one alert (the same plateau, not a new one per measurement)
    clinic.call("clinician", "POST", f"/api/patients/{pid}/outcomes",
                json={"instrument": "nrs", "score": 5, "taken_at": f"{day(0)}T09:00:00Z", "body_site": "low_back"})
    assert [a["source_id"] for a in alerts(clinic)] == [alert["source_id"]]
    # an improving patient raises none
    for offset, score in [(-120, 8), (-90, 6), (-60, 4), (-30, 3)]:
        clinic.call("clinician", "POST", f"/api/patients/{clinic.patient_b}/outcomes",
                    json={"instrument": "nrs", "score": score, "taken_at": f"{day(offset)}T09:00:00Z"})
    assert [a["patient_id"] for a in alerts(clinic)] == [pid]


def test_questionnaires_fall_due_after_a_procedure_and_show_on_the_worklist_when_overdue(clinic: Any) -> None:
    pid = clinic.patient_a
    r = clinic.call("clinician", "POST", f"/api/patients/{pid}/procedures",
                    json={"option_id": "epidural_steroid_injection", "performed_on": day(-24), "relief_percent": 60})
    assert r.status_code == 201, r.text
    due = clinic.call("patient", "GET", f"/api/patients/{pid}/questionnaires/due").json()
    assert [(i["instrument"], i["due_on"], i["status"], i["days_overdue"]) for i in due["items"]] == [
        ("nrs", day(-10), "overdue", 10), ("peg", day(-10), "overdue", 10)]
    assert "2 weeks after epidural steroid injection" in due["items"][0]["reason"]
    overdue = clinic.call("clinician", "GET", "/api/worklist").json()["overdue_questionnaires"]
    assert [(o["patient_id"], [i["instrument"] for i in o["items"]]) for o in overdue] == [(pid, ["nrs", "peg"])]
    # answering them clears the list
    clinic.call("patient", "POST", f"/api/patients/{pid}/outcomes",
                json={"instrument": "nrs", "score": 3, "taken_at": f"{day(0)}T08:00:00Z"})
    clinic.call("patient", "POST", f"/api/patients/{pid}/outcomes",
                json={"instrument": "peg", "items": {"pain_average": 3, "enjoyment": 3, "activity": 3},
                      "taken_at": f"{day(0)}T08:00:00Z"})
    assert clinic.call("clinician", "GET", "/api/worklist").json()["overdue_questionnaires"] == []
    assert clinic.call("patient_b", "GET", f"/api/patients/{pid}/questionnaires/due").status_code == 404


def test_the_clinic_report_counts_goals_and_median_days_to_goal_from_check_ins(clinic: Any) -> None:
    a = goal(clinic, clinic.patient_a, set_on=day(-40)).json()["id"]
    b = goal(clinic, clinic.patient_b, kind="life", set_on=day(-40), measure="holes walked", baseline_value=0,
             target_value=9).json()["id"]
    goal(clinic, clinic.patient_b)  # not reached
    clinic.call("clinician", "POST", f"/api/goals/{a}/checkins", json={"checked_on": day(-30), "value": 30})
    clinic.call("clinician", "POST", f"/api/goals/{b}/checkins", json={"checked_on": day(-20), "value": 9})
    report = clinic.call("clinician", "GET", "/api/reports/outcomes").json()
    rows = {g["kind"]: (g["goals"], g["achieved"], g["median_days_to_goal"]) for g in report["goals"]}
    assert rows == {"all": (3, 2, 15.0), "work": (2, 1, 10.0), "life": (1, 1, 20.0)}
