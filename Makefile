# EndReprisals — the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve test test-sqlite test-postgres lint check bootstrap data bench bench-ingest bench-suite bench-search lock clean-db messages

# Under `make run`, mail is kept in var/mail/ (listed at /ops/mail/) and links point at HOST:PORT;
# set EMAIL_BACKEND or SITE_URL in the environment to override.
run: export EMAIL_BACKEND ?= django.core.mail.backends.filebased.EmailBackend
run: export SITE_URL ?= http://$(HOST):$(PORT)
run: bootstrap data ## Install, migrate, load reference and demo data, serve on http://127.0.0.1:8000
	@echo "Serving on http://$(HOST):$(PORT)/ with background workers (mail and reports) and the periodic jobs (Ctrl-C stops all)"
	@trap 'kill $$worker $$periodic 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) db_worker --interval 1 & worker=$$!; $(MANAGE) db_worker --queue-name ingest --interval 1 & worker="$$worker $$!"; \
	$(MANAGE) run_periodic & periodic=$$!; \
	$(MANAGE) runserver $(HOST):$(PORT) --noreload

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Re-install only when a pinned requirements file changes.
$(VENV)/.installed: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

bootstrap: $(VENV)/.installed
	@mkdir -p var/static

data: bootstrap
	$(MANAGE) migrate --noinput
	$(MANAGE) load_reference
	$(MANAGE) load_demo
	$(MANAGE) load_states
	$(MANAGE) load_campaigns

lint: bootstrap
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check: bootstrap
	$(MANAGE) makemigrations --check --dry-run
	$(MANAGE) check
	ENDREPRISALS_ENV=production SECRET_KEY=check-only-$$(head -c 48 /dev/urandom | base64 | tr -dc a-zA-Z0-9) \
	  INTAKE_PUBLIC_KEY=$$(head -c 32 /dev/urandom | base64) \
	  ALLOWED_HOSTS=example.org DATABASE_URL=sqlite:///var/check.sqlite3 \
	  $(MANAGE) check --deploy --fail-level WARNING

test: lint check test-sqlite test-postgres ## The whole suite: SQLite, then PostgreSQL if DATABASE_URL is set

# Two processes (pytest-xdist, one test database each), tests handed out in order: each process
# runs the tests that flush the database (live server, browser) after the others, as
# pytest-django orders them; work stealing broke that order. Time: bench/results/suite.json.
PYTEST := $(BIN)/pytest -q -n auto --dist load

test-sqlite: bootstrap
	env -u DATABASE_URL $(PYTEST)

test-postgres: bootstrap
	@if [ -n "$$DATABASE_URL" ]; then \
	  echo "== PostgreSQL: $$DATABASE_URL"; $(PYTEST); \
	else echo "DATABASE_URL is not set: skipping the PostgreSQL run"; fi

bench: bootstrap
	$(BIN)/python bench/run_all.py

bench-ingest: bootstrap ## Ingestion quality (precision, recall, F1) and speed on the gold reports → bench/results/ingest.json
	$(BIN)/python bench/ingest.py

bench-suite: bootstrap ## How long `make test` takes here, per database → bench/results/suite.json
	$(BIN)/python bench/suite_time.py

bench-search: bootstrap ## Search quality (recall@10, MRR, zero results) and speed at 100,000 cases, both databases → bench/results/search_quality.json
	$(BIN)/python bench/search_quality.py

lock: ## Re-pin after editing requirements*.in (needs the package registry)
	rm -rf .lockenv && $(PYTHON) -m venv .lockenv && .lockenv/bin/pip install --quiet -r requirements-dev.in
	.lockenv/bin/pip freeze > requirements.lock.txt && rm -rf .lockenv
	@echo "Split requirements.lock.txt into requirements.txt (runtime) and requirements-dev.txt (dev)."

# Translations (docs: README, "Translations"). Needs GNU gettext (apt-get install gettext) —
# only this target does: the compiled .mo files are committed, so `make run` and `make test`
# work without it. No JavaScript file holds interface text, so there is no djangojs domain.
LOCALES := -l fr -l es -l ar -l zh_Hans -l ru
MESSAGES_IGNORE := --ignore '.venv/*' --ignore 'var/*' --ignore 'bench/*' --ignore 'test-artifacts/*' \
	--ignore 'tests_ui/*' --ignore '*/tests/*' --ignore 'static/*'
messages: bootstrap ## Extract the interface text into locale/*/LC_MESSAGES/django.po and compile it
	$(MANAGE) makemessages $(LOCALES) $(MESSAGES_IGNORE) --add-location file --no-obsolete
	$(MANAGE) compilemessages $(LOCALES) --ignore '.venv/*'

clean-db:
	rm -f var/endreprisals.sqlite3*
