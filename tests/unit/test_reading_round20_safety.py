"""Reading, round 20 (issue 10), safety and triage: patterns found behind a blind reviewer's misses, each in our own
words and several voices, each new cue with a twin that must not fire. The reviewer's notes themselves are only
measured (../review/round20_*.yaml)."""

from __future__ import annotations

import pytest

from painpath.domain.model import Status
from tests.conftest import flags

# ---------------------------------------------------------------------------------------------- suicide risk (C-SSRS)


@pytest.mark.parametrize(
    "text",
    [
        # a method in reported speech, in a letter's medication paragraph
        "Current medication: morphine sulfate MR 20 mg bd, duloxetine 60 mg od. Chronic low back pain for 4 years. "
        "She told the practice nurse that she has thought about how she would end it.",
        # the third person, contracted
        "Neck and arm pain since the crash in 2021. Mr Lowe says he knows how he'd do it and has stopped seeing "
        "his friends.",
        # the family better off with the insurance money (a wish to be dead said as a benefit to others)
        "Meds: tapentadol 100 mg bd. My wife and kids would be better off with my life insurance, honestly. The "
        "back pain never stops.",
        # a stash held back from the prescribed doses, "just in case"
        "Widespread pain for years. Patient admits she has been holding back some of her tramadol just in case.",
        "Drug history: oxycodone 10 mg qds, gabapentin. He has been putting aside some of his morphine for when it "
        "all gets too much. Low back and leg pain.",
        # a passive wish, said in the medication paragraph
        "Current medications: pregabalin 150 mg bd, sertraline 100 mg. Burning feet for two years. She says she "
        "wishes she could go to sleep and never wake up.",
    ],
)
def test_suicide_risk_in_reported_speech_and_medication_paragraphs_is_an_emergency(assess, text: str) -> None:
    result = assess(text)
    assert "suicide_risk" in flags(result)
    assert result["triage"]["level"] == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        # a way out named: surgery
        "Sciatica for nine months, the injections wore off. I can't see a way out of this pain without surgery?",
        # a spare inhaler and a bag of paracetamol for an ordinary use
        "Asthmatic, 44, low back pain for 3 weeks. He keeps a spare inhaler just in case.",
        "Chronic neck pain. She keeps some of her paracetamol in her handbag just in case of a headache.",
        # better off with a mattress, or with the insurance paying for physio
        "Morning back stiffness. My back would be better off with a new mattress, I think.",
        "Whiplash 6 weeks ago. He'd be better off with the insurance paying for private physio.",
        # how to do the exercises, how he would manage the stairs
        "Knee pain after the replacement. She has thought about how to do the exercises at work.",
        "Hip arthritis, 71. He has thought about how he would manage the stairs after the operation.",
        # explicit denials
        "Low mood with the back pain. Denies thoughts of ending his life, no plan, not saving up tablets.",
    ],
)
def test_ordinary_words_near_the_new_cues_raise_no_suicide_risk(assess, text: str) -> None:
    result = assess(text)
    assert "suicide_risk" not in flags(result)
    assert result["triage"]["level"] != "emergency"


def test_hopelessness_alone_in_a_medication_paragraph_keeps_the_flag_at_its_floor(assess) -> None:
    result = assess(
        "Medication: co-codamol 30/500, amitriptyline 10 mg. Failed back surgery. He can't see any way out of this."
    )
    assert "suicide_risk" in flags(result)
    assert result["triage"]["level"] == "urgent"


def test_a_treated_mood_disorder_in_the_medication_paragraph_is_not_suicide_risk(assess) -> None:
    result = assess("Medications: sertraline 50 mg for low mood, naproxen. Low back pain for 5 weeks after lifting.")
    assert "suicide_risk" not in flags(result)


# ---------------------------------------------------------------------------------------------- thunderclap


@pytest.mark.parametrize(
    "text",
    [
        # a simile of onset with a weapon, then the third person's "worst ever"
        "Sudden headache at the gym, she says it felt like being struck on the top of the head with a hammer, the "
        "worst she has ever had.",
        # full intensity at once, in a phone triage note
        "Phone call: 52M, headache came on while straining on the toilet and was at full intensity right away. "
        "Vomited once.",
        # a relative's voice
        "My husband got a headache out of nowhere while we were in bed, he said it was the worst he's ever had.",
    ],
)
def test_thunderclap_in_other_words_is_an_emergency(assess, text: str) -> None:
    result = assess(text)
    assert "thunderclap_headache" in flags(result)
    assert result["triage"]["level"] == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        # a chronic tension headache that is not the worst ever, building slowly
        "Tension headaches for years, today's is not the worst she has ever had, it built up over the afternoon.",
        # an injury, not a simile: hit by a car last year
        "He was hit by a car last year and has had neck pain and a dull headache since.",
    ],
)
def test_headaches_without_a_thunderclap_are_not_flagged(assess, text: str) -> None:
    assert "thunderclap_headache" not in flags(assess(text))


def test_full_strength_of_a_pain_at_onset_is_not_normal_power(statuses) -> None:
    assert statuses("Headache, was at full strength straight away.").get("motor_weakness") is None
    assert statuses("Legs: full strength, reflexes normal. Back pain.").get("motor_weakness") is Status.ABSENT


# ---------------------------------------------------------------------------------------------- false flags


@pytest.mark.parametrize(
    "text",
    [
        # known, treated polymyalgia with the cranial symptoms denied
        "Mrs Adeyemi, 77, polymyalgia rheumatica on prednisolone 5 mg for two years. Fell against the door frame "
        "and has a sore left rib since. No headache, no scalp tenderness, vision fine.",
        "I'm 69 and have PMR, on steroids since 2023. My low back has ached for a month after digging the "
        "allotment.",
    ],
)
def test_polymyalgia_alone_is_no_giant_cell_arteritis(assess, text: str) -> None:
    assert "giant_cell_arteritis" not in flags(assess(text))


@pytest.mark.parametrize(
    "text",
    [
        # the positive twins: polymyalgia with a cranial feature, or with raised inflammatory markers
        "Mr Kowalski, 72, known PMR on prednisolone 10 mg. New ache over the left temple this week and his jaw "
        "aches when he chews.",
        "Woman of 74 with polymyalgia symptoms, stiff shoulders and hips every morning, ESR 68.",
        "PMR for a year. Now a new headache over both temples for 10 days, 71 years old.",
    ],
)
def test_polymyalgia_with_a_gca_feature_still_flags_gca(assess, text: str) -> None:
    result = assess(text)
    assert "giant_cell_arteritis" in flags(result)
    assert result["triage"]["level"] in {"urgent", "emergency"}


@pytest.mark.parametrize(
    "text",
    [
        "Low back pain for 6 months, stiff in the mornings. A lump in her neck years ago turned out to be a harmless "
        "cyst.",
        "Mid back ache after decorating. Breast lump excised in 2015 (fibroadenoma).",
    ],
)
def test_a_lump_stated_benign_is_no_suspected_cancer(assess, text: str) -> None:
    assert "spinal_malignancy" not in flags(assess(text))


@pytest.mark.parametrize(
    "text",
    [
        "Found a lump in her left breast last month, awaiting biopsy; new thoracic back pain at night.",
        "New low back pain for 3 weeks. A lump in his armpit which the GP thinks is probably benign.",
    ],
)
def test_a_lump_not_proven_benign_still_flags_malignancy(assess, text: str) -> None:
    result = assess(text)
    assert "spinal_malignancy" in flags(result)
    assert result["triage"]["level"] in {"urgent", "emergency"}


def test_osteopenia_in_a_long_standing_facet_pain_is_no_fracture_flag(assess) -> None:
    result = assess(
        "Retired bus driver, 66. Three years of low back ache, worse standing and leaning back, tender over the "
        "L4/5 facets on both sides. DXA: T-score -1.9 (osteopenia). Neurology normal."
    )
    assert "vertebral_fracture" not in flags(result)
    assert result["triage"]["level"] == "routine"


@pytest.mark.parametrize(
    "text",
    [
        # the positive twins: osteopenia with an acute event; osteoporosis with tenderness alone
        "Osteopenia on DEXA last year. Sudden sharp mid-back pain after a sneeze yesterday.",
        "Known osteoporosis, 68. Back ache for two weeks, tender over the L2 spinous process.",
        "Sudden back pain lifting a shopping bag. DXA: T-score -2.8 at the spine.",
    ],
)
def test_low_bone_density_with_an_acute_event_still_flags_a_fracture(assess, text: str) -> None:
    result = assess(text)
    assert "vertebral_fracture" in flags(result)
    assert result["triage"]["level"] in {"soon", "urgent", "emergency"}


# ---------------------------------------------------------------------------------------------- over-triage


def test_a_soap_plan_with_a_steroid_block_is_routine(assess) -> None:
    result = assess(
        "S: 55M, 4 months of L buttock pain, worse sitting, no leg symptoms. O: tender over the L SIJ, thigh thrust "
        "+ve, neuro nl. A: L SIJ pain. P: SIJ injection w/ LA + steroid."
    )
    assert result["triage"]["level"] == "routine"
    assert result.get("unread", []) == []


def test_a_steroid_given_in_a_block_is_not_an_unread_red_flag_word(assess) -> None:
    result = assess("Occipital zaps for a year, tender over the right greater occipital nerve. Had a block with LA and steroid.")
    assert result["triage"]["level"] == "routine"


def test_the_unread_safety_net_still_raises_steroid_courses(assess) -> None:
    """The twin: steroid courses the reader does not turn into a finding still reach a clinician within a week."""
    result = assess("Back ache for two weeks after gardening. Several courses of steroid from the chest clinic.")
    assert result["triage"]["level"] in {"soon", "urgent"}


def test_a_bicycle_saddle_is_not_the_saddle_area(assess) -> None:
    result = assess(
        "Perineal ache for a year, worse on long rides, fine standing. Bladder and bowels normal. Switched to a "
        "noseless saddle last month."
    )
    assert result["triage"]["level"] == "routine"


def test_the_saddle_area_is_still_a_red_flag(assess) -> None:
    result = assess("Low back pain and sciatica both legs. Numb in the saddle area since this morning.")
    assert "cauda_equina_syndrome" in flags(result)
    assert result["triage"]["level"] == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "I can't walk to the shops any more without stopping to rest, my legs ache and I lean on the trolley.",
        "Can't walk round the park without having to sit down after ten minutes; both calves and thighs ache.",
    ],
)
def test_a_walking_distance_is_not_an_inability_to_walk(statuses, text: str) -> None:
    assert statuses(text).get("unable_to_walk") is not Status.PRESENT


def test_an_inability_to_walk_is_still_read(statuses) -> None:
    assert statuses("Back gave way this morning and he can't walk at all.").get("unable_to_walk") is Status.PRESENT


def test_a_misspelt_denial_negates(statuses) -> None:
    assert statuses("my back hurts low down, it dosnt go into my legs").get("leg_pain") is Status.ABSENT


def test_an_adolescents_few_days_of_back_strain_without_red_flags_is_routine(assess) -> None:
    result = assess(
        "I'm 15. Pulled my back carrying my brother's bike up the stairs on Sunday, sore both sides low down, "
        "a bit better today with ibuprofen. No pain in my legs."
    )
    assert result["triage"]["level"] == "routine"


@pytest.mark.parametrize(
    "text",
    [
        "Boy aged 8 with low back pain for a week.",  # prepubertal
        "A 16-year-old girl with low back pain for 2 months.",  # over four weeks
        "14-year-old, back pain for a fortnight that wakes her at night.",  # night pain
        "I am 17, low back pain since I fell off my skateboard on Thursday.",  # an injury
        "She is 13 and her back hurts.",  # no duration given
    ],
)
def test_a_childs_back_pain_with_a_paediatric_red_flag_is_soon(assess, text: str) -> None:
    assert assess(text)["triage"]["level"] in {"soon", "urgent", "emergency"}
