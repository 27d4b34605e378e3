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

test: install browser lint
	$(BIN)/pytest

bench: install
	$(BIN)/python manage.py bench_visibility

clean:
	rm -rf $(VENV) var
