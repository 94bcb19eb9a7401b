"""medications.yaml: how numbers after a drug name are read, checked when the knowledge base loads."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from painpath.adapters.knowledge_files import KnowledgeError, knowledge_dir, load

CODEINE_3 = "        per_tablet: {mg: 30, acetaminophen_mg: 300}\n        source: tylenol_codeine_label\n"


def _load_with(tmp_path: Path, old: str, new: str) -> None:
    target = tmp_path / "kb"
    shutil.copytree(knowledge_dir(), target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    path = target / "medications.yaml"
    text = path.read_text()
    assert old in text, f"fixture text {old!r} not in medications.yaml"
    path.write_text(text.replace(old, new, 1))
    load(target)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("{id: tramadol, class: opioid, default_unit: mg,", "{id: tramadol, class: opioid, default_unit: mls,",
         "medication 'tramadol': default_unit 'mls' is not one of"),
        ("{id: tramadol, class: opioid, default_unit: mg,", "{id: tramadol, class: opioid, dose_unit: mg,",
         "medication 'tramadol': unknown keys ['dose_unit']"),
        (CODEINE_3, "        per_tablet: {mg: 30, acetaminophen_mg: 300}\n",
         "medication 'codeine' product 1: a strength per tablet: every number and rule needs a source"),
        (CODEINE_3, "        per_tablet: {mg: 30, acetaminophen_mg: 300}\n        source: label2099\n",
         "unknown source 'label2099'"),
        (CODEINE_3, "        per_tablet: {mg: -30, acetaminophen_mg: 300}\n        source: tylenol_codeine_label\n",
         "per_tablet.mg: give a positive number of mg, not -30"),
        ("        ambiguous_names: [t3, t3s]\n", "        ambiguous_names: [t3, tee3]\n",
         "ambiguous_names ['tee3'] are not among the product's names"),
        ("route: transdermal}", "route: skin}", "route 'skin' is not one of"),
        ("names: [ultram, tramal,", "names: [ultram, oxy, tramal,", "the name 'oxy' is also a name of 'oxycodone'"),
    ],
)
def test_loader_rejects_bad_medication_entries(tmp_path: Path, old: str, new: str, message: str) -> None:
    with pytest.raises(KnowledgeError, match=re.escape(message)):
        _load_with(tmp_path, old, new)


def test_fixed_strength_products_cite_a_label(kb) -> None:  # type: ignore[no-untyped-def]
    products = [p for e in kb.extra["medications"] for p in e.get("products", []) if "per_tablet" in p]
    assert products
    for product in products:
        assert kb.sources[product["source"]].kind == "label"
