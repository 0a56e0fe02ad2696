"""The management commands as the tests run them, their output captured."""

import io

from django.core.management import call_command
from django.core.management.base import CommandError


def run_import(path, *args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_workbook", str(path), *args, stdout=out, stderr=err)
    except CommandError as error:
        return 1, out.getvalue(), err.getvalue() + str(error)
    return 0, out.getvalue(), err.getvalue()


def scorecard(*args):
    out = io.StringIO()
    call_command("scorecard", *args, stdout=out)
    return out.getvalue()
