"""Recorded procedure responses in clinical text: "MBB #1: 85% relief for 6 hours", "SCS trial 60% relief".

The procedure words come from the knowledge base (plan_options names); this module only knows how people write
a result: a percentage of relief, a sequence number, a duration, a date and whether function improved.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping

from painpath.domain.plan import ProcedureResponse
from painpath.domain.plan_model import OptionDef

_CLAUSE = re.compile(r"(?<!\d)[.;](?!\d)|\n+|\bthen\b|\bwhile\b")
_PERCENT = re.compile(r"(\d{1,3}(?:\.\d+)?)\s*(?:%|percent|per cent)", re.I)
_NO_RELIEF = re.compile(
    r"\b(no relief|no benefit|did not help|didn'?t help|no improvement|was negative|negative block|"
    r"no response|neither (?:of which |of them |one )?helped|none (?:of which |of them )?helped|no help at all)\b",
    re.I,
)
_HYPOTHETICAL = re.compile(
    r"\b(if|would|should|expect\w*|aim\w*|goal|target|hope\w*|threshold|requires?|needs?)\b", re.I
)
_SEQUENCE = re.compile(
    r"(?:#\s*(\d)|\b(first|second|third|1st|2nd|3rd|repeat)\b|\b(?:block|mbb|injection|trial)\s+(\d)\b)", re.I
)
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "repeat": 2}
_DURATION = re.compile(
    r"\b(?:for|lasting|lasted|over)\s+(?:about\s+|around\s+|nearly\s+)?(\d+(?:\.\d+)?)\s*(hours?|hrs?|h|days?|weeks?|wks?|months?)\b",
    re.I,
)
_HOURS = {"h": 1.0, "hr": 1.0, "hou": 1.0, "day": 24.0, "wee": 168.0, "wk": 168.0, "mon": 730.5}
_GAIN = re.compile(
    r"\b(walk(?:ed|ing|s)? (?:further|farther|longer)|"
    r"walk(?:ed|ing|s)? (?:twice|three times|double|two times) (?:as far|the distance|as long)|"
    r"function(?:al)? (?:gain|improvement|improved)|"
    r"improved function|back to work|returned to work|sleeping better|slept better|more active|"
    r"reduced (?:his|her|their)? ?medication)\b",
    re.I,
)
_NO_GAIN = re.compile(
    r"\b(no functional (?:gain|improvement|change)|function (?:unchanged|no better|not improved))\b", re.I
)
_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


class ResponseReader:
    """Finds procedure results in a note, using the procedure names of the plan options."""

    def __init__(self, options: Mapping[str, OptionDef]) -> None:
        names: list[tuple[str, str]] = []
        for option in options.values():
            for name in option.names:
                names.append((name.lower(), option.id))
        names.sort(key=lambda item: -len(item[0]))
        self.by_name = dict(names)
        alternatives = "|".join(re.escape(name) for name, _ in names)
        # plurals too: "two prior ESIs each gave about 20% relief"
        self.pattern = re.compile(r"\b(" + alternatives + r")(?:s|es)?(?![\w-])", re.I) if names else None

    def read(self, text: str) -> tuple[ProcedureResponse, ...]:
        """Every clause that names a procedure and gives its relief (or says it gave none)."""
        if self.pattern is None or not text:
            return ()
        if not _PERCENT.search(text) and not _NO_RELIEF.search(text):
            # every response names its relief (a percentage, or none): a clause's window holds one only where the
            # note does, so a note without any has none to find (the procedure names are not searched for)
            return ()
        found: list[ProcedureResponse] = []
        for clause in _clauses(text):
            found.extend(self._from_clause(clause))
        return tuple(found)

    def _from_clause(self, clause: str) -> Iterable[ProcedureResponse]:
        assert self.pattern is not None
        mentions: list[re.Match[str]] = []
        for found in self.pattern.finditer(clause):
            # "caudal epidural steroid injections": one procedure even when two names abut
            if mentions and not clause[mentions[-1].end(): found.start()].strip():
                continue
            mentions.append(found)
        for index, mention in enumerate(mentions):
            end = mentions[index + 1].start() if index + 1 < len(mentions) else len(clause)
            window = clause[mention.start() : end]
            before = clause[max(0, mention.start() - 25) : mention.start()]
            reliefs = _reliefs(window)
            if not reliefs or _HYPOTHETICAL.search(clause[: mention.start()] + window.split("%")[0]):
                continue
            # "medial branch blocks x2 with 90% and 85% relief": one response per percentage, in order
            first = _sequence(before + window) if len(reliefs) == 1 else 1
            for offset, relief in enumerate(reliefs):
                yield ProcedureResponse(
                    option=self.by_name[mention.group(1).lower()],
                    relief_percent=relief,
                    sequence=first + offset if first is not None else None,
                    duration_hours=_duration(window) if len(reliefs) == 1 else None,
                    date=_date(clause),
                    functional_gain=_functional_gain(window),
                    text=" ".join(window.split()),
                )


def _clauses(text: str) -> list[str]:
    return [part.strip() for part in _CLAUSE.split(text) if part and part.strip()]


def _reliefs(window: str) -> list[float]:
    values = [float(m.group(1)) for m in _PERCENT.finditer(window)]
    if values:
        return [v for v in values if 0 <= v <= 100]
    if _NO_RELIEF.search(window):
        return [0.0]
    return []


def _sequence(words: str) -> int | None:
    match = _SEQUENCE.search(words)
    if match is None:
        return None
    if match.group(1) or match.group(3):
        return int(match.group(1) or match.group(3))
    return _ORDINALS[match.group(2).lower()]


def _duration(window: str) -> float | None:
    match = _DURATION.search(window)
    if match is None:
        return None
    unit = match.group(2).lower()
    per = next(hours for prefix, hours in _HOURS.items() if unit.startswith(prefix))
    return float(match.group(1)) * per


def functional_gain_in(text: str) -> bool | None:
    """Whether recorded words say function improved (True), did not (False), or do not say (None)."""
    return _functional_gain(text)


def _functional_gain(window: str) -> bool | None:
    if _NO_GAIN.search(window):
        return False
    if _GAIN.search(window):
        return True
    return None


def _date(clause: str) -> dt.date | None:
    match = _DATE.search(clause)
    if match is None:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None
