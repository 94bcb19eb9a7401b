"""Planning knowledge (pathways, safety rules, procedure gates, opioid factors) and the plan produced.

Standard library only. The loader (adapters/plan_knowledge.py) builds these from the knowledge YAML;
the planning engine (domain/planning.py) reads them; nothing here knows a drug, dose or threshold.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from painpath.domain.model import Expr


class OptionKind(StrEnum):
    MEDICATION = "medication"
    PROCEDURE = "procedure"
    THERAPY = "therapy"
    REFERRAL = "referral"


class RuleEffect(StrEnum):
    EXCLUDE = "exclude"
    CAUTION = "caution"
    DEFER = "defer"  # out of the first stage: offered only after the safer options (with the message as a caution)


# ---------------------------------------------------------------------------------------------------------
# Knowledge


@dataclass(frozen=True)
class Benefit:
    """What a physician weighs (practice description): how likely, how much, how long, repeatable, Plan B."""

    likelihood: str
    magnitude: str
    duration: str
    repeatable: str
    plan_b: str
    source: str

    def summary(self) -> str:
        parts = (
            ("likely", self.likelihood),
            ("how much", self.magnitude),
            ("how long", self.duration),
            ("repeat", self.repeatable),
            ("plan B", self.plan_b),
        )
        return "; ".join(f"{label}: {text}" for label, text in parts if text)


@dataclass(frozen=True)
class OptionDef:
    """One plan option of the shared vocabulary with its default wording."""

    id: str
    kind: OptionKind
    label: str
    detail: str
    rationale: str
    cautions: tuple[str, ...]
    benefit: Benefit | None
    source: str
    bleeding_risk: str | None = None  # ASRA pain-procedure class: low | intermediate | high
    steroid: bool = False  # may deliver a corticosteroid (glucose caution)
    names: tuple[str, ...] = ()  # words notes use for the procedure (response extraction)
    # an option the practice offers that the shared contract's vocabulary has no id for (a minimally invasive
    # lumbar decompression, a compounded cream): its own id, listed under project_options in
    # adapters/plan_options.yaml so decisions and procedure records accept it
    extension: bool = False


@dataclass(frozen=True)
class ApproachRule:
    """First matching rule picks the procedure approach; the template may use {level}, {root}, {side}."""

    when: Expr | None
    detail: str
    source: str


@dataclass(frozen=True)
class Eligibility:
    """A procedure pathway's eligibility rule: the condition offers the option only when the note says ``when``
    (radicular leg pain or a matching examination before an epidural for radiculopathy); otherwise the option is
    listed as excluded with ``text`` and its source, unless another leading condition offers it."""

    when: Expr
    text: str
    source: str


@dataclass(frozen=True)
class PathwayOption:
    option: str
    source: str
    detail: str | None = None
    rationale: str | None = None
    cautions: tuple[str, ...] = ()
    benefit: Benefit | None = None
    when: Expr | None = None  # offered only when this holds
    gate: str | None = None  # a procedure gate that must pass first
    replaces: str | None = None  # moves into that option's stage when it is excluded
    bleeding_risk: str | None = None  # overrides the option's class (cervical facet work is intermediate)
    approach: tuple[ApproachRule, ...] = ()
    eligibility: Eligibility | None = None  # what the note must say for this condition to offer it (round 33)


@dataclass(frozen=True)
class PathwayStage:
    stage: int
    goal: str
    when: str
    options: tuple[PathwayOption, ...]


@dataclass(frozen=True)
class NotIndicated:
    option: str
    reason: str
    source: str


@dataclass(frozen=True)
class Pathway:
    condition: str
    stages: tuple[PathwayStage, ...]
    source: str
    not_indicated: tuple[NotIndicated, ...] = ()
    return_to_work: str = ""


@dataclass(frozen=True)
class SafetyRule:
    """Exclude an option, or add a caution to it, when the patient's context matches."""

    id: str
    option: str
    effect: RuleEffect
    when: Expr
    message: str
    source: str


@dataclass(frozen=True)
class AdditionRule:
    """Patient context that adds options to the staged plan (plan_additions.yaml): mood or anxiety scores add
    behavioural health, poor sleep adds sleep care, being off work adds a return-to-work plan (``return_to_work``,
    a line of the plan's return-to-work section). The options go into
    the plan's first stage with the rule's rationale; an option already planned keeps its place and gains the
    rationale."""

    id: str
    when: Expr
    adds: tuple[PathwayOption, ...]
    rationale: str
    source: str
    return_to_work: str = ""  # a line for the plan's return-to-work section (graded duties, a fitness note)
    stage: str = "first"  # "first": the plan's first stage; "last": its last pathway stage (after the rest)


@dataclass(frozen=True)
class FlareRule:
    """A therapist's flare report after an exercise adjusts the dose, it never stops therapy (plan_maintenance.yaml
    therapy_flares): the plan's therapy options gain ``caution`` for each flare of the last ``recent_days``; with
    none of them in the plan, ``alert`` says it instead."""

    options: tuple[str, ...]
    recent_days: int
    caution: str  # {report} {exercise}
    alert: str  # {report} {exercise}
    source: str


@dataclass(frozen=True)
class MaintenanceItem:
    id: str
    label: str
    text: str
    source: str


@dataclass(frozen=True)
class MaintenancePlan:
    """What a patient does once their goals are met: self-management, a topical, stretching, when to call."""

    when: str
    items: tuple[MaintenanceItem, ...]


@dataclass(frozen=True)
class ThresholdPosition:
    body: str
    relief_percent: float
    blocks: int
    source: str


@dataclass(frozen=True)
class Gate:
    """Diagnostic or trial procedures that must succeed before the gated procedure is offered."""

    id: str
    diagnostic: str  # option id whose responses count (a block, or the trial itself)
    count: int  # concordant positive responses needed
    relief_percent: float  # configured threshold
    functional_gain: bool  # a trial must also show functional gain
    requires: str  # what must be true, for the plan's wording
    prerequisites: Expr | None  # e.g. psychological evaluation documented
    prerequisite_text: str
    source: str
    positions: tuple[ThresholdPosition, ...] = ()
    passed_detail: str = ""  # wording once a trial succeeded (a permanent implant instead of a trial)
    passed_first: bool = False  # a passed trial of the device itself makes the implant (and its stage) the next step


@dataclass(frozen=True)
class RepeatRule:
    option: str
    relief_percent: float
    min_weeks: float
    min_interval_days: int
    source: str


@dataclass(frozen=True)
class OpioidFactor:
    drug: str
    basis: str  # mg_per_day | mcg_per_hour | not_counted
    factor: float | None
    caution: str
    source: str


@dataclass(frozen=True)
class Hold:
    """ASRA pain-procedure hold for one drug: text per risk class, and when to restart."""

    drug: str
    holds: dict[str, str]
    restart: str
    source: str


@dataclass(frozen=True)
class Stewardship:
    factors: dict[str, OpioidFactor]
    review_mme: float
    high_mme: float
    thresholds_source: str
    naloxone_when: Expr
    naloxone_source: str
    taper_when: Expr
    taper_source: str
    short_term_when: Expr  # opioid use is short-term (after surgery or injury): the faster taper
    taper_long_text: str  # rate wording, templates with {percent} and {days}
    taper_short_text: str
    taper_long_fraction: float  # of the original dose per step
    taper_long_step_days: int
    taper_short_steps: tuple[str, ...]  # templates with {today} and {stop_date}
    short_course_days: int
    short_course_source: str
    exempt_conditions: tuple[str, ...]
    first_line_conditions: tuple[str, ...]
    alerts: tuple[SafetyRule, ...] = ()  # interactions and risks to flag while an opioid is taken


@dataclass(frozen=True)
class PlanSettings:
    max_conditions: int
    relative_probability: float
    uncertain_below: float         # below this probability the leading diagnosis is flagged as uncertain
    source: str
    red_flag_options: dict[str, tuple[str, ...]]
    messages: dict[str, str]
    history_source: str  # why a failed or not-tolerated medication is not offered again
    rotate_within_class: tuple[str, ...]  # classes where another member is tried instead (opioid rotation)
    return_to_work_when: Expr
    # imaging findings common in people without pain: discordant when nothing clinical supports them
    imaging_discordance: tuple[str, ...] = ()
    imaging_discordance_source: str = ""


@dataclass(frozen=True)
class PlanningKnowledge:
    options: dict[str, OptionDef]
    pathways: dict[str, Pathway]
    safety: tuple[SafetyRule, ...]
    gates: dict[str, Gate]
    repeats: dict[str, RepeatRule]
    holds: dict[str, Hold]
    stewardship: Stewardship
    settings: PlanSettings
    steroid_cautions: tuple[SafetyRule, ...]
    procedure_cautions: tuple[SafetyRule, ...]  # patient context that matters for every procedure
    nerve_roots: dict[str, str]  # disc level -> traversing root
    drug_classes: dict[str, str]  # medication id -> plan option id (its class)
    side_effects: tuple[SideEffectKind, ...] = ()   # side effects in the patient's words (plan_intolerance.yaml)
    intolerances: tuple[IntoleranceRule, ...] = ()  # what a side effect means beyond the drug's own class
    additions: tuple[AdditionRule, ...] = ()  # mood, sleep and work shape the plan (plan_additions.yaml)
    flares: FlareRule | None = None  # a therapist's flare report adjusts the dose (plan_maintenance.yaml)
    maintenance: MaintenancePlan | None = None  # the flare and maintenance plan once goals are met
    # when the blood thinners may not be held: a procedure whose ASRA class needs one stopped is not offered
    not_stopped: SafetyRule | None = None


@dataclass(frozen=True)
class SideEffectKind:
    """A kind of side effect and the words people use for it ("upsets my stomach", "made me feel drunk")."""

    id: str
    label: str
    words: tuple[str, ...]
    source: str


ANY_CLASS = "any"


@dataclass(frozen=True)
class IntoleranceRule:
    """A side effect of a drug of ``classes`` (or of any drug) excludes or cautions these options."""

    id: str
    effect: str
    classes: tuple[str, ...]
    exclude: tuple[str, ...]
    caution: tuple[str, ...]
    message: str
    source: str
