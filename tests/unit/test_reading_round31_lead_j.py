"""Round 31 (the lead's probes of main, part j): missed red flags, each a pattern in our own words.

- a raised PSA (a value of 10 ng/mL or more, or told as raised or rising) with back or bone pain in a man: possible
  metastatic prostate cancer (spinal_malignancy, urgent);
- a treatment not taken ("not taking my tablets") does not negate the symptom told after it: untreated HIV with back
  pain and night sweats is a possible spinal infection (urgent).
No dates in the notes, so the tests pass on any date.
"""

from __future__ import annotations

import pytest

from tests.conftest import flags, present


def _level(result: dict) -> str:
    return str(result["triage"]["level"])


# ---------------------------------------------------------------- raised PSA with back pain
@pytest.mark.parametrize(
    "text",
    [
        "68 year old man, aching in his spine for a month, PSA came back at 45.",
        "Man of 75, hip and lower back pain, my PSA is high and rising.",
    ],
)
def test_raised_psa_with_back_pain_is_possible_metastatic_prostate_cancer(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "raised_psa")
    assert "spinal_malignancy" in flags(result)
    assert _level(result) in {"urgent", "emergency"}


@pytest.mark.parametrize(
    "text",
    [
        "70 year old man with back pain, PSA 1.2 which is normal.",
        "70M, back ache for a few weeks, PSA checked and normal.",
    ],
)
def test_normal_psa_with_back_pain_is_not_a_flag(assess, text: str) -> None:
    result = assess(text)
    assert not present(result, "raised_psa")
    assert "spinal_malignancy" not in flags(result)


# ---------------------------------------------------------------- treatment not taken is not a denial
@pytest.mark.parametrize(
    "text",
    [
        "Back pain in my lower spine, I have HIV, stopped taking my meds months ago, drenched in sweat in bed every night.",
        "My back aches, I have HIV but haven't been taking my ARVs, sweating at night.",
    ],
)
def test_untreated_hiv_with_back_pain_and_night_sweats_is_spinal_infection(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "immunosuppression")
    assert present(result, "chills_rigors")
    assert "spinal_infection" in flags(result)
    assert _level(result) in {"urgent", "emergency"}


def test_treated_hiv_with_chronic_back_pain_and_no_fever_is_not_a_flag(assess) -> None:
    result = assess("HIV positive, undetectable on treatment, back pain on and off for years, no fever or sweats.")
    assert "spinal_infection" not in flags(result)


def test_named_drug_not_taken_is_still_denied(assess) -> None:
    result = assess("Back pain after lifting, not taking warfarin.")
    assert not present(result, "on_anticoagulant")


# ---------------------------------------------------------------- ischaemic rest pain
@pytest.mark.parametrize(
    "text",
    [
        "My calf aches after a short walk and now my foot is painful every night, I have to dangle my leg over the side of the bed to get relief.",
        "Smoker, 64, leg pain walking to the shops, at night the foot burns and I sleep with my foot hanging off the bed.",
    ],
)
def test_rest_pain_eased_by_hanging_the_foot_is_possible_critical_limb_ischaemia(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "ischaemic_rest_pain")
    assert _level(result) in {"urgent", "emergency"}


def test_night_cramps_eased_by_stretching_are_not_rest_pain(assess) -> None:
    result = assess("Cramps in both calves some nights, I stretch and they go, walking is no problem.")
    assert not present(result, "ischaemic_rest_pain")
    assert _level(result) not in {"urgent", "emergency"}
