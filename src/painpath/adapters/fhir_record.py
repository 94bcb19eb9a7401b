"""A patient's record as FHIR R4 resources, read through the audited stores: what /fhir searches answer, what
Patient/$everything bundles and what a bulk export writes (one code path for all three)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from painpath.adapters import fhir_r4
from painpath.adapters.db.clinical_store import ClinicalRecords
from painpath.adapters.db.patients_store import PatientRecords
from painpath.adapters.instrument_files import load_default_outcomes
from painpath.domain.model import KnowledgeBase
from painpath.domain.opioids import listed_with_mme
from painpath.domain.planning import planning_knowledge
from painpath.services.access import Actor

# record kind in the stores -> (FHIR resource type, newest-first sort)
KINDS: dict[str, tuple[str, str]] = {
    "encounter": ("Encounter", "-occurred_at"),
    "medication": ("MedicationStatement", "name"),
    "allergy": ("AllergyIntolerance", "substance"),
    "procedure": ("Procedure", "-performed_on"),
    "goal": ("Goal", "-created_at"),
    "outcome": ("Observation", "-taken_at"),
}
RESOURCE_KIND = {resource: kind for kind, (resource, _) in KINDS.items()}
ALL_OF_A_KIND = 1000  # $everything and bulk export: up to this many of each kind per patient


class FhirRecord:
    def __init__(self, session: Session, actor: Actor, kb: KnowledgeBase, *, audit_reads: bool = True) -> None:
        self.patients = PatientRecords(session, actor, audit_reads=audit_reads)
        self.clinical = ClinicalRecords(session, actor, audit_reads=audit_reads)
        self.kb = kb
        self.pk = planning_knowledge(kb)
        self.instruments = load_default_outcomes().instruments
        self.now = datetime.now(UTC)

    # -- one kind -----------------------------------------------------------------------------------------
    def search(self, kind: str, patient_id: int, count: int, *,
               keep: Callable[[Any], bool] | None = None) -> tuple[list[dict[str, Any]], int]:
        """The patient's records of one kind as resources, newest first, and how many there are."""
        limit = ALL_OF_A_KIND if keep is not None else count
        rows, total = self.clinical.list_records(kind, patient_id, sort=KINDS[kind][1], limit=limit, offset=0)
        rows = list(rows)
        if keep is not None:
            rows = [r for r in rows if keep(r)]
            total = len(rows)
        return self.build(kind, rows[:count]), total

    def build(self, kind: str, rows: list[Any]) -> list[dict[str, Any]]:
        if kind == "medication":
            listed, _ = listed_with_mme(self.kb, rows)
            return [fhir_r4.medication_statement(i["row"], i["mme"].mme_per_day if i["mme"] else None)
                    for i in listed]
        if kind == "encounter":
            return [fhir_r4.encounter(r, self.now) for r in rows]
        if kind == "allergy":
            return [fhir_r4.allergy_intolerance(r) for r in rows]
        if kind == "procedure":
            return [fhir_r4.procedure(r, self.option_label(r.option_id)) for r in rows]
        if kind == "goal":
            return [fhir_r4.goal(r) for r in rows]
        if kind == "outcome":
            return [self.observation(r) for r in rows]
        raise ValueError(f"no FHIR mapping for {kind!r}")

    def option_label(self, option: str) -> str:
        if self.pk is not None and option in self.pk.options:
            return self.pk.options[option].label
        return option.replace("_", " ")

    def observation(self, row: Any) -> dict[str, Any]:
        known = self.instruments.get(row.instrument)
        return fhir_r4.score_observation(row, known.label if known else row.instrument,
                                         known.loinc if known else None)

    def instruments_for(self, code: str) -> set[str]:
        """Instrument ids a token search names: system|code with LOINC or PainPath's system, or a bare code."""
        system, _, value = code.rpartition("|")
        return {i for i, d in self.instruments.items()
                if (system in {"", fhir_r4.LOINC} and d.loinc == value)
                or (system in {"", fhir_r4.INSTRUMENT_SYSTEM} and i == value)}

    def appointments(self, patient_id: int, count: int) -> tuple[list[dict[str, Any]], int]:
        rows, total = self.patients.appointments(patient_id, sort="-starts_at", limit=count, offset=0)
        return [fhir_r4.appointment(r) for r in rows], total

    def assessments(self, patient_id: int) -> tuple[Any, list[Any]]:
        """The working assessment and the proposals awaiting sign-off (newest first)."""
        return self.clinical.current_assessments(patient_id)

    # -- the whole record ---------------------------------------------------------------------------------
    def everything(self, patient_id: int, *, since: datetime | None = None) -> list[dict[str, Any]]:
        """The Patient, then every resource of their compartment (``since``: only records created or changed
        after it)."""
        patient = self.patients.get(patient_id)
        found = [fhir_r4.patient(patient)] if since is None or _after(patient.updated_at, since) else []
        for kind, (_, sort) in KINDS.items():
            rows, _ = self.clinical.list_records(kind, patient_id, sort=sort, limit=ALL_OF_A_KIND, offset=0)
            found += self.build(kind, [r for r in rows if since is None or _after(r.created_at, since)])
        working, pending = self.assessments(patient_id)
        leading = working if working is not None else (pending[0] if pending else None)
        if leading is not None and (since is None or _after(leading.created_at, since)):
            found += [*fhir_r4.conditions(leading), fhir_r4.risk_assessment(leading)]
        # red flags of the working assessment and of every proposal: never held back until sign-off
        for row in ([working] if working is not None else []) + pending:
            if since is None or _after(row.created_at, since):
                found += fhir_r4.flags(row)
        rows, _ = self.patients.appointments(patient_id, sort="-starts_at", limit=ALL_OF_A_KIND, offset=0)
        found += [fhir_r4.appointment(r) for r in rows if since is None or _after(r.created_at, since)]
        return found


def _after(moment: datetime, since: datetime) -> bool:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware > since
