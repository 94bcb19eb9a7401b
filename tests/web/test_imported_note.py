# ruff: noqa: F811  (pytest fixtures imported from tests/service/conftest.py are used as parameters)
"""An imported note can be assessed: a referral letter that came in a FHIR transaction Bundle (DocumentReference)
is offered on the chart, the assess page opens on the stored note, and the assessment made from it reads that note
and is tied to the imported record; the same through the API."""

from __future__ import annotations

import re
from typing import Any

from painpath.adapters.fhir_r4 import checked
from tests.service.conftest import (  # noqa: F401  (fixtures)
    _cheap_password_hashing,
    clinic,
    database_url,
    migrated_url,
)
from tests.service.test_fhir_import import LETTER, bundle
from tests.web.test_clinic_pages import Browser, doctor  # noqa: F401  (fixture)


def test_an_imported_letter_is_assessed_from_the_chart_and_the_assessment_reads_it(clinic: Any,
                                                                                     doctor: Browser) -> None:
    imported = clinic.client.post("/fhir", json=bundle(), headers=clinic.headers("clinician"))
    assert imported.status_code == 200, imported.text
    patient_id = int(checked(imported.json())["entry"][0]["response"]["location"].split("/")[1])
    chart = doctor.get(f"/clinic/patients/{patient_id}")
    assert chart.status_code == 200
    outside = chart.text.split('id="outside-heading"', 1)[1].split("</section>", 1)[0]
    assert "Hypertension" in outside and "Referral note from Dr Ama Mensah" in outside
    link = re.search(rf'href="(/clinic/patients/{patient_id}/assess\?encounter=(\d+))"', outside)
    assert link is not None
    encounter_id = int(link.group(2))
    form = doctor.get(link.group(1))
    assert form.status_code == 200 and "saddle anaesthesia and new urinary retention" in form.text
    assert f'name="encounter_id" value="{encounter_id}"' in form.text
    # the form as the browser sends it: the note as the page showed it, the record it came from
    done = doctor.post(f"/clinic/patients/{patient_id}/assess",
                       {"mode": "note", "note": LETTER, "encounter_id": str(encounter_id)})
    assert done.status_code == 303, done.text
    found = re.match(r"/clinic/assessments/(\d+)", done.headers["location"])
    assert found is not None
    assessment_id = int(found.group(1))
    stored = clinic.call("clinician", "GET", f"/api/assessments/{assessment_id}").json()
    assert (stored["encounter_id"], stored["patient_id"]) == (encounter_id, patient_id)
    assert stored["input"]["text"] == LETTER
    assert stored["triage_level"] == "emergency"  # the letter's saddle anaesthesia and urinary retention
    assert any("cauda" in str(flag).lower() for flag in stored["output"]["red_flags"])
    # another patient's record is not opened on this patient's page
    assert doctor.get(f"/clinic/patients/{clinic.patient_a}/assess?encounter={encounter_id}").status_code == 404
    # the same through the API: the note read from the imported record, assessed with the record it came from
    note = clinic.call("clinician", "GET", f"/api/encounters/{encounter_id}").json()["note"]
    api = clinic.call("clinician", "POST", "/api/assessments",
                      json={"text": note, "patient_id": patient_id, "encounter_id": encounter_id})
    assert api.status_code == 201, api.text
    assert api.json()["triage"]["level"] == "emergency"
