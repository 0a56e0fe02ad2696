from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kpis.management.importing import history_user, progress_bar, report_or_fail
from kpis.services.imports import import_workbook


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
        report_or_fail(self, file, lambda source: import_workbook(
            source, dry_run=dry_run, user=history_user(user), reason=f"import_workbook {file.name}",
            progress=progress_bar, reopen=reopen))
