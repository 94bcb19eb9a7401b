"""Round 30 (held out, outside reviewer): false alarms and a ranking, each as a pattern in our own words.

- a deficit that improved, or never fully recovered, and two findings "both unchanged" read as progressive;
  "avoid escalating opioids" read as escalating pain; "a non-smoker" read as a smoker; "post-operative changes" on
  imaging read as a recent operation;
- "negative Hoffmann sign" (the word before the sign) read as a positive upper motor neuron sign;
- "Ex-IVDU, abstinent 10 yrs" (no "for") not read as a remote stop; "former injector" not read at all;
- "irritable bowel symptoms" read as a bowel change (cauda equina) and as low mood;
- "+ve Hawkins & Jobe" not read, and a 4+/5 cuff strength with cuff signs read as a new motor deficit;
- an occipital neuralgia told without articles ("back of head", "comb hair ... it start") not read, and a typical
  one after 50 with normal inflammatory bloods triaged same-day.
No dates in the notes, so the tests pass on any date.
"""

from __future__ import annotations

import pytest

from painpath.domain.model import Status
from tests.conftest import flags, ranked


def _level(result: dict) -> str:
    return str(result["triage"]["level"])


# ---------------------------------------------------------------- a residual deficit is not a progressive one
@pytest.mark.parametrize(
    "text",
    [
        "Back and leg pain for 3 years. His foot drop got better after the discectomy but never recovered fully, and "
        "he wears a splint.",
        "Low back pain for 4 years. The left foot drop has partially recovered since the operation and she walks "
        "with a brace.",
        "Leg pain for 2 years. Left EHL 4/5 and numbness over the big toe on the left, and both have remained "
        "unchanged at every review.",
    ],
)
def test_residual_deficit_is_not_progressive(assess, text: str) -> None:
    result = assess(text)
    assert "progressive_neurologic_deficit" not in flags(result)
    assert _level(result) == "routine"


@pytest.mark.parametrize(
    "text",
    [
        "Back pain for 2 years. The foot drop improved after the operation but has got worse again this week.",
        "Back pain for 2 years. Her foot drop never fully recovered and is getting worse.",
    ],
)
def test_deficit_improved_then_worse_still_flags(assess, text: str) -> None:
    assert "progressive_neurologic_deficit" in flags(assess(text))


# ---------------------------------------------------------------- a dose escalating is not the pain
@pytest.mark.parametrize(
    "text",
    [
        "Low back pain for 3 years after a fusion. She is on tramadol and does not want escalating doses of opioids.",
        "Chronic neck pain for 4 years; the GP has been escalating his morphine over the last year without benefit.",
    ],
)
def test_escalating_medication_is_not_escalating_pain(statuses, text: str) -> None:
    assert statuses(text).get("escalating_pain") is not Status.PRESENT


def test_escalating_pain_still_read(statuses) -> None:
    assert statuses("Low back pain for 3 years, now escalating over the past week.").get(
        "escalating_pain") is Status.PRESENT


# ---------------------------------------------------------------- non-smoker; post-operative changes on a scan
@pytest.mark.parametrize("text", ["Neck pain 2 years. Non-smoker, drinks socially.",
                                  "Back pain 1 year. He is fit, a non-smoker and walks daily."])
def test_non_smoker_is_not_a_smoker(statuses, text: str) -> None:
    assert statuses(text).get("smoker") is not Status.PRESENT


def test_smoker_still_read(statuses) -> None:
    assert statuses("Back pain 1 year. Smoker, 20 a day.").get("smoker") is Status.PRESENT


@pytest.mark.parametrize(
    "text",
    [
        "Leg pain since a laminectomy years ago. MRI: post-operative changes at L5/S1, no recurrent disc.",
        "Back pain for 5 years after a fusion; the scan shows post-op changes only.",
    ],
)
def test_postoperative_changes_on_imaging_are_not_recent_surgery(statuses, text: str) -> None:
    found = statuses(text)
    assert found.get("recent_surgery") is not Status.PRESENT
    assert found.get("imaging_scar_no_recurrence") is Status.PRESENT


def test_postoperative_pain_still_recent(statuses) -> None:
    assert statuses("Wound pain 5 days post-operative after a hernia repair.").get("recent_surgery") is Status.PRESENT


# ---------------------------------------------------------------- "negative Hoffmann sign"
@pytest.mark.parametrize(
    "text",
    [
        "Numb burning feet for 3 years in a diabetic; arm reflexes normal, negative Hoffmann sign, Romberg positive.",
        "Neck ache 1 year. Exam: negative Babinski bilaterally, power full, reflexes symmetrical.",
    ],
)
def test_negative_before_the_sign_denies_it(assess, statuses, text: str) -> None:
    assert statuses(text).get("upper_motor_neuron_signs") is not Status.PRESENT
    assert "cervical_myelopathy" not in flags(assess(text))


def test_negative_one_side_positive_other_still_flags(assess) -> None:
    result = assess("Neck pain for a year. Exam: negative Hoffmann sign on the left, positive on the right.")
    assert "cervical_myelopathy" in flags(result)


# ---------------------------------------------------------------- ex-IVDU abstinent N yrs
@pytest.mark.parametrize(
    "text",
    [
        "52F. Former injector, abstinent from heroin 8 years. Apyrexial. Mechanical low back pain 1 yr, worse "
        "extension, no leg pain.",
        "40M. Ex-IVDU, clean 6 yrs. Low back pain 3 years, worse standing, better sitting.",
    ],
)
def test_injecting_stopped_years_ago_shorthand(assess, text: str) -> None:
    result = assess(text)
    assert "spinal_infection" not in flags(result)


@pytest.mark.parametrize(
    "text",
    [
        "40M. Ex-IVDU, abstinent 6 months. Low back pain 3 years, worse standing, better sitting.",
        "45M. Former injector. Low back pain 2 years, worse standing.",
        "40M. Ex-IVDU, clean 6 yrs but relapsed last month. Low back pain 3 years, worse standing.",
    ],
)
def test_injecting_not_remote_still_flags(assess, text: str) -> None:
    assert "spinal_infection" in flags(assess(text))


# ---------------------------------------------------------------- irritable bowel is not a bowel change
@pytest.mark.parametrize(
    "text",
    [
        "Widespread aches and tiredness for 3 years; also irritable bowel problems on and off, and low back ache "
        "radiating to her thighs.",
        "Pain all over for two years with poor sleep. Known irritable bowel syndrome. Low back pain down into both "
        "thighs at times.",
    ],
)
def test_irritable_bowel_is_not_a_sphincter_change(assess, statuses, text: str) -> None:
    assert "cauda_equina_syndrome" not in flags(assess(text))
    found = statuses(text)
    assert found.get("bladder_bowel_change") is not Status.PRESENT
    assert found.get("low_mood") is not Status.PRESENT


def test_new_bowel_symptoms_still_flag(assess) -> None:
    result = assess("Low back pain radiating to both thighs for 3 days, and new bowel symptoms since yesterday.")
    assert "cauda_equina_syndrome" in flags(result)


# ---------------------------------------------------------------- a painful cuff's 4+/5
@pytest.mark.parametrize(
    "text",
    [
        "Physio note. 48F, painter. R shoulder pain 2 months reaching up to shelves, painful arc, pos Neer and Hawkins, "
        "abduction 4+/5. Neck full ROM, Spurling neg.",
        "61M, tiler. Left shoulder ache 8 weeks with overhead work, painful arc 60-110, positive empty can and Hawkins, "
        "supraspinatus 4+/5. C-spine clear, Spurling negative.",
    ],
)
def test_cuff_weakness_with_cuff_signs_is_not_new_motor_deficit(assess, statuses, text: str) -> None:
    assert statuses(text).get("impingement_signs") is Status.PRESENT
    assert _level(assess(text)) == "routine"


def test_cuff_weakness_with_numbness_still_urgent(assess) -> None:
    result = assess("61M, tiler. Left shoulder ache 8 weeks with overhead work, painful arc 60-110, positive empty can "
                    "and Hawkins, supraspinatus 4+/5, numbness in the thumb and index finger. C-spine clear, Spurling "
                    "negative.")
    assert _level(result) == "urgent"


# ---------------------------------------------------------------- occipital neuralgia told plainly
@pytest.mark.parametrize(
    "text",
    [
        "I am 70. For 6 weeks I get quick zaps like electricity at the back of my head on the right, from the neck up "
        "to the top of the head. When I brush my hair it starts. My GP did blood tests and they came back fine. No "
        "problem with eyes or chewing.",
        "Age 68. One month of pain back of head right side like electric shock, few seconds many times. When he lie "
        "on pillow it start. Blood test was normal.",
    ],
)
def test_occipital_neuralgia_after_50_read_and_soon(assess, text: str) -> None:
    result = assess(text)
    assert ranked(result)[0] == "occipital_neuralgia"
    assert _level(result) == "soon"


def test_occipital_neuralgia_without_bloods_stays_urgent(assess) -> None:
    result = assess("I am 70. For 6 weeks I get quick zaps like electricity at the back of my head on the right. "
                    "When I brush my hair it starts.")
    assert _level(result) == "urgent"


@pytest.mark.parametrize(
    "text",
    [
        "Chronic neck pain for 5 years; he feels hopeless, nothing has improved.",
        "Back pain 3 years. He says life is not worth living, though his sleep has improved.",
    ],
)
def test_improvement_of_something_else_does_not_settle_suicide_risk(assess, text: str) -> None:
    assert "suicide_risk" in flags(assess(text))
