"""The source view: the words behind each finding, from the stored spans (or the words, for older rows)."""

from __future__ import annotations

from painpath.web.source_view import source_view

TEXT = "55M, low back pain.\nNew urinary retention. No fever."
LABELS = {"low_back_pain": "Low back pain", "urinary_retention": "Urinary retention", "fever": "Fever",
          "age_over_50": "Age over 50", "knee_pain": "Knee pain"}


def test_stored_spans_cut_the_text_into_marked_and_plain_pieces_that_join_back_to_the_text() -> None:
    findings = [
        {"id": "low_back_pain", "text": "low back pain", "status": "present", "span": [5, 18]},
        {"id": "urinary_retention", "text": "urinary retention", "status": "present", "span": [24, 41]},
        {"id": "fever", "text": "No fever", "status": "absent", "span": [46, 51]},
    ]
    view = source_view(TEXT, findings, labels=LABELS, red_flag_words=["urinary retention"])
    assert "".join(p.text for p in view.text_pieces) == TEXT
    marked = [(p.text, p.findings, p.status, p.red_flag) for p in view.text_pieces if p.findings]
    assert marked == [
        ("low back pain", ("Low back pain (present)",), "present", False),
        ("urinary retention", ("Urinary retention (present)",), "present", True),
        ("fever", ("Fever (absent)",), "absent", False),
    ]
    assert view.highlighted == 3 and [p.anchor for p in view.text_pieces if p.findings] == ["src-1", "src-2", "src-3"]


def test_rows_stored_before_spans_fall_back_to_the_words_and_form_answers_are_listed_apart() -> None:
    findings = [
        {"id": "urinary_retention", "text": "Urinary Retention", "status": "present"},  # no span: found by words
        {"id": "age_over_50", "text": "55M", "status": "present"},
        {"id": "knee_pain", "text": "form: Knee pain (present)", "status": "present"},
        {"id": "fever", "text": "something not in the text", "status": "absent"},
    ]
    view = source_view(TEXT, findings, labels=LABELS)
    marked = {p.text: p.findings for p in view.text_pieces if p.findings}
    assert marked == {"urinary retention": ("Urinary retention (present)",), "55M": ("Age over 50 (present)",)}
    assert view.answered == ("Knee pain (present)",)


def test_a_span_outside_the_text_or_overlapping_a_longer_one_is_not_marked_twice() -> None:
    findings = [
        {"id": "low_back_pain", "text": "low back pain", "status": "present", "span": [5, 18]},
        {"id": "fever", "text": "back", "status": "present", "span": [9, 13]},
        {"id": "knee_pain", "text": "x", "status": "present", "span": [40, 400]},
    ]
    view = source_view(TEXT, findings, labels=LABELS)
    assert [p.text for p in view.text_pieces if p.findings] == ["low back pain"]
    assert "".join(p.text for p in view.text_pieces) == TEXT
