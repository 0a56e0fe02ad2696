# Two commands do everything (see README.md):
#   make demo   install, load the demo data, start the dashboard on http://127.0.0.1:8000
#   make test   install, run the whole test suite
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: demo test install

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@# Browser tests use Debian's Chromium (Playwright's own browser download does not work here).
	command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

demo: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable
	$(PY) manage.py import_workbook fixtures/thurrock_2016_17.xlsx
	$(PY) manage.py create_demo_users
	$(PY) manage.py runserver 127.0.0.1:8000

test: install
	@# Lint (pyproject.toml [tool.ruff]) and the layout's direction ([tool.importlinter]): a finding fails the run.
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	@# Two workers, each test module on one (its shared data sets are written once there).
	$(PY) -m pytest -n 2 --dist loadfile
