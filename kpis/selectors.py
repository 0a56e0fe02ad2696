"""Reads that several pages share: an indicator's figures, targets and outturns, in the
plain types kpis.domain.rules takes. Each is a fixed number of queries, however many indicators."""

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings

from kpis.domain.periods import Month, Quarter
from kpis.domain.published import SUMMARY_VALUES, PublishedShare
from kpis.domain.rules import (
    MonthFigure,
    QuarterResult,
    Series,
    TargetSpec,
    assess_quarter,
    quarter_target,
    status_against,
    to_precision,
)
from kpis.domain.terms import Category, Flag, Polarity, Scheme, Status, SummaryMeasure, TargetKind
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


def series_by_indicator(first: Month, last: Month, *, include_drafts=False,
                        only: Collection[int] | None = None) -> dict[int, Series]:
    """Each indicator's readings from `first` to `last`; published (approved) ones only unless asked."""
    readings = _of(Reading.objects.filter(month__gte=first.first_day, month__lte=last.first_day), only)
    if not include_drafts:
        readings = readings.filter(state=Reading.State.APPROVED)
    figures = defaultdict(list)
    for indicator_id, month, value, numerator, denominator, flag in readings.values_list(
        "indicator_id", "month", "value", "numerator", "denominator", "flag"
    ).order_by():
        figures[indicator_id].append(MonthFigure(Month.of(month), value, numerator, denominator, Flag(flag)))
    return defaultdict(Series, {key: Series(values) for key, values in figures.items()})


def targets_by_indicator(years: range, *, only: Collection[int] | None = None
                         ) -> dict[int, dict[tuple[int, str], TargetSpec]]:
    targets = defaultdict(dict)
    for indicator_id, year, period, value, kind, text in _of(Target.objects.filter(year__in=years), only).values_list(
        "indicator_id", "year", "period", "value", "kind", "text"
    ).order_by():
        targets[indicator_id][(year, period)] = TargetSpec(value, TargetKind(kind), text=text)
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
    have a figure in it (a quarter holding one annual figure is not a quarter's report)."""
    readings = Reading.objects.filter(value__isnull=False)
    if not include_drafts:
        readings = readings.filter(state=Reading.State.APPROVED)
    indicators = defaultdict(set)
    for indicator_id, month in readings.order_by().values_list("indicator_id", "month").distinct():
        indicators[Month.of(month).quarter].add(indicator_id)
    return {quarter: len(indicators[quarter]) for quarter in sorted(indicators, reverse=True)}


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


@dataclass(frozen=True)
class MonthStatus:
    """What the rules say of a month as entered: the month alone against the quarter's
    target, and the quarter to date (refuse bins in December 2016: the month meets 98.5,
    the year to date 97.9 fails)."""

    month_status: Status | None
    quarter: QuarterResult


def statuses_for_month(indicators, month: Month, entered: dict[int, MonthFigure | None], *,
                       include_drafts=True) -> dict[int, MonthStatus]:
    """The rules' statuses for `month` with the `entered` figures (indicator id -> figure, or
    None to leave the month empty) in place of what is stored. A fixed number of queries."""
    quarter = month.quarter
    series = series_by_indicator(Month(month.financial_year - 2, 4), month, include_drafts=include_drafts)
    targets = targets_by_indicator(range(quarter.year - 2, quarter.year + 1))
    outturns = outturns_by_indicator(range(quarter.year - 3, quarter.year))
    scheme = scheme_of(quarter.year)
    statuses = {}
    for indicator in indicators:
        spec = indicator.spec()
        figures = {f.month: f for f in series[indicator.id].over(month.shifted(-i) for i in range(36))}
        if indicator.id in entered:
            figures.pop(month, None)
            if entered[indicator.id] is not None:
                figures[month] = entered[indicator.id]
        own_targets = targets.get(indicator.id, {})
        result = assess_quarter(spec, Series(figures.values()), own_targets, quarter, scheme,
                                outturns.get(indicator.id, {}))
        target = quarter_target(spec, own_targets, quarter)
        figure = figures.get(month)
        month_status = None
        if figure and figure.value is not None and target and target.kind is TargetKind.ABSOLUTE \
                and target.value is not None and spec.polarity is not Polarity.NONE and spec.category is not Category.DEMAND:
            month_status = status_against(spec.polarity, scheme, to_precision(figure.value, spec.decimals),
                                          target.value, spec.tolerance)
        statuses[indicator.id] = MonthStatus(month_status, result)
    return statuses


def latest_month_of(indicators) -> Month | None:
    """The latest month with a figure (in any state) for any of `indicators`."""
    latest = Reading.objects.filter(indicator__in=indicators).order_by("-month").values_list("month", flat=True).first()
    return Month.of(latest) if latest else None


def due_date(month: Month) -> date:
    """A month's figures are due on day KPI_DUE_DAY of the month after."""
    following = month.shifted(1).first_day
    return following.replace(day=min(settings.KPI_DUE_DAY, 28))


def review_queue(today: date, months_back: int = 3) -> dict:
    """What awaits the performance team: submitted figures, and figures past their due
    date that nobody has submitted, with the officers who owe them."""
    from kpis.domain.figures import is_due
    from kpis.models import Indicator, Profile

    submitted = (Reading.objects.filter(state=Reading.State.SUBMITTED)
                 .select_related("indicator", "indicator__directorate", "updated_by").order_by("month", "indicator"))
    current = Month.of(today)
    months = [current.shifted(-i) for i in range(1, months_back + 1) if due_date(current.shifted(-i)) < today]
    done = set(Reading.objects.filter(
        month__in=[m.first_day for m in months], state__in=[Reading.State.SUBMITTED, Reading.State.APPROVED]
    ).values_list("indicator_id", "month"))
    officers = defaultdict(list)
    for profile in Profile.objects.filter(role="officer").prefetch_related("services").select_related("user"):
        for service in profile.services.all():
            officers[service.id].append(profile.user.get_full_name() or profile.user.username)
    late = [
        {"indicator": indicator, "month": month, "due": due_date(month), "owed_by": officers.get(indicator.directorate_id, [])}
        for month in months
        for indicator in Indicator.objects.filter(active=True).select_related("directorate")
        if is_due(indicator.spec(), month) and (indicator.id, month.first_day) not in done
    ]
    return {"submitted": _with_commentary(list(submitted)), "late": late}


@dataclass(frozen=True)
class Submitted:
    """A submitted figure as the review queue shows it: with the words approving it would
    publish, and the words published now."""

    reading: Reading
    published_commentary: str

    @property
    def commentary(self) -> str:
        return self.reading.submitted_commentary


def _with_commentary(readings: list[Reading]) -> list[Submitted]:
    quarters = {(r.indicator_id, Month.of(r.month).quarter) for r in readings}
    published = {
        (indicator_id, Quarter(year, quarter)): text
        for indicator_id, year, quarter, text in Commentary.objects.filter(
            indicator_id__in={i for i, _ in quarters}, year__in={q.year for _, q in quarters}
        ).values_list("indicator_id", "year", "quarter", "published_text")
    }
    return [Submitted(r, published.get((r.indicator_id, Month.of(r.month).quarter), "")) for r in readings]


@dataclass(frozen=True)
class LockWithHistory:
    lock: object  # kpis.models.QuarterLock
    changes: list  # its history records, oldest first, each with its history_user


def quarter_locks() -> list[LockWithHistory]:
    """Every quarter ever locked, with each lock and reopening (who, when, why). Two queries:
    a model's history is not a relation, so it cannot be prefetched."""
    from kpis.models import QuarterLock

    changes = defaultdict(list)
    for record in QuarterLock.history.select_related("history_user").order_by("history_date", "history_id"):
        changes[record.id].append(record)
    return [LockWithHistory(lock, changes[lock.id]) for lock in QuarterLock.objects.all()]


@dataclass(frozen=True)
class HistoryChange:
    """One field's change as recorded: who made it, when and why (the indicator page's history).
    Not kpis.services.imports.ImportChange, which is a change an import is about to make."""

    when: object
    who: str
    what: str
    old: str
    new: str
    reason: str


def history_of(indicator) -> list[HistoryChange]:
    """Every change to the indicator's figures, targets and commentary: who, when, old, new."""
    changes = []
    for model, describe, fields in (
        (Reading, lambda h: f"Figure {Month.of(h.month).label}",
         ("value", "numerator", "denominator", "flag", "state", "submitted_commentary")),
        (Target, lambda h: f"Target {h.year}/{(h.year + 1) % 100:02d} {h.period}", ("value", "kind", "text")),
        (Commentary, lambda h: f"Commentary Q{h.quarter} {h.year}/{(h.year + 1) % 100:02d}",
         ("text", "published_text")),
    ):
        records = model.history.filter(indicator_id=indicator.id).select_related("history_user")
        previous = {}
        for record in records.order_by("history_date"):
            changes += [
                HistoryChange(record.history_date, _who(record.history_user),
                              f"{describe(record)}: {field.replace('_', ' ')}",
                              _shown(old), _shown(new), record.history_change_reason or "")
                for field, old, new in _changed(record, previous.get(record.id), fields)
            ]
            previous[record.id] = record
    return sorted(changes, key=lambda c: c.when, reverse=True)


def _changed(record, before, fields) -> list[tuple]:
    """(field, old, new) in the page's order of `fields`: simple_history's diff against the record
    before; for a new record, the fields it was given."""
    if before is None:
        return [(field, None, getattr(record, field)) for field in fields if getattr(record, field) not in (None, "")]
    delta = {change.field: change for change in record.diff_against(before, included_fields=fields).changes}
    return [(field, delta[field].old, delta[field].new) for field in fields if field in delta]


def _who(user) -> str:
    return (user.get_full_name() or user.username) if user else "import or system"


def _shown(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, Decimal):
        return plain_number(value)
    return str(value)


def draft_months(first: Month, last: Month, *, only: Collection[int] | None = None) -> dict[tuple[int, Month], str]:
    """(indicator id, month) of every figure not yet approved, with its mark ("Draft – submitted")."""
    return {
        (indicator_id, Month.of(month)): draft_mark(state)
        for indicator_id, month, state in _of(Reading.objects.filter(
            month__gte=first.first_day, month__lte=last.first_day), only)
        .exclude(state=Reading.State.APPROVED).values_list("indicator_id", "month", "state")
    }


@dataclass(frozen=True)
class QuarterCommentary:
    """An indicator's commentary on a quarter as its page shows it: the published words, and
    (for those who see drafts) newer words not yet approved."""

    period: Quarter
    published: str
    draft: str = ""


def commentaries_of(indicator, *, include_drafts=False) -> list[QuarterCommentary]:
    """Every quarter's commentary of `indicator`, latest first."""
    shown = []
    for year, quarter, text, published in indicator.commentaries.order_by("-year", "-quarter").values_list(
            "year", "quarter", "text", "published_text"):
        draft = text if include_drafts and text != published else ""
        if published or draft:
            shown.append(QuarterCommentary(Quarter(year, quarter), published, draft))
    return shown


# --- one indicator's year, for its page ------------------------------------------------


@dataclass(frozen=True)
class BenchmarkFigure:
    """A national, regional ... figure shown beside an indicator's chart; never a target."""

    kind: str
    year: int
    value: Decimal
    text: str = ""


@dataclass(frozen=True)
class IndicatorYear:
    """What the indicator page shows of financial year `year`, in the plain types kpis.domain.rules takes."""

    year: int
    series: Series  # April two years before `year` to March after it: the rules look back that far
    targets: dict[tuple[int, str], TargetSpec]
    benchmarks: list[BenchmarkFigure]
    drafts: dict[Month, str]  # each unpublished month shown, with its mark


def indicator_years(indicator, *, include_drafts=False) -> list[int]:
    """The financial years with a figure of `indicator`, latest first, and for an active one the
    council's latest year too: an annual or in-arrears indicator is on that year's scorecard
    (reported on an earlier figure), so its page for that year must exist."""
    readings = Reading.objects.filter(value__isnull=False)
    if not include_drafts:
        readings = readings.filter(state=Reading.State.APPROVED)
    months = readings.filter(indicator=indicator).order_by().values_list("month", flat=True).distinct()
    years = {Month.of(month).financial_year for month in months}
    latest = readings.order_by("-month").values_list("month", flat=True).first()
    if years and indicator.active and latest:
        years.add(Month.of(latest).financial_year)
    return sorted(years, reverse=True)


def draft_mark(state: str) -> str:
    """ "Draft", or "Draft – submitted": every unpublished figure says "draft"."""
    if state == Reading.State.DRAFT:
        return Reading.State.DRAFT.label
    return f"{Reading.State.DRAFT.label} – {Reading.State(state).label.lower()}"


def indicator_year(indicator, year: int, *, include_drafts=False) -> IndicatorYear:
    """One indicator's figures, targets and benchmarks for the chart of financial year `year`
    (2016 = 2016/17); published figures only unless asked. Its quarters' statuses and arrows
    come from reports.scorecards.indicator_quarters, as every scorecard's do."""
    readings = Reading.objects.filter(
        indicator=indicator, month__gte=Month(year - 2, 4).first_day, month__lte=Month(year + 1, 3).first_day
    )
    if not include_drafts:
        readings = readings.filter(state=Reading.State.APPROVED)
    figures, drafts = [], {}
    for month, value, numerator, denominator, flag, state in readings.order_by().values_list(
        "month", "value", "numerator", "denominator", "flag", "state"
    ):
        figures.append(MonthFigure(Month.of(month), value, numerator, denominator, Flag(flag)))
        if state != Reading.State.APPROVED:
            drafts[Month.of(month)] = draft_mark(state)
    series = Series(figures)
    targets = {
        (target_year, period): TargetSpec(value, TargetKind(kind), text=text)
        for target_year, period, value, kind, text in Target.objects.filter(
            indicator=indicator, year__in=(year - 1, year)
        ).values_list("year", "period", "value", "kind", "text")
    }
    return IndicatorYear(
        year=year,
        series=series,
        targets=targets,
        benchmarks=_latest_benchmarks(indicator, year),
        drafts=drafts,
    )


def _latest_benchmarks(indicator, year: int) -> list[BenchmarkFigure]:
    """Each kind's latest benchmark up to `year`: a national average is published a year or more late."""

    latest = {}
    for kind, benchmark_year, value, text in Benchmark.objects.filter(
        indicator=indicator, year__lte=year, value__isnull=False
    ).order_by("year").values_list("kind", "year", "value", "text"):
        latest[kind] = BenchmarkFigure(kind, benchmark_year, value, text)
    return sorted(latest.values(), key=lambda b: b.kind)


def outturns_of(year: int) -> dict[int, tuple[Decimal | None, str]]:
    """Each indicator's outturn for `year`: its value and the text as printed ("58% (5838)")."""
    return {indicator_id: (value, text) for indicator_id, value, text in
            Outturn.objects.filter(year=year).values_list("indicator_id", "value", "text")}


def outturn_texts(year: int) -> dict[int, str]:
    """Each indicator's outturn for `year` as printed ("58% (5838)"), or its value."""
    return {indicator_id: text or (plain_number(value) if value is not None else "")
            for indicator_id, (value, text) in outturns_of(year).items()}


def latest_benchmarks(year: int) -> dict[int, list[tuple[str, Decimal | None, str]]]:
    """Each indicator's benchmarks (kind, value, text) of the latest year up to `year` that has any:
    a national average is published a year or more late."""
    latest: dict[int, tuple[int, list]] = {}
    for indicator_id, benchmark_year, kind, value, text in Benchmark.objects.filter(year__lte=year).order_by(
            "year", "kind").values_list("indicator_id", "year", "kind", "value", "text"):
        if indicator_id not in latest or latest[indicator_id][0] < benchmark_year:
            latest[indicator_id] = (benchmark_year, [])
        latest[indicator_id][1].append((kind, value, text))
    return {indicator_id: benchmarks for indicator_id, (_, benchmarks) in latest.items()}


def focus_order(quarter: Quarter) -> list[int]:
    """The quarter's In Focus indicators, in the order the performance team gave."""
    return list(FocusIndicator.objects.filter(year=quarter.year, quarter=quarter.number)
                .order_by("position").values_list("indicator_id", flat=True))
