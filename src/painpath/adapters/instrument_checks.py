"""Scalar checks for the outcome knowledge loader: numbers, whole numbers, text, enums and LOINC codes."""

from __future__ import annotations

import math
import re
from typing import Any

from painpath.adapters.knowledge_files import KnowledgeError

_LOINC = re.compile(r"^(\d{1,7})-(\d)$")


def loinc_valid(code: str) -> bool:
    """LOINC codes end in a mod-10 check digit (the Luhn scheme); a typo fails it."""
    match = _LOINC.match(code)
    if not match:
        return False
    body, check = match.groups()
    total = 0
    for position, char in enumerate(reversed(body)):
        digit = int(char) * (2 if position % 2 == 0 else 1)
        total += digit // 10 + digit % 10
    return (10 - total % 10) % 10 == int(check)


def enum_(kind: Any, value: Any, where: str) -> Any:
    """The enum member named by value, or a KnowledgeError listing the allowed values."""
    try:
        return kind(value)
    except ValueError as err:
        raise KnowledgeError(f"{where}: {value!r} is not one of {[k.value for k in kind]}") from err


def number(value: Any, where: str, *, minimum: float | None = None) -> float:
    """A finite number (not a bool), at least minimum when given."""
    if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
        raise KnowledgeError(f"{where}: expected a finite number, got {value!r}")
    if minimum is not None and value < minimum:
        raise KnowledgeError(f"{where}: {value} is below {minimum}")
    return float(value)


def int_(value: Any, where: str, *, minimum: int) -> int:
    """A whole number (not a bool) at least minimum."""
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise KnowledgeError(f"{where}: expected a whole number >= {minimum}, got {value!r}")
    return value


def bool_(value: Any, where: str) -> bool:
    """A YAML true or false, nothing truthy."""
    if not isinstance(value, bool):
        raise KnowledgeError(f"{where}: expected true or false, got {value!r}")
    return value


def nonempty(value: Any, where: str) -> str:
    """Text with something in it."""
    if not isinstance(value, str) or not value.strip():
        raise KnowledgeError(f"{where}: expected non-empty text, got {value!r}")
    return value
