"""Issue 12: imaging that does not match the patient. Degenerative findings are common in people without pain
(Brinjikji 2015), so a report's facet arthropathy or disc bulge that no symptom or examination sign in the note
matches shows a discordance caution in the plan, and a clinician's diagnosis that rests only on that imaging
("MRI shows facet arthropathy. Diagnosis: facet syndrome.") is counted within the engine's imaging cap
(knowledge/engine.yaml imaging_max_log_lr) instead of at the full weight of a named diagnosis."""

from __future__ import annotations

import math
from typing import Any

from painpath.adapters.contract_json import to_contract

STATED_ON_IMAGING = (
    "52-year-old with low back pain for 5 months. Examination normal. MRI lumbar spine shows facet arthropathy "
    "at L4-5. Diagnosis: facet syndrome."
)
STATED_WITH_SIGNS = (
    "52-year-old with low back pain for 5 months, worse on extension and on twisting, better sitting, stiff in the "
    "mornings, paraspinal tenderness at L4-5. MRI lumbar spine shows facet arthropathy at L4-5. "
    "Diagnosis: facet syndrome."
)
REFERRAL_WITHOUT_IMAGING = "Referral: 52-year-old with low back pain for 5 months. Diagnosis: facet syndrome."
BULGE_NORMAL_EXAM = (
    "38-year-old office worker with low back pain for 3 months. Neurological examination normal, straight leg "
    "raise negative. MRI: L4-5 disc bulge."
)
RADICULAR_CONCORDANT = (
    "45-year-old with low back pain radiating down the right leg below the knee to the lateral calf. Positive "
    "straight leg raise on the right. MRI: L5-S1 paracentral disc herniation."
)


def _explain(out: dict[str, Any], condition: str, finding: str) -> dict[str, Any] | None:
    entry = next(e for e in out["differential"] if e["condition"] == condition)
    return next((x for x in entry["explain"] if x["finding"] == finding), None)


def _imaging_and_stated(out: dict[str, Any], condition: str) -> float:
    """The product of the ratios the note's imaging and named diagnosis applied to the condition."""
    entry = next(e for e in out["differential"] if e["condition"] == condition)
    return math.prod(x["likelihood_ratio"] for x in entry["explain"]
                     if x["finding"].startswith(("imaging_", "stated_")))


def test_a_diagnosis_that_rests_only_on_imaging_is_capped_with_the_imaging(assessor: Any) -> None:
    out = to_contract(assessor.assess_text(STATED_ON_IMAGING), assessor.kb)
    cap = math.exp(assessor.kb.settings.imaging_max_log_lr)
    stated = _explain(out, "lumbar_facet_pain", "stated_facet")
    assert stated is not None and "imaging cap" in stated["note"]
    assert stated["likelihood_ratio"] < 6.0
    # imaging and the diagnosis resting on it together never exceed the cap (about x2)
    assert _imaging_and_stated(out, "lumbar_facet_pain") <= cap * 1.001


def test_a_diagnosis_with_clinical_support_keeps_its_weight(assessor: Any) -> None:
    out = to_contract(assessor.assess_text(STATED_WITH_SIGNS), assessor.kb)
    stated = _explain(out, "lumbar_facet_pain", "stated_facet")
    assert stated is not None and stated["likelihood_ratio"] == 6.0 and "note" not in stated
    on_imaging = to_contract(assessor.assess_text(STATED_ON_IMAGING), assessor.kb)
    facet = {e["condition"]: e["probability"] for e in out["differential"]}["lumbar_facet_pain"]
    facet_on_imaging = {e["condition"]: e["probability"] for e in on_imaging["differential"]}["lumbar_facet_pain"]
    assert facet > facet_on_imaging


def test_a_report_naming_facet_arthropathy_is_imaging_not_a_stated_diagnosis(assessor: Any) -> None:
    # the same words read as "facet pain named" are the report's own, already weighed as imaging
    note = STATED_WITH_SIGNS.replace(" Diagnosis: facet syndrome.", "")
    out = to_contract(assessor.assess_text(note), assessor.kb)
    stated = _explain(out, "lumbar_facet_pain", "stated_facet")
    assert stated is not None and "imaging report" in stated["note"]
    assert _imaging_and_stated(out, "lumbar_facet_pain") <= math.exp(assessor.kb.settings.imaging_max_log_lr) * 1.001
    assert out["differential"][0]["condition"] == "lumbar_facet_pain"  # the clinical picture still leads


def test_a_named_diagnosis_without_imaging_is_not_capped(assessor: Any) -> None:
    out = to_contract(assessor.assess_text(REFERRAL_WITHOUT_IMAGING), assessor.kb)
    stated = _explain(out, "lumbar_facet_pain", "stated_facet")
    assert stated is not None and stated["likelihood_ratio"] == 6.0


def test_facet_arthropathy_with_a_normal_examination_shows_the_discordance_caution(assessor: Any) -> None:
    alerts = to_contract(assessor.assess_text(STATED_ON_IMAGING), assessor.kb)["plan"]["alerts"]
    discordant = [a for a in alerts if a.startswith("imaging discordance")]
    assert len(discordant) == 1
    assert "facet arthropathy" in discordant[0] and "Brinjikji 2015" in discordant[0]


def test_a_disc_bulge_with_a_normal_examination_is_discordant(assessor: Any) -> None:
    alerts = to_contract(assessor.assess_text(BULGE_NORMAL_EXAM), assessor.kb)["plan"]["alerts"]
    discordant = [a for a in alerts if a.startswith("imaging discordance")]
    assert len(discordant) == 1 and "disc bulge" in discordant[0]


def test_imaging_that_matches_the_symptoms_and_exam_raises_no_caution(assessor: Any) -> None:
    for note in (RADICULAR_CONCORDANT, STATED_WITH_SIGNS):
        alerts = to_contract(assessor.assess_text(note), assessor.kb)["plan"]["alerts"]
        assert not [a for a in alerts if a.startswith("imaging discordance")], note


def test_the_discordance_findings_are_imaging_findings_with_a_source(assessor: Any) -> None:
    from painpath.domain.model import FindingKind
    from painpath.domain.planning import planning_knowledge

    pk = planning_knowledge(assessor.kb)
    assert pk is not None and pk.settings.imaging_discordance
    assert all(assessor.kb.findings[f].kind is FindingKind.IMAGING for f in pk.settings.imaging_discordance)
    assert assessor.kb.sources[pk.settings.imaging_discordance_source].year == 2015
