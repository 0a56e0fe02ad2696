"""Run as `python -m tests.faults.prepare_database` with DATABASE_URL set: migrates that database,
imports Thurrock's demo workbook and creates the Housing officer the fault tests sign in as,
in one process (Django starts once)."""

import io

import django

OFFICER = "officer"  # password: tests.people.PASSWORD
HOUSING = "AHH - Housing"


def main():
    django.setup()
    from django.core.management import call_command

    from fixtures.thurrock_2016_17 import WORKBOOK
    from tests.people import make_user

    call_command("migrate", interactive=False, verbosity=0)
    call_command("import_workbook", str(WORKBOOK), stdout=io.StringIO())
    make_user(OFFICER, "officer", [HOUSING])


if __name__ == "__main__":
    main()
