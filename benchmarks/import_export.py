"""Importing a workbook and exporting the committee appendix, against their floors: time and memory.

    .venv/bin/python benchmarks/import_export.py --indicators 1000 --years 3 --rounds 5
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kpi_bench .venv/bin/python benchmarks/import_export.py

On SQLite in benchmarks/import_export.sqlite3, or in DATABASE_URL's database, which it
empties (its name must say bench or test), with DEBUG=False. The council is the seeded
synthetic one of benchmarks/synthetic.py: 1,000 indicators x 3 years is 36,000 readings.

- import: kpis.services.imports.import_workbook of the council's import-contract workbook
  into an emptied database (emptied untimed before each run), and the same with
  dry_run=True (what `import_workbook --dry-run` does), against the floor: openpyxl reading
  the same workbook in read-only mode, every row of every sheet (values_only), which any
  import must at least do.
- export: reports.excel.appendix.appendix_workbook(reports.scorecards.appendix_data(2016, 3))
  saved to memory (every read, the rules, the styling, the saved file) on the council
  written straight into the database, against the floor: a write-only openpyxl workbook
  writing the same cells, unstyled (the export is read back once to learn them).

Each subject and its floor are timed in turn within every round, after one untimed round.
Printed: median (q1-q3), min-max, the ratio of medians to the floor, and, from a run of its
own under tracemalloc (which slows what it watches), the peak memory Python allocated.
Goals (issue 13): import <= 3x its floor, export <= 2x its floor.
The product refuses workbooks of more than KPI_IMPORT_MAX_ROWS rows (50,000 by default):
above 1,000 indicators x 3 years, set it higher in the environment to measure.
A ratio, not seconds: machines differ, ratios travel. Not part of the test suite.
"""

import argparse
import io
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks import synthetic  # noqa: E402
from benchmarks.timing import interleaved, machine, megabytes, peak_memory, table  # noqa: E402

IMPORT_GOAL, EXPORT_GOAL = 3, 2


def result_rows(times: dict, memory: dict, floor: str) -> list[list]:
    return [[name, timings.ms(), f"{timings.min * 1000:.1f}-{timings.max * 1000:.1f} ms",
             f"{timings.median / times[floor].median:.1f}x", megabytes(memory[name])]
            for name, timings in times.items()]


HEADERS = ["subject", "median (q1-q3)", "min-max", "/ floor", "peak memory"]


def benchmark_import(args, folder: Path):
    from openpyxl import load_workbook

    from kpis.services.imports import import_workbook

    path = synthetic.council_workbook(folder / "council.xlsx", args.indicators, args.years, seed=args.seed)
    cells = [0]

    def floor():
        workbook = load_workbook(path, read_only=True)
        count = 0
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows(values_only=True):
                count += len(row)
        workbook.close()
        cells[0] = count

    def emptied():
        synthetic.empty_database(args.yes, migrate=False)

    subjects = {
        "import_workbook": lambda: import_workbook(path, reason="benchmark"),
        "import_workbook --dry-run": lambda: import_workbook(path, dry_run=True, reason="benchmark"),
        "floor: openpyxl read-only pass": floor,
    }
    before = {"import_workbook": emptied, "import_workbook --dry-run": emptied}
    emptied()
    report = import_workbook(path, dry_run=True, reason="benchmark")
    times = interleaved(subjects, args.rounds, before=before)
    memory = {}
    for name, subject in subjects.items():
        before.get(name, lambda: None)()
        memory[name] = peak_memory(subject)
    floor()
    print(f"\nimport: {path.stat().st_size / 1024:.0f} KB workbook, {cells[0]} cells; what it writes "
          f"(its dry run's report): {'; '.join(report.lines()[:-1])}")
    print(table(HEADERS, result_rows(times, memory, "floor: openpyxl read-only pass")))
    print(f"goal: import <= {IMPORT_GOAL}x floor")


def benchmark_export(args):
    from openpyxl import Workbook, load_workbook

    from reports.excel.appendix import appendix_workbook
    from reports.scorecards import appendix_data

    synthetic.build_council(args.indicators, args.years, seed=args.seed, yes=args.yes)

    def export() -> bytes:
        out = io.BytesIO()
        appendix_workbook(appendix_data(2016, 3)).save(out)
        return out.getvalue()

    exported = export()
    workbook = load_workbook(io.BytesIO(exported))
    sheets = {name: [list(row) for row in workbook[name].iter_rows(values_only=True)] for name in workbook.sheetnames}
    cells = sum(len(row) for rows in sheets.values() for row in rows)

    def floor():
        out = Workbook(write_only=True)
        for name, rows in sheets.items():
            sheet = out.create_sheet(name)
            for row in rows:
                sheet.append(row)
        out.save(io.BytesIO())

    subjects = {"appendix export (Q3 2016/17)": export, "floor: write-only openpyxl": floor}
    times = interleaved(subjects, args.rounds)
    memory = {name: peak_memory(subject) for name, subject in subjects.items()}
    print(f"\nexport: {len(exported) / 1024:.0f} KB, {cells} cells in {len(sheets)} sheets "
          f"({', '.join(sheets)})")
    print(table(HEADERS, result_rows(times, memory, "floor: write-only openpyxl")))
    print(f"goal: export <= {EXPORT_GOAL}x floor")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    synthetic.council_arguments(parser, years=3, rounds=5, years_help="the appendix reads two years back")
    parser.add_argument("--only", choices=("import", "export"), help="one half only")
    args = parser.parse_args()

    synthetic.configure("import_export")
    print(machine())
    print(f"synthetic council: {args.indicators} indicators x {args.years} years (seed {args.seed}); "
          f"{args.rounds} rounds after one untimed, DEBUG=False")
    synthetic.empty_database(args.yes)  # migrated, and refused here if the database is not a throwaway one
    if args.only in (None, "import"):
        with tempfile.TemporaryDirectory() as folder:
            benchmark_import(args, Path(folder))
    if args.only in (None, "export"):
        benchmark_export(args)


if __name__ == "__main__":
    main()
