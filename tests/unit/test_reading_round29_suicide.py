"""Round 29, the lead's probe: suicide risk told as a condition on the treatment or with "should".

"If the next operation fails I will kill myself" and "I think I should just end it all" were read as hypothetical
(the "if" and "should" cues of narrative.yaml) and triaged routine. A threat made conditional on the treatment is
still intent (C-SSRS asks about intent; a condition the person names is no reassurance), so the "if" and "should"
cues no longer reach the suicide findings; a thought supposed in the condition itself ("if I ever had thoughts of
suicide I would tell my wife") and advice stay hypothetical. A negation inside the condition ("if this pain doesn't
stop") does not deny the consequent. "Might as well be dead" is a wish to be dead (C-SSRS 1).
"""

from __future__ import annotations

import pytest

from tests.conftest import flags


@pytest.mark.parametrize(
    "text",
    [
        "If the nerve burning doesn't work this time I'm going to kill myself. Neck pain for 4 years.",
        "If they can't operate I will end it, I've decided. Sciatica 18 months.",
        "Some nights I think I should just end my life. Fibromyalgia for 10 years.",
        "If my back isn't better by Christmas I know how I'd do it. 52, back pain 3 years.",
        "I may as well be dead, this pain never lets up. Hip pain 2 years, age 70.",
    ],
)
def test_conditional_or_should_suicide_statements_raise_the_flag(assess, text: str) -> None:
    result = assess(text)
    assert "suicide_risk" in flags(result)
    assert result["triage"]["level"] == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "If I ever felt suicidal I would ring my GP straight away, but I don't. Back pain 2 years.",
        "She was told to go to A&E if she has thoughts of harming herself. Knee pain 3 years.",
        "If you ever get thoughts of ending your life, call us. Neck pain 1 year.",
    ],
)
def test_a_supposed_thought_or_advice_stays_hypothetical(assess, text: str) -> None:
    assert "suicide_risk" not in flags(assess(text))


def test_a_failed_treatment_does_not_deny_what_follows(assess) -> None:
    result = assess("The tablets didn't help and since yesterday I can't feel my bottom or pass urine. Back pain.")
    assert "cauda_equina_syndrome" in flags(result)


def test_a_denial_with_go_or_get_still_denies(assess) -> None:
    result = assess("Back pain 3 weeks after lifting. I did not get any leg pain or numbness. No bladder problems.")
    assert "cauda_equina_syndrome" not in flags(result)
    assert not any(f["id"] == "numbness" and f["status"] == "present" for f in result["findings"])
