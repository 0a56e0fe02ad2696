from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kpis.services import backups


class Command(BaseCommand):
    help = (
        "Restore an archive written by `manage.py backup` into this database (migrated to the same migrations "
        "as the archive says it was taken at), all or nothing: a damaged archive, or one taken at other "
        "migrations, writes nothing and says why. Refuses a database that already holds data unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--force", action="store_true",
                            help="replace whatever the database holds (everyone is signed out)")
        parser.add_argument("--check", action="store_true",
                            help="read the whole archive and say what it holds; write nothing")

    def handle(self, *, file, force, check, verbosity, **options):
        try:
            report = backups.check(file) if check else backups.restore(file, force=force)
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        lines = report.lines()
        self.stdout.write("\n".join(lines if verbosity > 1 else lines[:1]))
