from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kpis.services.backups import NOT_BACKED_UP, backup


class Command(BaseCommand):
    help = (
        "Write every row of the council's data (indicators, figures, targets, commentary, published values, "
        "locks, users and their roles, every history row) to FILE, a gzip JSON Lines archive that "
        "`manage.py restore` reads back into an empty database, SQLite or PostgreSQL alike (README.md, "
        "Backups). Read from one consistent snapshot while people work. Not kept: "
        + "; ".join(sorted(set(NOT_BACKED_UP.values()))) + "."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="where to write the archive (e.g. kpi-2017-01-31.jsonl.gz)")

    def handle(self, *, file, verbosity, **options):
        try:
            report = backup(file)
        except OSError as error:  # no such folder, no room left, no permission ...
            raise CommandError(f"{file}: cannot be written ({error}); no backup was made") from None
        lines = report.lines()
        self.stdout.write("\n".join(lines if verbosity > 1 else lines[:1]))
