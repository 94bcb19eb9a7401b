"""Round 40 (fix40c, clinicians' shorthand): the patterns behind the round's misses, in the reported and our own words.

- a post-operative day told with the spinal level before the operation ("D12 post L4/5 microdiscectomy") is the
  first weeks after spine surgery: with a fever, rigors or a weeping wound it is a possible spinal infection (urgent);
  the same operation months back is not recent;
- a relative clause after a relative the patient names ("her son who has a temp of 39 & tonsillitis") that tells the
  relative's own state is the relative's: no fever and no spinal infection for the patient; a clause that tells what
  the relative noticed about the patient, or a note written about that relative, stays the patient's;
- "midline" as the far end of a band of pain round the chest ("band L chest wall to midline") is no midline back
  pain; a bare midline pain still is;
- "HZ" in capitals is herpes zoster (shingles): a burning band months after it ranks post-herpetic neuralgia first;
  a frequency ("TENS at 80 HZ") is not;
- a spinal or ward nurse who phones, and a "nurse triage", is not the patient's physical job; a nurse by work is;
- "amitrip" is amitriptyline.
"""

from __future__ import annotations

import pytest

from tests.conftest import at_least, flags, level, present, ranked

# ---------------------------------------------------------------- a post-op day with the spinal level


@pytest.mark.parametrize(
    "text",
    [
        # the reported wording (r40c_11)
        'Spinal nurse phone call. 55F, D12 post L4/5 microdiscectomy. Says back now "much worse than before the op", '
        'deep throbbing, can\'t get comfy. Wound "weeping yellowish" onto dressing since Sat. Had shakes/shivers last '
        "night under the duvet, husband took temp 38.3. T2DM on metformin 1g bd, gliclazide.",
        "Ward phone call. 62M, day 9 post L5/S1 fusion. Back aching, temp 38.6 this evening, shivering.",
        "Telephone review: 48F, D5 after C5/6 ACDF, neck wound oozing since yesterday, feels hot and shivery.",
    ],
)
def test_a_post_op_day_with_the_spinal_level_is_recent_spine_surgery(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "recent_spine_surgery")
    assert "spinal_infection" in flags(result)
    assert at_least(result, "urgent")


def test_the_same_operation_months_back_is_not_recent(assess) -> None:
    result = assess("55F, L4/5 microdiscectomy 8 months ago, back ache on and off, no fever, wound healed well.")
    assert not present(result, "recent_spine_surgery")
    assert "spinal_infection" not in flags(result)


# ---------------------------------------------------------------- a relative's own state in a relative clause


@pytest.mark.parametrize(
    "text",
    [
        # the reported wording (r40c_15)
        'Nurse triage. 34F c/o acute low back "locked up" this am bending to pick up toddler. Pain across lower back, '
        "no radiation below buttock. Has been up 2 nights with her son who has a temp of 39 & tonsillitis. Pt "
        "herself: T 36.8, HR 76, feels well otherwise. No PMHx, no IVDU, not immunosuppressed.",
        "41M, low back pain since lifting a box yesterday, no leg pain. Looking after his wife who has flu with a "
        "temperature of 38.9. Well himself.",
        "29F, acute lower back spasm after gardening. Off work caring for her daughter, who had a fever of 39.4 and "
        "chickenpox. No other symptoms.",
    ],
)
def test_a_relatives_fever_in_a_relative_clause_is_not_the_patients(assess, text: str) -> None:
    result = assess(text)
    assert not present(result, "fever")
    assert "spinal_infection" not in flags(result)
    assert level(result) in {"routine", "soon"}


@pytest.mark.parametrize(
    "text",
    [
        # the negative twins: the clause tells what the relative noticed about the patient, or the patient's own fever
        "41M, low back pain for 5 days, his wife who has noticed he is shivering took his temperature: 38.9.",
        "34F, low back pain 3 days, up all night with her son who has tonsillitis, and she now has a temp of 38.8 "
        "herself with rigors.",
    ],
)
def test_a_relative_clause_about_the_patient_keeps_the_fever(assess, text: str) -> None:
    result = assess(text)
    assert "spinal_infection" in flags(result)


def test_a_note_about_that_relative_keeps_it_the_patients(assess) -> None:
    result = assess("I'm writing about my son who has had bad low back pain for 4 days and a temperature of 39.")
    assert present(result, "fever")
    assert "spinal_infection" in flags(result)


# ---------------------------------------------------------------- a band to the midline; HZ


@pytest.mark.parametrize(
    "text",
    [
        # the reported wording (r40c_25)
        "79M. HZ L T7 Feb, rash healed. 5/12 later burning + lancinating band L chest wall to midline, clothes/shirt "
        "rubbing unbearable (allodynia ++). Tried amitrip 10mg - confused. Lidocaine plasters helping a bit.",
        "72F. HZ R T10 last spring. Since then burning band from R flank round to the midline, touch of clothes "
        "unbearable.",
        "81M, HZ L T5 4 months ago, scabs gone. Constant burning and stabbing L chest towards midline, light touch "
        "agony.",
    ],
)
def test_a_burning_band_after_hz_is_post_herpetic_neuralgia(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "dermatomal_rash_history")
    assert not present(result, "midline_axial_pain")
    assert ranked(result)[0] == "postherpetic_neuralgia"


def test_a_bare_midline_pain_is_still_midline(assess) -> None:
    assert present(assess("52M, midline low back ache 4 months, worse bending, no leg pain."), "midline_axial_pain")
    assert present(assess("45F, pain is midline, worse sitting, 6 months."), "midline_axial_pain")


def test_a_frequency_in_hz_is_not_shingles(assess) -> None:
    result = assess("60M, chronic low back pain, TENS at 80 HZ helps a little, no rash ever.")
    assert not present(result, "dermatomal_rash_history")


# ---------------------------------------------------------------- the calling nurse; amitrip


@pytest.mark.parametrize(
    "text",
    [
        "Spinal nurse phone call. 55F, back pain since surgery 2 weeks ago, no fever.",
        "Nurse triage. 40M, low back pain for 2 days after lifting.",
        "Orthopaedic nurse telephone review: 66F, sore knee after replacement.",
    ],
)
def test_the_calling_nurse_is_not_the_patients_job(assess, text: str) -> None:
    assert not present(assess(text), "physical_job")


def test_a_nurse_by_work_is_still_a_physical_job(assess) -> None:
    assert present(assess("38F, works as a nurse on a busy ward, low back pain 3 weeks after lifting."), "physical_job")


def test_amitrip_is_amitriptyline(assessor) -> None:
    story = assessor.assess_text("Tried amitrip 10mg at night for the nerve pain - made him confused.").story
    assert any(m.name == "amitriptyline" for m in story.medications)
