# ngoaivu — `make run` to try it, `make test` to check it.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# make run's folder for the SQLite database, generated secrets and ngoaivu.env (the settings read NGOAIVU_VAR_DIR too)
VAR := $(or $(NGOAIVU_VAR_DIR),var)
PG_URL ?= postgres://postgres@127.0.0.1:5432/ngoaivu
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test test-sqlite test-sqlite-all coverage test-postgres test-clocks fuzz lint fmt typecheck checks openapi messages lock bench soak screenshots eval-extract ci clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"

$(VENV)/.base-installed: requirements/base.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/base.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.dev-installed: requirements/dev.txt $(VENV)/.base-installed
	$(BIN)/pip install --quiet --require-hashes -r requirements/dev.txt
	touch $@

## run: create .venv, migrate the SQLite database in var/, load reference + demo data, serve on :$(PORT)
run: $(VENV)/.base-installed
	@mkdir -p $(VAR) && test -f $(VAR)/ngoaivu.env || printf '# written by make run: a local trial setup (generated secrets, no HTTPS, Django debug pages off)\nNGOAIVU_LOCAL=1\n' > $(VAR)/ngoaivu.env
	@if grep -q '^# written by make run' $(VAR)/ngoaivu.env && grep -qx 'NGOAIVU_DEBUG=1' $(VAR)/ngoaivu.env; then \
	  sed -i 's/^NGOAIVU_DEBUG=1$$/NGOAIVU_LOCAL=1/' $(VAR)/ngoaivu.env; echo "ngoaivu: $(VAR)/ngoaivu.env now says NGOAIVU_LOCAL=1 (no Django debug pages)"; fi
	$(BIN)/ngoaivu setup
	@echo "ngoaivu: background worker (reminders, e-mail) starts with the server; Ctrl+C stops both."
	$(BIN)/ngoaivu worker > $(VAR)/worker.log 2>&1 & WORKER=$$!; trap 'kill $$WORKER 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/ngoaivu serve --port $(PORT)

## test: lint, types, checks, then the whole suite on PostgreSQL and, on SQLite, all but the route × role matrices (leaks, API fuzz and boundaries for two roles, If-Match, the screen walk: PostgreSQL runs them; make fuzz runs the fuzz for every role)
test: $(VENV)/.dev-installed lint typecheck checks test-postgres test-sqlite

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

fmt: $(VENV)/.dev-installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: $(VENV)/.dev-installed
	$(BIN)/mypy ngoaivu

checks: $(VENV)/.dev-installed
	DJANGO_SETTINGS_MODULE=ngoaivu.config.test_settings DATABASE_URL=sqlite:///:memory: $(BIN)/python manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=ngoaivu.config.test_settings DATABASE_URL=sqlite:///:memory: $(BIN)/python manage.py makemigrations --check --dry-run
	NGOAIVU_ENV_FILE=/nonexistent NGOAIVU_DEBUG=0 NGOAIVU_SECRET_KEY=check-deploy-$$(date +%s)-a-long-random-enough-value-for-django NGOAIVU_FIELD_KEYS=x \
	  DATABASE_URL=sqlite:///:memory: $(BIN)/python manage.py check --deploy --fail-level WARNING

test-sqlite: $(VENV)/.dev-installed
	DATABASE_URL=sqlite:///var/test.sqlite3 $(BIN)/pytest -n 2 -q -p no:cacheprovider -m "not matrix"

## test-sqlite-all: the whole suite on SQLite, the route × role matrices included (make test runs those on PostgreSQL)
test-sqlite-all: $(VENV)/.dev-installed
	DATABASE_URL=sqlite:///var/test.sqlite3 $(BIN)/pytest -n 2 -q -p no:cacheprovider

## coverage: the whole suite on SQLite with line coverage (term report, var/coverage.json); not part of make test
coverage: $(VENV)/.dev-installed
	DATABASE_URL=sqlite:///var/test.sqlite3 $(BIN)/pytest -n 2 -q -p no:cacheprovider --cov=ngoaivu --cov-report=term:skip-covered --cov-report=json:var/coverage.json

test-postgres: $(VENV)/.dev-installed
	@$(BIN)/python tools/require_postgres.py "$(PG_URL)" || { echo "PostgreSQL is not reachable at $(PG_URL): start it (see README) — make test does not skip it."; exit 1; }
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -n 2 -q -p no:cacheprovider

## fuzz: the long schemathesis API fuzz on SQLite and on PostgreSQL: every operation, FUZZ_EXAMPLES (25) generated cases per operation and role, and the coverage phase (boundary and invalid inputs) for every role; never part of make test
FUZZ_EXAMPLES ?= 25
FUZZ_TESTS := ngoaivu/config/tests/test_openapi.py -k "test_api_fuzz or test_api_boundaries"
fuzz: $(VENV)/.dev-installed
	NGOAIVU_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) NGOAIVU_FUZZ_ALL_ROLES=1 DATABASE_URL=sqlite:///var/test.sqlite3 $(BIN)/pytest -n 2 -q -p no:cacheprovider $(FUZZ_TESTS)
	@$(BIN)/python tools/require_postgres.py "$(PG_URL)" || { echo "PostgreSQL is not reachable at $(PG_URL): start it (see README)."; exit 1; }
	NGOAIVU_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) NGOAIVU_FUZZ_ALL_ROLES=1 DATABASE_URL=$(PG_URL) $(BIN)/pytest -n 2 -q -p no:cacheprovider $(FUZZ_TESTS)

## test-clocks: the SQLite suite on a clock shifted to 2027-06-01 and to 2029-02-01 (NGOAIVU_TEST_CLOCK), never part of make test
test-clocks: $(VENV)/.dev-installed
	NGOAIVU_TEST_CLOCK=2027-06-01 DATABASE_URL=sqlite:///var/test.sqlite3 $(BIN)/pytest -n 2 -q -p no:cacheprovider
	NGOAIVU_TEST_CLOCK=2029-02-01 DATABASE_URL=sqlite:///var/test.sqlite3 $(BIN)/pytest -n 2 -q -p no:cacheprovider

openapi: $(VENV)/.base-installed
	DJANGO_SETTINGS_MODULE=ngoaivu.config.test_settings DATABASE_URL=sqlite:///:memory: $(BIN)/python manage.py export_openapi docs/api/openapi.json

messages: $(VENV)/.dev-installed
	DJANGO_SETTINGS_MODULE=ngoaivu.config.test_settings $(BIN)/python manage.py makemessages -l en --ignore=.venv --ignore=var
	DJANGO_SETTINGS_MODULE=ngoaivu.config.test_settings $(BIN)/python manage.py compilemessages --ignore=.venv

## eval-extract: precision/recall/F1 of entity extraction per type on the annotated texts (ingest/eval/)
eval-extract: $(VENV)/.dev-installed
	$(BIN)/python -m ngoaivu.ingest.evaluate --errors

## bench: load test on PostgreSQL with production settings (SCALE=small|national), never part of make test
bench: $(VENV)/.dev-installed
	@command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
	SCALE=$${SCALE:-small} $(BIN)/python bench/run.py

## screenshots: every demo role's main pages as PNGs in bench/screenshots/ (the accessibility walk, SQLite)
screenshots: $(VENV)/.dev-installed
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium fonts-dejavu-core; }
	NGOAIVU_SCREENSHOTS=$(CURDIR)/bench/screenshots DATABASE_URL=sqlite:///var/test.sqlite3 $(BIN)/pytest -q -p no:cacheprovider ngoaivu/core/tests/test_accessibility.py

## soak: SOAK_MINUTES (30) at SOAK_RPS (50) mixed requests on the bench database; stops by itself
soak: $(VENV)/.dev-installed
	@command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
	SCALE=$${SCALE:-small} $(BIN)/python bench/soak.py

lock:
	uv pip compile --universal --generate-hashes --python-version 3.11 -o requirements/base.txt pyproject.toml
	uv pip compile --universal --generate-hashes --python-version 3.11 --extra dev -o requirements/dev.txt pyproject.toml

ci: test

clean:
	rm -rf $(VENV) var/*.sqlite3*
