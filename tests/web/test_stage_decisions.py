# ruff: noqa: F811  (pytest fixtures imported from tests/service/conftest.py are used as parameters)
"""A whole plan stage is accepted with one button (issue 16): every option of the stage on offer now and not yet
decided gets an accepted decision through the decision store, each audited; options already decided and those
not yet available are left alone; a stage with nothing left, or one the plan has not, is refused on the page."""

from __future__ import annotations

from sqlalchemy import select

from painpath.adapters.db.tables import AuditEntry, PlanDecision
from tests.service.conftest import (  # noqa: F401  (fixtures)
    Clinic,
    _cheap_password_hashing,
    clinic,
    database_url,
    migrated_url,
)
from tests.web.test_clinic_pages import FACET_NOTE, Browser, assess_note, text_of


def test_accepting_a_stage_decides_each_open_option_and_audits_it(clinic: Clinic) -> None:
    doctor = Browser(clinic, "clin")
    assessment = assess_note(doctor, clinic.patient_a, FACET_NOTE)
    plan = clinic.call("clinician", "GET", f"/api/assessments/{assessment}").json()["output"]["plan"]
    stage = next(s for s in plan["stages"] if sum(o.get("status") != "not yet" for o in s["options"]) >= 2)
    offered = [o["id"] for o in stage["options"] if o.get("status") != "not yet"]
    later = [o["id"] for o in stage["options"] if o.get("status") == "not yet"]
    declined = offered[0]
    saved = doctor.post(f"/clinic/assessments/{assessment}/decisions",
                        {"option_id": declined, "decision": "decline", "reason": "patient prefers not to"})
    assert saved.status_code == 303

    page = doctor.get(f"/clinic/assessments/{assessment}").text
    assert f'action="/clinic/assessments/{assessment}/stages"' in page
    done = doctor.post(f"/clinic/assessments/{assessment}/stages", {"stage": str(stage["stage"])})
    assert done.status_code == 303, done.text[:500]
    assert done.headers["location"].endswith(f"#stage-{stage['stage']}")

    with clinic.session() as session:
        rows = session.scalars(select(PlanDecision).where(PlanDecision.assessment_id == assessment)).all()
        audited = session.scalars(select(AuditEntry.record_id).where(
            AuditEntry.record_type == "plan_decision", AuditEntry.action == "create")).all()
    latest = {r.option_id: r for r in sorted(rows, key=lambda r: r.id)}
    assert latest[declined].decision == "declined"  # a decision already made stays
    assert {o for o, r in latest.items() if r.decision == "accepted"} == set(offered[1:])
    assert not set(later) & set(latest)  # an option not yet available is not accepted
    assert {str(latest[o].id) for o in offered[1:]} <= set(audited)

    again = doctor.post(f"/clinic/assessments/{assessment}/stages", {"stage": str(stage["stage"])})
    assert again.status_code == 422
    assert "already has a decision" in text_of(again.text)
    missing = doctor.post(f"/clinic/assessments/{assessment}/stages", {"stage": "19"})
    assert missing.status_code == 422 and "plan has no stage 19" in text_of(missing.text)
