"""FHIR R4 at /fhir: what the CapabilityStatement promises is what answers, with /api's tokens, permissions and
audit; every resource passes the strict R4 models, and the shared outside validator when it is present."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest

from painpath.adapters.fhir_r4 import checked

CES = ("52-year-old man with low back pain for 2 weeks. Since this morning saddle numbness and he has not passed "
       "urine since last night.")
# The outside validator (../shared/tools/fhir-check, Medplum's R4 validator) once installed in a copy:
#   dir=$(mktemp -d) && cp -r ../shared/tools/fhir-check/. "$dir" && (cd "$dir" && npm ci) ; PAINPATH_FHIR_CHECK=$dir
SHARED_CHECK = Path(os.environ.get("PAINPATH_FHIR_CHECK", "/nonexistent"))


def fhir(clinic: Any, role: str | None, path: str, **params: Any) -> Any:
    return clinic.client.get(path, params=params, headers=clinic.headers(role))


def test_the_capability_statement_lists_exactly_what_answers(clinic: Any) -> None:
    response = fhir(clinic, None, "/fhir/metadata")
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/fhir+json")
    statement = checked(response.json())
    assert statement["fhirVersion"] == "4.0.1"
    _outside_check(clinic, {"metadata": statement})
    supported = {(r["type"], i["code"]) for r in statement["rest"][0]["resource"] for i in r["interaction"]}
    searched = {"Patient", "Practitioner", "Condition", "Flag", "RiskAssessment", "Encounter",
                "MedicationStatement", "AllergyIntolerance", "Procedure", "Goal", "Observation", "Appointment",
                "CarePlan", "ServiceRequest", "Questionnaire", "QuestionnaireResponse", "DocumentReference",
                "AuditEvent", "Provenance"}
    assert supported == {(kind, code) for kind in searched for code in ("search-type", "read")}
    patient = next(r for r in statement["rest"][0]["resource"] if r["type"] == "Patient")
    assert [o["name"] for o in patient["operation"]] == ["everything", "export"]
    assert [o["name"] for o in statement["rest"][0]["operation"]] == ["export"]
    spec = clinic.client.get("/openapi.json").json()["paths"]
    served = {p for p in spec if p.startswith("/fhir/")}
    bulk = {"/fhir/$export", "/fhir/Patient/$export", "/fhir/bulk-status/{export_id}",
            "/fhir/bulk-files/{export_id}/{file_id}.ndjson"}
    reads = {f"/fhir/{kind}/{{resource_id}}" for kind in searched - {"Patient", "Practitioner", "AuditEvent"}}
    assert served == {"/fhir/metadata", "/fhir/Patient/{patient_id}", "/fhir/Practitioner/{practitioner_id}",
                      "/fhir/Patient/{patient_id}/$everything", "/fhir/AuditEvent/{resource_id}"} | reads | {
                          f"/fhir/{kind}" for kind in searched} | bulk


def test_patient_read_and_search_with_the_same_permissions_as_the_api(clinic: Any) -> None:
    mine = fhir(clinic, "clinician", f"/fhir/Patient/{clinic.patient_a}")
    assert mine.status_code == 200
    body = checked(mine.json())
    assert body["name"] == [{"family": "Alvarez", "given": ["Ana"]}] and body["birthDate"] == "1980-05-17"
    assert body["identifier"] == [{"system": "urn:painpath:mrn", "value": "A-0001"}]
    assert fhir(clinic, "front_desk", f"/fhir/Patient/{clinic.patient_a}").status_code == 200
    assert fhir(clinic, "patient", f"/fhir/Patient/{clinic.patient_a}").status_code == 200  # their own
    other = fhir(clinic, "patient", f"/fhir/Patient/{clinic.patient_b}")
    assert other.status_code == 404 and other.json()["resourceType"] == "OperationOutcome"
    assert "Brightwater" not in other.text
    anonymous = fhir(clinic, None, f"/fhir/Patient/{clinic.patient_a}")
    assert anonymous.status_code == 401 and anonymous.json()["issue"][0]["code"] == "login"
    bundle = checked(fhir(clinic, "clinician", "/fhir/Patient", name="alv").json())
    assert bundle["type"] == "searchset" and bundle["total"] == 1
    assert bundle["entry"][0]["fullUrl"].endswith(f"/fhir/Patient/{clinic.patient_a}")
    by_mrn = fhir(clinic, "front_desk", "/fhir/Patient", identifier="urn:painpath:mrn|B-0002").json()
    assert [e["resource"]["name"][0]["family"] for e in by_mrn["entry"]] == ["Brightwater"]
    wrong_system = fhir(clinic, "clinician", "/fhir/Patient", identifier="http://other|B-0002")
    assert wrong_system.status_code == 422 and wrong_system.json()["resourceType"] == "OperationOutcome"
    assert fhir(clinic, "patient", "/fhir/Patient", name="a").status_code == 403  # no search for patients


def test_red_flags_triage_and_differential_reach_the_ehr(clinic: Any) -> None:
    assert clinic.call("clinician", "POST", "/api/assessments",
                       json={"text": CES, "patient_id": clinic.patient_a}).status_code == 201
    flags = checked(fhir(clinic, "clinician", "/fhir/Flag", patient=f"Patient/{clinic.patient_a}").json())
    codes = [e["resource"]["code"]["coding"][0]["code"] for e in flags["entry"]]
    assert "cauda_equina_syndrome" in codes
    ces = next(e["resource"] for e in flags["entry"]
               if e["resource"]["code"]["coding"][0]["code"] == "cauda_equina_syndrome")
    assert ces["status"] == "active" and "saddle numbness" in ces["code"]["text"]
    assert "emergency" in ces["code"]["text"]
    risk = checked(fhir(clinic, "clinician", "/fhir/RiskAssessment", patient=str(clinic.patient_a)).json())
    first = risk["entry"][0]["resource"]
    assert first["prediction"][0]["qualitativeRisk"]["text"] == "emergency"
    assert "knowledge base" in first["method"]["text"]
    probabilities = [p["probabilityDecimal"] for p in first["prediction"][1:]]
    assert probabilities == sorted(probabilities, reverse=True) and 0 < sum(probabilities) <= 1.0001
    conditions = checked(fhir(clinic, "clinician", "/fhir/Condition", patient=str(clinic.patient_a)).json())
    statuses = [e["resource"]["verificationStatus"]["coding"][0]["code"] for e in conditions["entry"]]
    assert statuses[0] == "provisional" and set(statuses[1:]) <= {"differential"}
    assert "For: " in conditions["entry"][0]["resource"]["note"][0]["text"]
    # the front desk sees no clinical resource; a patient sees only their own
    assert fhir(clinic, "front_desk", "/fhir/Flag", patient=str(clinic.patient_a)).status_code == 403
    assert fhir(clinic, "patient", "/fhir/Flag", patient=str(clinic.patient_a)).status_code == 200
    assert fhir(clinic, "patient", "/fhir/Flag", patient=str(clinic.patient_b)).status_code == 404
    log = clinic.call("admin", "GET", "/api/audit", params={"limit": 50}).json()["items"]
    assert any(e["action"] == "read" and e["record_type"] == "assessments" and e["patient_id"] == clinic.patient_a
               for e in log)
    patients = fhir(clinic, "clinician", "/fhir/Patient", name="a").json()
    _outside_check(clinic, {"flags": flags, "risk": risk, "conditions": conditions, "patients": patients})


def _outside_check(clinic: Any, resources: dict[str, Any]) -> None:
    """Medplum's R4 validator from the shared tools, when a prepared copy is named (else the strict models only)."""
    if not (shutil.which("node") and (SHARED_CHECK / "node_modules").is_dir()):
        return
    with tempfile.TemporaryDirectory() as out:
        files = []
        for name, resource in resources.items():
            target = Path(out) / f"fhir-{name}.json"
            target.write_text(json.dumps(resource))
            files.append(str(target))
        result = subprocess.run(["node", str(SHARED_CHECK / "check.mjs"), *files], capture_output=True, text=True,
                                timeout=120)
    assert result.returncode == 0 and ", 0 with errors" in result.stdout, result.stdout[-2000:]


@pytest.mark.parametrize("bad", ["abc", "Patient/", "Practitioner/1"])
def test_a_malformed_patient_reference_is_an_operation_outcome(clinic: Any, bad: str) -> None:
    response = fhir(clinic, "clinician", "/fhir/Flag", patient=bad)
    assert response.status_code == 422 and response.json()["issue"][0]["code"] == "invalid"
    assert "patient" in response.json()["issue"][0]["diagnostics"]


def test_the_whole_record_reaches_the_ehr_as_valid_resources(clinic: Any) -> None:
    from tests.service.records import make_records

    ids = make_records(clinic, clinic.patient_a)
    post = lambda path, body: clinic.call("clinician", "POST", path, json=body)  # noqa: E731
    assert post(f"/api/patients/{clinic.patient_a}/medications", {
        "name": "oxycodone", "dose": 10, "unit": "mg", "per_day": 4, "status": "current"}).status_code == 201
    assert post(f"/api/patients/{clinic.patient_a}/medications", {
        "name": "ibuprofen", "dose": 400, "unit": "mg", "per_day": 3, "status": "not_tolerated",
        "effect": "upset stomach"}).status_code == 201
    assert post(f"/api/patients/{clinic.patient_a}/allergies", {
        "substance": "codeine", "reaction": "hives", "severity": "moderate"}).status_code == 201
    patient = f"Patient/{clinic.patient_a}"
    bundles = {kind: checked(fhir(clinic, "clinician", f"/fhir/{kind}", patient=patient).json())
               for kind in ("Encounter", "MedicationStatement", "AllergyIntolerance", "Procedure", "Goal",
                            "Observation", "Appointment")}
    meds = {e["resource"]["medicationCodeableConcept"]["text"]: e["resource"]
            for e in bundles["MedicationStatement"]["entry"]}
    assert meds["oxycodone"]["status"] == "active"
    assert meds["oxycodone"]["note"][0]["text"].startswith("60 morphine milligram equivalents")
    assert meds["oxycodone"]["dosage"][0]["timing"]["repeat"] == {"frequency": 4, "period": 1, "periodUnit": "d"}
    assert meds["ibuprofen"]["status"] == "stopped" and "upset stomach" in meds["ibuprofen"]["statusReason"][0]["text"]
    allergy = bundles["AllergyIntolerance"]["entry"][0]["resource"]
    assert allergy["code"]["text"] == "codeine" and allergy["reaction"][0]["severity"] == "moderate"
    block = bundles["Procedure"]["entry"][0]["resource"]
    assert block["id"] == str(ids["procedure_id"]) and block["outcome"]["text"].startswith("80% relief")
    assert block["code"]["coding"][0]["code"] == "medial_branch_block"
    goal = bundles["Goal"]["entry"][0]["resource"]
    assert goal["target"][0]["detailQuantity"]["value"] == 12 and goal["category"][0]["text"] == "work goal"
    codes = {c["code"] for e in bundles["Observation"]["entry"] for c in e["resource"]["code"]["coding"]}
    assert {"72514-3", "44261-6", "nrs", "phq9"} <= codes  # LOINC where confirmed, PainPath's id beside it
    phq9 = checked(fhir(clinic, "clinician", "/fhir/Observation", patient=patient,
                        code="http://loinc.org|44261-6").json())
    assert phq9["total"] == 1 and phq9["entry"][0]["resource"]["valueQuantity"]["value"] == 9
    appointment = bundles["Appointment"]["entry"][0]["resource"]
    assert appointment["status"] == "booked" and appointment["participant"][0]["actor"]["reference"] == patient
    everything = checked(fhir(clinic, "clinician", f"/fhir/Patient/{clinic.patient_a}/$everything").json())
    kinds = [e["resource"]["resourceType"] for e in everything["entry"]]
    assert kinds[0] == "Patient" and set(bundles) | {"Condition", "RiskAssessment"} <= set(kinds)
    assert "Brightwater" not in json.dumps(everything)  # only this patient's compartment
    # code on Condition, MedicationStatement and Procedure: a FHIR token on the coded element
    oxy = checked(fhir(clinic, "clinician", "/fhir/MedicationStatement", patient=patient,
                       code="urn:painpath:medication|oxycodone").json())
    assert [c["code"] for e in oxy["entry"] for c in e["resource"]["medicationCodeableConcept"]["coding"]
            if c["system"] == "urn:painpath:medication"] == ["oxycodone"]
    assert fhir(clinic, "clinician", "/fhir/MedicationStatement", patient=patient,
                code="oxycodone,ibuprofen").json()["total"] == 2  # any system, either code
    assert fhir(clinic, "clinician", "/fhir/MedicationStatement", patient=patient,
                code="http://www.nlm.nih.gov/research/umls/rxnorm|oxycodone").json()["total"] == 0
    blocks = fhir(clinic, "clinician", "/fhir/Procedure", patient=patient, code="urn:painpath:plan-option|").json()
    assert blocks["total"] == len(bundles["Procedure"]["entry"]) >= 1  # system| : any code of that system
    assert fhir(clinic, "clinician", "/fhir/Procedure", patient=patient,
                code="|medial_branch_block").json()["total"] == 0  # |code: only codings without a system
    condition = next(e["resource"] for e in everything["entry"] if e["resource"]["resourceType"] == "Condition")
    coding = condition["code"]["coding"][0]
    same = checked(fhir(clinic, "clinician", "/fhir/Condition", patient=patient,
                        code=f"{coding['system']}|{coding['code']}").json())
    assert [e["resource"]["id"] for e in same["entry"]] == [condition["id"]]
    assert fhir(clinic, "clinician", "/fhir/Condition", patient=patient,
                code=f"{coding['system']}|no-such-code").json()["total"] == 0
    refused = fhir(clinic, "clinician", "/fhir/Condition", patient=patient, code="|")
    assert refused.status_code == 400 and refused.json()["issue"][0]["diagnostics"].startswith("code:")
    # permissions as /api: the desk reads appointments only, a patient only their own record
    assert fhir(clinic, "front_desk", "/fhir/Appointment", patient=patient).status_code == 200
    assert fhir(clinic, "front_desk", "/fhir/MedicationStatement", patient=patient).status_code == 403
    assert fhir(clinic, "front_desk", f"/fhir/Patient/{clinic.patient_a}/$everything").status_code == 403
    assert fhir(clinic, "patient", "/fhir/Goal", patient=patient).status_code == 200
    assert fhir(clinic, "patient", f"/fhir/Patient/{clinic.patient_b}/$everything").status_code == 404
    doctors = checked(fhir(clinic, "front_desk", "/fhir/Practitioner").json())
    assert [e["resource"]["name"][0]["text"] for e in doctors["entry"]] == ["clin"]
    doctor_id = doctors["entry"][0]["resource"]["id"]
    assert fhir(clinic, "patient", f"/fhir/Practitioner/{doctor_id}").status_code == 200
    assert fhir(clinic, "clinician", f"/fhir/Practitioner/{clinic.user_ids['desk']}").status_code == 404
    _outside_check(clinic, {"everything": everything, "doctors": doctors, "phq9": phq9, **bundles})
