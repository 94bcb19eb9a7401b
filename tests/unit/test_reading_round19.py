"""Reading, round 19 (issue 10): patterns found behind a blind reviewer's misses, each in our own words, each with a
benign twin that must not fire. The reviewer's notes themselves are only measured (../review/round19_*.yaml)."""

from __future__ import annotations

import pytest

from painpath.domain.model import Status
from painpath.narrative.values import extract_values
from tests.conftest import flags, ranked

# ---------------------------------------------------------------------------------------------- safety: red flags


@pytest.mark.parametrize(
    ("text", "age"),
    [
        # a referral letter: a title, a first name and a surname, then the age between commas
        ("Please see Mr Thomas McAllister, 81, with knee pain since the winter.", 81.0),
        ("Re: Ms Ana-Maria De Souza, 58. Low back pain for a month.", 58.0),
    ],
)
def test_an_age_after_a_full_name_in_a_letter_is_read(text: str, age: float) -> None:
    assert extract_values(text).values.get("age") == age


@pytest.mark.parametrize(
    "text",
    [
        # the twins: a house number after a name, a weight after a name
        "Letter to Mrs Joan Byrne, 14 Church Road. Shoulder ache.",
        "Mr Peter Walsh, 92 kg, has back pain.",
    ],
)
def test_a_number_after_a_name_that_is_not_an_age_is_not_read(text: str) -> None:
    assert "age" not in extract_values(text).values


def test_jaw_claudication_with_a_high_esr_in_an_older_patients_letter_flags_gca(assess) -> None:
    """A shoulder letter that mentions, in passing, a new temple ache and a jaw that tires on chewing, with an ESR of
    80-odd: giant cell arteritis, at least urgent."""
    result = assess(
        "Dear colleague, Mr Thomas McAllister, 81, has had left shoulder pain for 5 months, painful arc, worse "
        "reaching up. He also mentions both temples ache lately and his jaw gets tired chewing steak. ESR 84."
    )
    assert "giant_cell_arteritis" in flags(result)
    assert result["triage"]["level"] in {"urgent", "emergency"}
    assert ranked(result)[0] == "shoulder_subacromial_pain"


def test_jaw_claudication_with_a_high_esr_and_no_age_given_still_flags_gca(assess) -> None:
    result = assess("Jaw aches after chewing for a minute, ache over the temples, ESR 76. Neck stiff.")
    assert "giant_cell_arteritis" in flags(result)


def test_the_gca_picture_in_a_stated_young_adult_is_not_flagged_without_age(assess) -> None:
    """The twin: the same picture in someone who is 34 is not GCA by the age-unstated rule."""
    result = assess("Woman aged 34. Jaw aches after chewing for a minute, ache over the temples, ESR 76.")
    assert "giant_cell_arteritis" not in flags(result)


# ---------------------------------------------------------------------------------------------- false flags


@pytest.mark.parametrize(
    "text",
    [
        # a course word with a denial before it is no worsening: "not spreading", "isn't getting worse"
        "Type 2 diabetic, 70. Numb burning feet for 3 years, the numbness is not spreading. Ankle jerks absent, "
        "power normal.",
        "Right foot weakness, isn't getting worse, MRC 4/5 dorsiflexion for a year.",
        "Tingling in both feet for years, no longer spreading; vibration sense reduced at the toes.",
    ],
)
def test_a_denied_worsening_is_not_a_progressive_deficit(assess, text: str) -> None:
    result = assess(text)
    assert "progressive_neurologic_deficit" not in flags(result)
    assert result["triage"]["level"] in {"routine", "soon"}


@pytest.mark.parametrize(
    "text",
    [
        # the twins: the same deficits said to be getting worse
        "Type 2 diabetic, 70. Numb burning feet for 3 years, and over the last month the numbness is spreading up "
        "to the knees. Ankle jerks absent.",
        "Right leg weakness is getting worse, MRC 4/5 dorsiflexion.",
    ],
)
def test_a_stated_worsening_still_flags_a_progressive_deficit(assess, text: str) -> None:
    assert "progressive_neurologic_deficit" in flags(assess(text))


@pytest.mark.parametrize(
    "text",
    [
        # the surgical team named in a plan is not an operation the patient had
        "Low back pain and sciatica for 3 days, now retention, PVR 500 mL, saddle numbness. Spinal surgery "
        "notified, MRI tonight.",
        "Back pain with bilateral leg pain and urinary retention. Discussed with spinal surgery on call.",
    ],
)
def test_the_spinal_surgery_team_is_not_a_recent_spinal_operation(statuses, text: str) -> None:
    found = statuses(text)
    assert "recent_spinal_procedure" not in found
    assert "prior_spine_surgery" not in found


def test_a_spinal_operation_is_still_read(statuses) -> None:
    """The twin: an operation on the spine said in the same words."""
    found = statuses("Low back pain and fever 38.5 two weeks after spinal surgery at L4/5.")
    assert "recent_spinal_procedure" in found
    assert "prior_spine_surgery" in found


def test_weakness_the_examiner_finds_pain_limited_is_no_motor_deficit(assess) -> None:
    """Apparent weakness that goes once the pain is numbed is pain inhibition, not a deficit needing a same-day
    examination."""
    result = assess(
        "Shoulder pain 2 months. Weakness of abduction is pain-limited, full power after a subacromial lidocaine "
        "injection."
    )
    assert result["triage"]["level"] in {"routine", "soon"}


@pytest.mark.parametrize(
    "text",
    [
        # the twins: weakness said not to be pain-limited, and weakness with no such remark
        "Right arm weakness of the deltoid, not pain-limited, for a week.",
        "Low back pain. Weakness of the big toe for 4 days, L5.",
    ],
)
def test_weakness_not_called_pain_limited_stays_urgent(assess, text: str) -> None:
    assert assess(text)["triage"]["level"] in {"urgent", "emergency"}


# ---------------------------------------------------------------------------------------------- ranking


def test_a_named_failed_back_surgery_syndrome_is_pain_and_ranks_first(assess) -> None:
    """'Failed back surgery' names a pain syndrome: a medicines review that says only that still has pain to rank."""
    result = assess("Review of medicines. 61M, FBSS after L5/S1 laminectomy 2018, on tapentadol 100 mg bd.")
    assert ranked(result)[0] == "persistent_spinal_pain_after_surgery"


def test_a_failed_treatment_is_not_a_failed_back_surgery(statuses) -> None:
    """The twin: 'failed' for another treatment names no syndrome."""
    found = statuses("Failed a course of physiotherapy. Low back pain after lifting, 2 weeks.")
    assert "stated_psps" not in found
    assert "prior_spine_surgery" not in found


def test_a_stiff_neck_on_flexion_with_a_headache_is_meningism_not_neck_pain(assess, statuses) -> None:
    """An examiner's 'neck stiff on flexion' beside a headache is a meningeal sign (emergency), not a painful neck
    that would rank cervical facet pain; 'photophobic' is photophobia."""
    text = "Sudden severe headache an hour ago. O/E photophobic, neck stiff on flexion, afebrile."
    found = statuses(text)
    assert "neck_pain" not in found
    assert "photophobia" in found
    result = assess(text)
    assert result["triage"]["level"] == "emergency"
    assert ranked(result)[0] != "cervical_facet_pain"


def test_a_stiff_painful_neck_without_headache_is_neck_pain_and_not_an_emergency(assess, statuses) -> None:
    """The twin: a sore stiff neck after sleeping awkwardly, no headache, stays neck pain."""
    text = "Stiff neck and neck pain since sleeping awkwardly 3 days ago, worse turning to the left."
    assert "neck_pain" in statuses(text)
    result = assess(text)
    assert result["triage"]["level"] in {"routine", "soon"}
    assert "meningism" not in statuses(text)


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        # lay words: a numb bottom said as not feeling it, a back said to be wrecked
        ("Since Friday I can't feel my bum when I sit on the loo and my legs are weak.", "saddle_anaesthesia"),
        ("My bottom has no feeling since yesterday and my back hurts.", "saddle_anaesthesia"),
        ("Low back pain, my bum is numb on the left.", "saddle_anaesthesia"),
        ("My back's totally wrecked since football, both legs tingle.", "low_back_pain"),
    ],
)
def test_round_19_lay_words_are_read(statuses, text: str, finding: str) -> None:
    assert statuses(text).get(finding) is Status.PRESENT


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        # the twins: a feeling the patient can name, a wrecked thing that is not the back
        ("I can feel my bum fine when I sit. Knee pain for a month.", "saddle_anaesthesia"),
        # a bottom word, then a denied numbness: "no numbness" is not saddle numbness
        ("I can feel my bum fine, no numbness anywhere; knee pain.", "saddle_anaesthesia"),
        ("My car is wrecked after the crash and my neck hurts.", "low_back_pain"),
    ],
)
def test_round_19_benign_words_are_not_read(statuses, text: str, finding: str) -> None:
    assert statuses(text).get(finding) is not Status.PRESENT


def test_a_numb_bottom_in_lay_words_with_wetting_the_bed_is_cauda_equina(assess) -> None:
    result = assess("Back hurts since Saturday, I wet the bed last night and I can't feel my bum on the toilet.")
    assert "cauda_equina_syndrome" in flags(result)
    assert result["triage"]["level"] == "emergency"


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        # a low fall from a bed or chair, a sit down hard onto the bottom; steroid courses "for years"
        ("She slipped out of her chair on Sunday and now her lower back hurts.", "trivial_trigger"),
        ("He sat down hard on his bottom last week; back pain since.", "trivial_trigger"),
        ("Courses of prednisolone for his asthma for years. Back pain since Monday.", "long_term_steroids"),
    ],
)
def test_round_19_fracture_risk_words_are_read(statuses, text: str, finding: str) -> None:
    assert statuses(text).get(finding) is Status.PRESENT


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        # the twins: getting out of bed is no fall, a steroid cream for a week is no long course
        ("Back pain worst when I get out of bed in the morning.", "trivial_trigger"),
        ("Used a steroid cream for a week. Back pain for years.", "long_term_steroids"),
    ],
)
def test_round_19_fracture_risk_twins_are_not_read(statuses, text: str, finding: str) -> None:
    assert statuses(text).get(finding) is not Status.PRESENT


def test_an_old_lady_on_steroid_courses_who_slid_off_her_bed_ranks_a_fracture_first(assess) -> None:
    result = assess(
        "My gran is 88, has osteoporosis and has had prednisolone courses for her lungs for years. She slid off "
        "the sofa onto her bottom yesterday and now holds her lower back when she stands."
    )
    assert ranked(result)[0] == "vertebral_compression_fracture"
    assert "vertebral_fracture" in flags(result)


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        # a broken limb in plain words; cloth on the skin that cannot be borne
        ("I broke my wrist skiing in January and the hand still burns.", "limb_injury_or_fracture"),
        ("My foot burns so much I can't even wear a sock.", "allodynia"),
    ],
)
def test_round_19_crps_words_are_read(statuses, text: str, finding: str) -> None:
    assert statuses(text).get(finding) is Status.PRESENT


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        # the twins: a broken phone, socks that are simply worn
        ("I broke my phone and my foot hurts when I walk.", "limb_injury_or_fracture"),
        ("I wear a sock at night because my feet get cold.", "allodynia"),
    ],
)
def test_round_19_crps_twins_are_not_read(statuses, text: str, finding: str) -> None:
    assert statuses(text).get(finding) is not Status.PRESENT


def test_a_burning_purple_foot_after_a_broken_ankle_ranks_crps_first(assess) -> None:
    result = assess("Since I broke my ankle in the summer my foot burns, I can't wear a sock and it goes purple.")
    assert ranked(result)[0] == "complex_regional_pain_syndrome"


def test_clumsy_gloved_hands_with_a_stiff_neck_do_not_rank_a_polyneuropathy_first(assess) -> None:
    """Hands that feel as if in gloves, buttons impossible, dropping cups, a stiff neck: the cord, not a length-
    dependent neuropathy (which starts in the feet)."""
    result = assess(
        "Stiff neck for years. Lately I drop cups, can't manage buttons and my hands feel like I'm wearing gloves. "
        "I'm 70."
    )
    assert "cervical_myelopathy" in flags(result)
    assert ranked(result)[0] != "peripheral_neuropathy"


def test_burning_feet_and_gloved_hands_in_a_diabetic_stay_a_polyneuropathy(assess) -> None:
    """The twin: feet first, then the hands, in a diabetic: a length-dependent polyneuropathy."""
    result = assess("Type 2 diabetes. Burning in both feet for two years and now my hands feel like gloves.")
    assert ranked(result)[0] == "peripheral_neuropathy"


def test_pain_between_the_legs_when_sitting_is_perineal_not_leg_pain(assess, statuses) -> None:
    """'Burning between my legs', 'like sitting on a golf ball': the perineum (pudendal territory), not the legs."""
    text = "Burning between my legs whenever I sit, like sitting on a golf ball. Bladder fine. I'm 41."
    found = statuses(text)
    assert found.get("pelvic_perineal_pain") is Status.PRESENT
    assert found.get("leg_pain") is not Status.PRESENT
    result = assess(text)
    assert ranked(result)[0] == "chronic_pelvic_pain"
    assert "cauda_equina_syndrome" not in flags(result)


def test_numbness_between_the_legs_with_a_bladder_change_still_flags_cauda_equina(assess) -> None:
    """The twin: numbness between the legs with new retention is saddle numbness, an emergency."""
    result = assess("Sciatica both legs for a week, now numb between my legs and I can't pass urine since this morning.")
    assert "cauda_equina_syndrome" in flags(result)
    assert result["triage"]["level"] == "emergency"
