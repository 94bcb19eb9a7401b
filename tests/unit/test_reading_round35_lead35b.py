"""Round 35, the lead's probes (lead35b, kb 2026.12.121), each a pattern with two wordings and a negative twin.

1. a recently injured limb that looks deformed, or cannot take weight or be used: possible fracture, urgent;
2. shin, leg or foot pain in a runner with focal bony tenderness or rest/night pain: possible stress fracture, soon;
3. thoughts of suicide dated more than a month back and denied now: past ideation, no emergency, screened in the plan;
   any ideation of now, of the past month, a plan, a means or preparation keeps the emergency;
4. leg pain on walking that eases on standing still with weak pulses: vascular, against lumbar stenosis;
5. inflammatory back pain with a painful red eye or uveitis: possible axial spondyloarthritis, soon.
No calendar dates: every time is relative ("yesterday", "last year").
"""

from __future__ import annotations

import pytest

from painpath.domain.model import Status
from tests.conftest import flags, level, offered, ranked


def _reasons(result: dict) -> str:
    return " || ".join(result["triage"]["reasons"])


# ---------------------------------------------------------------- 1. a deformed or unusable limb after an injury
@pytest.mark.parametrize(
    "text",
    [
        "She's 70, fell onto her outstretched hand yesterday, her wrist is swollen and bent like a fork.",
        "Slipped on the ice this morning and landed on my arm, it's at a funny angle and really hurts.",
        "Tripped over the dog two days ago, my little finger is bent sideways and out of shape.",
        "He fell yesterday and can't use his left arm at all since, shoulder very painful.",
    ],
)
def test_a_deformed_or_unusable_limb_after_an_injury_is_a_possible_fracture(assess, text: str) -> None:
    result = assess(text)
    assert level(result) == "urgent"
    assert "X-ray" in _reasons(result)


@pytest.mark.parametrize(
    "text",
    [
        "I sprained my wrist yesterday falling off a step, it's sore but I can move it fully and use it fine.",
        "Fell yesterday and bent my wrist back, it's sore but moves fine.",
        "Fell yesterday, my leg was bent under me, knee sore but I can walk on it.",
        "My fingers are bent and crooked from arthritis, they ache in the mornings.",
        "Fell off a ladder 3 years ago and my wrist has been crooked since, aches in the cold.",
    ],
)
def test_a_sprain_that_moves_or_an_old_deformity_is_no_fracture(assess, text: str) -> None:
    result = assess(text)
    assert level(result) == "routine"
    assert "fracture until an X-ray" not in _reasons(result)


# ---------------------------------------------------------------- 2. a stress fracture in a runner
@pytest.mark.parametrize(
    "text",
    [
        "I'm a 24 year old runner with pain in my shin that's got worse over 3 weeks, now it hurts even at rest "
        "and at night, one spot is very tender on the bone.",
        "Training for a marathon, pain in the front of my lower leg for 2 weeks, there's a tender spot on my shin "
        "bone and it aches in bed at night.",
        "She's a keen runner, pain on top of her foot for 3 weeks, now aches even when resting.",
    ],
)
def test_a_runner_with_focal_bone_tenderness_or_rest_pain_is_a_possible_stress_fracture(assess, text: str) -> None:
    result = assess(text)
    assert level(result) == "soon"
    assert "stress fracture" in _reasons(result)


@pytest.mark.parametrize(
    "text",
    [
        "I'm a runner and get shin pain during runs which settles with rest, it's along the inside of both shins.",
        "I grow runner beans and have pain in my shin when I dig.",
    ],
)
def test_shin_splints_that_settle_with_rest_are_no_stress_fracture(assess, text: str) -> None:
    result = assess(text)
    assert level(result) == "routine"
    assert "stress fracture" not in _reasons(result)


# ---------------------------------------------------------------- 3. past suicidal thoughts, denied now
@pytest.mark.parametrize(
    "text",
    [
        "Thought about ending it last year when my marriage broke down but I'm in a much better place now with "
        "counselling, no thoughts like that now. Knee pain walking.",
        "Two years ago I wanted to die after losing my job, no thoughts like that since. My neck hurts.",
        "When I was a teenager I used to wish I was dead, I don't feel like that any more. Back pain for 6 months.",
        "I thought about killing myself several months ago when my husband died, no such thoughts now. Hip pain "
        "for 3 months.",
        "In my twenties I thought about ending it, none since. Back pain for a year.",
        "I wished I was dead a few years back but those thoughts have gone. Neck pain 2 months.",
    ],
)
def test_past_ideation_denied_now_is_no_emergency_and_is_screened(assess, statuses, text: str) -> None:
    result = assess(text)
    assert "suicide_risk" not in flags(result)
    assert level(result) == "routine"
    found = statuses(text)
    assert found.get("suicidal_thoughts") is not Status.PRESENT
    assert found.get("wish_to_be_dead") is not Status.PRESENT
    assert found.get("past_suicidal_ideation") is Status.PRESENT
    assert "behavioral_health" in offered(result)


@pytest.mark.parametrize(
    "text",
    [
        # ideation of now in the same sentence or note
        "I thought about ending it last year and I still think about it most days. Back pain.",
        "Thought about ending it last year, no thoughts like that now, but this week I've been thinking about it "
        "again. Back pain.",
        "Thought about ending it last year, not any more, but I wish I could go to sleep and not wake up. Back pain.",
        "I want to end it all. I had no thoughts like that last year. Back pain.",
        "In 2021 I wanted to end it, but lately the thoughts are back. Back pain.",
        # the past month counts (C-SSRS questions 1-5)
        "Suicidal thoughts last month, none now. Back pain.",
        # a date that belongs to another event, not to the thoughts
        "I wish I was dead, the pain started last year and nothing helps, no thoughts of harming myself now. Back "
        "pain.",
        "Last year my hip was replaced and now I wish I was dead, no thoughts of harming myself. Hip pain.",
        # dated but not denied
        "Had suicidal thoughts last year. Back pain.",
        # a plan, preparation, a means or an attempt with the past thoughts
        "Had suicidal thoughts last year and I've made a plan to do it on Friday, no thoughts like that now really. "
        "Back pain.",
        "Had suicidal thoughts last year. No thoughts like that now but I've been saving up my tablets. Back pain.",
        "Last year I wanted to kill myself, none since, but I've written a note to my kids. Back pain.",
        "Thought about ending it two years ago, none since. I've got a rope in the garage. Back pain.",
        "I tried to kill myself last year, no thoughts like that now. Back pain.",
        "Had thoughts of ending it last year, no thoughts like that now. I took an overdose last week. Back pain.",
        "Years ago I thought about suicide. No thoughts like that now. But I've been stockpiling my tramadol. Back "
        "pain.",
    ],
)
def test_ideation_of_now_a_plan_or_preparation_keeps_the_emergency(assess, text: str) -> None:
    result = assess(text)
    assert "suicide_risk" in flags(result)
    assert level(result) == "emergency"


# ---------------------------------------------------------------- 4. vascular claudication against stenosis
@pytest.mark.parametrize(
    "text",
    [
        "73 year old, pain in both buttocks and thighs when walking, eases when he stands still, feet are cold and "
        "he's a heavy smoker. Pulses hard to feel.",
        "She's 71, diabetic, pain in her left calf walking, stops when she stood still, pulses are difficult to find.",
    ],
)
def test_claudication_eased_by_standing_still_is_vascular(assess, statuses, text: str) -> None:
    result = assess(text)
    assert level(result) == "soon"
    assert "arterial" in _reasons(result)
    found = statuses(text)
    assert found.get("vascular_claudication_pattern") is Status.PRESENT
    assert found.get("weak_pulses") is Status.PRESENT
    stenosis = {e["condition"]: e["probability"] for e in result["differential"]}.get("lumbar_spinal_stenosis", 0)
    assert stenosis < 0.3


def test_the_vascular_picture_lowers_stenosis_against_its_twin(assess) -> None:
    vascular = assess("73 year old, pain in both thighs when walking, eases when he stands still, a heavy smoker, "
                      "pulses hard to feel.")
    neurogenic = assess("73 year old, pain in both thighs when walking, has to sit down or bend forward to ease it.")
    assert ranked(neurogenic)[0] == "lumbar_spinal_stenosis"
    assert level(neurogenic) == "routine"
    p = {e["condition"]: e["probability"] for e in vascular["differential"]}
    q = {e["condition"]: e["probability"] for e in neurogenic["differential"]}
    assert p["lumbar_spinal_stenosis"] < q["lumbar_spinal_stenosis"]


# ---------------------------------------------------------------- 5. inflammatory back pain with uveitis
@pytest.mark.parametrize(
    "text",
    [
        "Lower back pain for years. I'm 29, stiff in the mornings for over an hour, it gets better when I exercise "
        "and worse with rest. My eye went red and painful last year.",
        "32 year old man, low back pain for 2 years, stiff for about two hours when he wakes, loosens up once he gets "
        "moving, resting makes it worse. He had uveitis a few years ago.",
        "I'm 26, my lower back has ached for 8 months, it wakes me in the early hours and is stiff for an hour in the "
        "morning, iritis twice.",
    ],
)
def test_inflammatory_back_pain_with_uveitis_is_referred_to_rheumatology(assess, text: str) -> None:
    result = assess(text)
    assert level(result) == "soon"
    assert "rheumatology" in _reasons(result)
    assert ranked(result)[0] == "sacroiliac_joint_pain"


@pytest.mark.parametrize(
    "text",
    [
        "Lower back pain for years. I'm 29, stiff in the mornings for a few minutes, worse after lifting at work. "
        "My eye went red and painful last year.",
        "Low back pain for 3 years, age 55, stiff for an hour in the mornings, better with exercise and worse with "
        "rest, red painful eye last year.",
    ],
)
def test_mechanical_or_older_back_pain_with_a_red_eye_is_no_spondyloarthritis(assess, text: str) -> None:
    result = assess(text)
    assert "rheumatology" not in _reasons(result)


def test_improvement_with_exercise_needs_the_rest_half(statuses) -> None:
    found = statuses("I'm 29, low back pain for years, better with exercise, stiff for over an hour in the mornings.")
    assert found.get("better_with_exercise_not_rest") is not Status.PRESENT
    found = statuses("I'm 29, low back pain for years, better with exercise and worse with rest.")
    assert found.get("better_with_exercise_not_rest") is Status.PRESENT


# ---------------------------------------------------------------- 3b. "killing myself" as a thought (found while probing)
@pytest.mark.parametrize(
    "text",
    [
        "I've been thinking about killing myself since my husband died. Hip pain for 3 months.",
        "She's had thoughts of killing herself this week. Back pain.",
    ],
)
def test_thinking_about_killing_oneself_is_suicidal_thoughts(assess, text: str) -> None:
    result = assess(text)
    assert "suicide_risk" in flags(result)
    assert level(result) == "emergency"


def test_killing_oneself_at_work_is_an_idiom(assess) -> None:
    result = assess("I'm killing myself at work to pay the bills, back pain for a month.")
    assert "suicide_risk" not in flags(result)


# ---------------------------------------------------------------- near neighbours found while probing
def test_tissue_loss_with_claudication_is_critical_limb_ischaemia(assess) -> None:
    result = assess("65 year old smoker, calf pain after walking 50 yards that goes when he stops and stands, now a "
                    "black toe.")
    assert level(result) == "urgent"
    assert "critical limb ischaemia" in _reasons(result)


def test_a_black_toe_without_a_vascular_picture_is_not_critical_ischaemia(assess) -> None:
    result = assess("Dropped a tin on my foot last month, the big toenail went black, no pain now. Back ache.")
    assert "critical limb ischaemia" not in _reasons(result)


@pytest.mark.parametrize(
    "text",
    [
        "40 year old, back pain for 6 months, worse with rest and better with exercise, stiff for over an hour each "
        "morning, psoriasis.",
        "28 year old, buttock pain alternating sides for a year, wakes me in the early hours, better when I exercise "
        "and worse with rest, had iritis.",
    ],
)
def test_inflammatory_pain_with_psoriasis_or_of_the_buttocks_is_referred(assess, text: str) -> None:
    result = assess(text)
    assert level(result) == "soon"
    assert "rheumatology" in _reasons(result)


def test_a_recruit_with_a_tender_spot_on_the_foot_is_a_possible_stress_fracture(assess) -> None:
    result = assess("I'm a soldier in basic training, pain in my foot for 2 weeks, one spot on the top of my foot is "
                    "very tender.")
    assert level(result) == "soon"
    assert "stress fracture" in _reasons(result)
