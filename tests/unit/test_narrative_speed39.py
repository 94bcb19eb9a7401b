"""Issue 10 (speed39): a pattern with no screen of three-character texts is screened by two-character ones
(``any_screen``), and screened it finds exactly what a scan of the whole note finds."""

from __future__ import annotations

import re

from painpath.domain.model import KnowledgeBase
from painpath.narrative import values
from painpath.narrative.components import REGEX_TARGETS, SPAN_GROUP, RegexTargets, any_screen, screen_literals
from painpath.narrative.pipeline import NarrativeReader

_NOTES = [
    "She is 28 weeks pregnant and her back aches; G2P1 at 31/40, 32 wks along.",
    "I'm 36 weeks and my back is killing me, HA since the op 3 months ago, ft numb.",
    "72 y/o man, Ca 2.9, PSA raised, known MI and AF, T12 fracture on MRI, no fracture at L1.",
    "FM since 2019, TB treated in 2010, od on paracetamol yesterday, LFTs deranged.",
    "WEEKS OF PAIN IN BOTH FEET, 40 YEARS OLD, HR 110",  # upper case: read on the lower-cased note
    "\u212aelvin sign and a long \u017f: 30 weeks pregnant",  # a character that folds onto a letter: no screen
    "Back pain for a month, walks the dog daily.",
    "",
]


def test_a_pattern_with_only_short_texts_gets_a_screen_a_match_always_satisfies() -> None:
    gestation = values._GESTATION
    assert screen_literals(gestation) is None  # "wk" and "40" are too short for the three-character screen
    screen = any_screen(gestation)
    assert screen is not None and any("wk" in needed for needed in screen)
    assert any_screen(re.compile(r"(?i)\b(op|ft)\b")) == (("ft", "op"),)
    assert any_screen(re.compile(r"\b\d+\s*x\b")) is None  # nothing of two characters either


def test_every_value_pattern_finds_the_same_matches_screened_as_scanned() -> None:
    patterns = [p for p in vars(values).values() if isinstance(p, re.Pattern)] + [
        p for item in vars(values).values() if isinstance(item, list | tuple) for p in item if isinstance(p, re.Pattern)
    ]
    assert any(screen_literals(p) is None and any_screen(p) is not None for p in patterns)
    for text in _NOTES:
        for pattern in patterns:
            screened = [m.span() for m in values._scan(pattern, text)]
            assert screened == [m.span() for m in pattern.finditer(text)], (pattern.pattern[:60], text)


def test_the_regex_targets_find_the_same_spans_screened_and_unscreened(kb: KnowledgeBase) -> None:
    reader = NarrativeReader(kb)
    component = reader.nlp.get_pipe(REGEX_TARGETS)
    assert isinstance(component, RegexTargets)
    short = [k for k, (pattern, _, _) in enumerate(component.rules) if screen_literals(pattern) is None]
    assert any(component._starts[k] is not None for k in short)  # rules that ran on every note now have a screen

    def spans() -> list[list[tuple[int, int, str]]]:
        return [sorted((s.start, s.end, s.label_) for s in reader.nlp(n).spans[SPAN_GROUP]) for n in _NOTES]

    screened = spans()
    component.screened = False
    assert spans() == screened
    assert any(screened)


_CLAUSE_NOTES = [
    "PMH: asthma. Back pain for 3 weeks, getting worse, MRI last week showed a disc; mum had arthritis.",
    "Knee pain since the fall, now better. Plan: physio. Smoker, lives alone, no change in the numbness.",
    "SHE SAYS THE PAIN IS WORSE AT NIGHT, FATHER HAD PROSTATE CANCER",  # upper case: the screens read lower case
    "A \u212aelvin sign: every cue searched. Leg weakness worsening since Monday.",
    "sore",
]


def test_clause_roles_and_courses_are_the_same_with_and_without_the_note_screen(kb: KnowledgeBase) -> None:
    """A role or course whose cues the note does not hold is not searched for in its pieces: the clauses, their
    roles and each finding's course are what searching every piece for every cue gives."""
    reader = NarrativeReader(kb)
    clauses = reader.clauses

    def read_all() -> list[object]:
        out: list[object] = []
        for note in _CLAUSE_NOTES:
            doc = reader.nlp(note)
            found = clauses.read(doc, note, list(doc.sents))
            out.append([(c.start, c.end, c.role) for c in found.items])
            out.append([clauses.course_of(note, c, c.start, c.end) for c in found.items])
        return out

    screened = read_all()
    assert any(len(screens) for screens in clauses._role_screens)
    clauses._role_screens = [[None] for _ in clauses._role_screens]
    clauses._course_screens = [[None] for _ in clauses._course_screens]
    clauses._course_text = None
    assert read_all() == screened
    assert any(course for row in screened[1::2] for course, _ in row)  # a course was read
