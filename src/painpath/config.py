"""Settings for the clinic service, read from environment variables (built by web/app.py and the CLI only)."""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, field
from pathlib import Path

ENV_PREFIX = "PAINPATH_"
DEFAULT_MAX_TEXT_CHARS = 20_000


def default_database_url() -> str:
    """The embedded SQLite database: a file under the user's data folder."""
    from platformdirs import user_data_path

    folder = user_data_path("painpath", appauthor=False, ensure_exists=True)
    return f"sqlite:///{Path(folder) / 'painpath.db'}"


@dataclass(frozen=True)
class Settings:
    """Everything the service reads from its environment; see the README's configuration table."""

    database_url: str = field(default_factory=default_database_url)
    host: str = "127.0.0.1"
    port: int = 8000
    # Secure cookies need HTTPS; turn off only for plain-http local development.
    cookie_secure: bool = True
    session_minutes: int = 8 * 60
    token_minutes: int = 12 * 60
    # sign-in throttling (services/throttle.py): failures within lockout_minutes, per account from one address,
    # per account from anywhere, per address against any account; beyond a limit, 429 with Retry-After
    max_failed_logins: int = 5
    max_failed_logins_account: int = 50
    max_failed_logins_address: int = 20
    lockout_minutes: int = 15
    # peers whose X-Forwarded-For is believed (IP addresses or CIDR networks, comma-separated); empty: none
    trusted_proxies: tuple[str, ...] = ()
    audit_reads: bool = True
    # how long a one-time account activation link works
    activation_hours: int = 72
    page_size_max: int = 200
    # The longest note, letter or history packet text one assessment reads (characters; 413 beyond): reading
    # takes about 1.4 s at 20,000 characters and 4.5 s at 40,000 on the reference machine.
    max_text_chars: int = DEFAULT_MAX_TEXT_CHARS
    # The largest request body accepted (bytes; 413 before it is read or parsed).
    max_body_bytes: int = 2 * 1024 * 1024
    workers: int = 1  # server processes for `painpath serve` (each builds its own reader and connection pool)
    db_pool_size: int = 10  # PostgreSQL connections kept open per worker process
    db_max_overflow: int = 10  # extra PostgreSQL connections a worker may open under a burst
    redis_url: str = ""  # background jobs on Redis (arq) when set; in-process threads when empty
    queue_name: str = "painpath"  # the arq queue (one per clinic database)
    job_retry_seconds: int = 30  # first back-off after a failed job (doubles each try, at most 10 minutes)
    audit_chain_seconds: float = 1.0  # PostgreSQL: how often each app process links new audit entries (0: never)
    # how long an app process may reuse an accepted token check (adapters/db/token_cache.py; 0: never, at most 2):
    # a sign-out or revocation in another process holds within this; in the same process at once
    session_cache_seconds: float = 1.0

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        """Read PAINPATH_* variables; unknown or malformed values are errors that name the variable."""
        env = dict(os.environ if environ is None else environ)
        kwargs: dict[str, object] = {}
        for name, kind in (
            ("database_url", str),
            ("host", str),
            ("port", int),
            ("cookie_secure", bool),
            ("session_minutes", int),
            ("token_minutes", int),
            ("max_failed_logins", int),
            ("max_failed_logins_account", int),
            ("max_failed_logins_address", int),
            ("lockout_minutes", int),
            ("trusted_proxies", tuple),
            ("audit_reads", bool),
            ("activation_hours", int),
            ("page_size_max", int),
            ("max_text_chars", int),
            ("max_body_bytes", int),
            ("workers", int),
            ("db_pool_size", int),
            ("db_max_overflow", int),
            ("redis_url", str),
            ("queue_name", str),
            ("job_retry_seconds", int),
            ("audit_chain_seconds", float),
            ("session_cache_seconds", float),
        ):
            raw = env.get(ENV_PREFIX + name.upper())
            if raw is None or raw == "":
                continue
            kwargs[name] = _parse(ENV_PREFIX + name.upper(), raw, kind)
        if float(kwargs.get("session_cache_seconds", 0)) > 2:  # type: ignore[arg-type]
            raise ValueError("PAINPATH_SESSION_CACHE_SECONDS must be between 0 (off) and 2 seconds: a sign-out in "
                             "another process must hold within it")
        return cls(**kwargs)  # type: ignore[arg-type]


def _parse(variable: str, raw: str, kind: type) -> object:
    if kind is bool:
        if raw.lower() in {"1", "true", "yes", "on"}:
            return True
        if raw.lower() in {"0", "false", "no", "off"}:
            return False
        raise ValueError(f"{variable} must be true or false, not {raw!r}")
    if kind is int:
        try:
            value = int(raw)
        except ValueError:
            raise ValueError(f"{variable} must be a whole number, not {raw!r}") from None
        if value <= 0:
            raise ValueError(f"{variable} must be positive, not {raw!r}")
        return value
    if kind is float:
        try:
            number = float(raw)
        except ValueError:
            raise ValueError(f"{variable} must be a number of seconds, not {raw!r}") from None
        if not 0 <= number <= 3600:
            raise ValueError(f"{variable} must be between 0 (off) and 3600 seconds, not {raw!r}")
        return number
    if kind is tuple:
        items = tuple(part.strip() for part in raw.split(",") if part.strip())
        for item in items:
            try:
                ipaddress.ip_network(item, strict=False)
            except ValueError:
                raise ValueError(f"{variable}: {item!r} is not an IP address or network (e.g. 10.0.0.0/8)") from None
        return items
    return raw
