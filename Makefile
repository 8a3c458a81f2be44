# sofint — every command a newcomer needs. `make help` lists them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed-$(shell sha1sum requirements.txt | cut -c1-12)
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install run setup migrate demo test test-fast fuzz lint format bench browser lock backup restore loadtest check-deploy clean

help: ## List the commands
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP) ## Create .venv and install the pinned dependencies

migrate: install ## Migrate the database (SQLite unless DATABASE_URL is set)
	$(PY) manage.py migrate --noinput

demo: migrate ## Load the SOFINT 2018 demo data and demo users (safe to repeat)
	$(PY) manage.py load_demo

setup: migrate ## Start empty: migrate and set up the förbund and its first förbundschef, no demo data (ARGS="--no-input --name …")
	$(PY) manage.py setup_forbund $(ARGS)

run: demo ## Install, migrate, load demo data and serve on http://127.0.0.1:8000, with the PDF render worker beside it
	$(PY) manage.py render_worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

AXE_VERSION := 4.11.0
AXE := $(VENV)/axe-core-$(AXE_VERSION)/axe.min.js

browser: $(AXE) ## Install Debian's chromium and axe-core for the browser tests when they are missing
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

$(AXE):
	mkdir -p $(VENV)/axe-download
	cd $(VENV)/axe-download && npm pack --silent axe-core@$(AXE_VERSION) >/dev/null && tar xzf axe-core-$(AXE_VERSION).tgz
	mkdir -p $(dir $(AXE)) && cp $(VENV)/axe-download/package/axe.min.js $(AXE) && rm -rf $(VENV)/axe-download

lint: install ## Check the code with ruff (lint and format)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install ## Format the code with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: install browser lint ## Run ruff and the whole test suite (DATABASE_URL picks the database)
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest

test-fast: install ## Run the suite without the browser tests
	$(BIN)/pytest -m "not browser"

fuzz: install ## Property-based tests, long: many new examples per URL and form (make test runs a fixed few)
	HYPOTHESIS_PROFILE=long $(BIN)/pytest -p no:cacheprovider tests/fuzz

bench: install ## Print the benchmark figures (page times and queries at 1x and 20x data, plan PDF and its cache)
	$(PY) bench/run.py

backup: install ## Write a complete backup: make backup [FILE=sofint-backup.json.gz]
	$(PY) manage.py backup $(if $(FILE),--output $(FILE))

restore: install ## Restore a backup into an empty database: make restore FILE=sofint-backup.json.gz
	$(PY) manage.py restore $(FILE)

loadtest: install ## Load test: gunicorn + PostgreSQL with 20x data, 20 users for 60 s (LOAD_SECONDS=…)
	$(PY) bench/loadtest.py

check-deploy: install ## Run Django's deployment checks with production settings
	DJANGO_SETTINGS_MODULE=sofint.settings.prod DJANGO_SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(64))') \
	DJANGO_ALLOWED_HOSTS=sofint.example DATABASE_URL=$${DATABASE_URL:-sqlite:///db.sqlite3} \
	$(PY) manage.py check --deploy --fail-level WARNING

lock: ## Re-pin requirements.txt from requirements.in (needs uv)
	uv pip compile requirements.in -o requirements.txt --python-version 3.11 --no-header

clean: ## Remove the virtual environment, the SQLite database and collected static files
	rm -rf $(VENV) db.sqlite3 staticfiles
