"""Round 36 reading gaps (gaps36, kb 2026.12.130), each a pattern with two new wordings and a negative twin.

1. a fever or shivers in the 6 weeks after the birth with an infected-looking wound or stitches, a smelly discharge,
   a tummy or perineal pain or a red hot breast is a puerperal infection (same day), with sepsis signs an emergency;
2. a knee giving way from a ligament or cartilage injury or instability, with no nerve sign, is no new motor weakness;
3. the shakes or shaking tied to stopping alcohol or a benzodiazepine is a withdrawal tremor, not rigors;
4. the tummy, abdomen or arm named as where an injection, implant or pen goes is no pain site;
5. a leg pain told "to behind the knees" or "to both knees" ends at the knee: no knee complaint;
6. periods told as stopped are the menopause only at 45 or over (NICE NG23) or with the word menopause;
"""

from __future__ import annotations

import pytest

from painpath.domain.model import Status
from tests.conftest import flags, level


# ---------------------------------------------------------------- 1. infection after the birth
@pytest.mark.parametrize(
    "text",
    [
        "Had a C-section 2 weeks ago; the scar is leaking pus and I've had a temperature of 38.5 with shivers.",
        "Gave birth a week ago, feverish and shivery, the discharge down below smells awful and my lower tummy aches.",
        "My baby is 3 weeks old, my left breast is red, hot and painful and I have a temperature.",
        "Since my delivery 3 weeks ago I have had pain low in my abdomen and a fever, and my wound smells.",
    ],
)
def test_fever_after_the_birth_with_a_source_is_seen_the_same_day(assess, statuses, text: str) -> None:
    assert statuses(text).get("recent_birth") is Status.PRESENT
    result = assess(text)
    assert level(result) == "urgent"
    assert "possible_puerperal_infection" in result["triage"]["rules"]


@pytest.mark.parametrize(
    "text",
    [
        "Baby born 6 days ago. Fever and the stitches are oozing, heart rate 140.",
        "Caesarean 5 days ago, temperature 38.9, lower tummy pain, and she is very drowsy and her skin looks mottled.",
        "Had my baby 10 days ago, shivering with a fever, the loss smells foul and she is breathing really fast.",
    ],
)
def test_fever_after_the_birth_with_sepsis_signs_is_an_emergency(assess, text: str) -> None:
    result = assess(text)
    assert level(result) == "emergency"
    assert "puerperal_sepsis_signs" in result["triage"]["rules"]


@pytest.mark.parametrize(
    "text",
    [
        "Gave birth 10 days ago, the stitches are sore but no fever and they don't smell.",
        "Perineal pain and a fever, my son is 2 years old.",
    ],
)
def test_no_fever_or_no_recent_birth_is_no_puerperal_infection(assess, text: str) -> None:
    result = assess(text)
    assert "possible_puerperal_infection" not in result["triage"]["rules"]
    assert "puerperal_sepsis_signs" not in result["triage"]["rules"]


def test_a_source_without_sepsis_signs_stays_same_day(assess) -> None:
    result = assess("Baby born 6 days ago. Fever and the stitches are oozing, she is alert and eating.")
    assert level(result) == "urgent"
    assert "puerperal_sepsis_signs" not in result["triage"]["rules"]


def test_smelly_stitches_are_a_wound_infection_sign(statuses) -> None:
    assert statuses("Back pain, and my stitches stink.").get("wound_infection_signs") is Status.PRESENT
    assert statuses("Back pain, the wound doesn't smell.").get("wound_infection_signs") is not Status.PRESENT


# ---------------------------------------------------------------- 2. a knee giving way from instability
@pytest.mark.parametrize(
    "text",
    [
        "Tore my ACL playing football years ago and the right knee still buckles on me when I turn.",
        "Left knee keeps slipping out and giving way, the physio says it's unstable after a meniscus injury.",
    ],
)
def test_a_knee_giving_way_from_instability_is_no_new_motor_weakness(assess, statuses, text: str) -> None:
    assert statuses(text).get("knee_instability_giving_way") is Status.PRESENT
    result = assess(text)
    assert "new_motor_weakness" not in result["triage"]["rules"]
    assert level(result) == "routine"


@pytest.mark.parametrize(
    "text",
    [
        "My knee keeps giving way since last week and my shin has gone numb.",
        "My leg keeps giving way since an old knee ligament injury and the foot is getting weaker.",
    ],
)
def test_giving_way_with_a_nerve_sign_is_still_new_weakness(assess, statuses, text: str) -> None:
    assert statuses(text).get("knee_instability_giving_way") is None
    result = assess(text)
    assert "new_motor_weakness" in result["triage"]["rules"]
    assert level(result) == "urgent"


# ---------------------------------------------------------------- 3. the shakes of withdrawal are no rigors
@pytest.mark.parametrize(
    "text",
    [
        "Back pain, I'm shaking all over if I don't have my diazepam, feel rough.",
        "Neck ache, and I get the shakes since I came off the booze, feeling terrible.",
        "Back pain, the shakes in the morning before my first drink, feel ill.",
    ],
)
def test_shakes_tied_to_stopping_alcohol_or_a_benzodiazepine_are_no_rigors(assess, statuses, text: str) -> None:
    assert statuses(text).get("chills_rigors") is not Status.PRESENT
    assert "spinal_infection" not in flags(assess(text))


@pytest.mark.parametrize(
    "text",
    [
        "Back pain, shaking with a fever.",
        "Back pain and I have the shakes, feel hot then cold.",
    ],
)
def test_shakes_with_a_fever_are_still_rigors(statuses, text: str) -> None:
    assert statuses(text).get("chills_rigors") is Status.PRESENT


# ---------------------------------------------------------------- 4. where a treatment is given is no pain site
@pytest.mark.parametrize(
    ("text", "site"),
    [
        ("Back pain. I give myself Clexane jabs in my stomach.", "abdominal_pain"),
        ("Diabetic, uses insulin pens in the abdomen, knee pain 2 years.", "abdominal_pain"),
        ("Low back pain for months, I have the depot injection in my arm every 12 weeks.", "hand_pain"),
    ],
)
def test_a_site_named_for_a_treatment_is_no_pain_site(statuses, text: str, site: str) -> None:
    assert statuses(text).get(site) is None


def test_a_painful_injection_site_is_still_a_pain_site(statuses) -> None:
    assert statuses("Back pain, and the injections in my tummy really hurt.").get("abdominal_pain") is Status.PRESENT


# ---------------------------------------------------------------- 5. a leg pain's end at the knee is no knee pain
@pytest.mark.parametrize(
    "text",
    [
        "Pain from my bum down the back of my thigh to behind my knee.",
        "Lumbar pain radiating to both knees.",
    ],
)
def test_a_leg_pain_reaching_behind_or_to_the_knees_is_no_knee_complaint(statuses, text: str) -> None:
    found = statuses(text)
    assert found.get("pain_to_knee") is Status.PRESENT
    assert found.get("knee_pain") is None


def test_a_pain_behind_the_knee_itself_is_still_knee_pain(statuses) -> None:
    found = statuses("Pain behind my knee when I squat, swelling there.")
    assert found.get("knee_pain") is Status.PRESENT
    assert found.get("pain_to_knee") is None


# ---------------------------------------------------------------- 6. stopped periods are the menopause only at 45 or over
@pytest.mark.parametrize(
    "text",
    [
        "I'm 22, my periods stopped last year, back pain.",
        "Aged 30, periods have stopped since I lost weight, shin pain when running.",
    ],
)
def test_stopped_periods_when_young_are_no_menopause(statuses, text: str) -> None:
    found = statuses(text)
    assert found.get("periods_stopped_lay") is Status.PRESENT
    assert found.get("postmenopausal") is None


def test_stopped_periods_at_52_are_the_menopause(statuses) -> None:
    assert statuses("She is 52 and her periods have stopped, back pain.").get("postmenopausal") is Status.PRESENT
