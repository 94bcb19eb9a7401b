"""What the CDS Hooks services read from PainPath's record, through the audited stores (every read is a row in
the audit trail under the calling client's name), and the fetch from an EHR's FHIR server when it prefetched
nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import httpx
import yaml
from sqlalchemy.orm import Session

from painpath.adapters.db.cds_reads import CdsReads, PatientView
from painpath.adapters.db.clinical_store import ClinicalRecords
from painpath.domain.plan import ProcedureResponse
from painpath.services.access import Actor
from painpath.services.cds import CdsCatalog, PrefetchMissing, load_catalog

FETCH_TIMEOUT_SECONDS = 5.0


@cache
def catalog() -> CdsCatalog:
    return load_catalog(yaml.safe_load((Path(__file__).parent / "cds_hooks.yaml").read_text(encoding="utf-8")))


class StoreRecord:
    """PainPathRecord over the audited stores, as the CDS client's actor."""

    def __init__(self, session: Session, actor: Actor, *, audit_reads: bool = True) -> None:
        self.clinical = ClinicalRecords(session, actor, audit_reads=audit_reads)
        self.reads = CdsReads(session, actor, audit_reads=audit_reads)
        self.patient: Any = None  # the patient's row, held for the call (_hold)

    def find_patient(self, mrn: str) -> int | None:
        return self.reads.patient_by_mrn(mrn)

    def _hold(self, patient_id: int) -> None:
        """The patient row, held for the call: the session's identity map keeps rows only while something
        refers to them, and each read of the record checks the patient with session.get, which otherwise
        selected the same row again."""
        if self.patient is None or self.patient.id != patient_id:
            self.patient = self.clinical.patient(patient_id)

    def patient_view(self, patient_id: int, today: dt.date,
                     wants_medications: Callable[[dict[str, Any]], bool]) -> PatientView:
        """Everything patient-view shows, read at once (adapters/db/cds_reads.py) and audited as one read."""
        return self.reads.patient_view(patient_id, today=today, wants_medications=wants_medications)

    def latest_plan(self, patient_id: int) -> tuple[str | None, dict[str, Any]]:
        """The newest assessment's triage level (a proposal's emergency counts at once, as on Today) and the
        working assessment's plan (what a clinician has signed off)."""
        self._hold(patient_id)
        rows, _ = self.clinical.list_records("assessment", patient_id, sort="-created_at", limit=1, offset=0)
        if not rows:
            return None, {}
        working, _ = self.clinical.current_assessments(patient_id)
        plan = (working.output or {}).get("plan") if working is not None else None
        return rows[0].triage_level, dict(plan or {})

    def procedure_responses(self, patient_id: int) -> list[ProcedureResponse]:
        self._hold(patient_id)
        _, responses, _, _, _ = self.clinical.assessment_inputs(patient_id, None)
        return list(responses)


def fetch_fhir(server: str, query: str, token: str | None) -> dict[str, Any]:
    """GET one prefetch query from the EHR's FHIR server with the access token it sent (spec: fhirAuthorization)."""
    headers = {"Accept": "application/fhir+json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    try:
        response = httpx.get(f"{server}/{query}", headers=headers, timeout=FETCH_TIMEOUT_SECONDS)
    except httpx.HTTPError as exc:
        raise PrefetchMissing(f"the EHR's FHIR server could not be reached for {query}: {exc}") from None
    if response.status_code == 404:
        return {}
    if response.status_code != 200:
        raise PrefetchMissing(f"the EHR's FHIR server answered {response.status_code} for {query}")
    try:
        body = response.json()
    except ValueError:
        raise PrefetchMissing(f"the EHR's FHIR server sent no JSON for {query}") from None
    if not isinstance(body, dict):
        raise PrefetchMissing(f"the EHR's FHIR server sent no resource for {query}")
    return body

