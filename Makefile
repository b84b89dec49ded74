# Engage. Quick start: `make run`, then `make test`. Needs only Python 3.11+, git and make.
SHELL := /bin/bash
PORT ?= 8000
PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
VENV := .venv
PY := $(VENV)/bin/python
BENCH ?=
export UV_PROJECT_ENVIRONMENT := $(CURDIR)/$(VENV)

.PHONY: run test lint fmt migrations-check bench vendor messages worker check-deploy sbom permissions-doc clean help

help:
	@echo "make run    – set up, load the demo office on first run, serve on http://127.0.0.1:$(PORT)"
	@echo "make test   – the whole test suite (DATABASE_URL=postgres://… to run it on PostgreSQL)"
	@echo "make lint | fmt | migrations-check | bench | vendor | messages | worker | check-deploy | sbom | permissions-doc"

# uv is installed into .tools with pip when the machine has none.
.tools/bin/uv:
	$(PYTHON) -m venv .tools || { echo "Python's venv module is missing (on Debian: apt-get install python3-venv)"; exit 1; }
	.tools/bin/python -m pip install --quiet --disable-pip-version-check uv

$(VENV)/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --locked --python $(PYTHON)
	@touch $@

run: $(VENV)/.synced
	DEBUG=$${DEBUG:-1} $(PY) manage.py migrate --noinput
	DEBUG=$${DEBUG:-1} $(PY) manage.py load_demo --if-empty
	@echo ""
	@echo "  Engage is at http://127.0.0.1:$(PORT)/  (Ctrl+C stops it; a background worker runs analyses and imports)"
	@echo ""
	DEBUG=$${DEBUG:-1} $(PY) manage.py db_worker --no-reload --interval 1 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  DEBUG=$${DEBUG:-1} $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: $(VENV)/.synced
	DEBUG=1 $(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.synced
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DEBUG=1 $(VENV)/bin/mypy engage

fmt: $(VENV)/.synced
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: $(VENV)/.synced
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

# A CycloneDX software bill of materials of what a production install runs: the locked,
# hashed dependencies (uv.lock), without the development tools.
sbom: $(VENV)/.synced
	$(UV) export --locked --no-dev --no-emit-project --format requirements-txt --quiet > $(VENV)/sbom-requirements.txt
	$(VENV)/bin/cyclonedx-py requirements --pyproject pyproject.toml --mc-type application \
	  --output-reproducible --of JSON -o sbom.cdx.json $(VENV)/sbom-requirements.txt
	@echo "sbom.cdx.json: $$(grep -c '"bom-ref"' sbom.cdx.json) entries"

check-deploy: $(VENV)/.synced
	DEBUG=0 SECRET_KEY=$$(head -c 48 /dev/urandom | base64) ALLOWED_HOSTS=engage.example.org \
	  $(PY) manage.py check --deploy --fail-level WARNING

worker: $(VENV)/.synced
	DEBUG=$${DEBUG:-1} $(PY) manage.py db_worker

bench: $(VENV)/.synced
	@for b in $(if $(BENCH),$(BENCH),$(wildcard bench/bench_*.py)); do echo "== $$b"; DEBUG=1 $(PY) $$b || exit 1; done

# Refresh the vendored GOV.UK Frontend, htmx and axe-core from npm (not needed to run Engage).
vendor:
	scripts/vendor-assets.sh

# Extract and compile the Welsh catalogue (needs gettext's msgfmt; the compiled .mo is committed).
messages: $(VENV)/.synced
	DEBUG=1 $(PY) manage.py makemessages -l cy --ignore=.venv --ignore=.tools --ignore=staticfiles
	DEBUG=1 $(PY) manage.py compilemessages -l cy --ignore=.venv --ignore=.tools

# docs/permissions.md, from the permission matrix in tests/matrix/ (a test fails when it is stale).
permissions-doc: $(VENV)/.synced
	DEBUG=1 $(PY) scripts/permissions_doc.py

clean:
	rm -rf $(VENV) .tools staticfiles
