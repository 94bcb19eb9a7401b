"""Round 31 (outside reviewer, working clinicians' notes, file r31c): each failure as a pattern in our own words.

- a telephone note about a relative ("call from son re father, 79, ...") did not give the patient's age, so a GCA
  picture over 50 raised no GCA flag; and a GCA cranial picture with no age at all raised none either;
- a sudden headache told in a second language ("it come one moment", "the biggest pain of my life", "when I lift
  the box", "no previous headaches like this") raised no thunderclap flag;
- a carer's account of pain shown rather than said ("cries out when we hoist her", "points to the middle of her
  back") was not read as spinal pain, so a fragility fracture after a fall in an old woman on a bisphosphonate was
  missed;
- the self-reproach idiom "I could kill myself for not coming sooner" was read as a suicidal thought;
- a motor grade compared with an earlier one and found the same ("EHL 2/5, same as at the last clinic") was read as
  a new deficit.
No calendar dates in the notes (a year is computed from today), so the tests pass on any date.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import flags, ranked


def _level(result: dict) -> str:
    return str(result["triage"]["level"])


def _status(result: dict, finding: str) -> set[str]:
    return {str(f.get("status")) for f in result["findings"] if f["id"] == finding}


# ---------------------------------------------------------------- the relative's age in a clinician's call note
@pytest.mark.parametrize(
    "text",
    [
        "Phone call from son re father, 79, who lives on his own. New pain over both temples for 10 days and his jaw "
        "aches when he chews, easing when he stops.",
        "Email from daughter about her mum, 81, with a new headache for a fortnight; her scalp is too tender to comb "
        "her hair and her jaw aches when she eats.",
    ],
)
def test_relative_age_in_a_call_note_is_the_patients(assess, text: str) -> None:
    result = assess(text)
    assert "present" in _status(result, "age_over_70")
    assert "giant_cell_arteritis" in flags(result)


def test_a_relative_worried_about_is_not_the_patient(assess) -> None:
    result = assess("Low back pain for 3 weeks after gardening. Stressed and worried about her mother, 86, who has "
                    "dementia.")
    assert "present" not in _status(result, "age_over_70")


# ---------------------------------------------------------------- GCA's cranial picture when no age is given
@pytest.mark.parametrize(
    "text",
    [
        "Nurse triage call: new headache over both temples for 3 weeks, the scalp is tender to touch and the jaw "
        "aches when chewing meat.",
        "Relative phoned about her gran: new pains in the temples, can't brush her hair for soreness, jaw gets tired "
        "when she eats, and the vision in one eye went dark for a few minutes this morning.",
    ],
)
def test_gca_cranial_picture_without_an_age_flags(assess, text: str) -> None:
    result = assess(text)
    assert "giant_cell_arteritis" in flags(result)
    assert _level(result) in {"urgent", "emergency"}


def test_gca_cranial_picture_with_a_young_age_stated_is_no_gca(assess) -> None:
    result = assess("31F, jaw aches when she chews, clicking jaw, scalp tender, tension-type headaches for years.")
    assert "giant_cell_arteritis" not in flags(result)


# ---------------------------------------------------------------- a thunderclap told in a second language
@pytest.mark.parametrize(
    "text",
    [
        "Interpreter by phone. 39M. 'The headache come this morning when I push the car. Is most strong pain of my "
        "life.' Vomited twice.",
        "51F, limited English. 'The head pain it start one moment when I lift my son, then I am sick.' No previous "
        "headaches like this.",
    ],
)
def test_second_language_thunderclap_flags(assess, text: str) -> None:
    result = assess(text)
    assert "thunderclap_headache" in flags(result)
    assert _level(result) == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "46M. Low back pain for 2 weeks after moving furniture, the biggest pain of my life, worse bending.",
        "37F. Headache for 4 days, came on gradually over the morning. No previous headaches like this, no fever.",
    ],
)
def test_back_superlative_or_gradual_new_headache_is_no_thunderclap(assess, text: str) -> None:
    assert "thunderclap_headache" not in flags(assess(text))


# ---------------------------------------------------------------- pain shown by behaviour in a carer's account
@pytest.mark.parametrize(
    "text",
    [
        "Call from nursing home. Mrs T, 87, osteoporosis on alendronate, sat down hard on the bed on Saturday; since "
        "then she groans whenever staff turn her and keeps pointing to the middle of her back.",
        "Care home: Mr B, 90, on long-term prednisolone and risedronate. Slipped off the commode two days ago, winces "
        "when the carers lift him and points at his back.",
    ],
)
def test_carer_pain_behaviour_and_pointing_flag_a_fragility_fracture(assess, text: str) -> None:
    result = assess(text)
    assert "vertebral_fracture" in flags(result)
    assert _level(result) in {"soon", "urgent"}
    assert ranked(result)[0] == "vertebral_compression_fracture"


def test_pointing_to_the_back_door_is_no_back_pain(assess) -> None:
    result = assess("Mrs P, 83, osteoporosis. Pointed to the back door and asked to sit in the garden. No pain, "
                    "eating well.")
    assert "vertebral_fracture" not in flags(result)
    assert "present" not in _status(result, "spinal_pain")


# ---------------------------------------------------------------- self-reproach is no suicidal thought
@pytest.mark.parametrize(
    "text",
    [
        "Physio. 71M. Hip pain for 18 months, worse walking. 'I could kill myself for leaving it this long!' "
        "Cheerful, planning a holiday.",
        "Shoulder pain 4 months after a fall. She says she could kill herself for forgetting her exercises. Good mood.",
    ],
)
def test_self_reproach_idiom_is_no_suicide_risk(assess, text: str) -> None:
    result = assess(text)
    assert "suicide_risk" not in flags(result)
    assert _level(result) != "emergency"


def test_kill_myself_because_of_the_pain_still_flags(assess) -> None:
    result = assess("Back pain for 2 years, sleeping badly. 'Some days I could kill myself because of this pain.'")
    assert "suicide_risk" in flags(result)


# ---------------------------------------------------------------- a grade the same as before is a settled deficit
_YEAR = date.today().year - 5


@pytest.mark.parametrize(
    "text",
    [
        "58M, back and left leg pain since a discectomy years ago. Foot drop with an AFO: TA 3/5, EHL 2/5, same as "
        f"{_YEAR}. No new weakness, bladder fine.",
        "63F, chronic leg pain after two spinal operations. Today EHL 2/5 on the right, the same as at her previous "
        "review. No bladder or bowel change.",
    ],
)
def test_grade_same_as_before_is_not_progressive(assess, text: str) -> None:
    result = assess(text)
    assert "progressive_neurologic_deficit" not in flags(result)


def test_grade_worse_than_before_still_flags(assess) -> None:
    result = assess(f"52M, left leg pain for 3 weeks. EHL 2/5 today, it was 5/5 in {_YEAR}.")
    assert "progressive_neurologic_deficit" in flags(result)
