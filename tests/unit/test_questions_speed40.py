"""The question ranking's what-if screen (speed40): a rule is re-run after a yes only when every part that names
none of the answer's findings holds already, each such part tested at most once per note. That must give the same
answer as re-running every rule that names the finding with the answer present (the plain way), on any facts."""

from __future__ import annotations

import random
from collections.abc import Callable

from painpath.domain.model import KnowledgeBase, Status, TriageLevel
from painpath.domain.questions import QuestionTable, _triage_if_yes, question_tables
from painpath.domain.rules import Facts, holds, referenced_values


def _plain(
    table: QuestionTable, facts: Facts, level: TriageLevel, raised: frozenset[str], own: set[str]
) -> tuple[TriageLevel, bool, bool]:
    statuses = dict(facts.statuses)
    statuses.update((f, Status.PRESENT) for f in table.affected)
    what_if = Facts(statuses, facts.evidence, facts.values, facts.value_text)
    best, in_context, new_flag = level, False, False
    for rule, rank, _, _ in table.rules:
        if not (rank > level.rank or (rule.flag and rule.flag not in raised)):
            continue
        if not holds(rule.when, what_if):
            continue
        reason = bool(rule.names & own)
        in_context = in_context or reason
        new_flag = new_flag or (bool(rule.flag) and rule.flag not in raised and reason)
        if rule.level.rank > best.rank:
            best = rule.level
    return best, in_context, new_flag


def _random_facts(kb: KnowledgeBase, rng: random.Random, named: list[str], values: list[str]) -> Facts:
    statuses = {f: rng.choice([Status.PRESENT, Status.PRESENT, Status.ABSENT]) for f in rng.sample(named, 12)}
    measured = {v: float(rng.randint(0, 100)) for v in values if rng.random() < 0.5}
    return Facts(statuses, {f: [f] for f in statuses}, measured, {})


def test_the_screen_gives_the_plain_answer_for_every_question_on_random_facts(kb: KnowledgeBase) -> None:
    tables = question_tables(kb)
    named = sorted({f for t in tables for rule, *_ in t.rules for f in rule.names})
    values = sorted({v for t in tables for rule, *_ in t.rules for v in referenced_values(rule.when)})
    flags = sorted({rule.flag for t in tables for rule, *_ in t.rules if rule.flag})
    rng = random.Random(40)
    compared = changed = 0
    for _ in range(150):
        facts = _random_facts(kb, rng, named, values)
        level = rng.choice(list(TriageLevel))
        raised = frozenset(rng.sample(flags, min(len(flags), rng.randint(0, 4))))
        own = {f for f, s in facts.statuses.items() if s is Status.PRESENT}
        known: dict[Callable[[Facts], bool], bool] = {}  # shared by the note's questions, as in rank_questions
        for table in tables:
            got = _triage_if_yes(table, facts, level, raised, own, known)
            assert got == _plain(table, facts, level, raised, own), table.finding
            compared += 1
            changed += got != (level, False, False)
    assert compared > 1000
    assert changed > 50  # the random facts do reach rules a yes would fire, not only the empty answer


def test_a_yes_that_completes_a_rule_is_found_and_a_part_failing_elsewhere_blocks_it(kb: KnowledgeBase) -> None:
    # a rule of two or more parts: give it every part but one naming the question's finding; the yes completes it
    table, rule = next(
        (t, rule) for t in question_tables(kb) for rule, rank, must_hold, _ in t.rules
        if rank > 0 and len(rule.parts) > 1 and must_hold and all(
            not referenced_values(part) for part, _ in rule.parts)
        and all(len(names) == 1 for _, names in rule.parts)
    )
    statuses = {}
    for part, names in rule.parts:
        (finding,) = names
        if finding not in table.changed:
            statuses[finding] = Status.PRESENT if holds(part, Facts({finding: Status.PRESENT}, {}, {}, {})) \
                else Status.ABSENT
    facts = Facts(dict(statuses), {}, {}, {})
    own = {f for f, s in statuses.items() if s is Status.PRESENT}
    level = TriageLevel.ROUTINE
    assert _triage_if_yes(table, facts, level, frozenset(), own, {}) == _plain(table, facts, level, frozenset(), own)
    # the negative twin: flip one part outside the answer's findings; the rule can no longer pass after a yes
    outside = next(f for f in statuses)
    flipped = dict(statuses)
    flipped[outside] = Status.ABSENT if statuses[outside] is Status.PRESENT else Status.PRESENT
    twin = Facts(flipped, {}, {}, {})
    own_twin = {f for f, s in flipped.items() if s is Status.PRESENT}
    got = _triage_if_yes(table, twin, level, frozenset(), own_twin, {})
    assert got == _plain(table, twin, level, frozenset(), own_twin)
