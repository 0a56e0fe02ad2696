"""The scorecard's rows as CSV: one writer for the `scorecard` command and the table page's
download, so both have the same columns and the same defence against formulas."""

import csv
from decimal import Decimal

from reports.excel.text import csv_text


def plain_number(value):
    """Decimals as JSON numbers: whole numbers as integers."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def write_scorecard_csv(out, rows, *, drafts: bool = False):
    """One line a row, its columns as ScorecardRow.as_flat_dict names them. With drafts (the
    performance team's page) a last column "draft" says which figures are not yet approved."""
    lines = []
    for row in rows:
        line = row.as_flat_dict() | ({"draft": row.draft_mark} if drafts else {})
        lines.append({key: csv_text(plain_number(value)) for key, value in line.items()})
    fields = list(lines[0]) if lines else ["code"]
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(lines)
