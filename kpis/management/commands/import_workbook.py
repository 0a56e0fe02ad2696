import sys
from functools import partial
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from kpis.services import import_workbook
from kpis.workbook import WorkbookError


class Command(BaseCommand):
    help = (
        "Import indicators, targets, readings, outturns, benchmarks and commentary from an xlsx "
        "workbook (format: README.md). All or nothing: any problem writes nothing and exits 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="check and report what would change; write nothing")
        parser.add_argument("--user", help="username recorded in the change history")
        parser.add_argument("--reopen", default="", metavar="REASON",
                            help="reopen any locked quarter the workbook changes, recording this reason")

    def handle(self, *, file, dry_run, user, reopen, **options):
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        history_user = None
        if user:
            history_user = get_user_model().objects.filter(username=user).first()
            if history_user is None:
                raise CommandError(f"--user {user}: no such user")
        # A progress bar on a terminal only; logs and tests get the plain report.
        progress = partial(tqdm, file=sys.stderr, disable=not sys.stderr.isatty(), leave=False, unit=" rows")
        try:
            with file.open("rb") as source:
                report = import_workbook(
                    source, dry_run=dry_run, user=history_user, reason=f"import_workbook {file.name}", progress=progress,
                    reopen=reopen
                )
        except WorkbookError as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"{file.name}: {len(error.problems)} problem(s) found; nothing was written.")
        for line in report.lines():
            self.stdout.write(line)
