"""Medication mentions with dose, frequency, daily dose and whether they failed or were not tolerated."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from painpath.domain.model import MedicationMention

_DOSE = re.compile(
    r"^\W{0,3}(?:(?:er|sr|xr|cr|ir|la|xl|ds|patch|tablets?|caps(?:ules)?|po|oral|transdermal|im|iv|sc|sl|buccal|liquid|solution)\s+){0,3}"
    # per-hour units first: a patch rate "25 mcg/h" must not stop at "mcg"
    r"(\d+(?:\.\d+)?)\s*(mcg/h(?:r|our)?|micrograms?/h(?:r|our)?|µg/h|mcg|µg|micrograms?|milligrams?|mg|grams?|g)\b",
    re.I,
)
# opioid-acetaminophen combinations written as "5/325" (opioid mg / acetaminophen mg)
_COMBINATION = re.compile(r"^\W{0,3}(\d+(?:\.\d+)?)\s*/\s*(\d{3})(?:\s*mg)?\b", re.I)
_FREQUENCY = [
    (re.compile(r"\b(?:every|q)\s*(\d{1,2})\s*(?:-\s*\d{1,2}\s*)?(?:h|hrs?|hours?)\b", re.I), None),
    (re.compile(r"\b(?:qid|four times (?:a|per) day|4 times (?:a|per) day|4x/day|x4/day)\b", re.I), 4.0),
    (re.compile(r"\b(?:tid|tds|three times (?:a|per) day|3 times (?:a|per) day|3x/day)\b", re.I), 3.0),
    (re.compile(r"\b(?:bid|bd|twice (?:a )?(?:daily|day)|two times (?:a|per) day|2 times (?:a|per) day|every 12 hours)\b", re.I), 2.0),
    (re.compile(r"\b(?:daily|once (?:a )?day|od|qd|nightly|at night|qhs|at bedtime|each morning|every morning|per day|a day|/day)\b", re.I), 1.0),
    (re.compile(r"\b(?:weekly|once a week|every week)\b", re.I), 1 / 7),
    (re.compile(r"\bevery (\d) days\b", re.I), -1.0),
]
_NOT_TOLERATED = re.compile(
    r"\b(upset|intoleran\w*|not tolerated|couldn'?t tolerate|could not tolerate|side[- ]effects?|caused|causing|made (?:him|her|them|me) \w+|"
    r"allerg\w*|rash|nause\w*|vomit\w*|dizz\w*|drows\w*|sedat\w*|confus\w*|constipat\w*|bleed\w*|ulcer\w*|gastritis|hives|"
    r"weight gain|foggy|ankle swelling|heartburn|reflux|indigestion|dyspepsia|stomach (?:pain|problems|trouble|issues)|"
    r"can'?t take|cannot take|unable to take|gave (?:him|her|them|me) \w+)\b",
    re.I,
)
# the note says the drug must not be used (a clinician's instruction, not a trial that went wrong)
_CONTRAINDICATED = re.compile(
    r"\b(contraindicat\w*|avoid\w*|advised against|must not (?:take|use)|should not (?:take|use)|not to (?:take|use))\b",
    re.I,
)
_FAILED = re.compile(
    r"\b(didn'?t help|did not help|no (?:relief|benefit|help|effect|improvement)|failed|ineffective|not effective|without (?:relief|benefit)|"
    r"did nothing|no better|not helpful|unhelpful|minimal (?:relief|benefit))\b",
    re.I,
)
_PAST = re.compile(r"\b(tried|previously|stopped|discontinued|used to|prior|trial of|in the past|came off|weaned)\b", re.I)
_PLANNED = re.compile(r"\b(start|starting|consider|plan(?:ned)? to|will (?:try|start|begin)|recommend(?:ed)?)\b", re.I)


@dataclass(frozen=True)
class DrugName:
    drug: str
    drug_class: str
    name: str


class MedicationLexicon:
    """Drug and class names from the knowledge base, matched as whole words."""

    def __init__(self, entries: Sequence[Mapping[str, Any]]) -> None:
        self.names: list[DrugName] = []
        self.classes: dict[str, str] = {}
        for entry in entries:
            self.classes[entry["id"]] = entry["class"]
            for name in [entry["id"].replace("_", " "), *entry.get("names", [])]:
                self.names.append(DrugName(entry["id"], entry["class"], name.lower()))
        self.names.sort(key=lambda n: -len(n.name))
        alternatives = "|".join(re.escape(n.name) for n in self.names)
        self.pattern = re.compile(r"\b(" + alternatives + r")(?![\w-])", re.I) if self.names else None
        self.by_name = {n.name: n for n in self.names}

    def find(self, text: str, sentences: Iterable[tuple[int, int]]) -> list[MedicationMention]:
        """Every medication mention, read within its sentence for dose, frequency and outcome."""
        if self.pattern is None:
            return []
        bounds = list(sentences) or [(0, len(text))]
        mentions: list[MedicationMention] = []
        for match in self.pattern.finditer(text):
            name = self.by_name[match.group(1).lower()]
            start, end = next(((s, e) for s, e in bounds if s <= match.start() < e), (0, len(text)))
            mentions.append(_mention(name, text, match, start, end))
        return mentions


def _mention(name: DrugName, text: str, match: re.Match[str], sent_start: int, sent_end: int) -> MedicationMention:
    after = text[match.end(): sent_end]
    dose = unit = None
    acetaminophen = None
    words_end = match.end()
    dose_match = _DOSE.match(after)
    combination = _COMBINATION.match(after)
    if dose_match:
        dose = float(dose_match.group(1))
        unit = _unit(dose_match.group(2))
        words_end = match.end() + dose_match.end()
    elif combination:  # "Percocet 5/325": the first number is the opioid in mg
        dose = float(combination.group(1))
        unit = "mg"
        acetaminophen = float(combination.group(2))
        words_end = match.end() + combination.end()
    per_day = None
    window = text[words_end: min(sent_end, words_end + 40)]
    for pattern, fixed in _FREQUENCY:
        freq = pattern.search(window)
        if freq is None or freq.start() > 12:
            continue
        if fixed is None:
            hours = float(freq.group(1))
            per_day = 24.0 / hours if hours else None
        elif fixed < 0:
            per_day = 1.0 / float(freq.group(1))
        else:
            per_day = fixed
        words_end += freq.end()
        break
    if unit in {"mcg/h"}:
        per_day = None  # a patch delivers continuously: its dose is the rate
    daily = dose * per_day if dose is not None and per_day is not None else None
    clause, offset = _clause(text[sent_start:sent_end], match.start() - sent_start)
    status, effect = _status(clause, offset)
    return MedicationMention(
        name=name.drug,
        text=text[match.start():words_end].strip(),
        dose=dose,
        unit=unit,
        per_day=per_day,
        daily_dose=round(daily, 3) if daily is not None else None,
        status=status,
        effect=effect,
        route="transdermal" if unit == "mcg/h" or "patch" in text[match.start():words_end + 10].lower() else None,
        acetaminophen_mg=acetaminophen,
    )


def _unit(raw: str) -> str:
    raw = raw.lower()
    if "/h" in raw:
        return "mcg/h"
    if raw.startswith(("mcg", "µg", "microgram")):
        return "mcg"
    if raw in {"g", "gram", "grams"}:
        return "g"
    return "mg"


_BOUNDARY = re.compile(r"[,;:()]|\s-\s|\bbut\b|\bwhereas\b|\bwhile\b")
# a clause that goes on about the drug just named ("gabapentin 300 mg, which made her dizzy")
_CONTINUES = re.compile(r"^\s*(which|that|it|this|causing|caused|with no|without|but it|though it|and it)\b", re.I)


def _clause(sentence: str, offset: int) -> tuple[str, int]:
    """The clause of the sentence that holds the drug name (and a following clause that refers back to it).

    Outcome words elsewhere in the sentence belong to other things: in "a bleeding stomach ulcer, taking
    apixaban" the bleeding is not apixaban's side effect.
    """
    cuts = [0, *(m.start() for m in _BOUNDARY.finditer(sentence)), len(sentence)]
    start = max(c for c in cuts if c <= offset)
    later = [c for c in cuts if c > offset]
    end = later[0] if later else len(sentence)
    if len(later) > 1 and _CONTINUES.match(sentence[end + 1: later[1]]):
        end = later[1]
    return sentence[start:end], offset - start


def _status(sentence: str, offset: int) -> tuple[str, str]:
    contraindicated = _CONTRAINDICATED.search(sentence)
    if contraindicated:
        return "contraindicated", contraindicated.group(0)
    intolerance = _NOT_TOLERATED.search(sentence)
    if intolerance:
        return "not_tolerated", intolerance.group(0)
    failure = _FAILED.search(sentence)
    if failure:
        return "failed", failure.group(0)
    if _PLANNED.search(sentence[:offset]):
        return "planned", ""
    if _PAST.search(sentence):
        return "past", ""
    return "current", ""
