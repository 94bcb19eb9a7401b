"""Shared fixtures: the shipped knowledge base and one assessor for the whole run (building it loads spaCy)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from painpath.adapters.contract_json import to_contract
from painpath.adapters.knowledge_files import load_default
from painpath.domain.model import Assessment, KnowledgeBase, Status
from painpath.services.assessment import Assessor

CASE_FILES = Path(__file__).resolve().parent / "cases"


def case_notes() -> list[str]:
    """Every note text of the clinic's case files (tests/cases/*.yaml), in file order."""
    notes: list[str] = []
    for path in sorted(CASE_FILES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text()) or []
        notes += [case["text"] for case in data if isinstance(case, dict) and isinstance(case.get("text"), str)]
    return notes


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_default()


@pytest.fixture(scope="session")
def assessor(kb: KnowledgeBase) -> Assessor:
    return Assessor(kb)


@pytest.fixture(scope="session")
def assess(assessor: Assessor) -> Any:
    """Assess a note and return the contract JSON."""

    def run(text: str) -> dict[str, Any]:
        return to_contract(assessor.assess_text(text), assessor.kb)

    return run


@pytest.fixture(scope="session")
def statuses(assessor: Assessor) -> Any:
    """The effective status of each finding the note produced (after history and list handling)."""
    from painpath.domain.engine import facts_from, with_derived_findings

    def run(text: str) -> dict[str, Status]:
        story = with_derived_findings(assessor.kb, assessor.enrich(assessor.reader.read(text)))
        return facts_from(assessor.kb, story).statuses

    return run


def ranked(result: dict[str, Any]) -> list[str]:
    return [entry["condition"] for entry in result["differential"]]


def flags(result: dict[str, Any]) -> set[str]:
    return {flag["id"] for flag in result["red_flags"]}


def present(result: dict[str, Any], finding: str) -> bool:
    """Whether the assessment reports ``finding`` as present (not absent, not only mentioned)."""
    return any(f["id"] == finding and f["status"] == "present" for f in result["findings"])


def offered(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The plan's options by id, across its stages."""
    return {o["id"]: o for stage in result["plan"]["stages"] for o in stage["options"]}


def excluded(result: dict[str, Any]) -> dict[str, str]:
    """The plan's excluded options by id, with the reason."""
    return {e["id"]: e["reason"] for e in result["plan"]["excluded"]}


def cautions(result: dict[str, Any], option: str) -> str:
    """An offered option's cautions joined into one string."""
    return " || ".join(offered(result)[option]["cautions"])


__all__ = ["Assessment", "cautions", "excluded", "flags", "offered", "present", "ranked"]


TRIAGE_LEVELS = ("routine", "soon", "urgent", "emergency")


def level(result: dict[str, Any]) -> str:
    """The assessment's triage level."""
    return str(result["triage"]["level"])


def at_least(result: dict[str, Any], floor: str) -> bool:
    """Whether the triage level is ``floor`` or higher."""
    return TRIAGE_LEVELS.index(level(result)) >= TRIAGE_LEVELS.index(floor)


def absent(result: dict[str, Any], finding: str) -> bool:
    """Whether the assessment reports ``finding`` as stated absent."""
    return any(f["id"] == finding and f["status"] == "absent" for f in result["findings"])
