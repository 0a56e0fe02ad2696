"""What the import commands share: who the change history names, a progress bar on a
terminal, and every problem printed before the command fails with nothing written."""

import sys
from functools import partial

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from tqdm import tqdm

from kpis.importing.problems import WorkbookError


def history_user(username: str | None):
    """The user `--user` names, or None when it names nobody (the history then says "import")."""
    if not username:
        return None
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"--user {username}: no such user")
    return user


# A progress bar on a terminal only; logs and tests get the plain report.
progress_bar = partial(tqdm, file=sys.stderr, disable=not sys.stderr.isatty(), leave=False, unit=" rows")


def report_or_fail(command, file, run):
    """Run the import; print its notes and report, or every problem and fail (exit 1)."""
    try:
        with file.open("rb") as source:
            report = run(source)
    except WorkbookError as error:
        for line in error.lines():
            command.stderr.write(line)
        raise CommandError(f"{file.name}: {error.count} problem(s) found; nothing was written.") from None
    for line in [*report.notes, *report.lines()]:
        command.stdout.write(line)
