"""Round 41 (lead41): the held-out round's misses and the lead's probes, fixed as patterns in our own words.

- cauda equina told in the examiner's words in another order ("reduced pinprick sensation over the perianal region",
  "reduced anal sphincter tone") or in the patient's ("reduced sensation when sitting on the toilet seat"), and a
  post-void residual told as "a residual volume of 640 mL" after a bladder ultrasound;
- safety-net advice with "ever" ("if you ever get the worst headache of your life ... go to A&E"): the pronoun rule
  for a supposed suicidal thought ("you ever get") displaced the advice's "if you", so the advice supposed nothing;
- a value in brackets ("ESR (11) and CRP (<5)") and how long another thing took to heal ("the rash healed in three
  weeks") is not the pain's duration: a post-herpetic neuralgia screened for arteritis is not a new headache;
- "nothing going down my legs": the denial's cue overlaps the pain's words, so it is read by the finding itself;
- sudden severe back pain reaching the belly at 65 or over (NICE NG156): a leaking aneurysm until proven otherwise,
  and a low blood pressure told in words;
- a relative named after the complaint in a note with no "he" or "she" ("Low back pain ... My mother has breast
  cancer"): family history, not a proxy note; and a proxy note opened with a greeting ("Hi, my dad has back pain
  ... and he can't pee"): the relative's clause is the patient's complaint.
"""

from __future__ import annotations

import pytest

from tests.conftest import at_least, flags, level, present, ranked

# ---------------------------------------------------------------- cauda equina in other words


@pytest.mark.parametrize(
    "text",
    [
        "A 45-year-old woman with six weeks of sciatica, now in both thighs. Examination demonstrated reduced pinprick "
        "sensation over the perianal region.",
        "Sciatica R>L for 2 months. O/E diminished light touch in the saddle bilaterally, reflexes preserved.",
        "38M, L5/S1 disc. Altered sensation to pinprick around the perineum on today's exam. Leg pain both sides.",
    ],
)
def test_saddle_sensory_loss_told_by_the_examiner_in_another_order(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "saddle_anaesthesia")
    assert "cauda_equina_syndrome" in flags(result)
    assert level(result) == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "Sciatica for a month. She reported reduced sensation \"when sitting on the toilet seat\".",
        "Bad back and both legs. I have had a strange feeling when sitting on the loo, like less feeling there.",
        "Back pain and sciatica; altered sensation when sitting on the toilet since Tuesday.",
    ],
)
def test_the_seat_not_felt_on_the_toilet_is_saddle_numbness(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "saddle_anaesthesia")
    assert "cauda_equina_syndrome" in flags(result)


def test_a_leg_gone_numb_from_sitting_on_the_toilet_is_not_saddle_numbness(assess) -> None:
    result = assess("Low back ache for years. My legs go numb if I sit on the toilet too long, then it wears off.")
    assert not present(result, "saddle_anaesthesia")
    assert "cauda_equina_syndrome" not in flags(result)


@pytest.mark.parametrize(
    "text",
    [
        "Sciatica both legs. Reduced anal sphincter tone on digital rectal examination.",
        "Acute back pain radiating to both legs. PR: anal sphincter tone lax.",
        "Bilateral sciatica. Decreased sphincter tone on PR, saddle not tested.",
    ],
)
def test_reduced_anal_sphincter_tone_is_read(assess, text: str) -> None:
    result = assess(text)
    assert "cauda_equina_syndrome" in flags(result)
    assert level(result) == "emergency"


def test_normal_anal_sphincter_tone_is_no_sign(assess) -> None:
    result = assess("Sciatica left leg for 3 weeks. PR: normal anal sphincter tone, perianal sensation intact.")
    assert "cauda_equina_syndrome" not in flags(result)


@pytest.mark.parametrize(
    "text",
    [
        "Sciatica for 6 weeks. Bladder ultrasound after attempted voiding showed a residual volume of 640 mL.",
        "Back and leg pain. Post-voiding residual volume 520 ml on the ward.",
        "Sciatica. Post-micturition residual 450 mL.",
    ],
)
def test_a_residual_volume_after_voiding_is_retention(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "urinary_retention")
    assert "cauda_equina_syndrome" in flags(result)


def test_a_small_residual_volume_is_no_retention(assess) -> None:
    result = assess("Sciatica for 6 weeks. Bladder ultrasound after voiding showed a residual volume of 40 mL.")
    assert not present(result, "urinary_retention")
    assert "cauda_equina_syndrome" not in flags(result)


# ---------------------------------------------------------------- advice with "ever"


@pytest.mark.parametrize(
    "text",
    [
        "Known migraine with aura, usual attacks. My friend said if you ever get the worst headache of your life you "
        "should go straight to A&E.",
        "Migraine for years, same as always. Advised: if you ever get a headache that comes on in seconds, the worst "
        "ever, call 999.",
        "Chronic sciatica. Should you ever lose control of your bladder, go to the emergency department.",
    ],
)
def test_safety_net_advice_with_ever_supposes_its_symptoms(assess, text: str) -> None:
    result = assess(text)
    assert not flags(result) & {"thunderclap_headache", "cauda_equina_syndrome"}
    assert level(result) in ("routine", "soon")


def test_advice_with_ever_and_the_symptom_told_after_it_keeps_the_flag(assess) -> None:
    result = assess("Sciatica for 3 weeks. If you ever lose control of your bladder go to A&E. He has wet himself "
                    "twice this week without knowing.")
    assert "cauda_equina_syndrome" in flags(result)


def test_a_supposed_suicidal_thought_with_ever_stays_supposed(assess) -> None:
    result = assess("Low mood with chronic back pain. If you ever feel like ending your life, ring us or 999.")
    assert "suicide_risk" not in flags(result)


def test_a_threat_put_to_you_is_still_suicide_risk(assess) -> None:
    result = assess("Chronic back pain. He told me: if you don't help me with this pain I'll kill myself.")
    assert "suicide_risk" in flags(result)
    assert level(result) == "emergency"


# ---------------------------------------------------------------- a post-herpetic neuralgia after 50


@pytest.mark.parametrize(
    "text",
    [
        "Mr A, 73. Ophthalmic shingles on the left forehead in the spring; the rash healed in three weeks but the "
        "burning pain over the forehead has stayed. ESR (11) and CRP (<5) both normal. No jaw pain on chewing.",
        "Mrs B, 69: shingles over the scalp in the summer; the rash crusted over within 10 days but she has had "
        "burning scalp pain ever since. ESR (9), CRP (<5). No visual symptoms.",
    ],
)
def test_how_long_a_rash_took_to_heal_is_not_the_pains_duration(assess, text: str) -> None:
    result = assess(text)
    assert ranked(result)[0] == "postherpetic_neuralgia"
    assert level(result) in ("routine", "soon")
    assert "giant_cell_arteritis" not in flags(result)


def test_a_new_headache_after_50_is_still_urgent(assess) -> None:
    result = assess("Mr C, 72. New headache over the left temple for three weeks, worse at night.")
    assert at_least(result, "urgent")


def test_a_raised_crp_in_brackets_is_read(assess) -> None:
    result = assess("Mrs D, 76. New headache for 2 weeks, jaw aches when chewing. ESR (88), CRP (>100).")
    assert "giant_cell_arteritis" in flags(result)


# ---------------------------------------------------------------- "nothing going down my legs"


@pytest.mark.parametrize(
    "text",
    [
        "Lower back ache for 10 days after moving house. Nothing going down my legs, no numbness.",
        "Back pain since lifting a sofa. Nothing goes into either leg.",
        "Ache across the low back. Nothing at all radiating down the thighs.",
    ],
)
def test_nothing_going_down_the_legs_denies_the_sciatica(assess, text: str) -> None:
    result = assess(text)
    assert not present(result, "radicular_leg_pain")
    assert ranked(result)[0] != "lumbar_radiculopathy"


def test_pain_going_down_the_leg_that_nothing_helps_is_sciatica(assess) -> None:
    result = assess("Back pain for 3 weeks. Nothing helps the pain going down my left leg to the foot.")
    assert present(result, "radicular_leg_pain")


# ---------------------------------------------------------------- a leaking aneurysm at 65 or over


@pytest.mark.parametrize(
    "text",
    [
        "72 year old man with sudden severe back pain going through to his tummy.",
        "My grandad is 78. This afternoon he got a sudden agonising pain in his lower back and belly.",
        "69F, abrupt onset severe lumbar pain radiating to the abdomen an hour ago.",
    ],
)
def test_sudden_severe_back_and_belly_pain_at_65_or_over_is_a_vascular_emergency(assess, text: str) -> None:
    result = assess(text)
    assert "vascular_emergency" in flags(result)
    assert level(result) == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "45 year old man with sudden severe back pain going through to his tummy after lifting.",
        "74 year old man with back and tummy ache for four months, worse after meals.",
    ],
)
def test_younger_or_long_standing_back_and_belly_pain_is_no_aneurysm_flag(assess, text: str) -> None:
    assert "vascular_emergency" not in flags(assess(text))


@pytest.mark.parametrize(
    "text",
    [
        "My dad is 66. His blood pressure was low compared with his usual when the paramedics came; sudden back pain.",
        "Her BP dropped in the ambulance. Sudden severe pain in her back this evening, aged 61.",
    ],
)
def test_a_low_blood_pressure_told_in_words(assess, text: str) -> None:
    # "Blood pressure was ..." opened a test clause (as "Bloods: ..." does), which drops signs
    result = assess(text)
    assert present(result, "haemodynamic_compromise")
    assert "vascular_emergency" in flags(result)


def test_a_pressure_lower_on_tablets_is_no_shock(assess) -> None:
    result = assess("Back pain for months. My blood pressure is lower since starting the amlodipine.")
    assert not present(result, "haemodynamic_compromise")


# ---------------------------------------------------------------- whose the relative's words are


@pytest.mark.parametrize(
    "text",
    [
        "Low back pain for 6 weeks after lifting at work. My mother has breast cancer. No leg pain.",
        "Sore lower back since the gym 3 weeks ago, worse bending. My dad has prostate cancer.",
        "Neck ache for a month from the desk. My sister had a brain tumour.",
    ],
)
def test_a_relative_named_after_the_complaint_is_family_history(assess, text: str) -> None:
    result = assess(text)
    assert "spinal_malignancy" not in flags(result)
    assert level(result) in ("routine", "soon")


def test_a_proxy_note_told_in_the_third_person_keeps_the_relative_as_the_patient(assess) -> None:
    result = assess("Severe back pain since yesterday, can't pee. My dad has never had this before, he is 80.")
    assert "cauda_equina_syndrome" in flags(result)


@pytest.mark.parametrize(
    "text",
    [
        "Hi, my dad has back pain since yesterday and he can't pee.",
        "Hello doctor, my mum has had terrible back pain for 2 days and she wet herself without knowing.",
        "Good morning, my husband has bad back pain and since this morning he cannot pass urine.",
    ],
)
def test_a_proxy_note_opened_with_a_greeting_keeps_the_relatives_complaint(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "low_back_pain")
    assert "cauda_equina_syndrome" in flags(result)
    assert level(result) == "emergency"


def test_a_greeting_and_a_relatives_cancer_after_the_writers_own_pain_is_family_history(assess) -> None:
    result = assess("My lower back has been sore for a fortnight. Hi, my brother has cancer.")
    assert "spinal_malignancy" not in flags(result)
    assert not present(result, "cancer_history")


# ---------------------------------------------------------------- what a relative was diagnosed with (lead41b)


@pytest.mark.parametrize(
    "text",
    [
        "62M, low back pain for 3 weeks after gardening, worse bending. His elder brother was recently diagnosed "
        "with prostate cancer with spread to the bones. No weight loss, no night pain.",
        "Neck pain for a month from the desk. Her father was diagnosed with myeloma that had spread through his spine.",
        "58F, mechanical low back pain 6 weeks. Her younger sister was recently diagnosed with metastatic breast "
        "cancer in her bones.",
    ],
)
def test_what_a_relative_was_diagnosed_with_is_the_relatives(assess, text: str) -> None:
    result = assess(text)
    assert "spinal_malignancy" not in flags(result)
    assert level(result) in ("routine", "soon")


@pytest.mark.parametrize(
    "text",
    [
        "Low back pain for 6 weeks. He was recently diagnosed with prostate cancer with spread to the bones.",
        "Low back pain for 6 weeks. His brother was diagnosed with prostate cancer in March; he himself had a "
        "prostate cancer treated in 2019 and now has night pain.",
    ],
)
def test_the_patients_own_diagnosis_beside_a_relatives_keeps_the_flag(assess, text: str) -> None:
    assert "spinal_malignancy" in flags(assess(text))
