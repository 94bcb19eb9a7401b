"""CDS Hooks records: registered clients, JWT ids already used, cards issued and the feedback on them."""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, delete, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from painpath.adapters.db.store import append_pending_audit
from painpath.adapters.db.tables_cds import CdsCard, CdsClient, CdsFeedback, CdsTokenUse
from painpath.services.errors import AuthenticationFailed, Invalid, NotFound

# A used JWT id is kept this long after its token expired: the JWT check allows 30 s of clock skew on exp, so a
# token is still accepted that long after exp and its jti must still be there to refuse a replay.
KEEP_AFTER_EXPIRY = timedelta(seconds=120)
SWEEP_EVERY_SECONDS = 60.0  # expired JWT ids are cleared at most this often per process


_CLIENTS = CdsClient.metadata.tables["cds_clients"]
_REGISTRATION = select(_CLIENTS.c.jwks, _CLIENTS.c.jwks_url, _CLIENTS.c.active).where(
    _CLIENTS.c.id == bindparam("client_id"))
_USE_TOKEN = insert(CdsTokenUse.metadata.tables["cds_token_uses"])
_ISSUE_CARDS = insert(CdsCard.metadata.tables["cds_cards"])


def fingerprint(client: CdsClient) -> str:
    """A client's registration in one value (its keys or key URL and whether it is active)."""
    return registration_fingerprint(client.jwks, client.jwks_url, client.active)


def registration_fingerprint(jwks: dict[str, Any] | None, jwks_url: str | None, active: bool) -> str:
    registration = json.dumps([jwks, jwks_url, active], sort_keys=True, default=str)
    return hashlib.sha256(registration.encode()).hexdigest()


class CdsRecords:
    """One short transaction per call."""

    _last_sweep = 0.0  # per process (monotonic clock)

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    # -- clients ------------------------------------------------------------------------------------------
    def add_client(self, name: str, issuer: str, *, jwks: dict[str, Any] | None = None,
                   jwks_url: str | None = None) -> CdsClient:
        if not name.strip() or not issuer.strip():
            raise Invalid("name and issuer: both are required")
        if (jwks is None) == (jwks_url is None):
            raise Invalid("keys: give exactly one of a JWKS file or a JWKS URL")
        if jwks is not None and not (isinstance(jwks.get("keys"), list) and jwks["keys"]):
            raise Invalid("jwks: a JSON Web Key Set needs a non-empty 'keys' list")
        with self.sessions() as session:
            row = CdsClient(name=name.strip(), issuer=issuer.strip(), jwks=jwks, jwks_url=jwks_url, active=True,
                            added_at=datetime.now(UTC))
            session.add(row)
            try:
                session.commit()
            except IntegrityError:
                session.rollback()
                raise Invalid(f"a CDS client named {name!r} or with issuer {issuer!r} is already registered") from None
            session.refresh(row)
            session.expunge(row)
            return row

    def client_by_issuer(self, issuer: str) -> CdsClient | None:
        with self.sessions() as session:
            row = session.scalar(select(CdsClient).where(CdsClient.issuer == issuer, CdsClient.active.is_(True)))
            if row is not None:
                session.expunge(row)
            return row

    def clients(self) -> list[CdsClient]:
        with self.sessions() as session:
            rows = list(session.scalars(select(CdsClient).order_by(CdsClient.name)))
            for row in rows:
                session.expunge(row)
            return rows

    def use_token(self, client_id: int, jti: str, expires_at: datetime) -> bool:
        """Record a JWT id; False when this client already sent it (a replay)."""
        with self.sessions() as session:
            self._sweep(session)
            session.add(CdsTokenUse(client_id=client_id, jti=jti, expires_at=expires_at))
            try:
                session.commit()
            except IntegrityError:
                session.rollback()
                return False
            return True

    @classmethod
    def _sweep(cls, session: Session) -> None:
        """Clear JWT ids whose tokens expired (with the skew margin), at most once a minute per process: a delete
        on every call was a write the call did not need."""
        now = time.monotonic()
        if now - cls._last_sweep < SWEEP_EVERY_SECONDS:
            return
        cls._last_sweep = now
        session.execute(delete(CdsTokenUse).where(CdsTokenUse.expires_at < datetime.now(UTC) - KEEP_AFTER_EXPIRY))

    def settle(self, session: Session, *, client_id: int, client_fingerprint: str, jti: str, expires_at: datetime,
               service: str, hook_instance: str, patient_id: int | None,
               cards: list[tuple[str, str, str]]) -> list[str]:
        """A hook call's one write transaction, in the request's session (which may already hold the audit
        entries of the record reads the call made): the client is still registered and active with the keys
        that verified its JWT, the JWT id is new for this client (else a replay), and the cards are recorded
        (their uuids returned, in order). All of it commits together; on a refusal none of it does
        (AuthenticationFailed)."""
        try:
            # Core statements on the session's connection (no ORM compile or unit of work, no ids read back):
            # the registration check, the JWT id and the cards are four statements and one commit
            # (tests/service/test_cds_statements.py counts them)
            connection = session.connection()
            found = connection.execute(_REGISTRATION, {"client_id": client_id}).first()
            if found is None or registration_fingerprint(found.jwks, found.jwks_url,
                                                         found.active) != client_fingerprint:
                raise AuthenticationFailed("the CDS client's registration changed (revoked, or new keys): sign "
                                           "with a key it has registered now")
            self._sweep(session)
            append_pending_audit(session)  # the audit entries of the call's reads of the record
            try:
                connection.execute(_USE_TOKEN, {"client_id": client_id, "jti": jti, "expires_at": expires_at})
            except IntegrityError:
                raise AuthenticationFailed("this JWT (jti) was already used: sign a new one for each call") from None
            now = datetime.now(UTC)
            ids = [str(uuid.uuid4()) for _ in cards]
            rows: list[dict[str, Any]] = [{"uuid": card_uuid, "client_id": client_id, "service": service,
                     "hook_instance": hook_instance[:100], "patient_id": patient_id, "indicator": indicator,
                     "summary": summary[:140], "rule": rule[:80], "issued_at": now}
                    for card_uuid, (indicator, summary, rule) in zip(ids, cards, strict=True)]
            if rows:
                connection.execute(_ISSUE_CARDS, rows)
            session.commit()
            return ids
        except BaseException:
            session.rollback()
            raise

    # -- cards and feedback ----------------------------------------------------------------------------
    def feedback(self, client_id: int, service: str, items: Iterable[dict[str, Any]]) -> int:
        """Store feedback; every card must have been issued by this service to this client (else 404, nothing
        stored)."""
        now = datetime.now(UTC)
        with self.sessions() as session:
            rows = []
            for index, item in enumerate(items):
                card = session.scalar(select(CdsCard).where(CdsCard.uuid == item["card"]))
                if card is None or card.client_id != client_id or card.service != service:
                    raise NotFound(f"feedback[{index}].card: no card {item['card']} was issued by {service} to "
                                   "this client")
                rows.append(CdsFeedback(card_id=card.id, outcome=item["outcome"],
                                        accepted_suggestions=list(item.get("accepted", [])),
                                        override_reason=item.get("reason", "")[:200],
                                        user_comment=item.get("comment", ""),
                                        outcome_at=item.get("at") or now, received_at=now))
            session.add_all(rows)
            session.commit()
            return len(rows)

    def feedback_for(self, card_uuid: str) -> list[CdsFeedback]:
        with self.sessions() as session:
            stmt = (select(CdsFeedback).join(CdsCard, CdsCard.id == CdsFeedback.card_id)
                    .where(CdsCard.uuid == card_uuid).order_by(CdsFeedback.id))
            rows = list(session.scalars(stmt))
            for row in rows:
                session.expunge(row)
            return rows
