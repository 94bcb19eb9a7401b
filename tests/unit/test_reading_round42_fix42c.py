"""Round 42 (fix42c): the outside reviewer's clinical documents r42c, false alarms fixed as patterns.

- a screening question written without its subject ("Asked directly about self-harm - denies any thoughts") is a
  question put to the patient and answered no (r42c_28: a suicide-risk emergency);
- a triage form's bare "N" answers, one per item of a slashed list ("Fever / wt loss / Ca hx / trauma: N / N / N / N"),
  deny their items; a "Y" answer ends a later answer's denial (r42c_30: infection, malignancy, fracture and
  myelopathy flags from a negative screen);
- a procedure's relief told with its length ("transforaminal epidurals gave 2 weeks' relief") is a past trial, and a
  procedure the patient is referred for was not done (r42c_27: a spinal infection flag 26 months after a fusion);
- a "Pre-op:" header tells the state before the operation, and numbness "same as pre-op" is stable (r42c_20: a
  resolved pre-operative sciatica read as a new root pain after a microdiscectomy).
"""

from __future__ import annotations

import pytest

from tests.conftest import absent, at_least, flags, level, present

# ---------------------------------------------------------------- a subjectless screening question answered no

R42C_28 = (
    "Pain Programme Psychology Assessment - Pelvic Pain Pathway\n"
    "Client: Mr Lukas Becker, 38, software engineer, amateur road cyclist.\n"
    "Pain: 14 months burning/stabbing perineal and penile pain, worse sitting (tolerates 15 min), eased standing or "
    "sitting on toilet seat, not waking him. Urology: normal cystoscopy, PSA, urine. Pudendal block (diagnostic) by "
    "pain team: 75% relief x 6 h.\n"
    "Psych: PHQ-9 11, GAD-7 9, sleep fragmented. Asked directly about self-harm - denies any thoughts, \"no way, I "
    "want my life back\", strong partner support.\n"
    "Formulation: pain-related anxiety and avoidance; suitable for CBT-based programme alongside pelvic floor physio.\n"
)


@pytest.mark.parametrize(
    "text",
    [
        R42C_28,
        "Chronic back pain 2 years. Mood flat, PHQ-9 15. Asked about suicidal ideation - denied any current or past "
        "thoughts.",
        "Fibromyalgia review, widespread pain for 3 years. PHQ-9 12. Screened for thoughts of self-harm — denies any, "
        "says her kids keep her going.",
    ],
)
def test_a_subjectless_screening_question_answered_no_is_a_denial(assess, text: str) -> None:
    result = assess(text)
    assert "suicide_risk" not in flags(result)
    assert level(result) == "routine"


@pytest.mark.parametrize(
    "text",
    [
        "Chronic back pain 2 years. PHQ-9 19. Asked directly about self-harm - admits thoughts of ending it most days.",
        "Chronic back pain 2 years. PHQ-9 16. Asked about self-harm.",
    ],
)
def test_a_screening_question_not_answered_no_keeps_the_risk(assess, text: str) -> None:
    result = assess(text)
    assert "suicide_risk" in flags(result)
    assert level(result) == "emergency"


# ---------------------------------------------------------------- a triage form's "N" answers

R42C_30 = (
    "TELEPHONE TRIAGE PROTOCOL - Neck/Arm pain (Physio Direct, Cardiff)\n"
    "Caller: Mr Owain Rees, 45, electrician.\n"
    "Onset: 3/52 after overhead work. L neck pain radiating to lateral forearm, thumb and index finger. Pins and "
    "needles same area. Worse looking up and to L.\n"
    "Screen:\n"
    "  Weakness arm: \"grip OK, maybe bicep a bit weaker lifting kettle\" - not worsening\n"
    "  Both hands numb/clumsy: N   Dropping things: N   Buttons/writing: normal\n"
    "  Walking/balance change: N   Bladder/bowel: N\n"
    "  Fever / wt loss / Ca hx / trauma: N / N / N / N\n"
    "Pain 7/10 at night, using ibuprofen 400 mg TDS.\n"
    "Disposition: Routine F2F physio within 1/52, advice leaflet, call back if weakness spreads.\n"
)


def test_the_reported_triage_form_screen_is_negative(assess) -> None:
    result = assess(R42C_30)
    assert not flags(result) & {"cervical_myelopathy", "spinal_infection", "spinal_malignancy", "vertebral_fracture"}
    assert absent(result, "myelopathic_hands") or not present(result, "myelopathic_hands")
    assert not present(result, "fever") and not present(result, "weight_loss")
    # new (if unsure) biceps weakness keeps the practice's same-day examination, not an emergency
    assert level(result) == "urgent"


@pytest.mark.parametrize(
    "text",
    [
        "MSK triage: low back pain 2/52 after lifting a wardrobe.\n"
        "Red flags:\n"
        "  Saddle numbness: N   Retention: N\n"
        "  Fever / night sweats / wt loss: N / N / N\n"
        "\n"
        "Plan: physio.\n",
        "Neck pain 10 days after a long drive, no arm symptoms.\n"
        "Fever - N\n"
        "Weight loss - N\n"
        "\n"
        "Advice given.\n",
    ],
)
def test_form_answers_n_deny_their_items(assess, text: str) -> None:
    result = assess(text)
    assert not present(result, "fever")
    assert not present(result, "weight_loss")
    assert not flags(result) & {"spinal_infection", "spinal_malignancy", "cauda_equina_syndrome"}


@pytest.mark.parametrize(
    "text",
    [
        "Back pain 3 weeks.\nFever: Y   Weight loss: N\n\nPlan: bloods.\n",
        "Back pain 3 weeks.\nFever / wt loss / trauma: N / Y / N\n\nPlan: bloods.\n",
    ],
)
def test_a_yes_among_the_answers_keeps_its_item(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "fever") or present(result, "weight_loss")
    assert flags(result) & {"spinal_infection", "spinal_malignancy"}


# ---------------------------------------------------------------- a procedure's relief with its length; a referral

R42C_27 = (
    "Clinical vignette. A 49-year-old former firefighter presented 26 months after L4-S1 instrumented posterolateral "
    "fusion for degenerative spondylolisthesis. Preoperative back pain had improved modestly, but burning left L5 leg "
    "pain recurred at 3 months and persisted, now NRS 7/10 leg, 5/10 back. CT showed solid fusion with well-sited "
    "pedicle screws; MRI with metal artefact reduction showed epidural fibrosis around the left L5 root without "
    "recurrent herniation. Neurology was stable over two years: mild EHL weakness 4/5 and reduced sensation on the "
    "dorsum of the foot, both present preoperatively. Transforaminal epidural injections gave 2 weeks' relief. "
    "Psychological screening was favourable (PHQ-9 8). He was referred for a spinal cord stimulator trial.\n"
)


@pytest.mark.parametrize(
    "text",
    [
        R42C_27,
        "62M, low back pain 18 months, 8/10, worse at night. Facet joint injections in the spring provided three "
        "months of relief.",
        "Chronic lumbar pain 3 years, severe, disturbs sleep nightly. A caudal epidural gave a few days' benefit last "
        "year.",
        "Low back pain for 2 years, severe at night. Referred to the pain clinic for medial branch blocks.",
    ],
)
def test_a_past_or_planned_procedure_is_no_infection_risk(assess, text: str) -> None:
    result = assess(text)
    assert "spinal_infection" not in flags(result)
    assert level(result) == "routine"


@pytest.mark.parametrize(
    "text",
    [
        "Lumbar epidural 4 days ago, now severe back pain at night, worse than before.",
        "Lumbar epidural 5 days ago gave 2 days' relief, now severe back pain at night.",
    ],
)
def test_a_recent_procedure_with_severe_pain_still_flags(assess, text: str) -> None:
    result = assess(text)
    assert "spinal_infection" in flags(result)
    assert at_least(result, "urgent")


# ---------------------------------------------------------------- a "Pre-op:" header

R42C_20 = (
    "Neurosurgery reg ward review - POD3 R L5/S1 microdiscectomy\n"
    "52F. Pre-op: R S1 radiculopathy, numb lateral R foot, power full.\n"
    "Today: R leg pain resolved. Wound site sore, 5/10 on mobilising, managing on paracetamol + oxycodone 5 mg PRN "
    "(2 doses/24h). Lateral foot numbness same as pre-op, no new weakness. Voiding normally, BO yesterday.\n"
    "Obs: afebrile throughout (Tmax 37.3), HR 76.\n"
    "Wound: clean, dry, no erythema or discharge.\n"
    "Bloods: WCC 9.1, CRP 46 (POD1 71) - downtrending, in keeping with post-op.\n"
    "Plan: D/C today, step down analgesia over 1 wk, clips out D10 practice nurse, OPD 6/52.\n"
)


@pytest.mark.parametrize(
    "text",
    [
        R42C_20,
        "Day 2 after L4/5 decomprssion, ward round.\nPreoperatively: L5 radiculopathy with left leg pain.\n"
        "Now: leg pain gone, back wound sore 4/10. Afebrile, wound clean.\n",
        "Post-op check 5 days after a microdiscectomy.\nBefore surgery: right sciatica and a numb big toe.\n"
        "Today the sciatica has settled and the toe numbness is same as pre-op. Wound clean and dry.\n",
    ],
)
def test_the_state_before_the_operation_is_history(assess, text: str) -> None:
    result = assess(text)
    assert not present(result, "new_numbness")
    assert level(result) == "routine"


def test_a_new_root_pain_after_the_operation_is_still_seen_soon(assess) -> None:
    result = assess(
        "POD3 L5/S1 microdiscectomy.\nPre-op: R S1 radiculopathy.\n"
        "Today: new left leg pain shooting to the foot since last night, new numbness of the left sole.\n"
    )
    assert at_least(result, "soon")
