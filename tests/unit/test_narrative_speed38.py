"""Issue 10 (speed38): the value patterns' literal screen and the note's text read once give the answers of the plain
ways: every value pattern finds the same matches screened as scanned, and the document's text is joined once."""

from __future__ import annotations

import re

import spacy

from painpath.narrative import values
from painpath.narrative.components import doc_text


def _value_patterns() -> list[re.Pattern[str]]:
    found: list[re.Pattern[str]] = []
    for item in vars(values).values():
        if isinstance(item, re.Pattern):
            found.append(item)
        elif isinstance(item, list | tuple) and item and all(isinstance(p, re.Pattern) for p in item):
            found += list(item)
        elif isinstance(item, dict) and item and all(isinstance(p, re.Pattern) for p in item.values()):
            found += list(item.values())
    return found


_TEXTS = [
    "72 year old man, temp 38.4, HR 112, BP 150/90, lost 6 kg in 2 months, pain 8/10 for 3 weeks",
    "She is 28 weeks pregnant, Hb 95 g/L, eGFR 40, T-score -2.8, SLR 30 degrees, EHL 4/5",
    "TEMP 39.1 and BP 88/50; WEIGHT LOSS OF 2 STONE; Age: 81",  # upper case: the case-insensitive patterns
    "aged 45, pain for six months",
    "no numbers here at all, just a sore back",
    "\u212aelvin sign and a long \u017f: 38.5 degrees, 3 weeks",  # a character that folds onto a letter: no screen
    "",
]


def test_every_value_pattern_finds_the_same_matches_screened_as_scanned() -> None:
    patterns = _value_patterns()
    assert len(patterns) > 40
    for text in _TEXTS:
        for pattern in patterns:
            screened = [m.span() for m in values._scan(pattern, text)]
            assert screened == [m.span() for m in pattern.finditer(text)], (pattern.pattern[:60], text)


def test_a_screen_skips_a_note_without_the_words_and_keeps_one_with_them() -> None:
    pattern = re.compile(r"\b(?:temp(?:erature)?|pyrexial)\s*:?\s*(\d{2}(?:\.\d)?)\b", re.I)
    assert [m.group(1) for m in values._scan(pattern, "Temperature 38.9 today")] == ["38.9"]
    assert [m.group(1) for m in values._scan(pattern, "pyrexial 39 overnight")] == ["39"]
    assert list(values._scan(pattern, "tempted to say 38 but no")) == []  # "temp" held, no match: scanned, none
    scanner = type(pattern.finditer(""))
    assert not isinstance(values._scan(pattern, "hot at 38 overnight"), scanner)  # no word it needs: not scanned
    assert isinstance(values._scan(pattern, "TEMP 38"), scanner)  # upper case held in the lower-cased note


def test_the_documents_text_is_joined_once_and_is_spacys_text() -> None:
    nlp = spacy.blank("en")
    doc = nlp("Back pain  for 3 weeks.\nNo fever, no weight loss.")
    first = doc_text(doc)
    assert first == doc.text == "Back pain  for 3 weeks.\nNo fever, no weight loss."
    assert doc_text(doc) is first  # kept on the document, not joined again
    other = nlp("neck pain")
    assert doc_text(other) == "neck pain"
