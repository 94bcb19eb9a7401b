"""Round 24 (issue 10), missed neurological red flags (kb 2026.12.40). Our own wordings, each with twins that must
not change: cauda equina told in lay and second-language English (a seat not felt, numbness "like after the
dentist" when wiping, straining to start the stream or not emptying since last night, stool passed unawares); a
fragility fracture in the "middle back" or "right on the spine"; a cord picture in all four limbs, or after a neck
injury in the last days; and "tripping over my feet" as an unsteady gait, not foot pain."""

from __future__ import annotations

import pytest

from tests.conftest import flags


def found(result) -> dict[str, str]:
    return {f["id"]: f["status"] for f in result["findings"]}


def top3(result) -> list[str]:
    return [c["condition"] for c in result["differential"][:3]]


# ------------------------------------------------------------------ cauda equina in lay words


@pytest.mark.parametrize(
    "text",
    [
        "Sciatica for a month. Since this morning my bottom feels like I've had a dental injection when I wipe.",
        "Right sided sciatica 3 weeks. She has been straining to get her flow started since yesterday.",
        "Prolapsed disc at L4/5. Since last night he is unable to feel the toilet seat when he sits down.",
        "Pt c/o low back pain radiating to both legs x 5 days; attender says he passed stools in his clothes without knowing.",
        "Back pain for ten days. Since yesterday I feel I haven't fully emptied after I pee.",
        "Known PIVD, both legs heavy since this morning and he is not able to feel the commode seat.",
        "Sciatica in the left leg 2 weeks. Since yesterday down there feels numb like novocaine.",
    ],
)
def test_cauda_equina_in_lay_words_is_an_emergency(assess, text: str) -> None:
    result = assess(text)
    assert "cauda_equina_syndrome" in flags(result)
    assert result["triage"]["level"] == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "Low back pain for 2 weeks. It stings when I wipe because of piles.",
        "Low back pain for a week. My lip still feels numb like after the dentist from the filling on Monday.",
        "Low back ache. Has to strain to start his stream for years from his prostate, on tamsulosin.",
        "Back pain, feeling of incomplete emptying for years due to prostate, on tamsulosin.",
        "I haven't emptied the dishwasher because bending hurts my low back.",
        "Coccyx pain, sitting on the toilet seat is painful.",
        "Back pain 1 week, bowels fine, he passed motion normally this morning.",
        "Sciatica in the left leg 2 weeks. Nothing feels numb down there and the waterworks are normal.",
    ],
)
def test_benign_or_long_standing_forms_raise_no_cauda_equina(assess, text: str) -> None:
    assert "cauda_equina_syndrome" not in flags(assess(text))


def test_each_lay_cue_is_its_own_finding(assess) -> None:
    assert found(assess("Sciatica. Down below feels like after the dentist."))["saddle_anaesthesia"] == "present"
    assert found(assess("Sciatica. He passed motion in bed without knowing."))["bowel_incontinence"] == "present"
    assert found(assess("Sciatica. She passed urine in her sleep without knowing."))["urinary_incontinence"] == "present"
    assert "incomplete_bladder_emptying" in found(assess("Back pain. My bladder doesn't feel empty."))
    assert "incomplete_bladder_emptying" not in found(assess("Back pain. I have not emptied the bins this week."))


# ------------------------------------------------------------------ fragility fracture


@pytest.mark.parametrize(
    "text",
    [
        "Reached for the kettle on Sunday and felt a twinge in my middle back. I'm 82 and have been on steroid tablets for my arthritis for years.",
        "The pain sits right on the spine between my shoulders, I'm 74 and on prednisolone for years.",
        "I'm 77, on prednisolone for polymyalgia for 5 years. Yesterday I coughed and got a terrible pain halfway down my back.",
    ],
)
def test_fragility_fracture_in_the_middle_back_or_on_the_spine(assess, text: str) -> None:
    result = assess(text)
    assert "vertebral_fracture" in flags(result)
    assert result["triage"]["level"] != "routine"


def test_middle_back_and_on_the_spine_are_spinal_pain_but_not_a_fracture_alone(assess) -> None:
    assert "vertebral_fracture" not in flags(assess("My middle back has been sore for three weeks. I am 45 and fit."))
    assert "spinal_pain" not in found(assess("Pressure on the spine from sitting badly at the desk, 28 years old."))


# ------------------------------------------------------------------ the cervical cord


@pytest.mark.parametrize(
    "text",
    [
        "Was hit from behind at the lights this morning, my neck is sore and both my arms have gone numb.",
        "Fell off a stepladder two days ago and jarred my neck; since then pins and needles in both hands.",
    ],
)
def test_neck_injury_with_symptoms_in_both_hands_is_an_emergency(assess, text: str) -> None:
    result = assess(text)
    assert "cervical_myelopathy" in flags(result)
    assert result["triage"]["level"] == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "Stiff painful neck for a few months, pins and needles in both hands and my legs have got weaker.",
        "Whiplash 8 years ago, neck ache on and off since, both hands go numb when I type and my legs feel wobbly lately.",
    ],
)
def test_both_hands_and_weak_or_unsteady_legs_with_neck_pain_is_a_cord_picture(assess, text: str) -> None:
    result = assess(text)
    assert "cervical_myelopathy" in flags(result)
    assert result["triage"]["level"] in ("urgent", "emergency")
    assert any(c.startswith("cervical") for c in top3(result))
    assert top3(result)[0] != "lumbar_radiculopathy"


@pytest.mark.parametrize(
    "text",
    [
        "Whiplash from a car accident two days ago, sore neck, tingling down the right arm into my thumb.",
        "Car accident 3 days ago, stiff neck, no tingling or numbness in my hands, legs are fine.",
        "Neck pain for 5 years, tingling in both hands at night when I sleep, I do office work. Walking is fine.",
        "Fibromyalgia for 10 years, pain all over including my neck, tingling in both hands and my legs feel heavy.",
        "Sore wrists and aching both hands from arthritis, neck stiff in the mornings.",
        "Neck pain for a year, tingling in both hands from carpal tunnel, and I feel weak and tired all the time.",
    ],
)
def test_one_arm_after_whiplash_or_hands_alone_raise_no_cord_flag(assess, text: str) -> None:
    result = assess(text)
    assert "cervical_myelopathy" not in flags(result)
    assert result["triage"]["level"] != "emergency"


def test_tripping_over_ones_feet_is_gait_not_foot_pain(assess) -> None:
    result = assess("Neck ache, my fingers are clumsy with buttons and I keep tripping over my own feet.")
    assert found(result).get("gait_imbalance") == "present"
    assert "foot_pain" not in found(result)
    assert "cervical_myelopathy" in flags(result)
    assert top3(result)[0].startswith("cervical")


def test_struck_by_a_thought_is_no_injury_but_hit_from_behind_is(assess) -> None:
    assert "vertebral_fracture" not in flags(assess("Back ache after lifting. I was struck by how stiff I am in the mornings, I'm 74."))
    assert found(assess("Neck sore since I was hit from behind at the roundabout."))["trauma"] == "present"
