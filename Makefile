# Parley's entry points. `make run` serves the site with demo content on
# http://127.0.0.1:8000/; `make test` runs every check CI runs. Both install first.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := install
MAKEFLAGS += --no-print-directory

BIN := .venv/bin
PYTHON_STAMP := .venv/.installed
NODE_STAMP := node_modules/.installed
CSS := src/parley/static/build/parley.css
# Translations: every catalogue (src/parley/locale and each app's locale/) compiled beside itself.
MO := $(patsubst %.po,%.mo,$(shell find src -name '*.po' -path '*/LC_MESSAGES/*'))
# Django templates, in djLint's layout ([tool.djlint] in pyproject.toml).
TEMPLATES := src/parley/templates $(wildcard src/parley/*/templates)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help install run test templates lock clean chromium gettext

help:
	@echo "make install   Python deps from requirements.lock, GOV.UK Frontend, built CSS (idempotent)"
	@echo "make run       migrate, collect static files, load demo content, serve on $(HOST):$(PORT)"
	@echo "make test      lint, format, types, migrations, bandit, pip-audit, then the test suite"
	@echo "make templates rewrite the templates into djLint's layout, which make test checks"
	@echo "make lock      re-pin requirements.lock from pyproject.toml (UPGRADE=1 for newest)"
	@echo "make clean     remove .venv, node_modules and built assets (keeps var/ data)"

install: $(PYTHON_STAMP) $(CSS) chromium gettext $(MO) var

$(PYTHON_STAMP): requirements.lock pyproject.toml scripts/install-python
	scripts/install-python
	@touch $@

$(NODE_STAMP): package.json $(wildcard package-lock.json)
	@command -v npm >/dev/null || { echo "npm not found: install Node.js 20.19+ with npm" >&2; exit 1; }
	if [[ -f package-lock.json ]]; then npm ci --omit=optional --ignore-scripts --no-audit --no-fund; \
	else npm install --omit=optional --ignore-scripts --no-audit --no-fund; fi
	@touch $@

$(CSS): $(NODE_STAMP) $(wildcard src/parley/static_src/*.scss) scripts/copy-govuk-assets
	npm run --silent build

# Browser tests drive Debian's chromium; installed when missing and we may.
chromium:
	@if [[ ! -x /usr/bin/chromium ]]; then \
	    if [[ $$(id -u) == 0 ]] && command -v apt-get >/dev/null; then \
	        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	            --no-install-recommends chromium fonts-liberation >/dev/null; \
	    else \
	        echo "note: browser tests need chromium at /usr/bin/chromium (apt-get install chromium)"; \
	    fi; \
	fi

# msgfmt compiles the Welsh catalogues; makemessages needs xgettext. Both are GNU gettext.
gettext:
	@if ! command -v msgfmt >/dev/null; then \
	    if [[ $$(id -u) == 0 ]] && command -v apt-get >/dev/null; then \
	        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	            --no-install-recommends gettext >/dev/null; \
	    else \
	        echo "gettext not found: install it (apt-get install gettext)" >&2; exit 1; \
	    fi; \
	fi

%.mo: %.po | gettext
	msgfmt --check --output-file $@ $<

var:
	mkdir -p var

run: install
	$(BIN)/parley migrate --noinput
	$(BIN)/parley collectstatic --noinput --verbosity 0
	$(BIN)/parley demo
	exec env SITE_URL="$${SITE_URL:-http://$(HOST):$(PORT)}" $(BIN)/parley serve --host $(HOST) --port $(PORT)

# DATABASE_URL from the environment picks the database (SQLite when unset).
test: install
	$(BIN)/ruff check $(wildcard src tests bench)
	$(BIN)/ruff format --check $(wildcard src tests bench)
	$(BIN)/mypy
	$(BIN)/lint-imports  # the layer contracts in pyproject.toml (docs/architecture.md)
	$(BIN)/djlint --lint --extend-exclude=none $(TEMPLATES)  # =none: lint e-mails, kept out of the formatter
	$(BIN)/djlint --check $(TEMPLATES)  # their layout is djLint's: `make templates` writes it
	$(BIN)/parley makemigrations --check --dry-run
	$(BIN)/bandit -q -r src -c pyproject.toml
	$(BIN)/pip-audit -r requirements.lock --require-hashes --disable-pip --progress-spinner off
	$(BIN)/parley collectstatic --noinput --verbosity 0
	$(BIN)/pytest -n 2

# djLint settles some lines only on a second pass (a tag it moved makes room for another), so
# two passes, then the same check as `make test`. Run it after editing templates.
templates: $(PYTHON_STAMP)
	-$(BIN)/djlint --reformat --quiet $(TEMPLATES)
	-$(BIN)/djlint --reformat --quiet $(TEMPLATES)
	$(BIN)/djlint --check $(TEMPLATES)

lock: $(BIN)/python
	UV_LINK_MODE=copy $(BIN)/uv pip compile pyproject.toml --extra dev --extra notify --generate-hashes \
	    --universal --python-version 3.12 --custom-compile-command "make lock" --quiet \
	    $(if $(UPGRADE),--upgrade) --output-file requirements.lock

$(BIN)/python:
	scripts/install-python
	@touch $(PYTHON_STAMP)

clean:
	rm -rf .venv node_modules src/parley/static/build var/static .mypy_cache .ruff_cache .import_linter_cache
	find src -name "*.mo" -delete
	find src tests -name __pycache__ -type d -prune -exec rm -rf {} +
