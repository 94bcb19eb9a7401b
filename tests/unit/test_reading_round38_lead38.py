"""Round 38 (lead38: the held-out round's one miss, a giant cell arteritis triaged routine, and the lead's probes),
each a pattern with two new wordings and a negative twin.

1. the verb a writer tells the complaint with ("describes", "presents with", "reports") ends a denial inside the
   subject's description: "with no previous headache history describes 3 weeks of pain over both temples";
2. "No reports of fever, weight loss or night sweats" is a denial ("reports" there is a noun), not three symptoms;
3. headaches denied in the past beside a headache now make it a new headache (SNNOOP10);
4. a jaw that aches after a few minutes of chewing is jaw claudication; brushing the hair that is uncomfortable is
   the scalp's tenderness;
5. "a dull ache on the right side of his head" is head pain, and "the right side" of a head is no ectopic pregnancy's
   one-sided pain;
6. a titled name with the age after it ("Mrs K is 77", "Mr Okafor, 68,") gives the age;
7. pain still there, or worse than before a spine operation, is persistent spinal pain after surgery;
8. airbags that went off or a car written off mark a high-energy collision (spinal pain: a fracture until imaged);
9. severe pain in the first weeks after an operation is reviewed the same day; months after it, the acute stage's
   opioid is not offered (chronic post-surgical pain);
10. a named drug saved or hoarded is preparatory behaviour, and the amount "it would take" known is a method (C-SSRS);
11. "my fingers are numb" (the fingers first) is finger numbness: with an unsteady gait and neck pain, myelopathy;
12. a mid-back pain dated from a cough over 70 is a possible fracture; new numb legs with cancer and spinal pain are
    suspected cord compression (emergency); steroid inhalers are no immunosuppression;
13. "Empty can weak 4/5 but painful" is pain-inhibited weakness; "naproxen 500mg bd (stomach upset)" in a drug list is
    the drug's side effect (the oral NSAID is excluded);
14. a relative's age in brackets ("My grandmother (she's 81)") opens a note about the relative; "double seeing" is
    a visual symptom.
"""

from __future__ import annotations

import pytest

from painpath.domain.model import Status
from tests.conftest import absent, at_least, excluded, flags, level, offered, present, ranked


# ---------------------------------------------------------------- 1. the reporting verb ends the subject's denial
@pytest.mark.parametrize(
    "text",
    [
        "A 69-year-old woman with no significant past history presents with a month of aching over the left temple. "
        "ESR 92.",
        "Retired builder, 74, no previous illness of note, reports three weeks of pain in both temples; CRP 60.",
    ],
)
def test_a_denial_in_the_subjects_description_ends_at_the_reporting_verb(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "head_pain")
    assert "giant_cell_arteritis" in flags(result)
    assert at_least(result, "urgent")


@pytest.mark.parametrize(
    "text",
    [
        "No fever, weight loss or urinary retention reported by the patient. Back pain for 2 weeks after gardening.",
        "No reported fever, night sweats or weight loss. Low back pain for 10 days after lifting.",
    ],
)
def test_a_denial_list_closed_by_reported_stays_denied(assess, text: str) -> None:
    result = assess(text)
    assert absent(result, "fever")
    assert not flags(result)
    assert level(result) == "routine"


# ---------------------------------------------------------------- 2. "no reports of" is a denial
@pytest.mark.parametrize(
    "text",
    [
        "No reports of fever, weight loss or night sweats. Back pain for 2 weeks after moving house.",
        "Mechanical low back pain for 3 weeks. There have been no reports of fevers or weight loss.",
    ],
)
def test_no_reports_of_is_a_denial(assess, text: str) -> None:
    result = assess(text)
    assert absent(result, "fever")
    assert not {"spinal_infection", "spinal_malignancy"} & flags(result)
    assert level(result) == "routine"


def test_a_patient_who_reports_a_symptom_after_a_relatives_history_still_has_it(assess) -> None:
    result = assess("Her father had bowel cancer. She reports low back pain with a fever of 38.6 since her epidural.")
    assert present(result, "fever")
    assert "spinal_infection" in flags(result)


# ---------------------------------------------------------------- 3. no headaches before, a headache now
@pytest.mark.parametrize(
    "text",
    [
        "68 year old man. No prior history of headaches. For two weeks he has had a dull ache on the right side of "
        "his head.",
        "Mrs K is 77 and has no past headache history; over the last fortnight an ache across the top of her head.",
    ],
)
def test_a_headache_now_with_past_headaches_denied_is_a_new_headache_over_50(assess, statuses, text: str) -> None:
    result = assess(text)
    assert statuses(text).get("new_headache") == Status.PRESENT
    assert "giant_cell_arteritis" in flags(result)


@pytest.mark.parametrize(
    "text",
    [
        "68 year old man with low back pain for 6 months. No history of migraine. No headaches.",
        "Low back pain since a fall, 71. No previous headache history, no neck pain.",
    ],
)
def test_past_headaches_denied_without_a_headache_now_is_no_headache(assess, statuses, text: str) -> None:
    result = assess(text)
    assert not present(result, "head_pain")
    assert statuses(text).get("new_headache") != Status.PRESENT
    assert "giant_cell_arteritis" not in flags(result)


# ---------------------------------------------------------------- 4. claudication's timing; the hairbrush
@pytest.mark.parametrize(
    "text",
    [
        "Aged 70, headaches on and off for a month; his jaw gets tired after five minutes of eating steak.",
        "She is 79 with a new headache; her jaw aches after a couple of minutes of chewing and she has to rest it.",
    ],
)
def test_a_jaw_that_aches_after_minutes_of_chewing_is_jaw_claudication(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "jaw_claudication")
    assert "giant_cell_arteritis" in flags(result)


def test_a_jaw_that_clicks_after_chewing_gum_is_no_claudication(assess) -> None:
    result = assess("65 year old. Jaw clicks after a few minutes of chewing gum, no pain with it. Low back pain.")
    assert not present(result, "jaw_claudication")
    assert "giant_cell_arteritis" not in flags(result)


@pytest.mark.parametrize(
    "text",
    [
        "She is 71, combing her hair is uncomfortable on the left side, with a headache there for a fortnight.",
        "I'm 74 and brushing my hair has become really sensitive on the right, with a headache since last month.",
    ],
)
def test_a_hairbrush_that_is_uncomfortable_is_the_scalps_tenderness(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "scalp_allodynia")
    assert "giant_cell_arteritis" in flags(result)


# ---------------------------------------------------------------- 5. the side of the head
@pytest.mark.parametrize(
    "text",
    [
        "28 year old woman, a dull ache on the left side of her head for 2 days, worse with light.",
        "Pain at the top of my head since Tuesday, I am 35 and have a stressful job.",
    ],
)
def test_the_side_or_top_of_the_head_is_head_pain(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "head_pain")
    assert not present(result, "ectopic_features")


def test_a_right_sided_lower_tummy_pain_is_still_the_ectopic_feature(assess) -> None:
    result = assess("I'm 27 and pregnant, my period is 6 weeks late, and I have a pain on the right side low down.")
    assert present(result, "ectopic_features")


# ---------------------------------------------------------------- 6. a titled name's age
@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("Mrs K is 77 and has had low back pain for a fortnight after a fall.", 77.0),
        ("Mr Okafor, 68, retired bus driver, back pain for 3 weeks.", 68.0),
        ("Re: Ms Lee (59) - neck pain for six weeks.", 59.0),
    ],
)
def test_a_titled_names_age(assessor, text: str, age: float) -> None:
    assert assessor.reader.read(text).values.get("age") == age


@pytest.mark.parametrize(
    "text",
    [
        "Mr Jones, 12 weeks after his operation, still has back pain.",
        "Mrs Smith is 60 kg and has had back pain for a month.",
    ],
)
def test_a_titled_names_weight_or_time_is_no_age(assessor, text: str) -> None:
    assert "age" not in assessor.reader.read(text).values


# ---------------------------------------------------------------- 7. still there after the operation
@pytest.mark.parametrize(
    "text",
    [
        "Decompression and fusion L4-S1 two years ago. She still has persistent lower back pain and the left leg "
        "burning is no better than before the operation; the old foot numbness is unchanged.",
        "Microdiscectomy 3 years ago and a fusion last year; since the fusion his back and leg pain are worse, "
        "stable mild EHL weakness noted before surgery.",
    ],
)
def test_pain_no_better_after_spine_surgery_leads_with_persistent_spinal_pain(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "persistent_after_treatment")
    assert ranked(result)[0] == "persistent_spinal_pain_after_surgery"


def test_still_having_a_good_range_is_no_persisting_pain(assess) -> None:
    result = assess("Knee arthroscopy 2 years ago, still has a good range of movement; now low back pain for a week.")
    assert not present(result, "persistent_after_treatment")


# ---------------------------------------------------------------- 8. a collision of force
@pytest.mark.parametrize(
    "text",
    [
        "45 year old driver in a car crash yesterday, airbags went off, now pain in the middle of his back.",
        "Rear-ended on the motorway two days ago and the car was written off; low back pain since, I'm 38.",
    ],
)
def test_deployed_airbags_or_a_written_off_car_with_spinal_pain_is_a_fracture_until_imaged(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "major_trauma")
    assert "vertebral_fracture" in flags(result)
    assert at_least(result, "soon")


def test_airbags_with_the_pain_told_as_recent_is_same_day_imaging(assess) -> None:
    result = assess("45 year old driver in a car crash yesterday, airbags went off, now pain in the middle of his back.")
    assert any(flag["rule"] == "fracture_high_energy" for flag in result["red_flags"])
    assert level(result) == "urgent"


def test_a_minor_bump_with_no_airbags_is_no_high_energy_injury(assess) -> None:
    result = assess("Minor bump in a car park 3 days ago, the airbags did not go off, stiff lower back since. I'm 40.")
    assert not present(result, "major_trauma")
    assert level(result) == "routine"


# ---------------------------------------------------------------- 9. after an operation: the first weeks, and later
@pytest.mark.parametrize(
    "text",
    [
        "Total knee replacement 5 days ago, severe pain 9/10 despite paracetamol and ibuprofen.",
        "Had my hip replaced 10 days ago and the pain is now unbearable, even with the tablets from the hospital.",
    ],
)
def test_severe_pain_in_the_first_weeks_after_an_operation_is_reviewed_the_same_day(assess, text: str) -> None:
    result = assess(text)
    assert "deterioration_after_surgery" in result["triage"]["rules"]
    assert level(result) == "urgent"


def test_severe_pain_years_after_spine_surgery_is_not_the_first_weeks(assess) -> None:
    result = assess("Lumbar fusion 3 years ago, severe back pain 8/10 since the operation that has never settled.")
    assert "deterioration_after_surgery" not in result["triage"]["rules"]


@pytest.mark.parametrize(
    "text",
    [
        "Hernia repair 5 months ago, since then a sharp burning pain in the groin scar.",
        "Knee replacement 7 months ago and it has ached ever since the operation.",
    ],
)
def test_pain_months_after_an_operation_gets_no_acute_stage_opioid(assess, text: str) -> None:
    result = assess(text)
    assert ranked(result)[0] == "postoperative_pain"
    assert "opioid" not in offered(result)


def test_the_first_days_after_an_operation_keep_the_short_opioid_course(assess) -> None:
    result = assess("Total knee replacement 4 days ago, pain 7/10 on walking despite paracetamol.")
    assert "opioid" in offered(result)


# ---------------------------------------------------------------- 10. a stash of a named drug; the amount known
@pytest.mark.parametrize(
    "text",
    [
        "Honestly I've given up. I've been saving my tramadol for a while now. Back pain for years.",
        "Sciatica for two years; she admits she has been hoarding her zopiclone and feels there is no way out.",
    ],
)
def test_saving_a_named_drug_is_preparatory_behaviour(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "suicide_preparatory")
    assert "suicide_risk" in flags(result)
    assert level(result) == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "Back pain for years. I'm saving my tramadol for bad days because it makes me drowsy.",
        "Neck pain. She is saving her pregabalin until her next prescription arrives.",
    ],
)
def test_saving_a_drug_for_an_ordinary_reason_is_no_stash(assess, text: str) -> None:
    result = assess(text)
    assert not present(result, "suicide_preparatory")
    assert "suicide_risk" not in flags(result)


@pytest.mark.parametrize(
    "text",
    [
        "Chronic back pain. I know exactly how many of my amitriptyline it would take.",
        "Sciatica 2 years. He has worked out how much of his morphine would kill him.",
    ],
)
def test_the_amount_known_is_a_method_weighed(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "suicide_method")
    assert "suicide_risk" in flags(result)


def test_how_many_it_would_take_to_control_the_pain_is_analgesia(assess) -> None:
    result = assess("Back pain for 5 years. I know how many it would take to control the pain but the GP won't agree.")
    assert not present(result, "suicide_method")
    assert "suicide_risk" not in flags(result)


# ---------------------------------------------------------------- 11. the fingers told first, then numb
@pytest.mark.parametrize(
    "text",
    [
        "I'm 55 and for two months my legs feel like they belong to someone else, I'm walking like I'm drunk and my "
        "fingers are numb. Neck stiff.",
        "Neck ache for 3 months at 61; my hands keep going dead and I'm unsteady on my feet like I'm on a boat.",
    ],
)
def test_numb_fingers_told_after_the_fingers_with_an_unsteady_gait_and_neck_pain_is_myelopathy(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "finger_numbness")
    assert "cervical_myelopathy" in flags(result)
    assert at_least(result, "urgent")


def test_fingers_that_are_not_numb_are_no_finger_numbness(assess) -> None:
    result = assess("Neck pain for a month after decorating, my fingers are not numb and walking is fine.")
    assert not present(result, "finger_numbness")
    assert "cervical_myelopathy" not in flags(result)


# ---------------------------------------------------------------- 12. a cough over 70; numb legs with cancer; inhaled steroids
@pytest.mark.parametrize(
    "text",
    [
        "My dad is 84 and since his cough started his back hurts right in the middle, worse when he turns.",
        "Mrs P is 79; after a bad coughing fit on Sunday she has had pain between the shoulder blades.",
    ],
)
def test_a_mid_back_pain_dated_from_a_cough_over_70_is_a_possible_fracture(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "trivial_trigger")
    assert "vertebral_fracture" in flags(result)


def test_a_cough_beside_a_back_pain_is_no_trigger(assess) -> None:
    result = assess("78 year old woman presents with back pain and a cough for 2 weeks, no fever.")
    assert not present(result, "trivial_trigger")


@pytest.mark.parametrize(
    "text",
    [
        "Patient with multiple myeloma presents with new back pain and numb legs.",
        "Breast cancer treated 6 years ago; for a week her back has ached and both legs have gone numb.",
    ],
)
def test_new_leg_numbness_with_cancer_and_spinal_pain_is_suspected_cord_compression(assess, text: str) -> None:
    result = assess(text)
    assert "spinal_malignancy" in flags(result)
    assert level(result) == "emergency"


def test_inhaled_steroids_are_no_immunosuppression(assess) -> None:
    result = assess("I'm 60 with low back pain for 2 weeks after gardening; I'm on steroids inhalers for asthma only.")
    assert not present(result, "immunosuppression")
    result = assess("I'm 60 with low back pain for 2 weeks; I've been on steroids for my arthritis for years.")
    assert present(result, "immunosuppression")


# ---------------------------------------------------------------- 13. a cuff test weak with its grade; a drug list's bracketed effect
@pytest.mark.parametrize(
    "text",
    [
        "Pain R shoulder x 3/12, painful arc 60-120, Hawkins +ve. Empty can weak 4/5 but painful. Passive ROM full.",
        "Left shoulder pain for 8 weeks, painful arc, positive Neer; resisted abduction weak (4+/5) and sore.",
    ],
)
def test_a_graded_cuff_weakness_told_with_its_pain_is_no_new_motor_deficit(assess, text: str) -> None:
    result = assess(text)
    assert "new_motor_weakness" not in result["triage"]["rules"]
    assert level(result) == "routine"


def test_a_graded_weakness_without_pain_in_a_root_story_stays_a_motor_deficit(assess) -> None:
    result = assess("Neck pain radiating to the right hand for 2 weeks, biceps weak 4/5, reduced biceps reflex.")
    assert "new_motor_weakness" in result["triage"]["rules"]


@pytest.mark.parametrize(
    ("text", "drug", "effect"),
    [
        ("DH: metformin 1g bd, naproxen 500mg bd (stomach upset), co-codamol 30/500 2 qds. Back pain 10 weeks.",
         "naproxen", "stomach upset"),
        ("Meds: pregabalin 75mg bd - made him drowsy, paracetamol 1g qds. Sciatica for 3 months.", "pregabalin",
         "drowsy"),
    ],
)
def test_a_drug_lists_bracketed_side_effect_is_the_drugs(assessor, text: str, drug: str, effect: str) -> None:
    found = {m.name: m for m in assessor.reader.read(text).medications}
    assert found[drug].effect == effect
    assert found[drug].status == "current"


def test_a_bracketed_indication_is_no_side_effect(assessor) -> None:
    found = {m.name: m for m in assessor.reader.read("DH: naproxen 500 mg bd (for her knees). Back pain.").medications}
    assert found["naproxen"].effect == ""


def test_a_bracketed_stomach_upset_on_an_nsaid_excludes_the_oral_nsaid(assess) -> None:
    result = assess("52M, sciatica 10 weeks. DH: ramipril 5mg, naproxen 500mg bd (stomach upset). SLR 40 on the right.")
    assert "oral_nsaid" in excluded(result)
    assert "oral_nsaid" not in offered(result)


# ---------------------------------------------------------------- 14. a relative's age in brackets; double seeing
@pytest.mark.parametrize(
    "text",
    [
        "My grandmother (she's 81) has had a bad headache at the side of her head for about 10 days and says eating "
        "makes her jaw tired.",
        "My dad (aged 79) has had a headache over his temples for two weeks and his jaw aches after a few minutes of "
        "chewing.",
    ],
)
def test_a_relatives_age_in_brackets_opens_a_note_about_the_relative(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "head_pain")
    assert "giant_cell_arteritis" in flags(result)


def test_a_relatives_illness_beside_the_writers_own_pain_stays_family_history(assess) -> None:
    result = assess("I'm 35 with low back pain for a week. My grandmother (she's 81) had breast cancer.")
    assert "spinal_malignancy" not in flags(result)


@pytest.mark.parametrize(
    "text",
    [
        "Hello, I am 74, my head is hurting near the ear for two weeks, the jaw gets painful when I chew. Also today the "
        "eye is double seeing.",
        "I'm 70 with a headache at my temples and since this morning I get double images.",
    ],
)
def test_double_seeing_is_a_visual_symptom(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "visual_symptoms")
    assert level(result) == "emergency"


def test_a_double_bed_is_no_double_vision(assess) -> None:
    result = assess("I'm 70 with low back pain for a month, worse getting out of our double bed.")
    assert not present(result, "visual_symptoms")
