"""CDS Hooks (issue 14): the EHR clients allowed to call the services, the JWT ids already used (no replay), the
cards issued and the feedback on them (accepted, overridden and why)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from painpath.adapters.db.tables import Base, BigId, JSONType, UtcDateTime


class CdsClient(Base):
    """A CDS client (an EHR) registered with its issuer and its public keys (a JWKS, or the URL it serves one)."""

    __tablename__ = "cds_clients"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True, nullable=False)
    issuer: Mapped[str] = mapped_column(String(300), unique=True, nullable=False)
    jwks: Mapped[dict[str, Any] | None] = mapped_column(JSONType, nullable=True)
    jwks_url: Mapped[str | None] = mapped_column(String(500), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    added_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)


class CdsTokenUse(Base):
    """A JWT id seen from a client, kept until the token expires: a replayed token is refused."""

    __tablename__ = "cds_token_uses"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("cds_clients.id"), nullable=False)
    jti: Mapped[str] = mapped_column(String(200), nullable=False)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    __table_args__ = (Index("ux_cds_token_uses_client_jti", "client_id", "jti", unique=True),)


class CdsCard(Base):
    """A card returned to a client: what feedback refers to by uuid."""

    __tablename__ = "cds_cards"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, nullable=False)
    client_id: Mapped[int] = mapped_column(ForeignKey("cds_clients.id"), nullable=False)
    service: Mapped[str] = mapped_column(String(80), nullable=False)
    hook_instance: Mapped[str] = mapped_column(String(100), nullable=False)
    patient_id: Mapped[int | None] = mapped_column(ForeignKey("patients.id"), nullable=True)
    indicator: Mapped[str] = mapped_column(String(10), nullable=False)
    summary: Mapped[str] = mapped_column(String(140), nullable=False)
    rule: Mapped[str] = mapped_column(String(80), nullable=False)  # the finding kind and the source behind it
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)


class CdsFeedback(Base):
    """What the clinician did with a card: accepted (and which suggestions) or overridden (with the reason)."""

    __tablename__ = "cds_feedback"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("cds_cards.id"), index=True, nullable=False)
    outcome: Mapped[str] = mapped_column(String(12), nullable=False)  # accepted | overridden
    accepted_suggestions: Mapped[list[str]] = mapped_column(JSONType, nullable=False)
    override_reason: Mapped[str] = mapped_column(String(200), nullable=False)
    user_comment: Mapped[str] = mapped_column(Text, nullable=False)
    outcome_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
