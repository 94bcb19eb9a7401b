# PainPath: every target sets itself up on a fresh machine.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck kbcheck bench bench-service fuzz score clean

$(STAMP): pyproject.toml requirements.lock
	test -d $(VENV) || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c requirements.lock -e '.[dev]'
	@touch $(STAMP)

# Migrates the embedded SQLite database (user data folder), loads the demo clinic, prints the logins, serves.
# Plain http on localhost, so the session cookie is not marked Secure here (it is by default).
run: $(STAMP)
	PAINPATH_COOKIE_SECURE=false $(BIN)/painpath clinic run-demo --project .

test: $(STAMP)
	$(BIN)/painpath kb check
	$(BIN)/ruff check src tests
	$(BIN)/mypy
	$(BIN)/pytest -m "not slow"

kbcheck: $(STAMP)
	$(BIN)/painpath kb check

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python -m painpath.bench

# Schemathesis over the OpenAPI document of a running service, authenticated (run by .ci/run).
fuzz: $(STAMP)
	scripts/fuzz_api.sh

# 100,000 patients and 1,000,000 outcome measurements in PostgreSQL (PAINPATH_BENCH_DATABASE_URL).
bench-service: $(STAMP)
	$(BIN)/python scripts/bench_service.py

score: $(STAMP)
	$(BIN)/python ../shared/cases/score.py ../shared/cases/samples.yaml --min-top1 0.9 --min-top3 1.0

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
