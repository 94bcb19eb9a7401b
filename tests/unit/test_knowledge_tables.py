"""The per-knowledge-base tables of the question ranking and the condition update (built once, kept on the
knowledge base): each knowledge base has its own, and an edited copy never reads the original's."""

from __future__ import annotations

import dataclasses

from painpath.domain.engine import condition_tables, rank_differential
from painpath.domain.model import KnowledgeBase, LikelihoodRatio, Status
from painpath.domain.questions import question_tables, rank_questions
from painpath.domain.rules import Facts


def _facts(kb: KnowledgeBase, present: list[str]) -> Facts:
    statuses = {f: Status.PRESENT for f in present if f in kb.findings}
    return Facts(statuses, {f: [f] for f in statuses}, {}, {})


def test_tables_are_built_once_per_knowledge_base(kb: KnowledgeBase) -> None:
    assert question_tables(kb) is question_tables(kb)
    assert condition_tables(kb) is condition_tables(kb)
    assert [t.definition for t in question_tables(kb)] == list(kb.questions)
    assert set(condition_tables(kb)) == set(kb.conditions)


def test_two_knowledge_bases_in_one_process_do_not_share_question_tables(kb: KnowledgeBase) -> None:
    question_tables(kb)  # the shipped one builds its tables first
    fewer = dataclasses.replace(kb, questions=kb.questions[:1])
    assert len(question_tables(fewer)) == 1
    assert len(question_tables(kb)) == len(kb.questions) > 1
    # a question whose finding has a ratio changed in the copy sees the copy's ratio, the original its own
    table = next(t for t in question_tables(kb) if t.ratios)
    condition, ratio = table.ratios[0][0], table.ratios[0][1]
    changed = tuple(
        dataclasses.replace(lr, lr_present=ratio * 3)
        if lr.condition == condition and lr.finding == table.finding and lr.lr_present is not None else lr
        for lr in kb.likelihoods
    )
    edited = dataclasses.replace(kb, likelihoods=changed)
    copy = next(t for t in question_tables(edited) if t.finding == table.finding)
    assert copy.ratios[0][1] == ratio * 3
    assert next(t for t in question_tables(kb) if t.finding == table.finding).ratios[0][1] == ratio


def test_two_knowledge_bases_in_one_process_do_not_share_condition_tables(kb: KnowledgeBase) -> None:
    condition_tables(kb)
    condition = next(iter(kb.conditions))
    finding = next(f for f, d in kb.findings.items() if d.kind.value == "symptom")
    extra = LikelihoodRatio(condition, finding, 40.0, None, "expert estimate")
    edited = dataclasses.replace(kb, likelihoods=(*kb.likelihoods, extra))
    assert len(condition_tables(edited)[condition].likelihoods) == len(condition_tables(kb)[condition].likelihoods) + 1
    assert finding in condition_tables(edited)[condition].clinical
    # the ranking reads each knowledge base's own tables: the added ratio moves the condition in the copy only
    facts = _facts(kb, [finding])
    before = {e.condition: e.posterior for e in rank_differential(kb, facts)}
    after = {e.condition: e.posterior for e in rank_differential(edited, facts)}
    assert after.get(condition, 0.0) > before.get(condition, 0.0)


def test_question_ranking_is_the_same_on_a_copy_of_the_knowledge_base(kb: KnowledgeBase) -> None:
    facts = _facts(kb, ["sciatica", "radicular_leg_pain", "back_pain"])
    differential = rank_differential(kb, facts)
    copy = dataclasses.replace(kb)
    level = kb.red_flags[0].min_triage
    assert rank_questions(copy, facts, differential, level) == rank_questions(kb, facts, differential, level)
