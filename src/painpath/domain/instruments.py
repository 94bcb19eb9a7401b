"""Outcome instruments as data, and exact scoring of one response (standard library only).

Every number (items, answer points, bands, MCID, missing-item allowance) comes from the knowledge file
``instruments.yaml``; this module only applies the published arithmetic.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from painpath.domain.model import RedFlag


class Better(StrEnum):
    """Which direction of the score means the patient is doing better."""

    LOWER = "lower"
    HIGHER = "higher"


class Method(StrEnum):
    """How the item points become the instrument's score."""

    SINGLE = "single"  # one item: the score is the answer (NRS, hours slept)
    SUM = "sum"  # PHQ-9, GAD-7, NDI raw, DN4, STarT Back, ORT
    MEAN = "mean"  # PEG
    PERCENT_OF_ANSWERED = "percent_of_answered"  # ODI: total / (max points of the answered items) x 100


class MissingRule(StrEnum):
    """What the instrument's source says to do when items are left blank."""

    REFUSE = "refuse"  # no score unless every item is answered
    PRORATE = "prorate"  # sum of answered items x items / answered (mean imputation)
    ANSWERED_ONLY = "answered_only"  # score over the answered items only (ODI)


class Refusal(StrEnum):
    TOO_MANY_MISSING = "too_many_missing"


class InvalidResponse(ValueError):
    """The response names an unknown item or gives an answer the item does not allow."""


@dataclass(frozen=True)
class AnswerOption:
    value: int  # what the patient picked (stored as given)
    label: str
    points: float  # what it contributes to the score (STarT Back item 9: 'very much' = 1)


@dataclass(frozen=True)
class ItemDef:
    id: str
    label: str
    options: tuple[AnswerOption, ...] = ()  # empty for a numeric item
    minimum: float = 0.0  # numeric items: allowed range and step
    maximum: float = 0.0
    step: float = 1.0
    points_by_sex: Mapping[str, float] = field(default_factory=dict)  # ORT: 'yes' scores by sex
    subscale: str | None = None
    text: str | None = None  # the published question as patients read it (free-to-reproduce instruments only)

    @property
    def question(self) -> str:
        """What a patient reads: the published wording where the instrument may be reproduced, else the label."""
        return self.text or self.label[:1].upper() + self.label[1:]

    @property
    def numeric(self) -> bool:
        return not self.options

    @property
    def max_points(self) -> float:
        if self.points_by_sex:
            return max(self.points_by_sex.values())
        if self.options:
            return max(option.points for option in self.options)
        return self.maximum

    def points(self, answer: float, sex: str | None) -> float:
        """The points one answer contributes; raises InvalidResponse for an answer the item does not allow."""
        if self.numeric:
            if not self.minimum <= answer <= self.maximum:
                raise InvalidResponse(f"{self.id}: {answer} is outside {self.minimum}-{self.maximum}")
            steps = (answer - self.minimum) / self.step
            if not math.isclose(steps, round(steps), abs_tol=1e-9):
                raise InvalidResponse(f"{self.id}: {answer} is not a multiple of {self.step}")
            return float(answer)
        chosen = next((o for o in self.options if o.value == answer), None)
        if chosen is None:
            raise InvalidResponse(f"{self.id}: {answer!r} is not one of {[o.value for o in self.options]}")
        if self.points_by_sex:
            if sex is None or sex not in self.points_by_sex:
                raise InvalidResponse(
                    f"{self.id}: scoring needs the patient's sex, one of {sorted(self.points_by_sex)}"
                )
            return chosen.points * self.points_by_sex[sex]
        return chosen.points


@dataclass(frozen=True)
class Band:
    """An interpretation band: applies from ``minimum`` (inclusive, or exclusive when ``exclusive``) up to
    the next band; a band may also need a subscale at or above ``subscale_min`` (STarT Back 'high')."""

    id: str
    label: str
    minimum: float
    exclusive: bool = False
    subscale: str | None = None
    subscale_min: float = 0.0
    source: str = ""

    def holds(self, score: float, subscales: Mapping[str, float]) -> bool:
        below = score <= self.minimum + 1e-9 if self.exclusive else score < self.minimum - 1e-9
        if below:
            return False
        if self.subscale is not None:
            return subscales.get(self.subscale, 0.0) >= self.subscale_min - 1e-9
        return True


@dataclass(frozen=True)
class Mcid:
    """Minimal clinically important difference: either an absolute or a relative change is enough."""

    absolute: float | None
    relative: float | None  # a fraction of the baseline, e.g. 0.30
    source: str
    text: str = ""  # as a clinician reads it, e.g. "2 points or 30%"

    def met(self, change: float, relative: float | None) -> bool:
        """True when an improvement (positive change) reaches the MCID by either route."""
        if self.absolute is not None and change >= self.absolute - 1e-9:
            return True
        return self.relative is not None and relative is not None and relative >= self.relative - 1e-9


@dataclass(frozen=True)
class RedFlagTrigger:
    """An item answer that raises a red flag of the shared vocabulary (PHQ-9 item 9 -> suicide_risk)."""

    item: str
    at_least: float
    flag: RedFlag  # id, label, rule, floor, action and source from red_flags.yaml
    when_unanswered: str  # what to do when the safety item was left blank


@dataclass(frozen=True)
class InstrumentDef:
    id: str
    label: str
    items: tuple[ItemDef, ...]
    method: Method
    missing_rule: MissingRule
    max_missing: int
    better: Better
    bands: tuple[Band, ...]
    source: str
    mcid: Mcid | None = None
    loinc: str | None = None
    per_site: bool = False  # NRS: one series per body site
    plateau_acceptable_bands: tuple[str, ...] = ()
    red_flag_triggers: tuple[RedFlagTrigger, ...] = ()
    group: str | None = None  # e.g. the two sleep-diary measures
    name: str | None = None  # the full name patients see in lists ("Patient Health Questionnaire (PHQ-9)")
    stem: str | None = None  # the published instruction above the items ("Over the last 2 weeks, ...")

    @property
    def display_name(self) -> str:
        return self.name or self.label

    def item(self, item_id: str) -> ItemDef:
        for item in self.items:
            if item.id == item_id:
                return item
        raise InvalidResponse(f"{self.id}: unknown item {item_id!r}")

    @property
    def score_range(self) -> tuple[float, float]:
        """The lowest and highest score the instrument can produce."""
        if self.method is Method.PERCENT_OF_ANSWERED:
            return 0.0, 100.0
        lows = [_min_points(item) for item in self.items]
        highs = [item.max_points for item in self.items]
        if self.method is Method.MEAN:
            return sum(lows) / len(lows), sum(highs) / len(highs)
        return sum(lows), sum(highs)

    def band_for(self, score: float, subscales: Mapping[str, float] | None = None) -> Band | None:
        """The most severe band whose conditions hold (least to most severe); None without bands."""
        found = self.bands[0] if self.bands else None
        for band in self.bands:
            if band.holds(score, subscales or {}):
                found = band
        return found


def _min_points(item: ItemDef) -> float:
    if item.points_by_sex:
        return 0.0
    if item.options:
        return min(option.points for option in item.options)
    return item.minimum


@dataclass(frozen=True)
class InstrumentScore:
    """One scored response: the score (None when the missing-item rule refuses), its band and any red flag."""

    instrument: str
    score: float | None
    band: Band | None
    answered: int
    missing: tuple[str, ...]
    prorated: bool
    subscales: Mapping[str, float]
    red_flags: tuple[RedFlag, ...] = ()
    notes: tuple[str, ...] = ()
    refusal: Refusal | None = None


def score_response(
    instrument: InstrumentDef, answers: Mapping[str, float | None], *, sex: str | None = None
) -> InstrumentScore:
    """Score one response exactly as the instrument's source says, including its missing-item rule."""
    unknown = set(answers) - {item.id for item in instrument.items}
    if unknown:
        raise InvalidResponse(f"{instrument.id}: unknown items {sorted(unknown)}")
    points: dict[str, float] = {}
    for item in instrument.items:
        answer = answers.get(item.id)
        if answer is not None:
            points[item.id] = item.points(answer, sex)
    missing = tuple(item.id for item in instrument.items if item.id not in points)
    flags, notes = _safety(instrument, answers)
    allowed = 0 if instrument.missing_rule is MissingRule.REFUSE else instrument.max_missing
    if len(missing) > allowed or not points:
        return InstrumentScore(
            instrument.id, None, None, len(points), missing, False, {}, flags, notes, Refusal.TOO_MANY_MISSING
        )
    total = sum(points.values())
    prorated = bool(missing) and instrument.missing_rule is MissingRule.PRORATE
    if instrument.method is Method.MEAN:
        score = total / len(points)
    elif instrument.method is Method.PERCENT_OF_ANSWERED:
        possible = sum(instrument.item(item_id).max_points for item_id in points)
        score = total / possible * 100.0
    elif prorated:
        score = total * len(instrument.items) / len(points)
    else:
        score = total
    subscales: dict[str, float] = {}
    for item in instrument.items:
        if item.subscale is not None:
            subscales[item.subscale] = subscales.get(item.subscale, 0.0) + points.get(item.id, 0.0)
    band = instrument.band_for(score, subscales)
    return InstrumentScore(
        instrument.id, score, band, len(points), missing, prorated, subscales, flags, notes
    )


def _safety(
    instrument: InstrumentDef, answers: Mapping[str, float | None]
) -> tuple[tuple[RedFlag, ...], tuple[str, ...]]:
    flags: list[RedFlag] = []
    notes: list[str] = []
    for trigger in instrument.red_flag_triggers:
        answer = answers.get(trigger.item)
        if answer is None:
            notes.append(trigger.when_unanswered)
        elif answer >= trigger.at_least:
            item = instrument.item(trigger.item)
            evidence = f"{instrument.label} {item.label}: {_option_label(item, answer)}"
            flags.append(
                RedFlag(
                    id=trigger.flag.id,
                    label=trigger.flag.label,
                    rule_id=trigger.flag.rule_id,
                    min_triage=trigger.flag.min_triage,
                    evidence=(evidence,),
                    action=trigger.flag.action,
                    source=trigger.flag.source,
                )
            )
    return tuple(flags), tuple(notes)


def _option_label(item: ItemDef, answer: float) -> str:
    chosen = next((o for o in item.options if o.value == answer), None)
    return chosen.label if chosen is not None else f"{answer:g}"


@dataclass(frozen=True)
class PlateauSettings:
    """When a series counts as stalled (clinical reference section 5: an engine convention, tagged [U])."""

    window_checkins: int  # the last N check-ins
    min_span_days: int  # must span at least this many days
    worsening_consecutive: int  # check-ins in a row worse than the best so far by at least the MCID
    alert_on_no_response: bool  # also alert when the MCID was never reached (not only after a response)
    source: str


@dataclass(frozen=True)
class OutcomeCatalog:
    """Every instrument, the plateau settings and the message templates, as loaded from the knowledge base."""

    instruments: Mapping[str, InstrumentDef]
    plateau: PlateauSettings
    messages: Mapping[str, str]
    fallback_next_step: str
    goal_messages: Mapping[str, str]
    kb_version: str = ""

    def __getitem__(self, instrument_id: str) -> InstrumentDef:
        return self.instruments[instrument_id]


__all__ = [
    "AnswerOption",
    "Band",
    "Better",
    "InstrumentDef",
    "InstrumentScore",
    "InvalidResponse",
    "ItemDef",
    "Mcid",
    "Method",
    "MissingRule",
    "OutcomeCatalog",
    "PlateauSettings",
    "RedFlagTrigger",
    "Refusal",
    "score_response",
]
