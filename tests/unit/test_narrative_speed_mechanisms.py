"""The reader's speed mechanisms change no result: ConText's word-set cue tests read off vocabulary flags match
what the written patterns match, in the same order, and the literal index finds exactly the literals a note holds."""

from __future__ import annotations

import spacy
from spacy.matcher import Matcher

from painpath.domain.model import KnowledgeBase
from painpath.narrative.components import CONTEXT, LiteralIndex, SentenceContext, WordSetFlag, word_set_flags
from painpath.narrative.pipeline import NarrativeReader


def test_flagged_patterns_match_what_the_written_sets_match() -> None:
    """A word set on LOWER or TEXT and a regex on TEXT become flags; the flagged matcher finds what the written one
    finds, case and all; a word outside the sets finds nothing."""
    nlp = spacy.blank("en")
    written = [
        [{"LOWER": {"IN": ["aches", "ached"]}}, {"LOWER": "badly"}],
        [{"TEXT": {"IN": ["(", "["]}}, {"TEXT": {"REGEX": "^[A-C]$"}}, {"TEXT": ")"}],
        [{"LOWER": {"IN": ["may", "might"]}, "OP": "?"}, {"LOWER": "recur"}],
    ]
    flagged = word_set_flags(nlp.vocab, written)
    assert all(p is not None and not any(isinstance(k, str) and k in {"LOWER", "TEXT"} and isinstance(v, dict)
                                         for spec in p for k, v in spec.items()) for p in flagged)
    plain, fast = Matcher(nlp.vocab), Matcher(nlp.vocab, validate=False)
    for k, (a, b) in enumerate(zip(written, flagged, strict=True)):
        plain.add(f"r{k}", [a])
        fast.add(f"r{k}", [b or a])
    twins = ["It ACHED badly; see (B) and it might recur.", "Knee aches badly [c) no, [C) yes; may recur"]
    for text in twins:
        doc = nlp(text)
        assert plain(doc) == fast(doc) and len(plain(doc)) >= 3
    other = nlp("It aching badly (D) and would recur later")
    assert plain(other) == fast(other) and [nlp.vocab.strings[m] for m, _, _ in fast(other)] == ["r2"]


def test_flags_are_shared_and_a_test_without_a_free_bit_stays_as_written() -> None:
    nlp = spacy.blank("en")
    first = word_set_flags(nlp.vocab, [[{"LOWER": {"IN": ["zorb"]}}]])
    again = word_set_flags(nlp.vocab, [[{"LOWER": {"IN": ["zorb"]}}, {"LOWER": {"IN": ["quax"]}}]])
    assert first[0] is not None and again[0] is not None
    assert next(iter(first[0][0])) == next(iter(again[0][0]))  # the same set, the same flag
    many = [[{"LOWER": {"IN": [f"word{k}"]}}] for k in range(80)]
    out = word_set_flags(nlp.vocab, many)
    assert sum(p is None for p in out) > 0  # 45 bits: the rest keep their set tests
    assert sum(isinstance(g, WordSetFlag) for g in nlp.vocab.lex_attr_getters.values()) <= 45
    assert word_set_flags(nlp.vocab, [[{"NORM": {"IN": ["x"]}}], None]) == [None, None]  # NORM is the token's own


def test_context_cues_match_as_medspacy_reads_the_written_rules(kb: KnowledgeBase) -> None:
    """The ConText rules keep their patterns as written; a matcher built from them finds the same cues in the same
    order as the flagged one, for family words and denials (two twins) and a note with no set-valued cue."""
    reader = NarrativeReader(kb)
    context = reader.nlp.get_pipe(CONTEXT)
    assert isinstance(context, SentenceContext)
    rules = context.rules
    assert all(isinstance(k, str) for r in rules if isinstance(r.pattern, list) for spec in r.pattern for k in spec)
    plain = Matcher(reader.nlp.vocab)
    for rule in rules:
        if isinstance(rule.pattern, list):
            plain.add(rule._rule_id, [rule.pattern])
    flagged = context._ConText__matcher._MedspacyMatcher__matcher

    def cues(text: str) -> tuple[list[tuple[int, int, int]], list[tuple[int, int, int]]]:
        doc = reader.nlp.make_doc(text)
        return plain(doc), flagged(doc)

    for text in [
        "Her mother and two sisters had bowel cancer; she denies any weight loss, fever or night sweats.",
        "Pt's brother has MS. Declined the scan, would rather wait - negative for numbness. Cause of pain unclear.",
    ]:
        written, fast = cues(text)
        assert written == fast and len(written) >= 3
    written, fast = cues("Low back pain for three weeks after lifting boxes.")
    assert written == fast


def test_literal_index_finds_exactly_the_literals_a_note_holds() -> None:
    texts = ["ago", "ache", "aches", "head pain", "headache", "ea", "x", "pain free", "zorb"]
    index = LiteralIndex(texts)
    notes = ["Headache for a week ago", "a headache, aches and pain free days", "head pain", "", "xe", "ZORB"]
    for note in notes:
        for held in (note, note.lower()):
            assert index.held(held) == {t for t in texts if t in held}
    assert index.held("pain free, ready") == {"pain free", "ea"} and index.held("no pain") == set()


def test_regex_targets_run_only_rules_a_present_literal_lets_through(kb: KnowledgeBase) -> None:
    """The literal index skips a rule exactly when the per-rule screen would: on own wordings, the targets found
    with the index equal those found running every rule."""
    from painpath.narrative.components import REGEX_TARGETS, SPAN_GROUP, RegexTargets

    reader = NarrativeReader(kb)
    component = reader.nlp.get_pipe(REGEX_TARGETS)
    assert isinstance(component, RegexTargets)
    notes = [
        "Thunderclap headache at its worst within a minute, while straining at stool.",
        "Back hurts since two days, both legs go numb and I can't feel the toilet paper.",
        "Right knee sore, no swelling.",
    ]

    def spans() -> list[list[tuple[int, int, str]]]:
        return [sorted((s.start, s.end, s.label_) for s in reader.nlp(n).spans[SPAN_GROUP]) for n in notes]

    indexed = spans()
    component.screened = False
    assert spans() == indexed
    assert any(label for _, _, label in indexed[1])


def test_drug_names_are_scanned_only_when_a_needed_word_is_there(kb: KnowledgeBase) -> None:
    """The drug-name screen skips a note only when no name could match: short names ("T3"), names whose first word
    is short ("MS Contin") and a case-folding character are all still found; a note with no drug finds nothing."""
    meds = NarrativeReader(kb).medications
    assert meds.pattern is not None and meds._needs is not None

    def names(text: str) -> list[str]:
        found = [m.group(0) for m in meds.matches(text)]
        assert meds.pattern is not None and found == [m.group(0) for m in meds.pattern.finditer(text)]
        return found

    assert names("Takes T3 at night and MS  Contin 30mg bd for his back.") == ["T3", "MS  Contin"]
    assert names("Was on ms contin; now TYLENOL with codeine no. 3 twice") == ["ms contin", "TYLENOL with codeine no. 3"]
    assert names("Back pain for a month, walks the dog daily.") == []
    assert names("Ibuprofen \u212a") == ["Ibuprofen"]
