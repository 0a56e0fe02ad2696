"""How exporting the committee appendix compares with the floor: openpyxl's write-only mode
writing the same cells with no styling.

    .venv/bin/python benchmarks/appendix_export.py [--indicators 1000] [--years 3] [--runs 3]

Builds the synthetic council of benchmarks/scorecard_page.py in its own SQLite file (or
DATABASE_URL's database, which it empties first: never point it at real data), exports the
Q3 appendix once to learn its cells, then reports the median time of the whole export
(every read, the rules, the styling, the saved file) and of writing those same values with
a write-only workbook, and their ratio. A ratio, not seconds: machines differ, ratios
travel. Not part of the test suite.
"""

import argparse
import io
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scorecard_page import build, median_seconds  # noqa: E402  (sets up the settings and database)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--indicators", type=int, default=1000)
    parser.add_argument("--years", type=int, default=3, help="the appendix reads two years back")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    import django

    django.setup()
    from openpyxl import Workbook, load_workbook

    from reports.excel.appendix import appendix_workbook
    from reports.scorecards import appendix_data

    count = build(args.indicators, args.years, 2016 - args.years + 1)

    def export() -> bytes:
        out = io.BytesIO()
        appendix_workbook(appendix_data(2016, 3)).save(out)
        return out.getvalue()

    exported = load_workbook(io.BytesIO(export()))
    sheets = {name: [list(row) for row in exported[name].iter_rows(values_only=True)] for name in exported.sheetnames}
    cells = sum(len(row) for rows in sheets.values() for row in rows)

    def floor():
        workbook = Workbook(write_only=True)
        for name, rows in sheets.items():
            sheet = workbook.create_sheet(name)
            for row in rows:
                sheet.append(row)
        workbook.save(io.BytesIO())

    export_time, floor_time = median_seconds(export, args.runs), median_seconds(floor, args.runs)
    print(f"{args.indicators} indicators x {args.years} years ({count} readings); {cells} cells in "
          f"{len(sheets)} sheets")
    print(f"appendix export: {export_time * 1000:.0f} ms; write-only floor: {floor_time * 1000:.0f} ms")
    print(f"ratio export / floor: {export_time / floor_time:.1f}")


if __name__ == "__main__":
    main()
