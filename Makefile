# eventhub: `make run` serves the demo event; `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
LANGS := fr es ar

.PHONY: run serve setup install translations compile-translations migrate demo test test-postgres worker bench clean

run: setup demo
	@echo "Serving http://127.0.0.1:5000/ (jobs consumer running alongside; Ctrl-C stops both)"
	@trap 'kill 0' INT TERM EXIT; \
	$(FLASK) jobs run --workers 2 & \
	$(BIN)/gunicorn --bind 127.0.0.1:5000 --workers 2 --access-logfile - wsgi:app

setup: install compile-translations migrate

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'

# Extract messages, merge them into every catalog, compile. Obsolete entries are dropped
# and no fuzzy guesses are made: a missing translation must show up as missing.
translations: $(BIN)/python
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k ngettext:1,2 -o translations/messages.pot --no-location --sort-output --omit-header .
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete
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

test-postgres: setup
	EVENTHUB_TEST_DATABASE_URL=$${EVENTHUB_TEST_DATABASE_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/test} \
	EVENTHUB_TEST_REDIS_URL=$${EVENTHUB_TEST_REDIS_URL:-redis://127.0.0.1:6379/0} \
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: setup
	for script in bench/*.py; do $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) instance *.egg-info translations/*/LC_MESSAGES/*.mo
