"""The import contract's sheets (README "Workbook format") written into the appendix workbook:
an analyst pivots the "Data" sheet, and the whole file imports back into an empty database
(`import_workbook`) to give the same scorecard.

Each sheet holds what the quarter's scorecards read and nothing else: published (approved)
figures from April two years back, targets and outturns of the years the rules look at, and
the council's printed values of the year so far. Figures are written as stored: exact
decimals, times in seconds, percentages 0-100, never with a number format that would read
back differently.
"""

from kpis.models import (
    Benchmark,
    Commentary,
    FocusIndicator,
    Indicator,
    Outturn,
    PublishedSummary,
    PublishedValue,
    Reading,
    ReportingYear,
    Target,
)
from kpis.periods import Month, Quarter
from kpis.workbook import SHEETS, SHEET_ALIASES
from reports.scorecards import YEARS_BACK

DATA = SHEET_ALIASES["Readings"]  # "Data": the analysts' name for the Readings sheet


def columns(sheet: str) -> list[str]:
    required, optional = SHEETS[sheet]
    return [*required, *optional]


def add_contract_sheets(workbook, period: Quarter) -> None:
    """Data, then Indicators, Targets and the other sheets of the contract, for `period`'s scorecards."""
    first_year = period.year - YEARS_BACK
    indicators = Indicator.objects.filter(active=True).select_related("portfolio", "directorate")
    ids = {indicator.id: indicator.code for indicator in indicators}
    by_code = {"indicator__active": True}
    readings = Reading.objects.filter(
        state=Reading.State.APPROVED, month__gte=Month(first_year, 4).first_day,
        month__lte=period.last_month.first_day, **by_code,
    ).order_by("indicator__position", "indicator__code", "month")
    this_year = {"year": period.year, "quarter__lte": period.number}
    sheets = {
        DATA: (dict(code=ids[r.indicator_id], month=str(Month.of(r.month)), value=r.value, numerator=r.numerator,
                    denominator=r.denominator, flag=r.flag, note=r.note) for r in readings),
        "Indicators": (_indicator_row(indicator) for indicator in indicators),
        "Targets": (dict(code=ids[t.indicator_id], year=t.year, period=t.period, value=t.value, kind=t.kind,
                         text=t.text)
                    for t in Target.objects.filter(year__gte=first_year, year__lte=period.year, **by_code)),
        "Years": (dict(year=y.year, scheme=y.scheme)
                  for y in ReportingYear.objects.filter(year__gte=first_year, year__lte=period.year)),
        "Outturns": (dict(code=ids[o.indicator_id], year=o.year, value=o.value, text=o.text)
                     for o in Outturn.objects.filter(year__gte=first_year - 1, year__lt=period.year, **by_code)),
        "Benchmarks": (dict(code=ids[b.indicator_id], year=b.year, kind=b.kind, value=b.value, text=b.text)
                       for b in Benchmark.objects.filter(year__lte=period.year, **by_code)),
        "Commentary": (dict(code=ids[c.indicator_id], year=c.year, quarter=c.quarter, text=c.text)
                       for c in Commentary.objects.filter(published=True, **this_year, **by_code)),
        "Published": (dict(code=ids[p.indicator_id], year=p.year, quarter=p.quarter, field=p.field, value=p.value)
                      for p in PublishedValue.objects.filter(**this_year, **by_code)),
        "PublishedSummary": (dict(year=s.year, quarter=s.quarter, measure=s.measure, value=s.value, percent=s.percent,
                                  count=s.count) for s in PublishedSummary.objects.filter(**this_year)),
        "Focus": (dict(code=ids[f.indicator_id], year=f.year, quarter=f.quarter, position=f.position)
                  for f in FocusIndicator.objects.filter(**this_year, **by_code)),
    }
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        names = columns("Readings" if name == DATA else name)
        sheet.append(names)
        for row in rows:
            # Blank, not "": an empty text cell and a missing one read back the same.
            sheet.append([None if row.get(column) == "" else row.get(column) for column in names])
        sheet.freeze_panes = "A2"


def _indicator_row(indicator: Indicator) -> dict:
    portfolio = indicator.portfolio
    return dict(
        code=indicator.code, title=indicator.title, aliases="; ".join(indicator.aliases),
        definition=indicator.definition, portfolio=portfolio and portfolio.name,
        portfolio_holder=portfolio and portfolio.holder, directorate=indicator.directorate and indicator.directorate.name,
        owner=indicator.owner, category=indicator.category, unit=indicator.unit, decimals=indicator.decimals,
        polarity=indicator.polarity, frequency=indicator.frequency, rollup=indicator.rollup,
        target_basis=indicator.target_basis, tolerance=indicator.tolerance, per=indicator.per,
        active="yes" if indicator.active else "no",
    )
