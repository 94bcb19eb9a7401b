"""Intake and the front desk: referrals (triaged from their letter at once), history packets (the patient's
pre-visit history, draft then submitted and assessed), and the day's schedule (booking, moving and cancelling are
services/scheduling.py).

Every read and write goes through Store (audited, patient-scoped). The letter and the assessment are clinical:
the rows returned here carry them, and the web layer shows them only to roles with clinical access.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import case, select

from painpath.adapters.db.alerts import assessment_alert
from painpath.adapters.db.clinical_store import assessment_row
from painpath.adapters.db.schedule_repo import busy_between, clinic_policy
from painpath.adapters.db.store import Store, unit_of_work
from painpath.adapters.db.tables import (
    Appointment,
    Assessment,
    HistoryPacket,
    Patient,
    Referral,
    User,
)
from painpath.adapters.scheduling_policy import Policy
from painpath.domain.scheduling import LEVELS, Busy, after_window
from painpath.services.errors import Invalid, StaleWrite

OPEN_REFERRAL = ("new", "booked")


def _refuse_unbookable(policy: Policy, level: str, field: str) -> None:
    """The server, not only the page, refuses to book a triage level that must not wait for an appointment
    (an emergency): a form opened before the level was raised cannot book it and drop it off the list."""
    rule = policy.windows.get(level)
    if rule is not None and not rule.bookable:
        raise Invalid(f"{field}: this referral is triaged {level}: do not book it. {rule.instruction}")


LEVEL_RANK = {level: rank for rank, level in enumerate(LEVELS)}  # emergency first


@dataclass(frozen=True)
class ScheduledVisit:
    appointment: Appointment
    patient: Patient
    clinician: str


class IntakeRecords(Store):
    """Referrals, history packets and the desk's schedule."""

    # -- policy ----------------------------------------------------------------------------------------
    def policy(self) -> Policy:
        return clinic_policy(self.session)

    def clinicians(self) -> list[User]:
        return list(self.session.scalars(
            select(User).where(User.role == "clinician", User.active.is_(True)).order_by(User.display_name)))

    # -- referrals -------------------------------------------------------------------------------------
    def _store_assessment(self, patient_id: int, *, text: str | None, intake: dict[str, Any] | None,
                          output: dict[str, Any], source: str) -> Assessment:
        """Store an assessment the engine made outside the transaction (services/assessing.py): a proposal
        (``source`` referral or packet) until a clinician signs it off."""
        row = assessment_row(self.actor, patient_id, None, text=text, intake=intake, output=output, source=source)
        if row.created_by is None:
            raise Invalid("an assessment needs a signed-in user to record who made it")
        self.session.add(row)
        self.session.flush()
        self.audit("create", "assessment", row.id, patient_id)
        # an emergency or urgent letter or packet goes on the clinicians' worklist in the same transaction
        assessment_alert(self.session, patient_id=patient_id, assessment_id=row.id, output=output)
        return row

    @unit_of_work
    def check_referral(self, patient_id: int, *, source: str, letter: str) -> None:
        """What can be refused before the letter is read: the patient, the source, an empty letter."""
        self.patient(patient_id)
        if source not in ("referral", "self_booked"):
            raise Invalid("source must be 'referral' or 'self_booked'")
        if not letter.strip():
            raise Invalid("letter: paste the referral letter (or the patient's own words) so it can be triaged")

    @unit_of_work
    def store_referral(
        self,
        patient_id: int,
        *,
        source: str,
        referrer: str,
        received_on: date,
        letter: str,
        output: dict[str, Any],
    ) -> Referral:
        """Register a referral with its letter's assessment and the triage level stored with it."""
        self.patient(patient_id)
        assessment = self._store_assessment(patient_id, text=letter, intake=None, output=output, source="referral")
        row = Referral(
            patient_id=patient_id,
            source=source,
            referrer=referrer.strip(),
            received_on=received_on,
            letter=letter,
            assessment_id=assessment.id,
            triage_level=assessment.triage_level,
            status="new",
            appointment_id=None,
            created_by=self.actor.user_id,
            created_at=datetime.now(UTC),
            version=1,
        )
        self.session.add(row)
        self.session.flush()
        self.audit("create", "referral", row.id, patient_id)
        return row

    @unit_of_work
    def referrals(self, *, status: str | None = "new", limit: int = 200) -> list[tuple[Referral, Patient]]:
        """Referrals with their patient, most urgent first (emergency, urgent, soon, routine), then oldest first."""
        rank = case(LEVEL_RANK, value=Referral.triage_level, else_=len(LEVELS))
        stmt = select(Referral, Patient).join(Patient, Patient.id == Referral.patient_id)
        if status:
            stmt = stmt.where(Referral.status == status)
        stmt = stmt.order_by(rank, Referral.received_on, Referral.created_at, Referral.id).limit(limit)
        rows = [(r, p) for r, p in self.session.execute(stmt) if self.actor.may_access_patient(p.id)]
        self.audit("search", "referral", f"{len(rows)} {status or 'all'}", None)
        for referral, _ in rows:
            self.audit("read", "referral", referral.id, referral.patient_id)
        return rows

    @unit_of_work
    def get_referral(self, referral_id: int) -> tuple[Referral, Patient]:
        row = self.scoped(Referral, referral_id, "referral")
        self.audit("read", "referral", row.id, row.patient_id)
        return row, self.patient(row.patient_id)

    @unit_of_work
    def update_referral(self, referral_id: int, *, version: int, status: str | None,
                        appointment_id: int | None) -> Referral:
        """Mark a referral booked (with its appointment), back to new, or closed."""
        row = self.scoped(Referral, referral_id, "referral", for_update=True)
        fields: dict[str, Any] = {}
        if appointment_id is not None:
            _refuse_unbookable(self.policy(), row.triage_level, "appointment_id")
            appointment = self.session.get(Appointment, appointment_id)
            if appointment is None or appointment.patient_id != row.patient_id:
                raise Invalid(f"appointment_id {appointment_id} is not an appointment of this referral's patient")
            policy = self.policy()
            if after_window(row.triage_level, policy.local(appointment.starts_at).date(), policy.now().date(),
                            policy.windows) is not None:  # linking must not slip past the triage window's rule
                raise Invalid(f"appointment_id: {appointment_id} is after this {row.triage_level} referral's booking "
                              "window: book it with POST /api/patients/{id}/appointments, referral_id and a "
                              "window_reason (recorded, and the clinicians are alerted)")
            fields |= {"appointment_id": appointment_id, "status": status or "booked"}
        elif status is not None:
            if status == "booked":
                raise Invalid("status 'booked' needs the appointment_id of the booked appointment")
            fields["status"] = status
        self.apply_edit(row, "referral", version=version, fields=fields)
        self.audit("update", "referral", row.id, row.patient_id)
        return row

    def _open_referral(self, patient_id: int) -> Referral | None:
        return self.session.scalars(
            select(Referral).where(Referral.patient_id == patient_id, Referral.status.in_(OPEN_REFERRAL))
            .order_by(Referral.id.desc()).limit(1)
        ).first()

    @unit_of_work
    def open_referral(self, patient_id: int) -> Referral | None:
        self.patient(patient_id)
        row = self._open_referral(patient_id)
        if row is not None:
            self.audit("read", "referral", row.id, patient_id)
        return row

    # -- history packets -------------------------------------------------------------------------------
    def _latest_packet(self, patient_id: int, *, for_update: bool = False) -> HistoryPacket | None:
        stmt = select(HistoryPacket).where(HistoryPacket.patient_id == patient_id).order_by(
            HistoryPacket.id.desc()).limit(1)
        if for_update:
            stmt = stmt.with_for_update()
        return self.session.scalars(stmt).first()

    @unit_of_work
    def packet(self, patient_id: int) -> HistoryPacket | None:
        """The patient's latest history packet (draft or submitted), or None."""
        self.patient(patient_id)
        row = self._latest_packet(patient_id)
        self.audit("read", "history_packet", row.id if row else "none", patient_id)
        return row

    def _save(self, patient_id: int, version: int, content: dict[str, Any]) -> HistoryPacket:
        """Save the draft the writer saw (version); after a submission an edit starts a new draft."""
        self.patient(patient_id)
        latest = self._latest_packet(patient_id, for_update=True)
        current = latest.version if latest is not None else 0
        now = datetime.now(UTC)
        if latest is None or latest.status == "submitted":
            if version != current:
                raise StaleWrite(
                    f"the history packet changed since version {version} (it is now version {current}): "
                    f"reload it and send your changes with version {current}",
                    version=current,
                    changes=self.changes_since(latest, version) if latest is not None else [],
                )
            row = HistoryPacket(patient_id=patient_id, content=content, status="draft", submitted_at=None,
                                assessment_id=None, created_at=now, updated_at=now, version=1)
            self.session.add(row)
            self.session.flush()
            self.audit("create", "history_packet", row.id, patient_id)
            return row
        if self.apply_edit(latest, "history packet", version=version, fields={"content": content}):
            latest.updated_at = now
        self.audit("update", "history_packet", latest.id, patient_id)
        return latest

    @unit_of_work
    def packet_patient(self, patient_id: int) -> Patient:
        row = self.patient(patient_id)
        self.audit("read", "patient", row.id, row.id)
        return row

    @unit_of_work
    def save_packet(self, patient_id: int, *, version: int, content: dict[str, Any]) -> HistoryPacket:
        return self._save(patient_id, version, content)

    @unit_of_work
    def store_submitted_packet(
        self,
        patient_id: int,
        *,
        version: int,
        content: dict[str, Any],
        intake: dict[str, Any],
        output: dict[str, Any],
    ) -> tuple[HistoryPacket, Referral | None]:
        """Save and submit with the intake's assessment (made outside this transaction, services/assessing.py):
        red flags raise the triage level; a patient with no open referral gets a self-booked one so the desk sees
        their triage level; an open referral still waiting to be booked is raised to the packet's level when that
        is more urgent."""
        row = self._save(patient_id, version, content)
        assessment = self._store_assessment(patient_id, text=None, intake=intake, output=output, source="packet")
        self.apply_edit(row, "history packet", version=row.version, fields={
            "status": "submitted", "submitted_at": datetime.now(UTC), "assessment_id": assessment.id})
        self.audit("submit", "history_packet", row.id, patient_id)
        referral = self._open_referral(patient_id)
        level = assessment.triage_level
        if referral is None:
            referral = Referral(
                patient_id=patient_id, source="self_booked", referrer="", received_on=datetime.now(UTC).date(),
                letter="", assessment_id=assessment.id, triage_level=level, status="new", appointment_id=None,
                created_by=self.actor.user_id, created_at=datetime.now(UTC), version=1,
            )
            self.session.add(referral)
            self.session.flush()
            self.audit("create", "referral", referral.id, patient_id)
        elif referral.status == "new" and LEVEL_RANK.get(level, 9) < LEVEL_RANK.get(referral.triage_level, 9):
            self.apply_edit(referral, "referral", version=referral.version, fields={"triage_level": level})
            self.audit("update", "referral", referral.id, patient_id)
        return row, referral

    # -- schedule --------------------------------------------------------------------------------------
    def _day_bounds(self, policy: Policy, day: date) -> tuple[datetime, datetime]:
        start = policy.utc(datetime.combine(day, datetime.min.time()))
        return start, start + timedelta(days=1)

    def busy(self, policy: Policy, day: date, *, exclude: int | None = None) -> list[Busy]:
        """The day's appointments as the scheduler sees them (times only: no patient, nothing clinical)."""
        return busy_between(self.session, policy, day, exclude=exclude)

    @unit_of_work
    def busy_on(self, policy: Policy, day: date, *, exclude: int | None = None) -> list[Busy]:
        return self.busy(policy, day, exclude=exclude)

    @unit_of_work
    def day_schedule(self, policy: Policy, day: date) -> list[ScheduledVisit]:
        """The day's appointments with patient and clinician names, in time order (audited as a schedule read)."""
        start, end = self._day_bounds(policy, day)
        stmt = (
            select(Appointment, Patient, User.display_name)
            .join(Patient, Patient.id == Appointment.patient_id)
            .outerjoin(User, User.id == Appointment.clinician_id)
            .where(Appointment.starts_at >= start, Appointment.starts_at < end)
            .order_by(Appointment.starts_at, Appointment.id)
        )
        visits = [ScheduledVisit(a, p, name or "") for a, p, name in self.session.execute(stmt)
                  if self.actor.may_access_patient(p.id)]
        self.audit("read", "schedule", day.isoformat(), None)
        for v in visits:
            self.audit("read", "appointment", v.appointment.id, v.patient.id)
        return visits

    @unit_of_work
    def appointment(self, appointment_id: int) -> tuple[Appointment, Patient, str]:
        row = self.scoped(Appointment, appointment_id, "appointment")
        patient = self.patient(row.patient_id)
        clinician = self.session.get(User, row.clinician_id) if row.clinician_id else None
        self.audit("read", "appointment", row.id, row.patient_id)
        return row, patient, clinician.display_name if clinician else ""

    @unit_of_work
    def patient_appointments(self, patient_id: int) -> list[tuple[Appointment, str]]:
        self.patient(patient_id)
        stmt = (select(Appointment, User.display_name).outerjoin(User, User.id == Appointment.clinician_id)
                .where(Appointment.patient_id == patient_id).order_by(Appointment.starts_at, Appointment.id))
        rows = [(a, name or "") for a, name in self.session.execute(stmt)]
        self.audit("read", "appointments", patient_id, patient_id)
        return rows

    @unit_of_work
    def appointment_level(self, appointment_id: int) -> str | None:
        """The triage level of the referral booked into this appointment (None when it came without one)."""
        row = self.scoped(Appointment, appointment_id, "appointment")
        return self.session.scalars(select(Referral.triage_level).where(Referral.appointment_id == row.id)).first()

    @unit_of_work
    def appointment_changes(self, appointment_id: int, version: int) -> list[dict[str, Any]]:
        row = self.scoped(Appointment, appointment_id, "appointment")
        return self.changes_since(row, version)

