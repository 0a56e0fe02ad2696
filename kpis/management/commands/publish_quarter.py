from datetime import date

from django.core.management.base import BaseCommand, CommandError

from kpis.domain.periods import Quarter
from kpis.management.importing import history_user
from kpis.services.publication import set_publication


def _publication(text: str) -> tuple[Quarter, date]:
    """ "2016-Q3=2017-03-14" -> (Quarter 3 2016/17, 14 March 2017)."""
    quarter, _, day = text.partition("=")
    try:
        return Quarter.parse(quarter), date.fromisoformat(day.strip())
    except ValueError:
        raise CommandError(f"{text!r}: write a quarter and its committee date as 2016-Q3=2017-03-14") from None


class Command(BaseCommand):
    help = ("Publish quarters on the dates their reports went to committee, e.g. 2016-Q3=2017-03-14 "
            "(the Quarters page does the same for the performance team). Kept in each quarter's history.")

    def add_arguments(self, parser):
        parser.add_argument("publications", nargs="+", metavar="QUARTER=DATE")
        parser.add_argument("--user", help="username recorded in the history")

    def handle(self, *, publications, user, **options):
        chosen = [_publication(text) for text in publications]  # all checked before any is written
        who = history_user(user)
        for quarter, day in chosen:
            set_publication(who, quarter, day, "publish_quarter")
            self.stdout.write(f"{quarter.label} published on {day:%-d %B %Y}")
