from datetime import date

from django.core.management.base import BaseCommand, CommandError

from kpis.selectors.calendar import as_of
from kpis.services import notify


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"--today: {text!r} is not a date like 2017-01-07") from error


class Command(BaseCommand):
    help = ("Remind officers of last month's figures KPI_REMINDER_DAYS days before the due day, and send the "
            "performance team the day's digest of late figures. Run daily from cron; running it again the "
            "same day sends nothing twice.")

    def add_arguments(self, parser):
        parser.add_argument("--today", type=iso_date,
                            help="the day to act as (YYYY-MM-DD; default: KPI_AS_OF when set, else today)")

    def handle(self, *args, today=None, **options):
        today = today or as_of()
        report = notify.send_reminders(today)
        self.stdout.write(f"{today:%-d %B %Y}:")
        for line in report.sent + report.already + report.skipped:
            self.stdout.write(f"  {line}")
        if not (report.sent or report.already or report.skipped):
            self.stdout.write("  nothing to send: no reminder is due and nothing is late")
