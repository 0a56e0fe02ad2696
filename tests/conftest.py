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


# --- the cast: one person per role ------------------------------------------------------


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Real hashing costs a fifth of a second a user; the tests are not about its strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


PASSWORD = "a-long-test-password"


def make_user(username, role, services=()):
    from django.contrib.auth.models import User

    from kpis.models import Directorate, Profile

    user = User.objects.create_user(username, password=PASSWORD, first_name=username.title())
    if role == "performance":
        user.is_staff = user.is_superuser = True
        user.save()
    if role:
        profile = Profile.objects.create(user=user, role=role)
        profile.services.set([Directorate.objects.get_or_create(name=name)[0] for name in services])
    return user


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
