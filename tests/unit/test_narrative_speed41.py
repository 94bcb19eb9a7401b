"""ConText's first-word union (speed41) changes no result: cue patterns whose first-word test found no flag bit of
its own test one shared flag (any of those words) in spaCy's matcher, and the exact test is made on the matches;
the cues found, and their order, are those of the patterns as written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import spacy
import yaml
from medspacy.context import ConTextRule
from spacy.matcher import Matcher

import painpath.narrative.components as components
from painpath.adapters.contract_json import to_contract
from painpath.domain.model import KnowledgeBase
from painpath.narrative.components import CONTEXT, FirstWordScreen, SentenceContext, UnionFlag, register_factories
from painpath.services.assessment import Assessor

CASES = Path(__file__).resolve().parents[1] / "cases"


def _context(rules: list[ConTextRule]) -> tuple[Any, SentenceContext]:
    register_factories()
    nlp = spacy.blank("en")
    context = nlp.add_pipe(CONTEXT)
    assert isinstance(context, SentenceContext)
    context.add(rules)
    return nlp, context


def _token_matcher(context: SentenceContext) -> Any:
    return context._ConText__matcher._MedspacyMatcher__matcher


def test_more_first_word_sets_than_bits_match_as_written() -> None:
    """60 two-word cues, each starting with its own set, and one-word and optional-start cues beside them: more sets
    than the 45 free bits, so most share the union; every text finds what the written patterns find, in order."""
    rules = [
        ConTextRule(f"cue {k}", "NEGATED_EXISTENCE", pattern=[{"LOWER": {"IN": [f"nix{k}", f"zap{k}"]}},
                                                              {"LOWER": {"IN": ["pain", "ache"]}}])
        for k in range(60)
    ]
    rules.append(ConTextRule("one word", "HYPOTHETICAL", pattern=[{"LOWER": {"IN": ["nix3", "maybe"]}}]))
    rules.append(ConTextRule("optional start", "HISTORICAL", pattern=[
        {"LOWER": {"IN": ["old", "zap7"]}, "OP": "?"}, {"LOWER": {"IN": ["nix8", "prior"]}}, {"LOWER": "pain"}]))
    written = [rule.pattern for rule in rules]
    nlp, context = _context(rules)
    screen = _token_matcher(context)
    assert isinstance(screen, FirstWordScreen) and len(screen.exact) >= 15  # the union is in use
    assert any(isinstance(g, UnionFlag) for g in nlp.vocab.lex_attr_getters.values())
    assert [rule.pattern for rule in rules] == written  # the rules keep their patterns as written
    plain = Matcher(nlp.vocab)
    for rule in rules:
        plain.add(rule._rule_id, [rule.pattern])
    texts = [
        "nix59 pain and zap0 ache, NIX44 Pain; maybe nix3 ache",  # reported wording: late sets, case, one-word cue
        "Zap12 ache then nix30 pain, old nix8 pain",  # other voice: an optional start
        "zap7 prior pain with nix58 ache",  # other voice
        "nix59 ache zap1 pain nix58 nix57 pain",  # a set word followed by another set's word: only the real cue
        "zap12 painless, nix44 walking, maybe later",  # negative twin: union words with no cue after them
    ]
    for text in texts:
        doc = nlp.make_doc(text)
        assert screen(doc) == plain(doc)
        span = doc[1:]
        assert screen(span) == plain(span)
        assert [(s.start, s.end, s.label) for s in screen(doc, as_spans=True)] == [
            (s.start, s.end, s.label) for s in plain(doc, as_spans=True)]
    assert len(plain(nlp.make_doc(texts[0]))) >= 4
    assert [nlp.vocab.strings[m] for m, _, _ in screen(nlp.make_doc(texts[4]))] == [rules[60]._rule_id]


def test_few_sets_use_no_union() -> None:
    nlp, context = _context([ConTextRule("no pain", "NEGATED_EXISTENCE", pattern=[
        {"LOWER": {"IN": ["no", "nil"]}}, {"LOWER": "pain"}])])
    assert not isinstance(_token_matcher(context), FirstWordScreen)
    assert not any(isinstance(g, UnionFlag) for g in nlp.vocab.lex_attr_getters.values())


def _notes(limit: int) -> list[str]:
    notes: list[str] = []
    for path in sorted(CASES.glob("*.yaml")):
        if "heldout" in path.name:
            continue
        data = yaml.safe_load(path.read_text()) or []
        notes += [case["text"] for case in data if isinstance(case, dict) and isinstance(case.get("text"), str)][:3]
    return notes[:limit]


@pytest.fixture(scope="module")
def plain_assessor(kb: KnowledgeBase) -> Assessor:
    original = components._start_keys_over_bits
    components._start_keys_over_bits = lambda *_: False  # type: ignore[assignment]
    try:
        return Assessor(kb)
    finally:
        components._start_keys_over_bits = original


def test_the_knowledge_cues_with_and_without_the_union(kb: KnowledgeBase, plain_assessor: Assessor) -> None:
    """The shipped ConText rules use the union; on 45 case notes the cue matches and the full contract JSON are
    those of a reader built without it."""
    fast = Assessor(kb)
    fast_context = fast.reader.nlp.get_pipe(CONTEXT)
    plain_context = plain_assessor.reader.nlp.get_pipe(CONTEXT)
    assert isinstance(_token_matcher(fast_context), FirstWordScreen)
    assert not isinstance(_token_matcher(plain_context), FirstWordScreen)
    notes = _notes(45)
    assert len(notes) >= 40
    for note in notes:
        fast_cues = fast_context._ConText__matcher(fast.reader.nlp.make_doc(note))
        plain_cues = plain_context._ConText__matcher(plain_assessor.reader.nlp.make_doc(note))
        assert fast_cues == plain_cues
        assert json.dumps(to_contract(fast.assess_text(note), fast.kb), sort_keys=True, default=str) == json.dumps(
            to_contract(plain_assessor.assess_text(note), plain_assessor.kb), sort_keys=True, default=str
        )
