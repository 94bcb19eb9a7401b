"""Findings the note implies without saying them: from measured values, from criteria counts and from rules.

Three kinds, applied in this order to a story before reasoning:

1. criteria counts (knowledge ``criteria``): the number of published categories with a present finding becomes
   a measured value (Budapest categories for CRPS, the ACR 2016 pain regions for fibromyalgia);
2. thresholds (``derive``): a measured value crossing a cited threshold (age over 70, fever, a T-score of -2.5
   or lower, the count of step 1 reaching its criterion);
3. rules (``derive_when``): a rule over other findings and values (menopause from age and sex, long-term steroid
   exposure), evaluated in the knowledge base's order until nothing new holds.
"""

from __future__ import annotations

from dataclasses import replace

from painpath.domain.facts import facts_from
from painpath.domain.model import (
    CriteriaCount,
    KnowledgeBase,
    Observation,
    PatientStory,
    Status,
)
from painpath.domain.rules import evidence, holds

BOTH_SIDES = {"left", "right"}


def with_derived_findings(kb: KnowledgeBase, story: PatientStory) -> PatientStory:
    """The story with every derived finding and criteria count added (each with the words behind it)."""
    story = _with_counts(kb, story)
    story = _with_thresholds(kb, story)
    return _with_rules(kb, story)


def _with_counts(kb: KnowledgeBase, story: PatientStory) -> PatientStory:
    if not kb.criteria:
        return story
    present = {
        fid
        for fid, status in facts_from(kb, story).statuses.items()
        if status is Status.PRESENT
    }
    sides: dict[str, set[str]] = {}
    for obs in story.observations:
        if obs.status is Status.PRESENT and obs.laterality:
            sides.setdefault(obs.finding, set()).update(
                BOTH_SIDES if obs.laterality == "bilateral" else {obs.laterality}
            )
    values, value_text = dict(story.values), dict(story.value_text)
    for criterion in kb.criteria:
        count, met = count_groups(criterion, present, sides, story.laterality)
        values[criterion.value] = float(count)
        groups = ", ".join(group.replace("_", " ") for group in met)  # group ids in words, for the page
        value_text[criterion.value] = f"{criterion.label}: {count} ({groups or 'none'})"
    return replace(story, values=values, value_text=value_text)


def count_groups(
    criterion: CriteriaCount, present: set[str], sides: dict[str, set[str]], note_side: str | None
) -> tuple[int, list[str]]:
    """How many of the criterion's groups hold a present finding; a sided group counts each side named.

    A finding without a side counts once, on the side the note names overall (or one side when it names none):
    an unknown side never doubles a region.
    """
    count, met = 0, []
    for group in criterion.groups:
        members = [f for f in group.findings if f in present]
        if not members:
            continue
        if not group.sided:
            count += 1
            met.append(group.id)
            continue
        named: set[str] = set()
        for finding in members:
            named |= sides.get(finding, set())
        if not named:
            named = BOTH_SIDES if note_side == "bilateral" else {note_side or "unstated"}
        count += len(named)
        met.extend(f"{side} {group.id}" for side in sorted(named))
    return count, met


def _with_thresholds(kb: KnowledgeBase, story: PatientStory) -> PatientStory:
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


def _with_rules(kb: KnowledgeBase, story: PatientStory) -> PatientStory:
    rules = [(d, d.derive_when) for d in kb.findings.values() if d.derive_when is not None]
    if not rules:
        return story
    facts = facts_from(kb, story)
    derived: list[Observation] = []
    changed = True
    while changed:  # a derived finding may feed another: repeat until nothing new holds
        changed = False
        for definition, rule in rules:
            if rule is None or facts.status(definition.id) is Status.PRESENT or not holds(rule, facts):
                continue
            words = evidence(rule, facts)
            derived.append(Observation(definition.id, Status.PRESENT, "; ".join(words) or definition.label))
            for fid in (definition.id, *definition.implies):
                if facts.status(fid) is not Status.PRESENT:
                    facts.statuses[fid] = Status.PRESENT
                    facts.evidence[fid] = list(words)
            changed = True
    if not derived:
        return story
    return replace(story, observations=story.observations + tuple(derived))
