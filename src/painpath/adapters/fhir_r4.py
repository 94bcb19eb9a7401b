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
- CarePlan: each assessment's staged plan (activities with the clinicians' decisions: who, when, why);
  Provenance: who authored each assessment (and the engine's knowledge base) and who signed it off.
- ServiceRequest: referrals into the practice, and the working plan's accepted procedures, therapies and referrals.
- Questionnaire / QuestionnaireResponse: the instruments (item text only where free to reproduce) and the answers.
- DocumentReference: notes, referral letters, history packets (base64 text/plain) and the visit summary PDF (URL).
- AuditEvent: the audit trail, for administrators.
PainPath's own ids (conditions, red flags, triage levels) are codings in urn:painpath:* systems: no ICD-10-CM or
SNOMED CT code is given where none has been verified.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from fhirclient.models.allergyintolerance import AllergyIntolerance
from fhirclient.models.appointment import Appointment
from fhirclient.models.auditevent import AuditEvent
from fhirclient.models.bundle import Bundle
from fhirclient.models.capabilitystatement import CapabilityStatement
from fhirclient.models.careplan import CarePlan
from fhirclient.models.condition import Condition
from fhirclient.models.documentreference import DocumentReference
from fhirclient.models.encounter import Encounter
from fhirclient.models.flag import Flag
from fhirclient.models.goal import Goal
from fhirclient.models.medicationstatement import MedicationStatement
from fhirclient.models.observation import Observation
from fhirclient.models.operationoutcome import OperationOutcome
from fhirclient.models.patient import Patient
from fhirclient.models.practitioner import Practitioner
from fhirclient.models.procedure import Procedure
from fhirclient.models.provenance import Provenance
from fhirclient.models.questionnaire import Questionnaire
from fhirclient.models.questionnaireresponse import QuestionnaireResponse
from fhirclient.models.riskassessment import RiskAssessment
from fhirclient.models.servicerequest import ServiceRequest

from painpath.adapters.fhir_search import Span, TypeSearch, span_of

FHIR_JSON = "application/fhir+json"
MRN_SYSTEM = "urn:painpath:mrn"
CONDITION_SYSTEM = "urn:painpath:condition"
RED_FLAG_SYSTEM = "urn:painpath:red-flag"
TRIAGE_SYSTEM = "urn:painpath:triage"
CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
CONDITION_VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
CONDITION_CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category"
FLAG_CATEGORY = "http://terminology.hl7.org/CodeSystem/flag-category"
MODELS: dict[str, Any] = {"Patient": Patient, "Condition": Condition, "Flag": Flag, "RiskAssessment": RiskAssessment,
                          "CapabilityStatement": CapabilityStatement, "Bundle": Bundle,
                          "OperationOutcome": OperationOutcome, "Practitioner": Practitioner,
                          "Encounter": Encounter, "MedicationStatement": MedicationStatement,
                          "AllergyIntolerance": AllergyIntolerance, "Procedure": Procedure, "Goal": Goal,
                          "Observation": Observation, "Appointment": Appointment, "CarePlan": CarePlan,
                          "ServiceRequest": ServiceRequest, "Questionnaire": Questionnaire,
                          "QuestionnaireResponse": QuestionnaireResponse, "DocumentReference": DocumentReference,
                          "AuditEvent": AuditEvent, "Provenance": Provenance}


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


def subject(patient_id: int) -> dict[str, str]:
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
            "subject": subject(assessment.patient_id),
            "recordedDate": instant(assessment.created_at),
            "note": [{"text": " ".join(parts)}],
        }))
    return out


def problem(row: Any) -> dict[str, Any]:
    """A problem-list entry another system recorded (imported, the problems table) as a Condition in the
    problem-list-item category, coded as that system coded it (the code without a system when it sent none);
    id "problem-{id}", beside the assessments' differential ("{assessment}-{rank}")."""
    code: dict[str, Any] = {"text": row.text}
    if row.code:
        code["coding"] = [{**({"system": row.code_system} if row.code_system else {}), "code": row.code}]
    resource: dict[str, Any] = {
        "resourceType": "Condition",
        "id": f"problem-{row.id}",
        "clinicalStatus": {"coding": [{"system": CONDITION_CLINICAL, "code": row.clinical_status}]},
        "category": [{"coding": [{"system": CONDITION_CATEGORY, "code": "problem-list-item",
                                  "display": "Problem List Item"}]}],
        "code": code,
        "subject": subject(row.patient_id),
        "recordedDate": instant(row.created_at),
    }
    if row.onset_on is not None:
        resource["onsetDateTime"] = row.onset_on.isoformat()
    return checked(resource)


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
            "subject": subject(assessment.patient_id),
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
        "subject": subject(assessment.patient_id),
        "occurrenceDateTime": instant(assessment.created_at),
        "method": {"text": f"PainPath knowledge base {assessment.kb_version}: red-flag rules, triage rules and a "
                           f"Bayesian differential with cited likelihood ratios"},
        "prediction": predictions,
    })


def searchset(base: str, self_url: str, resources: list[dict[str, Any]], total: int | None,
              links: list[dict[str, str]] | None = None) -> dict[str, Any]:
    return checked({
        "resourceType": "Bundle",
        "type": "searchset",
        **({} if total is None else {"total": total}),
        "link": links or [{"relation": "self", "url": self_url}],
        "entry": [{"fullUrl": f"{base}/{r['resourceType']}/{r['id']}", "resource": r, "search": {"mode": "match"}}
                  for r in resources],
    })


def outcome(severity: str, code: str, text: str) -> dict[str, Any]:
    return checked({"resourceType": "OperationOutcome",
                    "issue": [{"severity": severity, "code": code, "diagnostics": text}]})


def _at(*path: str) -> Callable[[dict[str, Any]], Span | None]:
    """The date a resource is searched by: the first of these elements it has."""
    def date_of(resource: dict[str, Any]) -> Span | None:
        for p in path:
            value: Any = resource
            for step in p.split("."):
                value = value.get(step) if isinstance(value, dict) else None
            if value:
                return span_of(value)
        return None
    return date_of


def _status(element: str = "status") -> Callable[[dict[str, Any]], str | None]:
    return lambda resource: resource.get(element)


def _dated(path: tuple[str, ...], doc: str, statuses: str = "", *, default_sort: str = "-date",
           extra: tuple[str, ...] = ("patient",)) -> TypeSearch:
    return TypeSearch(date=_at(*path), date_doc=doc, status=_status() if statuses else None,
                      statuses=tuple(statuses.split()), sorts=("date",), default_sort=default_sort, extra=extra)


OBSERVATION_STATUSES = "registered preliminary final amended corrected cancelled entered-in-error unknown"
REQUEST_STATUSES = "draft active on-hold revoked completed entered-in-error unknown"
# what each type is searched by (the routes add their own: patient, code, name, ...); one implementation in
# adapters/fhir_search.py
TYPE_SEARCH: dict[str, TypeSearch] = {
    "Patient": TypeSearch(extra=("_id", "name", "birthdate", "identifier")),
    "Practitioner": TypeSearch(),
    "Encounter": _dated(("period.start",), "Encounter.period.start (when the visit happened)",
                        "planned arrived triaged in-progress onleave finished cancelled entered-in-error unknown"),
    "Condition": _dated(("recordedDate",), "Condition.recordedDate", default_sort="",  # leading one first
                        extra=("patient", "code")),
    "Flag": _dated(("period.start",), "Flag.period.start", "active inactive entered-in-error", default_sort=""),
    "RiskAssessment": _dated(("occurrenceDateTime",), "RiskAssessment.occurrenceDateTime", OBSERVATION_STATUSES),
    "Observation": _dated(("effectiveDateTime",), "Observation.effectiveDateTime", OBSERVATION_STATUSES,
                          extra=("patient", "code")),
    "MedicationStatement": _dated(("effectivePeriod", "dateAsserted"), "MedicationStatement.effectivePeriod, "
                                  "else dateAsserted", "active completed entered-in-error intended stopped "
                                  "on-hold unknown not-taken", default_sort="", extra=("patient", "code")),
    "AllergyIntolerance": _dated(("recordedDate",), "AllergyIntolerance.recordedDate", default_sort=""),
    "Procedure": _dated(("performedDateTime",), "Procedure.performedDateTime", "preparation in-progress not-done "
                        "on-hold stopped completed entered-in-error unknown", extra=("patient", "code")),
    "Goal": _dated(("startDate",), "Goal.startDate"),
    "Appointment": _dated(("start",), "Appointment.start", "proposed pending booked arrived fulfilled cancelled "
                          "noshow entered-in-error checked-in waitlist"),
    "CarePlan": _dated(("created",), "CarePlan.created", REQUEST_STATUSES),
    "ServiceRequest": _dated(("authoredOn",), "ServiceRequest.authoredOn", REQUEST_STATUSES),
    "QuestionnaireResponse": _dated(("authored",), "QuestionnaireResponse.authored",
                                    "in-progress completed amended entered-in-error stopped"),
    "Questionnaire": TypeSearch(status=_status(), statuses=("draft", "active", "retired", "unknown"),
                                extra=("_id",)),
    "DocumentReference": _dated(("date",), "DocumentReference.date", "current superseded entered-in-error"),
    "AuditEvent": _dated(("recorded",), "AuditEvent.recorded", extra=("patient",)),
    "Provenance": _dated(("recorded",), "Provenance.recorded"),
}
PARAM_DOCS = {
    "patient": ("reference", "the patient: 123 or Patient/123 (required, except on AuditEvent)"),
    "code": ("token", "an instrument: its LOINC code (http://loinc.org|44261-6) or PainPath id"),
    "_id": ("token", "the resource id"), "name": ("string", "start of the family or given name"),
    "birthdate": ("date", "date of birth, YYYY-MM-DD"), "identifier": ("token", "record number"),
    "_count": ("number", "page size, 1 to 200 (default 50); Bundle.link has self, previous and next"),
    "_offset": ("number", "where the page starts (the next/previous links carry it)"),
}


# the element a type's `code` token searches, and what it holds (Observation: adapters/fhir_record.py resolves
# LOINC to PainPath's instrument ids)
CODED: dict[str, str] = {"Condition": "code", "MedicationStatement": "medicationCodeableConcept",
                         "Procedure": "code"}
CODE_DOCS = {
    "Condition": f"the condition: ICD-10-CM or SNOMED CT where verified, or PainPath's id ({CONDITION_SYSTEM}|"
                 "{id}); system|code, code, |code or system|, comma-separated for any of them",
    "MedicationStatement": "the drug: RxNorm where verified, or PainPath's name (urn:painpath:medication|"
                           "oxycodone); system|code, code, |code or system|, comma-separated for any of them",
    "Procedure": "the procedure: PainPath's plan option (urn:painpath:plan-option|{id}); system|code, code, "
                 "|code or system|, comma-separated for any of them",
}


def coded(resources: list[dict[str, Any]], kind: str, value: str) -> list[dict[str, Any]]:
    """The resources whose coded element matches the token search ``value`` (FHIR token rules on the codings:
    ``system|code``, ``code`` in any system, ``|code`` without a system, ``system|`` any code of it; a comma
    separates alternatives). A value with nothing to match is refused (ValueError, said as a 400)."""
    wanted: list[tuple[str | None, str | None]] = []
    for part in (p.strip() for p in value.split(",")):
        if not part or part == "|":
            raise ValueError("code: give system|code, code, |code or system| (comma-separated for several)")
        if "|" in part:
            system, _, code = part.partition("|")
            wanted.append((system, code or None))  # '' system: codings without one
        else:
            wanted.append((None, part))
    element = CODED[kind]

    def matches(coding: dict[str, Any]) -> bool:
        for system, code in wanted:
            if system is not None and (coding.get("system") or "") != system:
                continue
            if code is not None and coding.get("code") != code:
                continue
            return True
        return False

    return [r for r in resources if any(matches(c) for c in (r.get(element) or {}).get("coding") or []
                                        if isinstance(c, dict))]


def search_params(kind: str) -> list[tuple[str, str, str]]:
    """The parameters a type is searched by, as the CapabilityStatement lists them."""
    spec = TYPE_SEARCH[kind]
    found = [(name, *(("token", CODE_DOCS[kind]) if name == "code" and kind in CODE_DOCS else PARAM_DOCS[name]))
             for name in spec.extra]
    if spec.date is not None:
        found.append(("date", "date", f"{spec.date_doc}; prefixes eq, ne, gt, lt, ge, le, sa, eb; repeat for "
                                      "a range (date=ge2026-01-01&date=lt2026-02-01)"))
    if spec.status is not None:
        found.append(("status", "token", f"one or more of (comma-separated): {', '.join(spec.statuses)}"))
    if spec.sorts:
        found.append(("_sort", "special", "allow-listed: " + ", ".join(f"{s}, -{s}" for s in spec.sorts)))
    return [*found, ("_count", *PARAM_DOCS["_count"]), ("_offset", *PARAM_DOCS["_offset"])]


SEARCH_PARAMS: dict[str, list[tuple[str, str, str]]] = {kind: search_params(kind) for kind in TYPE_SEARCH}
NOT_READABLE: set[str] = set()  # every type answers read (GET /fhir/{type}/{id}) as well as search


def capability_statement(version: str, base: str) -> dict[str, Any]:
    """Exactly what this server supports: read and search of every type listed (with its search parameters),
    Patient $everything and the bulk exports, JSON only."""
    resources = []
    for kind, params in SEARCH_PARAMS.items():
        interactions = [{"code": "search-type"}] + ([{"code": "read"}] if kind not in NOT_READABLE else [])
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
                             "patient reads only their own compartment, the front desk Patient, Practitioner and "
                             "Appointment only, AuditEvent an administrator only. Every read is audited. An "
                             "unknown search parameter or value answers 400 with an OperationOutcome naming it.",
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
        "subject": subject(row.patient_id),
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
        "subject": subject(row.patient_id),
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
        "patient": subject(row.patient_id),
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
        "subject": subject(row.patient_id),
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
        "subject": subject(row.patient_id),
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
        "subject": subject(row.patient_id),
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
    if row.items:  # the answers it was scored from
        resource["derivedFrom"] = [{"reference": f"QuestionnaireResponse/{row.id}"}]
    return checked(resource)


def appointment(row: Any) -> dict[str, Any]:
    participants: list[dict[str, Any]] = [{"actor": subject(row.patient_id), "status": "accepted"}]
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


# -- the plan, referrals, questionnaires, documents, the audit trail and provenance ------------------------------
PLAN_ACTIVITY_STATUS = {None: "not-started", "accepted": "scheduled", "declined": "cancelled", "deferred": "on-hold"}
ACTIVITY_KIND = {"medication": "MedicationRequest", "procedure": "ServiceRequest", "therapy": "ServiceRequest",
                 "referral": "ServiceRequest"}
REFERRAL_STATUS = {"new": "active", "booked": "active", "closed": "completed"}
TRIAGE_PRIORITY = {"emergency": "stat", "urgent": "urgent", "soon": "asap", "routine": "routine"}
AUDIT_ACTION = {"read": "R", "search": "R", "export": "R", "create": "C", "submit": "C", "update": "U",
                "delete": "D"}
AUDIT_EVENT_TYPE = "http://terminology.hl7.org/CodeSystem/audit-event-type"
AUDIT_ENTITY_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type"
OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role"
PROVENANCE_ROLE = "http://terminology.hl7.org/CodeSystem/provenance-participant-type"
DATA_OPERATION = "http://terminology.hl7.org/CodeSystem/v3-DataOperation"
DOC_SOURCES = {"note": "clinical note", "referral": "referral letter", "packet": "patient history packet",
               "assessment": "note assessed", "summary": "visit summary"}
QUESTIONNAIRE_URL = "urn:painpath:questionnaire:"


def fhir_id(text: str) -> str:
    """A PainPath id (plan option, instrument) as a FHIR id: letters, digits, '-' and '.' only."""
    return text.replace("_", "-")


def who(user_id: int | None, people: dict[int, tuple[str, str, int | None]]) -> dict[str, Any]:
    """A reference to the person behind a user account: a clinician is a Practitioner, a patient their Patient;
    anyone else (the front desk, an administrator) is named only."""
    if user_id is None or user_id not in people:
        return {"display": "PainPath"}
    name, role, patient_id = people[user_id]
    if role == "clinician":
        return {"reference": f"Practitioner/{user_id}", "display": name}
    if role == "patient" and patient_id is not None:
        return {"reference": f"Patient/{patient_id}", "display": name}
    return {"display": f"{name} ({role.replace('_', ' ')})"}


def care_plan(assessment: Any, decisions: list[Any], status: str, people: dict[int, tuple[str, str, int | None]],
              labels: dict[str, str], goals: list[str]) -> dict[str, Any] | None:
    """An assessment's staged plan: one activity per option of each stage, its status from the latest decision
    (accepted: scheduled, declined: cancelled, deferred: on hold, none yet: not started) and every decision kept as
    progress (who, when and why); options the plan excluded are do-not-perform activities with the reason.
    ``status``: active for the working assessment, draft for a proposal awaiting sign-off, revoked when
    superseded. None when the assessment made no plan."""
    plan = assessment.output.get("plan") or {}
    stages = plan.get("stages") or []
    if not stages and not plan.get("excluded"):
        return None
    by_option: dict[str, list[Any]] = {}
    for decided in decisions:
        by_option.setdefault(decided.option_id, []).append(decided)
    activities: list[dict[str, Any]] = []
    for stage in stages:
        for option in stage.get("options") or []:
            taken = by_option.get(option["id"], [])
            latest = taken[-1] if taken else None
            label = labels.get(option["id"], option["id"].replace("_", " "))
            words = [f"Stage {stage.get('stage')}" + (f" ({stage['goal']})" if stage.get("goal") else "")]
            words += [w for w in (option.get("detail"), option.get("rationale")) if w]
            detail: dict[str, Any] = {
                "kind": ACTIVITY_KIND.get(option.get("kind", ""), "ServiceRequest"),
                "code": {"coding": [{"system": OPTION_SYSTEM, "code": option["id"], "display": label}],
                         "text": label},
                "status": PLAN_ACTIVITY_STATUS.get(latest.decision if latest else None, "unknown"),
                "description": ". ".join(words)[:2000],
            }
            if latest is not None and latest.reason:
                detail["statusReason"] = {"text": latest.reason}
            activity: dict[str, Any] = {"detail": detail}
            if taken:
                activity["progress"] = [_decision_note(d, people) for d in taken]
            activities.append(activity)
    for item in plan.get("excluded") or []:
        label = labels.get(item["id"], item["id"].replace("_", " "))
        activities.append({"detail": {
            "code": {"coding": [{"system": OPTION_SYSTEM, "code": item["id"], "display": label}], "text": label},
            "status": "cancelled", "doNotPerform": True, "statusReason": {"text": item.get("reason") or "excluded"}}})
    resource: dict[str, Any] = {
        "resourceType": "CarePlan", "id": str(assessment.id), "status": status,
        "intent": "proposal" if status == "draft" else "plan",
        "title": "PainPath staged plan",
        "description": f"Least invasive first; from the {assessment.source} assessed with the PainPath knowledge "
                       f"base {assessment.kb_version}.",
        "subject": subject(assessment.patient_id),
        "created": instant(assessment.created_at),
        "author": who(assessment.signed_off_by or assessment.created_by, people),
        "activity": activities,
    }
    if (assessment.output.get("differential") or []):
        resource["addresses"] = [{"reference": f"Condition/{assessment.id}-1"}]
    if goals:
        resource["goal"] = [{"reference": f"Goal/{g}"} for g in goals]
    if assessment.replan_of is not None:
        resource["replaces"] = [{"reference": f"CarePlan/{assessment.replan_of}"}]
    if assessment.encounter_id is not None:
        resource["encounter"] = {"reference": f"Encounter/{assessment.encounter_id}"}
    return checked(resource)


def _decision_note(decided: Any, people: dict[int, tuple[str, str, int | None]]) -> dict[str, Any]:
    person = who(decided.decided_by, people)
    note: dict[str, Any] = {"time": instant(decided.decided_at),
                            "text": f"{decided.decision} by {person.get('display', 'PainPath')}"
                                    + (f": {decided.reason}" if decided.reason else "")
                                    + (f" (carried from assessment {decided.carried_from})"
                                       if decided.carried_from else "")}
    if "reference" in person:
        note["authorReference"] = {"reference": person["reference"]}
    else:
        note["authorString"] = person["display"]
    return note


def referral_request(row: Any) -> dict[str, Any]:
    """A referral into the practice (or a self-booking): priority from its triage level, the letter as
    supporting information."""
    requester = row.referrer or ("the patient (self-booked)" if row.source == "self_booked" else "referrer")
    resource: dict[str, Any] = {
        "resourceType": "ServiceRequest", "id": f"referral-{row.id}",
        "status": REFERRAL_STATUS.get(row.status, "unknown"), "intent": "order",
        "category": [{"text": "referral" if row.source == "referral" else "self-booking"}],
        "priority": TRIAGE_PRIORITY.get(row.triage_level, "routine"),
        "code": {"text": "pain medicine assessment"},
        "subject": subject(row.patient_id),
        "authoredOn": row.received_on.isoformat(),
        "requester": {"display": requester},
        "note": [{"text": f"Triage level {row.triage_level}; referral status {row.status}."}],
    }
    if row.letter:
        resource["supportingInfo"] = [{"reference": f"DocumentReference/referral-{row.id}"}]
    return checked(resource)


def plan_order(assessment: Any, decided: Any, option: dict[str, Any], label: str,
               people: dict[int, tuple[str, str, int | None]]) -> dict[str, Any]:
    """An accepted procedure, therapy or referral of the working plan: what the practice ordered."""
    resource: dict[str, Any] = {
        "resourceType": "ServiceRequest", "id": f"plan-{assessment.id}-{fhir_id(option['id'])}",
        "status": "active", "intent": "order",
        "category": [{"text": option.get("kind", "procedure")}],
        "code": {"coding": [{"system": OPTION_SYSTEM, "code": option["id"], "display": label}], "text": label},
        "subject": subject(assessment.patient_id),
        "authoredOn": instant(decided.decided_at),
        "requester": who(decided.decided_by, people),
        "basedOn": [{"reference": f"CarePlan/{assessment.id}"}],
    }
    if option.get("detail"):
        resource["patientInstruction"] = option["detail"]
    if decided.reason:
        resource["reasonCode"] = [{"text": decided.reason}]
    return checked(resource)


def questionnaire(definition: Any) -> dict[str, Any]:
    """An instrument as a Questionnaire. Item text is the published wording only where the knowledge base holds it
    (PHQ-9 and GAD-7, free to reproduce); the other items carry PainPath's short domain label as their code, so
    no licensed wording (ODI, NDI, DN4, STarT Back) is reproduced."""
    free = any(item.text for item in definition.items)
    items = []
    for item in definition.items:
        entry: dict[str, Any] = {
            "linkId": item.id, "required": False,
            "code": [{"system": f"urn:painpath:instrument-item:{definition.id}", "code": item.id,
                      "display": item.label}],
        }
        if item.text:
            entry["text"] = item.text
        if item.options:
            entry["type"] = "choice"
            entry["answerOption"] = [{"valueCoding": {"system": _answers(definition.id, item.id),
                                                      "code": str(o.value), "display": o.label}}
                                     for o in item.options]
        else:
            entry["type"] = "integer" if float(item.step).is_integer() and float(item.minimum).is_integer() \
                else "decimal"
        items.append(entry)
    if definition.stem:
        items.insert(0, {"linkId": "stem", "type": "display", "text": definition.stem})
    code = ([{"system": LOINC, "code": definition.loinc, "display": definition.label}] if definition.loinc else [])
    resource: dict[str, Any] = {
        "resourceType": "Questionnaire", "id": fhir_id(definition.id),
        "url": QUESTIONNAIRE_URL + definition.id, "name": _name(definition.id), "title": definition.name or
        definition.label, "status": "active", "subjectType": ["Patient"],
        "description": f"{definition.label}, scored by PainPath ({definition.method.value}).",
        "copyright": ("The published wording is free to reproduce." if free else
                      "The instrument's wording is copyrighted or licensed: items carry PainPath's short domain "
                      "labels only; patient-facing forms must use the licensed wording."),
        "item": items,
    }
    if code:
        resource["code"] = code
    return checked(resource)


def _answers(instrument: str, item: str) -> str:
    return f"urn:painpath:answers:{instrument}:{item}"


def _name(instrument: str) -> str:
    """A computer-friendly name (FHIR inv-0: starts with a capital letter, letters and digits only)."""
    return "".join(part[:1].upper() + part[1:] for part in instrument.split("_"))


def questionnaire_response(row: Any, definition: Any | None, people: dict[int, tuple[str, str, int | None]],
                           ) -> dict[str, Any]:
    """A questionnaire the patient answered: each item's answer (the option chosen, or the number)."""
    items = []
    known = {item.id: item for item in (definition.items if definition is not None else ())}
    for item_id, value in (row.items or {}).items():
        item = known.get(item_id)
        entry: dict[str, Any] = {"linkId": str(item_id)}
        if item is not None and item.text:
            entry["text"] = item.text
        if value is None:
            items.append(entry)
            continue
        if item is not None and item.options:
            chosen = next((o for o in item.options if o.value == value), None)
            answer: dict[str, Any] = {"valueCoding": {"system": _answers(row.instrument, item.id),
                                                      "code": str(value),
                                                      **({"display": chosen.label} if chosen else {})}}
        elif isinstance(value, bool) or not isinstance(value, int | float):
            answer = {"valueString": str(value)}
        elif float(value).is_integer() and (item is None or float(item.step).is_integer()):
            answer = {"valueInteger": int(value)}
        else:
            answer = {"valueDecimal": float(value)}
        entry["answer"] = [answer]
        items.append(entry)
    resource: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse", "id": str(row.id),
        "questionnaire": QUESTIONNAIRE_URL + row.instrument,
        "status": "completed", "subject": subject(row.patient_id),
        "authored": instant(row.taken_at),
        "author": who(row.recorded_by, people),
        "source": subject(row.patient_id),
    }
    if items:
        resource["item"] = items
    return checked(resource)


def document(resource_id: str, patient_id: int, kind: str, title: str, text: str, when: datetime | date | None,
             *, author: dict[str, Any] | None = None, encounter_id: int | None = None,
             final: bool = True) -> dict[str, Any]:
    """A text the practice holds (a note, a referral letter, a history packet) as a base64 text/plain attachment."""
    import base64

    resource: dict[str, Any] = {
        "resourceType": "DocumentReference", "id": resource_id, "status": "current",
        "docStatus": "final" if final else "preliminary",
        "type": {"coding": [{"system": "urn:painpath:document", "code": kind}], "text": DOC_SOURCES[kind]},
        "subject": subject(patient_id),
        "description": title,
        "content": [{"attachment": {"contentType": "text/plain", "language": "en",
                                    "data": base64.b64encode(text.encode("utf-8")).decode("ascii"),
                                    "title": title}}],
    }
    if when is not None:
        resource["date"] = instant(when if isinstance(when, datetime)
                                   else datetime(when.year, when.month, when.day, tzinfo=UTC))
    if author is not None:
        resource["author"] = [author]
    if encounter_id is not None:
        resource["context"] = {"encounter": [{"reference": f"Encounter/{encounter_id}"}]}
    return checked(resource)


def summary_document(patient_id: int, base: str) -> dict[str, Any]:
    """The visit summary PDF, made when it is opened: a link to the clinic page that renders it."""
    site = base.removesuffix("/fhir")
    return checked({
        "resourceType": "DocumentReference", "id": f"summary-{patient_id}", "status": "current",
        "type": {"coding": [{"system": "urn:painpath:document", "code": "summary"}], "text": "visit summary"},
        "subject": subject(patient_id),
        "description": "Visit summary (PDF, made from the current record when opened; clinicians, signed in)",
        "content": [{"attachment": {"contentType": "application/pdf", "title": "Visit summary",
                                    "url": f"{site}/clinic/patients/{patient_id}/summary.pdf"}}],
    })


def audit_event(entry: Any) -> dict[str, Any]:
    """An entry of the audit trail: who (user, role, address) did what to which record of which patient."""
    agent: dict[str, Any] = {"who": {"display": entry.username}, "requestor": True,
                             "role": [{"text": entry.role}]}
    if entry.user_id is not None:
        agent["who"]["identifier"] = {"system": "urn:painpath:user", "value": str(entry.user_id)}
    if entry.ip:
        agent["network"] = {"address": entry.ip[:64], "type": "2" if entry.ip[:1].isdigit() else "1"}
    entities: list[dict[str, Any]] = []
    if entry.patient_id is not None:
        entities.append({"what": {"reference": f"Patient/{entry.patient_id}"},
                         "type": {"system": AUDIT_ENTITY_TYPE, "code": "1", "display": "Person"},
                         "role": {"system": OBJECT_ROLE, "code": "1", "display": "Patient"}})
    entities.append({"what": {"display": f"{entry.record_type} {entry.record_id}"},
                     "type": {"system": AUDIT_ENTITY_TYPE, "code": "2", "display": "System Object"},
                     "name": entry.record_type})
    return checked({
        "resourceType": "AuditEvent", "id": str(entry.seq),
        "type": {"system": AUDIT_EVENT_TYPE, "code": "rest", "display": "Restful Operation"},
        "subtype": [{"system": "urn:painpath:audit-action", "code": entry.action}],
        "action": AUDIT_ACTION.get(entry.action, "E"),
        "recorded": instant(entry.at),
        "outcome": "4" if entry.action == "denied" else "0",
        "agent": [agent],
        "source": {"observer": {"display": "PainPath"},
                   "type": [{"system": "http://terminology.hl7.org/CodeSystem/security-source-type", "code": "4",
                             "display": "Application Server"}]},
        "entity": entities,
    })


def provenance(assessment: Any, people: dict[int, tuple[str, str, int | None]], *, signed: bool,
               carries_plan: bool) -> dict[str, Any]:
    """Who authored an assessment (with the engine and knowledge base that produced it), or who signed it off."""
    targets = [{"reference": f"RiskAssessment/{assessment.id}"}]
    if carries_plan:
        targets.append({"reference": f"CarePlan/{assessment.id}"})
    engine = {"type": {"coding": [{"system": PROVENANCE_ROLE, "code": "assembler", "display": "Assembler"}]},
              "who": {"display": f"PainPath engine, knowledge base {assessment.kb_version}"}}
    if signed:
        return checked({
            "resourceType": "Provenance", "id": f"{assessment.id}-signed-off", "target": targets,
            "recorded": instant(assessment.signed_off_at),
            "activity": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ParticipationType",
                                     "code": "VRF", "display": "verifier"}], "text": "signed off"},
            "agent": [{"type": {"coding": [{"system": PROVENANCE_ROLE, "code": "verifier", "display": "Verifier"}]},
                       "who": who(assessment.signed_off_by, people)}],
        })
    return checked({
        "resourceType": "Provenance", "id": f"{assessment.id}-authored", "target": targets,
        "recorded": instant(assessment.created_at),
        "activity": {"coding": [{"system": DATA_OPERATION, "code": "CREATE", "display": "create"}],
                     "text": f"assessed from the {assessment.source}"},
        "agent": [{"type": {"coding": [{"system": PROVENANCE_ROLE, "code": "author", "display": "Author"}]},
                   "who": who(assessment.created_by, people)}, engine],
    })
