"""Spellings of speech and texting read as the words the knowledge base uses, before any matching.

People who write as they speak drop the g of an -ing word ("sweatin", "shiverin'", "injectin") and spell a few words
by sound ("nite"). Listing every such variant in every term and regular expression would not end; instead the note is
respelt once, before the reader sees it: a word ending in "in" (or "in'") becomes its "-ing" form only when that
"-ing" word is one the knowledge base itself uses (a term or a regular expression's literal word), so "sweatin"
becomes "sweating" but "cousin", "groin" or "insulin" never change. A short table (``spelling.respell`` in
narrative.yaml) gives the sound spellings. Respelling can lengthen the text, so ``Respelt.back`` maps every offset of
the respelt text to the note's own, and the reader reports every span against the note as written.

Double quotation marks are read as spaces: a writer quotes the patient's own words in the middle of a phrase ("she has
been \"saving up\" her tablets", "she \"can't really feel the paper\" down there"), and the marks would break a phrase
the knowledge base knows. A space keeps every offset, and the evidence is still quoted from the note as written.

A body part contracted with "is" or "has" ("my back's been killing me", "me knee's swollen", "the pain's worse at
night") is read as the two words the knowledge base writes (``spelling.contractions`` in narrative.yaml): "has" before
been, got, gone or started, "is" before one of a short list of predicates or an -ing word, and the possessive ("the
knee's range of movement") left alone. The dialect "me" for "my" before a body part ("me back", "me knees") is read
as "my" unless a particle follows the part ("give me back my phone", "help me back to bed").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

# a word that ends in "in" or "in'" (an apostrophe standing for the g), at least three letters before the "in"
_DROPPED_G = re.compile(r"\b([A-Za-z]{3,}in)(['’])?(?![\w'’])")
_ESCAPE = re.compile(r"\\[A-Za-z]")
_ING_WORD = re.compile(r"(?<![A-Za-z])([a-z]{3,}ing)(?![a-z])")
# straight and curly double quotation marks (not the single marks: those are apostrophes as often as quotes)
_QUOTE_MARKS = re.compile('["\u201c\u201d]')


@dataclass(frozen=True)
class Respelt:
    """The respelt text and, when it differs in length from the note, where each of its offsets came from."""

    text: str
    back: tuple[int, ...] | None = None  # back[i]: the note's offset for offset i of ``text`` (len(text) + 1 entries)

    def offset(self, at: int) -> int:
        if self.back is None or at < 0:
            return at
        return self.back[min(at, len(self.back) - 1)]


class Respeller:
    """Built once from the knowledge base's words; respells each note in one pass."""

    def __init__(self, lexicon: Mapping[str, Any], data: Mapping[str, Any] | None) -> None:
        data = data or {}
        self.keep = frozenset(w.lower() for w in data.get("never_respell", []))
        self.ing_words = frozenset(_ing_words(lexicon))
        respell: Mapping[str, str] = data.get("respell", {})
        self.respell = {k.lower(): str(v) for k, v in respell.items()}
        contractions: Mapping[str, Any] = data.get("contractions", {}) or {}
        parts = sorted((str(p) for p in contractions.get("parts", [])), key=len, reverse=True)
        self.contracted = (
            re.compile(r"\b(" + "|".join(re.escape(p) for p in parts) + r")['’]s(?=\s+(\w+)(?:\s+(\w+))?(?:\s+(\w+))?)", re.I)
            if parts
            else None
        )
        self.has_before = frozenset(str(w).lower() for w in contractions.get("has_before", []))
        self.is_before = frozenset(str(w).lower() for w in contractions.get("is_before", []))
        self.adverbs = frozenset(str(w).lower() for w in contractions.get("adverbs", []))
        particles = [str(w) for w in contractions.get("not_before_particles", [])]
        self.dialect_my = (
            re.compile(
                r"\b(me)\s+(?=(?:(?:lower|low|left|right|bad|poor|dodgy|upper)\s+)?(?:"
                + "|".join(re.escape(p) for p in parts)
                + r")s?\b(?!\s+(?:"
                + "|".join(re.escape(w) for w in particles)
                + r")\b))",
                re.I,
            )
            if parts and contractions.get("dialect_my")
            else None
        )
        self.sound = (
            re.compile(r"\b(" + "|".join(re.escape(k) for k in sorted(self.respell, key=len, reverse=True)) + r")\b", re.I)
            if self.respell
            else None
        )
        # "ma foot", "mi back": a dialect "my" only before a part of the body ("ma" alone may be a mother, "mi" an "I")
        possessive: Mapping[str, Any] = data.get("possessive", {})
        owners = [str(w) for w in possessive.get("words", [])]
        owned = [str(w) for w in possessive.get("before", [])]
        self.possessive = (
            re.compile(
                r"\b(" + "|".join(re.escape(w) for w in owners) + r")\b(?=\s+(?:(?:own|left|right|lower|upper|wee|bad|poor)\s+)?(?:"
                + "|".join(re.escape(p) for p in sorted(owned, key=len, reverse=True)) + r")\b)",
                re.I,
            )
            if owners and owned
            else None
        )

    def respell_text(self, text: str) -> Respelt:
        """The note with dropped g's restored and sound spellings respelt (the note itself when nothing changes)."""
        marks = [m.start() for m in _QUOTE_MARKS.finditer(text)]
        if marks:
            # a quotation mark between two letters becomes a space; one beside a space, a stop or the note's edge is
            # dropped, so a quoted word is read as if unquoted: a space in its place would leave two spaces, a word
            # of its own to spaCy, and a phrase of the knowledge ("legs feel heavy") would no longer match 'legs
            # feel "heavy"' (round 27). The words are quoted back from the note as written. (The text between two
            # marks is copied whole, not a character at a time: a long chart with a few quotes stays cheap.)
            kept: list[str] = []
            where: list[int] = []
            closed = -1  # a closing mark just dropped: the word before it ends there, not after it
            cursor = 0
            for at in (*marks, len(text)):
                if cursor < at:  # the plain text up to this mark (or the end)
                    kept.append(text[cursor:at])
                    where.append(closed if closed >= 0 else cursor)
                    where.extend(range(cursor + 1, at))
                    closed = -1
                if at == len(text):
                    break
                before = text[at - 1] if at > 0 else " "
                after = text[at + 1] if at + 1 < len(text) else " "
                if not (before.isalnum() and after.isalnum()):
                    if not after.isalnum():
                        closed = at if closed < 0 else closed
                else:
                    kept.append(" ")
                    where.append(closed if closed >= 0 else at)
                    closed = -1
                cursor = at + 1
            where.append(closed if closed >= 0 else len(text))
            respelt = self.respell_text("".join(kept))
            if respelt.back is None:
                return Respelt(respelt.text, tuple(where))
            return Respelt(respelt.text, tuple(map(where.__getitem__, respelt.back)))
        edits: list[tuple[int, int, str]] = []  # (start, end, replacement) in the note, in order, never overlapping
        for match in _DROPPED_G.finditer(text):
            word = match.group(1)
            full = word.lower() + "g"
            if word.lower() in self.keep or full not in self.ing_words:
                continue
            g = "G" if word.isupper() else "g"
            edits.append((match.start(), match.end(), word + g))
        if self.contracted is not None:
            for match in self.contracted.finditer(text):
                verb = self._contracted_verb([w.lower() for w in match.groups()[1:] if w])
                if verb is not None:
                    edits.append((match.end(1), match.end(), " " + verb))
        if self.dialect_my is not None:
            for match in self.dialect_my.finditer(text):
                edits.append((match.start(1), match.end(1), {"ME": "MY", "Me": "My"}.get(match.group(1), "my")))
        if self.sound is not None:
            for match in self.sound.finditer(text):
                if any(s < match.end() and match.start() < e for s, e, _ in edits):
                    continue
                word = match.group(1)
                new = self.respell[word.lower()]
                edits.append((match.start(), match.end(), new.upper() if word.isupper() else new))
        if self.possessive is not None:
            for match in self.possessive.finditer(text):
                if any(s < match.end() and match.start() < e for s, e, _ in edits):
                    continue
                word = match.group(1)
                edits.append((match.start(), match.end(), "MY" if word.isupper() else ("My" if word[0].isupper() else "my")))
        if not edits:
            return Respelt(text)
        edits.sort()
        pieces: list[str] = []
        back: list[int] = []
        cursor = 0
        for start, end, new in edits:
            pieces.append(text[cursor:start])
            back.extend(range(cursor, start))
            pieces.append(new)
            # the respelt word's letters point at the note's word, letter for letter while it lasts
            back.extend(min(start + k, end - 1) for k in range(len(new)))
            cursor = end
        pieces.append(text[cursor:])
        back.extend(range(cursor, len(text) + 1))
        out = "".join(pieces)
        if len(out) == len(text) and all(e - s == len(new) for s, e, new in edits):
            return Respelt(out)  # only "shiverin'" -> "shivering": every offset is the note's own
        return Respelt(out, tuple(back))


    def _contracted_verb(self, following: list[str]) -> str | None:
        """ "has" or "is" for a body part's "'s" from the words after it; None for a possessive."""
        words = list(following)
        while len(words) > 1 and words[0] in self.adverbs:
            words.pop(0)
        first = words[0] if words else ""
        if first in self.has_before:
            return "has"
        if first in self.is_before or (first.endswith("ing") and len(first) > 4):
            return "is"
        return None


def _ing_words(lexicon: Mapping[str, Any]) -> Iterable[str]:
    """Every "-ing" word in the knowledge base's terms and regular expressions (their literal words)."""
    for entry in lexicon.values():
        for phrase in (*entry.terms, *entry.absent_terms):
            yield from _ING_WORD.findall(phrase.lower())
        for pattern in (*entry.regex, *entry.absent_regex):
            yield from _ING_WORD.findall(_ESCAPE.sub(" ", pattern).lower())
