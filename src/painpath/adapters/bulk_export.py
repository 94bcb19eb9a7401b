"""The bulk export job: claims queued exports one at a time and writes one NDJSON file per resource type, reading
each patient's record through the audited stores as the person who asked (every patient exported is a read in
the audit trail under their name)."""

from __future__ import annotations

import json
import logging
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from painpath.adapters import fhir_r4
from painpath.adapters.db.bulk_store import BulkExports
from painpath.adapters.db.tables import Patient, User
from painpath.adapters.db.tables_bulk import BulkExport
from painpath.adapters.fhir_record import COMPARTMENT_TYPES, FhirRecord
from painpath.adapters.instrument_files import load_default_outcomes
from painpath.services.access import Actor, Role

log = logging.getLogger("painpath.bulk_export")
PATIENT_TYPES = COMPARTMENT_TYPES
SYSTEM_TYPES = (*PATIENT_TYPES, "Practitioner", "Questionnaire")
PROGRESS_EVERY = 25  # patients between progress updates (and cancellation checks)


def run_pending(sessions: sessionmaker[Session]) -> dict[str, Any]:
    """Every queued export, oldest first; one failed export is recorded and the next one still runs."""
    from painpath.adapters.knowledge_files import load_default

    exports = BulkExports(sessions)
    done: list[int] = []
    while (row := exports.claim_next()) is not None:
        try:
            if export(sessions, exports, row, load_default()):
                done.append(row.id)
        except Exception as err:  # recorded on the export: the person polling sees why
            log.exception("bulk export %s failed", row.id)
            exports.fail(row.id, f"{type(err).__name__}: {err}")
    return {"exports": done}


def export(sessions: sessionmaker[Session], exports: BulkExports, row: BulkExport, kb: Any) -> bool:
    """Write the export's files; False when it was cancelled while running."""
    actor = Actor(row.requested_by, row.requester, Role(row.role), ip="bulk-export")
    wanted = set(row.types)
    lines: dict[str, list[str]] = {t: [] for t in row.types}
    with sessions() as session:
        patient_ids = list(session.scalars(select(Patient.id).order_by(Patient.id)))
        base = row.request_url.split("/fhir/", 1)[0] + "/fhir"  # links out (the visit summary PDF) as asked
        record = FhirRecord(session, actor, kb, base=base)
        for index, patient_id in enumerate(patient_ids, start=1):
            for resource in record.everything(patient_id, since=row.since):
                if resource["resourceType"] in wanted:
                    lines[resource["resourceType"]].append(json.dumps(resource, separators=(",", ":")))
            if index % PROGRESS_EVERY == 0 and not exports.progress(row.id, f"{index} of {len(patient_ids)} "
                                                                           "patients"):
                return False
        if "Practitioner" in wanted and row.level == "system":
            clinicians = session.scalars(select(User).where(User.role == "clinician").order_by(User.id))
            lines["Practitioner"] = [json.dumps(fhir_r4.practitioner(u), separators=(",", ":")) for u in clinicians]
        if "Questionnaire" in wanted and row.level == "system":
            lines["Questionnaire"] = [json.dumps(fhir_r4.questionnaire(d), separators=(",", ":"))
                                      for d in load_default_outcomes().instruments.values()]
    files = [(t, len(found), "\n".join(found) + "\n") for t, found in lines.items() if found]
    return exports.finish(row.id, files)
