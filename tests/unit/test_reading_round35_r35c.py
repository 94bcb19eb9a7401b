"""Round 35 (r35c): the outside reviewer's clinicians' shorthand misses, each as a pattern in our own words.

- a spinal infection after an epidural told as a clinician writes it: the epidural with its level or route and no
  article ("L5/S1 transforaminal epidural 9 days ago"), the back "much worse" with no verb, an injection site that
  is red;
- suicide risk in a telephone message: asking a clinician how many tablets "would be too many" (not a daily dose),
  "there's no point any more", "I'm just a burden to the kids", tablets named and then "keeping them back";
- false alarms: the clinician's own question in a letter ("I asked directly about thoughts of self-harm and she firmly
  denied any"); the reason for an operation dated by month and year ("microdiscectomy Mar 2021 for foot drop");
  "6/12 post-op" or a "post-op scar" on a later scan is not the first weeks after surgery.
"""

from __future__ import annotations

from datetime import date

import pytest

from painpath.domain.model import Status
from tests.conftest import flags, level

YEAR = date.today().year



# ---------------------------------------------------------------- an epidural in a clinician's shorthand
@pytest.mark.parametrize(
    "text",
    [
        "61M on methotrexate. Had L5/S1 transforaminal epidural 9 days ago, since then back aching, shivery last night.",
        "Interlaminar ESI 10 days ago. Now feverish and shaking, T 38.2, back sore around the needle site.",
    ],
)
def test_an_epidural_with_its_level_or_route_is_a_recent_procedure(assess, text: str) -> None:
    result = assess(text)
    assert "spinal_infection" in flags(result)
    assert level(result) in {"urgent", "emergency"}


def test_an_epidural_abscess_on_a_scan_is_no_procedure(statuses) -> None:
    assert statuses("Back pain. Report: L4/5 epidural abscess excluded.").get("recent_spinal_procedure") is not (
        Status.PRESENT
    )


# ---------------------------------------------------------------- the back "worse" with no verb
@pytest.mark.parametrize(
    "text",
    ["Since day 3 back 'far worse than before the op', constant.", "Seen for a smear. Her back much worse this week."],
)
def test_the_back_worse_in_shorthand_is_back_pain(statuses, text: str) -> None:
    assert statuses(text).get("low_back_pain") is Status.PRESENT


@pytest.mark.parametrize("text", ["The pain came back much worse.", "Sciatica came back worse after the op."])
def test_something_that_came_back_worse_is_no_back_pain(statuses, text: str) -> None:
    assert statuses(text).get("low_back_pain") is not Status.PRESENT


# ---------------------------------------------------------------- an injection site that is red
@pytest.mark.parametrize(
    "words", ["Injection site slightly red and warm.", "The puncture site looks red and is weeping a little."]
)
def test_a_red_injection_site_after_a_spinal_procedure_flags(assess, words: str) -> None:
    result = assess(f"Facet injection 8 days ago. {words}")
    assert "spinal_infection" in flags(result)


def test_a_clean_injection_site_raises_nothing(assess) -> None:
    result = assess("Facet injection 8 days ago, back ache as before. Injection site clean, not red.")
    assert "spinal_infection" not in flags(result)


# ---------------------------------------------------------------- asking how many would be too many
@pytest.mark.parametrize(
    "text",
    [
        "Fibromyalgia. Asked the pharmacist how many of her pregabalin would be 'too many'.",
        "Low mood. He wanted to know how much of his oxycodone would be an overdose.",
    ],
)
def test_asking_how_many_would_be_too_many_is_a_method(assess, text: str) -> None:
    result = assess(text)
    assert "suicide_risk" in flags(result)
    assert level(result) == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "Knee pain. Asked how many paracetamol a day would be too many.",
        "Knee pain. Asked how many ibuprofen would be too many with her naproxen.",
    ],
)
def test_a_daily_dose_or_a_mix_is_a_safety_question(assess, text: str) -> None:
    assert "suicide_risk" not in flags(assess(text))


# ---------------------------------------------------------------- hopelessness and a burden
@pytest.mark.parametrize("words", ["there's no point any more", "she said there is no point any more"])
def test_no_point_any_more_is_hopelessness(statuses, words: str) -> None:
    assert statuses(f"Widespread pain. {words}.").get("hopelessness") is Status.PRESENT


@pytest.mark.parametrize("words", ["I'm just a burden to the kids", "She feels she is a burden on her husband"])
def test_being_a_burden_to_the_family_is_a_wish_to_be_dead(assess, words: str) -> None:
    result = assess(f"Back pain for years. {words}.")
    assert "suicide_risk" in flags(result)


@pytest.mark.parametrize(
    "words", ["She doesn't want to be a burden to the kids", "He's a burden to nobody, fiercely independent"]
)
def test_not_wanting_to_be_a_burden_raises_nothing(assess, words: str) -> None:
    assert "suicide_risk" not in flags(assess(f"Back pain for years. {words}."))


# ---------------------------------------------------------------- tablets named, then kept back with a pronoun
@pytest.mark.parametrize(
    "text",
    [
        "Back pain. Asked about her amitriptyline, said she has been keeping them back.",
        "Neck pain. Her pregabalin - she admits she has been saving them up.",
    ],
)
def test_tablets_kept_back_with_a_pronoun_are_preparation(assess, text: str) -> None:
    result = assess(text)
    assert "suicide_risk" in flags(result)
    assert level(result) == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "Neck pain. Her pregabalin - she has been keeping them back for the holiday.",
        "Neck pain. Took the pregabalin out and put them back in the box.",
    ],
)
def test_tablets_kept_for_a_reason_or_put_back_are_ordinary(assess, text: str) -> None:
    assert "suicide_risk" not in flags(assess(text))


# ---------------------------------------------------------------- the clinician's own question in a letter
@pytest.mark.parametrize(
    "text",
    [
        "Widespread pain. I asked directly about thoughts of self-harm or suicide and she firmly denied any.",
        "Low back pain. We screened for thoughts of suicide and he denied them.",
    ],
)
def test_the_writers_question_denied_is_no_suicide_risk(assess, text: str) -> None:
    result = assess(text)
    assert "suicide_risk" not in flags(result)
    assert level(result) in {"routine", "soon"}


@pytest.mark.parametrize(
    "text",
    [
        "Widespread pain. I asked directly about thoughts of suicide and she said she has them most nights.",
        "Widespread pain. I asked about thoughts of suicide.",
    ],
)
def test_the_writers_question_not_denied_still_flags(assess, text: str) -> None:
    assert "suicide_risk" in flags(assess(text))


def test_a_patient_asking_about_her_own_symptom_is_no_question_put_to_her(assess) -> None:
    result = assess("I asked about my numbness down below and the nurse said it was not serious. Back pain 2 days.")
    assert "cauda_equina_syndrome" in flags(result)


# ---------------------------------------------------------------- an operation dated by month and year, its reason
@pytest.mark.parametrize(
    "text",
    [
        "49M. L4/5 microdiscectomy Mar {y} for L5 radiculopathy with foot drop. Back ache for years, power 5/5.",
        "55F. Decompression (03/{y}) for stenosis and foot drop; back ache unchanged for two years, power normal.",
    ],
)
def test_the_reason_for_an_operation_dated_by_month_is_history(assess, text: str) -> None:
    result = assess(text.format(y=YEAR - 4))
    assert "progressive_neurologic_deficit" not in flags(result)
    assert level(result) in {"routine", "soon"}


def test_a_new_foot_drop_after_an_operation_dated_by_month_still_flags(assess) -> None:
    result = assess(f"60F. Decompression March {YEAR - 4} for stenosis. New foot drop since Monday, tripping on kerbs.")
    assert "progressive_neurologic_deficit" in flags(result)


# ---------------------------------------------------------------- "post-op" months on, or a post-op scar on a scan
@pytest.mark.parametrize(
    "text",
    [
        "L4/5 discectomy. Weakness resolved by 6/12 post-op. Back ache worse over the last year, severe at times.",
        "L5/S1 fusion years ago. MRI: post-op scar, no recurrence. Severe back pain, worse over the last year.",
    ],
)
def test_post_op_months_on_or_a_post_op_scar_is_not_the_first_weeks(statuses, text: str) -> None:
    found = statuses(text)
    assert found.get("recent_surgery") is not Status.PRESENT
    assert found.get("recent_spine_surgery") is not Status.PRESENT


def test_a_post_op_wound_is_still_recent_surgery(assess) -> None:
    result = assess("Post-op wound red and oozing after L4/5 fusion, back pain getting worse, T 38.4.")
    assert "spinal_infection" in flags(result)
