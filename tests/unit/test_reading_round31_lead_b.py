"""Round 31, the lead's second probe of main: a lay "had a temperature" given with a normal reading is that reading,
not a fever; osteoporosis treatments by their other names (alendronic acid, risedronate, Fosamax...) are osteoporosis.
Two wordings of our own that must behave and a twin that must not fire, per pattern (kb 2026.12.91).
"""

from __future__ import annotations

import pytest

from tests.conftest import flags, present


@pytest.mark.parametrize(
    "text",
    [
        "Lower back pain 2 weeks, I had a temperature of 37.6 once.",
        "Backache since the weekend. Got a temperature of 37.2 this morning, otherwise well.",
    ],
)
def test_a_lay_temperature_with_a_normal_reading_is_no_fever(assess, text: str) -> None:
    result = assess(text)
    assert not present(result, "fever")
    assert "spinal_infection" not in flags(result)


@pytest.mark.parametrize(
    "text",
    [
        "Lower back pain 2 weeks, had a temperature of 38.4 last night.",
        "Had a temperature yesterday and my back is killing me, 3 days.",
    ],
)
def test_a_lay_temperature_with_a_fever_reading_or_none_is_a_fever(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "fever")
    assert "spinal_infection" in flags(result)
    assert result["triage"]["level"] in {"urgent", "emergency"}


@pytest.mark.parametrize(
    "text",
    [
        "I'm 66, my back hurts since I slipped on the stairs 3 days ago, I take alendronic acid.",
        "I'm 71 and on risedronate, sudden mid back pain after a sneeze yesterday.",
    ],
)
def test_an_osteoporosis_drug_by_another_name_raises_the_fragility_fracture_flag(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "osteoporosis")
    assert "vertebral_fracture" in flags(result)
    assert result["triage"]["level"] in {"soon", "urgent"}


def test_a_slip_at_45_with_no_bone_treatment_raises_no_fracture_flag(assess) -> None:
    result = assess("I'm 45, my back hurts since I slipped on the stairs 3 days ago.")
    assert not present(result, "osteoporosis")
    assert "vertebral_fracture" not in flags(result)


# "now / still / currently using" something named (a stick, a gel, co-codamol) is no injecting again --------------
@pytest.mark.parametrize(
    "text",
    [
        "Ex-IVDU, stopped in 2010. Back pain 3 weeks, now using a walking stick, no fever.",
        "Ex-IVDU, stopped in 2009. Low back pain, currently using ibuprofen gel and co-codamol.",
    ],
)
def test_using_a_named_aid_or_medicine_is_no_return_to_injecting(assess, text: str) -> None:
    result = assess(text)
    assert not present(result, "injecting_recent")
    assert "spinal_infection" not in flags(result)


def test_now_using_again_after_a_remote_stop_keeps_the_infection_flag(assess) -> None:
    result = assess("Ex-heroin user, stopped 2011, now using heroin again, back pain 2 weeks, temp 38.5.")
    assert present(result, "injecting_recent")
    assert "spinal_infection" in flags(result)


# a bare "intends to", "has a plan", "made a plan" is no suicide plan; a plan told in low mood or with its object is --
@pytest.mark.parametrize(
    "text",
    [
        "Back pain 3 months. He intends to return to work next month.",
        "Feeling low. The pain clinic made a plan for my injections.",
        "Knee pain. My physio has a plan for me and I'm doing the exercises.",
        "I've had enough of the pain, I have a plan for getting fitter.",
    ],
)
def test_an_ordinary_plan_or_intention_is_no_suicide_flag(assess, text: str) -> None:
    result = assess(text)
    assert "suicide_risk" not in flags(result)
    assert result["triage"]["level"] != "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "I've had enough of the pain and I've made a plan.",
        "She intends to end it all after the court case.",
        "I feel so low, I have a plan for ending it.",
    ],
)
def test_a_plan_with_its_object_or_in_low_mood_is_an_emergency(assess, text: str) -> None:
    result = assess(text)
    assert "suicide_risk" in flags(result)
    assert result["triage"]["level"] == "emergency"
