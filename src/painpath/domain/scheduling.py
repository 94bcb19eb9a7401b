"""Clinic scheduling: free slots for a day, same-day slots held back for urgent patients, and when each triage
level may be booked (standard library only; times are the clinic's local wall-clock time, without a zone).

A day is cut into slots of ``slot_minutes`` from ``opens`` to ``closes``, one column per clinician. The last
``held_for_urgent`` slots of each clinician's day are held back for same-day urgent patients: they are offered
to urgent referrals, and to anyone else only on the day itself after ``release_held_at`` (an unused held slot
is not wasted). An appointment with a clinician blocks that clinician's overlapping slots; one without a
clinician takes the first clinician who is free at that time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

LEVELS = ("emergency", "urgent", "soon", "routine")
INACTIVE_STATUSES = frozenset({"cancelled", "no_show"})


@dataclass(frozen=True)
class ClinicHours:
    """Opening hours and slot policy (defaults: scheduling_policy.yaml, a practice-policy estimate)."""

    opens: time = time(8, 30)
    closes: time = time(17, 0)
    slot_minutes: int = 30
    held_for_urgent: int = 2
    release_held_at: time = time(12, 0)
    working_days: frozenset[int] = frozenset({0, 1, 2, 3, 4})  # Monday = 0

    def __post_init__(self) -> None:
        if not 5 <= self.slot_minutes <= 240:
            raise ValueError(f"slot_minutes must be between 5 and 240, not {self.slot_minutes}")
        if self.closes <= self.opens:
            raise ValueError(f"closes ({self.closes:%H:%M}) must be after opens ({self.opens:%H:%M})")
        if self.held_for_urgent < 0 or self.held_for_urgent > len(self.slot_starts(date(2026, 1, 5))):
            raise ValueError(f"held_for_urgent must be between 0 and the number of slots a day, not "
                             f"{self.held_for_urgent}")
        if not self.working_days or not self.working_days <= set(range(7)):
            raise ValueError("working_days must name at least one weekday, 0 (Monday) to 6 (Sunday)")

    def is_open(self, day: date) -> bool:
        return day.weekday() in self.working_days

    def slot_starts(self, day: date) -> list[datetime]:
        """Every slot start of the day (empty on a closed day)."""
        if day.weekday() not in self.working_days:
            return []
        step = timedelta(minutes=self.slot_minutes)
        start, end = datetime.combine(day, self.opens), datetime.combine(day, self.closes)
        out = []
        while start + step <= end:
            out.append(start)
            start += step
        return out

    def held_starts(self, day: date) -> set[datetime]:
        starts = self.slot_starts(day)
        return set(starts[len(starts) - self.held_for_urgent:]) if self.held_for_urgent else set()


@dataclass(frozen=True)
class Busy:
    """An existing appointment, in clinic local time; or blocked time (status 'blocked': a clinician's leave or
    meeting, or no procedure room free), which ``label`` describes for the person booking."""

    starts_at: datetime
    minutes: int
    clinician_id: int | None = None
    status: str = "booked"
    label: str = ""

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.minutes)

    def overlaps(self, start: datetime, minutes: int) -> bool:
        return self.starts_at < start + timedelta(minutes=minutes) and start < self.ends_at


@dataclass(frozen=True)
class Slot:
    starts_at: datetime
    minutes: int
    clinician_id: int | None
    held: bool  # held back for same-day urgent patients

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.minutes)

    @property
    def key(self) -> str:
        """How a form names the slot: local start time and clinician (e.g. '2026-12-01T16:00|3')."""
        return f"{self.starts_at:%Y-%m-%dT%H:%M}|{self.clinician_id if self.clinician_id is not None else ''}"


def _active(busy: Iterable[Busy]) -> list[Busy]:
    return [b for b in busy if b.status not in INACTIVE_STATUSES]


def _assign(busy: Iterable[Busy], clinicians: Sequence[int]) -> dict[int | None, list[Busy]]:
    """Who each appointment occupies: its clinician, or the first clinician free at that time."""
    active = _active(busy)
    by: dict[int | None, list[Busy]] = {c: [] for c in clinicians}
    for b in active:
        if b.clinician_id is not None:
            by.setdefault(b.clinician_id, []).append(b)
    for b in sorted((b for b in active if b.clinician_id is None), key=lambda b: b.starts_at):
        for c in clinicians:
            if not any(o.overlaps(b.starts_at, b.minutes) for o in by[c]):
                by[c].append(b)
                break
        else:
            by.setdefault(None, []).append(b)  # more unassigned appointments than clinicians: overbooked
    return by


def free_slots(
    day: date,
    hours: ClinicHours,
    busy: Iterable[Busy],
    clinicians: Sequence[int],
    *,
    now: datetime | None = None,
    minutes: int | None = None,
) -> list[Slot]:
    """The day's free slots for each clinician, earliest first (slots that started before ``now`` are gone).

    ``minutes`` is the length of the visit to place (default: one slot). A start is offered only when the whole
    visit is free with that clinician and ends by closing time; it counts as held when the visit covers a held
    same-day slot, so that what is offered is exactly what the booking rules accept."""
    length = minutes or hours.slot_minutes
    span = timedelta(minutes=length)
    step = timedelta(minutes=hours.slot_minutes)
    held = hours.held_starts(day)
    by = _assign(busy, clinicians)
    out = []
    for start in hours.slot_starts(day):
        if now is not None and start < now:
            continue
        if outside_hours(start, length, hours):
            continue
        covers_held = any(start < h + step and h < start + span for h in held)
        for c in clinicians:
            if not any(b.overlaps(start, length) for b in by[c]):
                out.append(Slot(start, length, c, covers_held))
    return out


def collision(
    start: datetime, minutes: int, clinician_id: int | None, busy: Iterable[Busy], clinicians: Sequence[int]
) -> Busy | None:
    """The appointment that a booking at ``start`` would collide with, or None when it fits.
    Without a clinician the booking collides only when every clinician is busy at that time."""
    by = _assign(busy, clinicians)
    if clinician_id is not None:
        return next((b for b in by.get(clinician_id, []) if b.overlaps(start, minutes)), None)
    clashes = [next((b for b in by[c] if b.overlaps(start, minutes)), None) for c in clinicians]
    if clinicians and any(c is None for c in clashes):
        return None
    return next((b for b in clashes if b is not None), None) or next(
        (b for b in by.get(None, []) if b.overlaps(start, minutes)), None)


def full_spans(uses: Iterable[tuple[datetime, datetime]], rooms: int, day: date) -> list[tuple[datetime, datetime]]:
    """The spans of ``day`` in which every one of a site's ``rooms`` procedure rooms is taken by ``uses`` (procedures
    booked there and rooms held), earliest first; the whole day when the site has no procedure room."""
    day_start = datetime.combine(day, time(0, 0))
    day_end = day_start + timedelta(days=1)
    if rooms <= 0:
        return [(day_start, day_end)]
    events: list[tuple[datetime, int]] = []
    for start, end in uses:
        start, end = max(start, day_start), min(end, day_end)
        if start < end:
            events += [(start, 1), (end, -1)]
    events.sort(key=lambda e: (e[0], e[1]))  # an end before a start at the same moment: back-to-back is free
    out: list[tuple[datetime, datetime]] = []
    count, opened = 0, None
    for moment, step in events:
        count += step
        if count >= rooms and opened is None:
            opened = moment
        elif count < rooms and opened is not None:
            if out and out[-1][1] == opened:  # one use handing the room over to the next: one full span
                out[-1] = (out[-1][0], moment)
            elif opened < moment:
                out.append((opened, moment))
            opened = None
    return out


@dataclass(frozen=True)
class SiteDay:
    """What booking needs of a site: its name, the weekdays it is open and its hours (clinic time)."""

    id: int
    name: str
    days: frozenset[int]
    opens: time
    closes: time


def site_problem(site: SiteDay, start: datetime, minutes: int, works_at: Sequence[int] | None) -> str | None:
    """Why a visit cannot be at this site (None: it can). ``works_at``: the sites the clinician works at that
    weekday (None: the clinician has no profile, so any site)."""
    end = start + timedelta(minutes=minutes)
    if start.weekday() not in site.days:
        return f"{site.name} is closed on {start:%A}s: choose another site or day"
    if start.time() < site.opens or end.time() > site.closes or end.date() != start.date():
        return (f"{site.name} is open {site.opens:%H:%M} to {site.closes:%H:%M}: choose a time within these hours "
                "or another site")
    if works_at is not None and site.id not in works_at:
        return f"the clinician does not work at {site.name} on {start:%A}s: choose another site or clinician"
    return None


def outside_hours(start: datetime, minutes: int, hours: ClinicHours) -> str | None:
    """Why a time cannot be booked at all (closed day, before opening, after closing), or None."""
    if not hours.is_open(start.date()):
        return f"the clinic is closed on {start:%A}s: choose a weekday"
    if start.time() < hours.opens or (start + timedelta(minutes=minutes)).time() > hours.closes or (
        start + timedelta(minutes=minutes)
    ).date() != start.date():
        return f"the clinic is open {hours.opens:%H:%M} to {hours.closes:%H:%M}: choose a time within these hours"
    return None


@dataclass(frozen=True)
class WindowRule:
    """How soon a triage level is seen (scheduling_policy.yaml: booking_windows)."""

    level: str
    bookable: bool
    within_days: int | None  # None: the first free routine slot, however far
    use_held: bool
    instruction: str
    source: str = "expert"


@dataclass(frozen=True)
class BookingWindow:
    level: str
    bookable: bool
    earliest: date
    latest: date | None
    use_held: bool
    instruction: str

    def describe(self) -> str:
        if not self.bookable:
            return self.instruction
        if self.use_held:
            return f"today, {self.earliest:%a %Y-%m-%d} (held same-day slots first)"
        if self.latest is None:
            return f"first free routine slot from {self.earliest:%a %Y-%m-%d}"
        if self.latest == self.earliest:
            return f"today, {self.earliest:%a %Y-%m-%d}"
        return f"by {self.latest:%a %Y-%m-%d}"


DEFAULT_WINDOWS: dict[str, WindowRule] = {
    "emergency": WindowRule("emergency", False, None, False,
                            "Do not book: send the patient to the emergency department now (call 911 or the local "
                            "emergency number) and tell the on-call clinician."),
    "urgent": WindowRule("urgent", True, 1, True, "Book today: offer the held same-day slots first."),
    "soon": WindowRule("soon", True, 7, False, "Book within 7 days."),
    "routine": WindowRule("routine", True, None, False, "Book the first free routine slot."),
}


def booking_window(level: str, today: date, rules: dict[str, WindowRule] | None = None) -> BookingWindow:
    """When a referral of this triage level is to be seen, counted from ``today``."""
    rules = rules or DEFAULT_WINDOWS
    if level not in rules:
        raise ValueError(f"unknown triage level {level!r}: use one of {', '.join(LEVELS)}")
    rule = rules[level]
    latest = today + timedelta(days=rule.within_days) if rule.within_days is not None else None
    return BookingWindow(level, rule.bookable, today, latest, rule.use_held, rule.instruction)


@dataclass
class Offer:
    """The slots to offer a referral: held same-day slots first for urgent patients, then the window's others."""

    window: BookingWindow
    slots: list[Slot] = field(default_factory=list)
    late: bool = False  # nothing free inside the window: these are the first slots after it


def offer_slots(
    level: str,
    now: datetime,
    hours: ClinicHours,
    busy_on: Callable[[date], list[Busy]],
    clinicians: Sequence[int],
    *,
    rules: dict[str, WindowRule] | None = None,
    limit: int = 8,
    horizon_days: int = 120,
    minutes: int | None = None,
) -> Offer:
    """Free slots that fit the triage level's booking window, best first (``now`` in clinic local time).

    Urgent: today's held slots, then today's and tomorrow's other free slots. Soon: free slots in the next 7 days.
    Routine: the first free slots that are not held back. Emergency: nothing (send to the emergency department).
    ``minutes``: the length of the visit to place (default one slot); only starts where all of it fits are offered.
    """
    window = booking_window(level, now.date(), rules)
    offer = Offer(window)
    if not window.bookable or not clinicians:
        return offer
    held_first: list[Slot] = []
    others: list[Slot] = []
    day = now.date()
    last = now.date() + timedelta(days=horizon_days)
    while day <= last and len(held_first) + len(others) < limit:
        if window.latest is not None and day > window.latest and (held_first or others):
            break
        for slot in free_slots(day, hours, busy_on(day), clinicians, now=now, minutes=minutes):
            if slot.held:
                same_day_release = day == now.date() and now.time() >= hours.release_held_at
                if window.use_held and day == now.date():
                    held_first.append(slot)
                elif same_day_release:
                    others.append(slot)
                continue
            others.append(slot)
        day += timedelta(days=1)
    # a visit that starts in the held time uses the held capacity before one that only runs into it
    held_first.sort(key=lambda s: (s.starts_at not in hours.held_starts(s.starts_at.date()), s.starts_at))
    slots = held_first + others
    offer.slots = slots[:limit]
    offer.late = bool(window.latest is not None and offer.slots and offer.slots[0].starts_at.date() > window.latest)
    return offer


def bookable_for(slot: Slot, level: str | None, now: datetime, hours: ClinicHours) -> bool:
    """May this slot be given to a patient of this triage level (held slots: urgent, or released today)?"""
    if not slot.held:
        return True
    if slot.starts_at.date() != now.date():
        return False
    return level == "urgent" or now.time() >= hours.release_held_at


def after_window(level: str | None, start_day: date, today: date,
                 rules: dict[str, WindowRule] | None = None) -> BookingWindow | None:
    """The triage level's booking window when ``start_day`` falls after it (None: inside it, or no window)."""
    if level is None:
        return None
    window = booking_window(level, today, rules)
    if window.latest is not None and start_day > window.latest:
        return window
    return None


def held_problem(start: datetime, minutes: int, level: str | None, now: datetime, hours: ClinicHours) -> str | None:
    """Why a span that covers a held same-day slot may not be given to this patient (None: it may)."""
    step = timedelta(minutes=hours.slot_minutes)
    end = start + timedelta(minutes=minutes)
    held = sorted(h for h in hours.held_starts(start.date()) if h < end and start < h + step)
    if held and not bookable_for(Slot(held[0], hours.slot_minutes, None, True), level, now, hours):
        return (f"{held[0]:%H:%M} is held for same-day urgent patients (released to anyone after "
                f"{hours.release_held_at:%H:%M} on the day): choose another time")
    return None
