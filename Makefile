# Lärspår – the commands a newcomer needs. See README.md.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= config.settings.local

.PHONY: run test test-postgres test-calendar html-check proxy-test lint format bench loadtest install migrate demo messages clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

## Serve the demo on http://127.0.0.1:$(PORT) (SQLite, demo accounts in README.md)
## with the background-task worker beside it (stopped when the server stops)
# QR codes and shared links name the address the demo is served at.
run: demo
	export LARSPAR_BASE_URL=$${LARSPAR_BASE_URL:-http://127.0.0.1:$(PORT)}; \
	$(PY) manage.py db_worker --no-reload --verbosity 1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# Both cores by default; `make test PYTEST_ARGS="-n 0 -x tests/quizzes"` for one area.
PYTEST_ARGS ?= -n auto

## Run the whole test suite (browser tests skip when Chromium is missing)
test: install
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) -m pytest -q $(PYTEST_ARGS)

## The same suite against PostgreSQL
test-postgres: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} \
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) -m pytest -q $(PYTEST_ARGS)

## The date-sensitive tests at month and year ends, a leap day and both DST changes
test-calendar: install
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) -m pytest -q $(PYTEST_ARGS) --calendar -m dates

# The Nu HTML Checker comes from the npm package vnu-jar (pinned in package.json);
# its install script only fetches a Java runtime, which the machine has.
VNU_JAR := node_modules/vnu-jar/build/dist/vnu.jar
$(VNU_JAR): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

## Zero errors from the Nu HTML Checker on every non-admin page kind (needs Java and npm;
## the pages are left in build/html/)
html-check: install $(VNU_JAR)
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) -m pytest -q -n 0 -m html

## nginx in front of gunicorn on loopback: six slow clients must not stop four
## normal requests (deploy/proxy_test.py; needs nginx: apt-get install nginx)
proxy-test: install
	$(PY) deploy/proxy_test.py

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## Timing figures (prints them; not a test)
bench: install
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) -m bench

## Simulated learners against gunicorn + PostgreSQL on loopback (locust, headless,
## LOADTEST_USERS=30 for LOADTEST_SECONDS=60); checks every acknowledged completion
## is in the database. Not a test and not in CI.
loadtest: install
	$(PY) -m loadtest

## Recompile the interface translations after editing locale/*.po
messages: install
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles
