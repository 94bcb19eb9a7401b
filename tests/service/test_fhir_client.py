"""The FHIR API read by a real FHIR client library (SMART's fhirclient, which also parses every resource into its
R4 models) against a running server, as an EHR or a registry would: read, search with paging of a compartment,
and the operations."""

from __future__ import annotations

import signal

import httpx
from fhirclient.models.allergyintolerance import AllergyIntolerance
from fhirclient.models.careplan import CarePlan
from fhirclient.models.goal import Goal
from fhirclient.models.medicationstatement import MedicationStatement
from fhirclient.models.observation import Observation
from fhirclient.models.patient import Patient
from fhirclient.models.procedure import Procedure
from fhirclient.server import FHIRServer

from tests.service.conftest import PASSWORD, seed
from tests.service.records import NOTE
from tests.service.servers import free_port, serve, wait_until_up


def test_an_ehr_reads_the_record_with_a_fhir_client_library(migrated_url: str) -> None:
    ids = seed(migrated_url)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = serve(migrated_url, port)
    try:
        wait_until_up(base, server)
        token = httpx.post(f"{base}/api/auth/token", json={"username": "clin", "password": PASSWORD},
                           timeout=30).json()["access_token"]
        auth = {"Authorization": f"Bearer {token}"}
        patient = ids["a"]
        for body in ({"name": "oxycodone", "dose": 5, "unit": "mg", "per_day": 4, "status": "current"},
                     {"name": "gabapentin", "dose": 300, "unit": "mg", "per_day": 3, "status": "failed",
                      "effect": "no benefit"}):
            assert httpx.post(f"{base}/api/patients/{patient}/medications", json=body, headers=auth,
                              timeout=30).status_code == 201
        assert httpx.post(f"{base}/api/patients/{patient}/allergies", headers=auth, timeout=30, json={
            "substance": "morphine", "reaction": "itching", "severity": "mild"}).status_code == 201
        assert httpx.post(f"{base}/api/patients/{patient}/outcomes", headers=auth, timeout=30, json={
            "instrument": "nrs", "score": 7, "items": {"pain": 7}, "taken_at": "2026-03-01T09:00:00Z"}).status_code == 201
        ehr = FHIRServer(None, base_uri=f"{base}/fhir/")
        ehr.session.headers.update(auth)
        read = Patient.read(str(patient), ehr)
        assert read.name[0].family == "Alvarez" and read.identifier[0].value == "A-0001"
        meds = {m.medicationCodeableConcept.text: m
                for m in MedicationStatement.where({"patient": str(patient)}).perform_resources_iter(ehr)}
        assert meds["oxycodone"].status == "active" and "30 morphine" in meds["oxycodone"].note[0].text
        assert meds["gabapentin"].status == "stopped"
        allergies = list(AllergyIntolerance.where({"patient": str(patient)}).perform_resources_iter(ehr))
        assert [a.code.text for a in allergies] == ["morphine"]
        scores = list(Observation.where({"patient": str(patient), "code": "http://loinc.org|72514-3"})
                      .perform_resources_iter(ehr))
        assert [o.valueQuantity.value for o in scores] == [7]
        assert list(Procedure.where({"patient": str(patient)}).perform_resources_iter(ehr)) == []
        assert list(Goal.where({"patient": str(patient)}).perform_resources_iter(ehr)) == []
        everything = ehr.request_json(f"Patient/{patient}/$everything")
        assert everything["resourceType"] == "Bundle" and everything["entry"][0]["resource"]["id"] == str(patient)
        # the staged plan as a CarePlan, and a search paged one resource a page through the Bundle's next links
        assert httpx.post(f"{base}/api/assessments", json={"text": NOTE, "patient_id": patient}, headers=auth,
                          timeout=60).status_code == 201
        plans = list(CarePlan.where({"patient": str(patient)}).perform_resources_iter(ehr))
        assert [p.status for p in plans] == ["active"] and plans[0].subject.reference == f"Patient/{patient}"
        assert plans[0].activity and all(a.detail.status == "not-started" for a in plans[0].activity
                                         if not a.detail.doNotPerform)
        assert CarePlan.read(plans[0].id, ehr).id == plans[0].id
        assert httpx.post(f"{base}/api/patients/{patient}/outcomes", headers=auth, timeout=30, json={
            "instrument": "nrs", "score": 4, "items": {"pain": 4}, "taken_at": "2026-03-08T09:00:00Z"}).status_code == 201
        paging = Observation.where({"patient": str(patient), "_count": "1", "_sort": "-date"})
        pages = list(paging.perform_iter(ehr))
        assert len(pages) == 2 and [p.total for p in pages] == [2, 2]
        assert [o.valueQuantity.value for page in pages for o in (e.resource for e in page.entry)] == [4, 7]
        assert [link.relation for link in pages[1].link] == ["self", "previous"]
        other = httpx.get(f"{base}/fhir/MedicationStatement", params={"patient": ids["b"]}, headers=auth, timeout=30)
        assert other.status_code == 200 and other.json()["total"] == 0
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
