"""FHIR R4 CarePlan, ServiceRequest, Questionnaire and QuestionnaireResponse, DocumentReference, AuditEvent and
Provenance: what each carries from the record, who may read them, that reads are audited, that every one is
valid R4 (the strict models, and the shared outside validator when PAINPATH_FHIR_CHECK names it); and the
search parameters every searchable type shares (date prefixes, status, _sort, _count with paging links)."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest

from painpath.adapters.db import tables
from painpath.adapters.fhir_r4 import checked
from tests.service.intake_records import make_intake_records
from tests.service.records import NOTE, make_records
from tests.service.test_fhir import _outside_check, fhir


def entries(bundle: dict[str, Any]) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle.get("entry", [])]


def search(clinic: Any, role: str, kind: str, **params: Any) -> dict[str, Any]:
    response = fhir(clinic, role, f"/fhir/{kind}", **params)
    assert response.status_code == 200, response.text
    return checked(response.json())


def plan_options(clinic: Any, assessment_id: int) -> list[dict[str, Any]]:
    with clinic.session() as session:
        row = session.get(tables.Assessment, assessment_id)
        return [o for stage in row.output["plan"]["stages"] for o in stage["options"]]


def test_the_staged_plan_is_a_care_plan_with_each_decision_who_when_and_why(clinic: Any) -> None:
    ids = make_records(clinic, clinic.patient_a)
    options = plan_options(clinic, ids["assessment_id"])
    ordered = next(o for o in options if o["kind"] in {"procedure", "therapy", "referral"})
    declined = next(o for o in options if o["id"] != ordered["id"])
    decide = f"/api/assessments/{ids['assessment_id']}/decisions"
    assert clinic.call("clinician", "POST", decide, json={"option_id": ordered["id"], "decision": "accepted"}
                       ).status_code == 201
    assert clinic.call("clinician", "POST", decide, json={"option_id": declined["id"], "decision": "declined",
                                                          "reason": "tried it last year without benefit"}
                       ).status_code == 201
    patient = f"Patient/{clinic.patient_a}"
    plans = {p["id"]: p for p in entries(search(clinic, "clinician", "CarePlan", patient=patient))}
    working = plans[str(ids["assessment_id"])]
    assert working["status"] == "active" and working["intent"] == "plan"
    assert working["subject"]["reference"] == patient
    assert working["addresses"] == [{"reference": f"Condition/{ids['assessment_id']}-1"}]
    assert working["goal"] == [{"reference": f"Goal/{ids['goal_id']}"}]
    by_code = {a["detail"]["code"]["coding"][0]["code"]: a for a in working["activity"]}
    assert set(by_code) >= {o["id"] for o in options}
    assert by_code[ordered["id"]]["detail"]["status"] == "scheduled"
    refused = by_code[declined["id"]]
    assert refused["detail"]["status"] == "cancelled"
    assert refused["detail"]["statusReason"]["text"] == "tried it last year without benefit"
    progress = refused["progress"][0]
    assert progress["authorReference"] == {"reference": f"Practitioner/{clinic.user_ids['clin']}"}
    assert abs(datetime.fromisoformat(progress["time"]) - datetime.now(UTC)) < timedelta(minutes=5)
    untouched = [a for code, a in by_code.items() if code not in {ordered["id"], declined["id"]}
                 and not a["detail"].get("doNotPerform")]
    assert all(a["detail"]["status"] == "not-started" for a in untouched)
    assert untouched[0]["detail"]["description"].startswith("Stage ")
    # the block's re-plan waits for sign-off: a draft proposal that names the plan it would replace
    proposal = plans[str(ids["proposal_id"])]
    assert proposal["status"] == "draft" and proposal["intent"] == "proposal"
    assert proposal["replaces"] == [{"reference": f"CarePlan/{ids['assessment_id']}"}]
    # the accepted procedure is an order of the working plan; the referral letter a referral in
    referral = make_intake_records(clinic, clinic.patient_a)["referral_id"]
    requests = {r["id"]: r for r in entries(search(clinic, "clinician", "ServiceRequest", patient=patient))}
    order = requests[f"plan-{ids['assessment_id']}-{ordered['id'].replace('_', '-')}"]
    assert order["status"] == "active" and order["basedOn"] == [{"reference": f"CarePlan/{ids['assessment_id']}"}]
    assert order["requester"]["reference"] == f"Practitioner/{clinic.user_ids['clin']}"
    letter = requests[f"referral-{referral}"]
    assert letter["requester"] == {"display": "Dr Ames"} and letter["authoredOn"] == "2026-11-02"
    assert letter["priority"] in {"routine", "asap", "urgent", "stat"} and letter["status"] == "active"
    assert letter["supportingInfo"] == [{"reference": f"DocumentReference/referral-{referral}"}]
    # provenance: who authored, then who signed the proposal off (and it becomes the active plan)
    assert clinic.call("clinician", "POST", f"/api/assessments/{ids['proposal_id']}/sign-off").status_code == 200
    provenance = {p["id"]: p for p in entries(search(clinic, "clinician", "Provenance", patient=patient))}
    authored = provenance[f"{ids['assessment_id']}-authored"]
    assert authored["agent"][0]["who"]["reference"] == f"Practitioner/{clinic.user_ids['clin']}"
    assert "knowledge base" in authored["agent"][1]["who"]["display"]
    assert {"reference": f"CarePlan/{ids['assessment_id']}"} in authored["target"]
    signed = provenance[f"{ids['proposal_id']}-signed-off"]
    assert signed["agent"][0]["type"]["coding"][0]["code"] == "verifier"
    assert signed["agent"][0]["who"]["reference"] == f"Practitioner/{clinic.user_ids['clin']}"
    plans = {p["id"]: p for p in entries(search(clinic, "clinician", "CarePlan", patient=patient))}
    assert plans[str(ids["proposal_id"])]["status"] == "active"
    assert plans[str(ids["assessment_id"])]["status"] == "revoked"
    read = fhir(clinic, "clinician", f"/fhir/CarePlan/{ids['proposal_id']}")
    assert read.status_code == 200 and read.json() == plans[str(ids["proposal_id"])]
    log = clinic.call("admin", "GET", "/api/audit", params={"limit": 30}).json()["items"]
    assert any(e["action"] == "read" and e["record_type"] == "assessments" and e["patient_id"] == clinic.patient_a
               for e in log)
    _outside_check(clinic, {"careplans": search(clinic, "clinician", "CarePlan", patient=patient),
                            "requests": search(clinic, "clinician", "ServiceRequest", patient=patient),
                            "provenance": search(clinic, "clinician", "Provenance", patient=patient)})


def test_questionnaires_reproduce_only_free_wording_and_responses_carry_each_answer(clinic: Any) -> None:
    ids = make_records(clinic, clinic.patient_a)
    answers = entries(search(clinic, "patient", "QuestionnaireResponse", patient=clinic.patient_a))
    phq9 = next(a for a in answers if a["questionnaire"].endswith(":phq9"))
    assert phq9["status"] == "completed" and phq9["subject"]["reference"] == f"Patient/{clinic.patient_a}"
    first = next(i for i in phq9["item"] if i["linkId"] == "q1")
    assert first["text"] == "Little interest or pleasure in doing things"
    assert first["answer"] == [{"valueCoding": {"system": "urn:painpath:answers:phq9:q1", "code": "1",
                                                "display": "several days"}}]
    scores = entries(search(clinic, "patient", "Observation", patient=clinic.patient_a, code="phq9"))
    assert scores[0]["derivedFrom"] == [{"reference": f"QuestionnaireResponse/{phq9['id']}"}]
    nrs = next(a for a in answers if a["id"] == str(ids["outcome_id"]))
    assert nrs["item"] == [{"linkId": "pain", "answer": [{"valueInteger": 6}]}]  # no licensed or invented text
    instruments = {q["id"]: q for q in entries(search(clinic, "patient", "Questionnaire"))}
    assert {"phq9", "gad7", "odi", "ndi", "start-back", "dn4", "nrs"} <= set(instruments)
    assert instruments["phq9"]["item"][0] == {"linkId": "stem", "type": "display", "text": (
        "Over the last 2 weeks, how often have you been bothered by any of the following problems?")}
    assert instruments["phq9"]["code"][0] == {"system": "http://loinc.org", "code": "44261-6",
                                              "display": instruments["phq9"]["code"][0]["display"]}
    for licensed in ("odi", "ndi", "dn4", "start-back"):  # copyrighted wording: labels as codes, never text
        assert all("text" not in item for item in instruments[licensed]["item"]), licensed
        assert "licensed" in instruments[licensed]["copyright"]
    assert all(item["type"] == "choice" and item["answerOption"] for item in instruments["odi"]["item"])
    one = search(clinic, "clinician", "Questionnaire", _id="gad7")
    assert [q["id"] for q in entries(one)] == ["gad7"]
    assert fhir(clinic, "clinician", "/fhir/Questionnaire/start-back").json()["name"] == "StartBack"
    assert fhir(clinic, "clinician", "/fhir/Questionnaire/nothing").status_code == 404
    assert fhir(clinic, "front_desk", "/fhir/Questionnaire").status_code == 403
    assert fhir(clinic, "patient", "/fhir/QuestionnaireResponse", patient=clinic.patient_b).status_code == 404
    _outside_check(clinic, {"questionnaires": search(clinic, "clinician", "Questionnaire"),
                            "responses": search(clinic, "clinician", "QuestionnaireResponse",
                                                patient=clinic.patient_a)})


def test_notes_letters_and_packets_are_documents_and_the_summary_pdf_a_link(clinic: Any) -> None:
    ids = make_records(clinic, clinic.patient_a)
    referral = make_intake_records(clinic, clinic.patient_a)["referral_id"]
    packet = {"version": 0, "content": {"story": "Back pain since spring, worse when sitting.",
                                        "goal_work": "full shifts"}}
    assert clinic.call("patient", "PUT", f"/api/patients/{clinic.patient_a}/history-packet",
                       json=packet).status_code == 200
    docs = {d["id"]: d for d in entries(search(clinic, "clinician", "DocumentReference", patient=clinic.patient_a))}

    def text(doc: dict[str, Any]) -> str:
        attachment = doc["content"][0]["attachment"]
        assert attachment["contentType"] == "text/plain"
        return base64.b64decode(attachment["data"]).decode("utf-8")

    note = docs[f"note-{ids['encounter_id']}"]
    assert text(note) == NOTE and note["context"]["encounter"] == [{"reference": f"Encounter/{ids['encounter_id']}"}]
    assert note["author"] == [{"reference": f"Practitioner/{clinic.user_ids['clin']}", "display": "clin"}]
    assert text(docs[f"assessment-{ids['assessment_id']}"]) == NOTE
    letter = docs[f"referral-{referral}"]
    assert text(letter) == NOTE and letter["author"] == [{"display": "Dr Ames"}]
    draft = next(d for d in docs.values() if d["id"].startswith("packet-"))
    assert draft["docStatus"] == "preliminary" and "story: Back pain since spring" in text(draft)
    summary = docs[f"summary-{clinic.patient_a}"]["content"][0]["attachment"]
    assert summary["contentType"] == "application/pdf"
    assert summary["url"].endswith(f"/clinic/patients/{clinic.patient_a}/summary.pdf")
    page = clinic.client.get(urlsplit(summary["url"]).path, follow_redirects=False)
    assert page.status_code in {302, 303, 401}  # a page that exists, behind the clinicians' sign-in
    mine = {d["id"] for d in entries(search(clinic, "patient", "DocumentReference", patient=clinic.patient_a))}
    assert mine == set(docs) - {f"summary-{clinic.patient_a}"}  # the PDF page is for clinicians
    assert fhir(clinic, "patient", f"/fhir/DocumentReference/referral-{referral}").status_code == 200
    assert fhir(clinic, "front_desk", "/fhir/DocumentReference", patient=clinic.patient_a).status_code == 403
    everything = checked(fhir(clinic, "clinician", f"/fhir/Patient/{clinic.patient_a}/$everything").json())
    kinds = {r["resourceType"] for r in entries(everything)}
    assert {"CarePlan", "ServiceRequest", "QuestionnaireResponse", "DocumentReference", "Provenance"} <= kinds
    _outside_check(clinic, {"documents": search(clinic, "clinician", "DocumentReference", patient=clinic.patient_a),
                            "everything": everything})


def test_the_audit_trail_is_audit_events_for_administrators_only(clinic: Any) -> None:
    make_records(clinic, clinic.patient_a)
    assert fhir(clinic, "clinician", "/fhir/Goal", patient=clinic.patient_a).status_code == 200
    today = datetime.now(UTC).date().isoformat()
    bundle = search(clinic, "admin", "AuditEvent", patient=clinic.patient_a, date=f"ge{today}", _count=3)
    events = entries(bundle)
    assert len(events) == 3 and bundle["total"] > 3
    recorded = [e["recorded"] for e in events]
    assert recorded == sorted(recorded, reverse=True)  # newest first
    assert all(e["entity"][0]["what"] == {"reference": f"Patient/{clinic.patient_a}"} for e in events)
    reads = entries(search(clinic, "admin", "AuditEvent", patient=clinic.patient_a, _count=200))
    goal_read = next(e for e in reads if e["entity"][1]["name"] == "goals" and e["action"] == "R")
    assert goal_read["agent"][0]["who"]["display"] == "clin" and goal_read["outcome"] == "0"
    links = {link["relation"]: link["url"] for link in bundle["link"]}
    assert "_offset=3" in links["next"] and "previous" not in links
    assert search(clinic, "admin", "AuditEvent", date=f"lt{today}")["total"] == 0
    one = fhir(clinic, "admin", f"/fhir/AuditEvent/{goal_read['id']}")
    assert one.status_code == 200 and one.json() == goal_read
    for role in ("clinician", "front_desk", "patient"):
        assert fhir(clinic, role, "/fhir/AuditEvent").status_code == 403
    _outside_check(clinic, {"audit": bundle})


@pytest.mark.parametrize(("params", "count"), [
    ({"date": "ge2026-02-08"}, 2), ({"date": "lt2026-02-08"}, 0), ({"date": "2026-02"}, 2),
    ({"date": "eq2026-02-08T10:00"}, 1), ({"date": "gt2026-02-08T10:00"}, 1), ({"date": "le2026-02-07"}, 0),
    ({"date": "ne2026-02-08T10:00"}, 1), ({"date": ["ge2026-01-01", "lt2027-01-01"]}, 2),
    ({"date": "sa2026-02-07"}, 2), ({"date": "eb2026-02-09"}, 2), ({"status": "final"}, 2),
    ({"status": "cancelled,amended"}, 0),
])
def test_date_and_status_select_as_fhir_says(clinic: Any, params: dict[str, Any], count: int) -> None:
    make_records(clinic, clinic.patient_a)  # an NRS at 2026-02-08T10:00Z and a PHQ-9 at 10:05Z
    assert search(clinic, "clinician", "Observation", patient=clinic.patient_a, **params)["total"] == count


def test_sort_and_paging_are_stable_and_linked(clinic: Any) -> None:
    make_records(clinic, clinic.patient_a)
    patient = clinic.patient_a
    oldest = [r["code"]["text"] for r in entries(search(clinic, "clinician", "Observation", patient=patient,
                                                        _sort="date"))]
    newest = [r["code"]["text"] for r in entries(search(clinic, "clinician", "Observation", patient=patient,
                                                        _sort="-date"))]
    assert oldest == newest[::-1] and oldest[0] == "Pain rating (0-10)"
    first = search(clinic, "clinician", "Observation", patient=patient, _count=1, _sort="date")
    assert first["total"] == 2 and [r["code"]["text"] for r in entries(first)] == oldest[:1]
    links = {link["relation"]: link["url"] for link in first["link"]}
    assert set(links) == {"self", "next"}
    second = clinic.client.get(links["next"], headers=clinic.headers("clinician")).json()
    assert [r["code"]["text"] for r in entries(second)] == oldest[1:]
    links = {link["relation"]: link["url"] for link in second["link"]}
    assert set(links) == {"self", "previous"} and "_offset=0" in links["previous"]
    appointments = search(clinic, "front_desk", "Appointment", patient=patient, status="booked")
    assert appointments["total"] == 1
    assert search(clinic, "clinician", "Encounter", patient=patient, date="2026-01-05")["total"] == 1
    assert search(clinic, "clinician", "Procedure", patient=patient, date="ge2026-02-02")["total"] == 0


@pytest.mark.parametrize(("kind", "params", "named"), [
    ("Observation", {"status": "bogus"}, "status"), ("Observation", {"_sort": "name"}, "_sort"),
    ("Observation", {"date": "yesterday"}, "date"), ("Observation", {"date": "ap2026-01-01"}, "date"),
    ("Observation", {"date": "2026-02-30"}, "date"), ("Observation", {"colour": "red"}, "colour"),
    ("Goal", {"status": "active"}, "status"), ("CarePlan", {"_count": "0"}, "_count"),
    ("CarePlan", {"_count": "many"}, "_count"), ("Encounter", {"_format": "xml"}, "_format"),
    ("Practitioner", {"date": "2026"}, "date"),
])
def test_an_unsupported_parameter_or_value_is_a_400_naming_it(clinic: Any, kind: str, params: dict[str, str],
                                                             named: str) -> None:
    query = {"patient": clinic.patient_a} if kind != "Practitioner" else {}
    response = fhir(clinic, "clinician", f"/fhir/{kind}", **query, **params)
    assert response.status_code == 400, response.text
    issue = response.json()["issue"][0]
    assert response.json()["resourceType"] == "OperationOutcome" and issue["code"] == "invalid"
    assert issue["diagnostics"].startswith(f"{named}: ")


def test_the_capability_statement_lists_the_shared_search_parameters(clinic: Any) -> None:
    statement = checked(fhir(clinic, None, "/fhir/metadata").json())
    params = {r["type"]: {p["name"] for p in r["searchParam"]} for r in statement["rest"][0]["resource"]}
    assert params["CarePlan"] == {"patient", "date", "status", "_sort", "_count", "_offset"}
    assert params["Goal"] == {"patient", "date", "_sort", "_count", "_offset"}  # Goal has no status element
    assert params["Observation"] >= {"code", "date", "status"}
    assert params["AuditEvent"] == {"patient", "date", "_sort", "_count", "_offset"}
