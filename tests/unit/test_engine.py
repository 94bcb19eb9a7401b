"""The Bayesian update, the imaging cap, region mismatch and the explanation, on a small hand-made knowledge base."""

from __future__ import annotations

import math

import pytest

from painpath.domain.engine import evaluate
from painpath.domain.model import (
    ConditionDef,
    EngineSettings,
    FindingDef,
    FindingKind,
    HasFinding,
    KnowledgeBase,
    LikelihoodRatio,
    Observation,
    PatientStory,
    RedFlagRule,
    Source,
    Status,
    TriageLevel,
    TriageRule,
)

P, A = Status.PRESENT, Status.ABSENT


def _kb(*, cap: float = 0.7, mismatch: float = 0.1) -> KnowledgeBase:
    findings = {
        "leg_pain": FindingDef("leg_pain", "leg pain", FindingKind.LOCATION, region="leg", pain_content=True),
        "head_pain": FindingDef("head_pain", "headache", FindingKind.LOCATION, region="head", pain_content=True),
        "slr": FindingDef("slr", "positive SLR", FindingKind.SIGN),
        "mri_disc": FindingDef("mri_disc", "disc herniation on MRI", FindingKind.IMAGING),
        "mri_big": FindingDef("mri_big", "huge extrusion on MRI", FindingKind.IMAGING),
        "saddle": FindingDef("saddle", "saddle numbness", FindingKind.SYMPTOM),
        "flu_jab": FindingDef("flu_jab", "vaccine visit", FindingKind.CONTEXT),
        "past_sciatica": FindingDef("past_sciatica", "sciatica", FindingKind.SYMPTOM, implies=("leg_pain",)),
    }
    conditions = {
        "radic": ConditionDef("radic", "radiculopathy", (), (), 0.2, "expert", ("leg",), ("MRI",), "expert"),
        "migraine": ConditionDef("migraine", "migraine", (), (), 0.1, "expert", ("head",), ("diary",), "expert"),
        "cancer": ConditionDef("cancer", "cancer pain", (), (), 0.05, "expert", ("any",), ("scan",), "expert"),
    }
    lrs = (
        LikelihoodRatio("radic", "slr", 2.0, 0.5, "expert"),
        LikelihoodRatio("radic", "leg_pain", 4.0, None, "expert"),
        LikelihoodRatio("radic", "mri_disc", 3.0, None, "expert"),
        LikelihoodRatio("radic", "mri_big", 3.0, None, "expert"),
        LikelihoodRatio("migraine", "head_pain", 5.0, None, "expert"),
    )
    flags = (RedFlagRule("cauda_equina_syndrome", "ces1", "CES", TriageLevel.EMERGENCY, HasFinding("saddle"), "ED now", "expert"),)
    triage = (TriageRule("slr_soon", TriageLevel.SOON, HasFinding("slr"), "positive SLR", "expert"),)
    return KnowledgeBase(
        version="test",
        sources={"expert": Source("expert", "estimate", None, "expert")},
        findings=findings,
        conditions=conditions,
        likelihoods=lrs,
        red_flags=flags,
        triage_rules=triage,
        settings=EngineSettings(mismatch, cap, 0.0, 3, "expert"),
    )


def _story(*observations: tuple[str, Status], values: dict[str, float] | None = None) -> PatientStory:
    return PatientStory(tuple(Observation(f, s, f) for f, s in observations), values or {})


def _posterior(prior: float, *ratios: float) -> float:
    odds = prior / (1 - prior) * math.prod(ratios)
    return odds / (1 + odds)


def test_posterior_is_prior_odds_times_likelihood_ratios() -> None:
    result = evaluate(_kb(), _story(("leg_pain", P), ("slr", P)))
    radic = next(e for e in result.differential if e.condition == "radic")
    assert radic.posterior == pytest.approx(_posterior(0.2, 4.0, 2.0))


def test_absent_finding_applies_its_negative_ratio() -> None:
    result = evaluate(_kb(), _story(("leg_pain", P), ("slr", A)))
    radic = next(e for e in result.differential if e.condition == "radic")
    assert radic.posterior == pytest.approx(_posterior(0.2, 4.0, 0.5))
    assert [c.finding for c in radic.opposing] == ["slr"]


def test_imaging_never_decides_alone_its_weight_is_capped() -> None:
    result = evaluate(_kb(cap=0.7), _story(("leg_pain", P), ("mri_disc", P), ("mri_big", P)))
    radic = next(e for e in result.differential if e.condition == "radic")
    # two imaging findings of LR 3 each would multiply by 9; the cap allows e^0.7 in all
    assert radic.posterior == pytest.approx(_posterior(0.2, 4.0, math.exp(0.7)))
    imaging = [c.lr for c in radic.contributions if c.finding.startswith("mri")]
    assert math.prod(imaging) == pytest.approx(math.exp(0.7), rel=1e-3)


def test_condition_outside_the_painful_region_is_discounted() -> None:
    result = evaluate(_kb(mismatch=0.1), _story(("leg_pain", P)))
    migraine = next(e for e in result.differential if e.condition == "migraine")
    assert migraine.posterior == pytest.approx(_posterior(0.1, 0.1))
    assert migraine.contributions[0].finding == "region_mismatch"
    cancer = next(e for e in result.differential if e.condition == "cancer")
    assert cancer.posterior == pytest.approx(0.05)  # region "any" is never discounted


def test_probabilities_sum_to_at_most_one_and_rank_by_posterior() -> None:
    result = evaluate(_kb(), _story(("leg_pain", P), ("slr", P), ("head_pain", P)))
    assert sum(e.probability for e in result.differential) <= 1.0 + 1e-9
    posteriors = [e.posterior for e in result.differential]
    assert posteriors == sorted(posteriors, reverse=True)


def test_no_pain_content_gives_empty_differential_and_routine_triage() -> None:
    result = evaluate(_kb(), _story(("flu_jab", P)))
    assert result.differential == ()
    assert result.triage.level is TriageLevel.ROUTINE
    assert "no pain" in result.triage.reasons[0]


def test_red_flag_sets_triage_floor_with_evidence() -> None:
    result = evaluate(_kb(), _story(("leg_pain", P), ("saddle", P)))
    assert [f.id for f in result.red_flags] == ["cauda_equina_syndrome"]
    assert result.red_flags[0].evidence == ("saddle",)
    assert result.triage.level is TriageLevel.EMERGENCY


def test_triage_rule_raises_level_and_says_why() -> None:
    result = evaluate(_kb(), _story(("leg_pain", P), ("slr", P)))
    assert result.triage.level is TriageLevel.SOON
    assert result.triage.rules == ("slr_soon",)


def test_historical_symptom_is_ignored_but_implications_follow_current_ones() -> None:
    story = PatientStory((Observation("past_sciatica", P, "old sciatica", historical=True),), {})
    result = evaluate(_kb(), story)
    assert result.differential == ()
    current = evaluate(_kb(), _story(("past_sciatica", P)))
    radic = next(e for e in current.differential if e.condition == "radic")
    assert radic.posterior == pytest.approx(_posterior(0.2, 4.0))


def test_present_only_derived_finding_says_nothing_below_its_threshold() -> None:
    from dataclasses import replace

    from painpath.domain.model import Threshold

    kb = _kb()
    many = FindingDef(
        "many_regions", "pain in many regions", FindingKind.DERIVED,
        derive=Threshold("pain_region_count", ">=", 4), derive_states_absent=False,
    )
    strict = FindingDef("old", "age over 70", FindingKind.DERIVED, derive=Threshold("age", ">", 70))
    kb = replace(kb, findings={**kb.findings, "many_regions": many, "old": strict})
    result = evaluate(kb, _story(("leg_pain", P), values={"pain_region_count": 2, "age": 50}))
    derived = {o.finding: o.status for o in result.story.observations if o.finding in {"many_regions", "old"}}
    assert derived == {"old": A}
