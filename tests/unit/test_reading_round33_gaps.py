"""Round 33 reading gaps (kb 2026.12.101), each a pattern with two wordings and a negative twin.

- a drug list stays denied across "or any" / "or other";
- "spread" is a cancer's spread only with a cancer subject or to the bones; a spreading swelling is no lump;
- other illnesses' attacks are no attacks of pain; blood brought up with a cough is haemoptysis, not a GI bleed;
- confusion is a headache deficit only beside a headache;
- a headline's bare age; "I'm 36 weeks" is a pregnancy;
- injecting stopped long ago told in its own sentence;
- the pain's own onset wins over another condition's start;
- uveitis in lay words raises axial SpA (sacroiliitis);
- a leg turned out and shorter after a fall, told of a bare relative, is a hip fracture emergency.
Every year is built from date.today(), so the tests pass on any date.
"""

from __future__ import annotations

from datetime import date

import pytest

from painpath.domain.model import Status
from tests.conftest import flags, ranked

THIS_YEAR = date.today().year


def _level(result: dict) -> str:
    return str(result["triage"]["level"])


# ---------------------------------------------------------------- 1. negation over a coordinated drug list
@pytest.mark.parametrize(
    "text",
    [
        "Back ache for 10 days. Not taking warfarin or any blood thinners.",
        "Sore lower back for a week; not on aspirin or any other blood thinner.",
    ],
)
def test_or_any_keeps_a_drug_list_denied(statuses, text: str) -> None:
    assert statuses(text).get("on_anticoagulant") is not Status.PRESENT


def test_a_drug_taken_with_or_any_after_no_denial_stays_taken(statuses) -> None:
    found = statuses("Back ache for 10 days. Takes warfarin or any blood thinner the GP gives her.")
    assert found.get("on_anticoagulant") is Status.PRESENT


# ---------------------------------------------------------------- 2. "spread" and malignancy
@pytest.mark.parametrize(
    "text",
    [
        "Neck pain for a week. The swelling of the neck has spread.",
        "Back pain for a week. The pain has spread to my spine.",
        "Neck ache for 5 days and it has spread to my spine now.",
    ],
)
def test_a_spreading_swelling_or_pain_is_no_cancer(assess, statuses, text: str) -> None:
    result = assess(text)
    assert "spinal_malignancy" not in flags(result)
    found = statuses(text)
    assert found.get("metastatic_disease") is not Status.PRESENT
    assert found.get("suspected_malignancy") is not Status.PRESENT


@pytest.mark.parametrize(
    "text",
    [
        "Back pain for a month. Breast cancer, and it has spread to the bones.",
        "Low back pain; my prostate cancer has spread to the spine.",
    ],
)
def test_a_cancer_that_has_spread_is_metastatic(assess, statuses, text: str) -> None:
    assert statuses(text).get("metastatic_disease") is Status.PRESENT
    assert "spinal_malignancy" in flags(assess(text))


def test_a_lump_in_the_neck_still_is_suspected(statuses) -> None:
    assert statuses("Neck pain. A lump in the neck for 2 months that has grown.").get("suspected_malignancy") is Status.PRESENT


# ---------------------------------------------------------------- 3. attacks and blood brought up
@pytest.mark.parametrize("text", ["Facial pain. I get asthma attacks in winter.", "Pain in my cheek; also panic attacks."])
def test_other_illnesses_attacks_are_no_pain_attacks(statuses, text: str) -> None:
    assert statuses(text).get("paroxysmal_attacks") is not Status.PRESENT


def test_attacks_of_face_pain_still_count(statuses) -> None:
    assert statuses("Facial pain comes in short attacks, like electric shocks.").get("paroxysmal_attacks") is Status.PRESENT


@pytest.mark.parametrize(
    "text",
    [
        "Chest pain for 2 days, bringing up blood.",
        "Upper back ache, coughing a lot and brought up blood this week.",
    ],
)
def test_blood_brought_up_with_a_cough_is_haemoptysis(statuses, text: str) -> None:
    found = statuses(text)
    assert found.get("haemoptysis") is Status.PRESENT
    assert found.get("gi_bleed_history") is not Status.PRESENT


def test_blood_brought_up_when_sick_stays_a_gi_bleed(statuses) -> None:
    found = statuses("Back pain. I was sick and brought up blood last week.")
    assert found.get("gi_bleed_history") is Status.PRESENT
    assert found.get("haemoptysis") is not Status.PRESENT


# ---------------------------------------------------------------- 4. confusion needs a headache
@pytest.mark.parametrize(
    "text", ["Back pain for 2 weeks. My mum says I am confused.", "Knee pain since Monday, a bit confused today."]
)
def test_confusion_without_a_headache_is_no_headache_deficit(statuses, text: str) -> None:
    found = statuses(text)
    assert found.get("confusion_or_focal_deficit") is Status.PRESENT
    assert found.get("new_neuro_deficit_headache") is not Status.PRESENT


@pytest.mark.parametrize(
    "text", ["Terrible headache since this morning and she is confused.", "Bad headache and fever, now confused."]
)
def test_confusion_with_a_headache_stays_an_emergency(assess, statuses, text: str) -> None:
    assert statuses(text).get("new_neuro_deficit_headache") is Status.PRESENT
    assert _level(assess(text)) == "emergency"


# ---------------------------------------------------------------- 5. ages and pregnancy
@pytest.mark.parametrize(
    ("text", "age"),
    [("Knee osteoarthritis, 78, keeps falling.", 78), ("Low back pain, 45, smoker, worse in the mornings.", 45)],
)
def test_a_headline_bare_age_is_read(assessor, text: str, age: int) -> None:
    assert assessor.reader.read(text).values.get("age") == age


@pytest.mark.parametrize(
    "text",
    [
        "Pain, 10, worse at night.",
        "BMI, 32, back pain for a month.",
        "My back has hurt for a month. My son is 13 and I still carry him upstairs.",
        "My neck has ached for weeks; my daughter is 9 and I lift her.",
    ],
)
def test_a_score_or_a_relative_age_is_no_patient_age(assessor, text: str) -> None:
    assert assessor.reader.read(text).values.get("age") is None


def test_a_parent_writing_about_the_child_gives_the_child_age(assessor) -> None:
    assert assessor.reader.read("My son is 13 and has had back pain for a month.").values.get("age") == 13


@pytest.mark.parametrize(
    "text", ["I'm 36 weeks and my back is killing me.", "34 weeks, the bump is huge and my lower back aches."]
)
def test_weeks_of_the_writer_or_beside_a_bump_are_a_pregnancy(statuses, text: str) -> None:
    found = statuses(text)
    assert found.get("currently_pregnant") is Status.PRESENT
    assert found.get("duration_over_3_months") is not Status.PRESENT


@pytest.mark.parametrize("text", ["I'm 6 weeks post-op and my back aches.", "Back pain for 6 weeks, bump is growing."])
def test_weeks_after_an_operation_or_of_pain_are_no_pregnancy_weeks(assessor, text: str) -> None:
    assert "gestation_weeks" not in assessor.reader.read(text).values


# ---------------------------------------------------------------- 6. injecting stopped long ago
@pytest.mark.parametrize(
    "text",
    [
        f"Back pain for 2 weeks. I used to inject heroin. Been clean since {THIS_YEAR - 12}.",
        f"Back pain for 2 weeks. History of IVDU. Clean since {THIS_YEAR - 8}, on methadone.",
    ],
)
def test_a_stop_told_in_its_own_sentence_is_remote(assess, statuses, text: str) -> None:
    assert statuses(text).get("injecting_stopped_remote") is Status.PRESENT
    assert "spinal_infection" not in flags(assess(text))


def test_a_stop_last_year_is_not_remote(statuses) -> None:
    found = statuses(f"Back pain for 2 weeks. History of IVDU. Clean since {THIS_YEAR - 1}.")
    assert found.get("injecting_stopped_remote") is not Status.PRESENT


# ---------------------------------------------------------------- 7. the pain's own duration
@pytest.mark.parametrize(
    ("text", "most"),
    [
        (f"PMR since {THIS_YEAR - 6}, pain started on Tuesday in my lower back.", 6),
        (f"Diabetes since {THIS_YEAR - 11}; my knee pain began last Friday.", 13),
    ],
)
def test_the_pain_onset_wins_over_another_condition_start(assessor, text: str, most: float) -> None:
    assert assessor.reader.read(text).values["duration_days"] <= most


def test_a_pain_told_since_a_year_keeps_that_year(assessor) -> None:
    assert assessor.reader.read(f"Low back pain since {THIS_YEAR - 3}.").values["duration_days"] > 365


# ---------------------------------------------------------------- 8. uveitis
@pytest.mark.parametrize(
    "text",
    [
        "Back pain for 6 months, stiff in the morning. My eyes went red and sore and light hurt.",
        "Low back pain for years, morning stiffness. History of iritis.",
    ],
)
def test_uveitis_in_lay_or_named_words_raises_sacroiliitis(assess, statuses, text: str) -> None:
    assert statuses(text).get("uveitis_history") is Status.PRESENT
    assert "sacroiliac_joint_pain" in ranked(assess(text))[:2]


def test_itchy_red_eyes_are_no_uveitis(statuses) -> None:
    assert statuses("Back pain for 6 months. My eyes are red and itchy, light hurts.").get("uveitis_history") is not Status.PRESENT


# ---------------------------------------------------------------- 9. hip fracture deformity told of a relative
@pytest.mark.parametrize(
    "text",
    [
        "Grandad was found on the kitchen floor this morning, his leg is turned out and shorter.",
        "Mum fell in the bathroom last night and her leg looks shorter and turned out.",
    ],
)
def test_a_turned_out_short_leg_after_a_fall_is_an_emergency(assess, text: str) -> None:
    assert _level(assess(text)) == "emergency"


def test_a_leg_short_since_childhood_is_no_hip_fracture(assess) -> None:
    assert _level(assess("My left leg is shorter than the right since childhood polio, fell last year.")) != "emergency"
