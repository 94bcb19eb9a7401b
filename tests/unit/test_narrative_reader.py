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
    component.screened = False
    assert spans() == screened
    assert any(label == "worst_ever_headache" for _, _, label in screened[0])


def test_screen_reads_literals_a_match_needs_anywhere() -> None:
    import re

    from painpath.narrative.components import required_literals, screen_literals

    ago = re.compile(r"(?i)\b(\d+|a\s+few|several)\s+(months?|years?)\s+ago\b")
    assert screen_literals(ago) == (("month", "year"), ("ago",))  # "months" holds "month": one test suffices
    assert required_literals(re.compile(r"(?i)\b(left|right|l|r)\s+(tkr|tka)\b")) == [("tka", "tkr")]  # tk[ra]
    # zero-width parts leave a literal run whole; look-behinds add nothing of their own
    assert required_literals(re.compile(r"(?i)(?<!not\s)\bfoo(bar)?baz")) == [("foobarbaz", "foobaz")]
    # twins that need nothing: a part that may be empty, a class of any word character, a short alternative
    assert screen_literals(re.compile(r"(?i)\b(abcdef)?\d+\s*mg")) is None
    assert screen_literals(re.compile(r"(?i)\b\w+ectomy|op\b")) is None  # one branch needs only "op"
    assert screen_literals(re.compile(r"(?i)\b(ecto|x\w*)\s+pain")) == (("pain",),)
    # a case-insensitive pattern's non-ASCII cased letters are not read as literals (their folding differs)
    assert screen_literals(re.compile(r"(?i)\bσσσ\b")) is None


def test_screen_skips_a_rule_only_when_a_needed_literal_is_missing(kb: KnowledgeBase) -> None:
    """A rule with a needed word late in it ("ago") runs when the note has it and is skipped when it has not; the
    skip changes nothing, and a rare character folding onto a letter turns the screen off."""
    from painpath.narrative.components import REGEX_TARGETS, SPAN_GROUP

    reader = NarrativeReader(_with_regex(kb, "night_pain", r"(?i)\b(\d+|a\s+few)\s+(zorbs?|quaxes?)\s+ago\b"))
    component = reader.nlp.get_pipe(REGEX_TARGETS)
    index = next(k for k, (p, _, _) in enumerate(component.rules) if "zorbs" in p.pattern)
    assert component._starts[index] == (("quaxe", "zorb"), ("ago",))  # "quaxes?" needs "quaxe"

    def night(text: str) -> list[str]:
        return [s.text for s in reader.nlp(text).spans[SPAN_GROUP] if s.label_ == "night_pain" and "zorb" in s.text.lower()]

    assert night("Back pain that started 3 zorbs ago.") == ["3 zorbs ago"]  # every needed literal: the rule runs
    assert night("Back pain that started 3 zorbs back.") == []  # no "ago": skipped, and no match was there
    assert night("Back pain, 3 ZORBS AGO.") == ["3 ZORBS AGO"]  # the case-insensitive rule reads the lower-cased note
    assert night("Bac\u212a pain that started 3 zorbs ago.") == ["3 zorbs ago"]  # Kelvin sign: every rule runs


def test_screen_never_skips_a_rule_that_matches(kb: KnowledgeBase) -> None:
    """On the sample and clinic notes, no rule the screen skips would have matched."""
    from pathlib import Path

    import yaml

    from painpath.narrative.components import REGEX_TARGETS

    notes = [
        case["text"]
        for path in sorted((Path(__file__).resolve().parents[1] / "cases").glob("clinic_cases*.yaml"))[:6]
        for case in yaml.safe_load(path.read_text())
    ]
    component = NarrativeReader(kb).nlp.get_pipe(REGEX_TARGETS)
    checked = skipped = 0
    for note in notes:
        lowered = note.lower()
        for (pattern, _, _), screen, folded in zip(component.rules, component._starts, component._folded, strict=True):
            if screen is None:
                continue
            checked += 1
            held = lowered if folded else note
            if not all(any(literal in held for literal in needed) for needed in screen):
                skipped += 1
                assert pattern.search(note) is None, (pattern.pattern, note)
    assert skipped > checked // 2  # the screen does skip most rules on most notes


def test_context_per_sentence_skips_cues_without_targets_and_matches_whole_document_context(
    kb: KnowledgeBase,
) -> None:
    """ConText builds no modifier for a cue whose sentence has no target ("No idea why." before the complaint), and
    reads every target as medSpaCy's whole-document ConText does; the twin, a cue whose targets sit in the next
    clauses of its own sentence ("Denies trauma, fever or leg weakness"), still modifies them."""
    from medspacy.context import ConText

    from painpath.narrative.components import CONTEXT, SPAN_GROUP

    reader = NarrativeReader(kb)
    context = reader.nlp.get_pipe(CONTEXT)

    def cues(text: str, *, whole: bool) -> dict[str, list[str]]:
        doc = reader.nlp.make_doc(text)
        for name, component in reader.nlp.pipeline:
            if name == CONTEXT:
                break
            doc = component(doc)
        (ConText.__call__ if whole else type(context).__call__)(context, doc)
        return {s.label_: sorted(m.category for m in s._.modifiers) for s in doc.spans[SPAN_GROUP]}

    skipped = cues("No idea why. Back pain for 3 months.", whole=False)
    assert skipped == {"low_back_pain": []} == cues("No idea why. Back pain for 3 months.", whole=True)
    twin = cues("Denies trauma, fever or leg weakness. Back pain.", whole=False)
    assert twin == cues("Denies trauma, fever or leg weakness. Back pain.", whole=True)
    assert twin["fever"] == ["NEGATED_EXISTENCE"] and twin["motor_weakness"] == ["NEGATED_EXISTENCE"]
    assert twin["low_back_pain"] == []
