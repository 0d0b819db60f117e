# Pact Portal. `make run` starts the portal with demo data; `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
SERVICES := $(BIN)/python -m pact.devservices

.PHONY: compilemessages run test install system-deps bench-deps lint typecheck pytest browser bench seed-scale messages clean

$(BIN)/.installed: pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/.installed

# Debian packages the browser, PDF and translation checks need (installed only when missing, as root).
system-deps:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v chromedriver >/dev/null 2>&1 || missing="$$missing chromium-driver"; \
	command -v pdftoppm >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	command -v msgfmt >/dev/null 2>&1 || missing="$$missing gettext"; \
	ldconfig -p 2>/dev/null | grep -q libpango-1.0 || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset || missing="$$missing libharfbuzz-subset0"; \
	fc-list 2>/dev/null | grep -qi dejavu || missing="$$missing fonts-dejavu-core"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing:$$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Missing system packages:$$missing (install them with your package manager)"; exit 1; fi; \
	fi

# The benchmark's load generator: wrk (Debian package), only for `make bench`.
bench-deps:
	@if ! command -v wrk >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing: wrk"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	  else echo "Missing system package: wrk (install it with your package manager)"; exit 1; fi; \
	fi

# Compiled catalogues are built, not committed (binary files do not merge): with GNU gettext's
# msgfmt when the machine has it (it also checks placeholders), else with polib (pure Python).
compilemessages: install
	@if command -v msgfmt >/dev/null 2>&1; then \
	  $(BIN)/python manage.py compilemessages --ignore=.venv -v 0; \
	else \
	  $(BIN)/python -c "import glob, polib; [polib.pofile(p).save_as_mofile(p[:-2] + 'mo') for p in glob.glob('locale/*/LC_MESSAGES/*.po')]"; \
	fi

run: install compilemessages
	$(SERVICES) run

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: install
	$(BIN)/mypy .

pytest: install
	$(SERVICES) exec -- $(BIN)/pytest $(PYTEST_ARGS)

test: install system-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .
	$(BIN)/lint-imports
	$(MAKE) --no-print-directory compilemessages
	$(SERVICES) exec -- sh -c '$(BIN)/python manage.py makemigrations --check --dry-run && PACT_TESTING=1 $(BIN)/pytest $(PYTEST_ARGS)'

# Only the real-browser journeys (Chromium, live server, Celery worker); screenshots in tests/artifacts/.
browser: install system-deps
	$(SERVICES) exec -- sh -c 'PACT_TESTING=1 $(BIN)/pytest -m browser $(PYTEST_ARGS)'

messages: install
	$(BIN)/python manage.py makemessages -l fr -l de --ignore=.venv --ignore=tests --ignore=bench
	$(BIN)/python manage.py compilemessages --ignore=.venv

seed-scale: install
	$(SERVICES) exec -- $(BIN)/python manage.py seed_scale

# The benchmark uses its own database and Redis (when the embedded ones are used), so a running
# `make run` keeps its demo data and queue; its data set is kept for the next run of the same
# scale (BENCH_RESEED=1 seeds anew). BENCH_SCALE=1 for the full data set (see bench/run.py);
# BENCH_REDIS_PORT moves the embedded Redis when another run has the default port.
BENCH_REDIS_PORT ?= 6391
bench: install system-deps bench-deps
	PACT_DB_NAME=pact_bench PACT_REDIS_PORT=$(BENCH_REDIS_PORT) $(SERVICES) exec -- $(BIN)/python bench/run.py

clean:
	rm -rf .devdata
