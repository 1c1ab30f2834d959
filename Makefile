# Huntaze — developer entry points. `make run` and `make test` are the two README commands.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export HUNTAZE_DATA_DIR ?= $(CURDIR)/var
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: install system-deps run test lint audit screenshots format messages clean

# Debian packages the test suite needs (browser tests drive Debian's chromium; never `playwright install`).
system-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing chromium (apt-get)"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null || \
	  { echo "could not install chromium: run 'apt-get install chromium' as root"; exit 1; }; }

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

install: $(BIN)/.installed

## Install, migrate, start the OnlyFans simulator, create the demo login (printed once),
## connect the demo account to the simulator, sync it, then serve web + worker.
run: install
	$(BIN)/huntaze migrate --noinput -v0
	$(BIN)/huntaze collectstatic --noinput -v0
	$(BIN)/huntaze demo

## Install and run every check and test (on SQLite, or on PostgreSQL with DATABASE_URL).
test: install system-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python tools/dependency_audit.py
	HUNTAZE_DATA_DIR=$(HUNTAZE_DATA_DIR)/test $(BIN)/huntaze makemigrations --check --dry-run -v1
	HUNTAZE_DATA_DIR=$(HUNTAZE_DATA_DIR)/test $(BIN)/pytest -m "not browser" $(PYTEST_ARGS)
	# Playwright's sync API runs its own event loop: keep it out of the asyncio tests' process.
	HUNTAZE_DATA_DIR=$(HUNTAZE_DATA_DIR)/test $(BIN)/pytest -m browser $(PYTEST_ARGS)

lint:
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

## Screenshots of every dashboard page (docs/screenshots/, shown in the README), taken by the browser tests.
screenshots: install system-deps
	HUNTAZE_DATA_DIR=$(HUNTAZE_DATA_DIR)/test HUNTAZE_SCREENSHOTS=$(CURDIR)/docs/screenshots \
	  $(BIN)/pytest -m browser huntaze/web/tests/test_browser_flows.py -p no:cacheprovider

## Known vulnerabilities in the installed packages: offline (security/osv/), or AUDIT_ARGS=--online.
audit: install
	$(BIN)/python tools/dependency_audit.py $(AUDIT_ARGS)

format:
	$(BIN)/ruff check --fix . && $(BIN)/ruff format .

## Refresh the translation catalogues after changing UI strings (needs GNU gettext).
messages:
	cd huntaze && ../$(BIN)/huntaze makemessages -l fr --no-obsolete && ../$(BIN)/huntaze compilemessages

clean:
	rm -rf $(VENV) var *.egg-info
