"""Opioid stewardship arithmetic: morphine milligram equivalents and taper schedules (factors are data)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from painpath.domain.model import MedicationMention
from painpath.domain.plan import MmeSummary, OpioidDose, TaperPlan
from painpath.domain.plan_model import OpioidFactor, Stewardship

MG_PER_DAY = "mg_per_day"
MCG_PER_HOUR = "mcg_per_hour"
NOT_COUNTED = "not_counted"
_MG_PER_UNIT = {"mg": 1.0, "g": 1000.0, "mcg": 0.001}


def calculate_mme(
    medications: Iterable[MedicationMention], factors: Mapping[str, OpioidFactor]
) -> MmeSummary:
    """Total MME/day over the current opioids; a dose that cannot be converted makes the total a floor."""
    doses: list[OpioidDose] = []
    incomplete = False
    for med in medications:
        factor = factors.get(med.name)
        if factor is None or med.status != "current":
            continue
        dose = _convert(med, factor)
        if dose.mme_per_day is None and factor.basis != NOT_COUNTED:
            incomplete = True
        doses.append(dose)
    total = sum(d.mme_per_day for d in doses if d.mme_per_day is not None)
    return MmeSummary(total=round(total, 2), doses=tuple(doses), incomplete=incomplete)


def _convert(med: MedicationMention, factor: OpioidFactor) -> OpioidDose:
    if factor.basis == NOT_COUNTED or factor.factor is None:
        return OpioidDose(med.name, med.text, None, counted=False, note=factor.caution)
    if factor.basis == MCG_PER_HOUR:
        # a patch is dosed by its delivery rate: the factor applies to mcg/h, not to mg/day
        if med.unit == "mcg/h" and med.dose is not None:
            return OpioidDose(med.name, med.text, round(med.dose * factor.factor, 2), True, factor.caution)
        return OpioidDose(med.name, med.text, None, True, f"rate in mcg/h not stated; {factor.caution}")
    daily_mg = _daily_mg(med)
    if daily_mg is None:
        return OpioidDose(
            med.name, med.text, None, True, f"dose or frequency not stated; {factor.caution}".strip("; ")
        )
    return OpioidDose(med.name, med.text, round(daily_mg * factor.factor, 2), True, factor.caution)


def _daily_mg(med: MedicationMention) -> float | None:
    if med.unit not in _MG_PER_UNIT or med.unit == "mcg/h":
        return None
    per_unit = _MG_PER_UNIT[med.unit]
    if med.daily_dose is not None:
        return med.daily_dose * per_unit
    if med.dose is not None and med.per_day is not None:
        return med.dose * med.per_day * per_unit
    return None


def taper_schedule(
    summary: MmeSummary,
    medications: Iterable[MedicationMention],
    policy: Stewardship,
    *,
    short_term: bool,
    today: dt.date,
    reason: str,
) -> TaperPlan | None:
    """After surgery or injury: step down and stop by a date; after longer use: a share a month."""
    if not any(d.mme_per_day for d in summary.doses):
        return None
    if short_term:
        stop = stop_date(policy, today)
        steps = tuple(t.format(today=today.isoformat(), stop_date=stop) for t in policy.taper_short_steps)
        return TaperPlan(reason, policy.taper_short_text, steps, policy.short_course_source)
    current = [m for m in medications if m.name in policy.factors and m.status == "current"]
    single = current[0] if len(current) == 1 else None
    daily = _daily_mg(single) if single is not None else None
    # one opioid: taper its own mg; several: taper the MME total (a prescriber splits it between them)
    unit = f"mg/day {single.name}" if single is not None and daily is not None else "MME/day"
    start = daily if daily is not None else summary.total
    step = start * policy.taper_long_fraction
    schedule: list[str] = []
    level, day = start, 0
    while level > 1e-6:
        schedule.append(f"{(today + dt.timedelta(days=day)).isoformat()}: {round(level, 1):g} {unit}")
        level = round(level - step, 6)
        day += policy.taper_long_step_days
    schedule.append(f"{(today + dt.timedelta(days=day)).isoformat()}: 0")
    rate = policy.taper_long_text.format(
        percent=f"{policy.taper_long_fraction:.0%}", days=policy.taper_long_step_days
    )
    return TaperPlan(reason=reason, rate=rate, schedule=tuple(schedule), source=policy.taper_source)


def stop_date(policy: Stewardship, today: dt.date) -> str:
    """The last day of a short opioid course after surgery or injury."""
    return (today + dt.timedelta(days=policy.short_course_days)).isoformat()


def listed_with_mme(kb: Any, medications: Iterable[Any]) -> tuple[list[dict[str, Any]], MmeSummary | None]:
    """A medication list (rows with name, dose, unit, per_day, status, route) with the CDC 2022 MME/day of each
    current opioid: [{"row": row, "mme": OpioidDose | None}], and the total (None without plan knowledge)."""
    from painpath.domain.planning import planning_knowledge

    rows = list(medications)
    pk = planning_knowledge(kb)
    mentions = [
        MedicationMention(
            name=m.name.lower(), text=m.name, dose=m.dose, unit=m.unit, per_day=m.per_day,
            daily_dose=m.dose * m.per_day if m.dose is not None and m.per_day is not None else None,
            status="current" if m.status == "current" else m.status, route=m.route,
        )
        for m in rows
    ]
    summary = calculate_mme(mentions, pk.stewardship.factors) if pk is not None else None
    by_name = {d.drug: d for d in summary.doses} if summary is not None else {}
    return [{"row": m, "mme": by_name.get(m.name.lower()) if m.status == "current" else None} for m in rows], summary
