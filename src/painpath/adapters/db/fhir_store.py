"""Reads the FHIR API needs beyond the record stores: a patient's assessments with their plan decisions,
referrals and history packets, the names of the people who wrote them, and which patient a resource id belongs
to (so a read is scoped, and audited, like a search of that patient). Every patient read is audited."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from painpath.adapters.db.store import Store, unit_of_work
from painpath.adapters.db.tables import (
    Allergy,
    Appointment,
    Assessment,
    AuditEntry,
    Encounter,
    FunctionalGoal,
    HistoryPacket,
    Medication,
    OutcomeMeasurement,
    PlanDecision,
    Problem,
    ProcedureResponse,
    Referral,
    User,
)
from painpath.services.errors import NotFound

# FHIR resource type -> the table whose row id leads the resource id ("12", "12-3", "referral-12", ...)
OWNER_TABLES: dict[str, Any] = {
    "Encounter": Encounter, "MedicationStatement": Medication, "AllergyIntolerance": Allergy,
    "Procedure": ProcedureResponse, "Goal": FunctionalGoal, "Observation": OutcomeMeasurement,
    "QuestionnaireResponse": OutcomeMeasurement, "Appointment": Appointment, "Condition": Assessment,
    "Flag": Assessment, "RiskAssessment": Assessment, "CarePlan": Assessment, "Provenance": Assessment,
}
# DocumentReference and ServiceRequest ids say what they are: "<prefix>-<row id>[-...]"
PREFIXED_TABLES: dict[str, Any] = {"note": Encounter, "assessment": Assessment, "referral": Referral,
                                   "packet": HistoryPacket, "plan": Assessment}


class FhirReads(Store):
    @unit_of_work
    def plans(self, patient_id: int) -> tuple[list[Assessment], dict[int, list[PlanDecision]]]:
        """Every assessment of the patient (newest first) and the decisions taken on each (oldest first)."""
        self.patient(patient_id)
        rows = list(self.session.scalars(select(Assessment).where(Assessment.patient_id == patient_id)
                                         .order_by(Assessment.created_at.desc(), Assessment.id.desc())))
        decisions: dict[int, list[PlanDecision]] = {row.id: [] for row in rows}
        if rows:
            for decided in self.session.scalars(select(PlanDecision).where(
                    PlanDecision.assessment_id.in_(list(decisions))).order_by(PlanDecision.decided_at,
                                                                             PlanDecision.id)):
                decisions[decided.assessment_id].append(decided)
        self.audit("read", "assessments", patient_id, patient_id)
        return rows, decisions

    @unit_of_work
    def referrals(self, patient_id: int) -> list[Referral]:
        self.patient(patient_id)
        rows = list(self.session.scalars(select(Referral).where(Referral.patient_id == patient_id)
                                         .order_by(Referral.received_on.desc(), Referral.id.desc())))
        self.audit("read", "referrals", patient_id, patient_id)
        return rows

    @unit_of_work
    def packets(self, patient_id: int) -> list[HistoryPacket]:
        self.patient(patient_id)
        rows = list(self.session.scalars(select(HistoryPacket).where(HistoryPacket.patient_id == patient_id)
                                         .order_by(HistoryPacket.id.desc())))
        self.audit("read", "history_packets", patient_id, patient_id)
        return rows

    @unit_of_work
    def audit_entry(self, seq: int) -> AuditEntry:
        """One entry of the audit trail (administrators: the route checks the grant); reading it is audited."""
        row = self.session.get(AuditEntry, seq)
        if row is None:
            raise NotFound(f"no AuditEvent {seq}")
        self.audit("read", "audit_report", f"entry {seq}", None)
        return row

    def people(self) -> dict[int, tuple[str, str, int | None]]:
        """User id -> (display name, role, their patient id): who wrote, decided or signed (no patient data)."""
        return {u.id: (u.display_name, u.role, u.patient_id)
                for u in self.session.scalars(select(User))}

    def owner(self, kind: str, resource_id: str) -> int:
        """The patient a resource id belongs to, if this actor may reach it; NotFound otherwise (never which)."""
        head, _, rest = resource_id.partition("-")
        if kind in {"DocumentReference", "ServiceRequest"}:
            table = PREFIXED_TABLES.get(head)
            head = rest.partition("-")[0]
        elif kind == "Condition" and head == "problem":  # an imported problem: "problem-<id>"
            table, head = Problem, rest
        else:
            table = OWNER_TABLES.get(kind)
        row = (self.session.get(table, int(head)) if table is not None and head.isascii() and head.isdigit()
               and len(head) < 18 else None)
        patient_id = getattr(row, "patient_id", None)
        if kind == "DocumentReference" and resource_id.startswith("summary-") and rest.isascii() and rest.isdigit():
            patient_id = int(rest) if len(rest) < 18 else None
        if patient_id is None or not self.actor.may_access_patient(patient_id):
            raise NotFound(f"no {kind} {resource_id}")
        return int(patient_id)
