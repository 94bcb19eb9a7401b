"""Round 25 (kb 2026.12.52, made as 2026.12.48), missed safety flags and one false flag. Our own wordings, each
pattern with twins that must not change: words quoted inside a phrase; saddle numbness told of wiping or washing after
the toilet, and as a question about feeling that the patient answers no; stool passed unawares told subject first; a
question put to the patient with "if" read as written unless answered no; a burden "not for much longer" and a pet
rehomed (C-SSRS wish to be dead and preparatory behaviour); a thunderclap told by a witness (struck with a bat or
hammer, "not one of her usual migraines"); "pred x 6 yrs" and a crack "in middle of back"; a remote cancer beside a
hip's own pain; hesitancy "for two days" as new; long-standing stress incontinence, which is no new incontinence; and
an aortic aneurysm in lay words (a "second heart" in the tummy, the "main pipe" said to be wide) with new back pain."""

from __future__ import annotations

import pytest

from tests.conftest import flags


def found(result) -> dict[str, str]:
    return {f["id"]: f["status"] for f in result["findings"]}


# ------------------------------------------------------------------ quotation marks inside a phrase


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ('Low back pain for a week. He told me he has been "stockpiling" his oxycodone.', "suicide_risk"),
        ("Sciatica for 2 weeks. She says she \u201ccan't feel the toilet paper\u201d since yesterday.", "cauda_equina_syndrome"),
    ],
)
def test_quoted_words_inside_a_phrase_are_read(assess, text: str, flag: str) -> None:
    result = assess(text)
    assert flag in flags(result)
    assert result["triage"]["level"] == "emergency"


def test_a_quoted_nickname_is_no_flag(assess) -> None:
    result = assess('Back pain. He calls his tablets his "little helpers" and takes them as prescribed.')
    assert "suicide_risk" not in flags(result)


def test_quoted_evidence_is_quoted_as_written(assess) -> None:
    text = 'Low back pain for a week. He told me he has been "stockpiling" his oxycodone.'
    result = assess(text)
    evidence = [f for f in result["findings"] if f["id"] == "suicide_preparatory"]
    assert evidence
    assert all(text[f["start"]:f["end"]] == f["text"] for f in evidence if "start" in f and "text" in f)


# ------------------------------------------------------------------ saddle numbness and stool passed unawares


@pytest.mark.parametrize(
    "text",
    [
        "Sciatica in the right leg. When I wipe I can't really feel the tissue.",
        "Pain down both legs. After he wipes, he cannot feel anything.",
        "Disc bulge with leg pain. While washing after the loo there's no feeling in the private parts.",
        "Sciatica both legs. Last night stool came out without him knowing.",
        "Known disc prolapse with sciatica. Motions were passed unawares this morning.",
    ],
)
def test_saddle_and_bowel_words_in_other_orders_are_cauda_equina(assess, text: str) -> None:
    result = assess(text)
    assert "cauda_equina_syndrome" in flags(result)
    assert result["triage"]["level"] == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "Back pain. When I wipe I can't feel any soreness now the piles have settled.",
        "Back pain. When washing my hands there is no feeling in my fingers.",
        "Back pain. Motions passed normally this morning.",
    ],
)
def test_near_misses_raise_no_cauda_equina(assess, text: str) -> None:
    assert "cauda_equina_syndrome" not in flags(assess(text))


# ------------------------------------------------------------------ questions put to the patient


@pytest.mark.parametrize(
    "text",
    [
        "My lower back has ached for ten days and both feet are tingling. The GP asked if I had any numbness around my bottom.",
        "Sciatica for a week. The physio asked if I had noticed any numbness down below, and I have.",
    ],
)
def test_a_question_with_if_is_read_as_written(assess, text: str) -> None:
    # as "asked whether" already was (kb 2026.12.47): the question's own "if" is no hypothetical
    result = assess(text)
    assert found(result).get("saddle_anaesthesia") == "present"
    assert "cauda_equina_syndrome" in flags(result)


def test_a_question_with_if_answered_no_is_a_denial(assess) -> None:
    result = assess("Back pain for a week. My GP asked if I had any numbness in my saddle area and I told her no.")
    assert found(result).get("saddle_anaesthesia") == "absent"
    assert "cauda_equina_syndrome" not in flags(result)


def test_a_sources_advice_with_if_is_no_flag(assess) -> None:
    result = assess("Back pain. The leaflet says to come in if you get numbness around your bottom.")
    assert "cauda_equina_syndrome" not in flags(result)


@pytest.mark.parametrize(
    "text",
    [
        "Sciatica. The nurse asked whether she could feel the toilet paper and she said no.",
        "Low back pain 5 days. My GP asked me if I can still feel the toilet seat, and I really can't.",
    ],
)
def test_a_question_about_feeling_answered_no_is_saddle_numbness(assess, text: str) -> None:
    result = assess(text)
    assert "cauda_equina_syndrome" in flags(result)
    assert result["triage"]["level"] == "emergency"


def test_a_question_about_feeling_answered_yes_is_no_flag(assess) -> None:
    assert "cauda_equina_syndrome" not in flags(assess("Back pain. The doctor asked if I could feel when I wipe, and I can, it is normal."))


# ------------------------------------------------------------------ C-SSRS: a burden not for much longer, a pet rehomed


@pytest.mark.parametrize(
    "text",
    [
        "Chronic neck pain. He says he won't be a burden on his family for much longer.",
        "Widespread pain for years. She said she soon won't be a bother to anyone.",
        "Fibromyalgia and low mood. Last week he rehomed his cat.",
        "Neck pain. She has found a new home for her dog and has written to her sister.",
    ],
)
def test_burden_and_rehoming_are_suicide_risk(assess, text: str) -> None:
    result = assess(text)
    assert "suicide_risk" in flags(result)
    assert result["triage"]["level"] == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "Back pain. She is worried she is a burden to her husband since the surgery.",
        "Back pain. We rehomed the dog because my husband is allergic.",
    ],
)
def test_burden_worry_and_a_reasoned_rehoming_are_no_flag(assess, text: str) -> None:
    assert "suicide_risk" not in flags(assess(text))


# ------------------------------------------------------------------ thunderclap told by a witness


@pytest.mark.parametrize(
    "text",
    [
        "Her son says she clutched her head like someone had hit her with a hammer and then vomited.",
        "Gets migraines but says this isn't like her usual migraines, it came on suddenly at the back of her head.",
    ],
)
def test_a_witness_thunderclap_is_an_emergency(assess, text: str) -> None:
    result = assess(text)
    assert "thunderclap_headache" in flags(result)
    assert result["triage"]["level"] == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "Headache pounding like a hammer, her usual migraine, built up over a few hours.",
        "Migraine since this morning, it is one of her usual ones, built up slowly.",
    ],
)
def test_a_usual_migraine_is_no_thunderclap(assess, text: str) -> None:
    assert "thunderclap_headache" not in flags(assess(text))


# ------------------------------------------------------------------ steroid fragility fracture in note shorthand


@pytest.mark.parametrize(
    "text",
    [
        "78F on pred 7.5mg for asthma x 6 yrs. Sudden pain in middle of back after lifting a kettle.",
        "Lady of 80 on prednisolone 5 mg daily for 10 years, twinge in the middle of the back when she sneezed.",
    ],
)
def test_long_steroids_in_shorthand_and_a_mid_back_crack_are_a_fracture(assess, text: str) -> None:
    result = assess(text)
    assert "vertebral_fracture" in flags(result)
    assert result["triage"]["level"] in {"soon", "urgent"}


def test_a_short_steroid_course_is_not_long_term(assess) -> None:
    result = assess("35M, pred course for 5 days for asthma last month. Back ache for 2 days.")
    assert "long_term_steroids" not in found(result)
    assert "vertebral_fracture" not in flags(result)


def test_the_middle_of_the_back_yard_is_no_back_pain(assess) -> None:
    assert "mid_back_pain" not in found(assess("My knee clicked in the middle of the back yard."))


# ------------------------------------------------------------------ a remote cancer beside a hip's own pain


def test_a_remote_cancer_with_a_hip_pattern_and_denials_is_no_spinal_malignancy(assess) -> None:
    result = assess(
        "Breast cancer treated twelve years ago, discharged from oncology. Left groin pain into the thigh and knee for a "
        "year, painful internal rotation of the hip, X-ray shows loss of joint space. No night pain and no weight loss."
    )
    assert "spinal_malignancy" not in flags(result)


@pytest.mark.parametrize(
    "text",
    [
        # night pain not denied
        "Prostate cancer 3 years ago. Groin pain radiating into the thigh and knee, painful internal rotation of the hip. No weight loss.",
        # back pain named
        "Previous lung cancer. Low back pain for a month and groin pain radiating to the knee, painful hip internal rotation, no night pain, no weight loss.",
        # the cancer has spread
        "Known metastatic breast cancer. Groin pain radiating into the thigh and knee, painful internal rotation of the hip, no night pain, no weight loss.",
    ],
)
def test_a_cancer_history_still_flags_without_every_part(assess, text: str) -> None:
    result = assess(text)
    assert "spinal_malignancy" in flags(result)
    assert result["triage"]["level"] in {"urgent", "emergency"}


# ------------------------------------------------------------------ hesitancy "for two days" is new


@pytest.mark.parametrize(
    "text",
    [
        "Right sided sciatica 3 weeks. For two days she has had to strain to get her wee going.",
        "Right sciatica. She has had to push to start her stream for 3 days.",
    ],
)
def test_hesitancy_for_a_few_days_is_new_retention(assess, text: str) -> None:
    result = assess(text)
    assert "cauda_equina_syndrome" in flags(result)
    assert result["triage"]["level"] == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "Sciatica. He has strained to pass urine for years from his prostate.",
        "Sciatica. Hesitancy for 2 days a week on and off for years.",
    ],
)
def test_long_standing_hesitancy_is_no_retention(assess, text: str) -> None:
    assert "cauda_equina_syndrome" not in flags(assess(text))


# ------------------------------------------------------------------ long-standing stress incontinence


@pytest.mark.parametrize(
    "text",
    [
        "Low back pain for 3 weeks. I leak urine when I laugh or sneeze and have done for years.",
        "Sciatica for 10 days. Stress incontinence for years since my children were born, on the waiting list for a sling.",
        "She wets herself a little when she coughs, ever since her twins. Lower back ache for a fortnight.",
    ],
)
def test_long_standing_stress_incontinence_is_no_cauda_equina(assess, text: str) -> None:
    result = assess(text)
    assert "cauda_equina_syndrome" not in flags(result)
    assert result["triage"]["level"] != "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "Low back pain for 3 weeks. Since yesterday I wet myself when I cough, never before.",
        "Sciatica for 2 weeks. I've leaked on sneezing for years but since last night I have wet myself without knowing.",
        "Low back pain for 3 weeks. I leak when I sneeze, have done since my first baby, and now my bottom is numb.",
        "Back pain for a week, and I have been incontinent of urine.",
    ],
)
def test_new_incontinence_or_with_saddle_numbness_still_fires(assess, text: str) -> None:
    result = assess(text)
    assert "cauda_equina_syndrome" in flags(result)
    assert result["triage"]["level"] == "emergency"


# ------------------------------------------------------------------ an aortic aneurysm in lay words


@pytest.mark.parametrize(
    "text",
    [
        "Backache since the weekend. At night I can feel a pounding in my tummy like a little heart.",
        "Low back and left side pain for 4 days. Years ago they told me the big blood vessel in my tummy was swollen and needed watching.",
    ],
)
def test_a_lay_aneurysm_with_new_back_pain_is_a_vascular_emergency(assess, text: str) -> None:
    result = assess(text)
    assert "vascular_emergency" in flags(result)
    assert result["triage"]["level"] == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "Low back pain for 4 days. My heart is thumping when I climb the stairs.",
        "Low back pain for two years. They told me the main artery in my belly is a bit wide, scanned every year.",
        "Low back pain for 4 days. The main road outside is wide and busy.",
    ],
)
def test_palpitations_a_long_pain_beside_a_watched_aneurysm_and_a_wide_road_are_no_vascular_emergency(assess, text: str) -> None:
    assert "vascular_emergency" not in flags(assess(text))
