"""The narrative reader as a component: one reader per knowledge base, each with its own words."""

from __future__ import annotations

import dataclasses

from painpath.adapters.knowledge_files import LexiconEntry
from painpath.domain.model import KnowledgeBase, Status
from painpath.narrative.pipeline import NarrativeReader


def _with_regex(kb: KnowledgeBase, finding: str, pattern: str) -> KnowledgeBase:
    """The same knowledge base with one extra regular expression for one finding."""
    lexicon: dict[str, LexiconEntry] = dict(kb.extra["lexicon"])
    entry = lexicon[finding]
    lexicon[finding] = dataclasses.replace(entry, regex=(*entry.regex, pattern))
    return dataclasses.replace(kb, extra={**kb.extra, "lexicon": lexicon})


def _found(reader: NarrativeReader, text: str) -> dict[str, Status]:
    return {o.finding: o.status for o in reader.read(text).observations}


def test_each_knowledge_base_keeps_its_own_regular_expressions(kb: KnowledgeBase) -> None:
    first = NarrativeReader(_with_regex(kb, "night_pain", r"(?i)\bzorblat\b"))
    second = NarrativeReader(_with_regex(kb, "fever", r"(?i)\bquixotherm\b"))

    assert _found(second, "Back pain and quixotherm.").get("fever") is Status.PRESENT
    assert "night_pain" not in _found(second, "Back pain and zorblat.")
    assert _found(first, "Back pain and zorblat.").get("night_pain") is Status.PRESENT
    assert "fever" not in _found(first, "Back pain and quixotherm.")


def test_literal_screen_reads_the_start_every_match_needs() -> None:
    import re

    from painpath.narrative.components import literal_starts

    assert literal_starts(re.compile(r"(?i)\b(headaches?|head pain)\b[^.;]{0,60}?peak")) == ("head",)
    assert literal_starts(re.compile(r"(?i)\b(Radiat\w*|shoot\w*|goes)\b")) == ("goes", "radiat", "shoot")
    assert literal_starts(re.compile(r"(?i)\b(abc\w*)def")) == ("abc",)  # an open group ends the literal
    assert literal_starts(re.compile(r"\bHAs?\b")) is None  # too short to screen anything
    assert literal_starts(re.compile(r"(?i)\b(my|his|her)\s+hair")) is None  # 'my' is too short
    assert literal_starts(re.compile(r"(?i)(?<!low )\bmiddle")) is None  # a look-behind first: not read


def test_literal_screen_changes_no_span(kb: KnowledgeBase) -> None:
    """Every target the reader finds with the screen it also finds running every rule on every note."""
    from painpath.narrative.components import REGEX_TARGETS, SPAN_GROUP

    notes = [
        "Sudden headache that hit its peak within seconds while lifting; neck stiff.",
        "My back is very bad since 4 days, pain go both leg. I not feel when I wipe and the pee not come.",
        "Pain from my back down the front of my left thigh; the knee gives way on the stairs.",
        "Kelvin sign \u212a and a long s \u017f in a note: every rule runs (severe pain radiating to the back).",
        "Quadriceps 5-/5 with pain on testing, brushing her hair is painful, better walking about.",
    ]
    reader = NarrativeReader(kb)
    component = reader.nlp.get_pipe(REGEX_TARGETS)

    def spans() -> list[list[tuple[int, int, str]]]:
        return [sorted((s.start, s.end, s.label_) for s in reader.nlp(n).spans[SPAN_GROUP]) for n in notes]

    screened = spans()
    component._starts = [None] * len(component._starts)
    assert spans() == screened
    assert any(label == "worst_ever_headache" for _, _, label in screened[0])
