# eventhub: `make run` serves the demo event; `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
LANGS := fr es ar

.PHONY: run serve setup html-checker install system-check system-packages translations compile-translations migrate demo test test-postgres worker bench bench-postgres clean

run: setup demo
	@echo "Serving http://127.0.0.1:5000/ (jobs consumer running alongside; Ctrl-C stops both)"
	@trap 'kill 0' INT TERM EXIT; \
	$(FLASK) jobs run --workers 2 & \
	$(BIN)/gunicorn --bind 127.0.0.1:5000 --workers 2 --access-logfile - wsgi:app

setup: system-check install compile-translations migrate html-checker

# The Nu HTML checker (tests/test_nu_checker.py) as the `vnu-jar` npm package, in .tools/;
# it needs java and npm, and the test skips with the reason when either is missing.
VNU_JAR := .tools/node_modules/vnu-jar/build/dist/vnu.jar
html-checker:
	@if [ -f $(VNU_JAR) ]; then :; \
	elif command -v npm >/dev/null && command -v java >/dev/null; then \
	  npm install --silent --no-audit --no-fund --prefix .tools vnu-jar >/dev/null 2>&1 \
	    || echo "Could not install the Nu HTML checker (npm install vnu-jar); its test will skip."; \
	else echo "The Nu HTML checker needs java and npm; its test will skip."; fi

# On a fresh Debian/Ubuntu machine set-up as root installs the system packages; elsewhere it
# says what is missing (the PDF compilation and its tests need them).
system-check:
	@if ldconfig -p 2>/dev/null | grep -q libpango-1.0 && command -v pdftotext >/dev/null; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	  apt-get update -qq >/dev/null && $(MAKE) --no-print-directory system-packages; \
	else echo "Missing system packages for the PDF compilation: run 'make system-packages' (needs sudo)."; fi

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'

# System libraries the Python packages need: Pango (WeasyPrint lays out the PDF compilation,
# HarfBuzz shaping Arabic), a font covering Latin and Arabic, and poppler-utils (pdftotext,
# the PDF tests read the text back). Debian/Ubuntu; run as root or with sudo.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core poppler-utils
system-packages:
	@if command -v apt-get >/dev/null; then \
	  SUDO=$$( [ "$$(id -u)" = "0" ] || echo sudo ); \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $(SYSTEM_PACKAGES); \
	else echo "Install with your package manager: Pango, HarfBuzz, DejaVu or Noto fonts, poppler-utils"; fi

# Extract messages, merge them into every catalog, compile. Obsolete entries are dropped
# and no fuzzy guesses are made: a missing translation must show up as missing.
translations: $(BIN)/python
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k ngettext:1,2 -k lazy_ngettext:1,2 -o translations/messages.pot --no-location --sort-output --omit-header .
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete
	$(BIN)/python tools/french_typography.py translations/fr/LC_MESSAGES/messages.po
	$(MAKE) compile-translations

compile-translations: $(BIN)/python
	$(BIN)/pybabel compile -d translations --statistics 2>&1 | grep -v "^$$" || true

migrate:
	$(FLASK) db upgrade

demo:
	$(FLASK) demo load

worker:
	$(FLASK) jobs run

test: setup
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The PostgreSQL + Redis pass leaves out the browser tests (@pytest.mark.browser, ~400): they
# check what Chromium shows, which does not depend on the database, and every database path
# they take is also tested without a browser. Both passes must fit CI's 90 minutes.
# `make test-postgres POSTGRES_MARKERS=` runs everything.
POSTGRES_MARKERS ?= not browser
test-postgres: setup
	EVENTHUB_TEST_DATABASE_URL=$${EVENTHUB_TEST_DATABASE_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/test} \
	EVENTHUB_TEST_REDIS_URL=$${EVENTHUB_TEST_REDIS_URL:-redis://127.0.0.1:6379/0} \
	$(BIN)/python -m pytest -m "$(POSTGRES_MARKERS)" $(PYTEST_ARGS)

# Every bench script in turn (a missed target does not stop the others), then one table of
# every target with its backend, median, range and pass/miss (bench/summary.py); exit 1 on
# a miss. Each script runs on every backend of BENCH_BACKENDS it takes (`--backend`, see
# docs/development.md); scripts without that argument run once, on SQLite. The PostgreSQL +
# Redis pass uses EVENTHUB_TEST_DATABASE_URL's server (each script makes a database of its
# own and drops it) and EVENTHUB_TEST_REDIS_URL; when they do not answer it is skipped with
# the reason. `make bench BENCH_BACKENDS=sqlite` (or `make bench-postgres`) runs one pass;
# `make bench BENCH_SCRIPTS="bench/jobs.py bench/console.py"` some scripts only.
BENCH_RESULTS ?= instance/bench-results.jsonl
BENCH_BACKENDS ?= sqlite postgresql
BENCH_SCRIPTS ?= $(wildcard bench/*.py)
bench: setup
	@mkdir -p $(dir $(BENCH_RESULTS)); rm -f $(BENCH_RESULTS); failed=0; backends="$(BENCH_BACKENDS)"; \
	case " $$backends " in *" postgresql "*) \
	  if ! why=$$($(BIN)/python bench/harness.py --check-postgres); then \
	    echo "Skipping the PostgreSQL + Redis pass: $$why"; backends=$$(echo " $$backends " | sed 's/ postgresql / /'); \
	  fi;; esac; \
	for script in $(BENCH_SCRIPTS); do \
	  case $$script in bench/harness.py|bench/floor_app.py|bench/summary.py|bench/__init__.py) continue;; esac; \
	  for backend in $$backends; do \
	    if grep -q -- '"--backend"' $$script; then args="--backend $$backend"; \
	    elif [ "$$backend" = sqlite ]; then args=""; else continue; fi; \
	    echo "== $$script $$args ($$(date -u +%H:%M:%S) UTC, load $$(cut -d' ' -f1-3 /proc/loadavg))"; \
	    EVENTHUB_BENCH_RESULTS=$(abspath $(BENCH_RESULTS)) $(BIN)/python $$script $$args || failed=1; \
	  done; \
	done; \
	$(BIN)/python bench/summary.py $(BENCH_RESULTS) || failed=1; exit $$failed

bench-postgres:
	$(MAKE) --no-print-directory bench BENCH_BACKENDS=postgresql

clean:
	rm -rf $(VENV) instance *.egg-info translations/*/LC_MESSAGES/*.mo
