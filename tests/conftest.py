import os

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, settings

from tests.workbooks import small_council, write_workbook

# CI machines are slow and shared: no per-example deadline there.
settings.register_profile("ci", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", deadline=None, max_examples=60)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture
def small_council_file(tmp_path):
    return write_workbook(tmp_path / "small.xlsx", small_council())


@pytest.fixture
def imported_small_council(db, small_council_file):
    call_command("import_workbook", str(small_council_file))
    return small_council_file
