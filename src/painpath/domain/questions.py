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
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from painpath.domain.model import (
    DifferentialEntry,
    FindingKind,
    KnowledgeBase,
    Question,
    QuestionDef,
    RuleRef,
    Status,
    TriageLevel,
)
from painpath.domain.rules import Facts, compiled


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
    statuses = facts.statuses
    own = {
        f for f, status in statuses.items()
        if status is Status.PRESENT and kb.findings[f].kind is not FindingKind.DERIVED
    }
    known: dict[Callable[[Facts], bool], bool] = {}  # per part test: whether it holds now (asked at most once)
    scored: list[tuple[float, Question]] = []
    for table in question_tables(kb):
        if statuses.get(table.finding) is not None:
            continue  # asked and answered (or stated) already
        gain, p_yes, moved = _information_gain(table, weights)
        if_yes, in_context, new_flag = _triage_if_yes(table, facts, level, raised, own, known)
        # a new red flag changes the action even when the level stays (steroids today for suspected GCA)
        climb = max(if_yes.rank - level.rank, 1 if new_flag else 0)
        definition = table.definition
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


@dataclass(frozen=True)
class QuestionTable:
    """What the ranking needs of one question that no note changes, worked out once per knowledge base: P(yes) and
    its entropy for each condition with a ratio for the finding, the findings a yes states, and the rules naming
    them with the rank each would set."""

    definition: QuestionDef
    finding: str
    base: float                # P(yes) at the base rate (a condition without a ratio for the finding)
    base_entropy: float
    # per condition with a ratio for the finding, in the knowledge's order: (condition, ratio, P(yes | condition),
    # its entropy, |log ratio|)
    ratios: tuple[tuple[str, float, float, float, float], ...]
    changed: frozenset[str]    # the finding and those it implies
    affected: tuple[str, ...]
    # the rules naming one of them, with the rank of the level each sets, the tests of the parts that name none of
    # the changed findings (a yes cannot make them hold, so each must hold already for the rule to pass after a
    # yes), and the test of the whole rule
    rules: tuple[tuple[RuleRef, int, tuple[Callable[[Facts], bool], ...], Callable[[Facts], bool]], ...]


_TABLES = "_question_tables"  # kept on the knowledge base itself (outside its fields): one per knowledge base


def question_tables(kb: KnowledgeBase) -> tuple[QuestionTable, ...]:
    """The knowledge base's question tables, built on first use and kept on it for as long as it lives (a
    knowledge base is immutable; another one, even an edited copy, builds its own)."""
    tables: tuple[QuestionTable, ...] | None = kb.__dict__.get(_TABLES)
    if tables is None:
        tables = tuple(_table(kb, definition) for definition in kb.questions)
        object.__setattr__(kb, _TABLES, tables)  # frozen dataclass: set outside its fields, once
    return tables


def _table(kb: KnowledgeBase, definition: QuestionDef) -> QuestionTable:
    # the last ratio a condition has for the finding counts, at the place of its first (as a dict keeps them)
    by_condition = {
        lr.condition: lr.lr_present
        for lr in kb.likelihoods_by_finding(definition.finding)
        if lr.lr_present is not None
    }
    ratios = []
    for condition, ratio in by_condition.items():
        given = _p_given(definition, ratio)
        ratios.append((condition, ratio, given, _entropy(given), abs(math.log(ratio)) if ratio > 0 else math.inf))
    base = _p_given(definition, 1.0)
    affected = (definition.finding, *kb.findings[definition.finding].implies)
    changed = frozenset(affected)
    rules = tuple(
        (
            rule,
            rule.level.rank,
            tuple(compiled(part) for part, names in rule.parts if names.isdisjoint(changed)),
            compiled(rule.when),
        )
        for f in affected for rule in kb.rules_naming(f)
    )
    return QuestionTable(
        definition, definition.finding, base, _entropy(base), tuple(ratios), changed, affected, rules,
    )


def _p_given(definition: QuestionDef, ratio: float) -> float:
    odds = definition.base_rate / (1.0 - definition.base_rate) * ratio
    return odds / (1.0 + odds)


def _information_gain(
    table: QuestionTable, weights: dict[str, float]
) -> tuple[float, float, tuple[str, float] | None]:
    """I(condition; answer) in bits, P(yes), and the condition whose probability a yes would move most."""
    ratios = [entry for entry in table.ratios if entry[0] in weights]
    if not weights or not ratios:
        return 0.0, table.definition.base_rate, None
    p_yes = conditional = 0.0
    rest = 1.0
    for condition, _, given, entropy, _ in ratios:
        p = weights[condition]
        p_yes += p * given
        conditional += p * entropy
        rest -= p
    # every condition without a ratio for the finding answers yes at the base rate
    base = table.base
    p_yes += rest * base
    conditional += rest * table.base_entropy
    moved = max(ratios, key=lambda entry: weights[entry[0]] * entry[4])
    return max(0.0, _entropy(p_yes) - conditional), p_yes, (moved[0], moved[1])


def _triage_if_yes(
    table: QuestionTable,
    facts: Facts,
    level: TriageLevel,
    raised: frozenset[str],
    own: set[str],
    known: dict[Callable[[Facts], bool], bool],
) -> tuple[TriageLevel, bool, bool]:
    """The triage level a yes would give (the rules naming the finding, re-run with it present); whether the note
    gives a reason (the rule also names one of the note's own findings, not age, sex or duration alone: saddle
    numbness after sciatica, not jaw claudication for a knee); and whether a yes raises a new red flag."""
    if not table.rules:
        return level, False, False
    rank = level.rank
    rules: list[tuple[RuleRef, Callable[[Facts], bool]]] = []
    for rule, rule_rank, must_hold, when in table.rules:
        if not (rule_rank > rank or (rule.flag and rule.flag not in raised)):
            continue
        # a part that fails now and names none of the answer's findings keeps failing after a yes: only those parts
        # are tested (each at most once per note, in whichever question first needs it), up to the first failing one
        for test in must_hold:
            holds_now = known.get(test)
            if holds_now is None:
                holds_now = known[test] = test(facts)
            if not holds_now:
                break
        else:
            rules.append((rule, when))
    if not rules:
        return level, False, False  # nothing a yes could change
    statuses = facts.statuses.copy()
    statuses.update((f, Status.PRESENT) for f in table.affected)
    what_if = Facts(statuses, facts.evidence, facts.values, facts.value_text)
    best, in_context, new_flag = level, False, False
    for rule, when in rules:
        if not when(what_if):
            continue
        reason = bool(rule.names & own)
        new = bool(rule.flag) and rule.flag not in raised
        in_context = in_context or reason
        new_flag = new_flag or (new and reason)
        best = max(best, rule.level, key=lambda lv: lv.rank)
    return best, in_context, new_flag


def _why(kb: KnowledgeBase, climb: int, if_yes: TriageLevel, moved: tuple[str, float] | None) -> str:
    parts = []
    if climb > 0 and if_yes.rank > 0:
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
