"""The reader's safety net: what it did not understand, where a red flag may hide.

A clause in which no finding was recognised, but which carries a word close to a red flag ("a lump in her armpit",
"T-score -3.1", "can't coordinate my hands"), is returned with its text so a clinician reads it, and raises
triage to at least 'soon' through an ordinary triage rule on the finding this module adds. The words, the roles
watched and the advice that does not count are knowledge (``unread`` in knowledge/narrative.yaml).

A red-flag word is understood, though no finding covers it, when it is stated normal or long past beside it
(``settled_near``), or when the reader's own ConText reads it as it would read a finding there: denied ("I've not
lost any weight"), a relative's ("my mum died of bone cancer"), or hypothetical. The reader answers that question
(``understood``); the net does not keep a second, smaller list of negations beside the reader's.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from painpath.domain.model import Observation, Status, UnreadSentence
from painpath.narrative.roles import Clauses, Role


class UnreadFinder:
    """Finds clauses with red-flag-adjacent words and no finding."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.finding: str | None = data.get("finding")
        words = data.get("words")
        self.words = re.compile(words, re.I) if words else None
        advice = data.get("not_when")
        self.advice = re.compile(advice, re.I) if advice else None
        self.roles = frozenset(Role(r) for r in data.get("roles", [r.value for r in Role]))
        settled = data.get("settled_near")
        self.settled = re.compile(settled, re.I) if settled else None

    def find(
        self,
        text: str,
        clauses: Clauses,
        targets: Iterable[tuple[int, int]],
        understood: Callable[[list[tuple[int, int]]], list[bool]] | None = None,
    ) -> tuple[tuple[UnreadSentence, ...], list[Observation]]:
        """The clauses not understood, and the finding that tells triage about them. ``understood`` tells, for words
        at (start, end), whether the reader reads each as denied, a relative's or hypothetical."""
        if self.words is None:
            return (), []
        starts = sorted(start for start, _ in targets)
        candidates: list[tuple[int, int, list[re.Match[str]]]] = []
        seen: set[tuple[int, int]] = set()
        for clause in clauses.items:
            scope = (clause.scope_start, clause.scope_end) if clause.scope_start >= 0 else (clause.start, clause.end)
            if scope in seen or clause.role not in self.roles:
                continue
            seen.add(scope)
            first, last = scope
            k = bisect_left(starts, first)
            if k < len(starts) and starts[k] < last:
                continue  # something in it was understood
            if self.advice and self.advice.search(text, first, last):
                continue
            matches = [m for m in self.words.finditer(text, first, last) if not self._settled(text, m, scope)]
            if matches:
                candidates.append((first, last, matches))
        if understood is not None and candidates:
            spans = [(m.start(), m.end()) for _, _, matches in candidates for m in matches]
            verdicts = dict(zip(spans, understood(spans), strict=True))
            candidates = [
                (first, last, [m for m in matches if not verdicts[(m.start(), m.end())]])
                for first, last, matches in candidates
            ]
        unread: list[UnreadSentence] = []
        for first, last, matches in candidates:
            words = sorted({m.group(0).lower() for m in matches})
            if not words:
                continue
            words_text = " ".join(text[first:last].split()).strip(" ,;:")
            unread.append(UnreadSentence(words_text, tuple(words), first, last))
        if not unread or not self.finding:
            return tuple(unread), []
        evidence = "; ".join(u.text for u in unread)
        return tuple(unread), [Observation(self.finding, Status.PRESENT, evidence, unread[0].start, unread[0].end)]

    def _settled(self, text: str, match: re.Match[str], scope: tuple[int, int]) -> bool:
        """The word is stated normal, absent or long past within a few words of it."""
        if self.settled is None:
            return False
        before = text[max(scope[0], match.start() - _NEAR): match.start()]
        after = text[match.end(): min(scope[1], match.end() + _NEAR)]
        if self.settled.search(" ".join(before.split()[-4:])) or self.settled.search(" ".join(after.split()[:4])):
            return True
        # the first item of a list whose verdict follows the last item: "bladder, bowel and erections normal"
        listed = _LIST_ITEMS.match(text, match.end(), min(scope[1], match.end() + _LIST_REACH))
        return bool(listed and self.settled.match(text, listed.end(), min(scope[1], listed.end() + 20)))


_NEAR = 40  # characters looked at on each side (then at most four words)
_LIST_REACH = 80  # characters a list of items may run before its verdict
# further list items after the word ("..., bowel and erections", "/bowel"), then an optional verb before the verdict
_LIST_ITEMS = re.compile(
    r"(?:\s*(?:,|;|/|&|\band\b|\bor\b)\s*[A-Za-z][\w-]*(?:\s+(?:function|habit|control|movements?))?){1,6}"
    r"\s*(?:(?:are|were|is|was|all|both|all\s+(?:are|were))\s+)?",
    re.I,
)
