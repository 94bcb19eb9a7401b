"""False alarms, round 24 (issue 10): words that name a red flag but are not the patient's state. What a leaflet, a
search or a form says, a question put to the patient (the answer decides), the lettered options of an exam question,
an episode dated to a month gone by, a child's fever, a deficit that came back or has not changed, weight lost on
purpose, easing factors read as a pain gone, and hip pain felt at the knee. Every note is our own wording, and each
pattern has a twin where the finding or the red flag must still stand (the patient affirms, the change is new, the
loss is unexplained)."""

from __future__ import annotations

import pytest

from painpath.domain.model import Status
from tests.conftest import flags

URGENT = {"emergency", "urgent"}


# ---------------------------------------------------------------- what a source says, a question put to the patient


@pytest.mark.parametrize(
    "text",
    [
        "Tweaked my lower back at the gym on Saturday. I looked it up online and the NHS website lists numbness "
        "between the legs and wetting yourself as warning signs. Nothing like that here, I just want stretches.",
        "Low back ache since Monday after gardening. The information sheet mentions saddle numbness and losing "
        "control of your bladder. Honestly I have none of that.",
    ],
)
def test_what_a_source_lists_is_no_cauda_equina(assess, text: str) -> None:
    result = assess(text)
    assert "cauda_equina_syndrome" not in flags(result)
    assert result["triage"]["level"] not in URGENT


def test_what_a_leaflet_says_about_headache_is_no_thunderclap(assess) -> None:
    result = assess(
        "The booklet from the pharmacy says a sudden explosive headache, the worst ever, needs 999. Mine are the "
        "usual ones I have had since school: one side, pulsing, build over an hour with sickness, twice a month. "
        "Aged 34."
    )
    assert "thunderclap_headache" not in flags(result)
    assert result["triage"]["level"] not in URGENT


@pytest.mark.parametrize(
    "text",
    [
        # the patient affirms what the source lists, in the same sentence or the next one
        "Back pain for five days. The leaflet says a numb bum is serious, and I have had that since last night.",
        "Back pain for five days after lifting. The website says numb bum and not being able to wee are "
        "emergencies. I have both since this morning.",
        "Back pain after lifting a week ago. The form asks about saddle numbness: yes, since yesterday.",
        # a patient asking about her own symptom is no question put to her
        "I asked the GP whether my numb bum is serious, my back has been agony since Friday.",
    ],
)
def test_a_source_or_question_the_patient_affirms_still_raises_cauda_equina(assess, text: str) -> None:
    result = assess(text)
    assert "cauda_equina_syndrome" in flags(result)
    assert result["triage"]["level"] == "emergency"


def test_a_question_answered_no_is_a_denial(assess, statuses) -> None:
    text = (
        "The physio asked if I had noticed any weight loss or pain at night and I told her no. Lower back has "
        "ached for four months since a house move."
    )
    assert "spinal_malignancy" not in flags(assess(text))
    found = statuses(text)
    assert found.get("weight_loss") is Status.ABSENT
    assert found.get("night_pain") is Status.ABSENT


def test_a_question_answered_yes_keeps_the_finding(assess, statuses) -> None:
    text = (
        "Back pain for two months, aged 66. The doctor asked whether I had lost weight and I said yes, nearly a "
        "stone without trying, and the pain wakes me at night."
    )
    assert "spinal_malignancy" in flags(assess(text))
    assert statuses(text).get("weight_loss") is Status.PRESENT


def test_the_options_of_an_exam_question_are_no_findings(assess) -> None:
    result = assess(
        "Question 4. A 41-year-old woman has right sciatica to the sole for a week after lifting a wardrobe. Ankle "
        "reflex absent on the right; saddle sensation and sphincters normal. Which one of the following features "
        "would make you arrange an emergency scan? A. Pain on sneezing B. Loss of feeling in the saddle area "
        "C. Waking at night D. Tingling in the little toe E. Pain on sitting"
    )
    assert "cauda_equina_syndrome" not in flags(result)
    assert result["triage"]["level"] not in URGENT


def test_a_sentence_after_the_options_is_read_again(assess) -> None:
    result = assess(
        "A 45 year old with sciatica for ten days. Which of the following is the best next step? A. MRI "
        "B. physiotherapy. She also reports saddle numbness since this morning."
    )
    assert "cauda_equina_syndrome" in flags(result)


# ---------------------------------------------------------------- old episodes, relatives, stable and resolved deficits


def test_an_episode_dated_to_a_month_gone_by_is_history(assess) -> None:
    result = assess(
        "Clinic letter. This 36 year old teacher presented to A&E last October with a sudden severe headache; CT "
        "and lumbar puncture were normal. Nothing like it since. Today she describes her usual headaches: "
        "throbbing, one side, with nausea and light sensitivity, four days a month. Neurological exam normal."
    )
    assert "thunderclap_headache" not in flags(result)
    assert result["triage"]["level"] not in URGENT


def test_a_new_thunderclap_after_an_old_one_still_fires(assess) -> None:
    result = assess(
        "Had a thunderclap headache last October, scans normal. Since then fine, but this morning another sudden "
        "severe headache, the worst of my life."
    )
    assert "thunderclap_headache" in flags(result)
    assert result["triage"]["level"] == "emergency"


def test_a_child_with_a_temperature_is_not_the_patient(assess) -> None:
    result = assess(
        "Phone call: 34 year old man, low back locked this morning lifting the shopping, no leg symptoms. The baby "
        "has a temperature of 38.9 with a cough; he feels well himself. No drug use, no steroids."
    )
    assert "spinal_infection" not in flags(result)
    assert result["triage"]["level"] not in URGENT


def test_the_patient_with_a_temperature_still_raises_infection(assess) -> None:
    result = assess("Low back pain for two weeks with a temperature of 38.7 and rigors; my toddler had a cold.")
    assert "spinal_infection" in flags(result)


def test_a_foot_drop_that_came_back_completely_is_resolved(assess) -> None:
    result = assess(
        "Two back operations years ago. After the first I had a dropped foot, but it came back completely within "
        "months and I can walk on my heels. Same aching back and leg burning for years, no new weakness."
    )
    assert "progressive_neurologic_deficit" not in flags(result)
    assert result["triage"]["level"] not in URGENT


def test_a_foot_drop_that_came_back_but_is_now_worse_still_fires(assess) -> None:
    result = assess(
        "After surgery I had a foot drop, but it came back completely and then since yesterday I cannot lift my "
        "foot at all, it has got worse."
    )
    assert "progressive_neurologic_deficit" in flags(result)


def test_a_grade_the_same_as_two_weeks_ago_is_stable(assess) -> None:
    result = assess(
        "Six weeks of left sciatica into the big toe after digging. Bladder and bowels normal, saddle sensation "
        "intact. Big toe extension 4/5 on the left, which was the same at the last review. Bladder scan residual "
        "40 ml."
    )
    assert result["triage"]["level"] not in URGENT


def test_a_grade_lower_than_before_still_needs_a_same_day_review(assess) -> None:
    result = assess("Sciatica for two weeks. Big toe extension 4/5 on the left, which was 5/5 a week ago.")
    assert result["triage"]["level"] in URGENT


# ---------------------------------------------------------------- weight, easing factors, hip pain at the knee


def test_weight_lost_on_purpose_with_a_club_is_no_weight_loss(assess, statuses) -> None:
    text = (
        "Delighted: I've lost 9 kilos since spring with the slimming group and swimming, all on purpose. Left knee "
        "still aches on stairs and swells after a long walk. Aged 63. How do I keep losing weight?"
    )
    result = assess(text)
    assert statuses(text).get("weight_loss") is not Status.PRESENT
    assert result["triage"]["level"] == "routine"
    assert not result.get("unread")


def test_weight_lost_without_trying_is_still_weight_loss(statuses) -> None:
    text = "I have lost 9 kilos since spring without trying, and my back aches at night. Aged 68."
    assert statuses(text).get("weight_loss") is Status.PRESENT


def test_better_when_moving_is_an_easing_factor_not_a_pain_gone(assess, statuses) -> None:
    text = (
        "I'm scared my back pain is something serious as my uncle had bone cancer, but otherwise I'm well and "
        "it's better when I keep moving."
    )
    assert statuses(text).get("low_back_pain") is Status.PRESENT
    assert assess(text)["differential"]


def test_back_pain_that_is_better_now_is_still_not_a_pain_now(statuses) -> None:
    assert statuses("I had neck pain last month but it's better now.").get("neck_pain") is not Status.PRESENT


def test_groin_pain_to_the_knee_without_back_pain_is_no_new_root_pain(assess) -> None:
    result = assess(
        "Aged 74. Deep ache in the right groin that runs down the front of the thigh to the knee, trouble cutting "
        "my toenails on that side, stiff getting out of a chair. Back is fine."
    )
    assert result["triage"]["level"] == "routine"


def test_leg_pain_with_back_pain_is_still_seen_within_a_week(assess) -> None:
    result = assess("Low back pain for a week and pain from the groin down the front of the thigh to the knee.")
    assert result["triage"]["level"] != "routine"


@pytest.mark.parametrize(
    "text, finding",
    [
        ("Ache across the lower back for years. Nothing down the legs.", "leg_pain"),
    ],
)
def test_nothing_down_the_legs_is_a_denial(statuses, text: str, finding: str) -> None:
    assert statuses(text).get(finding) is Status.ABSENT


def test_nothing_helps_is_no_denial(assess) -> None:
    result = assess("Sciatica down both legs for 5 days. Nothing helps the leg pain and since this morning I can't pee.")
    assert "cauda_equina_syndrome" in flags(result)


@pytest.mark.parametrize(
    "text",
    [
        "The nurse asked me whether I had wet myself and I had. Back pain since Friday.",
        "My GP asked whether I'd had any bladder problems, I had to admit I had. Back pain for a week.",
    ],
)
def test_a_question_without_a_clear_no_is_read_as_written(assess, text: str) -> None:
    # kb 2026.12.47, safety first: an answer the reader does not recognise as a yes is no denial
    result = assess(text)
    assert "cauda_equina_syndrome" in flags(result)
    assert result["triage"]["level"] == "emergency"
