"""Import of a transaction Bundle from another system: created once and found again by identifier (posting twice
changes nothing), updated when the bundle changes, all or nothing with every problem named by entry and element,
and the imported record then reads back through /fhir."""

from __future__ import annotations

import base64
import copy
from datetime import date, timedelta
from typing import Any

import pytest

from painpath.adapters.fhir_r4 import checked

HOSPITAL = "https://hospital.example.org/mrn"
PATIENT_URL = "urn:uuid:7f0d2a3e-1111-4c3b-9a55-000000000001"
TODAY = date.today()
LETTER = ("Dear colleague, I would be grateful if you could see Mr Okafor, 65, with low back pain for 5 months "
          "radiating down the left leg. Since yesterday he has saddle anaesthesia and new urinary retention. "
          "He takes tramadol 50 mg four times a day.")


def bundle() -> dict[str, Any]:
    subject = {"reference": PATIENT_URL}
    return {"resourceType": "Bundle", "type": "transaction", "entry": [
        {"fullUrl": PATIENT_URL, "request": {"method": "POST", "url": "Patient"}, "resource": {
            "resourceType": "Patient", "identifier": [{"system": HOSPITAL, "value": "H-5521"}],
            "name": [{"family": "Okafor", "given": ["Chidi"]}], "gender": "male", "birthDate": "1961-04-02",
            "telecom": [{"system": "phone", "value": "555-0199"}]}},
        {"request": {"method": "POST", "url": "MedicationStatement"}, "resource": {
            "resourceType": "MedicationStatement", "identifier": [{"system": f"{HOSPITAL}/med", "value": "m-1"}],
            "status": "active", "subject": subject,
            "medicationCodeableConcept": {"text": "Tramadol"},
            "dosage": [{"doseAndRate": [{"doseQuantity": {"value": 50, "unit": "mg"}}],
                        "timing": {"repeat": {"frequency": 1, "period": 6, "periodUnit": "h"}}}]}},
        {"request": {"method": "POST", "url": "AllergyIntolerance"}, "resource": {
            "resourceType": "AllergyIntolerance", "identifier": [{"system": f"{HOSPITAL}/alg", "value": "a-1"}],
            "patient": subject, "code": {"text": "penicillin"},
            "reaction": [{"manifestation": [{"text": "rash"}], "severity": "moderate"}]}},
        {"request": {"method": "POST", "url": "Observation"}, "resource": {
            "resourceType": "Observation", "identifier": [{"system": f"{HOSPITAL}/obs", "value": "o-1"}],
            "status": "final", "subject": subject,
            "code": {"coding": [{"system": "http://loinc.org", "code": "44261-6"}]},
            "valueQuantity": {"value": 11}, "effectiveDateTime": f"{TODAY - timedelta(days=3)}T10:00:00Z"}},
        {"request": {"method": "POST", "url": "Procedure"}, "resource": {
            "resourceType": "Procedure", "identifier": [{"system": f"{HOSPITAL}/proc", "value": "p-1"}],
            "status": "completed", "subject": subject, "code": {"text": "Lumbar medial branch block L4-L5"},
            "performedDateTime": (TODAY - timedelta(days=20)).isoformat(),
            "outcome": {"text": "85% relief for 6 hours"}}},
        {"request": {"method": "POST", "url": "Condition"}, "resource": {
            "resourceType": "Condition", "identifier": [{"system": f"{HOSPITAL}/problem", "value": "c-1"}],
            "subject": {"reference": f"Patient?identifier={HOSPITAL}|H-5521"},
            "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical",
                                           "code": "active"}]},
            "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-category",
                                      "code": "problem-list-item"}]}],
            "code": {"coding": [{"system": "http://snomed.info/sct", "code": "38341003",
                                 "display": "Hypertensive disorder"}], "text": "Hypertension"},
            "onsetDateTime": "2019"}},
        {"request": {"method": "POST", "url": "DocumentReference"}, "resource": {
            "resourceType": "DocumentReference", "status": "current",
            "masterIdentifier": {"system": f"{HOSPITAL}/doc", "value": "d-1"},
            "type": {"coding": [{"system": "http://loinc.org", "code": "57133-1"}], "text": "Referral note"},
            "subject": subject, "date": f"{TODAY - timedelta(days=1)}T08:15:00Z",
            "author": [{"display": "Dr Ama Mensah"}],
            "content": [{"attachment": {"contentType": "text/plain; charset=utf-8",
                                        "data": base64.b64encode(LETTER.encode()).decode()}}]}},
    ]}


def post(clinic: Any, body: Any, role: str = "clinician") -> Any:
    return clinic.client.post("/fhir", json=body, headers=clinic.headers(role))


def test_a_bundle_is_imported_once_and_reads_back(clinic: Any) -> None:
    first = post(clinic, bundle())
    assert first.status_code == 200, first.text
    answer = checked(first.json())
    assert answer["type"] == "transaction-response"
    assert [e["response"]["status"] for e in answer["entry"]] == ["201 Created"] * 7
    patient_id = int(answer["entry"][0]["response"]["location"].split("/")[1])
    again = checked(post(clinic, bundle()).json())
    assert [e["response"]["status"] for e in again["entry"]] == ["200 OK"] * 7
    assert [e["response"]["outcome"]["issue"][0]["diagnostics"] for e in again["entry"]] == ["unchanged"] * 7
    assert [e["response"].get("location") for e in again["entry"]] == [e["response"].get("location")
                                                                        for e in answer["entry"]]
    letter = answer["entry"][6]["response"]["location"]
    assert letter.startswith("DocumentReference/note-") and "location" not in answer["entry"][5]["response"]
    read = checked(clinic.client.get(f"/fhir/{letter}", headers=clinic.headers("clinician")).json())
    assert base64.b64decode(read["content"][0]["attachment"]["data"]).decode() == LETTER
    found = clinic.call("clinician", "GET", "/api/patients", params={"name": "okafor"}).json()
    assert found["total"] == 1 and found["items"][0]["mrn"] == "EXT-H-5521"
    meds = checked(clinic.client.get("/fhir/MedicationStatement", params={"patient": patient_id},
                                     headers=clinic.headers("clinician")).json())
    tramadol = meds["entry"][0]["resource"]
    assert tramadol["status"] == "active" and "40 morphine" in tramadol["note"][0]["text"]  # 200 mg x 0.2
    scores = checked(clinic.client.get("/fhir/Observation", params={"patient": patient_id},
                                       headers=clinic.headers("clinician")).json())
    assert scores["entry"][0]["resource"]["valueQuantity"]["value"] == 11
    blocks = clinic.call("clinician", "GET", f"/api/patients/{patient_id}/procedures").json()["items"]
    assert [(b["option_id"], b["relief_percent"], b["duration_hours"]) for b in blocks] == [
        ("medial_branch_block", 85, 6.0)]
    # the bundle changes: the same records are updated, nothing is copied
    changed = bundle()
    changed["entry"][1]["resource"]["status"] = "stopped"
    updated = checked(post(clinic, changed).json())
    assert [e["response"]["outcome"]["issue"][0]["diagnostics"] for e in updated["entry"]] == [
        "unchanged", "updated", "unchanged", "unchanged", "unchanged", "unchanged", "unchanged"]
    meds = clinic.call("clinician", "GET", f"/api/patients/{patient_id}/medications").json()["items"]
    assert [(m["name"], m["status"]) for m in meds] == [("tramadol", "stopped")]
    log = clinic.call("admin", "GET", "/api/audit", params={"limit": 100}).json()["items"]
    assert sum(1 for e in log if e["action"] == "import") == 8
    # the problem list and the letter, once each, however often the bundle came
    problems = clinic.call("clinician", "GET", f"/api/patients/{patient_id}/problems").json()["items"]
    assert [(p["text"], p["code_system"], p["code"], p["clinical_status"], p["onset_on"]) for p in problems] == [
        ("Hypertension", "http://snomed.info/sct", "38341003", "active", "2019-01-01")]
    visits = clinic.call("clinician", "GET", f"/api/patients/{patient_id}/encounters").json()["items"]
    assert [(v["kind"], v["reason"], v["note"]) for v in visits] == [
        ("outside_record", "Referral note from Dr Ama Mensah", LETTER)]


def bad(path: list[Any], value: Any) -> dict[str, Any]:
    body = copy.deepcopy(bundle())
    target: Any = body
    for key in path[:-1]:
        target = target[key]
    if value is None:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return body


@pytest.mark.parametrize(("body", "where", "word"), [
    (bad(["entry", 0, "resource", "birthDate"], "1961-13-40"), "Bundle.entry[0].resource.birthDate", "YYYY-MM-DD"),
    (bad(["entry", 2, "resource", "identifier"], None), "Bundle.entry[2].resource.identifier", "identifier"),
    (bad(["entry", 3, "resource", "code"], {"text": "cholesterol"}), "Bundle.entry[3].resource.code", "LOINC"),
    (bad(["entry", 4, "resource", "subject"], {"reference": "urn:uuid:nobody"}),
     "Bundle.entry[4].resource.subject", "fullUrl"),
    (bad(["type"], "batch"), "Bundle.type", "transaction"),
    (bad(["entry", 1, "resource", "resourceType"], "Immunization"), "Bundle.entry[1].resource.resourceType",
     "not imported"),
    (bad(["entry", 5, "resource", "code"], {"coding": []}), "Bundle.entry[5].resource.code", "name the problem"),
    (bad(["entry", 5, "resource", "clinicalStatus"], {"coding": [{"code": "cured"}]}),
     "Bundle.entry[5].resource.clinicalStatus", "active"),
    (bad(["entry", 5, "resource", "verificationStatus"], {"coding": [{"code": "entered-in-error"}]}),
     "Bundle.entry[5].resource.verificationStatus", "not a problem"),
    (bad(["entry", 5, "resource", "identifier"], None), "Bundle.entry[5].resource.identifier", "identifier"),
    (bad(["entry", 6, "resource", "content", 0, "attachment", "contentType"], "application/pdf"),
     "Bundle.entry[6].resource.content[0].attachment.contentType", "text/plain"),
    (bad(["entry", 6, "resource", "content", 0, "attachment", "data"], "not base64!"),
     "Bundle.entry[6].resource.content[0].attachment.data", "base64"),
    (bad(["entry", 6, "resource", "status"], "superseded"), "Bundle.entry[6].resource.status", "current"),
    (bad(["entry", 6, "resource", "date"], "yesterday"), "Bundle.entry[6].resource.date", "time zone"),
])
def test_a_bad_bundle_names_the_entry_and_element_and_saves_nothing(clinic: Any, body: dict[str, Any], where: str,
                                                                    word: str) -> None:
    response = post(clinic, body)
    assert response.status_code == 422, response.text
    outcome = checked(response.json())
    assert outcome["resourceType"] == "OperationOutcome"
    issue = next(i for i in outcome["issue"] if i["expression"] == [where])
    assert word in issue["diagnostics"]
    assert clinic.call("clinician", "GET", "/api/patients", params={"name": "okafor"}).json()["total"] == 0


@pytest.mark.parametrize("entry", [4, 5, 6])
def test_a_failure_while_storing_rolls_back_the_whole_bundle(clinic: Any, entry: int) -> None:
    """The reference is only found missing while storing, after the entries before it were written: the last
    entry (the letter), the problem and a procedure each undo the patient and everything else."""
    body = bundle()
    body["entry"][entry]["resource"]["subject"] = {"reference": "Patient?identifier=https://elsewhere|X"}
    response = post(clinic, body)
    assert response.status_code == 422 and "elsewhere" in response.text
    assert checked(response.json())["issue"][0]["expression"] == [f"Bundle.entry[{entry}].resource.subject"]
    assert clinic.call("clinician", "GET", "/api/patients", params={"name": "okafor"}).json()["total"] == 0
    with clinic.engine.connect() as db:
        assert db.exec_driver_sql("SELECT count(*) FROM fhir_links").scalar() == 0
        assert db.exec_driver_sql("SELECT count(*) FROM problems").scalar() == 0
        assert db.exec_driver_sql("SELECT count(*) FROM encounters WHERE kind = 'outside_record'").scalar() == 0


def test_only_clinicians_import_and_a_patient_cannot_write_into_another_record(clinic: Any) -> None:
    assert post(clinic, bundle(), role="front_desk").status_code == 403
    assert post(clinic, bundle(), role="patient").status_code == 403
    body = bundle()
    del body["entry"][0]
    for entry in body["entry"]:
        key = "patient" if entry["resource"]["resourceType"] == "AllergyIntolerance" else "subject"
        entry["resource"][key] = {"reference": "Patient/999999"}
    assert post(clinic, body).status_code == 404


def test_a_body_that_is_not_json_and_an_unknown_type_are_operation_outcomes(clinic: Any) -> None:
    garbled = clinic.client.post("/fhir", content=b"\x10\xff", headers={**clinic.headers("clinician"),
                                                                         "Content-Type": "application/json"})
    assert garbled.status_code == 422 and garbled.headers["content-type"].startswith("application/fhir+json")
    assert checked(garbled.json())["issue"][0]["diagnostics"].startswith("body: could not be read")
    unknown = clinic.client.get("/fhir/Spaceship", headers=clinic.headers("clinician"))
    assert unknown.status_code == 404 and checked(unknown.json())["resourceType"] == "OperationOutcome"


def test_an_imported_problem_reads_back_as_a_problem_list_condition_beside_the_differential(clinic: Any) -> None:
    from tests.service.test_fhir import _outside_check, fhir

    answer = checked(post(clinic, bundle()).json())
    patient_id = int(answer["entry"][0]["response"]["location"].split("/")[1])
    found = checked(fhir(clinic, "clinician", "/fhir/Condition", patient=str(patient_id)).json())
    problems = [e["resource"] for e in found["entry"]
                if e["resource"].get("category", [{}])[0].get("coding", [{}])[0].get("code") == "problem-list-item"]
    assert len(problems) == 1
    problem = problems[0]
    assert problem["id"].startswith("problem-") and problem["code"]["text"] == "Hypertension"
    assert problem["code"]["coding"] == [{"system": "http://snomed.info/sct", "code": "38341003"}]
    assert problem["clinicalStatus"]["coding"][0]["code"] == "active" and problem["onsetDateTime"] == "2019-01-01"
    assert "verificationStatus" not in problem  # PainPath did not verify it: the referrer's, as sent
    # read by id, and found by its code (not by another's)
    read = fhir(clinic, "clinician", f"/fhir/Condition/{problem['id']}")
    assert read.status_code == 200 and read.json() == problem
    assert fhir(clinic, "clinician", "/fhir/Condition", patient=str(patient_id),
                code="http://snomed.info/sct|38341003").json()["total"] == 1
    assert fhir(clinic, "clinician", "/fhir/Condition", patient=str(patient_id),
                code="http://snomed.info/sct|73211009").json()["total"] == 0
    # another patient's problem is not found by id
    assert fhir(clinic, "patient", f"/fhir/Condition/{problem['id']}").status_code == 404
    assert fhir(clinic, "clinician", "/fhir/Condition/problem-999999").status_code == 404
    assert fhir(clinic, "clinician", "/fhir/Condition/problem-x").status_code == 404
    _outside_check(clinic, {"problems": found, "problem": problem})
