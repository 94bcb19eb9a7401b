"""Round 31, the lead's probes of main in his own words (safety misses and two false alarms); each pattern is tested
here in our own wordings: two that must now behave and one twin that must not fire (kb 2026.12.84).
"""

from __future__ import annotations

import pytest

from tests.conftest import flags, present

URGENT_OR_MORE = {"urgent", "emergency"}


# 1. passive ideation in ordinary words, and a means at hand with it (C-SSRS method) --------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Cannot go on living like this, the pain never stops. He's got a shotgun in the house.",
        "Honestly I can't carry on living like this with my back. There's a rope in the shed.",
    ],
)
def test_ideation_with_a_means_at_hand_is_an_emergency(assess, text: str) -> None:
    result = assess(text)
    assert "suicide_risk" in flags(result)
    assert result["triage"]["level"] == "emergency"


def test_cant_keep_living_like_this_alone_is_at_least_urgent(assess) -> None:
    result = assess("Back pain for a year. I can't keep on living like this.")
    assert "suicide_risk" in flags(result)
    assert result["triage"]["level"] in URGENT_OR_MORE


@pytest.mark.parametrize(
    "text",
    [
        "I have a rope swing in the garden for the kids. Back pain 2 weeks.",
        "Back pain. I can't keep living like this in a rented flat with damp.",
        "Feel a bit hopeless about the mortgage. We have a rope swing for the children.",
        "I had a rope burn on my hand at work. Feel hopeless. Back pain.",
    ],
)
def test_an_object_or_housing_is_not_a_means_or_ideation(assess, text: str) -> None:
    result = assess(text)
    assert result["triage"]["level"] != "emergency"
    assert not present(result, "lethal_means_access")


# 2. second-language back pain ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "My back very painful since 10 days and I have fever and shaking. Diabetes on tablets.",
        "The back is pain from one week, also temperature 38.8. I have sugar diabetes.",
    ],
)
def test_back_told_as_very_pain_is_back_pain_and_with_fever_flags_infection(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "low_back_pain")
    assert "spinal_infection" in flags(result)
    assert result["triage"]["level"] in URGENT_OR_MORE


def test_a_back_pain_free_is_not_back_pain(assess) -> None:
    result = assess("My back is pain free since the physio. Knee aches on stairs.")
    assert not present(result, "low_back_pain")


# 3. the back coordinated after the ribs, chest or side ------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "History of breast cancer. Aching in my chest and back for 3 weeks.",
        "Prostate cancer treated some years ago. Pain round his side and back, waking him at night.",
    ],
)
def test_back_after_ribs_or_side_is_spinal_pain_and_flags_with_cancer(assess, text: str) -> None:
    result = assess(text)
    assert "spinal_malignancy" in flags(result)
    assert result["triage"]["level"] in URGENT_OR_MORE


def test_back_home_after_the_ribs_is_not_back_pain(assess) -> None:
    result = assess("Breast cancer years ago. Pain in my ribs after a fall, went to A&E and back home the same day.")
    assert not present(result, "low_back_pain")
    assert "spinal_malignancy" not in flags(result)


# 4. haemoptysis with spinal pain -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Ex-builder, 62, smokes 20 a day. Coughing up blood for a month and a nagging ache between the shoulder blades.",
        "Been bringing up blood-stained phlegm, and my back aches at night. Smoker.",
    ],
)
def test_haemoptysis_with_spinal_pain_in_a_smoker_flags_malignancy(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "haemoptysis")
    assert "spinal_malignancy" in flags(result)
    assert result["triage"]["level"] in URGENT_OR_MORE


def test_denied_haemoptysis_raises_nothing(assess) -> None:
    result = assess("Back pain 3 weeks after lifting. Smoker. No haemoptysis, no weight loss.")
    assert "spinal_malignancy" not in flags(result)


def test_blood_spat_after_brushing_teeth_is_not_haemoptysis(assess) -> None:
    assert not present(assess("Spat some blood after brushing my teeth. Smoker with back pain."), "haemoptysis")


def test_a_pain_that_keeps_me_awake_is_night_pain_but_coffee_is_not(assess) -> None:
    assert present(assess("An ache in my lower back that keeps me awake."), "night_pain")
    assert not present(assess("The coffee keeps me awake. Back pain 2 weeks."), "night_pain")


# 5. a band of numbness around the trunk with a gait disturbance -------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Upper back ache, now numb in a strip round my waist and my legs feel weak and heavy.",
        "Band-like numbness across the ribs for a week and walking is getting harder.",
    ],
)
def test_truncal_numbness_band_with_gait_is_a_cord_picture(assess, text: str) -> None:
    result = assess(text)
    assert flags(result) & {"progressive_neurologic_deficit", "cervical_myelopathy"}
    assert result["triage"]["level"] in URGENT_OR_MORE


def test_numbness_spreading_up_to_the_waist_still_flags(assess) -> None:
    result = assess("My feet are numb and it is spreading up to my waist.")
    assert "progressive_neurologic_deficit" in flags(result)


def test_a_band_of_numbness_without_leg_symptoms_is_no_sensory_level(assess) -> None:
    result = assess("Thoracic pain, band of numbness around my chest, no leg symptoms.")
    assert not present(result, "sensory_level")


# 6. four-limb paraesthesia after neck trauma -------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Rear-ended at the lights, sore neck, and now pins and needles in both hands and feet.",
        "Fell off his bike, neck hurts, numbness in all four limbs.",
    ],
)
def test_four_limb_paraesthesia_after_neck_injury_raises_myelopathy(assess, text: str) -> None:
    result = assess(text)
    assert "cervical_myelopathy" in flags(result)
    assert result["triage"]["level"] in URGENT_OR_MORE


def test_one_hand_tingling_after_whiplash_is_no_cord_picture(assess) -> None:
    result = assess("Whiplash after a car crash, neck stiff, tingling in the right hand only.")
    assert "cervical_myelopathy" not in flags(result)


# 7. fever with a purple rash or a stiff neck (NICE NG240) -------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "High temperature since last night, stiff neck and my lower back aches.",
        "Back pain and a temp of 39, and now tiny purple spots on her legs that don't fade.",
    ],
)
def test_fever_with_a_stiff_neck_or_purple_rash_is_an_emergency(assess, text: str) -> None:
    assert assess(text)["triage"]["level"] == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "Neck stiff after sleeping on it awkwardly, no fever.",
        "Stiff neck for years, worse at the computer. Had a fever last month with flu.",
    ],
)
def test_a_stiff_neck_without_a_new_fever_is_no_emergency(assess, text: str) -> None:
    result = assess(text)
    assert result["triage"]["level"] != "emergency"
    assert present(result, "neck_pain")


# 8. a basal cell carcinoma is not a cancer history for the spine ---------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Low back pain for years, unchanged. Previous skin cancer (BCC) excised from the cheek.",
        "Mechanical back pain 5 years. PMH: cancer: rodent ulcer on forehead treated long ago.",
    ],
)
def test_a_bcc_named_as_the_cancer_is_no_cancer_history(assess, text: str) -> None:
    result = assess(text)
    assert "spinal_malignancy" not in flags(result)
    assert result["triage"]["level"] == "routine"


@pytest.mark.parametrize(
    "text",
    [
        "Chronic low back pain for ten years. Hx of cancer - melanoma removed from the shoulder years ago.",
        "Chronic LBP for years. Hx of cancer - BCC once, and breast cancer later.",
    ],
)
def test_a_melanoma_or_another_cancer_still_counts(assess, text: str) -> None:
    assert "spinal_malignancy" in flags(assess(text))


# 9. a clinician's question answered no after a dash or colon --------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Worst headache of her life?: no, it built up slowly over two days.",
        "Thunderclap onset? - not, came on gradually over hours, like her usual tension headaches.",
    ],
)
def test_a_question_answered_no_is_a_denial(assess, text: str) -> None:
    result = assess(text)
    assert "thunderclap_headache" not in flags(result)
    assert result["triage"]["level"] != "emergency"


def test_a_question_answered_yes_still_flags(assess) -> None:
    result = assess("Thunderclap headache? yes, peaked within a minute.")
    assert "thunderclap_headache" in flags(result)
    assert result["triage"]["level"] == "emergency"
