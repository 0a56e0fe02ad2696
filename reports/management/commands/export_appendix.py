from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports.excel import appendix_workbook


class Command(BaseCommand):
    help = "Write the committee appendix of a quarter to an xlsx file. --year 2016 is 2016/17."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="financial year: 2016 for 2016/17")
        parser.add_argument("--quarter", type=int, required=True, choices=[1, 2, 3, 4])
        parser.add_argument("--out", type=Path, required=True, help="the .xlsx file to write")

    def handle(self, *, year, quarter, out, **options):
        if not 1990 <= year <= 2100:
            raise CommandError(f"--year {year} is not a financial year (write 2016 for 2016/17)")
        appendix_workbook(year, quarter).save(out)
        self.stdout.write(f"Wrote {out}")
