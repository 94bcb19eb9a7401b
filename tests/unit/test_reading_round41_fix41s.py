"""Round 41 (fix41s, the outside reviewer's indirect red flags and hard false alarms): the patterns behind the round's
misses, in the reported and our own words.

- a fall off the back, top or edge of a farm vehicle or structure ("came off the back of the hay trailer"), or a fall
  told with its height later in the clause ("must be 3 metres"), is a high-energy fall; a bare weekday after the fall
  ("... Saturday") makes it recent; the middle of the back (or the back) told by a simile of its pain ("like a knife")
  is a spinal pain: a possible vertebral fracture, urgent. A fall off the back of a sofa, or a step down, is not;
- an illness's fever told gone with how long it took ("it was gone in 4 days"), with the fever as the subject ("the
  fever had gone in a couple of days") or bare after a comma ("..., gone in 3 days") is over, and so is the temperature
  reading of that sentence: no spinal infection. A fever "gone into my chest" is not over;
- "wee"/"pee" are not "weeks"; a temperature "gone up to 39" is a reading of 39;
- weight told as down with its cause in a weight-loss operation or drug, or called intentional or planned after it,
  is not unexplained weight loss ("not intentional" is); a pain that settles or eases overnight or at night is night
  pain denied (one that then wakes the person is not): no malignancy flag;
- a urinary retention its sentence tells as after an operation long past and not since ("The only time I couldn't pee
  was after my hernia op in 2018 ... never since") is a postoperative retention, not cauda equina; one that is back
  now, or after a recent operation, still is.
"""

from __future__ import annotations

import pytest

from tests.conftest import absent, at_least, flags, level, present, ranked

# ---------------------------------------------------------------- a high-energy fall told in a farmer's words


@pytest.mark.parametrize(
    "text",
    [
        # the reported wording (r41s_08)
        "Came off the back of the hay trailer Saturday when the tractor jerked, must be 3 metres, landed square on "
        "my\nbackside on the concrete. Winded but got up and finished the bales. Since then the middle of my back is\n"
        "like a knife when I stand from the chair and I can't bend to do my boots. Legs are fine, waterworks fine.\n"
        "Wife made me ring. I'm 46, fit as a fiddle otherwise. - Declan, Co. Tipperary",
        "My husband Tom (51) got flung off the tailgate of the pickup on Sunday when it lurched, a good ten feet onto "
        "the gravel, and the middle of his back is like someone stabbing him whenever he sits up. Legs and bladder "
        "fine.",
        "52M roofer. Fell off the edge of the scaffold tower Tuesday, approx 4 m, landed on his buttocks. Now mid back "
        "pain, worse standing, tender T12. Neuro intact.",
    ],
)
def test_a_fall_off_the_back_of_a_vehicle_with_its_height_is_a_high_energy_fracture_risk(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "major_trauma")
    assert present(result, "recent_injury")
    assert "vertebral_fracture" in flags(result)
    assert at_least(result, "urgent")


def test_the_back_told_by_a_simile_of_its_pain_is_a_spinal_pain(assess) -> None:
    assert present(assess("Since the fall the middle of my back is like a knife. 46M."), "mid_back_pain")
    assert present(assess("My back is like a knife when I stand up. 46M, no injury."), "low_back_pain")


@pytest.mark.parametrize(
    "text",
    [
        "I fell off the back of the sofa onto the carpet on Saturday reaching for the curtain, and since then the "
        "middle of my back is sore when I bend. 46M.",
        "Stepped down off the back of the trailer Saturday, about a metre, nothing dramatic. The middle of my back has "
        "ached for months from the desk. 46M.",
    ],
)
def test_a_low_fall_or_a_step_down_is_no_high_energy_fall(assess, text: str) -> None:
    result = assess(text)
    assert not present(result, "major_trauma")
    assert "vertebral_fracture" not in flags(result)


# ---------------------------------------------------------------- a flu fever gone in days


@pytest.mark.parametrize(
    "text",
    [
        # the reported wording (r41s_18)
        "Hi, I had a temperature of 39 at New Year when my son brought flu home, it was gone in 4 days and I've been\n"
        "well since. About 3 weeks later I hurt my lower back shifting a sofa - it grabs when I bend and twist, eases\n"
        "when I walk about and a hot water bottle helps. No pain in the legs. I haven't had any procedures or\n"
        "injections and I'm not on any immune drugs. Nurse checked my temp today, 36.6. 42F, Cardiff.",
        "We all had the flu over Christmas and I ran a temperature of 38.9, the fever had gone in a couple of days. "
        "Two weeks later I strained my lower back lifting the trampoline, it's sore bending forward. 35M.",
        "Pt reports febrile illness (T 39.2) in January with her kids' flu, gone in 3 days, well since. 3/52 later "
        "developed LBP after lifting, mechanical. 44F.",
    ],
)
def test_a_fever_gone_in_days_is_over(assess, text: str) -> None:
    result = assess(text)
    assert "spinal_infection" not in flags(result)
    assert level(result) == "routine"


@pytest.mark.parametrize(
    "text",
    [
        "I had a temperature of 39 with the flu and it's gone into my chest now, and my lower back is killing me. 38M.",
        "Fever 38.9, chills, gone off his food, and lower back pain for 3 days. 58M.",
        "I've had a fever, over the last 3 days, and my lower back is agony. 58M.",
    ],
)
def test_a_fever_not_told_over_still_flags(assess, text: str) -> None:
    result = assess(text)
    assert "spinal_infection" in flags(result)
    assert at_least(result, "urgent")


def test_a_temperature_gone_up_to_a_reading_is_a_fever(assess) -> None:
    result = assess("My temperature has gone up to 39 and my lower back is agony. 58M.")
    assert present(result, "fever")
    assert "spinal_infection" in flags(result)


def test_weeks_is_not_a_wee(assess) -> None:
    assert not present(assess("About 3 weeks later I hurt my lower back shifting a sofa. 42F."), "urinary_infection_symptoms")
    assert present(assess("It burns when I wee and my lower back aches. 42F."), "urinary_infection_symptoms")


# ---------------------------------------------------------------- weight lost on purpose, pain that settles at night


@pytest.mark.parametrize(
    "text",
    [
        # the reported wording (r41s_19)
        "52F, Melbourne. Low back ache both sides, worse standing at the stove and leaning back to hang washing,\n"
        "better sitting and on waking settles in 20 min. Para-spinal tenderness L4/5 L5/S1, pain on "
        "extension-rotation.\nWeight down 24 kg since sleeve gastrectomy last year, intentional and on track per "
        "dietitian. Pain settles\novernight, no night pain. Worried because her mother died of bone cancer - "
        "personally no history of cancer.\nNeuro exam normal.",
        "Wt down 18 kg since starting semaglutide, planned with her GP. 58F. Mechanical LBP, worse extension, better "
        "sitting. The pain settles at night. Neuro normal.",
        "I've dropped 15 kilos since the gastric band in spring, which was the whole point. My lower back aches at "
        "the sink and the ache eases off at night. 55F.",
    ],
)
def test_weight_lost_on_purpose_and_pain_settling_at_night_raise_no_malignancy(assess, text: str) -> None:
    result = assess(text)
    assert absent(result, "weight_loss")
    assert absent(result, "night_pain")
    assert not present(result, "night_pain")
    assert "spinal_malignancy" not in flags(result)
    assert level(result) == "routine"


def test_weight_loss_not_intentional_and_pain_that_wakes_still_flag(assess) -> None:
    result = assess(
        "Weight down 9 kg since Christmas, not intentional. Low back ache, the pain settles at night but wakes me at "
        "3am. 64M."
    )
    assert present(result, "weight_loss")
    assert present(result, "night_pain")
    assert "spinal_malignancy" in flags(result)


# ---------------------------------------------------------------- a postoperative retention long past


@pytest.mark.parametrize(
    "text",
    [
        # the reported wording (r41s_27)
        "Hi doctor, my left leg sciatica has been bad for a month - buttock down the back of the thigh to the "
        "outside\nof my foot, the little toes tingle. My brother needed emergency surgery for cauda equina last year "
        "so I'm\nterrified. My waterworks and bowels are completely normal, no numbness between my legs, right leg is "
        "fine.\nThe only time I couldn't pee was after my hernia op in 2018 when they put a catheter in for a day, "
        "never since.\n- Gareth, 45",
        "50M. L S1 sciatica 5/52, buttock to lateral foot. PMH: urinary retention after lap cholecystectomy years ago, "
        "catheterised overnight, never since. Bladder and bowels normal, saddle sensation intact.",
        "Writing for my mum (60): sciatica down her right leg for three weeks. She went into retention after her hip "
        "replacement years ago, the only time it has happened. Her waterworks are fine.",
    ],
)
def test_a_postoperative_retention_long_past_is_no_cauda_equina(assess, text: str) -> None:
    result = assess(text)
    assert not present(result, "urinary_retention")
    assert "cauda_equina_syndrome" not in flags(result)
    assert level(result) in {"routine", "soon"}


@pytest.mark.parametrize(
    "text",
    [
        "Sciatica down my left leg for 3 weeks. I couldn't pee after my hernia op years ago, and now since yesterday "
        "I can't pee again. 45M.",
        "Sciatica down my left leg for 3 weeks. After my hernia op last week I couldn't pee. 45M.",
        "Sciatica down both legs for 3 weeks. I couldn't pee after my back operation years ago, never since. 45M.",
    ],
)
def test_a_retention_back_now_recent_or_after_spinal_surgery_still_flags(assess, text: str) -> None:
    result = assess(text)
    assert "cauda_equina_syndrome" in flags(result)
    assert level(result) == "emergency"


# ---------------------------------------------------------------- a spinal operation dated with its level


@pytest.mark.parametrize(
    "text",
    [
        # the reported wording (r41s_21)
        "Herr Keller, 58, Stuttgart. Laminectomy and discectomy L4/5 in 2016, since then persistent axial low back\n"
        "pain and left leg ache, VAS 6/10. Residual left foot drop present since the operation, documented 2/5\n"
        "ankle dorsiflexion in 2017 and unchanged at every review since, wears an AFO. Numbness left dorsal foot,\n"
        "same area for years. No new weakness, no bladder change. Tried gabapentin, physio, two epidurals.",
        "Mrs Li, 63. Fusion L4-S1 in 2019; since the operation constant low back pain and right buttock ache, 7/10. "
        "Residual right EHL weakness 4/5, unchanged for years.",
        "I had a microdiscectomy at L5/S1 in 2012 and my back and left leg have ached ever since the operation, never "
        "gone. 49M.",
    ],
)
def test_a_spinal_operation_dated_with_its_level_is_years_back(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "surgery_months_ago")
    assert ranked(result)[0] == "persistent_spinal_pain_after_surgery"
    assert "progressive_neurologic_deficit" not in flags(result)


def test_a_spinal_operation_of_weeks_ago_stays_recent(assess) -> None:
    result = assess("Discectomy L4/5 two weeks ago, wound sore since the operation, low back pain. 49M.")
    assert not present(result, "surgery_months_ago")
    assert ranked(result)[0] == "postoperative_pain"


# ---------------------------------------------------------------- malignancy told in a referral's labs and shorthand


@pytest.mark.parametrize(
    "text",
    [
        # the reported wording (r41s_06)
        '71M, Winnipeg. LBP x 8 wks, "mechanical", failed PT. No hx given re: cancer. Pt reports ache constant.\n'
        "Labs (drawn by family MD last wk): Hb 96 g/L, ESR 88, Ca (corrected) 2.91 mmol/L, ALP 412 U/L,\n"
        "PSA 164 ng/mL, creatinine 118.\nRequesting lumbar MBB / RFA consideration.",
        "Referral: 68M, thoracolumbar back pain 6 weeks, failed physio, pain is constant. Bloods: Ca (adj) 2.84, "
        "Hb 104. Please consider facet injections.",
        "My dad is 74, his lower back has ached for 2 months and the pain is constant, physio didn't help. The GP's "
        "blood test shows calcium (corrected) 2.88 and his PSA is 95.",
    ],
)
def test_a_bracketed_corrected_calcium_and_failed_pt_rank_cancer_pain(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "hypercalcaemia")
    assert present(result, "constant_pain")
    assert present(result, "failed_physical_therapy")
    assert ranked(result)[0] == "cancer_pain"
    assert "spinal_malignancy" in flags(result)
    assert at_least(result, "urgent")


def test_a_normal_calcium_a_pain_constant_with_sitting_and_a_failed_appointment_are_none_of_these(assess) -> None:
    result = assess(
        "66M. LBP 3 months, worse standing, pain constant when sitting at work, eases walking. Ca (corrected) 2.35 "
        "mmol/L. Failed PT appointment last week."
    )
    assert not present(result, "hypercalcaemia")
    assert not present(result, "constant_pain")
    assert not present(result, "failed_physical_therapy")
    assert "spinal_malignancy" not in flags(result)


@pytest.mark.parametrize(
    "text",
    [
        "71M. LBP x 8 wks. Requesting lumbar MBB / RFA consideration.",
        "58F, chronic low back pain. Request: L4/5 facet injections please.",
        "Dear colleague, 66M with facet pain, requesting a medial branch block and RFA if positive.",
    ],
)
def test_a_procedure_requested_is_not_one_done(assess, text: str) -> None:
    assert not present(assess(text), "recent_spinal_procedure")


def test_a_procedure_done_before_the_request_is_kept(assess) -> None:
    result = assess("58F. Had an L4/5 facet injection 10 days ago, now fever 38.4 and back much worse. Requesting review.")
    assert present(result, "recent_spinal_procedure")
    assert "spinal_infection" in flags(result)
