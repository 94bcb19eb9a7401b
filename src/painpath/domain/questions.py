"""Ask, don't guess: the unasked questions whose answers would most change the differential or the triage.

Each question of the knowledge base asks about one finding the note does not mention. Its value is

    expected information gain over the differential (bits)  +  triage weight x P(yes) x levels a yes would add

The first term is the mutual information between the condition and the answer, I(C; A) = h(P(yes)) - sum_c p_c
h(P(yes | c)), where p_c is the normalised posterior of each condition and P(yes | c) scales the question's base
rate by the condition's likelihood ratio for the finding (odds x LR). The second is the expected rise in triage
level: a yes that would raise a red flag or a triage rule, weighted by how many levels it would climb. It counts
only when the note gives a reason (the rule needs one of the note's own findings: saddle numbness after sciatica,
not jaw claudication for a knee); a screen that needs nothing else (suicidal thoughts) counts at screening_weight.
Both are a few multiplications per condition: cheap enough to run on every note.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from painpath.domain.model import (
    DifferentialEntry,
    FindingKind,
    KnowledgeBase,
    Question,
    QuestionDef,
    Status,
    TriageLevel,
)
from painpath.domain.rules import Facts, holds, referenced_findings


def rank_questions(
    kb: KnowledgeBase,
    facts: Facts,
    differential: Sequence[DifferentialEntry],
    level: TriageLevel,
    raised: frozenset[str] = frozenset(),
) -> tuple[Question, ...]:
    """The most useful unasked questions, best first (at most settings.max_questions); the information gain is over
    the reported differential, renormalised; ``raised`` are the red flags the note already raises."""
    settings = kb.settings
    if not kb.questions or settings.max_questions <= 0:
        return ()
    total = sum(e.posterior for e in differential)
    weights = {e.condition: e.posterior / total for e in differential} if total > 0 else {}
    scored: list[tuple[float, Question]] = []
    for definition in kb.questions:
        if facts.status(definition.finding) is not None:
            continue  # asked and answered (or stated) already
        gain, moved = _information_gain(kb, definition, weights)
        p_yes = _p_yes(kb, definition, weights)
        if_yes, in_context, new_flag = _triage_if_yes(kb, facts, definition.finding, level, raised)
        # a new red flag changes the action even when the level stays (steroids today for suspected GCA)
        climb = max(if_yes.rank - level.rank, 1 if new_flag else 0)
        relevance = 1.0 if in_context else settings.screening_weight if definition.screen else 0.0
        score = gain + settings.question_triage_weight * relevance * climb * p_yes
        if score < settings.min_question_value:
            continue
        scored.append((score, Question(
            definition.id, definition.finding, definition.clinician, definition.patient,
            round(gain, 3), if_yes, _why(kb, climb, if_yes, moved),
        )))
    scored.sort(key=lambda item: -item[0])
    return tuple(q for _, q in scored[: settings.max_questions])


def _p_given(definition: QuestionDef, ratio: float) -> float:
    odds = definition.base_rate / (1.0 - definition.base_rate) * ratio
    return odds / (1.0 + odds)


def _ratios(kb: KnowledgeBase, finding: str) -> dict[str, float]:
    return {lr.condition: lr.lr_present for lr in kb.likelihoods_by_finding(finding) if lr.lr_present is not None}


def _p_yes(kb: KnowledgeBase, definition: QuestionDef, weights: dict[str, float]) -> float:
    ratios = _ratios(kb, definition.finding)
    if not weights:
        return definition.base_rate
    return sum(p * _p_given(definition, ratios.get(c, 1.0)) for c, p in weights.items())


def _information_gain(
    kb: KnowledgeBase, definition: QuestionDef, weights: dict[str, float]
) -> tuple[float, tuple[str, float] | None]:
    """I(condition; answer) in bits, and the condition whose probability a yes would move most (with its ratio)."""
    ratios = _ratios(kb, definition.finding)
    if not weights or not ratios:
        return 0.0, None
    p_yes = 0.0
    conditional = 0.0
    for condition, p in weights.items():
        given = _p_given(definition, ratios.get(condition, 1.0))
        p_yes += p * given
        conditional += p * _entropy(given)
    moved = max(ratios.items(), key=lambda item: weights.get(item[0], 0.0) * abs(math.log(item[1])), default=None)
    return max(0.0, _entropy(p_yes) - conditional), moved


def _triage_if_yes(
    kb: KnowledgeBase, facts: Facts, finding: str, level: TriageLevel, raised: frozenset[str]
) -> tuple[TriageLevel, bool, bool]:
    """The triage level a yes would give (the rules naming the finding, re-run with it present), and whether the
    note's own findings take part: a rule that a yes alone would fire (suicidal thoughts) is a screen for every
    note, asked with less weight than one this note gives reason for (saddle numbness with sciatica)."""
    affected = (finding, *kb.findings[finding].implies)
    flag_rules = [r for f in affected for r in kb.rules_naming(f)[0]]
    triage_rules = [r for f in affected for r in kb.rules_naming(f)[1]]
    if not flag_rules and not triage_rules:
        return level, False, False
    statuses = dict(facts.statuses)
    alone = {f: Status.PRESENT for f in affected}
    statuses.update(alone)
    what_if = Facts(statuses, facts.evidence, facts.values, facts.value_text)
    # the note gives a reason when the rule also names one of its own findings (not age, sex or duration alone)
    own = {f for f, status in facts.statuses.items()
           if status is Status.PRESENT and kb.findings[f].kind is not FindingKind.DERIVED}
    best, in_context, new_flag = level, False, False
    candidates = [(r.when, r.escalate_to or r.min_triage, r.id) for r in flag_rules]
    candidates += [(t.when, t.level, "") for t in triage_rules]
    for when, rule_level, flag in candidates:
        if not holds(when, what_if):
            continue
        reason = bool((referenced_findings(when) - set(affected)) & own)
        new = bool(flag) and flag not in raised
        if rule_level.rank > level.rank or new:
            in_context = in_context or reason
            new_flag = new_flag or (new and reason)
            best = max(best, rule_level, key=lambda lv: lv.rank)
    return best, in_context, new_flag


def _why(kb: KnowledgeBase, climb: int, if_yes: TriageLevel, moved: tuple[str, float] | None) -> str:
    parts = []
    if climb > 0:
        parts.append(f"a yes raises the triage to {if_yes.value}")
    if moved is not None:
        condition, ratio = moved
        label = kb.conditions[condition].label
        parts.append(f"a yes {'supports' if ratio > 1 else 'argues against'} {label}")
    return "; ".join(parts)


def _entropy(p: float) -> float:
    if p <= 0.0 or p >= 1.0:
        return 0.0
    return -(p * math.log2(p) + (1.0 - p) * math.log2(1.0 - p))
