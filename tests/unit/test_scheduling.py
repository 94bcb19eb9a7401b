"""Clinic scheduling: free slots, held same-day slots, collisions and the booking window per triage level."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from painpath.adapters.scheduling_policy import load_policy
from painpath.domain.scheduling import (
    Busy,
    ClinicHours,
    bookable_for,
    booking_window,
    collision,
    free_slots,
    offer_slots,
    outside_hours,
)

HOURS = ClinicHours(opens=time(8, 30), closes=time(17, 0), slot_minutes=30, held_for_urgent=2,
                    release_held_at=time(12, 0), working_days=frozenset({0, 1, 2, 3, 4}))
MON = date(2026, 11, 30)  # a Monday
OSEI, LINDQVIST = 1, 2


def at(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime.combine(day, time(hh, mm))


def test_a_day_has_seventeen_half_hour_slots_and_the_last_two_are_held() -> None:
    starts = HOURS.slot_starts(MON)
    assert len(starts) == 17 and starts[0] == at(MON, 8, 30) and starts[-1] == at(MON, 16, 30)
    assert HOURS.held_starts(MON) == {at(MON, 16), at(MON, 16, 30)}
    assert HOURS.slot_starts(date(2026, 11, 28)) == []  # Saturday: closed with these hours


def test_free_slots_skip_booked_times_per_clinician_and_ignore_cancelled_ones() -> None:
    busy = [
        Busy(at(MON, 9), 30, OSEI),
        Busy(at(MON, 9, 30), 60, LINDQVIST),  # a 60-minute visit blocks two slots
        Busy(at(MON, 10), 30, OSEI, status="cancelled"),
    ]
    free = free_slots(MON, HOURS, busy, [OSEI, LINDQVIST])
    osei = {s.starts_at for s in free if s.clinician_id == OSEI}
    lind = {s.starts_at for s in free if s.clinician_id == LINDQVIST}
    assert at(MON, 9) not in osei and at(MON, 9) in lind
    assert at(MON, 9, 30) not in lind and at(MON, 10) not in lind and at(MON, 10, 30) in lind
    assert at(MON, 10) in osei  # the cancelled appointment freed its slot
    assert len(free) == 17 * 2 - 3


def test_an_appointment_without_a_clinician_takes_the_first_free_one() -> None:
    busy = [Busy(at(MON, 9), 30, OSEI), Busy(at(MON, 9), 30, None)]
    free = free_slots(MON, HOURS, busy, [OSEI, LINDQVIST])
    assert not [s for s in free if s.starts_at == at(MON, 9)]
    assert collision(at(MON, 9), 30, None, busy, [OSEI, LINDQVIST]) is not None
    assert collision(at(MON, 9, 30), 30, None, busy, [OSEI, LINDQVIST]) is None


def test_a_booking_that_overlaps_collides_and_one_that_touches_does_not() -> None:
    busy = [Busy(at(MON, 10), 30, OSEI)]
    clash = collision(at(MON, 10, 15), 30, OSEI, busy, [OSEI, LINDQVIST])
    assert clash is not None and clash.starts_at == at(MON, 10)
    assert collision(at(MON, 10, 30), 30, OSEI, busy, [OSEI, LINDQVIST]) is None  # back to back
    assert collision(at(MON, 9, 30), 30, OSEI, busy, [OSEI, LINDQVIST]) is None
    assert collision(at(MON, 10), 30, LINDQVIST, busy, [OSEI, LINDQVIST]) is None
    assert collision(at(MON, 10), 30, None, busy, [OSEI, LINDQVIST]) is None  # Dr Lindqvist is free


def test_times_outside_clinic_hours_or_on_closed_days_are_refused_with_the_reason() -> None:
    assert outside_hours(at(MON, 8), 30, HOURS) is not None
    assert "08:30 to 17:00" in (outside_hours(at(MON, 16, 45), 30, HOURS) or "")
    assert outside_hours(at(MON, 16, 30), 30, HOURS) is None
    assert "closed on Saturdays" in (outside_hours(at(date(2026, 11, 28), 10), 30, HOURS) or "")


def test_booking_windows_per_triage_level() -> None:
    today = MON
    emergency = booking_window("emergency", today)
    assert not emergency.bookable and "emergency department" in emergency.instruction
    urgent = booking_window("urgent", today)
    assert urgent.bookable and urgent.use_held and urgent.latest == date(2026, 12, 1)
    assert booking_window("soon", today).latest == date(2026, 12, 7)
    assert booking_window("routine", today).latest is None
    with pytest.raises(ValueError, match="unknown triage level"):
        booking_window("whenever", today)


def test_urgent_patients_are_offered_todays_held_slots_first() -> None:
    now = at(MON, 9, 10)
    busy = {MON: [Busy(at(MON, 16), 30, OSEI)]}
    offer = offer_slots("urgent", now, HOURS, lambda d: busy.get(d, []), [OSEI, LINDQVIST])
    first = offer.slots[:3]
    assert [(s.starts_at, s.clinician_id, s.held) for s in first] == [
        (at(MON, 16), LINDQVIST, True),
        (at(MON, 16, 30), OSEI, True),
        (at(MON, 16, 30), LINDQVIST, True),
    ]
    assert offer.slots[3].starts_at == at(MON, 9, 30) and not offer.slots[3].held  # 09:00 has passed
    assert not offer.late


def test_routine_patients_never_get_held_slots_before_their_release() -> None:
    now = at(MON, 16, 10)  # after the release time, but only today's held slots are released
    full = {MON: [Busy(s, 30, c) for s in HOURS.slot_starts(MON) if s not in HOURS.held_starts(MON)
                  for c in (OSEI, LINDQVIST)]}
    offer = offer_slots("routine", at(MON, 8), HOURS, lambda d: full.get(d, []), [OSEI, LINDQVIST], limit=4)
    assert all(s.starts_at.date() == date(2026, 12, 1) and not s.held for s in offer.slots)
    released = offer_slots("routine", now, HOURS, lambda d: full.get(d, []), [OSEI, LINDQVIST], limit=4)
    assert released.slots[0].starts_at == at(MON, 16, 30) and released.slots[0].held
    assert bookable_for(released.slots[0], "routine", now, HOURS)
    assert not bookable_for(released.slots[0], "routine", at(MON, 9), HOURS)
    assert bookable_for(released.slots[0], "urgent", at(MON, 9), HOURS)


def test_soon_within_seven_days_and_late_when_the_week_is_full() -> None:
    now = at(MON, 8)
    days = {}
    for offset in range(0, 8):
        d = date.fromordinal(MON.toordinal() + offset)
        days[d] = [Busy(s, 30, c) for s in HOURS.slot_starts(d) for c in (OSEI, LINDQVIST)]
    offer = offer_slots("soon", now, HOURS, lambda d: days.get(d, []), [OSEI, LINDQVIST], limit=2)
    assert offer.late and offer.slots[0].starts_at == at(date(2026, 12, 8), 8, 30)


def test_emergency_is_never_offered_a_slot() -> None:
    offer = offer_slots("emergency", at(MON, 9), HOURS, lambda d: [], [OSEI])
    assert offer.slots == [] and not offer.window.bookable


def test_the_policy_file_names_its_source_and_gives_sensible_defaults() -> None:
    hours, windows, tz = load_policy()
    assert (hours.opens, hours.closes, hours.slot_minutes, hours.held_for_urgent) == (time(8, 30), time(17), 30, 2)
    assert "expert estimate / practice policy" in windows["urgent"].source
    assert not windows["emergency"].bookable and windows["soon"].within_days == 7
    assert tz == "UTC"


def test_bad_hours_are_refused() -> None:
    with pytest.raises(ValueError, match="closes"):
        ClinicHours(opens=time(17), closes=time(9))
    with pytest.raises(ValueError, match="held_for_urgent"):
        ClinicHours(held_for_urgent=99)


def test_a_longer_visit_is_offered_only_where_all_of_it_fits() -> None:
    """A 60-minute new-patient visit is not offered at 10:30 when 11:00 is taken, nor at 16:30 (past closing)."""
    busy = [Busy(at(MON, 11), 30, OSEI)]
    free = free_slots(MON, HOURS, busy, [OSEI], minutes=60)
    starts = {s.starts_at for s in free}
    assert at(MON, 10) in starts and at(MON, 10, 30) not in starts and at(MON, 11, 30) in starts
    assert at(MON, 16) in starts and at(MON, 16, 30) not in starts  # 16:30 + 60 min is after closing
    assert all(s.minutes == 60 for s in free)
    # 15:30 for an hour covers the held 16:00 slot: it counts as held, like 16:00 itself
    held = {s.starts_at for s in free if s.held}
    assert held == {at(MON, 15, 30), at(MON, 16)}


@pytest.mark.parametrize("level", ["urgent", "soon", "routine"])
@pytest.mark.parametrize("minutes", [20, 30, 60])
@pytest.mark.parametrize("hour", [8, 11, 13, 15, 16])
def test_every_offered_slot_passes_the_booking_rules(level: str, minutes: int, hour: int) -> None:
    """What the desk offers is what the scheduler accepts, at any time of day and for any visit length."""
    from painpath.domain.scheduling import held_problem

    now = at(MON, hour, 10)
    busy = {MON: [Busy(at(MON, 9), 30, OSEI), Busy(at(MON, 14, 30), 60, LINDQVIST)]}
    offer = offer_slots(level, now, HOURS, lambda d: busy.get(d, []), [OSEI, LINDQVIST], minutes=minutes, limit=40)
    assert offer.slots
    for slot in offer.slots:
        assert slot.starts_at >= now
        assert outside_hours(slot.starts_at, minutes, HOURS) is None
        assert held_problem(slot.starts_at, minutes, level, now, HOURS) is None
        assert collision(slot.starts_at, minutes, slot.clinician_id, busy.get(slot.starts_at.date(), []),
                         [OSEI, LINDQVIST]) is None


def test_full_spans_are_where_every_procedure_room_is_taken() -> None:
    from painpath.domain.scheduling import full_spans

    day = date.today()

    def t(clock: str) -> datetime:
        return datetime.combine(day, time.fromisoformat(clock))

    uses = [(t("09:00"), t("10:00")), (t("09:30"), t("11:00")), (t("10:00"), t("10:30")), (t("13:00"), t("14:00"))]
    assert full_spans(uses, 2, day) == [(t("09:30"), t("10:30"))]  # at 10:00 one use hands the room to the next
    assert full_spans(uses, 1, day) == [(t("09:00"), t("11:00")), (t("13:00"), t("14:00"))]
    assert full_spans(uses, 3, day) == []
    assert full_spans([], 0, day) == [(t("00:00"), t("00:00") + timedelta(days=1))]  # no room: nothing fits
    yesterday = (t("00:00") - timedelta(hours=5), t("08:00"))  # a hold from the day before is cut at midnight
    assert full_spans([yesterday], 1, day) == [(t("00:00"), t("08:00"))]


def test_blocked_time_is_busy_and_the_collision_says_so() -> None:
    day = date.today()
    while day.weekday() not in ClinicHours().working_days:  # the clinic's default hours close at weekends
        day += timedelta(days=1)
    hours = ClinicHours()
    leave = Busy(datetime.combine(day, time(9, 0)), 120, 7, "blocked", "Dr A is on leave")
    starts = {s.starts_at.time() for s in free_slots(day, hours, [leave], [7])}
    assert time(9, 0) not in starts and time(10, 30) not in starts and time(11, 0) in starts
    clash = collision(datetime.combine(day, time(10, 0)), 30, 7, [leave], [7])
    assert clash is not None and clash.label == "Dr A is on leave"
