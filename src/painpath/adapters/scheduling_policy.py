"""Read the scheduling policy (scheduling_policy.yaml) into the scheduling domain's types, strictly."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, time
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from painpath.domain.scheduling import LEVELS, ClinicHours, WindowRule

log = logging.getLogger("painpath.settings")

POLICY_FILE = "scheduling_policy.yaml"


class PolicyError(ValueError):
    """The scheduling policy file is wrong; the message names the entry."""


def _time(value: Any, where: str) -> time:
    try:
        hour, minute = str(value).split(":")
        return time(int(hour), int(minute))
    except ValueError as err:
        raise PolicyError(f"{POLICY_FILE}: {where} must be a time HH:MM, not {value!r}") from err


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as err:  # OSError: a folder name such as 'America'
        raise PolicyError(f"clinic time zone {name!r} is not a known zone (e.g. Europe/London)") from err


@functools.cache
def load_policy() -> tuple[ClinicHours, dict[str, WindowRule], str]:
    """Clinic hours, the booking window per triage level, and the clinic's time zone name."""
    data = yaml.safe_load((resources.files("painpath.adapters") / POLICY_FILE).read_text(encoding="utf-8"))
    if not str(data.get("source", "")).strip():
        raise PolicyError(f"{POLICY_FILE}: the policy must name its source")
    h = data["hours"]
    try:
        hours = ClinicHours(
            opens=_time(h["opens"], "hours.opens"),
            closes=_time(h["closes"], "hours.closes"),
            slot_minutes=int(h["slot_minutes"]),
            held_for_urgent=int(h["held_for_urgent"]),
            release_held_at=_time(h["release_held_at"], "hours.release_held_at"),
            working_days=frozenset(int(d) for d in h["working_days"]),
        )
    except (KeyError, ValueError) as err:
        raise PolicyError(f"{POLICY_FILE}: hours: {err}") from err
    windows = {}
    for level in LEVELS:
        entry = data["booking_windows"].get(level)
        if entry is None:
            raise PolicyError(f"{POLICY_FILE}: booking_windows has no entry for triage level {level!r}")
        days = entry["within_days"]
        windows[level] = WindowRule(
            level, bool(entry["bookable"]), None if days is None else int(days), bool(entry["use_held"]),
            " ".join(str(entry["instruction"]).split()), str(data["source"]),
        )
    tz = str(h.get("timezone", "UTC"))
    zone(tz)
    return hours, windows, tz


def utc_now() -> datetime:
    """The clock the schedule reads (one place, so a test can fix the time of day)."""
    return datetime.now(UTC)


@dataclass(frozen=True)
class Policy:
    """Scheduling policy in force: the file's defaults with the clinic settings' overrides."""

    hours: ClinicHours
    windows: dict[str, WindowRule]
    tz: ZoneInfo
    visit_minutes: dict[str, int] = dataclasses.field(default_factory=dict)  # session template per visit kind

    def local(self, moment: datetime) -> datetime:
        """A stored (UTC) time as naive clinic wall-clock time."""
        aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        return aware.astimezone(self.tz).replace(tzinfo=None)

    def utc(self, local: datetime) -> datetime:
        return local.replace(tzinfo=self.tz).astimezone(UTC)

    def now(self) -> datetime:
        return self.local(utc_now())


def policy_in_force(settings: Mapping[str, str]) -> Policy:
    """The policy file with the clinic settings (clinic_timezone, default_appointment_minutes) applied."""
    hours, windows, tz_name = load_policy()
    try:
        tz = zone(settings.get("clinic_timezone") or tz_name)
    except PolicyError:  # a stored zone that does not exist must not take the schedule down: the file's zone
        log.warning("clinic_timezone %r is not a time zone: using %s from %s (fix it with PUT "
                    "/api/settings/clinic_timezone)", settings.get("clinic_timezone"), tz_name, POLICY_FILE)
        tz = zone(tz_name)
    minutes = settings.get("default_appointment_minutes", "")
    if minutes.isascii() and minutes.isdigit() and 5 <= int(minutes) <= 240:
        with contextlib.suppress(ValueError):  # a slot length that does not fit keeps the policy file's
            hours = ClinicHours(hours.opens, hours.closes, int(minutes), hours.held_for_urgent,
                                hours.release_held_at, hours.working_days)
    return Policy(hours, windows, tz, visit_minutes())


@functools.cache
def visit_minutes() -> dict[str, int]:
    """How long each kind of visit is booked for (scheduling_policy.yaml: visit_minutes)."""
    data = yaml.safe_load((resources.files("painpath.adapters") / POLICY_FILE).read_text(encoding="utf-8"))
    found = {str(k): int(v) for k, v in (data.get("visit_minutes") or {}).items()}
    if any(not 5 <= v <= 480 for v in found.values()):
        raise PolicyError(f"{POLICY_FILE}: visit_minutes must be 5 to 480 minutes each")
    return found
