"""How the scorecard page's server time compares with the bare query for its readings.

    .venv/bin/python benchmarks/scorecard_page.py [--indicators 1000] [--years 10] [--runs 5]

Builds a synthetic council in its own SQLite file (or DATABASE_URL's database, which it
empties first: never point it at real data), then reports the median time of
GET /scorecards/<year>/q3/indicators/ and of the single bare query fetching the readings
the page needs, and their ratio. A ratio, not seconds: machines differ, ratios travel.
Not part of the test suite.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thurrock_kpi.settings")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'benchmarks' / 'synthetic.sqlite3'}")


def build(indicators: int, years: int, first_year: int):
    from django.core.management import call_command

    from kpis.models import Directorate, Indicator, Portfolio, Reading, Target

    call_command("migrate", verbosity=0)
    for model in (Reading, Target, Indicator, Portfolio, Directorate):
        model.objects.all().delete()
    directorates = [Directorate.objects.create(name=f"Directorate {n}") for n in range(10)]
    portfolios = [Portfolio.objects.create(name=f"Portfolio {n}", holder=f"Cllr {n}") for n in range(8)]
    rollups = ["sum", "ratio", "mean", "latest"]
    created = Indicator.objects.bulk_create(
        Indicator(code=f"K{n:04d}", title=f"Synthetic indicator {n}", directorate=directorates[n % 10],
                  portfolio=portfolios[n % 8], rollup=rollups[n % 4], unit="percent" if n % 4 else "count",
                  decimals=1, polarity="up" if n % 3 else "down", position=n)
        for n in range(indicators))
    Target.objects.bulk_create(Target(indicator=i, year=y, period="year", value=Decimal(50))
                               for i in created for y in range(first_year, first_year + years))
    readings = []
    for i in created:
        for y in range(first_year, first_year + years):
            for m in range(12):
                month = date(y + (m + 3) // 12, (m + 3) % 12 + 1, 1)
                readings.append(Reading(indicator=i, month=month, value=Decimal((i.id * 7 + m * 3) % 97),
                                        state="approved"))
    Reading.objects.bulk_create(readings, batch_size=5000)
    return len(readings)


def median_seconds(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--indicators", type=int, default=1000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    import django

    django.setup()
    from django.test import Client

    from kpis.domain.periods import Month, Quarter
    from kpis.models import Reading

    first_year = 2016 - args.years + 1
    count = build(args.indicators, args.years, first_year)
    quarter = Quarter(2016, 3)
    client = Client()
    url = f"/scorecards/{quarter.year}/q{quarter.number}/indicators/"

    def page():
        assert client.get(url).status_code == 200

    def bare_query():
        # The same readings the page reads: two years back to the quarter's end, approved.
        list(Reading.objects.filter(month__gte=Month(quarter.year - 2, 4).first_day,
                                    month__lte=quarter.last_month.first_day, state="approved")
             .values_list("indicator_id", "month", "value", "numerator", "denominator", "flag"))

    page()  # warm up templates and connections
    page_time, query_time = median_seconds(page, args.runs), median_seconds(bare_query, args.runs)
    print(f"{args.indicators} indicators x {args.years} years ({count} readings)")
    print(f"scorecard page: {page_time * 1000:.0f} ms; bare readings query: {query_time * 1000:.0f} ms")
    print(f"ratio page / bare query: {page_time / query_time:.1f}")


if __name__ == "__main__":
    main()
