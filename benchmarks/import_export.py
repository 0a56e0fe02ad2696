"""Importing a workbook and exporting the committee appendix, against their floors: time and memory.

    .venv/bin/python benchmarks/import_export.py --indicators 1000 --years 3 --rounds 5
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kpi_bench .venv/bin/python benchmarks/import_export.py
    DATABASE_URL=... .venv/bin/python benchmarks/import_export.py --years 10 --only upload --rounds 3

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
- upload (--only upload): the largest legitimate workbook the way people import it, in
  seconds against gunicorn's 30-second timeout (issue 14): the browser's two requests,
  POST /imports/ (store it, the dry run, its preview page) and POST /imports/confirm/ (the
  import), through Django's test client with the tasks run inline (TASKS_BACKEND unset), each
  into an emptied database; and `manage.py import_workbook`. Over 10 s runs as a task.
The product refuses workbooks of more than KPI_IMPORT_MAX_ROWS rows (250,000 by default,
twice the 1,000 indicators x 10 years council).
A ratio, not seconds: machines differ, ratios travel. Not part of the test suite.
"""

import argparse
import io
import re
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


def benchmark_upload(args, folder: Path):
    from django.conf import settings
    from django.test import override_settings

    # The test client's host, and static files named as they are (no collectstatic manifest needed).
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    storages = {**settings.STORAGES, "staticfiles": plain}
    with override_settings(ALLOWED_HOSTS=["testserver"], STORAGES=storages):
        _benchmark_upload(args, folder)


def _benchmark_upload(args, folder: Path):
    from django.contrib.auth.models import User
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.test import Client

    from kpis.models import PendingUpload, Profile, Role

    path = synthetic.council_workbook(folder / "council.xlsx", args.indicators, args.years, seed=args.seed)
    client, kept = Client(), {}

    def emptied():
        """An empty database, and the performance team's member who uploads (her profile was emptied too)."""
        synthetic.empty_database(args.yes, migrate=False)
        PendingUpload.objects.all().delete()
        user, _ = User.objects.get_or_create(username=f"{synthetic.USER_PREFIX}performance")
        Profile.objects.update_or_create(user=user, defaults={"role": Role.PERFORMANCE})
        client.force_login(user)

    def dry_run():
        workbook = SimpleUploadedFile(path.name, path.read_bytes())
        response = client.post("/imports/", {"workbook": workbook, "layout": "contract"})
        token = re.search(rb'name="token" value="([^"]+)"', response.content)
        assert response.status_code == 200 and token, response.content[:2000]
        kept["token"] = token.group(1).decode()

    def uploaded():
        emptied()
        dry_run()

    def confirm():
        response = client.post("/imports/confirm/", {"token": kept["token"], "action": "confirm"})
        assert response.status_code == 302, response.content[:2000]

    def command():
        call_command("import_workbook", str(path), stdout=io.StringIO())

    subjects = {"POST /imports/ (dry run)": dry_run, "POST /imports/confirm/ (import)": confirm,
                "manage.py import_workbook": command}
    before = {"POST /imports/ (dry run)": emptied, "POST /imports/confirm/ (import)": uploaded,
              "manage.py import_workbook": emptied}
    times = interleaved(subjects, args.rounds, before=before)
    print(f"\nupload: {path.stat().st_size / 1024:.0f} KB workbook, into an emptied database each time")
    print(table(["subject", "median (q1-q3)", "min-max"],
                [[name, f"{t.median:.1f} s ({t.q1:.1f}-{t.q3:.1f})", f"{t.min:.1f}-{t.max:.1f} s"]
                 for name, t in times.items()]))
    print("over 10 s: a task, off the request (README \"Two or more servers, and long imports\")")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    synthetic.council_arguments(parser, years=3, rounds=5, years_help="the appendix reads two years back")
    parser.add_argument("--only", choices=("import", "export", "upload"),
                        help="one part only (upload: only when asked, in seconds)")
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
    if args.only == "upload":
        with tempfile.TemporaryDirectory() as folder:
            benchmark_upload(args, Path(folder))


if __name__ == "__main__":
    main()
