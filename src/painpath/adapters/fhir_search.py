"""FHIR R4 search parameters shared by every searchable type: ``date`` (with the eq/ne/gt/lt/ge/le/sa/eb prefixes
of FHIR R4 3.1.1.4.2), ``status``, ``_sort`` (allow-listed), ``_count`` and ``_offset`` with self/previous/next
links. One implementation: the routes parse a query with :func:`parse`, the record builds the compartment's
resources, :func:`select` filters, orders and pages them (or a database search takes the parsed bounds), and
:func:`links` writes the Bundle's paging links.

A value that is unknown or not allowed is refused as :class:`BadSearch` (400, an OperationOutcome naming the
parameter and what to send instead). Dates compare as ranges, as the specification says: ``2026-03`` is the
whole month, a Period is its start to its end (open when it has none), a date-only value the whole day (UTC)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from painpath.services.errors import BadSearch

PREFIXES = ("eq", "ne", "gt", "lt", "ge", "le", "sa", "eb")
MAX_COUNT = 200
DEFAULT_COUNT = 50
LOWEST = datetime.min.replace(tzinfo=UTC)
HIGHEST = datetime.max.replace(tzinfo=UTC)
ALWAYS_ACCEPTED = {"_format"}  # a FHIR client may ask for JSON explicitly; JSON is what answers
JSON_FORMATS = {"json", "application/json", "application/fhir+json"}
_DATE = re.compile(r"^(?P<y>\d{4})(-(?P<m>\d{2})(-(?P<d>\d{2})(T(?P<time>\d{2}:\d{2}(:\d{2}(\.\d+)?)?)"
                   r"(?P<tz>Z|[+-]\d{2}:\d{2})?)?)?)?$")


@dataclass(frozen=True)
class Span:
    """A half-open time range [low, high)."""

    low: datetime
    high: datetime


@dataclass(frozen=True)
class DateTest:
    prefix: str
    span: Span
    text: str

    def matches(self, target: Span) -> bool:
        """FHIR R4 3.1.1.4.2: the search value's range against the target's range."""
        inside = self.span.low <= target.low and target.high <= self.span.high
        above = target.high > self.span.high  # the range above the search value meets the target
        below = target.low < self.span.low
        return {
            "eq": inside, "ne": not inside, "gt": above, "lt": below, "ge": above or inside,
            "le": below or inside, "sa": target.low >= self.span.high, "eb": target.high <= self.span.low,
        }[self.prefix]

    def bounds(self) -> tuple[datetime | None, datetime | None]:
        """For a point in time (an audit entry): the [since, until) a database query uses."""
        low, high = self.span.low, self.span.high
        return {"eq": (low, high), "gt": (high, None), "sa": (high, None), "ge": (low, None),
                "lt": (None, low), "eb": (None, low), "le": (None, high)}[self.prefix]


@dataclass(frozen=True)
class TypeSearch:
    """What one resource type allows: where its date is, which status codes it has, how it may be sorted."""

    date: Callable[[dict[str, Any]], Span | None] | None = None
    date_doc: str = ""
    status: Callable[[dict[str, Any]], str | None] | None = None
    statuses: tuple[str, ...] = ()
    sorts: tuple[str, ...] = ()  # allowed _sort keys (each also with a leading '-')
    default_sort: str = ""
    extra: tuple[str, ...] = ()  # further parameters its route reads itself (patient, code, ...)


@dataclass
class Search:
    dates: list[DateTest] = field(default_factory=list)
    statuses: set[str] | None = None
    sort: str = ""
    count: int = DEFAULT_COUNT
    offset: int = 0


def _bad(name: str, message: str) -> BadSearch:
    return BadSearch(f"{name}: {message}")


def day_span(value: date) -> Span:
    start = datetime(value.year, value.month, value.day, tzinfo=UTC)
    return Span(start, start + timedelta(days=1))


def parse_span(text: str, name: str = "date") -> Span:
    """A FHIR date or dateTime as the range its precision covers (no zone: UTC)."""
    found = _DATE.match(text)
    if found is None:
        raise _bad(name, f"{text!r} is not a FHIR date: send YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm[:ss]"
                         "[Z|+hh:mm], optionally after a prefix (eq, ne, gt, lt, ge, le, sa, eb)")
    try:
        year, month, day = int(found["y"]), int(found["m"] or 1), int(found["d"] or 1)
        if found["m"] is None:
            return Span(datetime(year, 1, 1, tzinfo=UTC), datetime(year + 1, 1, 1, tzinfo=UTC))
        if found["d"] is None:
            after = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=UTC)
            return Span(datetime(year, month, 1, tzinfo=UTC), after)
        if found["time"] is None:
            return day_span(date(year, month, day))
        zone = found["tz"] or "Z"
        moment = datetime.fromisoformat(f"{found['y']}-{found['m']}-{found['d']}T{found['time']}"
                                        f"{'+00:00' if zone == 'Z' else zone}").astimezone(UTC)
        step = {5: timedelta(minutes=1), 8: timedelta(seconds=1)}.get(len(found["time"]),
                                                                       timedelta(microseconds=1))
        return Span(moment, moment + step)
    except (ValueError, OverflowError) as err:  # 2026-02-30, or beyond the calendar (year 9999 and a day)
        raise _bad(name, f"{text!r} is not a date or time PainPath can search by ({err})") from None


def span_of(value: Any) -> Span | None:
    """The range a resource's date, dateTime, instant or Period covers."""
    if value is None:
        return None
    if isinstance(value, dict):
        start = parse_span(value["start"]).low if value.get("start") else LOWEST
        end = parse_span(value["end"]).high if value.get("end") else HIGHEST
        return Span(start, end)
    return parse_span(str(value))


def parse(params: Sequence[tuple[str, str]], kind: str, allowed: TypeSearch) -> Search:
    """The query's search parameters for ``kind``; anything it does not allow answers 400 naming it."""
    known = {"_count", "_offset"} | set(allowed.extra) | ALWAYS_ACCEPTED
    known |= {"date"} if allowed.date is not None else set()
    known |= {"status"} if allowed.status is not None else set()
    known |= {"_sort"} if allowed.sorts else set()
    search = Search(sort=allowed.default_sort)
    for name, value in params:
        if name not in known:
            raise _bad(name, f"{kind} is not searchable by {name!r}; its parameters are "
                             f"{', '.join(sorted(known - ALWAYS_ACCEPTED))}")
        if name == "_format" and value not in JSON_FORMATS:
            raise _bad(name, f"only JSON is served: send application/fhir+json, not {value!r}")
        if name == "date":
            prefix = value[:2] if value[:2] in PREFIXES else "eq"
            if value[:2].isalpha() and value[:2] not in PREFIXES:
                raise _bad(name, f"unknown prefix {value[:2]!r}: use one of {', '.join(PREFIXES)}")
            raw = value[2:] if value[:2] in PREFIXES else value
            search.dates.append(DateTest(prefix, parse_span(raw, name), value))
        elif name == "status":
            wanted = {v.strip() for v in value.split(",") if v.strip()}
            unknown = sorted(wanted - set(allowed.statuses))
            if unknown or not wanted:
                raise _bad(name, f"{', '.join(unknown) or 'an empty value'} is not a {kind} status; use one of "
                                 f"{', '.join(allowed.statuses)}")
            search.statuses = wanted if search.statuses is None else search.statuses & wanted  # repeated: AND
        elif name == "_sort":
            if value.lstrip("-") not in allowed.sorts:
                choices = [s for key in allowed.sorts for s in (key, f"-{key}")]
                raise _bad(name, f"{kind} cannot be sorted by {value!r}; use one of {', '.join(choices)}")
            search.sort = value
        elif name in {"_count", "_offset"}:
            if not value.isascii() or not value.isdigit() or len(value) > 7:
                raise _bad(name, f"{value!r} is not a whole number")
            number = int(value)
            if name == "_count" and not 1 <= number <= MAX_COUNT:
                raise _bad(name, f"{number} is out of range: the page size is 1 to {MAX_COUNT}")
            if name == "_count":
                search.count = number
            else:
                search.offset = number
    return search


def select(resources: list[dict[str, Any]], search: Search, allowed: TypeSearch) -> tuple[list[dict[str, Any]], int]:
    """The page of resources that match, in the asked (stable) order, and how many match in all."""
    found = resources
    if search.dates and allowed.date is not None:
        date_of = allowed.date
        found = [r for r in found if (span := date_of(r)) is not None and all(t.matches(span) for t in search.dates)]
    if search.statuses is not None and allowed.status is not None:
        status_of = allowed.status
        found = [r for r in found if status_of(r) in (search.statuses or set())]
    if search.sort and allowed.date is not None:
        date_of = allowed.date
        descending = search.sort.startswith("-")

        def key(resource: dict[str, Any]) -> datetime:
            span = date_of(resource)
            return span.low if span is not None else LOWEST

        # a stable sort (also reversed): ties keep the record's own order, so pages never overlap
        found = sorted(found, key=key, reverse=descending)
    return found[search.offset:search.offset + search.count], len(found)


def links(url: str, params: Sequence[tuple[str, str]], search: Search, total: int) -> list[dict[str, str]]:
    """self, and previous/next where there is such a page (the same query with another _offset)."""
    kept = [(k, v) for k, v in params if k not in {"_offset", "_count"}] + [("_count", str(search.count))]

    def page(offset: int) -> str:
        return f"{url}?{urlencode([*kept, ('_offset', str(offset))])}"

    found = [{"relation": "self", "url": page(search.offset)}]
    if search.offset > 0:
        found.append({"relation": "previous", "url": page(max(0, search.offset - search.count))})
    if search.offset + search.count < total:
        found.append({"relation": "next", "url": page(search.offset + search.count)})
    return found
