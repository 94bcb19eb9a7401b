"""Round 35 (lead35c, kb 2026.12.124): the lead's probes of main, each a pattern with two wordings of our own and a
negative twin.

- numbness creeping up the legs over years (a diabetic stocking neuropathy) is no progressive deficit, and a stocking
  pattern weighs against a lumbar root;
- exertional chest tightness told after the leg ache and its relief ("at the same time") is possible angina;
- a tummy pain through to the back eased by sitting forward, or with pale floating stools, with heavy drinking is
  possible pancreatitis;
- electric face pain under 40 or after a past limb episode is a possible secondary trigeminal neuralgia (MRI), and a
  dated, ended limb episode is history, not a leg symptom now;
- hip or groin pain on hopping in a runner with stopped periods is a femoral neck stress fracture (urgent);
- "H/A" opening a note is a headache;
- a cancer history with recumbent pain, anaemia or a raised calcium ranks cancer pain first;
- chronic axial pain with Modic 1 changes keeps vertebrogenic pain in the top three.
"""

from __future__ import annotations

import pytest

from painpath.domain.model import Status
from tests.conftest import at_least, flags, level, ranked


# ---------------------------------------------------------------- 1. stocking neuropathy over years
@pytest.mark.parametrize(
    "text",
    [
        "Mrs P, 72, numbness and tingling in both feet creeping up to her ankles over 5 years, diabetic on metformin.",
        "Burning in both feet, the numbness has crept up to my shins over the last few years. Type 2 diabetes for 20 years.",
    ],
)
def test_numbness_creeping_up_over_years_is_no_progressive_deficit(assess, text: str) -> None:
    result = assess(text)
    assert "progressive_neurologic_deficit" not in flags(result)
    assert ranked(result)[0] == "peripheral_neuropathy"


def test_numbness_creeping_up_over_days_still_flags(assess) -> None:
    result = assess("Numbness started in my toes on Monday and is now creeping up to my knees, my legs feel weak.")
    assert "progressive_neurologic_deficit" in flags(result)


def test_a_stocking_pattern_counts_against_a_lumbar_root(assess) -> None:
    result = assess(
        "Mr K, 67, burning and numbness in both feet creeping up to mid-shin over 3 years, type 2 diabetic for 15 "
        "years, absent ankle jerks, reduced vibration."
    )
    ranks = ranked(result)
    assert ranks[0] == "peripheral_neuropathy"
    probs = {c["condition"]: c["probability"] for c in result["differential"]}
    assert probs["lumbar_radiculopathy"] < 0.25


# ---------------------------------------------------------------- 2. exertional chest tightness with a leg ache
@pytest.mark.parametrize(
    "text",
    [
        "My calves ache when I climb the hill to the shops and it eases when I stop, and my chest goes tight too.",
        "Walking up the stairs my legs get heavy, it passes when I rest, and there's a pressure in my chest with it.",
    ],
)
def test_chest_tightness_with_an_exertional_leg_ache_is_possible_angina(assess, statuses, text: str) -> None:
    assert statuses(text).get("exertional_chest_pain") is Status.PRESENT
    assert at_least(assess(text), "urgent")


def test_an_exertional_leg_ache_with_a_chest_that_is_fine_is_not_angina(statuses) -> None:
    text = "I keep getting a heavy aching in my legs when I walk uphill that goes away when I stop, and my chest feels fine."
    assert statuses(text).get("exertional_chest_pain") is not Status.PRESENT


# ---------------------------------------------------------------- 3. pancreatic pain without vomiting
@pytest.mark.parametrize(
    "text",
    [
        "For ten days my stomach pain has been boring through to my back, it's better leaning forward. I'm a heavy drinker.",
        "Burning pain in my belly going round to my back for a week, and my stools are pale and greasy and won't flush.",
    ],
)
def test_pancreatic_pain_through_to_the_back_is_urgent(assess, text: str) -> None:
    assert at_least(assess(text), "urgent")


def test_tummy_pain_to_the_back_eased_forward_without_a_cause_stays_below_urgent(assess) -> None:
    result = assess("I've had a burning in my tummy going through to my back for a week, eased by sitting forward.")
    assert level(result) in ("routine", "soon")


# ---------------------------------------------------------------- 4. secondary trigeminal neuralgia
@pytest.mark.parametrize(
    "text",
    [
        "Electric shock pains in my cheek when I chew, lasting a second or two. I'm 28.",
        "Electric shock pains in my left cheek when I touch my face, lasting seconds. Two years ago my right arm was numb for a few days.",
    ],
)
def test_trigeminal_neuralgia_young_or_after_a_limb_episode_is_seen_soon(assess, text: str) -> None:
    result = assess(text)
    assert at_least(result, "soon")
    assert ranked(result)[0] == "trigeminal_neuralgia"


def test_trigeminal_neuralgia_at_68_without_a_past_episode_stays_routine(assess) -> None:
    result = assess("Shooting pains in my face when I brush my teeth, like electric shocks, lasting seconds. I'm 68.")
    assert level(result) == "routine"
    assert ranked(result)[0] == "trigeminal_neuralgia"


def test_a_dated_ended_leg_episode_does_not_rank_a_radiculopathy(assess) -> None:
    result = assess(
        "Shooting pains in my face when I brush my teeth, like electric shocks, lasting seconds. I'm 30 and my left "
        "leg went numb for a week last year."
    )
    assert ranked(result)[0] == "trigeminal_neuralgia"
    assert "lumbar_radiculopathy" not in ranked(result)[:3]


def test_a_leg_numb_since_a_past_episode_stays_current(statuses) -> None:
    text = "My left leg went numb for a week last year and it is still numb now, with pain down the back of the thigh."
    assert statuses(text).get("leg_pain") is Status.PRESENT


# ---------------------------------------------------------------- 5. femoral neck stress fracture on hopping
@pytest.mark.parametrize(
    "text",
    [
        "Groin pain since I upped my running, it hurts to hop on that leg. I'm 19 and I've missed my periods since the summer.",
        "Since I started running for a half marathon my hip and groin ache, I can't hop on it, and I have anorexia.",
    ],
)
def test_hop_pain_in_a_runner_with_the_triad_is_urgent(assess, text: str) -> None:
    result = assess(text)
    assert at_least(result, "urgent")


def test_groin_pain_in_a_runner_without_load_pain_stays_routine(assess) -> None:
    result = assess("Pain in my groin and hip since I started running more, I'm 22 and a woman, periods are regular.")
    assert level(result) == "routine"


# ---------------------------------------------------------------- 6. H/A opening a note
@pytest.mark.parametrize(
    "text",
    [
        "H/A 2/7, 71F, ESR 88, tender temporal arteries, jaw claudication, no visual sx.",
        "h/a and scalp tenderness 1/52, 76M, CRP 60, pain chewing.",
    ],
)
def test_h_a_opening_a_note_is_a_headache(assess, statuses, text: str) -> None:
    assert statuses(text).get("head_pain") is Status.PRESENT
    assert ranked(assess(text))  # a differential, not an empty list


def test_n_a_is_no_headache(statuses) -> None:
    assert statuses("Allergies: N/A. Low back pain for 3 weeks.").get("head_pain") is not Status.PRESENT


# ---------------------------------------------------------------- 7. cancer history with bone or marrow bloods
@pytest.mark.parametrize(
    "text",
    [
        "62M, back pain, hx renal Ca nephrectomy 2019, now constant thoracic pain, worse lying, Hb 98, Ca 2.9.",
        "58F, breast cancer 2018, mid back ache for 6 weeks, constant, worse lying in bed, calcium 2.8, Hb 105.",
    ],
)
def test_cancer_history_with_recumbent_pain_and_bloods_ranks_cancer_pain(assess, text: str) -> None:
    result = assess(text)
    assert ranked(result)[0] == "cancer_pain"
    assert "spinal_malignancy" in flags(result)


def test_worse_lying_on_one_side_is_not_recumbent_pain(statuses) -> None:
    text = "Pain on the outside of my hip, worse lying on that side at night for a month."
    assert statuses(text).get("pain_worse_lying_bare") is not Status.PRESENT


# ---------------------------------------------------------------- 8. vertebrogenic pain with Modic 1 changes
@pytest.mark.parametrize(
    "text",
    [
        "55-year-old with 10 years of low back pain without leg pain. Pain worse with sitting and bending forward, MRI shows Modic type 1 changes at L5-S1.",
        "Axial low back pain for 8 years, worse sitting and bending. MRI: Modic 2 endplate changes L4-5.",
    ],
)
def test_modic_changes_with_chronic_axial_pain_rank_vertebrogenic(assess, text: str) -> None:
    assert "vertebrogenic_pain" in ranked(assess(text))[:3]


def test_modic_changes_with_sciatica_do_not_lead_with_vertebrogenic(assess) -> None:
    result = assess("Sciatica down the left leg to the foot for 3 months, MRI shows L5-S1 disc protrusion with Modic 1 changes.")
    assert ranked(result)[0] != "vertebrogenic_pain"
