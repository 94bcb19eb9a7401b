"""Round 26's first result (held out, measured before these fixes) missed five red flags; these are the patterns,
in our own wordings, each with a twin that must not change: a relative's report told under a social or family
header, a spaced dash opening a new statement, the complaint running on past a clause break under another header,
a jaw that "gives out" on chewing and a hairbrush the scalp cannot bear, a mid-back pain told without "my", and
Scots words for the body."""

from __future__ import annotations

import pytest


def _flags(result: dict) -> set[str]:
    return {flag["id"] for flag in result["red_flags"]}


@pytest.mark.parametrize(
    "text",
    [
        "Back pain 2/52. SH: lives with wife. Wife rang this morning - he has not passed urine since yesterday evening.",
        "Sciatica L leg 3/52. SH: retired. His daughter phoned to say he can't feel the toilet seat and has wet himself.",
    ],
)
def test_a_relatives_report_under_a_social_header_is_the_complaint(assess, text: str) -> None:
    result = assess(text)
    assert "cauda_equina_syndrome" in _flags(result)
    assert result["triage"]["level"] == "emergency"


def test_a_relatives_own_history_under_the_family_header_stays_family(assess) -> None:
    result = assess("Low back pain after lifting, 2 weeks, aged 41. FH: father had bowel cancer; mother had osteoporosis.")
    assert _flags(result) == set()
    assert result["triage"]["level"] == "routine"


def test_the_complaint_runs_on_past_a_dash_under_another_header(assess) -> None:
    text = ("PC: headache. SH: teacher, non-smoker. Partner says she was lifting the shopping and cried out - "
            "something exploded at the back of her head, the worst she has ever had.")
    result = assess(text)
    assert "thunderclap_headache" in _flags(result)
    assert result["triage"]["level"] == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "Aged 77, on prednisolone for PMR. Her jaw gives out halfway through a sandwich and she can't bear the comb on the left side of her head.",
        "Mr T, 70, new temple headaches for a fortnight; his jaw packs up after a few bites of steak.",
    ],
)
def test_jaw_claudication_and_scalp_tenderness_in_lay_words(assess, text: str) -> None:
    result = assess(text)
    assert "giant_cell_arteritis" in _flags(result)


def test_a_jaw_that_clicks_is_no_claudication(statuses) -> None:
    assert "jaw_claudication" not in statuses("My jaw clicks when I yawn and I grind my teeth. I'm 35.")


@pytest.mark.parametrize(
    "text",
    [
        "- pain middle of back, 6 weeks\n- wakes me at night\n- lost 7kg without trying\n- had bowel cancer 2016\n- age 63",
        "Ache between shoulder blades for 2 months, worse lying down at night. Prostate cancer 2014. 71.",
    ],
)
def test_mid_back_pain_told_without_my_with_a_cancer_history_is_spinal_malignancy(assess, text: str) -> None:
    result = assess(text)
    assert "spinal_malignancy" in _flags(result)
    assert result["triage"]["level"] in {"urgent", "emergency"}


def test_scots_words_for_clumsy_hands_and_an_unsteady_walk(assess) -> None:
    text = ("Ma neck's been sair a while. Noo ma hauns are that clumsy I cannae dae ma buttons and I've drapped twa "
            "mugs; the wife says I'm walkin like I'm fou. 70.")
    result = assess(text)
    assert "cervical_myelopathy" in _flags(result)


def test_a_scots_sore_neck_alone_is_routine(assess) -> None:
    result = assess("Ma neck's been sair for a fortnight efter paintin the ceilin. 45.")
    assert _flags(result) == set()
    assert result["triage"]["level"] == "routine"


@pytest.mark.parametrize(
    "text",
    [
        "Had glandular fever at university and have ached all over since, lower back included. 38.",
        "Hay fever is bad this month. Low back pain for 3 weeks after digging the allotment.",
    ],
)
def test_an_illness_named_for_a_fever_is_no_fever(assess, statuses, text: str) -> None:
    assert statuses(text).get("fever") is None
    assert "spinal_infection" not in _flags(assess(text))


def test_a_fever_beside_swollen_glands_is_still_a_fever(assess, statuses) -> None:
    text = "Back pain for a week and I have had a fever and swollen glands in my neck."
    assert statuses(text).get("fever") == "present"
    assert "spinal_infection" in _flags(assess(text))


@pytest.mark.parametrize(
    "text",
    [
        "Discharge summary: L5 radiculopathy improving. EHL 5/5 (was 4/5 at first visit). Walking 5 km.",
        "Review: power in ankle dorsiflexion improved from 4-/5 to 5/5, leg pain much better.",
    ],
)
def test_a_weakness_that_has_recovered_is_not_new_weakness(assess, statuses, text: str) -> None:
    assert statuses(text).get("motor_weakness") != "present"
    assert "new_motor_weakness" not in assess(text)["triage"].get("rules", [])


def test_a_present_grade_below_five_is_still_weakness(statuses) -> None:
    assert statuses("Sciatica for two weeks; EHL 4/5 on the left today.").get("motor_weakness") == "present"


def test_a_headache_in_pregnancy_with_a_normal_pressure_measured_is_seen_within_the_week(assess) -> None:
    result = assess("29 weeks pregnant, mild headaches this week eased by paracetamol. BP 118/72 at the midwife today.")
    assert result["triage"]["level"] == "soon"


@pytest.mark.parametrize(
    "text",
    [
        "29 weeks pregnant, headaches this week. BP 148/96 at the midwife today.",
        "33 weeks pregnant with a headache since this morning.",
    ],
)
def test_a_headache_in_pregnancy_with_a_raised_or_unknown_pressure_is_same_day(assess, text: str) -> None:
    assert assess(text)["triage"]["level"] in {"urgent", "emergency"}
