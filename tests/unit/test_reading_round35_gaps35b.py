"""Round 35 (gaps35b): reading defects fixed as patterns, each with our own wordings and a negative twin.

- legs told giving way, buckling or going from under with a course between ("my legs have been giving way") are leg
  weakness; a knee that has been giving way alone is the knee's mechanical instability;
- a head told pounding, splitting, banging or killing is a headache; a heart that pounds or pounding the pavement is
  neither a headache nor a throbbing pain;
- the shakes, shaking fits or shaking like a leaf beside a fever or feeling hot then cold, and teeth chattering, are
  rigors; the shakes alone or hands that shake holding a cup stay a tremor;
- a capacity is not an aggravating factor ("walking 2 miles a day"); a lump in the neck, a hand's muscles, numbness
  at a foot, hands that shake and chattering teeth name no pain site; "I gave her my dog" is no patient's sex;
- a positive straight leg raise and numbness at a foot put the complaint in the leg for the condition's region match,
  and the dorsum of the left foot is a dermatome: lumbar radiculopathy leads clearly;
- a helper finding for rule plumbing (pain_site_named) is not listed in the contract's findings.
"""

from __future__ import annotations

import pytest

from painpath.domain.model import Status
from tests.conftest import flags, ranked


# ---------------------------------------------------------------- 1. legs giving way
@pytest.mark.parametrize(
    "text",
    [
        "Back ache and my legs have been giving way.",
        "His legs have started buckling under him when he walks.",
        "Low back pain; both my legs gave out on the stairs.",
    ],
)
def test_legs_giving_way_with_a_course_are_weakness(assess, statuses, text: str) -> None:
    found = statuses(text)
    assert found.get("motor_weakness") is Status.PRESENT
    assert found.get("subjective_leg_weakness") is Status.PRESENT
    assert assess(text)["triage"]["level"] in {"urgent", "emergency"}


@pytest.mark.parametrize("text", ["My knee has been giving way.", "The table legs collapsed under the weight."])
def test_a_knee_or_a_tables_legs_giving_way_is_no_weakness(statuses, text: str) -> None:
    found = statuses(text)
    assert found.get("motor_weakness") is not Status.PRESENT
    assert found.get("subjective_leg_weakness") is not Status.PRESENT


# ---------------------------------------------------------------- 2. lay headache
@pytest.mark.parametrize(
    "text",
    [
        "My head is pounding since this morning.",
        "My head has been killing me for three days.",
        "Woke with a splitting head and felt sick.",
        "Her head's been banging all week.",
    ],
)
def test_a_pounding_or_splitting_head_is_a_headache(statuses, text: str) -> None:
    assert statuses(text).get("head_pain") is Status.PRESENT


@pytest.mark.parametrize(
    "text",
    [
        "My heart is pounding and I feel anxious.",
        "I've been pounding the pavement looking for work; knee pain.",
        "Knee pain. I banged my head on the cupboard door.",
        "My head teacher is killing me with homework; back pain.",
    ],
)
def test_a_pounding_heart_or_pavement_is_no_headache(statuses, text: str) -> None:
    found = statuses(text)
    assert found.get("head_pain") is not Status.PRESENT
    assert found.get("throbbing") is not Status.PRESENT


def test_a_pounding_headache_still_throbs(statuses) -> None:
    found = statuses("Pounding headache with nausea.")
    assert found.get("throbbing") is Status.PRESENT
    assert found.get("head_pain") is Status.PRESENT


# ---------------------------------------------------------------- 3. rigors
@pytest.mark.parametrize(
    "text",
    [
        "Back pain and I keep getting the shakes, feeling hot then cold.",
        "Neck pain; got the shakes and a temperature since yesterday.",
        "Back pain, my teeth were chattering last night and I felt hot.",
        "Back pain. Hot one minute, freezing the next, and the shakes.",
    ],
)
def test_the_shakes_when_unwell_are_rigors(assess, statuses, text: str) -> None:
    assert statuses(text).get("chills_rigors") is Status.PRESENT
    assert "spinal_infection" in flags(assess(text))


@pytest.mark.parametrize(
    "text", ["Back pain and I keep getting the shakes.", "Back pain, I get the shakes when I haven't eaten."]
)
def test_the_shakes_alone_stay_a_tremor(statuses, text: str) -> None:
    found = statuses(text)
    assert found.get("chills_rigors") is not Status.PRESENT
    assert found.get("tremor_lay") is Status.PRESENT


def test_hot_then_cold_packs_are_no_fever(statuses) -> None:
    assert statuses("Back pain. I tried hot then cold packs.").get("fever") is not Status.PRESENT


# ---------------------------------------------------------------- 4. a capacity, sites without pain, someone else's sex
@pytest.mark.parametrize(
    "text", ["Knee pain. Walking 2 miles a day.", "Back ache. I can walk for an hour without trouble."]
)
def test_walking_told_as_a_capacity_is_no_aggravation(statuses, text: str) -> None:
    assert statuses(text).get("worse_walking_stairs") is not Status.PRESENT


@pytest.mark.parametrize("text", ["Knee pain, walking 2 miles makes it worse.", "Hip pain worse when walking."])
def test_walking_that_hurts_is_still_an_aggravation(statuses, text: str) -> None:
    assert statuses(text).get("worse_walking_stairs") is Status.PRESENT


@pytest.mark.parametrize(
    ("text", "site"),
    [
        ("Knee pain. I have a tumour in my neck.", "neck_pain"),
        ("Back pain. My hand muscles are weak.", "hand_pain"),
        ("Back pain. Numbness over the dorsum of the left foot.", "foot_pain"),
        ("Back pain. Tingling in my left foot.", "foot_pain"),
        ("Back pain. My hands shake holding a cup.", "hand_pain"),
        ("Back pain, my teeth were chattering last night.", "facial_pain"),
    ],
)
def test_a_site_named_without_pain_is_no_pain_there(statuses, text: str, site: str) -> None:
    assert statuses(text).get(site) is not Status.PRESENT


@pytest.mark.parametrize(
    ("text", "site"),
    [
        ("Back pain. Pain and numbness in my left foot.", "foot_pain"),
        ("Neck pain and a sore lump in my neck.", "neck_pain"),
        ("Burning and numbness in my left foot.", "foot_pain"),
    ],
)
def test_a_site_with_its_own_pain_word_still_hurts(statuses, text: str, site: str) -> None:
    assert statuses(text).get(site) is Status.PRESENT


def test_neck_pain_with_pins_and_needles_in_the_hand_keeps_cervical_radiculopathy(assess) -> None:
    result = assess("Neck pain for 3 weeks with pins and needles in my right hand.")
    assert ranked(result)[0] == "cervical_radiculopathy"


@pytest.mark.parametrize(
    "text", ["Back pain. I gave her my dog.", "My back pain is bad and I told her I can't work."]
)
def test_a_pronoun_for_someone_else_is_not_the_patients_sex(assessor, text: str) -> None:
    assert assessor.reader.read(text).sex is None


@pytest.mark.parametrize(
    "text",
    ["I saw her today for back pain. She is 70.", "I examined her back; my impression is facet pain."],
)
def test_a_clinicians_her_is_the_patients(assessor, text: str) -> None:
    assert assessor.reader.read(text).sex == "female"


def test_a_patient_who_says_she_is_a_woman_is_female(assessor) -> None:
    text = "I am a 60 year old woman with back pain; my husband says he is worried."
    assert assessor.reader.read(text).sex == "female"


# ---------------------------------------------------------------- 5. radicular signs count as leg involvement
@pytest.mark.parametrize(
    "text",
    [
        "Low back pain, positive SLR on the left at 40 degrees, numbness over the dorsum of the left foot.",
        "Lower back pain. SLR positive on the right at 30 degrees, numbness over the dorsum of his right foot.",
    ],
)
def test_slr_with_a_dermatomal_change_leads_with_radiculopathy(assess, text: str) -> None:
    result = assess(text)
    first, second = result["differential"][0], result["differential"][1]
    assert first["condition"] == "lumbar_radiculopathy"
    assert first["probability"] >= 0.3
    assert first["probability"] >= 2 * second["probability"]
    assert not any(c["finding"] == "region_mismatch" for c in first["explain"])


def test_low_back_pain_alone_keeps_its_region_mismatch_for_radiculopathy(assessor) -> None:
    from painpath.domain.engine import condition_posteriors, facts_from, with_derived_findings

    story = with_derived_findings(assessor.kb, assessor.enrich(assessor.reader.read("Low back pain for 3 months.")))
    entries = {e.condition: e for e, _ in condition_posteriors(assessor.kb, facts_from(assessor.kb, story))}
    assert any(c.finding == "region_mismatch" for c in entries["lumbar_radiculopathy"].contributions)


# ---------------------------------------------------------------- 6. helper findings are not listed
@pytest.mark.parametrize("text", ["Low back pain for 3 months.", "Knee pain on stairs."])
def test_helper_findings_are_not_listed(assess, statuses, text: str) -> None:
    assert statuses(text).get("pain_site_named") is Status.PRESENT  # still read and reasoned with
    listed = {f["id"] for f in assess(text)["findings"]}
    assert "pain_site_named" not in listed
    assert "painful_joint_any" not in listed


def test_a_real_derived_finding_is_still_listed(assess) -> None:
    listed = {f["id"] for f in assess("Knee pain on stairs.")["findings"]}
    assert "joint_pain_without_spinal_pain" in listed
