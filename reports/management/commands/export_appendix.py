from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kpis.domain.periods import FIRST_YEAR, LAST_YEAR, Quarter
from kpis.models import Portfolio
from reports.excel.appendix import appendix_workbook, portfolio_workbook
from reports.scorecards import appendix_data, portfolio_data


class Command(BaseCommand):
    help = ("Write the committee appendix of a quarter to an xlsx file (or, with --portfolio, that portfolio "
            "holder's table). --year 2016 is 2016/17. Published figures only.")

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="financial year: 2016 for 2016/17")
        parser.add_argument("--quarter", type=int, required=True, choices=[1, 2, 3, 4])
        parser.add_argument("--out", type=Path, required=True, help="the .xlsx file to write")
        parser.add_argument("--portfolio", metavar="SLUG", help="the portfolio holder's table instead, e.g. "
                                                                "education-and-health")

    def handle(self, *, year, quarter, out, portfolio, **options):
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise CommandError(f"--year {year} is not a financial year (write 2016 for 2016/17)")
        if portfolio:
            chosen = Portfolio.objects.filter(slug=portfolio).first()
            if chosen is None:
                slugs = ", ".join(Portfolio.objects.values_list("slug", flat=True)) or "none yet"
                raise CommandError(f"--portfolio {portfolio}: no such portfolio (there are: {slugs})")
            workbook = portfolio_workbook(portfolio_data(chosen, Quarter(year, quarter)))
        else:
            workbook = appendix_workbook(appendix_data(year, quarter))
        workbook.save(out)
        self.stdout.write(f"Wrote {out}")
