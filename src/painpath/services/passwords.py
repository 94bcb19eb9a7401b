"""The password rules of NIST SP 800-63B (2017, section 5.1.1.2): length, and a block list of common and breached
passwords and context-specific words (the username and the clinic's name); no composition rules, no expiry.

The block list is data (adapters/data/common-passwords.txt.gz, with its source in adapters/data/README.md)."""

from __future__ import annotations

import gzip
import re
from functools import cache
from importlib import resources

MIN_LENGTH = 12  # SP 800-63B asks at least 8 for memorised secrets; 12 is this project's choice (issue 11)
MAX_LENGTH = 200


@cache
def common_passwords() -> frozenset[str]:
    data = (resources.files("painpath.adapters") / "data" / "common-passwords.txt.gz").read_bytes()
    return frozenset(line.strip() for line in gzip.decompress(data).decode().splitlines() if line.strip())


def _squeezed(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def password_problem(password: str, *, username: str, clinic_name: str) -> str | None:
    """Why this password is refused (a sentence for the person choosing it), or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f"use at least {MIN_LENGTH} characters (a few unrelated words make a good one)"
    if len(password) > MAX_LENGTH:
        return f"use at most {MAX_LENGTH} characters"
    lowered = password.lower()
    stem = re.sub(r"[\d\W_]+$", "", lowered)  # "sunshine2026!" is "sunshine" with a suffix
    common = common_passwords()
    if lowered in common or (len(stem) >= 4 and stem in common) or len(set(lowered)) <= 2:
        return "this password is on the list of common and breached passwords: choose another"
    squeezed = _squeezed(password)
    for word, what in ((username, "your username"), (clinic_name, "the clinic's name"), ("painpath", "PainPath")):
        if len(_squeezed(word)) >= 3 and _squeezed(word) in squeezed:
            return f"the password contains {what}: choose one that does not"
    return None
