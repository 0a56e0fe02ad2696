"""The SPC judgement (reports.spc) and the year-end forecast (reports.forecast) in words, for every
reader: the indicator page, the scorecard table, its CSV. One place writes them, so a page and a
download never say two things of one indicator.

Each icon of NHS England's "Making Data Count" is written as words with a text mark (an arrow, a
tick), never as a picture or a colour alone.
"""

from dataclasses import dataclass
from decimal import Decimal

from kpis.domain.periods import MONTH_NAMES, Month, Quarter
from kpis.domain.terms import Polarity, label
from kpis.domain.writing import figure_text, target_figure_text
from reports import spc
from reports.cache import remembered
from reports.charts import SpcPeriodLines, spc_chart
from reports.forecast_data import forecasts_for
from reports.spc_series import configured_rules, spc_results


@dataclass(frozen=True)
class Words:
    """One judgement as written: its words, a text mark beside them, a GOV.UK tag colour, and what it means."""

    text: str
    mark: str = ""
    colour: str = "grey"
    meaning: str = ""

    @property
    def tag_class(self) -> str:
        return f"govuk-tag govuk-tag--{self.colour}"


NONE = Words("")

# The variation icon (reports.spc.Result.variation): blue for improvement, orange for concern, purple
# for a change that is neither (no polarity), grey for common cause, as MDC colours them.
VARIATION = {
    "common_cause": Words("Common cause variation", "~", "grey",
                          "No signal: the latest point varies as the process always has."),
    "improvement_high": Words("Special cause improvement (high)", "↑", "blue",
                              "A signal of improvement, the figures higher (higher is better)."),
    "improvement_low": Words("Special cause improvement (low)", "↓", "blue",
                             "A signal of improvement, the figures lower (lower is better)."),
    "concern_high": Words("Special cause concern (high)", "↑", "orange",
                          "A signal of concern, the figures higher (lower is better)."),
    "concern_low": Words("Special cause concern (low)", "↓", "orange",
                         "A signal of concern, the figures lower (higher is better)."),
    "neutral_high": Words("Special cause variation (high)", "↑", "purple",
                          "A signal, the figures higher; the indicator has no better direction."),
    "neutral_low": Words("Special cause variation (low)", "↓", "purple",
                         "A signal, the figures lower; the indicator has no better direction."),
}

ASSURANCE = {
    spc.Assurance.PASS: Words("Consistently passes the target", "✓", "blue",
                              "The target lies beyond the process limits on the good side: every month "
                              "should meet it while the process stays as it is."),
    spc.Assurance.FAIL: Words("Consistently fails the target", "✗", "orange",
                              "The target lies beyond the process limits on the bad side: it will not be "
                              "met unless the process changes."),
    spc.Assurance.HIT_AND_MISS: Words("Hit and miss", "?", "grey",
                                      "The target lies within the process limits: some months will meet it, "
                                      "some will not."),
}

POINT = {
    spc.PointType.COMMON: Words("Common cause", "●", "grey"),
    spc.PointType.IMPROVEMENT: Words("Special cause: improvement", "◆", "blue"),
    spc.PointType.CONCERN: Words("Special cause: concern", "■", "orange"),
    spc.PointType.NEUTRAL: Words("Special cause: neither better nor worse", "▲", "purple"),
    None: Words("Not judged", "○", "grey"),
}

AT_RISK = Words("At risk of missing the year-end target", "!", "orange",
                "The forecast of the year-end figure from the year so far misses the year target.")
ON_COURSE = Words("On course", "✓", "blue",
                  "The forecast of the year-end figure from the year so far meets the year target.")


def variation_words(result: spc.Result) -> Words:
    return VARIATION.get(result.variation, NONE)


def assurance_words(result: spc.Result) -> Words:
    return ASSURANCE.get(result.assurance, NONE)


def year_end_words(at_risk: bool | None) -> Words:
    """Blank where there is no forecast, no year target or no polarity to miss it by."""
    return {True: AT_RISK, False: ON_COURSE}.get(at_risk, NONE)


@dataclass(frozen=True)
class Judgement:
    """What the scorecard says of one indicator beside its status: variation, assurance, year end."""

    variation: Words = NONE
    assurance: Words = NONE
    year_end: Words = NONE
    projected: Decimal | None = None

    def columns(self) -> dict:
        """The scorecard CSV's columns: the same words as the table."""
        return {"variation": self.variation.text, "assurance": self.assurance.text, "year_end": self.year_end.text}


NOT_JUDGED = Judgement()


def quarter_judgements(quarter: Quarter, rows) -> dict[str, Judgement]:
    """Each scorecard row's judgement by code, from the published figures up to the quarter's end."""
    rows = list(rows)
    if not rows:
        return {}
    every = every_judgement(quarter)
    return {row.code: every[row.code] for row in rows if row.code in every}


def every_judgement(quarter: Quarter) -> dict[str, Judgement]:
    """Every indicator's judgement at the quarter by code: eight queries (reports.spc_series: four;
    reports.forecast_data: four), kept (reports.cache) until the published data or the rules change,
    for the table, its filters and its CSV alike. Drafts never count, so one for every reader."""
    rules = configured_rules()

    def compute():
        judged = spc_results(until=quarter.last_month.first_day)
        forecasts = forecasts_for(quarter.year, quarter.number)
        out = {}
        for series, result in judged:
            forecast = forecasts.get(series.indicator.pk)
            out[series.indicator.code] = Judgement(
                variation_words(result), assurance_words(result),
                year_end_words(forecast.at_risk if forecast else None),
                forecast.projected if forecast else None,
            )
        return out

    return remembered("judgements", (quarter.year, quarter.number, rules), compute, drafts=False)


# What the key under the scorecard and the page "How to read" list, in this order.
KEY = {
    "Variation": [VARIATION[name] for name in ("common_cause", "improvement_high", "improvement_low",
                                               "concern_high", "concern_low", "neutral_high", "neutral_low")],
    "Assurance": list(ASSURANCE.values()),
    "Year end": [AT_RISK, ON_COURSE],
}


# --- the indicator page's XmR chart -----------------------------------------------------------

RULE_SETS = {spc.Rules.MDC: "NHS England's Making Data Count rules", spc.Rules.PTD: "NHSRplotthedots rules"}


@dataclass(frozen=True)
class SpcRow:
    """A point of the chart as text: its month, figure, type in words, and its period's lines."""

    month: str
    value: str
    kind: Words
    mean: str
    lower: str
    upper: str


def _written(value: float | None, spec, places: int) -> str:
    return figure_text(None if value is None else Decimal(repr(value)), spec.unit, places)


def indicator_spc(indicator) -> dict:
    """The indicator page's XmR chart of all its published figures, the same points as a table with
    their types in words, and the variation and assurance in words: what `manage.py spc` prints of it."""
    [(series, result)] = spc_results([indicator.code])
    if not result.months:
        return {"spc": None}
    spec = indicator.spec()
    places = spec.decimals + 1  # a mean or a limit one place finer than the figures
    months = [Month.of(m) for m in result.months]
    period_of = {}
    lines = []
    for period in result.periods:
        lines.append(SpcPeriodLines(Month.of(period.start), Month.of(period.end), period.mean, period.lpl,
                                    period.upl))
        for month in months:
            if period.start <= month.first_day <= period.end:
                period_of[month] = period
    rows, points = [], []
    for month, value, kind in zip(months, result.values, result.types, strict=True):
        period, text = period_of[month], _written(value, spec, spec.decimals)
        rows.append(SpcRow(f"{MONTH_NAMES[month.month - 1]} {month.year}", text, POINT[kind],
                           _written(period.mean, spec, places), _written(period.lpl, spec, places),
                           _written(period.upl, spec, places)))
        points.append((month, value, kind.value if kind else "", text))
    target_text = target_figure_text(series.target, spec.unit, spec.decimals) if series.target is not None else ""
    names = {(k.value if k else ""): words.text for k, words in POINT.items()}
    preset = spc.PRESETS[spc.Rules(result.rules)]
    changes = [Month.of(m) for m in series.changes if months[0].first_day < m <= months[-1].first_day]
    return {"spc": {
        "figure": spc_chart(f"{indicator.title}: statistical process control (XmR) chart", points, lines,
                            target=None if series.target is None else float(series.target),
                            target_text=target_text, changes=changes, type_names=names, unit_title=label(spec.unit)),
        "rows": rows,
        "variation": variation_words(result),
        "assurance": assurance_words(result),
        "too_short": any(p.upl is None for p in result.periods),
        "points": len(result.months),
        "min_points": preset.min_points,
        "run": preset.run,
        "rules": RULE_SETS[spc.Rules(result.rules)],
        "target_text": target_text,
        "warnings": result.warnings,
        "has_polarity": spec.polarity is not Polarity.NONE,
    }}


def table_columns(judgement: Judgement | None) -> dict:
    """The scorecard table's three columns of a row (reports.tables.ScorecardTable), with their sort keys."""
    judgement = judgement or NOT_JUDGED
    return {"variation": judgement.variation, "assurance": judgement.assurance, "year_end": judgement.year_end,
            "variation_sort": judgement.variation.text, "assurance_sort": judgement.assurance.text,
            "year_end_sort": judgement.year_end.text}
