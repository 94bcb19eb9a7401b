"""Planning knowledge: contract ids, a source for every number, pathway invariants, strict loading."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from painpath.adapters.knowledge_files import KnowledgeError, knowledge_dir, load, load_default
from painpath.adapters.plan_knowledge import PLANNING_SECTIONS
from painpath.adapters.vocabulary import plan_option_kinds

VOCABULARY = Path(__file__).resolve().parents[2].parent / "shared" / "contract" / "vocabulary.yaml"
NUMBER_IN_TEXT = re.compile(r"\d")
STRUCTURAL_KEYS = {"stage", "id", "option", "gate", "replaces"}


def planning():  # type: ignore[no-untyped-def]
    return load_default().extra["planning"]


def raw_sections() -> dict[str, tuple[str, Any]]:
    manifest = yaml.safe_load((knowledge_dir() / "manifest.yaml").read_text())
    found: dict[str, tuple[str, Any]] = {}
    for name in manifest["files"]:
        for section, content in yaml.safe_load((knowledge_dir() / name).read_text()).items():
            if section in PLANNING_SECTIONS:
                found[f"{name}:{section}"] = (name, content)
    return found


def _unsourced(node: Any, path: str, sourced: bool) -> list[str]:
    """Numbers (and text with digits) that no enclosing entry gives a source for."""
    if isinstance(node, dict):
        sourced = sourced or "source" in node or "thresholds_source" in node
        out: list[str] = []
        for key, value in node.items():
            if key in STRUCTURAL_KEYS or key == "note":
                continue
            out += _unsourced(value, f"{path}.{key}", sourced)
        return out
    if isinstance(node, list):
        return [p for i, item in enumerate(node) for p in _unsourced(item, f"{path}[{i}]", sourced)]
    is_number = isinstance(node, int | float) and not isinstance(node, bool)
    if (is_number or (isinstance(node, str) and NUMBER_IN_TEXT.search(node))) and not sourced:
        return [path]
    return []


def test_every_number_in_the_planning_knowledge_has_a_source() -> None:
    missing = [p for key, (_, content) in raw_sections().items() for p in _unsourced(content, key, False)]
    assert missing == []


def test_every_cited_source_exists_and_published_ones_carry_a_verification_tag() -> None:
    kb = load_default()
    for key, (_, content) in raw_sections().items():
        for source in re.findall(r"source': '(\w+)'", str(content)):
            assert source in kb.sources, f"{key}: {source}"
    for source in kb.sources.values():
        if source.kind != "expert":
            assert source.verification, source.id


@pytest.mark.skipif(not VOCABULARY.exists(), reason="shared vocabulary not available")
def test_every_plan_option_and_pathway_option_is_in_the_shared_vocabulary() -> None:
    vocabulary = yaml.safe_load(VOCABULARY.read_text())
    allowed = {option for group in vocabulary["plan_options"].values() for option in group}
    kinds = {option: kind for kind, group in vocabulary["plan_options"].items() for option in group}
    pk = planning()
    contract = {oid for oid, option in pk.options.items() if not option.extension}
    assert contract == allowed
    for option in pk.options.values():
        if not option.extension:
            assert option.kind.value == kinds[option.id], option.id
    # the practice's own options (no contract id exists for them) are marked, and never reuse a contract id
    extensions = {oid: option.kind.value for oid, option in pk.options.items() if option.extension}
    assert not set(extensions) & allowed
    assert extensions == {oid: kind for oid, kind in plan_option_kinds().items() if oid not in allowed}
    for pathway in pk.pathways.values():
        for stage in pathway.stages:
            assert {step.option for step in stage.options} <= set(pk.options)


def test_every_condition_has_a_pathway() -> None:
    kb = load_default()
    assert set(planning().pathways) == set(kb.conditions)


def test_a_gated_procedure_always_comes_after_its_diagnostic_step() -> None:
    pk = planning()
    for pathway in pk.pathways.values():
        stage_of = {step.option: stage.stage for stage in pathway.stages for step in stage.options}
        for stage in pathway.stages:
            for step in stage.options:
                if step.gate is None:
                    continue
                diagnostic = pk.gates[step.gate].diagnostic
                if diagnostic != step.option:
                    assert stage_of[diagnostic] < stage.stage, (pathway.condition, step.option)


def test_the_medial_branch_gate_records_both_published_positions() -> None:
    gate = planning().gates["facet_rfa"]
    positions = {p.relief_percent for p in gate.positions}
    assert {50.0, 80.0} <= positions
    assert (gate.count, gate.relief_percent) == (2, 80.0)


def test_mme_factors_are_the_cdc_2022_table() -> None:
    factors = {drug: f.factor for drug, f in planning().stewardship.factors.items()}
    assert factors == {
        "codeine": 0.15,
        "hydrocodone": 1.0,
        "hydromorphone": 5.0,
        "morphine": 1.0,
        "oxycodone": 1.5,
        "oxymorphone": 3.0,
        "tapentadol": 0.4,
        "tramadol": 0.2,
        "methadone": 4.7,
        "fentanyl": 2.4,
        "buprenorphine": None,
    }


def test_no_non_cancer_pathway_starts_with_an_opioid() -> None:
    pk = planning()
    for condition, pathway in pk.pathways.items():
        if condition not in pk.stewardship.first_line_conditions:
            assert "opioid" not in {step.option for step in pathway.stages[0].options}, condition


def _broken_copy(tmp_path: Path, file: str, old: str, new: str) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(knowledge_dir(), target)
    text = (target / file).read_text()
    assert old in text
    (target / file).write_text(text.replace(old, new, 1))
    return target


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        (
            "plan_options.yaml",
            "    kind: medication\n    label: acetaminophen",
            "    kind: medication\n    colour: red\n    label: acetaminophen",
            "unknown keys",
        ),
        (
            "pathways_spine.yaml",
            "{option: muscle_relaxant, source: acp_lbp2017}",
            "{option: muscle_relaxnt, source: acp_lbp2017}",
            "unknown plan option",
        ),
        ("plan_safety.yaml", "when: gi_bleed_history", "when: gi_bleeding_history", "unknown finding"),
        (
            "plan_opioids.yaml",
            "{basis: mg_per_day, factor: 0.15, source: cdc2022_mme}",
            "{basis: mg_per_day, factor: 0.15, source: cdc2099}",
            "unknown source",
        ),
        (
            "pathways_other.yaml",
            "          - {option: sodium_channel_blocker, source: ean_tn2019}\n",
            "          - {option: sodium_channel_blocker, source: ean_tn2019}\n"
            "          - {option: opioid, source: cdc2022}\n",
            "first_line",
        ),
    ],
)
def test_loading_is_strict(tmp_path: Path, file: str, old: str, new: str, message: str) -> None:
    with pytest.raises(KnowledgeError, match=message):
        load(_broken_copy(tmp_path, file, old, new))


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        ("likelihoods.yaml", "{finding: imaging_facet_arthropathy, present: 1.5, source: expert",
         "{finding: imaging_facet_arthropathy, present: 1.5, source: expert, stated: true",
         "an imaging finding is capped already"),
        ("likelihoods.yaml", "{finding: stated_facet, present: 6.0, source: expert, stated: true",
         "{finding: stated_facet, present: 6.0, source: expert, stated: yes please",
         "stated: write true or false"),
        ("plan_options.yaml", "    extension: true\n    label: regional nerve block",
         "    extension: maybe\n    label: regional nerve block", "extension: write true or false"),
        ("plan_additions.yaml", "    stage: last\n", "    stage: middle\n", "stage: write one of first, last"),
        ("plan_settings.yaml", "findings: [imaging_disc_herniation,", "findings: [low_back_pain,",
         "'low_back_pain' is not an imaging finding"),
    ],
)
def test_issue_12_keys_load_strictly(tmp_path: Path, file: str, old: str, new: str, message: str) -> None:
    with pytest.raises(KnowledgeError, match=re.escape(message)):
        load(_broken_copy(tmp_path, file, old, new))


@pytest.mark.skipif(not VOCABULARY.exists(), reason="shared vocabulary not available")
def test_kb_check_names_an_option_that_is_neither_a_vocabulary_id_nor_marked_as_the_practices_own(
    tmp_path: Path,
) -> None:
    from painpath.adapters.knowledge_files import iter_problems

    vocabulary = yaml.safe_load(VOCABULARY.read_text())
    assert not [p for p in iter_problems(load_default(), vocabulary) if "plan option" in p]
    unmarked = load(_broken_copy(tmp_path, "plan_options.yaml", "    extension: true\n    label: compounded",
                                 "    label: compounded"))
    problems = [p for p in iter_problems(unmarked, vocabulary) if "plan option" in p]
    assert problems == [
        "plan option 'compounded_topical' is not in the shared vocabulary: use a vocabulary id, or mark it "
        "'extension: true' and list it under project_options in adapters/plan_options.yaml"
    ]
