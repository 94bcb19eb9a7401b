# PainPath: every target sets itself up on a fresh machine.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck kbcheck bench score clean

$(STAMP): pyproject.toml requirements.lock
	test -d $(VENV) || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c requirements.lock -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/painpath demo

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

score: $(STAMP)
	$(BIN)/python ../shared/cases/score.py ../shared/cases/samples.yaml --min-top1 0.9 --min-top3 1.0

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
