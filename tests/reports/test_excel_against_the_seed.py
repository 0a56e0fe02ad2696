"""Every seed indicator in the exported Appendix 1 of Q3 2016/17, against the council's paper.

The figures are the demo workbook's, which tests/thurrock/test_thurrock_seed.py finds in the
paper cell by cell; the printed statuses and arrows are the paper's. Where the exported cell
says otherwise, the difference must be one of the documented disagreements of
tests/thurrock/test_thurrock_agreement.py, and nothing else.
"""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from kpis.domain.periods import Month, year_months
from kpis.domain.published import published_direction, published_status
from kpis.domain.terms import Direction, Frequency, Polarity, Status, label
from kpis.models import Indicator, PublishedValue, Reading
from reports.excel.appendix import SECTIONS
from tests.thurrock.disagreements import MONTH_DISAGREEMENTS, STATUS_DISAGREEMENTS

MONTHS = [m for m in year_months(2016) if m <= Month(2016, 12)]
# 114 worded Q1-Q3 statuses (the 115 of the agreement test less REOFF Q3, printed "Qtr in arrears") and
# the 83 printed month-pair arrows.
COMPARED = 114 + 83
HEADINGS = {heading: section.value for section, heading in SECTIONS}


@pytest.fixture
def exported(thurrock, kept_data, tmp_path):
    path = tmp_path / "appendix.xlsx"

    def export():
        call_command("export_appendix", "--year", "2016", "--quarter", "3", "--out", str(path), stdout=io.StringIO())
        return path.read_bytes()

    sheet = load_workbook(io.BytesIO(kept_data.made_once("appendix 2016 Q3", export)))["Appendix 1"]
    header = [c.value for c in sheet[3]]
    rows, section = {}, None
    for row in sheet.iter_rows(min_row=4, values_only=True):
        if row[0] in HEADINGS:
            section = HEADINGS[row[0]]
        elif row[0]:
            rows[row[0]] = (section, dict(zip(header, row, strict=False)))
    return rows


def printed(code: str, quarter: int, field: str) -> str | None:
    value = PublishedValue.objects.filter(indicator__code=code, year=2016, quarter=quarter, field=field).first()
    return value.value if value else None


def word(cell: str | None, words: dict):
    """The status or direction an exported cell states ("Failed ✗ (as published)" -> failed)."""
    return next((member for text, member in words.items() if cell and cell.startswith(text)), None)


STATUS_WORDS = {label(s): s for s in Status}
DIRECTION_WORDS = {f"{arrow} {label(d)}": d for d, arrow in
                   ((d, {"better": "↑", "higher": "↑", "static": "→", "worse": "↓", "lower": "↓"}[d.value])
                    for d in Direction)}


def test_every_seed_indicator_lands_in_the_section_the_paper_put_it(exported):
    indicators = Indicator.objects.all()
    assert len(indicators) == len(exported) == 49
    placed = {i.title: (exported[i.title][0], printed(i.code, 3, "section")) for i in indicators}
    assert {title: pair for title, pair in placed.items() if pair[0] != pair[1]} == {}


def test_every_monthly_cell_is_the_papers_figure_or_flag(exported):
    checked = 0
    for indicator in Indicator.objects.filter(frequency=Frequency.MONTHLY):
        _, cells = exported[indicator.title]
        readings = {Month.of(r.month): r for r in Reading.objects.filter(indicator=indicator)}
        for month in MONTHS:
            reading, cell = readings.get(month), cells[month.label]
            if reading is None:
                assert cell is None, (indicator.code, month.label)
            elif reading.value is not None:
                assert Decimal(str(cell)) == reading.value, (indicator.code, month.label)
            else:
                assert cell == reading.note, (indicator.code, month.label)  # "new govt. method", "n/a"
            checked += 1
    assert checked == 28 * 9  # every monthly indicator, April to December


def test_statuses_and_arrows_are_the_papers_except_the_documented_disagreements(exported):
    differing, as_published, compared = set(), set(), 0
    for indicator in Indicator.objects.all():
        _, cells = exported[indicator.title]
        for quarter in (1, 2, 3):
            paper = published_status(printed(indicator.code, quarter, "status"))
            cell = cells[f"Qtr {quarter} Achieved or Failed"]
            ours = word(cell, STATUS_WORDS)
            if cell and cell.endswith("(as published)"):
                as_published.add((indicator.code, quarter))
            if paper is not None:
                compared += 1
                if ours != paper:
                    differing.add((indicator.code, quarter))
        for month in MONTHS[6:]:
            field = f"dot_month_{month.number}_{month.previous().number}"
            paper = published_direction(printed(indicator.code, 3, field), Polarity(indicator.polarity))
            ours = word(cells[f"DOT between Month {month.number} and Month {month.previous().number}"],
                        DIRECTION_WORDS)
            if paper is not None:
                compared += 1
                if ours != paper:
                    differing.add((indicator.code, month.number))
    # Where the rules give no status at all, the paper's stands in the cell, marked "(as published)".
    no_status = {("TWOA", 1), ("TWOA", 3), ("UNEMP", 1), ("UNEMP", 2)}
    assert as_published & set(STATUS_DISAGREEMENTS) == no_status
    assert differing == (set(STATUS_DISAGREEMENTS) - no_status) | set(MONTH_DISAGREEMENTS)
    assert compared == COMPARED
