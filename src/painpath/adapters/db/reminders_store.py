"""Appointment and questionnaire reminders (issue 15): each sent once per (kind, subject, channel), whatever how
often or how concurrently the sending runs; patients choose e-mail, SMS or none (opt out) in their preferences.

The text names no condition, treatment or questionnaire: only that an appointment or a questionnaire is waiting.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from importlib import resources

import yaml
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from painpath.adapters.db.schedule_repo import clinic_policy
from painpath.adapters.db.store import Store, unit_of_work
from painpath.adapters.db.tables import Appointment, Patient, User
from painpath.adapters.db.tables_providers import PatientPreference, ReminderSent
from painpath.adapters.notify import EmailSender, SmsSender
from painpath.domain.questionnaire_schedule import DueStatus


@dataclass(frozen=True)
class ReminderPolicy:
    appointment_lead_hours: int
    clinic_name: str


@functools.cache
def reminder_policy() -> ReminderPolicy:
    """How far ahead appointments are reminded of (scheduling_policy.yaml: reminders)."""
    data = yaml.safe_load((resources.files("painpath.adapters") / "scheduling_policy.yaml").read_text("utf-8"))
    section = data["reminders"]
    return ReminderPolicy(int(section["appointment_lead_hours"]), str(section["clinic_name"]))


@dataclass(frozen=True)
class Sent:
    kind: str
    subject: str
    channel: str
    patient_id: int


class Reminders(Store):
    """Sends what is due; every reminder is recorded in the transaction that sends it."""

    def _channel(self, patient: Patient, preference: PatientPreference | None) -> tuple[str, str] | None:
        choice = preference.remind_by if preference is not None else "email"
        if choice == "email" and patient.email:
            return "email", patient.email
        if choice == "sms" and patient.phone:
            return "sms", patient.phone
        return None  # opted out, or no address for the channel chosen

    def _send_once(self, patient: Patient, kind: str, subject: str, text: tuple[str, str], email: EmailSender,
                   sms: SmsSender, now: datetime) -> Sent | None:
        preference = self.session.get(PatientPreference, patient.id)
        channel = self._channel(patient, preference)
        if channel is None:
            return None
        try:
            self.session.add(ReminderSent(patient_id=patient.id, kind=kind, subject=subject, channel=channel[0],
                                          sent_at=now))
            self.session.flush()  # a concurrent run holding the same reminder makes this wait, then refuse
        except IntegrityError:
            self.session.rollback()
            return None
        try:
            if channel[0] == "email":
                email.send(channel[1], text[0], text[1])
            else:
                sms.send(channel[1], text[1])
        except Exception:
            self.session.rollback()  # not sent: not recorded, so the next run tries again
            raise
        self.audit("remind", kind, subject, patient.id)
        self.session.commit()
        return Sent(kind, subject, channel[0], patient.id)

    @unit_of_work
    def history(self, patient_id: int, *, limit: int = 50) -> list[ReminderSent]:
        """The reminders sent to a patient, newest first (what, when, how)."""
        self.patient(patient_id)
        rows = list(self.session.scalars(select(ReminderSent).where(ReminderSent.patient_id == patient_id)
                                         .order_by(ReminderSent.sent_at.desc(), ReminderSent.id.desc())
                                         .limit(limit)))
        self.audit("read", "reminders", patient_id, patient_id)
        return rows

    def send_due(self, email: EmailSender, sms: SmsSender, *, now: datetime | None = None) -> list[Sent]:
        """Appointment reminders for visits within the lead time, and reminders of questionnaires due today."""
        moment = now or datetime.now(UTC)
        settings = reminder_policy()
        policy = clinic_policy(self.session)
        sent: list[Sent] = []
        stmt = (select(Appointment, Patient, User.display_name).join(Patient, Patient.id == Appointment.patient_id)
                .outerjoin(User, User.id == Appointment.clinician_id)
                .where(Appointment.status == "booked", Appointment.starts_at > moment,
                       Appointment.starts_at <= moment + timedelta(hours=settings.appointment_lead_hours))
                .order_by(Appointment.starts_at))
        visits = list(self.session.execute(stmt))
        self.session.rollback()
        for appointment, patient, clinician in visits:
            local = policy.local(appointment.starts_at)
            subject = f"appointment:{appointment.id}:{appointment.starts_at:%Y%m%dT%H%M}"
            text = (f"{settings.clinic_name}: appointment reminder",
                    f"Hello {patient.given_name}, this is a reminder of your appointment at {settings.clinic_name} on "
                    f"{local:%A %Y-%m-%d at %H:%M}{' with ' + clinician if clinician else ''}. To change it, call "
                    "the clinic or use the patient portal.")
            done = self._send_once(patient, "appointment", subject, text, email, sms, moment)
            if done:
                sent.append(done)
        sent += self._questionnaires(email, sms, moment, settings)
        return sent

    def _questionnaires(self, email: EmailSender, sms: SmsSender, moment: datetime,
                        settings: ReminderPolicy) -> list[Sent]:
        from painpath.adapters.db.outcomes_store import OutcomeCare

        today = clinic_policy(self.session).local(moment).date()
        care = OutcomeCare(self.session, self.actor, audit_reads=False)
        patients = list(self.session.scalars(select(Patient).join(
            PatientPreference, PatientPreference.patient_id == Patient.id).where(
            PatientPreference.remind_by != "none")))
        due = {p.id: [d for d in care._due(p.id, today) if d.status in (DueStatus.DUE, DueStatus.OVERDUE)]
               for p in patients}
        self.session.rollback()
        sent = []
        for patient in patients:
            for item in due[patient.id]:
                subject = f"questionnaire:{patient.id}:{item.instrument}:{item.due_on.isoformat()}"
                text = (f"{settings.clinic_name}: a questionnaire is waiting",
                        f"Hello {patient.given_name}, a short questionnaire is waiting for you in the "
                        f"{settings.clinic_name} patient portal. It helps your care team see how you are doing.")
                done = self._send_once(patient, "questionnaire", subject, text, email, sms, moment)
                if done:
                    sent.append(done)
        return sent
