"""Round 33, the lead's third probe of main (lead33c): what a pain practice meets after its own procedures and drugs.
Opioid toxicity after an intrathecal pump refill, serotonin toxicity, a staggered paracetamol overdose, a seizure
after stopping a gabapentinoid or since a head injury, a deficit after a spinal injection, an infected implanted
device, an NSAID kidney injury, sedation on opioids, a feverish child who will not bear weight, sudden loss of sight
in one eye, possible acute pancreatitis and opioid withdrawal. Two wordings of our own that must behave and a twin
that must not fire, per pattern (kb 2026.12.105).
"""

from __future__ import annotations

import pytest


def _level(result: dict) -> str:
    return str(result["triage"]["level"])


def _rules(result: dict) -> list[str]:
    return list(result["triage"].get("rules", []))


def _fires(assess, text: str, rule: str, level: str) -> None:
    result = assess(text)
    assert rule in _rules(result), _rules(result)
    assert _level(result) == level


def _quiet(assess, text: str, rule: str) -> dict:
    result = assess(text)
    assert rule not in _rules(result), _rules(result)
    return result


# ---------------------------------------------------------------- 1. opioid toxicity: the pump and "feels slow"
@pytest.mark.parametrize(
    "text",
    [
        "They topped up my morphine pump this morning, since then I can't keep my eyes open and my breathing seems really slow.",
        "On MST 60 mg twice a day for my back, tonight my breathing feels very shallow and slow.",
    ],
)
def test_a_pump_refill_or_an_opioid_with_breathing_felt_slow_is_opioid_toxicity(assess, text: str) -> None:
    _fires(assess, text, "possible_opioid_toxicity", "emergency")


def test_a_pump_refill_with_normal_breathing_is_no_toxicity(assess) -> None:
    result = _quiet(assess, "My intrathecal pump was refilled on Monday, the pain is better and I feel well.", "possible_opioid_toxicity")
    assert _level(result) != "emergency"


# ---------------------------------------------------------------- 2. serotonin toxicity
@pytest.mark.parametrize(
    "text",
    [
        "Since the GP added tramadol to my fluoxetine I've been jerking all over, sweaty and I can't sit still.",
        "On duloxetine, took sumatriptan for a migraine and now my legs keep twitching, I'm agitated and burning up.",
    ],
)
def test_a_serotonergic_drug_with_twitching_and_agitation_or_sweating_is_serotonin_toxicity(assess, text: str) -> None:
    _fires(assess, text, "possible_serotonin_toxicity", "emergency")


def test_shaky_hands_on_sertraline_and_tramadol_without_twitching_or_fever_is_not(assess) -> None:
    result = _quiet(assess, "On sertraline and tramadol for years, my hands are a bit shaky in the cold, back ache.", "possible_serotonin_toxicity")
    assert _level(result) != "emergency"


# ---------------------------------------------------------------- 3. staggered paracetamol overdose
@pytest.mark.parametrize(
    "text",
    [
        "For the toothache and back I've been on 10 paracetamol a day for a week and now my tummy hurts under the ribs.",
        "I take 8 paracetamol a day plus co-dydramol at night for my knees.",
    ],
)
def test_paracetamol_over_four_grams_a_day_is_a_staggered_overdose(assess, text: str) -> None:
    _fires(assess, text, "paracetamol_staggered_overdose", "emergency")


def test_paracetamol_within_the_daily_maximum_is_not(assess) -> None:
    result = _quiet(assess, "I take 8 paracetamol a day for my knees and it helps a bit.", "paracetamol_staggered_overdose")
    assert _level(result) != "emergency"


# ---------------------------------------------------------------- 4. a seizure after stopping a sedative or a head injury
@pytest.mark.parametrize(
    "text",
    [
        "Ran out of my pregabalin on Friday and on Sunday I had a fit in the kitchen.",
        "Banged my head on a beam three days ago and this morning I had a seizure, back pain too.",
    ],
)
def test_a_seizure_after_a_sedative_stop_or_a_head_injury_is_an_emergency(assess, text: str) -> None:
    _fires(assess, text, "seizure_after_withdrawal_or_head_injury", "emergency")


@pytest.mark.parametrize(
    "text",
    [
        "I stopped my gabapentin last week because it made me dizzy, no other problems, back pain unchanged.",
        "Had a fit of coughing after I banged my head on the cupboard, sore neck.",
    ],
)
def test_a_sedative_stop_or_a_head_knock_without_a_seizure_is_not(assess, text: str) -> None:
    result = _quiet(assess, text, "seizure_after_withdrawal_or_head_injury")
    assert "possible_serotonin_toxicity" not in _rules(result)


# ---------------------------------------------------------------- 5. a deficit after a spinal procedure
@pytest.mark.parametrize(
    "text",
    [
        "Two days after my epidural steroid injection my legs have gone weak and I keep stumbling.",
        "Nerve root block on Tuesday, since then my right leg is weak and I can't stand up.",
    ],
)
def test_new_weakness_after_a_spinal_injection_is_an_emergency(assess, text: str) -> None:
    _fires(assess, text, "deficit_after_spinal_procedure", "emergency")


def test_a_sore_injection_site_without_weakness_is_not(assess) -> None:
    result = _quiet(assess, "Facet injection yesterday, the site is a bit sore and the leg felt numb for an hour afterwards as expected.", "deficit_after_spinal_procedure")
    assert _level(result) != "emergency"


# ---------------------------------------------------------------- 6. an infected implanted device
@pytest.mark.parametrize(
    "text",
    [
        "The battery site of my stimulator is hot, swollen and oozing since the op.",
        "My pump wound is red and leaking, back pain as usual.",
    ],
)
def test_an_inflamed_device_wound_is_seen_the_same_day(assess, text: str) -> None:
    _fires(assess, text, "implanted_device_infection", "urgent")


def test_an_inflamed_device_wound_with_a_temperature_is_an_emergency(assess) -> None:
    _fires(assess, "SCS implanted 10 days ago, the scar is red and weeping and I've got a fever and shivers.", "implanted_device_infection_with_fever", "emergency")


def test_a_healed_device_wound_is_not(assess) -> None:
    result = _quiet(assess, "My spinal cord stimulator wound has healed well, not red, and the stimulation covers my leg.", "implanted_device_infection")
    assert _level(result) == "routine"


# ---------------------------------------------------------------- 7. acute kidney injury after an NSAID
@pytest.mark.parametrize(
    "text",
    [
        "I've been taking naproxen 500 mg twice a day for my gout and now I'm hardly peeing.",
        "After the diclofenac injection in A&E I've been passing very little urine and my ankles are puffy.",
    ],
)
def test_little_urine_after_an_nsaid_is_possible_kidney_injury(assess, text: str) -> None:
    _fires(assess, text, "possible_nsaid_kidney_injury", "urgent")


def test_an_nsaid_with_normal_water_works_is_not(assess) -> None:
    _quiet(assess, "On ibuprofen for my knee, my ankles swell in hot weather and I'm peeing normally.", "possible_nsaid_kidney_injury")


# ---------------------------------------------------------------- 8. sedation on opioids
@pytest.mark.parametrize(
    "text",
    [
        "On morphine 30 mg twice a day and pregabalin 300 mg, I keep falling asleep mid-sentence.",
        "Since the diazepam was added to my oxycodone I'm drowsy all day, back pain.",
    ],
)
def test_marked_sedation_or_an_opioid_with_a_sedative_and_drowsiness_is_urgent(assess, text: str) -> None:
    _fires(assess, text, "opioid_sedation", "urgent")


def test_a_bit_drowsy_on_low_dose_codeine_is_not(assess) -> None:
    result = _quiet(assess, "Codeine 30 mg makes me a bit drowsy in the evenings, knee pain.", "opioid_sedation")
    assert _level(result) == "routine"


# ---------------------------------------------------------------- 9. a feverish child who will not bear weight
@pytest.mark.parametrize(
    "text",
    [
        "My daughter is 6, she's refusing to put weight on her left leg today and has a temperature of 38.9.",
        "My toddler started limping this morning and now he's burning up and screams when I bend his knee.",
    ],
)
def test_a_feverish_child_not_bearing_weight_is_an_emergency(assess, text: str) -> None:
    _fires(assess, text, "child_fever_not_weight_bearing", "emergency")


def test_a_child_with_a_limp_after_football_and_no_fever_is_not(assess) -> None:
    _quiet(assess, "My son is 12 and limping since football on Saturday, no temperature, knee sore.", "child_fever_not_weight_bearing")


# ---------------------------------------------------------------- 10. sudden loss of sight in one eye
@pytest.mark.parametrize(
    "text",
    [
        "Woke with a headache and a grey shadow creeping across the vision of my left eye.",
        "While gardening I suddenly went blind in my right eye for ten minutes, neck ache since.",
    ],
)
def test_sudden_loss_of_sight_in_one_eye_is_an_emergency(assess, text: str) -> None:
    _fires(assess, text, "sudden_monocular_vision_loss", "emergency")


def test_sight_lost_in_childhood_or_blurred_reading_is_not(assess) -> None:
    result = _quiet(assess, "I lost the sight in my left eye as a child, back pain for years, reading glasses blur sometimes.", "sudden_monocular_vision_loss")
    assert _level(result) != "emergency"


# ---------------------------------------------------------------- 11. possible acute pancreatitis
@pytest.mark.parametrize(
    "text",
    [
        "I've got gallstones and since last night a terrible pain in the top of my stomach boring through to my back, I've been sick five times.",
        "Heavy drinker, epigastric pain radiating through to the back since the weekend, vomiting.",
    ],
)
def test_epigastric_pain_to_the_back_with_vomiting_and_a_cause_is_possible_pancreatitis(assess, text: str) -> None:
    _fires(assess, text, "possible_acute_pancreatitis", "emergency")


def test_upper_back_pain_from_lifting_with_a_queasy_stomach_is_not(assess) -> None:
    result = _quiet(assess, "Pulled my upper back lifting boxes, I drink a lot of tea, tummy is fine, no vomiting.", "possible_acute_pancreatitis")
    assert "epigastric_pain_to_back_vomiting" not in _rules(result)


# ---------------------------------------------------------------- 12. opioid withdrawal
@pytest.mark.parametrize(
    "text",
    [
        "Couldn't get my tramadol over the bank holiday, now I keep yawning, my nose is running and I've got the runs.",
        "Stopped my morphine cold turkey on Monday, I've got goose bumps, sweats and stomach cramps.",
    ],
)
def test_an_opioid_stopped_with_withdrawal_signs_is_named_and_seen_soon(assess, text: str) -> None:
    result = assess(text)
    assert "opioid_withdrawal" in _rules(result)
    assert _level(result) == "soon"
    assert any("withdrawal" in reason and "taper" in reason for reason in result["triage"]["reasons"])


def test_an_opioid_stopped_years_ago_with_a_cold_is_not_withdrawal(assess) -> None:
    _quiet(assess, "I stopped my oxycodone years ago, now I have a cold with a runny nose and sneezing, back ache.", "opioid_withdrawal")


# ---------------------------------------------------------------- more twins that must stay quiet
@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Morphine made me very sleepy years ago so I stopped it, back pain now on paracetamol.", "opioid_sedation"),
        ("On sertraline, my legs twitch as I'm falling asleep, otherwise fine, neck ache.", "possible_serotonin_toxicity"),
        ("I keep fit and I'm fit and well apart from my back, off pregabalin since last week.", "seizure_after_withdrawal_or_head_injury"),
        ("The shadow on my scan came up again at the review, back pain for years.", "sudden_monocular_vision_loss"),
        ("My insulin pump was refilled yesterday, breathing fine, knee pain.", "possible_opioid_toxicity"),
        ("Breast implant area a bit red after the sun, shoulder pain.", "implanted_device_infection"),
    ],
)
def test_similar_words_do_not_fire(assess, text: str, rule: str) -> None:
    _quiet(assess, text, rule)
