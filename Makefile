# Hubspoke: the two commands are `make demo` and `make test`. Everything else is optional.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
DEMO_ENV := HUBSPOKE_DEMO=1
PORT   ?= 8000

.PHONY: demo test test-fast lint check-deploy lock frontend clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.base: requirements/base.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/base.txt
	touch $@

$(VENV)/.dev: requirements/dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/dev.txt
	touch $(VENV)/.base $@

## demo: install, migrate SQLite, load the demo programme, serve on http://127.0.0.1:8000 (or PORT)
## with the worker and the scheduler beside it (Procfile); Ctrl-C stops all three
demo: $(VENV)/.base
	@mkdir -p var
	$(DEMO_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEMO_ENV) $(BIN)/python manage.py createcachetable
	$(DEMO_ENV) $(BIN)/python manage.py seed_demo
	PATH="$(abspath $(BIN)):$$PATH" $(DEMO_ENV) $(BIN)/honcho start --procfile Procfile --port $(PORT)

## test: the whole suite (browser tests use /usr/bin/chromium or HUBSPOKE_CHROMIUM)
test: $(VENV)/.dev
	$(BIN)/python -m pytest

## test-fast: everything but the browser tests
test-fast: $(VENV)/.dev
	$(BIN)/python -m pytest -m "not browser"

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/python manage.py makemigrations --check --dry-run

## check-deploy: production settings pass Django's deployment checks
check-deploy: $(VENV)/.base
	HUBSPOKE_MODE=production DJANGO_ALLOWED_HOSTS=hubspoke.example \
	DJANGO_SECRET_KEY=check-deploy-only-$$(printf '%064d' 0) \
	$(BIN)/python manage.py check --deploy --fail-level WARNING

## lock: re-pin requirements/*.txt from requirements/*.in (needs network access to PyPI)
lock: $(BIN)/python
	$(BIN)/python -m pip install --quiet uv
	cd requirements && ../$(BIN)/uv pip compile --quiet --python-version 3.11 --generate-hashes base.in -o base.txt
	cd requirements && ../$(BIN)/uv pip compile --quiet --python-version 3.11 --generate-hashes dev.in -o dev.txt

## frontend: rebuild the vendored GOV.UK Frontend and htmx files (needs Node and npm)
frontend:
	tools/build-frontend.sh

clean:
	rm -rf $(VENV) var .pytest_cache

## bench: benchmarks on PostgreSQL at every tier (docs/performance.md; TIER=demo for one tier)
bench: $(VENV)/.dev
	$(BIN)/python -m bench run --tier $(or $(TIER),all)
