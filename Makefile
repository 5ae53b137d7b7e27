# Samhold: `make run` serves the site with demo content; `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.requirements-installed
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint setup bench clean messages

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

## setup: environment, database, geography, themes and demo content (idempotent)
setup: $(STAMP)
	$(MANAGE) migrate --noinput
	$(MANAGE) load_geography
	$(MANAGE) load_themes
	$(MANAGE) seed_demo

# Links in e-mail lead to the server `run` starts (make run PORT=8010 mails links to port 8010),
# unless SITE_URL is already set: in the environment, on the command line or in .env.
ifeq ($(shell grep -Eqs '^[[:space:]]*(export[[:space:]]+)?SITE_URL[[:space:]]*=' .env && echo set),)
run: export SITE_URL ?= http://$(HOST):$(PORT)
endif

## run: serve the site and its task worker on http://$(HOST):$(PORT)
run: setup
	@echo "Serving Samhold on http://$(HOST):$(PORT) (the task worker runs beside it; e-mail lands in var/mail/$${SITE_URL:+, its links lead to $$SITE_URL})."
	@trap 'kill 0' INT TERM EXIT; \
	$(MANAGE) db_worker --queue-name '*' --interval 2 --verbosity 0 & \
	( while sleep 300; do $(MANAGE) housekeeping; done ) & \
	$(MANAGE) runserver $(HOST):$(PORT)

## test: the whole suite, on SQLite, or on PostgreSQL when DATABASE_URL points there
test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## lint: the layer contract (no app imports one above it, nothing imports tests), ruff, djhtml
lint: $(STAMP)
	$(BIN)/lint-imports
	$(BIN)/ruff check .
	$(BIN)/djhtml --check templates

## bench: 10,000 groups into the configured database, then timed directory and group requests
bench: $(STAMP)
	$(MANAGE) migrate --noinput
	$(MANAGE) load_geography
	$(MANAGE) load_themes
	$(MANAGE) bench

## messages: rebuild the translation catalogues after changing interface text
messages: $(STAMP)
	$(MANAGE) makemessages -l nb --no-obsolete -i ".venv/*" -i "tests/*" -i "scripts/*"
	$(MANAGE) compilemessages -l nb -i ".venv/*"

clean:
	rm -rf $(VENV) var staticfiles
