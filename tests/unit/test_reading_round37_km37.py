"""Round 37 (km37): the known misses around cancer, each as a pattern in our own words.

- weight loss told by a belt gone in or taken in by holes or notches, or a person "wasting away"; night pain told
  "worse in the bed" or "lying down is worse"; a cancer history told as injections "for the prostate" (a missed
  malignancy flag in a farmer's dictation);
- back or bone pain with a raised PSA or calcium feeds the malignancy picture and cancer pain; "lost approx. 9 kg";
  a cancer "with known bony disease" is metastatic;
- knees placed for comfort and the site of a bone density score are not pain sites;
- a cancer already settled by the tests, with night pain and weight loss denied and nothing new, is no spinal
  malignancy flag and no "cancer with uncontrolled pain"; any new feature keeps the flag.
"""

from __future__ import annotations

from datetime import date

import pytest

from painpath.domain.model import Status
from tests.conftest import at_least, flags, level, present, ranked

YEAR = date.today().year


def _present(statuses, text: str, finding: str) -> bool:  # type: ignore[no-untyped-def]
    return statuses(text).get(finding) is Status.PRESENT


# ---------------------------------------------------------------- weight loss told by a belt or "wasting away"
@pytest.mark.parametrize(
    "text",
    [
        "Back pain since spring. I've had to take my belt in two holes and I eat the same as ever.",
        "Low back ache for two months; his belt has come in three notches since the summer.",
        "Her daughter says she is wasting away, and the back pain is there all day.",
    ],
)
def test_a_belt_gone_in_or_wasting_away_is_weight_loss(statuses, text: str) -> None:  # type: ignore[no-untyped-def]
    assert _present(statuses, text, "weight_loss")


@pytest.mark.parametrize(
    "text",
    [
        "Back pain since spring. My belt's gone in two holes since I started the diet.",
        "Neck pain and the muscles of his hand are wasting away.",
    ],
)
def test_a_belt_on_a_diet_or_a_wasting_muscle_is_no_weight_loss(statuses, text: str) -> None:  # type: ignore[no-untyped-def]
    assert not _present(statuses, text, "weight_loss")


# ---------------------------------------------------------------- night pain told by the bed or lying down
@pytest.mark.parametrize(
    "text",
    [
        "The back ache is worse lying in my bed than up and about.",
        "Mid back pain for a month and lying flat makes the pain worse.",
    ],
)
def test_pain_worse_in_bed_or_lying_is_night_pain(statuses, text: str) -> None:  # type: ignore[no-untyped-def]
    assert _present(statuses, text, "night_pain")


@pytest.mark.parametrize(
    "text",
    [
        "Low back pain, worse getting out of bed in the morning and easing as I move.",
        "Low back pain after gardening; lying down is better.",
    ],
)
def test_pain_getting_out_of_bed_or_better_lying_is_no_night_pain(statuses, text: str) -> None:  # type: ignore[no-untyped-def]
    assert not _present(statuses, text, "night_pain")


# ---------------------------------------------------------------- injections for the prostate
@pytest.mark.parametrize(
    "text",
    [
        "Back pain. He has a jab every three months for his prostate.",
        "Back pain. Years ago he had an implant under the skin for the prostate.",
    ],
)
def test_injections_for_the_prostate_are_a_cancer_history(statuses, text: str) -> None:  # type: ignore[no-untyped-def]
    assert _present(statuses, text, "cancer_history")


@pytest.mark.parametrize(
    "text",
    [
        "Back pain. He takes tablets for the prostate.",
        "Back pain. He had a numbing injection before the prostate biopsy, which was benign.",
    ],
)
def test_prostate_tablets_or_a_biopsy_injection_are_no_cancer_history(statuses, text: str) -> None:  # type: ignore[no-untyped-def]
    assert not _present(statuses, text, "cancer_history")


def test_a_dictated_malignancy_picture_flags_and_ranks_cancer_pain(assess) -> None:  # type: ignore[no-untyped-def]
    result = assess(
        "I'm 81 and my back has been bad since the harvest, low down in the middle. It's worse in the bed and I sit up "
        "in the chair half the night. I've had to take my belt in three holes. Years back I had the jabs for my "
        "prostate and then they stopped them."
    )
    assert "spinal_malignancy" in flags(result)
    assert at_least(result, "urgent")
    assert "cancer_pain" in ranked(result)[:3]


# ---------------------------------------------------------------- the malignancy bloods feed the ranking
@pytest.mark.parametrize(
    "text",
    [
        "Man of 73. Low back pain for two months, worse at night, painkillers not helping. PSA 120 ng/mL. "
        "X-ray: degenerative change.",
        "74M. Aching in the lower back and ribs for six weeks, worse at night. Adjusted calcium 2.98 mmol/L.",
    ],
)
def test_back_pain_with_a_raised_psa_or_calcium_ranks_cancer_pain(assess, statuses, text: str) -> None:  # type: ignore[no-untyped-def]
    assert _present(statuses, text, "malignancy_bloods_with_bone_pain")
    assert "cancer_pain" in ranked(assess(text))[:3]


def test_back_pain_with_a_normal_psa_is_no_malignancy_blood_picture(statuses) -> None:  # type: ignore[no-untyped-def]
    text = "Man of 73. Low back pain for two months, worse at night. PSA 1.4 ng/mL, calcium 2.35 mmol/L."
    assert not _present(statuses, text, "malignancy_bloods_with_bone_pain")


@pytest.mark.parametrize(
    "text",
    [
        "Back pain for 3 months. She has lost approximately 6 kg, appetite poor.",
        "Back pain for 3 months. Wife says he has lost approx. 7 kg.",
    ],
)
def test_an_approximate_loss_is_weight_loss(statuses, text: str) -> None:  # type: ignore[no-untyped-def]
    assert _present(statuses, text, "weight_loss")


def test_an_approximate_loss_on_a_diet_is_no_weight_loss(statuses) -> None:  # type: ignore[no-untyped-def]
    assert not _present(statuses, "Back pain for 3 months. She has lost approx. 6 kg on a diet.", "weight_loss")


@pytest.mark.parametrize(
    "text",
    [
        "Breast cancer, now with skeletal involvement. New thoracic back pain.",
        "Known myeloma with extensive bone disease; back pain worse this week.",
    ],
)
def test_a_cancer_with_bony_disease_is_metastatic(statuses, text: str) -> None:  # type: ignore[no-untyped-def]
    assert _present(statuses, text, "metastatic_disease")


@pytest.mark.parametrize(
    "text",
    [
        f"Breast cancer {YEAR - 10}, no bony disease on the staging scan. Back pain after lifting.",
        "Paget's bone disease of the pelvis. Low back pain.",
    ],
)
def test_no_bony_disease_or_a_bone_disease_alone_is_not_metastatic(statuses, text: str) -> None:  # type: ignore[no-untyped-def]
    assert not _present(statuses, text, "metastatic_disease")


# ---------------------------------------------------------------- position and measurement words are not sites
@pytest.mark.parametrize(
    "text",
    [
        "Low back pain since Saturday; the back settles if I lie on my back with my knees bent.",
        "Low back ache for a week. I sleep with a pillow between my knees.",
    ],
)
def test_knees_placed_for_comfort_are_no_knee_pain(statuses, text: str) -> None:  # type: ignore[no-untyped-def]
    assert not _present(statuses, text, "knee_pain")


def test_knees_that_are_painful_stay_knee_pain(statuses) -> None:  # type: ignore[no-untyped-def]
    assert _present(statuses, "Both my knees are bent and swollen and painful.", "knee_pain")


@pytest.mark.parametrize(
    "text",
    [
        "Right knee pain on stairs. Osteoporosis: hip T-score -2.9 on her last scan.",
        "Left knee pain for a year. Alendronate since a DEXA showed a T score of -2.8 at the hip.",
    ],
)
def test_a_bone_density_site_is_no_hip_pain(statuses, text: str) -> None:  # type: ignore[no-untyped-def]
    assert not _present(statuses, text, "hip_groin_pain")


def test_a_painful_hip_stays_hip_pain(statuses) -> None:  # type: ignore[no-untyped-def]
    assert _present(statuses, "Right knee pain on stairs, and pain at the hip since the fall.", "hip_groin_pain")


# ---------------------------------------------------------------- a cancer settled by the tests
@pytest.mark.parametrize(
    "text",
    [
        f"Mr B, 69. Axial low back pain for a year, worse on extension, eased by sitting. Bowel cancer treated in "
        f"{YEAR - 9}; his surveillance CT last year was clear. No night pain and his weight is stable. Neurology intact.",
        f"Mrs D, 64. Mechanical low back pain for 8 months. Breast cancer {YEAR - 11}, in remission; a bone scan last "
        "year was negative for metastases. No night pain, weight steady. Neurology normal.",
    ],
)
def test_a_settled_cancer_with_nothing_new_is_no_malignancy_flag(assess, text: str) -> None:  # type: ignore[no-untyped-def]
    assert "spinal_malignancy" not in flags(assess(text))


@pytest.mark.parametrize(
    "text",
    [
        f"Mr B, 69. Low back pain for two months. Bowel cancer treated in {YEAR - 9}; his surveillance CT last year "
        "was clear. The pain now wakes him every night. Weight stable.",
        f"Mrs D, 64. Low back pain for 2 months. Breast cancer {YEAR - 11}, in remission; a bone scan last year was "
        "negative for metastases. No night pain, but she has lost 6 kg without trying.",
    ],
)
def test_a_settled_cancer_with_a_new_feature_keeps_the_flag(assess, text: str) -> None:  # type: ignore[no-untyped-def]
    result = assess(text)
    assert "spinal_malignancy" in flags(result)
    assert at_least(result, "urgent")


def test_a_survivors_chemotherapy_neuropathy_is_no_cancer_with_uncontrolled_pain(assess) -> None:  # type: ignore[no-untyped-def]
    result = assess(
        f"Mr K, 58. Burning and numb feet since cisplatin chemotherapy for a lymphoma in {YEAR - 3}; he is in complete "
        "remission. The feet burn more at night. Power normal, no back pain, no bladder symptoms."
    )
    assert level(result) == "routine"
    assert present(result, "cancer_history")


@pytest.mark.parametrize(
    "text",
    [
        "Colon cancer treated last year; surveillance CT in March clear. Burning feet.",
        "Prostate cancer, operated; his PSA remains undetectable. Low back ache.",
    ],
)
def test_a_clear_surveillance_scan_or_undetectable_psa_settles_a_cancer(statuses, text: str) -> None:  # type: ignore[no-untyped-def]
    assert _present(statuses, text, "cancer_settled")


@pytest.mark.parametrize(
    "text",
    [
        "Breast cancer on letrozole; her polymyalgia is in remission. Back pain at night.",
        "Breast cancer on letrozole. Follow-up MRI of the knee was normal. Back pain at night.",
        "Lymphoma last year and she is no longer in remission. Back pain at night.",
    ],
)
def test_another_illness_in_remission_or_a_knee_scan_settles_no_cancer(statuses, text: str) -> None:  # type: ignore[no-untyped-def]
    assert not _present(statuses, text, "cancer_settled")


# ---------------------------------------------------------------- a polymyalgia weaned off years ago
@pytest.mark.parametrize(
    "text",
    [
        "Rheumatology letter. 66F with widespread pain for 3 years. Polymyalgia rheumatica treated with prednisolone "
        "and weaned off some years ago, no relapse. Tension headaches since her thirties. ESR 8, CRP 3. No jaw or "
        "visual symptoms.",
        "70M, aching all over for 2 years. PMR, off steroids since the year before last. Migraines all his adult life. "
        "ESR 6 and CRP 2. Temporal arteries non-tender.",
    ],
)
def test_a_settled_polymyalgia_with_normal_markers_is_no_gca(assess, text: str) -> None:  # type: ignore[no-untyped-def]
    assert "giant_cell_arteritis" not in flags(assess(text))


@pytest.mark.parametrize(
    "text",
    [
        "Rheumatology letter. 66F with widespread pain. Polymyalgia rheumatica treated with prednisolone and weaned "
        "off some years ago, no relapse. New headaches for a month. ESR 58, CRP 40.",
        "70M. PMR, weaned off last year but now relapsed, and a new headache over the temples for two weeks.",
    ],
)
def test_raised_markers_or_a_relapse_keep_the_gca_flag(assess, text: str) -> None:  # type: ignore[no-untyped-def]
    assert "giant_cell_arteritis" in flags(assess(text))
