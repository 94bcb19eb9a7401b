"""Safety, round 21 (issue 10): a lay or hedged guess that a red-flag sign is a drug's effect never settles it, saddle
numbness in lay words beside a vehicle's saddle, and a sensory level or new leg weakness with cancer (suspected
metastatic spinal cord compression). Every note is written in our own words, each pattern with a twin that must not
fire."""

from __future__ import annotations

import pytest

from tests.conftest import flags

URGENT = {"emergency", "urgent"}


@pytest.mark.parametrize(
    "text",
    [
        # a guess by the patient or a relative ("probably", "I reckon", "she blames") is not an attribution
        "Sciatica in my left leg for ten days, on co-codamol. Since Monday I can't get my pee out, only a dribble, "
        "probably the co-codamol I reckon.",
        "Writing for my mum, she has had sciatica in both legs for a week. She thinks the amitriptyline has given "
        "her trouble passing urine since last night.",
        "Sciatica for a fortnight. I guess the new pregabalin made me unable to pass water this morning.",
        "Back pain for five days on tramadol, and this morning I couldn't get a wee out at all, maybe the tramadol.",
    ],
)
def test_a_hedged_drug_guess_does_not_settle_a_bladder_sign(assess, text: str) -> None:
    result = assess(text)
    assert "cauda_equina_syndrome" in flags(result)
    assert result["triage"]["level"] == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        # the twins: a stated effect of a drug, or a long-standing explained symptom, still settles it
        "Amitriptyline 10 mg gave her urinary hesitancy, so it was stopped. Pain down the left leg for two months.",
        "Known BPH on tamsulosin for years with a poor stream. Sciatica down the right leg for three weeks.",
        "Long-standing urinary retention on tamsulosin with BPH, under urology. Left sciatica for six weeks.",
    ],
)
def test_a_stated_or_long_standing_cause_still_settles_a_bladder_symptom(assess, text: str) -> None:
    result = assess(text)
    assert "cauda_equina_syndrome" not in flags(result)
    assert result["triage"]["level"] != "emergency"


@pytest.mark.parametrize(
    "text",
    [
        # lay saddle numbness beside the saddle of a vehicle or a horse
        "Sciatica down my right leg for a week and it goes a bit dead around my bum on the saddle of the tractor.",
        "Low back pain radiating to the left calf since Friday; my bottom has gone numb in the saddle of the trail "
        "bike.",
        "Back pain for days and it feels dead around my bottom when I sit on the horse's saddle.",
    ],
)
def test_lay_saddle_numbness_beside_a_vehicle_saddle_is_saddle_numbness(assess, text: str) -> None:
    result = assess(text)
    assert "cauda_equina_syndrome" in flags(result)
    assert result["triage"]["level"] == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        # the twins: a sore or a bike saddle with no numbness, and a denial
        "Sciatica down my right leg for a week; the saddle of the quad bike makes my bum sore.",
        "Left leg sciatica for a month. No numbness around my bottom, bladder fine.",
    ],
)
def test_a_saddle_without_numbness_is_no_saddle_sign(assess, text: str) -> None:
    result = assess(text)
    assert "cauda_equina_syndrome" not in flags(result)
    assert result["triage"]["level"] != "emergency"


@pytest.mark.parametrize(
    "text",
    [
        # a sensory level in lay words
        "My wife has back pain and since this morning she can't feel anything from her waist down.",
        "Thoracic back pain for a fortnight, and now numb from the nipples down.",
        "Mid back pain, and since Sunday he cannot feel much below his belly button, he thinks it's the oxycodone.",
    ],
)
def test_a_lay_sensory_level_raises_a_progressive_deficit(assess, text: str) -> None:
    result = assess(text)
    assert "progressive_neurologic_deficit" in flags(result)
    assert result["triage"]["level"] == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        # known cancer and new or worsening weakness or walking: suspected MSCC (NICE NG234, 2023)
        "Breast cancer with bone metastases. Upper back pain worse at night for a month; over the last few days her "
        "legs have gone weak and getting up the stairs is more and more difficult.",
        "History of myeloma. Back pain for three weeks; my legs feel heavy and weak since the weekend, my husband "
        "reckons it's the new painkillers.",
    ],
)
def test_cancer_with_new_leg_weakness_raises_a_progressive_deficit(assess, text: str) -> None:
    result = assess(text)
    assert "progressive_neurologic_deficit" in flags(result)
    assert result["triage"]["level"] in URGENT


@pytest.mark.parametrize(
    "text",
    [
        # the twins: numbness that has no trunk level, and leg weakness without cancer or a course
        "Numbness in the right foot and the outer calf for two months with sciatica.",
        "Back pain for years from the waist down to the knees, no numbness, walking fine.",
        "Widespread aching above and below the waist on both sides for two years, tired all the time.",
    ],
)
def test_numbness_without_a_level_is_no_progressive_deficit(assess, text: str) -> None:
    result = assess(text)
    assert "progressive_neurologic_deficit" not in flags(result)
    assert result["triage"]["level"] != "emergency"


@pytest.mark.parametrize(
    "text",
    [
        # legs weakening told as a course in lay words, with a known cancer: suspected cord compression
        "Myeloma under the haematologists. Over the past few days her legs have got weaker and she needs a hand on "
        "the stairs; the back pain wakes her.",
        "Lung cancer with bone spread. His legs are getting weaker and wobbly since the weekend, back pain worse lying down.",
    ],
)
def test_legs_getting_weaker_with_cancer_is_suspected_cord_compression(assess, text: str) -> None:
    result = assess(text)
    assert "progressive_neurologic_deficit" in flags(result)
    assert result["triage"]["level"] == "emergency"


def test_legs_getting_weaker_without_cancer_or_spine_is_no_cord_compression(assess) -> None:
    # the twin: tired legs at the end of a walk in a claudicant with no cancer raise no emergency
    result = assess("Both calves cramp after 200 yards and my legs get heavier, better after a minute standing still.")
    assert "progressive_neurologic_deficit" not in flags(result)
    assert result["triage"]["level"] != "emergency"
