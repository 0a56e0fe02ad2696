"""A quarter's scorecard computed afresh, and the quarters with figures, each against its floor.

    .venv/bin/python benchmarks/scorecard.py --indicators 1000 --years 10 --rounds 15
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kpi_bench .venv/bin/python benchmarks/scorecard.py

Builds the seeded synthetic council of benchmarks/synthetic.py (on SQLite in
benchmarks/scorecard.sqlite3, or in DATABASE_URL's database, which it empties first: its
name must say bench or test), then times in turn within every round (never phase by phase):

- scorecard: reports.scorecards.scorecard_for(2016, 3), published figures, with the cache
  emptied just before (untimed): what the first request after a change computes, every
  indicator's rules included;
- its floor: the statements it ran, captured once, replayed on a raw DB-API cursor
  (execute, fetchall). Everything beyond that (rows into objects, the rules) is overhead;
- quarters: kpis.selectors.scorecard.quarters_with_data(), what the home page lists;
- its floor: its statement on the raw cursor.

Printed: medians with their interquartile range, the ratio to the floor and the number of
statements. The pages' own benchmark (benchmarks/pages.py) times what readers wait for;
this one shows how much of a first request the scorecard's computation is. A ratio, not
seconds: machines differ, ratios travel. Not part of the test suite.
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks import synthetic  # noqa: E402
from benchmarks.pages import database_cache_table, replayable  # noqa: E402
from benchmarks.timing import interleaved, machine, table  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    synthetic.council_arguments(parser)
    args = parser.parse_args()

    synthetic.configure("scorecard")
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kpis.selectors.scorecard import quarters_with_data
    from reports.scorecards import scorecard_for

    year, quarter = 2016, 3
    print(machine())
    counts = synthetic.build_council(args.indicators, args.years, year, args.seed, yes=args.yes)
    print(f"synthetic council: {counts['Indicator']} indicators x {args.years} years, {counts['Reading']} readings "
          f"(seed {args.seed}); scorecard of Q{quarter} {year}; {args.rounds} rounds, DEBUG=False")

    subjects = {"scorecard": lambda: scorecard_for(year, quarter), "quarters": quarters_with_data}
    connection.ensure_connection()
    raw = connection.connection.cursor()  # the DB-API cursor under Django's wrapper
    floors, statements = {}, {}
    for name, subject in subjects.items():
        cache.clear()
        subject()
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            subject()
        statements[name] = replayable(captured.captured_queries, database_cache_table())

        def floor(statements=statements[name]):
            for sql in statements:
                raw.execute(sql)
                if raw.description is not None:
                    raw.fetchall()

        floors[f"{name} floor"] = floor

    times = interleaved(subjects | floors, args.rounds, before={"scorecard": cache.clear})
    rows = []
    for name in subjects:
        subject, floor = times[name], times[f"{name} floor"]
        rows.append([name, subject.ms(), floor.ms(), f"{subject.median / floor.median:.1f}", len(statements[name])])
    print()
    print(table(["computed afresh", "median (q1-q3)", "floor median (q1-q3)", "x floor", "statements"], rows))


if __name__ == "__main__":
    main()
