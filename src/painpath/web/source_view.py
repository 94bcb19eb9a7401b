"""The source view: the text an assessment read (a pasted note, a referral letter, the story of the patient's
history packet or of the pain-story form), cut into pieces so that the words behind each finding can be
highlighted beside the assessment.

The reader stores each finding's span (start and end character in the text it read, adapters/contract_json.py).
An assessment stored before spans were kept falls back to the finding's words found in the text (the first
place not yet highlighted, case-insensitive). A finding from a form's answer or the body map has no words in the
text: it is listed apart, as answered. The pieces are plain text; the template escapes every one of them, so a
note can never inject markup into the page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

FORM_PREFIXES = ("form:", "body map:", "answer:")


@dataclass(frozen=True)
class Piece:
    """A stretch of the source text; ``findings`` is empty for words nothing was read from."""

    text: str
    findings: tuple[str, ...] = ()  # "Label (present)" of each finding read from these words
    status: str = ""  # present | absent (absent when every finding here is absent)
    red_flag: bool = False  # words behind a red flag
    anchor: str = ""


@dataclass(frozen=True)
class SourceView:
    text_pieces: tuple[Piece, ...]
    answered: tuple[str, ...] = field(default_factory=tuple)  # findings from the form, not the text
    highlighted: int = 0  # how many stretches of the text carry a finding


def _span_of(item: Mapping[str, Any], text: str, taken: list[tuple[int, int]]) -> tuple[int, int] | None:
    span = item.get("span")
    if isinstance(span, (list, tuple)) and len(span) == 2:
        start, end = int(span[0]), int(span[1])
        return (start, end) if 0 <= start < end <= len(text) else None
    words = str(item.get("text") or "").strip()
    if not words or words.lower().startswith(FORM_PREFIXES):
        return None
    lowered, needle = text.lower(), words.lower()
    at = lowered.find(needle)
    while at >= 0:
        candidate = (at, at + len(needle))
        if not any(a < candidate[1] and candidate[0] < b for a, b in taken):
            return candidate
        at = lowered.find(needle, at + 1)
    return None


def source_view(text: str, findings: Sequence[Mapping[str, Any]], *, labels: Mapping[str, str],
                red_flag_words: Sequence[str] = ()) -> SourceView:
    """The text in pieces, each finding's words marked with what was read from them."""
    flagged = {w.strip().lower() for w in red_flag_words if w.strip()}
    by_span: dict[tuple[int, int], list[Mapping[str, Any]]] = {}
    answered: list[str] = []
    taken: list[tuple[int, int]] = []
    for item in findings:
        label = labels.get(str(item.get("id")), str(item.get("id", "")).replace("_", " "))
        span = _span_of(item, text, taken)
        if span is None:
            words = str(item.get("text") or "")
            if words.lower().startswith(FORM_PREFIXES):
                answered.append(f"{label} ({item.get('status', 'present')})")
            continue
        by_span.setdefault(span, []).append(item)
        taken.append(span)
    pieces: list[Piece] = []
    cursor = 0
    marked = 0
    for (start, end), items in sorted(by_span.items(), key=lambda kv: (kv[0][0], -(kv[0][1] - kv[0][0]))):
        if start < cursor:  # overlaps a longer stretch already marked: its words are highlighted there
            continue
        if start > cursor:
            pieces.append(Piece(text[cursor:start]))
        names = tuple(dict.fromkeys(
            f"{labels.get(str(i.get('id')), str(i.get('id', '')).replace('_', ' '))} ({i.get('status', 'present')})"
            for i in items))
        status = "absent" if all(i.get("status") == "absent" for i in items) else "present"
        red = any(str(i.get("text") or "").strip().lower() in flagged for i in items) and status == "present"
        marked += 1
        pieces.append(Piece(text[start:end], names, status, red, f"src-{marked}"))
        cursor = end
    if cursor < len(text):
        pieces.append(Piece(text[cursor:]))
    return SourceView(tuple(pieces), tuple(dict.fromkeys(answered)), marked)


def assessment_source(row: Any, output: Mapping[str, Any], labels: Mapping[str, str]) -> SourceView:
    """The source view of a stored assessment: its note or letter, or the story of its intake."""
    source = row.input or {}
    text = str(source.get("text") or "") if row.input_kind == "text" else str(source.get("story") or "")
    red_words = [str(w) for flag in output.get("red_flags") or [] for w in flag.get("evidence") or []]
    return source_view(text, output.get("findings") or [], labels=labels, red_flag_words=red_words)


__all__ = ["Piece", "SourceView", "assessment_source", "source_view"]
