import sys
from functools import partial
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from kpis.periods import year_label
from kpis.services import import_appendix
from kpis.workbook import WorkbookError


class Command(BaseCommand):
    help = (
        "Import a year's history from a committee appendix workbook (one row per indicator, months as "
        "columns, then quarters, targets, arrows and statuses; Appendix 1b's commentary). Rows are matched "
        "to known indicators by title or alias. All or nothing: any problem writes nothing and exits 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--year", type=int, required=True,
                            help="the financial year the appendix reports: 2016 for 2016/17")
        parser.add_argument("--dry-run", action="store_true", help="check and report what would change; write nothing")
        parser.add_argument("--user", help="username recorded in the change history")
        parser.add_argument("--reopen", default="", metavar="REASON",
                            help="reopen any locked quarter the appendix changes, recording this reason")

    def handle(self, *, file, year, dry_run, user, reopen, **options):
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        if not 1990 <= year <= 2100:
            raise CommandError(f"--year {year}: not a financial year (write 2016 for 2016/17)")
        history_user = None
        if user:
            history_user = get_user_model().objects.filter(username=user).first()
            if history_user is None:
                raise CommandError(f"--user {user}: no such user")
        # A progress bar on a terminal only; logs and tests get the plain report.
        progress = partial(tqdm, file=sys.stderr, disable=not sys.stderr.isatty(), leave=False, unit=" rows")
        try:
            with file.open("rb") as source:
                report = import_appendix(
                    source, year, dry_run=dry_run, user=history_user,
                    reason=f"import_appendix {file.name} ({year_label(year)})", progress=progress, reopen=reopen,
                )
        except WorkbookError as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"{file.name}: {len(error.problems)} problem(s) found; nothing was written.")
        for note in report.notes:
            self.stdout.write(note)
        for line in report.lines():
            self.stdout.write(line)
