"""Booking, moving and cancelling appointments: the one scheduling use case behind the desk pages, the API and the
demo loader (issue 11, point 3).

Every booking passes the same rules, in the pure domain (``domain/scheduling.py``) with the policy in force
(``scheduling_policy.yaml`` and the clinic settings): not in the past, inside clinic hours, held same-day slots only
for the patients they are held for, a referral's triage level respected (an emergency is never booked; a time after
the level's window needs a reason, is audited and goes on the clinicians' worklist), and no collision with the
clinician's other appointments. The collision check here gives a readable message; the database itself refuses an
overlap (exclusion constraint on PostgreSQL, triggers on SQLite), so two desks booking the same time at the same
moment get one appointment and one refusal, whatever the check saw.

Times: a naive ``starts_at`` is clinic wall-clock time (the pages); an aware one is converted (the API).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any, Protocol

from painpath.domain.scheduling import (
    Busy,
    ClinicHours,
    SiteDay,
    WindowRule,
    after_window,
    collision,
    held_problem,
    outside_hours,
    site_problem,
)
from painpath.services.errors import Invalid, SlotTaken

log = logging.getLogger("painpath.scheduling")
ATTEMPTS = 3  # an auto-assigned clinician taken by a concurrent booking: try the next free one


class SchedulePolicy(Protocol):
    @property
    def hours(self) -> ClinicHours: ...

    @property
    def windows(self) -> dict[str, WindowRule]: ...

    @property
    def tz(self) -> tzinfo: ...

    @property
    def visit_minutes(self) -> dict[str, int]: ...

    def local(self, moment: datetime) -> datetime: ...

    def utc(self, local: datetime) -> datetime: ...

    def now(self) -> datetime: ...


class AppointmentRow(Protocol):
    id: int
    patient_id: int
    starts_at: datetime
    minutes: int
    kind: str
    clinician_id: int | None
    status: str
    note: str
    version: int
    site_id: int | None


class ReferralRow(Protocol):
    id: int
    patient_id: int
    triage_level: str
    status: str
    version: int


class ScheduleRepository(Protocol):
    """What the use case needs from storage (adapters/db/schedule_repo.py); one transaction until commit()."""

    def policy(self) -> SchedulePolicy: ...

    def active_clinicians(self) -> list[int]: ...

    def busy(self, policy: SchedulePolicy, day: date, *, exclude: int | None = None,
             kind: str | None = None) -> list[Busy]: ...

    def check_patient(self, patient_id: int) -> None: ...

    def sites(self) -> dict[int, SiteDay]: ...

    def works_at(self, clinician_id: int, day: date) -> list[int] | None: ...

    def referral(self, referral_id: int) -> ReferralRow: ...

    def open_referral(self, patient_id: int) -> ReferralRow | None: ...

    def referral_of(self, appointment_id: int) -> ReferralRow | None: ...

    def appointment(self, appointment_id: int, *, for_update: bool = False) -> AppointmentRow: ...

    def add_appointment(self, fields: dict[str, Any]) -> AppointmentRow: ...

    def edit_appointment(self, row: AppointmentRow, *, version: int, fields: dict[str, Any]) -> bool: ...

    def edit_referral(self, row: ReferralRow, fields: dict[str, Any]) -> None: ...

    def outside_window_alert(self, appointment: AppointmentRow, *, level: str, latest: date, when: datetime,
                             reason: str) -> None: ...

    def audit(self, action: str, record_type: str, record_id: object, patient_id: int | None) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...


@dataclass(frozen=True)
class Booking:
    """What to book: a time (naive = clinic time), length, kind, and optionally clinician, referral and the reason
    for a time after the referral's triage window."""

    starts_at: datetime
    minutes: int | None  # None: the session template of the kind (scheduling_policy.yaml: visit_minutes)
    kind: str
    clinician_id: int | None = None
    note: str = ""
    referral_id: int | None = None
    window_reason: str = ""
    site_id: int | None = None  # None: where the clinician works that day


class Scheduler:
    """The scheduling use case; each public method is one transaction (committed before it returns)."""

    def __init__(self, repo: ScheduleRepository, *, clock: Callable[[], datetime] | None = None,
                 after_free: Callable[[], object] | None = None) -> None:
        self.repo = repo
        self._clock = clock
        self._after_free = after_free  # e.g. the waitlist sweep: runs after a cancel or move has committed

    def _freed(self) -> None:
        """A time was freed and committed: let the waitlist offer it. Its failure never undoes the cancel or move
        (the sweep command offers the slot later)."""
        if self._after_free is None:
            return
        try:
            self._after_free()
        except Exception:  # logged: the freeing change is already committed
            log.exception("waitlist offer after a freed slot failed; `painpath clinic waitlist-sweep` retries it")

    def _now(self, policy: SchedulePolicy) -> datetime:
        return policy.local(self._clock()) if self._clock is not None else policy.now()

    @staticmethod
    def _local(policy: SchedulePolicy, moment: datetime) -> datetime:
        return policy.local(moment) if moment.tzinfo is not None else moment

    def _transaction(self, work: Callable[[], Any]) -> Any:
        try:
            result = work()
            self.repo.commit()
            return result
        except BaseException:
            self.repo.rollback()
            raise

    # -- rules -------------------------------------------------------------------------------------------
    def _refuse_unbookable(self, policy: SchedulePolicy, referral: ReferralRow | None) -> None:
        """The server, not only the page, refuses to book a level that must not wait for an appointment."""
        if referral is None:
            return
        rule = policy.windows.get(referral.triage_level)
        if rule is not None and not rule.bookable:
            raise Invalid(f"referral_id: this referral is triaged {referral.triage_level}: do not book it. "
                          f"{rule.instruction}")

    def _place(self, policy: SchedulePolicy, start: datetime, minutes: int, clinician_id: int | None,
               level: str | None, *, exclude: int | None, kind: str | None = None) -> int:
        """Check a span against every rule; returns the clinician it goes to (the first free one if none named)."""
        now = self._now(policy)
        if start < now:
            raise Invalid(f"starts_at: {start:%a %Y-%m-%d %H:%M} has passed: choose a later time")
        why = outside_hours(start, minutes, policy.hours)
        if why:
            raise Invalid(f"starts_at: {why}")
        clinicians = self.repo.active_clinicians()
        if clinician_id is not None and clinician_id not in clinicians:
            raise Invalid(f"clinician_id: {clinician_id} is not an active clinician; pick one from the list")
        if not clinicians:
            raise Invalid("clinician_id: the clinic has no active clinician to book with")
        held = held_problem(start, minutes, level, now, policy.hours)
        if held:
            raise Invalid(f"starts_at: {held}")
        busy = self.repo.busy(policy, start.date(), exclude=exclude, kind=kind)
        clash = collision(start, minutes, clinician_id, busy, clinicians)
        if clash is not None and clash.status == "blocked":
            raise SlotTaken(
                f"starts_at: {start:%a %Y-%m-%d %H:%M} is blocked time: {clash.label}, from "
                f"{clash.starts_at:%a %Y-%m-%d %H:%M} to {clash.ends_at:%a %Y-%m-%d %H:%M}: choose a free slot")
        if clash is not None:
            raise SlotTaken(
                f"starts_at: {start:%H:%M} collides with an appointment from {clash.starts_at:%H:%M} to "
                f"{clash.ends_at:%H:%M}{' with this clinician' if clinician_id else ''}: choose a free slot")
        if clinician_id is not None:
            return clinician_id
        return next(c for c in clinicians if collision(start, minutes, c, busy, clinicians) is None)

    def _site(self, clinician_id: int, start: datetime, minutes: int, wanted: int | None,
              current: int | None = None) -> int | None:
        """Where the visit is: the site asked for (refused when closed then or the clinician does not work there
        that day), else the current one while it still fits, else where the clinician works that day."""
        sites = self.repo.sites()
        if wanted is not None and wanted not in sites:
            raise Invalid(f"site_id: no site {wanted}; pick one of the clinic's sites")
        works = self.repo.works_at(clinician_id, start.date())
        if wanted is not None:
            problem = site_problem(sites[wanted], start, minutes, works)
            if problem:
                raise Invalid(f"site_id: {problem}")
            return wanted
        candidates = [c for c in ([current] if current is not None else []) + (works or []) if c in sites]
        for candidate in candidates:
            if site_problem(sites[candidate], start, minutes, works) is None:
                return candidate
        if works:  # the clinician works at a site that day, but none of them is open then
            raise Invalid(f"starts_at: {site_problem(sites[works[0]], start, minutes, works)}")
        return None

    def _window(self, policy: SchedulePolicy, referral: ReferralRow | None, start: datetime,
                reason: str) -> tuple[str, date] | None:
        """A time after the referral's triage window needs a reason; returns (level, latest) when it is after."""
        if referral is None:
            return None
        window = after_window(referral.triage_level, start.date(), self._now(policy).date(), policy.windows)
        if window is None or window.latest is None:
            return None
        if not reason.strip():
            raise Invalid(
                f"window_reason: this referral is triaged {referral.triage_level} and is to be seen "
                f"{window.describe()}; {start:%a %Y-%m-%d} is later. Choose a time inside the window, or say why "
                f"it cannot be (the reason is recorded and the clinicians are alerted)")
        return referral.triage_level, window.latest

    # -- use cases ---------------------------------------------------------------------------------------
    def book(self, patient_id: int, booking: Booking) -> AppointmentRow:
        """Book a time for a patient; the referral named (or the patient's referral waiting to be booked) is
        marked booked and its triage level decides the window."""
        attempts = ATTEMPTS if booking.clinician_id is None else 1
        for attempt in range(attempts):
            try:
                row: AppointmentRow = self._transaction(lambda: self._book(patient_id, booking))
                return row
            except SlotTaken:
                if attempt == attempts - 1:
                    raise
        raise AssertionError("unreachable")

    def _book(self, patient_id: int, booking: Booking) -> AppointmentRow:
        repo = self.repo
        repo.check_patient(patient_id)
        policy = repo.policy()
        referral = repo.referral(booking.referral_id) if booking.referral_id is not None else (
            repo.open_referral(patient_id))
        if referral is not None and referral.patient_id != patient_id:
            raise Invalid(f"referral_id: referral {referral.id} is for another patient")
        self._refuse_unbookable(policy, referral)
        start = self._local(policy, booking.starts_at)
        level = referral.triage_level if referral is not None else None
        minutes = booking.minutes or policy.visit_minutes.get(booking.kind, policy.hours.slot_minutes)
        clinician = self._place(policy, start, minutes, booking.clinician_id, level, exclude=None,
                                kind=booking.kind)
        site = self._site(clinician, start, minutes, booking.site_id)
        late = self._window(policy, referral, start, booking.window_reason)
        utc_start = policy.utc(start)
        row = repo.add_appointment({
            "patient_id": patient_id, "starts_at": utc_start, "minutes": minutes, "kind": booking.kind,
            "clinician_id": clinician, "status": "booked", "note": booking.note[:400],
            "ends_at": utc_start + timedelta(minutes=minutes), "site_id": site})
        repo.audit("create", "appointment", row.id, patient_id)
        if referral is not None:
            repo.edit_referral(referral, {"status": "booked", "appointment_id": row.id})
        if late is not None:
            repo.audit("book_late", "appointment", row.id, patient_id)
            repo.outside_window_alert(row, level=late[0], latest=late[1], when=start,
                                      reason=booking.window_reason.strip())
        return row

    def move(self, appointment_id: int, *, version: int, starts_at: datetime | None = None,
             minutes: int | None = None, clinician_id: int | None = None, keep_clinician: bool = False,
             window_reason: str = "", fields: dict[str, Any] | None = None,
             site_id: int | None = None) -> AppointmentRow:
        """Move (time, length, clinician) and edit an appointment; the new span passes every booking rule.
        ``keep_clinician`` keeps the current clinician when none is given (the API's partial update)."""

        def work() -> AppointmentRow:
            repo = self.repo
            row = repo.appointment(appointment_id, for_update=True)
            other = dict(fields or {})
            if "status" in other and other["status"] == "cancelled":
                raise Invalid("status: cancel with a reason (send status 'cancelled' and reason)")
            moving = starts_at is not None or minutes is not None or (
                clinician_id is not None and clinician_id != row.clinician_id) or (
                site_id is not None and site_id != row.site_id)
            if moving and row.status in ("cancelled", "done", "no_show"):
                raise Invalid(f"status: a {row.status.replace('_', '-')} appointment cannot be moved; book a new one")
            if moving and row.version == version:  # a stale version is refused below, with what changed
                policy = repo.policy()
                start = self._local(policy, starts_at) if starts_at is not None else policy.local(row.starts_at)
                length = minutes if minutes is not None else row.minutes
                wanted = clinician_id if clinician_id is not None else (row.clinician_id if keep_clinician else None)
                referral = repo.referral_of(row.id)
                self._refuse_unbookable(policy, referral)
                level = referral.triage_level if referral is not None else None
                placed = self._place(policy, start, length, wanted, level, exclude=row.id,
                                     kind=other.get("kind", row.kind))
                site = self._site(placed, start, length, site_id, current=row.site_id)
                late = self._window(policy, referral, start, window_reason)
                utc_start = policy.utc(start)
                other |= {"starts_at": utc_start, "minutes": length, "clinician_id": placed,
                          "ends_at": utc_start + timedelta(minutes=length), "site_id": site}
                repo.edit_appointment(row, version=version, fields=other)
                if late is not None:
                    repo.audit("book_late", "appointment", row.id, row.patient_id)
                    repo.outside_window_alert(row, level=late[0], latest=late[1], when=start,
                                              reason=window_reason.strip())
            else:
                repo.edit_appointment(row, version=version, fields=other)
            repo.audit("update", "appointment", row.id, row.patient_id)
            return row

        result: AppointmentRow = self._transaction(work)
        if starts_at is not None or minutes is not None or clinician_id is not None or site_id is not None:
            self._freed()
        return result

    def cancel(self, appointment_id: int, *, version: int, reason: str) -> AppointmentRow:
        """Cancel with a reason (kept with the appointment); a referral booked into it waits to be booked again."""

        def work() -> AppointmentRow:
            repo = self.repo
            row = repo.appointment(appointment_id, for_update=True)
            if not reason.strip():
                raise Invalid("reason: say why the appointment is cancelled (it is kept with the appointment)")
            if row.status == "cancelled" and row.version == version:
                raise Invalid("status: this appointment is already cancelled")
            note = f"cancelled: {reason.strip()}"
            if row.note:
                note = f"{row.note} | {note}"
            repo.edit_appointment(row, version=version, fields={"status": "cancelled", "note": note[:400]})
            repo.audit("update", "appointment", row.id, row.patient_id)
            referral = repo.referral_of(row.id)
            if referral is not None and referral.status == "booked":
                repo.edit_referral(referral, {"status": "new"})
            return row

        result: AppointmentRow = self._transaction(work)
        self._freed()
        return result
