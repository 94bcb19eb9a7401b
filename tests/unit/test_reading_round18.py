"""Reading, round 18 (issue 10): patterns found behind a blind reviewer's misses, each in our own words, each with a
benign twin that must not fire. The reviewer's notes themselves are only measured (../review/round18_*.yaml)."""

from __future__ import annotations

import pytest

from painpath.domain.model import Status
from tests.conftest import flags, ranked

P = Status.PRESENT

# ---------------------------------------------------------------------------------------------- safety: red flags


@pytest.mark.parametrize(
    ("flag", "text"),
    [
        # a past cancer with new spinal pain told in lay words: "a pain low in my back", night pain "in the middle of
        # the night", rest pain "even when I'm lying still"
        ("spinal_malignancy", "My chemo for bowel cancer ended three years back. Now a pain low down in my back "
                              "that wakes me in the middle of the night."),
        ("spinal_malignancy", "Treated for a melanoma in 2016. An ache lower in my back has been there for weeks, "
                              "even when I'm lying still."),
        # suicide risk without the word: a burden that would be lifted, an overdose with not waking, a goodbye note,
        # a method kept unsaid
        ("suicide_risk", "My neck has hurt for years. My husband would have it easier if I wasn't around."),
        ("suicide_risk", "The pain never stops and I keep thinking I could swallow all my painkillers and never "
                         "wake up."),
        ("suicide_risk", "Chronic hip pain. Her son found a letter she had written saying goodbye to the family."),
        ("suicide_risk", "Phantom limb pain. He says the pain will not end and that he has figured out how."),
        ("suicide_risk", "Widespread pain for a decade and honestly I can't keep doing this."),
        # thunderclap in second-language English: an explosion inside the head, the worst of a whole life
        ("thunderclap_headache", "Yesterday while running, inside my head it was like a bomb, the worst pain I had "
                                 "in my life."),
        # injecting drug use in the first person, a lay temperature, a back that is "killing me in the middle"
        ("spinal_infection", "I won't lie, I've been injecting for a while. My back is killing me in the middle "
                             "and I'm shaking with cold."),
        ("spinal_infection", "Back pain for a week and my temp was 38 something last night."),
    ],
)
def test_round_18_red_flags_in_other_words(assess, flag: str, text: str) -> None:
    result = assess(text)
    assert flag in flags(result)
    assert result["triage"]["level"] in {"urgent", "emergency"}


@pytest.mark.parametrize(
    ("flag", "text"),
    [
        # benign twins: a relative's cancer, pills finished as prescribed, a machine worked out, a thank-you card,
        # an explosion of noise, a prescribed injection, a normal temperature
        ("spinal_malignancy", "My sister had breast cancer. I have a pain low in my back since moving house."),
        ("suicide_risk", "The antibiotics were a big box but I took them all and finished the course. Back ache."),
        ("suicide_risk", "I took them all at bedtime and didn't wake up in pain for once. Neck pain."),
        ("suicide_risk", "Knee pain. He has worked out how to use the TENS machine at last."),
        ("suicide_risk", "Back pain. She left a card for the nurses saying goodbye and thank you on discharge."),
        ("suicide_risk", "Low back pain. It would be easier if I wasn't here at 8am for the scan."),
        ("suicide_risk", "My knee is bad and I can't do this exercise anymore."),
        ("thunderclap_headache", "The fireworks next door were an explosion of noise and I have had a dull headache "
                                 "for a week."),
        ("thunderclap_headache", "The worst decision in my life was stopping the physio; my neck aches."),
        ("spinal_infection", "I inject my insulin four times a day. Low back pain after gardening."),
        ("spinal_infection", "He injects his adalimumab every fortnight; mid back ache for a month."),
        ("spinal_infection", "Not gonna lie, my back aches after the gym. My temp was 36 something, no sweats."),
    ],
)
def test_round_18_benign_twins_raise_no_flag(assess, flag: str, text: str) -> None:
    assert flag not in flags(assess(text))


# ---------------------------------------------------------------------------------------------- false flags


def test_a_length_dependent_neuropathy_is_not_a_bilateral_root_deficit(assess) -> None:
    """Numbness to the ankles in both legs for years with absent ankle jerks is a diabetic polyneuropathy (Toronto
    consensus), not cauda equina."""
    result = assess(
        "Diabetic for twenty years. Three years of burning in both feet; numbness in both legs up to the ankles "
        "and absent ankle jerks. Power normal."
    )
    assert "cauda_equina_syndrome" not in flags(result)
    assert result["triage"]["level"] in {"routine", "soon"}


def test_a_new_bilateral_deficit_in_a_diabetic_still_flags(assess) -> None:
    """The twin: the same words but new since yesterday, or with sciatica, stay an emergency."""
    for text in (
        "Type 2 diabetes. Since yesterday numbness in both feet and both legs, absent ankle jerks, pain down to the "
        "ankles.",
        "Diabetic for 10 years. Bilateral sciatica for 6 months, numbness in both feet, absent ankle jerks.",
    ):
        assert "cauda_equina_syndrome" in flags(assess(text)), text


@pytest.mark.parametrize(
    "text",
    [
        "Low back pain and sciatica. Amitriptyline gave me trouble passing water so I stopped it.",
        "Low back pain with sciatica. Tried nortriptyline (dry mouth, difficulty passing urine - stopped).",
    ],
)
def test_a_drug_side_effect_is_not_a_cauda_equina_symptom(assess, text: str) -> None:
    assert "cauda_equina_syndrome" not in flags(assess(text))


@pytest.mark.parametrize(
    "text",
    [
        "Sciatica on naproxen, and since yesterday I can't pass urine.",
        "Sciatica; on pregabalin (which made me dizzy) and yesterday I wet myself.",
        # beside a drug is not caused by it: a bladder symptom settles only when the note says the drug caused it
        "Low back pain and sciatica; difficulty passing urine on amitriptyline.",
        "Low back pain and bilateral sciatica for a week. Urinary retention since starting tramadol.",
        # no drug tie ever settles saddle numbness or bowel incontinence
        "Low back pain and sciatica. Saddle numbness since starting pregabalin.",
        "Back pain and sciatica. Pregabalin gave me numbness around my back passage.",
        "Sciatica in both legs; incontinent of faeces on morphine.",
    ],
)
def test_a_bladder_symptom_beside_a_drug_but_not_caused_by_it_still_flags(assess, text: str) -> None:
    assert "cauda_equina_syndrome" in flags(assess(text))


# ---------------------------------------------------------------------------------------------- ranking


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("Day 3 post R THA, pain on mobilising.", "recent_surgery"),
        ("Pain never goes past my knee.", "pain_to_knee"),
        ("The ache down my thigh doesn't reach below the knee.", "pain_to_knee"),
        ("It hurts to balance on my left leg or climb into the car.", "si_provoking_activities"),
        ("A sharp ache right beside the dimple above my buttock.", "pain_below_psis"),
        ("There is a knot under my left shoulder blade that aches.", "trigger_point"),
        ("No tingling in my hands, just a tight band of muscle in my neck.", "trigger_point"),
        ("I'm sure something is wrong, and the pain is worst in the middle of the night.", "night_pain"),
    ],
)
def test_round_18_lay_words_are_read(statuses, text: str, finding: str) -> None:
    assert statuses(text).get(finding) is P


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("Day 3 after the fall she is still sore in the lower back.", "recent_surgery"),
        ("I tied a knot in my shoelace and my back hurts when I bend.", "trigger_point"),
        ("The baby wakes me in the middle of the night. My back aches after lifting her.", "night_pain"),
        ("Afebrile, wound clean and dry, calf soft.", "pain_below_knee"),
    ],
)
def test_round_18_benign_words_are_not_read(statuses, text: str, finding: str) -> None:
    assert statuses(text).get(finding) is not P


def test_pain_after_a_knee_replacement_on_a_ward_round_is_postoperative(assess) -> None:
    result = assess("Ortho ward review. Day 1 post R TKA. 71F. Pain 6/10 on bending, 2/10 at rest. Afebrile, calf soft.")
    assert ranked(result)[0] == "postoperative_pain"
    assert result["triage"]["level"] in {"routine", "soon"}


def test_groin_pain_shooting_into_the_thigh_after_a_hernia_repair_is_not_new_root_pain(assess) -> None:
    result = assess(
        "Open inguinal hernia repair five months ago; since then a burning pain in my left groin that shoots down into "
        "my upper thigh when I walk."
    )
    # the ranking below radiculopathy without a scar or the surgical field named is a known calibration miss (README)
    assert "postoperative_pain" in ranked(result)[:3]
    assert result["triage"]["level"] == "routine"
