"""Who may do what: every route of the OpenAPI document with every role, and no patient reads another's record."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest

from tests.service.intake_records import intake_body_for, make_intake_records
from tests.service.provider_records import FreshOffer, make_block, make_provider_records, provider_body_for
from tests.service.records import body_for, make_records

C, F, P, A = "clinician", "front_desk", "patient", "admin"
SIGNED_IN = {C, F, P, A}
PUBLIC = SIGNED_IN | {None}
# The permission table, written out by hand: (method, path) -> roles that may call it.
EXPECTED: dict[tuple[str, str], set[str | None]] = {
    ("GET", "/api/health"): PUBLIC,
    ("GET", "/api/health/ready"): PUBLIC,
    ("GET", "/fhir/metadata"): PUBLIC,
    ("GET", "/fhir/Patient"): {C, F},
    ("GET", "/fhir/Patient/{patient_id}"): {C, F, P},
    ("GET", "/fhir/Condition"): {C, P},
    ("GET", "/fhir/Flag"): {C, P},
    ("GET", "/fhir/RiskAssessment"): {C, P},
    ("GET", "/fhir/Practitioner"): {C, F, P},
    ("GET", "/fhir/Practitioner/{practitioner_id}"): {C, F, P},
    ("GET", "/fhir/Encounter"): {C, P},
    ("GET", "/fhir/MedicationStatement"): {C, P},
    ("GET", "/fhir/AllergyIntolerance"): {C, P},
    ("GET", "/fhir/Procedure"): {C, P},
    ("GET", "/fhir/Goal"): {C, P},
    ("GET", "/fhir/Observation"): {C, P},
    ("GET", "/fhir/Appointment"): {C, F, P},
    ("GET", "/fhir/Patient/{patient_id}/$everything"): {C, P},
    ("GET", "/fhir/Questionnaire"): {C, P},
    ("GET", "/fhir/Questionnaire/{resource_id}"): {C, P},
    ("GET", "/fhir/AuditEvent"): {A},
    ("GET", "/fhir/AuditEvent/{resource_id}"): {A},
    ("POST", "/fhir"): {C},  # import of a transaction Bundle
    **{("GET", f"/fhir/{kind}"): {C, P} for kind in ("CarePlan", "ServiceRequest", "QuestionnaireResponse",
                                                      "DocumentReference", "Provenance")},
    **{("GET", f"/fhir/{kind}/{{resource_id}}"): {C, F, P} if kind == "Appointment" else {C, P}
       for kind in ("Encounter", "Condition", "Flag", "RiskAssessment", "MedicationStatement", "AllergyIntolerance",
                    "Procedure", "Goal", "Observation", "Appointment", "CarePlan", "ServiceRequest",
                    "QuestionnaireResponse", "DocumentReference", "Provenance")},
    ("GET", "/fhir/$export"): {C},
    ("GET", "/fhir/Patient/$export"): {C},
    ("GET", "/fhir/bulk-status/{export_id}"): {C},
    ("DELETE", "/fhir/bulk-status/{export_id}"): {C},
    ("GET", "/fhir/bulk-files/{export_id}/{file_id}.ndjson"): {C},
    ("POST", "/api/auth/token"): PUBLIC,
    ("POST", "/api/auth/activate"): PUBLIC,
    ("POST", "/api/me/totp"): {C, A},
    ("POST", "/api/auth/logout"): SIGNED_IN,
    ("GET", "/api/me"): SIGNED_IN,
    ("GET", "/api/patients"): {C, F},
    ("POST", "/api/patients"): {C, F},
    ("GET", "/api/patients/{patient_id}"): {C, F, P},
    ("PATCH", "/api/patients/{patient_id}"): {C, F},
    ("GET", "/api/patients/{patient_id}/chart"): {C, P},
    ("GET", "/api/patients/{patient_id}/appointments"): {C, F, P},
    ("POST", "/api/patients/{patient_id}/appointments"): {C, F},
    ("GET", "/api/appointments/{appointment_id}"): {C, F, P},
    ("PATCH", "/api/appointments/{appointment_id}"): {C, F},
    ("GET", "/api/patients/{patient_id}/encounters"): {C, P},
    ("POST", "/api/patients/{patient_id}/encounters"): {C},
    ("GET", "/api/encounters/{encounter_id}"): {C, P},
    ("PATCH", "/api/encounters/{encounter_id}"): {C},
    ("POST", "/api/assessments"): {C},
    ("GET", "/api/assessments/{assessment_id}"): {C, P},
    ("GET", "/api/patients/{patient_id}/assessments"): {C, P},
    ("POST", "/api/assessments/{assessment_id}/decisions"): {C},
    ("GET", "/api/patients/{patient_id}/assessments/current"): {C, P},
    ("POST", "/api/assessments/{proposal_id}/sign-off"): {C},
    ("GET", "/api/patients/{patient_id}/procedures"): {C, P},
    ("POST", "/api/patients/{patient_id}/procedures"): {C},
    ("PATCH", "/api/procedures/{procedure_id}"): {C},
    ("GET", "/api/patients/{patient_id}/medications"): {C, P},
    ("POST", "/api/patients/{patient_id}/medications"): {C},
    ("GET", "/api/patients/{patient_id}/allergies"): {C, P},
    ("POST", "/api/patients/{patient_id}/allergies"): {C},
    ("PATCH", "/api/medications/{medication_id}"): {C},
    ("GET", "/api/patients/{patient_id}/outcomes"): {C, P},
    ("POST", "/api/patients/{patient_id}/outcomes"): {C, P},
    ("GET", "/api/patients/{patient_id}/outcomes/summary"): {C, P},
    ("GET", "/api/patients/{patient_id}/outcomes/{instrument}/chart"): {C, P},
    ("GET", "/api/patients/{patient_id}/goals"): {C, P},
    ("POST", "/api/patients/{patient_id}/goals"): {C},
    ("PATCH", "/api/goals/{goal_id}"): {C},
    ("POST", "/api/goals/{goal_id}/checkins"): {C, P},
    ("GET", "/api/goals/{goal_id}/checkins"): {C, P},
    ("GET", "/api/patients/{patient_id}/questionnaires/due"): {C, P},
    ("GET", "/api/worklist"): {C},
    ("POST", "/api/alerts/{alert_id}/acknowledge"): {C},
    ("GET", "/api/reports/outcomes"): {C},
    ("GET", "/api/reports/outcomes.csv"): {C},
    ("GET", "/api/users"): {A},
    ("POST", "/api/users"): {A},
    ("PATCH", "/api/users/{user_id}"): {A},
    ("GET", "/api/settings"): {A},
    ("PUT", "/api/settings/{key}"): {A},
    ("GET", "/api/audit"): {A},
    ("GET", "/api/jobs"): {A},
    ("POST", "/api/jobs"): {A},
    ("GET", "/api/jobs/kinds"): {A},
    ("GET", "/api/jobs/{job_id}"): {A},
    ("POST", "/api/jobs/{job_id}/retry"): {A},
    ("GET", "/api/referrals"): {C, F},
    ("POST", "/api/referrals"): {C, F},
    ("GET", "/api/referrals/{referral_id}"): {C, F, P},
    ("PATCH", "/api/referrals/{referral_id}"): {C, F},
    ("GET", "/api/patients/{patient_id}/history-packet"): {C, P},
    ("PUT", "/api/patients/{patient_id}/history-packet"): {C, P},
    ("POST", "/api/patients/{patient_id}/history-packet/submit"): {C, P},
    ("GET", "/api/providers"): {C, F, P},
    ("PUT", "/api/providers/{clinician_id}"): {A},
    ("GET", "/api/sites"): {C, F, P},
    ("POST", "/api/sites"): {A},
    ("PATCH", "/api/sites/{site_id}"): {A},
    ("GET", "/api/insurance-plans"): {C, F, P},
    ("POST", "/api/insurance-plans"): {A},
    ("GET", "/api/patients/{patient_id}/coverage"): {C, F, P},
    ("POST", "/api/patients/{patient_id}/coverage"): {C, F},
    ("PUT", "/api/patients/{patient_id}/preferences"): {C, F},
    ("GET", "/api/referrals/{referral_id}/matches"): {C, F},
    ("GET", "/api/patients/{patient_id}/prior-auth/{procedure}"): {C, F},
    ("POST", "/api/patients/{patient_id}/waitlist"): {C, F},
    ("GET", "/api/waitlist"): {C, F},
    ("GET", "/api/blocked-times"): {F, A},
    ("POST", "/api/blocked-times"): {F, A},
    ("DELETE", "/api/blocked-times/{block_id}"): {F, A},
    ("GET", "/api/offers"): {C, F, P},
    ("POST", "/api/offers/{offer_id}/accept"): {C, F, P},
    ("POST", "/api/offers/{offer_id}/decline"): {C, F, P},
    ("PUT", "/api/patients/{patient_id}/reminders"): {C, F, P},
    ("POST", "/api/patients/{patient_id}/calendar"): {C, F, P},
    ("DELETE", "/api/patients/{patient_id}/calendar"): {C, F, P},
    ("POST", "/api/providers/{clinician_id}/calendar"): {C},
    ("DELETE", "/api/providers/{clinician_id}/calendar"): {C},
    ("GET", "/cds-services"): PUBLIC,  # CDS Hooks discovery
    ("POST", "/cds-services/{service_id}"): set(),  # only a JWT signed by a registered CDS client
    ("POST", "/cds-services/{service_id}/feedback"): set(),
}
# Routes for EHR systems, not people: any user token is no credential there (401, not 403)
SIGNED_JWT_ONLY = {("POST", "/cds-services/{service_id}"), ("POST", "/cds-services/{service_id}/feedback")}
# Routes with an id that is not a patient's record (the clinic's staff directory, the EHR routes)
NOT_PATIENT_RECORDS = SIGNED_JWT_ONLY | {("GET", "/fhir/Practitioner/{practitioner_id}"),
                                         ("GET", "/fhir/Questionnaire/{resource_id}")}
CES = ("52-year-old man with low back pain for 2 weeks. Since this morning saddle numbness and he has not passed "
       "urine since last night.")
USERNAMES = {C: "clin", F: "desk", P: "pat.a", A: "admin"}


def operations(clinic: Any) -> list[tuple[str, str]]:
    spec = clinic.client.get("/openapi.json").json()
    return [(method.upper(), path) for path, item in spec["paths"].items() for method in item]


# searches that need a query (FHIR searches by patient, Patient search by a criterion)
QUERIES = {"/fhir/Condition": "?patient={patient_id}", "/fhir/Flag": "?patient={patient_id}",
           "/fhir/RiskAssessment": "?patient=Patient/{patient_id}", "/fhir/Patient": "?name=a"}
QUERIES |= {f"/fhir/{kind}": "?patient={patient_id}" for kind in (
    "Encounter", "MedicationStatement", "AllergyIntolerance", "Procedure", "Goal", "Observation", "Appointment",
    "CarePlan", "ServiceRequest", "QuestionnaireResponse", "DocumentReference", "Provenance")}


def fhir_read_ids(clinic: Any, patient_id: int) -> dict[str, Any]:
    """For each FHIR read route, the id of one of the patient's resources (found by a clinician's search), after
    a red-flag assessment (a Flag) and an allergy; and a Questionnaire and an audit entry."""
    assert clinic.call(C, "POST", "/api/assessments", json={"text": CES, "patient_id": patient_id}).status_code == 201
    assert clinic.call(C, "POST", f"/api/patients/{patient_id}/allergies",
                       json={"substance": "codeine", "reaction": "hives"}).status_code == 201
    ids: dict[str, Any] = {"/fhir/Questionnaire/{resource_id}": "phq9", "/fhir/AuditEvent/{resource_id}": 1}
    for _method, path in EXPECTED:
        kind = path.removeprefix("/fhir/").removesuffix("/{resource_id}")
        if path.endswith("/{resource_id}") and path not in ids:
            bundle = clinic.call(C, "GET", f"/fhir/{kind}", params={"patient": patient_id}).json()
            ids[path] = bundle["entry"][0]["resource"]["id"]
    return ids


# request headers some routes need to succeed (a bulk export kick-off runs only in the background)
HEADERS = {"/fhir/$export": {"Prefer": "respond-async"}, "/fhir/Patient/$export": {"Prefer": "respond-async"}}


def finished_export(clinic: Any) -> dict[str, int]:
    """A clinician's finished bulk export: its id and the id of one of its files."""
    started = clinic.client.get("/fhir/Patient/$export", params={"_type": "Patient"},
                                headers={**clinic.headers(C), "Prefer": "respond-async"})
    status_url = started.headers["Content-Location"]
    for _ in range(300):
        polled = clinic.client.get(status_url, headers=clinic.headers(C))
        if polled.status_code == 200:
            url = polled.json()["output"][0]["url"]
            export_id, file_id = url.rsplit("/", 2)[-2:]
            return {"export_id": int(export_id), "file_id": int(file_id.removesuffix(".ndjson"))}
        time.sleep(0.1)
    raise AssertionError("the bulk export did not finish")


def import_bundle() -> dict[str, Any]:
    """A one-patient transaction Bundle with a fresh identifier (each import creates one patient)."""
    return {"resourceType": "Bundle", "type": "transaction", "entry": [{"fullUrl": "urn:uuid:p", "resource": {
        "resourceType": "Patient", "identifier": [{"system": "https://ehr.example/mrn", "value": f"I-{time.time_ns()}"}],
        "name": [{"family": "Imported", "given": ["Ines"]}], "birthDate": "1970-01-01"}}]}


def fill(path: str, params: dict[str, Any]) -> str:
    """The path with the ids (a FHIR read's resource_id is the one for that path)."""
    return re.sub(r"\{(\w+)\}", lambda m: str(params[path] if m.group(1) == "resource_id" else params[m.group(1)]),
                  path + QUERIES.get(path, ""))


def test_every_route_in_the_openapi_document_has_an_expected_permission_row(clinic: Any) -> None:
    spec = clinic.client.get("/openapi.json").json()
    assert set(operations(clinic)) == set(EXPECTED)
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            assert operation.get("x-permission"), f"{method} {path} declares no permission"


def test_each_role_reaches_exactly_the_routes_its_permissions_allow(clinic: Any) -> None:
    params = make_records(clinic, clinic.patient_a) | {"user_id": clinic.user_ids["desk"], "key": "clinic_name",
                                                       "instrument": "nrs"}
    params |= make_intake_records(clinic, clinic.patient_a) | make_provider_records(clinic, clinic.patient_a)
    params |= make_block(clinic) | {"offer_id": FreshOffer(clinic, clinic.patient_a)}
    params |= {"service_id": "painpath-order-sign", "practitioner_id": clinic.user_ids["clin"]}
    params |= finished_export(clinic) | fhir_read_ids(clinic, clinic.patient_a)
    failures = []
    for method, path in operations(clinic):
        for role in [None, C, F, P, A]:
            body = (body_for(clinic, method, path, params) or intake_body_for(clinic, method, path, params)
                    or provider_body_for(clinic, method, path, params))
            if (method, path) == ("POST", "/fhir"):
                body = import_bundle()
            headers = clinic.headers(role) | HEADERS.get(path, {})
            these = params
            if method == "DELETE" and path == "/fhir/bulk-status/{export_id}" and role == C:
                these = params | finished_export(clinic)  # a fresh export to cancel; the others keep theirs
            if path == "/api/auth/logout" and role:  # sign out a throwaway token, not the fixture's
                headers = {"Authorization": f"Bearer {clinic.sign_in(USERNAMES[role])}"}
            response = clinic.client.request(method, fill(path, these), headers=headers, json=body)
            allowed = role in EXPECTED[(method, path)]
            expected = "2xx" if allowed else ("401" if role is None or (method, path) in SIGNED_JWT_ONLY else "403")
            actual = response.status_code
            ok = 200 <= actual < 300 if allowed else actual == int(expected)
            if not ok:
                failures.append(f"{method} {path} as {role}: expected {expected}, got {actual} {response.text[:120]}")
    assert failures == []


def test_a_patient_changing_an_id_never_reads_or_changes_another_patients_record(clinic: Any) -> None:
    mine = make_records(clinic, clinic.patient_a)
    theirs = make_records(clinic, clinic.patient_b) | {"user_id": clinic.user_ids["pat.b"], "key": "clinic_name",
                                                       "instrument": "nrs"}
    theirs |= make_intake_records(clinic, clinic.patient_b) | make_provider_records(clinic, clinic.patient_b)
    theirs |= make_block(clinic) | {"offer_id": FreshOffer(clinic, clinic.patient_b)}
    theirs |= finished_export(clinic)  # a clinician's export: a patient reaches neither its status nor its files
    theirs |= fhir_read_ids(clinic, clinic.patient_b)
    secrets = ["Brightwater", "B-0002", "1 Secret Lane", "ben@example.org"]
    for method, path in operations(clinic):
        if "{" not in path or (method, path) in NOT_PATIENT_RECORDS:
            continue
        body = (body_for(clinic, method, path, theirs) or intake_body_for(clinic, method, path, theirs)
                or provider_body_for(clinic, method, path, theirs))
        response = clinic.call(P, method, fill(path, theirs), json=body)
        assert response.status_code in (403, 404), f"{method} {path}: {response.status_code} {response.text[:200]}"
        assert not any(secret in response.text for secret in secrets), f"{method} {path} leaked {response.text}"
    # and the same routes with the patient's own ids do work where the role allows
    assert clinic.call(P, "GET", f"/api/patients/{mine['patient_id']}/chart").status_code == 200
    assert clinic.call(P, "GET", f"/api/assessments/{mine['assessment_id']}").status_code == 200
    # nothing of B's changed
    record = clinic.call(C, "GET", f"/api/patients/{clinic.patient_b}").json()
    assert (record["version"], record["phone"]) == (1, "555-0202")


def test_patient_b_cannot_search_and_assessment_without_patient_is_clinician_only(clinic: Any) -> None:
    assert clinic.call(P, "GET", "/api/patients", params={"name": "Bright"}).status_code == 403
    r = clinic.call(C, "POST", "/api/assessments", json={"text": "knee pain for years, worse on stairs"})
    assert r.status_code == 201
    stored = r.headers["location"]
    assert clinic.call(P, "GET", stored).status_code == 404
    assert clinic.call(C, "GET", stored).status_code == 200


@pytest.mark.parametrize("role", [F, A])
def test_staff_without_clinical_access_cannot_open_the_note(clinic: Any, role: str) -> None:
    ids = make_records(clinic, clinic.patient_a)
    response = clinic.call(role, "GET", f"/api/encounters/{ids['encounter_id']}")
    assert response.status_code == 403
    assert "nurse" not in response.text
