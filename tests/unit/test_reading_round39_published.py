"""Round 39 published-style vignettes (fix39b), each fix a pattern with two new wordings and a negative twin.

1. an illness's fever whose end is told in a relative clause with an adverb before the verb ("which fully settled
   within a week", "which quickly resolved on amoxicillin", "which settled in a few days") is a past episode, not a
   fever now (r39b_16: a false spinal infection flag, urgent, for mechanical back pain five weeks after influenza).
   A fever that never settled, that settled and came back, or that settled with paracetamol or ibuprofen (brought down,
   not gone; the same for an end told in a clause of its own), is still a fever now.
2. standing on one leg to dress ("cannot stand on the left leg to put on jeans", "can't stand on her right leg long
   enough to pull her socks on") is the single-leg stance that provokes a sacroiliac or hip pain, not an inability to
   stand or bear weight (r39b_28: 'urgent' acute_unable_to_walk for postpartum sacroiliac pain). A leg that cannot
   take weight after a fall is still unable to walk.
3. (found probing fix 1) an old problem told ended in its own relative clause and then back ("which resolved but came
   back three days ago", "which settled but has returned over the last week") is not resolved: the course of its
   return is today's (a missed spinal infection flag on main).
"""

from __future__ import annotations

import pytest

from painpath.domain.model import Status
from tests.conftest import flags, level

R39B_16 = (
    "A 27-year-old delivery driver had influenza with fevers to 39 C five weeks ago, which fully settled within a week. "
    "Ten days ago, after lifting crates of water, he developed central low back pain and spasm, worse bending and "
    "getting out of the van, better with moving around. No leg pain. Afebrile today (36.7 C), no night sweats, no IV "
    "drug use, no recent procedures, not immunosuppressed. Paraspinal tenderness and spasm, full neuro exam normal. "
    "WBC 6.4, CRP 3. What advice and treatment would you give?"
)

R39B_28 = (
    "A 31-year-old woman, 5 months after her second vaginal delivery, has pain in the left buttock just below the "
    "dimple of Venus, sometimes into the posterior thigh but never below the knee. It is worst rolling over in bed, "
    "climbing stairs and getting out of the car, and she cannot stand on the left leg to put on jeans. Fortin finger "
    "test points to the left PSIS. Thigh thrust, compression and FABER positive on the left; SLR negative; lumbar "
    "movements full. Neurology normal. CRP 1. What diagnostic procedure would confirm the source?"
)


# ---------------------------------------------------------------- 1. a past fever ended in a relative clause
@pytest.mark.parametrize(
    "text",
    [
        R39B_16,
        "A 31-year-old plumber had a chest infection with fevers a month ago, which quickly resolved on amoxicillin. "
        "Eight days ago he hurt his lower back lifting a boiler; central low back pain, worse bending, no leg pain. "
        "Afebrile today, CRP 4.",
        "He had covid with fevers and sweats six weeks ago, which settled in a few days, and back pain started after "
        "lifting a sofa last week; no leg pain, temperature 36.6.",
        "Four weeks ago she had the flu with a high temperature and shivers, which then fully cleared within ten days. "
        "For the past week she has had low back pain after gardening, no leg symptoms, temperature 36.9, neuro exam "
        "normal.",
    ],
)
def test_a_fever_ended_in_a_relative_clause_is_a_past_episode(assess, text: str) -> None:
    result = assess(text)
    assert "spinal_infection" not in flags(result)
    assert level(result) in {"routine", "soon"}


@pytest.mark.parametrize(
    "text",
    [
        # never settled
        "A 31-year-old plumber had a chest infection with fevers a month ago, which never fully settled. Eight days "
        "ago he hurt his lower back lifting a boiler; central low back pain, worse bending, no leg pain.",
        # settled and came back (fix 3)
        "A 31-year-old plumber had a chest infection with fevers a month ago, which resolved with antibiotics but came "
        "back three days ago. Eight days ago he hurt his lower back lifting a boiler; central low back pain.",
        # a fever brought down with an antipyretic is not gone
        "A 31-year-old plumber has had fevers this week which settled with paracetamol. Central low back pain since "
        "lifting a boiler eight days ago.",
        "A 31-year-old plumber had fevers last week which quickly settled on ibuprofen. Central low back pain since "
        "lifting a boiler eight days ago.",
        # a fever of now beside the back pain
        "A 31-year-old plumber has had fevers for three days and central low back pain since lifting a boiler a week "
        "ago.",
    ],
)
def test_a_fever_not_ended_keeps_the_spinal_infection_flag(assess, text: str) -> None:
    result = assess(text)
    assert "spinal_infection" in flags(result)
    assert level(result) in {"urgent", "emergency"}


# ---------------------------------------------------------------- 2. standing on one leg to dress
@pytest.mark.parametrize(
    "text",
    [
        R39B_28,
        "Postpartum, 4 months: pain over the right PSIS and buttock, not below the knee; she can't stand on her right "
        "leg long enough to pull her socks on, and turning in bed hurts. Thigh thrust positive.",
        "A 40-year-old runner with left buttock pain says he cannot stand on one leg to put his trousers on without the "
        "buttock catching; walks normally, SLR negative.",
    ],
)
def test_standing_on_one_leg_to_dress_is_not_an_inability_to_stand(assess, statuses, text: str) -> None:
    found = statuses(text)
    assert found.get("unable_to_walk") is not Status.PRESENT
    assert found.get("injured_limb_unusable") is not Status.PRESENT
    result = assess(text)
    assert "acute_unable_to_walk" not in result["triage"]["rules"]
    assert level(result) in {"routine", "soon"}


@pytest.mark.parametrize(
    "text",
    [
        "An 80-year-old fell at home this morning and now cannot stand on the left leg; she had to crawl to the phone. "
        "Left hip and groin pain.",
        "After twisting his ankle at football yesterday he can't put any weight on the right foot to walk to the car.",
    ],
)
def test_a_leg_that_takes_no_weight_is_still_unable_to_walk(assess, statuses, text: str) -> None:
    assert statuses(text).get("unable_to_walk") is Status.PRESENT
    assert level(assess(text)) in {"urgent", "emergency"}


# ---------------------------------------------------------------- 3. an old problem ended, then back
@pytest.mark.parametrize(
    "text",
    [
        "His left foot went numb in 2019, which settled but has returned over the last week, with back pain.",
        "She had pins and needles in the right hand last year, which resolved but came back again a fortnight ago.",
    ],
)
def test_a_problem_that_ended_and_came_back_is_not_resolved(statuses, text: str) -> None:
    found = statuses(text)
    assert any(found.get(f) is Status.PRESENT for f in ("numbness", "paraesthesia", "foot_numbness", "finger_numbness"))


@pytest.mark.parametrize(
    "text",
    [
        "His left foot went numb in 2019, which settled. Back pain for a week.",
        # results that came back normal, a return to work: no return of the problem
        "His left foot went numb in 2019, which settled and the MRI came back normal. Back pain for a week.",
        "His left foot went numb in 2019, which resolved, and he returned to work. Back pain for a week.",
    ],
)
def test_a_problem_that_ended_and_stayed_away_is_resolved(statuses, text: str) -> None:
    assert statuses(text).get("numbness") is not Status.PRESENT
