"""Ask, don't guess (ranked questions), answers as intake, and side effects in the patient's words, on the
shipped knowledge base."""

from __future__ import annotations

import math
from typing import Any

import pytest

from painpath.adapters.intake import IntakeError, intake_to_story, parse_intake
from painpath.domain.intolerance import effect_kinds
from painpath.domain.planning import planning_knowledge
from painpath.domain.questions import _entropy, _p_given
from painpath.narrative.values import extract_values


def _questions(out: dict[str, Any]) -> list[str]:
    return [q["id"] for q in out["questions"]]


def test_sciatica_asks_about_the_bladder_and_saddle_before_anything_a_yes_would_not_change(assess) -> None:
    out = assess("Sciatica down the left leg for ten days, worse when I cough.")
    asked = _questions(out)
    assert {"ask_urinary_retention", "ask_saddle_numbness"} <= set(asked)
    retention = next(q for q in out["questions"] if q["id"] == "ask_urinary_retention")
    assert retention["triage_if_yes"] == "emergency"
    assert retention["ask_patient"].endswith("?") and retention["ask"].endswith("?")
    assert "a yes raises the triage to emergency" in retention["why"]
    assert "ask_jaw_claudication" not in asked and "ask_facial_trigger" not in asked


def test_a_question_already_answered_by_the_note_is_not_asked_again(assess) -> None:
    out = assess("Sciatica down the left leg for ten days; no bladder problems, no saddle numbness.")
    assert "ask_saddle_numbness" not in _questions(out)


def test_a_new_headache_at_74_raises_giant_cell_arteritis_and_a_knee_at_66_asks_nothing_of_it(assess) -> None:
    # a new headache over 50 is itself the GCA red flag (SNNOOP10): urgent, and its questions about sight follow;
    # jaw claudication would not raise the triage further, so it is not asked to decide it
    headache = assess("New headache for 2 weeks, 74-year-old woman.")
    assert "giant_cell_arteritis" in {f["id"] for f in headache["red_flags"]}
    assert headache["triage"]["level"] == "urgent" and "ask_visual" in _questions(headache)
    knee = assess("My knee hurts going down stairs, I'm 66.")
    assert not knee["red_flags"] and "ask_jaw_claudication" not in _questions(knee)


def test_a_note_without_pain_asks_nothing(assess) -> None:
    assert assess("Attended for a flu vaccine; well.")["questions"] == []


def test_answers_state_the_findings_and_not_sure_leaves_the_question_open(kb, assessor) -> None:
    intake = parse_intake({"story": "Sciatica for ten days.",
                           "answers": {"ask_urinary_retention": "yes", "ask_fever": "no", "ask_trauma": "not sure"}})
    story = intake_to_story(intake, kb, assessor.reader)
    answered = {(o.finding, o.status.value) for o in story.observations if o.text.startswith("answer:")}
    assert answered == {("urinary_retention", "present"), ("fever", "absent")}
    assessed = assessor.assess_story(story)
    assert assessed.triage.level.value == "emergency"


def test_an_unknown_question_id_is_an_error_that_names_the_field(kb, assessor) -> None:
    with pytest.raises(IntakeError, match="intake field 'answers': unknown question id 'ask_nothing'"):
        intake_to_story(parse_intake({"story": "Back pain.", "answers": {"ask_nothing": "yes"}}), kb, assessor.reader)
    with pytest.raises(IntakeError, match="answers"):
        parse_intake({"story": "Back pain.", "answers": {"ask_fever": "maybe"}})


def test_the_answer_model_scales_the_base_rate_by_the_likelihood_ratio_in_odds() -> None:
    from painpath.domain.model import QuestionDef

    question = QuestionDef("q", "f", "c?", "p?", "expert", base_rate=0.2)
    assert _p_given(question, 1.0) == pytest.approx(0.2)
    assert _p_given(question, 4.0) == pytest.approx(0.5)  # odds 0.25 x 4 = 1
    assert _entropy(0.5) == pytest.approx(1.0) and _entropy(0.0) == 0.0
    assert _entropy(0.1) == pytest.approx(-(0.1 * math.log2(0.1) + 0.9 * math.log2(0.9)))


@pytest.mark.parametrize(
    ("words", "kinds"),
    [
        ("upsets my stomach", ("gastrointestinal",)),
        ("made me feel drunk", ("sedation",)),
        ("dizzy and sick", ("dizziness",)),  # 'sick' alone is not nausea ('made me sick' is)
        ("it made me sick", ("nausea",)),
        ("no problems", ()),
    ],
)
def test_side_effect_words_name_their_kind(kb, words: str, kinds: tuple[str, ...]) -> None:
    pk = planning_knowledge(kb)
    assert pk is not None
    assert effect_kinds(words, pk.side_effects) == kinds


def _plan(out: dict[str, Any]) -> tuple[set[str], dict[str, str]]:
    offered = {o["id"] for stage in out["plan"]["stages"] for o in stage["options"]}
    return offered, {e["id"]: e["reason"] for e in out["plan"]["excluded"]}


def test_an_nsaid_that_upset_the_stomach_takes_every_oral_nsaid_out_of_the_plan(assess) -> None:
    out = assess("I'm 68 and my knees ache on stairs, for years. Ibuprofen upsets my stomach.")
    offered, excluded = _plan(out)
    assert ("ibuprofen", "not_tolerated", "upsets my stomach") in {
        (m["name"], m["status"], m["effect"]) for m in out["medications"]
    }
    assert "oral_nsaid" not in offered and "oral_nsaid" in excluded
    topical = next(o for s in out["plan"]["stages"] for o in s["options"] if o["id"] == "topical_nsaid")
    assert any("upsets my stomach" in c for c in topical["cautions"])


def test_pregabalin_that_made_them_feel_drunk_is_not_offered_and_other_sedating_drugs_are_cautioned(assess) -> None:
    out = assess("Diabetic with burning, numb feet for two years; pregabalin made me feel drunk.")
    offered, excluded = _plan(out)
    assert "gabapentinoid" not in offered and "gabapentinoid" in excluded
    cautioned = [o for s in out["plan"]["stages"] for o in s["options"] if o["id"] in {"tca", "opioid", "muscle_relaxant"}]
    assert cautioned and all(any("made me feel drunk" in c for c in o["cautions"]) for o in cautioned)


def test_what_a_drug_treats_is_not_its_side_effect(assess) -> None:
    out = assess("45-year-old with knee pain on stairs for a year; takes omeprazole for reflux and ibuprofen helps.")
    assert all(m["status"] != "not_tolerated" for m in out["medications"])


@pytest.mark.parametrize(
    ("text", "value"),
    [("DXA T-score -2.8 at the hip", -2.8), ("T score of minus 3.1", -3.1), ("t-score: -1.9", -1.9),
     ("lumbar spine T-score −2.6", -2.6)],
)
def test_dxa_t_score_is_read_with_its_sign(text: str, value: float) -> None:
    assert extract_values(text).values["dxa_t_score"] == value


def test_a_promis_t_score_is_not_a_bone_density() -> None:
    assert "dxa_t_score" not in extract_values("PROMIS pain interference T-score 62").values
