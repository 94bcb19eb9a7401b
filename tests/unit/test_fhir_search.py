"""The shared FHIR search parameters: a date's precision is the range it covers, the prefixes compare ranges as
FHIR R4 (3.1.1.4.2) says, and paging links carry the query."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from painpath.adapters.fhir_r4 import TYPE_SEARCH
from painpath.adapters.fhir_search import DateTest, Search, Span, links, parse, parse_span, select, span_of
from painpath.services.errors import BadSearch


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.parametrize(("text", "low", "high"), [
    ("2026", "2026-01-01T00:00", "2027-01-01T00:00"),
    ("2026-12", "2026-12-01T00:00", "2027-01-01T00:00"),
    ("2024-02-29", "2024-02-29T00:00", "2024-03-01T00:00"),
    ("2026-03-08T10:00", "2026-03-08T10:00", "2026-03-08T10:01"),
    ("2026-03-08T10:00:05Z", "2026-03-08T10:00:05", "2026-03-08T10:00:06"),
    ("2026-03-08T12:00:00+02:00", "2026-03-08T10:00:00", "2026-03-08T10:00:01"),
])
def test_a_date_covers_the_range_of_its_precision(text: str, low: str, high: str) -> None:
    assert parse_span(text) == Span(at(low), at(high))


# an ongoing flag raised on 8 March: [2026-03-08T09:00, open)
ONGOING = span_of({"start": "2026-03-08T09:00:00+00:00"})


@pytest.mark.parametrize(("prefix", "value", "target", "matches"), [
    ("eq", "2026-03-08", "2026-03-08T09:00:00Z", True),
    ("eq", "2026-03-08", ONGOING, False),  # an open period is not within one day
    ("ne", "2026-03-08", "2026-03-09", True),
    ("gt", "2026-03-08", ONGOING, True),
    ("ge", "2026-03-08", "2026-03-08", True),
    ("gt", "2026-03-08", "2026-03-08", False),
    ("lt", "2026-03-08", "2026-03-07T23:59:59Z", True),
    ("le", "2026-03", "2026-03-31", True),
    ("lt", "2026-03", "2026-03-31", False),
    ("sa", "2026-03-07", ONGOING, True),
    ("eb", "2026-03-08", ONGOING, False),
])
def test_prefixes_compare_ranges(prefix: str, value: str, target: object, matches: bool) -> None:
    span = target if isinstance(target, Span) else parse_span(str(target))
    assert DateTest(prefix, parse_span(value), value).matches(span) is matches


def test_parse_refuses_what_the_type_does_not_allow_naming_it() -> None:
    goal = TYPE_SEARCH["Goal"]
    assert parse([("patient", "1"), ("date", "ge2026"), ("_sort", "-date"), ("_count", "5")], "Goal", goal).count == 5
    for name, value in (("status", "active"), ("_sort", "title"), ("_count", "201"), ("date", "2026-13"),
                        ("when", "now"), ("date", "9999-12-31"), ("date", "ge0001-01-01T00:00:00+14:00"),
                        ("date", "9999-12-31T23:59:59-14:00"), ("date", "9999")):
        with pytest.raises(BadSearch, match=f"^{name}: "):
            parse([(name, value)], "Goal", goal)


def test_pages_are_stable_and_linked() -> None:
    allowed = TYPE_SEARCH["Observation"]
    same_time = [{"resourceType": "Observation", "id": str(i), "status": "final",
                  "effectiveDateTime": "2026-03-08T10:00:00+00:00"} for i in range(5)]
    search = Search(sort="-date", count=2)
    seen = []
    for offset in (0, 2, 4):
        search.offset = offset
        page, total = select(same_time, search, allowed)
        assert total == 5
        seen += [r["id"] for r in page]
    assert seen == ["0", "1", "2", "3", "4"]  # ties keep the record's order: no page repeats or skips one
    search.offset = 2
    found = {link["relation"]: link["url"] for link in links("http://x/fhir/Observation",
                                                             [("patient", "1"), ("_count", "2"), ("_offset", "2")],
                                                             search, 5)}
    assert found == {"self": "http://x/fhir/Observation?patient=1&_count=2&_offset=2",
                     "previous": "http://x/fhir/Observation?patient=1&_count=2&_offset=0",
                     "next": "http://x/fhir/Observation?patient=1&_count=2&_offset=4"}
