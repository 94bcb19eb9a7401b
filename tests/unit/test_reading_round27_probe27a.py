"""Reading, round 27, the lead's own probes: cauda equina told in lay words (sphincter control lost, urine passed
unawares, bladder sensation lost, the saddle felt as not one's own) and a carer's relative with an age as the
note's subject. Each pattern in our own words, two phrasings that must read and a twin that must not."""

from __future__ import annotations

from typing import Any

import pytest

from painpath.domain.model import Status
from tests.conftest import flags


def values(assessor: Any, text: str) -> dict[str, float]:
    return dict(assessor.reader.read(text).values)


def emergency_ces(result: dict[str, Any]) -> bool:
    return "cauda_equina_syndrome" in flags(result) and result["triage"]["level"] == "emergency"


# ------------------------------------------ "no control over" / "lost control of" is incontinence, not a denial


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("Low back pain for ten days and as of last night I have no control of my bladder at all.", "urinary_incontinence"),
        ("Her back went on Tuesday; she has lost all control over her bowels since yesterday.", "bowel_incontinence"),
    ],
)
def test_control_of_bladder_or_bowels_lost_is_incontinence(assess, statuses, text: str, finding: str) -> None:
    assert statuses(text).get(finding) is Status.PRESENT
    assert emergency_ces(assess(text))


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("Sciatica down both legs since Wednesday and as of today she has zero bladder control.", "urinary_incontinence"),
        ("His back gave way on Friday and he has had no bowel control since.", "bowel_incontinence"),
    ],
)
def test_no_bladder_or_bowel_control_is_incontinence(statuses, text: str, finding: str) -> None:
    assert statuses(text).get(finding) is Status.PRESENT


def test_no_bladder_control_problems_is_a_denial(statuses) -> None:
    found = statuses("Back pain after a fall. No bladder control problems and no bowel control issues.")
    assert found.get("urinary_incontinence") is not Status.PRESENT
    assert found.get("bowel_incontinence") is not Status.PRESENT


def test_no_control_over_the_bowels_denies_nothing_after_it(statuses) -> None:
    """The "no" inside "no control over my bowels" must not deny the wet bed that follows it."""
    found = statuses("My lower back has hurt for a week. Today there was no control over my bowels and I wet my pants.")
    assert found.get("bowel_incontinence") is Status.PRESENT
    assert found.get("urinary_incontinence") is Status.PRESENT


def test_a_denied_loss_of_control_stays_denied(assess, statuses) -> None:
    text = (
        "Back ache for three weeks after gardening. No loss of control of my bladder or bowels, bladder control "
        "normal, no accidents, and I can feel the seat fine."
    )
    found = statuses(text)
    assert found.get("urinary_incontinence") is not Status.PRESENT
    assert found.get("bowel_incontinence") is not Status.PRESENT
    assert found.get("bladder_bowel_change") is not Status.PRESENT
    assert "cauda_equina_syndrome" not in flags(assess(text))


# ------------------------------------------------- wet pants, soiled, leaking or passing pee without knowing


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("His lower back has been agony since Saturday and this afternoon he wet his trousers in the chair.", "urinary_incontinence"),
        ("Sore lower back for a fortnight; I keep dribbling wee and only find out when my knickers are damp.", "urinary_incontinence"),
        ("My back has been bad since I fell on Sunday and I've soiled myself twice.", "bowel_incontinence"),
        ("Lower back agony since Thursday, I peed myself without realising in the kitchen.", "urinary_incontinence"),
    ],
)
def test_lay_incontinence_raises_cauda_equina(assess, statuses, text: str, finding: str) -> None:
    assert statuses(text).get(finding) is Status.PRESENT
    assert emergency_ces(assess(text))


def test_a_long_standing_stress_leak_is_no_cauda_equina(assess, statuses) -> None:
    """The twin: urine leaked on a cough for about twenty years, not changed recently, is stress incontinence."""
    text = (
        "Left sided sciatica for 5 weeks. She has leaked urine when she laughs or coughs for about 20 years, not "
        "changed recently. Saddle sensation normal."
    )
    assert statuses(text).get("urinary_incontinence") is not Status.PRESENT
    assert "cauda_equina_syndrome" not in flags(assess(text))


def test_a_relatives_childhood_bedwetting_is_not_the_patients(statuses) -> None:
    assert statuses("My brother wet the bed until he was ten. I've had back pain for a week.").get(
        "urinary_incontinence"
    ) is not Status.PRESENT


# ----------------------------------------------------------------- bladder sensation lost, in lay words


@pytest.mark.parametrize(
    "text",
    [
        "Low back ache for four days and I can't tell whether I've finished weeing any more.",
        "Back pain for a week; since yesterday I don't know when my bladder is full and I can't feel the wee coming.",
    ],
)
def test_lost_bladder_sensation_is_a_bladder_change(assess, statuses, text: str) -> None:
    assert statuses(text).get("bladder_bowel_change") is Status.PRESENT
    assert emergency_ces(assess(text))


def test_knowing_when_the_bladder_is_full_is_no_change(statuses) -> None:
    found = statuses("Back pain for a week. I know when I've finished peeing and I can feel when my bladder is full.")
    assert found.get("bladder_bowel_change") is not Status.PRESENT


def test_an_if_inside_lost_bladder_sensation_does_not_make_what_follows_hypothetical(statuses) -> None:
    """"can't tell if I've finished" holds its own "if": the numb backside after it is still the patient's."""
    found = statuses("Back pain 3 days. This morning I couldn't tell if I had finished and my backside feels numb.")
    assert found.get("bladder_bowel_change") is Status.PRESENT
    assert found.get("saddle_anaesthesia") is Status.PRESENT


# ------------------------------------------------------------------- the saddle felt as not one's own


@pytest.mark.parametrize(
    "text",
    [
        "Hurt my back moving a wardrobe. Wiping feels like I'm doing somebody else's bottom. When I wipe it's as if it's not mine.",
        "Lower back pain since Monday and my bum feels like it's not mine.",
        "Back pain since the weekend and she says she can't feel anything down below.",
        "Back pain after lifting, and when she wipes it feels like after the dentist.",
        "Sore lower back since Sunday; it is as though my backside belongs to somebody else.",
        "Back went at work on Monday and my privates don't feel like they're mine.",
    ],
)
def test_the_saddle_not_ones_own_is_saddle_numbness(assess, statuses, text: str) -> None:
    assert statuses(text).get("saddle_anaesthesia") is Status.PRESENT
    assert emergency_ces(assess(text))


def test_feeling_everything_down_there_is_no_saddle_numbness(assess, statuses) -> None:
    text = "Back pain after lifting. I can feel everything down there and my bottom feels like my own."
    assert statuses(text).get("saddle_anaesthesia") is not Status.PRESENT
    assert "cauda_equina_syndrome" not in flags(assess(text))


# ---------------------------------------------------------------------------- seeing double is double vision


@pytest.mark.parametrize("text", ["Since Tuesday he keeps seeing double.", "She sees two of everything when she reads."])
def test_seeing_double_is_a_visual_symptom(statuses, text: str) -> None:
    assert statuses(text).get("visual_symptoms") is Status.PRESENT


def test_not_seeing_double_is_denied(statuses) -> None:
    assert statuses("New headache, but she is not seeing double.").get("visual_symptoms") is not Status.PRESENT


# ------------------------------------------- a carer's relative with an age is the note's subject, not family


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("My dad, 83, has had a new pain in his temples for ten days and his jaw aches when he eats.", 83.0),
        ("My grandma, 77, keeps getting a new headache and her scalp hurts when she brushes her hair.", 77.0),
    ],
)
def test_a_relative_with_an_age_between_commas_is_the_patient(assessor, assess, text: str, age: float) -> None:
    assert values(assessor, text).get("age") == age
    result = assess(text)
    assert "giant_cell_arteritis" in flags(result)
    assert result["triage"]["level"] in ("urgent", "emergency")


def test_a_relatives_been_is_the_subject_of_a_proxy_note(assessor) -> None:
    proxy = assessor.reader._proxy_kin("My husband's been getting headaches and he is 70.")
    assert proxy is not None and "husband" in proxy


@pytest.mark.parametrize(
    "text",
    [
        "My mum, 81, had a stroke. I've had low back pain for a fortnight since carrying her shopping.",
        "My father had bowel cancer at 58 and I have had neck pain for a month.",
    ],
)
def test_a_relatives_illness_beside_the_writers_own_pain_stays_family_history(assessor, statuses, text: str) -> None:
    assert values(assessor, text).get("age") is None
    found = statuses(text)
    assert found.get("cancer_history") is not Status.PRESENT
    assert found.get("cerebrovascular_disease") is not Status.PRESENT


@pytest.mark.parametrize(
    "text",
    [
        "My father complains of a new ache at his temples and he is 81.",
        "My wife feels washed out, has a new headache and she is 74.",
    ],
)
def test_a_relative_who_complains_or_feels_opens_a_proxy_note(assessor, text: str) -> None:
    assert assessor.reader._proxy_kin(text) is not None
    assert values(assessor, text).get("age") in (81.0, 74.0)


def test_a_relative_who_suffers_beside_the_writers_own_headache_is_family(assessor) -> None:
    assert assessor.reader._proxy_kin("My dad suffers from migraines and I have had a headache for a week.") is None


# --------------------------------------------------------------------- jaw pain when one chews, with a pronoun


@pytest.mark.parametrize(
    "text",
    ["Her jaw aches whenever she eats and her temple is sore.", "There is a cramp in my jaw if I chew for long."],
)
def test_jaw_pain_when_one_chews_is_jaw_claudication(statuses, text: str) -> None:
    assert statuses(text).get("jaw_claudication") is Status.PRESENT


def test_no_jaw_pain_when_one_chews_is_denied(statuses) -> None:
    assert statuses("New headache; no pain in his jaw when he chews.").get("jaw_claudication") is not Status.PRESENT
