"""Treatment-plan safety, round 29: pregnancy, the months after the birth, and breastfeeding.

A pregnant patient's plan had no word of pregnancy on a gabapentinoid, a steroid course, duloxetine or spine surgery,
and no acetaminophen at all. Now (plan_safety.yaml, plan_additions.yaml): no gabapentinoid is started (MHRA 2022);
duloxetine, tricyclics, steroid courses and opioids carry pregnancy cautions; elective spine surgery waits until
after the birth while a red flag's surgical referral always stays; acetaminophen joins the first stage with the FDA's
2025 notice and ACOG's reply. A pregnancy warning does not follow a woman whose baby is born months ago, and a
breastfeeding warning needs the note to say she breastfeeds. Every note is our own wording; each rule has a twin that
must not fire (not pregnant, a man whose wife is pregnant, a negative test, after the birth).
"""

from __future__ import annotations

from typing import Any

import pytest

from painpath.domain.model import Status
from tests.conftest import cautions, excluded, offered


def first_stage(result: dict[str, Any]) -> list[str]:
    stages = [s for s in result["plan"]["stages"] if s["options"]]
    return [o["id"] for o in stages[0]["options"]]


SCIATICA_PREGNANT = [
    "Woman of 29, 16 weeks pregnant with her first baby. Shooting pain from the left buttock down the back of the "
    "leg to the ankle for three weeks, worse sitting. Bladder and bowels normal, no numbness in the saddle area.",
    "We're expecting, due in March. For the last three weeks I've had sciatica down my right leg into the calf, "
    "worse when I cough. No weakness, weeing and bowels normal.",
]

SCIATICA_NOT_PREGNANT = [
    "Woman of 29 with shooting pain from the left buttock down the back of the leg to the ankle for three weeks, "
    "worse sitting. Pregnancy test negative. Bladder and bowels normal, no numbness in the saddle area.",
    "Man of 34 with sciatica down his right leg into the calf for three weeks, worse when he coughs. His wife is "
    "20 weeks pregnant. No weakness, bladder and bowels normal.",
    "I had my baby 6 months ago and I'm bottle feeding. For the last three weeks I've had sciatica down my right "
    "leg into the calf, worse when I cough. No weakness, weeing and bowels normal.",
]


# ---------------------------------------------------------------- sciatica in pregnancy


@pytest.mark.parametrize("text", SCIATICA_PREGNANT)
def test_pregnant_sciatica_plan_names_pregnancy_on_every_drug_and_defers_surgery(assess, statuses, text: str) -> None:
    assert statuses(text).get("currently_pregnant") is Status.PRESENT
    result = assess(text)
    out = excluded(result)
    assert "gabapentinoid" in out and "MHRA" in out["gabapentinoid"]
    assert "spine_surgery" in out and "after the birth" in out["spine_surgery"]
    assert "pregnant" in cautions(result, "oral_corticosteroid")
    assert "pregnant" in cautions(result, "snri")
    # acetaminophen joins the first stage, with both 2025 statements and the dose discipline
    assert "acetaminophen" in first_stage(result)
    text_cautions = cautions(result, "acetaminophen")
    assert "FDA" in text_cautions and "ACOG" in text_cautions
    assert "lowest effective dose for the shortest" in text_cautions
    assert "causal relationship has not been established" in text_cautions


@pytest.mark.parametrize("text", SCIATICA_NOT_PREGNANT)
def test_no_pregnancy_warnings_when_not_pregnant_a_man_or_after_the_birth(assess, statuses, text: str) -> None:
    assert statuses(text).get("currently_pregnant") is not Status.PRESENT
    result = assess(text)
    out = excluded(result)
    assert "gabapentinoid" not in out and "gabapentinoid" in offered(result)
    assert "spine_surgery" not in out
    assert "oral_nsaid" in offered(result)  # after the birth NSAIDs are usual analgesics again
    for option in ("oral_corticosteroid", "snri", "gabapentinoid", "oral_nsaid"):
        assert "pregnan" not in cautions(result, option)
    assert "acetaminophen" not in offered(result)  # the sciatica pathway leaves it out (NICE NG59)


def test_a_current_gabapentinoid_in_pregnancy_is_reviewed_not_stopped(assess) -> None:
    result = assess(
        "I'm 12 weeks pregnant and have had sciatica down the left leg for 3 weeks; I take pregabalin 75 mg twice a "
        "day for it."
    )
    alerts = " ".join(result["plan"]["alerts"])
    assert "pregabalin" in alerts and "do not stop it abruptly" in alerts


def test_pregnancy_named_without_its_stage_keeps_the_cautions(assess, statuses) -> None:
    # round 31 (kb 2026.12.83): "G2P1, 31 weeks" is pregnant now (the weeks are the gestation), so the shorthand
    # alone, with no weeks, is the unclear stage
    text = "34 year old woman, G2P1, with sciatica down the right leg for 4 weeks."
    assert statuses(text).get("pregnant_or_unclear") is Status.PRESENT
    assert statuses(text).get("currently_pregnant") is not Status.PRESENT
    result = assess(text)
    assert "oral_nsaid" in excluded(result)
    assert "confirm" in cautions(result, "gabapentinoid")
    assert "after the birth" in cautions(result, "spine_surgery")


def test_pregnancy_shorthand_with_weeks_is_pregnant_now(assess, statuses) -> None:
    text = "34 year old woman, G2P1, 31 weeks, with sciatica down the right leg for 4 weeks."
    assert statuses(text).get("currently_pregnant") is Status.PRESENT
    result = assess(text)
    assert {"oral_nsaid", "gabapentinoid", "spine_surgery"} <= set(excluded(result))


# ---------------------------------------------------------------- a red flag's surgical referral always stays


@pytest.mark.parametrize(
    "text",
    [
        "I'm 16 weeks pregnant with sciatica for 3 weeks, and since yesterday I can't feel the toilet paper when I "
        "wipe and I've wet myself twice without knowing.",
        "I'm 20 weeks pregnant. Neck pain for 2 months; my hands are clumsy, I drop cups and my walking is unsteady.",
    ],
)
def test_red_flag_surgical_referral_is_never_removed_in_pregnancy(assess, text: str) -> None:
    result = assess(text)
    assert result["red_flags"]
    assert "spine_surgery" in first_stage(result)
    assert "spine_surgery" not in excluded(result)


# ---------------------------------------------------------------- tricyclics and opioids


@pytest.mark.parametrize(
    "text",
    [
        "I'm 16 weeks pregnant. Widespread pain all over my body for over a year, tender everywhere, exhausted and "
        "sleeping badly; my GP diagnosed fibromyalgia.",
        "Fibromyalgia diagnosed two years ago: aching all over, tender points everywhere, tired and sleeping poorly. "
        "I'm expecting our second, 14 weeks along.",
    ],
)
def test_tricyclic_in_pregnancy_carries_a_caution(assess, text: str) -> None:
    result = assess(text)
    assert "neonatal" in cautions(result, "tca")
    assert "gabapentinoid" in excluded(result)


def test_tricyclic_after_the_birth_carries_no_pregnancy_caution(assess) -> None:
    result = assess(
        "Fibromyalgia diagnosed two years ago: aching all over, tender points everywhere, tired and sleeping poorly. "
        "I had my daughter 6 months ago."
    )
    assert "pregnan" not in cautions(result, "tca")


@pytest.mark.parametrize(
    "text",
    [
        "I am 22 weeks pregnant and had my appendix removed 3 days ago; the wound pain is bad.",
        "Expecting twins, 18 weeks along. Gallbladder taken out on Monday and the incision pain is severe.",
    ],
)
def test_opioid_in_pregnancy_names_neonatal_withdrawal(assess, text: str) -> None:
    result = assess(text)
    assert "neonatal opioid withdrawal" in cautions(result, "opioid")
    assert "FDA" in cautions(result, "acetaminophen")


# ---------------------------------------------------------------- breastfeeding


@pytest.mark.parametrize(
    "text",
    [
        "I had my baby 6 months ago and I'm breastfeeding. My appendix was removed 3 days ago and the wound pain is bad.",
        "Since my son was born 4 months ago I've been nursing my baby at night. Gallbladder taken out on Monday, the "
        "incision pain is severe.",
    ],
)
def test_breastfeeding_keeps_codeine_and_tramadol_out_but_no_pregnancy_warning(assess, statuses, text: str) -> None:
    assert statuses(text).get("breastfeeding") is Status.PRESENT
    assert statuses(text).get("pregnant_or_unclear") is not Status.PRESENT
    result = assess(text)
    assert "codeine or tramadol" in cautions(result, "opioid")
    assert "pregnan" not in cautions(result, "opioid")
    assert "oral_nsaid" in offered(result)


def test_stopped_breastfeeding_is_not_breastfeeding(assess, statuses) -> None:
    text = "I stopped breastfeeding last month. My appendix was removed 3 days ago and the wound pain is bad."
    assert statuses(text).get("breastfeeding") is not Status.PRESENT
    assert "codeine or tramadol" not in cautions(assess(text), "opioid")


@pytest.mark.parametrize(
    ("words", "cgrp_out"),
    [("I'm breastfeeding", True), ("I'm bottle feeding and not breastfeeding", False)],
)
def test_cgrp_antibody_after_the_birth_only_while_breastfeeding(assess, words: str, cgrp_out: bool) -> None:
    result = assess(
        "Migraine for 10 years, 16 headache days a month despite topiramate and propranolol. I had my baby 6 months "
        f"ago and {words}."
    )
    assert ("cgrp_monoclonal_antibody" in excluded(result)) is cgrp_out
