"""Background jobs: idempotency keys, retries with back-off, dead letters for the admin, and delivery by Redis
(arq, a real Redis on 127.0.0.1:6379) or by threads in this process (the embedded default)."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import update
from typer.testing import CliRunner

from painpath.adapters.db.database import make_engine, session_factory
from painpath.adapters.db.jobs_store import JobRecords
from painpath.adapters.db.tables import Job
from painpath.adapters.job_queue import ArqQueue, InProcessQueue, arq_worker, submit_due_periodic
from painpath.cli import app as cli
from painpath.services.jobs import JobContext, JobRunner, JobSpec, period_key, retry_delay

REDIS_URL = os.environ.get("PAINPATH_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


class Flaky:
    """Fails its first ``failures`` runs, then succeeds; counts every run."""

    def __init__(self, failures: int) -> None:
        self.failures, self.runs = failures, 0

    def __call__(self, ctx: JobContext) -> dict[str, Any]:
        self.runs += 1
        if self.runs <= self.failures:
            raise ConnectionError(f"mail server refused (run {self.runs})")
        return {"runs": self.runs}


@pytest.fixture
def jobs(migrated_url: str) -> Iterator[tuple[JobRecords, Any]]:
    engine = make_engine(migrated_url)
    sessions = session_factory(engine)
    yield JobRecords(sessions), sessions
    engine.dispose()


def _runner(jobs: tuple[JobRecords, Any], **specs: JobSpec) -> JobRunner:
    records, sessions = jobs
    return JobRunner(records, JobContext(sessions=sessions), dict(specs), retry_base_seconds=0.01)


def test_back_off_doubles_and_is_capped() -> None:
    assert [retry_delay(n, 30) for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert retry_delay(12, 30) == 600


def test_a_periodic_key_names_the_period() -> None:
    spec = JobSpec("sweep", Flaky(0), "x", every_minutes=15)
    moment = datetime(2030, 1, 2, 9, 44, tzinfo=UTC)  # any fixed moment: the key is a pure function of it
    assert period_key(spec, moment) == "sweep@2030-01-02T09:30"
    assert period_key(spec, moment + timedelta(minutes=1)) == "sweep@2030-01-02T09:45"


def test_the_same_key_is_one_job_that_runs_once(jobs: tuple[JobRecords, Any]) -> None:
    job = Flaky(0)
    runner = _runner(jobs, report=JobSpec("report", job, "x"))
    first, created = runner.submit("report", "report#abc", queued_by="admin")
    again, created_again = runner.submit("report", "report#abc", queued_by="admin")
    assert created and not created_again and first.id == again.id
    assert runner.run(first.id).status == "done"
    assert runner.run(first.id).status == "skipped"  # redelivered: not run again
    assert job.runs == 1 and jobs[0].get(first.id).result == {"runs": 1}


def test_a_failing_job_is_retried_then_becomes_a_dead_letter_that_an_admin_can_retry(
    jobs: tuple[JobRecords, Any],
) -> None:
    job = Flaky(failures=99)
    runner = _runner(jobs, mail=JobSpec("mail", job, "x", max_attempts=3))
    queue = InProcessQueue(runner)
    row, _ = runner.submit("mail", None, queued_by="admin")
    queue.enqueue(row.id)
    assert queue.wait_idle(timeout=30)
    dead = jobs[0].get(row.id)
    assert (dead.status, dead.attempts, job.runs) == ("dead", 3, 3)
    assert dead.last_error == "ConnectionError: mail server refused (run 3)"
    job.failures = 3  # the mail server is fixed
    jobs[0].requeue(row.id)
    queue.enqueue(row.id)
    assert queue.wait_idle(timeout=30)
    assert jobs[0].get(row.id).status == "done" and job.runs == 4


def test_a_run_left_by_a_killed_worker_is_taken_again_after_it_goes_stale(jobs: tuple[JobRecords, Any]) -> None:
    records, sessions = jobs
    job = Flaky(0)
    runner = _runner(jobs, sweep=JobSpec("sweep", job, "x"))
    row, _ = runner.submit("sweep", None, queued_by="worker")
    assert records.claim(row.id) is not None  # a worker took it and died
    assert runner.run(row.id).status == "skipped" and records.runnable() == []
    with sessions() as session:
        session.execute(update(Job).where(Job.id == row.id).values(
            updated_at=datetime.now(UTC) - timedelta(hours=1)))
        session.commit()
    assert records.runnable() == [row.id]
    assert runner.run(row.id).status == "done" and records.get(row.id).attempts == 2


def test_arq_on_redis_retries_and_dead_letters_and_two_workers_run_a_period_once(
    jobs: tuple[JobRecords, Any],
) -> None:
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {REDIS_URL}")
    flaky, broken, sweep = Flaky(failures=2), Flaky(failures=99), Flaky(0)
    runner = _runner(jobs, flaky=JobSpec("flaky", flaky, "x"), broken=JobSpec("broken", broken, "x", max_attempts=2),
                     sweep=JobSpec("sweep", sweep, "x", every_minutes=5))
    queue_name = f"painpath-test-{uuid.uuid4().hex[:8]}"
    queue = ArqQueue(REDIS_URL, queue_name)
    ok, _ = runner.submit("flaky", None, queued_by="admin")
    bad, _ = runner.submit("broken", None, queued_by="admin")
    for job_id in (ok.id, bad.id):
        queue.enqueue(job_id)
    moment = datetime.now(UTC)
    for _ in range(2):  # two workers' clocks tick in the same period: one job
        for job_id in submit_due_periodic(runner, runner.registry.values(), moment):
            queue.enqueue(job_id)
    async def burst() -> None:  # arq binds its worker to the loop it is made in
        await arq_worker(runner, REDIS_URL, queue_name, burst=True).async_run()

    asyncio.run(burst())
    records = jobs[0]
    assert (records.get(ok.id).status, records.get(ok.id).attempts, flaky.runs) == ("done", 3, 3)
    assert (records.get(bad.id).status, records.get(bad.id).attempts) == ("dead", 2)
    assert sweep.runs == 1
    assert [j.key for j in records.listing(status="done", limit=10, offset=0)[0] if j.name == "sweep"] == [
        period_key(runner.registry["sweep"], moment)]


def test_the_admin_starts_a_job_idempotently_and_sees_dead_letters(clinic: Any) -> None:
    from painpath.services.jobs import JobSpec as Spec

    app = clinic.client.app
    broken = Flaky(failures=99)
    app.state.job_runner.registry["broken"] = Spec("broken", broken, "always fails", max_attempts=2)
    app.state.job_runner.retry_base_seconds = 0.01
    try:
        headers = {**clinic.headers("admin"), "Idempotency-Key": "nightly-2"}
        first = clinic.client.post("/api/jobs", json={"name": "waitlist_sweep"}, headers=headers)
        again = clinic.client.post("/api/jobs", json={"name": "waitlist_sweep"}, headers=headers)
        assert first.status_code == 202 and again.status_code == 200 and first.json()["id"] == again.json()["id"]
        failing = clinic.call("admin", "POST", "/api/jobs", json={"name": "broken"})
        assert failing.status_code == 202
        assert app.state.job_queue.wait_idle(timeout=30)
        done = clinic.call("admin", "GET", f"/api/jobs/{first.json()['id']}").json()
        assert done["status"] == "done" and done["result"] == {"offers": 0} and done["queued_by"] == "admin"
        dead = clinic.call("admin", "GET", "/api/jobs", params={"status": "dead"}).json()
        assert [(j["name"], j["attempts"]) for j in dead["items"]] == [("broken", 2)]
        assert "mail server refused" in dead["items"][0]["last_error"]
        unknown = clinic.call("admin", "POST", "/api/jobs", json={"name": "format_disk"})
        assert unknown.status_code == 422 and "known jobs" in unknown.text
        not_dead = clinic.call("admin", "POST", f"/api/jobs/{first.json()['id']}/retry")
        assert not_dead.status_code == 422 and "only a dead job is retried" in not_dead.text
        assert clinic.call("clinician", "GET", "/api/jobs").status_code == 403
        kinds = {k["name"] for k in clinic.call("admin", "GET", "/api/jobs/kinds").json()}
        assert {"waitlist_sweep", "send_reminders", "broken"} <= kinds
    finally:
        app.state.job_runner.registry.pop("broken", None)


def test_painpath_worker_burst_runs_the_periodic_jobs_in_process(migrated_url: str) -> None:
    env = {"PAINPATH_DATABASE_URL": migrated_url, "PAINPATH_SMTP_HOST": "127.0.0.1", "PAINPATH_SMTP_PORT": "9"}
    result = CliRunner().invoke(cli, ["worker", "--burst"], env=env)
    assert result.exit_code == 0, result.output
    assert "in this process" in result.output
    engine = make_engine(migrated_url)
    rows, _ = JobRecords(session_factory(engine)).listing(status=None, limit=10, offset=0)
    engine.dispose()
    assert {(r.name, r.status) for r in rows} == {("waitlist_sweep", "done"), ("send_reminders", "done")}


def test_the_admin_jobs_page_shows_dead_letters_and_retries_one(clinic: Any) -> None:
    from tests.web.desk_portal_helpers import browser, post

    app = clinic.client.app
    broken = Flaky(failures=1)  # fails once: with one try it is a dead letter, retried it succeeds
    app.state.job_runner.registry["broken"] = JobSpec("broken", broken, "fails once", max_attempts=1)
    try:
        job = clinic.call("admin", "POST", "/api/jobs", json={"name": "broken"}).json()
        assert app.state.job_queue.wait_idle(timeout=30)
        admin = browser(clinic, "admin")
        page = admin.get("/admin/jobs", params={"status": "dead"})
        assert page.status_code == 200 and "dead letter" in page.text
        assert "ConnectionError: mail server refused (run 1)" in page.text
        done = post(admin, f"/admin/jobs/{job['id']}/retry", {}, page="/admin/jobs?status=dead")
        assert done.status_code == 303 and "queued+again" in done.headers["location"].replace("%20", "+")
        assert app.state.job_queue.wait_idle(timeout=30)
        assert clinic.call("admin", "GET", f"/api/jobs/{job['id']}").json()["status"] == "done"
        assert browser(clinic, "clin").get("/admin/jobs").status_code == 403
    finally:
        app.state.job_runner.registry.pop("broken", None)
