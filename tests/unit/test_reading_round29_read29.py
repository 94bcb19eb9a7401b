"""Round 29 (reviewers' notes and the lead's probes): whole notes read as nothing, or findings given to the wrong clause.

- "N/12 hx of X" (clinical shorthand for a duration) is the presenting complaint's length, not past history;
- a header with nothing under it ("PMH: nil.", "DH: none") closes at once, and a pain with a duration told after a
  history header's first item ("PMHx: IVDU. Back pain 2 weeks") is the presenting complaint;
Each pattern in our own words, with twins that must not fire.
"""

from __future__ import annotations

from typing import Any

import pytest

from painpath.domain.model import Status
from tests.conftest import flags, ranked

NO_COMPLAINT = "no pain complaint was found"


def _no_complaint(result: dict[str, Any]) -> bool:
    return any(NO_COMPLAINT in reason for reason in result["triage"]["reasons"])


# 1. a duration in months/weeks/days shorthand before "hx"/"history" is the complaint's length


@pytest.mark.parametrize(
    "text",
    [
        "67F, non-smoker, 2/12 history of upper back pain, there all the time and worse in bed, weight down 7 kg unintentionally.",
        "Man of 62. 4/52 hx of mid back ache, constant and waking him at night; has lost weight without dieting. PMH: none.",
    ],
)
def test_shorthand_duration_history_is_the_complaint(assess, text: str) -> None:
    result = assess(text)
    assert not _no_complaint(result)
    assert "spinal_malignancy" in flags(result)


def test_a_real_past_history_stays_history(statuses) -> None:
    # the twin: "hx of" with no duration before it is past history
    found = statuses("Hx of thoracic back pain after a car crash, settled. Now here for a sore left thumb.")
    assert found.get("mid_back_pain") is not Status.PRESENT


# 2. an empty header closes at once; a pain with a duration after a history header's first item is the complaint


@pytest.mark.parametrize(
    "text",
    [
        "PMH: injects drugs. Lower back pain for 10 days and sweats with shivers at night.",
        "Background: nil. Low back ache, feverish and shaking overnight, diabetic.",
        "FH: none. Sore lower back with fevers and rigors.",
        "Past medical history: heroin use\nBackache 5 days, temp 38.6 last night.",
    ],
)
def test_complaint_after_a_history_header_is_read(assess, text: str) -> None:
    result = assess(text)
    assert not _no_complaint(result)
    assert "spinal_infection" in flags(result)


@pytest.mark.parametrize(
    "text",
    [
        "PMH: asthma. Hypertension. Type 2 diabetes.",
        "PMH: diabetes. Back pain 4 years ago, fully settled with physio.",
    ],
)
def test_a_plain_history_list_stays_history(assess, text: str) -> None:
    result = assess(text)
    assert _no_complaint(result)
    assert result["triage"]["level"] == "routine"


# 3. a negation ends at the comma before the main clause's new verb ("..., attends with ...")


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("A 69-year-old man with an old ankle fracture from a ski fall that no longer causes him any trouble, attended "
         "with six months of left knee pain on the stairs.", "knee_pain"),
        ("Teacher, 52, with no previous joint problems, consults with three weeks of pain in the right shoulder.",
         "shoulder_pain"),
    ],
)
def test_negation_ends_before_the_main_verb(statuses, text: str, finding: str) -> None:
    assert statuses(text).get(finding) is Status.PRESENT


def test_a_denial_list_still_runs_over_its_commas(statuses) -> None:
    # the twin: no new verb after the commas, every item of the list is denied
    found = statuses("Low back pain for a week with no fever, no weight loss, leg numbness or weakness.")
    assert found.get("fever") is Status.ABSENT
    assert found.get("motor_weakness") is Status.ABSENT


# 4. a red or discharging wound beside an operation is a complaint at the operation site (pain content)


@pytest.mark.parametrize(
    "text",
    [
        "Hernia repair 12 days ago and now the wound is weeping and red round the edges, temp 38.2.",
        "My knee replacement was 2 weeks back and there's thick yellow fluid leaking from the wound dressing.",
    ],
)
def test_an_operation_site_problem_gives_a_differential(assess, text: str) -> None:
    result = assess(text)
    assert not _no_complaint(result)
    assert "postoperative_pain" in ranked(result)[:3]
    assert result["triage"]["level"] in {"urgent", "emergency"}


def test_a_red_patch_without_an_operation_is_no_operation_site_problem(statuses) -> None:
    # the twin: an inflamed wound with no operation named
    found = statuses("Grazed my shin on the garden wall, the wound is red and oozing a little.")
    assert found.get("operation_site_problem") is not Status.PRESENT


# 5a. weakness told as recovered after "but"/"and" (no subject of its own) is no new motor weakness


def _new_weakness(result: dict[str, Any]) -> bool:
    return any("motor weakness" in reason for reason in result["triage"]["reasons"])


@pytest.mark.parametrize(
    "text",
    [
        "Eight weeks of left arm pain from the neck into the middle finger. The triceps was weak in the first week but "
        "has since completely recovered.",
        "Sciatica down the right leg for 2 months; the big toe went weak at the start but recovered within a few days.",
    ],
)
def test_recovered_weakness_is_not_new(assess, text: str) -> None:
    assert not _new_weakness(assess(text))


def test_weakness_that_has_not_recovered_stays_new(assess) -> None:
    # the twin: the weakness is still there
    result = assess("Eight weeks of left arm pain from the neck into the middle finger. The triceps became weak in "
                    "the first week but has not recovered.")
    assert _new_weakness(result) or result["triage"]["level"] in {"urgent", "emergency"}


# 5b. buttock/thigh pain that stops at the knee with no nerve sign is not new radicular pain (no 'soon' on that account)


def _new_radicular(result: dict[str, Any]) -> bool:
    return any("new radicular pain" in reason for reason in result["triage"]["reasons"])


@pytest.mark.parametrize(
    "text",
    [
        "Left buttock ache for three weeks that spreads down the back of the thigh but stops at the knee. Pain over the "
        "sacroiliac joint, worse turning in bed.",
        "A month of right-sided low back and buttock pain, runs down the side of my thigh, never past my knee.",
    ],
)
def test_pain_stopping_at_the_knee_is_not_new_root_pain(assess, text: str) -> None:
    assert not _new_radicular(assess(text))


def test_pain_to_the_knee_with_pins_and_needles_is_still_root_pain(assess) -> None:
    # the twin: a nerve symptom with it keeps the week's visit
    result = assess("Left buttock ache for three weeks that spreads down the back of the thigh to the knee, with pins "
                    "and needles in the thigh.")
    assert _new_radicular(result)


# 5c. postherpetic neuralgia needs the pain where the shingles was


@pytest.mark.parametrize(
    "text",
    [
        "Stabbing jolts in the right jaw and gum for a few seconds, set off by eating and shaving, dozens a day. "
        "Had shingles on my back some years ago, cleared up fine.",
        "Brief electric pains in the left cheek when she touches her face or talks. Shingles over the left ribs in 2019.",
    ],
)
def test_shingles_elsewhere_does_not_lead_for_face_pain(assess, text: str) -> None:
    top = ranked(assess(text))
    assert top and top[0] == "trigeminal_neuralgia"


def test_shingles_in_the_face_still_gives_postherpetic_neuralgia(assess) -> None:
    # the twin: the shingles was where it hurts now
    top = ranked(assess("Burning pain over the right forehead for 6 months since shingles on the forehead and around "
                        "the right eye, the skin is too sore to touch."))
    assert top and top[0] == "postherpetic_neuralgia"
