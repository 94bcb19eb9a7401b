"""The scheduling repository: what services/scheduling.py reads and writes, in one transaction per use.

The database has the last word on collisions: an insert or update that overlaps an active appointment of the
same clinician is refused by the exclusion constraint (PostgreSQL) or the triggers (SQLite) of migration
0004_scheduling, and comes back here as SlotTaken.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError, IntegrityError

from painpath.adapters.db.alerts import raise_alert
from painpath.adapters.db.store import Store
from painpath.adapters.db.tables import Appointment, ClinicSetting, Referral, User
from painpath.adapters.db.tables_providers import BlockedTime, ClinicianProfile, Site
from painpath.adapters.scheduling_policy import Policy, policy_in_force
from painpath.domain.scheduling import INACTIVE_STATUSES, Busy, SiteDay, full_spans
from painpath.services.errors import SlotTaken

OVERLAP_MARKERS = ("appointments_no_overlap", "appointment_overlap")
TAKEN = "starts_at: this time was just taken by another booking for the clinician: choose another free slot"


def clinic_policy(session: Any) -> Policy:
    """The policy in force for this database (file defaults with the clinic settings)."""
    return policy_in_force({row.key: row.value for row in session.scalars(select(ClinicSetting))})


BLOCK_WORDS = {"leave": "on leave", "meeting": "in a meeting", "other": "not available",
               "room_hold": "a procedure room is held"}


def busy_between(session: Any, policy: Policy, day: date, *, exclude: int | None = None,
                 kind: str | None = None) -> list[Busy]:
    """The day's appointments and blocked time as the scheduler sees them (times only: no patient, nothing
    clinical): each clinician's leave and meetings; and, for a procedure (``kind``), the spans in which every
    procedure room of the site the clinician works at that day is taken by procedures or held."""
    start = policy.utc(datetime.combine(day, datetime.min.time()))
    end = start + timedelta(days=1)
    stmt = select(Appointment).where(Appointment.starts_at < end, Appointment.ends_at > start)
    appointments = [a for a in session.scalars(stmt) if a.id != exclude]
    out = [Busy(policy.local(a.starts_at), a.minutes, a.clinician_id, a.status) for a in appointments]
    blocks = list(session.scalars(select(BlockedTime).where(
        BlockedTime.starts_at < end, BlockedTime.ends_at > start, BlockedTime.removed_at.is_(None))
        .order_by(BlockedTime.starts_at, BlockedTime.id)))
    for b in blocks:
        if b.clinician_id is not None:
            out.append(Busy(policy.local(b.starts_at), _minutes(b.starts_at, b.ends_at), b.clinician_id, "blocked",
                            block_label(session, b)))
    if kind == "procedure":
        out += _rooms_full(session, policy, day, appointments, [b for b in blocks if b.site_id is not None])
    return out


def _minutes(start: datetime, end: datetime) -> int:
    return max(1, int((end - start).total_seconds() // 60))


def block_label(session: Any, block: BlockedTime) -> str:
    """What the desk reads about a block: whose, why, and the note ('Dr Osei is on leave (conference)')."""
    words = BLOCK_WORDS.get(block.kind, "not available")
    if block.clinician_id is not None:
        user = session.get(User, block.clinician_id)
        who = user.display_name if user is not None else f"clinician {block.clinician_id}"
        text = f"{who} is {words}"
    else:
        site = session.get(Site, block.site_id)
        text = f"{words} at {site.name if site is not None else f'site {block.site_id}'}"
    return f"{text} ({block.note})" if block.note else text


def site_day(site: Site) -> SiteDay:
    def hm(text: str) -> time:
        hour, minute = text.split(":")
        return time(int(hour), int(minute))

    return SiteDay(site.id, site.name, frozenset(site.days), hm(site.opens), hm(site.closes))


def working_site(session: Any, day: date) -> dict[int, Site]:
    """Where each clinician with a profile works on ``day`` (the first of their sessions that names the weekday)."""
    sites = {s.code: s for s in session.scalars(select(Site))}
    where: dict[int, Site] = {}
    for profile in session.scalars(select(ClinicianProfile).order_by(ClinicianProfile.user_id)):
        for work in profile.sessions:
            if day.weekday() in work.get("days", []) and work.get("site") in sites:
                where.setdefault(profile.user_id, sites[work["site"]])
    return where


def _rooms_full(session: Any, policy: Policy, day: date, appointments: list[Appointment],
                holds: list[BlockedTime]) -> list[Busy]:
    """For every clinician at a site that day: the spans in which all its procedure rooms are in use or held."""
    where = working_site(session, day)
    if not where:
        return []
    uses: dict[int, list[tuple[datetime, datetime]]] = {}
    for a in appointments:
        if a.kind != "procedure" or a.status in INACTIVE_STATUSES:
            continue
        site_id = a.site_id if a.site_id is not None else (
            where[a.clinician_id].id if a.clinician_id in where else None)
        if site_id is not None:
            uses.setdefault(site_id, []).append((policy.local(a.starts_at), policy.local(a.ends_at)))
    for h in holds:
        assert h.site_id is not None
        uses.setdefault(h.site_id, []).append((policy.local(h.starts_at), policy.local(h.ends_at)))
    out = []
    for site in {s.id: s for s in where.values()}.values():
        people = [c for c, s in where.items() if s.id == site.id]
        held = [h for h in holds if h.site_id == site.id]
        label = (f"{site.name} has no procedure room" if site.procedure_rooms <= 0 else
                 f"every procedure room at {site.name} is in use or held"
                 + (f" ({'; '.join(block_label(session, h) for h in held)})" if held else ""))
        for begin, finish in full_spans(uses.get(site.id, []), site.procedure_rooms, day):
            out += [Busy(begin, _minutes(begin, finish), c, "blocked", label) for c in people]
    return out


class SqlAlchemySchedule(Store):
    """Scheduling reads and writes for one actor; the service commits or rolls back."""

    def policy(self) -> Policy:
        return clinic_policy(self.session)

    def active_clinicians(self) -> list[int]:
        return list(self.session.scalars(
            select(User.id).where(User.role == "clinician", User.active.is_(True)).order_by(User.id)))

    def busy(self, policy: Any, day: date, *, exclude: int | None = None, kind: str | None = None) -> list[Busy]:
        return busy_between(self.session, policy, day, exclude=exclude, kind=kind)

    def check_patient(self, patient_id: int) -> None:
        self.patient(patient_id)

    def sites(self) -> dict[int, SiteDay]:
        return {s.id: site_day(s) for s in self.session.scalars(select(Site))}

    def works_at(self, clinician_id: int, day: date) -> list[int] | None:
        """The sites the clinician works at on this weekday, in the order of their sessions (None: no profile)."""
        profile = self.session.get(ClinicianProfile, clinician_id)
        if profile is None:
            return None
        codes = {s.code: s.id for s in self.session.scalars(select(Site))}
        return [codes[w["site"]] for w in profile.sessions
                if day.weekday() in w.get("days", []) and w.get("site") in codes]

    def referral(self, referral_id: int) -> Referral:
        return self.scoped(Referral, referral_id, "referral", for_update=True)

    def open_referral(self, patient_id: int) -> Referral | None:
        return self.session.scalars(
            select(Referral).where(Referral.patient_id == patient_id, Referral.status == "new")
            .order_by(Referral.id.desc()).limit(1).with_for_update()).first()

    def referral_of(self, appointment_id: int) -> Referral | None:
        return self.session.scalars(
            select(Referral).where(Referral.appointment_id == appointment_id).order_by(Referral.id.desc())
            .limit(1).with_for_update()).first()

    def appointment(self, appointment_id: int, *, for_update: bool = False) -> Appointment:
        return self.scoped(Appointment, appointment_id, "appointment", for_update=for_update)

    def _flush(self) -> None:
        try:
            with self.session.begin_nested():
                self.session.flush()
        except (IntegrityError, DBAPIError) as err:
            if any(marker in str(err.orig) for marker in OVERLAP_MARKERS):
                raise SlotTaken(TAKEN) from err
            # two bookings of one span checking the exclusion constraint at once: PostgreSQL aborts one of
            # them as a deadlock; the other is the booking that stands, so this one's time is taken
            if getattr(err.orig, "sqlstate", None) == "40P01" and "exclusion constraint" in str(err.orig):
                raise SlotTaken(TAKEN) from err
            raise

    def add_appointment(self, fields: dict[str, Any]) -> Appointment:
        row = Appointment(**fields, created_at=datetime.now(UTC), version=1)
        self.session.add(row)
        self._flush()
        return row

    def edit_appointment(self, row: Any, *, version: int, fields: dict[str, Any]) -> bool:
        changed = self.apply_edit(row, "appointment", version=version, fields=fields)
        if changed:
            self._flush()
        return changed

    def edit_referral(self, row: Any, fields: dict[str, Any]) -> None:
        if self.apply_edit(row, "referral", version=row.version, fields=fields):
            self.audit("update", "referral", row.id, row.patient_id)

    def outside_window_alert(self, appointment: Any, *, level: str, latest: date, when: datetime,
                             reason: str) -> None:
        """A booking after its referral's triage window goes on the clinicians' worklist with the reason."""
        booked_by = self.actor.username
        raise_alert(
            self.session, patient_id=appointment.patient_id, source="scheduling",
            source_id=f"late:{appointment.id}:{appointment.version}", level=level,
            title=f"Booked after the {level} window: {when:%a %Y-%m-%d %H:%M} (window ends {latest:%a %Y-%m-%d})",
            detail=f"Booked by {booked_by}. Reason given: {reason}\nCheck that the patient can safely wait, or "
                   "offer an earlier time.")

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()
