"""The spaCy components of the reader: sentence index, regular-expression targets, nesting pruner, ConText.

Each factory is registered once per process and builds an empty component; the reader hands every instance its
own rules after ``add_pipe``, so two knowledge bases in one process never share words (a factory that closed over
the first knowledge base's rules did exactly that).

Reading time must grow linearly with a note's length. Three things in the stock pieces did not:
``Span.sent`` walks the document to find a sentence, ``Doc.text`` joins every token again on each call, and
medSpaCy's ConText compares every modifier with every other modifier and every target in the whole document.
Here the sentence of any token is a lookup, the text is kept once, and ConText builds its graph one sentence at
a time: a modifier's scope never leaves its sentence, so the result is the same.
"""

from __future__ import annotations

import re
import re._constants as _sre_constants  # the regular-expression parser (Python 3.11 keeps it under re)
import re._parser as _sre_parse
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any

from medspacy.context import ConText, ConTextRule
from medspacy.context.context_graph import ConTextGraph
from medspacy.context.context_modifier import ConTextModifier
from spacy.attrs import LOWER, ORTH
from spacy.errors import MatchPatternError
from spacy.language import Language
from spacy.schemas import validate_token_pattern
from spacy.tokens import Doc, Span

ABSENT_MARK = "absent_term"
FROM_REGEX = "from_regex"
SPAN_GROUP = "painpath_targets"
SENTENCE_INDEX = "painpath_sentence_index"
REGEX_TARGETS = "painpath_regex_targets"
LINE_BREAKS = "painpath_line_breaks"
ABBREVIATIONS = "painpath_abbreviations"
PRUNER = "painpath_prune_nested"
CONTEXT = "painpath_context"

RegexRule = tuple[re.Pattern[str], str, bool]

_LITERAL, _AT, _SUBPATTERN, _BRANCH = (
    _sre_constants.LITERAL, _sre_constants.AT, _sre_constants.SUBPATTERN, _sre_constants.BRANCH
)
_IN, _RANGE = _sre_constants.IN, _sre_constants.RANGE
_CATEGORY, _CATEGORY_DIGIT = _sre_constants.CATEGORY, _sre_constants.CATEGORY_DIGIT
_MAX_CLASS = 10  # characters a class may hold to be read as literal alternatives
_ZERO_WIDTH = frozenset({_sre_constants.AT, _sre_constants.ASSERT, _sre_constants.ASSERT_NOT})
_REPEATS = frozenset({_sre_constants.MAX_REPEAT, _sre_constants.MIN_REPEAT, _sre_constants.POSSESSIVE_REPEAT})


def absent_labels(mark: object, label: str) -> str:
    """The absent mark with ``label`` added (the findings these words state absent, separated by '|')."""
    labels = [part for part in mark.split("|") if part] if isinstance(mark, str) else []
    return "|".join([*labels, label] if label not in labels else labels)


def marked_absent(span: Span) -> bool:
    """The span's own finding is stated absent by its words (a mark for another finding on the same words is not)."""
    mark = span._.get(ABSENT_MARK)
    return mark is True or (isinstance(mark, str) and span.label_ in mark.split("|"))


def register_extensions() -> None:
    """Span attributes the reader sets on targets (idempotent)."""
    for extension in (ABSENT_MARK, FROM_REGEX):
        if not Span.has_extension(extension):
            Span.set_extension(extension, default=False)
    if not Doc.has_extension("painpath_sentences"):
        Doc.set_extension("painpath_sentences", default=None)


# ---------------------------------------------------------------------------------------------------------
# Sentences: each token's sentence found by bisection instead of a walk through the document


class SentenceIndex:
    """Records the sentence spans once and makes ``token.sent`` and ``span.sent`` lookups."""

    def __call__(self, doc: Doc) -> Doc:
        starts = [token.i for token in doc if token.is_sent_start or token.i == 0]
        bounds = [*starts, len(doc)]
        sentences = [doc[bounds[k]: bounds[k + 1]] for k in range(len(starts))]
        doc._.painpath_sentences = sentences

        def sentence_of(index: int) -> Span:
            return sentences[max(0, bisect_right(starts, index) - 1)]

        doc.user_token_hooks["sent"] = lambda token: sentence_of(token.i)
        doc.user_span_hooks["sent"] = lambda span: sentence_of(span.start)
        doc.user_hooks["sents"] = lambda d: iter(sentences)
        return doc


class LineBreaks:
    """A line break that ends a sentence in a note without punctuation (narrative.yaml ``line_break``).

    A single newline is no sentence boundary to spaCy's sentencizer, so a text message's "both legs now not just the
    left\nweird thing is i cant feel the loo roll" was one sentence and the first line's "not" reached the second. A
    newline ends a sentence when the next line opens a new clause and the line before does not end on a word that
    needs more; a letter wrapped mid-clause ("no numbness or\nweakness") stays one sentence.
    """

    def __init__(self) -> None:
        self.opens: re.Pattern[str] | None = None
        self.continues: re.Pattern[str] | None = None

    def configure(self, raw: dict[str, str] | None) -> None:
        raw = raw or {}
        self.opens = re.compile(raw["opens"], re.I) if raw.get("opens") else None
        self.continues = re.compile(raw["continues"], re.I) if raw.get("continues") else None

    def ends_sentence(self, text: str, at: int) -> bool:
        """Whether the newline at ``at`` ends a sentence (the text before it has no closing punctuation)."""
        if self.opens is None:
            return False
        start = at + 1
        while start < len(text) and text[start] in " \t":
            start += 1
        if not self.opens.match(text, start):
            return False
        line_start = text.rfind("\n", 0, at) + 1
        before = text[line_start:at].rstrip()
        if not before or before[-1] in ".:;!?":
            return False
        return self.continues is None or not self.continues.search(before)

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        if "\n" not in text or self.opens is None:
            return doc
        for token in doc:
            if token.i + 1 >= len(doc) or not token.is_space or token.text.count("\n") != 1:
                continue
            if self.ends_sentence(text, token.idx + token.text.index("\n")):
                doc[token.i + 1].is_sent_start = True
        return doc


class Abbreviations:
    """A full stop that closes a clinical abbreviation ends no sentence when the note runs on (narrative.yaml
    ``abbreviations``).

    spaCy's sentencizer ends a sentence at every full stop, so "loss of weight (approx. 6 kg in 2 months)" was cut
    after "approx." and the half sentence left unread (round 31). After a listed abbreviation and its full stop, a
    next word that opens in lower case or with a digit ("approx. 6 kg", "wt. loss", "temp. 38.4") continues the
    sentence; a capital ("for 3 wks. No fever") still starts a new one.
    """

    def __init__(self) -> None:
        self.words: frozenset[str] = frozenset()
        self.before_names: frozenset[str] = frozenset()

    def configure(self, words: Iterable[str] | None, before_names: Iterable[str] | None = None) -> None:
        self.words = frozenset(w.lower().rstrip(".") for w in words or ())
        self.before_names = frozenset(w.lower().rstrip(".") for w in before_names or ())

    def __call__(self, doc: Doc) -> Doc:
        if not self.words and not self.before_names:
            return doc
        for token in doc[2:]:
            stop, word = doc[token.i - 1], doc[token.i - 2]
            if not (token.is_sent_start and stop.text == "." and not word.whitespace_):
                continue
            # a dosage form's abbreviation is followed by the drug's name, capital or not ("Tab. Aceclofenac")
            form = word.lower_ in self.before_names and token.text[:1].isalpha()
            if form or (word.lower_ in self.words and (token.text[:1].isdigit() or token.text[:1].islower())):
                token.is_sent_start = False
        return doc


_DOC_TEXT = "painpath_doc_text"  # doc.user_data: the note's text, joined from the tokens once


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per document: spaCy joins every token's text on each access, so each reader of the
    text (several components, and a cue per finding) paid for the whole note again. A document's tokens never
    change after the tokenizer (nothing retokenizes), so neither does its text."""
    text: str | None = doc.user_data.get(_DOC_TEXT)
    if text is None:
        text = doc.user_data[_DOC_TEXT] = doc.text
    return text


def sentences_of(doc: Doc) -> list[Span]:
    """The sentences the index recorded (in order)."""
    found: list[Span] | None = doc._.painpath_sentences
    return found if found is not None else list(doc.sents)


# ---------------------------------------------------------------------------------------------------------
# Regular-expression targets


class RegexTargets:
    """Adds a target span for every regular-expression match, expanded to whole tokens.

    medSpaCy's own regex matcher rebuilds ``doc.text`` for every rule (~60% of the time per note with ~80 rules);
    here the text is read once and every rule runs over it in one pass; spans and attributes are the same. A rule
    whose every match must contain one of a few literal words (``\\b(headaches?|head pain)\\b...`` needs
    "head"; ``\\b(\\d+|a few)\\s+(months?|years?)\\s+ago\\b`` needs " ago") is skipped when none of them occurs in
    the note: a substring test costs far less than a regex scan, and most rules have nothing to find in any one
    note (``screen_literals``).
    """

    def __init__(self) -> None:
        self._rules: list[RegexRule] = []
        self._starts: list[Screen | None] = []
        self._folded: list[bool] = []  # the rule ignores case: its starts are tested on the lower-cased text
        self.screened = True  # False runs every rule on every note (the tests compare the two)

    @property
    def rules(self) -> list[RegexRule]:
        return self._rules

    @rules.setter
    def rules(self, rules: list[RegexRule]) -> None:
        self._rules = list(rules)
        self._starts = [any_screen(pattern) for pattern, _, _ in self._rules]
        self._folded = [bool(pattern.flags & re.IGNORECASE) for pattern, _, _ in self._rules]
        self._match_starts = [match_starts(pattern) for pattern, _, _ in self._rules]
        # a rule that opens with \b and whose every start is a word character can only match where a word begins
        # (speed43): its places are cut to the note's word starts, so "a" or a digit no longer leaves them dense
        self._at_words = [
            begins is not None and leading_boundary(pattern) and all(_WORD_CHAR.match(t) for t in begins)
            for (pattern, _, _), begins in zip(self._rules, self._match_starts, strict=True)
        ]
        self._years = [year_slots(pattern) for pattern, _, _ in self._rules]  # calendar years counted from today
        # every literal once, for each way of comparing (a case-insensitive rule's on the lower-cased note)
        self._literals = {
            folded: LiteralIndex({t for screen, f in zip(self._starts, self._folded, strict=True) if f is folded
                                  for needed in screen or () for t in needed})
            for folded in (False, True)
        }
        # the rules each literal may let through (by the literals of a rule's first set: a rule runs only if the
        # note holds one of them), and the rules with no screen, which always run
        self._unscreened = [k for k, screen in enumerate(self._starts) if screen is None]
        self._by_literal: dict[bool, dict[str, list[int]]] = {False: {}, True: {}}
        for k, (screen, folded) in enumerate(zip(self._starts, self._folded, strict=True)):
            for t in screen[0] if screen is not None else ():
                self._by_literal[folded].setdefault(t, []).append(k)

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        lowered = text.lower()
        # a rare character that folds onto a letter: run every rule
        screen = self.screened and not CASE_FOLDS.intersection(text)
        order: Iterable[int] = range(len(self._rules))
        present: dict[bool, set[str]] = {}
        if screen:
            # the literals the note holds, each tested once per note (rules share many of them), and the rules one
            # of them lets through, in the rules' order
            present = {False: self._literals[False].held(text), True: self._literals[True].held(lowered)}
            candidates = set(self._unscreened)
            for folded, held in present.items():
                index = self._by_literal[folded]
                for t in held:
                    candidates.update(index.get(t, ()))
            order = sorted(candidates)
        # a rule whose every match begins with one of a few texts is tried only where one of them stands (the same
        # matches as a scan of the whole note, found at a cost that grows with the places tried, not with the note
        # times the rules): offsets of the lower-cased note must be those of the note, and \d read as 0-9
        located = screen and len(lowered) == len(text) and not _other_digits(text)
        positions: dict[tuple[bool, str | tuple[str, ...]], list[int]] = {}
        words = WordStarts(text)
        found = list(doc.spans[SPAN_GROUP]) if SPAN_GROUP in doc.spans else []
        # a literal phrase the regex also matches stays literal: spaCy keeps a span's attributes by its offsets, so
        # marking the regex copy would mark the literal too, and it would no longer prune the targets it contains
        # ("never below the knees" is the pain that stops at the knee, not pain below the knee nor a knee complaint)
        literal = {(s.start, s.end, s.label_) for s in found}
        for k in order:
            pattern, label, absent = self._rules[k]
            starts = self._starts[k]
            if screen and starts is not None and _missing(present[self._folded[k]], starts):
                continue  # a set of literals every match needs one of is missing: the rule has nothing to find
            begins = self._match_starts[k] if located else None
            matches = (
                pattern.finditer(text) if begins is None
                else _matches_at(pattern, text, lowered if self._folded[k] else text, begins, self._folded[k], positions,
                                 words if self._at_words[k] else None)
            )
            years = self._years[k]
            for match in matches:
                if years and not year_old_enough(match, years):
                    continue  # "stopped in 2025" is not yet more than a year ago
                span = doc.char_span(match.start(), match.end(), label=label, alignment_mode="expand")
                if span is None or len(span) == 0:
                    continue
                if not absent and (span.start, span.end, label) in literal:
                    continue
                if absent:
                    # the mark names its finding: spaCy keeps a span's attributes by its offsets, so a bare True
                    # would also negate another finding matched on the same words ("standing and walking help" is
                    # walking not worse, and relief by standing)
                    span._.set(ABSENT_MARK, absent_labels(span._.get(ABSENT_MARK), label))
                span._.set(FROM_REGEX, True)
                found.append(span)
        doc.spans[SPAN_GROUP] = found
        return doc


def _missing(held: set[str], starts: Screen) -> bool:
    """One of the sets of literals is missing from ``held`` (a plain loop: this runs for every candidate rule)."""
    for needed in starts:  # noqa: SIM110 - a plain loop is cheaper than a generator on this hot path
        if held.isdisjoint(needed):
            return True
    return False


def _other_digits(text: str) -> bool:
    """The note holds a decimal digit outside ASCII (``\\d`` matches it: the texts a match begins with read \\d as
    0-9 only)."""
    return not text.isascii() and any(c.isdecimal() and not c.isascii() for c in set(text))


def _matches_at(
    pattern: re.Pattern[str],
    text: str,
    note: str,
    begins: tuple[str, ...],
    folded: bool,
    positions: dict[tuple[bool, str | tuple[str, ...]], list[int]],
    words: WordStarts | None = None,
) -> Iterable[re.Match[str]]:
    """``pattern.finditer(text)`` when every match begins with one of ``begins`` as ``note`` writes it (the note,
    or the lower-cased note of the same length): the match at each place one begins, left to right, skipping places
    inside the last match found. A match found by a scan from a place is the match tried at that place
    (look-behinds, \\b and ^ read the whole note either way), and no match can begin anywhere else. Where the
    texts begin more than once every few characters the whole note is scanned instead (the same matches).
    ``positions`` keeps each text's places for the note, and the sorted places of each set of texts, shared by the
    rules (many rules begin with the same texts). With ``words`` (the rule opens with \\b and each text with a word
    character) only the places where a word of the note begins are kept: no match can begin elsewhere."""
    if words is not None:
        # the places at word starts are kept beside the others, under the texts and a marker no text equals
        key = (folded, (*begins, _WORDS_KEY))
        at_words = positions.get(key)
        if at_words is None:
            at_words = positions[key] = words.places(note, begins, folded, positions)
        return _try_places(pattern, text, at_words)
    return _try_places(pattern, text, _matches_places(note, begins, folded, positions))


_WORDS_KEY = "\x00words"


def _matches_places(
    note: str, begins: tuple[str, ...], folded: bool, positions: dict[tuple[bool, str | tuple[str, ...]], list[int]]
) -> list[int]:
    merged = positions.get((folded, begins))
    if merged is None:
        lists: list[list[int]] = []
        for begin in begins:
            key = (folded, begin)
            found = positions.get(key)
            if found is None:
                found = []
                at = note.find(begin)
                while at >= 0:
                    found.append(at)
                    at = note.find(begin, at + 1)
                positions[key] = found
            if found:
                lists.append(found)
        # one text's places are in order already; several are merged without repeats
        merged = lists[0] if len(lists) == 1 else sorted({at for found in lists for at in found})
        positions[(folded, begins)] = merged
    return merged


def _try_places(pattern: re.Pattern[str], text: str, merged: list[int]) -> Iterable[re.Match[str]]:
    if not merged:
        return ()
    if len(merged) * _DENSE_PLACES > len(text):
        return pattern.finditer(text)
    matches: list[re.Match[str]] = []
    end = 0
    match_at = pattern.match
    for place in merged:
        if place < end:
            continue
        match = match_at(text, place)
        if match is not None:
            matches.append(match)
            end = match.end()
    return matches


class WordStarts:
    """The places where a word begins in a note (\\b followed by a word character), and the places where a rule
    that opens with \\b and a word character may begin (speed43).

    In a note of ASCII characters (lower-casing changes no character's class there) the words are indexed once: a
    text of word characters only ("sav", "a", "19") stands at a word start exactly where that word begins with it,
    and a text with more after its leading word characters ("a few", "0.6", "straight leg") only where the word is
    its leading word characters; the places of a set of texts are then a few look-ups instead of a search of the
    note for each text. The second kind is a superset (what follows the word is left to the rule), and a place where
    no text stands only costs a failed ``match``. Other notes have each text searched for, as before, and the places
    kept at word starts."""

    _FIND = re.compile(r"\b\w")
    _WORD = re.compile(r"\w+")

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts: frozenset[int] | None = None
        self._ascii = text.isascii()
        self._indexes: dict[
            bool, tuple[dict[str, list[int]], frozenset[str], dict[str, list[int]], frozenset[str]]
        ] = {}

    def starts(self) -> frozenset[int]:
        if self._starts is None:
            self._starts = frozenset(m.start() for m in self._FIND.finditer(self._text))
        return self._starts

    def places(
        self,
        note: str,
        begins: tuple[str, ...],
        folded: bool,
        positions: dict[tuple[bool, str | tuple[str, ...]], list[int]],
    ) -> list[int]:
        """Sorted places where a match of a rule opening with \\b and one of ``begins`` (each beginning with a word
        character, as ``note`` writes it) may begin: every place where one does, and in an ASCII note perhaps a few
        more."""
        if not self._ascii:
            starts = self.starts()
            return [at for at in _matches_places(note, begins, folded, positions) if at in starts]
        indexes = self._indexes.get(folded)
        if indexes is None:
            by_prefix: dict[str, list[int]] = {}
            by_word: dict[str, list[int]] = {}
            for match in self._WORD.finditer(note):
                word, at = match.group(), match.start()
                by_word.setdefault(word, []).append(at)
                for size in range(1, len(word) + 1):
                    by_prefix.setdefault(word[:size], []).append(at)
            indexes = self._indexes[folded] = (by_prefix, frozenset(by_prefix), by_word, frozenset(by_word))
        by_prefix, prefixes, by_word, words = indexes
        keys = _LEADS.get(begins)
        if keys is None:
            leads = [(begin, _leading_word(begin)) for begin in begins]
            keys = _LEADS[begins] = (
                frozenset(begin for begin, lead in leads if lead == begin),
                frozenset(lead for begin, lead in leads if lead != begin),
            )
        # the note's prefixes and words a text needs (a set with a set: the smaller of the two is walked)
        lists = [by_prefix[key] for key in keys[0] & prefixes] + [by_word[key] for key in keys[1] & words]
        if not lists:
            return []
        return lists[0] if len(lists) == 1 else sorted({at for found in lists for at in found})


_LEADS: dict[tuple[str, ...], tuple[frozenset[str], frozenset[str]]] = {}  # a set of starts: the texts of word
# characters only, and the leading words of the others


def _leading_word(text: str) -> str:
    """The word characters ``text`` begins with."""
    match = WordStarts._WORD.match(text)
    return match.group() if match else ""


_WORD_CHAR = re.compile(r"\w")
_DENSE_PLACES = 16  # one place to try in fewer characters than this: a scan of the whole note costs less


class LiteralIndex:
    """Which of many literal texts a note holds: the answer is the set ``{t for t in texts if t in note}``.

    The texts are laid out as a trie written as one regular expression (speed43): at each place of the note it
    matches the longest text standing there (each branch goes on into longer texts before it settles for the text
    ending at its node), so one scan of the note finds, place by place, that longest text; every text standing at
    a place is a beginning of it, so the texts held are the beginnings of those found. Before, each text filed
    under one of the note's three-character pieces was searched for in the note, about 500 searches a note.
    ``held_by_grams`` keeps that way for the tests."""

    _GRAM = 3

    def __init__(self, texts: Iterable[str]) -> None:
        self._texts = sorted(set(texts))
        self._short: list[str] = []
        self._by_gram: dict[str, list[str]] = {}
        for text in self._texts:
            if len(text) < self._GRAM:
                self._short.append(text)
            else:
                self._by_gram.setdefault(text[: self._GRAM], []).append(text)
        self._grams = frozenset(self._by_gram)
        every = set(self._texts)
        self._empty = "" in every
        # each text with the texts it begins with (itself included)
        self._beginnings = {
            t: tuple(t[:size] for size in range(1, len(t) + 1) if t[:size] in every) for t in every if t
        }
        trie = _trie([t for t in self._texts if t])
        self._longest = re.compile(f"(?=({_trie_pattern(trie)}))", re.DOTALL) if trie else None

    def held(self, note: str) -> set[str]:
        found: set[str] = {""} if self._empty else set()
        if self._longest is None:
            return found
        beginnings = self._beginnings
        for longest in set(self._longest.findall(note)):
            found.update(beginnings[longest])
        return found

    def held_by_grams(self, note: str) -> set[str]:
        found = {t for t in self._short if t in note}
        if not self._grams:
            return found  # no text of three characters or more to look for: the note's pieces need not be cut
        size = self._GRAM
        grams = {note[i: i + size] for i in range(len(note) - size + 1)}
        by_gram = self._by_gram
        for gram in grams & self._grams:  # a set with a frozenset: the smaller of the two is walked
            for t in by_gram[gram]:
                if len(t) == size or t in note:
                    found.add(t)
        return found


_END = ""  # the key marking a node where a text ends


def _trie(texts: list[str]) -> dict[str, Any]:
    root: dict[str, Any] = {}
    for text in texts:
        node = root
        for char in text:
            node = node.setdefault(char, {})
        node[_END] = {}
    return root


def _trie_pattern(node: dict[str, Any]) -> str:
    """The node's texts as alternatives, longer first: each child's character and its own alternatives; a node
    where a text ends makes what follows it optional (greedy, so a longer text is taken when the note goes on)."""
    branches = [re.escape(char) + _trie_pattern(child) for char, child in sorted(node.items()) if char != _END]
    if not branches:
        return ""
    inner = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if _END in node:
        return f"(?:{inner})?"
    return inner


# ---------------------------------------------------------------------------------------------------------
# Nested targets


def prune_nested(doc: Doc) -> Doc:
    """Drop a target inside a longer phrase ("weak" in "legs feel weak", "neck" in "neck normal").

    Only a literal phrase prunes what it contains. A regular-expression span is evidence that may enclose other
    findings ("burning perineal pain when sitting" holds the location as well as the aggravating factor), so it
    prunes only a shorter span of its own finding. Spans are swept in order of their start, and only those kept
    that reach past the current start can contain it, so the sweep stays linear in practice.
    """
    spans = sorted(set(doc.spans[SPAN_GROUP]), key=lambda s: (s.start, -(s.end - s.start), s.label_))
    kept: list[Span] = []
    open_spans: list[Span] = []  # kept spans that may still contain later ones
    for span in spans:
        open_spans = [k for k in open_spans if k.end > span.start]
        inside = any(
            span.end <= k.end
            and (k.end - k.start) > (span.end - span.start)
            and (not k._.get(FROM_REGEX) or k.label_ == span.label_)
            for k in open_spans
        )
        if not inside:
            kept.append(span)
            open_spans.append(span)
    doc.spans[SPAN_GROUP] = kept
    return doc


# ---------------------------------------------------------------------------------------------------------
# ConText, one sentence at a time


_CUE_MATCHES = "painpath_context_cues"  # doc.user_data: (matcher, tokens, the matcher's matches) for the note


class SentenceContext(ConText):  # type: ignore[misc]
    """medSpaCy's ConText with its graph built per sentence (same modifiers, scopes and edges, linear time).

    Its cue patterns test a word against a set ("LOWER": {"IN": [...]}) through a Python call per word and set in
    spaCy's matcher (about a millisecond per note with ~60 sets tried at every word); ``add`` hands the matcher the
    same patterns with those sets read off vocabulary flags instead (``word_set_flags``), a bit test in C. The
    rules keep their patterns as written.
    """

    new_clause: re.Pattern[str] | None = None  # narrative.yaml ``new_clause``: where a new clause opens
    new_clause_rule: ConTextRule | None = None
    new_clause_terminate: ConTextRule | None = None
    new_clause_ends_all: re.Pattern[str] | None = None
    new_clause_addressee: re.Pattern[str] | None = None
    new_clause_addressee_rule: ConTextRule | None = None

    def configure_clauses(self, raw: dict[str, Any] | None) -> None:
        """A new clause with its own subject and finite verb after "and", "but" or a comma ("no fever and my legs
        have gone weak") ends the scope of the categories listed under ``terminated_by`` that name the clause's
        category. Found by a regular expression over the text (lookahead for the subject and verb), it is a
        one-word cue at the joining word, so it never swallows a cue of the new clause ("and my legs haven't ...")
        as a longer matched cue would, and never overlaps the new clause's own targets."""
        raw = raw or {}
        pattern = raw.get("pattern")
        words = {key: "|".join(re.escape(str(w)) for w in sorted(raw.get(key) or (), key=lambda w: (-len(w), w)))
                 for key in ("verbs", "adverbs", "not_verbs")}
        slots = {f"{{{name}}}": str(value) for name, value in (raw.get("slots") or {}).items()}
        slots.update({"{verb}": words["verbs"] or "(?!)", "{adverb}": words["adverbs"] or "(?!)",
                      "{not_verb}": words["not_verbs"] or "(?!)"})
        for _ in range(3):  # a slot may hold other slots
            for slot, value in slots.items():
                pattern = pattern.replace(slot, value) if pattern else pattern
        self.new_clause = re.compile(pattern, re.I) if pattern else None
        category = raw.get("category", "NEW_CLAUSE")
        self.new_clause_rule = ConTextRule("new clause", category, direction="PSEUDO", max_scope=1)
        # after a comma or semicolon the new clause ends every scope, as any terminating cue does ("I should rest,
        # my legs are weak"): only the clause joined by a word ("and", "while") is left to conditions and advice
        ends_all = raw.get("ends_all")
        self.new_clause_ends_all = re.compile(ends_all) if ends_all else None
        self.new_clause_terminate = ConTextRule("new clause, all", "TERMINATE", direction="TERMINATE", max_scope=1)
        # a new clause told to the one addressed ("... if your legs go weak, your bottom goes numb or you can't pass
        # urine") is a clause of its own for denials and history, but goes on with a condition put to "you": after
        # a comma too it ends no scope but those that name its category
        addressee = raw.get("addressee") or {}
        self.new_clause_addressee = re.compile(addressee["subject"], re.I) if addressee.get("subject") else None
        self.new_clause_addressee_rule = ConTextRule(
            "new clause, addressee", addressee.get("category", "ADDRESSEE_CLAUSE"), direction="PSEUDO", max_scope=1
        )

    def _new_clause_cues(self, doc: Doc) -> list[tuple[int, int, ConTextRule]]:
        """Token spans (one token: the joining word) where a new clause opens, with the rule of their cue."""
        if self.new_clause is None or self.new_clause_rule is None or self.new_clause_terminate is None:
            return []
        found: list[tuple[int, int, ConTextRule]] = []
        text = doc_text(doc)  # built from the tokens on every access of doc.text: read once per note
        for match in self.new_clause.finditer(text):
            # the joining word opens the match; the subject and verb after it are a lookahead
            span = doc.char_span(match.start(), match.start() + 1, alignment_mode="expand")
            if span is not None and len(span):
                ends_all = self.new_clause_ends_all is not None and self.new_clause_ends_all.match(span.text)
                rule = self.new_clause_terminate if ends_all else self.new_clause_rule
                addressee = self.new_clause_addressee
                if addressee is not None and self.new_clause_addressee_rule and addressee.match(text, match.end()):
                    rule = self.new_clause_addressee_rule
                found.append((span.start, span.start + 1, rule))
        return found

    def add(self, rules: ConTextRule | Iterable[ConTextRule]) -> None:
        rules = [rules] if isinstance(rules, ConTextRule) else list(rules)
        written = [rule.pattern for rule in rules]
        token_matcher = self._ConText__matcher._MedspacyMatcher__matcher  # medspacy 1.3.1, pinned
        validate = token_matcher.validate
        if validate:  # spaCy checks the patterns as written; its schema has no place for a flag
            for rule, pattern in zip(rules, written, strict=True):
                errors = validate_token_pattern(pattern) if isinstance(pattern, list) else []
                if errors:
                    raise MatchPatternError(rule.literal, {0: errors})  # type: ignore[no-untyped-call]
        lists = [p if isinstance(p, list) else None for p in written]
        union_bit = _free_flag_bit(self.nlp.vocab) if _start_keys_over_bits(self.nlp.vocab, lists) else None
        # the first-word tests of patterns the union cannot stand for take the bits first
        prefer = {k for k, pattern in enumerate(lists) if not union_able(pattern)}
        flagged = word_set_flags(self.nlp.vocab, lists, reserve=1 if union_bit is not None else 0, prefer=prefer)
        screened: dict[int, list[WordSetFlag]] = {}  # pattern's index: the exact first-word tests the union stands for
        if union_bit is not None:
            flagged, screened = first_word_union(self.nlp.vocab, lists, flagged, union_bit, rules)
        try:
            token_matcher.validate = False
            for rule, pattern in zip(rules, flagged, strict=True):
                if pattern is not None:
                    rule.pattern = pattern
            super().add(rules)  # the matcher compiles the patterns here and keeps no reference to them
            quick_predicates(token_matcher)
            if screened:
                medspacy_matcher = self._ConText__matcher
                if not isinstance(token_matcher, FirstWordScreen):
                    token_matcher = FirstWordScreen(token_matcher)
                    medspacy_matcher._MedspacyMatcher__matcher = token_matcher
                strings = self.nlp.vocab.strings
                token_matcher.exact.update({strings.add(rules[k]._rule_id): tests for k, tests in screened.items()})
        finally:
            token_matcher.validate = validate
            for rule, pattern in zip(rules, written, strict=True):
                rule.pattern = pattern

    def __call__(self, doc: Doc, targets: str | None = None) -> Doc:
        edges = self._edges(doc, list(doc.spans[self.span_group_name]))
        seen: set[tuple[int, int, str, int]] = set()
        for target, modifier in edges:
            key = (target.start, target.end, target.label_, id(modifier))
            if key in seen:
                continue
            seen.add(key)
            target._.modifiers += (modifier,)
        if self.context_attributes_mapping:
            self.set_context_attributes(edges)
        return doc

    def modifiers_of(self, doc: Doc, spans: list[Span]) -> list[list[ConTextModifier]]:
        """The cues that would modify each of ``spans`` were it a target, read as the note's targets are (their
        sentence's cues, scopes and terminations); the document and its targets are left as they were. The unread
        net asks this of red-flag words no finding covers: "not lost any weight" or "my mum died of bone cancer"
        is read, and needs no clinician's eye."""
        found: dict[int, list[ConTextModifier]] = {id(span): [] for span in spans}
        # the note's own targets take part, as they did when the note was read: a cue that overlaps one is pruned;
        # each sentence's graph is its own, so only the sentences the spans stand in are built again
        starts = [s.start for s in sentences_of(doc)]
        only = {
            k
            for span in spans
            for k in range(
                max(0, bisect_right(starts, span.start) - 1),
                max(0, bisect_right(starts, max(span.start, span.end - 1)) - 1) + 1,
            )
        }
        for target, modifier in self._edges(doc, [*doc.spans[self.span_group_name], *spans], only):
            if id(target) in found:
                found[id(target)].append(modifier)
        return [found[id(span)] for span in spans]

    def _edges(
        self, doc: Doc, targets: list[Span], only: set[int] | None = None
    ) -> list[tuple[Span, ConTextModifier]]:
        """Each target's cues, sentence by sentence (``only``: just the sentences of those indices). The cue
        matches are found once per note and kept on the document (``modifiers_of`` asks again)."""
        matcher = self._ConText__matcher  # medspacy 1.3.1 keeps its matcher private; the version is pinned
        sentences = sentences_of(doc)
        starts = [s.start for s in sentences]

        def index(token: int) -> int:
            return max(0, bisect_right(starts, token) - 1)

        groups: dict[int, tuple[list[Span], list[ConTextModifier]]] = {}
        for target in targets:
            # a target crossing a sentence boundary belongs to every sentence it touches
            for k in range(index(target.start), index(max(target.start, target.end - 1)) + 1):
                if only is None or k in only:
                    groups.setdefault(k, ([], []))[0].append(target)
        key = f"{_CUE_MATCHES}:{id(matcher)}"
        cues = doc.user_data.get(key)
        if cues is None or cues[0] is not matcher or cues[1] != len(doc):
            cues = doc.user_data[key] = (matcher, len(doc), list(matcher(doc)), self._new_clause_cues(doc))
        for match_id, start, end in cues[2]:
            # a forward cue that opens on the semicolon ending a sentence ("; she has never" matched as "; it was
            # not") is the next sentence's cue: it starts there (its words and scope are that sentence's), or a cue
            # of that sentence it overlapped and displaced ("never had") would be lost to it (a backward cue keeps
            # the sentence it opens in: its scope runs back from there)
            first, last = index(start), index(end - 1)
            if (
                last > first
                and doc[start].text == ";"
                and starts[last] == start + 1
                and matcher.rule_map[self.nlp.vocab[match_id].text].direction == "FORWARD"
            ):
                start, first = starts[last], last
            group = groups.get(first)
            if group is None:
                continue  # a cue in a sentence without targets modifies nothing: no modifier is built for it
            rule = matcher.rule_map[self.nlp.vocab[match_id].text]
            group[1].append(ConTextModifier(rule, start, end, doc, max_scope=self.max_scope))
        for start, end, clause_rule in cues[3]:
            group = groups.get(index(start))
            if group is not None:
                group[1].append(ConTextModifier(clause_rule, start, end, doc, max_scope=self.max_scope))
        edges: list[tuple[Span, ConTextModifier]] = []
        for k in sorted(groups):
            sentence_targets, modifiers = groups[k]
            if not modifiers:
                continue
            graph = ConTextGraph(prune_on_modifier_overlap=self.prune_on_target_overlap)
            graph.targets, graph.modifiers = sentence_targets, modifiers
            graph.update_scopes()
            graph.apply_modifiers()
            edges += graph.edges
        return edges


# ---------------------------------------------------------------------------------------------------------
# Word sets as vocabulary flags

_FLAG_BITS = range(19, 64)  # spaCy's FLAG19..FLAG63: bits of a lexeme's flags no built-in attribute uses
_FLAG_ATTRS = {"LOWER": "LOWER", "TEXT": "ORTH", "ORTH": "ORTH"}  # attributes a lexeme holds as the token does


class WordSetFlag:
    """A vocabulary flag getter: is a word's ``attr`` (ORTH or LOWER) in ``words`` (or, for a regular expression,
    does it search true)? The flag is computed once per word of the vocabulary; a token pattern testing the flag
    matches exactly the tokens the set or regex predicate matched (spaCy's matcher reads ORTH and LOWER off the
    word, as the flag is)."""

    def __init__(self, attr: str, words: frozenset[str] | None, regex: str | None, lower: Callable[[str], str]):
        self.attr, self.words, self.regex = attr, words, regex
        self._compiled = re.compile(regex) if regex is not None else None
        self._lower = lower

    @property
    def key(self) -> tuple[str, frozenset[str] | None, str | None]:
        return self.attr, self.words, self.regex

    def __call__(self, word: str) -> bool:
        value = self._lower(word) if self.attr == "LOWER" else word
        if self._compiled is not None:
            return bool(self._compiled.search(value))
        return value in (self.words or ())


def _flag_key(spec_attr: str, test: object) -> tuple[str, frozenset[str] | None, str | None] | None:
    """(attribute, word set, regex) of a pattern's {"IN": [...]} or {"REGEX": ...} test a flag can stand for."""
    attr = _FLAG_ATTRS.get(spec_attr.upper()) if isinstance(spec_attr, str) else None
    if attr is None or not isinstance(test, dict) or len(test) != 1:
        return None
    (kind, value), = test.items()
    if kind == "IN" and isinstance(value, list) and all(isinstance(v, str) for v in value):
        return attr, frozenset(value), None
    if kind == "REGEX" and isinstance(value, str):
        return attr, None, value
    return None


def word_set_flags(
    vocab: Any, patterns: list[list[dict[Any, Any]] | None], reserve: int = 0, prefer: set[int] | None = None
) -> list[list[dict[Any, Any]] | None]:
    """The token patterns with their word-set and regex tests on ORTH or LOWER replaced by vocabulary flags, as far
    as free flag bits go (None where a pattern is unchanged or absent). Tests a match may try at every word (the
    first token's and those reachable through optional tokens before it) take the bits first; a test left without
    a bit stays as written. The same test shares one flag, also across calls on the same vocabulary. ``prefer``: the
    patterns (by index) whose first-word tests take the bits before the others'; ``reserve``: free bits left over."""
    getters: dict[Any, Any] = vocab.lex_attr_getters
    lower = getters[LOWER]
    flags = {g.key: bit for bit, g in getters.items() if isinstance(g, WordSetFlag)}
    free = [bit for bit in _FLAG_BITS if bit not in getters]
    free = free[: max(0, len(free) - reserve)]  # the last ``reserve`` free bits are left for the caller
    starts: list[tuple[str, frozenset[str] | None, str | None]] = []
    later: list[tuple[str, frozenset[str] | None, str | None]] = []
    order = sorted(range(len(patterns)), key=lambda k: k not in prefer) if prefer else range(len(patterns))
    for pattern in (patterns[k] for k in order):
        at_start = True
        for spec in pattern or []:
            for spec_attr, test in spec.items():
                key = _flag_key(spec_attr, test)
                if key is not None:
                    (starts if at_start else later).append(key)
            at_start = at_start and spec.get("OP") in {"?", "*"}
    for key in dict.fromkeys([*starts, *later]):
        if key not in flags and free:
            bit = free.pop(0)
            vocab.add_flag(WordSetFlag(*key, lower=lower), flag_id=bit)
            flags[key] = bit
    out: list[list[dict[Any, Any]] | None] = []
    for pattern in patterns:
        if pattern is None:
            out.append(None)
            continue
        changed = False
        rewritten: list[dict[Any, Any]] = []
        for spec in pattern:
            new: dict[Any, Any] = {}
            for spec_attr, test in spec.items():
                key = _flag_key(spec_attr, test)
                if key is not None and key in flags:
                    new[flags[key]] = True
                    changed = True
                else:
                    new[spec_attr] = test
            rewritten.append(new)
        out.append(rewritten if changed else None)
    return out


def _start_keys_over_bits(vocab: Any, patterns: list[list[dict[Any, Any]] | None]) -> bool:
    """More first-word tests (sets or regexes a match may try at every word) than free flag bits: some would stay
    Python calls at every word."""
    getters: dict[Any, Any] = vocab.lex_attr_getters
    known = {g.key for g in getters.values() if isinstance(g, WordSetFlag)}
    free = [bit for bit in _FLAG_BITS if bit not in getters]
    starts: set[tuple[str, frozenset[str] | None, str | None]] = set()
    for pattern in patterns:
        for spec in pattern or []:
            for spec_attr, test in spec.items():
                key = _flag_key(spec_attr, test)
                if key is not None and key not in known:
                    starts.add(key)
            if spec.get("OP") not in {"?", "*"}:
                break
    return len(starts) > len(free) >= 2


def _free_flag_bit(vocab: Any) -> int:
    getters: dict[Any, Any] = vocab.lex_attr_getters
    return [bit for bit in _FLAG_BITS if bit not in getters][-1]


class UnionFlag:
    """A vocabulary flag: does a word pass any of several word tests (``WordSetFlag``s)? It stands, at a pattern's
    first word, for tests that found no flag bit of their own; the exact test is made on the matches afterwards
    (``FirstWordScreen``)."""

    def __init__(self, members: list[WordSetFlag]):
        self.members = members

    def __call__(self, word: str) -> bool:
        return any(member(word) for member in self.members)


def first_word_union(
    vocab: Any,
    written: list[list[dict[Any, Any]] | None],
    flagged: list[list[dict[Any, Any]] | None],
    bit: int,
    rules: Sequence[Any],
) -> tuple[list[list[dict[Any, Any]] | None], dict[int, list[WordSetFlag]]]:
    """The patterns with the word tests a first word (one word exactly, no operator) was still to pass as Python
    calls at every word replaced by one flag, set for any word one of those tests passes (``bit``), and for each
    such pattern (by index) its exact tests, to be made on its matches. A match begins at the word its first token
    matched, and nothing else in a pattern depends on that word, so the matches whose first word passes the exact
    tests are the pattern's matches as written, in the same order (a state the flag lets through that the set would
    not have is only ever dropped). A rule with its own ``on_match`` keeps its pattern (the callback would see the
    extra matches)."""
    lower = vocab.lex_attr_getters[LOWER]
    out = list(flagged)
    screened: dict[int, list[WordSetFlag]] = {}
    members: dict[tuple[str, frozenset[str] | None, str | None], WordSetFlag] = {}
    for k, pattern in enumerate(flagged):
        source = pattern if pattern is not None else written[k]
        if source is None or not union_able(source) or getattr(rules[k], "on_match", None) is not None:
            continue
        first = source[0]
        tests = [(attr, test) for attr, test in first.items() if _flag_key(attr, test) is not None]
        if not tests:
            continue
        exact: list[WordSetFlag] = []
        for attr, test in tests:
            key = _flag_key(attr, test)
            assert key is not None
            member = members.setdefault(key, WordSetFlag(*key, lower=lower))
            exact.append(member)
        rest = {attr: test for attr, test in first.items() if (attr, test) not in tests}
        rest[bit] = True
        out[k] = [rest, *source[1:]]
        screened[k] = exact
    if screened:
        union = UnionFlag(list(members.values()))
        # a word of one of the tests passes the union: a superset flag for every screened pattern's first word
        vocab.add_flag(union, flag_id=bit)
    return out, screened


def union_able(pattern: list[dict[Any, Any]] | None) -> bool:
    """A pattern whose first token is one word exactly (no operator) and that needs a word after it: a wider test
    of its first word would let through only states that a later word mostly ends (a one-word pattern would match,
    and be dropped again, at every word the wider test passes)."""
    if not pattern or "OP" in pattern[0]:
        return False
    return any(spec.get("OP") not in {"?", "*"} for spec in pattern[1:])


class FirstWordScreen:
    """spaCy's token matcher with the exact first-word tests of the patterns ``first_word_union`` widened made on
    its matches (a match of such a pattern whose first word fails them is dropped); otherwise the matcher itself."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.exact: dict[int, list[WordSetFlag]] = {}

    def __call__(self, doclike: Any, **kwargs: Any) -> Any:
        matches = self.inner(doclike, **kwargs)
        exact = self.exact
        spans = bool(kwargs.get("as_spans"))
        kept = []
        for match in matches:
            # a Span's label is its key and its first word the match's; a tuple's start is within ``doclike``
            tests = exact.get(match.label if spans else match[0])
            if tests is not None:
                word = match[0].orth_ if spans else doclike[match[1]].orth_
                if not all(test(word) for test in tests):
                    continue
            kept.append(match)
        return kept

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def __len__(self) -> int:
        return len(self.inner)


def quick_predicates(matcher: Any) -> int:
    """Swap the matcher's Python tests of a word left without a flag bit (a later token's ``{"LOWER": {"IN":
    [...]}}``, ``NOT_IN``, or a ``REGEX`` on the text) for plain functions giving the same answer: spaCy calls them
    once per word and test, through a general predicate object that works out at every call which kind of test it
    is. Each function keeps the predicate's ``key`` and ``i``, which spaCy reads when more patterns are added.
    Returns how many were swapped."""
    predicates: list[Any] = matcher._extra_predicates
    swapped = 0
    for k, predicate in enumerate(predicates):
        quick = _quick_test(predicate)
        if quick is not None:
            quick.key, quick.i = predicate.key, predicate.i  # type: ignore[attr-defined]
            predicates[k] = quick
            swapped += 1
    return swapped


def _quick_test(predicate: Any) -> Callable[[Any], bool] | None:
    kind = type(predicate).__name__
    if getattr(predicate, "is_extension", True) or predicate.attr not in (LOWER, ORTH):
        return None
    if kind == "_SetPredicate" and not predicate.regex and predicate.fuzzy is None:
        words = frozenset(predicate.value)  # the words' hashes, as spaCy compares them
        if predicate.predicate == "IN":
            if predicate.attr == LOWER:
                return lambda token: token.lower in words
            return lambda token: token.orth in words
        if predicate.predicate == "NOT_IN":
            if predicate.attr == LOWER:
                return lambda token: token.lower not in words
            return lambda token: token.orth not in words
        return None
    if kind == "_RegexPredicate" and predicate.predicate == "REGEX" and predicate.attr == ORTH:
        search = predicate.value.search
        return lambda token: bool(search(token.orth_))
    return None


# ---------------------------------------------------------------------------------------------------------
# Registration (once per process; every instance gets its own rules from the reader)


def register_factories() -> None:
    """Register the components' factories with spaCy, once per process."""
    register_extensions()
    factories: dict[str, Callable[[Language, str], Callable[[Doc], Doc]]] = {
        SENTENCE_INDEX: lambda nlp, name: SentenceIndex(),
        LINE_BREAKS: lambda nlp, name: LineBreaks(),
        ABBREVIATIONS: lambda nlp, name: Abbreviations(),
        REGEX_TARGETS: lambda nlp, name: RegexTargets(),
        PRUNER: lambda nlp, name: prune_nested,
        CONTEXT: lambda nlp, name: SentenceContext(
            nlp,
            name=name,
            rules=None,
            prune_on_target_overlap=True,
            input_span_type="group",
            span_group_name=SPAN_GROUP,
        ),
    }
    for name, factory in factories.items():
        if not Language.has_factory(name):
            Language.factory(name, func=factory)


# characters outside ASCII that case-insensitive matching folds onto an ASCII letter (long s, Kelvin sign, dotted
# and dotless i, the st ligatures, the angstrom sign): a note holding one is matched without the literal screen
CASE_FOLDS = frozenset("\u017f\u212a\u0130\u0131\ufb05\ufb06\u212b")
_MIN_START = 3  # a literal shorter than this screens out too little to be worth the test


def literal_starts(pattern: re.Pattern[str], shortest: int = _MIN_START) -> tuple[str, ...] | None:
    """The literal texts one of which every match of the pattern begins with (lower-cased for a case-insensitive
    pattern), or None when that cannot be read off the pattern: after leading anchors (\\b, ^), a run of literal
    characters, or a group of alternatives each starting with one (nested optional parts end the literal)."""
    if "(?-i" in pattern.pattern or ("(?i:" in pattern.pattern and not pattern.flags & re.IGNORECASE):
        return None  # case-sensitivity changed inside the pattern: no single way to compare its literals
    starts = _alternative_starts(list(_sre_parse.parse(pattern.pattern, pattern.flags)), shortest)
    if starts is None:
        return None
    if pattern.flags & re.IGNORECASE:
        starts = [start.lower() for start in starts]
    return tuple(sorted(set(starts)))


def _literal_prefix(items: list[Any], shortest: int) -> str:
    out: list[str] = []
    for op, arg in items:
        if op is _LITERAL:
            out.append(chr(arg))
            continue
        if op is _AT and not out:
            continue
        if op is _SUBPATTERN and not out:
            inner = _alternative_starts(list(arg[-1]), shortest)
            if inner is not None and len(inner) == 1:
                out.append(inner[0])
        break
    return "".join(out)


def _alternative_starts(items: list[Any], shortest: int) -> list[str] | None:
    index = 0
    while index < len(items) and items[index][0] is _AT:
        index += 1
    if index >= len(items):
        return None
    op, arg = items[index]
    branches: list[Any] | None = None
    if op is _SUBPATTERN:
        inner = list(arg[-1])
        if len(inner) == 1 and inner[0][0] is _BRANCH:
            branches = inner[0][1][1]
    elif op is _BRANCH:
        branches = arg[1]
    if branches is None:
        prefix = _literal_prefix(items[index:], shortest)
        return [prefix] if len(prefix) >= shortest else None
    starts = [_literal_prefix(list(branch), shortest) for branch in branches]
    return starts if all(len(start) >= shortest for start in starts) else None


def match_starts(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """The texts one of which every match of the pattern begins with (lower-cased for a case-insensitive pattern),
    or None when that cannot be read off it. Unlike ``literal_starts`` (the screen's, which needs longer texts),
    any zero-width part is passed over (\\b, ^, look-behinds and look-aheads consume nothing), alternatives are
    read inside nested groups, an optional part adds the starts of what follows it, and a small class of characters
    (\\d as 0-9) gives one-character texts."""
    if "(?-i" in pattern.pattern or ("(?i:" in pattern.pattern and not pattern.flags & re.IGNORECASE):
        return None  # case-sensitivity changed inside the pattern: no single way to compare its texts
    starts = _sequence_starts(list(_sre_parse.parse(pattern.pattern, pattern.flags)), 0)
    if not starts or "" in starts:
        return None
    if pattern.flags & re.IGNORECASE:
        if not all(_caseless_or_ascii(c) for t in starts for c in t):
            return None  # "σ" also matches "ς", which lower-casing the note does not give
        starts = {t.lower() for t in starts}
    return tuple(sorted(starts))


def _sequence_starts(items: list[Any], index: int) -> set[str] | None:
    """The texts every match of ``items[index:]`` begins with, or None. A group or a choice is read together with
    what follows it (speed43): a branch that consumes nothing (``^``, a look-behind) or an optional part then
    gives the starts of what comes after it, so ``(?:^|;\\s*)Leg pain`` begins with ";" or "Leg pain"."""
    while index < len(items) and items[index][0] in _ZERO_WIDTH:
        index += 1
    if index >= len(items):
        return None  # the rest may match nothing: what follows it is not known here
    op, arg = items[index]
    if op is _LITERAL:
        chars = []
        while index < len(items) and items[index][0] is _LITERAL:
            chars.append(chr(items[index][1]))
            index += 1
        return {"".join(chars)}
    if op is _IN:
        chars_in: set[str] = set()
        for kind, value in arg:
            if kind is _LITERAL:
                chars_in.add(chr(value))
            elif kind is _RANGE and value[1] - value[0] < _MAX_CLASS:
                chars_in.update(chr(code) for code in range(value[0], value[1] + 1))
            elif kind is _CATEGORY and value is _CATEGORY_DIGIT:
                chars_in.update("0123456789")  # a note with another decimal digit is scanned whole
            else:
                return None  # a negated class, another category or a wide range
        return chars_in if len(chars_in) <= _MAX_CLASS else None
    rest = items[index + 1:]
    if op is _SUBPATTERN:
        if arg[1] or arg[2]:
            return None  # flags changed for the group
        return _sequence_starts([*arg[-1], *rest], 0)
    if op is _BRANCH:
        union: set[str] = set()
        for branch in arg[1]:
            starts = _sequence_starts([*branch, *rest], 0)
            if starts is None:
                return None
            union |= starts
        return union
    if op in _REPEATS:
        # a match begins with the part's first round (read alone: another round may follow it, not only the rest),
        # or, when the part can be left out, with what follows it
        low, _, inner = arg
        starts = _sequence_starts(list(inner), 0)
        if starts is None or low >= 1:
            return starts
        after = _sequence_starts(rest, 0)
        return None if after is None else starts | after
    return None


def leading_boundary(pattern: re.Pattern[str]) -> bool:
    """Every match of the pattern begins at a word boundary (it opens with ``\\b``, read as Unicode words)."""
    if pattern.flags & re.ASCII:
        return False
    items = list(_sre_parse.parse(pattern.pattern, pattern.flags))
    return bool(items) and items[0][0] is _AT and items[0][1] is _sre_constants.AT_BOUNDARY


_MAX_SET = 64  # literal alternatives a screen may test; a larger set (or a product growing past it) is cut
_MAX_SCREENS = 3  # required sets tested per rule, most selective first


Screen = tuple[tuple[str, ...], ...]  # sets of literal texts: a match needs one text of every set


def screen_literals(pattern: re.Pattern[str], shortest: int = _MIN_START) -> Screen | None:
    """Sets of literal texts (lower-cased for a case-insensitive pattern) such that every match of the pattern
    contains one text of each set, most selective first, or None when none can be read off it: the literal starts
    (``literal_starts``) and the factors ``required_literals`` finds anywhere in the pattern."""
    starts = literal_starts(pattern, shortest)
    folded = bool(pattern.flags & re.IGNORECASE)
    if starts is not None and folded and not all(_caseless_or_ascii(c) for t in starts for c in t):
        starts = None  # "σ" also matches "ς", which lower-casing the note does not give
    sets = [frozenset(s) for s in (starts,) if s is not None] + [frozenset(s) for s in required_literals(pattern, shortest)]
    kept: list[frozenset[str]] = []
    for candidate in sorted({_minimal(s) for s in sets}, key=_selectivity, reverse=True):
        # a set every text of a kept set already holds one of ("head" beside "headache|head pain") adds nothing
        if not any(all(any(t in k for t in candidate) for k in other) for other in kept):
            kept.append(candidate)
    return tuple(tuple(sorted(s)) for s in kept[:_MAX_SCREENS]) or None


def any_screen(pattern: re.Pattern[str]) -> Screen | None:
    """``screen_literals``, or where no set of texts of three characters or more can be read off the pattern, the
    sets of texts of two characters or more ("wk", "40", "ft", "op"): a short text screens out less, but a pattern
    with no screen at all is scanned on every note (speed39). The same proof holds for any length: every match
    contains one text of each set."""
    return screen_literals(pattern) or screen_literals(pattern, shortest=_SHORT_START)


_SHORT_START = 2


def held_by(screens: Sequence[Screen | None], text: str, lowered: str) -> bool:
    """Whether a match of one of the patterns whose ``any_screen``s these are may stand anywhere in ``text`` (or in a
    piece of it): a pattern without a screen may always match; one with a screen only when the note holds a text of
    each of its sets (``lowered``, the lower-cased note, for a case-insensitive pattern's: every screen here is of
    such a pattern). A note with a character that folds onto an ASCII letter is never screened."""
    if CASE_FOLDS.intersection(text):
        return True
    return any(screen is None or all(any(t in lowered for t in needed) for needed in screen) for screen in screens)


def required_literals(pattern: re.Pattern[str], shortest: int = _MIN_START) -> list[tuple[str, ...]]:
    """Sets of literal texts such that every match of the pattern contains one text of each set, wherever in the
    match (lower-cased for a case-insensitive pattern); empty when none can be read off the pattern.

    The parse tree is read bottom up. Each part gives the set of texts it matches exactly, when that is a small
    finite set (a literal, a group of literal alternatives, a small class of characters, an optional literal), and
    the sets of texts its every match needs. A sequence multiplies out runs of exact parts (zero-width assertions
    such as \\\\b and look-arounds consume nothing and leave a run whole); every run and every needed set of its
    required parts is needed by the sequence. Alternatives need the union of their branches' best sets. Anything
    else (a wide character class, a repeat that may be empty, a back reference) ends a run and needs nothing, so a
    set is always safe: a match without one of its texts cannot exist. In a case-insensitive pattern only ASCII and
    caseless characters are read as literals (a note holding one of the rare characters that fold onto an ASCII
    letter turns the screen off, ``RegexTargets``).
    """
    if "(?-i" in pattern.pattern or ("(?i:" in pattern.pattern and not pattern.flags & re.IGNORECASE):
        return []  # case-sensitivity changed inside the pattern: no single way to compare its literals
    folded = bool(pattern.flags & re.IGNORECASE)
    _, needed = _sequence_info(list(_sre_parse.parse(pattern.pattern, pattern.flags)), folded, shortest)
    return sorted({tuple(sorted(s)) for s in needed})


_Info = tuple[frozenset[str] | None, list[frozenset[str]]]  # (exact texts, sets of texts needed)


def _caseless_or_ascii(char: str) -> bool:
    """A literal a case-insensitive match finds exactly as the lower-cased note writes it."""
    return char.isascii() or char.lower() == char == char.upper() == char.casefold()


def _selectivity(strings: frozenset[str]) -> tuple[int, int]:
    """Longer shortest text first, then fewer texts."""
    return min(len(t) for t in strings), -len(strings)


def _usable(strings: frozenset[str] | None, shortest: int) -> bool:
    return bool(strings) and min(len(t) for t in strings or ()) >= shortest


def _minimal(strings: frozenset[str]) -> frozenset[str]:
    """The set without a text that holds another of its texts ("headaches" holds "headache": a note with the
    longer text has the shorter one too, so testing the shorter suffices)."""
    return frozenset(t for t in strings if not any(o != t and o in t for o in strings))


def _sequence_info(items: list[Any], folded: bool, shortest: int) -> _Info:
    run: frozenset[str] = frozenset({""})
    whole = True  # every part so far was exact and the run never had to be cut
    needed: list[frozenset[str]] = []

    def flush() -> None:
        if _usable(run, shortest):
            needed.append(_minimal(run))

    for op, arg in items:
        exact, parts = _item_info(op, arg, folded, shortest)
        needed.extend(parts)
        if exact is not None:
            if len(run) * len(exact) <= _MAX_SET:
                run = frozenset(a + b for a in run for b in exact)
                continue
            flush()
            whole = False
            run = exact if len(exact) <= _MAX_SET else frozenset({""})
            continue
        whole = False
        flush()
        run = frozenset({""})
    flush()
    return (run if whole else None), needed


def _item_info(op: Any, arg: Any, folded: bool, shortest: int) -> _Info:
    if op is _LITERAL:
        char = chr(arg)
        if folded and not _caseless_or_ascii(char):
            return None, []
        return frozenset({char.lower() if folded else char}), []
    if op in _ZERO_WIDTH:
        return frozenset({""}), []
    if op is _IN:  # a small class of literal characters ("(tkr|tka)" is parsed as "tk[ra]")
        chars: set[str] = set()
        for kind, value in arg:
            if kind is _LITERAL:
                chars.add(chr(value))
            elif kind is _RANGE and value[1] - value[0] < _MAX_CLASS:
                chars.update(chr(code) for code in range(value[0], value[1] + 1))
            else:
                return None, []  # a negated class, a category (\\d, \\w) or a wide range
        if len(chars) > _MAX_CLASS or (folded and not all(_caseless_or_ascii(c) for c in chars)):
            return None, []
        return frozenset(c.lower() if folded else c for c in chars), []
    if op is _SUBPATTERN:
        return _sequence_info(list(arg[-1]), folded, shortest)
    if op is _BRANCH:
        infos = [_sequence_info(list(branch), folded, shortest) for branch in arg[1]]
        exact: frozenset[str] | None = None
        if all(e is not None for e, _ in infos):
            union = frozenset(t for e, _ in infos for t in e or ())
            exact = union if len(union) <= _MAX_SET else None
        best = [_best(e, parts, shortest) for e, parts in infos]
        if exact is None and all(b is not None for b in best):
            return None, [_minimal(frozenset(t for b in best for t in b or ()))]
        return exact, []
    if op in _REPEATS:
        low, high, inner = arg
        inner_exact, inner_needed = _sequence_info(list(inner), folded, shortest)
        if low == 0:
            return (inner_exact | {""} if high == 1 and inner_exact is not None else None), []
        if low == high == 1:
            return inner_exact, inner_needed
        most = _best(inner_exact, inner_needed, shortest)
        return None, [most] if most is not None else []
    return None, []


def _best(exact: frozenset[str] | None, needed: list[frozenset[str]], shortest: int) -> frozenset[str] | None:
    """The most selective set a part needs: its exact texts or one of its needed sets."""
    sets = [_minimal(s) for s in [*([exact] if exact is not None else []), *needed] if _usable(s, shortest)]
    return max(sets, key=_selectivity) if sets else None


DRUG_SLOT = "{drug}"
# "{drug:CLASS}": the names of one drug class of medications.yaml ("{drug:oral_corticosteroid}": prednisolone,
# Medrol, Wysolone ...), so a brand added to the class is read by every rule that names the class
DRUG_CLASS_SLOT = re.compile(r"\{drug:(\w+)\}")
# "{year_before:2}": a calendar year (19xx or 20xx) at least that many years before this one, counted when the note is
# read ("stopped injecting in 2021" is more than a year ago from 2023 on): a year written in the knowledge would age.
# A match whose year is too recent is no match (``year_old_enough``).
YEAR_SLOT = re.compile(r"\{year_before:(\d{1,2})\}")
_YEAR_GROUP = re.compile(r"year_before_(\d{1,2})(?:_\d+)?$")


def year_slots(pattern: re.Pattern[str]) -> list[tuple[str, int]]:
    """The pattern's calendar-year groups and how many years before this one each must be."""
    return [(name, int(m.group(1))) for name in pattern.groupindex if (m := _YEAR_GROUP.match(name))]


def year_old_enough(match: re.Match[str], slots: list[tuple[str, int]], today: date | None = None) -> bool:
    """Every calendar year the match read is at least its number of years before the current year."""
    this_year = (today or date.today()).year
    for name, years in slots:
        year = match.group(name)
        if year is not None and this_year - int(year) < years:
            return False
    return True


def compile_regex_rules(
    entries: Iterable[tuple[str, Iterable[str], Iterable[str]]],
    drug: str | None = None,
    drug_classes: Callable[[str], str | None] | None = None,
) -> list[RegexRule]:
    """(finding, regexes, absent regexes) -> compiled rules for RegexTargets. A finding's regex may say {drug}
    where any medication name of the knowledge base belongs (``drug`` is that alternation, medications.yaml), and
    {drug:CLASS} where a name of that drug class belongs (``drug_classes`` gives a class's alternation)."""

    def class_names(match: re.Match[str]) -> str:
        names = drug_classes(match.group(1)) if drug_classes is not None else None
        if not names:
            raise ValueError(f"regex says {match.group(0)} but medications.yaml has no drug of that class")
        return f"(?:{names})"

    def compiled(pattern: str) -> re.Pattern[str]:
        if DRUG_SLOT in pattern:
            if drug is None:
                raise ValueError(f"regex {pattern!r} says {DRUG_SLOT} but the knowledge base has no medications")
            pattern = pattern.replace(DRUG_SLOT, f"(?:{drug})")
        pattern = DRUG_CLASS_SLOT.sub(class_names, pattern)
        slot = iter(range(1000))
        pattern = YEAR_SLOT.sub(lambda m: f"(?P<year_before_{m.group(1)}_{next(slot)}>(?:19|20)\\d\\d)", pattern)
        return re.compile(pattern)

    rules: list[RegexRule] = []
    for fid, present, absent in entries:
        rules += [(compiled(pattern), fid, False) for pattern in present]
        rules += [(compiled(pattern), fid, True) for pattern in absent]
    return rules

