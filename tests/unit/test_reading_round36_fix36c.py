"""Round 36 (fix36c): the outside reviewers' clinicians' letters and published vignettes, each miss as a pattern in our
own words.

- a weight told as steady or stable is weight loss stated absent (a hip's referral pattern beside a past cancer then
  keeps its exception);
- a long-standing mechanical back pain in osteoporosis whose spinal imaging found no new fracture is no fracture to
  image within a week; a sudden or trivially triggered change, or a limb's X-ray, keeps the flag;
- a denial list ends at a comma before a predicate told without its subject ("no leg pain, worse standing, eased by
  sitting");
- a rehabilitation that is "progressing with" its exercises is no progressive deficit for the unread safety net;
- groin pain shooting into the thigh since a hernia repair months back, with no back pain, is no new root pain;
- an operation dated by a calendar year before this one was months or years ago.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import absent, flags, level, present, ranked

YEAR = date.today().year


# ---------------------------------------------------------------- a steady weight is no weight loss
@pytest.mark.parametrize(
    "text",
    [
        f"72F. Previous breast cancer {YEAR - 17}, lumpectomy and radiotherapy, discharged. Right groin ache for 18 "
        "months going down the front of the thigh to the knee, painful internal rotation, X-ray shows joint space "
        "narrowing. Not waking at night. Weight stable.",
        f"68M, prostate cancer treated with radiotherapy {YEAR - 14}. Groin pain spreading to the knee for a year, pain "
        "on internal rotation of the hip, osteophytes on XR. No night pain; his weight has been steady.",
    ],
)
def test_a_steady_weight_keeps_the_hips_exception_to_a_past_cancer(assess, text: str) -> None:
    result = assess(text)
    assert absent(result, "weight_loss")
    assert "spinal_malignancy" not in flags(result)
    assert level(result) == "routine"
    assert ranked(result)[0] == "hip_osteoarthritis"


def test_weight_lost_beside_the_same_hip_keeps_the_malignancy_flag(assess) -> None:
    result = assess(
        f"72F. Previous breast cancer {YEAR - 17}, lumpectomy and radiotherapy, discharged. Right groin ache for 18 "
        "months going down the front of the thigh to the knee, painful internal rotation, X-ray shows joint space "
        "narrowing. Not waking at night. Has lost 5 kg since the spring, weight now stable."
    )
    assert present(result, "weight_loss")
    assert "spinal_malignancy" in flags(result)
    assert level(result) == "urgent"


# ---------------------------------------------------------------- a fracture excluded on spinal imaging
@pytest.mark.parametrize(
    "text",
    [
        "78F, osteoporosis on denosumab. Low back ache for 2 years, worse standing, eased by sitting. Lumbar spine "
        "X-ray in the autumn: old L1 wedge unchanged, no new fracture.",
        "Known osteoporosis, 74M. Mechanical lumbar ache for 5 years. MRI lumbar spine this year showed no vertebral "
        "fracture, multilevel facet arthropathy.",
    ],
)
def test_a_lasting_pain_with_a_fracture_excluded_on_spinal_imaging_is_no_fracture_flag(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "imaging_fracture_excluded")
    assert "vertebral_fracture" not in flags(result)
    assert level(result) == "routine"


@pytest.mark.parametrize(
    "text",
    [
        # a sudden change after a trivial lift: a new fracture since the scan
        "78F, osteoporosis on denosumab. Low back ache for 2 years, suddenly much worse since lifting a pan last "
        "week. Lumbar spine X-ray in the autumn: no new fracture.",
        # the X-ray that found no fracture was of the wrist
        "78F, osteoporosis on denosumab. Low back ache for 2 years, worse standing. X-ray of the wrist after a fall: "
        "no fracture.",
    ],
)
def test_a_new_change_or_a_limbs_xray_keeps_the_fracture_flag(assess, text: str) -> None:
    result = assess(text)
    assert "vertebral_fracture" in flags(result)
    assert level(result) == "soon"


# ---------------------------------------------------------------- a predicate without its subject after a denial
@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("Denies sciatica, worse bending forward, better lying down.", "worse_flexion"),
        ("Denies sciatica, worse bending forward, better lying down.", "better_lying"),
        ("Low back pain for a year. No numbness, worse sitting, eased by walking about.", "worse_sitting"),
    ],
)
def test_a_predicate_opening_a_comma_piece_ends_the_denial(assess, text: str, finding: str) -> None:
    assert present(assess(text), finding)


def test_a_denial_list_of_nouns_still_denies_each(assess) -> None:
    result = assess("No leg pain, pins and needles, weakness.")
    assert absent(result, "leg_pain")
    assert absent(result, "motor_weakness")
    assert not present(result, "motor_weakness")


# ---------------------------------------------------------------- rehabilitation progressing
@pytest.mark.parametrize(
    "text",
    [
        "Rotator cuff pain 4 months, painful arc. Progressing well with her home exercises.",
        "Shoulder pain 4 months. Progressing with graded cuff loading, pain limiting.",
    ],
)
def test_a_rehabilitation_progressing_is_no_unread_red_flag_word(assess, text: str) -> None:
    result = assess(text)
    assert not present(result, "unread_red_flag_words")
    assert level(result) == "routine"


def test_a_bare_progressing_stays_unread(assess) -> None:
    result = assess("Shoulder pain 4 months. Progressing.")
    assert present(result, "unread_red_flag_words")
    assert level(result) == "soon"


# ---------------------------------------------------------------- groin pain since a hernia repair
@pytest.mark.parametrize(
    "text",
    [
        "Lap inguinal hernia repair L four months ago. Stabbing pain L groin shooting into the labia and inner thigh "
        "since the operation, numb patch below the wound.",
        "Open R inguinal hernia repair with mesh in the summer, 5/12 ago. Burning, electric pain radiating from the "
        "groin to the inner thigh since surgery; Tinel positive at the scar.",
    ],
)
def test_groin_pain_shooting_since_a_hernia_repair_is_no_new_root_pain(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "non_spinal_scar_pain")
    assert level(result) == "routine"


def test_the_same_groin_pain_with_back_pain_is_seen_within_a_week(assess) -> None:
    result = assess(
        "Lap inguinal hernia repair L four months ago. Stabbing pain shooting from the low back into the groin and "
        "inner thigh since the operation, numb patch below the wound."
    )
    assert present(result, "radicular_leg_pain")
    assert level(result) == "soon"


# ---------------------------------------------------------------- an operation dated by a past year
@pytest.mark.parametrize(
    ("text", "top"),
    [
        (f"L5/S1 microdiscectomy in {YEAR - 5}. Back and left leg pain since the operation, burning, 7/10.",
         "persistent_spinal_pain_after_surgery"),
        (f"Posterior lumbar decompression and fusion ({YEAR - 3}). Persistent low back ache and buttock burning "
         "since surgery.", "persistent_spinal_pain_after_surgery"),
    ],
)
def test_an_operation_dated_by_a_past_year_was_months_ago(assess, text: str, top: str) -> None:
    result = assess(text)
    assert present(result, "surgery_months_ago")
    assert ranked(result)[0] == top


def test_an_operation_dated_this_year_is_not_read_as_months_ago(assess) -> None:
    result = assess(f"L5/S1 microdiscectomy in {YEAR}. Back and left leg pain since the operation, burning, 7/10.")
    assert not present(result, "surgery_months_ago")
    assert ranked(result)[0] == "postoperative_pain"


# ---------------------------------------------------------------- the probe's shorthand (fix36c's own notes)
@pytest.mark.parametrize(
    "text",
    [
        "Physio. 77M, osteoporosis on risedronate. 3 yr hx mechanical LBP, worse walking. Thoracolumbar XR in the "
        "spring: no vertebral #. Neuro NAD.",
        "81F, osteoporosis. LBP for 4 years, eased sitting. MRI L-spine: no acute or new fx, facet OA.",
    ],
)
def test_a_fracture_sign_in_shorthand_is_a_fracture_excluded(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "imaging_fracture_excluded")
    assert "vertebral_fracture" not in flags(result)


@pytest.mark.parametrize(
    "text",
    [
        "Bilateral knee OA 4 yrs, crepitus, worse stairs. Wt stable. Plan ?IA steroid L knee.",
        "Knee OA for years, worse walking. Weight steady. Would she benefit from an intra-articular steroid?",
    ],
)
def test_an_intra_articular_steroid_is_no_unread_red_flag_word(assess, text: str) -> None:
    result = assess(text)
    assert not present(result, "unread_red_flag_words")
    assert level(result) == "routine"


def test_oral_steroids_for_months_without_a_finding_stay_unread(assess) -> None:
    result = assess("Knee OA for years, worse walking. Steroids since the summer.")
    assert present(result, "unread_red_flag_words")


@pytest.mark.parametrize(
    "text",
    [
        "Thoracic back pain 6/52, worse at night. Weight down by 6 kg since the summer.",
        "Back ache 2 months; wt down by 7kg, not trying.",
    ],
)
def test_weight_down_by_an_amount_is_weight_loss(assess, text: str) -> None:
    assert present(assess(text), "weight_loss")


def test_weight_down_by_a_small_amount_is_below_the_threshold(assess) -> None:
    assert not present(assess("Back ache 2 months; weight down by 2 kg."), "weight_loss")
