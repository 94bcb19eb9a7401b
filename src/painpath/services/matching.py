"""Matching a referral to clinician-site pairs, and the prior-authorisation packet: the use-case pieces that turn
stored rows (as plain values) into the domain's inputs. The store (adapters/db/matching_store.py) loads the rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from painpath.domain.matching import Candidate
from painpath.domain.prior_auth import Diagnosis
from painpath.domain.scheduling import Busy, ClinicHours, bookable_for, free_slots


def leading_condition(output: Mapping[str, Any]) -> str | None:
    """The condition the plan is for (else the top of the differential)."""
    conditions = (output.get("plan") or {}).get("for_conditions") or []
    if conditions:
        return str(conditions[0])
    differential = output.get("differential") or []
    return str(differential[0]["condition"]) if differential else None


def diagnosis_of(output: Mapping[str, Any]) -> Diagnosis | None:
    """The leading condition with its label and ICD-10-CM codes as the assessment reported them."""
    condition = leading_condition(output)
    if condition is None:
        return None
    entry: Mapping[str, Any] = next(
        (d for d in output.get("differential") or [] if d.get("condition") == condition), {})
    codes = entry.get("codes") or {}
    icd = codes.get("icd10") or codes.get("icd10cm") or codes.get("icd_10_cm") or []
    icd = [icd] if isinstance(icd, str) else list(icd)
    return Diagnosis(condition, str(entry.get("label", condition.replace("_", " "))), tuple(map(str, icd)))


def needed_procedures(output: Mapping[str, Any], accepted: Iterable[str]) -> tuple[str, ...]:
    """Procedures the plan needs: those the clinician accepted, else the first plan stage that has procedures."""
    kinds = {o["id"]: o.get("kind") for s in (output.get("plan") or {}).get("stages") or [] for o in s["options"]}
    chosen = sorted({o for o in accepted if kinds.get(o) == "procedure"})
    if chosen:
        return tuple(chosen)
    for stage in (output.get("plan") or {}).get("stages") or []:
        found = [o["id"] for o in stage["options"] if o.get("kind") == "procedure"]
        if found:
            return tuple(found)
    return ()


def earliest_slot(hours: ClinicHours, days: set[int], clinician_id: int, busy_on: Callable[[date], list[Busy]],
                  *, now: datetime, level: str | None, horizon_days: int,
                  minutes: int | None = None) -> datetime | None:
    """The first free slot of the clinician on the days they work at a site, that this triage level may take
    (``minutes``: the length of the visit, so that all of it fits)."""
    for offset in range(horizon_days + 1):
        day = now.date() + timedelta(days=offset)
        if day.weekday() not in days:
            continue
        for slot in free_slots(day, hours, busy_on(day), [clinician_id], now=now, minutes=minutes):
            if bookable_for(slot, level, now, hours):
                return slot.starts_at
    return None


def site_hours(policy_hours: ClinicHours, opens: str, closes: str) -> ClinicHours:
    """The clinic's slot policy inside a site's opening hours (never wider than the clinic's own)."""
    def hm(text: str) -> time:
        hour, minute = text.split(":")
        return time(int(hour), int(minute))

    start, end = max(policy_hours.opens, hm(opens)), min(policy_hours.closes, hm(closes))
    if end <= start:
        return policy_hours
    slots = int((datetime.combine(date.min, end) - datetime.combine(date.min, start)).total_seconds() // 60
                // policy_hours.slot_minutes)
    return ClinicHours(start, end, policy_hours.slot_minutes, min(policy_hours.held_for_urgent, slots),
                       policy_hours.release_held_at, policy_hours.working_days)


def candidates(profiles: Sequence[Mapping[str, Any]], sites: Mapping[str, Mapping[str, Any]],
               earliest: Callable[[Mapping[str, Any], Mapping[str, Any], set[int]], datetime | None]
               ) -> list[Candidate]:
    """One candidate per clinician and site they work at; plans accepted by both the clinician and the site."""
    out = []
    for p in profiles:
        for session in p["sessions"]:
            site = sites.get(session["site"])
            if site is None:
                continue
            days = set(session["days"]) & set(site["days"])
            location = (site["latitude"], site["longitude"]) if site["latitude"] is not None and \
                site["longitude"] is not None else None
            out.append(Candidate(
                clinician_id=p["user_id"], clinician=p["name"], site=site["code"], site_name=site["name"],
                focus=frozenset(p["focus"]), procedures=frozenset(x["id"] for x in p["procedures"]),
                languages=frozenset(p["languages"]), accepting_new=p["accepting_new"],
                plans=frozenset(p["plans"]) & frozenset(site["plans"]), location=location,
                earliest=earliest(p, site, days)))
    return out
