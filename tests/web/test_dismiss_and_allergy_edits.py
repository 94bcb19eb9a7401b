# ruff: noqa: F811  (pytest fixtures imported from tests/service/conftest.py are used as parameters)
"""Issue 12: a clinician dismisses a proposal with a reason (it leaves the pending list, stays in the history
labelled dismissed, audited), and corrects or removes an allergy with a reason (audited, re-planned so plan
safety follows), through the API and the chart pages."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from painpath.adapters.db.tables import Allergy, AuditEntry, Revision
from tests.service.conftest import (  # noqa: F401  (fixtures)
    Clinic,
    _cheap_password_hashing,
    clinic,
    database_url,
    migrated_url,
)
from tests.web.test_chart_safety import LBP_NOTE
from tests.web.test_clinic_pages import Browser, assess_note, text_of
from tests.web.test_signoff import PACKET, SCIATICA_NOTE, current, section, submit_packet


@pytest.fixture
def doctor(clinic: Clinic) -> Browser:
    return Browser(clinic, "clin")


def plan_of(clinic: Clinic, assessment_id: int) -> dict[str, Any]:
    found = clinic.call("clinician", "GET", f"/api/assessments/{assessment_id}").json()
    plan: dict[str, Any] = found["output"]["plan"]
    return plan


def offered(plan: dict[str, Any]) -> set[str]:
    return {o["id"] for s in plan["stages"] for o in s["options"]}


def test_a_dismissed_proposal_leaves_the_pending_list_and_stays_in_the_history(clinic: Clinic,
                                                                               doctor: Browser) -> None:
    mine = assess_note(doctor, clinic.patient_a, SCIATICA_NOTE)
    submit_packet(clinic, clinic.patient_a, PACKET)
    [proposal] = current(clinic, clinic.patient_a)["proposals"]
    url = f"/api/assessments/{proposal['id']}/dismiss"
    missing = clinic.call("clinician", "POST", url, json={"reason": "   "})
    assert missing.status_code == 422 and "reason" in missing.text
    desk = clinic.call("front_desk", "POST", url, json={"reason": "not mine to judge"})
    assert desk.status_code == 403
    done = clinic.call("clinician", "POST", url, json={"reason": "the packet describes last year's knee episode"})
    assert done.status_code == 200, done.text
    body = done.json()
    assert body["status"] == "dismissed" and body["dismissal_reason"] == "the packet describes last year's knee episode"
    assert body["dismissed_by"] is not None and body["dismissed_at"]
    after = current(clinic, clinic.patient_a)
    assert after["proposals"] == [] and after["working"]["id"] == mine  # the working assessment is untouched
    listed = clinic.call("clinician", "GET", f"/api/patients/{clinic.patient_a}/assessments").json()["items"]
    assert [(a["source"], a["status"]) for a in listed] == [("packet", "dismissed"), ("note", "working")]
    again = clinic.call("clinician", "POST", url, json={"reason": "twice"})
    assert again.status_code == 409 and "already dismissed" in again.text
    working = clinic.call("clinician", "POST", f"/api/assessments/{mine}/dismiss", json={"reason": "no"})
    assert working.status_code == 409 and "not a proposal" in working.text
    signed = clinic.call("clinician", "POST", f"/api/assessments/{proposal['id']}/sign-off")
    assert signed.status_code == 409 and "was dismissed" in signed.text
    with clinic.session() as session:
        audited = session.scalars(select(AuditEntry).where(AuditEntry.action == "dismiss")).all()
        assert [(a.record_type, a.record_id) for a in audited] == [("assessment", str(proposal["id"]))]
    chart = doctor.get(f"/clinic/patients/{clinic.patient_a}").text
    assert 'id="proposals"' not in chart
    earlier = text_of(section(chart, 'id="history-heading"'))
    assert "Patient's history packet, by pat.a:" in earlier
    assert "dismissed by clin: the packet describes last year's knee episode" in earlier


def test_a_proposal_is_dismissed_from_the_chart_page_with_a_reason(clinic: Clinic, doctor: Browser) -> None:
    assess_note(doctor, clinic.patient_a, SCIATICA_NOTE)
    submit_packet(clinic, clinic.patient_a, PACKET)
    [proposal] = current(clinic, clinic.patient_a)["proposals"]
    chart = doctor.get(f"/clinic/patients/{clinic.patient_a}").text
    assert f'action="/clinic/assessments/{proposal["id"]}/dismiss"' in chart
    empty = doctor.post(f"/clinic/assessments/{proposal['id']}/dismiss", {"reason": ""})
    assert empty.status_code == 303 and "Not+dismissed" in empty.headers["location"].replace("%20", "+")
    assert len(current(clinic, clinic.patient_a)["proposals"]) == 1  # nothing changed
    done = doctor.post(f"/clinic/assessments/{proposal['id']}/dismiss", {"reason": "duplicate of my note"})
    assert done.status_code == 303 and done.headers["location"].startswith(f"/clinic/patients/{clinic.patient_a}")
    assert current(clinic, clinic.patient_a)["proposals"] == []
    earlier = text_of(section(doctor.get(f"/clinic/patients/{clinic.patient_a}").text, 'id="history-heading"'))
    assert "dismissed by clin: duplicate of my note" in earlier


def test_an_allergy_corrected_or_removed_with_a_reason_replans_so_plan_safety_follows(
    clinic: Clinic, doctor: Browser
) -> None:
    assess_note(doctor, clinic.patient_a, LBP_NOTE)
    made = clinic.call("clinician", "POST", f"/api/patients/{clinic.patient_a}/allergies",
                       json={"substance": "NSAIDs", "reaction": "hives", "severity": "moderate"}).json()
    assert "oral_nsaid" not in offered(plan_of(clinic, made["replanned_assessment_id"]))
    url = f"/api/allergies/{made['id']}"
    no_reason = clinic.call("clinician", "PATCH", url, json={"version": made["version"], "substance": "codeine"})
    assert no_reason.status_code == 422 and "reason" in no_reason.text
    fixed = clinic.call("clinician", "PATCH", url, json={"version": made["version"], "substance": "codeine",
                                                         "reason": "the reaction was to codeine, not ibuprofen"})
    assert fixed.status_code == 200, fixed.text
    body = fixed.json()
    assert body["substance"] == "codeine" and body["version"] == made["version"] + 1
    assert body["correction_reason"] == "the reaction was to codeine, not ibuprofen"
    replanned = plan_of(clinic, body["replanned_assessment_id"])
    assert "oral_nsaid" in offered(replanned)  # the NSAID allergy was an error: NSAIDs are back
    stale = clinic.call("clinician", "PATCH", url, json={"version": made["version"], "severity": "severe",
                                                         "reason": "worse than thought"})
    assert stale.status_code == 409
    # remove it: the record stays, marked removed, and leaves the list and plan safety
    gone = clinic.call("clinician", "POST", f"{url}/remove", json={"version": body["version"], "reason": ""})
    assert gone.status_code == 422 and "reason" in gone.text
    gone = clinic.call("clinician", "POST", f"{url}/remove",
                       json={"version": body["version"], "reason": "entered for the wrong patient"})
    assert gone.status_code == 200, gone.text
    assert gone.json()["removal_reason"] == "entered for the wrong patient" and gone.json()["removed_at"]
    listed = clinic.call("clinician", "GET", f"/api/patients/{clinic.patient_a}/allergies").json()
    assert listed["items"] == []
    kept = clinic.call("clinician", "GET", f"/api/patients/{clinic.patient_a}/allergies?include_removed=true")
    assert [a["removal_reason"] for a in kept.json()["items"]] == ["entered for the wrong patient"]
    twice = clinic.call("clinician", "POST", f"{url}/remove",
                        json={"version": gone.json()["version"], "reason": "again"})
    assert twice.status_code == 409 and "was removed" in twice.text
    desk = clinic.call("front_desk", "POST", f"{url}/remove", json={"version": 1, "reason": "x"})
    assert desk.status_code == 403
    with clinic.session() as session:
        actions = [(a.action, a.record_type) for a in session.scalars(
            select(AuditEntry).where(AuditEntry.record_type == "allergy", AuditEntry.action != "read"))]
        assert actions == [("create", "allergy"), ("update", "allergy"), ("delete", "allergy")]
        revisions = session.scalars(select(Revision).where(Revision.table_name == "allergies")
                                    .order_by(Revision.version)).all()
        assert revisions[0].changes["substance"] == ["NSAIDs", "codeine"]
        assert revisions[1].changes["removal_reason"] == [None, "entered for the wrong patient"]


def test_an_allergy_is_corrected_and_removed_through_its_page(clinic: Clinic, doctor: Browser) -> None:
    assess_note(doctor, clinic.patient_a, LBP_NOTE)
    made = clinic.call("clinician", "POST", f"/api/patients/{clinic.patient_a}/allergies",
                       json={"substance": "NSAIDs", "reaction": "hives", "severity": "moderate"}).json()
    chart = doctor.get(f"/clinic/patients/{clinic.patient_a}").text
    assert f'href="/clinic/allergies/{made["id"]}"' in chart
    page = doctor.get(f"/clinic/allergies/{made['id']}")
    assert page.status_code == 200 and 'id="correct-allergy"' in page.text and 'id="remove-allergy"' in page.text
    missing = doctor.post(f"/clinic/allergies/{made['id']}/correct",
                          {"substance": "NSAIDs", "reaction": "nausea", "severity": "mild", "reason": "",
                           "version": str(made["version"])})
    assert missing.status_code == 422 and 'id="e-reason"' in missing.text
    done = doctor.post(f"/clinic/allergies/{made['id']}/correct",
                       {"substance": "NSAIDs", "reaction": "nausea", "severity": "mild",
                        "reason": "intolerance, not an allergy", "version": str(made["version"])})
    assert done.status_code == 303, done.text
    chart = text_of(section(doctor.get(f"/clinic/patients/{clinic.patient_a}").text, 'id="allergies-heading"'))
    assert "nausea (corrected: intolerance, not an allergy)" in chart
    removed = doctor.post(f"/clinic/allergies/{made['id']}/remove",
                          {"removal_reason": "tolerated ibuprofen since", "version": str(made["version"] + 1)})
    assert removed.status_code == 303, removed.text
    chart = doctor.get(f"/clinic/patients/{clinic.patient_a}").text
    assert "No allergies recorded." in chart
    with clinic.session() as session:
        row = session.get(Allergy, made["id"])
        assert row is not None and row.removal_reason == "tolerated ibuprofen since" and row.removed_by is not None
    working = current(clinic, clinic.patient_a)
    replan = next(p for p in working["proposals"] if p["source"] == "replan")
    assert "oral_nsaid" in offered(plan_of(clinic, replan["id"]))


def test_dismissing_the_newest_replan_does_not_bring_back_an_older_one(clinic: Clinic, doctor: Browser) -> None:
    assess_note(doctor, clinic.patient_a, LBP_NOTE)
    for substance in ("NSAIDs", "codeine"):  # two re-plans of the same assessment
        made = clinic.call("clinician", "POST", f"/api/patients/{clinic.patient_a}/allergies",
                           json={"substance": substance})
        assert made.status_code == 201, made.text
    [newest] = current(clinic, clinic.patient_a)["proposals"]
    done = clinic.call("clinician", "POST", f"/api/assessments/{newest['id']}/dismiss",
                       json={"reason": "allergies under review with the GP"})
    assert done.status_code == 200, done.text
    assert current(clinic, clinic.patient_a)["proposals"] == []
