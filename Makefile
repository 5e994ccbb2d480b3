# Soffa developer tasks. `make` alone lists them.
# Works from a fresh clone on Debian 12 with only python3.11 and make installed:
# `make setup` (and so `make run` / `make test`) installs everything else.

VENV := .venv
# Newest acceptable interpreter on PATH; override with `make PYTHON=/path/to/python3.x`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV_STAMP := $(VENV)/.soffa-installed
NODE_STAMP := node_modules/.soffa-installed
HTMX := static/vendor/htmx.min.js
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
# Prerequisites run left to right: system packages first, then what is built with them.
.NOTPARALLEL:
.PHONY: help setup system-deps venv node translations messages run test lint format

help: ## List the targets
	@echo "Usage: make TARGET"
	@grep -E '^[a-zA-Z_-]+:.*## ' $(firstword $(MAKEFILE_LIST)) | \
		awk 'BEGIN {FS = ":.*## "}; {printf "  %-13s %s\n", $$1, $$2}'

setup: system-deps venv node translations ## Install everything needed to run and test

system-deps: ## Install missing Debian packages (PostgreSQL, Redis, Node.js, python venv)
	scripts/install-system-deps

venv: $(VENV_STAMP) ## Create .venv and install the project with dev tools

# Re-install only when pyproject.toml is newer than the last successful install.
$(VENV_STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "python3.11 (or python3 >= 3.11) not found"; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "$(PYTHON) is older than Python 3.11"; exit 1; }
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet -e '.[dev]'
	touch $@

node: $(HTMX) ## Install npm packages and copy front-end assets to static/vendor

# `npm ci` wipes node_modules, so the stamp is written after it.
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

$(HTMX): $(NODE_STAMP)
	npm run --silent vendor

translations: venv ## Compile portal/translations/*.po into .mo files (if any)
	@if ls portal/translations/*/LC_MESSAGES/*.po >/dev/null 2>&1; then \
		echo "$(VENV)/bin/pybabel compile -d portal/translations"; \
		$(VENV)/bin/pybabel compile -d portal/translations; \
	else \
		echo "translations: no portal/translations/*/LC_MESSAGES/*.po yet, nothing to compile"; \
	fi

# Wrapped at the code's line length (110), so a new string changes only its own lines in the catalogues.
messages: venv ## Extract strings into portal/translations/messages.pot and update the sv/da/en catalogues
	$(VENV)/bin/pybabel extract -F portal/translations/babel.cfg -k _l -k lazy_gettext --no-location \
		--sort-output --width 110 -o portal/translations/messages.pot .
	$(VENV)/bin/pybabel update -i portal/translations/messages.pot -d portal/translations --no-fuzzy-matching --ignore-obsolete \
		--width 110

run: setup ## Migrate, seed demo data and serve on http://127.0.0.1:5000
	SOFFA_ENV=development $(VENV)/bin/flask --app wsgi db upgrade
	SOFFA_ENV=development $(VENV)/bin/flask --app wsgi seed-demo
	SOFFA_ENV=development $(VENV)/bin/flask --app wsgi run --host 127.0.0.1 --port 5000

test: setup ## Run the test suite (starts its own PostgreSQL and Redis); PYTEST_ARGS=... to pass options
	$(VENV)/bin/python -m pytest $(PYTEST_ARGS)

lint: venv ## Check code with ruff (lint and formatting)
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

format: venv ## Format code and apply safe ruff fixes
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .
