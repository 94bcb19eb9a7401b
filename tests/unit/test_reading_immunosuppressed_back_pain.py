"""Spinal infection in an immunosuppressed person without a fever (kb 2026.12.30): new spinal pain that is worse at
night, severe or getting worse, in someone with HIV, a transplant or an immunosuppressant, is seen the same day;
a long-standing mechanical back pain or a short twinge that eases in the same person is not. Our own wordings."""

from __future__ import annotations

import pytest

from tests.conftest import flags


@pytest.mark.parametrize(
    "text",
    [
        "HIV positive, last CD4 140, off his antiretrovirals. Two weeks of mid back pain, worse at night. No fever.",
        "Kidney transplant on tacrolimus and mycophenolate. Low back pain for 10 days, getting worse each day, "
        "no temperature.",
        "On rituximab for vasculitis. Neck pain for 3 weeks, severe, keeps her awake at night; afebrile in clinic.",
    ],
)
def test_new_night_or_worsening_spinal_pain_when_immunosuppressed_is_seen_today(assess, text: str) -> None:
    result = assess(text)
    assert "spinal_infection" in flags(result)
    assert result["triage"]["level"] in {"urgent", "emergency"}


@pytest.mark.parametrize(
    "text",
    [
        "Rheumatoid arthritis on methotrexate. Low back pain for 8 years, mechanical, worse after gardening, "
        "no night pain.",
        "On adalimumab for Crohn's. Back twinge for a week after moving furniture, eases with rest, sleeping fine.",
    ],
)
def test_long_standing_or_easing_back_pain_when_immunosuppressed_is_not_flagged(assess, text: str) -> None:
    assert "spinal_infection" not in flags(assess(text))
