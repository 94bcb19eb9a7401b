"""FHIR searches with more than 1,000 matches (issue 14): no cap on a kind, totals right, next links to the end.

A patient with 1,234 questionnaire scores (written straight into the table: the API would score each one, and
this is about reading) is searched by a real FHIR client library (SMART's fhirclient, which parses every resource
into its strict R4 models) against a running server, every page walked through the Bundle's ``next`` links:
every resource appears exactly once and ``total`` is the number that match. A plain page of a row-per-resource
type is read by the database (LIMIT/OFFSET and a COUNT, FhirRecord.SQL_PAGED); a filtered or re-sorted one reads
every record and pages in Python; a test here checks that both answer the same pages."""

from __future__ import annotations

import signal
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from fhirclient.models.observation import Observation
from fhirclient.models.questionnaireresponse import QuestionnaireResponse
from fhirclient.server import FHIRServer
from sqlalchemy import insert, select

from painpath.adapters import fhir_r4, fhir_search
from painpath.adapters.db.database import make_engine, session_factory
from painpath.adapters.db.tables import Encounter, OutcomeMeasurement
from painpath.adapters.fhir_record import KINDS, RESOURCE_KIND, SQL_PAGED, FhirRecord
from painpath.adapters.knowledge_files import load_default
from painpath.services.access import Actor, Role
from tests.service.conftest import PASSWORD, seed
from tests.service.servers import free_port, serve, wait_until_up
from tests.service.test_fhir import _outside_check

SCORES = 1234


def _many_scores(url: str, patient: int, recorded_by: int) -> tuple[list[tuple[int, str, datetime]], datetime]:
    """SCORES measurements (NRS and PEG in turn, two at each minute: ties in the date), and one of another
    patient's; (id, instrument, taken_at) of each stored, and the first moment."""
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(days=30)
    rows = [{"patient_id": patient, "instrument": "nrs" if i % 2 == 0 else "peg", "score": float(i % 11),
             "band": None, "scoring": None, "items": {}, "taken_at": start + timedelta(minutes=i // 2),
             "body_site": None, "recorded_by": recorded_by, "created_at": start} for i in range(SCORES)]
    engine = make_engine(url)
    with session_factory(engine)() as session:
        session.execute(insert(OutcomeMeasurement), rows)
        session.execute(insert(OutcomeMeasurement), [{**rows[0], "patient_id": patient + 1}])
        session.commit()
        stored = [tuple(r) for r in session.execute(select(
            OutcomeMeasurement.id, OutcomeMeasurement.instrument, OutcomeMeasurement.taken_at)
            .where(OutcomeMeasurement.patient_id == patient))]
    engine.dispose()
    return stored, start


def _walk(search: Any, ehr: FHIRServer) -> tuple[list[Any], list[int]]:
    """Every page through the next links: the resources in order, and each page's total."""
    pages = list(search.perform_iter(ehr))
    return [e.resource for page in pages for e in page.entry or []], [page.total for page in pages]


def test_a_search_over_more_than_a_thousand_matches_pages_to_the_end(migrated_url: str) -> None:
    ids = seed(migrated_url)
    patient = ids["a"]
    stored, start = _many_scores(migrated_url, patient, ids["users"]["clin"])
    score_ids = [i for i, _, _ in stored]
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = serve(migrated_url, port)
    try:
        wait_until_up(base, server)
        token = httpx.post(f"{base}/api/auth/token", json={"username": "clin", "password": PASSWORD},
                           timeout=30).json()["access_token"]
        ehr = FHIRServer(None, base_uri=f"{base}/fhir/")
        ehr.session.headers.update({"Authorization": f"Bearer {token}"})

        # a plain search (paged by the database): all 1,234, newest first, 7 pages of 200
        found, totals = _walk(Observation.where({"patient": str(patient), "_count": "200"}), ehr)
        assert totals == [SCORES] * 7
        assert sorted(int(o.id) for o in found) == sorted(score_ids)  # each exactly once, no other patient's
        moments = [o.effectiveDateTime.datetime for o in found]
        assert moments == sorted(moments, reverse=True)

        # filtered by code and date and sorted oldest first (read in full, paged in Python): 1,234 / 2 NRS
        # scores, those from the 40th minute on
        since = start + timedelta(minutes=40)
        nrs = {i for i, instrument, taken_at in stored
               if instrument == "nrs" and taken_at.replace(tzinfo=UTC) >= since}
        found, totals = _walk(Observation.where({
            "patient": str(patient), "code": "http://loinc.org|72514-3", "date": f"ge{since:%Y-%m-%dT%H:%M:%SZ}",
            "_sort": "date", "_count": "100"}), ehr)
        assert len(nrs) == SCORES // 2 - 40 and totals == [len(nrs)] * 6
        assert sorted(int(o.id) for o in found) == sorted(nrs)
        moments = [o.effectiveDateTime.datetime for o in found]
        assert moments == sorted(moments) and moments[0] == since

        # a type built from the same rows that is never paged by the database
        responses, totals = _walk(QuestionnaireResponse.where({"patient": str(patient), "_count": "200"}), ehr)
        assert totals == [SCORES] * 7 and len({r.id for r in responses}) == SCORES

        # the last page links back and not on; what the client parsed passes the outside validator too
        last = httpx.get(f"{base}/fhir/Observation", params={"patient": patient, "_count": 200, "_offset": 1200},
                         headers={"Authorization": f"Bearer {token}"}, timeout=30).json()
        assert last["total"] == SCORES and len(last["entry"]) == SCORES - 1200
        assert [link["relation"] for link in last["link"]] == ["self", "previous"]
        _outside_check(None, {"last-page": last, **{f"observation-{i}": e["resource"]
                                                   for i, e in enumerate(last["entry"][:5])}})
        everything = httpx.get(f"{base}/fhir/Patient/{patient}/$everything", timeout=60,
                               headers={"Authorization": f"Bearer {token}"}).json()
        kinds = [e["resource"]["resourceType"] for e in everything["entry"]]
        assert kinds.count("Observation") == SCORES and kinds.count("QuestionnaireResponse") == SCORES
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


@pytest.mark.parametrize("resource_type", sorted(SQL_PAGED))
def test_a_page_read_by_the_database_is_the_page_the_full_search_answers(clinic: Any, resource_type: str) -> None:
    """For every type paged by the database, every page at several sizes equals the page of the full search
    (every record read, fhir_search.select), ties in the date included."""
    from tests.service.records import make_records

    pid = clinic.patient_a
    make_records(clinic, pid)
    post = lambda path, body: clinic.call("clinician", "POST", path, json=body)  # noqa: E731
    for i in range(5):  # ties: two of each on one date or moment
        day = f"2026-0{1 + i // 2}-1{i // 2}"
        assert post(f"/api/patients/{pid}/encounters", {"kind": "follow_up", "occurred_at": f"{day}T09:00:00Z",
                                                        "reason": f"visit {i}"}).status_code == 201
        assert post(f"/api/patients/{pid}/procedures", {"option_id": "epidural_steroid_injection",
                                                         "performed_on": day, "relief_percent": 50}).status_code == 201
        assert post(f"/api/patients/{pid}/medications", {"name": ["ibuprofen", "naproxen"][i % 2], "dose": 200,
                                                         "unit": "mg", "per_day": 2, "status": "current"}
                    ).status_code == 201
        assert post(f"/api/patients/{pid}/allergies", {"substance": ["latex", "penicillin"][i % 2],
                                                       "reaction": f"rash {i}"}).status_code == 201
        assert post(f"/api/patients/{pid}/outcomes", {"instrument": "nrs", "score": i, "items": {"pain": i},
                                                      "taken_at": f"{day}T10:00:00Z"}).status_code == 201
    with clinic.session() as session:
        assert session.scalar(select(Encounter.id).where(Encounter.patient_id == pid).limit(1)) is not None
        record = FhirRecord(session, Actor(clinic.user_ids.get("clin"), "clin", Role.CLINICIAN), load_default())
        allowed = fhir_r4.TYPE_SEARCH[resource_type]
        everything = record.of_type(resource_type, pid)
        assert len(everything) >= 6
        kind = RESOURCE_KIND[resource_type]
        assert KINDS[kind][0] == resource_type
        for sort in SQL_PAGED[resource_type]:
            for count in (1, 2, 4, 50):
                for offset in range(0, len(everything) + 2, count):
                    search = fhir_search.Search(sort=sort, count=count, offset=offset)
                    assert record.search(resource_type, pid, search) == fhir_search.select(
                        everything, search, allowed), (sort, count, offset)
