"""Round 39 (fix39s, safety set): red flags told indirectly, as patterns in our own words.

- a foot told flapping as it walks ("my left foot sort of flaps when i walk"): a foot drop, a progressive deficit; a
  surgical flap on the foot is not;
- a pain going "zero to ten instantly": severe; the usual migraines set against this one in a negative ("My normal
  migraines creep up over an hour ..., this didnt"): a headache unlike the usual - with a sudden onset a thunderclap;
- a headache building over a range of hours ("over 1-2 hours"): gradual, so a migraineur's usual attacks called "the
  worst ever" are no thunderclap (a first such headache or a sudden one still is);
- night sweats the sentence puts down to the menopause or HRT: not a fever's sweats (a fever word, drenching, weight
  loss or the cause doubted keeps them);
- suicide preparatory behaviour: a pet going to a relative, tablets not taken and kept, a visit "one last time", the
  dose that stops breathing researched, valuables given away (with a longer list between); giving things away before
  emigrating to live with family is no flag;
- a pain after an operation at a lumbar level ("persistent pain after his L4-S1 fusion"): low back pain, so the pain
  after spine surgery ranks first.
"""

from __future__ import annotations

import pytest

from tests.conftest import at_least, flags, level, present, ranked

# ---------------------------------------------------------------- a foot that flaps


@pytest.mark.parametrize(
    "text",
    [
        "Self-referral form. Sore back and down the back of my left leg since March, physio said its a trapped nerve. "
        "The last week or so my left foot sort of flaps when i walk, like a slap slap on the pavement.",
        "Low back pain and left leg pain for 2 months. His right foot has started flapping when he walks.",
        "Sciatica. The foot flapped down on the floor with each step since Tuesday.",
    ],
)
def test_a_foot_that_flaps_when_walking_is_a_foot_drop(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "progressive_weakness")
    assert "progressive_neurologic_deficit" in flags(result)
    assert at_least(result, "urgent")


@pytest.mark.parametrize(
    "text",
    [
        "Ankle pain. The foot flap healed well after the reconstruction.",
        "Sciatica for 2 months. No foot flapping, walks normally.",
    ],
)
def test_a_surgical_flap_or_a_denied_flapping_is_no_foot_drop(assess, text: str) -> None:
    result = assess(text)
    assert not present(result, "progressive_weakness")
    assert "progressive_neurologic_deficit" not in flags(result)


# ---------------------------------------------------------------- thunderclap told by analogy and contrast


@pytest.mark.parametrize(
    "text",
    [
        "hey quick q - can I take an extra sumatriptan? Ive had migraines forever. Yesterday at the gym mid-deadlift it "
        "felt like someone swung a bat into the back of my head, zero to ten instantly, I threw up. 34F",
        "34F. Yesterday at the gym it felt like someone hit me on the head, zero to ten instantly, threw up.",
        "Migraine for years. Headache came on suddenly, 0 to 10 in a second, while lifting a box.",
    ],
)
def test_zero_to_ten_instantly_is_a_severe_sudden_headache(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "severe_pain")
    assert "thunderclap_headache" in flags(result)
    assert level(result) == "emergency"


def test_a_scale_explained_from_zero_to_ten_is_no_severe_pain(assess) -> None:
    result = assess("Back pain for 3 weeks. On a scale from zero to ten it is a 4.")
    assert not present(result, "severe_pain")


@pytest.mark.parametrize(
    "text",
    [
        "Migraines for years. It came on instantly this morning. My normal migraines creep up over an hour with the "
        "sparkles first, this didnt.",
        "Migraine since teens. Headache came on suddenly this morning. Her usual headaches build slowly - this one did "
        "not.",
        "Known migraineur. The headache started abruptly an hour ago. His typical attacks start with an aura, but this "
        "time it wasn't like that.",
    ],
)
def test_the_usual_headaches_set_against_this_one_is_a_pattern_change(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "unlike_any_headache")
    assert "thunderclap_headache" in flags(result)


def test_a_headache_the_same_as_the_usual_ones_is_no_pattern_change(assess) -> None:
    result = assess("Migraine with aura since teens. Her usual attacks start with zigzags, this one did too.")
    assert not present(result, "unlike_any_headache")


# ---------------------------------------------------------------- a build over a range of hours


@pytest.mark.parametrize(
    "text",
    [
        "27-year-old woman with migraine with aura since age 14. Attacks begin with zigzag lines, then a throbbing "
        "headache building over 1-2 hours with vomiting. She calls each one \"the worst headache ever\" but they are "
        "identical to her usual attacks. 6-8 attacks a month.",
        "28F with migraine. Throbbing headache builds up over two to three hours with nausea, her worst headache ever, "
        "same as her usual attacks with the usual aura.",
        "28F. Over 1 to 2 hrs the headache slowly builds, worst headache ever, with the usual aura.",
    ],
)
def test_a_usual_migraine_building_over_a_range_of_hours_is_no_thunderclap(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "gradual_headache_onset")
    assert "thunderclap_headache" not in flags(result)


def test_a_worst_ever_headache_peaking_in_seconds_is_still_a_thunderclap(assess) -> None:
    result = assess("28F. Worst headache ever, came on in 1-2 seconds with the usual aura.")
    assert "thunderclap_headache" in flags(result)
    assert level(result) == "emergency"


# ---------------------------------------------------------------- menopausal night sweats


@pytest.mark.parametrize(
    "text",
    [
        "51F, right low back pain 5 months. She mentions night sweats - these started when she stopped her HRT in "
        "January, GP and gynae put them down to the menopause and she is back on HRT with improvement. Temp 36.6.",
        "51F low back pain. She has hot flushes and night sweats since the menopause. Temp 36.8.",
        "50F back pain 3 months. Night sweats, perimenopausal per her GP, afebrile.",
    ],
)
def test_night_sweats_put_down_to_the_menopause_are_no_fever(assess, text: str) -> None:
    result = assess(text)
    assert not present(result, "chills_rigors")
    assert "spinal_infection" not in flags(result)


@pytest.mark.parametrize(
    "text",
    [
        "52F back pain. Drenching night sweats, not the menopause according to gynae.",
        "52F back pain. Night sweats and weight loss despite HRT.",
    ],
)
def test_night_sweats_with_the_menopause_doubted_or_drenching_still_count(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "chills_rigors")
    assert "spinal_infection" in flags(result)


# ---------------------------------------------------------------- suicide preparatory behaviour


@pytest.mark.parametrize(
    "text",
    [
        # the reported wording (r39s_16)
        "Fibromyalgia 9 yrs, amitriptyline 25mg. Pain everywhere, 9/10. I want to say thank you to Dr Vos for "
        "everything. I have sorted things out at home now, the dog is going to my sister and I've given my sewing "
        "machine and good jewellery to my nieces. I haven't been taking the amitriptyline the last few weeks, I've "
        "been keeping them for when I need them. You won't need to book me another appointment.",
        # each part on its own
        "Fibromyalgia. I have sorted things out at home now, the dog is going to my sister.",
        "Chronic low back pain 8/10. His cat will go to live with his neighbour, he says. Mood flat.",
        "Fibromyalgia. I've given my sewing machine and good jewellery to my nieces.",
        "Fibromyalgia. I haven't been taking the amitriptyline the last few weeks, I've been keeping them for when I "
        "need them.",
        "Widespread pain. She stopped taking her pregabalin a month ago and has been hiding them in a drawer.",
        "Persistent pain after his L4-S1 fusion. His wife says last week he drove to Cardiff to see his brother "
        "\"one last time\".",
        "Back pain. He wants to hug the grandchildren for the last time, his wife says.",
        "Persistent pain after his fusion. His wife says his search history showed \"how much morphine stops your "
        "breathing\".",
        "Back pain. She asked how many tablets would stop her heart.",
    ],
)
def test_preparatory_behaviour_without_the_word_suicide_is_an_emergency(assess, text: str) -> None:
    result = assess(text)
    assert "suicide_risk" in flags(result)
    assert level(result) == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "Nurse note: Mrs B, 70, R hip OA - groin pain, limp. She has been giving away most of her furniture and saying "
        "goodbye to the neighbours and her bowls club because she is emigrating to Perth in June to live with her "
        "son, and is thrilled about it. Screened for low mood and thoughts of self-harm: none.",
        "Hip pain. He has been giving away his tools because he is moving into a smaller flat near his daughter.",
        "Chronic neck pain. The dog is going to my sister while I'm in hospital for the operation.",
        "Knee pain. I stopped taking the naproxen because of my stomach and I'm keeping them in case the pain flares.",
        "Back pain. Last week she went to see her mother one last time at the hospice.",
        "Back pain. He asked how much paracetamol is safe to take with his co-codamol.",
    ],
)
def test_ordinary_giving_keeping_and_visiting_raise_no_suicide_flag(assess, text: str) -> None:
    result = assess(text)
    assert "suicide_risk" not in flags(result)


# ---------------------------------------------------------------- pain after a lumbar operation


@pytest.mark.parametrize(
    "text",
    [
        "I am writing about Mr P, 58, whom you know with persistent pain after his L4-S1 fusion and later revision. "
        "His pain scores are unchanged at 8/10 and he remains on MST 30mg bd and pregabalin 300mg bd.",
        "62F with ongoing pain since her L5/S1 discectomy in 2019, 7/10, on gabapentin.",
        "Persistent pain following a 2021 L3-L5 decompression and fusion, worse standing.",
    ],
)
def test_pain_after_a_lumbar_operation_is_low_back_pain(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "low_back_pain")
    assert ranked(result)[0] == "persistent_spinal_pain_after_surgery"


def test_a_lumbar_operation_with_no_pain_since_is_no_back_pain(assess) -> None:
    result = assess("Knee pain for 2 years. Had an L4/5 discectomy in 2015 with no pain since.")
    assert not present(result, "low_back_pain")


# ---------------------------------------------------------------- a search history is no past history


@pytest.mark.parametrize(
    "text",
    [
        "Back pain. His search history showed how much morphine stops your breathing.",
        "Chronic pain on oxycodone. Her browser history had searches for how many tablets would stop her heart.",
    ],
)
def test_a_search_history_is_what_was_searched_now_not_the_past(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "suicide_method")
    assert "suicide_risk" in flags(result)


def test_a_past_history_of_an_overdose_stays_history(assess) -> None:
    result = assess("History of overdose aged 19. Back pain now for 2 weeks after lifting.")
    assert "suicide_risk" not in flags(result)


# ---------------------------------------------------------------- further care declined as a parting


@pytest.mark.parametrize(
    "text",
    [
        "Fibromyalgia, pain 9/10, sleep about 3 hrs, feeling very low. I want to say thank you for everything you have "
        "tried. You won't need to book me another appointment.",
        "Back pain for years, I've been so down lately. No need to send me any more appointments.",
        "Neck pain 8/10, low mood. Tell the clinic they don't need to make him a follow-up appointment.",
    ],
)
def test_follow_up_declined_with_low_mood_is_screened_today(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "declines_follow_up_farewell")
    assert "suicide_risk" in flags(result)
    assert at_least(result, "urgent")


@pytest.mark.parametrize(
    "text",
    [
        "Knee pain much better. You won't need to book me another appointment.",
        "Back pain, low mood. You won't need to book me another appointment as I'm moving to Spain.",
        "Back pain for years, depressed. You won't need to book me another appointment, the injection worked and I'm "
        "pain-free.",
    ],
)
def test_follow_up_declined_when_better_moving_or_without_low_mood_is_no_flag(assess, text: str) -> None:
    result = assess(text)
    assert "suicide_risk" not in flags(result)
