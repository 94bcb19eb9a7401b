"""Issue 10 (speed31): the cheaper ways of reading give the answers of the plain ones, and a long note's words that
name no site are placed against the note's sites listed once, not once per such word (reading time linear)."""

from __future__ import annotations

import re

import pytest
import spacy
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

from painpath.domain.model import KnowledgeBase
from painpath.narrative.components import SPAN_GROUP, quick_predicates, sentences_of
from painpath.narrative.pipeline import NarrativeReader
from painpath.narrative.roles import either
from painpath.narrative.spelling import Respeller


@pytest.fixture(scope="module")
def reader(kb: KnowledgeBase) -> NarrativeReader:
    return NarrativeReader(kb)


def test_one_alternation_finds_a_cue_where_any_of_its_patterns_does() -> None:
    patterns = [re.compile(p, re.I) for p in (r"^\W*on\s+examination\b", r"\bo/e\b", r"(?<!no )\bmri\b")]
    search = either(patterns)
    for words in ["On examination, tender L4", "seen today, O/E straight leg raise 40", "the MRI showed a disc",
                  "no MRI yet", "examined on the ward", ""]:
        assert bool(search(words)) == any(p.search(words) for p in patterns), words
    assert search("O/E reflexes brisk") and not search("she has had no mri")
    # a pattern naming its own group by number cannot join an alternation: each is tried in turn
    echo = [re.compile(r"\b(\w+) \1\b", re.I), re.compile(r"\bxray\b", re.I)]
    assert either(echo)("it hurts hurts") and either(echo)("XRAY done") and not either(echo)("it hurts")


def test_quick_word_tests_give_the_matches_of_spacys_own() -> None:
    nlp = spacy.blank("en")
    patterns = [
        [{"LOWER": "not"}, {"LOWER": {"IN": ["really", "currently"]}, "OP": "?"}, {"LOWER": {"IN": ["sore", "numb"]}}],
        [{"ORTH": "Denies"}, {"LOWER": {"NOT_IN": ["any", "all"]}}],
        [{"LOWER": "since"}, {"TEXT": {"REGEX": r"^\d+$"}}, {"ORTH": {"IN": ["days", "Days"]}}],
    ]
    plain, quick = Matcher(nlp.vocab), Matcher(nlp.vocab)
    for k, pattern in enumerate(patterns):
        plain.add(f"p{k}", [pattern])
        quick.add(f"p{k}", [pattern])
    assert quick_predicates(quick) == len(quick._extra_predicates) >= 5
    for text in ["My leg is not really numb, not sore.", "Denies numbness; Denies any weakness.",
                 "Pain since 3 days, worse since 12 Days.", "NOT SORE since four days"]:
        doc = nlp(text)
        assert quick(doc) == plain(doc), text
    assert quick(nlp("it is not currently sore"))
    assert not quick(nlp("Denies all"))


def _respell_by_character(speller: Respeller, text: str) -> tuple[str, tuple[int, ...] | None]:
    """The quotation marks handled a character at a time (the way before speed31), for comparison."""
    marks = {'"', "\u201c", "\u201d"}
    if not marks.intersection(text):
        found = speller.respell_text(text)
        return found.text, found.back
    kept: list[str] = []
    where: list[int] = []
    closed = -1
    for at, char in enumerate(text):
        if char in marks:
            before = text[at - 1] if at > 0 else " "
            after = text[at + 1] if at + 1 < len(text) else " "
            if not (before.isalnum() and after.isalnum()):
                if not after.isalnum():
                    closed = at if closed < 0 else closed
                continue
            char = " "
        kept.append(char)
        where.append(closed if closed >= 0 else at)
        closed = -1
    where.append(closed if closed >= 0 else len(text))
    inner = speller.respell_text("".join(kept))
    back = inner.back if inner.back is not None else tuple(range(len(inner.text) + 1))
    return inner.text, tuple(where[k] for k in back)


def test_quoted_words_are_unquoted_with_every_offset_as_before(reader: NarrativeReader) -> None:
    speller = reader.respeller
    for text in ['she has been "saving up" her tablets', 'legs feel "heavy".', '"Nite" sweatin\' and "shiverin"',
                 'a"b "" "', "\u201cnumb\u201d down there", 'no quotes here at all', '"', '""x""']:
        found = speller.respell_text(text)
        assert (found.text, found.back) == _respell_by_character(speller, text), text
    assert speller.respell_text('legs feel "heavy"').text == "legs feel heavy"


def _site_elsewhere_by_walking(reader: NarrativeReader, span: Span, doc: Doc, sentences: list[Span]) -> bool:
    """The site check as it was before speed31: every span of the note walked for each word that names no site."""
    rule = reader.site_attach.get(span.label_)
    if rule is None:
        return False
    bare, regions, keep_without_site = rule
    if not bare.match(span.text.strip()):
        return False
    sites = [
        s for s in doc.spans[SPAN_GROUP]
        if s.label_ in reader.site_regions
        and not (s.label_ in reader.site_attach and reader.site_attach[s.label_][0].match(s.text.strip()))
    ]
    if not sites:
        return not keep_without_site
    sentence = next((t for t in sentences if t.start_char <= span.start_char < t.end_char), None)
    near = [s for s in sites if sentence is not None and sentence.start_char <= s.start_char < sentence.end_char] or sites
    nearest = min(near, key=lambda site: (max(span.start_char - site.end_char, site.start_char - span.end_char),
                                          site.start_char > span.start_char))
    return reader.site_regions[nearest.label_] not in regions


def test_words_that_name_no_site_go_with_the_same_site_from_a_listing_made_once(reader: NarrativeReader) -> None:
    """A long note with many one-sided words, some by a head, some by a back, some with no site in their sentence:
    the note's sites listed once give every word the answer the walk of every span gave."""
    text = " ".join([
        "Headache on one side, behind the right eye, with twice a month attacks.",
        "My lower back hurts on one side.",
        "It is one-sided only.",
        "Throbbing pain, one sided, over the temple; the neck is fine.",
    ] * 12)
    doc = reader.nlp(text)
    sentences = sentences_of(doc)
    cache: dict[str, object] = {}
    asked = [s for s in doc.spans[SPAN_GROUP] if s.label_ in reader.site_attach]
    answers = [reader._site_elsewhere(s, doc, sentences, cache) for s in asked]
    assert answers == [_site_elsewhere_by_walking(reader, s, doc, sentences) for s in asked]
    assert True in answers and False in answers  # the back's side is dropped, the head's kept
    assert len(cache["sites"]) > 12  # type: ignore[arg-type]
