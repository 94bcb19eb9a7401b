"""Round 38 (fix38c, clinicians' notes): the patterns behind the round's misses, in our own words.

- a belt taken in with a diet denied ("not dieting") is weight lost; one taken in on a diet is not;
- the worst time told as a small-hours clock hour without "at" ("worst 2-3am"), and lying flat or still that does not
  ease the pain, are night or rest pain; an afternoon or a morning hour is not;
- "no mechanical pattern" found on examination is a non-mechanical pain;
- a weakness "which recovered completely" is past; one weaker again is not;
- an old event's "no recurrence since" keeps a past headache in the history;
- an injection dated a year or more back with its reason is history; "still" keeps the complaint;
- "never really present" denies the item before it.
"""

from __future__ import annotations

import pytest

from tests.conftest import absent, flags, level, present, ranked


@pytest.mark.parametrize(
    "text",
    [
        "71M, thoracic back pain for 6 weeks. His belt has gone in three notches since the summer, he isn't dieting.",
        "68F, upper back pain 2 months. Belts taken in two notches this autumn, not on a diet. Smoker.",
    ],
)
def test_a_belt_taken_in_with_a_diet_denied_is_weight_loss(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "weight_loss")
    assert "spinal_malignancy" in flags(result)


@pytest.mark.parametrize(
    "text",
    [
        "71M, thoracic back pain for 6 weeks. Belt gone in two notches since starting a diet in the spring.",
        "68F, upper back pain 2 months. Her belts have gone in two notches since joining slimming world.",
    ],
)
def test_a_belt_taken_in_on_a_diet_is_not_weight_loss(assess, text: str) -> None:
    result = assess(text)
    assert not present(result, "weight_loss")
    assert "spinal_malignancy" not in flags(result)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("70F, mid back pain 5 weeks, at its worst 2-3am most nights.", "2-3am"),
        ("64M, thoracic pain, severe around 4am, has to get up and walk about.", "4am"),
        ("64M, thoracic pain for a month. Lying still doesn't help it.", "Lying still"),
        ("70F, mid back pain 5 weeks; lying flat does not ease the ache.", "lying flat"),
    ],
)
def test_a_small_hours_clock_time_or_rest_that_does_not_ease_is_night_pain(assess, text: str, words: str) -> None:
    result = assess(text)
    assert any(f["id"] == "night_pain" and f["status"] == "present" for f in result["findings"]), words


@pytest.mark.parametrize(
    "text",
    [
        "64M, low back pain, worst 3-4pm after a shift.",
        "64M, low back pain, worst at 7am on getting up, loosens in half an hour.",
        "64M, low back pain, lying flat eases it.",
    ],
)
def test_an_afternoon_or_morning_hour_or_eased_by_lying_is_not_night_pain(assess, text: str) -> None:
    assert not present(assess(text), "night_pain")


@pytest.mark.parametrize(
    "text",
    [
        "69M, mid back pain 6 weeks. No clear mechanical pattern on assessment.",
        "Physio: 72F, thoracic pain. No mechanical pattern found with repeated movements.",
    ],
)
def test_no_mechanical_pattern_is_non_mechanical_pain(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "non_mechanical_pain")
    assert "spinal_malignancy" in flags(result)


def test_a_clear_mechanical_pattern_is_not_non_mechanical(assess) -> None:
    result = assess("69M, low back pain 6 weeks. Clear mechanical pattern, worse bending, eased by extension.")
    assert not present(result, "non_mechanical_pain")


@pytest.mark.parametrize(
    "text",
    [
        "58F. After her discectomy she had right foot weakness, which fully recovered within weeks. Now back ache 6/10, "
        "walks 2 miles, bladder and bowels normal.",
        "60M. Post-operatively he had left big toe extension weakness which then recovered completely. Now low back "
        "ache 5/10 daily, bladder and bowels normal.",
    ],
)
def test_a_weakness_which_recovered_completely_is_past(assess, text: str) -> None:
    assert level(assess(text)) == "routine"


def test_a_recovered_weakness_that_is_weaker_again_stays_urgent(assess) -> None:
    result = assess(
        "58F. After her discectomy she had right foot weakness which recovered completely but is weaker again this "
        "week. Back ache."
    )
    assert level(result) in {"urgent", "emergency"}


@pytest.mark.parametrize(
    "text",
    [
        "34F migraine with aura, 3 attacks a month, throbbing, photophobia. Background: 5 years ago a sudden severe "
        "headache on exertion, CT normal, diagnosed as exertional headache, no further episodes since.",
        "41F. Menstrual migraine without aura, throbbing, nausea, 2 a month. PMHx: in 2017 a sudden headache at the "
        "gym, scans normal, labelled a benign exertional headache, not recurred since.",
    ],
)
def test_no_recurrence_since_keeps_an_old_headache_in_the_history(assess, text: str) -> None:
    result = assess(text)
    assert level(result) in {"routine", "soon"}
    assert "thunderclap_headache" not in flags(result)


def test_an_old_exertional_headache_that_goes_on_is_the_complaint(assess) -> None:
    result = assess(
        "34F migraine with aura, throbbing, photophobia. Background: 5 years ago a sudden severe headache on exertion, "
        "CT normal, exertional headache, headaches on exertion ever since."
    )
    assert level(result) in {"urgent", "emergency"}


@pytest.mark.parametrize(
    "text",
    [
        "30F. R buttock pain below the PSIS, worse on stairs. Transforaminal epidural 2 years ago for sciatica - did "
        "nothing. Thigh thrust +, compression +, distraction +.",
        "45M. Right buttock ache over the sacroiliac joint. One L5 nerve root block last year for sciatica, no help. "
        "Thigh thrust +, compression +, distraction +.",
    ],
)
def test_an_old_injection_with_its_reason_is_history(assess, text: str) -> None:
    result = assess(text)
    assert level(result) == "routine"
    assert ranked(result)[0] == "sacroiliac_joint_pain"


def test_an_old_injection_with_the_pain_still_there_is_the_complaint(assess) -> None:
    result = assess("30F. L5 epidural last year for sciatica, still shooting pain down the left leg to the foot.")
    assert level(result) in {"soon", "urgent", "emergency"}


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("30F buttock pain. Leg pain never present.", "leg_pain"),
        ("52M neck ache. Arm numbness not really present.", "numbness"),
    ],
)
def test_never_really_present_denies_the_item(assess, text: str, finding: str) -> None:
    result = assess(text)
    assert absent(result, finding)
    assert not present(result, finding)


def test_a_present_item_before_another_clause_is_kept(assess) -> None:
    result = assess("52M neck ache and numbness in the left arm, while weakness was never really present.")
    assert present(result, "numbness")
