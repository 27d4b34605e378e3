# Two commands for a new machine: `make run` (the site with demo data) and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint browser bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: install
	bin/run

browser:
	bin/install-chromium

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	TESTING=true $(BIN)/mypy .
	$(BIN)/lint-imports

test: install browser lint
	$(BIN)/pytest

# The benchmarks run on a PostgreSQL database of their own (created if missing), never the site's.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/bench
bench: install
	createdb -h 127.0.0.1 -U postgres bench 2>/dev/null || true
	# TESTING gives the development defaults (keys, hosts) without DEBUG's per-query overhead.
	DATABASE_URL=$(BENCH_DATABASE_URL) TESTING=true $(BIN)/python manage.py bench_visibility
	DATABASE_URL=$(BENCH_DATABASE_URL) TESTING=true $(BIN)/python manage.py bench_export
	DATABASE_URL=$(BENCH_DATABASE_URL) TESTING=true $(BIN)/python manage.py bench_updates

clean:
	rm -rf $(VENV) var
