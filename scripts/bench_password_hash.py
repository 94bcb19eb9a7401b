"""`make bench-hash`: the CPU one sign-in costs with the shipped argon2id parameters and with the ones used before
(argon2-cffi's default, RFC 9106's low-memory profile), measured in the same run.

For each parameter set: the bare argon2 check (``PasswordHasher.verify``), and the whole sign-in through the app's
own store (``Accounts.login``: the account read, the check, the session row and the audit row) on a fresh SQLite
file, or with ``--database-url`` a new PostgreSQL database beside it (dropped afterwards). CPU is this process's
(``time.process_time``, all threads: argon2 with p=4 hashes on four threads), wall is ``time.perf_counter``.
Not a test: it prints figures (and ``--json FILE`` writes them)."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from argon2 import PasswordHasher

from painpath.adapters.db import accounts_store
from painpath.adapters.db.accounts_store import Accounts
from painpath.adapters.db.database import make_engine, scratch_database, session_factory, upgrade
from painpath.services.access import SYSTEM, Actor, Role

PASSWORD = "correct-horse-battery-staple"
SETS = {
    "before: argon2-cffi default (RFC 9106 low-memory: 64 MiB, t=3, p=4)": lambda: PasswordHasher(),
    "now: OWASP minimum (19 MiB, t=2, p=1)": accounts_store.production_hasher,
}


def _timed(action, repeat: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Median CPU and wall milliseconds of ``repeat`` calls."""
    cpu, wall = [], []
    for _ in range(repeat):
        c, w = time.process_time(), time.perf_counter()
        action()
        cpu.append((time.process_time() - c) * 1000)
        wall.append((time.perf_counter() - w) * 1000)
    return statistics.median(cpu), statistics.median(wall)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="sign-ins per parameter set (default 20)")
    parser.add_argument("--database-url", help="PostgreSQL server to make a scratch database on (default SQLite)")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args()
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as work:
        url, drop = scratch_database(args.database_url, Path(work) / "hash.db", prefix="bench_hash")
        engine = make_engine(url)
        try:
            upgrade(engine)
            factory = session_factory(engine)
            production = accounts_store.HASHER
            try:
                for index, (label, make) in enumerate(SETS.items()):
                    hasher = make()
                    accounts_store.HASHER = hasher  # hashes and checks with this set, so nothing is re-hashed
                    username = f"bench.user{index}"
                    with factory() as session:
                        Accounts(session, SYSTEM).create_user(username=username, display_name=username,
                                                              role=Role.CLINICIAN, password=PASSWORD, patient_id=None)
                    stored = hasher.hash(PASSWORD)

                    def sign_in(name: str = username) -> None:
                        with factory() as session:
                            Accounts(session, Actor(None, "anonymous", Role.ADMIN, ip="127.0.0.1")).login(
                                name, PASSWORD, kind="api", lifetime=timedelta(hours=1))

                    verify_cpu, verify_wall = _timed(lambda h=hasher, s=stored: h.verify(s, PASSWORD), args.repeat)
                    login_cpu, login_wall = _timed(sign_in, args.repeat)
                    results[label] = {"verify_cpu_ms": verify_cpu, "verify_wall_ms": verify_wall,
                                      "sign_in_cpu_ms": login_cpu, "sign_in_wall_ms": login_wall}
            finally:
                accounts_store.HASHER = production
        finally:
            engine.dispose()
            drop()
    load = os.getloadavg()
    print(f"{engine.url.get_backend_name()}, {args.repeat} each, medians; load average {load[0]:.2f} "
          f"{load[1]:.2f} {load[2]:.2f}")
    print(f"{'parameters':<68} {'check CPU':>9} {'wall':>7} {'sign-in CPU':>11} {'wall':>7}")
    for label, row in results.items():
        print(f"{label:<68} {row['verify_cpu_ms']:>6.1f} ms {row['verify_wall_ms']:>4.0f} ms "
              f"{row['sign_in_cpu_ms']:>8.1f} ms {row['sign_in_wall_ms']:>4.0f} ms")
    if args.json:
        args.json.write_text(json.dumps({"load_average": load, "results": results}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
