"""FHIR Bulk Data export (issue 14): each kick-off request, its progress, and the NDJSON files it wrote (kept in
the database, so any app process or worker can serve them)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from painpath.adapters.db.tables import Base, BigId, JSONType, UtcDateTime


class BulkExport(Base):
    __tablename__ = "bulk_exports"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    requested_by: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    requester: Mapped[str] = mapped_column(String(80), nullable=False)  # username, for the audit trail
    role: Mapped[str] = mapped_column(String(20), nullable=False)
    level: Mapped[str] = mapped_column(String(10), nullable=False)  # system | patient
    types: Mapped[list[str]] = mapped_column(JSONType, nullable=False)
    since: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    request_url: Mapped[str] = mapped_column(Text, nullable=False)
    status: Mapped[str] = mapped_column(String(12), nullable=False)  # queued running done failed cancelled
    progress: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    error: Mapped[str] = mapped_column(Text, nullable=False, default="")
    counts: Mapped[dict[str, Any]] = mapped_column(JSONType, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class BulkExportFile(Base):
    __tablename__ = "bulk_export_files"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    export_id: Mapped[int] = mapped_column(ForeignKey("bulk_exports.id", ondelete="CASCADE"), index=True,
                                           nullable=False)
    resource_type: Mapped[str] = mapped_column(String(40), nullable=False)
    count: Mapped[int] = mapped_column(Integer, nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False)  # NDJSON: one resource per line


class FhirLink(Base):
    """A record imported from another system, found again by its identifier there (idempotent imports)."""

    __tablename__ = "fhir_links"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)  # patient medication allergy outcome procedure
    system: Mapped[str] = mapped_column(String(200), nullable=False)
    value: Mapped[str] = mapped_column(String(200), nullable=False)
    record_id: Mapped[int] = mapped_column(BigId, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    __table_args__ = (Index("ux_fhir_links_kind_identifier", "kind", "system", "value", unique=True),)
