"""Round 38 published-style vignettes (fix38v, kb 2026.12.148), each fix a pattern with two new wordings and a
negative twin.

1. a relative the patient parts from, visits, rings or leaves things to ("said goodbye to his wife", "visited her
   grandchildren", "wrote letters to the children") is the object of the patient's act: the passive death wish told
   right after it ("... and wouldn't mind not waking up") is the patient's, not the relative's (suicide risk).
   For every other finding the kinship word stays a family cue ("visited her mother who has breast cancer" is the
   mother's cancer), and a farewell alone raises nothing.
2. a blood pressure measured at 90 or under (told as a pair or as "systolic 78", "SBP 84") with a second sign of
   failing circulation (a pulse over 100, a faint - "syncopal episode" -, clamminess, confusion, mottled skin) or with
   a fever is shock: emergency at any age and whatever the cause (NICE NG51 high-risk criteria, NICE NG156). A low
   pressure alone with a calm pulse, or a fast pulse with a normal pressure, is not.
3. a relative's own diagnosis told in a relative clause after a comma ("Her mother, who had breast cancer at 50, is
   well") stays the relative's (the comma had ended the family scope: a false spinal malignancy flag); what the
   relative saw or heard ("His wife, who found him unable to pass urine") stays the patient's.
"""

from __future__ import annotations

import pytest

from painpath.domain.model import Status
from tests.conftest import flags, level


# ---------------------------------------------------------------- 1. a farewell to a relative, then a death wish
@pytest.mark.parametrize(
    "text",
    [
        "Chronic low back pain for years. He has said goodbye to his wife and wouldn't mind not waking up tomorrow.",
        "Neck pain since the crash. She waved goodbye to her husband this morning and wishes she was dead.",
        "Widespread pain, lives alone. He rang his eldest son last night and would rather be dead.",
        "Knee pain for a year. She visited her grandchildren at the weekend and wants it all to end.",
    ],
)
def test_a_death_wish_after_a_farewell_to_a_relative_is_the_patients(assess, statuses, text: str) -> None:
    assert statuses(text).get("wish_to_be_dead") is Status.PRESENT
    result = assess(text)
    assert "suicide_risk" in flags(result)
    assert level(result) == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        # the relative's own illness after the same words stays the relative's
        "Back pain for 3 months, worse bending. She visited her mother who has breast cancer; no night pain, no weight "
        "loss.",
        "Low back ache for 10 weeks after gardening. He said goodbye to his father who had prostate cancer, no night "
        "pain.",
        # a farewell alone is no death wish
        "Low back pain for 2 months. He has said goodbye to his wife and children before the operation and is looking "
        "forward to walking again.",
    ],
)
def test_a_relatives_illness_or_a_plain_farewell_raises_nothing(assess, statuses, text: str) -> None:
    found = statuses(text)
    assert found.get("cancer_history") is not Status.PRESENT
    assert found.get("wish_to_be_dead") is not Status.PRESENT
    result = assess(text)
    assert not flags(result) & {"suicide_risk", "spinal_malignancy"}
    assert level(result) == "routine"


# ---------------------------------------------------------------- 2. a measured low pressure with a second shock sign
@pytest.mark.parametrize(
    "text",
    [
        # the pressure told alone as the systolic, the faint in clinicians' words, at an age under the vascular rule's 60
        "A 55-year-old man with left loin and back pain for 90 minutes, syncopal episode at home. Systolic 78, pulse 132.",
        "52F, epigastric pain boring through to the back since last night after a binge. SBP 84, HR 126, clammy.",
        # a fever with the low pressure (NG51: one high-risk criterion in a possible infection)
        "Right loin pain and rigors for 2 days in a 45-year-old woman. T 38.9, BP 86/52.",
        "A 38-year-old man with sudden severe back pain 2 hours ago, found grey and sweaty, BP 80/40, pulse 130.",
    ],
)
def test_a_low_measured_pressure_with_a_second_shock_sign_is_an_emergency(assess, text: str) -> None:
    result = assess(text)
    assert level(result) == "emergency"
    assert "measured_circulatory_shock" in result["triage"]["rules"]


def test_the_clinicians_faint_and_a_lone_systolic_are_read(assessor, statuses) -> None:
    assert statuses("Back pain since this morning with a syncopal episode in the queue.").get(
        "haemodynamic_compromise"
    ) is Status.PRESENT
    assert assessor.reader.read("Low back pain. SBP 84 today.").values["systolic_bp"] == 84
    assert assessor.reader.read("Neck pain, systolic BP of 142.").values["systolic_bp"] == 142
    # a pair is not cut to its first number, a fall in the systolic is no systolic, a murmur is no pressure
    assert "systolic_bp" not in assessor.reader.read("Neck pain. SBP 120/80.").values
    assert "systolic_bp" not in assessor.reader.read("Back pain. Postural drop in systolic of 25.").values
    assert "systolic_bp" not in assessor.reader.read("Back pain. A soft systolic murmur.").values


@pytest.mark.parametrize(
    "text",
    [
        # a low pressure that is the person's normal or a drug's, with a calm pulse and no other sign
        "A 24-year-old slim woman with 3 weeks of low back pain after moving house. BP 88/56, HR 72, T 36.6.",
        "A 70-year-old man with hip pain for a year. Systolic BP 84 on his new tamsulosin, feels fine, pulse 64.",
        # a racing pulse with a normal pressure
        "A 45-year-old man with neck pain for 2 weeks, anxious, HR 118, BP 138/86.",
    ],
)
def test_a_low_pressure_alone_or_a_fast_pulse_alone_is_no_shock(assess, text: str) -> None:
    result = assess(text)
    assert "measured_circulatory_shock" not in result["triage"]["rules"]
    assert level(result) in {"routine", "soon"}


# ---------------------------------------------------------------- 3. a relative's own diagnosis in a relative clause
@pytest.mark.parametrize(
    "text",
    [
        "A 61-year-old woman with 3 months of low back pain worse bending. Her mother, who had breast cancer at 50, is "
        "well. No night pain.",
        "A 57-year-old man with 2 months of back ache after lifting. He looks after his wife, whose myeloma was found "
        "last year. No weight loss.",
        "A 36-year-old man with back pain for 2 weeks after football. His brother, who injects heroin, lives with him. "
        "No fever.",
    ],
)
def test_a_relatives_diagnosis_told_in_a_relative_clause_stays_the_relatives(assess, statuses, text: str) -> None:
    found = statuses(text)
    assert found.get("cancer_history") is not Status.PRESENT
    assert found.get("iv_drug_use") is not Status.PRESENT
    result = assess(text)
    assert not flags(result) & {"spinal_malignancy", "spinal_infection"}
    assert level(result) == "routine"


@pytest.mark.parametrize(
    "text",
    [
        # what the relative saw or heard is the patient's
        "A 50-year-old man with sciatica. His wife, who found him unable to pass urine this morning, brought him in.",
        "A 40-year-old woman with chronic pain. Her husband, who is worried, heard her say she wants to end it all.",
        # the patient's own cancer after a relative named in passing
        "A 64-year-old man with 6 weeks of back pain at night. His wife, who drove him here, says his prostate cancer "
        "was treated 5 years ago and he has lost 7 kg.",
    ],
)
def test_what_a_relative_in_a_relative_clause_saw_stays_the_patients(assess, text: str) -> None:
    result = assess(text)
    assert flags(result) & {"cauda_equina_syndrome", "suicide_risk", "spinal_malignancy"}
    assert level(result) in {"urgent", "emergency"}
