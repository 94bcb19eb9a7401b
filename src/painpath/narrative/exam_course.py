"""A deficit told as a comparison over time: an earlier examination's grade or reflex beside today's worse one.

Clinicians often show a progressing deficit without a word of course: "wrist extension 5-/5 three weeks ago; today
3+/5", "seen 2 wks ago: plantarflexion 5/5, ankle jerk reduced. Today: 4-/5, ankle jerk absent". Each motor grade
and reflex the note states is placed in time by the nearest time word of its sentence (an earlier one: "ago",
"previously", "at the first visit"; a present one: "today", "now", "on review"), a strong time word always before a
weak one ("was", "is"). A present grade lower than an earlier grade of the same muscle, or a reflex that has gone
from present to reduced or from reduced to absent, is a deficit worse than before: the course the reader gives as
"worsening" in words (roles.py), read from the examination's numbers. The time words and the findings it sets are
knowledge (``course.exam_comparison`` in knowledge/narrative.yaml); this module only applies them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from painpath.domain.model import Observation, Status
from painpath.narrative.values import motor_grades

EARLIER, NOW = "earlier", "now"
_SENTENCE = re.compile(r"[^.;\n]+")  # a sentence or a ';' piece ("5-/5 three weeks ago; today 3+/5")
_PIECE_START = re.compile(r"[,:(]|\band\b", re.I)
# the muscle or movement a grade is given for: the words between the piece's start and the grade
_WORD = re.compile(r"[a-z][a-z'-]*", re.I)
_REFLEX_STATE = {
    "present": 2, "normal": 2, "intact": 2, "preserved": 2, "2+": 2, "brisk": 2,
    "reduced": 1, "diminished": 1, "depressed": 1, "decreased": 1, "sluggish": 1, "trace": 1, "1+": 1, "hypoactive": 1,
    "absent": 0, "lost": 0, "gone": 0, "0": 0, "unobtainable": 0, "not elicited": 0,
}
_STATES = "|".join(sorted((re.escape(s) for s in _REFLEX_STATE), key=len, reverse=True))
_NAMES = r"ankle|achilles|knee|patellar|biceps|triceps|supinator|brachioradialis"
_REFLEX_AFTER = re.compile(
    rf"\b({_NAMES})\s+(?:jerk|reflex)e?s?\b[^.;,\d]{{0,25}}?(?<![\w+])({_STATES})(?![\w+])", re.I
)
_REFLEX_BEFORE = re.compile(rf"(?<![\w+])({_STATES})\s+(?:(?:left|right|l|r)\s+)?({_NAMES})\s+(?:jerk|reflex)", re.I)
_SAME_REFLEX = {"achilles": "ankle", "patellar": "knee", "brachioradialis": "supinator"}


@dataclass(frozen=True)
class Mention:
    """A grade or reflex state, where it stands, what it is of, and when the note places it."""

    kind: str      # "grade" or "reflex"
    label: str     # the muscle or reflex ("" when the note does not say: "Today: 4-/5")
    value: float
    start: int
    end: int
    when: str | None


class ExamComparison:
    """Finds deficits worse at today's examination than at an earlier one (``course.exam_comparison``)."""

    def __init__(self, raw: Mapping[str, Any]) -> None:
        self.grade_finding = raw.get("grade_finding")
        self.reflex_finding = raw.get("reflex_finding")
        self.cues = [
            (NOW, _compile(raw.get("now")), 0),
            (EARLIER, _compile(raw.get("earlier")), 0),
            (NOW, _compile(raw.get("now_weak")), 1),
            (EARLIER, _compile(raw.get("earlier_weak")), 1),
        ]
        self.generic = frozenset(raw.get("generic_labels", ()))
        self.within = int(raw.get("within", 120))

    def read(self, text: str) -> tuple[list[Observation], frozenset[int]]:
        """The worsened deficits, and where the grades of an earlier examination stand when the note also gives
        today's: those are past, and today's grade is the one that says how weak the muscle is now ("3/5 at
        presentation, now 5/5" is no grade of 3 now)."""
        if self.grade_finding is None or not any(pattern for _, pattern, _ in self.cues):
            return [], frozenset()
        mentions = self._mentions(text)
        earlier = [m for m in mentions if m.when == EARLIER]
        if not earlier:
            return [], frozenset()
        past = frozenset(
            m.start for m in earlier
            if m.kind == "grade" and any(n.kind == "grade" and n.when == NOW and n.start > m.start for n in mentions)
        )
        found: list[Observation] = []
        for now in (m for m in mentions if m.when == NOW):
            before = [m for m in earlier if m.kind == now.kind and m.start < now.start and self._same(m, now)]
            worse = [m for m in before if m.value > now.value]
            if not worse or (now.kind == "grade" and not now.label and now.value >= min(m.value for m in before)):
                continue
            finding = self.grade_finding if now.kind == "grade" else self.reflex_finding
            if finding is None:
                continue
            then = worse[0]
            words = f"{text[then.start: then.end]} ... {text[now.start: now.end]}"
            found.append(Observation(finding, Status.PRESENT, words, now.start, now.end, course="worsening", role="exam"))
        return found, past

    def _same(self, earlier: Mention, now: Mention) -> bool:
        """Two mentions of one muscle or reflex (a grade without a muscle named, or "power", compares with any)."""
        if now.kind == "reflex":
            return earlier.label == now.label
        if not now.label or not earlier.label or now.label in self.generic or earlier.label in self.generic:
            return True
        # one muscle in other words: "wrist extension" and "wrist extensors" share the stems of every word
        first, second = _stems(now.label), _stems(earlier.label)
        return first <= second or second <= first

    def _mentions(self, text: str) -> list[Mention]:
        found: list[Mention] = []
        for sentence in _SENTENCE.finditer(text):
            start, end = sentence.span()
            items: list[tuple[str, str, float, int, int]] = []
            for grade_start, grade_end, grade in motor_grades(text, start, end):
                items.append(("grade", self._muscle(text, start, grade_start), grade, grade_start, grade_end))
            for match in _REFLEX_AFTER.finditer(text, start, end):
                items.append(("reflex", _reflex(match.group(1)), _REFLEX_STATE[match.group(2).lower()], *match.span()))
            for match in _REFLEX_BEFORE.finditer(text, start, end):
                items.append(("reflex", _reflex(match.group(2)), _REFLEX_STATE[match.group(1).lower()], *match.span()))
            if not items:
                continue
            cues = self._cues(text, start, end)
            for kind, label, value, item_start, item_end in items:
                found.append(Mention(kind, label, value, item_start, item_end, _when(cues, item_start, item_end, self.within)))
        found.sort(key=lambda m: m.start)
        return found

    def _cues(self, text: str, start: int, end: int) -> list[tuple[str, int, int]]:
        """The sentence's time words, the strong ones only when it has any."""
        for strength in (0, 1):
            cues = [
                (when, m.start(), m.end())
                for when, pattern, weak in self.cues
                if weak == strength and pattern is not None
                for m in pattern.finditer(text, start, end)
            ]
            if cues:
                return cues
        return []

    def _muscle(self, text: str, sentence_start: int, at: int) -> str:
        """The words naming the muscle before a grade, in its own piece ("EHL", "wrist extension"), lower-cased."""
        piece = max((m.end() for m in _PIECE_START.finditer(text, sentence_start, at)), default=sentence_start)
        words = [w.lower() for w in _WORD.findall(text[piece:at])]
        kept = [w for w in words if w not in _NOT_MUSCLE]
        return " ".join(kept[-2:])


_NOT_MUSCLE = frozenset({
    "was", "were", "is", "are", "now", "today", "had", "has", "been", "at", "on", "in", "the", "his", "her", "my", "of",
    "l", "r", "left", "right", "lt", "rt", "bilat", "bilateral", "grade", "mrc", "ago", "previously", "then", "and",
    "with", "visit", "review", "seen", "to", "down", "dropped", "fallen", "from", "this", "first", "last", "initial",
    "previous", "appointment", "weeks", "wks", "days", "months", "intake", "baseline", "re-eval", "eval", "a", "an",
})


def _stems(label: str) -> set[str]:
    return {word[:6] for word in label.split()}


def _reflex(name: str) -> str:
    name = name.lower()
    return _SAME_REFLEX.get(name, name)


def _when(cues: list[tuple[str, int, int]], start: int, end: int, within: int) -> str | None:
    """The time of the nearest cue within reach (a cue before the mention wins a tie)."""
    best: tuple[int, int, str] | None = None
    for when, cue_start, cue_end in cues:
        if cue_end <= start:
            distance, after = start - cue_end, 0
        elif cue_start >= end:
            distance, after = cue_start - end, 1
        else:
            distance, after = 0, 0
        if distance <= within and (best is None or (distance, after) < best[:2]):
            best = (distance, after, when)
    return best[2] if best else None


def _compile(pattern: str | None) -> re.Pattern[str] | None:
    return re.compile(pattern, re.I) if pattern else None
