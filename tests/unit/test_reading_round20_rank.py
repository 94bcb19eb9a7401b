"""Reading, round 20 (issue 10), the ranking half: patterns behind a blind reviewer's leading-diagnosis misses, each
in our own words with a twin that must go the other way. The reviewer's notes are only measured
(../review/round20_*.yaml)."""

from __future__ import annotations

from painpath.domain.model import Status
from painpath.narrative.values import extract_values
from tests.conftest import ranked

# ------------------------------------------------------------------------ the endplate, the disc, or neither


def test_axial_pain_with_a_modic_endplate_change_is_vertebrogenic_first(assess) -> None:
    result = assess(
        "Bus driver aged 52, eighteen months of central low back ache, worse sitting at the wheel and worse bending, "
        "nothing in the legs. Failed 6 months of physiotherapy. MRI: Modic type 1 change at the L5 and S1 endplates "
        "with disc degeneration, no stenosis."
    )
    assert ranked(result)[0] == "vertebrogenic_pain"
    assert "lumbar_discogenic_pain" in ranked(result)[:3]


def test_the_same_axial_pain_with_a_degenerate_disc_and_no_endplate_change_is_discogenic(assess) -> None:
    """The twin: no Modic change, so the vertebrogenic source is not in view and the disc leads."""
    result = assess(
        "Bus driver aged 52, eighteen months of central low back ache, worse sitting at the wheel and worse bending, "
        "nothing in the legs. Failed 6 months of physiotherapy. MRI: disc degeneration at L5-S1, no stenosis."
    )
    assert ranked(result)[0] == "lumbar_discogenic_pain"
    assert "vertebrogenic_pain" not in ranked(result)[:3]


def test_sitting_intolerance_with_an_annular_high_intensity_zone_is_discogenic(assess) -> None:
    result = assess(
        "Nurse, 29, a year of central low back pain since moving a patient. It worsens after half an hour of sitting "
        "and when she bends forward to make beds; walking eases it. No leg symptoms, neurology normal. MRI: posterior "
        "annular high-intensity zone at L4-5, disc height preserved, no endplate change."
    )
    assert ranked(result)[0] == "lumbar_discogenic_pain"


def test_worsens_and_bend_over_are_read_as_the_aggravating_movements(statuses) -> None:
    found = statuses("My low back worsens after sitting in the van and it's worse when I bend over to tie a lace.")
    assert found.get("worse_sitting") is Status.PRESENT
    assert found.get("worse_flexion") is Status.PRESENT


def test_seasons_counted_back_are_a_duration_but_seasons_worked_are_not() -> None:
    back = extract_values("My back went three winters ago and has never been right.")
    assert [round(d.days) for d in back.durations] == [round(3 * 365.25)]
    farm = extract_values("I did two summers on a building site as a student.")
    assert farm.durations == []


# ------------------------------------------------------------------------ which joint, which knee


def test_a_replaced_knee_stated_pain_free_leaves_the_other_knees_osteoarthritis(assess) -> None:
    result = assess(
        "Mr Hughes, 77. Right knee replaced in 2018, no pain from it now. The left knee aches going downstairs and "
        "after gardening, stiff for ten minutes in the morning. Exam: left knee crepitus, bony swelling, varus. "
        "X-ray: medial joint space narrowing with osteophytes."
    )
    assert ranked(result)[0] == "knee_osteoarthritis"


def test_pain_in_the_replaced_knee_itself_is_not_knee_osteoarthritis(assess) -> None:
    """The twin: the replaced knee is the one that hurts."""
    result = assess(
        "Mr Hughes, 77. Right knee replaced in 2018 and the right knee still aches going downstairs, stiff for ten "
        "minutes in the morning."
    )
    assert ranked(result)[0] != "knee_osteoarthritis"


def test_groin_pain_into_the_front_of_the_thigh_with_trouble_getting_shoes_on_is_the_hip(assess, statuses) -> None:
    text = (
        "I'm 74. Ache in the left groin when I walk the dog, going on eighteen months, now and then it gets into the "
        "front of the thigh. It's a real struggle to get my shoes on and I can't cut my own toenails any more."
    )
    found = statuses(text)
    assert found.get("radicular_leg_pain") is not Status.PRESENT
    assert found.get("difficulty_shoes_socks") is Status.PRESENT
    assert ranked(assess(text))[0] == "hip_osteoarthritis"


def test_a_pain_going_down_into_the_calf_is_still_radicular(statuses) -> None:
    """The twin of "going on eighteen months": "going" that is a pain spreading still reads as radiating."""
    assert statuses("Pain in my buttock going down into the calf.").get("radicular_leg_pain") is Status.PRESENT


def test_never_below_the_knees_is_no_pain_below_the_knee_and_no_knee_complaint(statuses) -> None:
    found = statuses("Back ache spreading into the backs of both thighs but never below the knees.")
    assert found.get("pain_to_knee") is Status.PRESENT
    assert found.get("pain_below_knee") is not Status.PRESENT
    assert found.get("knee_pain") is not Status.PRESENT


# ------------------------------------------------------------------------ which operation, and when


def test_a_burning_scar_months_after_a_groin_operation_is_post_surgical_not_a_root(assess) -> None:
    result = assess(
        "Five months after an open left hernia repair the scar still burns and now and then the pain shoots into "
        "the top of my left thigh. No bulge, no fever. Age 38."
    )
    assert ranked(result)[0] == "postoperative_pain"


def test_back_and_leg_pain_after_a_spine_operation_dated_last_year_is_not_acute_postoperative(assess) -> None:
    result = assess(
        "I had a microdiscectomy at L5/S1 in October last year. The back ache and the sciatica down my right leg "
        "never went after surgery and the calf is still numb."
    )
    assert ranked(result)[0] in {"persistent_spinal_pain_after_surgery", "lumbar_radiculopathy"}
    assert ranked(result)[0] != "postoperative_pain"


def test_pain_days_after_an_operation_is_still_postoperative(assess) -> None:
    """The twin: an operation days ago is recent."""
    result = assess("Sore wound and pain along the incision 4 days after a laparoscopic hernia repair.")
    assert ranked(result)[0] == "postoperative_pain"


# ------------------------------------------------------------------------ walking limits and acute bilateral legs


def test_a_walking_limit_is_not_a_denial_of_what_follows(statuses) -> None:
    found = statuses("I can't get to the end of the road without a rest, after a few minutes my legs go heavy.")
    assert found.get("leg_pain") is Status.PRESENT
    assert found.get("bilateral_leg_symptoms") is not Status.ABSENT


def test_a_walk_without_stopping_then_a_denial_is_still_a_denial(statuses) -> None:
    """The twin: the walking limit does not cancel a denial that follows it."""
    found = statuses("He can walk to the shops without stopping. No leg pain or numbness.")
    assert found.get("leg_pain") is Status.ABSENT


def test_sciatica_of_a_few_weeks_spreading_to_both_legs_ranks_the_root_before_stenosis(assess) -> None:
    result = assess(
        "Man of 57. Right sciatica for two weeks after lifting a paving slab; since this morning tingling in both "
        "legs as well."
    )
    assert ranked(result)[0] == "lumbar_radiculopathy"


def test_years_of_both_legs_heavy_on_walking_in_an_older_man_is_stenosis(assess) -> None:
    """The twin: the same legs, but chronic, in an older man, eased by sitting: stenosis."""
    result = assess(
        "Man of 78. For two years both legs go heavy and tingle after ten minutes of walking; he sits down and it "
        "passes."
    )
    assert ranked(result)[0] == "lumbar_spinal_stenosis"


def test_groin_pain_since_a_hernia_repair_months_ago_radiating_into_the_thigh_is_post_surgical(assess) -> None:
    """'Since the operation' with the operation dated months back: the pain began with it (chronic post-surgical
    pain), and a pain spreading from the groin into the inner thigh is not a root's."""
    result = assess(
        "Seen 7 months after a laparoscopic mesh repair of a left inguinal hernia. Since the operation a burning pain "
        "in the left groin radiating into the inner thigh, worse when he walks far. Scar healed, no recurrence."
    )
    assert ranked(result)[0] == "postoperative_pain"
    assert ranked(result)[0] != "lumbar_radiculopathy"
