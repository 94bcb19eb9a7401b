"""Clinicians and sites as data, insurance plans and coverage, and a patient's contact preferences (issue 15).

Kept beside tables.py (same metadata) so the shared module grows by nothing: lists that are read whole (a
clinician's conditions, procedures, languages, sites and days, plans) are JSON on the row.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, CheckConstraint, Date, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from painpath.adapters.db.tables import Base, BigId, JSONType, UtcDateTime, Versioned


class Site(Versioned, Base):
    """A place the clinic sees patients: address and coordinates, opening hours, procedure rooms, plans taken."""

    __tablename__ = "sites"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    address: Mapped[str] = mapped_column(String(400), nullable=False, default="")
    latitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    longitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    opens: Mapped[str] = mapped_column(String(5), nullable=False)  # HH:MM clinic time
    closes: Mapped[str] = mapped_column(String(5), nullable=False)
    days: Mapped[list[int]] = mapped_column(JSONType, nullable=False)  # weekdays open, Monday = 0
    procedure_rooms: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    plans: Mapped[list[str]] = mapped_column(JSONType, nullable=False)  # insurance plan codes accepted here


class ClinicianProfile(Versioned, Base):
    """What a clinician does and where: conditions they focus on, procedures with the guidance they use,
    languages, sites and days, whether they take new patients, and the plans they accept."""

    __tablename__ = "clinician_profiles"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    focus: Mapped[list[str]] = mapped_column(JSONType, nullable=False)  # condition ids (conditions.yaml)
    # [{"id": plan option id, "guidance": ["fluoroscopy", "ultrasound", "ct"]}]
    procedures: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, nullable=False)
    languages: Mapped[list[str]] = mapped_column(JSONType, nullable=False)  # e.g. ["en", "es"]
    sessions: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, nullable=False)  # [{"site": code, "days": [..]}]
    accepting_new: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    plans: Mapped[list[str]] = mapped_column(JSONType, nullable=False)
    calendar_token: Mapped[str | None] = mapped_column(String(64), nullable=True, unique=True)  # SHA-256 of it


class InsurancePlan(Versioned, Base):
    __tablename__ = "insurance_plans"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True, nullable=False)
    payer: Mapped[str] = mapped_column(String(200), nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    rules: Mapped[str] = mapped_column(String(40), nullable=False)  # payer rule set id (payer_rules.yaml)


class Coverage(Versioned, Base):
    """A patient's insurance: plan, member id, valid dates, whether a referral is needed."""

    __tablename__ = "coverages"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True, nullable=False)
    plan_id: Mapped[int] = mapped_column(ForeignKey("insurance_plans.id"), nullable=False)
    member_id: Mapped[str] = mapped_column(String(60), nullable=False)
    valid_from: Mapped[date] = mapped_column(Date, nullable=False)
    valid_to: Mapped[date | None] = mapped_column(Date, nullable=True)
    referral_required: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)


class PatientPreference(Versioned, Base):
    """How to reach and where to see a patient: language, home coordinates (for distance), reminder choices."""

    __tablename__ = "patient_preferences"
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), primary_key=True)
    language: Mapped[str] = mapped_column(String(10), nullable=False, default="en")
    latitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    longitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    remind_by: Mapped[str] = mapped_column(String(10), nullable=False, default="email")  # email | sms | none
    calendar_token: Mapped[str | None] = mapped_column(String(64), nullable=True, unique=True)  # SHA-256 of it


class WaitlistEntry(Versioned, Base):
    """A patient waiting for an earlier slot (than their appointment, or than any yet): offered the first freed
    one in order of urgency, then of waiting time."""

    __tablename__ = "waitlist_entries"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True, nullable=False)
    appointment_id: Mapped[int | None] = mapped_column(ForeignKey("appointments.id"), nullable=True)
    triage_level: Mapped[str] = mapped_column(String(20), nullable=False)
    clinician_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    minutes: Mapped[int] = mapped_column(Integer, nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False)  # waiting | offered | booked | withdrawn
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)


class SlotOffer(Base):
    """A freed slot offered to one waiting patient until it expires (unique while open: never offered twice)."""

    __tablename__ = "slot_offers"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("waitlist_entries.id"), nullable=False)
    clinician_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    minutes: Mapped[int] = mapped_column(Integer, nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False)  # open | accepted | declined | expired
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)


class ReminderSent(Base):
    """One reminder sent: once per (kind, subject, channel), so sending twice sends nothing more."""

    __tablename__ = "reminders_sent"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)  # appointment | questionnaire
    subject: Mapped[str] = mapped_column(String(120), nullable=False)
    channel: Mapped[str] = mapped_column(String(10), nullable=False)
    sent_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)


class BlockedTime(Base):
    """Time that cannot be booked: a clinician's leave or meeting (clinician_id), or a procedure room held at a
    site (site_id), from starts_at to ends_at. The scheduler counts it as busy, so it is never offered or booked."""

    __tablename__ = "blocked_times"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)  # leave | meeting | other | room_hold
    clinician_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id"), nullable=True)
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    ends_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    note: Mapped[str] = mapped_column(String(200), nullable=False, default="")  # not clinical: "annual leave"
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    removed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)  # kept, for the record
    removed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    __table_args__ = (
        Index("ix_blocked_times_span", "starts_at", "ends_at"),
        CheckConstraint("ends_at > starts_at", name="ck_blocked_times_span"),
        CheckConstraint("(clinician_id IS NULL) <> (site_id IS NULL)", name="ck_blocked_times_whose"),
    )
