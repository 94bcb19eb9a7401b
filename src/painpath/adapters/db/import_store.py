"""Store an import plan (adapters/fhir_import.py) in one transaction: every entry, or none. A record already
imported under the same identifier is updated when the bundle changed it and left alone when not."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select

from painpath.adapters.db.store import Store, unit_of_work
from painpath.adapters.db.tables import (
    Allergy,
    Encounter,
    Medication,
    OutcomeMeasurement,
    Patient,
    Problem,
    ProcedureResponse,
)
from painpath.adapters.db.tables_bulk import FhirLink
from painpath.adapters.fhir_import import BundleRejected, ImportEntry, ImportPlan
from painpath.domain.names import search_key

MODELS: dict[str, Any] = {"patient": Patient, "medication": Medication, "allergy": Allergy,
                          "outcome": OutcomeMeasurement, "procedure": ProcedureResponse, "problem": Problem,
                          "document": Encounter}  # an outside document: an encounter of kind outside_record
AUDITED_AS = {"document": "encounter"}  # the audit names the table's record type
# fields an import may change on a record it created before (the rest are fixed once stored)
UPDATABLE = {
    "patient": ("family_name", "given_name", "birth_date", "sex", "phone", "email"),
    "medication": ("name", "dose", "unit", "per_day", "route", "status", "started_on", "stopped_on", "effect"),
    "allergy": ("substance", "reaction", "severity"),
    "outcome": ("score", "taken_at"),
    "procedure": ("performed_on", "relief_percent", "duration_hours"),
    "problem": ("text", "code_system", "code", "clinical_status", "onset_on"),
    "document": ("occurred_at", "reason", "note"),
}


class FhirImports(Store):
    @unit_of_work
    def apply(self, plan: ImportPlan) -> list[tuple[ImportEntry, str, int]]:
        """(entry, 'created' | 'updated' | 'unchanged', PainPath id) for each entry, in bundle order."""
        results: dict[int, tuple[ImportEntry, str, int]] = {}
        patients: dict[tuple[str, str], int] = {}
        for entry in [e for e in plan.entries if e.kind == "patient"]:
            outcome, record_id = self._patient(entry)
            patients[(entry.system, entry.value)] = record_id
            results[entry.index] = (entry, outcome, record_id)
        for entry in [e for e in plan.entries if e.kind != "patient"]:
            patient_id = self._patient_of(entry, patients)
            results[entry.index] = (entry, *self._record(entry, patient_id))
        return [results[i] for i in sorted(results)]

    # -- patients -------------------------------------------------------------------------------------------
    def _patient(self, entry: ImportEntry) -> tuple[str, int]:
        link = self._link("patient", entry)
        fields = dict(entry.fields)
        mrn = fields.pop("mrn") or f"EXT-{entry.value}"[:40]
        if link is not None:
            row = self.patient(link.record_id)
            return self._update("patient", row, fields), row.id
        taken = self.session.scalar(select(Patient).where(Patient.mrn == mrn))
        if taken is not None:
            raise BundleRejected([(f"Bundle.entry[{entry.index}].resource.identifier",
                                   f"record number {mrn} is already another patient's here; if it is the same "
                                   "person, refer to Patient/" + str(taken.id) + " instead of creating them")])
        now = datetime.now(UTC)
        row = Patient(mrn=mrn, family_lower=search_key(fields["family_name"]),
                      given_lower=search_key(fields["given_name"]),
                      created_at=now, updated_at=now, version=1, address=None, **fields)
        self.session.add(row)
        self.session.flush()
        self._remember("patient", entry, row.id)
        self.audit("import", "patient", row.id, row.id)
        return "created", row.id

    def _patient_of(self, entry: ImportEntry, in_bundle: dict[tuple[str, str], int]) -> int:
        where = f"Bundle.entry[{entry.index}].resource.subject"
        if isinstance(entry.patient, int):
            return self.patient(entry.patient).id  # NotFound when it does not exist or is out of reach
        if isinstance(entry.patient, tuple):
            if entry.patient in in_bundle:
                return in_bundle[entry.patient]
            system, value = entry.patient
            link = self.session.scalar(select(FhirLink).where(FhirLink.kind == "patient", FhirLink.system == system,
                                                              FhirLink.value == value))
            if link is not None:
                return self.patient(link.record_id).id
            if system == "urn:painpath:mrn":
                found = self.session.scalar(select(Patient.id).where(Patient.mrn == value))
                if found is not None:
                    return self.patient(int(found)).id
            raise BundleRejected([(where, f"no patient with identifier {system}|{value} here or in the bundle")])
        raise BundleRejected([(where, "refer to the patient")])

    # -- the record -----------------------------------------------------------------------------------------
    def _record(self, entry: ImportEntry, patient_id: int) -> tuple[str, int]:
        model = MODELS[entry.kind]
        link = self._link(entry.kind, entry)
        if link is not None:
            row = self.session.get(model, link.record_id)
            if row is not None and row.patient_id == patient_id:
                return self._update(entry.kind, row, entry.fields), row.id
            raise BundleRejected([(f"Bundle.entry[{entry.index}].resource.identifier",
                                   f"{entry.system}|{entry.value} was imported for another patient")])
        now = datetime.now(UTC)
        fields: dict[str, Any] = {"patient_id": patient_id, "created_at": now, **entry.fields}
        if entry.kind in {"allergy", "outcome", "procedure", "problem"}:
            assert self.actor.user_id is not None
            fields["recorded_by"] = self.actor.user_id
        if entry.kind == "outcome":
            fields |= {"band": None, "scoring": {"imported": True}, "items": {}, "body_site": None}
        if entry.kind == "procedure":
            last = self.session.scalar(select(func.max(ProcedureResponse.sequence)).where(
                ProcedureResponse.patient_id == patient_id, ProcedureResponse.option_id == fields["option_id"]))
            fields["sequence"] = int(last or 0) + 1
        row = model(**fields)
        self.session.add(row)
        self.session.flush()
        self._remember(entry.kind, entry, row.id)
        self.audit("import", AUDITED_AS.get(entry.kind, entry.kind), row.id, patient_id)
        return "created", row.id

    def _update(self, kind: str, row: Any, fields: dict[str, Any]) -> str:
        changed = {k: fields[k] for k in UPDATABLE[kind] if k in fields and getattr(row, k) != fields[k]}
        if not changed:
            return "unchanged"
        for key, value in changed.items():
            setattr(row, key, value)
        if kind == "patient":
            row.family_lower, row.given_lower = search_key(row.family_name), search_key(row.given_name)
            row.updated_at = datetime.now(UTC)
        if hasattr(row, "version"):
            row.version += 1
        self.audit("import", AUDITED_AS.get(kind, kind), row.id, row.id if kind == "patient" else row.patient_id)
        return "updated"

    def _link(self, kind: str, entry: ImportEntry) -> FhirLink | None:
        return self.session.scalar(select(FhirLink).where(FhirLink.kind == kind, FhirLink.system == entry.system,
                                                          FhirLink.value == entry.value))

    def _remember(self, kind: str, entry: ImportEntry, record_id: int) -> None:
        self.session.add(FhirLink(kind=kind, system=entry.system, value=entry.value, record_id=record_id,
                                  created_at=datetime.now(UTC)))
