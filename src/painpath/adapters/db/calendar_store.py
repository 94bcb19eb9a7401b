"""iCalendar feeds (issue 15): a patient's or a clinician's appointments behind a secret URL that can be revoked.

Only the SHA-256 of the secret is stored (as for sessions); a new link revokes the old one. A clinician's feed names
no patient (a calendar app is not a place for patient names): each visit is its kind and a reference number.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event
from sqlalchemy import select

from painpath.adapters.db.store import Store, unit_of_work
from painpath.adapters.db.tables import Appointment, User
from painpath.adapters.db.tables_providers import ClinicianProfile, PatientPreference, Site
from painpath.services.access import Actor, Role
from painpath.services.errors import Forbidden, Invalid, NotFound

PAST_DAYS, AHEAD_DAYS = 30, 180
FEED_ACTOR = Actor(user_id=None, username="calendar-feed", role=Role.ADMIN, ip="feed")


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarFeeds(Store):
    """Create, revoke and render feeds."""

    @unit_of_work
    def new_patient_link(self, patient_id: int) -> str:
        self.patient(patient_id)
        token = secrets.token_urlsafe(32)
        row = self.session.get(PatientPreference, patient_id, with_for_update=True)
        if row is None:
            row = PatientPreference(patient_id=patient_id, language="en", note="", remind_by="email", version=1)
            self.session.add(row)
        row.calendar_token = _digest(token)
        self.audit("create", "calendar_link", patient_id, patient_id)
        return token

    @unit_of_work
    def revoke_patient_link(self, patient_id: int) -> None:
        self.patient(patient_id)
        row = self.session.get(PatientPreference, patient_id, with_for_update=True)
        if row is not None:
            row.calendar_token = None
        self.audit("revoke", "calendar_link", patient_id, patient_id)

    def _own_profile(self, clinician_id: int) -> ClinicianProfile:
        if self.actor.user_id != clinician_id:
            raise Forbidden("a clinician makes or revokes only their own calendar link")
        row = self.session.get(ClinicianProfile, clinician_id, with_for_update=True)
        if row is None:
            raise Invalid("clinician_id: this clinician has no profile yet: the administrator adds it first")
        return row

    @unit_of_work
    def new_clinician_link(self, clinician_id: int) -> str:
        token = secrets.token_urlsafe(32)
        self._own_profile(clinician_id).calendar_token = _digest(token)
        return token

    @unit_of_work
    def revoke_clinician_link(self, clinician_id: int) -> None:
        self._own_profile(clinician_id).calendar_token = None

    @unit_of_work
    def feed(self, token: str, *, now: datetime | None = None) -> bytes:
        """The feed for a secret, or NotFound (unknown and revoked secrets look the same)."""
        digest = _digest(token)
        moment = now or datetime.now(UTC)
        window = (Appointment.starts_at >= moment - timedelta(days=PAST_DAYS),
                  Appointment.starts_at <= moment + timedelta(days=AHEAD_DAYS))
        calendar = Calendar()
        calendar.add("prodid", "-//PainPath//appointments//EN")
        calendar.add("version", "2.0")
        patient = self.session.scalars(select(PatientPreference).where(
            PatientPreference.calendar_token == digest)).first()
        if patient is not None:
            self.audit("read", "calendar_feed", patient.patient_id, patient.patient_id)
            return self._patient_ical(patient.patient_id, moment)
        profile = self.session.scalars(select(ClinicianProfile).where(
            ClinicianProfile.calendar_token == digest)).first()
        if profile is None:
            raise NotFound("no such calendar")
        calendar.add("x-wr-calname", "PainPath clinic")
        visits = select(Appointment).where(Appointment.clinician_id == profile.user_id, *window).order_by(
            Appointment.starts_at)
        for a in self.session.scalars(visits):
            calendar.add_component(_event(a, f"{a.kind.replace('_', ' ').capitalize()} visit (ref. {a.id})"))
        self.audit("read", "calendar_feed", f"clinician:{profile.user_id}", None)
        return bytes(calendar.to_ical())


    def _patient_ical(self, patient_id: int, moment: datetime) -> bytes:
        """A patient's appointments from PAST_DAYS ago to AHEAD_DAYS ahead, each with where to go."""
        calendar = Calendar()
        calendar.add("prodid", "-//PainPath//appointments//EN")
        calendar.add("version", "2.0")
        calendar.add("x-wr-calname", "My PainPath appointments")
        sites = {s.id: s for s in self.session.scalars(select(Site))}
        stmt = (select(Appointment, User.display_name).outerjoin(User, User.id == Appointment.clinician_id)
                .where(Appointment.patient_id == patient_id,
                       Appointment.starts_at >= moment - timedelta(days=PAST_DAYS),
                       Appointment.starts_at <= moment + timedelta(days=AHEAD_DAYS)).order_by(Appointment.starts_at))
        for a, clinician in self.session.execute(stmt):
            event = _event(a, f"Appointment{' with ' + clinician if clinician else ''}")
            site = sites.get(a.site_id) if a.site_id is not None else None
            if site is not None:
                event.add("location", f"{site.name}, {site.address}" if site.address else site.name)
            calendar.add_component(event)
        return bytes(calendar.to_ical())

    @unit_of_work
    def patient_calendar(self, patient_id: int, *, now: datetime | None = None) -> bytes:
        """The patient's appointments as one .ics file to download (no link to keep secret)."""
        self.patient(patient_id)
        self.audit("read", "appointments", patient_id, patient_id)
        return self._patient_ical(patient_id, now or datetime.now(UTC))


def _event(a: Appointment, summary: str) -> Event:
    event = Event()
    event.add("uid", f"appointment-{a.id}@painpath")
    event.add("dtstamp", a.created_at)
    event.add("dtstart", a.starts_at)
    event.add("dtend", a.ends_at)
    event.add("summary", summary)
    event.add("status", "CANCELLED" if a.status == "cancelled" else "CONFIRMED")
    event.add("sequence", a.version)
    return event
