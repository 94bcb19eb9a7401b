"""The prior-authorisation packet (issue 15): what the payer's rules ask for, assembled from the record, with what is
present (dates, values) and what is missing in words the desk can act on; on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from tests.service.provider_records import make_provider_records

FACET_NOTE = ("58-year-old with axial low back pain for 8 months, worse with extension and twisting, no leg pain, "
              "no weakness. Tender over the lower lumbar facets.")


def ago(days: int) -> str:
    return (date.today() - timedelta(days=days)).isoformat()


def packet(clinic: Any, procedure: str, role: str = "front_desk") -> Any:
    return clinic.call(role, "GET", f"/api/patients/{clinic.patient_a}/prior-auth/{procedure}")


def by_id(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in body["items"]}


def test_an_rfa_packet_lists_what_is_missing_then_is_complete_once_the_record_holds_it(clinic: Any) -> None:
    make_provider_records(clinic, clinic.patient_a)  # coverage: Acme PPO, example commercial rules
    post = lambda path, body: clinic.call("clinician", "POST", path, json=body)  # noqa: E731
    assessed = post("/api/assessments", {"text": FACET_NOTE, "patient_id": clinic.patient_a})
    assert assessed.status_code == 201, assessed.text
    first = packet(clinic, "radiofrequency_ablation")
    assert first.status_code == 200, first.text
    body = first.json()
    assert (body["plan"], body["rule_set"], body["prior_auth_required"]) == ("Acme Health: Acme PPO",
                                                                             "example_commercial", True)
    assert body["diagnosis"]["condition"] == "lumbar_facet_pain" and body["diagnosis"]["icd10"]
    items = by_id(body)
    assert items["diagnosis"]["present"] is True
    assert items["two_mbb"]["present"] is False and items["two_mbb"]["action"].startswith(
        "0 of 2 medial branch blocks with at least 80% relief are recorded")
    assert items["conservative"]["present"] is False and items["decision"]["present"] is False
    assert body["complete"] is False and len(body["missing"]) == 3

    assert post(f"/api/patients/{clinic.patient_a}/medications", {
        "name": "naproxen", "dose": 500, "unit": "mg", "per_day": 2, "status": "failed", "started_on": ago(150),
        "stopped_on": ago(60), "effect": "little relief, heartburn"}).status_code == 201
    for days, relief in ((40, 85), (20, 60)):
        assert post(f"/api/patients/{clinic.patient_a}/procedures", {
            "option_id": "medial_branch_block", "performed_on": ago(days), "relief_percent": relief,
            "duration_hours": 6}).status_code == 201
    items = by_id(packet(clinic, "radiofrequency_ablation").json())
    assert items["conservative"]["present"] is True
    assert items["conservative"]["evidence"][0].startswith(f"naproxen (failed), from {ago(150)} to {ago(60)}")
    assert items["two_mbb"]["present"] is False  # the second block gave 60%: below the payer's 80%
    assert items["two_mbb"]["evidence"] == [f"medial branch block on {ago(40)}: 85% relief",
                                            f"medial branch block on {ago(20)}: 60% relief"]

    assert post(f"/api/patients/{clinic.patient_a}/procedures", {
        "option_id": "medial_branch_block", "performed_on": ago(5), "relief_percent": 90,
        "duration_hours": 6}).status_code == 201
    assessment_id = int(assessed.headers["location"].rsplit("/", 1)[1])
    decided = post(f"/api/assessments/{assessment_id}/decisions",
                   {"option_id": "radiofrequency_ablation", "decision": "accepted"})
    assert decided.status_code == 201, decided.text
    done = packet(clinic, "radiofrequency_ablation").json()
    assert done["complete"] is True and done["missing"] == []
    assert all(item["action"] == "" for item in done["items"])


def test_a_stimulator_packet_asks_for_the_psychological_evaluation_and_a_successful_trial(clinic: Any) -> None:
    make_provider_records(clinic, clinic.patient_a)
    items = by_id(packet(clinic, "spinal_cord_stimulation").json())
    assert items["psychology"]["present"] is False
    assert items["psychology"]["action"] == ("not documented yet: book the evaluation, or ask the clinician to record "
                                             "it on the chart")
    assert items["trial"]["present"] is False
    note = ("Persistent leg pain after L5 laminectomy for 2 years. Psychological evaluation completed: cleared for "
            "neuromodulation.")
    assert clinic.call("clinician", "POST", "/api/assessments",
                       json={"text": note, "patient_id": clinic.patient_a}).status_code == 201
    assert by_id(packet(clinic, "spinal_cord_stimulation").json())["psychology"]["present"] is False  # words only
    assert clinic.call("clinician", "POST", f"/api/patients/{clinic.patient_a}/psych-evaluations", json={
        "evaluated_on": ago(10), "outcome": "cleared", "clinician": "Dr A. Rivera"}).status_code == 201
    assert clinic.call("clinician", "POST", f"/api/patients/{clinic.patient_a}/procedures", json={
        "option_id": "spinal_cord_stimulation", "performed_on": ago(3), "relief_percent": 65,
        "functional_gain": "walks 2 km, sleeps through"}).status_code == 201
    items = by_id(packet(clinic, "spinal_cord_stimulation").json())
    assert items["psychology"]["present"] is True
    assert items["trial"] == {"id": "trial", "present": True, "action": "", "source": "scs_policy",
                              "text": items["trial"]["text"],
                              "evidence": [f"trial on {ago(3)}: 65% relief; function: walks 2 km, sleeps through"]}


def test_without_coverage_the_medicare_documentation_rules_apply_and_epidurals_are_counted(clinic: Any) -> None:
    body = packet(clinic, "epidural_steroid_injection", role="clinician").json()
    assert body["rule_set"] == "medicare_lcd" and body["plan"].startswith("no active coverage on file")
    items = by_id(body)
    assert items["baseline"]["present"] is False and "send the patient the questionnaire" in items["baseline"]["action"]
    assert items["frequency"]["present"] is True and items["frequency"]["evidence"] == ["0 in the last 365 days"]
    for days in (300, 200, 100, 30):
        clinic.call("clinician", "POST", f"/api/patients/{clinic.patient_a}/procedures", json={
            "option_id": "epidural_steroid_injection", "performed_on": ago(days), "relief_percent": 60})
    items = by_id(packet(clinic, "epidural_steroid_injection").json())
    assert items["frequency"]["present"] is False
    assert items["frequency"]["action"].startswith("the limit of 4 in 365 days is reached: do not submit")


def test_unknown_procedures_and_roles_without_the_permission_are_refused(clinic: Any) -> None:
    unknown = packet(clinic, "acupuncture")
    assert unknown.status_code == 404 and "procedures with rules" in unknown.json()["detail"]
    assert packet(clinic, "radiofrequency_ablation", role="patient").status_code == 403
    assert packet(clinic, "radiofrequency_ablation", role="admin").status_code == 403
