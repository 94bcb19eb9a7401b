"""Systemic and vascular red flags, round 24 (issue 10): a cold white limb told without a verb or with a pulse that
cannot be felt, a thunderclap in text-speak during exertion, weight loss and rest pain told in a long story, a
transplant's immunosuppression, a spinal pain called new in words, and weight loss with a pain there all the time.
Every note is in our own words; each pattern has a twin that must not change."""

from __future__ import annotations

import pytest

from painpath.domain.model import Status
from tests.conftest import flags

P = Status.PRESENT
URGENT = {"urgent", "emergency"}


# ---------------------------------------------------------------- 1. acute limb ischaemia without a verb
@pytest.mark.parametrize(
    "text",
    [
        "Ward note 03:10. 77M, AF, apixaban stopped for a bleed. R leg pale and cold from mid-calf, cannot move toes.",
        "My mum's foot is white like chalk and freezing to touch since teatime, and it really hurts.",
        "Left arm cold, white, no radial or brachial pulse, sudden onset an hour ago.",
        "Foot mottled and cool, popliteal and pedal pulses not palpable; arterial doppler signals absent at the ankle.",
        "Sudden pain in the left calf this morning. On review the leg is cold; unable to get a doppler signal at the "
        "ankle.",
    ],
)
def test_a_cold_pale_or_pulseless_limb_told_without_a_verb_is_a_vascular_emergency(assess, text: str) -> None:
    result = assess(text)
    assert "vascular_emergency" in flags(result)
    assert result["triage"]["level"] == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        # Raynaud's: pallor and cold brought on by the cold
        "Every winter my hand goes white and cold when I hang the washing out, then red and throbbing.",
        # a warm limb with a denial between the limb and the colour words
        "Right foot warm, not pale or cold, with good pulses. Sciatica down the back of the thigh for a month.",
        # CRPS: a colour change without pallor
        "Since the wrist fracture her hand is cold and purplish and swollen, and she cannot bear a sleeve on it.",
        # a Doppler that found the signal
        "Calf aches after 200 yards for a year. Doppler signals present and biphasic at both ankles.",
    ],
)
def test_raynaud_a_denied_pallor_crps_and_a_present_doppler_are_no_vascular_emergency(assess, text: str) -> None:
    result = assess(text)
    assert "vascular_emergency" not in flags(result)
    assert result["triage"]["level"] != "emergency"


# ---------------------------------------------------------------- 2. a thunderclap in text-speak, during exertion
@pytest.mark.parametrize(
    "text",
    [
        "was on the rowing machine and out of nowhere my head basically exploded, worst thing ive ever felt",
        "Halfway through my deadlifts my head suddenly exploded at the back. I've never had anything like it.",
        "pain in my head like i got hit with a hammer, full pain within about 3 seconds, been sick twice",
    ],
)
def test_an_explosive_headache_in_everyday_words_is_a_thunderclap(assess, text: str) -> None:
    result = assess(text)
    assert "thunderclap_headache" in flags(result)
    assert result["triage"]["level"] == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        # the usual migraine, building over an hour
        "I get migraines a few times a month; this one built up over an hour like they always do, with flashing "
        "lights first.",
        # exercise and a headache in separate sentences, no onset words
        "I hurt my lower back doing squats at the gym. I also had a mild headache last week after a late night.",
    ],
)
def test_a_usual_migraine_and_a_gym_back_strain_are_no_thunderclap(assess, text: str) -> None:
    result = assess(text)
    assert "thunderclap_headache" not in flags(result)
    assert result["triage"]["level"] != "emergency"


def test_exercise_and_a_headache_in_separate_sentences_are_no_exertional_headache(statuses) -> None:
    found = statuses("I hurt my lower back doing squats at the gym. I also had a mild headache last week.")
    assert found.get("exertional_onset") is not P


# ---------------------------------------------------------------- 3. weight loss and rest pain told in a long story
@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("My trousers are loose and the scales say ten kilos gone since the autumn.", "weight_loss"),
        ("He's had to make three extra holes in his belt this year.", "weight_loss"),
        ("My daughter says I've gone very gaunt.", "weight_loss"),
        ("It's still there when I'm lying quietly in bed.", "night_pain"),
    ],
)
def test_weight_loss_and_rest_pain_in_lay_words_are_read(statuses, text: str, finding: str) -> None:
    assert statuses(text).get(finding) is P


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("Since joining a slimming club I'm a stone down and my knees thank me.", "weight_loss"),
        ("Ten kilos off since I started the weight-loss injections.", "weight_loss"),
        ("I can lift 20 kg off the floor without any trouble now.", "weight_loss"),
        ("It's there when I'm lying down but eases when I walk about.", "night_pain"),
    ],
)
def test_weight_lost_on_purpose_and_a_mechanical_pain_are_not_read(statuses, text: str, finding: str) -> None:
    assert statuses(text).get(finding) is not P


def test_a_long_story_of_thoracic_rest_pain_and_weight_gone_raises_malignancy(assess) -> None:
    result = assess(
        "Hello, I'll try to keep this short but I never manage it. Retired postman, 71, always had a creaky back from "
        "the bag. Since the clocks went back there's a new ache in the middle of my back, and it's still there when "
        "I'm lying quietly in bed. My daughter says I've gone very gaunt and the scales say ten kilos gone, though "
        "I'm eating the same. Could I have something to help me sleep?"
    )
    assert "spinal_malignancy" in flags(result)
    assert result["triage"]["level"] in URGENT


# ---------------------------------------------------------------- 4. a transplant is immunosuppression
@pytest.mark.parametrize(
    "text",
    [
        "Had a liver transplant in 2019. My lower back began to ache a week ago and it's worse at night.",
        "Kidney transplant patient. Back started hurting five days ago, severe, worse at night.",
        "I take anti-rejection tablets; my neck pain started 8 days ago and wakes me at night.",
    ],
)
def test_new_night_spinal_pain_after_a_transplant_is_a_spinal_infection_flag(assess, statuses, text: str) -> None:
    assert statuses(text).get("immunosuppression") is P
    result = assess(text)
    assert "spinal_infection" in flags(result)
    assert result["triage"]["level"] in URGENT


def test_a_transplant_still_counts_as_a_long_steroid_condition(statuses) -> None:
    found = statuses("Renal transplant 2016, on prednisolone.")
    assert found.get("organ_transplant") is P
    assert found.get("chronic_steroid_condition") is P
    assert found.get("immunosuppression") is P


def test_years_of_mechanical_back_pain_after_a_transplant_stay_routine(assess) -> None:
    result = assess(
        "Heart transplant 12 years ago, on tacrolimus. My lower back has ached for four years, worse after gardening, "
        "fine in bed."
    )
    assert "spinal_infection" not in flags(result)
    assert result["triage"]["level"] == "routine"


# ---------------------------------------------------------------- 5. a spinal pain called new in words
@pytest.mark.parametrize(
    "text",
    [
        "I have lupus and take azathioprine. This neck pain is completely new and it wakes me every night.",
        "On infliximab for Crohn's. New low back pain, severe, worse at night.",
        "On etanercept. I've never had back pain before this and now it keeps me awake at night.",
    ],
)
def test_a_new_spinal_pain_in_words_when_immunosuppressed_is_a_spinal_infection_flag(assess, text: str) -> None:
    result = assess(text)
    assert "spinal_infection" in flags(result)
    assert result["triage"]["level"] in URGENT


@pytest.mark.parametrize(
    "text",
    [
        # not new
        "I take azathioprine for lupus. My back pain isn't new, it's been the same for years and wakes me sometimes.",
        # new is the mattress, not the pain
        "On infliximab for Crohn's. Since the new mattress arrived my lower back aches at night.",
        # called new but with a duration of months
        "On etanercept. New low back pain for four months, worse at night.",
    ],
)
def test_a_pain_not_new_a_new_mattress_and_a_long_duration_are_no_new_pain(assess, statuses, text: str) -> None:
    assert "spinal_infection" not in flags(assess(text))


def test_the_new_mattress_is_not_a_new_spinal_pain(statuses) -> None:
    assert statuses("Since the new mattress arrived my lower back aches.").get("stated_new_spinal_pain") is not P
    assert statuses("My back pain is not new.").get("stated_new_spinal_pain") is not P


# ---------------------------------------------------------------- 6. weight loss with a pain there all the time
@pytest.mark.parametrize(
    "text",
    [
        "I've dropped a stone and a half without trying since the summer and my back aches constantly.",
        "Lost 8 kg in three months, no idea why. The pain in my ribs and spine never goes away.",
    ],
)
def test_unexplained_weight_loss_with_constant_spinal_pain_is_seen_within_a_week(assess, text: str) -> None:
    result = assess(text)
    assert result["triage"]["level"] in {"soon", "urgent", "emergency"}


@pytest.mark.parametrize(
    "text",
    [
        # weight lost on purpose
        "Lost a stone and a half on a low-carb diet since the summer and my back aches constantly.",
        # constant pain without weight loss
        "My lower back has ached constantly for years, worse bending and lifting, better after a walk.",
        # weight loss without a constant pain
        "Lost 8 kg in three months without trying. My back twinges now and then when I bend.",
    ],
)
def test_a_diet_constant_pain_alone_or_weight_loss_with_a_twinge_stay_routine(assess, text: str) -> None:
    assert assess(text)["triage"]["level"] == "routine"


def test_constant_pain_is_not_the_non_mechanical_pain_of_the_malignancy_rules(statuses) -> None:
    found = statuses("Mr K, 64. My back aches all the time, worse when I bend.")
    assert found.get("constant_pain") is P
    assert found.get("non_mechanical_pain") is not P


# ---------------------------------------------------------------- 7. a relative's limb, and the relation named
@pytest.mark.parametrize(
    "text",
    [
        "My dad's foot went numb at lunchtime and it has turned a ghostly white colour, cold like marble.",
        "Sorry to write so late. My wife's leg went dead an hour ago; it's gone a strange pale colour and feels icy.",
    ],
)
def test_a_relatives_limb_gone_white_and_cold_is_a_vascular_emergency(assess, text: str) -> None:
    result = assess(text)
    assert "vascular_emergency" in flags(result)
    assert result["triage"]["level"] == "emergency"


def test_a_husband_named_by_his_wife_after_an_apology_is_the_patient(statuses) -> None:
    # the relation named in the opening is the patient ("my husband"), not the writer's own ("I am his wife")
    found = statuses("Sorry to bother you on a Saturday. My husband has had awful low back pain since Thursday.")
    assert found.get("low_back_pain") is P


def test_a_writer_who_names_herself_still_writes_about_her_husband(statuses) -> None:
    found = statuses("I am his wife. My husband has had awful low back pain since Thursday.")
    assert found.get("low_back_pain") is P


# ---------------------------------------------------------------- 8. a fortnight is a duration
@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("Neck pain for a fortnight.", 14.0),
        ("Over the last fortnight my back has been hurting.", 14.0),
        ("Back pain for two fortnights now.", 28.0),
    ],
)
def test_a_fortnight_is_read_as_a_duration(text: str, days: float) -> None:
    from painpath.narrative.values import extract_values

    assert extract_values(text).values.get("duration_days") == days


def test_fortnightly_injections_are_no_duration() -> None:
    from painpath.narrative.values import extract_values

    assert extract_values("Fortnightly adalimumab injections.").values.get("duration_days") is None


def test_a_transplant_and_a_fortnight_of_night_neck_pain_is_a_spinal_infection_flag(assess) -> None:
    result = assess("Liver transplant in 2018. Over the past fortnight my neck has ached badly, worse at night.")
    assert "spinal_infection" in flags(result)
    assert result["triage"]["level"] in URGENT
