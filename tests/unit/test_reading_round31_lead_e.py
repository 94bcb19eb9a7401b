"""Round 31, the lead's probes of main (lead31e): five safety misses as patterns, in our own words.

- neck pain with a posterior circulation symptom (slurred speech, double vision, vertigo with vomiting, trouble
  swallowing, one side of the face numb) after a neck manipulation or injury, or new: a vertebral artery dissection
  (vascular_emergency, emergency); a stiff neck after a massage, or double vision when tired in a neck pain of years,
  is not;
- hallucinated voices telling the person to hurt or kill themselves: suicide risk at emergency (the voices' words are
  the patient's experience); comforting voices are not;
- a raised calcium with back pain: possible myeloma or metastases (spinal_malignancy, urgent); a normal calcium is not;
- blood seen in the urine at 45 or over: suspected urological cancer pathway (soon; urgent with back or flank pain);
  a past treated cystitis at 30 is not;
- a diabetic foot with an ulcer, a non-healing wound or a black toe: urgent; an intact, checked foot is not.
No calendar dates in the notes.
"""

from __future__ import annotations

import pytest

from tests.conftest import flags

_ORDER = ["routine", "soon", "urgent", "emergency"]


def _level(result: dict) -> str:
    return str(result["triage"]["level"])


def _at_least(result: dict, level: str) -> bool:
    return _ORDER.index(_level(result)) >= _ORDER.index(level)


# ---------------------------------------------------------------- vertebral artery dissection
@pytest.mark.parametrize(
    "text",
    [
        "Neck pain after chiropractic manipulation yesterday, now my speech is slurred and I'm seeing double.",
        "Had my neck cracked by an osteopath on Monday; since then a sore neck, the room spinning and I keep vomiting.",
        "Neck pain since a minor rear-end shunt three days ago, now difficulty swallowing and the left side of my "
        "face is numb.",
        "Saw the chiropractor this morning for a stiff neck; since then I'm unsteady on my feet and keep veering "
        "to one side.",
    ],
)
def test_neck_pain_with_posterior_circulation_symptoms_is_a_dissection(assess, text: str) -> None:
    result = assess(text)
    assert "vascular_emergency" in flags(result)
    assert _level(result) == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "Neck pain after a massage, a bit stiff, no other symptoms.",
        "Chronic neck pain for years. I get double vision when I'm very tired.",
        "Whiplash from a car accident two weeks ago, sore neck, a bit off balance at times.",
    ],
)
def test_neck_pain_without_new_posterior_symptoms_is_no_dissection(assess, text: str) -> None:
    assert "vascular_emergency" not in flags(assess(text))


# ---------------------------------------------------------------- command hallucinations to self-harm
@pytest.mark.parametrize(
    "text",
    [
        "Patient is 45, low back pain, reports seeing things and hearing voices telling him to hurt himself.",
        "Back pain for a month. I hear voices that tell me to end it.",
        "She has sciatica and says the voices keep ordering her to kill herself.",
    ],
)
def test_voices_telling_self_harm_are_suicide_risk(assess, text: str) -> None:
    result = assess(text)
    assert "suicide_risk" in flags(result)
    assert _level(result) == "emergency"


def test_comforting_voices_are_no_suicide_risk(assess) -> None:
    result = assess("Low back pain. She hears voices of her late husband comforting her at night.")
    assert "suicide_risk" not in flags(result)


# ---------------------------------------------------------------- hypercalcaemia with back pain
@pytest.mark.parametrize(
    "text",
    [
        "I'm 70, back pain at night, my calcium was high on the blood test, very thirsty and constipated.",
        "68-year-old, thoracic back pain 6 weeks, bloods show hypercalcaemia.",
        "Back pain, 72, corrected calcium 2.9 on the GP bloods.",
    ],
)
def test_raised_calcium_with_back_pain_is_possible_malignancy(assess, text: str) -> None:
    result = assess(text)
    assert "spinal_malignancy" in flags(result)
    assert _at_least(result, "urgent")


def test_normal_calcium_is_no_malignancy_flag(assess) -> None:
    result = assess("I'm 70, back pain at night, my calcium was normal on the blood test.")
    assert "spinal_malignancy" not in flags(result)


# ---------------------------------------------------------------- visible haematuria at 45 or over
@pytest.mark.parametrize(
    "text",
    [
        "Lower back pain and blood in my urine, 60, smoker.",
        "Age 58, flank and back ache, noticed haematuria this week.",
    ],
)
def test_haematuria_with_back_pain_over_45_is_urgent(assess, text: str) -> None:
    assert _at_least(assess(text), "urgent")


def test_haematuria_over_45_without_pain_is_soon(assess) -> None:
    assert _at_least(assess("I'm 52 and my pee has been red for a few days, no pain."), "soon")


def test_past_treated_haematuria_at_30_is_routine(assess) -> None:
    result = assess("I'm 30, low back pain. I had blood in my urine when I had cystitis last year, treated.")
    assert _level(result) == "routine"


# ---------------------------------------------------------------- diabetic foot ulcer or gangrene
@pytest.mark.parametrize(
    "text",
    [
        "Burning feet, on metformin, and I've got a black toe that doesn't heal.",
        "Type 2 diabetic, painful feet, there's an ulcer on my heel that won't heal.",
        "Diabetes, neuropathic foot pain; the little toe has gone black over the last week.",
    ],
)
def test_diabetic_foot_ulcer_or_gangrene_is_urgent(assess, text: str) -> None:
    assert _at_least(assess(text), "urgent")


def test_intact_diabetic_foot_is_routine(assess) -> None:
    result = assess("Diabetic, feet numb, skin intact, checked by podiatry last month.")
    assert _level(result) == "routine"
