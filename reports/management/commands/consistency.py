import json

from django.core.management.base import BaseCommand, CommandError

from kpis.domain.periods import FIRST_YEAR, LAST_YEAR
from reports.consistency import consistency_of


class Command(BaseCommand):
    help = ("List, for a quarter, every status and arrow where the product differs from the council's printed "
            "report, with both values and the reason (drafts included). --year 2016 is 2016/17.")

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="financial year: 2016 for 2016/17")
        parser.add_argument("--quarter", type=int, required=True, choices=[1, 2, 3, 4])
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *, year, quarter, format, **options):
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise CommandError(f"--year {year} is not a financial year (write 2016 for 2016/17)")
        report = consistency_of(year, quarter)
        if format == "json":
            self.stdout.write(json.dumps({"quarter": str(report.quarter),
                                          "differences": [d.as_dict() for d in report.differences]},
                                         indent=2, ensure_ascii=False))
            return
        self.stdout.write(f"{report.quarter.label}: {len(report.differing)} difference(s), "
                          f"{len(report.not_checked)} printed value(s) not checked")
        for title, lines in (("Differences", report.differing), ("Not checked", report.not_checked)):
            if lines:
                self.stdout.write(f"\n{title}:")
            for d in lines:
                self.stdout.write(f"{d.code} {d.what}: ours {d.ours}, printed {d.printed} ({d.printed_text}). "
                                  f"{d.reason}")
