"""Reading, round 22 (issue 10), the ranking half: the patterns behind outside reviewers' leading-diagnosis misses
(rounds 21 and 22), each in our own words with a twin that must go the other way. The reviewers' notes are held out:
none of their text is here or in the knowledge base."""

from __future__ import annotations

from painpath.domain.model import Status
from tests.conftest import flags, ranked

MALIGNANCY = "spinal_malignancy"

# ------------------------------------------------------------------------ the hip that presents at the knee


def test_groin_pain_to_the_knee_with_a_knee_workup_that_found_nothing_is_the_hip(assess, statuses) -> None:
    text = (
        "Retired bus mechanic, 73. For most of a year an ache starting in his left groin runs down the front of the "
        "thigh and stops at the knee. The knee was X-rayed twice and looked normal, and a knee injection last spring "
        "made no difference. Pulling his socks on is a struggle. Exam: left hip internal rotation limited and "
        "painful; FADIR reproduces the groin ache."
    )
    found = statuses(text)
    assert found.get("hip_pain_felt_at_knee") is Status.PRESENT
    assert found.get("knee_workup_unrevealing") is Status.PRESENT
    result = assess(text)
    assert ranked(result)[0] == "hip_osteoarthritis"
    assert result["triage"]["level"] == "routine"  # groin pain to the knee is not a new root pain


def test_a_patient_who_calls_groin_pain_to_the_knee_sciatica_has_the_hip_first(assess) -> None:
    result = assess(
        "My sciatica has been bad since the summer. I'm 70. It begins in the groin on the right and goes down the "
        "front of my thigh to the knee. My back doesn't trouble me. I can't cut my toenails now and I need a hand "
        "with my shoes."
    )
    assert ranked(result)[0] == "hip_osteoarthritis"
    assert result["triage"]["level"] == "routine"


def test_knee_pain_with_an_arthritic_knee_on_xray_stays_knee_osteoarthritis(assess, statuses) -> None:
    """The twin: the knee itself hurts, with no groin pain, and its X-ray shows the osteoarthritis."""
    text = (
        "Woman of 69 with two years of right knee pain, worse on stairs, stiff for ten minutes after sitting. "
        "Crepitus and bony swelling at the knee. Knee X-ray: medial joint space narrowing and osteophytes."
    )
    found = statuses(text)
    assert found.get("hip_pain_felt_at_knee") is not Status.PRESENT
    assert found.get("knee_workup_unrevealing") is not Status.PRESENT
    assert ranked(assess(text))[0] == "knee_osteoarthritis"


def test_back_pain_shooting_down_the_leg_below_the_knee_stays_a_root(assess, statuses) -> None:
    """The twin: the pain starts in the back, not the groin, and runs below the knee."""
    text = (
        "Man of 44, lifted a fridge a fortnight ago. Low back pain shooting down the back of his left leg into the "
        "calf and the outer foot; coughing sends it down the leg."
    )
    assert statuses(text).get("hip_pain_felt_at_knee") is not Status.PRESENT
    assert ranked(assess(text))[0] == "lumbar_radiculopathy"


# ------------------------------------------------------------------------ the shoulder, not the neck


def test_outer_upper_arm_pain_overhead_and_lying_on_it_with_a_quiet_neck_is_subacromial(assess, statuses) -> None:
    text = (
        "Plasterer, 51, five months of aching over the outer side of his right upper arm, worst skimming ceilings, "
        "and it wakes him if he lies on that side. Painful arc from 60 degrees; Neer and Hawkins positive. Neck: "
        "full painless range. A neck X-ray years ago mentioned cervical spondylosis."
    )
    found = statuses(text)
    assert found.get("neck_pain") is not Status.PRESENT
    assert found.get("shoulder_pain") is Status.PRESENT
    assert ranked(assess(text))[0] == "shoulder_subacromial_pain"


def test_a_lay_overhead_arm_ache_with_a_neck_that_does_not_hurt_is_the_shoulder(assess) -> None:
    result = assess(
        "I work on a till and stack high shelves. The top of my right arm on the outside aches whenever I reach up, "
        "and I can't sleep on that side. Turning my neck doesn't hurt at all."
    )
    assert ranked(result)[0] == "shoulder_subacromial_pain"


def test_neck_pain_worse_turning_with_arm_pain_stays_cervical(assess, statuses) -> None:
    """The twin: the neck hurts and the pain travels down the arm to the fingers."""
    text = (
        "Man of 48, three weeks of neck pain, worse turning his head to the left, with pain shooting down the left "
        "arm into the thumb and index finger, which tingle. Spurling positive on the left."
    )
    assert statuses(text).get("neck_pain") is Status.PRESENT
    assert ranked(assess(text))[0] == "cervical_radiculopathy"


def test_painless_is_not_a_pain_word_in_an_examination() -> None:
    from painpath.adapters.knowledge_files import load_default
    from painpath.narrative.roles import ClauseReader

    kb = load_default()
    reader = ClauseReader(kb.extra["clause_roles"], kb.extra.get("course", {}))
    assert reader.site_cues is not None
    assert not reader.site_cues.search("full painless range")
    assert reader.site_cues.search("painful on rotation")


# ------------------------------------------------------------------------ occipital neuralgia, not the facet


def test_seconds_long_jabs_over_the_back_of_the_head_set_off_by_the_hair_are_occipital_neuralgia(assess, statuses):
    text = (
        "I keep getting lightning-like stabs from the bottom of my skull up over the back of my head on the left, "
        "each over in a couple of seconds. Doing my hair sets them off, and so does the pillow at night. There is "
        "one spot under the skull that is very tender."
    )
    assert statuses(text).get("occipital_touch_trigger") is Status.PRESENT
    assert ranked(assess(text))[0] == "occipital_neuralgia"


def test_a_clinicians_occipital_neuralgia_with_tinel_over_the_nerve(assess) -> None:
    result = assess(
        "Woman of 36. Paroxysmal shooting pain from the suboccipital region over the vertex on the right, lasting "
        "seconds, triggered by combing her hair. Tender right greater occipital nerve, Tinel positive over it. "
        "Neck range full."
    )
    assert ranked(result)[0] == "occipital_neuralgia"


def test_a_constant_neck_ache_into_the_back_of_the_head_worse_looking_up_stays_facet(assess, statuses) -> None:
    """The twin: a constant dull ache from the neck into the occiput, worse on extension, no jabs, no trigger."""
    text = (
        "Man of 62, a year of dull constant neck ache spreading to the back of the head, worse looking up and "
        "turning to the right, tender over the right C2-3 facet. No shooting pains."
    )
    assert statuses(text).get("occipital_touch_trigger") is not Status.PRESENT
    assert ranked(assess(text))[0] == "cervical_facet_pain"


def test_brushing_the_hair_without_a_trigger_word_is_not_a_trigger(statuses) -> None:
    found = statuses("I wash my hair on Sundays and started a new job last week; my neck aches.")
    assert found.get("occipital_touch_trigger") is not Status.PRESENT


# ------------------------------------------------------------------------ pelvic girdle pain after a baby


def test_buttock_pain_below_the_dimple_since_the_baby_with_stairs_and_rolling_is_the_si_joint(assess, statuses):
    text = (
        "Ever since our son was born four months ago I've had a deep ache in my left buttock just under the dimple. "
        "Climbing stairs, rolling over in bed and standing on my left leg to dress all make it worse. Nothing goes "
        "down my leg."
    )
    found = statuses(text)
    assert found.get("pregnancy_postpartum") is Status.PRESENT
    assert found.get("pain_below_psis") is Status.PRESENT
    assert ranked(assess(text))[0] == "sacroiliac_joint_pain"


def test_a_child_born_decades_ago_is_not_a_recent_birth(statuses) -> None:
    """The twin: a birth years ago is not postpartum."""
    found = statuses("I'm 61; my lower back has ached since my daughter was born 30 years ago.")
    assert found.get("pregnancy_postpartum") is not Status.PRESENT


def test_a_lay_slipped_disc_with_pain_below_the_knee_is_the_root(assess) -> None:
    result = assess(
        "I think I've slipped a disc. Three weeks of pain in the bottom of my back and it shoots down behind my "
        "right knee into the calf and the sole of my foot. Sneezing is agony."
    )
    assert ranked(result)[0] == "lumbar_radiculopathy"


# ------------------------------------------------------------------------ operations in lay words


def test_a_lay_discectomy_then_fusion_with_the_same_pain_since_is_persistent_pain_after_surgery(assess, statuses):
    text = (
        "Three years back the surgeon took a piece of disc out of my lower back, and last spring he fused two of "
        "the bones. The same back and left leg pain has been there all along."
    )
    assert statuses(text).get("prior_spine_surgery") is Status.PRESENT
    assert ranked(assess(text))[0] == "persistent_spinal_pain_after_surgery"


def test_had_my_back_done_is_a_spine_operation_but_a_massage_is_not(statuses) -> None:
    assert statuses("I had my back done two years ago and the ache never went.").get("prior_spine_surgery") is Status.PRESENT
    massage = statuses("I had my back done by the massage therapist last week and the ache eased.")
    assert massage.get("prior_spine_surgery") is not Status.PRESENT


def test_fused_bones_in_the_foot_are_not_a_spine_operation(statuses) -> None:
    assert statuses("They fused two bones in my foot in 2019; my low back aches.").get("prior_spine_surgery") is not Status.PRESENT


def test_a_lay_new_knee_weeks_ago_with_pain_at_night_on_tramadol_is_postoperative(assess, statuses) -> None:
    text = (
        "I'm 72 and got my new knee a month ago, well, five weeks ago. The knee still throbs, worst at night, and "
        "I'm on tramadol. No temperature and the wound is dry."
    )
    assert statuses(text).get("recent_surgery") is Status.PRESENT
    result = assess(text)
    assert ranked(result)[0] == "postoperative_pain"
    assert ranked(result)[0] != "cancer_pain"


def test_new_hip_pain_weeks_ago_is_not_a_new_hip(statuses) -> None:
    """The twin: "new hip pain" is a new pain, not a replaced hip."""
    found = statuses("I'm 58 and I had new hip pain two weeks ago after a long walk.")
    assert found.get("recent_surgery") is not Status.PRESENT


# ------------------------------------------------------------------------ whose cancer: the writer's or the patient's


def test_a_relative_writing_on_the_patients_behalf_gives_the_patient_the_cancer(assess) -> None:
    result = assess(
        "Writing on my mother's behalf. Mum is 79 and has breast cancer that has gone to her bones. For three weeks "
        "her back has hurt day and night and the co-codamol does nothing."
    )
    assert MALIGNANCY in flags(result)
    assert ranked(result)[0] == "cancer_pain"


def test_a_writer_who_names_herself_as_the_daughter_gives_the_patient_the_cancer(assess) -> None:
    result = assess(
        "Hello, I am his daughter and look after him. My father has prostate cancer with spread to the spine, and "
        "his back pain has got much worse over the past month, keeping him awake."
    )
    assert MALIGNANCY in flags(result)


def test_a_patients_own_back_pain_with_a_fathers_cancer_is_family_history(assess) -> None:
    """The twin: the writer opens on the relative but the back pain is the writer's own."""
    result = assess(
        "My father had prostate cancer that went to his bones. I'm 41 and my lower back has been sore for ten days "
        "since I dug the allotment; it loosens up when I walk."
    )
    assert MALIGNANCY not in flags(result)
    assert ranked(result)[0] != "cancer_pain"


def test_a_patients_own_cancer_counts_beside_a_relatives(assess) -> None:
    """Safety: the patient's own cancer still counts when a relative had one too."""
    result = assess(
        "I'm 67 and I have prostate cancer that has spread to my spine; my brother had it too. My back is worse "
        "every night."
    )
    assert MALIGNANCY in flags(result)


def test_in_a_note_about_the_husband_his_mothers_cancer_stays_family_history(assess) -> None:
    """The twin of the proxy notes: the patient's own relative is still family history."""
    result = assess(
        "I'm writing for my husband, who is 58. His back has ached for two weeks since he moved a wardrobe and it "
        "is better when he walks about. His mother had bowel cancer."
    )
    assert MALIGNANCY not in flags(result)
    assert ranked(result)[0] != "cancer_pain"
