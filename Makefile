# The two set-up commands of the README: `make run` and `make test`. Everything else is a step of those.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.12 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install browser lint format migrate demo worker messages clean serve

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 12), "WomenLead needs Python 3.12, found " + sys.version' \
	  || { echo "Python 3.12 is needed (pyenv: 'pyenv install 3.12'; Debian: python3.12)."; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

install: $(STAMP)

# Debian's Chromium for the browser tests (Playwright drives it; it never downloads a browser of its own).
browser:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; fi; }

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: install browser lint
	DJANGO_SETTINGS_MODULE=config.test_settings $(BIN)/python manage.py makemigrations --check --dry-run -v0 || { echo "Model changes without a migration."; exit 1; }
	$(BIN)/pytest $(PYTEST_ARGS)

migrate: install
	DEBUG=1 $(BIN)/python manage.py migrate --no-input

demo: migrate
	DEBUG=1 $(BIN)/python manage.py load_reference_data
	DEBUG=1 $(BIN)/python manage.py load_demo_data

# The development server and the background task worker, on the embedded SQLite database by default.
run: demo
	@trap 'kill 0' EXIT INT TERM; \
	DEBUG=1 $(BIN)/python manage.py db_worker --interval 1 & \
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

# Production-like (README.md, "Production"): collectstatic, then gunicorn and the task worker, with DEBUG
# off unless set and the rest of the environment as it is (SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL ...).
serve: install
	$(BIN)/python manage.py collectstatic --no-input -v0
	@trap 'kill 0' EXIT INT TERM; \
	$(BIN)/python manage.py db_worker & \
	GUNICORN_BIND=$${GUNICORN_BIND:-$(HOST):$(PORT)} $(BIN)/gunicorn -c config/gunicorn.conf.py config.wsgi

messages: install
	cd . && DEBUG=1 $(BIN)/python manage.py makemessages -l vi --no-obsolete --ignore=.venv --ignore=tests --ignore=bench
	DEBUG=1 $(BIN)/python manage.py compilemessages -l vi --ignore=.venv

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* staticfiles
