"""Round 41, patients' and relatives' own words (fix41p): each pattern with the reported wording, two of our own and a
twin that must not read.

- a foot drop in second-language or lay words: a foot that is "not lifting good", walking then the foot "slapping on
  floor"; numbness "going more up" is a spreading numbness; the heel stand lost "on that side" is the test of power,
  not an inability to stand;
- a scalp told not sore, not tender or fine denies scalp pain and tenderness (it had made a trigeminal neuralgia
  after 50 a new headache after 50, urgent);
- a fall off a trampoline is a fall from a metre (major trauma); landing on the back is a fall; one spot on the spine
  sore to press is point tenderness; a fall or blow then point spinal tenderness is a possible fracture;
- painful periods in lay words are dysmenorrhoea, a pelvic pain weighing for chronic pelvic pain (NICE NG73).
"""

from __future__ import annotations

import pytest

from tests.conftest import absent, at_least, flags, level, present, ranked

# ---------------------------------------------------------------- missed progressive deficit (foot drop)
R41P_09 = (
    "Good morning doctor, I am Rohan, 46. Since two week I have pain from the bottom of\nback going down in left leg "
    "to the outside of foot, like electric. Last friday I see\nmy left foot is not lifting good, when I walk it is "
    "slapping on floor and I am\ntripping on the carpet edge two times. On Monday it was little bit, now today it is\n"
    "more worse, I cannot stand on my heel on that side at all. The top of foot is also\nnumb and the numb is going "
    "more up. Toilet and bladder is normal. Please can I come\nsoon.\n"
)


def test_the_reported_message_is_a_progressive_deficit(assess) -> None:
    result = assess(R41P_09)
    assert present(result, "foot_not_lifting_lay")
    assert present(result, "spreading_numbness")
    assert present(result, "motor_weakness")
    assert not present(result, "unable_to_walk")
    assert "progressive_neurologic_deficit" in flags(result)
    assert "cauda_equina_syndrome" not in flags(result)
    assert at_least(result, "urgent")
    assert ranked(result)[0] == "lumbar_radiculopathy"


@pytest.mark.parametrize(
    "text",
    [
        "Back pain into my right leg for ten days. His foot isn't lifting properly now and he catches it on the stairs.",
        "Me back pain going leg. When I walking, the foot is slapping on ground like a flat shoe. Every day more.",
        "Sciatica for 2 weeks. My left foot is not lifting good since Friday.",
    ],
)
def test_a_foot_drop_in_second_language_or_lay_words(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "foot_not_lifting_lay")
    assert "progressive_neurologic_deficit" in flags(result)


def test_numbness_going_further_up_is_spreading(assess) -> None:
    result = assess("Bad sciatica. The numbness is going further up my calf since Monday.")
    assert present(result, "spreading_numbness")
    assert "progressive_neurologic_deficit" in flags(result)


def test_the_heel_stand_lost_on_one_side_is_weakness_not_an_inability_to_stand(assess) -> None:
    result = assess(
        "Since two weeks pain from my back down the left leg. I cannot stand on my heel on that side at all."
    )
    assert present(result, "motor_weakness")
    assert not present(result, "unable_to_walk")


@pytest.mark.parametrize(
    "text",
    [
        "My sciatica is back. When I walk my sandals slap on the floor.",
        "Ankle sprain. My foot is not lifting because it is so swollen.",
    ],
)
def test_slapping_sandals_and_a_foot_too_swollen_to_lift_are_no_foot_drop(assess, text: str) -> None:
    result = assess(text)
    assert not present(result, "foot_not_lifting_lay")
    assert not present(result, "progressive_weakness")
    assert "progressive_neurologic_deficit" not in flags(result)


def test_numbness_reaching_a_level_or_creeping_over_years_is_no_spread(assess) -> None:
    assert not present(assess("The numbness goes up to my knee."), "spreading_numbness")
    assert not present(
        assess("Numbness in both feet creeping higher up over the last five years."), "spreading_numbness"
    )


# ---------------------------------------------------------------- over-triage: trigeminal neuralgia after 50
R41P_19 = (
    "I'm 61. For two months I've had sudden electric shocks in my left cheek and top lip,\neach one a second or two, "
    "like being stabbed with a live wire. Brushing my teeth,\na cold wind or touching the side of my nose sets them off, "
    "and sometimes the first\nbite of food, but my jaw doesn't get tired chewing, it's just the shock. In between\n"
    "I'm fine. My scalp isn't sore, my eyesight is fine and the GP did a blood test for\ninflammation that was normal. "
    "My dentist found nothing wrong with my teeth.\n"
)


def test_the_reported_neuralgia_is_no_new_headache_after_50(assess) -> None:
    result = assess(R41P_19)
    assert absent(result, "scalp_radiation")
    assert absent(result, "scalp_tenderness")
    assert "giant_cell_arteritis" not in flags(result)
    assert level(result) in ("routine", "soon")
    assert ranked(result)[0] == "trigeminal_neuralgia"


@pytest.mark.parametrize(
    "text",
    [
        "He's 66. Three weeks of electric zaps along his left lower jaw when he shaves. His scalp's fine, no problem with "
        "his eyes, inflammation test normal.",
        "I'm 58. Six weeks of stabbing shocks in my right cheek when I wash my face, seconds each. My scalp is not sore "
        "or tender at all and my blood test for inflammation was normal.",
    ],
)
def test_a_scalp_told_fine_or_not_sore_denies_it(assess, text: str) -> None:
    result = assess(text)
    assert absent(result, "scalp_radiation")
    assert not present(result, "head_pain")
    assert "headache_new_over_50" not in result["triage"].get("rules", [])
    assert level(result) in ("routine", "soon")


def test_a_sore_scalp_still_reads_and_flags_arteritis_over_50(assess) -> None:
    result = assess("I'm 61. For two months I've had electric shocks in my cheek. My scalp is sore to touch.")
    assert present(result, "scalp_tenderness")
    assert "giant_cell_arteritis" in flags(result)
    assert level(result) == "urgent"


# ---------------------------------------------------------------- missed vertebral fracture after a fall
R41P_12 = (
    "ok so my mum's making me write this. i'm 16. i was doing a backflip on my mates\ntrampoline on saturday and went "
    "off the side and landed flat on my back on the\npatio. proper winded. since then theres this one spot right in "
    "the middle of my\nspine thats super sore if u press it, and it hurts to breathe in deep or twist. i\ncan walk and "
    "everything and my legs are fine, no tingling. been taking ibuprofen.\nhonestly its probs just bruised but mum "
    "says it could be broken idk\n"
)


def test_the_reported_trampoline_fall_flags_a_fracture(assess) -> None:
    result = assess(R41P_12)
    assert present(result, "trampoline_fall")
    assert present(result, "landed_on_back_lay")
    assert present(result, "focal_spinal_tenderness")
    assert "vertebral_fracture" in flags(result)
    assert at_least(result, "soon")


def test_a_fall_off_a_trampoline_is_a_dangerous_fall(assess) -> None:
    result = assess(
        "My son is 12, he fell off the neighbour's trampoline yesterday onto the grass. Now his back hurts in the middle."
    )
    assert present(result, "trampoline_fall")
    assert "vertebral_fracture" in flags(result)
    assert at_least(result, "soon")


def test_a_landing_on_the_back_then_point_tenderness_flags_a_fracture(assess) -> None:
    result = assess(
        "Hi, I'm 19 and slipped on the stairs at uni last week, landed hard on my back on the edge of a step. There's a "
        "point on my spine that really hurts when I push on it."
    )
    assert present(result, "landed_on_back_lay")
    assert present(result, "focal_spinal_tenderness")
    assert "vertebral_fracture" in flags(result)
    assert "fracture_injury_point_tenderness" in result["triage"].get("rules", [])
    assert at_least(result, "soon")


@pytest.mark.parametrize(
    "text",
    [
        "Aged 14. We were on the trampoline and I fell over when I bounced, my lower back has been aching since, "
        "nothing specific.",
        "I'm 35, my lower back aches after a day at the desk. If I press on my back muscles it's sore.",
    ],
)
def test_a_fall_on_the_trampoline_or_sore_muscles_are_no_fracture(assess, text: str) -> None:
    result = assess(text)
    assert not present(result, "trampoline_fall")
    assert not present(result, "focal_spinal_tenderness")
    assert "vertebral_fracture" not in flags(result)


def test_landing_on_the_feet_is_no_fall(assess) -> None:
    result = assess("Skydiving last summer, I landed on my feet fine. Back aches at work now.")
    assert not present(result, "landed_on_back_lay")
    assert not present(result, "trauma")


# ---------------------------------------------------------------- ranking: painful periods
R41P_18 = (
    "hey so im 17 and my periods are literally killing me lol. like not literally im not\ndepressed or anything im "
    "actually pretty happy, its just the cramps. low down in my\ntummy and into my back and tops of my legs, starts the "
    "day before and lasts 3 days,\ni miss school every month. now ive got this ache down there most of the month too\n"
    "not just on my period, and it hurts when i do a poo sometimes. mum gets bad ones too.\nibuprofen helps a bit. gp "
    "said to contact u\n"
)


def test_the_reported_period_pain_ranks_chronic_pelvic_pain(assess) -> None:
    result = assess(R41P_18)
    assert present(result, "dysmenorrhoea")
    assert "chronic_pelvic_pain" in ranked(result)[:3]
    assert "suicide_risk" not in flags(result)
    assert level(result) in ("routine", "soon")


@pytest.mark.parametrize(
    "text",
    [
        "My daughter is 15. She gets terrible cramps with her period, low in her tummy, and has to come home from "
        "school. Now she aches low down most days.",
        "Age 24. Period pain every month since I was 13, worse the last two years. Painkillers barely touch it.",
    ],
)
def test_painful_periods_in_other_words(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "dysmenorrhoea")
    assert ranked(result)[0] == "chronic_pelvic_pain"


def test_heavy_periods_alone_are_no_period_pain(assess) -> None:
    result = assess("I'm 30 with low back pain after lifting. My periods are heavy but fine otherwise.")
    assert not present(result, "dysmenorrhoea")
    assert "chronic_pelvic_pain" not in ranked(result)[:3]
