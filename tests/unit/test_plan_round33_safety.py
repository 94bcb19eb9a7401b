"""Treatment-plan safety, round 33 (the lead's probes of main; every note here in our own words).

1. A narrow angle or angle-closure glaucoma takes the tricyclic out; open-angle or unstated glaucoma keeps the
   caution to check the type.
2. Procedure pathways with eligibility rules: radiculopathy's steroid taper, epidural, lumbar MRI and spine surgery
   need radicular leg pain or a matching examination in the note; a true sciatica still gets them.
3. An MAOI: a muscle relaxant's caution names the MAOI and rules out cyclobenzaprine; duloxetine is excluded.
4. Tramadol taken with epilepsy: an alert (the label's seizure warning).
5. Breastfeeding: a muscle relaxant carries a caution; paracetamol and ibuprofen none.
Each rule has a twin that must not fire.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import cautions, excluded, offered


def alerts(result: dict[str, Any]) -> str:
    return " || ".join(result["plan"]["alerts"])


# ---------------------------------------------------------------- 1. narrow-angle glaucoma and tricyclics

@pytest.mark.parametrize("text", [
    "Diabetic with burning, tingling soles of both feet for a year; the optician says I have narrow angles.",
    "Painful diabetic neuropathy in both feet, worse at night. Past history: angle-closure glaucoma.",
])
def test_narrow_angle_glaucoma_excludes_a_tricyclic(assess, text: str) -> None:
    result = assess(text)
    assert "tca" not in offered(result)
    assert "angle closure" in excluded(result).get("tca", "")


@pytest.mark.parametrize("text", [
    "Painful diabetic neuropathy in both feet, worse at night. Past history: open-angle glaucoma on drops.",
    "Diabetic with burning, tingling soles of both feet for a year. I also have glaucoma.",
])
def test_open_angle_or_unstated_glaucoma_keeps_the_caution(assess, text: str) -> None:
    result = assess(text)
    assert "tca" in offered(result)
    assert "check the type" in cautions(result, "tca")


# ---------------------------------------------------------------- 2. eligibility for radicular procedures

RADICULAR_OPTIONS = ("epidural_steroid_injection", "spine_surgery", "oral_corticosteroid")


@pytest.mark.parametrize("text", [
    "Type 2 diabetes for 15 years, my feet burn and feel like I'm walking on pins, please help with the nerve pain.",
    "Diabetic man, 60, numb burning toes on both sides for 2 years, no back trouble at all.",
])
def test_burning_diabetic_feet_get_no_radicular_procedures(assess, text: str) -> None:
    result = assess(text)
    plan = offered(result)
    for option in RADICULAR_OPTIONS:
        assert option not in plan
    out = excluded(result)
    if "epidural_steroid_injection" in out:
        assert "radicular leg pain" in out["epidural_steroid_injection"] or "radicular" in out[
            "epidural_steroid_injection"]


@pytest.mark.parametrize("text", [
    "Sciatica down my left leg for two weeks since lifting a sofa, it shoots into my calf.",
    "My lower back hurts and a sharp pain runs down the back of my right leg to the foot.",
])
def test_true_sciatica_keeps_the_epidural_and_surgery(assess, text: str) -> None:
    result = assess(text)
    plan = offered(result)
    assert "epidural_steroid_injection" in plan and "spine_surgery" in plan
    assert not any(r.startswith("not offered for lumbar radiculopathy") for r in excluded(result).values())


# ---------------------------------------------------------------- 3. an MAOI

@pytest.mark.parametrize("text", [
    "I take tranylcypromine for my depression. My low back went into spasm yesterday lifting a box.",
    "Low back pain and spasm for a week; on phenelzine for years for low mood.",
])
def test_an_maoi_names_itself_in_the_relaxant_caution(assess, text: str) -> None:
    result = assess(text)
    assert "snri" not in offered(result)
    if "muscle_relaxant" in offered(result):
        assert "not cyclobenzaprine" in cautions(result, "muscle_relaxant")
        assert "MAOI" in cautions(result, "muscle_relaxant")


def test_an_ssri_is_not_an_maoi_for_the_relaxant(assess) -> None:
    result = assess("Low back pain and spasm for a week; on sertraline for years for low mood.")
    if "muscle_relaxant" in offered(result):
        assert "cyclobenzaprine" not in cautions(result, "muscle_relaxant")


# ---------------------------------------------------------------- 4. tramadol with epilepsy

@pytest.mark.parametrize("text", [
    "Epileptic since childhood, on lamotrigine; the GP started tramadol 50 mg for my hip pain.",
    "My shoulder is agony. I take tramadol for it and I have a seizure disorder.",
])
def test_tramadol_with_epilepsy_raises_an_alert(assess, text: str) -> None:
    result = assess(text)
    assert "seizure threshold" in alerts(result)


@pytest.mark.parametrize("text", [
    "My shoulder is agony. I take tramadol for it; no fits or seizures ever.",
    "Epileptic since childhood, on lamotrigine; paracetamol for my hip pain.",
])
def test_no_tramadol_epilepsy_alert_without_both(assess, text: str) -> None:
    assert "seizure threshold" not in alerts(assess(text))


# ---------------------------------------------------------------- 5. breastfeeding

@pytest.mark.parametrize("text", [
    "Six weeks postpartum, exclusively breastfeeding, and my lower back is in spasm.",
    "Lower back pain since the baby came two months ago; I'm nursing my baby.",
])
def test_breastfeeding_cautions_a_muscle_relaxant(assess, text: str) -> None:
    result = assess(text)
    plan = offered(result)
    if "muscle_relaxant" in plan:
        assert "breastfeeding" in cautions(result, "muscle_relaxant")
    for option in ("acetaminophen", "oral_nsaid"):
        if option in plan:
            assert "breastfeeding" not in cautions(result, option)


def test_stopped_breastfeeding_has_no_relaxant_caution(assess) -> None:
    result = assess("Lower back pain and spasm since the baby came a year ago; I stopped breastfeeding in spring.")
    if "muscle_relaxant" in offered(result):
        assert "breastfeeding" not in cautions(result, "muscle_relaxant")


def test_the_eligibility_rule_excludes_with_what_is_missing_unless_a_red_flag_refers() -> None:
    """The pathway step's eligibility (domain/planning.py _pathway_candidates): without radicular words the
    epidural is excluded saying what the note lacks; a red flag's surgical referral is never taken out by it."""
    from tests.unit.planning_support import option, plan_for, story

    plain = plan_for("lumbar_radiculopathy", story(["low_back_pain"]))
    reasons = {e.id: e.reason for e in plain.excluded}
    assert "radicular leg pain" in reasons["epidural_steroid_injection"]
    assert "spine_surgery" in reasons
    radicular = plan_for("lumbar_radiculopathy", story(["slr_positive"]))
    assert option(radicular, "epidural_steroid_injection") is not None
    patient = story(["urinary_retention", "saddle_anaesthesia", "bilateral_leg_symptoms", "low_back_pain"])
    flagged = plan_for("lumbar_radiculopathy", patient, red_flags_from_story=True)
    assert option(flagged, "spine_surgery") is not None
    assert "spine_surgery" not in {e.id for e in flagged.excluded}
