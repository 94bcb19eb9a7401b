"""The shipped knowledge base validates, and the loader rejects what a careless edit would introduce."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from painpath.adapters.knowledge_files import KnowledgeError, iter_problems, knowledge_dir, load
from painpath.domain.model import Status

VOCABULARY = Path(__file__).resolve().parents[3] / "shared" / "contract" / "vocabulary.yaml"


def test_shipped_knowledge_base_loads_with_a_version(kb) -> None:
    assert kb.version.count(".") == 2
    assert len(kb.conditions) == 25


@pytest.mark.skipif(not VOCABULARY.exists(), reason="shared vocabulary not beside the project")
def test_every_condition_and_flag_is_a_contract_id(kb) -> None:
    vocabulary = yaml.safe_load(VOCABULARY.read_text())
    assert list(iter_problems(kb, vocabulary)) == []


def test_every_number_has_a_known_source(kb) -> None:
    for lr in kb.likelihoods:
        assert lr.source in kb.sources, lr
    for condition in kb.conditions.values():
        assert condition.prior_source in kb.sources
    for rule in kb.red_flags:
        assert rule.source in kb.sources


def test_published_sources_carry_a_year_and_expert_ones_say_so(kb) -> None:
    for source in kb.sources.values():
        if source.kind == "expert":
            assert "estimate" in source.citation.lower() or "synthesis" in source.citation.lower() or "convention" in source.citation.lower() or "specification" in source.verification
        else:
            assert source.year and 1950 < source.year <= 2026, source


def test_priors_are_a_plausible_case_mix(kb) -> None:
    total = sum(c.prior for c in kb.conditions.values())
    assert 0.9 <= total <= 1.1


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "kb"
    shutil.copytree(knowledge_dir(), target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return target


def _edit(directory: Path, name: str, old: str, new: str) -> None:
    path = directory / name
    text = path.read_text()
    assert old in text, f"fixture text {old!r} not in {name}"
    path.write_text(text.replace(old, new, 1))


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        ("likelihoods.yaml", "{finding: slr_positive, present: 1.23, absent: 0.35, source: deville2000",
         "{finding: slr_positive, present: 1.23, absent: 0.35, source: nobody2099", "unknown source 'nobody2099'"),
        ("likelihoods.yaml", "{finding: slr_positive, present: 1.23, absent: 0.35, source: deville2000",
         "{finding: slr_positve, present: 1.23, absent: 0.35, source: deville2000", "unknown finding 'slr_positve'"),
        ("likelihoods.yaml", "{finding: slr_positive, present: 1.23, absent: 0.35, source: deville2000",
         "{finding: slr_positive, present: -1.0, absent: 0.35, source: deville2000", "positive finite number"),
        ("likelihoods.yaml", "absent: 0.35, source: deville2000, note:", "absent: 0.35, note:", "missing ['source']"),
        ("conditions.yaml", "prior: 0.12", "prior: 1.4", "strictly between 0 and 1"),
        ("red_flags.yaml", "min_triage: emergency", "min_triage: whenever", "triage level 'whenever'"),
        ("red_flags.yaml", "- any: [urinary_retention,", "- any: [urinary_retentoin,", "unknown finding 'urinary_retentoin'"),
        ("findings.yaml", "    label: low back pain\n", "    label: low back pain\n    colour: blue\n", "unknown keys ['colour']"),
        ("sources.yaml", "deville2000: {kind: paper, year: 2000,", "deville2000: {kind: paper,", "needs its year"),
        ("findings.yaml", "absent_terms: [afebrile, apyrexial,", "absent_terms: [no fever, afebrile, apyrexial,",
         "absent term 'no fever' is a negation word before one of its own terms"),
        ("likelihoods.yaml", "{finding: slr_positive, present: 1.23, absent: 0.35, source: deville2000",
         "{finding: slr_positive, present: 1.23, absent: 0.35, defining: true, source: deville2000",
         "only an imaging finding can be exempt from the imaging cap"),
        ("findings.yaml", "terms: [cancer, carcinoma,", "terms: [history of cancer, cancer, carcinoma,",
         "term 'history of cancer' holds the cue 'history of'"),
        ("narrative.yaml", "  - role: exam\n", "  - role: examination\n", "role 'examination' is not one of"),
        ("narrative.yaml", "worsening_means: {motor_weakness: progressive_weakness,",
         "worsening_means: {motor_weakness: progressive_weakneess,", "unknown finding 'progressive_weakneess'"),
        ("narrative.yaml", "    - {finding: sudomotor_oedema, signs:", "    - {finding: sudomotor_edema, signs:",
         "unknown finding 'sudomotor_edema'"),
        ("narrative.yaml", "  finding: unread_red_flag_words\n", "  finding: unread_red_flag_words\n  colour: red\n",
         "unknown keys ['colour']"),
        ("narrative.yaml", "    medication: {course: treated}", "    medication: {course: cured}",
         "course 'cured' is not one of"),
    ],
)
def test_loader_rejects_bad_knowledge(tmp_path: Path, file: str, old: str, new: str, message: str) -> None:
    directory = _copy(tmp_path)
    _edit(directory, file, old, new)
    with pytest.raises(KnowledgeError, match=re.escape(message)):
        load(directory)


def test_kb_check_reports_a_condition_missing_from_the_vocabulary(kb) -> None:
    vocabulary = {"conditions": {c: "" for c in list(kb.conditions)[1:]}, "red_flags": {}, "triage_levels": {}}
    problems = list(iter_problems(kb, vocabulary))
    assert any("is not in the shared vocabulary" in p for p in problems)


def test_loader_rejects_a_key_given_twice_in_one_entry(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    _edit(directory, "findings.yaml", "    label: low back pain\n", "    label: low back pain\n    label: lumbar pain\n")
    with pytest.raises(KnowledgeError, match="key 'label' appears twice"):
        load(directory)


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        ("conditions.yaml", "requires: {rule: dermatomal_rash_history,", "requires: {rule: shingles_rash,",
         "unknown finding 'shingles_rash'"),
        ("conditions.yaml", "excluded_by: {findings: [knee_replaced_painful],", "excluded_by: {findings: [new_knee],",
         "give known finding ids"),
        ("conditions.yaml", "ratio: 0.2, label: \"age under 40\"", "ratio: 0, label: \"age under 40\"",
         "positive finite number"),
        ("reasoning.yaml", "findings: [low_back_pain, midline_axial_pain]",
         "findings: [low_back_pain, midline_axial_pain, leg_pain]", "finding 'leg_pain' is already in the group"),
        ("reasoning.yaml", "- {id: vasomotor, findings: [vasomotor_change]}", "- {id: vasomotor, findings: [purple_foot]}",
         "give known finding ids"),
        ("questions.yaml", 'clinician: "Any saddle or perianal numbness?"', 'clinician: "Ask about saddle numbness"',
         "write the question itself, ending with '?'"),
        ("questions.yaml", "finding: saddle_anaesthesia, base_rate: 0.02", "finding: saddle_anaesthesia, base_rate: 2",
         "a probability strictly between 0 and 1"),
        ("findings_derived.yaml", "rule: {any: [smoker, hypertension,", "rule: {any: [smoking_history, hypertension,",
         "rule names unknown finding 'smoking_history'"),
        ("plan_intolerance.yaml", "effect: gastrointestinal\n    classes: [oral_nsaid]",
         "effect: tummy\n    classes: [oral_nsaid]", "effect 'tummy' is not a side effect"),
        ("plan_intolerance.yaml", "words: [dizzy, dizziness,", "words: [drowsy, dizzy, dizziness,",
         "the words 'drowsy' already belong to 'sedation'"),
    ],
)
def test_loader_rejects_bad_reasoning_knowledge(tmp_path: Path, file: str, old: str, new: str, message: str) -> None:
    directory = _copy(tmp_path)
    _edit(directory, file, old, new)
    with pytest.raises(KnowledgeError, match=re.escape(message)):
        load(directory)


def test_every_question_asks_about_a_finding_the_reasoning_uses(kb) -> None:
    used = {lr.finding for lr in kb.likelihoods}
    for rule in (*kb.red_flags, *kb.triage_rules):
        from painpath.domain.rules import referenced_findings

        used |= referenced_findings(rule.when)
    assert [q.id for q in kb.questions if q.finding not in used] == []


@pytest.mark.parametrize(
    "text",
    [
        "Four months after my groin hernia was repaired the scar still burns and the burning spreads into my thigh.",
        "Three years ago she had a knee arthroscopy; the pain beside the portal incision has never settled since.",
    ],
)
def test_pain_lasting_after_a_dated_operation_is_post_surgical(assess, text: str) -> None:
    # chronic post-surgical pain lasts 3 months or more by definition (Schug 2019): the long duration must not count
    # against it once the operation is dated months or years back
    ranked = [entry["condition"] for entry in assess(text)["differential"]]
    assert ranked[0] == "postoperative_pain"
    assert "lumbar_radiculopathy" not in ranked[:1]


def test_a_long_duration_without_an_operation_still_counts_against_post_operative_pain(statuses) -> None:
    assert statuses("Scar pain for a year.").get("lasting_pain_without_dated_operation") is Status.PRESENT
    assert "lasting_pain_without_dated_operation" not in statuses("Scar pain for a year since a hysterectomy 14 months ago.")


# ---------------------------------------------------------------- a malignancy picture lifts cancer pain (round 18)
@pytest.mark.parametrize(
    "text",
    [
        "Sixty-one-year-old retired teacher with ten weeks of aching in her lower back that keeps her up at night; "
        "paracetamol and naproxen have done nothing for it.",
        "Mr D, 74. Upper back pain for two months, worst in the small hours. His PSA was high at the surgery last "
        "year and he never went back for the repeat.",
    ],
)
def test_a_malignancy_picture_ranks_cancer_pain_first(assess, statuses, text: str) -> None:
    # two malignancy features together (night pain with failed painkillers, or with a suspected cancer) are the
    # picture that raises the malignancy flag, and the differential follows the flag instead of facet pain
    out = assess(text)
    assert statuses(text).get("malignancy_picture") is Status.PRESENT
    assert out["differential"][0]["condition"] == "cancer_pain"
    assert "spinal_malignancy" in {flag["id"] for flag in out["red_flags"]}
    assert out["triage"]["level"] in ("urgent", "emergency")


@pytest.mark.parametrize(
    "text",
    [
        # benign twins: one feature alone, or a mechanical pain that disturbs sleep when turning over
        "Sixty-one-year-old retired teacher with ten weeks of aching in her lower back, worse bending and after a day "
        "in the garden, eased by a hot bath; she sleeps well.",
        "Fifty-eight-year-old lorry driver, low back ache for four months, stiff in the mornings, worse after long "
        "drives; it catches him when he turns over in bed.",
        "Mrs P, 57, had a breast cancer treated in 2012 and discharged from follow-up; now six weeks of low back "
        "pain after lifting a suitcase, eased by lying down.",
    ],
)
def test_a_single_malignancy_feature_does_not_make_the_picture(assess, statuses, text: str) -> None:
    out = assess(text)
    assert statuses(text).get("malignancy_picture") is not Status.PRESENT
    assert out["differential"][0]["condition"] != "cancer_pain"


def test_a_limb_that_has_gone_numb_is_a_change_not_a_resolution(statuses) -> None:
    # "gone numb" / "gone limp" is getting worse; "the numbness has gone now" is getting better
    assert statuses("Back pain since Monday, and my left foot, which had gone numb, is still numb.").get(
        "numbness") is Status.PRESENT
    assert statuses("Back pain since Monday; my left leg has gone limp this morning.").get(
        "progressive_weakness") is not Status.ABSENT
    assert statuses("Neck pain for a week. I had a numb hand in March, but that's long gone.").get(
        "finger_numbness") is not Status.PRESENT


# ---------------------------------------------------------------- a straight leg raise that reproduces the leg pain
@pytest.mark.parametrize(
    "text",
    [
        "Three days of low back and right leg pain since digging a trench. On examination his right calf pain is "
        "reproduced by straight leg raising at 35 degrees; reflexes normal.",
        "Buttock and leg pain since Sunday. SLR left sends the pain down the leg at 50 degrees.",
    ],
)
def test_a_raise_that_reproduces_the_leg_pain_leads_to_radiculopathy(assess, statuses, text: str) -> None:
    assert statuses(text).get("slr_reproduces_leg_pain") is Status.PRESENT
    assert assess(text)["differential"][0]["condition"] == "lumbar_radiculopathy"


def test_back_pain_on_a_high_raise_is_not_the_leg_pain_reproduced(statuses) -> None:
    text = "Low back pain for two days after lifting. Straight leg raise causes back pain at 80 degrees, hamstrings tight."
    assert statuses(text).get("slr_reproduces_leg_pain") is not Status.PRESENT


# ---------------------------------------------------------------- a blow to the back of the head (occipital neuralgia)
def test_a_blow_to_the_back_of_the_head_with_occipital_pain_leads_to_occipital_neuralgia(assess, statuses) -> None:
    text = ("A cupboard door swung shut and struck him hard on the back of his head a fortnight ago; since then the "
            "back of his head has ached.")
    assert statuses(text).get("blow_to_back_of_head") is Status.PRESENT
    assert statuses(text).get("trauma") is Status.PRESENT  # still an injury for every injury rule
    assert assess(text)["differential"][0]["condition"] == "occipital_neuralgia"


def test_a_blow_elsewhere_is_not_a_blow_to_the_back_of_the_head(statuses) -> None:
    text = "A shelf struck him on the shoulder last week and the back of his head aches when he is tired."
    assert statuses(text).get("blow_to_back_of_head") is not Status.PRESENT


# ---------------------------------------------------------------- spine surgery told as what was done (PSPS)
@pytest.mark.parametrize(
    "text",
    [
        "Five years of back and left leg pain. Aged 30 his L4-5 disc prolapse was removed; a re-operation for "
        "recurrent prolapse followed within the year, and in 2022 an L4-S1 fusion was performed. The leg still burns.",
        "Low back pain since the operation three years ago, when interspinous spacers were put in at L3-4 and L4-5; "
        "the pain has never settled.",
    ],
)
def test_spine_surgery_told_as_what_was_done_leads_to_psps(assess, statuses, text: str) -> None:
    assert statuses(text).get("prior_spine_surgery") is Status.PRESENT
    assert assess(text)["differential"][0]["condition"] == "persistent_spinal_pain_after_surgery"


def test_a_disc_operation_only_discussed_is_no_prior_spine_surgery(statuses) -> None:
    text = "MRI shows an L4-5 disc herniation. Surgery for the disc was discussed, but she would rather avoid it."
    assert statuses(text).get("prior_spine_surgery") is not Status.PRESENT


# ---------------------------------------------------------------- a paired part in the plural counts both sides
def test_pain_in_the_legs_counts_both_lower_regions(assessor) -> None:
    from painpath.domain.engine import with_derived_findings

    story = with_derived_findings(
        assessor.kb, assessor.enrich(assessor.reader.read("Since the crash she hurts in the neck and the legs.")))
    assert story.values["acr2016_pain_regions"] == 3.0  # axial, left lower, right lower
    one_leg = with_derived_findings(
        assessor.kb, assessor.enrich(assessor.reader.read("Since the crash she hurts in the neck and the leg.")))
    assert one_leg.values["acr2016_pain_regions"] == 2.0


def test_widespread_pain_after_a_crash_with_fatigue_and_poor_focus_leads_to_fibromyalgia(assess) -> None:
    text = ("Five months after a rear-end collision: aching in the neck, the upper back and both arms, sleeps badly, "
            "always exhausted, and she says she can't concentrate at work.")
    assert assess(text)["differential"][0]["condition"] == "fibromyalgia"


def test_a_sore_neck_after_a_crash_without_the_widespread_picture_is_not_fibromyalgia(assess) -> None:
    text = "Five months after a rear-end collision: aching in the neck, worse turning to reverse the car; sleeps well."
    ranked = [entry["condition"] for entry in assess(text)["differential"]]
    assert ranked[0] == "cervical_facet_pain"
    assert "fibromyalgia" not in ranked[:3]
