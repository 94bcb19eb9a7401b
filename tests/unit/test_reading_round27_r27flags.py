"""Reading, round 27, missed red flags: the patterns behind four under-triaged notes, each in our own words, two
positive phrasings and a twin that must not trigger. The reviewers' notes are held out: none of their text is here."""

from __future__ import annotations

from painpath.domain.model import Status
from tests.conftest import flags

# ------------------------------------------------ "not just" is "not only": it denies nothing after it


def test_not_just_one_leg_then_numb_wiping_on_the_next_line_is_saddle_numbness(assess, statuses) -> None:
    text = (
        "back is killing me since the weekend and its in both legs now not just my right one\n"
        "funny thing is i cant feel the toilet paper properly when i wipe\n"
    )
    assert statuses(text).get("saddle_anaesthesia") is Status.PRESENT
    result = assess(text)
    assert "cauda_equina_syndrome" in flags(result)
    assert result["triage"]["level"] == "emergency"


def test_not_just_my_back_in_one_sentence_negates_nothing(statuses) -> None:
    text = "It's not just my back any more, my bottom has gone numb and tingly since Friday."
    assert statuses(text).get("saddle_anaesthesia") is Status.PRESENT


def test_a_real_denial_still_negates(statuses) -> None:
    """The twin: "not" on its own still denies."""
    assert statuses("Back pain since Monday. I have not got any numbness around my bottom.").get(
        "saddle_anaesthesia"
    ) is Status.ABSENT


# ------------------------------- a line break opening a new clause ends the sentence in an unpunctuated message


def test_a_denial_on_one_line_does_not_reach_a_new_clause_on_the_next(statuses) -> None:
    text = "no fever or anything like that\nmy bum has gone numb since yesterday\n"
    found = statuses(text)
    assert found.get("fever") is Status.ABSENT
    assert found.get("saddle_anaesthesia") is Status.PRESENT


def test_a_long_unpunctuated_line_then_a_new_thought_is_two_sentences(statuses) -> None:
    text = (
        "sciatica has spread to the other leg over the weekend no fever though thank god\n"
        "the strange thing is when i wipe it feels like theres nothing there\n"
    )
    found = statuses(text)
    assert found.get("fever") is Status.ABSENT
    assert found.get("saddle_anaesthesia") is Status.PRESENT


def test_a_letter_wrapped_mid_clause_keeps_its_denial_across_the_line(statuses) -> None:
    """The twin: a line that ends on "or" continues; the denial covers the next line's findings."""
    text = (
        "Thank you for seeing this gentleman with eight weeks of low back pain. He describes no numbness or\n"
        "weakness in his legs and no change in his bladder.\n"
    )
    found = statuses(text)
    assert found.get("numbness") is Status.ABSENT
    assert found.get("motor_weakness") is Status.ABSENT


# --------------------------- a postscript or a shorthand report under a social header is the complaint again


def test_a_postscript_after_the_plan_is_read(assess, statuses) -> None:
    text = (
        "Lumbar radiculopathy, L5 pattern, three weeks.\nPlan: analgesia and physiotherapy.\n"
        "P.S. his wife rang to say he has been pushing hard to wee since last night and now both feet tingle."
    )
    assert statuses(text).get("urinary_retention") is Status.PRESENT
    assert "cauda_equina_syndrome" in flags(assess(text))


def test_a_shorthand_report_under_a_social_header_is_the_complaint(statuses) -> None:
    text = (
        "Sciatica R leg 2/52.\nSH: married, office job, non-smoker. Mentions the loo roll feels numb when wiping "
        "since this morning."
    )
    assert statuses(text).get("saddle_anaesthesia") is Status.PRESENT


def test_a_social_fact_under_the_social_header_stays_social(statuses) -> None:
    """The twin: a plain social line yields no symptom."""
    text = "Sciatica R leg 2/52.\nSH: lives alone, says he walks the dog daily, drinks 10 units a week."
    assert statuses(text).get("saddle_anaesthesia") is None


# ----------------------------------------------- lay words for saddle numbness and difficulty passing urine


def test_toilet_paper_that_feels_absent_is_saddle_numbness(statuses) -> None:
    assert statuses("Low back pain and sciatica. The bog roll feels like it isn't there when I wipe.").get(
        "saddle_anaesthesia"
    ) is Status.PRESENT
    assert statuses("Back pain. When she wipes it feels as if there's nothing there at all.").get(
        "saddle_anaesthesia"
    ) is Status.PRESENT


def test_sore_wiping_is_not_numbness(statuses) -> None:
    """The twin: wiping that hurts (piles) is no saddle numbness."""
    assert statuses("My back aches and wiping is sore because of my piles.").get("saddle_anaesthesia") is not (
        Status.PRESENT
    )


def test_lay_straining_and_empty_trips_are_difficulty_passing_urine(statuses) -> None:
    assert statuses("Since Tuesday I have been forcing myself to pee and my back is agony.").get(
        "urinary_retention"
    ) is Status.PRESENT
    assert statuses("I keep going to the loo all night but hardly anything comes out.").get(
        "urinary_retention"
    ) is Status.PRESENT


def test_a_constipated_bowel_is_not_retention(statuses) -> None:
    """The twin: nothing comes out of a bowel bunged up by codeine."""
    text = "I keep going to the toilet and nothing comes out, the codeine has bunged up my bowels."
    assert statuses(text).get("urinary_retention") is not Status.PRESENT


# ------------------------------------ second-language and lay words for clumsy hands and an unsteady walk


def test_second_language_clumsy_hands_and_gait_with_neck_pain_flag_myelopathy(assess, statuses) -> None:
    text = (
        "Neck is paining me since winter. Now my hands is no good, I cannot close the buttons of my coat. "
        "When I walk I am like a drunken man and I must hold the furniture."
    )
    found = statuses(text)
    assert found.get("myelopathic_hands") is Status.PRESENT
    assert found.get("gait_imbalance") is Status.PRESENT
    result = assess(text)
    assert "cervical_myelopathy" in flags(result)
    assert result["triage"]["level"] in ("urgent", "emergency")


def test_things_falling_from_the_hands_and_holding_the_wall_to_walk(statuses) -> None:
    found = statuses(
        "My neck has been stiff for months. Keys are always slipping out of my fingers and I have to touch "
        "the walls when I walk to the bathroom."
    )
    assert found.get("myelopathic_hands") is Status.PRESENT
    assert found.get("gait_imbalance") is Status.PRESENT


def test_a_painful_swollen_hand_dropping_a_cup_is_not_myelopathy(assess, statuses) -> None:
    """The twin: a cup falling from a hand that is burning and swollen after a fracture is CRPS, not the cord."""
    text = (
        "Since I broke my wrist in March the hand is swollen, purple and burning, and the cup keeps falling from "
        "my hand because it hurts so much to grip. I get a stiff neck from holding it still."
    )
    assert statuses(text).get("myelopathic_hands") is not Status.PRESENT
    assert "cervical_myelopathy" not in flags(assess(text))


# ------------------------------------------------- lay words for a tearing pain and a pulsating belly lump


def test_a_tear_through_to_the_belly_with_a_beating_lump_is_a_vascular_emergency(assess, statuses) -> None:
    text = (
        "My dad is 78 and smokes. An hour ago he said something ripped in his back and went right through to his "
        "stomach, the pain is unbearable and he's clammy and white."
    )
    assert statuses(text).get("tearing_pain") is Status.PRESENT
    result = assess(text)
    assert "vascular_emergency" in flags(result)
    assert result["triage"]["level"] == "emergency"


def test_a_lump_in_the_tummy_that_throbs_like_a_heart_is_a_felt_pulsation(assess, statuses) -> None:
    text = "I'm 69 with backache and there is a swelling in my tummy that throbs like a second heart."
    assert statuses(text).get("felt_abdominal_pulsation") is Status.PRESENT
    assert "vascular_emergency" in flags(assess(text))


def test_a_tear_felt_lifting_in_the_back_alone_is_no_tearing_pain(statuses) -> None:
    """The twin: something going in the back on lifting, with no tear through to the front, is a strain."""
    text = "I felt something go in my lower back when I lifted the sofa and it has been stiff since."
    assert statuses(text).get("tearing_pain") is not Status.PRESENT
