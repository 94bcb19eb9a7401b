"""Round 40, patients' and relatives' own words (fix40p): each pattern with the reported wording, two of our own and a
twin that must not read.

- a form's answer after its label and colon ("Anything else we should know: she had breast cancer") is no longer
  inside the label's "should"; a form line opening with a capitalised label and a colon starts a sentence;
- clothes that keep "falling down" are weight lost, not falls or an unsteady gait;
- "middle to lower back" and the back at the bra strap are mid (thoracic) back pain;
- a relative's age ending its line ("Patient: my mum, 64");
- "pain in back middle" / "pain in back" without the article; the bed or sheets wet from sweat are night sweats;
- "nothing numb in the saddle bit" denies the saddle numbness;
- a foot drop coming on in lay words: a foot that slaps the floor when walking, toes that don't lift up, heel standing
  lost since last week;
- a headache that "gets worse over an hour" or "creeps up" is a gradual onset (no thunderclap in a known migraine).
"""

from __future__ import annotations

import pytest

from tests.conftest import absent, at_least, flags, level, present, ranked

# ---------------------------------------------------------------- missed spinal malignancy, under-triage
R40P_04 = (
    "Self-referral form - completed by: daughter (Priya)\n"
    "Patient: my mum, 64\n"
    "Where is the pain: middle to lower back, she points just under her bra strap\n"
    "How long: about 2 months, getting worse\n"
    "Anything else we should know: she had breast cancer nine years ago but they signed her off, all clear, so the GP "
    "didn't\nseem worried. The thing is it's worst at night, she's up walking round the kitchen at 3am because lying "
    "still is\nthe worst. She's had to put a safety pin in her trousers because they keep falling down, she's not "
    "dieting.\nPainkillers tried: paracetamol, co-codamol (makes her sick)\n"
)


def test_the_reported_form_is_a_spinal_malignancy_seen_urgently(assess) -> None:
    result = assess(R40P_04)
    assert present(result, "cancer_history")
    assert present(result, "weight_loss")
    assert present(result, "mid_back_pain")
    assert not present(result, "falls_history")
    assert not present(result, "gait_imbalance")
    assert "spinal_malignancy" in flags(result)
    assert "progressive_neurologic_deficit" not in flags(result)
    assert level(result) == "urgent"
    assert "cancer_pain" in ranked(result)[:3]


@pytest.mark.parametrize(
    "text",
    [
        "Back pain for a month.\nAnything else we should know: he had bowel cancer four years ago.",
        "Where is the pain: lower back\nAnything we should be aware of: she had a melanoma removed and treated last year.",
    ],
)
def test_a_form_answer_after_a_should_label_is_told_as_fact(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "cancer_history")
    assert "spinal_malignancy" in flags(result)


def test_a_should_of_the_writers_own_still_supposes(assess) -> None:
    result = assess("Back pain for a month. I should see someone if I lose weight.")
    assert not present(result, "weight_loss")


@pytest.mark.parametrize(
    "text",
    [
        "Back pain for 2 months. She's had to put a safety pin in her trousers because they keep falling down.",
        "Low back pain, worse at night. His jeans keep falling down now, he isn't trying to lose weight.",
        "Back ache for weeks. My trousers keep falling down, I'm not dieting.",
    ],
)
def test_clothes_that_keep_falling_down_are_weight_loss_not_falls(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "weight_loss")
    assert not present(result, "falls_history")
    assert not present(result, "gait_imbalance")


def test_a_person_who_keeps_falling_still_falls(assess) -> None:
    result = assess("Back pain. My trousers are loose and I keep falling over in the kitchen.")
    assert present(result, "falls_history")


@pytest.mark.parametrize(
    "text",
    [
        "Where is the pain: middle to lower back",
        "The pain is in the mid to low back for six weeks.",
        "Aching in my back just under my bra strap since the summer.",
    ],
)
def test_middle_to_lower_back_and_the_bra_strap_level_are_mid_back(assess, text: str) -> None:
    assert present(assess(text), "mid_back_pain")


def test_the_bra_strap_rubbing_the_shoulder_is_no_mid_back_pain(assess) -> None:
    result = assess("My lower back aches. The bra strap digs into my shoulder.")
    assert not present(result, "mid_back_pain")


@pytest.mark.parametrize(
    "text, age",
    [
        ("Patient: my mum, 64\nWhere is the pain: lower back", 64),
        ("Patient: my dad, 71\nProblem: back pain", 71),
    ],
)
def test_a_relatives_age_ending_its_line_is_the_patients(assess, text: str, age: int) -> None:
    result = assess(text)
    assert present(result, "age_over_50")


# ---------------------------------------------------------------- missed spinal infection
R40P_03 = (
    "hello i write for my brother Andrei he is 31. he have very bad pain in back middle, more worse every day, 2 week "
    "now. he\ncannot lie down on back, he sleep sitting on chair. in night he is shaking and all the bed is wet from "
    "sweat. i must tell\nyou true he use the heroin with needle, he try to stop but not yet. the doctor in walk in give "
    "him ibuprofen only. i am\nafraid. what we must do? please answer fast. thank you, Mihai\n"
)


def test_the_reported_brothers_message_is_a_spinal_infection(assess) -> None:
    result = assess(R40P_03)
    assert present(result, "mid_back_pain")
    assert "spinal_infection" in flags(result)
    assert at_least(result, "urgent")


@pytest.mark.parametrize(
    "text",
    [
        "She have pain in back middle since ten days, every night the sheets are wet from sweat.",
        "He has pain in back, two weeks. The bed is damp with sweat every morning. He injects drugs.",
    ],
)
def test_pain_in_back_without_the_article_and_a_bed_wet_from_sweat(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "mid_back_pain") or present(result, "low_back_pain")
    assert present(result, "chills_rigors")
    assert "spinal_infection" in flags(result)


def test_a_bed_wet_of_itself_is_no_sweat_and_back_home_is_no_back(assess) -> None:
    result = assess("Pain in back home was worse. He wet the bed last night.")
    assert not present(result, "chills_rigors")
    assert not present(result, "low_back_pain")


# ---------------------------------------------------------------- a foot drop coming on, saddle denied
R40P_08 = (
    "hey doc so the sciatica down my right leg is same as before but now my foot is doing something weird. it kind of "
    "slaps\nthe floor when i walk and ive tripped up the stairs twice since monday cos my toes dont lift up. last week "
    "i could stand on\nmy heels in the shower now i cant on the right. peeing and pooing all normal and nothing numb in "
    "the saddle bit, i checked\ncos my mate told me to. 26 yo, warehouse job. do i just wait for my appointment in "
    "june?\n"
)


def test_the_reported_message_is_a_progressive_deficit_not_cauda_equina(assess) -> None:
    result = assess(R40P_08)
    assert present(result, "progressive_weakness")
    assert absent(result, "saddle_anaesthesia")
    assert "progressive_neurologic_deficit" in flags(result)
    assert "cauda_equina_syndrome" not in flags(result)
    assert at_least(result, "urgent")
    assert ranked(result)[0] == "lumbar_radiculopathy"


@pytest.mark.parametrize(
    "text",
    [
        "Sciatica in my left leg. My foot slaps on the ground when I walk since Tuesday.",
        "Leg pain from my back. Since the weekend my toes won't lift up and I keep catching the kerb.",
        "Back pain into the right leg. Two days ago I could walk on my heels, now I can't on that side.",
    ],
)
def test_a_foot_drop_coming_on_in_lay_words(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "progressive_weakness")
    assert "progressive_neurologic_deficit" in flags(result)


def test_a_stiff_big_toe_and_a_hand_that_slaps_the_table_are_no_foot_drop(assess) -> None:
    result = assess("Pain in my big toe, it won't bend up. I slap the table when I laugh.")
    assert not present(result, "progressive_weakness")


@pytest.mark.parametrize(
    "text",
    [
        "Back pain and sciatica, nothing numb in the saddle bit, bladder fine.",
        "Low back pain. Nothing tingly down below and wees are normal.",
    ],
)
def test_nothing_numb_denies_the_saddle(assess, text: str) -> None:
    result = assess(text)
    assert not present(result, "saddle_anaesthesia")
    assert "cauda_equina_syndrome" not in flags(result)


def test_nothing_helps_a_numb_bum(assess) -> None:
    result = assess("Back pain since Friday and nothing helps the numbness in my bum.")
    assert present(result, "saddle_anaesthesia")
    assert "cauda_equina_syndrome" in flags(result)


# ---------------------------------------------------------------- a migraine that builds is no thunderclap
R40P_15 = (
    "this is Tia (15) typing w my mum. i get the worst headaches EVER like literally the worst ever every time lol. "
    "starts\nwith wiggly zigzag lights in one eye for like 20 min then it slowly gets worse over an hour on the left "
    "side, throbby,\ni have to lie in the dark and i feel sick. happens like 2 or 3 times a month esp near my period. "
    "ibuprofen helps a bit if\ni take it early. missed loads of school. nothing sudden, it always creeps up.\n"
)


def test_the_reported_teenagers_migraine_is_no_thunderclap(assess) -> None:
    result = assess(R40P_15)
    assert present(result, "gradual_headache_onset")
    assert "thunderclap_headache" not in flags(result)
    assert ranked(result)[0] == "migraine"


@pytest.mark.parametrize(
    "text",
    [
        "My migraines are the worst pain ever, 3 times a month, it gets worse over two hours with the zigzags first.",
        "Worst headaches ever, every month with my period. The headache always creeps up on me, never sudden.",
    ],
)
def test_a_headache_that_gets_worse_over_hours_or_creeps_up_is_gradual(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "gradual_headache_onset")
    assert "thunderclap_headache" not in flags(result)


def test_a_first_worst_ever_headache_that_came_suddenly_stays_a_thunderclap(assess) -> None:
    result = assess("The worst headache of my life came on suddenly an hour ago while lifting, like being hit.")
    assert "thunderclap_headache" in flags(result)
    assert level(result) == "emergency"
