"""Who may do what: roles, permissions and the acting user (standard library only)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    CLINICIAN = "clinician"  # full clinical access
    FRONT_DESK = "front_desk"  # demographics and scheduling, no clinical content
    PATIENT = "patient"  # their own record and questionnaires only
    ADMIN = "admin"  # users, settings and the audit report; no clinical content
    THERAPIST = "therapist"  # physical therapist: reads the chart therapy needs, writes therapy notes and flares


class Perm(StrEnum):
    PATIENT_SEARCH = "patient:search"
    DEMOGRAPHICS_READ = "demographics:read"
    DEMOGRAPHICS_WRITE = "demographics:write"
    CLINICAL_READ = "clinical:read"
    CLINICAL_WRITE = "clinical:write"
    ASSESS = "clinical:assess"
    SCHEDULE_READ = "schedule:read"
    SCHEDULE_WRITE = "schedule:write"
    QUESTIONNAIRE_SUBMIT = "questionnaire:submit"
    USERS_MANAGE = "users:manage"
    SETTINGS_MANAGE = "settings:manage"
    AUDIT_READ = "audit:read"
    OUTCOME_REPORT = "reports:outcomes"  # clinic-wide aggregates: clinicians (small groups could identify)
    PRIOR_AUTH = "billing:prior_auth"  # what a payer asks for (diagnosis, blocks, scores): clinicians and the desk
    REMINDERS = "reminders:choose"  # how a patient is reminded (e-mail, SMS, none) and their calendar link
    BULK_EXPORT = "fhir:bulk-export"  # every patient's record as NDJSON files (FHIR Bulk Data): clinicians
    JOBS_MANAGE = "jobs:manage"  # background jobs: start one, see failures (dead letters), retry (admin)
    BLOCKED_TIME = "schedule:blocked_time"  # clinicians' leave and meetings, procedure-room holds (desk, admin)
    OFFER_ANSWER = "schedule:answer_offer"  # accept or decline a waitlist offer (the patient, or staff for them)
    THERAPY = "clinical:therapy"  # therapy notes and flare reports, the therapy page (therapists and clinicians)
    SELF = "self"  # any signed-in user: who am I, sign out


GRANTS: dict[Role, frozenset[Perm]] = {
    Role.CLINICIAN: frozenset(
        {
            Perm.PATIENT_SEARCH,
            Perm.DEMOGRAPHICS_READ,
            Perm.DEMOGRAPHICS_WRITE,
            Perm.CLINICAL_READ,
            Perm.CLINICAL_WRITE,
            Perm.ASSESS,
            Perm.SCHEDULE_READ,
            Perm.SCHEDULE_WRITE,
            Perm.QUESTIONNAIRE_SUBMIT,
            Perm.OUTCOME_REPORT,
            Perm.PRIOR_AUTH,
            Perm.REMINDERS,
            Perm.OFFER_ANSWER,
            Perm.BULK_EXPORT,
            Perm.THERAPY,
            Perm.SELF,
        }
    ),
    Role.FRONT_DESK: frozenset(
        {
            Perm.PATIENT_SEARCH,
            Perm.DEMOGRAPHICS_READ,
            Perm.DEMOGRAPHICS_WRITE,
            Perm.SCHEDULE_READ,
            Perm.SCHEDULE_WRITE,
            Perm.PRIOR_AUTH,
            Perm.REMINDERS,
            Perm.BLOCKED_TIME,
            Perm.OFFER_ANSWER,
            Perm.SELF,
        }
    ),
    # A patient's grants only ever reach their own record: Actor.may_access_patient enforces the scope.
    Role.PATIENT: frozenset(
        {
            Perm.DEMOGRAPHICS_READ,
            Perm.CLINICAL_READ,
            Perm.SCHEDULE_READ,
            Perm.QUESTIONNAIRE_SUBMIT,
            Perm.REMINDERS,
            Perm.OFFER_ANSWER,
            Perm.SELF,
        }
    ),
    # A physical therapist reads what therapy needs (the chart: diagnosis, plan, procedures, allergies, red flags)
    # and writes therapy notes and flare reports; no assessments, plan decisions, prescriptions or orders.
    Role.THERAPIST: frozenset(
        {
            Perm.PATIENT_SEARCH,
            Perm.DEMOGRAPHICS_READ,
            Perm.CLINICAL_READ,
            Perm.SCHEDULE_READ,
            Perm.THERAPY,
            Perm.SELF,
        }
    ),
    Role.ADMIN: frozenset({Perm.USERS_MANAGE, Perm.SETTINGS_MANAGE, Perm.AUDIT_READ, Perm.JOBS_MANAGE,
                           Perm.BLOCKED_TIME, Perm.SELF}),
}


@dataclass(frozen=True)
class Actor:
    """The signed-in user behind a request, and where the request came from (for the audit trail)."""

    user_id: int | None
    username: str
    role: Role
    patient_id: int | None = None
    ip: str = ""

    def has(self, perm: Perm) -> bool:
        return perm in GRANTS[self.role]

    def may_access_patient(self, patient_id: int | None) -> bool:
        """A patient reaches only their own record; staff roles reach any patient their grants allow."""
        if self.role is Role.PATIENT:
            return patient_id is not None and patient_id == self.patient_id
        return True


def own_account_problem(actor: Actor, user_id: int, fields: dict[str, object]) -> str | None:
    """Why an admin may not make this edit to their own account (disable it, or drop their admin role), or None:
    the clinic is never left without anyone who can manage accounts by one click."""
    if user_id == actor.user_id and (fields.get("active") is False or fields.get("role", "admin") != "admin"):
        return "you cannot disable your own account or remove your own admin role: ask another admin"
    return None


SYSTEM = Actor(user_id=None, username="system", role=Role.ADMIN, ip="local")
