"""Reading, round 27 (rank27b): the patterns behind the lead's own probes, each in our own words with a twin that
must go the other way. A side word belongs to the site it is told of; lay words for the low back; a birth told with
a subject; a rash told in the painful place; the length of one episode is not the complaint's; night waking and
inflammatory back pain. None of the probes' text is here or in the knowledge base."""

from __future__ import annotations

from typing import Any

import pytest

from painpath.domain.model import Status
from tests.conftest import ranked


@pytest.fixture(scope="session")
def values(assessor: Any) -> Any:
    """The note's measured values as the reader gives them."""

    def run(text: str) -> dict[str, float]:
        return dict(assessor.reader.read(text).values)

    return run


# --------------------------------------------------- a side word belongs to the site it is told of


def test_one_side_of_the_low_back_is_no_one_sided_headache(assess, statuses) -> None:
    text = "The ache sits low in my back on one side and it catches when I turn over at night or climb out of a chair."
    assert statuses(text).get("unilateral_head_pain") is not Status.PRESENT
    assert "migraine" not in ranked(assess(text))[:3]


def test_one_side_of_the_neck_is_no_one_sided_headache(statuses) -> None:
    text = "My neck hurts on one side whenever I look over my shoulder to reverse the car."
    assert statuses(text).get("unilateral_head_pain") is not Status.PRESENT


def test_a_side_with_no_site_named_anywhere_is_no_headache(statuses) -> None:
    assert statuses("It is always on one side and burns when I sit for long.").get("unilateral_head_pain") is not (
        Status.PRESENT
    )


def test_one_side_told_of_headaches_stays_a_one_sided_headache(assess, statuses) -> None:
    """The twin: the side is the headache's, in its sentence or the one before."""
    text = "These headaches come about once a month, always one side, pounding, and I have to be sick."
    assert statuses(text).get("unilateral_head_pain") is Status.PRESENT
    assert ranked(assess(text))[0] == "migraine"
    earlier = "I've had bad headaches since I was at school. On one side, they throb and I feel sick."
    assert statuses(earlier).get("unilateral_head_pain") is Status.PRESENT


# --------------------------------------------------- the low back in lay site words


def test_the_bottom_of_the_back_and_above_the_bottom_are_the_low_back(statuses) -> None:
    assert statuses("It's sore right at the bottom of my back when I bend to the dishwasher.").get(
        "low_back_pain"
    ) is Status.PRESENT
    assert statuses("There's a nagging ache just above my backside that's been there since spring.").get(
        "low_back_pain"
    ) is Status.PRESENT


def test_the_base_of_the_skull_is_not_the_low_back(statuses) -> None:
    found = statuses("A dull ache at the base of my skull most afternoons.")
    assert found.get("low_back_pain") is not Status.PRESENT
    assert found.get("occipital_pain") is Status.PRESENT


def test_the_sacral_base_to_one_side_after_a_birth_is_sacroiliac(assess, statuses) -> None:
    text = (
        "Since I delivered my son in the summer I've had a pain at the bottom of my back on the left side, worst "
        "turning in bed and stepping up onto a bus."
    )
    found = statuses(text)
    assert found.get("pregnancy_postpartum") is Status.PRESENT
    assert found.get("pain_below_psis") is Status.PRESENT
    assert ranked(assess(text))[0] == "sacroiliac_joint_pain"


# --------------------------------------------------- a birth told with a subject


def test_a_birth_told_with_its_subject_is_postpartum(statuses) -> None:
    assert statuses("My back has ached ever since I had the twins.").get("pregnancy_postpartum") is Status.PRESENT
    assert statuses("Her hip started after she had her baby.").get("pregnancy_postpartum") is Status.PRESENT


def test_a_birth_dated_years_back_is_not_postpartum(statuses) -> None:
    text = "My back has ached since I had my daughter, and that was nineteen years ago."
    assert statuses(text).get("pregnancy_postpartum") is not Status.PRESENT


# --------------------------------------------------- a rash told in the painful place is zoster there


def test_blisters_in_the_same_spot_as_a_burning_chest_are_zoster(assess, statuses) -> None:
    text = "Stinging pain across the left side of my chest, I had blisters in the same spot back in August."
    assert statuses(text).get("dermatomal_rash_history") is Status.PRESENT
    assert ranked(assess(text))[0] == "postherpetic_neuralgia"


def test_a_burning_strip_round_the_waist_since_a_rash_is_zoster(assess, statuses) -> None:
    text = "There's a strip of burning round my waist on the right, it has been there since the spots in the spring."
    assert statuses(text).get("dermatomal_rash_history") is Status.PRESENT
    assert "postherpetic_neuralgia" in ranked(assess(text))[:3]


def test_a_rash_elsewhere_or_with_another_cause_is_no_zoster(assess, statuses) -> None:
    """The twins: a heat rash on another part, and a rash in the painful place put down to a soap."""
    elsewhere = "I had a heat rash on my neck on holiday and now my lower back aches when I garden."
    assert statuses(elsewhere).get("dermatomal_rash_history") is not Status.PRESENT
    assert "postherpetic_neuralgia" not in ranked(assess(elsewhere))[:3]
    soap = "My lower back aches and I've got a rash there from the new shower soap."
    assert statuses(soap).get("dermatomal_rash_history") is not Status.PRESENT


# --------------------------------------------------- the length of one episode is not the complaint's


def test_morning_stiffness_length_is_not_the_complaint_duration(values) -> None:
    assert "duration_days" not in values("Ache in my lower back, stiff for about two hours when I wake, eases by lunch.")
    assert "duration_days" not in values("Migraines that go on for three days each time, worse with light.")


def test_the_complaint_duration_beside_a_stiffness_length_is_kept(values) -> None:
    """The twin: the complaint's own length still counts, and a stiffness of months is the complaint's."""
    found = values("My lower back has ached for three months and is stiff for an hour each morning.")
    assert found.get("duration_days") == pytest.approx(91.3, abs=1.0)
    assert values("Back pain for six weeks and it is stiff for 20 minutes at a time.").get("duration_days") == 42.0


# --------------------------------------------------- waking in the second half of the night


def test_woken_in_the_early_hours_is_night_pain(statuses) -> None:
    assert statuses("My back is fine by day but the ache wakes me in the early hours.").get("night_pain") is (
        Status.PRESENT
    )
    assert statuses("Low back pain that wakes him around 4am most nights.").get("night_pain") is Status.PRESENT


def test_an_alarm_waking_for_a_shift_is_no_night_pain(statuses) -> None:
    text = "My alarm wakes me at 5am for the early shift and my back aches by the afternoon."
    assert statuses(text).get("night_pain") is not Status.PRESENT


# --------------------------------------------------- inflammatory back pain in a young adult


def test_young_inflammatory_back_pain_raises_sacroiliitis(assess, statuses) -> None:
    text = (
        "I'm 24. My lower back is stiff for hours every morning, it eases when I go for a run, and the ache wakes "
        "me in the early hours."
    )
    assert statuses(text).get("inflammatory_back_pain") is Status.PRESENT
    order = ranked(assess(text))
    assert "sacroiliac_joint_pain" in order[:3]
    assert order[0] != "lumbar_facet_pain"  # long stiffness is not the brief stiffness of a worn facet joint


def test_the_same_features_at_sixty_eight_are_not_inflammatory_back_pain(statuses) -> None:
    text = (
        "I'm 68. My lower back is stiff for hours every morning, it eases when I go for a walk, and the ache wakes "
        "me in the early hours."
    )
    assert statuses(text).get("inflammatory_back_pain") is not Status.PRESENT


# --------------------------------------------------- episodes counted without a site belong to the nearest site


def test_back_flares_counted_or_timed_are_no_headache_attacks(statuses) -> None:
    assert statuses("My lower back flares up twice a month and each flare is lasting 3 days.").get(
        "recurrent_episodic_headache"
    ) is not Status.PRESENT
    assert statuses("The knee swells once a week after football.").get("recurrent_episodic_headache") is not (
        Status.PRESENT
    )


def test_attacks_counted_beside_the_head_or_with_no_site_stay_headache_attacks(statuses) -> None:
    """The twin: a count told of headaches, or of attacks with no site named anywhere, keeps its reading."""
    assert statuses("Pounding headaches, three times a month, with sickness.").get(
        "recurrent_episodic_headache"
    ) is Status.PRESENT
    assert statuses("I get attacks twice a month with vomiting and I can't bear the light.").get(
        "recurrent_episodic_headache"
    ) is Status.PRESENT


# --------------------------------------------------- pain behind an eye is head pain; stiffness told by its length


def test_pain_behind_an_eye_is_head_pain_and_carries_its_side(statuses) -> None:
    found = statuses("A boring pain behind my left eye, one side only, in bouts most evenings.")
    assert found.get("head_pain") is Status.PRESENT
    assert found.get("unilateral_head_pain") is Status.PRESENT
    assert statuses("Around my right eye it throbs and aches by the evening.").get("head_pain") is Status.PRESENT


def test_an_eye_test_is_no_head_pain(statuses) -> None:
    assert statuses("My knee hurts; the optician checked behind my eyes last week.").get("head_pain") is not (
        Status.PRESENT
    )


def test_stiffness_told_with_an_hour_or_more_is_prolonged(statuses) -> None:
    assert statuses("My back stiffness takes a good hour to wear off after I get up.").get(
        "prolonged_morning_stiffness"
    ) is Status.PRESENT
    assert statuses("Stiff for three hours every morning in my lower back.").get(
        "prolonged_morning_stiffness"
    ) is Status.PRESENT


def test_stiffness_of_minutes_is_not_prolonged(statuses) -> None:
    assert statuses("My knee is stiff for 10 minutes when I get up.").get("prolonged_morning_stiffness") is not (
        Status.PRESENT
    )


# --------------------------------------------------- one side of the bottom, a back that flares


def test_one_side_of_the_bottom_is_the_buttock(statuses) -> None:
    assert statuses("An ache on the right side of my backside when I drive.").get("buttock_pain") is Status.PRESENT
    assert statuses("My left bum cheek throbs after a long walk.").get("buttock_pain") is Status.PRESENT


def test_a_bottom_lip_or_the_bottom_of_a_foot_is_no_buttock(statuses) -> None:
    assert statuses("A sore on my left bottom lip and pain at the bottom of my foot.").get("buttock_pain") is not (
        Status.PRESENT
    )


def test_a_back_that_flares_takes_the_count_from_the_headaches(statuses) -> None:
    found = statuses("My back plays up every winter and my lower back flares once a month.")
    assert found.get("low_back_pain") is Status.PRESENT
    assert found.get("recurrent_episodic_headache") is not Status.PRESENT
