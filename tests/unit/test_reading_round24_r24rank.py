"""Reading, round 24 (issue 10), the ranking half: shingles told without its name, a perineal pain told by sitting,
"everywhere" that is not a pain, and a back pain low in the middle of the back. Each pattern in our own words, with a
twin that must not change. The reviewers' notes are held out: none of their text is here."""

from __future__ import annotations

import pytest

from painpath.domain.model import Status
from tests.conftest import ranked

RASH = "dermatomal_rash_history"
PHN = "postherpetic_neuralgia"
PELVIC = "chronic_pelvic_pain"

# ------------------------------------------------------------------------ shingles in lay and other Englishes


@pytest.mark.parametrize(
    "text",
    [
        # a relative, a stripe of blisters round the trunk, a garment that cannot be borne
        "Mum is 77. In February a crop of blisters came up in a stripe from her spine round to her tummy on the left; "
        "it crusted over and cleared by March. Since then that stripe burns as if scalded, and she can't bear her "
        "blouse against it.",
        # a letter: vesicles on one side, an antiviral course, healed lesions, pricking and burning pain since
        "Case of 66 yr female, HTN, had fluid-filled eruptions over right side of abdomen 4 months ago, took "
        "valacyclovir course. Lesions healed but pricking and burning pain in the same area persists, unable to "
        "tolerate saree touching it.",
        # a patient: spots in a line round the ribs that the doctor treated with antiviral tablets
        "I'm 70. Last autumn I had spots in a line round my right ribs and the doctor gave me antiviral tablets. The "
        "spots went weeks ago but the skin there still burns and stings day and night.",
    ],
)
def test_shingles_told_without_its_name_leads_to_postherpetic_neuralgia(assess, statuses, text: str) -> None:
    assert statuses(text).get(RASH) is Status.PRESENT
    result = assess(text)
    assert ranked(result)[0] == PHN
    assert result["triage"]["level"] in {"routine", "soon"}


def test_a_garment_that_cannot_be_borne_on_the_skin_is_allodynia(statuses) -> None:
    found = statuses(
        "Since the shingles on his chest in spring he cannot stand his vest on that side; it burns all day."
    )
    assert found.get("allodynia") is Status.PRESENT
    assert found.get(RASH) is Status.PRESENT


@pytest.mark.parametrize(
    "text",
    [
        # a shingles vaccine is no shingles
        "Had the shingles jab at the surgery last autumn. For four months now a burning pain along my right ribs.",
        "She is 74 and was vaccinated against shingles in May. Burning pain over the left side of her chest since "
        "the summer.",
        # friction blisters on the feet are no zoster
        "Blisters on both heels from new walking boots in the spring; now my soles burn at night, for five months.",
        # a drug rash with no band, no blisters and no antiviral
        "A rash from amoxicillin came up on my arms last year. Now burning pain down my right side for 4 months.",
    ],
)
def test_vaccines_friction_blisters_and_a_drug_rash_are_not_shingles(assess, statuses, text: str) -> None:
    assert statuses(text).get(RASH) is not Status.PRESENT
    assert ranked(assess(text))[0] != PHN


def test_shingles_after_a_vaccine_is_still_shingles(statuses) -> None:
    """The vaccine phrase holds only its own words: shingles told after it still reads."""
    found = statuses("Had the shingles vaccine in 2022, then shingles on my left chest this spring; still burning.")
    assert found.get(RASH) is Status.PRESENT


def test_a_denied_rash_in_a_band_is_not_shingles(statuses) -> None:
    found = statuses("Burning pain round the left ribs for 4 months. Never had a rash in a band or any blisters there.")
    assert found.get(RASH) is not Status.PRESENT


# ------------------------------------------------------------------------ the perineum told by sitting


def test_a_lay_perineal_pain_worst_sitting_and_fine_on_a_toilet_seat_is_pelvic_pain(assess, statuses) -> None:
    text = (
        "31, female. Ever since my first delivery with stitches I've had a raw, stinging ache down below, in the bit "
        "between the front passage and the back passage. It's worst sitting on hard seats, so a ring cushion goes "
        "everywhere with me, yet it's better sitting on the loo. Standing eases it. Bladder and bowels normal."
    )
    found = statuses(text)
    assert found.get("pelvic_perineal_pain") is Status.PRESENT
    assert found.get("worse_sitting") is Status.PRESENT
    assert found.get("relieved_standing") is Status.PRESENT
    assert found.get("better_sitting") is not Status.PRESENT  # a toilet seat unloads the perineum: no canal relief
    assert found.get("widespread_pain") is not Status.PRESENT
    result = assess(text)
    assert ranked(result)[0] == PELVIC
    assert result["triage"]["level"] == "routine"
    assert "cauda_equina_syndrome" not in {flag["id"] for flag in result["red_flags"]}


def test_down_below_the_knee_is_the_leg_not_the_perineum(assess, statuses) -> None:
    """The twin: "down below" is the perineum only when it is not below a named part or where a pain travels."""
    text = "Low back pain for 2 weeks with a sore patch down below the knee on the outer side of my left leg."
    assert statuses(text).get("pelvic_perineal_pain") is not Status.PRESENT
    text = "Sciatica for 3 weeks: the pain shoots down below, into my calf and foot."
    assert statuses(text).get("pelvic_perineal_pain") is not Status.PRESENT
    assert ranked(assess(text))[0] == "lumbar_radiculopathy"


def test_a_narrow_canal_eased_by_sitting_keeps_better_sitting(statuses) -> None:
    """The twin: relief by sitting down (not on a toilet seat) is still the stenosis sign."""
    found = statuses("Man of 72: legs heavy after 5 minutes walking, better sitting down or leaning on a trolley.")
    assert found.get("better_sitting") is Status.PRESENT


# ------------------------------------------------------------------------ "everywhere" and widespread pain


@pytest.mark.parametrize(
    "text",
    [
        "I carry a rolled towel everywhere for my lower back, which aches after an hour at work.",
        "Her glucose readings have been all over the place this month; her low back has been sore for a fortnight.",
        "Last year a rash from an antibiotic came up all over my chest. For 5 months my feet have been numb at night.",
    ],
)
def test_everywhere_or_all_over_without_a_pain_word_is_no_widespread_pain(statuses, text: str) -> None:
    assert statuses(text).get("widespread_pain") is not Status.PRESENT


@pytest.mark.parametrize(
    "text",
    [
        "I hurt everywhere, neck, arms, back, hips and legs, for two years; I'm exhausted and sleep badly.",
        "For 18 months my whole body aches, it's everywhere, with exhaustion and foggy thinking.",
        "Sore all over for three years since a bout of flu, with exhaustion and sleep that never refreshes me.",
    ],
)
def test_pain_everywhere_still_ranks_fibromyalgia(assess, statuses, text: str) -> None:
    assert statuses(text).get("widespread_pain") is Status.PRESENT
    assert ranked(assess(text))[0] == "fibromyalgia"


# ------------------------------------------------------------------------ low in the middle of the back


@pytest.mark.parametrize(
    "text",
    [
        "Man of 45, five months of a dull pain low in the centre of my back, worse through a long film or a long "
        "drive and easier once I am up and moving. Nothing down the legs.",
        "Five months of back pain: my back aches in the middle, low down just above the belt, worse sitting at work. "
        "Legs fine.",
    ],
)
def test_a_pain_low_in_the_middle_of_the_back_is_low_midline_back_pain(assess, statuses, text: str) -> None:
    found = statuses(text)
    assert found.get("midline_axial_pain") is Status.PRESENT
    assert found.get("mid_back_pain") is not Status.PRESENT
    top = ranked(assess(text))
    assert top[0] != "myofascial_pain"
    assert {"lumbar_discogenic_pain", "nonspecific_low_back_pain"} & set(top[:3])


def test_the_middle_of_the_back_between_the_shoulder_blades_stays_thoracic(statuses) -> None:
    """The twin: the middle of the back without a word that puts it low is the thoracic spine."""
    found = statuses("Three months of an ache in the middle of my back, between the shoulder blades, at my desk.")
    assert found.get("mid_back_pain") is Status.PRESENT
    assert found.get("midline_axial_pain") is not Status.PRESENT


# ------------------------------------------------------------------------ a complaint joined to a test by "and"


@pytest.mark.parametrize(
    "text",
    [
        "Man of 48 with sciatica. His bloods came back fine and since last night he can't feel himself wiping and "
        "can't pass water.",
        "Woman of 52, back pain with sciatica. Her MRI was clear in May and since Tuesday she has numbness in the saddle "
        "area and cannot pass urine.",
    ],
)
def test_a_new_complaint_after_a_test_and_and_is_read(assess, text: str) -> None:
    """Safety first: "and" opening a new statement ends a test piece; the complaint after it is not dropped."""
    result = assess(text)
    assert "cauda_equina_syndrome" in {flag["id"] for flag in result["red_flags"]}
    assert result["triage"]["level"] == "emergency"


def test_a_test_result_joined_by_and_stays_a_test(statuses) -> None:
    """The twins: a second result, a body part that was imaged and a relative's illness stay what they were."""
    found = statuses("X-ray of his hips and his knees was normal. Low back ache for 3 weeks.")
    assert found.get("knee_pain") is not Status.PRESENT
    found = statuses("Her father had a spinal tumour and he died at 70. Low back ache for 3 weeks after gardening.")
    assert found.get("cancer_history") is not Status.PRESENT
