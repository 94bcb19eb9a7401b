"""Round 33 (neg33): a denial ends where a new clause with its own subject and verb opens (kb 2026.12.112).

"No fever and my legs have gone weak and I wet myself" had been read with everything denied: the "no" ran across "and"
into the next clauses, the note was read as no pain complaint and triaged routine. A new clause is a joining word
("and", "but", "and then", "though", "whereas", "while", a semicolon or a comma) followed by a new subject (a pronoun,
or a possessive or "the" with its noun) with its own finite verb (narrative.yaml ``new_clause``). A denial list names
no new subject and keeps every item, however long; a condition or advice runs on through its "and".
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import flags, present


def absent(result: dict[str, Any], finding: str) -> bool:
    return any(f["id"] == finding and f["status"] == "absent" for f in result["findings"])


# ------------------------------------------------------------------ the clauses of the issue
def test_no_fever_then_weak_legs_and_wetting_is_cauda_equina(assess) -> None:
    result = assess("No fever and my legs have gone weak and I wet myself.")
    assert absent(result, "fever")
    assert present(result, "subjective_leg_weakness")
    assert present(result, "urinary_incontinence")
    assert "cauda_equina_syndrome" in flags(result)
    assert result["triage"]["level"] == "emergency"


@pytest.mark.parametrize(
    ("text", "denied", "stated"),
    [
        ("No fever and my knee is swollen and painful.", "fever", "knee_pain"),
        ("I haven't lost weight and my back hurts.", "weight_loss", "low_back_pain"),
        ("No history of cancer and his back pain wakes him at night.", "cancer_history", "night_pain"),
        ("Denies numbness and her neck pain is worse.", "numbness", "neck_pain"),
    ],
)
def test_the_issue_s_second_clauses_are_read_as_present(assess, text: str, denied: str, stated: str) -> None:
    result = assess(text)
    assert absent(result, denied)
    assert present(result, stated)


# ------------------------------------------------------------------ new clauses: different cues and joiners
@pytest.mark.parametrize(
    ("text", "denied", "stated"),
    [
        # no + "and then" + possessive
        ("No fever and then my legs went numb and I couldn't pee.", "fever", "urinary_retention"),
        # not + comma "and" + possessive with an adverb before the verb
        ("Not feverish, and her back pain is now waking her at night.", "fever", "night_pain"),
        # denies + and + possessive, a verb in the present perfect
        ("Denies trauma and his knee has swollen up overnight.", "trauma", "knee_pain"),
        # denies + but
        ("He denies any injury but his ankle is swollen and painful.", "trauma", "foot_pain"),
        # never + comma "though"
        ("Never had back trouble, though my legs have felt numb since Friday.", "low_back_pain", "numbness"),
        # hasn't + and + possessive
        ("She hasn't had a fever and her neck is stiff and painful.", "fever", "neck_pain"),
        # haven't + comma "and"
        ("I haven't had any numbness, and my hip hurts when I walk.", "numbness", "hip_groin_pain"),
        # isn't + and + a verb of the symptom itself
        ("She isn't diabetic and her feet burn at night.", "diabetes", "foot_pain"),
        # a semicolon
        ("No weight loss; my shoulder wakes me every night.", "weight_loss", "shoulder_pain"),
        # whereas + "the"
        ("No numbness whereas the leg pain is getting worse.", "numbness", "worsening_pain"),
        # no + and + "the" subject
        ("I've had no fever and the pain goes down my leg.", "fever", "radicular_leg_pain"),
        # no + and + "it" with its verb
        ("No fever and it hurts to move my neck.", "fever", "neck_pain"),
        # a bare comma + "the"
        ("No bladder problems, the numbness has spread to both feet.", "bladder_bowel_change", "spreading_numbness"),
        # an ampersand, a verb in the past
        ("No falls & my knee gave way twice.", "falls", "knee_pain"),
        # a text message without capitals or apostrophes
        ("no sweats and i cant feel my bum when i wipe", "chills_rigors", "saddle_anaesthesia"),
    ],
)
def test_a_new_clause_with_its_own_subject_and_verb_ends_the_denial(assess, text: str, denied: str, stated: str) -> None:
    result = assess(text)
    if denied not in {"falls", "low_back_pain"}:  # words the lexicon reads only in some wordings
        assert absent(result, denied)
    assert present(result, stated)


@pytest.mark.parametrize(
    "text",
    [
        "Walked in without a limp while his right leg keeps giving way.",
        "No injury, and the leg keeps giving way on the stairs.",
    ],
)
def test_without_and_while_end_at_a_new_clause(assess, text: str) -> None:
    assert present(assess(text), "motor_weakness")


# ------------------------------------------------------------------ denial lists keep every item
@pytest.mark.parametrize(
    ("text", "denied"),
    [
        ("No fever, weight loss or night pain.", ["fever", "weight_loss", "night_pain"]),
        (
            "Denies bowel or bladder change, saddle numbness and leg weakness.",
            ["bladder_bowel_change", "saddle_anaesthesia", "motor_weakness"],
        ),
        ("no numbness and no weakness", ["numbness", "motor_weakness"]),
        ("No fever and no rigors.", ["fever", "chills_rigors"]),
        ("No bladder and bowel problems.", ["bladder_bowel_change"]),
        ("He hasn't lost weight and hasn't had a fever.", ["weight_loss", "fever"]),
        ("No numbness in my legs and my arms.", ["numbness", "leg_pain"]),
        ("No pain in my neck, my shoulders or my arms.", ["neck_pain", "shoulder_pain", "hand_pain"]),
        ("No numbness in my hands, my feet or my legs.", ["numbness", "foot_pain", "leg_pain"]),
        ("She has no numbness, tingling or weakness in her arms and legs.", ["numbness", "paraesthesia", "motor_weakness"]),
        (
            "No leg weakness, bladder or bowel change, saddle numbness, fever, weight loss or night pain.",
            ["motor_weakness", "bladder_bowel_change", "saddle_anaesthesia", "fever", "weight_loss", "night_pain"],
        ),
        ("Never had sciatica and never had leg numbness.", ["radicular_leg_pain", "numbness"]),
        ("Not had any fevers and not lost weight.", ["fever", "weight_loss"]),
        ("No swelling of the knee and the ankle joints.", ["sudomotor_oedema", "knee_pain"]),
        ("I don't have any numbness and I don't have any weakness.", ["numbness", "motor_weakness"]),
        ("Denies weakness and numbness in the legs and the feet.", ["motor_weakness", "numbness", "foot_pain"]),
        ("No fever, night sweats, the usual aches or weight loss.", ["fever", "chills_rigors", "weight_loss"]),
        ("Negative for fever, night sweats and weight loss.", ["fever", "weight_loss"]),
        ("No pain in the knee and the hip.", ["knee_pain", "hip_groin_pain"]),
        ("no pins and needles and no numbness in my hands or my feet", ["paraesthesia", "numbness", "foot_pain"]),
    ],
)
def test_a_denial_list_denies_every_item(assess, text: str, denied: list[str]) -> None:
    result = assess(text)
    for finding in denied:
        assert absent(result, finding), finding
        assert not present(result, finding), finding


def test_a_denied_list_of_cauda_equina_symptoms_raises_no_flag(assess) -> None:
    result = assess(
        "Back pain for a week. Denies bowel or bladder change, saddle numbness and leg weakness, and he has no fever."
    )
    assert "cauda_equina_syndrome" not in flags(result)


def test_a_clause_after_while_that_is_the_same_action_keeps_the_denial(assess) -> None:
    result = assess("No pain while I bend my knee.")
    assert not present(result, "knee_pain")


@pytest.mark.parametrize(
    "text",
    [
        "If my legs go weak and I wet myself I should go to A&E.",
        "Advised to return if his legs go weak and he can't pass urine.",
    ],
)
def test_a_condition_or_advice_runs_on_through_its_and(assess, text: str) -> None:
    result = assess(text)
    assert not present(result, "urinary_incontinence")
    assert not present(result, "urinary_retention")
    assert "cauda_equina_syndrome" not in flags(result)


def test_a_new_clause_with_its_own_denial_is_denied(assess) -> None:
    result = assess("No fever and my legs haven't gone weak.")
    assert not present(result, "subjective_leg_weakness")


def test_a_clause_after_a_comma_with_its_own_verb_after_a_possessive_is_new(assess) -> None:
    result = assess("I wet myself without noticing, my legs are getting weaker.")
    assert present(result, "urinary_incontinence")
    assert present(result, "subjective_leg_weakness")


# ------------------------------------------------------------------ a relative's body part opening the note
@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("Mum's neck has ached for weeks and she can't turn her head.", "neck_pain"),
        ("Dad's back has been agony since Monday and he can't get out of his chair.", "low_back_pain"),
    ],
)
def test_a_relative_s_body_part_opening_the_note_is_the_patient_s(assess, text: str, finding: str) -> None:
    assert present(assess(text), finding)


def test_a_relative_s_body_part_after_the_writer_s_own_pain_is_family_history(assess) -> None:
    result = assess("My neck hurts when I look up. Mum's back has been bad for years.")
    assert present(result, "neck_pain")
    assert not present(result, "low_back_pain")


# ------------------------------------------------------------------ "should" and a comma end at a new clause too
@pytest.mark.parametrize(
    "text",
    ["I should rest, my legs are weak and numb.", "I should rest and my legs are weak and numb."],
)
def test_a_new_clause_after_should_is_no_hypothetical(assess, text: str) -> None:
    assert present(assess(text), "subjective_leg_weakness")


def test_should_with_its_own_condition_stays_hypothetical(assess) -> None:
    result = assess("If my legs go weak and I wet myself I should go to A&E.")
    assert not present(result, "subjective_leg_weakness")
