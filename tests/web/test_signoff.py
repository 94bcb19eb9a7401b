# ruff: noqa: F811  (pytest fixtures imported from tests/service/conftest.py are used as parameters)
"""Issue 12: new input never replaces the clinician's working assessment. A referral letter, the patient's history
packet and an automatic re-plan are proposals until a clinician signs one off; a clinician's own assessment is
working at once; a proposal's red flags raise alerts immediately and show on the chart; earlier assessments are
labelled by source, author and leading diagnosis; sign-off is audited."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from painpath.adapters.db.tables import AuditEntry, ClinicalAlert
from tests.service.conftest import (  # noqa: F401  (fixtures)
    Clinic,
    _cheap_password_hashing,
    clinic,
    database_url,
    migrated_url,
)
from tests.web.test_clinic_pages import CES_NOTE, FACET_NOTE, Browser, assess_note, text_of

SCIATICA_NOTE = ("44-year-old nurse with lower back pain radiating to the right calf after lifting a patient. "
                 "Positive straight leg raise on the right. MRI: right L5-S1 disc herniation.")
PACKET = {"story": "My knee aches when I climb stairs and after long walks, it swells in the evening.",
          "goal_work": "walk the ward rounds", "goal_life": "hike again"}


@pytest.fixture
def doctor(clinic: Clinic) -> Browser:
    return Browser(clinic, "clin")


def current(clinic: Clinic, patient: int) -> dict[str, Any]:
    found = clinic.call("clinician", "GET", f"/api/patients/{patient}/assessments/current")
    assert found.status_code == 200, found.text
    body: dict[str, Any] = found.json()
    return body


def submit_packet(clinic: Clinic, patient: int, content: dict[str, Any]) -> Any:
    packet = clinic.call("patient", "GET", f"/api/patients/{patient}/history-packet")
    version = packet.json().get("version", 0) if packet.status_code == 200 else 0
    done = clinic.call("patient", "POST", f"/api/patients/{patient}/history-packet/submit",
                       json={"version": version, "content": content})
    assert done.status_code == 200, done.text
    return done


def section(html: str, marker: str) -> str:
    return html.split(marker, 1)[1].split("</section>", 1)[0] if marker in html else ""


def test_a_packet_is_a_proposal_that_never_replaces_the_clinicians_diagnosis_until_signed_off(
    clinic: Clinic, doctor: Browser
) -> None:
    mine = assess_note(doctor, clinic.patient_a, SCIATICA_NOTE)
    before = current(clinic, clinic.patient_a)
    assert before["working"]["id"] == mine and before["working"]["source"] == "note"
    assert before["working"]["status"] == "working" and before["proposals"] == []
    sciatica = before["working"]["leading_diagnosis"]
    assert sciatica
    submit_packet(clinic, clinic.patient_a, PACKET)
    after = current(clinic, clinic.patient_a)
    assert after["working"]["id"] == mine and after["working"]["leading_diagnosis"] == sciatica  # not replaced
    [proposal] = after["proposals"]
    assert proposal["source"] == "packet" and proposal["status"] == "proposal" and proposal["signed_off_by"] is None
    assert proposal["leading_diagnosis"] != sciatica
    chart = doctor.get(f"/clinic/patients/{clinic.patient_a}").text
    working = text_of(chart.split('id="working-assessment"')[1].split("</dd>")[0])
    assert f"Clinician's note, by clin: {sciatica} (clinician's own)" in working
    pending = text_of(section(chart, 'id="proposals"'))
    assert "Proposals awaiting sign-off (1)" in pending
    assert "Patient's history packet, by pat.a:" in pending and proposal["leading_diagnosis"] in pending
    assert f'action="/clinic/assessments/{proposal["id"]}/sign-off"' in chart
    dx = text_of(section(chart, 'id="dx-heading"'))
    assert sciatica in dx.split("(working diagnosis)")[0]
    # sign-off through the page: the packet's assessment becomes the working one, audited
    done = doctor.post(f"/clinic/assessments/{proposal['id']}/sign-off", {})
    assert done.status_code == 303 and done.headers["location"].startswith(f"/clinic/patients/{clinic.patient_a}")
    signed = current(clinic, clinic.patient_a)
    assert signed["working"]["id"] == proposal["id"] and signed["proposals"] == []
    assert signed["working"]["status"] == "working" and signed["working"]["signed_off_by"] is not None
    chart = doctor.get(f"/clinic/patients/{clinic.patient_a}").text
    assert "(signed off by clin)" in text_of(chart.split('id="working-assessment"')[1].split("</dd>")[0])
    earlier = text_of(section(chart, 'id="history-heading"'))
    assert f"Clinician's note, by clin: {sciatica}" in earlier  # labelled by source, author, diagnosis
    with clinic.session() as session:
        audited = session.scalars(select(AuditEntry).where(AuditEntry.action == "sign_off")).all()
        assert [(a.record_type, a.record_id) for a in audited] == [("assessment", str(proposal["id"]))]
    again = clinic.call("clinician", "POST", f"/api/assessments/{proposal['id']}/sign-off")
    assert again.status_code == 409 and "already signed off" in again.text
    own = clinic.call("clinician", "POST", f"/api/assessments/{mine}/sign-off")
    assert own.status_code == 409


def test_a_clinicians_new_assessment_is_working_at_once_and_overtakes_older_proposals(
    clinic: Clinic, doctor: Browser
) -> None:
    submit_packet(clinic, clinic.patient_a, PACKET)
    first = current(clinic, clinic.patient_a)
    assert first["working"] is None and [p["source"] for p in first["proposals"]] == ["packet"]
    chart = doctor.get(f"/clinic/patients/{clinic.patient_a}").text
    assert "none signed off yet" in text_of(chart.split('id="working-assessment"')[1].split("</dd>")[0])
    mine = assess_note(doctor, clinic.patient_a, SCIATICA_NOTE)
    later = current(clinic, clinic.patient_a)
    assert later["working"]["id"] == mine and later["proposals"] == []
    listed = clinic.call("clinician", "GET", f"/api/patients/{clinic.patient_a}/assessments").json()["items"]
    assert [(a["source"], a["status"]) for a in listed] == [("note", "working"), ("packet", "proposal")]


def test_a_referral_letters_red_flag_raises_its_alert_and_shows_on_the_chart_before_sign_off(
    clinic: Clinic, doctor: Browser
) -> None:
    mine = assess_note(doctor, clinic.patient_b, SCIATICA_NOTE)
    letter = clinic.call("front_desk", "POST", "/api/referrals", json={
        "patient_id": clinic.patient_b, "received_on": (date.today() - timedelta(days=1)).isoformat(),
        "referrer": "Dr Ames", "letter": CES_NOTE})
    assert letter.status_code == 201, letter.text
    found = current(clinic, clinic.patient_b)
    assert found["working"]["id"] == mine
    [proposal] = found["proposals"]
    assert proposal["source"] == "referral" and proposal["triage_level"] == "emergency"
    with clinic.session() as session:
        alert = session.scalars(select(ClinicalAlert).where(ClinicalAlert.source == "assessment",
                                                            ClinicalAlert.source_id == str(proposal["id"]))).one()
        assert alert.level == "emergency" and alert.acknowledged_at is None
    chart = doctor.get(f"/clinic/patients/{clinic.patient_b}").text
    assert 'id="open-alerts"' in chart  # the banner in the header
    flags = text_of(section(chart, 'id="red-flags-heading"'))
    assert "From the referral letter awaiting sign-off (already on the worklist)" in flags
    assert "No red flag" not in flags
    assert "Referral letter, by desk:" in text_of(section(chart, 'id="proposals"'))
    # FHIR: the Condition is still the clinician's working diagnosis; the letter's red flags are Flags already
    headers = clinic.headers("clinician")
    flags = clinic.client.get("/fhir/Flag", params={"patient": str(clinic.patient_b)}, headers=headers).json()
    assert "cauda_equina_syndrome" in {e["resource"]["code"]["coding"][0]["code"] for e in flags.get("entry", [])}
    conditions = clinic.client.get("/fhir/Condition", params={"patient": str(clinic.patient_b)},
                                   headers=headers).json()
    assert {e["resource"]["id"].split("-")[0] for e in conditions["entry"]} == {str(mine)}
    # the desk registered it: the desk cannot sign it off, nor can the patient
    assert clinic.call("front_desk", "POST", f"/api/assessments/{proposal['id']}/sign-off").status_code == 403
    assert clinic.call("patient_b", "POST", f"/api/assessments/{proposal['id']}/sign-off").status_code == 403
    assert current(clinic, clinic.patient_b)["working"]["id"] == mine


def test_a_replan_is_a_proposal_of_the_working_assessment_and_only_the_newest_is_pending(
    clinic: Clinic, doctor: Browser
) -> None:
    mine = assess_note(doctor, clinic.patient_b, FACET_NOTE)
    ids = []
    for days_ago, relief in ((14, 85), (7, 90)):
        done = clinic.call("clinician", "POST", f"/api/patients/{clinic.patient_b}/procedures", json={
            "option_id": "medial_branch_block", "performed_on": (date.today() - timedelta(days=days_ago)).isoformat(),
            "relief_percent": relief, "duration_hours": 6, "functional_gain": "walked further"})
        assert done.status_code == 201, done.text
        ids.append(done.json()["replanned_assessment_id"])
    found = current(clinic, clinic.patient_b)
    assert found["working"]["id"] == mine
    assert [(p["id"], p["source"], p["replan_of"]) for p in found["proposals"]] == [(ids[-1], "replan", mine)]
    record = clinic.call("clinician", "GET", f"/api/assessments/{ids[-1]}").json()
    assert record["status"] == "proposal" and record["replan_of"] == mine
    page = doctor.get(f"/clinic/assessments/{ids[-1]}").text
    assert "Proposal awaiting a clinician's sign-off" in text_of(page.split('id="assessment-status"')[1]
                                                                   .split("</dd>")[0])
    assert f'action="/clinic/assessments/{ids[-1]}/sign-off"' in page
    # signing off the re-plan makes it working; the next re-plan re-plans the original note, not the re-plan
    assert clinic.call("clinician", "POST", f"/api/assessments/{ids[-1]}/sign-off").status_code == 200
    again = clinic.call("clinician", "POST", f"/api/patients/{clinic.patient_b}/procedures", json={
        "option_id": "medial_branch_block", "performed_on": date.today().isoformat(), "relief_percent": 88,
        "duration_hours": 6, "functional_gain": ""})
    assert again.status_code == 201
    latest = clinic.call("clinician", "GET", f"/api/assessments/{again.json()['replanned_assessment_id']}").json()
    assert latest["replan_of"] == mine and latest["input"] == {"text": FACET_NOTE}
    assert current(clinic, clinic.patient_b)["working"]["id"] == ids[-1]
