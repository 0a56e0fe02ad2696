"""What the committee appendix reads besides its scorecards: the published figures of its
months, and the rows of the import contract's sheets (README "Workbook format"), so the
workbook pivots and imports back. Plain values, not model instances: a large council has
tens of thousands of readings."""

from kpis.domain.periods import Month, Quarter
from kpis.models import (
    Benchmark,
    ChangeOfProcess,
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


def published_readings(first: Month, last: Month) -> dict:
    """(indicator id, month) -> the approved reading: the committee sees published figures only."""
    return {(r.indicator_id, Month.of(r.month)): r for r in Reading.objects.filter(
        state=Reading.State.APPROVED, month__gte=first.first_day, month__lte=last.first_day)}


def contract_rows(period: Quarter, first_year: int) -> dict[str, list[dict]]:
    """Each contract sheet's rows (column -> value) holding what `period`'s scorecards read and
    nothing else: published figures from April of `first_year`, the targets and outturns of the
    years the rules look at, and the council's printed values of the year so far."""
    indicators = Indicator.objects.filter(active=True).select_related("portfolio", "directorate")
    by_code = {"indicator__active": True}
    since = Month(first_year, 4).first_day
    this_year = {"year": period.year, "quarter__lte": period.number}
    sheets = {
        "Readings": _rows(Reading.objects.filter(state=Reading.State.APPROVED, month__gte=since,
                                                 month__lte=period.last_month.first_day, **by_code)
                          .order_by("indicator__position", "indicator__code", "month"),
                          "value", "numerator", "denominator", "flag", "note",
                          month=lambda r: str(Month.of(r["month"]))),
        "Indicators": (_indicator_row(indicator) for indicator in indicators),
        "Targets": _rows(Target.objects.filter(year__gte=first_year, year__lte=period.year, **by_code),
                         "year", "period", "value", "kind", "text"),
        "Years": _rows(ReportingYear.objects.filter(year__gte=first_year, year__lte=period.year), "year", "scheme"),
        "Outturns": _rows(Outturn.objects.filter(year__gte=first_year - 1, year__lt=period.year, **by_code),
                          "year", "value", "text"),
        "Benchmarks": _rows(Benchmark.objects.filter(year__lte=period.year, **by_code),
                            "year", "kind", "value", "text"),
        "Commentary": _rows(Commentary.objects.filter(**this_year, **by_code).exclude(published_text=""),
                            "year", "quarter", "published_text", text=lambda r: r["published_text"]),
        "Published": _rows(PublishedValue.objects.filter(**this_year, **by_code), "year", "quarter", "field", "value"),
        "PublishedSummary": _rows(PublishedSummary.objects.filter(**this_year),
                                  "year", "quarter", "measure", "value", "percent", "count"),
        "Focus": _rows(FocusIndicator.objects.filter(**this_year, **by_code), "year", "quarter", "position"),
        # Changes of process up to the quarter, which split the SPC charts of its months' figures.
        "SpcPeriods": _rows(ChangeOfProcess.objects.filter(month__lte=period.last_month.first_day, **by_code)
                            .order_by("indicator__position", "indicator__code", "month"),
                            "reason", month=lambda r: str(Month.of(r["month"]))),
    }
    return {name: list(rows) for name, rows in sheets.items()}


def _rows(queryset, *fields, **computed):
    """The queryset's `fields` as rows keyed by column, the indicator named by its code; `computed`
    columns are written by their functions (a month as YYYY-MM)."""
    code = ("indicator__code",) if "indicator_id" in {f.attname for f in queryset.model._meta.concrete_fields} else ()
    wanted = [*code, *fields, *(name for name in computed if name not in fields)]
    for values in queryset.values(*wanted):
        row = {name: values[name] for name in fields}
        row["code"] = values.get("indicator__code")
        row.update({name: write(values) for name, write in computed.items()})
        yield row


def _indicator_row(indicator: Indicator) -> dict:
    portfolio = indicator.portfolio
    return dict(
        code=indicator.code, title=indicator.title, aliases="; ".join(indicator.aliases),
        definition=indicator.definition, portfolio=portfolio and portfolio.name,
        portfolio_holder=portfolio and portfolio.holder,
        directorate=indicator.directorate and indicator.directorate.name,
        owner=indicator.owner, category=indicator.category, unit=indicator.unit, decimals=indicator.decimals,
        polarity=indicator.polarity, frequency=indicator.frequency, rollup=indicator.rollup,
        target_basis=indicator.target_basis, tolerance=indicator.tolerance, per=indicator.per,
        active="yes" if indicator.active else "no", spc_baseline=indicator.spc_baseline,
    )
