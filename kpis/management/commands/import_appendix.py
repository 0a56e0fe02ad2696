from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kpis.domain.periods import FIRST_YEAR, LAST_YEAR, year_label
from kpis.management.importing import history_user, progress_bar, report_or_fail
from kpis.services.imports import import_appendix


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
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise CommandError(f"--year {year}: not a financial year (write 2016 for 2016/17)")
        report_or_fail(self, file, lambda source: import_appendix(
            source, year, dry_run=dry_run, user=history_user(user),
            reason=f"import_appendix {file.name} ({year_label(year)})", progress=progress_bar, reopen=reopen))
