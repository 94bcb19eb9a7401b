"""Similar names for patient search: trigram similarity as PostgreSQL's pg_trgm computes it.

A word is lower-cased, padded with two spaces before and one after ("  okafor "), and cut into its three-letter
pieces; the similarity of two strings is the number of pieces they share over the number in either (0 to 1).
The embedded SQLite database uses this function; PostgreSQL uses pg_trgm's own with a GIN index, so a
misspelled name ("Okafer") finds the same patients on both (pg_trgm's default threshold is 0.3).
"""

from __future__ import annotations

import re
import unicodedata

KEY_LENGTH = 100  # the patients.family_lower / given_lower columns


def search_key(name: str) -> str:
    """A name as it is stored and searched: accents dropped and case folded, so "José", "JOSE" and "jose" are one
    key ("Müller" -> "muller", "Straße" -> "strasse"); letters without a decomposition (ø, ł, æ) stay as they are.
    Stored in patients.family_lower / given_lower, which the prefix and similar-name indexes are built on."""
    decomposed = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return unicodedata.normalize("NFC", folded)[:KEY_LENGTH]


THRESHOLD = 0.3  # pg_trgm.similarity_threshold's default (PostgreSQL documentation, F.35 pg_trgm)
_WORD = re.compile(r"[^\W_]+")


def trigrams(text: str) -> frozenset[str]:
    grams: set[str] = set()
    for word in _WORD.findall(text.lower()):
        padded = f"  {word} "
        grams.update(padded[i:i + 3] for i in range(len(padded) - 2))
    return frozenset(grams)


def similarity(a: str, b: str) -> float:
    left, right = trigrams(a), trigrams(b)
    if not left or not right:
        return 0.0
    return len(left & right) / len(left | right)


def best_similarity(query: str, *names: str) -> float:
    """How close the query is to the closest of a patient's names."""
    return max((similarity(query, n) for n in names), default=0.0)
