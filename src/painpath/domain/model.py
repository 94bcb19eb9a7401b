"""The clinical knowledge model and the observations the engine reasons over (standard library only)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class TriageLevel(StrEnum):
    """Urgency tiers, least urgent first (vocabulary.yaml lists them most urgent first)."""

    ROUTINE = "routine"
    SOON = "soon"
    URGENT = "urgent"
    EMERGENCY = "emergency"

    @property
    def rank(self) -> int:
        return _TRIAGE_ORDER.index(self)

    @staticmethod
    def most_urgent(levels: list[TriageLevel]) -> TriageLevel:
        return max(levels, key=lambda level: level.rank, default=TriageLevel.ROUTINE)


_TRIAGE_ORDER = [TriageLevel.ROUTINE, TriageLevel.SOON, TriageLevel.URGENT, TriageLevel.EMERGENCY]


class Status(StrEnum):
    PRESENT = "present"
    ABSENT = "absent"


class FindingKind(StrEnum):
    SYMPTOM = "symptom"
    LOCATION = "location"
    SIGN = "sign"          # examination finding
    HISTORY = "history"    # past history, risk factor, comorbidity: meaningful when historical
    IMAGING = "imaging"    # never decides alone: capped by settings.imaging_max_log_lr
    LAB = "lab"
    CONTEXT = "context"    # demographics, work, sleep, mood: mostly for planning and triage
    DERIVED = "derived"    # computed from a measured value (age, temperature, eGFR ...)


# ---------------------------------------------------------------------------------------------------------
# Knowledge


@dataclass(frozen=True)
class Source:
    """A citation every number and rule points to; ``kind == 'expert'`` marks an expert estimate."""

    id: str
    citation: str
    year: int | None
    kind: str               # guideline | paper | label | consensus | expert
    verification: str = ""  # V / P / U as tagged in the clinical reference, or a note


@dataclass(frozen=True)
class Threshold:
    """A measured value compared with a cited threshold (e.g. age > 70, temperature >= 38.0)."""

    value: str
    op: str
    threshold: float

    def holds(self, values: dict[str, float]) -> bool:
        measured = values.get(self.value)
        if measured is None:
            return False
        return _COMPARE[self.op](measured, self.threshold)


_COMPARE: dict[str, Callable[[float, float], bool]] = {
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    "==": lambda a, b: a == b,
}
COMPARISON_OPERATORS = frozenset(_COMPARE)


@dataclass(frozen=True)
class FindingDef:
    id: str
    label: str
    kind: FindingKind
    region: str | None = None          # body region a location finding names
    pain_content: bool = False         # its presence means the note describes pain
    derive: Threshold | None = None    # present when the measured value crosses the threshold
    derive_source: str | None = None
    derive_states_absent: bool = True  # False: the other side of the threshold says nothing (present-only)
    counts_when_historical: bool = False
    implies: tuple[str, ...] = ()      # findings that are present whenever this one is


@dataclass(frozen=True)
class ConditionDef:
    id: str
    label: str
    icd10: tuple[str, ...]
    snomed: tuple[str, ...]
    prior: float
    prior_source: str
    regions: tuple[str, ...]           # body regions where it hurts; "any" matches everything
    next_steps: tuple[str, ...]
    next_steps_source: str


@dataclass(frozen=True)
class LikelihoodRatio:
    condition: str
    finding: str
    lr_present: float | None    # applied when the finding is present
    lr_absent: float | None     # applied when the finding is stated absent
    source: str
    note: str = ""
    # an imaging finding that is the condition's diagnostic criterion (Modic change for vertebrogenic pain):
    # exempt from the imaging cap, since the diagnosis is defined by it (the symptoms must still fit)
    defining: bool = False


# Rule expressions: a small, data-driven boolean language over findings and measured values.


@dataclass(frozen=True)
class HasFinding:
    finding: str
    status: Status = Status.PRESENT


@dataclass(frozen=True)
class AllOf:
    items: tuple[Expr, ...]


@dataclass(frozen=True)
class AnyOf:
    items: tuple[Expr, ...]


@dataclass(frozen=True)
class AtLeast:
    count: int
    items: tuple[Expr, ...]


@dataclass(frozen=True)
class Not:
    item: Expr


Expr = HasFinding | AllOf | AnyOf | AtLeast | Not | Threshold


@dataclass(frozen=True)
class RedFlagRule:
    id: str                  # the red flag id of vocabulary.yaml
    rule_id: str             # this rule's own id (a flag may have several rules)
    label: str
    min_triage: TriageLevel
    when: Expr
    action: str
    source: str
    escalate_to: TriageLevel | None = None  # a rule may demand more than the flag's floor


@dataclass(frozen=True)
class TriageRule:
    id: str
    level: TriageLevel
    when: Expr
    reason: str
    source: str


@dataclass(frozen=True)
class EngineSettings:
    region_mismatch_lr: float
    imaging_max_log_lr: float
    min_probability_reported: float
    differential_size: int
    source: str


@dataclass(frozen=True)
class KnowledgeBase:
    version: str
    sources: dict[str, Source]
    findings: dict[str, FindingDef]
    conditions: dict[str, ConditionDef]
    likelihoods: tuple[LikelihoodRatio, ...]
    red_flags: tuple[RedFlagRule, ...]
    triage_rules: tuple[TriageRule, ...]
    settings: EngineSettings
    extra: dict[str, Any] = field(default_factory=dict)  # sections owned by other parts (plans, drugs)
    _by_condition: dict[str, tuple[LikelihoodRatio, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index: dict[str, list[LikelihoodRatio]] = {}
        for lr in self.likelihoods:
            index.setdefault(lr.condition, []).append(lr)
        object.__setattr__(self, "_by_condition", {c: tuple(v) for c, v in index.items()})

    def likelihoods_for(self, condition: str) -> tuple[LikelihoodRatio, ...]:
        return self._by_condition.get(condition, ())


# ---------------------------------------------------------------------------------------------------------
# Observations (what the narrative layer or a structured intake produces)


@dataclass(frozen=True)
class Observation:
    """One finding understood from the note, with the words it came from."""

    finding: str
    status: Status
    text: str
    start: int = -1
    end: int = -1
    historical: bool = False
    laterality: str | None = None
    # how the finding is moving, as the note says: new | worsening | stable | treated | resolved (None: not said).
    # A stable or treated deficit is not evidence of a new problem for red flags and triage.
    course: str | None = None
    # what the clause it came from is about: complaint | history | medication | family | social | exam | test | plan
    role: str | None = None


@dataclass(frozen=True)
class UnreadSentence:
    """A sentence the reader found no finding in although it carries words close to a red flag."""

    text: str
    words: tuple[str, ...]   # the red-flag-adjacent words it carries
    start: int = -1
    end: int = -1


@dataclass(frozen=True)
class MedicationMention:
    name: str                     # generic name as in the knowledge base
    text: str
    dose: float | None = None     # per administration
    unit: str | None = None       # mg, mcg, mcg/h
    per_day: float | None = None  # administrations per day
    daily_dose: float | None = None
    # current | past | absent (the note says it is not taken) | failed | not_tolerated | contraindicated | planned
    status: str = "current"
    effect: str = ""              # side effect or reason it stopped, when stated
    route: str | None = None
    acetaminophen_mg: float | None = None  # per administration, in a combination product ("Percocet 5/325")


@dataclass(frozen=True)
class PatientStory:
    """Everything understood from one note or intake, before reasoning."""

    observations: tuple[Observation, ...]
    values: dict[str, float]                      # age, temperature_c, egfr, esr, duration_days ...
    sex: str | None = None
    medications: tuple[MedicationMention, ...] = ()
    levels: tuple[str, ...] = ()                  # spinal levels named, e.g. L5-S1
    laterality: str | None = None                 # left | right | bilateral
    text: str = ""
    value_text: dict[str, str] = field(default_factory=dict)  # the words each value came from
    unread: tuple[UnreadSentence, ...] = ()      # sentences not understood that may hide a red flag

    def status_of(self, finding: str) -> Status | None:
        """Present wins over absent when a note says both (safer for red flags)."""
        statuses = {o.status for o in self.observations if o.finding == finding}
        if Status.PRESENT in statuses:
            return Status.PRESENT
        if Status.ABSENT in statuses:
            return Status.ABSENT
        return None

    def evidence_for(self, finding: str, status: Status = Status.PRESENT) -> list[str]:
        return [o.text for o in self.observations if o.finding == finding and o.status == status]


# ---------------------------------------------------------------------------------------------------------
# Results


@dataclass(frozen=True)
class Contribution:
    """How one finding moved one condition: the likelihood ratio applied and where it came from."""

    finding: str
    label: str
    status: Status
    lr: float
    source: str
    evidence: str


@dataclass(frozen=True)
class DifferentialEntry:
    condition: str
    label: str
    prior: float
    posterior: float         # independent Bayesian update for this condition
    probability: float       # posterior scaled so the differential sums to at most 1
    contributions: tuple[Contribution, ...]
    next_steps: tuple[str, ...]

    @property
    def supporting(self) -> tuple[Contribution, ...]:
        return tuple(c for c in self.contributions if c.lr > 1)

    @property
    def opposing(self) -> tuple[Contribution, ...]:
        return tuple(c for c in self.contributions if c.lr < 1)


@dataclass(frozen=True)
class RedFlag:
    id: str
    label: str
    rule_id: str
    min_triage: TriageLevel
    evidence: tuple[str, ...]
    action: str
    source: str


@dataclass(frozen=True)
class Triage:
    level: TriageLevel
    reasons: tuple[str, ...]
    rules: tuple[str, ...]


@dataclass(frozen=True)
class Assessment:
    kb_version: str
    triage: Triage
    red_flags: tuple[RedFlag, ...]
    differential: tuple[DifferentialEntry, ...]
    story: PatientStory
    describes_pain: bool
    plan: Any = None   # a painpath.domain.plan.Plan, filled by painpath.domain.planning.build_plan
