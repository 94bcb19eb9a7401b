"""Clause roles, the complaint's timeline, each finding's course, clause-aware negation and the unread safety net."""

from __future__ import annotations

import pytest

from painpath.domain.model import Status

P, A = Status.PRESENT, Status.ABSENT


# ---------------------------------------------------------------------------------------------- clause roles


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("Back pain for 3 weeks. Knee and ankle reflexes are normal and symmetrical.", "knee_pain"),
        ("Back pain for 3 weeks. Strength 5/5 in knee extensors and hip abductors.", "knee_pain"),
        ("Back pain for 3 weeks. Neurological examination of the legs is normal.", "leg_pain"),
        ("Back pain for 3 weeks. O/E: ankle jerks absent bilaterally.", "foot_pain"),
        ("Neck pain. An MRI of the left foot was normal.", "foot_pain"),
        ("Neck pain. Plan: podiatry for a diabetic foot check.", "foot_pain"),
        ("Neck pain. Lives with her husband in a house with the bedroom upstairs.", "worse_walking_stairs"),
        ("Back pain for 3 weeks. On examination lumbar flexion is reduced.", "worse_flexion"),
    ],
)
def test_body_words_outside_the_complaint_are_not_where_it_hurts(statuses, text: str, finding: str) -> None:
    assert finding not in statuses(text)


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("Back pain. On examination: tenderness over both temples.", "head_pain"),
        ("Back pain. Straight leg raise on the right reproduces the calf pain at 35 degrees.", "pain_below_knee"),
        ("Sciatica L leg, MRI last week excluded cauda equina compression.", "radicular_leg_pain"),
        ("Retired farmer, 74, legs go heavy and numb after walking 100 yards.", "leg_pain"),
    ],
)
def test_the_complaint_keeps_its_sites(statuses, text: str, finding: str) -> None:
    assert statuses(text).get(finding) is P


def test_old_history_is_not_the_complaint_now(assessor) -> None:
    story = assessor.reader.read(
        "Right leg pain for five weeks. He had a right knee arthroscopy in 2005 and whiplash in 1998."
    )
    knee = [o for o in story.observations if o.finding == "knee_pain"]
    assert knee and all(o.historical and o.role == "history" for o in knee)


def test_a_history_of_pain_that_has_intensified_is_the_complaint_now(assessor) -> None:
    story = assessor.reader.read("Long history of low back pain that has intensified over the last six weeks.")
    back = [o for o in story.observations if o.finding == "low_back_pain"]
    assert back and not any(o.historical for o in back)
    assert {o.course for o in back} == {"worsening"}


def test_a_history_that_goes_on_is_the_complaint(statuses) -> None:
    text = "She injured her left ankle four years ago and has since had burning pain in the foot."
    assert statuses(text).get("burning_pain") is P


def test_a_header_the_knowledge_base_does_not_know_ends_the_section_above(statuses) -> None:
    text = "SH: recently divorced, drinking more. Mood: feels hopeless and a burden to her family."
    assert statuses(text).get("hopelessness") is P


# ---------------------------------------------------------------------------------------------- the timeline


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("72-year-old man with 3 months of thoracic back pain. His PSA was found to be raised 6 years ago.", 91.2),
        ("Back pain for two weeks. Smokes 20 a day for 20 years.", 14.0),
        ("Fourteen months of central low back pain, worse after more than 30 minutes in the cab.", 425.6),
        ("Hip pain over 18 months. A fall 4 years ago caused a tibial fracture.", 547.5),
        ("Forty minutes ago, lifting a slab, he felt an instant blinding pain at the back of his head.", 0.03),
        ("My lower back aches when I stand. Been like this for over a year.", 400.0),
        # a bracketed aside dates its own event; a bracket about the complaint still dates it
        ("Mr H (last seen two years ago for gout) has had neck pain for ten days.", 10.0),
        ("Knee pain (for about 5 months now) that is worse on stairs.", 152.0),
    ],
)
def test_duration_is_the_complaints_own(assessor, text: str, days: float) -> None:
    assert assessor.reader.read(text).values["duration_days"] == pytest.approx(days, rel=0.02)


def test_a_bracketed_visit_for_something_else_does_not_date_the_complaint(assessor) -> None:
    story = assessor.reader.read("Jo, a fit 50-year-old (seen a year ago for her blood pressure), has a sore lower back.")
    assert "duration_days" not in story.values


def test_no_duration_when_only_other_events_are_dated(assessor) -> None:
    story = assessor.reader.read("Neck pain. He had a coronary stent four months ago and takes clopidogrel.")
    assert "duration_days" not in story.values


def test_an_age_in_an_old_story_is_not_the_patients(assessor) -> None:
    text = "Patient: 67F. Background: broke her right wrist falling from a horse aged 19. Hip pain for four months."
    assert assessor.reader.read(text).values["age"] == 67


# ---------------------------------------------------------------------------------------------- course


def test_a_stable_deficit_is_no_new_weakness(assess) -> None:
    result = assess(
        "Neck pain for six weeks into the left arm. Residual right deltoid weakness 4+/5, unchanged at every "
        "review over the past year."
    )
    weakness = [f for f in result["findings"] if f["id"] == "motor_weakness"]
    assert weakness and all(f["course"] == "stable" for f in weakness)
    assert "progressive_neurologic_deficit" not in {flag["id"] for flag in result["red_flags"]}
    assert result["triage"]["level"] in {"routine", "soon"}
    assert "motor_grade_min" not in result["patient"]["values"]


def test_a_treated_condition_is_not_a_new_bladder_symptom(assess) -> None:
    result = assess(
        "Right leg pain for five weeks. He takes tamsulosin for urinary retention. Saddle sensation normal."
    )
    assert "cauda_equina_syndrome" not in {flag["id"] for flag in result["red_flags"]}
    retention = [f for f in result["findings"] if f["id"] == "urinary_retention"]
    assert retention and retention[0]["course"] == "treated"


def test_numbness_getting_worse_is_a_progressive_deficit(assess) -> None:
    result = assess("Neck pain, then numbness in the left leg, slowly worsening over months and spreading up.")
    assert "progressive_neurologic_deficit" in {flag["id"] for flag in result["red_flags"]}


def test_a_symptom_that_settled_is_past(assessor) -> None:
    story = assessor.reader.read("Knee pain. Fever settled within 36 hours of antibiotics.")
    fever = [o for o in story.observations if o.finding == "fever"]
    assert fever and all(o.historical and o.course == "resolved" for o in fever)


# ---------------------------------------------------------------------------------------------- negation


@pytest.mark.parametrize(
    ("text", "finding", "expected"),
    [
        ("Review: no fever.", "fever", A),
        ("Back pain: no fever.", "low_back_pain", P),
        ("Fevers: no. Back pain.", "fever", A),
        ("Systems review: no new weakness.", "progressive_weakness", A),
        (
            "Otherwise well: no fever, sweats, prolonged stiffness, numbness, bowel or bladder disturbance or "
            "weakness.",
            "motor_weakness",
            A,
        ),
        ("Fit and healthy with no previous back problems, developed acute low back pain.", "low_back_pain", P),
        ("He could not move his right arm, which felt heavy and numb.", "numbness", P),
        ("40-year-old woman with an 8-year history of central low back pain.", "midline_axial_pain", P),
    ],
)
def test_negation_ends_with_its_clause(statuses, text: str, finding: str, expected: Status) -> None:
    assert statuses(text).get(finding) is expected


# ---------------------------------------------------------------------------------------------- unread


def test_a_sentence_not_understood_with_a_red_flag_word_is_returned_and_raises_triage(assess) -> None:
    result = assess("Knee pain for a year, worse on stairs. Bladder scan after voiding: 640 mL.")
    assert result["unread"] == [{"text": "Bladder scan after voiding: 640 mL.", "words": ["bladder"]}]
    assert result["triage"]["level"] == "soon"
    assert "unread_red_flag_words" in result["triage"]["rules"]


@pytest.mark.parametrize(
    "text",
    [
        "Knee pain for a year, worse on stairs. Weight stable.",
        "Knee pain for a year, worse on stairs. Bladder and bowel function normal.",
        "Knee pain for a year, worse on stairs. Return if you get a fever.",
        "Knee pain for a year, worse on stairs. Hairline fracture of a toe ten years ago.",
        "Knee pain for a year, worse on stairs. Bowels, waterworks and sleep all normal.",
        "Knee pain for a year, worse on stairs. My weight has been steady.",
    ],
)
def test_normal_advice_and_old_words_are_not_unread(assess, text: str) -> None:
    result = assess(text)
    assert result["unread"] == []
    assert result["triage"]["level"] == "routine"


# ---------------------------------------------------------------------------------------------- wider matching


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("I was straining on the toilet this morning and it came on all at once. Worst pain of my\nlife, and my neck "
         "is stiff.", "worst_ever_pain"),
        ("Mid and low back pain for a month.", "mid_back_pain"),
        ("Back and left leg pain since Monday.", "low_back_pain"),
        ("The foot is swollen and shiny since the sprain.", "sudomotor_oedema"),
        ("Since the sprain the skin of the foot is purplish and blotchy.", "vasomotor_change"),
        ("The bedsheet touching my foot at night is agony.", "allodynia"),
        ("She found a lump in her left breast last month, and her back aches.", "suspected_malignancy"),
        ("My clothes are getting loose and I had to take my belt in two notches.", "weight_loss"),
        ("Her hand has become dystonic since the fracture.", "trophic_motor_change"),
        ("Loss of coordination in both hands for two months.", "myelopathic_hands"),
        # round 17: lay words for giant cell arteritis, failing legs, a past cancer, spinal regions, a dated operation
        ("My scalp has been really sore to the touch this week.", "scalp_tenderness"),
        ("Her temples are very tender since Sunday.", "scalp_tenderness"),
        ("It hurts so much I can't put my head down on the pillow at night.", "scalp_allodynia"),
        ("He says he can't comb his hair any more because of the soreness.", "scalp_allodynia"),
        ("Halfway through a sandwich my jaw gets achy and I need a rest.", "jaw_claudication"),
        ("This morning the vision in my left eye went hazy for a few minutes.", "visual_symptoms"),
        ("The headache I have now is completely new to me.", "new_headache"),
        ("My wife says I have never been one for headaches.", "new_headache"),
        ("Aged 73, both of my shoulders and hips are stiff and achy every morning.", "polymyalgia_symptoms"),
        ("Since the autumn my legs have turned to jelly on the stairs.", "subjective_leg_weakness"),
        ("My legs don't feel like my own any more.", "subjective_leg_weakness"),
        ("Years back they removed part of my bowel because of a growth.", "cancer_history"),
        ("I finished my chemo in 2018 and have been well.", "cancer_history"),
        ("Pain in the upper lumbar area since the fall.", "low_back_pain"),
        ("Severe pain at the thoracolumbar junction since yesterday.", "mid_back_pain"),
        ("My lower back has been playing up for a fortnight.", "low_back_pain"),
        ("Lumbar paraspinal spasm after moving a wardrobe.", "low_back_pain"),
        ("My hip was replaced in the spring.", "joint_replacement"),
        ("The fusion was done three weeks ago and the wound is red.", "recent_surgery"),
        ("My hysterectomy was seven months ago and the scar still burns.", "surgery_months_ago"),
        ("Right foot turned pale and icy this afternoon.", "acute_limb_ischaemia"),
        ("Her breast cancer has already spread to the bones.", "metastatic_disease"),
        ("Burning near the scar which spreads into my thigh since the hernia repair.", "pain_spreads_from_joint"),
        ("Right groin pain radiating to the front of the thigh when I walk.", "pain_spreads_from_joint"),
        ("Eight weeks of supervised physiotherapy with no improvement at all.", "failed_physical_therapy"),
        ("Spastic gait and brisk knee jerks on examination.", "upper_motor_neuron_signs"),
        ("Over the winter his walking has become much harder.", "walking_declining"),
        ("A knotty muscle above my shoulder blade aches after typing.", "trigger_point"),
        ("Pushing on the spot in my buttock sets off the ache down my thigh.", "referred_pain_pattern"),
    ],
)
def test_reads_descriptive_lay_and_wrapped_forms(statuses, text: str, finding: str) -> None:
    assert statuses(text).get(finding) is P


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("I'm 41 and both shoulders are stiff first thing after the gym.", "polymyalgia_symptoms"),
        ("The physio found a tight band across my chest muscles.", "suspected_malignancy"),
        ("Pain across my upper back like a tight band round the ribs.", "trigger_point"),
        ("Since the fracture her foot is cold and purple and swollen.", "acute_limb_ischaemia"),
        ("They cut out a fatty lump from my shoulder, nothing sinister.", "cancer_history"),
        ("My scalp is itchy and flaky.", "scalp_tenderness"),
        ("My neck aches so much I can't lie on my back on the pillow.", "scalp_allodynia"),
        ("In the cold my fingers are white and cold, then blue.", "acute_limb_ischaemia"),
        ("Chewing gum all day, my jaw clicks.", "jaw_claudication"),
        ("Low back pain going down to the knee, worse sitting.", "knee_pain"),
        ("Low back pain going down to the knee, worse sitting.", "pain_below_knee"),
        ("Back ache for a month; a weak stream and up twice at night for years.", "motor_weakness"),
        ("Fell at home. Moving both legs normally, sore low back.", "bilateral_leg_symptoms"),
    ],
)
def test_benign_twins_of_the_lay_words_are_not_read(statuses, text: str, finding: str) -> None:
    assert statuses(text).get(finding) is not P


def test_a_list_without_its_verdict_stays_unread(assess) -> None:
    result = assess("Knee pain for a year, worse on stairs. Bladder, bowel and erections not asked about.")
    assert [u["words"] for u in result["unread"]] == [["bladder", "bowel"]]


def test_a_review_of_systems_written_neg_denies_the_whole_list(statuses) -> None:
    result = statuses("PMH: hypertension. ROS: neg fever, wt loss, night sweats. Knee pain for a year.")
    assert (result.get("fever"), result.get("weight_loss"), result.get("chills_rigors")) == (A, A, A)
    assert result.get("knee_pain") is P
    assert statuses("SLR neg on the left. Fever since Monday.").get("fever") is P


def test_a_pain_that_stops_at_the_knee_is_referred_not_a_knee_complaint(statuses) -> None:
    result = statuses("Aching low back and left buttock, spreading as far as the knee, never below it.")
    assert result.get("pain_to_knee") is P
    assert result.get("leg_pain") is P
    assert "knee_pain" not in result
    assert result.get("pain_below_knee") is not P


def test_a_relative_writing_for_the_patient_writes_about_the_patient(statuses) -> None:
    result = statuses("Writing on behalf of my mum Irene, who is 79. She has thin bones and now back pain.")
    assert result.get("osteoporosis") is P


def test_a_spouses_illness_is_not_the_patients(statuses) -> None:
    assert "cancer_history" not in statuses("His wife has breast cancer; low back pain from lifting her.")


def test_pain_at_the_back_of_the_head_is_not_back_pain(statuses) -> None:
    result = statuses("Pain in the back of her head since the ladder hit her three weeks ago.")
    assert "low_back_pain" not in result
    assert result.get("occipital_pain") is P


def test_one_pain_that_spreads_is_not_several_regions(assessor) -> None:
    spreading = assessor.reader.read(
        "Five weeks ago he developed low back pain which after a few days moved into the right buttock and down the "
        "outside of the calf to the top of the foot."
    )
    separate = assessor.reader.read("Pain in both arms, both legs, neck and back for a year with poor sleep.")
    assert spreading.values["pain_region_count"] <= 2
    assert separate.values["pain_region_count"] == 4


# ---------------------------------------------------------------------------------------------- one span, two findings
def test_words_that_deny_one_finding_do_not_deny_another_read_from_them(statuses) -> None:
    # "getting up and walking about help" states walking does not worsen the pain (absent) and that getting up
    # relieves it (present): both are read from the same words, and the denial belongs to the first only
    found = statuses("Her back has ached for two years. Getting up and walking about helps.")
    assert found.get("worse_walking_stairs") is Status.ABSENT
    assert found.get("relieved_standing") is Status.PRESENT


@pytest.mark.parametrize(
    ("text", "finding", "other"),
    [
        ("Stooping forward over the sink is agony for my back.", "worse_flexion", "flexion_relief"),
        ("After a few hundred yards his calves ache; bending forward over the trolley eases it.", "flexion_relief",
         "worse_flexion"),
    ],
)
def test_bending_forward_that_hurts_is_not_relief(statuses, text: str, finding: str, other: str) -> None:
    found = statuses(text)
    assert found.get(finding) is Status.PRESENT
    assert found.get(other) is not Status.PRESENT
