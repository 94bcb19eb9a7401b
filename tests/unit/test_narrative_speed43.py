"""The regular-expression targets' cheaper screens (speed43) change no result.

Three ways: the literals a note holds are found by one scan of a trie written as a regular expression instead of a
search for each literal; a rule that opens with \\b is tried only where a word begins (its places read off an index
of the note's words); and the texts a match begins with are read past a branch that consumes nothing ("^" or a
look-behind) into what follows it. Each is checked against the plain way, on the case notes, a long chart and
synthetic texts made to catch a dropped literal or place."""

from __future__ import annotations

import random
import re

import pytest

import painpath.narrative.components as components
from painpath.bench import long_text
from painpath.domain.model import KnowledgeBase
from painpath.narrative.components import (
    REGEX_TARGETS,
    SPAN_GROUP,
    LiteralIndex,
    RegexTargets,
    WordStarts,
    leading_boundary,
    match_starts,
)
from painpath.narrative.pipeline import NarrativeReader
from tests.conftest import case_notes


@pytest.fixture(scope="module")
def reader(kb: KnowledgeBase) -> NarrativeReader:
    return NarrativeReader(kb)


@pytest.fixture(scope="module")
def component(reader: NarrativeReader) -> RegexTargets:
    found = reader.nlp.get_pipe(REGEX_TARGETS)
    assert isinstance(found, RegexTargets)
    return found


# --- the literals a note holds -------------------------------------------------------------------------------


def test_trie_finds_every_literal_a_substring_test_finds_synthetic() -> None:
    """Texts that begin, end and overlap one another ("ab" inside "abc", "bc" starting inside "abc", a text that is
    only a longer text's beginning), short and one-character texts, and characters a regular expression reads
    specially: the trie's answer is the plain substring test's, on random notes over a small alphabet."""
    rng = random.Random(43)
    alphabet = "ab.c( )*\n"
    for _ in range(200):
        texts = {"".join(rng.choice(alphabet) for _ in range(rng.randint(1, 6))) for _ in range(rng.randint(1, 40))}
        index = LiteralIndex(texts)
        for _ in range(10):
            note = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
            expected = {t for t in texts if t in note}
            assert index.held(note) == expected, (sorted(texts), note)
            assert index.held_by_grams(note) == expected


def test_trie_answers_as_the_grams_did_for_the_shipped_literals(component: RegexTargets) -> None:
    """Every literal of the shipped rules, on every case note and its lower-cased form: the same set as before."""
    notes = case_notes()
    assert len(notes) > 500
    for index in component._literals.values():
        for note in notes:
            for written in (note, note.lower()):
                assert index.held(written) == index.held_by_grams(written)


def test_a_literal_only_as_part_of_a_longer_one_is_still_found() -> None:
    # "back" stands only inside "backache": the longest text there is "backache", and "back" is its beginning
    index = LiteralIndex(["back", "backache", "ache", "kach"])
    assert index.held("my backache") == {"back", "backache", "ache", "kach"}
    assert index.held("my backpack") == {"back"}
    assert index.held("no pain") == set()


# --- where a rule may begin ----------------------------------------------------------------------------------


def test_starts_read_past_a_branch_that_consumes_nothing() -> None:
    assert match_starts(re.compile(r"(?i)(?:(?<=\bprior\s)|(?<=\bpast\s))(?:headaches?|migraine)")) == (
        "headache", "migraine"
    )
    assert match_starts(re.compile(r"(?i)(?:\b(?:my|the)\s+|^|(?<=[.;]\s))lower\s+back")) == ("lower", "my", "the")
    # a part that may be left out still lets what follows it begin a match
    assert match_starts(re.compile(r"(?i)(?:^|[.;]\s*)?(?:new)?\s*pain")) is None  # "\s" is a wide class
    # a group read once goes on into what follows it; a repeated part is read alone (another round may follow it)
    assert match_starts(re.compile(r"(?i)(?:x|y)(?:new)?pain")) == ("x", "y")
    assert match_starts(re.compile(r"(?i)(?:new)?pain")) == ("new", "pain")
    assert match_starts(re.compile(r"(?i)(?:ab)+c")) == ("ab",)
    assert match_starts(re.compile(r"(?i)(?:ab)*c")) == ("ab", "c")
    assert match_starts(re.compile(r"(?i)(?:^|x)?pain")) is None  # a part that may match nothing, repeated


def test_leading_boundary() -> None:
    assert leading_boundary(re.compile(r"(?i)\b(a|one)\s+week"))
    assert not leading_boundary(re.compile(r"(?i)(?<=\s)a\s+week"))
    assert not leading_boundary(re.compile(r"(?i)\b(a|one)\s+week", re.ASCII))


def test_places_at_word_starts_hold_every_match_start_synthetic() -> None:
    """A text of word characters ("a", "sav") begins a match only where a word begins with it; a text with more
    after its word ("a few") only where the word is that word. The places found are a superset of the starts of
    every match, and the rule tried at those places finds what ``finditer`` finds."""
    patterns = [
        re.compile(r"(?i)\b(a\s+few|a|sav(?:e|ing)|\d+(?:\.\d+)?)\s+(weeks?|tablets?)\b"),
        re.compile(r"(?i)\b(?:a few|0\.5|one)\s+weeks?\b"),  # texts with more after their word: "a few", "0.5"
    ]
    texts = [
        "A few weeks ago, a week later; saving tablets, 2.5 weeks, afew weeks, spa weeks, 12 tablets",
        "save tablets a weeks3 weeks A  FEW weeks 0.5 weeks a few week one weeks",
        "",
        "weeks",
    ]
    rng = random.Random(7)
    words = ["a", "A", "few", "a few", "afew", "sav", "save", "saving", "weeks", "tablet", "2", "2.5", "0.5", "x2",
             ".", ",", "week", "one", "ones"]
    texts += [" ".join(rng.choice(words) for _ in range(rng.randint(1, 25))) for _ in range(300)]
    for pattern in patterns:
        begins = match_starts(pattern)
        assert begins is not None and leading_boundary(pattern)
        for text in texts:
            lowered = text.lower()
            positions: dict[tuple[bool, str | tuple[str, ...]], list[int]] = {}
            places = set(WordStarts(text).places(lowered, begins, True, positions))
            expected = [m.span() for m in pattern.finditer(text)]
            assert {start for start, _ in expected} <= places, text
            found = components._matches_at(pattern, text, lowered, begins, True, {}, WordStarts(text))
            assert [m.span() for m in found] == expected, text
    assert match_starts(patterns[1]) == ("0.5", "a few", "one")


def test_word_start_places_find_what_a_whole_scan_finds(component: RegexTargets) -> None:
    """Every shipped rule tried at word starts, on a long chart, short notes and a note of non-ASCII words (read by
    searching each text, then kept at word starts): the same matches, in the same order, as ``finditer``."""
    notes = [
        long_text(case_notes(), chars=12_000),
        "BACK PAIN for 3 weeks, worse on coughing; L leg numb since 2 days ago, can't pee properly.",
        "Had a microdiscectomy 6 months ago and now my lower back hurts again, tablets make me drowsy.",
        "Café owner, naïve to opioids: a few weeks of back pain, saving tablets, 2 weeks ago a fall.",
    ]
    tried = 0
    for text in notes:
        lowered = text.lower()
        positions: dict[tuple[bool, str | tuple[str, ...]], list[int]] = {}
        words = WordStarts(text)
        for k, (pattern, _, _) in enumerate(component.rules):
            if not component._at_words[k]:
                continue
            begins = component._match_starts[k]
            assert begins is not None
            tried += 1
            folded = bool(pattern.flags & re.IGNORECASE)
            found = components._matches_at(
                pattern, text, lowered if folded else text, begins, folded, positions, words
            )
            assert [m.span() for m in found] == [m.span() for m in pattern.finditer(text)], pattern.pattern[:80]
    assert tried > len(component.rules) * 3  # most rules, on each note


# --- the component as a whole --------------------------------------------------------------------------------


def _spans(reader: NarrativeReader, text: str) -> list[tuple[int, int, str]]:
    doc = reader.nlp(text)
    return sorted((s.start, s.end, s.label_) for s in doc.spans[SPAN_GROUP])


def test_screened_and_unscreened_targets_are_the_same(reader: NarrativeReader, component: RegexTargets) -> None:
    """The reader's targets on 300 case notes and the synthetic wordings above, with every screen on and with every
    rule scanned over the whole note: the same spans."""
    notes = [
        *case_notes()[::3][:300],
        "A few weeks ago I started saving tablets; my lower back pain is worse.",
        "Prior headaches, past migraine; now new pain in both legs.",
    ]
    for text in notes:
        component.screened = True
        screened = _spans(reader, text)
        component.screened = False
        try:
            whole = _spans(reader, text)
        finally:
            component.screened = True
        assert screened == whole, text
