"""The engine: a pure function from knowledge and a patient story to red flags, triage and a differential."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from painpath.domain.derivation import with_derived_findings
from painpath.domain.facts import ACETAMINOPHEN, ACETAMINOPHEN_TOTAL, acetaminophen_mg_per_day, facts_from
from painpath.domain.model import (
    Assessment,
    ConditionDef,
    Contribution,
    DifferentialEntry,
    FindingDef,
    FindingKind,
    KnowledgeBase,
    LikelihoodRatio,
    PatientStory,
    RedFlag,
    Status,
    Triage,
    TriageLevel,
)
from painpath.domain.questions import rank_questions
from painpath.domain.rules import Facts, evidence, holds, referenced_findings

__all__ = [
    "ACETAMINOPHEN", "ACETAMINOPHEN_TOTAL", "acetaminophen_mg_per_day", "decide_triage", "detect_red_flags",
    "evaluate", "facts_from", "rank_differential", "with_derived_findings",
]

REGION_ANY = "any"


def evaluate(kb: KnowledgeBase, story: PatientStory) -> Assessment:
    """Assess one patient story against the knowledge base."""
    story = with_derived_findings(kb, story)
    facts = facts_from(kb, story)
    describes_pain = any(
        kb.findings[f].pain_content for f, s in facts.statuses.items() if s is Status.PRESENT
    )
    # red flags and triage are about what is new or changing: a deficit the note states stable, or a condition
    # named as the reason for a drug, supports the diagnosis but does not raise a flag
    urgent_facts = facts_from(kb, story, only_new=True)
    red_flags = detect_red_flags(kb, urgent_facts)
    triage = decide_triage(kb, urgent_facts, red_flags, describes_pain=describes_pain)
    posteriors = condition_posteriors(kb, facts) if describes_pain else []
    differential = _differential(kb, posteriors)
    raised = frozenset(flag.id for flag in red_flags)
    questions = rank_questions(kb, facts, differential, triage.level, raised) if describes_pain else ()
    return Assessment(
        kb_version=kb.version,
        triage=triage,
        red_flags=red_flags,
        differential=differential,
        story=story,
        describes_pain=describes_pain,
        questions=questions,
    )


def detect_red_flags(kb: KnowledgeBase, facts: Facts) -> tuple[RedFlag, ...]:
    """Every red-flag rule that fires; several rules for one flag merge into one flag."""
    fired: dict[str, RedFlag] = {}
    for rule in kb.red_flags:
        if not holds(rule.when, facts):
            continue
        level = rule.escalate_to or rule.min_triage
        words = tuple(evidence(rule.when, facts))
        previous = fired.get(rule.id)
        if previous is None:
            fired[rule.id] = RedFlag(rule.id, rule.label, rule.rule_id, level, words, rule.action, rule.source)
        else:
            merged = previous.evidence + tuple(w for w in words if w not in previous.evidence)
            stronger = rule if level.rank > previous.min_triage.rank else None
            fired[rule.id] = RedFlag(
                rule.id,
                rule.label,
                stronger.rule_id if stronger else previous.rule_id,
                max(level, previous.min_triage, key=lambda lv: lv.rank),
                merged,
                stronger.action if stronger else previous.action,
                stronger.source if stronger else previous.source,
            )
    return tuple(sorted(fired.values(), key=lambda f: -f.min_triage.rank))


def decide_triage(
    kb: KnowledgeBase, facts: Facts, red_flags: tuple[RedFlag, ...], *, describes_pain: bool
) -> Triage:
    """Red flags set the floor; triage rules may raise it; otherwise routine."""
    levels = [TriageLevel.ROUTINE]
    reasons: list[str] = []
    rules: list[str] = []
    for flag in red_flags:
        levels.append(flag.min_triage)
        reasons.append(f"red flag {flag.label}: {flag.min_triage.value}")
        rules.append(flag.rule_id)
    for rule in kb.triage_rules:
        if holds(rule.when, facts):
            levels.append(rule.level)
            reasons.append(f"{rule.reason} ({rule.level.value})")
            rules.append(rule.id)
    level = TriageLevel.most_urgent(levels)
    if not reasons:
        reasons.append(
            "no red flags or urgent features: routine scheduling"
            if describes_pain
            else "no pain complaint was found in the note: routine scheduling, nothing to triage"
        )
    return Triage(level, tuple(reasons), tuple(rules))


def rank_differential(kb: KnowledgeBase, facts: Facts) -> tuple[DifferentialEntry, ...]:
    """Bayesian update of each condition's prior by the likelihood ratios of what was found.

    A condition whose defining feature is unstated, or that a finding rules out, is discounted and ranked after
    every condition without that problem: it never leads on ratios alone.
    """
    return _differential(kb, condition_posteriors(kb, facts))


def condition_posteriors(kb: KnowledgeBase, facts: Facts) -> list[tuple[DifferentialEntry, bool]]:
    """Every condition's posterior with its explanation, and whether it is held back."""
    regions: set[str | None] = {
        kb.findings[f].region
        for f, s in facts.statuses.items()
        if s is Status.PRESENT and kb.findings[f].region is not None
    }
    # a sign that puts the complaint in a region without a pain named there (a positive straight leg raise)
    regions |= {
        region
        for f, s in facts.statuses.items()
        if s is Status.PRESENT
        for region in kb.findings[f].involves
    }
    return [_update(kb, condition, facts, regions) for condition in kb.conditions.values()]


def _differential(
    kb: KnowledgeBase, posteriors: list[tuple[DifferentialEntry, bool]]
) -> tuple[DifferentialEntry, ...]:
    updated = list(posteriors)
    total = sum(e.posterior for e, _ in updated)
    scale = 1.0 / total if total > 1.0 else 1.0
    updated.sort(key=lambda item: (item[1], -item[0].posterior))
    chosen = [e for e, _ in updated[: kb.settings.differential_size]]
    return tuple(
        DifferentialEntry(
            e.condition, e.label, e.prior, e.posterior, round(e.posterior * scale, 4),
            e.contributions, e.next_steps,
        )
        for e in chosen
    )


def _update(
    kb: KnowledgeBase, condition: ConditionDef, facts: Facts, regions: set[str | None]
) -> tuple[DifferentialEntry, bool]:
    """The condition's posterior with its explanation, and whether it is held back (requirement or exclusion)."""
    log_odds = math.log(condition.prior / (1.0 - condition.prior))
    contributions: list[Contribution] = []
    for modifier in condition.prior_by:
        if holds(modifier.when, facts):
            log_odds += math.log(modifier.ratio)
            words = "; ".join(evidence(modifier.when, facts)) or modifier.label
            contributions.append(
                Contribution("prior", modifier.label, Status.PRESENT, modifier.ratio, modifier.source, words, "prior")
            )
    log_odds += _findings(kb, condition, facts, contributions)
    held_back = False
    if condition.requires is not None and not holds(condition.requires, facts):
        held_back = True
        ratio = kb.settings.unmet_requirement_lr
        log_odds += math.log(ratio)
        contributions.append(
            Contribution(
                "requirement", "its defining feature is not stated", Status.ABSENT, ratio,
                condition.requires_source, _requirement_words(kb, condition), "requirement",
            )
        )
    ruling_out = [f for f in condition.excluded_by if facts.status(f) is Status.PRESENT]
    if ruling_out:
        held_back = True
        ratio = kb.settings.excluded_lr
        log_odds += math.log(ratio)
        words = "; ".join(w for f in ruling_out for w in facts.evidence.get(f, [])) or kb.findings[ruling_out[0]].label
        label = ", ".join(kb.findings[f].label for f in ruling_out)
        contributions.append(
            Contribution("excluded", f"ruled out by: {label}", Status.PRESENT, ratio,
                         condition.excluded_by_source, words, "excluded")
        )
    if regions and REGION_ANY not in condition.regions and not regions & set(condition.regions):
        ratio = kb.settings.region_mismatch_lr
        log_odds += math.log(ratio)
        where = ", ".join(sorted(r for r in regions if r))
        contributions.append(
            Contribution(
                "region_mismatch", f"pain is in {where}, not where this condition hurts",
                Status.PRESENT, ratio, kb.settings.source, where, "region",
            )
        )
    posterior = 1.0 / (1.0 + math.exp(-log_odds))
    contributions.sort(key=lambda c: -abs(math.log(c.lr)))
    entry = DifferentialEntry(
        condition.id, condition.label, condition.prior, posterior, posterior,
        tuple(contributions), condition.next_steps,
    )
    return entry, held_back


def _findings(kb: KnowledgeBase, condition: ConditionDef, facts: Facts, out: list[Contribution]) -> float:
    """The summed log ratio of the note's findings: imaging capped, linked findings counted once per direction.
    A stated diagnosis that only imaging supports ("MRI: facet arthropathy. Diagnosis: facet syndrome.", with no
    symptom or sign of it) rests on that imaging and counts within the same cap."""
    imaging_log = 0.0
    applied: list[tuple[Contribution, str | None, float]] = []
    table = condition_tables(kb)[condition.id]
    statuses = facts.statuses
    on_imaging: bool | None = None  # rests_on_imaging, worked out when a stated diagnosis needs it
    for lr, definition, capped_kind, group in table.likelihoods:
        status = statuses.get(lr.finding)
        if status is None:
            continue
        ratio = lr.lr_present if status is Status.PRESENT else lr.lr_absent if status is Status.ABSENT else None
        if ratio is None:
            continue
        note = ""
        capped = capped_kind
        if lr.stated and status is Status.PRESENT:
            if on_imaging is None:
                on_imaging = _rests_on_imaging(table, statuses)
            if on_imaging or _named_by_imaging(kb, lr, facts):
                capped = True
                note = (
                    "a stated diagnosis that only imaging supports: counted within the imaging cap" if on_imaging
                    else "named only in the imaging report: counted within the imaging cap"
                )
        if capped:
            # imaging supports but never decides: its summed weight is capped in both directions
            cap = kb.settings.imaging_max_log_lr
            allowed = max(-cap - imaging_log, min(cap - imaging_log, math.log(ratio)))
            imaging_log += allowed
            ratio = math.exp(allowed)
        words = "; ".join(facts.evidence.get(lr.finding, [])) or definition.label
        applied.append(
            (Contribution(lr.finding, definition.label, status, round(ratio, 3), lr.source, words, note),
             group, math.log(ratio))
        )
    # within a linked group only the strongest ratio for and the strongest against count
    strongest: dict[tuple[str, bool], Contribution] = {}
    for contribution, group, _ in applied:
        if group is not None and contribution.lr != 1.0:
            key = (group, contribution.lr > 1.0)
            best = strongest.get(key)
            if best is None or abs(math.log(contribution.lr)) > abs(math.log(best.lr)):
                strongest[key] = contribution
    total = 0.0
    for contribution, group, step in applied:
        kept = strongest.get((group, contribution.lr > 1.0)) if group is not None else None
        if kept is not None and kept is not contribution:
            out.append(replace(contribution, lr=1.0, note=f"linked: counted within '{kept.label}'"))
            continue
        total += step
        out.append(contribution)
    return total


@dataclass(frozen=True)
class ConditionTable:
    """What the update of one condition needs of the knowledge base and no note changes, worked out once."""

    # each likelihood ratio of the condition in the knowledge's order, with its finding, whether the finding is
    # imaging under the cap (imaging that is not the condition's defining criterion) and its linked group
    likelihoods: tuple[tuple[LikelihoodRatio, FindingDef, bool, str | None], ...]
    imaging: tuple[str, ...]   # imaging findings with a ratio above 1 (``imaging_supports``)
    clinical: tuple[str, ...]  # symptoms and signs with at least the clinical support ratio (``clinically_supported``)


_TABLES = "_condition_tables"  # kept on the knowledge base itself (outside its fields): one per knowledge base


def condition_tables(kb: KnowledgeBase) -> dict[str, ConditionTable]:
    """Each condition's table, built on first use and kept on the knowledge base for as long as it lives (a
    knowledge base is immutable; another one, even an edited copy, builds its own)."""
    tables: dict[str, ConditionTable] | None = kb.__dict__.get(_TABLES)
    if tables is None:
        tables = {}
        for condition in kb.conditions:
            likelihoods = kb.likelihoods_for(condition)
            tables[condition] = ConditionTable(
                tuple(
                    (lr, kb.findings[lr.finding],
                     kb.findings[lr.finding].kind is FindingKind.IMAGING and not lr.defining, kb.group_of(lr.finding))
                    for lr in likelihoods
                ),
                tuple(
                    lr.finding for lr in likelihoods
                    if kb.findings[lr.finding].kind is FindingKind.IMAGING and lr.lr_present is not None
                    and lr.lr_present > 1.0
                ),
                tuple(
                    lr.finding for lr in likelihoods
                    if lr.lr_present is not None and lr.lr_present >= kb.settings.clinical_support_min_lr
                    and kb.findings[lr.finding].kind in CLINICAL_KINDS
                ),
            )
        object.__setattr__(kb, _TABLES, tables)  # frozen dataclass: set outside its fields, once
    return tables


def _rests_on_imaging(table: ConditionTable, statuses: dict[str, Status]) -> bool:
    """``rests_on_imaging`` from the condition's table."""
    for finding in table.imaging:
        if statuses.get(finding) is Status.PRESENT:
            break
    else:
        return False
    for finding in table.clinical:  # noqa: SIM110 - a plain loop is cheaper than a generator on this hot path
        if statuses.get(finding) is Status.PRESENT:
            return False
    return True


CLINICAL_KINDS = (FindingKind.SYMPTOM, FindingKind.SIGN)


def clinically_supported(kb: KnowledgeBase, condition: str, facts: Facts) -> bool:
    """A symptom or examination sign in the note supports the condition (engine.yaml clinical_support_min_lr): the
    body region alone, history, imaging and a named diagnosis do not."""
    return any(
        lr.lr_present is not None
        and lr.lr_present >= kb.settings.clinical_support_min_lr
        and kb.findings[lr.finding].kind in CLINICAL_KINDS
        and facts.status(lr.finding) is Status.PRESENT
        for lr in kb.likelihoods_for(condition)
    )


def imaging_supports(kb: KnowledgeBase, condition: str, facts: Facts) -> tuple[str, ...]:
    """The imaging findings in the note that speak for the condition (likelihood ratio above 1)."""
    return tuple(
        lr.finding
        for lr in kb.likelihoods_for(condition)
        if kb.findings[lr.finding].kind is FindingKind.IMAGING
        and lr.lr_present is not None
        and lr.lr_present > 1.0
        and facts.status(lr.finding) is Status.PRESENT
    )


def rests_on_imaging(kb: KnowledgeBase, condition: str, facts: Facts) -> bool:
    """The note's support for the condition is imaging and nothing clinical: a diagnosis it states is the imaging's."""
    return bool(imaging_supports(kb, condition, facts)) and not clinically_supported(kb, condition, facts)


def _named_by_imaging(kb: KnowledgeBase, lr: LikelihoodRatio, facts: Facts) -> bool:
    """The diagnosis is 'stated' only by the words of an imaging finding ("MRI: facet arthropathy" read as facet
    pain named): those words are the report's, already weighed as imaging."""
    words = set(facts.evidence.get(lr.finding, []))
    imaging = {w for f in imaging_supports(kb, lr.condition, facts) for w in facts.evidence.get(f, [])}
    return bool(words) and words <= imaging


def _requirement_words(kb: KnowledgeBase, condition: ConditionDef) -> str:
    assert condition.requires is not None
    return "not stated: " + " or ".join(sorted(kb.findings[f].label for f in referenced_findings(condition.requires)))
