"""Derived findings, criteria counts, linked findings, requirement gates, exclusions and priors by age and sex, on a
small hand-made knowledge base (the engine's arithmetic, not the shipped ratios)."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from painpath.domain.engine import evaluate
from painpath.domain.model import (
    AllOf,
    ConditionDef,
    CountGroup,
    CriteriaCount,
    EngineSettings,
    FindingDef,
    FindingKind,
    HasFinding,
    KnowledgeBase,
    LikelihoodRatio,
    LinkedGroup,
    Observation,
    PatientStory,
    PriorModifier,
    Source,
    Status,
    Threshold,
)

P, A = Status.PRESENT, Status.ABSENT


def _kb(**changes: object) -> KnowledgeBase:
    findings = {
        "leg_pain": FindingDef("leg_pain", "leg pain", FindingKind.LOCATION, region="leg", pain_content=True),
        "radicular": FindingDef("radicular", "sciatica", FindingKind.SYMPTOM, region="leg", pain_content=True),
        "below_knee": FindingDef("below_knee", "below the knee", FindingKind.LOCATION, region="leg"),
        "back_pain": FindingDef("back_pain", "back pain", FindingKind.LOCATION, region="low_back", pain_content=True),
        "arm_pain": FindingDef("arm_pain", "arm pain", FindingKind.LOCATION, region="arm", pain_content=True),
        "spine_surgery": FindingDef("spine_surgery", "spine surgery", FindingKind.HISTORY),
        "knee_pain": FindingDef("knee_pain", "knee pain", FindingKind.LOCATION, region="knee", pain_content=True),
        "knee_replaced": FindingDef("knee_replaced", "knee replaced", FindingKind.HISTORY),
        "female": FindingDef("female", "female", FindingKind.DERIVED, derive=Threshold("female", ">=", 1)),
        "osteoporosis": FindingDef("osteoporosis", "osteoporosis", FindingKind.HISTORY),
        "low_t_score": FindingDef(
            "low_t_score", "T-score -2.5 or lower", FindingKind.DERIVED, implies=("osteoporosis",),
            derive=Threshold("dxa_t_score", "<=", -2.5), derive_states_absent=False,
        ),
        "older_woman": FindingDef(
            "older_woman", "woman over 55", FindingKind.DERIVED,
            derive_when=AllOf((HasFinding("female"), Threshold("age", ">=", 55))),
        ),
        "regions_3": FindingDef(
            "regions_3", "three regions", FindingKind.DERIVED,
            derive=Threshold("regions", ">=", 3), derive_states_absent=False,
        ),
    }
    conditions = {
        "radic": ConditionDef("radic", "radiculopathy", (), (), 0.2, "expert", ("leg",), ("MRI",), "expert"),
        "psps": ConditionDef(
            "psps", "pain after spine surgery", (), (), 0.2, "expert", ("leg", "low_back"), ("MRI",), "expert",
            requires=HasFinding("spine_surgery"), requires_source="expert",
        ),
        "knee_oa": ConditionDef(
            "knee_oa", "knee osteoarthritis", (), (), 0.1, "expert", ("knee",), ("X-ray",), "expert",
            excluded_by=("knee_replaced",), excluded_by_source="expert",
        ),
        "vcf": ConditionDef(
            "vcf", "fracture", (), (), 0.05, "expert", ("low_back",), ("X-ray",), "expert",
            prior_by=(PriorModifier(HasFinding("female"), 2.0, "female", "expert"),),
        ),
    }
    lrs = (
        LikelihoodRatio("radic", "radicular", 4.0, None, "expert"),
        LikelihoodRatio("radic", "below_knee", 2.0, None, "expert"),
        LikelihoodRatio("radic", "leg_pain", 1.5, 0.5, "expert"),
        LikelihoodRatio("psps", "leg_pain", 2.0, None, "expert"),
        LikelihoodRatio("knee_oa", "knee_pain", 4.0, None, "expert"),
        LikelihoodRatio("vcf", "osteoporosis", 4.0, None, "expert"),
    )
    kb = KnowledgeBase(
        version="test",
        sources={"expert": Source("expert", "estimate", None, "expert")},
        findings=findings,
        conditions=conditions,
        likelihoods=lrs,
        red_flags=(),
        triage_rules=(),
        settings=EngineSettings(1.0, 0.7, 0.0, 4, "expert", unmet_requirement_lr=0.1, excluded_lr=0.05),
        linked=(LinkedGroup("leg_extent", ("radicular", "below_knee", "leg_pain"), "expert"),),
        criteria=(
            CriteriaCount("regions", "pain regions", "regions", (
                CountGroup("axial", ("back_pain",)),
                CountGroup("upper", ("arm_pain",), sided=True),
                CountGroup("lower", ("leg_pain", "knee_pain"), sided=True),
            ), "expert"),
        ),
    )
    return replace(kb, **changes) if changes else kb  # type: ignore[arg-type]


def _story(*observations: tuple[str, Status] | Observation, values: dict[str, float] | None = None) -> PatientStory:
    obs = tuple(o if isinstance(o, Observation) else Observation(o[0], o[1], o[0]) for o in observations)
    return PatientStory(obs, values or {})


def _entry(result, condition):  # type: ignore[no-untyped-def]
    return next(e for e in result.differential if e.condition == condition)


def _posterior(prior: float, *ratios: float) -> float:
    odds = prior / (1 - prior) * math.prod(ratios)
    return odds / (1 + odds)


def test_linked_findings_count_the_strongest_ratio_once_not_their_product() -> None:
    result = evaluate(_kb(), _story(("radicular", P), ("below_knee", P), ("leg_pain", P)))
    radic = _entry(result, "radic")
    assert radic.posterior == pytest.approx(_posterior(0.2, 4.0))
    muted = {c.finding: c.note for c in radic.contributions if c.lr == 1.0}
    assert muted == {"below_knee": "linked: counted within 'sciatica'", "leg_pain": "linked: counted within 'sciatica'"}


def test_linked_group_keeps_its_strongest_ratio_against_as_well() -> None:
    # sciatica (4.0) for, leg pain stated absent (0.5) against: one of each direction counts
    result = evaluate(_kb(), _story(("radicular", P), ("leg_pain", A), ("back_pain", P)))
    assert _entry(result, "radic").posterior == pytest.approx(_posterior(0.2, 4.0, 0.5))


def test_condition_without_its_defining_feature_is_discounted_and_ranked_after_the_rest() -> None:
    result = evaluate(_kb(), _story(("leg_pain", P)))
    psps = _entry(result, "psps")
    assert psps.posterior == pytest.approx(_posterior(0.2, 2.0, 0.1))
    assert [e.condition for e in result.differential][-1] == "psps"
    assert any(c.note == "requirement" and "spine surgery" in c.evidence for c in psps.contributions)


def test_condition_with_its_defining_feature_ranks_on_its_ratios() -> None:
    result = evaluate(_kb(), _story(("leg_pain", P), ("spine_surgery", P)))
    assert _entry(result, "psps").posterior == pytest.approx(_posterior(0.2, 2.0))
    assert result.differential[0].condition == "psps"


def test_a_replaced_knee_rules_out_knee_osteoarthritis() -> None:
    plain = evaluate(_kb(), _story(("knee_pain", P)))
    replaced = evaluate(_kb(), _story(("knee_pain", P), ("knee_replaced", P)))
    assert plain.differential[0].condition == "knee_oa"
    assert _entry(replaced, "knee_oa").posterior == pytest.approx(_posterior(0.1, 4.0, 0.05))
    assert replaced.differential[0].condition != "knee_oa"


def test_prior_by_sex_multiplies_the_prior_odds_and_says_why() -> None:
    woman = evaluate(_kb(), _story(("back_pain", P), values={"female": 1.0}))
    man = evaluate(_kb(), _story(("back_pain", P), values={"female": 0.0}))
    assert _entry(woman, "vcf").posterior == pytest.approx(_posterior(0.05, 2.0))
    assert _entry(man, "vcf").posterior == pytest.approx(0.05)
    assert [c.note for c in _entry(woman, "vcf").contributions] == ["prior"]


def test_t_score_at_the_threshold_derives_osteoporosis_through_the_implied_finding() -> None:
    low = evaluate(_kb(), _story(("back_pain", P), values={"dxa_t_score": -2.5}))
    normal = evaluate(_kb(), _story(("back_pain", P), values={"dxa_t_score": -1.4}))
    assert _entry(low, "vcf").posterior == pytest.approx(_posterior(0.05, 4.0))
    assert _entry(normal, "vcf").posterior == pytest.approx(0.05)
    assert "low_t_score" not in {o.finding for o in normal.story.observations}


def test_rule_derived_finding_needs_every_part_of_its_rule() -> None:
    older = evaluate(_kb(), _story(("back_pain", P), values={"female": 1.0, "age": 61}))
    younger = evaluate(_kb(), _story(("back_pain", P), values={"female": 1.0, "age": 48}))
    derived = [o for o in older.story.observations if o.finding == "older_woman"]
    assert [(o.status, o.text) for o in derived] == [(P, "age 61")]
    assert "older_woman" not in {o.finding for o in younger.story.observations}


def test_criteria_count_counts_each_side_of_a_sided_group_and_an_unstated_side_once() -> None:
    both_legs = _story(
        ("back_pain", P),
        Observation("leg_pain", P, "both legs", laterality="bilateral"),
        Observation("arm_pain", P, "left arm", laterality="left"),
    )
    one_side_unknown = _story(("back_pain", P), ("leg_pain", P), ("knee_pain", P))
    assert evaluate(_kb(), both_legs).story.values["regions"] == 4
    counted = evaluate(_kb(), one_side_unknown)
    assert counted.story.values["regions"] == 2  # leg and knee are one lower region when no side is named
    assert "regions_3" not in {o.finding for o in counted.story.observations}
