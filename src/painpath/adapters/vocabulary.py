"""Plan option ids of the shared contract, for validating decisions and procedure records."""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml


@cache
def _packaged() -> dict[str, dict[str, list[str]]]:
    text = (resources.files("painpath.adapters") / "plan_options.yaml").read_text(encoding="utf-8")
    data: dict[str, dict[str, list[str]]] = yaml.safe_load(text)
    return data


def contract_option_kinds() -> dict[str, str]:
    """The shared contract's plan option ids -> kind (the copy of shared/contract/vocabulary.yaml)."""
    return {option: kind for kind, options in _packaged()["plan_options"].items() for option in options}


@cache
def plan_option_kinds() -> dict[str, str]:
    """Plan option id -> kind (medication, procedure, therapy, referral): the contract's ids and the options the
    practice adds beyond them (project_options; knowledge/plan_options.yaml marks them `extension: true`)."""
    extensions = _packaged().get("project_options") or {}
    return contract_option_kinds() | {option: kind for kind, options in extensions.items() for option in options}


def procedure_ids() -> list[str]:
    return sorted(option for option, kind in plan_option_kinds().items() if kind == "procedure")
