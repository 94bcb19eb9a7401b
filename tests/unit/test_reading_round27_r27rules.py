"""Round 27's first result (held out, measured before these fixes): the patterns behind one missed fragility fracture
and four false alarms or over-triages, in our own wordings, each with a twin that must not change.

- a spinal pain after bending down to pick something up, or a crunch heard, with long-term steroids or osteoporosis
  is a possible fragility fracture (Downie 2013; Henschke 2009): the bend alone in a healthy 38-year-old is not;
- a temperature measured in a past illness (a resolved course, a history clause with a past time) is not today's;
  a temperature of this morning under a PMH header stays;
- weight lost after a bariatric operation or "as intended" is not unexplained weight loss; a loss without trying is;
- "no X in the <site> and no Y pain": the second denial is not swallowed by the coordinated site ("hip and ... pain");
- a painful tendon test told "weak with pain" or "painful and weak" is pain-inhibited weakness, not a new motor deficit;
  a weak muscle with numbness over it is.
"""

from __future__ import annotations

from typing import Any

import pytest

from painpath.domain.model import Status
from tests.conftest import flags


@pytest.fixture(scope="module")
def read(assessor) -> Any:
    return assessor.reader.read


# ------------------------------------------------------------------ fragility fracture after minimal trauma


@pytest.mark.parametrize(
    "text",
    [
        "66-year-old man, on prednisolone for 8 years for polymyalgia. Low back pain since Tuesday after he bent over "
        "to put the washing in the machine; hurts getting up from a chair.",
        "I'm 63 and I've got osteoporosis. I heard a horrible crunch in my upper back when I was hanging the curtains "
        "three days ago; it hurts to breathe in deep.",
    ],
)
def test_minimal_trauma_with_a_bone_risk_is_a_possible_fracture(assess, text: str) -> None:
    result = assess(text)
    assert "vertebral_fracture" in flags(result)
    assert result["triage"]["level"] in {"soon", "urgent"}


def test_a_bend_to_pick_something_up_in_a_healthy_adult_is_no_fracture(assess, statuses) -> None:
    text = ("I'm 38. Bent down to pick up a heavy crate at the warehouse on Monday and my low back has ached since; "
            "no leg symptoms, no health problems.")
    assert statuses(text)["trivial_trigger"] is Status.PRESENT  # the words are read, the flag needs a bone risk
    result = assess(text)
    assert flags(result) == set()
    assert result["triage"]["level"] == "routine"


# ------------------------------------------------------------------ a past illness's temperature


@pytest.mark.parametrize(
    "text",
    [
        "PMH: pneumonia last winter, temp 39.4 at the time, made a full recovery. Now low back pain 5 days after "
        "gardening.",
        "Background: kidney infection 2 months ago with a temperature of 38.9, afebrile since. HPC: neck pain 1 week.",
    ],
)
def test_a_past_illness_temperature_is_not_todays(read, assess, text: str) -> None:
    assert "temperature_c" not in read(text).values
    result = assess(text)
    assert "spinal_infection" not in flags(result)
    assert result["triage"]["level"] == "routine"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("PMH: diabetes. HPC: back pain 1 week, temp 38.7 this morning and shivery.", 38.7),
        ("Back pain 4 days, temp 38.9 last night, settled with paracetamol.", 38.9),
        ("Back pain 5 days. Temperature of 39.2 three days ago, gone with paracetamol.", 39.2),
    ],
)
def test_a_temperature_of_now_stays(read, text: str, expected: float) -> None:
    assert read(text).values["temperature_c"] == expected


# ------------------------------------------------------------------ weight lost on purpose


@pytest.mark.parametrize(
    "text",
    [
        "Lost 12 kg after her gastric bypass last spring, as intended. Lower back pain 3 months. Aged 58.",
        "He has lost 20 kg since the bariatric operation. Back pain for 5 months, age 61.",
    ],
)
def test_weight_lost_after_bariatric_surgery_is_not_unexplained(read, statuses, assess, text: str) -> None:
    assert statuses(text)["weight_loss"] is Status.ABSENT
    assert "weight_loss_kg" not in read(text).values
    assert "spinal_malignancy" not in flags(assess(text))


def test_weight_lost_without_trying_stays_unexplained(read, statuses) -> None:
    text = "Lost 10 kg over the past 4 months without trying; back pain at night. Aged 67."
    assert statuses(text)["weight_loss"] is Status.PRESENT
    assert read(text).values["weight_loss_kg"] == 10.0


# ------------------------------------------------------------------ a second denial after a coordinated site


@pytest.mark.parametrize(
    ("text", "site"),
    [
        ("Low back ache for a month. No ache in the hip and no night pain.", "hip_groin_pain"),
        ("Neck pain for 2 weeks. Nothing radiating to the shoulder and no night pain.", "shoulder_pain"),
    ],
)
def test_the_second_denial_of_a_list_negates_its_item(statuses, text: str, site: str) -> None:
    found = statuses(text)
    assert found["night_pain"] is Status.ABSENT
    assert found[site] is Status.ABSENT


def test_two_sites_joined_by_and_still_share_the_pain_word(statuses) -> None:
    found = statuses("Pain in the knee and calf pain for 3 weeks.")
    assert found["knee_pain"] is Status.PRESENT


# ------------------------------------------------------------------ pain-inhibited weakness in a painful tendon


@pytest.mark.parametrize(
    "text",
    [
        "Shoulder pain 2 months. Supraspinatus test painful and weak, Hawkins positive, painful arc. No neck pain, "
        "Spurling negative.",
        "Right shoulder ache 6 weeks. Jobe's test weak with pain; impingement signs positive, painful arc, no "
        "paraesthesia.",
    ],
)
def test_weakness_told_with_its_pain_in_a_painful_tendon_is_not_a_new_deficit(statuses, assess, text: str) -> None:
    assert statuses(text)["pain_inhibited_weakness"] is Status.PRESENT
    assert assess(text)["triage"]["level"] == "routine"


def test_a_weak_muscle_with_numbness_over_it_stays_a_deficit(statuses, assess) -> None:
    text = "Shoulder pain 2 months, painful arc and Hawkins positive; deltoid weak and numb patch over the deltoid."
    assert statuses(text).get("pain_inhibited_weakness") is not Status.PRESENT
    assert assess(text)["triage"]["level"] == "urgent"
