# PainPath: every target sets itself up on a fresh machine.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-dates lint typecheck kbcheck bench bench-service bench-cds bench-export bench-hash bench-sign-in bench-load bench-kill fuzz score clean browser-tools screenshots prod-up prod-down

$(STAMP): pyproject.toml requirements.lock
	test -d $(VENV) || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c requirements.lock -e '.[dev]'
	@touch $(STAMP)

# Migrates the embedded SQLite database (user data folder), loads the demo clinic, prints the logins, serves.
# Plain http on localhost, so the session cookie is not marked Secure here (it is by default).
run: $(STAMP)
	PAINPATH_COOKIE_SECURE=false $(BIN)/painpath clinic run-demo

# Browser tests (tests/browser): Debian's Chromium and the pinned axe-core from npm; Playwright never downloads
# a browser of its own. npm ci runs again only when node_modules is missing or the lock file changed.
BROWSER_DEPS := tests/browser/node_modules/.installed

$(BROWSER_DEPS): tests/browser/package.json tests/browser/package-lock.json
	npm ci --prefix tests/browser --no-audit --no-fund
	@touch $@

browser-tools: $(BROWSER_DEPS)
	@command -v chromium >/dev/null || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium)

test: $(STAMP) browser-tools
	$(BIN)/painpath kb check
	$(BIN)/ruff check src tests
	$(BIN)/mypy
	$(BIN)/pytest -m "not slow"

# The suite (without the browser) on a clock moved one and three years ahead with libfaketime (Debian's faketime,
# installed here when missing): tests must pass on any date, so a date written into a test that ages shows up here.
# The SIGKILL durability test is left out: its server subprocess does not come up under libfaketime.
FAKETIME_LIB := /usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1
test-dates: $(STAMP)
	@test -f $(FAKETIME_LIB) || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y faketime)
	for ahead in +365d +1100d; do \
	  FAKETIME=$$ahead FAKETIME_DONT_FAKE_MONOTONIC=1 LD_PRELOAD=$(FAKETIME_LIB) \
	    $(BIN)/pytest -m "not slow and not browser" -p no:cacheprovider \
	    --deselect "tests/service/test_durability_and_startup.py::test_every_acknowledged_write_survives_sigkill" || exit 1; \
	done

# Only the browser tests: screenshots of the main pages at 1280 and 375 px wide land in docs/screenshots/.
screenshots: $(STAMP) browser-tools
	$(BIN)/pytest -m browser tests/browser
	@echo "screenshots: $(CURDIR)/docs/screenshots/"

kbcheck: $(STAMP)
	$(BIN)/painpath kb check

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python -m painpath.bench

# CDS Hooks calls at 1 and 20 concurrent callers against a real server on loopback, beside a hello-world app served
# the same way (issue 14). BENCH_CDS_ARGS="--workers 2 --database-url postgresql://..." for the PostgreSQL deployment.
bench-cds: $(STAMP)
	$(BIN)/python scripts/bench_cds.py $(BENCH_CDS_ARGS)

# A system-level FHIR Bulk Data export of 300 seeded patients through the bulk_export job's code: resources per
# second and per CPU-second, beside serialising the same resources with no database (issue 14).
# BENCH_EXPORT_ARGS="--patients 1000 --database-url postgresql://..." for PostgreSQL (a fresh database, dropped).
bench-export: $(STAMP)
	$(BIN)/python scripts/bench_export.py $(BENCH_EXPORT_ARGS)

# CPU per sign-in with the shipped argon2id parameters and the ones used before, in the same run (issue 13).
bench-hash: $(STAMP)
	$(BIN)/python scripts/bench_password_hash.py $(BENCH_HASH_ARGS)

# CPU and latency of a failed and a successful sign-in through the app, and the sign-in throttle's calls alone
# (its failures are rows in the database). BENCH_SIGN_IN_ARGS="--database-url postgresql://..." for PostgreSQL.
bench-sign-in: $(STAMP)
	$(BIN)/python scripts/bench_sign_in.py $(BENCH_SIGN_IN_ARGS)

# Locust against `make prod-up` stepping to 200 users, beside a hello-world app measured in the same run (issue 13).
# Locust and its dependencies are the pinned `load` extra, installed here only.
bench-load: $(STAMP)
	$(BIN)/pip install -q -c requirements.lock -e '.[load]'
	$(BIN)/python scripts/bench_load.py

# A kill -9 of one of prod-up's two app workers while patients record pain scores: every acknowledged write and its
# audit entry must be in the database, the audit chain must verify, and the other worker must keep answering.
bench-kill: $(STAMP)
	$(BIN)/pip install -q -c requirements.lock -e '.[load]'
	$(BIN)/python scripts/bench_kill.py

# Schemathesis over the OpenAPI document of a running service, authenticated (run by .ci/run).
fuzz: $(STAMP)
	scripts/fuzz_api.sh

# 100,000 patients and 1,000,000 outcome measurements in PostgreSQL (PAINPATH_BENCH_DATABASE_URL).
bench-service: $(STAMP)
	$(BIN)/python scripts/bench_service.py

# nginx (TLS, self-signed) -> `painpath serve --workers 2` + `painpath worker` on the local PostgreSQL and Redis,
# loopback only; prod-down stops exactly what prod-up started (pids in .prod/).
prod-up: $(STAMP)
	scripts/prod_up.sh

prod-down:
	scripts/prod_down.sh

score: $(STAMP)
	$(BIN)/python ../shared/cases/score.py ../shared/cases/samples.yaml --min-top1 0.9 --min-top3 1.0

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache tests/browser/node_modules
