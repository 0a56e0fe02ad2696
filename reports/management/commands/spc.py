import json

from django.core.management.base import BaseCommand, CommandError

from kpis.models import Indicator
from reports.spc import Result
from reports.spc_series import spc_results


def month_text(day) -> str:
    return f"{day:%Y-%m}"


def result_dict(code: str, result: Result) -> dict:
    """One indicator's judgement in the shape issue 17 gives: months as YYYY-MM, numbers as numbers."""
    return {
        "code": code,
        "rules": result.rules.value,
        "periods": [{"start": month_text(p.start), "end": month_text(p.end), "mean": p.mean, "lpl": p.lpl,
                     "upl": p.upl} for p in result.periods],
        "points": [{"month": month_text(m), "value": v, "type": t and t.value}
                   for m, v, t in zip(result.months, result.values, result.types, strict=True)],
        "variation": result.variation,
        "assurance": result.assurance and result.assurance.value,
    }


class Command(BaseCommand):
    help = ("Print each indicator's statistical process control (XmR) judgement of its published figures: "
            "periods, point types, variation and assurance.")

    def add_arguments(self, parser):
        parser.add_argument("--indicator", metavar="CODE", help="one indicator (default: every one)")
        parser.add_argument("--rules", choices=["mdc", "ptd"],
                            help="mdc (NHS England's Making Data Count) or ptd (NHSRplotthedots); "
                                 "default: the KPI_SPC_RULES setting")
        parser.add_argument("--screen-outliers", choices=["on", "off"],
                            help="screen moving-range outliers; default: KPI_SPC_SCREEN_OUTLIERS, else the rules'")
        parser.add_argument("--format", choices=["json"], default="json")

    def handle(self, *, indicator, rules, screen_outliers, format, **options):
        codes = None
        if indicator is not None:
            if not Indicator.objects.filter(code=indicator).exists():
                raise CommandError(f"--indicator {indicator}: no indicator has this code")
            codes = [indicator]
        screen = None if screen_outliers is None else screen_outliers == "on"
        results = spc_results(codes, rules=rules, screen_outliers=screen)
        for series, result in results:
            for warning in result.warnings:
                self.stderr.write(f"{series.indicator.code}: {warning}")
        records = [result_dict(series.indicator.code, result) for series, result in results]
        self.stdout.write(json.dumps(records, indent=2, ensure_ascii=False))
