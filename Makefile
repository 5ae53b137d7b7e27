# Samhold: `make run` serves the site with demo content; `make test` runs the whole suite;
# `make serve` runs the production stack.
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

## run: serve the site and its task worker on http://$(HOST):$(PORT), then print the demo accounts
# HOST and PORT go to the server and the task worker alike: unless SITE_URL is set (in the
# environment, on the command line or in .env), the development settings build the links in
# e-mail from them, so `make run PORT=8010` mails links to port 8010. The demo accounts are
# printed once the server answers, below its start-up lines. Ctrl+C stops them all, and so does
# the server stopping (see STOP_JOBS_ON_EXIT).
run: export HOST := $(HOST)
run: export PORT := $(PORT)
run: export DJANGO_RUNSERVER_HIDE_WARNING := true
run: setup
	@jobs=; $(STOP_JOBS_ON_EXIT); \
	$(HOUSEKEEPING_LOOP) & jobs=$$!; \
	$(MANAGE) db_worker --queue-name '*' --interval 2 --verbosity 0 & jobs="$$jobs $$!"; \
	$(MANAGE) runserver $(HOST):$(PORT) & server=$$!; jobs="$$jobs $$server"; \
	$(MANAGE) demo_accounts --wait-for $(HOST):$(PORT); \
	wait $$server

# The background jobs of `run` and `serve`, and how they are stopped.
# The recipe's shell keeps the PID of every job it starts and, when it ends for any reason (Ctrl+C,
# TERM, the server stopping or failing to start), sends each TERM and waits until all have gone. A
# job forked a moment before can lose that TERM (until its shell resets the trap it inherited, the
# signal only sets a flag that is then dropped: that is how a worker or housekeeping shell used to
# outlive a gunicorn that could not start), so whatever still runs after 5 s is sent TERM again
# (the worker then drops its current task), and KILL after 15 s. A second Ctrl+C kills at once.
# No `kill 0`: it also hit make and whatever shared its process group, such as a script that ran
# `make serve &`. (`$$!` is added in case the signal came between a fork and its bookkeeping;
# `sleep` in the loop also lets the shell reap the jobs that have ended.)
STOP_JOBS_ON_EXIT = stop() { jobs="$$jobs $$!"; trap '' TERM; trap 'kill -KILL $$jobs 2>/dev/null' INT; trap - EXIT; \
	kill $$jobs 2>/dev/null; alive=$$jobs; tenths=0; \
	while [ -n "$$alive" ] && [ $$tenths -lt 150 ]; do \
	  [ $$tenths = 50 ] && kill $$alive 2>/dev/null; sleep 0.2; tenths=$$((tenths + 2)); alive=; \
	  for job in $$jobs; do kill -0 $$job 2>/dev/null && alive="$$alive $$job"; done; \
	done; \
	kill -KILL $$alive 2>/dev/null; wait $$jobs 2>/dev/null; exit $$1; }; \
	trap 'stop 130' INT; trap 'stop 143' TERM; trap 'stop $$?' EXIT
# Housekeeping every five minutes, in a subshell that takes its `sleep` or `housekeeping` down with
# it on TERM. Both run as its background jobs so that the trap is not held up by them, and are
# killed outright: neither has anything to finish (a stopped housekeeping run rolls back), and one
# forked a moment earlier could lose a TERM. It must be the recipe's first job: `$$!` is then empty
# in the subshell until its first `sleep`, never another job's PID.
HOUSEKEEPING_LOOP = ( trap 'kill -KILL $$! 2>/dev/null; exit 0' TERM; \
	while sleep 300 & wait $$!; do $(MANAGE) housekeeping & wait $$!; done )

## serve: the production stack on http://$(HOST):$(PORT) and the configured database: gunicorn
## with the production settings, the task worker and housekeeping (see README, Production)
# Needs the variables samhold/settings/production.py requires (in the environment or .env).
# Migrates, loads the geography and themes (idempotent), collects the static files (hashed and
# compressed for whitenoise), then runs gunicorn: if it stops (Ctrl+C, or it could not start), or
# make is sent TERM, the worker and housekeeping are stopped too (see STOP_JOBS_ON_EXIT).
.PHONY: serve
GUNICORN := $(BIN)/gunicorn
serve: export DJANGO_SETTINGS_MODULE := samhold.settings.production
serve: export HOST := $(HOST)
serve: export PORT := $(PORT)
serve: $(STAMP)
	$(MANAGE) migrate --noinput
	$(MANAGE) load_geography
	$(MANAGE) load_themes
	$(MANAGE) collectstatic --noinput --verbosity 0
	@jobs=; $(STOP_JOBS_ON_EXIT); \
	$(HOUSEKEEPING_LOOP) & jobs=$$!; \
	$(MANAGE) db_worker --queue-name '*' --interval 2 --verbosity 0 & jobs="$$jobs $$!"; \
	$(GUNICORN) --config deploy/gunicorn.conf.py & server=$$!; jobs="$$jobs $$server"; \
	wait $$server

## sweep: hostile input (NUL, invalid UTF-8, 1 MB, header injection, script, SQL, …) into every
## public form and query parameter of the production stack on a scratch database (var/sweep, or
## SWEEP_DATABASE_URL); fails on any 5xx or anything saved twice (see README, Production)
.PHONY: sweep
sweep: $(STAMP)
	$(BIN)/python scripts/hostile_sweep.py --serve $(if $(SWEEP_DATABASE_URL),--database-url '$(SWEEP_DATABASE_URL)') $(SWEEP_ARGS)

## two-instances: two `make serve` stacks (gunicorn, production settings) on two ports against one PostgreSQL
## and one Redis prove the app servers share nothing else: a session, an edit, a login lockout and rate limits
## hold across both. TWO_INSTANCES_DATABASE_URL and TWO_INSTANCES_CACHE_URL name scratch databases (see README)
.PHONY: two-instances
two-instances: $(STAMP)
	@test -n "$(TWO_INSTANCES_DATABASE_URL)" && test -n "$(TWO_INSTANCES_CACHE_URL)" || { \
	  echo "Usage: make two-instances TWO_INSTANCES_DATABASE_URL=postgres://postgres@127.0.0.1:5432/samhold_two_instances TWO_INSTANCES_CACHE_URL=redis://127.0.0.1:6379/15" >&2; \
	  echo "Both must be scratch: the proof changes the database and empties the Redis database." >&2; exit 2; }
	TWO_INSTANCES_DATABASE_URL="$(TWO_INSTANCES_DATABASE_URL)" TWO_INSTANCES_CACHE_URL="$(TWO_INSTANCES_CACHE_URL)" \
	  $(BIN)/python scripts/two_instances.py $(TWO_INSTANCES_ARGS)

## test: the whole suite, on SQLite, or on PostgreSQL when DATABASE_URL points there
test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## lint: the layer contract (no app imports one above it, nothing imports tests), ruff, djhtml
lint: $(STAMP)
	$(BIN)/lint-imports
	$(BIN)/ruff check .
	$(BIN)/djhtml --check templates

## bench: GROUPS groups (10,000) into the configured database, then timed directory and group requests
## (make bench GROUPS=100000 for a country the size of Germany)
GROUPS ?= 10000
bench: $(STAMP)
	$(MANAGE) migrate --noinput
	$(MANAGE) load_geography
	$(MANAGE) load_themes
	$(MANAGE) bench --groups $(GROUPS)

## loadtest: gunicorn with the production settings on the configured database (fill it with make bench),
## CLIENTS (16) concurrent clients for SECONDS (60) through the request mix, forms posted too; prints
## requests per second, p50/p95/p99 and errors. URL=http://host:port measures a running site instead.
CLIENTS ?= 16
SECONDS ?= 60
.PHONY: loadtest
loadtest: $(STAMP)
	$(BIN)/python scripts/loadtest.py --clients $(CLIENTS) --seconds $(SECONDS) $(if $(URL),--url $(URL))

## messages: rebuild the translation catalogues after changing interface text
messages: $(STAMP)
	$(MANAGE) makemessages -l nb --no-obsolete -i ".venv/*" -i "tests/*" -i "scripts/*"
	$(MANAGE) compilemessages -l nb -i ".venv/*"

clean:
	rm -rf $(VENV) var staticfiles

# Backups: they hold personal data, so they are readable by their owner only (0700/0600) and are
# deleted after BACKUP_KEEP_DAYS (SAMHOLD_RETENTION["backup"], 30 days). See README, Backups.
.PHONY: backup restore backup-drill

## backup: database (pg_dump -Fc, or SQLite's online backup), media and information letters
## into BACKUP_DIR (default var/backups)/samhold-<time>/, then the backups older than BACKUP_KEEP_DAYS deleted
backup: $(STAMP)
	$(MANAGE) backup

## restore: BACKUP=<path> into a fresh scratch database (<name>_restore); the live site is untouched.
## REPLACE_LIVE=yes replaces the live database, media and private files (asks for the database's name)
restore: $(STAMP)
	@test -n "$(BACKUP)" || { echo "Usage: make restore BACKUP=var/backups/samhold-<time> [REPLACE_LIVE=yes]" >&2; exit 2; }
	$(MANAGE) restore "$(BACKUP)" $(if $(filter yes,$(REPLACE_LIVE)),--replace-live-database)

## backup-drill: back up, restore into a scratch database, compare every table and file; fails on a difference
backup-drill: $(STAMP)
	$(BIN)/python scripts/backup_drill.py
