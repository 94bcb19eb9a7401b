"""Every clinic setting has a validator (issue 11, point 6): a value that would break a page is refused with a 422
that says what to send. Pages that read a setting still fall back to the policy file's value (and log it) when a
stored value is bad, e.g. one written before this check existed (adapters/scheduling_policy.py)."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from zoneinfo import available_timezones

from painpath.services.errors import Invalid

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@cache
def iana_zones() -> frozenset[str]:
    return frozenset(available_timezones())


def _clinic_name(value: str) -> str:
    name = value.strip()
    if not 1 <= len(name) <= 120 or _CONTROL.search(name):
        raise Invalid("value: the clinic's name is 1 to 120 characters on one line, e.g. 'Riverside Pain Clinic'")
    return name


def _clinic_timezone(value: str) -> str:
    zone = value.strip()
    if zone not in iana_zones():
        raise Invalid(f"value: {zone[:60]!r} is not an IANA time zone: use a name such as Europe/London or "
                      "America/New_York")
    return zone


def _default_appointment_minutes(value: str) -> str:
    text = value.strip()
    if not (text.isascii() and text.isdigit()) or not 5 <= int(text) <= 240 or int(text) % 5:
        raise Invalid("value: the default appointment length is a whole number of minutes from 5 to 240, in steps "
                      "of 5, e.g. 30")
    return str(int(text))


_PHONE = re.compile(r"\+?[0-9][0-9 ().-]{5,28}[0-9]")


def _clinic_phone(value: str) -> str:
    phone = value.strip()
    if not (_PHONE.fullmatch(phone) and 7 <= sum(c.isdigit() for c in phone) <= 20):
        raise Invalid("value: give the clinic's phone number as patients dial it, e.g. +1 555 010 0100")
    return phone


VALIDATORS: dict[str, Callable[[str], str]] = {
    "clinic_name": _clinic_name,
    "clinic_phone": _clinic_phone,  # shown on every portal page and the crisis card
    "clinic_timezone": _clinic_timezone,
    "default_appointment_minutes": _default_appointment_minutes,
}


def validated(key: str, value: str) -> str:
    """The value to store for the setting (normalised), or Invalid naming what to send."""
    check = VALIDATORS.get(key)
    if check is None:
        raise Invalid(f"unknown setting {key!r}: use one of {', '.join(sorted(VALIDATORS))}")
    return check(value)
