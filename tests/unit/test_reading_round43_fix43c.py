"""Round 43 (fix43c): the outside reviewer's safety set r43c (and r43b_07, a neighbour's report), fixed as patterns.

- acute limb ischaemia told one sign to a sentence, or of a limb named a sentence before, in lay words ("my left leg
  suddenly went cold ... The foot is white and mottled ... The nurse couldn't find a pulse in the foot"; "It's white
  as a sheet from the knee down and freezing to touch compared with the other one"): two of pallor, perishing cold
  and pulselessness of one limb, sudden or recent, or all three (r43c_17, r43b_07: routine, no vascular flag); cold
  feet in winter, Raynaud's fingers, a claudication of years with good pulses and a CRPS hand are not it;
- the state before an operation told in the past tense ("Before the operation she had saddle numbness, a weak stream
  and a left foot drop; all of these resolved fully after surgery") is history (r43c_25: a cauda equina emergency
  six weeks after a microdiscectomy that cured it);
- a "Pre-op:" header (fix42c) is history only in a note that tells the operation done; an anaesthetic or nurse
  pre-assessment lists the symptoms now under it ("Pre-op: sudden severe headache, the worst ever" was routine).
"""

from __future__ import annotations

import pytest

from tests.conftest import flags, level, present

# ---------------------------------------------------------------- acute limb ischaemia told apart

R43C_17 = (
    "3 hours ago my left leg suddenly went cold and very painful in the calf. The foot is white and mottled and I\n"
    "can't feel my toes properly or wiggle them well. The nurse couldn't find a pulse in the foot. I have an\n"
    "irregular heartbeat and stopped my blood thinner last month because of nosebleeds.\n"
)

R43B_07 = (
    "Chat with reception. Visitor: Hi I'm the neighbour of Mr D, he's one of your patients with the bad knee. I popped "
    "in just now and he says his right leg went dead about an hour ago. It's white as a sheet from the knee down and "
    "freezing to touch compared with the other one, and he can't wiggle his toes properly, he says it's agony. He has "
    "the heart flutter thing and stopped his blood thinner last week because of bruising. He wants to know if he can "
    "move his knee appointment forward.\n"
)


@pytest.mark.parametrize(
    "text",
    [
        R43C_17,
        R43B_07,
        "My husband's left foot went numb and then really painful about two hours ago. Now it's pale and feels like "
        "ice compared with his other foot, and he can't move his toes. He has AF.",
        "Phone call from daughter: mum's right arm suddenly hurt this morning and her hand has gone a funny white "
        "colour. The hand is cold. The district nurse could not feel a pulse at her wrist.",
        "Sudden severe pain in my right calf since lunchtime. My foot is mottled and blue and freezing cold, I can't "
        "find a pulse in my foot like the nurse showed me.",
        "72M. Woke at 4am with severe L leg pain. L foot pale. Cool to touch. DP and PT pulses absent on the left, "
        "present on the right.",
    ],
)
def test_a_limb_told_cold_pale_or_pulseless_across_sentences_is_a_vascular_emergency(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "acute_limb_ischaemia_lay")
    assert "vascular_emergency" in flags(result)
    assert level(result) == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "My feet are always cold in winter and my toes go white sometimes. I wear two pairs of socks. Lower back ache "
        "for years.",
        "My fingers go white then blue when I get something out of the freezer, my GP said Raynaud's. Both hands ache "
        "in the cold.",
        "Calf pain on walking 200 yards for 2 years, eases within a couple of minutes of stopping. Foot pulses present "
        "and feet warm. Smoker.",
        "Since my wrist fracture 8 weeks ago the hand has been blue, cold and swollen, the skin is shiny and the sheets "
        "hurt it.",
        "Sciatica down the left leg for 3 weeks. The foot feels cold and numb sometimes. Pulses present.",
    ],
)
def test_cold_feet_raynauds_claudication_and_crps_are_no_limb_ischaemia(assess, text: str) -> None:
    result = assess(text)
    assert not present(result, "acute_limb_ischaemia_lay")
    assert "vascular_emergency" not in flags(result)


# ---------------------------------------------------------------- the state before an operation done

R43C_25 = (
    "Post-op review 6 weeks after L5/S1 microdiscectomy. Before the operation she had saddle numbness, a weak stream\n"
    "and a left foot drop; all of these resolved fully after surgery and she has had normal bladder function since.\n"
    "Today: power 5/5, saddle sensation normal. Ache around the scar, improving week by week. Wound healed, afebrile,\n"
    "CRP normal.\n"
)


@pytest.mark.parametrize(
    "text",
    [
        R43C_25,
        "Review 3 months after his lumbar decompression. Prior to his lumbar decompression he had bilateral leg "
        "weakness and urinary retention, which all recovered. Now back ache only.",
        "Clinic 8 weeks after L4/5 discectomy. Before surgery he was numb in the saddle area, with a weak stream and a "
        "right foot drop; all better now. Power 5/5, saddle sensation normal, voiding normally.",
    ],
)
def test_the_state_told_before_an_operation_done_is_history(assess, text: str) -> None:
    result = assess(text)
    assert "cauda_equina_syndrome" not in flags(result)
    assert "progressive_neurologic_deficit" not in flags(result)
    assert level(result) in {"routine", "soon"}


def test_a_new_deficit_after_the_operation_still_flags(assess) -> None:
    result = assess(
        "Post-op review 6 weeks after microdiscectomy. Before the operation she had a foot drop, and now she has new "
        "saddle numbness and a weak stream since yesterday."
    )
    assert "cauda_equina_syndrome" in flags(result)
    assert level(result) == "emergency"


# ---------------------------------------------------------------- a "Pre-op:" header in a note before the operation


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        (
            "Pre-assessment clinic - elective knee replacement\n"
            "Pre-op: sudden severe headache, the worst ever, neck stiff, vomiting.\nKnee pain 2 years.\n",
            "thunderclap_headache",
        ),
        (
            "Pre-assessment clinic - elective lumbar decompression\n"
            "Pre-op: back pain, saddle numbness and urinary retention, bladder scan 900 ml.\n",
            "cauda_equina_syndrome",
        ),
        (
            "Listed for right hip replacement.\n"
            "Preoperative: left leg suddenly cold and white this morning, no pulse in the foot.\n",
            "vascular_emergency",
        ),
        (
            "Anaesthetic pre-assessment, listed for a lumbar fusion.\n"
            "Pre-op: low mood, thoughts of ending her life, has a plan.\n",
            "suicide_risk",
        ),
    ],
)
def test_a_pre_assessment_lists_the_symptoms_now_under_pre_op(assess, text: str, flag: str) -> None:
    result = assess(text)
    assert flag in flags(result)
    assert level(result) == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "Wound check 10 days after L5/S1 microdiscectomy.\n"
        "Pre-op: saddle numbness, urinary retention and a right foot drop.\n"
        "Today: saddle sensation normal, voiding normally, power 5/5. Wound clean.\n",
        "POD2 L4/5 decompression, ward round.\nPreoperatively: thunderclap-like headaches with straining, worst ever.\n"
        "Now: back wound sore 4/10, no headache. Afebrile.\n",
    ],
)
def test_pre_op_after_an_operation_done_is_still_history(assess, text: str) -> None:
    result = assess(text)
    assert "cauda_equina_syndrome" not in flags(result)
    assert "thunderclap_headache" not in flags(result)
    assert level(result) in {"routine", "soon"}
