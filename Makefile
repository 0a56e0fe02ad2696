# Two commands do everything (see README.md):
#   make demo   install, load the demo data, start the dashboard on http://127.0.0.1:$(PORT) (8000)
#   make test   install with the test tools and Chromium, run the checks and the whole test suite
# And production (README "Production"): make serve, on PostgreSQL, from environment variables.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
# From the environment when set there: the port and address to listen on, and gunicorn's workers.
PORT ?= 8000
BIND ?= 127.0.0.1
WEB_CONCURRENCY ?= 2

.PHONY: demo serve test install install-test assets

# What the product needs to run: no root, no browser.
install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

# And what the tests need: the test tools, and Debian's Chromium for the browser tests (as root;
# Playwright's own browser download does not work here).
install-test: $(VENV)/.installed-test

$(VENV)/.installed-test: $(VENV)/.installed
	command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

# The quarters Thurrock published, each on the day its report went to the Corporate Overview and
# Scrutiny Committee (the committee's work programme in the Q3 agenda, ../shared/seeds/000_...txt).
DEMO_PUBLISHED := 2016-Q1=2016-09-20 2016-Q2=2016-11-22 2016-Q3=2017-03-14
# And the 2014/15 mid-year report whose corporate plan progress the demo loads (Quarter 2 2014/15,
# ../shared/seeds/001_...txt): it names no day, was written before 28 November 2014 and sends a report
# "to Cabinet in December"; 10 December 2014 is the demo's choice of day, not the council's record.
PLAN_DEMO_PUBLISHED := 2014-Q2=2014-12-10
# The demo asks for DEBUG (off unless asked for): its pages on plain http, no SECRET_KEY needed.
demo: export DEBUG := True
# Its figures end with December 2016 (Quarter 3): due dates, late figures and reminders count from
# 15 January 2017, the month after, after December's due day, not from today (README, "As of").
# KPI_AS_OF set in the environment wins; set empty, the demo counts from today.
demo: export KPI_AS_OF ?= 2017-01-15
# Its SPC charts (reports/spc.py) judge 2016/17's nine months: NHS England's MDC rules give a series of
# fewer than 13 points no limits and no icons, NHSRplotthedots' judge it (with a short-baseline warning).
# Set in the environment, KPI_SPC_RULES wins; production's default is mdc.
demo: export KPI_SPC_RULES ?= ptd
demo: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable
	$(PY) manage.py import_workbook fixtures/thurrock_2016_17.xlsx
	$(PY) manage.py publish_quarter $(DEMO_PUBLISHED)
	$(PY) manage.py create_demo_users
	$(PY) manage.py load_tracker
	$(PY) manage.py load_corporate_plan
	$(PY) manage.py publish_quarter $(PLAN_DEMO_PUBLISHED)
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# Production: DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS … from the environment or .env (README "Production").
# Each step is safe to repeat: it brings the database, the cache table and the static files up to this
# release, fills the shared cache, then serves.
serve: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable
	$(PY) manage.py collectstatic --noinput
	$(PY) manage.py warm_cache
	$(VENV)/bin/gunicorn thurrock_kpi.wsgi:application --bind $(BIND):$(PORT) --workers $(WEB_CONCURRENCY)

test: install-test
	@# Lint (pyproject.toml [tool.ruff]) and the layout's direction ([tool.importlinter]): a finding fails the run.
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	@# Security findings in our code: any above low fails the run (each `# nosec` says why above it).
	$(VENV)/bin/bandit --recursive kpis reports plan scrutiny thurrock_kpi --quiet --severity-level medium
	@# Known vulnerabilities of what is installed, where the advisory service answers (.ci/audit.py).
	$(PY) .ci/audit.py
	@# Two workers, each test module on one (its shared data sets are written once there).
	$(PY) -m pytest -n 2 --dist loadfile

# Optional, for whoever upgrades plotly.js or GOV.UK Frontend; the demo and the tests never need npm.
# Fetches, into a temporary folder:
# - plotly.js's cartesian bundle (scatter, bar ...: what our charts draw, a third of the full bundle)
#   at PLOTLY_JS_VERSION, copies it and its licence to static/vendor/plotly/, and writes
#   static/css/plotly.css from it again (thurrock_kpi/plotly_css.py);
# - GOV.UK Frontend at GOVUK_FRONTEND_VERSION and Sass, compiles static/scss/govuk.scss (the council's
#   build: system font, no crown) and copies the CSS, the ES module and the licence to
#   static/vendor/govuk-frontend/. Source-map comments are dropped: no map is served.
PLOTLY_JS_VERSION ?= 4.1.1
GOVUK_FRONTEND_VERSION ?= 6.6.0
SASS_VERSION ?= 1.108.2
GOVUK := static/vendor/govuk-frontend
assets:
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	npm install --silent --no-save --no-package-lock --prefix "$$tmp" plotly.js-cartesian-dist-min@$(PLOTLY_JS_VERSION) \
	    govuk-frontend@$(GOVUK_FRONTEND_VERSION) sass@$(SASS_VERSION) && \
	cp "$$tmp/node_modules/plotly.js-cartesian-dist-min/plotly-cartesian.min.js" \
	   "$$tmp/node_modules/plotly.js-cartesian-dist-min/LICENSE" static/vendor/plotly/ && \
	echo $(PLOTLY_JS_VERSION) > static/vendor/plotly/VERSION && \
	mkdir -p $(GOVUK) && \
	"$$tmp/node_modules/.bin/sass" --load-path="$$tmp/node_modules" --style=compressed --no-source-map \
	    static/scss/govuk.scss $(GOVUK)/govuk-frontend.min.css && \
	sed '/^\/\/# sourceMappingURL=/d; s|//# sourceMappingURL=[^ ]*$$||' \
	    "$$tmp/node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js" > $(GOVUK)/govuk-frontend.min.js && \
	echo $(GOVUK_FRONTEND_VERSION) > $(GOVUK)/VERSION
	$(PY) -m thurrock_kpi.plotly_css
	sha256sum static/vendor/plotly/plotly-cartesian.min.js $(GOVUK)/govuk-frontend.min.css $(GOVUK)/govuk-frontend.min.js
