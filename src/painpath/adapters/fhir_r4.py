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

from fhirclient.models.allergyintolerance import AllergyIntolerance
from fhirclient.models.appointment import Appointment
from fhirclient.models.bundle import Bundle
from fhirclient.models.capabilitystatement import CapabilityStatement
from fhirclient.models.condition import Condition
from fhirclient.models.encounter import Encounter
from fhirclient.models.flag import Flag
from fhirclient.models.goal import Goal
from fhirclient.models.medicationstatement import MedicationStatement
from fhirclient.models.observation import Observation
from fhirclient.models.operationoutcome import OperationOutcome
from fhirclient.models.patient import Patient
from fhirclient.models.practitioner import Practitioner
from fhirclient.models.procedure import Procedure
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
                          "OperationOutcome": OperationOutcome, "Practitioner": Practitioner,
                          "Encounter": Encounter, "MedicationStatement": MedicationStatement,
                          "AllergyIntolerance": AllergyIntolerance, "Procedure": Procedure, "Goal": Goal,
                          "Observation": Observation, "Appointment": Appointment}


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


PATIENT_PARAM = ("patient", "reference", "the patient (required)")
COUNT_PARAM = ("_count", "number", "page size, 1 to 200")
SEARCH_PARAMS: dict[str, list[tuple[str, str, str]]] = {
    "Patient": [("_id", "token", "the patient's id"), ("name", "string", "start of the family or given name"),
                ("birthdate", "date", "date of birth, YYYY-MM-DD"), ("identifier", "token", "record number"),
                COUNT_PARAM],
    "Practitioner": [COUNT_PARAM],
    "Condition": [PATIENT_PARAM],
    "Flag": [PATIENT_PARAM],
    "RiskAssessment": [PATIENT_PARAM, COUNT_PARAM],
    "Encounter": [PATIENT_PARAM, COUNT_PARAM],
    "MedicationStatement": [PATIENT_PARAM, COUNT_PARAM],
    "AllergyIntolerance": [PATIENT_PARAM, COUNT_PARAM],
    "Procedure": [PATIENT_PARAM, COUNT_PARAM],
    "Goal": [PATIENT_PARAM, COUNT_PARAM],
    "Observation": [PATIENT_PARAM, ("code", "token", "an instrument: its LOINC code (http://loinc.org|44261-6) or "
                                    "PainPath id"), COUNT_PARAM],
    "Appointment": [PATIENT_PARAM, COUNT_PARAM],
}
READABLE = {"Patient", "Practitioner"}


def capability_statement(version: str, base: str) -> dict[str, Any]:
    """Exactly what this server supports: read of Patient and Practitioner, search of every type listed, Patient
    $everything, JSON only."""
    resources = []
    for kind, params in SEARCH_PARAMS.items():
        interactions = [{"code": "search-type"}] + ([{"code": "read"}] if kind in READABLE else [])
        entry: dict[str, Any] = {"type": kind, "interaction": interactions,
                                 "searchParam": [{"name": n, "type": t, "documentation": d} for n, t, d in params]}
        if kind == "Patient":
            entry["operation"] = [
                {"name": "everything", "definition": "http://hl7.org/fhir/OperationDefinition/Patient-everything"},
                {"name": "export", "definition": "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/patient-export"}]
        resources.append(entry)
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
            "operation": [{"name": "export",
                           "definition": "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export"}],
        }],
    })


# -- the record: encounters, medications, allergies, procedures, goals, questionnaire scores, appointments ------
OPTION_SYSTEM = "urn:painpath:plan-option"
MEDICATION_SYSTEM = "urn:painpath:medication"
INSTRUMENT_SYSTEM = "urn:painpath:instrument"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
ALLERGY_CLINICAL = "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical"
GOAL_ACHIEVEMENT = "http://terminology.hl7.org/CodeSystem/goal-achievement"
MEDICATION_STATUS = {"current": "active", "trial": "active", "stopped": "stopped", "failed": "stopped",
                     "not_tolerated": "stopped", "planned": "intended"}
APPOINTMENT_STATUS = {"booked": "booked", "arrived": "arrived", "done": "fulfilled", "cancelled": "cancelled",
                      "no_show": "noshow"}
GOAL_STATUS = {"active": ("active", None), "met": ("completed", "achieved"), "partly_met": ("completed", None),
               "not_met": ("completed", "not-achieved"), "dropped": ("cancelled", None)}
ALLERGY_SEVERITY = {"mild", "moderate", "severe"}


def _day(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, date) else None


def practitioner(user: Any) -> dict[str, Any]:
    """A clinician of the practice (a user account with the clinician role): name and whether active."""
    return checked({"resourceType": "Practitioner", "id": str(user.id), "active": bool(user.active),
                    "name": [{"text": user.display_name}]})


def encounter(row: Any, now: datetime) -> dict[str, Any]:
    occurred = row.occurred_at if row.occurred_at.tzinfo else row.occurred_at.replace(tzinfo=UTC)
    resource: dict[str, Any] = {
        "resourceType": "Encounter", "id": str(row.id),
        "status": "finished" if occurred <= now else "planned",
        "class": {"system": ACT_CODE, "code": "VR" if row.kind == "telehealth" else "AMB",
                  "display": "virtual" if row.kind == "telehealth" else "ambulatory"},
        "type": [{"coding": [{"system": "urn:painpath:visit-kind", "code": row.kind}],
                  "text": row.kind.replace("_", " ")}],
        "subject": _subject(row.patient_id),
        "period": {"start": instant(row.occurred_at)},
    }
    if row.reason:
        resource["reasonCode"] = [{"text": row.reason}]
    if row.clinician_id is not None:
        resource["participant"] = [{"individual": {"reference": f"Practitioner/{row.clinician_id}"}}]
    return checked(resource)


def medication_statement(row: Any, mme_per_day: float | None) -> dict[str, Any]:
    """A medication on the list; the CDC 2022 MME/day of a current opioid is stated in a note."""
    dosage: dict[str, Any] = {}
    words = [w for w in (f"{row.dose:g} {row.unit or ''}".strip() if row.dose is not None else "",
                         f"{row.per_day:g} times a day" if row.per_day is not None else "",
                         row.route or "") if w]
    if words:
        dosage["text"] = ", ".join(words)
    if row.dose is not None and row.unit:
        dosage["doseAndRate"] = [{"doseQuantity": {"value": float(row.dose), "unit": row.unit}}]
    if row.per_day is not None and float(row.per_day).is_integer() and row.per_day >= 1:
        dosage["timing"] = {"repeat": {"frequency": int(row.per_day), "period": 1, "periodUnit": "d"}}
    if row.route:
        dosage["route"] = {"text": row.route}
    resource: dict[str, Any] = {
        "resourceType": "MedicationStatement", "id": str(row.id),
        "status": MEDICATION_STATUS.get(row.status, "unknown"),
        "medicationCodeableConcept": {"coding": [{"system": MEDICATION_SYSTEM, "code": row.name.lower()}],
                                      "text": row.name},
        "subject": _subject(row.patient_id),
        "dateAsserted": instant(row.created_at),
    }
    period = {k: v for k, v in (("start", _day(row.started_on)), ("end", _day(row.stopped_on))) if v}
    if period:
        resource["effectivePeriod"] = period
    if row.status in {"failed", "not_tolerated"} or row.effect:
        reason = row.status.replace("_", " ") + (f": {row.effect}" if row.effect else "")
        resource["statusReason"] = [{"text": reason}]
    if dosage:
        resource["dosage"] = [dosage]
    if mme_per_day is not None:
        resource["note"] = [{"text": f"{mme_per_day:g} morphine milligram equivalents per day (CDC 2022 "
                                     "conversion factors)"}]
    return checked(resource)


def allergy_intolerance(row: Any) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "AllergyIntolerance", "id": str(row.id),
        "clinicalStatus": {"coding": [{"system": ALLERGY_CLINICAL, "code": "active"}]},
        "code": {"text": row.substance},
        "patient": _subject(row.patient_id),
        "recordedDate": instant(row.created_at),
    }
    if row.severity in ALLERGY_SEVERITY:
        resource["criticality"] = "high" if row.severity == "severe" else "low"
    if row.reaction:
        reaction: dict[str, Any] = {"manifestation": [{"text": row.reaction}]}
        if row.severity in ALLERGY_SEVERITY:
            reaction["severity"] = row.severity
        resource["reaction"] = [reaction]
    return checked(resource)


def procedure(row: Any, label: str) -> dict[str, Any]:
    """A procedure done, with the response recorded (relief and its duration) as its outcome."""
    resource: dict[str, Any] = {
        "resourceType": "Procedure", "id": str(row.id), "status": "completed",
        "code": {"coding": [{"system": OPTION_SYSTEM, "code": row.option_id, "display": label}],
                 "text": f"{label} #{row.sequence}"},
        "subject": _subject(row.patient_id),
        "performedDateTime": row.performed_on.isoformat(),
    }
    if row.relief_percent is not None:
        hours = f" for {row.duration_hours:g} hours" if row.duration_hours is not None else ""
        resource["outcome"] = {"text": f"{row.relief_percent}% relief of the index pain{hours}"}
    if row.functional_gain:
        resource["note"] = [{"text": f"Function: {row.functional_gain}"}]
    return checked(resource)


def goal(row: Any) -> dict[str, Any]:
    lifecycle, achieved = GOAL_STATUS.get(row.status, ("active", None))
    resource: dict[str, Any] = {
        "resourceType": "Goal", "id": str(row.id), "lifecycleStatus": lifecycle,
        "category": [{"text": f"{row.kind} goal"}],
        "description": {"text": row.description},
        "subject": _subject(row.patient_id),
    }
    if achieved:
        resource["achievementStatus"] = {"coding": [{"system": GOAL_ACHIEVEMENT, "code": achieved}]}
    elif row.status == "partly_met":
        resource["achievementStatus"] = {"text": "partly met"}
    target: dict[str, Any] = {}
    if row.measure:
        target["measure"] = {"text": row.measure}
    if row.target_value is not None:
        target["detailQuantity"] = {"value": float(row.target_value)}
    elif row.target:
        target["detailString"] = row.target
    if row.due_on is not None:
        target["dueDate"] = row.due_on.isoformat()
    if target:
        resource["target"] = [target]
    if row.set_on is not None:
        resource["startDate"] = row.set_on.isoformat()
    if row.baseline:
        resource["note"] = [{"text": f"Baseline: {row.baseline}"}]
    return checked(resource)


def score_observation(row: Any, label: str, loinc: str | None) -> dict[str, Any]:
    """A scored questionnaire: the LOINC total-score code where one is confirmed, else PainPath's own code."""
    coding = [{"system": LOINC, "code": loinc, "display": label}] if loinc else []
    coding.append({"system": INSTRUMENT_SYSTEM, "code": row.instrument, "display": label})
    resource: dict[str, Any] = {
        "resourceType": "Observation", "id": str(row.id), "status": "final",
        "category": [{"coding": [{"system": OBSERVATION_CATEGORY, "code": "survey", "display": "Survey"}]}],
        "code": {"coding": coding, "text": label},
        "subject": _subject(row.patient_id),
        "effectiveDateTime": instant(row.taken_at),
    }
    if row.score is not None:
        resource["valueQuantity"] = {"value": float(row.score), "system": UCUM, "code": "{score}"}
    else:
        resource["dataAbsentReason"] = {"text": "not scored (too many items missing)"}
    if row.band:
        resource["interpretation"] = [{"text": row.band}]
    if row.body_site:
        resource["bodySite"] = {"text": row.body_site}
    return checked(resource)


def appointment(row: Any) -> dict[str, Any]:
    participants: list[dict[str, Any]] = [{"actor": _subject(row.patient_id), "status": "accepted"}]
    if row.clinician_id is not None:
        participants.append({"actor": {"reference": f"Practitioner/{row.clinician_id}"}, "status": "accepted"})
    resource: dict[str, Any] = {
        "resourceType": "Appointment", "id": str(row.id),
        "status": APPOINTMENT_STATUS.get(row.status, "booked"),
        "appointmentType": {"text": row.kind.replace("_", " ")},
        "start": instant(row.starts_at), "end": instant(row.ends_at), "minutesDuration": int(row.minutes),
        "participant": participants,
    }
    if row.note:
        resource["comment"] = row.note
    return checked(resource)
