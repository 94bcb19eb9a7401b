"""Opioid stewardship arithmetic: morphine milligram equivalents and taper schedules (factors are data)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from painpath.domain.model import MedicationMention
from painpath.domain.plan_model import MmeSummary, OpioidDose, OpioidFactor, Stewardship, TaperPlan

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
    """Steps of a fixed share of the original dose: weekly after short-term use, monthly after long-term."""
    current = [m for m in medications if m.name in policy.factors and m.status == "current"]
    counted = [d for d in summary.doses if d.mme_per_day]
    if not counted:
        return None
    fraction = policy.taper_short_fraction if short_term else policy.taper_long_fraction
    step_days = policy.taper_short_step_days if short_term else policy.taper_long_step_days
    single = current[0] if len(current) == 1 else None
    daily = _daily_mg(single) if single is not None else None
    unit = f"mg/day of {single.name}" if single is not None and daily is not None else "MME/day"
    start = daily if single is not None and daily is not None else summary.total
    step = start * fraction
    schedule: list[str] = []
    level = start
    day = 0
    while level > 1e-9:
        when = today + dt.timedelta(days=day)
        schedule.append(f"from {when.isoformat()}: {max(level, 0):g} {unit}")
        level = round(level - step, 3)
        day += step_days
    schedule.append(f"from {(today + dt.timedelta(days=day)).isoformat()}: stop")
    template = policy.taper_short_text if short_term else policy.taper_long_text
    rate = template.format(percent=f"{fraction:.0%}", days=step_days)
    return TaperPlan(reason=reason, rate=rate, schedule=tuple(schedule), source=policy.taper_source)
