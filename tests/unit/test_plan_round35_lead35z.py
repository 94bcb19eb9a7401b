"""Plans and reading, round 35: the lead's plan probes (kb 2026.12.122).

A named postherpetic neuralgia ("Post-herpetic neuralgia on my chest") found no pain complaint; an 86-year-old who
falls, with pain after shingles, was offered an epidural and decompression because unsteadiness ranked stenosis; a
daily drinking amount ("8 pints a night") and liver tests told as "off" were not read, so the plan said nothing of
them; "glaucoma - the closed angle type" still offered a tricyclic; heart failure got a gabapentinoid without a word
of the fluid it retains. Every note is our own wording; each pattern has a twin where the rule must not fire.
"""

from __future__ import annotations

import pytest

from tests.conftest import cautions, excluded, flags, offered, present, ranked

# ---------------------------------------------------------------- a named postherpetic neuralgia is pain


@pytest.mark.parametrize(
    "text",
    [
        "Post-herpetic neuralgia on my chest, I'm 86.",
        "Post herpetic neuralgia, left T6, for two years, worse with clothes rubbing.",
        "She has postherpetic pain on the right side of her forehead since the shingles in spring.",
    ],
)
def test_named_postherpetic_neuralgia_leads(assess, text: str) -> None:
    result = assess(text)
    assert ranked(result)[0] == "postherpetic_neuralgia"
    assert result["differential"][0]["probability"] >= 0.3


def test_no_shingles_is_not_postherpetic_neuralgia(assess) -> None:
    result = assess("Low back pain after lifting a wardrobe, 45, no shingles ever.")
    assert "postherpetic_neuralgia" not in ranked(result)[:3]


# ---------------------------------------------------------------- stenosis procedures need the legs' symptoms


@pytest.mark.parametrize(
    "text",
    [
        "Post-herpetic pain on my chest, I'm 86, keep falling and get confused at times.",
        "Burning pain round my ribs where I had shingles last year, I'm 84 and unsteady on my feet.",
    ],
)
def test_no_epidural_or_decompression_without_leg_symptoms(assess, text: str) -> None:
    result = assess(text)
    assert "epidural_steroid_injection" not in offered(result)
    assert "spine_surgery" not in offered(result)


@pytest.mark.parametrize(
    "text",
    [
        "78-year-old, both legs ache and go heavy after 200 yards, he has to sit down or lean on a trolley to ease them, "
        "low back pain for two years. MRI: severe central canal stenosis at L4/5.",
        "Known lumbar spinal stenosis, 74, buttock and thigh pain on walking that settles when she sits, 3 years.",
    ],
)
def test_stenosis_with_claudication_keeps_its_epidural(assess, text: str) -> None:
    result = assess(text)
    assert ranked(result)[0] == "lumbar_spinal_stenosis"
    assert "epidural_steroid_injection" in offered(result)


# ---------------------------------------------------------------- drinking told as an amount; liver tests off


@pytest.mark.parametrize(
    "text",
    [
        "Low back pain, I drink about 8 pints a night and my liver tests are off.",
        "Neck pain for a year. He has six cans of lager every day and a few whiskies at the weekend.",
        "Knee pain, 60. She gets through a bottle of vodka a day since her husband died.",
    ],
)
def test_daily_drinking_amount_is_heavy_alcohol_use(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "alcohol_excess")
    if "oral_nsaid" in offered(result):
        assert "stomach bleeding" in cautions(result, "oral_nsaid")
    else:
        assert "oral_nsaid" in excluded(result)
    assert "2 g/day" in cautions(result, "acetaminophen")


@pytest.mark.parametrize(
    "text",
    [
        "Low back pain, I have 2 pints on a Saturday with the lads.",
        "Neck pain for a year, drinks 4 pints at the weekend only.",
        "Knee pain, 60. A glass of wine with dinner.",
    ],
)
def test_moderate_drinking_is_not_heavy(assess, text: str) -> None:
    assert not present(assess(text), "alcohol_excess")


def test_heavy_drinking_cautions_the_nsaid(assess) -> None:
    result = assess("Sore lower back after moving furniture, 40, drinks 5 pints a night.")
    assert "stomach bleeding" in cautions(result, "oral_nsaid")
    twin = assess("Sore lower back after moving furniture, 40, drinks the odd pint.")
    assert "stomach bleeding" not in cautions(twin, "oral_nsaid")


@pytest.mark.parametrize(
    "text",
    [
        "Fibromyalgia for years. My liver tests are off, the GP is looking into it.",
        "Widespread pain and poor sleep, 50. Deranged LFTs on last bloods.",
        "Fibromyalgia, 44; her liver blood tests came back a bit high last month.",
    ],
)
def test_abnormal_liver_tests_caution_duloxetine_and_acetaminophen(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "abnormal_liver_tests")
    if "snri" in offered(result):
        assert "liver" in cautions(result, "snri")
    else:
        assert "snri" in excluded(result)


def test_normal_liver_tests_are_not_abnormal(assess) -> None:
    result = assess("Fibromyalgia for years. My liver tests were normal last month.")
    assert not present(result, "abnormal_liver_tests")


# ---------------------------------------------------------------- glaucoma's type told after a dash


@pytest.mark.parametrize(
    "text",
    [
        "Diabetic nerve pain in my feet, I have glaucoma - the closed angle type - and an enlarged prostate.",
        "Painful neuropathy in both feet, 56, glaucoma (closed angle) under the eye clinic.",
    ],
)
def test_closed_angle_glaucoma_excludes_tricyclics(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "angle_closure_glaucoma")
    assert "tca" in excluded(result)


def test_open_angle_glaucoma_only_cautions_tricyclics(assess) -> None:
    result = assess("Painful neuropathy in both feet, 55, open angle glaucoma on drops.")
    assert not present(result, "angle_closure_glaucoma")
    assert "tca" not in excluded(result)


# ---------------------------------------------------------------- heart failure and gabapentinoids


@pytest.mark.parametrize(
    "text",
    [
        "Back pain for 4 months, I have heart failure and my ankles swell.",
        "Burning feet from diabetic neuropathy, 71, heart failure on furosemide.",
    ],
)
def test_heart_failure_cautions_gabapentinoids(assess, text: str) -> None:
    result = assess(text)
    assert "gabapentinoid" in offered(result)
    assert "fluid retention" in cautions(result, "gabapentinoid")


def test_no_heart_failure_no_fluid_caution(assess) -> None:
    result = assess("Burning feet from diabetic neuropathy, 71, heart is fine.")
    assert "gabapentinoid" in offered(result)
    assert "fluid retention" not in cautions(result, "gabapentinoid")


# ---------------------------------------------------------------- spinal infection with raised markers, fever or not


@pytest.mark.parametrize(
    "text",
    [
        "Pt on adalimumab for Crohn's, 10/7 low back pain, T 37.9, CRP 120.",
        "Back pain for 10 days, CRP 150, on infliximab for psoriasis.",
        "New low back pain for 2 weeks, getting worse each day, no fever, CRP 95.",
    ],
)
def test_raised_crp_with_new_spinal_pain_flags_infection(assess, text: str) -> None:
    result = assess(text)
    assert "spinal_infection" in flags(result)
    assert result["triage"]["level"] in {"urgent", "emergency"}


@pytest.mark.parametrize(
    "text",
    [
        "Chronic low back pain for 5 years, unchanged, on methotrexate for RA, CRP 25.",
        "Low back pain after lifting 2 weeks ago, CRP 4, on adalimumab, no temperature.",
    ],
)
def test_stable_pain_or_normal_crp_is_not_infection(assess, text: str) -> None:
    assert "spinal_infection" not in flags(assess(text))
