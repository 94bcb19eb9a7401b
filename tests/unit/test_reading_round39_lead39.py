"""Round 39 (lead39: the held-out round's misses and the lead's probes), each a pattern with two new wordings and a
negative twin.

1. preparatory behaviour found rather than told (C-SSRS): tablets hidden somewhere, a hidden stash, weeks of a drug
   not taken, letters or envelopes addressed to the family;
2. a high-energy fall dated years back is no injury of now (no traumatic-fracture flag under 70);
3. the writer named by the parent's bare kinship name ("I'm Mum's daughter") writes about the parent;
4. the side between the arthritis and the joint ("arthritis of the right hip") names hip osteoarthritis;
5. "a pulsing in my tummy" is a felt abdominal pulsation (a throbbing pain is not);
6. ", it was not the worst headache of her life" is a denial even after a terminating comma;
7. the fear that the pain is a cancer ("Worried it's cancer") is no cancer history; the fear it has come back is.
"""

from __future__ import annotations

import pytest

from tests.conftest import absent, at_least, flags, level, present, ranked


# ---------------------------------------------------------------- 1. preparatory behaviour found by a relative
@pytest.mark.parametrize(
    "text",
    [
        "Writing about my wife, she has fibromyalgia. Last night I found a jar of her tablets hidden in the wardrobe - "
        "looks like weeks of her amitriptyline and co-codamol she hasn't been taking. There were also envelopes "
        "addressed to our two boys, tucked with her will.",
        "My dad has had back pain for years. His pills were stashed behind the boiler, about a month of them.",
        "Low back pain for 2 years. I have got weeks of my pregabalin that I have not been taking, in a shoebox.",
        "My husband has neck pain. I found letters addressed to his daughters in the drawer next to his passport.",
    ],
)
def test_hidden_tablets_and_letters_to_the_family_are_preparatory_behaviour(assess, text: str) -> None:
    result = assess(text)
    assert "suicide_risk" in flags(result)
    assert level(result) == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "I keep my tablets hidden in the top cupboard away from the grandchildren. Back pain 3 months.",
        "Back pain for 6 months. She has two weeks of her pregabalin she hasn't been taking because it made her dizzy.",
        "Back pain for a year. I have a card addressed to my son for his birthday on the table.",
    ],
)
def test_tablets_kept_safe_or_stopped_for_a_side_effect_are_no_preparation(assess, text: str) -> None:
    result = assess(text)
    assert "suicide_risk" not in flags(result)


# ---------------------------------------------------------------- 2. a high-energy fall dated years back
@pytest.mark.parametrize(
    "text",
    [
        "Picker, 28. Low back pain 5 days after a shift of lifting totes. He fell off a ladder in 2021, had an x-ray "
        "that was clear and was fully back to work in a fortnight. No fever.",
        "Age 40. Lower back pain for a week after digging. Came off his motorbike 6 years ago, no problems since.",
        "34 year old with back ache for 4 days after moving furniture. As a teenager she fell from a tree.",
    ],
)
def test_a_fall_years_ago_is_not_the_injury_of_now(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "remote_major_trauma")
    assert "vertebral_fracture" not in flags(result)


@pytest.mark.parametrize(
    "text",
    [
        "Age 40. Low back pain for 5 days. He fell off a ladder 5 years ago and fell off it again yesterday.",
        "Age 45. Back pain for a week. Came off his motorbike at 60 mph last Saturday, was in a crash years ago too.",
        "78 year old, back pain 5 days. Fell off a ladder in 2019.",
    ],
)
def test_a_recent_fall_or_an_older_patient_keeps_the_fracture_flag(assess, text: str) -> None:
    result = assess(text)
    assert "vertebral_fracture" in flags(result)


# ---------------------------------------------------------------- 3-4. a daughter writes about Mum's hip
def test_mums_daughter_writes_about_mums_hip(assess) -> None:
    result = assess(
        "Dear Dr, I'm Mum's daughter (she's 76) - she's a bit deaf so I'm writing. Mum has had a pain in her right "
        "groin going down the front of her thigh for about a year, worse after walking the dog, and she struggles to "
        "put her tights and shoes on. The x-ray said moderate to severe arthritis of the right hip."
    )
    assert ranked(result)[0] == "hip_osteoarthritis"
    assert present(result, "pain_spreads_from_joint")


@pytest.mark.parametrize(
    "text",
    [
        "I am Dad's son, writing for him. Dad has had a pain in his left groin spreading into the front of his thigh "
        "for 8 months, worse on walking, stiff in the mornings.",
        "Groin pain for a year, worse walking. X-ray: osteoarthritis of the left hip.",
    ],
)
def test_the_side_between_arthritis_and_hip_and_the_parents_name(assess, text: str) -> None:
    result = assess(text)
    assert "hip_osteoarthritis" in ranked(result)[:2]


def test_a_relatives_arthritis_of_one_knee_is_family_history(assess) -> None:
    result = assess("She has had low back pain for 3 weeks after lifting. Her mother had arthritis of the right hip.")
    assert not present(result, "stated_hip_oa")


# ---------------------------------------------------------------- 5. a pulsation felt in the belly
@pytest.mark.parametrize(
    "text",
    [
        "72 year old man. Low back pain for 2 days, came on suddenly. There's a pulsing in my tummy.",
        "Age 66, back ache 3 days, and I have a strange pulsating feeling in my stomach.",
    ],
)
def test_a_pulsing_in_the_tummy_is_a_felt_pulsation(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "felt_abdominal_pulsation")
    assert "vascular_emergency" in flags(result)


def test_a_throbbing_pain_in_the_tummy_is_no_pulsation(assess) -> None:
    result = assess("Age 66, back ache 3 days, throbbing pain in my tummy after eating.")
    assert not present(result, "felt_abdominal_pulsation")


# ---------------------------------------------------------------- 6. ", it was not the worst headache"
@pytest.mark.parametrize(
    "text",
    [
        "Headache for 2 weeks, frontal, worse in the evening. She denies a sudden onset, it was not the worst headache "
        "of her life. 34 year old woman.",
        "Headaches for a month. Came on gradually, it wasn't the worst headache of his life. Age 29.",
        "Frontal headache 10 days. Builds over hours and it was not a thunderclap headache. 41 years old.",
    ],
)
def test_a_denied_worst_ever_headache_after_a_comma(assess, text: str) -> None:
    result = assess(text)
    assert absent(result, "worst_ever_headache")
    assert "thunderclap_headache" not in flags(result)


def test_a_worst_ever_headache_after_a_comma_is_kept(assess) -> None:
    result = assess("Headache since an hour ago. No fever, it was the worst headache of her life.")
    assert "thunderclap_headache" in flags(result)
    assert level(result) == "emergency"


# ---------------------------------------------------------------- 7. the fear of a cancer
@pytest.mark.parametrize(
    "text",
    [
        "Worried it's cancer. I have had low back pain for 6 weeks after gardening, worse bending. No weight loss. "
        "I'm 41.",
        "Scared this might be a tumour. Neck pain 2 months after a new desk job. Age 30.",
    ],
)
def test_the_fear_of_a_cancer_is_no_cancer_history(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "fear_of_cancer")
    assert not present(result, "cancer_history")
    assert "spinal_malignancy" not in flags(result)


@pytest.mark.parametrize(
    "text",
    [
        "Worried it's cancer again. Back aches at night for 3 weeks. Age 45.",
        "Scared the cancer is back. Back pain 3 weeks. Age 45.",
    ],
)
def test_the_fear_of_a_cancer_coming_back_tells_a_cancer_history(assess, text: str) -> None:
    result = assess(text)
    assert "spinal_malignancy" in flags(result)
    assert at_least(result, "urgent")


# ---------------------------------------------------------------- 8. the amount that would "do it" looked up
@pytest.mark.parametrize(
    "text",
    [
        "I've had enough. Back pain for 8 years, nothing works. I've looked up online how many of my amitriptyline "
        "would do it. Not told anyone.",
        "Neck pain 3 years. She has been wondering how many of her sleeping tablets would be enough.",
        "Back pain for years, I'm done. I googled how much of my morphine would finish me.",
    ],
)
def test_looking_up_the_amount_that_would_do_it_is_a_method(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "suicide_method")
    assert "suicide_risk" in flags(result)
    assert level(result) == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "Back pain. I looked up how many paracetamol I can take a day.",
        "Back pain 2 years. I checked how much morphine it would take to help me sleep through.",
    ],
)
def test_looking_up_a_daily_dose_or_a_dose_for_the_pain_is_no_method(assess, text: str) -> None:
    result = assess(text)
    assert "suicide_risk" not in flags(result)


# ---------------------------------------------------------------- 9. a headache that "hit me like a bang"
@pytest.mark.parametrize(
    "text",
    [
        "Headache for 3 days since lifting weights at the gym - it hit me like a bang at the back of my head and I "
        "threw up. 38F.",
        "Headache came on with a bang while lifting weights yesterday, 38F.",
        "Her headache struck her like a clap of thunder during sex two days ago. 44F.",
    ],
)
def test_a_headache_that_hit_like_a_bang_is_a_thunderclap(assess, text: str) -> None:
    result = assess(text)
    assert "thunderclap_headache" in flags(result)
    assert level(result) == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "Back pain: I bent down and it hit me like a bang, 38F.",
        "Headache since yesterday after a bang on the head from a cupboard door. 38F.",
    ],
)
def test_a_bang_in_the_back_or_on_the_head_is_no_thunderclap(assess, text: str) -> None:
    result = assess(text)
    assert "thunderclap_headache" not in flags(result)


# ---------------------------------------------------------------- 10. a slow stream beside a new back pain, under 50
@pytest.mark.parametrize(
    "text",
    [
        "Text from patient: back killing me 2 days, peeing is weird - have to wait ages and then it dribbles, and my "
        "girlfriend says I'm walking funny. 29M",
        "Low back pain for a week after moving house. I have to wait a while before the pee starts. 38F",
        "Back pain 2 days. Since yesterday I can only pass a dribble. 29M",
    ],
)
def test_a_slow_stream_beside_a_new_back_pain_under_50_is_a_cauda_equina_symptom(assess, text: str) -> None:
    result = assess(text)
    assert "cauda_equina_syndrome" in flags(result)
    assert level(result) == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "72M, low back pain for 2 weeks after gardening, has to wait ages at the toilet, up twice at night.",
        "Low back pain 3 weeks. 35M. No problems passing urine, no hesitancy.",
        "Back pain 3 days, 25F, burning when I wee and I have to wait a while for it to start, going every hour.",
    ],
)
def test_an_older_mans_slow_stream_a_denial_or_a_urine_infection_is_no_cauda_equina(assess, text: str) -> None:
    result = assess(text)
    assert "cauda_equina_syndrome" not in flags(result)


# ---------------------------------------------------------------- 11. a greeting before the relative's sentence
@pytest.mark.parametrize(
    "text",
    [
        "Hi, my 80 year old dad has had really bad back pain since yesterday, he's clammy and grey, and says his "
        "belly hurts too. He has high blood pressure.",
        "Dear Dr Patel, my husband (62) can't pass urine since this morning and his back is agony.",
    ],
)
def test_a_greeting_before_the_relative_opens_a_note_about_the_relative(assess, text: str) -> None:
    result = assess(text)
    assert level(result) == "emergency"
    assert flags(result) & {"vascular_emergency", "cauda_equina_syndrome"}


def test_a_greeting_before_the_writers_own_pain_keeps_the_relatives_cancer_as_family_history(assess) -> None:
    result = assess("Hi, my back has hurt for 3 weeks after lifting. My mum had breast cancer.")
    assert "spinal_malignancy" not in flags(result)
