"""Round 42 (fix42p, lay voices: carers, neighbours, second-language writers): the patterns behind the round's misses,
in the reported and our own words.

- a carer's person who says little shows or says the back's pain in few words ("keeps holding the middle of her
  back and saying 'ow back'", "keeps saying 'ow back'", "clutches her back"): a spinal pain, so a past cancer with
  night pain and weight loss raises the malignancy flag; the carer rubbing the back to settle them, or fear "holding
  her back", is no pain;
- a person's own cancer denied with "never" and the present tense ("Me I never have cancer"): no cancer history; a
  cancer told had still counts;
- a walk compared with the past ("can't walk the field like I used to") is a walking limit, not a new inability to
  walk; "can't walk at all" still is;
- a movement check of the feet and toes ("he can move his feet and wiggle his toes") is no foot pain; toes that hurt
  to move still are.
"""

from __future__ import annotations

import pytest

from tests.conftest import absent, at_least, flags, level, present

# ---------------------------------------------------------------- the back shown or said in few words


@pytest.mark.parametrize(
    "text",
    [
        # the reported wording (r42p_11)
        "I am a support worker for Janine, 49, who has a learning disability and doesn't use many words. She had breast "
        "cancer treated four years ago. For about six weeks she keeps holding the middle of her back and saying \"ow "
        "back\". It is worse at night, the night staff hear her crying at 2-3am. Her clothes are loose.",
        "My son Ben has autism and doesn't talk much. He had a bone cancer as a boy. For a month he keeps saying 'ow "
        "back' and wakes at night. He has lost weight.",
        "Mum has dementia. She had bowel cancer. Lately she clutches her back and won't settle at night. She is thinner.",
    ],
)
def test_a_back_shown_or_said_in_few_words_with_a_past_cancer_is_flagged(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "spinal_pain") or present(result, "mid_back_pain")
    assert "spinal_malignancy" in flags(result)
    assert at_least(result, "urgent")


@pytest.mark.parametrize(
    "text",
    [
        "Dad had prostate cancer. He is fine, I rub the middle of his back to settle him at night. No pain.",
        "My sister had breast cancer. Her fear is holding her back from going out.",
    ],
)
def test_a_carer_rubbing_the_back_or_fear_holding_her_back_is_no_pain(assess, text: str) -> None:
    result = assess(text)
    assert not present(result, "spinal_pain")
    assert not present(result, "mid_back_pain")
    assert "spinal_malignancy" not in flags(result)


# ---------------------------------------------------------------- cancer denied with "never have"


@pytest.mark.parametrize(
    "text",
    [
        # the reported wording (r42p_13)
        "Last Tuesday I move a sofa and now my low back is hurting, like a tight rope on both sides. It does not go "
        "to the legs. I am worried because my mother had cancer in the bones, she died when she was 70. Me I never "
        "have cancer.",
        "Back pain from lifting boxes at the warehouse. She never has a cancer before, only the diabetes.",
        "Back ache from work, five days. I never have any tumour.",
    ],
)
def test_cancer_denied_with_never_have_is_no_cancer_history(assess, text: str) -> None:
    result = assess(text)
    assert not present(result, "cancer_history")
    assert absent(result, "cancer_history")
    assert "spinal_malignancy" not in flags(result)


def test_a_cancer_told_had_still_counts_beside_never_have(assess) -> None:
    result = assess("Low back pain for three weeks. I had breast cancer, I never have pain at night though.")
    assert present(result, "cancer_history")
    assert "spinal_malignancy" in flags(result)


# ---------------------------------------------------------------- a walk compared with the past


@pytest.mark.parametrize(
    "text",
    [
        # the reported wording (r42p_28)
        "Retired farmer, 74, still do a bit. Can't walk the field like I used to. After about two hundred yards both "
        "legs go heavy and achy, and I have to stop. If I lean on a gate it eases in a minute or two.",
        "Back and legs ache. She can't walk to the shops like she did last year, has to sit on a bench.",
        "Legs ache walking. I cannot walk as I used to, I stop every 100 metres and bend forward.",
    ],
)
def test_a_walk_compared_with_the_past_is_no_inability_to_walk(assess, text: str) -> None:
    result = assess(text)
    assert not present(result, "unable_to_walk")
    assert level(result) in {"routine", "soon"}


@pytest.mark.parametrize(
    "text",
    [
        "Since the fall yesterday he can't walk at all, not like he used to.",
        "Back went this morning, I can't walk, not like I could yesterday.",
    ],
)
def test_cannot_walk_at_all_still_counts(assess, text: str) -> None:
    result = assess(text)
    assert present(result, "unable_to_walk")
    assert at_least(result, "urgent")


# ---------------------------------------------------------------- a movement check of the feet is no foot pain


@pytest.mark.parametrize(
    "text",
    [
        # the reported wording (r42p_03)
        "He slipped getting up from the chair and sat down hard. Now terrible pain in the middle of his back. He can "
        "move his feet and wiggle his toes.",
        "Back pain after a fall. She can wiggle her toes and move her feet.",
        "Low back went lifting. I can still move my feet fine.",
    ],
)
def test_a_movement_check_of_the_feet_is_no_foot_pain(assess, text: str) -> None:
    result = assess(text)
    assert not present(result, "foot_pain")


def test_toes_that_hurt_to_move_are_still_foot_pain(assess) -> None:
    result = assess("Moving my toes hurts since I dropped the box on my foot.")
    assert present(result, "foot_pain")


def test_the_reported_neighbours_note_ranks_the_fracture_first(assess) -> None:
    result = assess(
        "I'm writing for my neighbour Alf (84) because he asked me to. I heard him calling through the wall this "
        "morning and found him on his kitchen floor. He says he only slipped getting up from the chair and sat down "
        "hard on his bottom, not a big fall. Now he's in terrible pain in the middle of his back and he screamed when "
        "I tried to help him sit up. He couldn't stand. He has been on the steroid tablets for his chest (the COPD) "
        "for years, his daughter says prednisolone every day. He can move his feet and wiggle his toes."
    )
    assert result["differential"][0]["condition"] == "vertebral_compression_fracture"
    assert "vertebral_fracture" in flags(result)
