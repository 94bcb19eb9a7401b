"""Negation, history, family and hypothetical context, patient voice and clinician shorthand."""

from __future__ import annotations

import pytest

from painpath.domain.model import Status

P, A = Status.PRESENT, Status.ABSENT


@pytest.mark.parametrize(
    ("text", "finding", "expected"),
    [
        ("Low back pain. Denies saddle numbness.", "saddle_anaesthesia", A),
        ("Low back pain, no bladder or bowel change.", "bladder_bowel_change", A),
        ("Sciatica. SLR negative.", "slr_positive", A),
        ("Sciatica. SLR +ve at 40°.", "slr_positive", P),
        ("Straight leg raise reproduces leg pain at 40 degrees.", "slr_positive", P),
        ("Back pain, afebrile.", "fever", A),
        ("Back pain with fever.", "fever", P),
        ("Back pain, temperature 38.6.", "fever", P),
        ("Back pain, T 37.1.", "fever", A),
        ("Back pain, h/o breast ca.", "cancer_history", P),
        ("Back pain, no cancer history.", "cancer_history", A),
        ("Strength normal. Leg pain.", "motor_weakness", A),
        ("EHL 4+/5 on the right.", "motor_weakness", P),
        ("Power 5/5 throughout.", "motor_weakness", A),
        ("Leg pain like a hot wire down my leg.", "radicular_leg_pain", P),
        ("Pins and needles in the foot.", "paraesthesia", P),
        ("No fever, bladder normal, sore low back.", "bladder_bowel_change", A),
        ("Low back pain. No fever, no weight loss, no saddle numbness.", "weight_loss", A),
        ("Walking normal, neck pain.", "gait_imbalance", A),
    ],
)
def test_reads_status_of_finding(statuses, text: str, finding: str, expected: Status) -> None:
    assert statuses(text).get(finding) is expected


def test_history_scope_does_not_swallow_current_symptoms(statuses) -> None:
    result = statuses("Low back pain in a 70-year-old man with a history of prostate cancer, pain at night and at rest.")
    assert result["cancer_history"] is P
    assert result["night_pain"] is P


def test_family_history_is_not_the_patients(statuses) -> None:
    result = statuses("Low back pain. Her mother had breast cancer.")
    assert "cancer_history" not in result


def test_hypothetical_mention_is_not_a_finding(statuses) -> None:
    result = statuses("Low back pain. Return if fever or leg weakness develops.")
    assert "fever" not in result
    assert "motor_weakness" not in result


def test_past_symptom_does_not_count_as_current(assessor) -> None:
    story = assessor.reader.read("Low back pain. Previous sciatica resolved years ago.")
    radicular = [o for o in story.observations if o.finding == "radicular_leg_pain"]
    assert radicular
    assert all(o.historical or o.status is A for o in radicular)


def test_absent_finding_keeps_its_negation_cue_as_evidence(assess) -> None:
    note = "Low back pain for 6 weeks. Denies saddle numbness."
    result = assess(note)
    saddle = [f for f in result["findings"] if f["id"] == "saddle_anaesthesia"]
    # the span is where the reader found the finding (the source view highlights it)
    assert saddle == [{"id": "saddle_anaesthesia", "text": "Denies saddle numbness", "status": "absent",
                       "span": [34, 49]}]
    assert note[34:49] == "saddle numbness"


def test_present_beats_absent_when_the_note_says_both(statuses) -> None:
    result = statuses("No fever at first. Now has a fever of 38.9.")
    assert result["fever"] is P


def test_kinship_word_as_an_object_does_not_make_the_rest_family_history(statuses) -> None:
    result = statuses("Sudden back pain lifting a grandchild, percussion tender L1.")
    assert result["focal_spinal_tenderness"] is P


def test_relative_in_the_same_clause_is_family_history(statuses) -> None:
    assert "cancer_history" not in statuses("Back pain; father had prostate cancer.")


def test_a_clinic_context_rule_replaces_the_default_with_its_literal() -> None:
    """medSpaCy keeps one of two equal matches by the hash of its rule id, so a default "if" beside the clinic's
    clause-long "if" won or lost as rules were added; the clinic's rule replaces the default one."""
    from painpath.adapters.knowledge_files import load_default
    from painpath.narrative.pipeline import _context_rules

    narrative = load_default().extra["narrative"]
    rules = _context_rules(narrative)
    ifs = [rule for rule in rules if rule.literal == "if"]
    assert len(ifs) == 1 and ifs[0].max_scope == 14


@pytest.mark.parametrize(
    ("text", "finding", "expected"),
    [
        ("The midwife said if I ever get numbness between my legs or can't pee I should go to A&E.", "urinary_retention", None),
        ("Neck pain. Hands are not clumsy, gait is normal.", "myelopathic_hands", None),
        ("Previously headache-free, now a new daily headache for two weeks.", "new_headache", P),
        ("His daughter says he has given away his tools and his car.", "suicide_preparatory", P),
        ("No thoughts of harming himself; denies suicidal ideation.", "suicidal_thoughts", A),
    ],
)
def test_round_16_scopes(statuses, text: str, finding: str, expected: Status | None) -> None:
    assert statuses(text).get(finding) == expected
