"""Round 31 (held out, outside reviewer, patients' and carers' voices): each failure as a pattern in our own words.

- a relative the patient speaks to ("told her brother ...") was read as the one the words are about, "there's no
  point to anything" as a "no" that denied the wish after it, and looking up how many tablets "would be too many"
  as nothing;
- "fumbling my shirt buttons" and "handwriting has gone scruffy" not read as clumsy hands;
- "accidents with my water" read as an injury, not wetting; "didn't know I was going until I felt wet" and "feels
  as if the toilet seat isn't there" not read;
- a worst-ever attack of a known migraine that built up over hours read as a thunderclap;
- "I read online that back pain can be a tumour" read as a cancer history;
- "the sciatic" not read as sciatica, and a high-stepping walk ("lift the knee high") read as knee pain;
- an arm radiation named with its side before the thumb not read;
- an occipital neuralgia told as a tender spot "where my skull meets my neck", "over the top of my head", set off
  by leaning back on a headrest, not read.
No dates in the notes, so the tests pass on any date.
"""

from __future__ import annotations

import pytest

from painpath.domain.model import Status
from tests.conftest import flags, ranked


def _level(result: dict) -> str:
    return str(result["triage"]["level"])


# ---------------------------------------------------------------- a relative spoken to is not the experiencer
@pytest.mark.parametrize(
    "text",
    [
        "My son is 17 and has had a sore back since rugby. He texted his sister that they would all be better off "
        "without him.",
        "Neck pain for a month. My wife confided in her mother that she wishes she was dead.",
    ],
)
def test_words_told_to_a_relative_are_the_patients(assess, text: str) -> None:
    result = assess(text)
    assert "suicide_risk" in flags(result)
    assert _level(result) in {"urgent", "emergency"}


def test_a_relatives_own_wish_stays_family(assess) -> None:
    result = assess("Low back pain for 3 months after lifting. His uncle sometimes wishes he was dead.")
    assert "suicide_risk" not in flags(result)


# ---------------------------------------------------------------- "no point to anything" is hopelessness, not a "no"
@pytest.mark.parametrize(
    "text",
    [
        "Back pain for a year. He keeps saying there's no point to anything and that we'd be better off without him.",
        "Hip pain for months. She wrote that there is no point to it all and the family would be better off without "
        "her.",
    ],
)
def test_no_point_to_anything_does_not_deny_the_wish(assess, statuses, text: str) -> None:
    assert "suicide_risk" in flags(assess(text))
    assert statuses(text).get("hopelessness") is Status.PRESENT


def test_no_point_in_a_treatment_is_not_hopelessness(statuses) -> None:
    found = statuses("Back pain for a year. There is no point in physio, it never helped.")
    assert found.get("hopelessness") is not Status.PRESENT


# ---------------------------------------------------------------- looking up how many tablets would be too many
@pytest.mark.parametrize(
    "text",
    [
        "Back pain for months. He has been googling how much of his morphine would be enough to kill him.",
        "Knee pain for a year. I saw she had searched how many of the amitriptyline would be too many.",
    ],
)
def test_searching_for_a_dose_too_many_is_a_method(statuses, assess, text: str) -> None:
    assert statuses(text).get("suicide_method") is Status.PRESENT
    assert _level(assess(text)) == "emergency"


def test_a_daily_dose_safety_check_is_not_a_method(statuses) -> None:
    found = statuses("Back pain for a month. I looked up how many paracetamol a day would be too many with my co-codamol.")
    assert found.get("suicide_method") is not Status.PRESENT


# ---------------------------------------------------------------- clumsy hands in lay words
@pytest.mark.parametrize(
    "text",
    [
        "Neck stiff for years. Lately I keep fumbling my coat buttons and my handwriting is all over the place. "
        "My walking is unsteady too.",
        "Stiff neck. My writing has gone sloppy and I fumble with my shirt buttons, and I'm wobbly on my feet.",
    ],
)
def test_lay_clumsy_hands(statuses, text: str) -> None:
    assert statuses(text).get("myelopathic_hands") is Status.PRESENT


def test_neat_handwriting_is_not_clumsy(statuses) -> None:
    found = statuses("Neck pain for a month. Buttons and writing are fine.")
    assert found.get("myelopathic_hands") is not Status.PRESENT


# ---------------------------------------------------------------- accidents with the water and the seat not felt
@pytest.mark.parametrize(
    "text",
    [
        "Back and leg pain. Since Tuesday I've had a couple of accidents with my bladder, which is new.",
        "Sore back. Yesterday she didn't know she was weeing until she felt wet.",
    ],
)
def test_accidents_with_the_water_are_incontinence(assess, statuses, text: str) -> None:
    assert statuses(text).get("urinary_incontinence") is Status.PRESENT
    assert statuses(text).get("trauma") is not Status.PRESENT
    assert "cauda_equina_syndrome" in flags(assess(text))


def test_a_car_accident_is_still_trauma(statuses) -> None:
    assert statuses("Neck pain since a car accident last week.").get("trauma") is Status.PRESENT


@pytest.mark.parametrize(
    "text",
    [
        "Low back pain. On the loo it felt like the seat wasn't there.",
        "Back pain and both legs heavy. My backside and the insides of my thighs have gone numb.",
    ],
)
def test_seat_not_felt_is_saddle_numbness(statuses, text: str) -> None:
    assert statuses(text).get("saddle_anaesthesia") is Status.PRESENT


def test_a_loose_toilet_seat_is_not_saddle_numbness(statuses) -> None:
    found = statuses("Back pain. We bought a new toilet seat because it feels as if the old one is loose.")
    assert found.get("saddle_anaesthesia") is not Status.PRESENT


# ---------------------------------------------------------------- a migraine that built up over hours
@pytest.mark.parametrize(
    "text",
    [
        "I get migraines most months with my usual aura. This was the worst headache of my life and it built up "
        "over about four hours.",
        "Migraines a few times a month for years. The worst headache I've ever had, with the zigzags like always, "
        "creeping up slowly over the morning.",
    ],
)
def test_worst_known_migraine_over_hours_is_no_thunderclap(assess, text: str) -> None:
    assert "thunderclap_headache" not in flags(assess(text))


@pytest.mark.parametrize(
    "text",
    [
        "I get migraines most months with my usual aura. This was the worst headache of my life and it came on in "
        "seconds.",
        "Worst headache of my life. It came on over a couple of hours, getting stronger through the afternoon.",
    ],
)
def test_sudden_or_first_worst_headache_still_flags(assess, text: str) -> None:
    assert "thunderclap_headache" in flags(assess(text))


# ---------------------------------------------------------------- something read online is not a history
@pytest.mark.parametrize(
    "text",
    [
        "Sore low back after football. We heard on the radio that back pain can mean a tumour.",
        "My daughter's back aches after netball. I saw on facebook that back pain can be a sign of cancer. No fever.",
    ],
)
def test_read_online_is_not_a_cancer_history(assess, text: str) -> None:
    assert "spinal_malignancy" not in flags(assess(text))


def test_own_cancer_after_reading_online_still_flags(assess) -> None:
    text = "Back pain for 6 weeks. I read online that back pain can be cancer, and I had breast cancer in 2019."
    assert "spinal_malignancy" in flags(assess(text))


# ---------------------------------------------------------------- "the sciatic" and a high-stepping walk
@pytest.mark.parametrize(
    "text",
    [
        "I have got the sciatic in my left leg for three weeks, from my bum down to the foot.",
        "My bad sciatic is back, six weeks now, and the right foot slaps when I walk so I lift the leg up high.",
    ],
)
def test_the_sciatic_is_sciatica(statuses, assess, text: str) -> None:
    assert statuses(text).get("radicular_leg_pain") is Status.PRESENT
    assert ranked(assess(text))[0] == "lumbar_radiculopathy"


def test_sciatic_notch_is_not_sciatica(statuses) -> None:
    found = statuses("Buttock pain over the sciatic notch after a fall on the ice.")
    assert found.get("radicular_leg_pain") is not Status.PRESENT


@pytest.mark.parametrize(
    "text",
    [
        "Sciatica for a month. Now I have to lift my knee really high so the foot doesn't catch.",
        "Leg pain for 5 weeks. Now he is bringing his knee up higher to walk.",
    ],
)
def test_high_stepping_names_no_knee_pain(statuses, text: str) -> None:
    found = statuses(text)
    assert found.get("high_stepping_gait") is Status.PRESENT
    assert found.get("knee_pain") is not Status.PRESENT


def test_knee_lift_exercise_is_no_foot_drop(statuses) -> None:
    found = statuses("Knee pain for 3 months. The physio has me lift my knee high as a stretch every morning.")
    assert found.get("high_stepping_gait") is not Status.PRESENT


# ---------------------------------------------------------------- arm radiation with its side before the hand
@pytest.mark.parametrize(
    "text",
    [
        "Neck pain for three weeks with a pain shooting down the back of my right arm into my middle finger.",
        "Stiff neck a month, and a burning pain goes down the inside of her left arm into the little finger.",
    ],
)
def test_arm_radiation_with_side(statuses, assess, text: str) -> None:
    assert statuses(text).get("arm_radiating_pain") is Status.PRESENT
    assert ranked(assess(text))[0] == "cervical_radiculopathy"


def test_upper_arm_alone_is_not_radiation(statuses) -> None:
    found = statuses("Shoulder pain for a month, down the outside of my upper arm when I reach.")
    assert found.get("arm_radiating_pain") is not Status.PRESENT


# ---------------------------------------------------------------- occipital neuralgia in lay words
@pytest.mark.parametrize(
    "text",
    [
        "For two months, electric jolts from the back of my head on the left that go up over the top of my head, a "
        "couple of seconds each. There's a sore spot where my skull joins my neck.",
        "Shooting zaps at the base of my skull for weeks, seconds at a time. Resting my head against the headrest in "
        "the car sets them off.",
    ],
)
def test_occipital_neuralgia_in_lay_words(assess, text: str) -> None:
    assert ranked(assess(text))[0] == "occipital_neuralgia"


def test_a_headrest_without_a_trigger_is_nothing(statuses) -> None:
    found = statuses("Neck ache for a month. I lean back on the headrest to rest while driving.")
    assert found.get("occipital_touch_trigger") is not Status.PRESENT
