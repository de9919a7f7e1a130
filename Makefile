# The two commands a newcomer needs:
#   make demo   install, migrate, load demo data and serve on http://127.0.0.1:8000/admin/
#   make test   lint, migration and deployment checks, tests on SQLite and on a throwaway PostgreSQL
#
# Dependencies have one source of truth, pyproject.toml; the project is installed into .venv in
# editable mode (it has no packages to build, only its dependencies and the `test` extra). A stamp
# file per install flavour skips reinstalling until pyproject.toml changes.

PYTHON ?= python3
VENV ?= .venv
PYTEST_WORKERS ?= auto
HOST_PORT ?= 127.0.0.1:8000

BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

.PHONY: help demo serve install install-test install-browser install-redis install-http-audit vendor test lint check-migrations check-deploy \
	test-sqlite test-postgres clean

help:
	@echo "make demo   install, migrate, load demo data, serve on http://$(HOST_PORT)/admin/"
	@echo "make test   ruff, migration and deploy checks, pytest on SQLite and on PostgreSQL"
	@echo "make serve  the production stack: PostgreSQL, Redis, gunicorn and the task worker (SERVE_ARGS=--demo)"

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --editable .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --editable '.[test]'
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test install-browser install-redis install-http-audit

# Debian's chromium and a CJK font for the browser tests (tests/browser/); a no-op once present.
install-browser:
	@bin/install-browser

# The graphql-http audit for tests/api/test_graphql_over_http.py (Node.js, pinned by its lock file).
install-http-audit:
	@bin/install-http-audit

# Debian's redis-server for the Redis cache test (tests/test_redis_cache.py); a no-op once present.
install-redis:
	@bin/install-redis

# Apache ECharts for the indicator charts, from the npm registry at the version and integrity pinned in
# the script, into cms/static/vendor/echarts/ (committed: the sites never load it from a CDN).
vendor:
	bin/vendor-echarts

# ---------------------------------------------------------------------------------------------------
# make demo: development settings (the manage.py default), SQLite in var/ unless DATABASE_URL is set.
# runserver serves static files itself under DEBUG, so no collectstatic is needed. The task worker
# (background imports, search index, scheduled publishing) runs beside it; when runserver stops, the
# worker gets one SIGTERM and stops after its current task (setsid keeps Ctrl+C from signalling it twice).

demo: $(VENV)/.installed
	@echo "Migrating the database ..."
	$(MANAGE) migrate --noinput --verbosity 0
	$(MANAGE) load_demo
	setsid $(MANAGE) run_worker & worker=$$!; \
	trap 'kill $$worker' EXIT; \
	$(MANAGE) runserver $(HOST_PORT)

# make serve: the production stack (bin/serve-production): PostgreSQL (DATABASE_URL or a throwaway
# cluster), Redis (REDIS_URL or a local redis-server), migrate, collectstatic, check --deploy, gunicorn and
# the task worker. SERVE_ARGS=--demo loads the demo data first.

serve: $(VENV)/.installed install-redis
	bin/serve-production $(SERVE_ARGS)

# ---------------------------------------------------------------------------------------------------
# make test: every step must pass; the first failure stops the run with a non-zero status.

test: lint check-migrations check-deploy test-sqlite test-postgres
	@echo "make test: all steps passed."

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .

check-migrations: $(VENV)/.installed-test
	DJANGO_SETTINGS_MODULE=cms.settings.test $(MANAGE) makemigrations --check --dry-run

# A long random key, as production requires; warnings count as failures.
check-deploy: $(VENV)/.installed-test
	DJANGO_SETTINGS_MODULE=cms.settings.production \
	DJANGO_SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	DJANGO_ALLOWED_HOSTS=tongban.example.org \
	$(MANAGE) check --deploy --fail-level WARNING

test-sqlite: install-test
	env -u DATABASE_URL $(BIN)/pytest -n $(PYTEST_WORKERS)

# Skipped when no PostgreSQL server binaries are installed, except in CI (CI set), where it fails.
test-postgres: install-test
	@if bin/with-throwaway-postgres --available; then \
		echo "bin/with-throwaway-postgres $(BIN)/pytest -n $(PYTEST_WORKERS)"; \
		bin/with-throwaway-postgres $(BIN)/pytest -n $(PYTEST_WORKERS); \
	elif [ -n "$${CI:-}" ]; then \
		echo "PostgreSQL server binaries (initdb, pg_ctl) not found; CI must test on PostgreSQL." >&2; \
		exit 1; \
	else \
		echo "PostgreSQL server binaries (initdb, pg_ctl) not found: skipped the PostgreSQL run."; \
	fi

clean:
	rm -rf $(VENV) var/static var/test-media *.egg-info
