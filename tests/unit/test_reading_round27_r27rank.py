"""Reading, round 27, the ranking half: the patterns behind leading-diagnosis misses (a thunderclap simile read as a
blow to the head, "w/o" not negating, weak pulses read as weak muscles, a pulsatile mass read as a tumour, a quoted
word that kept its body part as a pain, compact and weekday durations, a new spread to both legs weighed as chronic
stenosis) and "a stiff back" as back pain. Each in our own words, with a twin that must go the other way. The
reviewers' notes are held out: none of their text is here or in the knowledge base."""

from __future__ import annotations

from painpath.domain.model import Status
from painpath.narrative.pipeline import read_text
from tests.conftest import flags, ranked

# --------------------------------------- a simile of onset is no blow to the back of the head


def test_headache_likened_to_a_cosh_on_the_back_of_the_head_is_no_injury(statuses) -> None:
    found = statuses(
        "Known migraineur. Pain exploded at the back of my skull while I was lifting, like being hit on the back of "
        "the head with a plank, full force in a second."
    )
    assert found.get("blow_to_back_of_head") is not Status.PRESENT
    assert found.get("trauma") is not Status.PRESENT
    assert found.get("worst_ever_headache") is Status.PRESENT


def test_as_if_someone_had_struck_the_back_of_the_head_is_no_head_injury(statuses) -> None:
    found = statuses("The headache arrived as if someone had struck the back of my head, and I was sick twice.")
    assert found.get("head_injury") is not Status.PRESENT
    assert found.get("blow_to_back_of_head") is not Status.PRESENT


def test_a_real_blow_to_the_back_of_the_head_still_counts(statuses) -> None:
    """The twin: no "like" or "as if" - a ball that struck him is an injury."""
    found = statuses("He was struck on the back of the head by a hockey ball on Saturday and now has shooting pains.")
    assert found.get("blow_to_back_of_head") is Status.PRESENT
    assert found.get("trauma") is Status.PRESENT


def test_thunderclap_in_a_migraineur_with_a_stiff_neck_ranks_migraine_above_facet_pain(assess) -> None:
    result = assess(
        "32 year old woman, known migraine without aura. Sudden occipital headache an hour ago while sprinting, "
        "like being smacked on the back of the head with a bat, maximal within seconds; vomited. Neck a bit stiff."
    )
    assert "thunderclap_headache" in flags(result)
    assert ranked(result).index("migraine") < ranked(result).index("cervical_facet_pain")


# --------------------------------------- "w/o" is "without"


def test_w_slash_o_negates_the_word_after_it(statuses) -> None:
    assert statuses("Hx migraine w/o aura, headaches twice a month.").get("aura") is Status.ABSENT
    assert statuses("Occipital headache w/o vomiting since this morning.").get("vomiting") is Status.ABSENT


def test_with_aura_twin_is_present(statuses) -> None:
    assert statuses("Migraine with aura, headaches twice a month.").get("aura") is Status.PRESENT


# --------------------------------------- a weak pulse is the artery's, not the muscles'


def test_weak_pulses_are_no_motor_weakness(statuses) -> None:
    assert statuses("Low back pain since noon. Pedal pulses weak on both sides.").get("motor_weakness") is not Status.PRESENT
    assert statuses("Severe back pain, pale, weak thready pulse.").get("motor_weakness") is not Status.PRESENT


def test_a_weak_leg_beside_weak_pulses_is_still_weakness(statuses) -> None:
    found = statuses("Low back pain since noon. Femoral pulses weak. Right leg weak on hip flexion.")
    assert found.get("motor_weakness") is Status.PRESENT


# --------------------------------------- a pulsatile mass is an aneurysm, not a tumour


def test_pulsatile_mass_is_no_suspected_malignancy(assess, statuses) -> None:
    text = "70 year old smoker, sudden back pain radiating to the abdomen, a pulsating mass palpable near the navel."
    assert statuses(text).get("suspected_malignancy") is not Status.PRESENT
    result = assess(text)
    assert "vascular_emergency" in flags(result)
    assert "spinal_malignancy" not in flags(result)
    assert statuses("Back ache, on exam a palpable expansile mass in the epigastrium.").get(
        "suspected_malignancy"
    ) is not Status.PRESENT


def test_a_hard_palpable_mass_still_suggests_malignancy(statuses) -> None:
    assert statuses("Back pain for a month and a hard mass palpable in the left groin.").get(
        "suspected_malignancy"
    ) is Status.PRESENT


def test_leaking_aneurysm_story_leads_with_acute_back_pain_not_facet_pain(assess) -> None:
    result = assess(
        "68 M, heavy smoker. Abrupt lumbar pain 3h ago tearing into the abdomen, clammy, BP 88/50, pulse 120, "
        "pulsatile abdominal mass, femoral pulses weak."
    )
    assert "vascular_emergency" in flags(result)
    assert ranked(result)[0] != "lumbar_facet_pain"


# --------------------------------------- a quoted word is read as if unquoted


def test_quoted_heavy_legs_are_not_leg_pain(statuses) -> None:
    found = statuses('Mid back ache for a fortnight. Since yesterday his legs feel "heavy" and he stumbled.')
    assert found.get("subjective_leg_weakness") is Status.PRESENT
    assert found.get("leg_pain") is not Status.PRESENT


def test_quoted_back_pain_keeps_its_words(kb) -> None:
    story = read_text(kb, 'She says "my back is killing me" since the move.')
    backs = [o for o in story.observations if o.finding == "low_back_pain"]
    assert backs and backs[0].text == "my back is killing me"


def test_an_unquoted_aching_leg_is_still_leg_pain(statuses) -> None:
    """The twin: a leg named with a pain word is a leg pain."""
    assert statuses("Mid back ache for a fortnight and his legs ache when he walks.").get("leg_pain") is Status.PRESENT


def test_cord_compression_in_a_cancer_patient_leads_with_cancer_pain(assess) -> None:
    result = assess(
        "64 year old man with prostate cancer and spinal metastases. A month of pain girdling the mid chest, worse "
        'on sneezing; since Tuesday his legs are "like jelly". Power 3/5 in both legs, sensory level at T10, '
        "extensor plantars."
    )
    assert ranked(result)[0] == "cancer_pain"


# --------------------------------------- compact and weekday durations


def test_compact_and_weekday_durations_are_read(kb) -> None:
    assert read_text(kb, "Back pain started 3h ago.").values["duration_days"] < 1
    assert read_text(kb, "Back pain x 5d, no leg symptoms.").values["duration_days"] == 5.0
    assert read_text(kb, "My back has been awful since Weds.").values["duration_days"] <= 6


def test_dosing_intervals_and_courses_are_no_duration(kb) -> None:
    values = read_text(kb, "Back pain. Takes oxycodone q6h and finished a 7d course of antibiotics.").values
    assert "duration_days" not in values


# --------------------------------------- both legs of days are not the chronic stenosis syndrome


def test_sciatica_spreading_to_both_legs_this_week_is_not_led_by_stenosis(assess) -> None:
    result = assess("My sciatica was only the right leg but since Thursday it is down both legs and my back is worse.")
    assert ranked(result)[0] != "lumbar_spinal_stenosis"
    result = assess("Back went badly 4 days ago, now both legs ache too, not just the left one.")
    assert ranked(result)[0] != "lumbar_spinal_stenosis"


def test_years_of_both_legs_aching_on_walking_still_lead_with_stenosis(assess) -> None:
    """The twin: the lasting syndrome Suri 2010 measured."""
    result = assess(
        "76 year old, for two years both legs ache and go heavy after walking a few hundred yards, better leaning "
        "on a trolley or sitting down."
    )
    assert ranked(result)[0] == "lumbar_spinal_stenosis"


# --------------------------------------- a stiff back is back pain


def test_a_stiff_back_is_back_pain(statuses) -> None:
    assert statuses("I've had a stiff back for a fortnight, I'm 35.").get("low_back_pain") is Status.PRESENT
    assert statuses("His back feels stiff most days since the move.").get("low_back_pain") is Status.PRESENT


def test_a_joint_that_came_back_stiff_is_no_back_pain(statuses) -> None:
    assert statuses("Her hip came back stiff after the replacement.").get("low_back_pain") is not Status.PRESENT
