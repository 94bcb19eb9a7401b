"""Round 41 (fix41v, published-style vignettes): the patterns behind the round's misses, in the reported and our own words.

- a blow simile that lands on the head itself ("as if someone smashed the back of my head with a cricket bat") is the
  thunderclap's explosive onset: emergency even in a known migraineur; a real blow or a tap is not it;
- a sudden or worst-ever onset denied with "none" standing alone ("none has ever come on suddenly or been the worst
  of her life") is no thunderclap; a first sudden one told after such a denial still is;
- weight lost with an adverb of intent before the verb ("he has deliberately lost 14 kg") is no unexplained weight
  loss; "not deliberately" keeps it;
- a tearing ache of months, come on gradually, with the aorta imaged normal ("CT aortogram ... was normal") is no
  vascular emergency; a sudden onset or a pain of a day keeps it;
- numbness creeping up the legs in a sentence that opens on years of it is a polyneuropathy's natural history, not a
  progressive deficit; a spread over the last weeks or a weakness beside it keeps the flag.
"""

from __future__ import annotations

import pytest

from tests.conftest import absent, at_least, flags, level, present

# ---------------------------------------------------------------- the blow simile on the head


@pytest.mark.parametrize(
    "text",
    [
        # the reported wording (r41v_07)
        "A 41-year-old primary school teacher is brought in by her partner. Forty minutes ago, during sexual "
        "intercourse, she felt \"as if someone smashed the back of my head with a cricket bat\" and it was at full "
        "strength immediately. She vomited twice. She has had migraine without aura since her teens, about two attacks "
        "a month, treated with sumatriptan, and says \"this is nothing like my migraines.\" GCS 15, mild neck "
        "stiffness, no focal neurology.",
        "Had my usual migraines for years. An hour ago it felt like somebody had whacked the top of my skull and I've "
        "been sick since.",
        "He was lifting at work when it felt as though someone had slammed the side of his head. Known migraineur.",
    ],
)
def test_a_blow_simile_on_the_head_is_a_thunderclap(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "worst_ever_headache")
    assert "thunderclap_headache" in flags(result)
    assert level(result) == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        # the negative twins: a real blow (no simile) and a tap, not a blow
        "A man at the pub smashed the back of my head with a bottle last night and it has ached since.",
        "My migraine felt as if someone tapped the back of my head, building over two hours, same as usual.",
    ],
)
def test_a_real_blow_or_a_tap_is_no_thunderclap(assess, text: str) -> None:
    result = assess(text)
    assert not present(result, "worst_ever_headache")
    assert "thunderclap_headache" not in flags(result)


# ---------------------------------------------------------------- "none has ever come on suddenly"


@pytest.mark.parametrize(
    "text",
    [
        # the reported wording (r41v_14)
        "A 27-year-old graphic designer describes recurrent headaches for six years. Each begins with a shimmering "
        "zig-zag line in her right visual field that spreads over 20 minutes, followed by a throbbing left temple "
        "headache building over about an hour with nausea, photophobia and phonophobia, lasting most of a day. She "
        "has three or four a month, more around menses. Asked directly, she says none has ever come on suddenly or "
        "been the worst of her life; all are \"the same old pattern\". Neurological examination and fundoscopy are "
        "normal.",
        "My headaches build slowly with zigzag lines first, three a month for years. Not one was ever sudden, and none "
        "has been the worst of my life.",
        "Migraine with aura since school, attacks building over an hour. Neither has been sudden or maximal at onset, "
        "she says of the last two.",
    ],
)
def test_none_standing_alone_denies_the_thunderclap(assess, text: str) -> None:
    result = assess(text)
    assert not present(result, "sudden_onset")
    assert "thunderclap_headache" not in flags(result)
    assert level(result) in ("routine", "soon")


def test_a_sudden_headache_after_the_denial_keeps_the_thunderclap(assess) -> None:
    # the negative twin: the old ones denied, today's told sudden and the worst
    result = assess(
        "Migraines for years. Neither of the last two was sudden. But today the headache came on suddenly, the worst "
        "of my life."
    )
    assert "thunderclap_headache" in flags(result)
    assert level(result) == "emergency"


# ---------------------------------------------------------------- weight lost on purpose, the adverb first


@pytest.mark.parametrize(
    "text",
    [
        # the reported wording (r41v_17)
        "A 59-year-old bus driver presents with 14 months of left groin pain radiating to the anterior thigh and knee, "
        "worse after walking 500 m. He has deliberately lost 14 kg over nine months on a supervised low-calorie "
        "programme from his diabetes team. No night sweats or pain at rest. FADIR positive on the left.",
        "Back pain for 6 months in a 62 year old. I purposely dropped two stone this year by cutting out beer and "
        "bread. No night pain.",
        "Low back pain for 5 months, 64 year old man. He has intentionally shed about 9 kg since his heart attack.",
    ],
)
def test_weight_lost_deliberately_is_no_malignancy_feature(assess, text: str) -> None:
    result = assess(text)
    assert absent(result, "weight_loss")
    assert not present(result, "weight_loss")
    assert "spinal_malignancy" not in flags(result)


def test_weight_lost_not_deliberately_keeps_the_flag(assess) -> None:
    # the negative twin
    result = assess("Back pain for 6 months, 64 year old man. He has lost 9 kg, and not deliberately - he is eating as normal.")
    assert present(result, "weight_loss")
    assert "spinal_malignancy" in flags(result)


# ---------------------------------------------------------------- a months-long tearing ache with a normal aortogram


@pytest.mark.parametrize(
    "text",
    [
        # the reported wording (r41v_21)
        "A 49-year-old chef attends worried about \"tearing\" upper back pain between the shoulder blades because his "
        "father died of an aortic dissection aged 70. His own pain has been present for three months, came on "
        "gradually after working double shifts, is a dull ache worse by the end of service and eased by a hot shower. "
        "BP 124/78 in both arms, equal radial pulses, CT aortogram arranged by his GP last month was normal. Tender "
        "taut band in left rhomboid reproducing his pain.",
        "Ripping pain between my shoulder blades on and off for six months, builds up slowly over the day. My "
        "aortogram was normal in March. Physio says it's muscular.",
        "She has had a tearing ache in the low back for 5 months, gradually worse; a normal CT aortogram last month. "
        "No collapse.",
    ],
)
def test_a_months_long_tearing_ache_with_a_normal_aortogram_is_no_vascular_emergency(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "aorta_normal_on_imaging")
    assert "vascular_emergency" not in flags(result)


@pytest.mark.parametrize(
    "text",
    [
        # the negative twins: a tearing pain of a day, and a sudden worsening today
        "Tearing upper back pain since yesterday. A CT aortogram two years ago was normal.",
        "Tearing back ache for 5 months, CT aortogram normal in the summer, but this morning it came on suddenly much "
        "worse, tearing through to his chest.",
    ],
)
def test_a_recent_or_sudden_tearing_pain_keeps_the_vascular_emergency(assess, text: str) -> None:
    result = assess(text)
    assert "vascular_emergency" in flags(result)
    assert level(result) == "emergency"


def test_an_aortogram_not_normal_is_no_normal_aorta(assess) -> None:
    result = assess("She has had a tearing ache in the upper back for 5 months; CT aortogram last month was not normal.")
    assert not present(result, "aorta_normal_on_imaging")
    assert "vascular_emergency" in flags(result)


# ---------------------------------------------------------------- numbness creeping up over years


@pytest.mark.parametrize(
    "text",
    [
        # the reported wording (r41v_30)
        "A 66-year-old man with type 2 diabetes for 18 years presents with a three-year history of burning, \"pins and "
        "needles\" and numbness in both feet, now creeping up to mid-shin, worse at night. He himself has no back "
        "pain, no weakness, and walks without tripping. Stocking distribution loss of pinprick, absent ankle reflexes, "
        "power 5/5. Nerve conduction: length-dependent sensorimotor axonal polyneuropathy.",
        "I've had a 4 year history of tingling and numbness in my toes, now it's moved up to my ankles, worse at "
        "night. Sugar not well controlled.",
        "Type 2 diabetic. For five years her feet have been numb and burning, now spreading up to the knees. Power "
        "normal.",
    ],
)
def test_numbness_creeping_up_over_years_is_no_progressive_deficit(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "numbness_creep_over_years")
    assert not present(result, "progressive_weakness")
    assert "progressive_neurologic_deficit" not in flags(result)


@pytest.mark.parametrize(
    "text",
    [
        # the negative twins: the spread told over the last weeks, and a weakness beside it
        "For five years her feet have been numb, now spreading up to the knees over the last two weeks.",
        "For five years her feet have been numb, now spreading up to the knees, and her legs are getting weaker.",
    ],
)
def test_a_recent_spread_or_a_weakness_keeps_the_progressive_deficit(assess, text: str) -> None:
    result = assess(text)
    assert "progressive_neurologic_deficit" in flags(result)
    assert at_least(result, "urgent")
