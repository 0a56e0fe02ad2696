"""The scorecard's rows as CSV: one writer for the `scorecard` command and the table page's
download, so both have the same columns and the same defence against formulas."""

import csv
from decimal import Decimal

from reports.excel.text import csv_text
from reports.spc_words import NOT_JUDGED, quarter_judgements


def plain_number(value):
    """Decimals as JSON numbers: whole numbers as integers."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def write_scorecard_csv(out, rows, *, drafts: bool = False):
    """One line a row, its columns as ScorecardRow.as_flat_dict names them, then the table's variation,
    assurance and year_end in words. With drafts (the performance team's page) a last column "draft"
    says which figures are not yet approved."""
    rows = list(rows)
    # The table's variation, assurance and year-end words (reports.spc_words), the same for every row's quarter.
    judged = quarter_judgements(rows[0].result.quarter, rows) if rows else {}
    lines = []
    for row in rows:
        line = row.as_flat_dict() | judged.get(row.code, NOT_JUDGED).columns()
        line |= {"draft": row.draft_mark} if drafts else {}
        lines.append({key: csv_text(plain_number(value)) for key, value in line.items()})
    fields = list(lines[0]) if lines else ["code"]
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(lines)
