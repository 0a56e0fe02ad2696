"""Compute every quarter's public scorecard and its judgements into the cache now, so no reader waits for one.

    python manage.py warm_cache [--latest N]

Worth running after a deploy that emptied the cache, or after an import, with the shared cache
(REDIS_URL) that every app server reads: each server's own memory is warmed only in the
process that runs it, so without Redis this warms nothing a server will read. The judgements (SPC
variation and assurance, year-end forecasts: reports.spc_words) read each indicator's whole series:
about a second a quarter at 1,000 indicators x 10 years."""

import time

from django.core.management.base import BaseCommand

from kpis.selectors.scorecard import quarters_with_data
from reports.scorecards import scorecard_for
from reports.spc_words import every_judgement


class Command(BaseCommand):
    help = __doc__.splitlines()[0]

    def add_arguments(self, parser):
        parser.add_argument("--latest", type=int, default=None,
                            help="only the latest N quarters with figures (default: every one)")

    def handle(self, *args, latest=None, **options):
        quarters = list(quarters_with_data())[:latest]
        started = time.perf_counter()
        for quarter in quarters:
            scorecard_for(quarter.year, quarter.number)
            every_judgement(quarter)
        self.stdout.write(f"{len(quarters)} quarter(s) computed into the cache in "
                          f"{time.perf_counter() - started:.1f} s.")
