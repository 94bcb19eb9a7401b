"""Reading time grows with the note's length, not its square (issue 10), and the ways it does so change no result:
a regular-expression rule is tried only at the places one of its matches can begin, and finds what a scan of the
whole note finds; the unread net's ConText rebuilds only the sentences of the words it asks about."""

from __future__ import annotations

import re

import pytest

import painpath.narrative.components as components
from painpath.bench import long_text
from painpath.domain.model import KnowledgeBase
from painpath.narrative.components import CONTEXT, REGEX_TARGETS, RegexTargets, SentenceContext, match_starts
from painpath.narrative.pipeline import NarrativeReader
from tests.conftest import case_notes


def test_match_starts_read_past_zero_width_parts_into_groups_and_optional_parts() -> None:
    # the parser keeps a shared prefix once ("lower|low" is "low" then "er" or nothing): "low" begins both
    assert match_starts(re.compile(r"(?i)(?<!not )\b(lower\s+|low\s+)?back\s+pain")) == ("back", "low")
    assert match_starts(re.compile(r"(?i)\b(tablets?|(?:Acetaminophen|tylenol)\s+with\s+codeine)\b")) == (
        "acetaminophen", "tablet", "tylenol"
    )
    digits = match_starts(re.compile(r"\b(\d+|a few)\s+weeks?\s+ago"))
    assert digits is not None and set(digits) == set("0123456789") | {"a few"}
    assert match_starts(re.compile(r"(?=Sci)Sciatica|(?:;\s*)?Leg pain")) == (";", "Leg pain", "Sciatica")
    # an anchor alone in a branch: read on into what follows the group (speed43)
    assert match_starts(re.compile(r"(?:^|;\s*)Leg pain")) == (";", "Leg pain")
    # a match that may begin with any word character, any character, or nothing at all: no starts
    assert match_starts(re.compile(r"(?i)\b[a-z]{3,}ectomy\b")) is None
    assert match_starts(re.compile(r"(?i)\b(want\w*|.d\s+like)\s+to\s+die")) is None
    assert match_starts(re.compile(r"(?i)(back)?")) is None
    assert match_starts(re.compile(r"(?i:Back) pain")) is None  # case-sensitivity changed inside the pattern


@pytest.fixture(scope="module")
def reader(kb: KnowledgeBase) -> NarrativeReader:
    return NarrativeReader(kb)


def test_rules_tried_where_a_match_begins_find_what_a_whole_scan_finds(reader: NarrativeReader) -> None:
    """Every knowledge rule whose matches begin with known texts, on a long chart built from the case notes and on
    two short notes in other words and cases: the same matches, in the same order, as ``finditer``."""
    component = reader.nlp.get_pipe(REGEX_TARGETS)
    assert isinstance(component, RegexTargets)
    notes = [
        long_text(case_notes(), chars=12_000),
        "BACK PAIN for 3 weeks, worse on coughing; L leg numb since 2 days ago, can't pee properly.",
        "Had a microdiscectomy 6 months ago and now my lower back hurts again, tablets make me drowsy.",
    ]
    located = 0
    for text in notes:
        lowered = text.lower()
        positions: dict[tuple[bool, str | tuple[str, ...]], list[int]] = {}
        for pattern, _, _ in component.rules:
            begins = match_starts(pattern)
            if begins is None:
                continue
            located += 1
            folded = bool(pattern.flags & re.IGNORECASE)
            found = components._matches_at(
                pattern, text, lowered if folded else text, begins, folded, positions
            )
            assert [m.span() for m in found] == [m.span() for m in pattern.finditer(text)], pattern.pattern[:80]
    assert located > len(component.rules) * 2  # most rules, on each note


def test_a_note_with_another_decimal_digit_is_scanned_whole(reader: NarrativeReader) -> None:
    """\\d also matches digits outside ASCII: such a note is read with a scan of every rule, and the targets are
    those found running every rule without any screen; a note with ASCII digits alone is not."""
    from painpath.narrative.components import SPAN_GROUP

    component = reader.nlp.get_pipe(REGEX_TARGETS)
    assert isinstance(component, RegexTargets)
    notes = ["Back pain for \u0663 weeks and numb leg since \u0662 days", "Back pain for 3 weeks, numb leg 2 days"]
    assert components._other_digits(notes[0]) and not components._other_digits(notes[1])

    def spans() -> list[list[tuple[int, int, str]]]:
        return [sorted((s.start, s.end, s.label_) for s in reader.nlp(n).spans[SPAN_GROUP]) for n in notes]

    screened = spans()
    component.screened = False
    try:
        assert spans() == screened
    finally:
        component.screened = True
    assert any(label == "low_back_pain" for _, _, label in screened[1])


def test_the_unread_net_rebuilds_only_the_sentences_it_asks_about(
    reader: NarrativeReader, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A question about words in one sentence of a long note builds one sentence graph, not one per sentence, and
    gets the cues a graph of every sentence gives those words (a denial, a relative's)."""
    context = reader.nlp.get_pipe(CONTEXT)
    assert isinstance(context, SentenceContext)
    built: list[int] = []

    class Counted(components.ConTextGraph):  # type: ignore[misc, name-defined]
        def __init__(self, *args: object, **kwargs: object) -> None:
            built.append(1)
            super().__init__(*args, **kwargs)

    filler = " ".join(f"No leg pain on day {k}, my back aches." for k in range(1, 25))
    for asked, sentence in [
        ("bone cancer", "My mum died of bone cancer last year."),
        ("weight", "I have not lost any weight at all."),
    ]:
        doc = reader.nlp(f"{filler} {sentence} {filler}")
        start = doc.text.index(asked)
        probe = doc.char_span(start, start + len(asked), label="unread_probe", alignment_mode="expand")
        assert probe is not None
        every = context._edges(doc, [*doc.spans[context.span_group_name], probe])
        expected = [(m.modifier_span, m.category) for t, m in every if t is probe]
        built.clear()
        monkeypatch.setattr(components, "ConTextGraph", Counted)
        found = context.modifiers_of(doc, [probe])[0]
        monkeypatch.undo()
        assert [(m.modifier_span, m.category) for m in found] == expected and expected
        assert len(built) == 1
