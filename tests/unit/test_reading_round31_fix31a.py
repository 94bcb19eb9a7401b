"""Round 31 (published-vignette styles, an outside reviewer): two missed red flags, each as a pattern in our own words.

- Indian case-report shorthand: a full stop after an abbreviation ("approx. 6 kg") ended the sentence and left its
  first half unread; "h/o evening rise of temperature" (a fever), "loss of weight" and a TB contact ("elder brother was
  on ATT") were not read, so a tuberculous spondylitis was triaged "soon";
- a daughter's report in a clinic letter: "her mother had given away her jewellery" was read as the grandmother's,
  a farewell told to the family ("you'll all be better off soon") was not read, and "I have given away my ..." was read
  as the doctor's plan.
No dates in the notes, so the tests pass on any date.
"""

from __future__ import annotations

import pytest

from painpath.domain.model import Status
from painpath.narrative.components import sentences_of
from tests.conftest import flags


def _level(result: dict) -> str:
    return str(result["triage"]["level"])


def _sentences(assessor, text: str) -> list[str]:
    return [s.text for s in sentences_of(assessor.reader.nlp(text))]


# ---------------------------------------------------------------- an abbreviation's full stop ends no sentence
@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Low back ache for ten weeks with night sweats and loss of weight (appx. 5 kg since the summer).", 1),
        ("Mid back pain, wt. loss over two months and poor appetite.", 1),
    ],
)
def test_abbreviation_full_stop_runs_on(assessor, text: str, count: int) -> None:
    assert len(_sentences(assessor, text)) == count


def test_abbreviation_before_a_capital_still_ends_the_sentence(assessor) -> None:
    assert len(_sentences(assessor, "Neck pain for 3 wks. No fever or weight loss.")) == 2


# ---------------------------------------------------------------- the Indian words for a fever
@pytest.mark.parametrize(
    "text",
    [
        "32-year-old tailor with c/o low back ache for 10 weeks. Patient gives h/o evening rise of temperature and "
        "night sweats. Power normal.",
        "Thoracolumbar pain for 2 months, gradually increasing. He gives history of evening pyrexia and a rise in "
        "temperature most nights.",
    ],
)
def test_evening_rise_of_temperature_is_a_fever(assess, text: str) -> None:
    result = assess(text)
    assert "spinal_infection" in flags(result)
    assert _level(result) in {"urgent", "emergency"}


def test_rise_in_skin_temperature_is_no_fever(statuses) -> None:
    found = statuses("Right knee pain after a fall. Rise in skin temperature over the knee compared with the left.")
    assert found.get("fever") is not Status.PRESENT


# ---------------------------------------------------------------- a TB history or contact with spinal pain
@pytest.mark.parametrize(
    "text",
    [
        "A 30-year-old man with dull thoracic back pain for two months. His father was on ATT last year. Tender over "
        "the T10 spinous process. No fever.",
        "Low back pain for 10 weeks in a 36-year-old woman, ESR 64. Completed anti-tubercular therapy for pulmonary "
        "Koch's two years back.",
    ],
)
def test_tuberculosis_exposure_with_spinal_pain_flags(assess, text: str) -> None:
    result = assess(text)
    assert "spinal_infection" in flags(result)
    assert _level(result) in {"urgent", "emergency"}


@pytest.mark.parametrize(
    "text",
    [
        "Mechanical low back pain for 3 months after lifting, better with rest. Treated for TB as a child. No fever, "
        "no weight loss, no night pain. Spine non-tender.",
        "Low back pain for 3 months in a 38-year-old. Quantiferon negative when screened for TB before adalimumab.",
    ],
)
def test_tuberculosis_without_features_or_a_negative_test_does_not_flag(assess, text: str) -> None:
    assert "spinal_infection" not in flags(assess(text))


def test_relative_on_tb_treatment_is_an_exposure(statuses) -> None:
    assert statuses("Back pain for 3 months. Her sister was on ATT last year.").get("tuberculosis_exposure") is (
        Status.PRESENT
    )


# ---------------------------------------------------------------- preparatory behaviour told by a son or daughter
@pytest.mark.parametrize(
    "text",
    [
        "Chronic neck pain for 5 years. Her son says that lately his mother has been giving away her belongings.",
        "Back pain for 2 years. His daughter told us that last month her father had given away his medals and his "
        "watch.",
        "Widespread pain for years. I have given away my tools and my fishing gear.",
    ],
)
def test_giving_things_away_told_by_a_child_flags(assess, text: str) -> None:
    result = assess(text)
    assert "suicide_risk" in flags(result)
    assert _level(result) in {"urgent", "emergency"}


def test_giving_old_things_to_charity_on_moving_does_not_flag(assess) -> None:
    result = assess("Knee pain for a year. I gave away my old jewellery to charity when I moved house.")
    assert "suicide_risk" not in flags(result)


def test_a_child_telling_of_the_other_parent_keeps_family_history(assess) -> None:
    # "her father" may be the patient's husband: only suicide findings take the reporting child's parent as the patient
    result = assess("Low back pain for 6 weeks after gardening. Her daughter says that her father had bowel cancer.")
    assert "spinal_malignancy" not in flags(result)


# ---------------------------------------------------------------- a farewell told to the family
@pytest.mark.parametrize(
    "text",
    [
        'Fibromyalgia for years. On leaving she told her husband "you won\'t have to worry about me much longer".',
        "Chronic back pain. He said to his children that they'll all be better off soon, and would not say more.",
    ],
)
def test_farewell_to_the_family_flags(assess, text: str) -> None:
    result = assess(text)
    assert "suicide_risk" in flags(result)
    assert _level(result) in {"urgent", "emergency"}


def test_better_off_with_a_new_car_does_not_flag(assess) -> None:
    result = assess("Back pain for a year. I told the kids you'll all be better off with the new car soon.")
    assert "suicide_risk" not in flags(result)
