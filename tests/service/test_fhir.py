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
    assert supported == {("Patient", "read"), ("Patient", "search-type"), ("Condition", "search-type"),
                         ("Flag", "search-type"), ("RiskAssessment", "search-type")}
    spec = clinic.client.get("/openapi.json").json()["paths"]
    served = {p for p in spec if p.startswith("/fhir/")}
    assert served == {"/fhir/metadata", "/fhir/Patient", "/fhir/Patient/{patient_id}", "/fhir/Condition",
                      "/fhir/Flag", "/fhir/RiskAssessment"}


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
