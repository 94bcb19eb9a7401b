"""Command line for the clinic service: serve, db upgrade, audit verify, demo clinic."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

db_app = typer.Typer(add_completion=False, no_args_is_help=True, help="Database tools.")
audit_app = typer.Typer(add_completion=False, no_args_is_help=True, help="Audit trail tools.")
clinic_app = typer.Typer(add_completion=False, no_args_is_help=True, help="The demo clinic.")
cds_app = typer.Typer(add_completion=False, no_args_is_help=True,
                      help="CDS Hooks clients (EHRs calling /cds-services).")


def register(app: typer.Typer) -> None:
    """Attach the service commands to the main CLI."""
    app.command("serve")(serve)
    app.command("worker")(worker)
    app.add_typer(db_app, name="db")
    app.add_typer(audit_app, name="audit")
    app.add_typer(clinic_app, name="clinic")
    app.add_typer(cds_app, name="cds-client")


def _settings() -> object:
    from painpath.config import Settings

    try:
        return Settings.from_env()
    except ValueError as err:
        typer.echo(f"painpath: {err}", err=True)
        raise typer.Exit(2) from err


def serve(
    host: Annotated[str | None, typer.Option(help="address to listen on (PAINPATH_HOST)")] = None,
    port: Annotated[int | None, typer.Option(help="port (PAINPATH_PORT)")] = None,
    workers: Annotated[int | None, typer.Option(
        min=1, max=64, help="server processes (PAINPATH_WORKERS); each has its own reader and database pool",
    )] = None,
) -> None:
    """Start the clinic service (refuses an unmigrated database and says what to run).

    With --workers N, uvicorn's process manager runs N worker processes on one socket; each calls
    painpath.web.app:app_from_env. A worker that dies is replaced; SIGHUP restarts the workers one by one
    (graceful: each finishes its requests first); SIGTERM or Ctrl-C stops them all."""
    import dataclasses
    import threading

    import uvicorn

    from painpath.adapters.db.database import DatabaseNotReady, check_ready, make_engine
    from painpath.config import Settings
    from painpath.web.app import create_app
    from painpath.web.http_protocol import NoDelayH11Protocol

    settings = _settings()
    assert isinstance(settings, Settings)
    settings = dataclasses.replace(settings, host=host or settings.host, port=port or settings.port,
                                   workers=workers or settings.workers)
    where = f"http://{settings.host}:{settings.port}"
    if settings.workers == 1:
        try:
            app = create_app(settings)
        except DatabaseNotReady as err:
            typer.echo(f"painpath: {err}", err=True)
            raise typer.Exit(1) from err
        typer.echo(f"PainPath clinic service on {where} (API docs at /docs)")
        # one argon2 check per account (~25 ms each): the demo-password check runs beside the server, not before it
        threading.Thread(target=lambda: _warn(demo_password_warning(settings.database_url)), daemon=True).start()
        uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning", timeout_graceful_shutdown=5,
                    http=NoDelayH11Protocol)
        return
    engine = make_engine(settings.database_url)
    try:  # refuse before forking, with the same message as one process
        check_ready(engine)
    except DatabaseNotReady as err:
        typer.echo(f"painpath: {err}", err=True)
        raise typer.Exit(1) from err
    finally:
        engine.dispose()
    if engine.url.get_backend_name() == "sqlite":
        typer.echo("painpath: note: several workers share one SQLite file; writes take turns (one writer at a "
                   "time). PostgreSQL (PAINPATH_DATABASE_URL) is the database for more than one clinic.", err=True)
    import os

    os.environ["PAINPATH_DATABASE_URL"] = settings.database_url  # the workers read their settings from here
    typer.echo(f"PainPath clinic service on {where} with {settings.workers} worker processes (API docs at /docs)")
    # one argon2 check per account (~25 ms each): the demo-password check runs beside the server, not before it
    threading.Thread(target=lambda: _warn(demo_password_warning(settings.database_url)), daemon=True).start()
    uvicorn.run("painpath.web.app:app_from_env", factory=True, host=settings.host, port=settings.port,
                workers=settings.workers, log_level="warning", timeout_graceful_shutdown=5, http=NoDelayH11Protocol,
                loop="painpath.web.http_protocol:FairAcceptLoop")


def worker(
    burst: Annotated[bool, typer.Option(
        "--burst", help="submit the periodic jobs due now, run every runnable job, then exit")] = False,
) -> None:
    """Run background jobs: reminders, the waitlist sweep and jobs started by the admin, with retries and dead
    letters. On Redis (arq) when PAINPATH_REDIS_URL is set, so several workers share the queue; otherwise in this
    process. Periodic jobs are submitted each period once, however many workers run."""
    import threading
    import time

    from painpath.adapters.db.database import DatabaseNotReady, check_ready, make_engine, session_factory
    from painpath.adapters.db.jobs_store import JobRecords
    from painpath.adapters.job_queue import ArqQueue, InProcessQueue, arq_worker, submit_due_periodic
    from painpath.adapters.jobs_registry import REGISTRY, context_from_env
    from painpath.config import Settings
    from painpath.services.jobs import JobRunner

    settings = _settings()
    assert isinstance(settings, Settings)
    engine = make_engine(settings.database_url)
    try:
        check_ready(engine)
    except DatabaseNotReady as err:
        typer.echo(f"painpath: {err}", err=True)
        raise typer.Exit(1) from err
    sessions = session_factory(engine)
    records = JobRecords(sessions)
    runner = JobRunner(records, context_from_env(sessions), REGISTRY, settings.job_retry_seconds)
    from painpath.adapters.db import audit

    if engine.dialect.name == "postgresql" and not burst:
        audit.Chainer(sessions).start()  # links the audit entries the app processes insert (one of several)
    elif burst:
        audit.chain_all(sessions)
    if burst:
        submit_due_periodic(runner, REGISTRY.values())
    waiting = records.runnable()  # queued before this start, waiting for a retry, or left by a dead worker
    if settings.redis_url:
        queue = ArqQueue(settings.redis_url, settings.queue_name)
        for job_id in waiting:
            queue.enqueue(job_id)
        typer.echo(f"painpath worker: arq on {settings.redis_url} queue {settings.queue_name!r}, "
                   f"{len(waiting)} job(s) waiting" + (" (burst)" if burst else ""))
        arq_worker(runner, settings.redis_url, settings.queue_name, burst=burst).run()
    else:
        local = InProcessQueue(runner)
        for job_id in waiting:
            local.enqueue(job_id)
        typer.echo(f"painpath worker: in this process (no PAINPATH_REDIS_URL), {len(waiting)} job(s) waiting"
                   + (" (burst)" if burst else ""))
        if burst:
            local.wait_idle(timeout=600)
        else:
            stop = threading.Event()
            try:
                while not stop.is_set():
                    for job_id in submit_due_periodic(runner, REGISTRY.values()):
                        local.enqueue(job_id)
                    time.sleep(60 - time.time() % 60)  # each minute on the minute
            except KeyboardInterrupt:
                stop.set()
    dead, _ = records.listing(status="dead", limit=1, offset=0)
    engine.dispose()
    if dead:
        typer.echo("painpath worker: there are dead letters: GET /api/jobs?status=dead", err=True)


def demo_password_warning(database_url: str) -> str | None:
    """A loud warning naming every active account that still has the published demo password (or None)."""
    from painpath.adapters.db.accounts_store import Accounts
    from painpath.adapters.db.database import make_engine, session_factory
    from painpath.demo_clinic import DEMO_PASSWORD
    from painpath.services.access import SYSTEM

    engine = make_engine(database_url)
    try:
        with session_factory(engine)() as session:
            names = Accounts(session, SYSTEM).usernames_with_password(DEMO_PASSWORD)
    finally:
        engine.dispose()
    if not names:
        return None
    bar = "!" * 100
    return (f"{bar}\nWARNING: {len(names)} account(s) still have the PUBLISHED DEMO PASSWORD "
            f"({DEMO_PASSWORD!r}), which anyone can read in the README:\n  {', '.join(names)}\n"
            "Anyone can sign in as them. Reset them (PATCH /api/users/{id} with reset_password) or disable them "
            f"before real patient data goes in.\n{bar}")


def _warn(message: str | None) -> None:
    if message:
        typer.echo(message, err=True)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the database named by PAINPATH_DATABASE_URL (default: SQLite in the data folder)."""
    from painpath.adapters.db.database import make_engine, upgrade
    from painpath.config import Settings

    settings = _settings()
    assert isinstance(settings, Settings)
    engine = make_engine(settings.database_url)
    try:
        before, after = upgrade(engine)
    except Exception as err:
        typer.echo(
            f"painpath: could not migrate {engine.url.render_as_string(hide_password=True)}: "
            f"{str(err).splitlines()[0]}",
            err=True,
        )
        raise typer.Exit(1) from err
    where = engine.url.render_as_string(hide_password=True)
    typer.echo(
        f"database {where}: schema {before or 'empty'} -> {after}"
        if before != after
        else f"database {where}: already at schema {after}"
    )


@db_app.command("grant-app-role")
def db_grant_app_role(
    role: Annotated[str, typer.Argument(help="the PostgreSQL role the service connects as (must exist)")],
) -> None:
    """PostgreSQL: grant ROLE what the service needs, and on the audit tables only SELECT and INSERT (run as the
    owner, with the owner's PAINPATH_DATABASE_URL, after every `painpath db upgrade`)."""
    from painpath.adapters.db.database import grant_app_role, make_engine
    from painpath.config import Settings

    settings = _settings()
    assert isinstance(settings, Settings)
    engine = make_engine(settings.database_url)
    try:
        statements = grant_app_role(engine, role)
    except Exception as err:
        typer.echo(f"painpath: could not grant {role}: {str(err).splitlines()[0]}", err=True)
        raise typer.Exit(1) from err
    for statement in statements:
        typer.echo(statement)



def _ready_engine() -> Any:
    """The configured database's engine, or exit 1 saying what to run when it is not migrated or not reachable."""
    from painpath.adapters.db.database import DatabaseNotReady, check_ready, make_engine
    from painpath.config import Settings

    settings = _settings()
    assert isinstance(settings, Settings)
    engine = make_engine(settings.database_url)
    try:
        check_ready(engine)
    except DatabaseNotReady as err:
        typer.echo(f"painpath: {err}", err=True)
        raise typer.Exit(1) from err
    return engine

@audit_app.command("verify")
def audit_verify() -> None:
    """Check the audit chain: an edited, deleted or truncated entry is reported and the exit status is 1."""
    from painpath.adapters.db import audit
    from painpath.adapters.db.database import session_factory

    engine = _ready_engine()
    try:
        with session_factory(engine)() as session:
            problems = list(audit.verify(session))
            total = audit.count(session)
            waiting = audit.pending(session)
            note = audit.checkpoint_note(session)
    except (ValueError, OSError) as err:
        typer.echo(f"painpath: cannot read the audit key or checkpoint: {err}", err=True)
        raise typer.Exit(1) from err
    typer.echo(f"audit: {note}")
    for problem in problems:
        typer.echo(f"audit: {problem}", err=True)
    if problems:
        typer.echo(f"audit chain BROKEN: {len(problems)} problem(s) in {total} entries", err=True)
        raise typer.Exit(1)
    typer.echo(f"audit chain intact: {total} entries"
               + (f"; {waiting} newer entries pending (not chained yet: `painpath audit chain`, or any running "
                  "app process or worker, links them)" if waiting else ""))


@audit_app.command("chain")
def audit_chain() -> None:
    """Link every committed audit entry that is not chained yet (the app processes and `painpath worker` do this
    every second on PostgreSQL; SQLite links each transaction's entries at its commit)."""
    from painpath.adapters.db import audit
    from painpath.adapters.db.database import session_factory

    engine = _ready_engine()
    try:
        chained = audit.chain_all(session_factory(engine))
    except (ValueError, OSError) as err:
        typer.echo(f"painpath: cannot read the audit key or checkpoint: {err}", err=True)
        raise typer.Exit(1) from err
    typer.echo(f"audit: {chained} entries chained")


@cds_app.command("add")
def cds_client_add(
    name: Annotated[str, typer.Argument(help="a name for the EHR client, e.g. 'hospital-epic'")],
    issuer: Annotated[str, typer.Option("--issuer", help="the iss claim its JWTs carry")],
    jwks: Annotated[Path | None, typer.Option("--jwks", help="a file with its public JSON Web Key Set")] = None,
    jwks_url: Annotated[str | None, typer.Option("--jwks-url", help="the URL where it publishes its JWKS")] = None,
) -> None:
    """Register a CDS client: its JWTs (signed with the keys given) may then call /cds-services."""
    from painpath.adapters.cds_auth import load_jwks
    from painpath.adapters.db.cds_store import CdsRecords
    from painpath.adapters.db.database import DatabaseNotReady, check_ready, make_engine, session_factory
    from painpath.config import Settings
    from painpath.services.errors import Invalid

    if (jwks is None) == (jwks_url is None):
        typer.echo("painpath: give exactly one of --jwks FILE or --jwks-url URL", err=True)
        raise typer.Exit(2)
    if jwks_url is not None and not jwks_url.startswith(("https://", "http://127.0.0.1", "http://localhost")):
        typer.echo("painpath: --jwks-url must be https (plain http only on this machine)", err=True)
        raise typer.Exit(2)
    try:
        keys = load_jwks(jwks.read_text(encoding="utf-8")) if jwks is not None else None
    except (OSError, ValueError) as err:
        typer.echo(f"painpath: cannot use {jwks}: {err}", err=True)
        raise typer.Exit(2) from err
    settings = _settings()
    assert isinstance(settings, Settings)
    engine = make_engine(settings.database_url)
    try:
        check_ready(engine)
        client = CdsRecords(session_factory(engine)).add_client(name, issuer, jwks=keys, jwks_url=jwks_url)
    except (DatabaseNotReady, Invalid) as err:
        typer.echo(f"painpath: {err}", err=True)
        raise typer.Exit(1) from err
    typer.echo(f"CDS client {client.name!r} registered (issuer {client.issuer})")


@cds_app.command("token")
def cds_client_token(
    key: Annotated[Path, typer.Option("--key", help="the client's private key (PEM)")],
    issuer: Annotated[str, typer.Option("--issuer", help="the client's registered issuer")],
    aud: Annotated[str, typer.Option("--aud", help="the service URL the JWT is for")],
    kid: Annotated[str, typer.Option("--kid", help="the key id in the client's JWKS")] = "demo-ehr-1",
) -> None:
    """Print a fresh JWT for one call to a CDS service (for trying the services with curl)."""
    from cryptography.hazmat.primitives import serialization

    from painpath.adapters.cds_auth import sign

    try:
        private = serialization.load_pem_private_key(key.read_bytes(), password=None)
    except (OSError, ValueError) as err:
        typer.echo(f"painpath: cannot read the private key {key}: {err}", err=True)
        raise typer.Exit(2) from err
    typer.echo(sign(private, issuer=issuer, audience=aud, kid=kid))


DEMO_CDS_CLIENT, DEMO_CDS_ISSUER, DEMO_CDS_KID = "demo-ehr", "https://demo-ehr.painpath.invalid", "demo-ehr-1"


def _demo_cds_client(engine: object) -> list[str]:
    """The demo clinic's CDS client: its private key in the user's data folder, its public key registered."""
    from platformdirs import user_data_path

    from painpath.adapters.cds_auth import private_key_file, public_jwks
    from painpath.adapters.db.cds_store import CdsRecords
    from painpath.adapters.db.database import session_factory

    records = CdsRecords(session_factory(engine))  # type: ignore[arg-type]
    path = user_data_path("painpath", appauthor=False, ensure_exists=True) / "demo-ehr-private-key.pem"
    if records.client_by_issuer(DEMO_CDS_ISSUER) is None:
        records.add_client(DEMO_CDS_CLIENT, DEMO_CDS_ISSUER, jwks=public_jwks(private_key_file(path), DEMO_CDS_KID))
    return [f"  CDS Hooks demo client {DEMO_CDS_CLIENT!r}: issuer {DEMO_CDS_ISSUER}, private key {path}",
            f"    a JWT for one call: painpath cds-client token --key {path} --issuer {DEMO_CDS_ISSUER} "
            "--aud http://127.0.0.1:8000/cds-services/painpath-patient-view"]


@clinic_app.command("load-demo")
def load_demo_command() -> None:
    """Migrate the database and load the demo clinic (staff, patients, histories)."""
    for line in _load_demo():
        typer.echo(line)


def _load_demo() -> list[str]:
    from tqdm import tqdm

    from painpath.adapters.db.clinical_store import AssessmentEngine
    from painpath.adapters.db.database import make_engine, session_factory, upgrade
    from painpath.adapters.knowledge_files import load_default
    from painpath.config import Settings
    from painpath.demo_clinic import demo_notes, load_demo
    from painpath.services.assessment import Assessor

    settings = _settings()
    assert isinstance(settings, Settings)
    engine = make_engine(settings.database_url)
    upgrade(engine)
    notes = demo_notes()
    typer.echo("loading the assessment engine ...")
    assessor = AssessmentEngine(Assessor(load_default()))
    logins = load_demo(
        session_factory(engine),
        assessor,
        notes,
        progress=lambda items: tqdm(list(items), desc="demo patients", unit="patient"),
    )
    lines = [f"  {login.username:<16} {login.role:<11} password: {login.password}" for login in logins]
    return lines + _demo_cds_client(engine)


@clinic_app.command("run-demo")
def run_demo() -> None:
    """Set up the embedded database, load the demo clinic, print the logins and start the server."""
    from painpath.config import Settings

    lines = _load_demo()
    settings = _settings()
    assert isinstance(settings, Settings)
    typer.echo(f"\nPainPath demo clinic at http://{settings.host}:{settings.port}/  (API docs: /docs)")
    typer.echo(f"database: {settings.database_url}\ndemo logins:")
    for line in lines:
        typer.echo(line)
    serve(host=None, port=None)


@clinic_app.command("waitlist-sweep")
def waitlist_sweep() -> None:
    """Expire stale waitlist offers and offer freed slots to the most urgent waiting patients (safe to run twice)."""
    from painpath.adapters.db.database import make_engine, session_factory
    from painpath.adapters.db.waitlist_store import Waitlist
    from painpath.config import Settings
    from painpath.services.access import SYSTEM

    settings = _settings()
    assert isinstance(settings, Settings)
    engine = make_engine(settings.database_url)
    with session_factory(engine)() as session:
        offers = Waitlist(session, SYSTEM).sweep()
    engine.dispose()
    typer.echo(f"waitlist: {len(offers)} new offer(s)")
    for offer in offers:
        typer.echo(f"  offer {offer.id}: {offer.starts_at:%Y-%m-%d %H:%M} UTC with clinician {offer.clinician_id}, "
                   f"expires {offer.expires_at:%Y-%m-%d %H:%M} UTC")


@clinic_app.command("send-reminders")
def send_reminders(
    smtp_host: Annotated[str, typer.Option(envvar="PAINPATH_SMTP_HOST", help="SMTP server")] = "127.0.0.1",
    smtp_port: Annotated[int, typer.Option(envvar="PAINPATH_SMTP_PORT", help="SMTP port")] = 25,
    sender: Annotated[str, typer.Option(envvar="PAINPATH_SMTP_FROM", help="From address")] = "clinic@localhost",
    starttls: Annotated[bool, typer.Option(envvar="PAINPATH_SMTP_STARTTLS", help="use STARTTLS")] = False,
) -> None:
    """Send the appointment and questionnaire reminders that are due (each once; safe to run twice). SMS go to
    the logging outbox: no SMS provider is configured."""
    from painpath.adapters.db.database import make_engine, session_factory
    from painpath.adapters.db.reminders_store import Reminders
    from painpath.adapters.notify import LoggingSmsOutbox, SmtpEmail
    from painpath.config import Settings
    from painpath.services.access import SYSTEM

    settings = _settings()
    assert isinstance(settings, Settings)
    engine = make_engine(settings.database_url)
    with session_factory(engine)() as session:
        sent = Reminders(session, SYSTEM).send_due(SmtpEmail(smtp_host, smtp_port, sender, starttls=starttls),
                                                   LoggingSmsOutbox())
    engine.dispose()
    typer.echo(f"reminders: {len(sent)} sent")
    for item in sent:
        typer.echo(f"  {item.kind} {item.subject} by {item.channel}")
