"""Every instrument scored against its published rule or worked example, both sides of every band, and the
missing-item rules (ODI over the sections answered, PHQ-9 prorated up to two blanks, the rest refused)."""

from __future__ import annotations

import pytest

from painpath.adapters.instrument_files import load_default_outcomes
from painpath.domain.instruments import InstrumentDef, InvalidResponse, Refusal, score_response


@pytest.fixture(scope="module")
def catalog():
    return load_default_outcomes()


def answers(instrument: InstrumentDef, values: list[float | None]) -> dict[str, float | None]:
    assert len(values) == len(instrument.items)
    return {item.id: value for item, value in zip(instrument.items, values, strict=True)}


# --- Numeric rating scale -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rating", "band"),
    [(0, "none"), (1, "mild"), (4, "mild"), (5, "moderate"), (6, "moderate"), (7, "severe"), (10, "severe")],
)
def test_rating_scale_bands_follow_serlin_cut_points(catalog, rating, band):
    result = score_response(catalog["nrs"], {"pain": rating})
    assert result.score == rating
    assert result.band.id == band


@pytest.mark.parametrize("rating", [-1, 11, 3.5])
def test_rating_scale_rejects_values_off_the_0_to_10_whole_number_scale(catalog, rating):
    with pytest.raises(InvalidResponse):
        score_response(catalog["nrs"], {"pain": rating})


def test_rating_scale_without_an_answer_is_not_scored(catalog):
    result = score_response(catalog["nrs"], {})
    assert result.score is None
    assert result.refusal is Refusal.TOO_MANY_MISSING


# --- PEG ------------------------------------------------------------------------------------------------


def test_peg_is_the_mean_of_its_three_items(catalog):
    result = score_response(catalog["peg"], {"pain_average": 6, "enjoyment": 7, "activity": 8})
    assert result.score == pytest.approx(7.0)
    assert result.band is None  # no published bands: followed as change from baseline


def test_peg_with_a_blank_item_is_refused_rather_than_imputed(catalog):
    result = score_response(catalog["peg"], {"pain_average": 6, "enjoyment": 7, "activity": None})
    assert result.score is None
    assert result.missing == ("activity",)


# --- Oswestry Disability Index ----------------------------------------------------------------------------


def test_odi_published_example_16_of_50_is_32_percent(catalog):
    odi = catalog["odi"]
    result = score_response(odi, answers(odi, [2, 2, 2, 2, 2, 2, 2, 1, 1, 0]))
    assert result.score == pytest.approx(32.0)
    assert result.band.id == "moderate"


def test_odi_published_example_one_section_missed_is_16_of_45(catalog):
    odi = catalog["odi"]
    result = score_response(odi, answers(odi, [2, 2, 2, 2, 2, 2, 2, None, 2, 0]))
    # Fairbank's worked example prints 35.5% (truncated); the exact value is 35.56%.
    assert result.score == pytest.approx(16 / 45 * 100)
    assert result.missing == ("sex_life",)
    assert not result.prorated


def test_odi_with_two_sections_missed_is_not_scored(catalog):
    odi = catalog["odi"]
    result = score_response(odi, answers(odi, [2, 2, 2, 2, 2, 2, 2, None, None, 0]))
    assert result.score is None
    assert result.refusal is Refusal.TOO_MANY_MISSING


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (10, "minimal"),
        (11, "moderate"),
        (20, "moderate"),
        (21, "severe"),
        (30, "severe"),
        (31, "crippled"),
        (40, "crippled"),
        (41, "bed_bound"),
        (50, "bed_bound"),
    ],
)
def test_odi_bands_either_side_of_20_40_60_80_percent(catalog, total, band):
    odi = catalog["odi"]
    values = [5] * (total // 5) + ([total % 5] if total % 5 else [])
    values += [0] * (10 - len(values))
    result = score_response(odi, answers(odi, values))
    assert result.score == pytest.approx(total * 2)
    assert result.band.id == band


def test_odi_just_above_20_percent_with_a_missed_section_reads_moderate(catalog):
    odi = catalog["odi"]
    result = score_response(odi, answers(odi, [5, 4, 0, 0, 0, 0, 0, None, 0, 0]))  # 9/45 = 20.0%
    assert result.band.id == "minimal"
    result = score_response(odi, answers(odi, [5, 5, 0, 0, 0, 0, 0, None, 0, 0]))  # 10/45 = 22.2%
    assert result.band.id == "moderate"


# --- Neck Disability Index --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (4, "none"),
        (5, "mild"),
        (14, "mild"),
        (15, "moderate"),
        (24, "moderate"),
        (25, "severe"),
        (34, "severe"),
        (35, "complete"),
    ],
)
def test_ndi_raw_score_bands(catalog, total, band):
    ndi = catalog["ndi"]
    values = [5] * (total // 5) + ([total % 5] if total % 5 else [])
    values += [0] * (10 - len(values))
    result = score_response(ndi, answers(ndi, values))
    assert result.score == total
    assert result.band.id == band


def test_ndi_with_a_blank_item_is_refused(catalog):
    ndi = catalog["ndi"]
    result = score_response(ndi, answers(ndi, [1, 1, 1, 1, 1, 1, 1, 1, 1, None]))
    assert result.score is None


# --- PHQ-9 ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "moderately_severe"),
        (19, "moderately_severe"),
        (20, "severe"),
        (24, "severe"),
    ],
)
def test_phq9_bands_at_5_10_15_20(catalog, total, band):
    phq9 = catalog["phq9"]
    values, left = [], total
    for _ in range(8):  # items 1-8 filled greedily; item 9 stays 0 so the safety rule is not under test
        values.append(min(3, left))
        left -= values[-1]
    result = score_response(phq9, answers(phq9, [*values, 0]))
    assert result.score == total
    assert result.band.id == band


def test_phq9_prorates_up_to_two_blank_items(catalog):
    phq9 = catalog["phq9"]
    result = score_response(phq9, answers(phq9, [2, 2, 2, 2, 2, 2, 2, None, None]))
    assert result.score == pytest.approx(18.0)  # 14 over 7 answered, x 9/7
    assert result.prorated
    assert result.band.id == "moderately_severe"


def test_phq9_with_three_blank_items_is_refused(catalog):
    phq9 = catalog["phq9"]
    result = score_response(phq9, answers(phq9, [2, 2, 2, 2, 2, 2, None, None, None]))
    assert result.score is None
    assert result.refusal is Refusal.TOO_MANY_MISSING


def test_phq9_item_9_above_zero_raises_suicide_risk_with_the_same_day_action(catalog):
    phq9 = catalog["phq9"]
    result = score_response(phq9, answers(phq9, [0, 0, 0, 0, 0, 0, 0, 0, 1]))
    assert result.score == 1
    assert result.band.id == "minimal"  # a low total does not hide the flag
    (flag,) = result.red_flags
    assert flag.id == "suicide_risk"
    assert flag.min_triage.value == "urgent"
    assert "same-day" in flag.action
    assert flag.evidence == ("PHQ-9 thoughts of being better off dead or of self-harm: several days",)


def test_phq9_item_9_at_zero_raises_no_flag(catalog):
    phq9 = catalog["phq9"]
    result = score_response(phq9, answers(phq9, [3, 3, 3, 3, 3, 3, 3, 3, 0]))
    assert result.red_flags == ()
    assert result.band.id == "severe"


def test_phq9_item_9_left_blank_is_scored_but_asks_for_it_today(catalog):
    phq9 = catalog["phq9"]
    result = score_response(phq9, answers(phq9, [1, 1, 1, 1, 1, 1, 1, 1, None]))
    assert result.score == pytest.approx(9.0)
    assert result.red_flags == ()
    assert result.notes and "item 9" in result.notes[0]


# --- GAD-7 ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "band"),
    [
        ([1, 1, 1, 1, 0, 0, 0], "minimal"),
        ([1, 1, 1, 1, 1, 0, 0], "mild"),
        ([2, 2, 2, 2, 1, 0, 0], "mild"),
        ([2, 2, 2, 2, 2, 0, 0], "moderate"),
        ([2, 2, 2, 2, 2, 2, 2], "moderate"),
        ([3, 2, 2, 2, 2, 2, 2], "severe"),
    ],
)
def test_gad7_bands_at_5_10_15(catalog, values, band):
    result = score_response(catalog["gad7"], answers(catalog["gad7"], values))
    assert result.score == sum(values)
    assert result.band.id == band


def test_gad7_with_a_blank_item_is_refused(catalog):
    result = score_response(catalog["gad7"], answers(catalog["gad7"], [1, 1, 1, 1, 1, 1, None]))
    assert result.score is None


# --- STarT Back -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "total", "subscale", "group"),
    [
        ([1, 1, 1, 0, 0, 0, 0, 0, 0], 3, 0, "low"),  # total 3: low
        ([1, 1, 1, 0, 0, 0, 0, 0, 4], 4, 1, "medium"),  # total 4, subscale 1: medium
        ([1, 0, 0, 0, 1, 1, 1, 0, 2], 4, 3, "medium"),  # subscale 3 ('moderately' scores 0): medium
        ([0, 0, 0, 0, 1, 1, 1, 0, 3], 4, 4, "high"),  # subscale 4 ('very much' scores 1): high
        ([1, 1, 1, 1, 1, 1, 1, 1, 4], 9, 5, "high"),
    ],
)
def test_start_back_risk_groups_follow_hill_2008(catalog, values, total, subscale, group):
    result = score_response(catalog["start_back"], answers(catalog["start_back"], values))
    assert result.score == total
    assert result.subscales["psychosocial"] == subscale
    assert result.band.id == group


# --- DN4 ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("yes", "band"), [(3, "negative"), (4, "positive"), (10, "positive")])
def test_dn4_is_positive_from_4_of_10(catalog, yes, band):
    dn4 = catalog["dn4"]
    result = score_response(dn4, answers(dn4, [1] * yes + [0] * (10 - yes)))
    assert result.score == yes
    assert result.band.id == band


# --- Opioid Risk Tool -----------------------------------------------------------------------------------


def test_ort_weights_depend_on_sex_as_published(catalog):
    ort = catalog["ort"]
    # family alcohol, personal illegal drugs, depression
    values = answers(ort, [1, 0, 0, 0, 1, 0, 0, 0, 0, 1])
    male = score_response(ort, values, sex="male")
    female = score_response(ort, values, sex="female")
    assert (male.score, male.band.id) == (8, "high")  # 3 + 4 + 1
    assert (female.score, female.band.id) == (6, "moderate")  # 1 + 4 + 1


@pytest.mark.parametrize(
    ("values", "score", "band"),
    [
        ([0, 0, 0, 1, 0, 0, 0, 0, 0, 0], 3, "low"),  # personal alcohol 3
        ([0, 0, 1, 0, 0, 0, 0, 0, 0, 0], 4, "moderate"),  # family prescription drugs 4
        ([0, 0, 1, 1, 0, 0, 0, 0, 0, 0], 7, "moderate"),  # 4 + 3
        ([0, 0, 1, 1, 0, 0, 1, 0, 0, 0], 8, "high"),  # 4 + 3 + 1
    ],
)
def test_ort_bands_at_4_and_8(catalog, values, score, band):
    result = score_response(catalog["ort"], answers(catalog["ort"], values), sex="female")
    assert result.score == score
    assert result.band.id == band


def test_ort_cannot_be_scored_without_the_patients_sex(catalog):
    with pytest.raises(InvalidResponse, match="sex"):
        score_response(catalog["ort"], answers(catalog["ort"], [1, 0, 0, 0, 0, 0, 0, 0, 0, 0]))


def test_preadolescent_sexual_abuse_scores_3_for_women_and_0_for_men(catalog):
    ort = catalog["ort"]
    values = answers(ort, [0, 0, 0, 0, 0, 0, 0, 1, 0, 0])
    assert score_response(ort, values, sex="female").score == 3
    assert score_response(ort, values, sex="male").score == 0


# --- Sleep diary ----------------------------------------------------------------------------------------


def test_sleep_diary_takes_quarter_hours_and_whole_wakings(catalog):
    assert score_response(catalog["sleep_hours"], {"hours": 5.75}).score == 5.75
    assert score_response(catalog["night_wakings"], {"wakings": 2}).score == 2
    with pytest.raises(InvalidResponse):
        score_response(catalog["sleep_hours"], {"hours": 5.1})
    with pytest.raises(InvalidResponse):
        score_response(catalog["night_wakings"], {"wakings": 1.5})


# --- Invalid responses ----------------------------------------------------------------------------------


def test_unknown_items_and_answers_outside_the_options_are_errors(catalog):
    with pytest.raises(InvalidResponse, match="unknown items"):
        score_response(catalog["gad7"], {"q8": 1})
    with pytest.raises(InvalidResponse, match="not one of"):
        score_response(catalog["gad7"], answers(catalog["gad7"], [4, 0, 0, 0, 0, 0, 0]))
