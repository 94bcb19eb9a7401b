"""Round 40 (fix40g, known gaps): the patterns behind the lead's probes, in the reported and our own words.

- a febrile child who has stopped walking (or "gone off his legs") will not bear weight: a same-day emergency; a
  back that makes a child cry or scream when touched is a spinal pain, and with a fever (or a child felt to be hot)
  a possible spinal infection; a habit stopped ("stopped walking to nursery") or no fever is not;
- a relative who found the writer's tablets ("my sister found weeks of my pregabalin stashed in my bag") tells the
  writer's preparatory behaviour (C-SSRS); the relative's own tablets are the relative's;
- a water, urine, bladder or kidney infection, or pyelonephritis, is a recent infection as a UTI is: with night or
  severe spinal pain a possible spinal infection; one in childhood, or a mechanical pain, is not;
- an emergency from a triage rule alone (meningitis, a septic joint) leads the plan with emergency care and an alert
  that the staged plan waits; a routine note has neither;
- heavy or daily drinking (a bottle of wine every night, over 14 units a week) with an opioid raises an overdose-risk
  alert and cautions the sedating options; no alcohol, no alert.
"""

from __future__ import annotations

import pytest

from tests.conftest import at_least, flags, level, offered, present

# ---------------------------------------------------------------- a febrile child who stopped walking


@pytest.mark.parametrize(
    "text",
    [
        # the reported wording
        "My son is 3 and has stopped walking, he has a fever and cries when I touch his back.",
        "My daughter is 2, she has a temperature and has gone off her legs since yesterday.",
        "Our little girl is 4, she's had a fever of 38.8 since Sunday and has stopped standing up.",
    ],
)
def test_a_febrile_child_who_stopped_walking_is_an_emergency(assess, text: str) -> None:
    assert level(assess(text)) == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "My son is 3 and has stopped walking, he has a fever and cries when I touch his back.",
        "Our little boy has been hot and grizzly for two days and screams whenever we pick him up or touch his back.",
        "My daughter is 5, she has a fever and winces when anyone presses on her spine.",
    ],
)
def test_a_febrile_child_with_a_back_tender_to_touch_flags_spinal_infection(assess, text: str) -> None:
    result = assess(text)
    assert "spinal_infection" in flags(result)
    assert at_least(result, "urgent")


def test_a_habit_stopped_or_no_fever_is_not_the_emergency(assess) -> None:
    result = assess("My son is 3 and has stopped walking to nursery since the holidays, he has a fever and a cough.")
    assert level(result) != "emergency"
    calm = assess("My son is 3, he has a cold with no fever, and giggles when I touch his back.")
    assert "spinal_infection" not in flags(calm)
    assert not present(calm, "spinal_pain")


# ---------------------------------------------------------------- a relative finding the writer's stash


@pytest.mark.parametrize(
    "text",
    [
        # the reported wording
        "My sister found weeks of my pregabalin stashed in my bag. Lower back pain 3 months.",
        "My husband found a month of my amitriptyline hidden in my sock drawer. Neck pain for a year.",
        "Back pain 6 months. My son came across my oxycodone tablets hidden behind the books in my bedroom.",
    ],
)
def test_a_relative_finding_the_writers_tablets_is_preparatory_behaviour(assess, text: str) -> None:
    result = assess(text)
    assert "suicide_risk" in flags(result)
    assert present(result, "suicide_preparatory")


def test_preparatory_behaviour_with_hopelessness_is_an_emergency(assess) -> None:
    result = assess("My sister found weeks of my pregabalin stashed in my bag. Lower back pain 3 months. "
                    "I don't see the point any more.")
    assert level(result) == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "My sister found weeks of her own pregabalin stashed in her bag. Lower back pain 3 months.",
        "My sister stockpiles her tablets. Lower back pain 3 months.",
        "Lower back pain 3 months. My mum had been hoarding her sleeping tablets before she died.",
    ],
)
def test_a_relatives_own_tablets_are_not_the_writers(assess, text: str) -> None:
    result = assess(text)
    assert "suicide_risk" not in flags(result)
    assert level(result) == "routine"


# ---------------------------------------------------------------- urine infection words as a recent infection


@pytest.mark.parametrize(
    "text",
    [
        # the reported wordings
        "Low back pain for 2 weeks, worse at night. Had a water infection 3 weeks ago. Diabetic.",
        "Low back pain for 2 weeks, worse at night. Recent urine infection.",
        "Low back pain for 2 weeks, worse at night. Recent kidney infection. Diabetic.",
        "Back pain 10 days, worse at night, bladder infection a fortnight ago.",
        "Low back pain 2 weeks, severe. Treated for pyelonephritis last month.",
    ],
)
def test_urine_infection_words_count_as_a_uti(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "recent_infection")
    assert "spinal_infection" in flags(result)


@pytest.mark.parametrize(
    "text",
    [
        "Low back pain for 2 weeks after lifting. Recurrent water infections as a child.",
        "Low back pain for 2 weeks after lifting, better by the evening. Had a water infection 3 weeks ago, all cleared.",
    ],
)
def test_a_past_or_plain_urine_infection_with_a_mechanical_pain_is_no_flag(assess, text: str) -> None:
    assert "spinal_infection" not in flags(assess(text))


# ---------------------------------------------------------------- an emergency triage rule leads the plan


def _first_stage(result):
    return [o["id"] for o in result["plan"]["stages"][0]["options"]]


@pytest.mark.parametrize(
    "text",
    [
        # the reported wording
        "Neck stiffness, fever 39, headache and a rash that doesn't fade",
        "Knee pain after a fall, my knee is hot and swollen and I have a fever of 38.9 and shivers",
        "My son is 3 and has stopped walking, he has a fever and cries when I touch his back.",
    ],
)
def test_an_emergency_triage_rule_leads_the_plan_with_emergency_care(assess, text: str) -> None:
    result = assess(text)
    assert level(result) == "emergency"
    assert _first_stage(result)[0] == "emergency_department"
    assert any("staged plan applies once this is dealt with" in a for a in result["plan"]["alerts"])


def test_a_routine_note_has_no_emergency_step(assess) -> None:
    result = assess("Knee pain for 2 years, worse on stairs, stiff for 10 minutes in the morning, no fever.")
    assert "emergency_department" not in offered(result)
    assert not any(a.startswith("emergency:") for a in result["plan"]["alerts"])


# ---------------------------------------------------------------- heavy drinking with an opioid


@pytest.mark.parametrize(
    "text",
    [
        # the reported wording
        "Chronic low back pain on oxycodone 40 mg twice a day and diazepam 10 mg three times a day; drinks a bottle "
        "of wine every night.",
        "Neck pain for 2 years on pregabalin 150 mg twice a day and tramadol 50 mg four times a day, I drink about "
        "30 units a week.",
        "Hip pain for a year, taking morphine 30 mg twice a day. I have half a bottle of wine a night.",
    ],
)
def test_heavy_drinking_with_an_opioid_raises_the_overdose_alert(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "alcohol_excess")
    assert any("opioid with heavy or daily drinking" in a for a in result["plan"]["alerts"])
    assert "naloxone" in offered(result)


def test_heavy_drinking_cautions_the_sedating_options(assess) -> None:
    result = assess("Burning pain in both feet for a year from diabetic neuropathy. I drink about 30 units a week.")
    assert "gabapentinoid" in offered(result)
    assert any("alcohol" in c for c in offered(result)["gabapentinoid"]["cautions"])


def test_no_alcohol_no_alcohol_alert(assess) -> None:
    result = assess("Chronic low back pain on oxycodone 40 mg twice a day and diazepam 10 mg three times a day; "
                    "drinks a glass of water every night and never alcohol.")
    assert not present(result, "alcohol_excess")
    assert not any("drinking" in a for a in result["plan"]["alerts"])
