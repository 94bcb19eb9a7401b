"""Treatment-plan safety, round 31 (the lead's probes of main; every note here in our own words).

1. An NSAID that brought on asthma, wheeze or breathing trouble (NSAID-exacerbated respiratory disease) takes every
   oral NSAID out of the plan and cautions a gel; "ibuprofen gives me asthma attacks" was read as a current drug.
2. An NSAID that harmed the kidneys takes every oral NSAID out; methotrexate with an NSAID is an interaction caution,
   and with reduced kidney function an exclusion.
3. A Z-drug hypnotic (zopiclone, zolpidem, zaleplon) counts as a CNS depressant: with an opioid, no muscle relaxant
   or gabapentinoid is added, and the plan alerts to the opioid + hypnotic combination (FDA 2016).
4. AGS Beers 2023 in older adults: after falls, duloxetine and a gabapentinoid leave the first stage and an opioid
   carries a falls caution; with dementia, cognitive impairment or delirium no tricyclic.
Each rule has a twin that must not fire.
"""

from __future__ import annotations

from typing import Any

import pytest

from painpath.domain.model import Status
from tests.conftest import cautions, excluded, offered


def first_stage(result: dict[str, Any]) -> list[str]:
    stages = [s for s in result["plan"]["stages"] if s["options"]]
    return [o["id"] for o in stages[0]["options"]]


def all_cautions(result: dict[str, Any]) -> str:
    return " || ".join(c for o in offered(result).values() for c in o["cautions"])


# ---------------------------------------------------------------- 1. NSAID-exacerbated respiratory disease

NSAID_BREATHING = [
    "Neck pain for two months. Codeine gave me a rash and ibuprofen gives me asthma attacks.",
    "Low back pain for 5 weeks, aged 45. Naproxen set off my asthma last winter.",
    "Low back pain for 5 weeks, aged 45. Brufen makes my chest tight so I stopped it.",
    "Low back pain for 5 weeks, aged 45. I can't breathe properly after ibuprofen.",
    "Low back pain for 5 weeks, aged 45. Diclofenac makes me wheezy.",
]


@pytest.mark.parametrize("text", NSAID_BREATHING)
def test_an_nsaid_that_brought_on_asthma_excludes_every_oral_nsaid(assess, text: str) -> None:
    result = assess(text)
    out = excluded(result)
    assert "oral_nsaid" in out and "oral_nsaid" not in offered(result)
    assert "respiratory" in out["oral_nsaid"] and "COX-2" in out["oral_nsaid"]
    if "topical_nsaid" in offered(result):
        assert "wheeze" in cautions(result, "topical_nsaid")
    # the drug is not a current one: no advice about continuing it before a procedure
    assert "' before this" not in all_cautions(result)


@pytest.mark.parametrize("text", [
    "Low back pain for 5 weeks, aged 45. Ibuprofen is fine for me, no asthma; I take it when needed.",
    "Low back pain for 5 weeks, aged 45, known asthmatic, takes ibuprofen 400 mg three times a day without trouble.",
])
def test_asthma_without_an_nsaid_reaction_keeps_nsaids(assess, text: str) -> None:
    result = assess(text)
    assert "oral_nsaid" not in excluded(result)
    assert "oral_nsaid" in offered(result)
    assert "respiratory" not in all_cautions(result)


# ---------------------------------------------------------------- 2. NSAID kidney injury; methotrexate

NSAID_KIDNEY = [
    "Knee pain for months, on methotrexate; naproxen makes my kidneys worse, the creatinine went up.",
    "Low back pain for 5 weeks, aged 50. Had an AKI on naproxen last year.",
    "Low back pain for 5 weeks, aged 50. Ibuprofen was bad for my kidneys.",
]


@pytest.mark.parametrize("text", NSAID_KIDNEY)
def test_an_nsaid_that_harmed_the_kidneys_excludes_oral_nsaids(assess, text: str) -> None:
    result = assess(text)
    out = excluded(result)
    assert "oral_nsaid" in out and "oral_nsaid" not in offered(result)
    assert "kidneys" in out["oral_nsaid"] and "no oral NSAID of any kind" in out["oral_nsaid"]
    if "topical_nsaid" in offered(result):
        assert "harmed the kidneys" in cautions(result, "topical_nsaid")


@pytest.mark.parametrize("text", [
    "Knee osteoarthritis for years, aged 58, takes methotrexate 15 mg weekly for psoriasis.",
    "Painful knee osteoarthritis at 60; rheumatoid arthritis on methotrexate once a week.",
])
def test_methotrexate_with_an_nsaid_is_a_caution(assess, text: str) -> None:
    result = assess(text)
    assert "oral_nsaid" in offered(result)
    assert "methotrexate" in cautions(result, "oral_nsaid")


def test_methotrexate_with_poor_kidney_function_excludes_oral_nsaids(assess) -> None:
    result = assess("Knee osteoarthritis, aged 66, on methotrexate weekly, eGFR 48.")
    out = excluded(result)
    assert "oral_nsaid" in out and "methotrexate" in out["oral_nsaid"]


@pytest.mark.parametrize("text", [
    "Knee osteoarthritis for years, aged 58, takes azathioprine for Crohn's; naproxen suits me.",
    "Knee osteoarthritis for years, aged 58; naproxen helps and my kidneys are fine.",
])
def test_no_methotrexate_and_no_kidney_harm_keeps_nsaids_without_those_warnings(assess, text: str) -> None:
    result = assess(text)
    assert "oral_nsaid" not in excluded(result)
    text_cautions = all_cautions(result)
    assert "methotrexate" not in text_cautions and "harmed the kidneys" not in text_cautions


# ---------------------------------------------------------------- 3. opioid with a benzodiazepine or a Z-drug

OPIOID_SEDATIVE = [
    "Chronic back pain for years on oxycodone 40 mg twice a day and morphine 10 mg four times a day for "
    "breakthrough, also sleeps with zopiclone.",
    "Low back pain for 6 months, aged 52, takes oxycodone 10 mg bd and zolpidem at night.",
    "Low back pain for 6 months, aged 52, takes tramadol 50 mg four times a day and diazepam 5 mg at night.",
]


@pytest.mark.parametrize("text", OPIOID_SEDATIVE)
def test_no_muscle_relaxant_or_gabapentinoid_on_an_opioid_with_a_sedative(assess, text: str) -> None:
    result = assess(text)
    assert "muscle_relaxant" not in offered(result)
    assert "gabapentinoid" not in offered(result)
    assert "muscle_relaxant" in excluded(result)
    alerts = " ".join(result["plan"]["alerts"])
    assert "opioid with a" in alerts and ("benzodiazepine" in alerts or "Z-drug" in alerts)


def test_zopiclone_is_named_in_the_opioid_alert(assess) -> None:
    result = assess(OPIOID_SEDATIVE[0])
    alerts = " ".join(result["plan"]["alerts"])
    assert "zopiclone" in alerts and "FDA" in alerts


@pytest.mark.parametrize("text", [
    "Low back pain for 6 months, aged 52, takes oxycodone 10 mg bd.",
    "Low back pain for 6 months, aged 52, sleeps with zopiclone; no painkillers so far.",
])
def test_an_opioid_or_a_hypnotic_alone_keeps_the_relaxant_with_a_caution(assess, text: str) -> None:
    result = assess(text)
    assert "muscle_relaxant" in offered(result)
    alerts = " ".join(result["plan"]["alerts"])
    assert "Z-drug" not in alerts and "benzodiazepine" not in alerts


# ---------------------------------------------------------------- 4. falls and cognition after 65 (Beers 2023)

FALLS_OLDER = [
    "Knee OA, 80, had two falls this year, gets confused at night.",
    "78-year-old with knee osteoarthritis who keeps falling over at home.",
    "Knee osteoarthritis in a woman of 83 with recurrent falls.",
]


@pytest.mark.parametrize("text", FALLS_OLDER)
def test_falls_after_65_take_duloxetine_out_of_the_first_stage(assess, statuses, text: str) -> None:
    assert statuses(text).get("falls_history") is Status.PRESENT
    result = assess(text)
    assert "snri" not in first_stage(result)
    if "snri" in offered(result):
        assert "Beers" in cautions(result, "snri") and "falls" in cautions(result, "snri")


def test_falls_after_65_defer_a_gabapentinoid_for_sciatica(assess) -> None:
    result = assess(
        "Man of 76 with sciatica down the left leg to the foot for 4 weeks; he has had three falls since spring."
    )
    assert "gabapentinoid" not in first_stage(result)
    if "gabapentinoid" in offered(result):
        assert "falls" in cautions(result, "gabapentinoid")


@pytest.mark.parametrize("text", [
    "Knee pain, 40, I fell once 20 years ago skiing.",
    "Knee osteoarthritis at 79, no falls, walks daily, sharp as a tack.",
    "Knee osteoarthritis at 45; two falls while skiing this winter.",
    "Knee osteoarthritis at 72; she has nearly fallen twice on the ice but kept her feet.",
])
def test_no_falls_rule_without_falls_after_65(assess, text: str) -> None:
    result = assess(text)
    assert "snri" in first_stage(result)
    assert "Beers advises avoiding antidepressants" not in all_cautions(result)


@pytest.mark.parametrize("text", [
    "Knee osteoarthritis, 82 years old, dementia.",
    "Hip osteoarthritis in an 85-year-old man who gets confused in the evenings; delirium in hospital last year.",
])
def test_dementia_and_delirium_are_read(statuses, text: str) -> None:
    assert statuses(text).get("cognitive_impairment") is Status.PRESENT


@pytest.mark.parametrize("text", [
    "Burning pain in both feet for a year from diabetic neuropathy; she is 79 and has dementia.",
    "Burning feet from diabetic neuropathy for a year in a 77-year-old with Alzheimer's disease.",
])
def test_cognitive_impairment_after_65_names_the_tricyclic_reason(assess, text: str) -> None:
    result = assess(text)
    assert "tca" not in offered(result)
    assert "worsen confusion" in excluded(result)["tca"]
    assert "confusion" in cautions(result, "gabapentinoid")


def test_neuropathy_with_falls_after_65_starts_with_the_safer_options(assess) -> None:
    result = assess("Burning pain in both feet for a year from diabetic neuropathy in a 79-year-old with several falls.")
    assert "gabapentinoid" not in first_stage(result) and "snri" not in first_stage(result)
    assert "gabapentinoid" in offered(result) and "snri" in offered(result)  # later, not never
    assert "Beers" in cautions(result, "gabapentinoid")


def test_neuropathy_at_50_keeps_its_first_stage(assess) -> None:
    result = assess("Burning pain in both feet for a year from diabetic neuropathy, aged 50, one fall at work years ago.")
    assert {"gabapentinoid", "snri", "tca"} <= set(first_stage(result))


@pytest.mark.parametrize("text", [
    "Knee osteoarthritis at 70, memory fine, lives alone and drives.",
    "Knee osteoarthritis at 70, no confusion, no falls.",
])
def test_no_cognitive_finding_without_its_words(statuses, text: str) -> None:
    assert statuses(text).get("cognitive_impairment") is not Status.PRESENT
    assert statuses(text).get("falls_history") is not Status.PRESENT


# ---------------------------------------------------------------- a side effect denied is not a side effect


@pytest.mark.parametrize("text", [
    "Low back pain for 5 weeks, aged 45, takes ibuprofen with no wheezing.",
    "Low back pain for 5 weeks, aged 45; ibuprofen never made me wheezy and it helps.",
    "Low back pain for 5 weeks, aged 45; naproxen did not upset my stomach.",
])
def test_a_denied_side_effect_keeps_the_drug_current(assessor, text: str) -> None:
    meds = assessor.assess_text(text).story.medications
    assert meds and all(m.status == "current" and not m.effect for m in meds)


@pytest.mark.parametrize("text", [
    "Low back pain for 5 weeks, aged 45; naproxen upsets my stomach.",
    "Low back pain for 5 weeks, aged 45; could not tolerate gabapentin.",
])
def test_a_side_effect_told_outright_still_counts(assessor, text: str) -> None:
    meds = assessor.assess_text(text).story.medications
    assert meds and meds[0].status == "not_tolerated"
