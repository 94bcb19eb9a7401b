"""Plan option ids of the shared contract, for validating decisions and procedure records."""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml


@cache
def plan_option_kinds() -> dict[str, str]:
    """Plan option id -> kind (medication, procedure, therapy, referral)."""
    text = (resources.files("painpath.adapters") / "plan_options.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    return {option: kind for kind, options in data["plan_options"].items() for option in options}


def procedure_ids() -> list[str]:
    return sorted(option for option, kind in plan_option_kinds().items() if kind == "procedure")
