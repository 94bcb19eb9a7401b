"""False alarms of the outside reviewers' round 22 (issue 10), fixed as patterns: a scoped denial of a thunderclap, a
relative's brain bleed, brief neuralgic paroxysms, the idiom "can't stand the ...", weight lost on purpose, a past
catheter with normal waterworks since, a disc's height loss, the unread net reading denials and family history with
the reader's own ConText, "die" for "dye", leg symptoms spreading to the other side, and a drug's bladder effect
beside symptoms in both legs. Every note is our own wording; each pattern has a twin where the true flag still fires
(safety first: no true flag is lost)."""

from __future__ import annotations

import pytest

from painpath.domain.model import Status
from painpath.narrative.pipeline import NarrativeReader
from tests.conftest import flags

P, A = Status.PRESENT, Status.ABSENT
UNREAD = "unread_red_flag_words"


def _unread(result: dict) -> list[str]:
    return [entry["text"] for entry in result.get("unread", [])]


# ------------------------------------------------------------------------------------------- 1. thunderclap headache


@pytest.mark.parametrize(
    "text",
    [
        # (a) a denial the reader scopes: "none of ... ever", "never a ..."
        "Throbbing one-sided headaches for twelve years with nausea; none of them has ever been sudden or maximal at "
        "onset.",
        "Migraine since her twenties. None of her headaches have ever come on suddenly, they build over an hour.",
        "Pressure headaches most afternoons; never a sudden worst-ever headache, never a thunderclap.",
        # (b) a relative's brain bleed
        "Tension-type headache for months. Her brother died of a subarachnoid haemorrhage at 45 after the worst "
        "headache of his life.",
        "Daily band-like headache since the spring. FHx: mother had a sudden thunderclap headache from a burst "
        "aneurysm.",
        # (c) brief recurrent paroxysms: neuralgia, not thunderclap
        "Stabbing pain in the right side of my face and head, the worst pain I've ever had when it hits, but it's "
        "over in seconds; dozens of times a day for four months.",
        "Electric jabs in my left temple lasting a second or two, many times a day since March, brushing my hair "
        "sets them off. The worst pain ever.",
    ],
)
def test_no_thunderclap_from_a_denial_a_relative_or_brief_paroxysms(assess, text: str) -> None:
    result = assess(text)
    assert "thunderclap_headache" not in flags(result)
    assert result["triage"]["level"] != "emergency"


@pytest.mark.parametrize(
    "text",
    [
        # twins: the patient's own thunderclap, beside a denial, a relative or a word of seconds
        "Headache came on suddenly while lifting at the gym, the worst headache of my life, still there four hours "
        "later.",
        "None of the painkillers touch it: a sudden explosive headache last night, the worst ever, and I was sick.",
        "My uncle had a brain bleed. Yesterday I had a sudden headache, the worst of my life, reaching its peak "
        "within seconds and lasting all evening.",
        "Sudden severe headache during sex, worst pain I have ever had, peaked in seconds and has lasted since.",
    ],
)
def test_a_true_thunderclap_still_fires(assess, text: str) -> None:
    result = assess(text)
    assert "thunderclap_headache" in flags(result)
    assert result["triage"]["level"] == "emergency"


# ---------------------------------------------------------------------------------------- 2. "can't stand" the idiom


@pytest.mark.parametrize(
    "text",
    [
        "Low back ache for three weeks, and with the pain I can't stand the telly on or the kids shouting.",
        "Sore lower back since Easter; I cannot stand the noise at work and can't stand my manager either.",
        "Neck pain for a month. Could not stand the radio in the car this week.",
    ],
)
def test_cant_stand_something_is_the_idiom_not_an_inability_to_stand(statuses, text: str) -> None:
    assert statuses(text).get("unable_to_walk") is not P


@pytest.mark.parametrize(
    "text",
    [
        "Low back pain since I slipped on the ice yesterday and now I can't stand up.",
        "Sciatica for a week, and today I can't stand on my left leg.",
        "Back pain, unable to stand since this morning.",
        "Since last night he cannot stand without holding the wall.",
    ],
)
def test_cant_stand_up_is_still_an_inability_to_stand(statuses, text: str) -> None:
    assert statuses(text).get("unable_to_walk") is P


# ------------------------------------------------------------------------------------------ 3. weight lost on purpose


@pytest.mark.parametrize(
    "text",
    [
        "Aged 58, low back pain for a year, worse at night. I've lost 3 stone on Slimming World this year.",
        "Back ache for eight weeks, age 62. On a diet since January and have lost 10 kg, trying to lose weight for "
        "my knees.",
        "Thoracic back pain for six weeks, 66 years old; since starting Mounjaro she has lost two stone.",
        "Low back pain at night, aged 71. Intentional weight loss of 6 kg with the practice nurse.",
    ],
)
def test_weight_lost_on_purpose_is_no_malignancy_flag(assess, text: str) -> None:
    result = assess(text)
    assert "spinal_malignancy" not in flags(result)


@pytest.mark.parametrize(
    "text",
    [
        # twins: unexplained loss, and a loss said with a denial of dieting
        "Aged 58, low back pain for a year, worse at night. I've lost 3 stone without trying.",
        "Back pain for six weeks waking him at night, age 64, and he has lost weight, he doesn't know why.",
        "Aged 67, back pain at night for a month; I've lost 2 stone and I'm not on a diet.",
        "Mid back pain for three weeks, 59 years old. Lost 8 kg since the summer.",
    ],
)
def test_unexplained_weight_loss_still_counts(assess, text: str) -> None:
    result = assess(text)
    assert "spinal_malignancy" in flags(result)


# ---------------------------------------------------------------------------- 4. a past catheter, waterworks fine since


@pytest.mark.parametrize(
    "text",
    [
        "Back pain and left sciatica for three weeks. After my hip operation I couldn't pass water for a day and had "
        "a catheter, that sorted itself out in hospital and my waterworks have been fine since.",
        "Right-sided sciatica for a month. After his hernia repair he could not pass urine and needed a catheter "
        "overnight, and his bladder has been fine ever since.",
    ],
)
def test_a_resolved_post_operative_retention_is_history(assess, text: str) -> None:
    result = assess(text)
    assert "cauda_equina_syndrome" not in flags(result)
    assert result["triage"]["level"] != "emergency"


@pytest.mark.parametrize(
    "text",
    [
        # twins: new retention now, with or without an old one
        "Back pain and left sciatica for three weeks. Since yesterday I can't pass water.",
        "Left sciatica for a month. After the op years ago I had a catheter, that sorted itself out, but since this "
        "morning I can't pass water again.",
        "Sciatica down both legs; my bladder had been fine since the op until yesterday, now I can't pee.",
    ],
)
def test_new_retention_still_raises_cauda_equina(assess, text: str) -> None:
    result = assess(text)
    assert "cauda_equina_syndrome" in flags(result)
    assert result["triage"]["level"] == "emergency"


# ------------------------------------------------------------------------------------------ 5. a disc's height loss


@pytest.mark.parametrize(
    "text",
    [
        "Low back pain for a year. MRI: L4/5 disc desiccation with mild height loss and a small central bulge.",
        "Chronic low back pain. MRI lumbar spine: moderate height loss at L5/S1 and disc height loss at L3/4.",
        "Back pain for two years. MRI shows degenerate discs with some loss of height at L4/5.",
    ],
)
def test_disc_height_loss_is_no_vertebral_fracture(statuses, assess, text: str) -> None:
    assert statuses(text).get("imaging_vertebral_fracture") is not P
    assert "vertebral_fracture" not in flags(assess(text))


@pytest.mark.parametrize(
    "text",
    [
        "Sudden back pain after a cough, age 74. MRI: 30% height loss of the T12 vertebral body.",
        "Back pain for a fortnight, 80 years old. X-ray: anterior wedging of L1 with height loss.",
        "MRI: L4/5 disc desiccation; T11 compression fracture with 40% height loss. Back pain since a fall.",
    ],
)
def test_vertebral_height_loss_still_counts(statuses, text: str) -> None:
    assert statuses(text).get("imaging_vertebral_fracture") is P


# ------------------------------------------------------------------ 6. the unread net reads denials and family history


@pytest.mark.parametrize(
    "text",
    [
        "Low back pain for four months, worse bending. I haven't lost any weight (more's the pity!).",
        "Mechanical low back pain for three months. My dad died of prostate cancer at 70.",
        "Back pain for three months after lifting. FHx: grandmother died of bowel cancer aged 85.",
        "Neck pain for six weeks. PMH: basal cell carcinoma removed from his cheek in 2019.",
        "Sore back for two months. No fevers or night sweats, never had cancer.",
    ],
)
def test_denials_and_family_history_count_as_read(assess, text: str) -> None:
    result = assess(text)
    assert UNREAD not in result["triage"]["rules"], _unread(result)
    assert result["triage"]["level"] == "routine"


@pytest.mark.parametrize(
    "text",
    [
        # twins: the same words said of the patient now, which the reader does not understand, still go to a clinician
        "Low back pain for four months. The weight keeps dropping off me lately.",
        "Sore back for two months. They found a lesion on the scan and nobody explained it.",
        "Back pain for a year. Her weight keeps going down and she eats normally.",
        # a denial whose scope ends before the word ("but") leaves it unread
        "Back pain for a year. I don't know why, but the weight keeps dropping off.",
    ],
)
def test_a_genuinely_unread_sentence_still_raises_triage(assess, text: str) -> None:
    result = assess(text)
    assert result["triage"]["level"] != "routine"


def test_the_net_asks_the_readers_context_about_each_word(kb) -> None:
    reader = NarrativeReader(kb)
    denied = reader.read("Back pain for a month. She has not had any weight change at all.")
    assert not denied.unread
    told = reader.read("Back pain for a month. She has had a big weight change this year.")
    assert [u.words for u in told.unread] == [("weight",)]


# --------------------------------------------------------------------------------------- 7. dye, both legs, the drug


@pytest.mark.parametrize(
    "text",
    [
        "Back pain much better now. I want to die my hair purple for the wedding.",
        "Knee pain on stairs; my daughter is going to die it pink for me next week.",
    ],
)
def test_die_for_dye_is_no_suicide_risk(assess, text: str) -> None:
    result = assess(text)
    assert "suicide_risk" not in flags(result)


@pytest.mark.parametrize(
    "text",
    [
        "Pain for years and some days I want to die.",
        "I just want to die, the pain never stops.",
        "Constant back pain, I want to die the way things are.",
        "I want to die. My hair is falling out with the chemo and the pain is awful.",
    ],
)
def test_a_wish_to_die_still_raises_suicide_risk(assess, text: str) -> None:
    result = assess(text)
    assert "suicide_risk" in flags(result)
    assert result["triage"]["level"] == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "Sciatica down my left leg for two weeks with numb toes; now it's going down the right leg too.",
        "Left-sided sciatica since Monday, pins and needles in the calf. Now also shooting into the other leg.",
    ],
)
def test_spread_to_the_other_leg_is_both_legs(statuses, text: str) -> None:
    assert statuses(text).get("bilateral_leg_symptoms") is P


@pytest.mark.parametrize(
    "text",
    [
        "Sciatica down my left leg for two weeks; the pain is not going down the right leg too.",
        "Sciatica down my left leg for two weeks. Knee replacement in the right leg as well, years ago.",
        "Pain in my back and down my right leg too.",
    ],
)
def test_one_leg_stays_one_leg(statuses, text: str) -> None:
    assert statuses(text).get("bilateral_leg_symptoms") is not P


@pytest.mark.parametrize(
    "text",
    [
        # even a clinician's attribution does not settle a bladder change beside symptoms in both legs or saddle numbness
        "Sciatica in both legs for a week. Urinary retention, likely due to the amitriptyline.",
        "Bilateral sciatica for five days. Amitriptyline has given him difficulty passing urine.",
        "On amitriptyline for 3 days, which gave her urinary hesitancy. Pain in both legs for a month.",
        "Left sciatica for ten days, now going down the right leg too. Amitriptyline gave her urinary hesitancy.",
    ],
)
def test_a_drug_bladder_effect_beside_both_legs_keeps_cauda_equina(assess, text: str) -> None:
    result = assess(text)
    assert "cauda_equina_syndrome" in flags(result)
    assert result["triage"]["level"] == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        # twins: one leg, the stated effect still settles it
        "Left sciatica for a month. Amitriptyline gave her urinary hesitancy, so it was stopped.",
        "Sciatica down the right leg for six weeks; amitriptyline caused difficulty passing urine, since stopped.",
    ],
)
def test_a_drug_bladder_effect_with_one_leg_stays_settled(assess, text: str) -> None:
    result = assess(text)
    assert "cauda_equina_syndrome" not in flags(result)
    assert result["triage"]["level"] != "emergency"
