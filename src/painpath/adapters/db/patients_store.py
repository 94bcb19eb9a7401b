"""Patients (demographics and search), the chart, and reading appointments (booking, moving and cancelling are
services/scheduling.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, or_, select, text
from sqlalchemy.exc import IntegrityError

from painpath.adapters.db.store import Store, unit_of_work
from painpath.adapters.db.tables import (
    Allergy,
    Appointment,
    Assessment,
    Encounter,
    FunctionalGoal,
    Medication,
    OutcomeMeasurement,
    Patient,
    Problem,
    ProcedureResponse,
)
from painpath.domain.names import THRESHOLD, best_similarity
from painpath.services.errors import Invalid, NotFound

PATIENT_SORT = {
    "family_name": Patient.family_lower,
    "given_name": Patient.given_lower,
    "birth_date": Patient.birth_date,
    "mrn": Patient.mrn,
    "created_at": Patient.created_at,
}
APPOINTMENT_SORT = {"starts_at": Appointment.starts_at, "status": Appointment.status}
CHART_RECENT = 20


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class PatientRecords(Store):
    """Demographics and scheduling: what the front desk and clinicians share."""

    @unit_of_work
    def search(
        self,
        *,
        name: str | None,
        birth_date: date | None,
        mrn: str | None,
        sort: str,
        limit: int,
        offset: int,
    ) -> tuple[list[Patient], int]:
        """Find patients by name prefix (family or given, or 'family, given'), date of birth or record number."""
        stmt = select(Patient)
        if mrn:
            stmt = stmt.where(Patient.mrn == mrn.strip())
        if birth_date:
            stmt = stmt.where(Patient.birth_date == birth_date)
        if name and name.strip():
            parts = [p.strip().lower() for p in name.replace(",", " ").split() if p.strip()]
            for part in parts[:3]:
                like = _escape_like(part) + "%"
                stmt = stmt.where(
                    or_(
                        Patient.family_lower.like(like, escape="\\"),
                        Patient.given_lower.like(like, escape="\\"),
                    )
                )
        rows, total = self.page(stmt, sort=sort, sortable=PATIENT_SORT, limit=limit, offset=offset)
        self.audit("search", "patient", f"{len(rows)} of {total}", None)
        for row in rows:
            self.audit("read", "patient", row.id, row.id)
        return rows, total

    @unit_of_work
    def similar(self, name: str, *, limit: int = 10) -> list[Patient]:
        """Patients whose family or given name looks like a word of ``name`` (a misspelling: "Okafer" finds
        Okafor), closest first: pg_trgm with its GIN indexes on PostgreSQL, the same trigram similarity in
        Python on SQLite (painpath.domain.names). Audited as a search and a read of each patient listed."""
        words = [w.lower() for w in name.replace(",", " ").split() if len(w) >= 2][:3]
        if not words:
            return []
        if self.session.get_bind().dialect.name == "postgresql":
            rows = self._similar_postgresql(words, limit)
        else:
            candidates = self.session.execute(select(Patient.id, Patient.family_lower, Patient.given_lower)).all()
            scored = sorted(
                ((max(best_similarity(w, family, given) for w in words), family, given, pid)
                 for pid, family, given in candidates), key=lambda t: (-t[0], t[1], t[2], t[3]))
            ids = [pid for score, _f, _g, pid in scored if score >= THRESHOLD][:limit]
            found = {p.id: p for p in self.session.scalars(select(Patient).where(Patient.id.in_(ids)))}
            rows = [found[i] for i in ids]
        self.audit("search", "patient", f"{len(rows)} similar", None)
        for row in rows:
            self.audit("read", "patient", row.id, row.id)
        return rows

    def _similar_postgresql(self, words: list[str], limit: int) -> list[Patient]:
        schema = self.session.execute(text(
            "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
            "WHERE e.extname = 'pg_trgm'")).scalar_one()
        trgm = getattr(func, schema)
        like = f'OPERATOR("{schema}".%)'  # the indexed "similar to" operator (threshold 0.3 by default)
        matches = [column.op(like)(w) for w in words for column in (Patient.family_lower, Patient.given_lower)]
        closeness = func.greatest(*(trgm.similarity(column, w) for w in words
                                    for column in (Patient.family_lower, Patient.given_lower)))
        stmt = (select(Patient).where(or_(*matches))
                .order_by(closeness.desc(), Patient.family_lower, Patient.given_lower, Patient.id).limit(limit))
        return list(self.session.scalars(stmt))

    @unit_of_work
    def create(self, fields: dict[str, Any]) -> Patient:
        now = datetime.now(UTC)
        if self.session.scalar(select(Patient.id).where(Patient.mrn == fields["mrn"])) is not None:
            raise Invalid(
                f"record number {fields['mrn']!r} is already used by another patient: check the number"
            )
        row = Patient(
            **fields,
            family_lower=fields["family_name"].lower(),
            given_lower=fields["given_name"].lower(),
            created_at=now,
            updated_at=now,
            version=1,
        )
        self.session.add(row)
        try:
            self.session.flush()
        except IntegrityError as err:  # a concurrent create with the same record number
            raise Invalid(f"record number {fields['mrn']!r} is already used by another patient") from err
        self.audit("create", "patient", row.id, row.id)
        return row

    @unit_of_work
    def get(self, patient_id: int) -> Patient:
        row = self.patient(patient_id)
        self.audit("read", "patient", row.id, row.id)
        return row

    @unit_of_work
    def update(self, patient_id: int, *, version: int, fields: dict[str, Any]) -> Patient:
        if not self.actor.may_access_patient(patient_id):
            raise NotFound(f"no patient {patient_id}")
        row = self.session.get(Patient, patient_id, with_for_update=True)
        if row is None:
            raise NotFound(f"no patient {patient_id}")
        if (
            "mrn" in fields
            and fields["mrn"] != row.mrn
            and self.session.scalar(select(Patient.id).where(Patient.mrn == fields["mrn"])) is not None
        ):
            raise Invalid(f"record number {fields['mrn']!r} is already used by another patient")
        for name in ("family_name", "given_name"):
            if fields.get(name) is not None:
                fields[name.replace("_name", "_lower")] = fields[name].lower()
        if self.apply_edit(row, "patient", version=version, fields=fields):
            row.updated_at = datetime.now(UTC)
        self.audit("update", "patient", row.id, row.id)
        return row

    @unit_of_work
    def chart(self, patient_id: int) -> dict[str, Any]:
        """Everything a clinician opens at a visit, in one read (recent items first)."""
        patient = self.patient(patient_id)

        def recent(model: Any, order: Any, limit: int = CHART_RECENT) -> list[Any]:
            stmt = select(model).where(model.patient_id == patient_id).order_by(order.desc(), model.id.desc())
            return list(self.session.scalars(stmt.limit(limit)))

        chart = {
            "patient": patient,
            "encounters": recent(Encounter, Encounter.occurred_at),
            "assessments": recent(Assessment, Assessment.created_at),
            "medications": recent(Medication, Medication.created_at, 100),
            "allergies": [a for a in recent(Allergy, Allergy.created_at, 100) if a.removed_at is None],
            "problems": recent(Problem, Problem.created_at, 100),
            "procedures": recent(ProcedureResponse, ProcedureResponse.performed_on, 100),
            "outcomes": recent(OutcomeMeasurement, OutcomeMeasurement.taken_at, 50),
            "goals": recent(FunctionalGoal, FunctionalGoal.created_at, 100),
            "appointments": recent(Appointment, Appointment.starts_at),
        }
        self.audit("read", "chart", patient_id, patient_id)
        return chart

    # -- appointments ----------------------------------------------------------------------------------
    @unit_of_work
    def appointments(
        self, patient_id: int, *, sort: str, limit: int | None, offset: int
    ) -> tuple[list[Appointment], int]:
        self.patient(patient_id)
        stmt = select(Appointment).where(Appointment.patient_id == patient_id)
        rows, total = self.page(stmt, sort=sort, sortable=APPOINTMENT_SORT, limit=limit, offset=offset)
        self.audit("read", "appointments", patient_id, patient_id)
        return rows, total

    @unit_of_work
    def get_appointment(self, appointment_id: int) -> Appointment:
        row = self.scoped(Appointment, appointment_id, "appointment")
        self.audit("read", "appointment", row.id, row.patient_id)
        return row
