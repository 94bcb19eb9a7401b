"""Measured values: ages, sex, vital signs, labs, grades, durations, levels, laterality."""

from __future__ import annotations

import pytest

from painpath.narrative.values import extract_values


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("44-year-old nurse", 44),
        ("a 68 yo man", 68),
        ("Woman of 40 with buttock pain", 40),
        ("aged 77, walks with a stick", 77),
        ("52F with neck pain", 52),
        ("a woman in her late sixties", 68),
        ("Mrs A.B., 84. Found on the floor this morning.", 84),
        ("Mr T.J. 67, has neck pain.", 67),
        ("Seventy-three-year-old former miner with back pain.", 73),
        ("A sixty year old bus driver", 60),
        ("the patient, aged eighty-one, lives alone", 81),
        ("Nineteen-year-old student, neck pain after rowing.", 19),
    ],
)
def test_reads_age(text: str, age: float) -> None:
    assert extract_values(text).values["age"] == age


def test_no_age_when_none_is_given() -> None:
    assert "age" not in extract_values("Throbbing headaches since her twenties.").values


def test_an_age_in_words_is_not_read_from_a_duration_or_an_amount() -> None:
    # "forty years ago" is when, and "sixty tablets" a count: neither is how old the patient is
    assert "age" not in extract_values("Back pain on and off since a fall forty years ago; sixty tablets a month.").values


@pytest.mark.parametrize(
    ("text", "sex"),
    [("52-year-old woman", "female"), ("35-year-old man", "male"), ("44M with sciatica", "male"), ("She has pain", "female")],
)
def test_reads_sex(text: str, sex: str) -> None:
    assert extract_values(text).sex == sex


def test_temperature_in_fahrenheit_is_converted() -> None:
    assert extract_values("Temp 101.3 F, back pain").values["temperature_c"] == 38.5


def test_labs_and_vitals() -> None:
    values = extract_values("eGFR 35, ESR 88, CRP 45, HbA1c 8.2%, BP 150/90, HR 104, PVR 450 ml").values
    assert values["egfr"] == 35
    assert values["esr"] == 88
    assert values["crp"] == 45
    assert values["hba1c"] == 8.2
    assert (values["systolic_bp"], values["diastolic_bp"]) == (150, 90)
    assert values["heart_rate"] == 104
    assert values["pvr_ml"] == 450


def test_lowest_motor_grade_is_kept() -> None:
    values = extract_values("EHL 4+/5, ankle dorsiflexion 3/5, quads 5/5").values
    assert values["motor_grade_min"] == 3


def test_slr_angle() -> None:
    assert extract_values("SLR +ve at 40°").values["slr_angle"] == 40


def test_weight_loss_in_pounds_becomes_kilograms() -> None:
    assert extract_values("lost 11 lbs").values["weight_loss_kg"] == 5.0


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("10 days of left leg pain", 10),
        ("neck pain for a month", 30.4),
        ("Sciatica for 3 weeks, and over the last two days his foot drags", 21),
        ("Two years after an L5-S1 discectomy", 730.5),
        ("shingles four months ago", 121.6),
        ("Back spasm this morning", 0.2),
    ],
)
def test_duration_is_the_longest_stated(text: str, days: float) -> None:
    assert extract_values(text).values["duration_days"] == pytest.approx(days, rel=0.01)


def test_age_is_not_a_duration() -> None:
    assert "duration_days" not in extract_values("44-year-old with back pain").values


def test_dosing_interval_is_not_a_duration() -> None:
    assert "duration_days" not in extract_values("morphine 30 mg every 4 hours").values


def test_spinal_levels_and_laterality() -> None:
    values = extract_values("Right L5-S1 paracentral disc, L4/5 facet arthropathy, C6-7 normal")
    assert values.levels == ["L5-S1", "L4-L5", "C6-C7"]
    assert values.laterality == "right"


def test_bilateral_when_both_sides_named() -> None:
    assert extract_values("sciatica in both legs").laterality == "bilateral"


@pytest.mark.parametrize(
    ("text", "key", "value"),
    [
        ("Acute LBP 5/7 after moving house", "duration_days", 5.0),
        ("sciatica 3/52", "duration_days", 21.0),
        ("pain for 4/12", "duration_days", 121.6),
        ("has had four lumbar epidural steroid injections in the last 12 months", "epidural_sessions_12m", 4.0),
        ("3 ESIs this year", "epidural_sessions_12m", 3.0),
        ("28 weeks pregnant", "gestation_weeks", 28.0),
        ("G2P1 at 32/40", "gestation_weeks", 32.0),
        ("blood pressure today 192/114", "systolic_bp", 192.0),
        ("EHL 4/5", "motor_grade_min", 4.0),
    ],
)
def test_reads_shorthand_values(text: str, key: str, value: float) -> None:
    assert extract_values(text).values[key] == value


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("BP 140/52", "duration_days"),  # a blood pressure, not 40 weeks
        ("seen 3/12/2025", "duration_days"),  # a date
        ("4/5 SIJ provocation tests positive", "motor_grade_min"),  # a count of tests, not power
        ("MRI L4/5 disc protrusion", "motor_grade_min"),  # a level
        ("an epidural 3 years ago", "epidural_sessions_12m"),
        ("pain 30/40 on the scale", "gestation_weeks"),
    ],
)
def test_does_not_read_lookalikes(text: str, key: str) -> None:
    assert key not in extract_values(text).values


def test_since_an_age_is_a_duration_when_the_age_now_is_known() -> None:
    values = extract_values("I'm 58 and I've had the same headaches since I was about 15.")
    assert [round(d.days / 365.25) for d in values.durations] == [43]


def test_a_count_a_month_is_a_rate_not_a_duration() -> None:
    assert extract_values("Headaches, maybe five a month now.").durations == []


@pytest.mark.parametrize(
    "text",
    [
        "Quadriceps 5-/5 with pain on testing (give-way), reflexes normal.",
        "Hip flexion 4/5 pain-limited.",
        "Give-way 4/5 at the knee.",
    ],
)
def test_a_grade_held_back_by_pain_or_effort_is_no_motor_grade(text: str) -> None:
    assert "motor_grade_min" not in extract_values(text).values


def test_a_grade_with_pain_elsewhere_in_the_sentence_still_counts() -> None:
    assert extract_values("EHL 4/5 with pain down the leg.").values["motor_grade_min"] == 4.0


@pytest.mark.parametrize(
    ("text", "egfr"),
    [
        ("The kidney doctor says his kidneys work at about a fifth of normal.", 20.0),
        ("Her kidney function is 30%.", 30.0),
        ("Kidneys at a quarter of normal.", 25.0),
        ("eGFR 48; kidneys working at half of normal", 48.0),  # a measured eGFR wins over the lay share
    ],
)
def test_kidney_function_as_a_share_of_normal_reads_as_egfr(text: str, egfr: float) -> None:
    assert extract_values(text).values["egfr"] == egfr


def test_kidney_stones_are_no_kidney_function() -> None:
    assert "egfr" not in extract_values("Kidney stones five years ago, half the time he forgets his tablets.").values


@pytest.mark.parametrize(
    ("text", "lost"),
    [
        ("Weight 71 kg today; he weighed 80 kg at his GP check in the spring.", 9.0),
        ("Weight down from 80 kg to 71 kg over the summer.", 9.0),
        ("Weight today 66 kg; his usual weight was 74 kg last year.", 8.0),
    ],
)
def test_an_earlier_weight_beside_todays_is_weight_lost(text: str, lost: float) -> None:
    assert extract_values(text).values["weight_loss_kg"] == lost


def test_a_weight_gained_is_not_weight_lost() -> None:
    assert "weight_loss_kg" not in extract_values("Weight 80 kg, was 78 kg last year.").values


def test_age_standing_alone_is_the_patients() -> None:
    """ "Age 79." is the patient's age, not "aged 19 she broke her wrist" (a history clause)."""
    from painpath.adapters.knowledge_files import load_default
    from painpath.narrative.pipeline import NarrativeReader

    reader = NarrativeReader(load_default())
    assert reader.read("New temporal headache for a month. Age 79.").values["age"] == 79
    assert "age" not in reader.read("Aged 19 she broke her wrist playing hockey.").values
