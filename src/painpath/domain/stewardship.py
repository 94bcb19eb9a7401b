"""Opioid stewardship for one patient: MME, naloxone, risk alerts and a taper plan when one is indicated."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from painpath.domain.model import PatientStory
from painpath.domain.opioids import calculate_mme, taper_schedule
from painpath.domain.plan import MmeSummary, TaperPlan
from painpath.domain.plan_model import Stewardship
from painpath.domain.rules import Facts, evidence, explained, holds

OPIOID_EXPOSURE = "opioid_exposure"  # value the rules read: 1 when the patient takes or is offered an opioid
MME_VALUE = "mme_per_day"
WITHOUT_BENEFIT = "opioid_without_benefit"  # 1 when the note says an opioid failed or was not tolerated


@dataclass(frozen=True)
class StewardshipResult:
    mme: MmeSummary | None
    naloxone_reason: str  # empty when naloxone is not indicated
    alerts: tuple[str, ...]
    taper: TaperPlan | None


def assess_stewardship(
    story: PatientStory,
    facts: Facts,
    policy: Stewardship,
    messages: Mapping[str, str],
    *,
    conditions: Sequence[str],
    opioid_offered: bool,
    today: dt.date,
) -> StewardshipResult:
    """Everything the plan must say about opioids; adds the MME and exposure values to the facts."""
    mme = calculate_mme(story.medications, policy.factors)
    on_opioid = bool(mme.doses)
    facts.values[MME_VALUE] = mme.total
    facts.value_text[MME_VALUE] = messages["mme_total"].format(mme=f"{mme.total:g}")
    facts.values[OPIOID_EXPOSURE] = 1.0 if on_opioid or opioid_offered else 0.0
    facts.value_text[OPIOID_EXPOSURE] = "; ".join(d.text for d in mme.doses) or messages["opioid_offered"]
    unhelpful = [
        m for m in story.medications if m.name in policy.factors and m.status in {"failed", "not_tolerated"}
    ]
    facts.values[WITHOUT_BENEFIT] = 1.0 if unhelpful else 0.0
    facts.value_text[WITHOUT_BENEFIT] = "; ".join(f"{m.text} ({m.effect})" for m in unhelpful)
    if not on_opioid and not opioid_offered:
        return StewardshipResult(None, "", (), None)
    alerts: list[str] = []
    exempt = bool(set(conditions[:1]) & set(policy.exempt_conditions))
    if on_opioid:
        alerts.append(_mme_alert(mme, policy, messages, exempt=exempt))
        for dose in mme.doses:
            if dose.note:
                # a caution that already names its drug ("tramadol: seizures ...") is not prefixed twice
                named = dose.note.lower().startswith(dose.drug.lower())
                alerts.append(dose.note if named else f"{dose.drug}: {dose.note}")
        alerts += [explained(rule.message, rule.when, facts) for rule in policy.alerts if holds(rule.when, facts)]
    naloxone = ""
    if holds(policy.naloxone_when, facts):
        because = "; ".join(w for w in evidence(policy.naloxone_when, facts) if w)
        naloxone = messages["naloxone_reason"].format(because=because or messages["opioid_risk"])
    taper = None
    if on_opioid and not exempt and holds(policy.taper_when, facts):
        short = holds(policy.short_term_when, facts)
        reason = messages["taper_reason"].format(because="; ".join(evidence(policy.taper_when, facts)))
        taper = taper_schedule(mme, story.medications, policy, short_term=short, today=today, reason=reason)
    return StewardshipResult(mme if on_opioid else None, naloxone, tuple(alerts), taper)


def _mme_alert(mme: MmeSummary, policy: Stewardship, messages: Mapping[str, str], *, exempt: bool) -> str:
    total = f"{mme.total:g}"
    if exempt:
        text = messages["mme_exempt"].format(mme=total)
    elif mme.total >= policy.high_mme:
        text = messages["mme_high"].format(mme=total, threshold=f"{policy.high_mme:g}")
    elif mme.total >= policy.review_mme:
        text = messages["mme_review"].format(mme=total, threshold=f"{policy.review_mme:g}")
    else:
        text = messages["mme_total"].format(mme=total)
    if mme.incomplete:
        text = f"{text} {messages['mme_incomplete']}"
    return text
