"""Round 39, patients' and relatives' own words (fix39p): each pattern with the reported wording, two of our own and a
twin that must not read.

- cauda equina told by a wife: the paper not felt after wiping, wiping that feels weird, no wee since he got up;
- a fragility fracture in a woman with dementia: a hand put to the middle of her back (no painful hand), a missed
  chair and a hard sit down;
- acute limb ischaemia: one limb, then "cold like ice and pale white" further on in its sentence;
- "Nothing sudden" denies a sudden onset (a teenager's "worst headache ever" with aura and a slow build);
- in the patient's own note a fever after "he had" is someone else's (the toddler's), with its temperature.
"""

from __future__ import annotations

import pytest

from tests.conftest import absent, at_least, flags, level, present, ranked

# ---------------------------------------------------------------- missed cauda equina
R39P_01 = (
    "Hi its Sandra, Kevin's wife (DOB 12/03/71). Sorry to message on here but cant get through on the phone. Kev has had "
    "his sciatica again since he lifted the patio slabs on saturday, its usually just his right leg but since yesterday "
    "he says both legs are tingly and heavy down the back. The reason im writing really is this morning he said it felt "
    "weird wiping after the loo like he couldnt feel the paper, and he hasnt had a wee since he got up (its 3pm now), he "
    "says he just doesnt need to go. Hes taking the naproxen and codeine from last time. Can he come in for his "
    "injection sooner? He wont want a fuss"
)


def test_the_reported_wife_message_is_a_cauda_equina_emergency(assess) -> None:
    result = assess(R39P_01)
    assert present(result, "saddle_anaesthesia")
    assert present(result, "urinary_retention")
    assert "cauda_equina_syndrome" in flags(result)
    assert level(result) == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "Sciatica for a week. When wiping this morning I honestly can't feel the toilet paper.",
        "Back pain and both legs heavy. After she wipes she doesn't really feel the tissue at all.",
        "Back gone again, both legs tingly. It feels really strange wiping my bottom since yesterday.",
        "Low back pain, legs heavy. It felt funny wiping after the toilet.",
    ],
)
def test_wiping_then_the_paper_not_felt_or_wiping_that_feels_strange_is_saddle_numbness(assess, text: str) -> None:
    assert present(assess(text), "saddle_anaesthesia")


@pytest.mark.parametrize(
    "text",
    [
        "Back pain. Wiping the kitchen table I can't feel the cloth in my fingers.",
        "Back pain. It felt odd wiping the table with my sore wrist.",
    ],
)
def test_wiping_a_table_is_no_saddle_numbness(assess, text: str) -> None:
    assert not present(assess(text), "saddle_anaesthesia")


@pytest.mark.parametrize(
    "text",
    [
        "Bad back since Monday, both legs weak. I haven't been for a wee since breakfast.",
        "Her back went yesterday and she hasn't done a pee all day.",
    ],
)
def test_no_wee_for_hours_is_retention(assess, text: str) -> None:
    assert present(assess(text), "urinary_retention")


def test_a_wee_bit_is_no_wee(assess) -> None:
    result = assess("Back pain. He hasn't had a wee bit of trouble since the physio.")
    assert not present(result, "urinary_retention")


# ---------------------------------------------------------------- missed vertebral fracture
R39P_04 = (
    "Writing on behalf of my mother Margaret, 84, who has Alzheimer's and lives with us. She's been on prednisolone for "
    "her lungs for about six years, 10mg most days and more when she's chesty. On Tuesday she missed the chair and sat "
    "down very hard on the edge of it. She can't tell us properly what hurts but she cries out whenever we help her "
    "stand or roll her in bed, and she keeps putting her hand to the middle of her back. She won't walk to the bathroom "
    "now. No bruise that we can see. Still eating. Could someone see her? She gets very distressed in waiting rooms."
)


def test_the_reported_carer_note_is_a_vertebral_fracture(assess) -> None:
    result = assess(R39P_04)
    assert present(result, "mid_back_pain")
    assert not present(result, "hand_pain")
    assert present(result, "trivial_trigger")
    assert "vertebral_fracture" in flags(result)
    assert ranked(result)[0] == "vertebral_compression_fracture"
    assert at_least(result, "soon")


@pytest.mark.parametrize(
    "text",
    [
        "Dad is 88 and on steroids for years. Since Sunday he holds his hand on the middle of his back and groans.",
        "My nan, 86, keeps rubbing her hand against the centre of her back since a fall. She has osteoporosis.",
    ],
)
def test_a_hand_held_to_the_middle_of_the_back_is_mid_back_pain(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "mid_back_pain")
    assert not present(result, "hand_pain")


def test_a_hand_on_the_table_is_no_back_and_a_sore_hand_stays_a_sore_hand(assess) -> None:
    result = assess("She keeps her hand on the middle of the table. Her hand hurts when she holds a cup.")
    assert not present(result, "mid_back_pain")
    assert present(result, "hand_pain")


@pytest.mark.parametrize(
    "text",
    [
        "Mum is 80. She missed her seat yesterday and landed on the floor, now back pain.",
        "He sat down really heavily on the bench on Friday and his back has hurt since.",
    ],
)
def test_a_missed_seat_or_a_hard_sit_down_is_a_minor_trigger(assess, text: str) -> None:
    assert present(assess(text), "trivial_trigger")


def test_missing_the_bus_or_sitting_down_to_hard_work_is_no_trigger(assess) -> None:
    result = assess("I missed the bus and sat down to hard work at my desk. Back ache.")
    assert not present(result, "trivial_trigger")


# ---------------------------------------------------------------- missed acute limb ischaemia
R39P_11 = (
    "Assalam o alaikum. My father Mr Bashir age 68 have sugar (diabetes) and had heart attack 2 years before and has "
    "irregular heartbeat, he stop his blood thinner last month because of stomach bleeding. Today morning at 10 o clock "
    "suddenly his left leg from the knee down become very very painful, cold like ice and pale white colour compare to "
    "the other leg. Now he cannot move his toes well and he say the leg is going numb. He has sugar nerve pain in both "
    "feet since many years but this is totally different, he is crying. Please advise urgently"
)


def test_the_reported_son_message_is_acute_limb_ischaemia(assess) -> None:
    result = assess(R39P_11)
    assert present(result, "acute_limb_ischaemia")
    assert "vascular_emergency" in flags(result)
    assert level(result) == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "Her foot since this afternoon is really sore, freezing and white compared with the other one.",
        "His foot this morning went very painful, pale and cold compared to the other.",
    ],
)
def test_one_limb_then_cold_and_pale_further_on_is_ischaemia(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "acute_limb_ischaemia")
    assert level(result) == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "My hands go cold and white in winter and then blue.",
        "Every winter my hand goes white and cold when I hang the washing out, then red and throbbing.",
        "His leg is painful today but it is not cold and pale.",
    ],
)
def test_both_hands_in_the_cold_or_a_denial_is_no_ischaemia(assess, text: str) -> None:
    assert not present(assess(text), "acute_limb_ischaemia")


# ---------------------------------------------------------------- false thunderclap
R39P_15 = (
    "My daughter Chloe is 15 and has had headaches since her periods started 2 years ago. Every time she says it's \"the "
    "worst headache ever\" but honestly she says that about everything, she's a teenager! They always start the same "
    "way: she sees shimmery zigzags for about 20 minutes, then a pounding on one side that builds up over an hour or "
    "two, she goes pale, is sick and has to lie in a dark room. Next day she's fine. About 3 a month, often around her "
    "period, and she's missed a lot of school. Calpol and ibuprofen don't touch it. Nothing sudden, no bang to the "
    "head. Optician checked her eyes, all normal. Could she try something stronger?"
)


def test_the_reported_teenager_migraine_is_no_thunderclap(assess) -> None:
    result = assess(R39P_15)
    assert absent(result, "sudden_onset")
    assert "thunderclap_headache" not in flags(result)
    assert ranked(result)[0] == "migraine"


@pytest.mark.parametrize(
    "text",
    [
        "Headaches with aura since I was 14, building over an hour. Nothing sudden about them.",
        "His usual migraine, nothing at all sudden, it crept up over the morning.",
    ],
)
def test_nothing_sudden_denies_the_onset(assess, text: str) -> None:
    result = assess(text)
    assert absent(result, "sudden_onset")
    assert not present(result, "sudden_onset")


def test_nothing_helped_then_a_sudden_headache_is_still_sudden(assess) -> None:
    result = assess("Nothing helped my neck, then a sudden severe headache at the gym, worst ever.")
    assert present(result, "sudden_onset")
    assert "thunderclap_headache" in flags(result)


# ---------------------------------------------------------------- false spinal infection
R39P_16 = (
    "Buenas tardes, I am Rosa 31 years. My lower back hurts since 5 days, I was carrying my son (he is 3, heavy!) in "
    "the hospital for many hours because he had fever 39 and infection in the ear, he is better now gracias a Dios. Me, "
    "I don't have fever, I feel normal, just the back is tight on the right side, more when I bend to lift him from the "
    "car seat. The pain stays in the back, not in the legs. I take ibuprofen and heat pad, it helps. Is it ok to do my "
    "zumba class?"
)


def test_the_reported_mother_note_has_no_fever_of_hers(assess) -> None:
    result = assess(R39P_16)
    assert not present(result, "fever")
    assert "spinal_infection" not in flags(result)
    assert level(result) in {"routine", "soon"}


@pytest.mark.parametrize(
    "text",
    [
        "My lower back has been sore for a week since I nursed my husband through the flu, he had a high temperature of "
        "39.5 for days. I feel fine myself.",
        "I have had low back pain for 4 days from lifting my daughter, she's got a fever and an ear infection. I am well.",
    ],
)
def test_a_third_persons_fever_in_the_patients_own_note_is_not_hers(assess, text: str) -> None:
    result = assess(text)
    assert not present(result, "fever")
    assert "spinal_infection" not in flags(result)


def test_the_patients_own_fever_and_a_clinicians_he_still_count(assess) -> None:
    own = assess("My lower back has hurt for 5 days and I have had a fever of 39 with shivers.")
    assert present(own, "fever")
    assert "spinal_infection" in flags(own)
    clinician = assess("Reviewed this 50 year old man. Low back pain for 5 days; he had a fever of 39 last night.")
    assert present(clinician, "fever")
    assert "spinal_infection" in flags(clinician)
