# Theo Dõi — the two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test test-fast bench bench-compare bench-growth bench-peer install install-dev lint check pytest pytest-sqlite audit \
	pytest-postgres clean

## the venv and its installer: pip installs uv (requirements/uv.lock), which installs the rest:
## dev.lock took pip 40 s on a fresh machine and uv about 10 (docs/testing.md)
$(BIN)/uv: requirements/uv.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --require-hashes -r requirements/uv.lock

## install, install-dev: the pinned packages with the hashes of requirements/*.lock (made by
## scripts/lock-requirements.sh from requirements/*.txt); a file that changed is refused.
## Compiled to bytecode as pip does: the Makefile's PYTHONDONTWRITEBYTECODE would otherwise
## make every process the tests start compile Django again.
UV_PIP := $(BIN)/uv pip install -q --python $(BIN)/python --compile-bytecode
install: $(BIN)/uv
	$(UV_PIP) --require-hashes -r requirements/base.lock
	$(UV_PIP) --no-deps -e .

install-dev: $(BIN)/uv
	$(UV_PIP) --require-hashes -r requirements/dev.lock
	$(UV_PIP) --no-deps -e .

## make run: install, migrate, load the demo data and serve http://127.0.0.1:8000
run: install
	$(BIN)/theodoi migrate --no-input
	$(BIN)/theodoi load_demo
	DEBUG=$${DEBUG:-0} $(BIN)/theodoi runserver 127.0.0.1:8000

## make test: lint, Django checks, migrations check, the whole suite on SQLite and PostgreSQL;
## lint and the checks run beside the two suites: alone, mypy kept one core idle for a minute
test: install-dev
	scripts/system-deps.sh
	$(MAKE) -j4 --output-sync=target lint check pytest-sqlite pytest-postgres

## make test-fast: the inner loop: the suite on SQLite without the browser and slow tests
## (after make install-dev); make test stays the whole truth before committing
test-fast:
	DATABASE_URL= $(BIN)/pytest -q -m "not browser and not slow"

## lint: ruff, mypy (django-stubs; pyproject.toml), and the messages of the commits since the
## last release (scripts/check-commits.py)
lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python scripts/check-commits.py
	$(BIN)/python scripts/check-locks.py

check:
	$(BIN)/theodoi check --database default --fail-level WARNING
	$(BIN)/theodoi makemigrations --check --dry-run
	scripts/check-deploy.sh

## pytest: both suites at once (the machines have 2 cores: one pytest process each, the
## PostgreSQL server in the gaps); each suite's output is printed whole when it ends
pytest:
	$(MAKE) -j2 --output-sync=target pytest-sqlite pytest-postgres

pytest-sqlite:
	@echo "== test suite on SQLite =="
	DATABASE_URL= $(BIN)/pytest -q

## the browser tests drive the pages' scripts, which no database changes, the sqlite_process
## tests make their own SQLite database and the demo_content tests check make run's data: they
## run once, on SQLite; every other test runs on both (docs/testing.md)
pytest-postgres:
	@echo "== test suite on PostgreSQL 15 (browser, sqlite_process, demo_content: on SQLite) =="
	scripts/with-postgres.sh $(BIN)/pytest -q -m "not browser and not sqlite_process and not demo_content"

## make bench: 200,000 tasks on SQLite and on PostgreSQL; prints median and p95 server times,
## then the load test over HTTP (gunicorn, 10, 50 and 100 people: bench/over_http.py).
## The SQLite volume is kept in data/bench and reused; BENCH_ARGS="--tasks 20000" for a quick run.
BENCH_ARGS ?=
bench: install-dev
	@echo "== bench on SQLite (data/bench) =="
	DATABASE_URL= DEBUG=0 THEODOI_DATA_DIR=$(CURDIR)/data/bench $(BIN)/python -m theodoi.bench --http $(BENCH_ARGS)
	@echo "== bench on PostgreSQL 15 (throwaway server) =="
	DEBUG=0 THEODOI_DATA_DIR=$(CURDIR)/data/bench-pg scripts/with-postgres.sh $(BIN)/python -m theodoi.bench --http $(BENCH_ARGS)

## make bench-growth: the growth table on PostgreSQL (bench/growth.py), a throwaway server and
## a generated volume per size; GROWTH="50000 200000 1000000" adds the million (about 20 min).
GROWTH ?= 50000 200000
bench-growth: install-dev
	rm -f data/growth.json
	for n in $(GROWTH); do \
	  DEBUG=0 THEODOI_DATA_DIR=$(CURDIR)/data/growth-$$n scripts/with-postgres.sh \
	    $(BIN)/python -m theodoi.bench.growth --tasks $$n --out $(CURDIR)/data/growth.json || exit 1; \
	done
	$(BIN)/python -m theodoi.bench.growth --table $(CURDIR)/data/growth.json

## make bench-compare: each departure from plain Django (docs/adr/0005-0009) against plain Django,
## interleaved, on the same volumes (BENCH_ARGS="--tasks 50000 --rounds 40" for a quick run).
bench-compare: install-dev
	@echo "== departures against plain Django on SQLite (data/bench) =="
	DATABASE_URL= DEBUG=0 THEODOI_DATA_DIR=$(CURDIR)/data/bench $(BIN)/python -m theodoi.bench --compare $(BENCH_ARGS)
	@echo "== departures against plain Django on PostgreSQL 15 (throwaway server) =="
	DEBUG=0 THEODOI_DATA_DIR=$(CURDIR)/data/bench-pg scripts/with-postgres.sh $(BIN)/python -m theodoi.bench --compare $(BENCH_ARGS)

## make bench-peer: issue 26's side-by-side with stock Taiga on one throwaway PostgreSQL 15 server
## (bench/peer.py, scripts/peer): our volume and Taiga's, then runs of each in turn and the ratio
## table. Needs PyPI for Taiga's packages, and github.com or PEER_SRC (docs/bench.md, "The peer");
## about 25 minutes. PEER_ARGS="--runs 1 --rounds 10" for a quick look.
PEER_ARGS ?=
bench-peer: install-dev
	DEBUG=0 THEODOI_DATA_DIR=$(CURDIR)/data/bench-pg scripts/with-postgres.sh $(BIN)/python -m theodoi.bench.peer $(PEER_ARGS)

## make audit: pip-audit over the locked packages; needs PyPI's JSON API or api.osv.dev
## (docs/operations.md: neither is reachable from the build machines)
audit:
	scripts/audit-requirements.sh

clean:
	rm -rf $(VENV) data build src/*.egg-info
