"""Round 37 (fix37n): the outside reviewer's non-spine notes, each miss as a pattern in our own words.

- a known cancer with a hip or leg pain now at rest or at night and a leg that can hardly take weight (or a new stick)
  is an impending pathological fracture until an X-ray says otherwise: the same day (Mirels 1989 functional pain);
- a tender scalp over the occiput between neuralgic jolts at the back of the head is occipital neuralgia's, not giant
  cell arteritis's; a tender temple, or a tender scalp without the jolts, keeps the flag;
- ESR and CRP named first with "both normal" after are normal bloods; a press just below the skull that sets off the
  pain is a tender occipital nerve;
- a chest pain under the breast or over the rib cartilages that pressing reproduces is chest wall pain;
- an operation told as a correction, reconstruction or an -ectomy/-otomy months back dates a chronic post-surgical pain.
"""

from __future__ import annotations

import pytest

from tests.conftest import at_least, flags, level, present, ranked


# ---------------------------------------------------------------- known cancer, limb pain at rest, weight-bearing
@pytest.mark.parametrize(
    "text",
    [
        "70F, bowel cancer treated three years ago. A month of aching in the right thigh, now there at rest and waking "
        "her at night. This week she can barely bear weight through the right leg.",
        "Message: I'm 63, had kidney cancer removed two years ago. My left hip has hurt for six weeks and now hurts "
        "even when I'm resting and keeps me up at night. I've started using a walking stick because I can hardly put "
        "weight on that leg.",
    ],
)
def test_known_cancer_with_limb_rest_pain_and_weight_bearing_difficulty_is_same_day(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "weight_bearing_difficulty")
    assert at_least(result, "urgent")


def test_a_stick_used_for_years_is_no_new_weight_bearing_difficulty(assess) -> None:
    result = assess(
        "68M, prostate cancer treated years ago, discharged. Knee arthritis, has walked with a stick for years. Knee "
        "aches after gardening; sleeps well, walks the dog daily."
    )
    assert not present(result, "weight_bearing_difficulty")
    assert level(result) in {"routine", "soon"}


def test_weight_bearing_difficulty_without_cancer_is_not_the_metastasis_rule(assess) -> None:
    result = assess(
        "45M, sprained his right ankle playing football two days ago, can hardly put weight on it, swollen. No cancer."
    )
    assert present(result, "weight_bearing_difficulty")
    assert "known_cancer_limb_pain_weight_bearing" not in result["triage"].get("rules", [])


# ---------------------------------------------------------------- occipital neuralgia against GCA
@pytest.mark.parametrize(
    "text",
    [
        "62F. Six weeks of brief stabbing, electric shocks from the base of her skull on the right up to the top of "
        "her head, a few seconds each. The scalp over the right occiput is tender between attacks. Jaw fine when "
        "eating, eyesight normal.",
        "58M with lightning-like jabs at the back of his head on the left, seconds long, many times a day, for a "
        "month. Tender scalp over the back of his head on that side. No visual change, no jaw pain with chewing.",
    ],
)
def test_tender_occipital_scalp_between_neuralgic_jolts_is_no_gca(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "occipital_scalp_tenderness")
    assert "giant_cell_arteritis" not in flags(result)
    assert "occipital_neuralgia" in ranked(result)[:3]


def test_tender_temples_with_occipital_jolts_keep_the_gca_flag(assess) -> None:
    result = assess(
        "62F. Six weeks of brief electric shocks from the base of her skull up to the crown. Tender scalp over the "
        "right occiput, and both temples are tender to the touch."
    )
    assert "giant_cell_arteritis" in flags(result)


def test_tender_occipital_scalp_without_jolts_keeps_the_gca_flag(assess) -> None:
    result = assess(
        "74M, a new dull ache at the back of his head for three weeks, constant, with a tender scalp over the left "
        "occiput. Feels run down."
    )
    assert "giant_cell_arteritis" in flags(result)


# ---------------------------------------------------------------- normal markers, occipital nerve tenderness
@pytest.mark.parametrize(
    "text",
    [
        "CRP and ESR checked on Monday, both normal.",
        "ESR, CRP taken at the surgery last week - all came back normal.",
    ],
)
def test_markers_named_first_with_both_normal_are_normal_bloods(assess, text: str) -> None:
    assert present(assess("60M with neck ache. " + text), "normal_labs")


def test_markers_both_raised_are_not_normal_bloods(assess) -> None:
    result = assess("60M with neck ache. ESR and CRP done last week, both raised.")
    assert not present(result, "normal_labs")


@pytest.mark.parametrize(
    "text",
    [
        "Pressing just under the skull on the right sets off the shooting pain.",
        "Pressure right below his skull on the left sets off the jolts.",
    ],
)
def test_a_press_just_below_the_skull_setting_off_the_pain_is_a_tender_occipital_nerve(assess, text: str) -> None:
    assert present(assess("55F, electric jabs at the back of the head. " + text), "occipital_nerve_tenderness")


def test_a_press_below_the_skull_that_sets_off_nothing_is_no_tender_nerve(assess) -> None:
    result = assess("55F, electric jabs at the back of the head. Pressing just below the skull is comfortable.")
    assert not present(result, "occipital_nerve_tenderness")


# ---------------------------------------------------------------- chest wall pain
@pytest.mark.parametrize(
    "text",
    [
        "38M, a week of sharp aching under his right pec since lifting at the gym. Pressing over the right 3rd and 4th "
        "costal cartilages brings the pain on exactly. ECG normal, no breathlessness.",
        "50F, stabbing pain beneath my left breast for a fortnight, worse when I twist. The doctor said pressing on the "
        "ribs there reproduces it. No sweating, not short of breath.",
    ],
)
def test_chest_pain_reproduced_on_pressing_the_chest_wall(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "chest_pain_from_chest_wall")
    assert ranked(result)[0] == "myofascial_pain"


def test_chest_pain_not_reproduced_on_pressing_is_not_chest_wall_pain(assess) -> None:
    result = assess(
        "58M, heavy pain under the left breast on walking uphill, easing with rest, not tender to press. Smoker."
    )
    assert present(result, "chest_rib_pain")
    assert not present(result, "chest_pain_from_chest_wall")


# ---------------------------------------------------------------- an operation months back in other words
@pytest.mark.parametrize(
    "text",
    [
        "48F, 6 months after her hallux valgus correction, burning pain along the scar, tapping it sends a zap into the "
        "toe.",
        "40M, four months following an ankle reconstruction, shooting pain at the scar on the outer ankle.",
    ],
)
def test_an_operation_told_as_a_correction_or_reconstruction_dates_the_pain(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "surgery_months_ago")
    assert "postoperative_pain" in ranked(result)[:2]


def test_a_correction_that_is_not_an_operation_dates_nothing(assess) -> None:
    result = assess("40M, 4 months after a posture correction programme at work, aching at the top of the shoulders.")
    assert not present(result, "surgery_months_ago")


# ---------------------------------------------------------------- a jaw told fine with meals is no claudication
@pytest.mark.parametrize(
    "text",
    [
        "71F, new headaches over the last month. Jaw fine when eating, eyesight normal.",
        "69M, a fortnight of headache. His jaw is comfortable on chewing and the vision is clear.",
    ],
)
def test_a_jaw_told_fine_with_meals_is_no_jaw_claudication(assess, text: str) -> None:
    result = assess(text)
    assert not present(result, "jaw_claudication")


def test_a_jaw_that_aches_with_meals_is_still_jaw_claudication(assess) -> None:
    result = assess("71F, new headaches over the last month. Her jaw aches when eating and she has to stop.")
    assert present(result, "jaw_claudication")
    assert "giant_cell_arteritis" in flags(result)


# ---------------------------------------------------------------- pathological fracture in a known cancer
@pytest.mark.parametrize(
    "text",
    [
        "72M, prostate cancer with spread to the bones. Yesterday he reached for a cup, felt a snap in his left upper "
        "arm and now he can't use his left arm at all.",
        "Daughter calling: Mum is 66 and has breast cancer in her bones. Since this morning she cannot lift her right "
        "leg off the bed and the thigh hurts terribly. She did not fall.",
    ],
)
def test_known_cancer_with_a_limb_suddenly_unusable_is_same_day(assess, text: str) -> None:
    result = assess(text)
    assert at_least(result, "urgent")
    assert "possible_pathological_fracture" in result["triage"].get("rules", [])


def test_known_cancer_with_a_limb_that_works_is_not_the_fracture_rule(assess) -> None:
    result = assess(
        "72M, prostate cancer with spread to the bones. Mild ache in his left upper arm for a month, uses the arm "
        "normally, sleeps well."
    )
    assert "possible_pathological_fracture" not in result["triage"].get("rules", [])


@pytest.mark.parametrize(
    "text",
    [
        "74F with myeloma on treatment. After a sneeze five days ago, a sharp pain in her right ribs.",
        "Telephone note. 70M, multiple myeloma. Pain in his left side ribs since coughing a lot last week.",
    ],
)
def test_known_cancer_with_a_rib_pain_after_a_trivial_strain_is_seen_within_a_week(assess, text: str) -> None:
    result = assess(text)
    assert at_least(result, "soon")


def test_a_rib_pain_after_a_cough_without_cancer_is_not_the_cancer_rule(assess) -> None:
    result = assess("40M, pain in his left ribs since coughing a lot with a cold last week, sore to press. Otherwise well.")
    assert "known_cancer_bone_pain_trivial_trigger" not in result["triage"].get("rules", [])
