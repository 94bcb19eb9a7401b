"""scripts/bench_export.py (make bench-export): its core seeds patients through the stores, runs the bulk_export
job's code once and reports counts and bytes that are those of the files the export stored."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

from sqlalchemy import select

from painpath.adapters.db.database import make_engine, session_factory
from painpath.adapters.db.tables import Patient
from painpath.adapters.db.tables_bulk import BulkExport, BulkExportFile

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "bench_export.py"


def _bench() -> Any:
    spec = importlib.util.spec_from_file_location("bench_export", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_export_bench_reports_what_was_exported(database_url: str, assessor: Any) -> None:
    result = _bench().measure(database_url, 3, assessor=assessor)
    assert result["patients"] == 3
    exported = result["export"]
    engine = make_engine(database_url)
    try:
        with session_factory(engine)() as session:
            assert len(session.scalars(select(Patient.id)).all()) == 3
            row = session.get(BulkExport, exported["export_id"])
            assert row is not None and row.status == "done" and row.level == "system"
            files = session.execute(select(BulkExportFile.resource_type, BulkExportFile.body)
                                    .where(BulkExportFile.export_id == row.id)).all()
    finally:
        engine.dispose()
    lines = {t: [json.loads(line) for line in body.splitlines() if line] for t, body in files}
    counted = {t: len(found) for t, found in lines.items()}
    assert exported["by_type"] == counted == row.counts == result["lines_by_type"]
    assert all(r["resourceType"] == t for t, found in lines.items() for r in found)
    assert exported["resources"] == sum(counted.values()) == result["baseline"]["resources"]
    assert exported["ndjson_bytes"] == sum(len(body.encode()) for _, body in files)
    # the seeded record: 3 patients with an assessment, 2 medications, 3 scores and a goal each, procedures for
    # the first and third, the clinician who asked
    assert counted["Patient"] == 3 and counted["MedicationStatement"] == 6 and counted["Goal"] == 3
    assert counted["Procedure"] == 2 and counted["Practitioner"] == 1
    assert {"Encounter", "Condition", "RiskAssessment", "CarePlan", "Observation", "Questionnaire"} <= set(counted)
    assert exported["per_s"] > 0 and exported["per_cpu_s"] > 0 and result["ratio"] > 0
