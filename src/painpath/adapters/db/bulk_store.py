"""Bulk export requests: created by the kick-off, claimed by the job one at a time (a conditional UPDATE, so two
workers never run the same export), polled and cancelled by the person who asked, files served to them only."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, sessionmaker

from painpath.adapters.db.tables_bulk import BulkExport, BulkExportFile
from painpath.services.errors import NotFound


class BulkExports:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    def create(self, *, user_id: int, username: str, role: str, level: str, types: list[str],
               since: datetime | None, request_url: str) -> BulkExport:
        with self.sessions() as session:
            row = BulkExport(requested_by=user_id, requester=username, role=role, level=level, types=types,
                             since=since, request_url=request_url, status="queued", progress="waiting to start",
                             error="", counts={}, created_at=datetime.now(UTC))
            session.add(row)
            session.commit()
            session.refresh(row)
            session.expunge(row)
            return row

    def claim_next(self) -> BulkExport | None:
        """The oldest queued export, now marked running (None when there is none)."""
        with self.sessions() as session:
            for export_id in session.scalars(select(BulkExport.id).where(BulkExport.status == "queued")
                                             .order_by(BulkExport.id).limit(5)):
                claimed = session.execute(update(BulkExport).where(BulkExport.id == export_id,
                                                                   BulkExport.status == "queued")
                                          .values(status="running", started_at=datetime.now(UTC),
                                                  progress="starting"))
                session.commit()
                if getattr(claimed, "rowcount", 0):
                    row = session.get(BulkExport, export_id)
                    assert row is not None
                    session.expunge(row)
                    return row
            return None

    def progress(self, export_id: int, text: str) -> bool:
        """Record progress; False when the export was cancelled meanwhile (the job then stops)."""
        with self.sessions() as session:
            done = session.execute(update(BulkExport).where(BulkExport.id == export_id,
                                                            BulkExport.status == "running")
                                   .values(progress=text[:200]))
            session.commit()
            return bool(getattr(done, "rowcount", 0))

    def finish(self, export_id: int, files: Iterable[tuple[str, int, str]]) -> bool:
        """Store the files (type, count, NDJSON) and mark the export done, in one transaction; False when it was
        cancelled meanwhile (nothing is stored)."""
        with self.sessions() as session:
            row = session.get(BulkExport, export_id, with_for_update=True)
            if row is None or row.status != "running":
                return False
            counts: dict[str, int] = {}
            for resource_type, count, body in files:
                session.add(BulkExportFile(export_id=export_id, resource_type=resource_type, count=count, body=body))
                counts[resource_type] = counts.get(resource_type, 0) + count
            row.status, row.counts, row.finished_at = "done", counts, datetime.now(UTC)
            row.progress = f"{sum(counts.values())} resources"
            session.commit()
            return True

    def fail(self, export_id: int, error: str) -> None:
        with self.sessions() as session:
            session.execute(update(BulkExport).where(BulkExport.id == export_id, BulkExport.status == "running")
                            .values(status="failed", error=error[:2000], finished_at=datetime.now(UTC)))
            session.commit()

    def mine(self, export_id: int, user_id: int) -> BulkExport:
        """The export, if this user asked for it and it is not cancelled (else NotFound: no one else learns it
        exists)."""
        with self.sessions() as session:
            row = session.get(BulkExport, export_id)
            if row is None or row.requested_by != user_id or row.status == "cancelled":
                raise NotFound(f"no bulk export {export_id}")
            session.expunge(row)
            return row

    def files(self, export_id: int) -> list[tuple[int, str, int]]:
        with self.sessions() as session:
            return [(int(i), str(t), int(c)) for i, t, c in session.execute(
                select(BulkExportFile.id, BulkExportFile.resource_type, BulkExportFile.count)
                .where(BulkExportFile.export_id == export_id).order_by(BulkExportFile.id))]

    def file_body(self, export_id: int, file_id: int, user_id: int) -> tuple[str, str]:
        self.mine(export_id, user_id)
        with self.sessions() as session:
            row = session.get(BulkExportFile, file_id)
            if row is None or row.export_id != export_id:
                raise NotFound(f"no file {file_id} in bulk export {export_id}")
            return row.resource_type, row.body

    def cancel(self, export_id: int, user_id: int) -> None:
        """Cancel a running export or delete a finished one's files (the spec's DELETE on the status URL)."""
        self.mine(export_id, user_id)
        with self.sessions() as session:
            session.execute(delete(BulkExportFile).where(BulkExportFile.export_id == export_id))
            session.execute(update(BulkExport).where(BulkExport.id == export_id)
                            .values(status="cancelled", finished_at=datetime.now(UTC)))
            session.commit()

    def details(self, row: BulkExport) -> dict[str, Any]:
        return {"id": row.id, "status": row.status, "progress": row.progress}
