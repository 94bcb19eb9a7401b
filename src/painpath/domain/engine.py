"""The engine: a pure function from knowledge and a patient story to red flags, triage and a differential."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import replace

from painpath.domain.model import (
    Assessment,
    ConditionDef,
    Contribution,
    DifferentialEntry,
    FindingKind,
    KnowledgeBase,
    MedicationMention,
    Observation,
    PatientStory,
    RedFlag,
    Status,
    Triage,
    TriageLevel,
)
from painpath.domain.rules import Facts, evidence, holds

REGION_ANY = "any"


def evaluate(kb: KnowledgeBase, story: PatientStory) -> Assessment:
    """Assess one patient story against the knowledge base."""
    story = with_derived_findings(kb, story)
    facts = facts_from(kb, story)
    describes_pain = any(
        kb.findings[f].pain_content for f, s in facts.statuses.items() if s is Status.PRESENT
    )
    # red flags and triage are about what is new or changing: a deficit the note states stable, or a condition
    # named as the reason for a drug, supports the diagnosis but does not raise a flag
    urgent_facts = facts_from(kb, story, only_new=True)
    red_flags = detect_red_flags(kb, urgent_facts)
    triage = decide_triage(kb, urgent_facts, red_flags, describes_pain=describes_pain)
    differential = rank_differential(kb, facts) if describes_pain else ()
    return Assessment(
        kb_version=kb.version,
        triage=triage,
        red_flags=red_flags,
        differential=differential,
        story=story,
        describes_pain=describes_pain,
    )


def with_derived_findings(kb: KnowledgeBase, story: PatientStory) -> PatientStory:
    """Add findings computed from measured values (age over 70, fever from a temperature ...)."""
    derived: list[Observation] = []
    for definition in kb.findings.values():
        if definition.derive is None or definition.derive.value not in story.values:
            continue
        status = Status.PRESENT if definition.derive.holds(story.values) else Status.ABSENT
        if status is Status.ABSENT and not definition.derive_states_absent:
            continue
        words = story.value_text.get(definition.derive.value, "")
        derived.append(Observation(definition.id, status, words))
    if not derived:
        return story
    return replace(story, observations=story.observations + tuple(derived))


SETTLED_COURSES = frozenset({"stable", "treated"})  # Observation.course values that say "not new"
SETTLED_KINDS = frozenset({FindingKind.SIGN, FindingKind.SYMPTOM})


def facts_from(kb: KnowledgeBase, story: PatientStory, *, only_new: bool = False) -> Facts:
    """Effective statuses: a past symptom does not count as a current one unless its kind is history.

    With ``only_new``, a sign or symptom the note states stable or treated (and that is not pain itself) does not
    count either: "4+/5, unchanged for a year" or "urinary retention on tamsulosin" is no new deficit.
    """
    statuses: dict[str, Status] = {}
    words: dict[str, list[str]] = {}
    for obs in story.observations:
        definition = kb.findings.get(obs.finding)
        if definition is None:
            continue
        counts_in_past = definition.counts_when_historical or definition.kind is FindingKind.HISTORY
        if obs.historical and not counts_in_past and obs.status is Status.PRESENT:
            continue
        if (
            only_new
            and obs.status is Status.PRESENT
            and obs.course in SETTLED_COURSES
            and definition.kind in SETTLED_KINDS
            and not definition.pain_content
        ):
            continue
        # present wins over absent when a note says both: the safer reading for red flags
        current = statuses.get(obs.finding)
        if current is Status.PRESENT and obs.status is Status.ABSENT:
            continue
        if current is not obs.status:
            statuses[obs.finding] = obs.status
            words[obs.finding] = []
        if obs.text and obs.text not in words[obs.finding]:
            words[obs.finding].append(obs.text)
    _apply_implications(kb, statuses, words)
    values, value_text = dict(story.values), dict(story.value_text)
    total = acetaminophen_mg_per_day(story.medications)
    if total is not None and ACETAMINOPHEN_TOTAL not in values:
        values[ACETAMINOPHEN_TOTAL] = total[0]
        value_text[ACETAMINOPHEN_TOTAL] = total[1]
    return Facts(statuses, words, values, value_text)


ACETAMINOPHEN = "acetaminophen"  # the knowledge base's id for the drug
ACETAMINOPHEN_TOTAL = "acetaminophen_mg_day"  # the value safety rules test (plan_safety.yaml)


def acetaminophen_mg_per_day(medications: Iterable[MedicationMention]) -> tuple[float, str] | None:
    """Acetaminophen taken now from every product, in mg a day, and the note's words behind it.

    Plain acetaminophen counts by its daily dose; a combination product ("Percocet 5/325 four times a day")
    counts by its stated acetaminophen content. A product whose daily amount the note does not give adds
    nothing: the total is a floor, never a guess. None when no current product states an amount.
    """
    total, words = 0.0, []
    for med in medications:
        if med.status != "current":
            continue
        daily = None
        if med.name == ACETAMINOPHEN and med.daily_dose is not None and med.unit in {"mg", "g"}:
            daily = med.daily_dose * (1000.0 if med.unit == "g" else 1.0)
        elif med.acetaminophen_mg is not None and med.per_day is not None:
            daily = med.acetaminophen_mg * med.per_day
        if daily is not None:
            total += daily
            words.append(med.text)
    if not words:
        return None
    return round(total, 1), f"{' + '.join(words)} = {total:g} mg/day"


def _apply_implications(kb: KnowledgeBase, statuses: dict[str, Status], words: dict[str, list[str]]) -> None:
    """A present finding makes the findings it implies present too, with the same words."""
    pending = [f for f, s in statuses.items() if s is Status.PRESENT]
    while pending:
        source = pending.pop()
        for implied in kb.findings[source].implies:
            if statuses.get(implied) is not Status.PRESENT:
                statuses[implied] = Status.PRESENT
                words[implied] = list(words.get(source, []))
                pending.append(implied)


def detect_red_flags(kb: KnowledgeBase, facts: Facts) -> tuple[RedFlag, ...]:
    """Every red-flag rule that fires; several rules for one flag merge into one flag."""
    fired: dict[str, RedFlag] = {}
    for rule in kb.red_flags:
        if not holds(rule.when, facts):
            continue
        level = rule.escalate_to or rule.min_triage
        words = tuple(evidence(rule.when, facts))
        previous = fired.get(rule.id)
        if previous is None:
            fired[rule.id] = RedFlag(rule.id, rule.label, rule.rule_id, level, words, rule.action, rule.source)
        else:
            merged = previous.evidence + tuple(w for w in words if w not in previous.evidence)
            stronger = rule if level.rank > previous.min_triage.rank else None
            fired[rule.id] = RedFlag(
                rule.id,
                rule.label,
                stronger.rule_id if stronger else previous.rule_id,
                max(level, previous.min_triage, key=lambda lv: lv.rank),
                merged,
                stronger.action if stronger else previous.action,
                stronger.source if stronger else previous.source,
            )
    return tuple(sorted(fired.values(), key=lambda f: -f.min_triage.rank))


def decide_triage(
    kb: KnowledgeBase, facts: Facts, red_flags: tuple[RedFlag, ...], *, describes_pain: bool
) -> Triage:
    """Red flags set the floor; triage rules may raise it; otherwise routine."""
    levels = [TriageLevel.ROUTINE]
    reasons: list[str] = []
    rules: list[str] = []
    for flag in red_flags:
        levels.append(flag.min_triage)
        reasons.append(f"red flag {flag.label}: {flag.min_triage.value}")
        rules.append(flag.rule_id)
    for rule in kb.triage_rules:
        if holds(rule.when, facts):
            levels.append(rule.level)
            reasons.append(f"{rule.reason} ({rule.level.value})")
            rules.append(rule.id)
    level = TriageLevel.most_urgent(levels)
    if not reasons:
        reasons.append(
            "no red flags or urgent features: routine scheduling"
            if describes_pain
            else "no pain complaint was found in the note: routine scheduling, nothing to triage"
        )
    return Triage(level, tuple(reasons), tuple(rules))


def rank_differential(kb: KnowledgeBase, facts: Facts) -> tuple[DifferentialEntry, ...]:
    """Bayesian update of each condition's prior by the likelihood ratios of what was found."""
    regions = {
        kb.findings[f].region
        for f, s in facts.statuses.items()
        if s is Status.PRESENT and kb.findings[f].region is not None
    }
    entries = [_update(kb, condition, facts, regions) for condition in kb.conditions.values()]
    total = sum(e.posterior for e in entries)
    scale = 1.0 / total if total > 1.0 else 1.0
    entries.sort(key=lambda e: e.posterior, reverse=True)
    chosen = entries[: kb.settings.differential_size]
    return tuple(
        DifferentialEntry(
            e.condition, e.label, e.prior, e.posterior, round(e.posterior * scale, 4),
            e.contributions, e.next_steps,
        )
        for e in chosen
    )


def _update(
    kb: KnowledgeBase, condition: ConditionDef, facts: Facts, regions: set[str | None]
) -> DifferentialEntry:
    log_odds = math.log(condition.prior / (1.0 - condition.prior))
    contributions: list[Contribution] = []
    imaging_log = 0.0
    for lr in kb.likelihoods_for(condition.id):
        status = facts.status(lr.finding)
        ratio = lr.lr_present if status is Status.PRESENT else lr.lr_absent if status is Status.ABSENT else None
        if ratio is None or status is None:
            continue
        step = math.log(ratio)
        if kb.findings[lr.finding].kind is FindingKind.IMAGING and not lr.defining:
            # imaging supports but never decides: its summed weight is capped in both directions
            cap = kb.settings.imaging_max_log_lr
            allowed = max(-cap - imaging_log, min(cap - imaging_log, step))
            imaging_log += allowed
            ratio, step = math.exp(allowed), allowed
        log_odds += step
        words = "; ".join(facts.evidence.get(lr.finding, [])) or kb.findings[lr.finding].label
        contributions.append(
            Contribution(lr.finding, kb.findings[lr.finding].label, status, round(ratio, 3), lr.source, words)
        )
    if regions and REGION_ANY not in condition.regions and not regions & set(condition.regions):
        ratio = kb.settings.region_mismatch_lr
        log_odds += math.log(ratio)
        where = ", ".join(sorted(r for r in regions if r))
        contributions.append(
            Contribution(
                "region_mismatch", f"pain is in {where}, not where this condition hurts",
                Status.PRESENT, ratio, kb.settings.source, where,
            )
        )
    posterior = 1.0 / (1.0 + math.exp(-log_odds))
    contributions.sort(key=lambda c: -abs(math.log(c.lr)))
    return DifferentialEntry(
        condition.id, condition.label, condition.prior, posterior, posterior,
        tuple(contributions), condition.next_steps,
    )
