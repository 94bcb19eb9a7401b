"""Errors a use case raises; the web layer maps each to one HTTP status in one place."""

from __future__ import annotations

from typing import Any


class ServiceError(Exception):
    """Base class; the message is written for the person who will read it."""


class NotFound(ServiceError):
    """No such record, or not one this user may see (the two are deliberately indistinguishable)."""


class Forbidden(ServiceError):
    """The user's role does not allow this."""


class Invalid(ServiceError):
    """Well-formed input that cannot be accepted; the message says what to change."""


class BadSearch(ServiceError):
    """A search parameter (or its value) the server does not support: 400, the message names it."""


class AuthenticationFailed(ServiceError):
    """Wrong or missing credentials, an expired session, or a locked account."""


class TooManyAttempts(ServiceError):
    """Too many failed sign-ins for this account or from this address: wait ``retry_after`` seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(
            f"too many failed sign-ins: wait {retry_after} seconds and try again, "
            "or ask an administrator to unlock the account"
        )
        self.retry_after = retry_after


class StaleWrite(ServiceError):
    """The record changed since the version the writer read; carries the current version and the edits since.

    It never carries the row: what the caller may see of the record as it is now is built by the web layer
    from the caller's own read schema (``view``); the edits are shown only for the fields of that view."""

    def __init__(self, message: str, *, version: int, changes: list[dict[str, Any]]) -> None:
        super().__init__(message)
        self.version = version
        self.changes = changes
        self.view: dict[str, Any] | None = None


class SlotTaken(Invalid):
    """The time is taken: another appointment of the clinician overlaps it (checked, or refused by the database)."""


class AlreadyDone(Invalid):
    """The change was already made (a proposal already signed off): 409, nothing changed."""


class TooLarge(ServiceError):
    """A text or body longer than the configured limit (the message names the limit)."""


class NoPainContent(Invalid):
    """A note or packet in which the reader found no pain site, no pain finding and no red flag."""
