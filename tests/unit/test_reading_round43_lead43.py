"""Round 43 (lead43): the held-out round's false alarms and ranking miss, fixed as patterns in our own words.

- a transcript's question line answered no on the next speaker's line ("Dr: Dropping things, trouble walking, bladder
  problems?" / "Pt: No, none of that.") denies the question's words; an answer with anything else in it keeps them;
- a denial cue opening on the punctuation that ends a sentence ("gradual; she has never had a sudden headache") is
  the next sentence's cue, not a cue of the sentence it displaced "never had" from;
- "chewing - no jaw claudication": the trigger's words do not run across a dash or a denial;
- "Bladder/bowel N." (the bare "N" of shorthand, no colon) is a normal bladder and bowel;
- a brand of an oral steroid ("Wysolone 10 mg OD since many years") is long-term steroid use.
"""

from __future__ import annotations

import pytest

from tests.conftest import absent, at_least, flags, level, present, ranked

# ---------------------------------------------------------------- a transcript's question answered no


@pytest.mark.parametrize(
    "text",
    [
        "Dr: How long has the neck been sore?\nPt: Four months, since a car went into the back of me.\n"
        "Dr: Dropping things, trouble walking, bladder problems?\nPt: No, none of that.",
        "Doctor: Back pain three weeks after moving a sofa. Any numbness between your legs or trouble passing water?\n"
        "Patient: Nope.",
        "Q: Low back pain for 2 weeks after gardening. Any trouble passing urine or numbness when you wipe?\n\n"
        "A: No, nothing like that.",
        "Nurse Jones: Is your back pain since lifting on Monday worse at all? Any weakness in your legs, any fever?\n"
        "Caller: Nah.",
    ],
)
def test_a_question_line_answered_no_denies_its_words(assess, text: str) -> None:
    result = assess(text)
    assert not flags(result) & {"cauda_equina_syndrome", "cervical_myelopathy", "spinal_infection"}
    assert not at_least(result, "urgent")


@pytest.mark.parametrize(
    "text",
    [
        "Nurse: Back hurting since lifting the shopping two weeks ago. Any numbness around your bottom or accidents "
        "with your bladder?\nCaller: Yes, I wet myself this morning without noticing.",
        "Dr: Low back pain two weeks. Any numbness around your bottom or trouble peeing?\n"
        "Pt: No... well, actually a bit numb when I wipe since yesterday.",
        "Dr: Back pain for 3 weeks. Any fevers or sweats?\nPt: No, but I've been shivery at night.",
    ],
)
def test_an_answer_that_is_not_a_plain_no_keeps_the_question_as_written(assess, text: str) -> None:
    result = assess(text)
    assert flags(result) & {"cauda_equina_syndrome", "spinal_infection"}
    assert at_least(result, "urgent")


def test_a_statement_before_the_question_is_not_denied_with_it(assess) -> None:
    result = assess("Q: Back pain for 3 weeks after lifting. Any trouble passing urine?\nA: No.")
    assert present(result, "low_back_pain")
    assert ranked(result)


def test_a_speaker_label_is_no_finding_and_a_plain_back_hurting_is_back_pain(assess) -> None:
    result = assess("Nurse: Back hurting since lifting the shopping two weeks ago. Any numbness around your bottom or "
                    "accidents with your bladder?\nCaller: Yes, I wet myself this morning without noticing.")
    assert present(result, "low_back_pain")
    assert not present(result, "physical_job")
    assert not present(result, "trauma")
    assert "cauda_equina_syndrome" in flags(result)


def test_coming_back_sore_is_no_back_pain(assess) -> None:
    result = assess("He came back sore from the gym on Monday; his right knee aches on stairs.")
    assert not present(result, "low_back_pain")


def test_a_patient_asking_and_the_doctor_answering_no_denies_nothing(assess) -> None:
    # the asker must be the clinician: a patient's own question answered no by the doctor is not a screen
    result = assess("Pt: My back has been bad for 3 weeks and I've wet myself twice. Is that normal?\nDr: No.")
    assert "cauda_equina_syndrome" in flags(result)


# ---------------------------------------------------------------- a denial after a semicolon


@pytest.mark.parametrize(
    "text",
    [
        "Migraine with aura for 6 years. Onset is always gradual; she has never had a sudden or explosive headache.",
        "Headaches since her teens, building over an hour; he has never had a thunderclap headache.",
        "Episodic migraine. Builds slowly; she has never had a sudden headache.",
    ],
)
def test_a_denial_after_a_semicolon_denies_what_follows(assess, text: str) -> None:
    result = assess(text)
    assert "thunderclap_headache" not in flags(result)
    assert level(result) in ("routine", "soon")


def test_a_sudden_headache_after_a_semicolon_is_still_read(assess) -> None:
    result = assess("Known migraine; last night she had a sudden explosive headache, the worst of her life.")
    assert "thunderclap_headache" in flags(result)
    assert level(result) == "emergency"


# ---------------------------------------------------------------- a trigger's words and a denial after a dash


@pytest.mark.parametrize(
    "text",
    [
        "66, electric shocks in the right jaw for 4 months, set off by brushing her teeth. It is the touch of food, "
        "not pain that builds with chewing - no jaw claudication. ESR and CRP normal.",
        "Stabbing face pain for 3 months, 70 years old, triggered by a breeze. Eating is fine - no jaw claudication.",
        "Trigeminal-type pain in the lip at 68, set off by talking; no pain with chewing, no jaw claudication.",
    ],
)
def test_jaw_claudication_denied_after_a_dash_stays_denied(assess, text: str) -> None:
    result = assess(text)
    assert absent(result, "jaw_claudication") or not present(result, "jaw_claudication")
    assert "giant_cell_arteritis" not in flags(result)


def test_jaw_claudication_still_read_after_a_trigger(assess) -> None:
    result = assess("A 74-year-old with new headaches for 3 weeks. Pain in the jaw after chewing for a minute - jaw "
                    "claudication.")
    assert "giant_cell_arteritis" in flags(result)


# ---------------------------------------------------------------- "Bladder/bowel N."


@pytest.mark.parametrize(
    "text",
    [
        "58 M, LBP x 8 months, axial, worse on extension. Bladder/bowel N.",
        "LBP 3 weeks after lifting. B/B N, neuro intact.",
        "Mechanical LBP 2 months. Bladder & bowel N; power 5/5.",
    ],
)
def test_a_bare_n_after_bladder_and_bowel_is_normal(assess, text: str) -> None:
    result = assess(text)
    assert result["unread"] == []
    assert level(result) == "routine"


def test_a_bare_n_denies_nothing_beyond_its_clause(assess) -> None:
    result = assess("LBP 3 weeks. Saddle numbness and retention since yesterday, power N.")
    assert "cauda_equina_syndrome" in flags(result)
    assert level(result) == "emergency"


# ---------------------------------------------------------------- a steroid brand


@pytest.mark.parametrize(
    "text",
    [
        '72 F, sudden LBP x 5 days lifting a bucket. On tab. Wysolone 10 mg OD "since many years" for asthma. '
        "Point tenderness at L1.",
        "68-year-old woman, asthma on Omnacortil 5 mg daily for 6 years, sudden thoracic back pain after a sneeze.",
        "75 M with COPD on Deltasone for many years, sudden mid-back pain bending to tie a shoe.",
    ],
)
def test_an_oral_steroid_brand_is_long_term_steroid_use(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "long_term_steroids")
    assert "vertebral_fracture" in flags(result)
    assert ranked(result)[0] == "vertebral_compression_fracture"


def test_a_steroid_brand_course_is_not_long_term_use(assess) -> None:
    result = assess("45 M, low back pain 2 weeks after lifting. Had a 5 day course of Wysolone for a chest infection "
                    "last month.")
    assert not present(result, "long_term_steroids")


# ---------------------------------------------------------------- a fever "weeks back" that ended


@pytest.mark.parametrize(
    "text",
    [
        "Seen here 2 weeks back with fever and joint pains, treated for malaria, fever went away by the 2nd day and "
        "has not come back. Now low back pain for 5 days after lifting jerrycans, worse bending. Temp 36.5.",
        "Three weeks back she had a fever with the flu. The fever has gone now. Low back pain since lifting on "
        "Saturday, no leg pain.",
        "A couple of weeks back fever and cough for 4 days, settled. The fever is gone. Back strain 3 days ago "
        "moving furniture.",
    ],
)
def test_a_fever_weeks_back_that_ended_is_no_fever_now(assess, text: str) -> None:
    result = assess(text)
    assert "spinal_infection" not in flags(result)


def test_a_fever_now_after_one_weeks_back_still_counts(assess) -> None:
    result = assess("Two weeks back a fever with a chest infection; the fever is back again since last night, 38.6, "
                    "and the low back pain is severe and waking me.")
    assert "spinal_infection" in flags(result)


# ---------------------------------------------------------------- "stable since surgery", "SCS trial candidacy?"


@pytest.mark.parametrize(
    "text",
    [
        "Low back and left leg pain since an L4-S1 fusion 3 years ago, 7/10. L S1 hypoaesthesia (stable since "
        "surgery). Discussion point: SCS trial candidacy?",
        "Failed back surgery, fusion 2 yrs ago, constant severe pain 8/10; numbness unchanged since the operation. "
        "RFA suitability to be discussed.",
        "Persistent leg pain 8/10 after a discectomy in 2019; foot numbness the same since surgery; epidural proposed.",
    ],
)
def test_a_deficit_stable_since_surgery_and_a_procedure_weighed_are_not_recent(assess, text: str) -> None:
    result = assess(text)
    assert not present(result, "recent_surgery")
    assert not present(result, "recent_spinal_procedure")
    assert "spinal_infection" not in flags(result)


def test_pain_since_surgery_with_a_fever_still_flags(assess) -> None:
    result = assess("Back pain since surgery 10 days ago, now a fever of 38.5 and the wound is red.")
    assert "spinal_infection" in flags(result)
