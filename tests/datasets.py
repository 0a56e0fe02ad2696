"""Data sets written once and kept while the tests that follow ask for the same ones.

Importing Thurrock's demo takes most of a second and the small council a fifth: written again
for every test that reads them, they were two thirds of the suite's time. A data set fixture
(`thurrock`, `imported_small_council`, `demo_indicators`, `imported_appendix`, see
tests/conftest.py) is instead written inside an outer transaction opened before the test's own.
The test's transaction (pytest-django's `db`) is then a savepoint inside it, so whatever a test
writes is undone and the next test finds the data set as it was written, as Django's
TestCase.setUpTestData does for a class.

The outer transaction is rolled back, history tables with it, as soon as a test wants other
data sets or an empty database, and at the end of the run. A transactional test (threads, the
live server) needs committed rows: its data sets are written inside it, as before, and the
database is emptied after it by pytest-django.
"""

import io
from pathlib import Path

from django.core.management import call_command
from django.db import connection, transaction

from fixtures.thurrock_2016_17 import WORKBOOK
from tests.seed_appendix import write_appendix
from tests.workbooks import small_council, write_workbook

DEMO = WORKBOOK  # fixtures/thurrock_2016_17.xlsx, what `make demo` loads


def import_workbook(path: Path) -> None:
    call_command("import_workbook", str(path), stdout=io.StringIO())


# The quarters the council published, as `make demo` publishes them (its DEMO_PUBLISHED).
DEMO_PUBLISHED = ("2016-Q1=2016-09-20", "2016-Q2=2016-11-22", "2016-Q3=2017-03-14")
# And the quarter of the corporate plan's demo progress (its PLAN_DEMO_PUBLISHED).
PLAN_DEMO_PUBLISHED = ("2014-Q2=2014-12-10",)


def thurrock(folder: Path) -> None:
    """Thurrock's Q1-Q3 2016/17, as the demo loads it: its three quarters published."""
    import_workbook(DEMO)
    call_command("publish_quarter", *DEMO_PUBLISHED, stdout=io.StringIO())


def imported_small_council(folder: Path) -> Path:
    """The small council of tests/workbooks.py, imported; the workbook's path."""
    path = write_workbook(folder / "small.xlsx", small_council())
    import_workbook(path)
    return path


def demo_indicator_rows() -> list[dict]:
    from openpyxl import load_workbook

    workbook = load_workbook(DEMO, read_only=True)
    rows = workbook["Indicators"].iter_rows(values_only=True)
    header = next(rows)
    indicators = [dict(zip(header, row, strict=False)) for row in rows if any(row)]
    workbook.close()
    return indicators


def demo_indicators(folder: Path) -> None:
    """A database holding the demo's indicators and nothing else."""
    import_workbook(write_workbook(folder / "indicators.xlsx",
                                   {"Indicators": demo_indicator_rows(), "Targets": [], "Readings": []}))


def imported_appendix(folder: Path):
    """The seed's committee appendix imported for 2016/17 over `demo_indicators` (written first)."""
    from kpis.services.imports import import_appendix

    return import_appendix(write_appendix(folder / "appendix.xlsx"), 2016)


# Each data set's writer, in the order they are written when a test asks for several.
WRITERS = {
    "thurrock": thurrock,
    "imported_small_council": imported_small_council,
    "demo_indicators": demo_indicators,
    "imported_appendix": imported_appendix,
}


class KeptData:
    """The data sets kept in the open outer transaction, and the value each fixture gives."""

    def __init__(self, django_db_blocker, tmp_path_factory):
        self.blocker = django_db_blocker
        self.folders = tmp_path_factory
        self.names: tuple[str, ...] = ()
        self.values: dict[str, object] = {}
        self.made: dict[str, object] = {}
        self.outer = None

    def keep(self, names: tuple[str, ...]) -> None:
        """Before the test's transaction opens: the data sets `names`, and nothing else, kept."""
        if self.outer is not None and names == self.names:
            return
        self.release()
        with self.blocker.unblock():
            if connection.in_atomic_block:
                return  # the test's transaction is already open (a django_db mark): written in the test
            outer = transaction.atomic()
            outer.__enter__()
            try:
                values = {name: WRITERS[name](self.folders.mktemp(name)) for name in names}
            except BaseException:
                transaction.set_rollback(True)
                outer.__exit__(None, None, None)
                raise
        self.outer, self.names, self.values = outer, names, values

    def release(self) -> None:
        """Rolls the kept data sets back: the database is as the migrations left it."""
        outer, self.outer, self.names, self.values, self.made = self.outer, None, (), {}, {}
        if outer is None:
            return
        with self.blocker.unblock():
            if connection.in_atomic_block:
                transaction.set_rollback(True)
                outer.__exit__(None, None, None)

    def made_once(self, key: str, make):
        """make()'s result (a file's bytes, say), made once from the kept data sets as written,
        before any test changed them; made again for each test when nothing is kept."""
        if self.outer is None:
            return make()
        if key not in self.made:
            self.made[key] = make()
        return self.made[key]

    def value(self, name: str):
        """The fixture's value: the kept data set's, or written now, inside the test, when not kept."""
        if name in self.names:
            return self.values[name]
        return WRITERS[name](self.folders.mktemp(name))
