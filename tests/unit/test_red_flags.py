"""Each red-flag rule fires on the words clinicians and patients use, and stays quiet when they are denied."""

from __future__ import annotations

import pytest

from tests.conftest import flags


@pytest.mark.parametrize(
    ("flag", "text"),
    [
        ("cauda_equina_syndrome", "Low back pain and new difficulty passing urine since yesterday."),
        ("cauda_equina_syndrome", "Sciatica, and she can't feel the toilet paper when wiping."),
        ("cauda_equina_syndrome", "Back pain with saddle anaesthesia."),
        ("cauda_equina_syndrome", "Lumbar pain, incontinent of urine last night."),
        ("cauda_equina_syndrome", "Bilateral sciatica with numbness in both feet and weakness of ankle dorsiflexion."),
        ("spinal_infection", "Back pain with fever and rigors."),
        ("spinal_infection", "IVDU, severe thoracic back pain, CRP raised."),
        ("spinal_infection", "Back pain two weeks after an epidural injection, now with chills."),
        ("spinal_malignancy", "Back pain in a man with metastatic prostate cancer."),
        ("spinal_malignancy", "65-year-old with mid-back pain and unintentional weight loss of 8 kg."),
        ("vertebral_fracture", "Osteoporosis, sudden low back pain after bending over to pick up a cup."),
        ("vertebral_fracture", "Low back pain after a fall from height."),
        ("vertebral_fracture", "On long-term prednisolone, sudden severe back pain."),
        ("progressive_neurologic_deficit", "Sciatica and now foot drop on the left."),
        ("progressive_neurologic_deficit", "Leg pain, ankle dorsiflexion 2/5."),
        ("progressive_neurologic_deficit", "Arm pain with weakness getting worse each day."),
        ("cervical_myelopathy", "Neck pain, clumsy hands and dropping things."),
        ("cervical_myelopathy", "Neck stiffness; positive Hoffmann sign bilaterally."),
        ("thunderclap_headache", "Worst headache of her life, came on during sex."),
        ("thunderclap_headache", "Sudden severe headache while straining."),
        ("giant_cell_arteritis", "72-year-old with new temporal headache and jaw pain when chewing."),
        ("giant_cell_arteritis", "68-year-old woman, headache, scalp tenderness, ESR 88."),
        ("vascular_emergency", "Sudden tearing back pain radiating to the abdomen."),
        ("vascular_emergency", "Low back pain and a pulsatile abdominal mass."),
        ("suicide_risk", "Chronic pain; he says he wants to die."),
        ("suicide_risk", "Feels hopeless about the pain."),
        # round 17: the same flags in other words
        ("giant_cell_arteritis", "I'm 76. Combing my hair is agony and I can't lay my head on the pillow."),
        ("giant_cell_arteritis", "80 year old lady, her temples are tender and her jaw gets achy when she chews."),
        ("giant_cell_arteritis", "I'm 68 and the headache is new to me; my left eye went blurry on Tuesday."),
        ("giant_cell_arteritis", "Age 70. Headache for two weeks; shoulders and hips stiff every morning."),
        ("suicide_risk", "Most nights I think about taking all my tablets at once."),
        ("suicide_risk", "Pain for ten years. I'm not sure I would stop myself next time."),
        ("vascular_emergency", "I'm 72; since lunch my left leg is white and cold and my toes are numb."),
        ("vertebral_fracture", "Mr J.D., 91. Slipped off the sofa, now severe upper lumbar region pain. Osteoporosis."),
        ("spinal_malignancy", "Did a lot of gardening; my back has ached for weeks. Years ago I had radiotherapy for a lump."),
        ("spinal_infection", "A 74-year-old with neck pain that has intensified since June; CRP and ESR both raised."),
        ("progressive_neurologic_deficit", "Neck stiffness, brisk reflexes and clonus; his walking has got much worse since May."),
        ("progressive_neurologic_deficit", "Clumsy hands for a year, and she now has real trouble walking to the shops."),
    ],
)
def test_flag_raised(assess, flag: str, text: str) -> None:
    result = assess(text)
    assert flag in flags(result)
    raised = next(f for f in result["red_flags"] if f["id"] == flag)
    assert raised["evidence"], "a red flag must show the words that raised it"
    assert raised["action"]


@pytest.mark.parametrize(
    ("flag", "text"),
    [
        ("cauda_equina_syndrome", "Low back pain. No bladder or bowel problems, no saddle numbness."),
        ("cauda_equina_syndrome", "Back pain. Denies urinary retention or incontinence."),
        ("cauda_equina_syndrome", "Walks two blocks before both legs ache and feel weak; better bending forward."),
        ("spinal_infection", "Back pain, afebrile, no IV drug use."),
        ("spinal_malignancy", "Low back pain. No cancer history, no weight loss."),
        ("spinal_malignancy", "Knee pain in a woman treated for breast cancer ten years ago."),
        ("vertebral_fracture", "Low back pain for 6 weeks, no trauma, no osteoporosis."),
        ("progressive_neurologic_deficit", "Sciatica, strength normal, reflexes normal."),
        ("cervical_myelopathy", "Neck pain, walking normal, no clumsiness."),
        ("thunderclap_headache", "Throbbing headaches twice a month since her twenties."),
        ("giant_cell_arteritis", "35-year-old with throbbing headaches and nausea."),
        ("suicide_risk", "Low mood but denies suicidal thoughts."),
        ("suicide_risk", "Buttock pain, positive for SI joint tenderness; SI provocation tests positive."),
        ("suicide_risk", "Reports SI joint pain since a fall."),
        ("progressive_neurologic_deficit", "Knee gives way on stairs, osteoarthritis."),
        ("thunderclap_headache", "Low back pain, the worst ever, after lifting."),
        ("giant_cell_arteritis", "I'm 36, tension headaches, and my shoulders are stiff in the mornings."),
        ("vascular_emergency", "CRPS of the right foot: it is cold and blue, and swollen since the sprain."),
        ("spinal_infection", "Hip pain. ROS: neg fever, wt loss, night sweats; no back pain."),
        ("spinal_malignancy", "Hip pain. ROS: neg fever, wt loss, night sweats; no back pain."),
        ("suicide_risk", "I lay out my tablets for the week in a box every Sunday."),
        ("spinal_infection", "28-year-old with inflammatory back pain and morning stiffness; CRP raised."),
        ("progressive_neurologic_deficit", "Spinal stenosis: he walks shorter and shorter distances before his legs ache."),
    ],
)
def test_flag_not_raised(assess, flag: str, text: str) -> None:
    assert flag not in flags(assess(text))


def test_flag_with_neurological_deficit_escalates_to_emergency(assess) -> None:
    result = assess("Back pain with fever in an IV drug user, and new weakness of both legs.")
    infection = next(f for f in result["red_flags"] if f["id"] == "spinal_infection")
    assert infection["min_triage"] == "emergency"
    assert result["triage"]["level"] == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "Breast cancer treated in 2019. Thoracic back pain for three weeks; my legs feel like jelly on the stairs.",
        "Known myeloma, mid-back pain for a fortnight, and now I'm unsteady on my feet.",
        "Lung cancer last year. Neck pain for a month and this week my hands are clumsy.",
    ],
)
def test_cord_compression_without_the_word_weakness_is_an_emergency(assess, text: str) -> None:
    result = assess(text)
    malignancy = next(f for f in result["red_flags"] if f["id"] == "spinal_malignancy")
    assert malignancy["min_triage"] == "emergency"
    assert result["triage"]["level"] == "emergency"


def test_legs_like_jelly_without_a_cancer_are_no_cord_compression(assess) -> None:
    result = assess("After the gym yesterday my legs feel like jelly and my lower back aches.")
    assert "spinal_malignancy" not in flags(result)
    assert result["triage"]["level"] in {"routine", "soon"}


@pytest.mark.parametrize(
    "text",
    [
        "At the bus stop the back of her head exploded with pain, and she could not move her left leg, which had "
        "gone completely limp.",
        "Bending to tie his shoe, a sudden blinding headache; all of a sudden he couldn't lift his right hand off "
        "the table.",
    ],
)
def test_a_limb_that_suddenly_cannot_move_is_a_new_deficit(assess, text: str) -> None:
    # "could not move her leg ... limp" is new weakness in lay words: with a headache it is a focal deficit
    result = assess(text)
    assert "progressive_neurologic_deficit" in flags(result)
    assert result["triage"]["level"] == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        # benign twins: a painful or stiff shoulder that limits the arm is no paralysis
        "For two months I cannot lift my right arm above my head because my shoulder hurts, and it feels heavy by "
        "the evening.",
        "Since the tumble onto his shoulder he can't move his left arm, it is so sore, and the arm feels heavy.",
        "Frozen shoulder: she cannot move her right arm at the shoulder and it has been stiff since the spring.",
    ],
)
def test_an_arm_held_still_by_shoulder_pain_is_no_new_deficit(assess, text: str) -> None:
    result = assess(text)
    assert "progressive_neurologic_deficit" not in flags(result)
    assert result["triage"]["level"] in {"routine", "soon"}


def test_suicide_plan_is_an_emergency(assess) -> None:
    result = assess("Neck pain for years. She has thought about ending her life and has stockpiled tablets.")
    assert result["triage"]["level"] == "emergency"


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("Severe low back pain with sciatica in both legs, numbness around the back passage.", "emergency"),
        ("Back pain with fever and chills three weeks after a spinal injection.", "urgent"),
        ("Sciatica for 3 weeks; over two days his right foot has started to drag.", "urgent"),
        ("82-year-old with osteoporosis, sudden mid-back pain after a sneeze.", "soon"),
    ],
)
def test_red_flag_forces_at_least_its_min_triage(assess, text: str, level: str) -> None:
    order = ["routine", "soon", "urgent", "emergency"]
    result = assess(text)
    assert order.index(result["triage"]["level"]) >= order.index(level)
