"""Round 33, the lead's second probe (lead33b): ten notes all read as routine that are among the most serious kind.

Per pattern, two wordings of our own that must be read and a twin in similar words that must not fire (kb 2026.12.103):
a body part contracted with "is"/"has" and the dialect "me" for "my"; "giving me gyp"; bladder sensation lost and
incontinence told in lay words; the saddle numb "like at the dentist"; "can't control my bowels"; a fall followed by a
sphincter change or legs giving out; "a temperature" for a fever; weight lost in kilos after another loss and pain
worse lying down; a shuffling walk and falls; a sensory level "from my chest down"; a child's age told by a parent;
thigh pain after years of a bisphosphonate.
"""

from __future__ import annotations

import pytest

from painpath.adapters.knowledge_files import load_default
from painpath.narrative.spelling import Respeller
from tests.conftest import flags, present

_URGENT = {"urgent", "emergency"}


@pytest.fixture(scope="module")
def respeller() -> Respeller:
    kb = load_default()
    return Respeller(kb.extra["lexicon"], kb.extra.get("spelling"))


# ------------------------------------------------------------------ 1. contractions and "giving me gyp"
@pytest.mark.parametrize(
    ("note", "read"),
    [
        ("Me neck's been stiff", "My neck has been stiff"),
        ("my knee’s really swollen", "my knee is really swollen"),
        ("the pain's worse at night", "the pain is worse at night"),
    ],
)
def test_a_body_part_contracted_with_is_or_has_is_read_as_the_two_words(respeller: Respeller, note: str, read: str) -> None:
    assert respeller.respell_text(note).text == read


@pytest.mark.parametrize(
    "note",
    ["the knee's range of movement is full", "give me back my phone", "help me back to bed", "his hip's replacement"],
)
def test_a_possessive_or_me_before_a_particle_is_left_alone(respeller: Respeller, note: str) -> None:
    assert respeller.respell_text(note).text == note


@pytest.mark.parametrize(
    "text",
    [
        "Me back's been giving me grief since the weekend.",
        "His back's killing him after the move, three days now.",
    ],
)
def test_a_contracted_back_that_hurts_is_back_pain(assess, text: str) -> None:
    assert present(assess(text), "low_back_pain")


def test_a_back_in_other_words_is_not_back_pain(assess) -> None:
    result = assess("Please give me back my tablets, I have a headache today.")
    assert not present(result, "low_back_pain")


# ------------------------------------------------------------------ 1-2. bladder sensation lost, incontinence unawares
@pytest.mark.parametrize(
    "text",
    [
        "Low back pain for ten days, I never know when I need a wee now and I keep finding I've gone.",
        "My back's been sore since Friday and he's not feeling when he needs to pee any more.",
    ],
)
def test_lost_bladder_sensation_in_lay_words_with_back_pain_is_cauda_equina(assess, text: str) -> None:
    result = assess(text)
    assert "cauda_equina_syndrome" in flags(result)
    assert result["triage"]["level"] == "emergency"


def test_finding_one_has_gone_back_to_sleep_is_no_incontinence(assess) -> None:
    result = assess("Back pain, I get up when I need a wee and then I find I've gone back to sleep easily.")
    assert not present(result, "urinary_incontinence")
    assert "cauda_equina_syndrome" not in flags(result)


@pytest.mark.parametrize(
    "text",
    [
        "Sciatica down both legs and I didn't notice I'd wet myself until my wife told me.",
        "Back pain all week; she didn't realise she'd wet the bed until morning.",
    ],
)
def test_urine_passed_unawares_told_with_a_contraction_is_incontinence(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "urinary_incontinence")
    assert "cauda_equina_syndrome" in flags(result)


def test_not_realising_something_else_is_no_incontinence(assess) -> None:
    result = assess("Back pain all week; I didn't realise I'd left the tap running until I saw the floor.")
    assert not present(result, "urinary_incontinence")
    assert "cauda_equina_syndrome" not in flags(result)


@pytest.mark.parametrize(
    "text",
    [
        "My back has ached since Monday and I don't know when I need the toilet, I've had two accidents.",
        "Bad back and he can't tell when he needs the loo, he's had some accidents at night.",
    ],
)
def test_an_accident_told_after_the_toilet_is_wetting_not_an_injury(assess, text: str) -> None:
    result = assess(text)
    assert not present(result, "trauma")
    assert "cauda_equina_syndrome" in flags(result)


def test_a_road_accident_is_still_an_injury(assess) -> None:
    assert present(assess("Back pain since I had an accident in the car on the way to the toilet shop."), "trauma")


# ------------------------------------------------------------------ 3. saddle numbness "like at the dentist"
@pytest.mark.parametrize(
    "text",
    [
        "Lower back pain and my bottom feels like I've had a local anaesthetic.",
        "Backache, and my backside feels as if it's been given a numbing injection at the dentist.",
    ],
)
def test_a_saddle_numb_like_a_dental_anaesthetic_is_saddle_anaesthesia(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "saddle_anaesthesia")
    assert result["triage"]["level"] == "emergency"


def test_a_mouth_numb_after_the_dentist_is_no_saddle_numbness(assess) -> None:
    result = assess("Backache, and my gums feel like they've had an injection at the dentist.")
    assert not present(result, "saddle_anaesthesia")
    assert "cauda_equina_syndrome" not in flags(result)


def test_a_bum_cheek_is_no_face(assess) -> None:
    result = assess("My left bum cheek aches when I sit.")
    assert not present(result, "facial_pain")
    assert present(assess("My left cheek aches when I chew."), "facial_pain")


# ------------------------------------------------------------------ 4. bowels or bladder not controlled; a fall
@pytest.mark.parametrize(
    "text",
    [
        "Lower back pain for 5 days and he can't control his bowels.",
        "Back pain and I'm unable to hold my water since yesterday.",
    ],
)
def test_bowels_or_bladder_that_cannot_be_controlled_with_back_pain_is_cauda_equina(assess, text: str) -> None:
    result = assess(text)
    assert "cauda_equina_syndrome" in flags(result)
    assert result["triage"]["level"] == "emergency"


def test_bowels_and_bladder_controlled_fine_raise_nothing(assess) -> None:
    result = assess("Back pain for 5 days; I can control my bowels and bladder fine.")
    assert "cauda_equina_syndrome" not in flags(result)


@pytest.mark.parametrize(
    "text",
    [
        "Slipped on the ice yesterday, my back is agony and I can't hold my bladder.",
        "Since he fell in the garden on Sunday his back hurts and he can't control his bowels.",
    ],
)
def test_a_fall_then_back_pain_with_a_sphincter_change_is_a_fracture_with_compression(assess, text: str) -> None:
    result = assess(text)
    assert "vertebral_fracture" in flags(result)
    assert result["triage"]["level"] == "emergency"


def test_an_old_fall_with_nothing_new_is_no_fracture_with_compression(assess) -> None:
    result = assess("I fell two years ago and my back has ached on and off since; bladder and bowels normal.")
    assert "vertebral_fracture" not in flags(result)


# ------------------------------------------------------------------ 5. "a temperature"; dialysis
@pytest.mark.parametrize(
    "text",
    [
        "My back aches and I keep getting temperatures, I have haemodialysis three times a week.",
        "Back pain with a temperature since Tuesday, on dialysis for my kidneys.",
    ],
)
def test_a_temperature_with_back_pain_on_dialysis_is_a_spinal_infection(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "fever")
    assert "spinal_infection" in flags(result)
    assert result["triage"]["level"] in _URGENT


@pytest.mark.parametrize(
    "text",
    [
        "Back pain and a temperature of 36.9 at the surgery, I'm on dialysis.",
        "Had the flu a month ago with a temperature for 3 days, all better now; back pain from digging.",
    ],
)
def test_a_normal_or_past_temperature_is_no_fever(assess, text: str) -> None:
    assert not present(assess(text), "fever")


# ------------------------------------------------------------------ 6. weight lost after another loss; worse lying down
@pytest.mark.parametrize(
    "text",
    [
        "Pain in my back, worse when I lie flat in bed, and I've lost my appetite and 6 kg.",
        "Ache in my back that is worse lying down; I've lost interest in food and half a stone.",
    ],
)
def test_weight_lost_after_another_loss_with_rest_pain_is_a_spinal_malignancy(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "weight_loss")
    assert present(result, "night_pain")
    assert "spinal_malignancy" in flags(result)


def test_weight_lost_on_a_diet_and_pain_better_lying_down_raise_nothing(assess) -> None:
    result = assess("Back pain better lying down, and I've lost my job and 5 kilos on a diet.")
    assert not present(result, "weight_loss")
    assert not present(result, "night_pain")
    assert "spinal_malignancy" not in flags(result)


# ------------------------------------------------------------------ 7. shuffling and falls with a neck
@pytest.mark.parametrize(
    "text",
    [
        "My mum's neck has ached for a year, she's shuffling now and both her hands are numb.",
        "Stiff neck for months, he keeps falling over and both his hands tingle.",
    ],
)
def test_a_shuffling_walk_or_falls_with_numb_hands_and_a_neck_is_myelopathy(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "gait_imbalance")
    assert "cervical_myelopathy" in flags(result)


def test_falling_asleep_is_no_gait_disturbance(assess) -> None:
    result = assess("Stiff neck for months, he keeps falling asleep on the sofa and shuffles the cards badly.")
    assert not present(result, "gait_imbalance")
    assert "cervical_myelopathy" not in flags(result)


# ------------------------------------------------------------------ 8. a sensory level in lay words
@pytest.mark.parametrize(
    "text",
    [
        "Pins and needles from my nipples down since yesterday, and backache.",
        "Numb from my belly button down and my legs feel heavy, worse each day.",
    ],
)
def test_numbness_or_tingling_from_a_level_of_the_trunk_down_is_a_sensory_level(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "sensory_level")
    assert result["triage"]["level"] == "emergency"


def test_tingling_from_the_waist_down_one_leg_is_no_sensory_level(assess) -> None:
    result = assess("Back pain and tingling from my waist down my right leg to the foot.")
    assert not present(result, "sensory_level")


# ------------------------------------------------------------------ 9. a child's back pain, the age told by a parent
@pytest.mark.parametrize(
    "text",
    [
        "My daughter is 12 and her back has hurt for six weeks, it wakes her at night.",
        "Our lad, 14, has had back pain that wakes him every night for a month.",
    ],
)
def test_a_parents_child_with_night_back_pain_is_seen_within_a_week(assess, text: str) -> None:
    result = assess(text)
    assert result["triage"]["level"] in {"soon", "urgent", "emergency"}
    assert any("child" in reason for reason in result["triage"]["reasons"])


def test_a_son_six_foot_tall_is_no_childs_age(assess) -> None:
    result = assess("My son is 6 foot tall and I'm 45, my back has ached for a week after lifting him.")
    assert not any("child" in reason for reason in result["triage"]["reasons"])


def test_a_teenagers_training_ache_that_does_not_wake_him_is_routine(assess) -> None:
    result = assess("My son is 15, his lower back aches after football training; it doesn't wake him and he's fine at weekends.")
    assert result["triage"]["level"] == "routine"


# ------------------------------------------------------------------ 10. thigh pain after years of a bisphosphonate
@pytest.mark.parametrize(
    "text",
    [
        "Aching in my left thigh for a month, I've taken alendronate for about six years.",
        "Groin pain for weeks, ten years of weekly Fosamax.",
    ],
)
def test_thigh_or_groin_pain_after_years_of_a_bisphosphonate_is_a_possible_atypical_fracture(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "long_term_bisphosphonate")
    assert result["triage"]["level"] in {"soon", "urgent", "emergency"}
    assert any("both whole femurs" in reason for reason in result["triage"]["reasons"])


def test_a_bisphosphonate_begun_last_month_raises_no_atypical_fracture(assess) -> None:
    result = assess("Thigh pain after a long run, I started alendronate last month.")
    assert not present(result, "long_term_bisphosphonate")
    assert not any("femurs" in reason for reason in result["triage"]["reasons"])
