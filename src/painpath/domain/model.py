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
        return _TRIAGE_RANK[self]  # a lookup: the engine and question ranking compare levels hundreds of times a note

    @staticmethod
    def most_urgent(levels: list[TriageLevel]) -> TriageLevel:
        return max(levels, key=lambda level: level.rank, default=TriageLevel.ROUTINE)


_TRIAGE_ORDER = [TriageLevel.ROUTINE, TriageLevel.SOON, TriageLevel.URGENT, TriageLevel.EMERGENCY]
_TRIAGE_RANK = {level: rank for rank, level in enumerate(_TRIAGE_ORDER)}


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
    label: str = ""         # a short name for pages ("EULAR fibromyalgia guideline, 2017"); else derived

    @property
    def short(self) -> str:
        """How a page names the source in a few words: the label, else the citation's first authors or title up to
        its first full stop or bracket, with the year (e.g. "Macfarlane GJ et al., 2017")."""
        if self.label:
            return self.label
        text = self.citation
        if " et al" in text[:60]:
            text = text[: text.index(" et al")] + " et al."
        else:
            for stop in (" (", ": ", ". ", "; "):
                if stop in text:
                    text = text[: text.index(stop)]
        text = text.strip() if text.endswith("et al.") else text.strip().rstrip(".,")
        if len(text) > 90:
            text = text[:87].rsplit(" ", 1)[0] + "..."
        return f"{text}, {self.year}" if self.year and str(self.year) not in text else text


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
    recent_only: bool = False          # a history finding that must be recent: a mention told as past history is not it
    implies: tuple[str, ...] = ()      # findings that are present whenever this one is
    # present when this rule over other findings and values holds (osteoporosis from a DXA T-score, menopause
    # from age and sex, long-term steroid exposure); see painpath.domain.derivation
    derive_when: Expr | None = None
    # regions a sign puts the complaint in without naming a pain there (a positive straight leg raise, numbness over
    # the dorsum of a foot): they count for a condition's region match only, never as a place that hurts
    involves: tuple[str, ...] = ()
    # a helper finding for rule plumbing (a pain site named at all): read and reasoned with, never listed to the user
    internal: bool = False


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
    # the defining feature: a condition whose defining feature the note never states (persistent spinal pain
    # without prior spine surgery, postherpetic neuralgia without shingles) is discounted and ranked after
    # every condition whose requirement holds
    requires: Expr | None = None
    requires_source: str = ""
    # findings that rule it out in the painful part (a replaced knee is not knee osteoarthritis)
    excluded_by: tuple[str, ...] = ()
    excluded_by_source: str = ""
    prior_by: tuple[PriorModifier, ...] = ()  # the prior by age and sex


@dataclass(frozen=True)
class PriorModifier:
    """The prior odds of a condition multiplied by ``ratio`` when ``when`` holds (age bands, sex)."""

    when: Expr
    ratio: float
    label: str
    source: str


@dataclass(frozen=True)
class LinkedGroup:
    """Findings that say much the same thing: within one condition, only the strongest supporting and the
    strongest opposing ratio of the group count (they are not independent evidence)."""

    id: str
    findings: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class CountGroup:
    """One category of a criteria count; ``sided`` counts left and right (and both) separately."""

    id: str
    findings: tuple[str, ...]
    sided: bool = False


@dataclass(frozen=True)
class CriteriaCount:
    """A published criteria count (Budapest categories, ACR 2016 regions): the number of groups with a present
    finding becomes the measured value ``value``, which derived findings compare with the criterion."""

    id: str
    label: str
    value: str
    groups: tuple[CountGroup, ...]
    source: str


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
    # a diagnosis the note states ("diagnosis: facet syndrome"): when the note's only other support for the
    # condition is imaging, the statement rests on the imaging and counts within the imaging cap
    stated: bool = False


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
    unmet_requirement_lr: float = 0.1  # the defining feature is never stated (expert estimate)
    excluded_lr: float = 0.05          # a finding rules the condition out (expert estimate)
    max_questions: int = 5             # questions worth asking, at most
    question_triage_weight: float = 2.0  # bits per expected triage level a yes would add (domain.questions)
    min_question_value: float = 0.02   # below this a question is not worth the patient's time
    screening_weight: float = 0.25     # share of the triage weight for a screen that needs nothing else in the note
    # a symptom or examination sign with at least this likelihood ratio for a condition is clinical support for it
    # (a stated diagnosis without any rests on imaging; an imaging finding without any is discordant)
    clinical_support_min_lr: float = 1.5


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
    linked: tuple[LinkedGroup, ...] = ()
    criteria: tuple[CriteriaCount, ...] = ()
    questions: tuple[QuestionDef, ...] = ()
    _by_condition: dict[str, tuple[LikelihoodRatio, ...]] = field(init=False, repr=False, compare=False)
    _group_of: dict[str, str] = field(init=False, repr=False, compare=False)
    _by_finding: dict[str, tuple[LikelihoodRatio, ...]] = field(init=False, repr=False, compare=False)
    _rules_naming: dict[str, tuple[RuleRef, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        from painpath.domain.rules import referenced_findings  # rules imports this module

        index: dict[str, list[LikelihoodRatio]] = {}
        by_finding: dict[str, list[LikelihoodRatio]] = {}
        for lr in self.likelihoods:
            index.setdefault(lr.condition, []).append(lr)
            by_finding.setdefault(lr.finding, []).append(lr)
        object.__setattr__(self, "_by_condition", {c: tuple(v) for c, v in index.items()})
        object.__setattr__(self, "_by_finding", {f: tuple(v) for f, v in by_finding.items()})
        object.__setattr__(self, "_group_of", {f: g.id for g in self.linked for f in g.findings})
        def make(rule_id: str, flag: str, level: TriageLevel, when: Expr) -> RuleRef:
            parts = when.items if isinstance(when, AllOf) else (when,)
            return RuleRef(rule_id, flag, level, when, frozenset(referenced_findings(when)),
                           tuple((part, frozenset(referenced_findings(part))) for part in parts))

        refs = [make(r.rule_id, r.id, r.escalate_to or r.min_triage, r.when) for r in self.red_flags]
        refs += [make(t.id, "", t.level, t.when) for t in self.triage_rules]
        naming: dict[str, list[RuleRef]] = {}
        for ref in refs:
            for finding in ref.names:
                naming.setdefault(finding, []).append(ref)
        object.__setattr__(self, "_rules_naming", {f: tuple(v) for f, v in naming.items()})

    def likelihoods_for(self, condition: str) -> tuple[LikelihoodRatio, ...]:
        return self._by_condition.get(condition, ())

    def group_of(self, finding: str) -> str | None:
        """The linked group a finding belongs to, if any."""
        return self._group_of.get(finding)

    def likelihoods_by_finding(self, finding: str) -> tuple[LikelihoodRatio, ...]:
        return self._by_finding.get(finding, ())

    def rules_naming(self, finding: str) -> tuple[RuleRef, ...]:
        """The red-flag and triage rules whose condition names the finding (with the level each would set)."""
        return self._rules_naming.get(finding, ())


@dataclass(frozen=True)
class RuleRef:
    """A red-flag or triage rule as the question ranking sees it: the level it sets and the findings it names."""

    id: str
    flag: str              # the red flag it raises; empty for a triage rule
    level: TriageLevel
    when: Expr
    names: frozenset[str]
    parts: tuple[tuple[Expr, frozenset[str]], ...]  # the parts that must all hold, with the findings each names


@dataclass(frozen=True)
class QuestionDef:
    """A question worth asking when its finding is unstated: wording for the clinician and for the patient."""

    id: str
    finding: str            # the finding its answer states present (yes) or absent (no)
    clinician: str
    patient: str
    source: str
    base_rate: float = 0.2  # chance of a yes before anything is known (expert estimate unless cited)
    screen: bool = False    # asked of everyone (suicide screening), not only when the note gives a reason


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
    # 'linked': counted within a linked group (its ratio did not multiply); 'prior', 'requirement', 'excluded',
    # 'region': not a finding of the note but a rule of the engine
    note: str = ""


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
    questions: tuple[Question, ...] = ()  # what to ask next (painpath.domain.questions)


@dataclass(frozen=True)
class Question:
    """An unasked question ranked by how much its answer could change the differential and the triage."""

    id: str
    finding: str
    clinician: str
    patient: str
    gain: float                  # expected information gain over the differential, in bits
    triage_if_yes: TriageLevel   # the triage level a yes would give
    why: str
