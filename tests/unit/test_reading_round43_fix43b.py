"""Round 43 (fix43b): the outside reviewer's patients and relatives in their own words (r43b), fixed as patterns.

- a veiled farewell that foretells an overdose or a death to the hearer ("if you ever hear I've taken all my tablets,
  it's because of this pain"; "by mistake" after it changes nothing), or "if anything happens to me" with a reason or
  an absolution after it: thoughts of suicide told as a parting (C-SSRS, posner2011_cssrs; the last session's gap);
- doses put, hidden or stored somewhere instead of being taken, things given away "he won't be needing them", and
  the place of the insurance or the will told outright ("the insurance is in the blue folder") (r43b_06, a wife's email: C-SSRS preparatory behaviour, cssrs_screener_behaviour);
- the first-ever statement with the pain named in a second language's tense ("I never have pain like this in all my
  life") and lifting told before the head pain ("when I was lifting the box suddenly come pain in the back of my
  head"): a thunderclap headache (r43b_05, do2019);
- a scalp denied tender in a list's shorthand ("scalp not tender") is no pain over the scalp (r43b_20: a trigeminal
  neuralgia after 50 was a new headache, urgent);
- a back told as "the back thing" with a verb of its start is a back complaint (r43b_21: no pain complaint found).
"""

from __future__ import annotations

import pytest

from tests.conftest import flags, level, present, ranked

# ---------------------------------------------------------------- a veiled farewell (the last session's gap)


@pytest.mark.parametrize(
    "text",
    [
        "If you ever hear I've taken all my tablets, it's because of this pain. My back is agony every day.",
        # "by mistake" after it: an overdose foretold to be passed off as an accident is the same communication
        "If you ever hear I've taken all my tablets by mistake, it's because of this pain. My back is agony every day.",
        "Low back pain for a year, nothing works. If my wife finds out I've taken the lot, tell her it was the pain, "
        "not her.",
        "Neck pain, constant, two years. Tell the doctor that if he ever hears I've swallowed all my oxycodone, it's "
        "this neck that did it.",
        "Back pain for years after the fusion. If you ever hear I've ended it, know it was the pain.",
        "Back agony for years. If something happens to me it's because of this pain.",
        "Fibromyalgia for 6 years, pain everywhere. If anything happens to me, please know none of it was anyone's "
        "fault.",
    ],
)
def test_a_veiled_farewell_foretelling_an_overdose_or_a_death_is_suicide_risk(assess, text: str) -> None:
    result = assess(text)
    assert "suicide_risk" in flags(result)
    assert level(result) == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        # dark humour with an ordinary act, a question about an accidental double dose, an operation's risk, the
        # week's tablets used up, and a trip
        "If you ever hear I've taken up yoga, it's because of this pain. My back is agony every day.",
        "My back is agony every day. What should I do if I take all my tablets twice by mistake? My memory is bad.",
        "Back pain for a year. If anything happens to me during the operation, my daughter has the papers.",
        "If you hear I've taken all my tablets for the week already, it's because the pain is so bad. Back pain.",
        "Low back pain, stiff in the mornings. If you hear I'm gone to Spain it's for the sun on this back.",
        "Back pain, fusion booked. If anything happens to me in the operation, don't blame the surgeon.",
        "Back pain from lifting the tiles. If my wife finds out I've done it again she'll kill me.",
        "Neck pain. If the nurses find out I'm gone home early they'll be cross.",
        "Back pain after the darts final. If my wife hears I've had too many again she'll kill me.",
        "Back pain, fusion booked. If anything happens to me, don't blame the surgeon, I know the risks.",
    ],
)
def test_a_conditional_that_foretells_no_overdose_or_death_is_no_suicide_risk(assess, text: str) -> None:
    result = assess(text)
    assert "suicide_risk" not in flags(result)
    assert level(result) == "routine"


# ---------------------------------------------------------------- preparatory behaviour told by a relative

R43B_06 = (
    "I'm writing on behalf of my husband, who is your patient after his two back operations. He doesn't know I'm "
    "emailing. Since the surgeon told him last month there's nothing more they can do, he has changed. He has given "
    "his fishing gear and his watch to our son, he says he won't be needing them. He has been putting his evening "
    "tramadol and pregabalin in a tub in the shed instead of taking them, I found it yesterday, it's nearly full. He "
    "told me \"you'll be fine, the paperwork's all sorted, the insurance is in the blue folder\". His pain is still "
    "terrible down the left leg. Please can someone call him, but please don't say I wrote.\n"
)


@pytest.mark.parametrize(
    "text",
    [
        R43B_06,
        "Back pain after two operations. He has given his fishing gear and his watch to our son, he says he won't be "
        "needing them.",
        "Back pain after two operations. He has been putting his evening tramadol and pregabalin in a tub in the shed "
        "instead of taking them.",
        "My dad has had back pain for a year. Last week he gave his golf clubs and his good camera to my brother and "
        "said he won't be needing them.",
        "My mum's neck pain is worse. She's been tucking her amitriptyline into a biscuit tin rather than taking them.",
        "Dad's back pain is no better. He is storing his codeine in the garage instead of taking it.",
        "My husband has back pain after two operations. He told me \"you'll be fine, the paperwork's all sorted, the "
        "insurance is in the blue folder\".",
        "Chronic neck pain, very low. She keeps telling me the will is in the top drawer of the bureau.",
    ],
)
def test_doses_put_away_or_things_given_away_are_preparatory_behaviour(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "suicide_preparatory")
    assert "suicide_risk" in flags(result)
    assert level(result) == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "Back pain after the fusion. He gave his crutches back to the hospital, he won't be needing them now.",
        "Knee pain. I gave my old running shoes and my spare bike to my nephew, I won't be needing them now that I'm "
        "swimming instead.",
        "Neck pain. She has been putting her pregabalin in the bin instead of taking them because they make her dizzy.",
        "Back pain. I've been putting my tramadol in the dosette box instead of taking them out of the packet.",
        "Back pain since the crash. He said the insurance papers are in the glovebox for the claim.",
        "Knee pain. My wife told me the insurance is in the blue folder, I need it for the holiday next week.",
    ],
)
def test_things_returned_or_doses_discarded_or_organised_are_no_preparation(assess, text: str) -> None:
    result = assess(text)
    assert not present(result, "suicide_preparatory")
    assert "suicide_risk" not in flags(result)


# ---------------------------------------------------------------- a thunderclap told in a second language

R43B_05 = (
    "Dear clinic, I am patient with the neck pain, I have appointment next month. I want to ask. Today in the morning "
    "when I was lifting the box suddenly come pain in the back of my head like somebody hit me with stick, very very "
    "strong, in one second it was full. I never have pain like this in all my life, I have vomit two times and the "
    "light is hurting my eyes. Now is 2 hours and still strong. My brother say take the tablet and sleep. Can I take "
    "the ibuprofen with my neck medicine?\n"
)


@pytest.mark.parametrize(
    "text",
    [
        R43B_05,
        "Sudden headache this morning at the back of my head. I've never had pain like this before.",
        "Sudden headache at the back of my head while reading. I never in my life have such strong pain.",
        "While he was pulling the mower cord, suddenly came a terrible pain in the back of his head.",
    ],
)
def test_a_sudden_headache_unlike_any_or_on_lifting_is_a_thunderclap(assess, text: str) -> None:
    result = assess(text)
    assert "thunderclap_headache" in flags(result)
    assert level(result) == "emergency"


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("Today suddenly come pain in the back of my head, in one second it was full. I never have pain like this in "
         "all my life.", "unlike_any_headache_said"),
        ("Today when I was lifting the box suddenly come pain in the back of my head.", "exertional_onset"),
    ],
)
def test_each_new_reading_stands_alone(assess, text: str, finding: str) -> None:
    result = assess(text)
    assert present(result, finding)
    assert "thunderclap_headache" in flags(result)


@pytest.mark.parametrize(
    "text",
    [
        # a back that went suddenly with a headache from no sleep; a migraine that built over hours
        "My back went suddenly when I lifted the shopping, never had pain like this in my back. I have a bit of a "
        "headache too from no sleep.",
        "Migraine again, started with zigzags, built up over 2 hours like always. I never have pain like this in my "
        "legs though, only in the head.",
    ],
)
def test_a_pain_placed_elsewhere_or_a_gradual_migraine_is_no_thunderclap(assess, text: str) -> None:
    result = assess(text)
    assert "thunderclap_headache" not in flags(result)
    assert level(result) != "emergency"


# ---------------------------------------------------------------- a scalp denied tender in shorthand

R43B_20 = (
    "Dear doctor, I am 58. For two months I get stabs like electric shock in my right cheek and upper teeth, each one "
    "few seconds, many times a day. It comes when I brush the teeth, touch my face, or the wind, or sometimes chewing "
    "starts it. Between the shocks no pain at all. No headache, my eyes are fine, scalp not tender. The GP did the "
    "blood test for the artery inflammation and said it was normal. The dentist found nothing. I am afraid to eat.\n"
)


@pytest.mark.parametrize(
    "text",
    [
        R43B_20,
        "62 year old, 6 weeks of electric jabs in the left lower lip when shaving and talking, seconds each. Scalp not sore, "
        "vision fine, no headache.",
        "Age 71. Brief shocks in the right upper lip and cheek on touching the face, many a day for a month. No jaw "
        "pain on chewing, scalp fine, eyes fine.",
    ],
)
def test_a_scalp_denied_in_shorthand_is_no_new_headache(assess, text: str) -> None:
    result = assess(text)
    assert not present(result, "scalp_radiation")
    assert "giant_cell_arteritis" not in flags(result)
    assert level(result) in {"routine", "soon"}


@pytest.mark.parametrize(
    "text",
    [
        "I am 74. New headache for three weeks over the right temple, scalp tender when I comb my hair.",
        "I am 70. Headache for two weeks, new for me, scalp sore on the left side.",
    ],
)
def test_a_tender_scalp_with_a_new_headache_after_50_stays_arteritis(assess, text: str) -> None:
    result = assess(text)
    assert "giant_cell_arteritis" in flags(result)
    assert level(result) in {"urgent", "emergency"}


# ---------------------------------------------------------------- "the back thing"

R43B_21 = (
    "I had covid about two months ago with a temperature for 3 days but that's long gone, no fever since. The back "
    "thing started last week after I moved a wardrobe, low down on the right, catches when I bend to put my socks on, "
    "eases with walking about. No injections, never used drugs, not on any immune medicines. 38, work in a "
    "warehouse.\n"
)


@pytest.mark.parametrize(
    "text",
    [
        R43B_21,
        "Hi, 44, my back issue kicked off again on Saturday gardening, right side low down.",
        "Update: his back problem flared up at work yesterday, he can hardly bend.",
    ],
)
def test_the_back_thing_with_a_verb_of_its_start_is_a_back_complaint(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "low_back_pain")
    assert ranked(result)
    assert "spinal_infection" not in flags(result)


def test_a_back_problem_told_sorted_is_no_back_complaint(assess) -> None:
    result = assess("Knee sore on the stairs for a month, clicks. My back problem is all sorted now since the physio.")
    assert not present(result, "low_back_pain")
