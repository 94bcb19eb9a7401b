"""Round 43 (fix43a): the outside reviewer's clinicians' documents r43a, false alarms and ranking fixed as patterns.

- a screening item that names self-harm as its label and is scored zero ("item 9 (thoughts of self-harm) = 0") is the
  thought screened and denied (r43a_18: a suicide-risk emergency);
- a weight loss called meant by an adverb after "weight down" ("intentionally"), or taken on a GLP-1 agonist named
  by its class, is no unexplained weight loss (r43a_16: a malignancy flag, urgent);
- a knee, hip or shoulder replaced in the last two weeks ("day 2 L TKR") is warm and swollen as it heals: with no
  fever, shivers, inflamed wound, redness, feeling unwell or climbing pain it is no septic joint, and the pain is
  post-operative (r43a_13: an emergency, knee osteoarthritis first);
- a walk made at this visit ("walked to the ambulance"), even after a denial list, answers a posture word read as a
  new inability to walk (r43a_19: urgent);
- shingles told as a quoted blistering rash on one side of the chest wall, or with its antiviral later in the
  sentence, and the scars a rash left are no incision (r43a_24: post-operative pain ranked over post-herpetic
  neuralgia).
"""

from __future__ import annotations

import pytest

from tests.conftest import absent, flags, level, present, ranked

# ---------------------------------------------------------------- a self-harm screening item scored zero

R43A_18 = (
    "Pharmacist medication review - neuropathic pain\n"
    "67M T2DM 15 yrs, burning and numb feet in a stocking distribution, worse at night. Amitriptyline 25 mg nocte "
    "(dry mouth), pregabalin 75 mg bd, metformin, gliclazide.\n"
    "Mood: low-ish since retiring; PHQ-9 = 6, item 9 (thoughts of self-harm) = 0. Denies any thoughts of harming "
    "himself. Plan to recheck mood at next review.\n"
    "Suggest: consider switch amitriptyline to duloxetine given anticholinergic burden; check eGFR before pregabalin "
    "titration.\n"
)


@pytest.mark.parametrize(
    "text",
    [
        R43A_18,
        "Chronic low back pain 6 months. Mood screen: PHQ-9 14; Q9 (self-harm) scored 0.",
        "Neck pain for a year. PHQ-9 11, self-harm item: 0, sleeping poorly.",
    ],
)
def test_a_self_harm_item_scored_zero_is_no_suicide_risk(assess, text: str) -> None:
    result = assess(text)
    assert "suicide_risk" not in flags(result)
    assert level(result) == "routine"
    assert not present(result, "suicidal_thoughts")


@pytest.mark.parametrize(
    "text",
    [
        "Burning feet for 2 years. PHQ-9 = 12, item 9 (thoughts of self-harm) = 2.",
        "Back pain. Item 9 (thoughts of self-harm) = 0 but later admits he has been thinking about ending it.",
    ],
)
def test_a_self_harm_item_scored_above_zero_or_a_later_admission_keeps_the_risk(assess, text: str) -> None:
    result = assess(text)
    assert "suicide_risk" in flags(result)
    assert level(result) == "emergency"


# ---------------------------------------------------------------- a weight loss meant

R43A_16 = (
    "PM&R Consult\n"
    "CC: axial LBP x 8 mo.\n"
    "HPI: 58 y/o M, bilateral paraspinal LBP, worse with extension and rotation, standing at the grill, better sitting "
    "forward. AM stiffness ~20 min. No radicular sx, no paresthesias.\n"
    "ROS: Neg for fevers, night pain. Wt down 14 lb intentionally on a GLP-1 agonist / diet program. Denies hx of "
    "malignancy.\n"
    "PE: paraspinal TTP L4-S1 bilat, pain w/ facet loading (ext + rot) bilat, SLR neg, strength 5/5 BLE, DTRs 2+ "
    "symmetric.\n"
    "Imaging: XR L-spine facet arthropathy L4-5, L5-S1.\n"
    "A/P: Likely facet-mediated; dx MBB L4-5/L5-S1 bilat, PT core program.\n"
)


def test_the_reported_consult_raises_no_malignancy_flag(assess) -> None:
    result = assess(R43A_16)
    assert "spinal_malignancy" not in flags(result)
    assert level(result) == "routine"
    assert ranked(result)[0] == "lumbar_facet_pain"
    assert absent(result, "weight_loss")


@pytest.mark.parametrize(
    "text",
    [
        "61F back pain 5 months. Weight down 6 kg deliberately since the new year.",
        "60M thoracic back ache 4 months, lost 8 kg on a GLP-1 receptor agonist prescribed by his GP.",
    ],
)
def test_a_loss_told_as_meant_is_no_weight_loss(assess, text: str) -> None:
    result = assess(text)
    assert absent(result, "weight_loss")
    assert not present(result, "weight_loss")


def test_a_loss_told_as_not_meant_keeps_the_malignancy_flag(assess) -> None:
    result = assess("60M back ache 4 months. Wt down 14 lb, not intentionally. Previous prostate cancer.")
    assert present(result, "weight_loss")
    assert "spinal_malignancy" in flags(result)


# ---------------------------------------------------------------- a joint replaced in the last two weeks

R43A_13 = (
    "SBAR - ortho ward\n"
    "S: 71F, day 2 L TKR, knee pain 7/10 on flexion with physio.\n"
    "B: OA knee, T2DM diet controlled. Spinal anaesthetic + adductor canal block.\n"
    "A: Catheter out 08:00, PU x3 since, post-void bladder scan 60 mL. No saddle numbness, sensation normal both legs "
    "now block worn off. Knee swollen, warm, wound dry. Obs normal, afebrile.\n"
    "R: Needs regular analgesia before physio, please review PRN oxycodone dose.\n"
)


@pytest.mark.parametrize(
    "text",
    [
        R43A_13,
        "Ward note: POD 3 R THR. Hip swollen and warm around the wound, dressing clean, apyrexial. Pain 5/10 on "
        "mobilising.",
        "Physio: 6/7 post L TKR, knee warm and swollen, wound healing well, no fever. Struggling with flexion, pain "
        "6/10.",
    ],
)
def test_the_healing_warmth_of_a_fresh_replacement_is_no_septic_joint(assess, text: str) -> None:
    result = assess(text)
    assert level(result) in {"routine", "soon"}
    assert ranked(result)[0] == "postoperative_pain"
    assert present(result, "fresh_replacement_swelling_expected")


@pytest.mark.parametrize(
    "text",
    [
        "Day 4 L TKR. Knee hot and swollen, T 38.4, rigors overnight.",
        "Day 5 R TKR, knee warm and swollen, wound oozing cloudy fluid.",
        "Had my knee replacement 5 days ago, the knee has gone red hot and swollen and I feel really unwell.",
        "Day 3 R TKR, knee warm and swollen, redness spreading up the thigh, afebrile.",
        "TKR 3 years ago. Knee swollen and warm since yesterday, no fever.",
        "Hot swollen knee since yesterday, no fever. Her TKR is booked for Monday.",
        "Hot swollen knee since yesterday. Day 2 L TKR was postponed.",
    ],
)
def test_a_replaced_joint_with_a_sign_of_infection_or_an_old_replacement_stays_an_emergency(assess, text: str) -> None:
    result = assess(text)
    assert level(result) == "emergency"


# ---------------------------------------------------------------- a walk made at this visit

R43A_19 = (
    "Crew handover: 31M, acute LBP after lifting a sofa this morning, felt a \"twinge\", now spasm, can't stand "
    "straight. No fall, no trauma. Obs: T 36.8, HR 88, BP 132/80. Denies IVDU. No saddle numbness, PU normally on "
    "scene, no leg pain or weakness, walked to the ambulance. Given Entonox. Pt requests GP f/u, advised heat and keep "
    "moving.\n"
)


@pytest.mark.parametrize(
    "text",
    [
        R43A_19,
        "34F acute low back pain since yesterday bending to the dishwasher, can't stand up straight, walked into clinic "
        "unaided. No leg symptoms.",
        "Back spasm 2 days, unable to stand up straight, no fever or leg symptoms, mobilising independently on the "
        "ward.",
    ],
)
def test_a_walk_made_now_answers_a_posture_word(assess, text: str) -> None:
    result = assess(text)
    assert level(result) in {"routine", "soon"}
    assert present(result, "walked_unaided_now")


@pytest.mark.parametrize(
    "text",
    [
        "52M back pain 3 days. Walked to the car, then his legs gave way and now he can't stand.",
        "45F back pain 4 days, now can't walk at all, husband carried her to the car.",
        "Back pain 2 days. He was walking normally until yesterday, now cannot walk.",
    ],
)
def test_a_walk_before_the_change_keeps_the_same_day_review(assess, text: str) -> None:
    result = assess(text)
    assert level(result) in {"urgent", "emergency"}
    assert not present(result, "walked_unaided_now")


# ---------------------------------------------------------------- shingles told without its name; a rash's scars

R43A_24 = (
    "Dear Pain Clinic,\n"
    "Mrs D, 74, had a painful blistering \"girdle rash\" on her left chest wall going round to the back 4 months ago, "
    "treated with aciclovir by the clinic sister. The rash has healed leaving pale scars, but she still has burning and "
    "itching in the same band, and her bra or blouse touching it is unbearable. Paracetamol doesn't touch it; "
    "amitriptyline made her too drowsy.\n"
    "Kind regards, Dr P, Cape Town\n"
)


@pytest.mark.parametrize(
    "text",
    [
        R43A_24,
        "Mr K, 79. Blistery rash on his right ribs last spring, healed with some scarring. Since then a burning pain "
        "there and he cannot bear his shirt on it.",
        "Mr T, 70. Last year a painful rash came up on his right flank and spread round to his back, and the walk-in "
        "centre treated it with famciclovir. Burning there ever since, he cannot bear his shirt touching it.",
        "72F. Four months ago a blistering 'belt' rash on her right breast going round under the arm. Still burning and "
        "tender to clothes there.",
    ],
)
def test_shingles_told_without_its_name_leads_to_postherpetic_neuralgia(assess, text: str) -> None:
    result = assess(text)
    assert ranked(result)[0] == "postherpetic_neuralgia"
    assert not present(result, "incisional_pain")


@pytest.mark.parametrize(
    "text",
    [
        "52M with a painful scar after his hernia repair 5 months ago, burning along the scar, touching it is "
        "unbearable.",
    ],
)
def test_an_operation_scar_keeps_its_post_operative_pain(assess, text: str) -> None:
    result = assess(text)
    assert ranked(result)[0] == "postoperative_pain"
    assert present(result, "incisional_pain")


def test_a_blistering_rash_on_a_hand_is_no_shingles(assess) -> None:
    result = assess("45F. Blistering rash on her left hand from the washing-up liquid, healed. Now her chest wall aches "
                    "after a cough.")
    assert not present(result, "dermatomal_rash_history")
