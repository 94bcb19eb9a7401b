"""Round 42 (lead42): the held-out round's misses, fixed as patterns in our own words.

- cauda equina in an examiner's rarer words: the sense named first ("pinprick appreciation was blunted over the
  perianal skin"), a loss "in a horseshoe distribution", a gaping or patulous anus, an absent anal (anocutaneous) or
  bulbocavernosus reflex, and a residual volume told before the attempt to void ("ultrasound estimated 780 mL
  immediately after he had attempted to void");
- giant cell arteritis in a dentist's letter: the ache after a minute of chewing that makes him stop and settles with
  rest (claudication's timing, without "jaw" in its sentence), a temple sore when lain on or combed;
- an aneurysm told as "a mass that expands with each heartbeat ... above the umbilicus";
- a sudden pain on bending in someone on long-term steroids with point tenderness over a spinous process is the
  fragility fracture's, not a thoracic dissection (unless tearing, a cold limb or a faint);
- "paraspinal tenderness L4-S1" is no point tenderness of a vertebra;
- a fever with its source in the throat beside a flare of a known chronic back pain, midline tenderness denied: no
  spinal infection flag;
- weight told lost through a slimming group or a weight-loss drug ("14 kg lost ... through a Weigh-Less group and the
  semaglutide I started") is a loss meant.
"""

from __future__ import annotations

import pytest

from tests.conftest import at_least, flags, level, present

# ---------------------------------------------------------------- cauda equina in rarer examination words


@pytest.mark.parametrize(
    "text",
    [
        "Back pain into the left calf after lifting. Pinprick appreciation was blunted over the perianal skin.",
        "Sciatica for a week. Light touch is reduced over the perineum on both sides.",
        "L5/S1 disc, leg pain both sides. Sensory loss in a horseshoe distribution around the buttocks.",
    ],
)
def test_saddle_sensory_loss_with_the_sense_named_first(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "saddle_anaesthesia")
    assert "cauda_equina_syndrome" in flags(result)
    assert level(result) == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "Sciatica both legs. The anal orifice gaped on gentle parting of the buttocks.",
        "Acute back pain radiating to the legs. Patulous anus on inspection.",
        "Bilateral sciatica. The anocutaneous reflex could not be elicited.",
        "Back and leg pain. Absent bulbocavernosus reflex.",
    ],
)
def test_a_gaping_anus_or_an_absent_sacral_reflex_is_a_sphincter_sign(assess, text: str) -> None:
    result = assess(text)
    assert "cauda_equina_syndrome" in flags(result)
    assert level(result) == "emergency"


def test_intact_sacral_reflexes_are_no_sign(assess) -> None:
    result = assess("Sciatica left leg for 3 weeks. Anal wink present, perianal pinprick normal, bulbocavernosus "
                    "reflex intact.")
    assert "cauda_equina_syndrome" not in flags(result)


@pytest.mark.parametrize(
    "text",
    [
        "Sciatica. Bedside ultrasound estimated 780 mL immediately after he had attempted to void.",
        "Back and leg pain. Bladder scan showed 600 ml after passing urine.",
        "Leg pain both sides. The scan measured 450 mls following urination.",
    ],
)
def test_a_volume_told_before_the_attempt_to_void_is_the_residual(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "urinary_retention")
    assert "cauda_equina_syndrome" in flags(result)


def test_a_small_volume_after_voiding_is_no_retention(assess) -> None:
    result = assess("Sciatica. Bladder scan showed 60 ml after passing urine.")
    assert not present(result, "urinary_retention")
    assert "cauda_equina_syndrome" not in flags(result)


# ---------------------------------------------------------------- giant cell arteritis in a dentist's letter


@pytest.mark.parametrize(
    "text",
    [
        "Mr P, 77, right jaw pain for three weeks. The ache comes on after a minute or so of chewing his toast and "
        "makes him stop, then settles with rest.",
        "Mrs K, 81: a pain in her face comes after a few mouthfuls of eating and she has to pause until it goes off.",
        "74M. Aching after two minutes of chewing meat, he stops and it eases.",
    ],
)
def test_an_ache_with_claudications_timing_and_relief(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "jaw_claudication")
    assert "giant_cell_arteritis" in flags(result)


def test_a_pain_at_the_first_bite_is_no_claudication(assess) -> None:
    result = assess("Mr P, 77. Sharp pain in a back tooth the moment he bites on it.")
    assert not present(result, "jaw_claudication")


@pytest.mark.parametrize(
    "text",
    [
        "Mr P, 77. His right temple is sore when he lays his head on the pillow or combs his hair.",
        "Mrs D, 70: her left temple was painful when she touched it, new headaches for a month.",
    ],
)
def test_a_temple_sore_when_pressed_is_tender(assess, text: str) -> None:
    assert present(assess(text), "temple_tenderness")


def test_a_sore_temple_alone_is_no_tenderness(assess) -> None:
    assert not present(assess("Mrs D, 40: her temple is sore after a long day at the screen."), "temple_tenderness")


# ---------------------------------------------------------------- the expansile mass told as a clause


@pytest.mark.parametrize(
    "text",
    [
        "72M collapsed, severe low back pain. A mass that expands with each heartbeat is felt just above the umbilicus.",
        "Back and flank pain, 70. There is a swelling which pulsates with every heartbeat in the epigastrium.",
    ],
)
def test_a_mass_that_expands_with_each_heartbeat_is_pulsatile(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "pulsatile_abdominal_mass")
    assert "vascular_emergency" in flags(result)


# ---------------------------------------------------------------- a fragility fracture, not a dissection


@pytest.mark.parametrize(
    "text",
    [
        "76F. PMR on pred 7.5mg since 2021, HTN. Sudden onset mid/low back pain x2/7 after bending to lift a pail. "
        "Pain 8/10. Point tenderness over T12/L1 spinous process. Neuro intact.",
        "Mrs R, 81, osteoporosis, hypertension: sudden severe mid back pain after bending to pick up the cat, tender "
        "over T11 spinous process.",
    ],
)
def test_a_sudden_pain_on_bending_with_thin_bones_is_a_fracture_not_a_dissection(assess, text: str) -> None:
    result = assess(text)
    assert "vertebral_fracture" in flags(result)
    assert "vascular_emergency" not in flags(result)


def test_a_tearing_pain_with_a_cold_leg_stays_a_dissection(assess) -> None:
    result = assess("Mrs R, 81, osteoporosis, hypertension: sudden tearing mid back pain after bending, tender over "
                    "T11; her left leg has gone cold and white.")
    assert "vascular_emergency" in flags(result)
    assert level(result) == "emergency"


# ---------------------------------------------------------------- tenderness beside the spine; a throat's fever


def test_paraspinal_tenderness_at_a_level_is_no_point_tenderness(assess) -> None:
    result = assess("Back: paraspinal tenderness L4-S1, worse extension.")
    assert not present(result, "focal_spinal_tenderness")


def test_tenderness_over_a_spinous_process_is_point_tenderness(assess) -> None:
    assert present(assess("Back pain. Tender over L4 spinous process."), "focal_spinal_tenderness")


@pytest.mark.parametrize(
    "text",
    [
        "41F, chronic axial LBP x5 yrs, flare after spring cleaning. Sore throat x2 days; T 101.1 F, tonsillar exudate, "
        "rapid strep +. Paraspinal tenderness L4-S1, no midline/spinous tenderness, neuro intact.",
        "Chronic low back pain for years, a flare this week. Tonsillitis with a temperature of 38.4. No midline "
        "tenderness.",
    ],
)
def test_a_throats_fever_beside_a_chronic_back_flare_is_no_spinal_infection(assess, text: str) -> None:
    result = assess(text)
    assert "spinal_infection" not in flags(result)


@pytest.mark.parametrize(
    "text",
    [
        "Chronic low back pain for years. Sore throat, T 38.9 and rigors, now severe back pain at night.",
        "New back pain for a week. Sore throat and a fever of 38.5. No midline tenderness.",
        # an abscess is a recent infection (a source of bacteraemia), which keeps the flag
        "Chronic low back pain for years, a flare this week. Dental abscess with a temperature of 38.4. No midline "
        "tenderness.",
    ],
)
def test_a_fever_with_rigors_or_a_new_back_pain_keeps_the_flag(assess, text: str) -> None:
    result = assess(text)
    assert "spinal_infection" in flags(result)
    assert at_least(result, "urgent")


# ---------------------------------------------------------------- weight lost on purpose


@pytest.mark.parametrize(
    "text",
    [
        "Knee pain for years, night waking only lying on it. 14 kg lost over eight months through a Weigh-Less group "
        "and the semaglutide I started.",
        "Back ache. 3 stone lost since the gastric sleeve last year.",
    ],
)
def test_weight_lost_through_a_diet_or_drug_is_meant(assess, text: str) -> None:
    result = assess(text)
    assert not present(result, "weight_loss")
    assert "spinal_malignancy" not in flags(result)


def test_weight_lost_without_a_means_is_still_weight_loss(assess) -> None:
    assert present(assess("Back pain at night, 62. 8 kg lost over two months without trying."), "weight_loss")


# ---------------------------------------------------------------- a relative's age after a first name (lead42b)


@pytest.mark.parametrize(
    "text",
    [
        "My dad Alf (84) was on the floor this morning and can't stand, his back is agony.",
        "My mum Irene is 79 and has had back pain for a week.",
    ],
)
def test_a_relatives_age_after_a_first_name_is_the_patients(assess, text: str) -> None:
    assert present(assess(text), "age_over_70")


def test_a_bracketed_number_after_a_verb_is_no_age(assess) -> None:
    result = assess("My mum feels (84) tired and her back aches.")
    assert not present(result, "age_over_70")


def test_a_volume_after_a_week_is_no_residual(assess) -> None:
    result = assess("Back pain after surgery. Ultrasound showed a 250 ml collection after a week, now drained.")
    assert not present(result, "urinary_retention")
    assert "cauda_equina_syndrome" not in flags(result)
