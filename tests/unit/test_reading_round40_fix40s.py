"""Round 40 (fix40s, an outside reviewer's indirect red flags and hard false alarms): the patterns behind the misses.

- the thunderclap told in lay words: a blow simile with a swing aimed at the head ("like someone swung a cricket bat at
  the back of my head"), a head at full strength at once ("my head - full blast straight away"), and "not like my
  normal ones" with a hedge after it ("tbh") as a headache unlike the usual ones;
- the examiner's "expansile pulsation above the umbilicus" is a pulsatile abdominal mass (aneurysm, emergency);
- a patient asking what a named condition is like ("asks what a thunderclap headache feels like") is a question about
  the condition, not her state; an answer that affirms keeps it;
- an attack told "the same as her usual attacks" is a known recurring headache: a worst-ever migraine building over
  hours is then no thunderclap; "not the same as her usual attacks" still is;
- weight lost and then owned as meant in its own clause ("but thats on purpose") is no unexplained weight loss, and
  "the weight clinic" names a service, not a weight change;
- a pain "not responding to co-codamol" is a treatment that failed, not a person who cannot be roused;
- a deficit followed by a bare "unchanged for years" comma piece, or one grade told the same "then" and "now" after a
  year or years named, is a settled deficit, not a progressing one (not when the earlier examination was days ago).
"""

from __future__ import annotations

import pytest

from tests.conftest import at_least, flags, level, present

# ---------------------------------------------------------------- thunderclap in lay words


@pytest.mark.parametrize(
    "text",
    [
        # the reported wording (r40s_11)
        'Pt messaged via portal this AM: "Sorry to bother you, probably just one of my migraines but thought I\'d ask if '
        "I can take an extra triptan. Was at the gym doing deadlifts about an hour ago and it was like someone swung a "
        "cricket bat at the back of my head - full blast straight away, no build up, no zigzags this time. Feel sick and "
        'my neck is stiff. It\'s not like my normal ones tbh." 41F, known migraine without aura.',
        "38M texted: an hour ago it felt like somebody had swung a baseball bat at the side of my head. Feel sick.",
        "52F. Headache from this afternoon. She says it was as if someone swung a hammer into the back of her skull.",
    ],
)
def test_a_swing_aimed_at_the_head_is_a_thunderclap(assess, text: str) -> None:
    result = assess(text)
    assert "thunderclap_headache" in flags(result)
    assert level(result) == "emergency"


def test_a_head_at_full_strength_at_once_is_a_worst_ever_headache(assess) -> None:
    result = assess("44F. Sitting at her desk when the back of her head went full blast straight away. Vomited once.")
    assert present(result, "worst_ever_headache")
    assert "thunderclap_headache" in flags(result)


def test_not_like_my_normal_ones_with_a_hedge_is_a_headache_unlike_any(assess) -> None:
    result = assess("39F, known migraine. Headache came on suddenly this morning, it's not like my normal ones tbh.")
    assert present(result, "unlike_any_headache")
    assert "thunderclap_headache" in flags(result)
    other = assess("46M, migraine for years. Sudden headache at lunch, not like his usual headaches to be honest.")
    assert present(other, "unlike_any_headache")


def test_a_swing_at_the_back_is_no_thunderclap(assess) -> None:
    # the negative twin: the same simile aimed at the low back, no head in it
    result = assess(
        "41F. Lifting a box an hour ago and it was like someone swung a cricket bat at my lower back. "
        "No headache. Back pain since then, no leg symptoms."
    )
    assert not present(result, "worst_ever_headache")
    assert "thunderclap_headache" not in flags(result)


# ---------------------------------------------------------------- the examiner's expansile pulsation


@pytest.mark.parametrize(
    "text",
    [
        # the reported wording (r40s_13)
        "Dear Pain Team, urgent-ish advice please. Mr Derek Holt, 73, ex-smoker (50 pack years), hypertensive, presents "
        "with a 2-day history of deep central low back pain radiating to the left groin, not relieved by anything. He "
        "has had back trouble before. On palpation I thought I could feel an expansile pulsation above the umbilicus "
        "but he is a big man so I may be wrong. BP 96/58 (usually 150s).",
        "68M, low back pain for 3 days. O/E: epigastric expansile pulsation, tender. Asking for stronger painkillers.",
        "77F, back ache since yesterday. Abdomen: pulsatile and expansile mass just left of the umbilicus.",
    ],
)
def test_an_expansile_pulsation_on_the_abdomen_is_a_vascular_emergency(assess, text: str) -> None:
    result = assess(text)
    assert "vascular_emergency" in flags(result)
    assert level(result) == "emergency"


def test_an_expansile_pulsation_behind_the_knee_is_no_abdominal_aneurysm(assess) -> None:
    # the negative twin: a popliteal pulsation is no abdominal mass, and no back pain
    result = assess("71M, knee pain for a year, worse on stairs. O/E expansile pulsation in the popliteal fossa.")
    assert not present(result, "pulsatile_abdominal_mass")
    assert "vascular_emergency" not in flags(result)


# ---------------------------------------------------------------- a patient asking what a condition is like


@pytest.mark.parametrize(
    "text",
    [
        # the reported wording (r40s_21)
        "36 y/o woman, migraine with visual aura since teens, attacks 4-5/month, zigzag lines for 20 min then throbbing "
        "one-sided headache with nausea and light sensitivity, builds over an hour. Also asks what a thunderclap "
        'headache feels like "so I\'d know". No jaw pain, no scalp tenderness, no sudden-onset headaches ever.',
        "29F, tension-type headaches for years, band-like, builds through the day. She wondered what a thunderclap "
        "headache would feel like.",
        "41M, migraine since school, same as always, gradual. He wants to know how a thunderclap headache feels like.",
    ],
)
def test_asking_what_a_condition_is_like_is_no_flag(assess, text: str) -> None:
    result = assess(text)
    assert "thunderclap_headache" not in flags(result)
    assert level(result) != "emergency"


def test_asking_what_a_condition_is_like_after_having_one_keeps_the_flag(assess) -> None:
    # the negative twin: the answer affirms it
    result = assess(
        "34F. Asks what a thunderclap headache feels like because she had one last night at the gym."
    )
    assert "thunderclap_headache" in flags(result)


# ---------------------------------------------------------------- the same as her usual attacks

_USUAL = (
    'Pt (44F) says "worst headache of my life" - but on questioning says that every bad migraine feels like that and '
    "this one was {same} her usual attacks: started as a dull ache on waking, built over about 3 hours to throbbing "
    "L temple, vomited twice, needed a dark room. Neuro exam normal today."
)


@pytest.mark.parametrize(
    "text",
    [
        # the reported wording (r40s_22)
        _USUAL.format(same="the same as"),
        "50M says this is the worst headache ever, but it was identical to his normal migraines, building slowly over "
        "the morning. Exam normal.",
        "33F, worst headache of her life yesterday, crept up over four hours, just like her usual ones. Settled "
        "with sleep.",
    ],
)
def test_a_worst_ever_attack_the_same_as_the_usual_ones_is_no_thunderclap(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "recurrent_episodic_headache")
    assert "thunderclap_headache" not in flags(result)


def test_a_worst_ever_attack_not_the_same_as_the_usual_ones_keeps_the_flag(assess) -> None:
    # the negative twin
    result = assess(_USUAL.format(same="not the same as"))
    assert "thunderclap_headache" in flags(result)


# ---------------------------------------------------------------- weight lost on purpose, the weight clinic


@pytest.mark.parametrize(
    "text",
    [
        # the reported wording (r40s_24)
        "hi, im 52 and my lower back has been bad on and off for yrs, aches after standing at work. ive lost 19kg since "
        "january but thats on purpose, im on semaglutide from the weight clinic and doing the slimming club, feel great "
        "apart from the back. sleep through fine. no leg pain.",
        "58M, mechanical low back pain for years. Lost 2 stone this year - it was deliberate, walking and cutting carbs.",
        "61F, back ache on and off for years, eases when moving. She has lost 12 kg, which is intentional.",
    ],
)
def test_weight_lost_on_purpose_is_no_malignancy_flag(assess, text: str) -> None:
    result = assess(text)
    assert not present(result, "weight_loss")
    assert "spinal_malignancy" not in flags(result)
    assert level(result) == "routine"


def test_weight_lost_not_on_purpose_keeps_the_flag(assess) -> None:
    # the negative twin
    result = assess("62M, low back pain for 6 weeks. Lost 12kg since january but that's not on purpose.")
    assert present(result, "weight_loss")
    assert "spinal_malignancy" in flags(result)


# ---------------------------------------------------------------- not responding to a treatment


@pytest.mark.parametrize(
    "text",
    [
        # the reported wording (r40s_06)
        "71M, ?degenerative LBP, 2 months. Worse lying in bed. Not responding to co-codamol.",
        "55F, neck pain 3 months, not responding well to physio or naproxen.",
        "48M, sciatica 8 weeks, on tramadol, not responding to pain killers.",
    ],
)
def test_a_pain_not_responding_to_treatment_is_no_unresponsive_person(assess, text: str) -> None:
    result = assess(text)
    assert not present(result, "unrousable_lay")
    assert level(result) != "emergency"


def test_a_person_not_responding_to_his_name_on_an_opioid_is_the_emergency(assess) -> None:
    # the negative twin
    result = assess("Wife rang: husband on oxycodone for back pain, drowsy since lunch and not responding to his name.")
    assert present(result, "unrousable_lay")
    assert level(result) == "emergency"


# ---------------------------------------------------------------- a deficit "unchanged for years"


@pytest.mark.parametrize(
    "text",
    [
        "57F, fusion 2018. Left foot drop since the first operation, wears an AFO, unchanged for years. Back pain 6/10.",
        "63M, old right foot drop after a discectomy, splint at night, stable since 2016. Ongoing back ache.",
        "49F, back and leg pain after surgery. Left foot drop from the 2012 operation, the same for many years.",
    ],
)
def test_a_deficit_unchanged_for_years_is_settled(assess, text: str) -> None:
    result = assess(text)
    assert "progressive_neurologic_deficit" not in flags(result)


def test_a_deficit_unchanged_for_weeks_only_is_still_new(assess) -> None:
    # the negative twin: a foot drop of weeks, "unchanged" for days, is a new deficit to examine today
    result = assess("57F. Left foot drop since the operation three weeks ago, wears an AFO, unchanged for 2 weeks.")
    assert "progressive_neurologic_deficit" in flags(result)
    assert at_least(result, "urgent")


@pytest.mark.parametrize(
    "text",
    [
        # the reported wording (r40s_30)
        "57F, L5/S1 discectomy 2015 then fusion 2018. Left foot drop since the first operation, wears an AFO, unchanged "
        "for years per her and per our 2021 clinic notes (EHL 2/5 then, 2/5 now). Ongoing burning back and L leg pain "
        "since the fusion, 7/10, limits walking to 15 min. No new weakness, numbness unchanged, no bladder/bowel "
        "symptoms, no fever.",
        "66M, right foot drop after a 2014 disc operation, our 2019 letter says TA 3/5 then, 3/5 now. Back ache.",
        "52F, left wrist drop from a humeral fracture years ago, wrist extension 2/5 back then, 2/5 today. Neck pain.",
    ],
)
def test_one_grade_the_same_then_and_now_years_back_is_settled(assess, text: str) -> None:
    result = assess(text)
    assert "progressive_neurologic_deficit" not in flags(result)
    assert level(result) == "routine"


def test_one_grade_the_same_then_and_now_days_back_is_still_new(assess) -> None:
    # the negative twin: the earlier examination was days ago
    result = assess("57F. Left foot drop, seen in ED 3 days ago: EHL 2/5 then, 2/5 now.")
    assert "progressive_neurologic_deficit" in flags(result)
    assert at_least(result, "urgent")
