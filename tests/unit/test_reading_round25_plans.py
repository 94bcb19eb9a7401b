"""Treatment-plan safety, round 25: contraindications told in lay words, and false cautions.

Pregnancy said as "we're expecting" or "weeks along" (NSAIDs and fluoroscopy-guided procedures wait), a relative's
pregnancy or age that is not the patient's, a parent's age opening the note ("Mum is 81"), a drug someone suggested
or the patient read about (not taken), an SSRI the patient keeps (no duloxetine added), a stent in "a heart artery"
and a blood pressure of 160/100 (no triptan), a blood thinner that may not be stopped (no procedure that needs it
held), an opioid overdose told by what happened (naloxone), an HLA-B*15:02 test that came back negative, and a
hepatitis A long recovered. Every note is our own wording; each pattern has a twin where the rule must not fire.
"""

from __future__ import annotations

import pytest

from painpath.domain.model import Status
from tests.conftest import excluded, offered


def values(assessor, text: str) -> dict[str, float]:  # type: ignore[no-untyped-def]
    return dict(assessor.reader.read(text).values)


# ---------------------------------------------------------------- pregnancy in lay words


@pytest.mark.parametrize(
    "text",
    [
        "Posting for my partner Jen. We are expecting our first, she is 24 weeks along now. Ten days of a shooting "
        "pain from her right buttock down the back of the leg into the heel, worse when she sneezes. Bladder and "
        "bowels fine. What can she take besides paracetamol?",
        "I'm expecting again, about 28 weeks. My left leg has had sciatica for two weeks, burning down the back of "
        "the thigh and calf to the foot, pins and needles in the toes. No numbness down below, weeing normally.",
    ],
)
def test_expecting_in_lay_words_is_pregnancy_and_stops_oral_nsaids(assess, statuses, text: str) -> None:
    assert statuses(text).get("currently_pregnant") is Status.PRESENT
    result = assess(text)
    assert "oral_nsaid" in excluded(result)
    assert "oral_nsaid" not in offered(result)
    assert "epidural_steroid_injection" not in offered(result)


def test_expecting_results_is_no_pregnancy(assess, statuses, assessor) -> None:
    text = (
        "34, woman, low back pain for three weeks after moving house, no leg pain, no numbness. I'm expecting the "
        "scan results next week. Otherwise well, no stomach or kidney problems, paracetamol not enough."
    )
    assert statuses(text).get("currently_pregnant") is not Status.PRESENT
    assert statuses(text).get("pregnancy_postpartum") is not Status.PRESENT
    assert "gestation_weeks" not in values(assessor, text)
    assert "oral_nsaid" in offered(assess(text))


def test_a_due_date_in_weeks_is_not_the_week_of_pregnancy(assessor, statuses) -> None:
    text = "We're expecting the baby in 6 weeks and my back has ached for a fortnight, worse at night."
    assert statuses(text).get("currently_pregnant") is Status.PRESENT
    assert values(assessor, text).get("gestation_weeks") != 6.0


# ---------------------------------------------------------------- fluoroscopy-guided procedures wait in pregnancy


@pytest.mark.parametrize(
    "text",
    [
        "Referral: 34F, now 21/40. Lumbar facet arthropathy L4-5 on MRI, axial low back pain for 9 months, worse "
        "with extension and standing, no leg pain, neuro intact. Medial branch blocks helped her before; she asks "
        "for radiofrequency denervation.",
        "I'm 19 weeks pregnant with my second. My lower back hurts in the middle, worse bending backwards and "
        "standing at work, for a year now, no leg pain. Facet joints on my old scan. Can I have the nerve burning "
        "again?",
    ],
)
def test_pregnant_no_fluoroscopic_facet_procedures(assess, text: str) -> None:
    result = assess(text)
    gone = excluded(result)
    assert "medial_branch_block" in gone and "radiofrequency_ablation" in gone
    assert "fluoroscopy" in gone["medial_branch_block"]
    assert not {"medial_branch_block", "radiofrequency_ablation"} & offered(result).keys()


def test_after_the_birth_facet_procedures_are_not_deferred(assess) -> None:
    result = assess(
        "36F, gave birth four months ago, not breastfeeding. Lumbar facet arthropathy L4-5 on MRI, axial low "
        "back pain for 9 months, worse with extension and standing, no leg pain, neuro intact."
    )
    assert not any("fluoroscopy" in reason for reason in excluded(result).values())


# ---------------------------------------------------------------- a relative's values are not the patient's


def test_a_sisters_weeks_of_pregnancy_are_not_the_patients(assess, assessor) -> None:
    text = (
        "Pulled my back on Sunday carrying shopping, 41, ache across the low back, no leg pain or numbness, "
        "waterworks fine. I'm helping my daughter who is 33 weeks pregnant. Not pregnant myself, had my tubes "
        "tied. No stomach, kidney or heart problems."
    )
    assert "gestation_weeks" not in values(assessor, text)
    assert "oral_nsaid" in offered(assess(text))


def test_her_own_weeks_of_pregnancy_still_count(assess, assessor) -> None:
    text = (
        "Pulled my back on Sunday carrying shopping, 31, ache across the low back, no leg pain or numbness, "
        "waterworks fine. I am 33 weeks pregnant. No stomach, kidney or heart problems."
    )
    assert values(assessor, text).get("gestation_weeks") == 33.0
    assert "oral_nsaid" in excluded(assess(text))


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("Mum is 84 and since the shingles on her left side in spring the skin there burns and she cannot bear "
         "clothes on it. What can she take?", 84.0),
        ("Dad is 77 with burning pain where he had shingles round his chest in the summer, the rash has gone.", 77.0),
    ],
)
def test_a_parent_named_first_gives_the_patients_age(assess, assessor, text: str, age: float) -> None:
    assert values(assessor, text).get("age") == age
    assert "tca" in excluded(assess(text))  # AGS Beers 2023: tricyclics avoided at 65 or over


def test_the_writers_own_age_comes_first(assessor) -> None:
    text = "I'm 45 and my knees ache after running. Mum is 81 and had both knees replaced."
    assert values(assessor, text).get("age") == 45.0


# ---------------------------------------------------------------- a drug suggested or read about is not taken


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("Back ache for a week after gardening, 40. My neighbour suggested naproxen but I have not tried it.",
         "on_oral_nsaid"),
        ("Fibromyalgia for years, 44. I read online that duloxetine helps, could I have it?", "on_snri"),
    ],
)
def test_a_suggested_or_read_about_drug_is_not_taken(statuses, text: str, finding: str) -> None:
    assert statuses(text).get(finding) is not Status.PRESENT


@pytest.mark.parametrize(
    "text",
    [
        "Back ache for a week after gardening, 40. She mentioned taking ibuprofen 400 mg three times a day.",
        "Back ache for a week after gardening, 40. The pharmacist suggested naproxen, which I now take twice a day.",
        "Back ache for a week after gardening, 40. The GP offered me naproxen and it helps.",
    ],
)
def test_a_drug_mentioned_or_suggested_and_then_taken_is_taken(statuses, text: str) -> None:
    assert statuses(text).get("on_oral_nsaid") is Status.PRESENT


# ---------------------------------------------------------------- an SSRI kept: no duloxetine added


@pytest.mark.parametrize(
    "text",
    [
        "52F, widespread pain four years, fatigue, unrefreshing sleep, diagnosed fibromyalgia by rheumatology. On "
        "fluoxetine 40 mg for depression, which her psychiatrist wants continued.",
        "I'm 38 with fibromyalgia, aching everywhere and exhausted. I take citalopram 20 mg every morning for my "
        "mood and it works.",
    ],
)
def test_on_an_ssri_no_duloxetine(assess, text: str) -> None:
    result = assess(text)
    assert "snri" in excluded(result)
    assert "SSRI" in excluded(result)["snri"]


def test_ssri_stopped_duloxetine_stays(assess) -> None:
    result = assess(
        "I'm 38 with fibromyalgia, aching everywhere and exhausted. I stopped citalopram last year and take no "
        "other medicines. Liver and kidneys fine."
    )
    assert "snri" not in excluded(result)


# ---------------------------------------------------------------- a stent in the heart in lay words


@pytest.mark.parametrize(
    "text",
    [
        "Migraines since I was a teenager, one sided and throbbing with sickness, three a month, I'm 57. Last "
        "year they put a stent into one of my heart arteries after a bad angina scare.",
        "Migraine with vomiting, light hurts, twice a month since my twenties. 61 now and I have a heart stent.",
    ],
)
def test_a_stent_in_the_heart_stops_triptans(assess, statuses, text: str) -> None:
    assert statuses(text).get("coronary_disease") is Status.PRESENT
    result = assess(text)
    assert "triptan" in excluded(result)


def test_a_kidney_stent_is_not_heart_disease(statuses) -> None:
    text = (
        "Migraines since I was a teenager, one sided and throbbing with sickness, three a month, I'm 44. I had a "
        "stent in my kidney for a stone last spring."
    )
    assert statuses(text).get("coronary_disease") is not Status.PRESENT


# ---------------------------------------------------------------- blood pressure and triptans


@pytest.mark.parametrize("bp", ["164/96", "152/104"])
def test_blood_pressure_in_the_stage_2_range_stops_triptans(assess, bp: str) -> None:
    result = assess(
        f"39F, migraine without aura since her teens, unilateral, pulsating, photophobia and nausea, 4 days a "
        f"month, unchanged in character. Neuro exam normal. BP {bp} today on amlodipine."
    )
    assert "triptan" in excluded(result)


def test_a_normal_blood_pressure_keeps_triptans(assess) -> None:
    result = assess(
        "39F, migraine without aura since her teens, unilateral, pulsating, photophobia and nausea, 4 days a "
        "month, unchanged in character. Neuro exam normal. BP 124/78 today."
    )
    assert "triptan" in offered(result)
    assert not any("140/90" in c for c in offered(result)["triptan"]["cautions"])


def test_a_borderline_blood_pressure_cautions_triptans(assess) -> None:
    result = assess(
        "39F, migraine without aura since her teens, unilateral, pulsating, photophobia and nausea, 4 days a "
        "month, unchanged in character. Neuro exam normal. BP 146/92 today."
    )
    assert "triptan" in offered(result)
    assert any("140/90" in c for c in offered(result)["triptan"]["cautions"])


# ---------------------------------------------------------------- a blood thinner that may not be stopped


@pytest.mark.parametrize(
    "text",
    [
        "58M, left L5 radiculopathy for 10 weeks, MRI L4/5 disc contacting the L5 root, no better with physio. On "
        "rivaroxaban for recurrent pulmonary emboli; haematology say it cannot be stopped, even for a few days. "
        "Asks about an epidural.",
        "Sciatica down my right leg to the foot for two months, 60. I had a stent three weeks ago and take "
        "clopidogrel and aspirin. Could I have a steroid injection in my back?",
    ],
)
def test_blood_thinner_not_to_be_held_no_epidural(assess, text: str) -> None:
    result = assess(text)
    gone = excluded(result)
    assert "epidural_steroid_injection" in gone
    assert "not to be interrupted" in gone["epidural_steroid_injection"]


def test_blood_thinner_that_can_be_held_keeps_the_epidural_with_the_hold(assess) -> None:
    result = assess(
        "58M, left L5 radiculopathy for 10 weeks, MRI L4/5 disc contacting the L5 root, no better with physio. On "
        "apixaban for atrial fibrillation; his cardiologist is happy for it to be held for a procedure. Asks "
        "about an epidural."
    )
    assert "epidural_steroid_injection" not in excluded(result)
    epidural = offered(result).get("epidural_steroid_injection")
    assert epidural is not None
    assert any("apixaban" in caution and "stop 3 days" in caution for caution in epidural["cautions"])


def test_a_dose_not_to_miss_of_something_else_is_no_blood_thinner_instruction(statuses) -> None:
    text = "Back pain for a month, 50. I must not miss a dose of my inhaler, the asthma nurse says. On apixaban."
    assert statuses(text).get("antithrombotic_must_continue") is not Status.PRESENT


# ---------------------------------------------------------------- an opioid overdose told by what happened


@pytest.mark.parametrize(
    "text",
    [
        "33M, chronic low back pain. Three months ago his brother found him not breathing after taking heroin "
        "and morphine tablets; the paramedics gave him Narcan. Clean since, no opioids now.",
        "Low back pain for years, 45. Last winter I was revived with naloxone in A&E after too many of my "
        "oxycodone. I don't take any opioids now.",
    ],
)
def test_an_opioid_overdose_in_words_brings_naloxone(assess, statuses, text: str) -> None:
    assert statuses(text).get("opioid_overdose") is Status.PRESENT
    result = assess(text)
    assert "naloxone" in offered(result)
    assert "opioid" not in offered(result)


def test_naloxone_carried_for_work_is_no_overdose(assess, statuses) -> None:
    text = (
        "Low back pain for two months after lifting, 41, no leg pain. My wife is a nurse and carries naloxone "
        "kits for work. I take paracetamol only."
    )
    assert statuses(text).get("opioid_overdose") is not Status.PRESENT
    assert statuses(text).get("prior_overdose") is not Status.PRESENT
    assert "naloxone" not in offered(assess(text))


# ---------------------------------------------------------------- HLA-B*15:02 test result


@pytest.mark.parametrize(
    "text",
    [
        "61F of Han Chinese background, 2 months of electric shocks in the left cheek set off by washing her "
        "face, normal between. We checked HLA-B*15:02 first: not detected. MRI normal.",
        "Trigeminal neuralgia, right lower jaw, triggered by chewing, many attacks a day, 47M from Vietnam. "
        "Negative for HLA-B*1502 on pre-treatment testing.",
    ],
)
def test_a_negative_hla_test_keeps_carbamazepine(assess, statuses, text: str) -> None:
    assert statuses(text).get("hla_b1502") is not Status.PRESENT
    result = assess(text)
    assert "sodium_channel_blocker" in offered(result)


def test_a_positive_hla_test_still_stops_carbamazepine(assess) -> None:
    result = assess(
        "61F of Han Chinese background, 2 months of electric shocks in the left cheek set off by washing her "
        "face, normal between. HLA-B*15:02 positive on genotyping. MRI normal."
    )
    assert "sodium_channel_blocker" in excluded(result)


# ---------------------------------------------------------------- hepatitis A long recovered


def test_hepatitis_a_long_ago_is_no_liver_disease(assess, statuses) -> None:
    text = (
        "60M, type 2 diabetes 10 years, burning feet to the ankles at night, reduced vibration sense. Caught "
        "hepatitis A on holiday as a teenager and got over it; liver tests normal this year."
    )
    assert statuses(text).get("liver_disease") is not Status.PRESENT
    assert "snri" not in excluded(assess(text))


@pytest.mark.parametrize("words", ["hepatitis C, treated but with fibrosis", "chronic hepatitis B"])
def test_other_hepatitis_is_still_liver_disease(assess, statuses, words: str) -> None:
    text = f"60M, type 2 diabetes 10 years, burning feet to the ankles at night, reduced vibration sense. Has {words}."
    assert statuses(text).get("liver_disease") is Status.PRESENT
    assert "snri" in excluded(assess(text))


# ---------------------------------------------------------------- a calcineurin inhibitor with an NSAID


@pytest.mark.parametrize(
    "text",
    [
        "Liver transplant 2017, on tacrolimus. 58M, left knee osteoarthritis, pain on stairs and after walking the "
        "dog for two years, creaking, stiff for ten minutes in the morning.",
        "Lung transplant five years ago, takes ciclosporin. 62F, both knees arthritic, worse going downstairs, "
        "stiff briefly in the morning, for three years.",
    ],
)
def test_a_calcineurin_inhibitor_cautions_oral_nsaids(assess, text: str) -> None:
    result = assess(text)
    nsaid = offered(result).get("oral_nsaid")
    assert nsaid is not None
    assert any("tacrolimus or ciclosporin" in caution for caution in nsaid["cautions"])


def test_a_calcineurin_inhibitor_is_read_as_one(statuses) -> None:
    found = statuses("Heart transplant, takes tacrolimus 2 mg twice a day. Knee arthritis for years.")
    assert found.get("on_calcineurin_inhibitor") is Status.PRESENT
    assert found.get("immunosuppression") is Status.PRESENT


def test_without_a_calcineurin_inhibitor_no_such_caution(assess) -> None:
    result = assess(
        "58M, left knee osteoarthritis, pain on stairs and after walking the dog for two years, creaking, stiff for "
        "ten minutes in the morning. On azathioprine for eczema."
    )
    nsaid = offered(result).get("oral_nsaid")
    assert nsaid is not None
    assert not any("tacrolimus or ciclosporin" in caution for caution in nsaid["cautions"])


# ---------------------------------------------------------------- muscle relaxants in pregnancy


@pytest.mark.parametrize(
    "text",
    [
        "I'm 15 weeks pregnant and my low back went into spasm lifting the washing basket yesterday, no leg pain.",
        "We're expecting our second, and since Monday her low back has been in spasm after lifting our toddler, "
        "no pain down the legs. She is 27.",
    ],
)
def test_pregnant_muscle_relaxant_is_cautioned(assess, text: str) -> None:
    result = assess(text)
    relaxant = offered(result).get("muscle_relaxant")
    assert relaxant is not None
    assert any(caution.startswith("pregnant:") for caution in relaxant["cautions"])


def test_not_pregnant_muscle_relaxant_without_the_pregnancy_caution(assess) -> None:
    result = assess("I'm 29 and my low back went into spasm lifting the washing basket yesterday, no leg pain.")
    relaxant = offered(result).get("muscle_relaxant")
    assert relaxant is not None
    assert not any(caution.startswith("pregnant:") for caution in relaxant["cautions"])


# ---------------------------------------------------------------- after an opioid overdose


def test_after_an_opioid_overdose_no_opioid_even_where_first_line(assess) -> None:
    result = assess(
        "78F, sudden severe mid back pain after lifting a pot plant five days ago, known osteoporosis, X-ray shows a "
        "new T12 wedge fracture. Last year she was found unresponsive after too many of her oxycodone and was given "
        "naloxone by the ambulance crew."
    )
    gone = excluded(result)
    assert "opioid" in gone and "overdose" in gone["opioid"]
    assert offered(result)["naloxone"]["status"] != "already taking"


def test_cancer_pain_after_an_overdose_keeps_the_opioid_decision_open(assess) -> None:
    result = assess(
        "70M, prostate cancer with bone metastases in the pelvis, constant deep hip pain waking him every night, "
        "co-codamol not enough. Two years ago he was revived with naloxone after taking too much morphine."
    )
    assert "overdose" not in excluded(result).get("opioid", "")


@pytest.mark.parametrize(
    ("text", "finding", "status"),
    [
        ("Back pain for years, 52. Was on tramadol until last spring, none now.", "on_opioid", None),
        ("Back pain for years, 52. Has been on tramadol 50 mg twice a day for a year.", "on_opioid", Status.PRESENT),
    ],
)
def test_a_drug_he_was_on_or_an_emergency_dose_is_not_taken_now(statuses, text: str, finding: str, status) -> None:
    assert statuses(text).get(finding) is status


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Back pain for years, 52. The paramedics gave him naloxone at a party last year.", "past"),
        ("Back pain for years, 52. He was given Narcan by the ambulance crew in March.", "past"),
        ("Back pain for years, 52, on methadone, and he keeps a naloxone spray at home.", "current"),
    ],
)
def test_an_emergency_naloxone_dose_is_not_a_medicine_taken(assessor, text: str, status: str) -> None:  # type: ignore[no-untyped-def]
    found = [m.status for m in assessor.reader.read(text).medications if m.name == "naloxone"]
    assert found == [status]
