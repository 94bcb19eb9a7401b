"""PainPath records as FHIR R4 resources (4.0.1): Patient, Condition, Flag, RiskAssessment, CapabilityStatement,
searchset Bundles and OperationOutcome. Every resource is checked against the R4 models of SMART's fhirclient
(types, cardinality, required elements) before it leaves: an invalid resource is a server error, never output.

What maps to what:
- Patient: demographics; the record number is an identifier (system urn:painpath:mrn).
- Condition: the latest assessment's differential; the leading condition's verificationStatus is `provisional`,
  the others `differential`; the note carries the probability, the evidence for and against and the next step.
- Flag: the latest assessment's red flags (status active, category clinical), with the evidence and the action.
- RiskAssessment: each assessment; the first prediction is the triage level, then the differential's
  probabilities; the method names the knowledge-base version that produced them.
PainPath's own ids (conditions, red flags, triage levels) are codings in urn:painpath:* systems: no ICD-10-CM or
SNOMED CT code is given where none has been verified.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from fhirclient.models.bundle import Bundle
from fhirclient.models.capabilitystatement import CapabilityStatement
from fhirclient.models.condition import Condition
from fhirclient.models.flag import Flag
from fhirclient.models.operationoutcome import OperationOutcome
from fhirclient.models.patient import Patient
from fhirclient.models.riskassessment import RiskAssessment

FHIR_JSON = "application/fhir+json"
MRN_SYSTEM = "urn:painpath:mrn"
CONDITION_SYSTEM = "urn:painpath:condition"
RED_FLAG_SYSTEM = "urn:painpath:red-flag"
TRIAGE_SYSTEM = "urn:painpath:triage"
CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
CONDITION_VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
FLAG_CATEGORY = "http://terminology.hl7.org/CodeSystem/flag-category"
MODELS: dict[str, Any] = {"Patient": Patient, "Condition": Condition, "Flag": Flag, "RiskAssessment": RiskAssessment,
                          "CapabilityStatement": CapabilityStatement, "Bundle": Bundle,
                          "OperationOutcome": OperationOutcome}


def checked(resource: dict[str, Any]) -> dict[str, Any]:
    """The resource as R4 JSON after the strict R4 model accepted it (raises FHIRValidationError otherwise)."""
    model = MODELS[resource["resourceType"]](resource, strict=True)
    out: dict[str, Any] = model.as_json()
    return out


def instant(moment: datetime) -> str:
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC).isoformat(timespec="seconds")


def patient(row: Any) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Patient",
        "id": str(row.id),
        "meta": {"lastUpdated": instant(row.updated_at), "versionId": str(row.version)},
        "identifier": [{"system": MRN_SYSTEM, "value": row.mrn}],
        "name": [{"family": row.family_name, "given": [row.given_name]}],
        "gender": row.sex if row.sex in {"female", "male", "other", "unknown"} else "unknown",
        "birthDate": row.birth_date.isoformat() if isinstance(row.birth_date, date) else str(row.birth_date),
    }
    telecom = [{"system": "phone", "value": row.phone}] if row.phone else []
    telecom += [{"system": "email", "value": row.email}] if row.email else []
    if telecom:
        resource["telecom"] = telecom
    if row.address:
        resource["address"] = [{"text": row.address}]
    return checked(resource)


def _subject(patient_id: int) -> dict[str, str]:
    return {"reference": f"Patient/{patient_id}"}


def conditions(assessment: Any) -> list[dict[str, Any]]:
    out = []
    for rank, item in enumerate(assessment.output.get("differential") or [], start=1):
        parts = [f"Probability {item['probability']:.0%} (PainPath knowledge base {assessment.kb_version})."]
        if item.get("for"):
            parts.append("For: " + "; ".join(item["for"]) + ".")
        if item.get("against"):
            parts.append("Against: " + "; ".join(item["against"]) + ".")
        if item.get("next_steps"):
            parts.append("Next step to confirm: " + item["next_steps"][0])
        out.append(checked({
            "resourceType": "Condition",
            "id": f"{assessment.id}-{rank}",
            "clinicalStatus": {"coding": [{"system": CONDITION_CLINICAL, "code": "active"}]},
            "verificationStatus": {"coding": [{"system": CONDITION_VERIFICATION,
                                               "code": "provisional" if rank == 1 else "differential"}]},
            "code": {"coding": [{"system": CONDITION_SYSTEM, "code": item["condition"], "display": item["label"]}],
                     "text": item["label"]},
            "subject": _subject(assessment.patient_id),
            "recordedDate": instant(assessment.created_at),
            "note": [{"text": " ".join(parts)}],
        }))
    return out


def flags(assessment: Any) -> list[dict[str, Any]]:
    out = []
    for index, flag in enumerate(assessment.output.get("red_flags") or [], start=1):
        evidence = "; ".join(flag.get("evidence") or [])
        out.append(checked({
            "resourceType": "Flag",
            "id": f"{assessment.id}-{index}",
            "status": "active",
            "category": [{"coding": [{"system": FLAG_CATEGORY, "code": "clinical", "display": "Clinical"}]}],
            "code": {"coding": [{"system": RED_FLAG_SYSTEM, "code": flag["id"], "display": flag["label"]}],
                     "text": f"Red flag: {flag['label']} (minimum triage {flag.get('min_triage', 'urgent')}). "
                             f"Evidence: {evidence or 'see the assessment'}. Action: {flag.get('action', '')}"},
            "subject": _subject(assessment.patient_id),
            "period": {"start": instant(assessment.created_at)},
        }))
    return out


def risk_assessment(assessment: Any) -> dict[str, Any]:
    triage = assessment.output.get("triage") or {}
    level = triage.get("level", assessment.triage_level)
    predictions: list[dict[str, Any]] = [{
        "outcome": {"text": "triage level"},
        "qualitativeRisk": {"coding": [{"system": TRIAGE_SYSTEM, "code": level}], "text": level},
        "rationale": "; ".join(triage.get("reasons") or []) or "no red flag",
    }]
    for item in assessment.output.get("differential") or []:
        predictions.append({
            "outcome": {"coding": [{"system": CONDITION_SYSTEM, "code": item["condition"], "display": item["label"]}],
                        "text": item["label"]},
            "probabilityDecimal": round(float(item["probability"]), 4),
        })
    return checked({
        "resourceType": "RiskAssessment",
        "id": str(assessment.id),
        "status": "final",
        "subject": _subject(assessment.patient_id),
        "occurrenceDateTime": instant(assessment.created_at),
        "method": {"text": f"PainPath knowledge base {assessment.kb_version}: red-flag rules, triage rules and a "
                           f"Bayesian differential with cited likelihood ratios"},
        "prediction": predictions,
    })


def searchset(base: str, self_url: str, resources: list[dict[str, Any]], total: int) -> dict[str, Any]:
    return checked({
        "resourceType": "Bundle",
        "type": "searchset",
        "total": total,
        "link": [{"relation": "self", "url": self_url}],
        "entry": [{"fullUrl": f"{base}/{r['resourceType']}/{r['id']}", "resource": r, "search": {"mode": "match"}}
                  for r in resources],
    })


def outcome(severity: str, code: str, text: str) -> dict[str, Any]:
    return checked({"resourceType": "OperationOutcome",
                    "issue": [{"severity": severity, "code": code, "diagnostics": text}]})


SEARCH_PARAMS: dict[str, list[tuple[str, str, str]]] = {
    "Patient": [("_id", "token", "the patient's id"), ("name", "string", "start of the family or given name"),
                ("birthdate", "date", "date of birth, YYYY-MM-DD"), ("identifier", "token", "record number"),
                ("_count", "number", "page size, 1 to 200")],
    "Condition": [("patient", "reference", "the patient (required)")],
    "Flag": [("patient", "reference", "the patient (required)")],
    "RiskAssessment": [("patient", "reference", "the patient (required)"), ("_count", "number", "page size")],
}


def capability_statement(version: str, base: str) -> dict[str, Any]:
    """Exactly what this server supports: read of Patient, search of the four types, JSON only."""
    resources = []
    for kind, params in SEARCH_PARAMS.items():
        interactions = [{"code": "search-type"}] + ([{"code": "read"}] if kind == "Patient" else [])
        resources.append({"type": kind, "interaction": interactions,
                          "searchParam": [{"name": n, "type": t, "documentation": d} for n, t, d in params]})
    return checked({
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": datetime.now(UTC).date().isoformat(),
        "publisher": "PainPath",
        "kind": "instance",
        "software": {"name": "PainPath", "version": version},
        "implementation": {"description": "PainPath clinic service", "url": base},
        "fhirVersion": "4.0.1",
        "format": [FHIR_JSON, "json"],
        "rest": [{
            "mode": "server",
            "documentation": "The same bearer tokens as /api (POST /api/auth/token) and the same permissions: a "
                             "patient reads only their own record, the front desk Patient only. Every read is "
                             "audited.",
            "security": {"description": "Bearer token from POST /api/auth/token"},
            "resource": resources,
        }],
    })
