"""What a quarter's scorecard reads of every indicator at once (reports.scorecards builds its
rows from these): figures, targets, outturns, benchmarks, commentary, the council's printed
values and summary, the In Focus choice, and which figures are drafts. Each is a fixed number
of queries, however many indicators, in the plain types kpis.domain.rules takes."""

import gc
from collections import defaultdict
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from itertools import chain

from django.db.models import Count, Func, IntegerField
from django.db.models.sql.constants import MULTI

from kpis.domain.periods import Month, Quarter
from kpis.domain.published import SUMMARY_VALUES, PublishedShare
from kpis.domain.rules import MonthFigure, Series, TargetSpec
from kpis.domain.terms import Flag, Scheme, SummaryMeasure, TargetKind
from kpis.domain.writing import plain_number
from kpis.models import (
    Benchmark,
    Commentary,
    FocusIndicator,
    Outturn,
    PublishedSummary,
    PublishedValue,
    Reading,
    ReportingYear,
    Target,
)


def _of(queryset, only: Collection[int] | None):
    """The rows of the indicators `only` (ids), or of every indicator when None."""
    return queryset if only is None else queryset.filter(indicator_id__in=only)


class _Converted(dict):
    """One column's values as a queryset would give them (Django's converters, then `then`),
    each distinct value converted once and kept: a month, a figure or a flag recurs thousands
    of times in a quarter's readings. Only values that equal each other exactly (a date, a
    string, a whole number, a float: what SQLite gives) are kept; any other, a Decimal (whose
    1.0 equals 1.00), is converted every time."""

    def __init__(self, converters: list, expression, connection, then: Callable | None):
        super().__init__()
        self.converters, self.expression, self.connection, self.then = converters, expression, connection, then

    def __missing__(self, raw):
        value = raw
        for converter in self.converters:
            value = converter(value, self.expression, self.connection)
        if self.then is not None and value is not None:
            value = self.then(value)
        if type(raw) in _EXACT:
            self[raw] = value
        return value


_EXACT = {str, int, float, date, type(None)}


def _values(queryset, **then: Callable) -> Iterator[tuple]:
    """The rows of `queryset` (a values_list of fields), each value as iterating the queryset
    gives it, and each column named in `then` passed through its function (None stays None).
    What Django's ValuesListIterable does (the same compiler, statement and converters), but
    column by column, converting each distinct value once where Django converts every value
    of every row (a council's quarter is some 33,000 readings of a few dozen months)."""
    query = queryset.query
    compiler = query.get_compiler(queryset.db)
    rows = list(chain.from_iterable(compiler.execute_sql(MULTI)))
    if not rows:  # none, or none asked for (an empty `in`: no statement is sent)
        return iter(())
    expressions = [selected[0] for selected in compiler.select[: compiler.col_count]]
    converters = compiler.get_converters(expressions)
    names = [*query.extra_select, *query.values_select, *query.annotation_select]
    columns = list(zip(*rows, strict=True))
    for position, (name, expression) in enumerate(zip(names, expressions, strict=True)):
        if position in converters or name in then:
            converted = _Converted(converters.get(position, ([],))[0], expression, compiler.connection, then.get(name))
            columns[position] = map(converted.__getitem__, columns[position])
    return zip(*columns, strict=True)


_FLAGS = {flag.value: flag for flag in Flag}


def series_by_indicator(first: Month, last: Month, *, include_drafts=False,
                        only: Collection[int] | None = None) -> dict[int, Series]:
    """Each indicator's readings from `first` to `last`; published (approved) ones only unless asked."""
    readings = _of(Reading.objects.filter(month__gte=first.first_day, month__lte=last.first_day), only)
    if not include_drafts:
        readings = readings.filter(state=Reading.State.APPROVED)
    figures = defaultdict(list)
    with _no_cycles():
        for indicator_id, month, value, numerator, denominator, flag in _values(readings.values_list(
            "indicator_id", "month", "value", "numerator", "denominator", "flag"
        ).order_by(), month=Month.of, flag=_FLAGS.__getitem__):
            figures[indicator_id].append(MonthFigure(month, value, numerator, denominator, flag))
        return defaultdict(Series, {key: Series(values) for key, values in figures.items()})


@contextmanager
def _no_cycles():
    """Python's cycle collector paused while tens of thousands of objects are made, none of them
    in a cycle: it would walk them again and again as they are made, to free nothing. Memory
    is still freed as usual (reference counting), and the collector runs again after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def targets_by_indicator(years: range, *, only: Collection[int] | None = None
                         ) -> dict[int, dict[tuple[int, str], TargetSpec]]:
    rows = _of(Target.objects.filter(year__in=years), only).values_list(
        "indicator_id", "year", "period", "value", "kind", "text"
    ).order_by()
    targets = defaultdict(dict)
    for indicator_id, year, period, value, kind, text in _values(rows, kind=TargetKind):
        targets[indicator_id][(year, period)] = TargetSpec(value, kind, text=text)
    return targets


def outturns_by_indicator(years: range, *, only: Collection[int] | None = None) -> dict[int, dict[int, Decimal]]:
    outturns = defaultdict(dict)
    for indicator_id, year, value in _of(Outturn.objects.filter(year__in=years, value__isnull=False), only).values_list(
        "indicator_id", "year", "value"
    ):
        outturns[indicator_id][year] = value
    return outturns


def scheme_of(year: int) -> Scheme:
    reporting_year = ReportingYear.objects.filter(year=year).first()
    return Scheme(reporting_year.scheme) if reporting_year else Scheme.ACHIEVED_FAILED


def quarters_with_data(*, include_drafts=False) -> dict[Quarter, int]:
    """The quarters with at least one figure, latest first, each with how many indicators
    have a figure in it (a quarter holding one annual figure is not a quarter's report).
    One grouped query: the database counts, however many readings."""
    readings = Reading.objects.filter(value__isnull=False)
    if not include_drafts:
        readings = readings.filter(state=Reading.State.APPROVED)
    counts = readings.order_by().annotate(period=FinancialQuarter("month")).values("period").annotate(
        indicators=Count("indicator_id", distinct=True)).values_list("period", "indicators")
    quarters = {Quarter(period // 4, period % 4 + 1): indicators for period, indicators in counts}
    return {quarter: quarters[quarter] for quarter in sorted(quarters, reverse=True)}


class FinancialQuarter(Func):
    """A date's financial quarter as one number, year x 4 + quarter - 1: April-June 2016 is
    2016 x 4, January-March 2017 is 2016 x 4 + 3 (as kpis.domain.periods.Month.quarter says).
    Whole numbers from (year x 12 + month - 4) / 3, which divides whole on PostgreSQL and
    SQLite. On SQLite from the date's text (YYYY-MM-DD, as Django keeps a date there), since
    extracting a year or a month calls back into Python for every row."""

    arity = 1
    output_field = IntegerField()
    template = ("((CAST(EXTRACT(YEAR FROM %(expressions)s) AS integer) * 12"
                " + CAST(EXTRACT(MONTH FROM %(expressions)s) AS integer) - 4) / 3)")

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template=(
            "((CAST(substr(%(expressions)s, 1, 4) AS integer) * 12"
            " + CAST(substr(%(expressions)s, 6, 2) AS integer) - 4) / 3)"), **extra)


def commentary_by_indicator(quarter: Quarter, *, include_drafts=False,
                            only: Collection[int] | None = None) -> dict[int, str]:
    """Each indicator's commentary on the quarter: the approved words, or the latest ones when drafts are asked for."""
    field = _commentary_field(include_drafts)
    commentary = _of(Commentary.objects.filter(year=quarter.year, quarter=quarter.number), only).exclude(**{field: ""})
    return dict(commentary.values_list("indicator_id", field))


def _commentary_field(include_drafts: bool) -> str:
    """Which of a commentary's texts a reader gets (kpis.models.Commentary keeps three)."""
    return "text" if include_drafts else "published_text"


def published_by_indicator(quarter: Quarter, *, only: Collection[int] | None = None) -> dict[int, dict[str, str]]:
    """What the council printed for each indicator in the quarter: field -> text."""
    published = defaultdict(dict)
    for indicator_id, field, value in _of(PublishedValue.objects.filter(
        year=quarter.year, quarter=quarter.number
    ), only).values_list("indicator_id", "field", "value").order_by():
        published[indicator_id][field] = value
    return published


def focus_indicator_ids(quarter: Quarter, *, only: Collection[int] | None = None) -> set[int]:
    focus = _of(FocusIndicator.objects.filter(year=quarter.year, quarter=quarter.number), only)
    return set(focus.values_list("indicator_id", flat=True))


def published_summary(quarter: Quarter) -> dict[SummaryMeasure, dict[str, PublishedShare]] | None:
    """The council's printed quarter summary by measure and value, or None when it printed none."""
    lines = PublishedSummary.objects.filter(year=quarter.year, quarter=quarter.number).values_list(
        "measure", "value", "percent", "count"
    )
    if not lines:
        return None
    printed = {(measure, value): PublishedShare(percent, count) for measure, value, percent, count in lines}
    # In the report's order (achieved before failed, better before worse), not the alphabet's.
    return {
        measure: {v.value: printed[measure, v.value] for v in SUMMARY_VALUES[measure] if (measure, v.value) in printed}
        for measure in SummaryMeasure
    }


def draft_months(first: Month, last: Month, *, only: Collection[int] | None = None) -> dict[tuple[int, Month], str]:
    """(indicator id, month) of every figure not yet approved, with its mark ("Draft – submitted")."""
    return {
        (indicator_id, month): draft_mark(state)
        for indicator_id, month, state in _values(_of(Reading.objects.filter(
            month__gte=first.first_day, month__lte=last.first_day), only)
            .exclude(state=Reading.State.APPROVED).values_list("indicator_id", "month", "state"), month=Month.of)
    }


def draft_mark(state: str) -> str:
    """ "Draft", or "Draft – submitted": every unpublished figure says "draft"."""
    if state == Reading.State.DRAFT:
        return Reading.State.DRAFT.label
    return f"{Reading.State.DRAFT.label} – {Reading.State(state).label.lower()}"


def outturns_of(year: int, *, only: Collection[int] | None = None) -> dict[int, tuple[Decimal | None, str]]:
    """Each indicator's outturn for `year`: its value and the text as printed ("58% (5838)")."""
    return {indicator_id: (value, text) for indicator_id, value, text in
            _of(Outturn.objects.filter(year=year), only).values_list("indicator_id", "value", "text")}


def outturn_texts(year: int) -> dict[int, str]:
    """Each indicator's outturn for `year` as printed ("58% (5838)"), or its value."""
    return {indicator_id: text or (plain_number(value) if value is not None else "")
            for indicator_id, (value, text) in outturns_of(year).items()}


def latest_benchmarks(year: int, *, only: Collection[int] | None = None
                      ) -> dict[int, list[tuple[str, Decimal | None, str]]]:
    """Each indicator's benchmarks (kind, value, text) of the latest year up to `year` that has any:
    a national average is published a year or more late."""
    latest: dict[int, tuple[int, list]] = {}
    for indicator_id, benchmark_year, kind, value, text in _of(Benchmark.objects.filter(year__lte=year), only).order_by(
            "year", "kind").values_list("indicator_id", "year", "kind", "value", "text"):
        if indicator_id not in latest or latest[indicator_id][0] < benchmark_year:
            latest[indicator_id] = (benchmark_year, [])
        latest[indicator_id][1].append((kind, value, text))
    return {indicator_id: benchmarks for indicator_id, (_, benchmarks) in latest.items()}


def focus_order(quarter: Quarter) -> list[int]:
    """The quarter's In Focus indicators, in the order the performance team gave."""
    return list(FocusIndicator.objects.filter(year=quarter.year, quarter=quarter.number)
                .order_by("position").values_list("indicator_id", flat=True))
