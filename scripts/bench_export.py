"""FHIR Bulk Data export speed (issue 14: "report resources per second per core"): a fresh database seeded with N
patients through the app's own stores (a visit and an assessment of one of the demo clinic's notes, medications,
outcome scores, goals with check-ins, procedures), then one system-level export through the code the `bulk_export`
job runs (`painpath.adapters.bulk_export.export`: audited reads as the clinician who asked, NDJSON per type stored in
the database), timed by wall clock and by this process's CPU time (`time.process_time`): resources per second of
wall time and per CPU-second ("per core": the export is one thread). Beside it, in the same run, a baseline with no
database: the same resources, already built as SMART's R4 models (`fhirclient`, the models every resource passes
before it leaves), serialised to NDJSON. The ratio of the two is what to compare across runs on a shared machine.

Usage: .venv/bin/python scripts/bench_export.py [--patients 300] [--seed-seconds 600]
                                                [--database-url postgresql://postgres@127.0.0.1:5432/postgres]
                                                [--json out.json]                      (make bench-export)

Without --database-url: a temporary SQLite file (the embedded default). With a PostgreSQL URL: a fresh database is
created on that server for the run and dropped after it. Seeding stops early when --seed-seconds is spent (the
report says how many patients were seeded), so the run stays bounded on a loaded machine."""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

REQUEST_URL = "http://bench.invalid/fhir/$export"
MEDICATIONS = [  # (name, dose, unit, per day, status)
    ("duloxetine", 30.0, "mg", 1.0, "current"), ("pregabalin", 75.0, "mg", 2.0, "current"),
    ("ibuprofen", 400.0, "mg", 3.0, "stopped"), ("oxycodone", 5.0, "mg", 4.0, "current"),
    ("amitriptyline", 10.0, "mg", 1.0, "trial"), ("paracetamol", 1000.0, "mg", 3.0, "current"),
]
PROCEDURES = ["epidural_steroid_injection", "medial_branch_block", "genicular_nerve_block"]
GOALS = [("work", "return to full shifts", "hours a shift", 4.0, 12.0),
         ("life", "walk to the shops and back", "minutes walking", 5.0, 30.0)]



def seed(sessions: sessionmaker[Session], assessor: Any, patients: int, *, seconds: float,
         progress: Callable[[int], None] = lambda _: None) -> tuple[Any, int]:
    """A clinician and up to ``patients`` patients, each with a visit and an assessment of a demo note, two
    medications, three outcome scores, a goal with check-ins and (every other patient) a procedure, through the
    stores the app uses. Returns the clinician (the export's requester) and how many patients were seeded before
    ``seconds`` ran out."""
    from painpath.adapters.db.accounts_store import Accounts
    from painpath.adapters.db.clinical_store import ClinicalRecords
    from painpath.adapters.db.outcomes_store import OutcomeCare
    from painpath.adapters.db.patients_store import PatientRecords
    from painpath.demo_clinic import DEMO_TEXT_LIMIT, NAMES, birth_date_for, demo_notes
    from painpath.services import assessing
    from painpath.services.access import SYSTEM, Actor, Role

    with sessions() as session:
        user = Accounts(session, SYSTEM).create_user(username="bench.export", display_name="Dr Bench Export",
                                                     role=Role.CLINICIAN, password="bench-export-2026-pass",
                                                     patient_id=None)
        actor = Actor(user.id, user.username, Role.CLINICIAN, ip="bench-export")
    notes = demo_notes(limit=1000)
    rng = random.Random(14)
    now = datetime.now(UTC).replace(microsecond=0)
    deadline = time.monotonic() + seconds
    seeded = 0
    for index in range(patients):
        if time.monotonic() > deadline:
            break
        demo = notes[index % len(notes)]
        family, given = NAMES[index % len(NAMES)]
        with sessions() as session:
            clinical = ClinicalRecords(session, actor)
            patient = PatientRecords(session, actor).create({
                "mrn": f"BX-{index + 1:06d}", "family_name": family, "given_name": given,
                "birth_date": birth_date_for(demo.age, now.date(), rng), "sex": demo.sex, "phone": None,
                "email": None, "address": None})
            visit = clinical.create("encounter", patient.id, {"kind": "new", "occurred_at": now - timedelta(days=90),
                                                              "reason": f"new referral ({demo.id})",
                                                              "note": demo.text})
            assessing.assess(clinical, assessor, DEMO_TEXT_LIMIT, patient_id=patient.id, encounter_id=visit.id,
                             text=demo.text, intake=None)
            for name, dose, unit, per_day, status in rng.sample(MEDICATIONS, 2):
                clinical.create("medication", patient.id, {
                    "name": name, "dose": dose, "unit": unit, "per_day": per_day, "route": "oral", "status": status,
                    "started_on": (now - timedelta(days=120)).date(),
                    "stopped_on": (now - timedelta(days=30)).date() if status == "stopped" else None, "effect": ""})
            if index % 2 == 0:
                clinical.create("procedure", patient.id, {
                    "option_id": PROCEDURES[index % len(PROCEDURES)],
                    "performed_on": (now - timedelta(days=60)).date(), "relief_percent": rng.choice([40, 60, 80]),
                    "duration_hours": None, "functional_gain": "", "sequence": None})
            for days_ago, score in ((84, 8), (42, 6), (7, rng.randrange(2, 6))):
                clinical.create("outcome", patient.id, {"instrument": "nrs", "score": None, "items": {"pain": score},
                                                        "taken_at": now - timedelta(days=days_ago),
                                                        "body_site": None})
            kind, description, measure, baseline, target = GOALS[index % len(GOALS)]
            care = OutcomeCare(session, actor)
            goal = care.create_goal(patient.id, {
                "kind": kind, "description": description, "measure": measure, "baseline_value": baseline,
                "target_value": target, "set_on": (now - timedelta(days=80)).date(),
                "due_on": (now + timedelta(days=30)).date(), "status": "active"}, today=now.date())
            for days_ago in (60, 20):
                care.add_check_in(goal.id, checked_on=(now - timedelta(days=days_ago)).date(),
                                  value=baseline + (target - baseline) * (80 - days_ago) / 80, note="",
                                  today=now.date())
        seeded += 1
        progress(seeded)
    return actor, seeded


def export(sessions: sessionmaker[Session], actor: Any, kb: Any) -> dict[str, Any]:
    """One system-level export of every type through the job's own code, timed; the counts and bytes are read
    back from the files the export stored."""
    from painpath.adapters import bulk_export
    from painpath.adapters.db.bulk_store import BulkExports
    from painpath.adapters.db.tables_bulk import BulkExport, BulkExportFile

    exports = BulkExports(sessions)
    created = exports.create(user_id=actor.user_id, username=actor.username, role=actor.role.value, level="system",
                             types=list(bulk_export.SYSTEM_TYPES), since=None, request_url=REQUEST_URL)
    row = exports.claim_next()
    assert row is not None and row.id == created.id, "another export was queued in the bench database"
    wall, cpu = time.perf_counter(), time.process_time()
    finished = bulk_export.export(sessions, exports, row, kb)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    assert finished, "the export was cancelled"
    with sessions() as session:
        stored = session.get(BulkExport, row.id)
        assert stored is not None and stored.status == "done", stored and stored.error
        files = session.execute(select(BulkExportFile.resource_type, BulkExportFile.count, BulkExportFile.body)
                                .where(BulkExportFile.export_id == row.id)).all()
    by_type = {t: int(c) for t, c, _ in files}
    resources = sum(by_type.values())
    return {"export_id": row.id, "wall_s": wall, "cpu_s": cpu, "resources": resources, "by_type": by_type,
            "ndjson_bytes": sum(len(body.encode()) for _, _, body in files),
            "per_s": resources / wall, "per_cpu_s": resources / cpu if cpu else float("inf"),
            "lines": [line for _, _, body in files for line in body.splitlines() if line]}


def baseline(lines: list[str]) -> dict[str, Any]:
    """The same resources, built beforehand as fhirclient R4 models (untimed), serialised to NDJSON with no
    database: what writing the files costs at the least."""
    from painpath.adapters.fhir_r4 import MODELS

    models = [MODELS[r["resourceType"]](r, strict=True) for r in (json.loads(line) for line in lines)]
    wall, cpu = time.perf_counter(), time.process_time()
    body = "\n".join(json.dumps(m.as_json(), separators=(",", ":")) for m in models) + "\n"
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {"resources": len(models), "wall_s": wall, "cpu_s": cpu, "ndjson_bytes": len(body.encode()),
            "per_s": len(models) / wall, "per_cpu_s": len(models) / cpu if cpu else float("inf")}


def measure(database_url: str, patients: int, *, seed_seconds: float = 600.0, assessor: Any = None,
            progress: Callable[[int], None] = lambda _: None) -> dict[str, Any]:
    """Migrate, seed, export, baseline: the figures as a dict (the core of the script, also run by the tests, which
    pass their already-loaded ``Assessor``)."""
    from painpath.adapters.db.clinical_store import AssessmentEngine
    from painpath.adapters.db.database import make_engine, session_factory, upgrade
    from painpath.adapters.knowledge_files import load_default
    from painpath.services.assessment import Assessor

    engine = make_engine(database_url)
    try:
        upgrade(engine)
        sessions = session_factory(engine)
        kb = load_default()
        began = time.perf_counter()
        actor, seeded = seed(sessions, AssessmentEngine(assessor or Assessor(kb)), patients, seconds=seed_seconds,
                             progress=progress)
        seed_s = time.perf_counter() - began
        exported = export(sessions, actor, kb)
        lines = exported.pop("lines")
        base = baseline(lines)
        parsed = Counter(json.loads(line)["resourceType"] for line in lines)
    finally:
        engine.dispose()
    return {"database": database_url.split(":", 1)[0].split("+", 1)[0], "patients": seeded, "seed_s": seed_s,
            "export": exported, "baseline": base, "lines_by_type": dict(parsed),
            "ratio": exported["per_cpu_s"] / base["per_cpu_s"] if base["per_cpu_s"] else 0.0}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--patients", type=int, default=300)
    parser.add_argument("--seed-seconds", type=float, default=600.0, help="stop seeding after this long")
    parser.add_argument("--database-url", default=os.environ.get("PAINPATH_BENCH_DATABASE_URL", ""))
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    if args.patients < 1:
        parser.error("--patients: give at least 1")
    from painpath.adapters.db.database import scratch_database

    work = Path(tempfile.mkdtemp())
    database_url, drop = scratch_database(args.database_url, work / "bench_export.db", prefix="bench_export")

    def dots(done: int) -> None:
        if done % 25 == 0:
            print(f"  seeded {done} patients", flush=True)

    try:
        print(f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, load average {os.getloadavg()[0]:.1f}, seeding "
              f"{args.patients} patients ...", flush=True)
        result = measure(database_url, args.patients, seed_seconds=args.seed_seconds, progress=dots)
    finally:
        drop()
        shutil.rmtree(work, ignore_errors=True)  # the SQLite file
    ex, base = result["export"], result["baseline"]
    print(f"{result['database']}: {result['patients']} patients seeded in {result['seed_s']:.0f} s; "
          f"load average {os.getloadavg()[0]:.1f}")
    print(f"system export        {ex['resources']} resources, {ex['ndjson_bytes'] / 1e6:.2f} MB NDJSON in "
          f"{ex['wall_s']:.2f} s wall, {ex['cpu_s']:.2f} s CPU: {ex['per_s']:.0f} resources/s, "
          f"{ex['per_cpu_s']:.0f} resources per CPU-second")
    print(f"baseline (no db)     {base['resources']} resources, {base['ndjson_bytes'] / 1e6:.2f} MB NDJSON in "
          f"{base['wall_s']:.2f} s wall, {base['cpu_s']:.2f} s CPU: {base['per_s']:.0f} resources/s, "
          f"{base['per_cpu_s']:.0f} resources per CPU-second")
    print(f"export / baseline per CPU-second: {result['ratio']:.3f}")
    print("by type: " + ", ".join(f"{t} {n}" for t, n in sorted(ex["by_type"].items(), key=lambda i: -i[1])))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
