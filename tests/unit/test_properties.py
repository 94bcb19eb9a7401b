"""Property tests: any text yields the contract's shape and never raises."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from painpath.services.assessment import UnusableInput

TRIAGE = {"routine", "soon", "urgent", "emergency"}
CLINICAL_WORDS = st.sampled_from(
    ["no", "denies", "pain", "back", "leg", "fever", "SLR +ve", "4/5", "eGFR 20", "h/o ca", "L5-S1", "not", ",", ".",
     "weakness", "saddle", "numbness", "headache", "worst", "morphine 30 mg q4h", "bilateral", "°", "?", ";", "\n"]
)


def _check_shape(result: dict) -> None:
    assert result["triage"]["level"] in TRIAGE
    assert result["triage"]["reasons"]
    assert sum(e["probability"] for e in result["differential"]) <= 1.0 + 1e-6
    for entry in result["differential"]:
        assert 0.0 <= entry["probability"] <= 1.0
        assert entry["next_steps"]
    for finding in result["findings"]:
        assert finding["status"] in {"present", "absent"}
    order = ["routine", "soon", "urgent", "emergency"]
    for flag in result["red_flags"]:
        assert order.index(result["triage"]["level"]) >= order.index(flag["min_triage"])
    assert set(result["plan"]) >= {"stages", "excluded"}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(min_size=1, max_size=300).filter(lambda t: t.strip()))
def test_arbitrary_text_gives_the_contract_shape(assess, text: str) -> None:
    _check_shape(assess(text))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(CLINICAL_WORDS, min_size=1, max_size=30).map(" ".join).filter(lambda t: t.strip()))
def test_clinical_word_salad_gives_the_contract_shape(assess, text: str) -> None:
    _check_shape(assess(text))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=" \t\n\r", max_size=20))
def test_blank_text_is_unusable_input(assessor, text: str) -> None:
    with pytest.raises(UnusableInput, match="empty"):
        assessor.assess_text(text)
