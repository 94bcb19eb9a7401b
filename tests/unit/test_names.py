"""Trigram similarity for similar-name search: the same numbers as PostgreSQL's pg_trgm."""

from __future__ import annotations

import pytest

from painpath.domain.names import THRESHOLD, best_similarity, similarity, trigrams


def test_trigrams_are_padded_like_pg_trgm() -> None:
    # SELECT show_trgm('okafor') -> {"  o"," ok",afo,for,kaf,oka,"or "}
    assert trigrams("Okafor") == {"  o", " ok", "afo", "for", "kaf", "oka", "or "}


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("okafer", "okafor", 0.4),  # pg_trgm: similarity('okafer','okafor') = 0.4
    ("lindgren", "lindgreen", 0.72727275),  # pg_trgm: 0.72727275
    ("grace", "okafor", 0.0),
])
def test_similarity_matches_pg_trgm(a: str, b: str, expected: float) -> None:
    assert similarity(a, b) == pytest.approx(expected, abs=1e-6)


def test_a_misspelling_passes_the_threshold_and_a_different_name_does_not() -> None:
    assert best_similarity("okafer", "okafor", "grace") >= THRESHOLD
    assert best_similarity("smith", "okafor", "grace") < THRESHOLD
    assert similarity("", "okafor") == 0.0
