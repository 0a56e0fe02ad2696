from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from scrutiny.loading import TRACKER, TrackerError, link_assignees, load_tracker


class Command(BaseCommand):
    help = ("Load the council's recommendations tracker (text, tab-separated: fixtures/seeds/004_…txt) and its "
            "Cabinet forward plan, then link assignees to the users of the same full name. All or nothing; "
            "loading again changes nothing.")

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", type=Path, default=TRACKER)

    def handle(self, *, file, **options):
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        try:
            report = load_tracker(file)
        except TrackerError as error:
            raise CommandError(f"{file.name} {error}; nothing was written.") from None
        self.stdout.write(f"Loaded {file.name}:")
        for line in report.lines():
            self.stdout.write(f"  {line}")
        for assignee, user in link_assignees():
            self.stdout.write(f"Linked assignee {assignee.name} to user {user.username}")
