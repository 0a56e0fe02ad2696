import os
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from tests.datasets import WRITERS, KeptData
from tests.month_sheet import approved, make_indicator
from tests.people import make_user
from tests.workbooks import small_council, write_workbook

# CI machines are slow and shared: no per-example deadline there.
settings.register_profile("ci", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", deadline=None, max_examples=60)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture
def small_council_file(tmp_path):
    return write_workbook(tmp_path / "small.xlsx", small_council())


# --- data sets kept while consecutive tests ask for them (tests/datasets.py) ----------------


KEPT = pytest.StashKey[KeptData]()


@pytest.fixture(scope="session")
def kept_data(request, django_db_setup, django_db_blocker, tmp_path_factory):
    kept = request.config.stash[KEPT] = KeptData(django_db_blocker, tmp_path_factory)
    yield kept
    kept.release()


def transactional(item) -> bool:
    """As pytest-django decides it: the test commits (threads, the live server)."""
    marker = item.get_closest_marker("django_db")
    marked = marker is not None and bool(
        marker.kwargs.get("transaction", marker.args[0] if marker.args else False)
        or marker.kwargs.get("reset_sequences"))
    return marked or "transactional_db" in item.fixturenames or "live_server" in item.fixturenames


def data_sets_wanted(item) -> tuple[str, ...]:
    return tuple(name for name in WRITERS if name in item.fixturenames)


# Each of these folders' tests carries its marker, so `-m browser` or `-m "not faults"` selects them.
FOLDER_MARKERS = {
    "browser": "drives Chromium against the live server (tests/browser/)",
    "faults": "a fault under a running app (tests/faults/)",
}
TESTS = Path(__file__).parent


def pytest_configure(config):
    for name, text in FOLDER_MARKERS.items():
        config.addinivalue_line("markers", f"{name}: {text}")


def pytest_itemcollected(item):
    folder = item.path.relative_to(TESTS).parts[0] if TESTS in item.path.parents else ""
    if folder in FOLDER_MARKERS:
        item.add_marker(getattr(pytest.mark, folder))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Within each module (after pytest-django has put the transactional tests last), the tests
    asking for the same data sets run one after another, so each data set is written once there."""
    start = 0
    while start < len(items):
        end = start
        while end < len(items) and items[end].module is items[start].module:
            end += 1
        first_seen = {}
        for item in items[start:end]:
            first_seen.setdefault(data_sets_wanted(item), len(first_seen))
        items[start:end] = sorted(items[start:end], key=lambda item: first_seen[data_sets_wanted(item)])
        start = end


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before any fixture of a test that uses the database opens its transaction: the data sets
    kept for earlier tests are rolled back unless the test asks for the same ones."""
    kept = item.config.stash.get(KEPT, None)
    uses_db = "db" in item.fixturenames or item.get_closest_marker("django_db") or transactional(item)
    if kept is not None and uses_db and (transactional(item) or data_sets_wanted(item) != kept.names):
        kept.release()


@pytest.fixture(autouse=True)
def _keep_the_data_sets_asked_for(request):
    """Runs before the test's transaction opens (autouse fixtures come first): writes the data
    sets the test asks for in a transaction kept open for the tests after it."""
    wanted = data_sets_wanted(request.node)
    if wanted and not transactional(request.node):
        request.getfixturevalue("kept_data").keep(wanted)


@pytest.fixture
def thurrock(kept_data, db):
    """Thurrock's Q1-Q3 2016/17 demo (fixtures/thurrock_2016_17.xlsx), imported."""
    return kept_data.value("thurrock")


@pytest.fixture
def imported_small_council(kept_data, db):
    """The small council imported; the path of its workbook."""
    return kept_data.value("imported_small_council")


@pytest.fixture
def demo_indicators(kept_data, db):
    """A database holding the demo's indicators and nothing else."""
    return kept_data.value("demo_indicators")


@pytest.fixture
def imported_appendix(demo_indicators, kept_data, db):
    """The seed's committee appendix imported over the demo's indicators; import_appendix's report."""
    return kept_data.value("imported_appendix")


# --- the cast: one person per role ------------------------------------------------------


@pytest.fixture(autouse=True)
def empty_cache(request, django_db_setup, django_db_blocker):
    """Each test starts with nothing cached (reports.cache): rolling a test's writes back brings
    the data's old token back, and what was cached under it may belong to another test's data.
    The cache is a table of the test database (settings.CACHES), emptied before the test's own
    transaction begins. A test without the database cannot reach that table (and, run alone, may
    find the in-memory database gone): only this process's memory is emptied for it."""
    from django.core.cache import cache

    from reports.cache import forget_here

    if request.node.get_closest_marker("django_db") or DATABASE_FIXTURES & set(request.fixturenames):
        with django_db_blocker.unblock():
            cache.clear()
    forget_here()


DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback",
                     "live_server"}


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Real hashing costs a fifth of a second a user; the tests are not about its strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def officer(db):
    """Enters the figures of AHH - Housing (HOMES in the small council)."""
    return make_user("olivia", "officer", ["AHH - Housing"])


@pytest.fixture
def other_officer(db):
    """Enters the figures of E&P - H&T (POT in the small council), not Housing's."""
    return make_user("ed", "officer", ["E&P - H&T"])


@pytest.fixture
def performance(db):
    return make_user("pat", "performance")


@pytest.fixture
def councillor(db):
    return make_user("chris", "councillor")


# --- December's month sheet (tests/month_sheet.py) -----------------------------------------


@pytest.fixture
def housing(db):
    """Refuse bins as in the seed: Apr-Nov 2016 approved; December meets 98.5 alone but the
    year to date (97.7) fails. Plus a count, a time and a money indicator."""
    from kpis.models import Target

    bins = make_indicator("BINS", title="% of refuse bins emptied on correct day", unit="percent", decimals=1,
                          rollup="mean", polarity="up")
    Target.objects.create(indicator=bins, year=2016, period="year", value=Decimal("98.5"))
    for month, value in zip(["2016-04", "2016-05", "2016-06", "2016-07", "2016-08", "2016-09", "2016-10", "2016-11"],
                            ["99.1", "95.3", "97.3", "97.6", "94.5", "99.3", "97.2", "99.8"], strict=True):
        approved(bins, month, value)
    make_indicator("HOMES", unit="count", rollup="sum")
    make_indicator("CALL", unit="time", rollup="mean", polarity="down")
    make_indicator("HRA", unit="currency", rollup="latest", polarity="down")
    return bins
