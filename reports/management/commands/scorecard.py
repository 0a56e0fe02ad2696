import csv
import json

from django.core.management.base import BaseCommand, CommandError

from kpis.domain.periods import FIRST_YEAR, LAST_YEAR
from kpis.domain.published import PublishedShare
from kpis.domain.summary import QuarterSummary, Share
from kpis.domain.terms import SummaryMeasure
from reports.excel.text import csv_text
from reports.scorecard_csv import plain_number, write_scorecard_csv
from reports.scorecards import scorecard_for

MEASURES = tuple(measure.value for measure in SummaryMeasure)


def share_dict(share: Share) -> dict:
    return {"count": share.count, "total": share.total, "percent": plain_number(share.percent),
            "as_published": share.as_published}


def published_share_dict(share: PublishedShare) -> dict:
    return {"percent": plain_number(share.percent), "count": share.count}


def shares_dict(summary: QuarterSummary) -> dict:
    return {
        "statuses": {status.value: share_dict(s) for status, s in summary.statuses.items()},
        "dot_year": {d.value: share_dict(s) for d, s in summary.dot_year.items()},
        "dot_quarter": {d.value: share_dict(s) for d, s in summary.dot_quarter.items()},
    }


def summary_dict(scorecard) -> dict:
    """The shares of what the scorecard shows (`as_published`: how many of a count are the
    council's printed values), the rules' own shares (`computed`) and, where the council
    printed a summary, its figures (`published`)."""
    summary, published = scorecard.summary, scorecard.published_summary
    return {
        "quarter": str(scorecard.quarter),
        # Until the quarter is published its shares are only so far, as its pages say.
        "published_on": scorecard.published_on and scorecard.published_on.isoformat(),
        "in_progress": scorecard.in_progress,
        "scheme": summary.scheme.value,
        **shares_dict(summary),
        "computed": shares_dict(scorecard.computed_summary),
        "published": published and {
            measure.value: {value: published_share_dict(s) for value, s in shares.items()}
            for measure, shares in published.items()
        },
    }


class Command(BaseCommand):
    help = "Print the scorecard of a quarter: one record per indicator, or --summary. --year 2016 is 2016/17."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="financial year: 2016 for 2016/17")
        parser.add_argument("--quarter", type=int, required=True, choices=[1, 2, 3, 4])
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument("--summary", action="store_true", help="print the quarter summary instead")

    def handle(self, *, year, quarter, format, summary, **options):
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise CommandError(f"--year {year} is not a financial year (write 2016 for 2016/17)")
        scorecard = scorecard_for(year, quarter)
        if summary:
            records = summary_dict(scorecard)
            if format == "json":
                self.stdout.write(json.dumps(records, indent=2))
            else:
                self.write_summary_csv(records)
            return
        if format == "json":
            rows = [{key: plain_number(value) for key, value in row.as_dict().items()} for row in scorecard.rows]
            self.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False))
        else:
            write_scorecard_csv(self.stdout, scorecard.rows)

    def write_summary_csv(self, records):
        """One line per share; the council's printed percent and count beside it when the
        quarter has a printed summary (the columns are left out when it has none)."""
        published = records["published"]
        writer = csv.writer(self.stdout, lineterminator="\n")
        extra = ["published_percent", "published_count"] if published else []
        writer.writerow(["measure", "value", "count", "total", "percent", "as_published", "computed_count",
                         "computed_total", "computed_percent", *extra])
        for measure in MEASURES:
            for value, share in records[measure].items():
                computed = records["computed"][measure][value]
                line = [measure, value, share["count"], share["total"], share["percent"], share["as_published"],
                        computed["count"], computed["total"], computed["percent"]]
                if published:
                    printed = published[measure].get(value) or {}
                    line += [printed.get("percent"), printed.get("count")]
                writer.writerow([csv_text(field) for field in line])
