"""The waitlist (issue 15): a patient waits for an earlier slot; when one frees (a cancellation, a move, an offer
that expired or was declined) the most urgent waiting patient is offered it, and the offer expires.

There is no job queue yet: ``sweep`` is a plain function, safe to run any number of times and at the same time
(it is called right after a freeing transaction commits and by `painpath clinic waitlist-sweep`). The database
makes "never offered twice" hold under concurrency: a partial unique index allows one open offer per slot and one
per patient; a sweep that loses the race skips that slot.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from importlib import resources
from typing import Any

import yaml
from sqlalchemy import String, cast, or_, select, text
from sqlalchemy.exc import IntegrityError

from painpath.adapters.db.schedule_repo import busy_between, clinic_policy
from painpath.adapters.db.store import Store, unit_of_work
from painpath.adapters.db.tables import Appointment, Referral, Revision
from painpath.adapters.db.tables_providers import SlotOffer, WaitlistEntry
from painpath.domain.scheduling import LEVELS, held_problem
from painpath.services.errors import Invalid, NotFound

ACTIVE = ("waiting", "offered")


@dataclass(frozen=True)
class WaitlistPolicy:
    offer_hours: int
    horizon_days: int


@functools.cache
def waitlist_policy() -> WaitlistPolicy:
    """How long an offer stands and how far ahead freed slots are offered (scheduling_policy.yaml: waitlist)."""
    data = yaml.safe_load((resources.files("painpath.adapters") / "scheduling_policy.yaml").read_text("utf-8"))
    section = data["waitlist"]
    return WaitlistPolicy(int(section["offer_hours"]), int(section["horizon_days"]))


def rank(entry: WaitlistEntry) -> tuple[int, datetime, int]:
    """Most urgent first, then longest waiting."""
    level = LEVELS.index(entry.triage_level) if entry.triage_level in LEVELS else len(LEVELS)
    return level, entry.created_at, entry.id


class Waitlist(Store):
    """Joining the waitlist, the offer sweep, accepting and declining offers."""

    @unit_of_work
    def join(self, patient_id: int, *, appointment_id: int | None, clinician_id: int | None, minutes: int | None,
             kind: str) -> WaitlistEntry:
        """Wait for an earlier slot than ``appointment_id`` (or for any slot); the level is the open referral's.
        A patient already waiting keeps their entry and place."""
        self.patient(patient_id)
        if appointment_id is not None:
            appointment = self.scoped(Appointment, appointment_id, "appointment")
            if appointment.patient_id != patient_id or appointment.status != "booked":
                raise Invalid(f"appointment_id: {appointment_id} is not a booked appointment of this patient")
        active = self.session.scalars(select(WaitlistEntry).where(
            WaitlistEntry.patient_id == patient_id, WaitlistEntry.status.in_(ACTIVE))).first()
        if active is not None:  # joining twice is one place on the list (a retried request changes nothing)
            self.audit("read", "waitlist", active.id, patient_id)
            return active
        level = self.session.scalar(select(Referral.triage_level).where(
            Referral.patient_id == patient_id, Referral.status.in_(("new", "booked"))).order_by(Referral.id.desc())
            .limit(1)) or "routine"
        if level == "emergency":
            raise Invalid("patient_id: an emergency referral is not put on a waitlist: send the patient to the "
                          "emergency department now")
        if minutes is None:
            policy = clinic_policy(self.session)
            minutes = policy.visit_minutes.get(kind, policy.hours.slot_minutes)
        row = WaitlistEntry(patient_id=patient_id, appointment_id=appointment_id, triage_level=level,
                            clinician_id=clinician_id, minutes=minutes, kind=kind, status="waiting",
                            created_at=datetime.now(UTC), version=1)
        self.session.add(row)
        self.session.flush()
        self.audit("create", "waitlist", row.id, patient_id)
        return row

    @unit_of_work
    def entries(self) -> list[WaitlistEntry]:
        rows = sorted(self.session.scalars(select(WaitlistEntry).where(WaitlistEntry.status.in_(ACTIVE))), key=rank)
        for row in rows:
            self.audit("read", "waitlist", row.id, row.patient_id)
        return rows

    # -- the sweep ------------------------------------------------------------------------------------------
    @unit_of_work
    def sweep(self, *, now: datetime | None = None) -> list[SlotOffer]:
        """Expire stale offers, then offer every freed, still-free slot to the most urgent waiting patient who has
        not been offered it before. Idempotent: a second run finds nothing new to do."""
        moment = now or datetime.now(UTC)
        if self.session.get_bind().dialect.name == "postgresql":
            # one sweep at a time (SQLite's writer lock already does this): concurrent sweeps taking offers and
            # entries in different orders could deadlock; the unique indexes still guard every offer
            self.session.execute(text("SELECT pg_advisory_xact_lock(hashtext('painpath_waitlist_sweep'))"))
        policy = clinic_policy(self.session)
        settings = waitlist_policy()
        for offer in self.session.scalars(select(SlotOffer).where(SlotOffer.status == "open",
                                                                  SlotOffer.expires_at <= moment).with_for_update()):
            offer.status = "expired"
            self._back_to_waiting(offer.entry_id)
        self.session.flush()
        horizon = moment + timedelta(days=settings.horizon_days)
        freed: dict[tuple[int, datetime], int] = {}
        for a in self.session.scalars(select(Appointment).where(
                Appointment.status == "cancelled", Appointment.clinician_id.is_not(None),
                Appointment.starts_at > moment, Appointment.starts_at < horizon).order_by(Appointment.starts_at)):
            assert a.clinician_id is not None
            freed.setdefault((a.clinician_id, a.starts_at), a.minutes)
        for o in self.session.scalars(select(SlotOffer).where(SlotOffer.status.in_(("expired", "declined")),
                                                              SlotOffer.starts_at > moment)):
            freed.setdefault((o.clinician_id, o.starts_at), o.minutes)
        for span in self._moved_from(moment, horizon):
            freed.setdefault(span[:2], span[2])
        made = []
        for (clinician, start), minutes in sorted(freed.items(), key=lambda kv: kv[0][1]):
            made_offer = self._offer(policy, clinician, start, minutes, moment, settings.offer_hours)
            if made_offer is not None:
                made.append(made_offer)
        return made

    def _moved_from(self, moment: datetime, horizon: datetime) -> list[tuple[int, datetime, int]]:
        """Times appointments were moved away from (the revision history keeps each move's old time)."""
        out = []
        stmt = (select(Revision, Appointment).join(Appointment, Revision.record_id == cast(Appointment.id, String))
                .where(Revision.table_name == "appointments", Revision.at > moment - timedelta(days=90)))
        for revision, appointment in self.session.execute(stmt):
            change = revision.changes.get("starts_at")
            if not change or not change[0]:
                continue
            old = datetime.fromisoformat(str(change[0]))
            old = old if old.tzinfo else old.replace(tzinfo=UTC)
            clinician = (revision.changes.get("clinician_id") or [appointment.clinician_id])[0]
            minutes = (revision.changes.get("minutes") or [appointment.minutes])[0]
            if clinician is not None and moment < old < horizon:
                out.append((int(clinician), old, int(minutes)))
        return out

    def _back_to_waiting(self, entry_id: int) -> None:
        entry = self.session.get(WaitlistEntry, entry_id, with_for_update=True)
        if entry is not None and entry.status == "offered":
            self.apply_edit(entry, "waitlist entry", version=entry.version, fields={"status": "waiting"})

    def _offer(self, policy: Any, clinician: int, start: datetime, minutes: int, now: datetime,
               offer_hours: int) -> SlotOffer | None:
        if self.session.scalar(select(SlotOffer.id).where(SlotOffer.clinician_id == clinician,
                                                          SlotOffer.starts_at == start, SlotOffer.status == "open")):
            return None  # on offer already
        local = policy.local(start)
        busy_for: dict[str | None, list[Any]] = {}

        def taken(kind: str | None, length: int) -> bool:
            """Booked again since it freed, or blocked (leave, a meeting, no procedure room for a procedure)."""
            if kind not in busy_for:
                busy_for[kind] = [b for b in busy_between(self.session, policy, local.date(), kind=kind)
                                  if b.clinician_id == clinician and b.status not in ("cancelled", "no_show")]
            return any(b.overlaps(local, length) for b in busy_for[kind])

        if taken(None, minutes):
            return None
        offered_before = {e for e, in self.session.execute(select(SlotOffer.entry_id).where(
            SlotOffer.clinician_id == clinician, SlotOffer.starts_at == start))}
        for entry in sorted(self.session.scalars(select(WaitlistEntry).where(
                WaitlistEntry.status == "waiting", WaitlistEntry.minutes <= minutes,
                or_(WaitlistEntry.clinician_id.is_(None), WaitlistEntry.clinician_id == clinician))), key=rank):
            if entry.id in offered_before or not self._earlier(entry, start):
                continue
            if entry.kind == "procedure" and taken("procedure", entry.minutes):
                continue
            if held_problem(local, entry.minutes, entry.triage_level, policy.local(now), policy.hours):
                continue
            offer = SlotOffer(entry_id=entry.id, clinician_id=clinician, starts_at=start, minutes=entry.minutes,
                              status="open", expires_at=min(now + timedelta(hours=offer_hours), start),
                              created_at=now)
            try:
                with self.session.begin_nested():
                    self.session.add(offer)
                    self.session.flush()
            except IntegrityError:
                return None  # a concurrent sweep offered this slot, or this patient, first
            self.apply_edit(entry, "waitlist entry", version=entry.version, fields={"status": "offered"})
            self.audit("offer", "waitlist", entry.id, entry.patient_id)
            return offer
        return None

    def _earlier(self, entry: WaitlistEntry, start: datetime) -> bool:
        if entry.appointment_id is None:
            return True
        current = self.session.get(Appointment, entry.appointment_id)
        return current is None or current.status != "booked" or start < current.starts_at

    # -- answering an offer ---------------------------------------------------------------------------------
    @unit_of_work
    def offers(self, *, now: datetime | None = None) -> list[tuple[SlotOffer, WaitlistEntry]]:
        """Open offers this actor may answer (a patient: their own), soonest slot first."""
        moment = now or datetime.now(UTC)
        stmt = (select(SlotOffer, WaitlistEntry).join(WaitlistEntry, WaitlistEntry.id == SlotOffer.entry_id)
                .where(SlotOffer.status == "open", SlotOffer.expires_at > moment).order_by(SlotOffer.starts_at))
        rows = [(o, e) for o, e in self.session.execute(stmt) if self.actor.may_access_patient(e.patient_id)]
        for _, entry in rows:
            self.audit("read", "waitlist", entry.id, entry.patient_id)
        return rows

    def _answerable(self, offer_id: int, now: datetime | None) -> tuple[SlotOffer, WaitlistEntry]:
        offer = self.session.get(SlotOffer, offer_id, with_for_update=True)
        entry = self.session.get(WaitlistEntry, offer.entry_id) if offer is not None else None
        if offer is None or entry is None or not self.actor.may_access_patient(entry.patient_id):
            raise NotFound(f"no offer {offer_id}")
        if offer.status == "open" and offer.expires_at <= (now or datetime.now(UTC)):
            expired = clinic_policy(self.session).local(offer.expires_at)
            raise Invalid(f"offer_id: this offer expired on {expired:%a %Y-%m-%d at %H:%M} and the time was passed "
                          "on; you are still on the waitlist for the next free time, or call the clinic")
        if offer.status != "open":
            raise Invalid(f"offer_id: this offer was already {offer.status}; nothing more to do")
        return offer, entry

    @unit_of_work
    def open_offer(self, offer_id: int, *, now: datetime | None = None) -> tuple[SlotOffer, WaitlistEntry]:
        return self._answerable(offer_id, now)

    @unit_of_work
    def decline(self, offer_id: int, *, now: datetime | None = None) -> tuple[SlotOffer, WaitlistEntry]:
        """The patient does not want this time: they keep waiting; the next sweep offers it to the next patient."""
        offer, entry = self._answerable(offer_id, now)
        offer.status = "declined"
        self.apply_edit(entry, "waitlist entry", version=entry.version, fields={"status": "waiting"})
        self.audit("declined", "waitlist", entry.id, entry.patient_id)
        return offer, entry

    @unit_of_work
    def close_offer(self, offer_id: int, *, status: str) -> SlotOffer:
        """Mark an offer accepted (the entry is booked) or declined (the entry waits again, the slot is re-offered)."""
        offer = self.session.get(SlotOffer, offer_id, with_for_update=True)
        if offer is None:
            raise NotFound(f"no offer {offer_id}")
        entry = self.session.get(WaitlistEntry, offer.entry_id, with_for_update=True)
        assert entry is not None
        offer.status = status
        self.apply_edit(entry, "waitlist entry", version=entry.version,
                        fields={"status": "booked" if status == "accepted" else "waiting"})
        self.audit(status, "waitlist", entry.id, entry.patient_id)
        return offer


def accept_offer(waitlist: Waitlist, scheduler: Any, offer_id: int, *, window_reason: str = "") -> Any:
    """Book the offered slot for the patient (moving their later appointment, or a new booking) through the
    scheduling service, so every booking rule still applies; then close the offer. Returns the appointment."""
    from painpath.services.scheduling import Booking

    offer, entry = waitlist.open_offer(offer_id)
    if entry.appointment_id is not None:
        current = scheduler.repo.appointment(entry.appointment_id)
        scheduler.repo.rollback()
        row = scheduler.move(entry.appointment_id, version=current.version, starts_at=offer.starts_at,
                             clinician_id=offer.clinician_id, window_reason=window_reason)
    else:
        row = scheduler.book(entry.patient_id, Booking(starts_at=offer.starts_at, minutes=offer.minutes,
                                                       kind=entry.kind, clinician_id=offer.clinician_id,
                                                       window_reason=window_reason))
    waitlist.close_offer(offer_id, status="accepted")
    return row
