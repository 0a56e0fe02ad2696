"""Each public page's server time against its floor, warm and on the first request after a change.

    .venv/bin/python benchmarks/pages.py --indicators 1000 --years 10 --rounds 15
    .venv/bin/python benchmarks/pages.py --indicators 3000 --years 10 --rounds 15
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kpi_bench .venv/bin/python benchmarks/pages.py --indicators 1000

Builds the seeded synthetic council of benchmarks/synthetic.py (on SQLite in
benchmarks/pages.sqlite3, or in DATABASE_URL's database, which it empties first: its name
must say bench or test), then requests each public page through django.test.Client with
DEBUG=False, as an anonymous reader: home (/), the quarter summary, the scorecard table,
the table filtered by status, a portfolio holder's table and an indicator's page.

For each page, three things are timed in turn within every round (never phase by phase):

- warm: the page requested again with nothing changed since the last request;
- first after a change: just before it (untimed), the year target of the indicator the
  benchmark watches (a monthly KPI of the portfolio shown, so on every page) is saved
  through the ORM (Model.save(), as the admin saves it), alternately unreachable and met,
  so its status flips: whatever the page keeps from earlier requests must be recomputed
  (the benchmark checks once that the page changes with it);
- the floor: the page's essential work, and no more: reading its data from the database
  and writing its bytes. The SQL statements the page runs on a first request after a
  change are captured once (django.test.utils.CaptureQueriesContext) and replayed on a raw
  DB-API cursor (execute, fetchall), then the page's response is written line by line into
  an io.StringIO with a plain loop. Whatever a page does beyond that (turning rows into
  objects, the rules, templates, middleware) is overhead the ratio shows.

Printed per page: warm and first-after-change medians with their interquartile range,
the floor's median, the ratios warm/floor and first/floor, the response's size and the
number of statements. Goals (issue 13): warm <= 3x floor, first after a change <= 10x.
A ratio, not seconds: machines differ, ratios travel. Not part of the test suite.
"""

import argparse
import io
import re
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks import synthetic  # noqa: E402
from benchmarks.timing import interleaved, machine, table  # noqa: E402

WARM_GOAL, FIRST_GOAL = 3, 10
TRANSACTION_CONTROL = ("SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT")
# On PostgreSQL Django reads a form's choices (QuerySet.iterator()) through a server-side cursor:
# DECLARE ... FOR <query>, whose FETCHes are not captured. The floor runs <query> itself.
SERVER_SIDE_CURSOR = re.compile(r"^\s*DECLARE\s+\S+\s+(?:NO\s+)?(?:SCROLL\s+)?CURSOR\s+WITH(?:OUT)?\s+HOLD\s+FOR\s+",
                                re.IGNORECASE)


def replayable(captured: list[dict], cache_table: str | None = None) -> list[str]:
    """The statements a page ran that read or write its data, as a raw cursor runs them: not those
    on the cache's table (the database cache, when no REDIS_URL is set), which keep the page's own
    work and are not its data (replayed, their INSERT would also collide with the row it made)."""
    return [SERVER_SIDE_CURSOR.sub("", query["sql"]) for query in captured
            if not query["sql"].lstrip().upper().startswith(TRANSACTION_CONTROL)
            and not (cache_table and cache_table in query["sql"])]


def database_cache_table() -> str | None:
    """The table of settings.CACHES' default cache when it is Django's database cache."""
    from django.conf import settings

    cache = settings.CACHES["default"]
    return cache["LOCATION"] if cache["BACKEND"].endswith("DatabaseCache") else None


def public_pages(year: int, quarter: int, portfolio: str, code: str) -> dict[str, str]:
    return {
        "home": "/",
        "summary": f"/scorecards/{year}/q{quarter}/",
        "table": f"/scorecards/{year}/q{quarter}/indicators/",
        "filtered table": f"/scorecards/{year}/q{quarter}/indicators/?status=failed",
        "portfolio": f"/portfolios/{portfolio}/",
        "indicator": f"/indicators/{code}/",
    }


def watched_target(portfolio: str, year: int):
    """The year target of the first monthly corporate KPI (by code) of `portfolio` with an
    absolute year target in `year` and no quarter targets: a row on every page measured,
    whose status that target alone decides."""
    from kpis.models import Target

    with_quarter_targets = Target.objects.filter(year=year).exclude(period="year").values("indicator_id")
    return (Target.objects.filter(indicator__portfolio__slug=portfolio, indicator__category="kpi",
                                  indicator__frequency="monthly", indicator__active=True, year=year, period="year",
                                  kind="absolute")
            .exclude(indicator_id__in=with_quarter_targets).select_related("indicator")
            .order_by("indicator__code").first())


def unreachable_and_met(target) -> list[Decimal]:
    """Two values that flip the watched indicator's status whatever its figure: the lowest and
    the highest its unit allows (within reason)."""
    unit = target.indicator.unit
    low = Decimal(-1_000_000) if unit == "number" else Decimal(0)
    high = Decimal(100) if unit == "percent" else Decimal(1_000_000)
    return [low, high]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    synthetic.council_arguments(parser)
    parser.add_argument("--pages", nargs="*", help="only these pages (home, summary, table, ...)")
    args = parser.parse_args()

    synthetic.configure("pages")
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    last_year, quarter = 2016, 3
    print(machine())
    counts = synthetic.build_council(args.indicators, args.years, last_year, args.seed, yes=args.yes)
    print(f"synthetic council: {counts['Indicator']} indicators x {args.years} years, {counts['Reading']} readings, "
          f"{counts['Target']} targets (seed {args.seed}); {args.rounds} rounds, DEBUG=False, anonymous reader")

    portfolio = "education-and-health"
    target = watched_target(portfolio, last_year)
    pages = public_pages(last_year, quarter, portfolio, target.indicator.code)
    if args.pages:
        pages = {name: url for name, url in pages.items() if name in args.pages}
    client = Client()
    values = unreachable_and_met(target)

    def change():
        values.reverse()
        target.value = values[0]
        target.save()

    def get(url):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response

    connection.ensure_connection()
    raw = connection.connection.cursor()  # the DB-API cursor under Django's wrapper

    rows = []
    for name, url in pages.items():
        change()
        before = get(url).content
        change()
        with CaptureQueriesContext(connection) as captured:
            content = get(url).content.decode()
        statements = replayable(captured.captured_queries, database_cache_table())
        if content.encode() == before:
            print(f"  warning: {name} looks the same whatever {target.indicator.code}'s target is", file=sys.stderr)

        def floor(statements=statements, content=content):
            for sql in statements:
                raw.execute(sql)
                if raw.description is not None:
                    raw.fetchall()
            out = io.StringIO()
            for line in content.splitlines(keepends=True):
                out.write(line)
            return out.getvalue()

        times = interleaved({"first": lambda url=url: get(url), "warm": lambda url=url: get(url), "floor": floor},
                            args.rounds, before={"first": change})
        warm, first, bare = times["warm"], times["first"], times["floor"]
        rows.append([
            name, warm.ms(), first.ms(), bare.ms(), f"{warm.median / bare.median:.1f}",
            f"{first.median / bare.median:.1f}", f"{len(content.encode()) / 1024:.0f}", len(statements),
        ])
        print(f"  {name}: {url} done", file=sys.stderr)
    print()
    print(table(["page", "warm median (q1-q3)", "first after change (q1-q3)", "floor median (q1-q3)",
                 "warm/floor", "first/floor", "KB", "queries"], rows))
    print(f"\ngoals: warm <= {WARM_GOAL}x floor, first after a change <= {FIRST_GOAL}x floor")
    raw.close()


if __name__ == "__main__":
    main()
