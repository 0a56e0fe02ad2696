"""How often the year-end forecast's "at risk" flags of Q2 and Q3 were right at year end.

    .venv/bin/python benchmarks/forecast_backtest.py --indicators 400 --years 3 --seeds 5
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kpi_bench .venv/bin/python benchmarks/forecast_backtest.py

For each data set, each year that has a year before it (the forecast reads last year's profile),
and each of Q2 and Q3: every indicator that can be at risk (a polarity, not a demand indicator),
with a year target and an outturn, is forecast from its published figures up to the quarter's end
(reports.forecast), and its flag compared with whether the year's outturn missed the target.

- the synthetic council (benchmarks/synthetic.py), one council per seed (--seed, --seed + 1, ...):
  the counts are summed over its years; with several seeds each figure is printed as
  min-median-max over the seeds;
- the Thurrock demo (fixtures/thurrock_2016_17.xlsx) imported into the same throwaway database.

The database is benchmarks/forecast.sqlite3, or DATABASE_URL's, which it empties (its name must say
bench or test). Not part of the test suite.
"""

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks import synthetic  # noqa: E402
from benchmarks.timing import table  # noqa: E402

DEMO = synthetic.ROOT / "fixtures" / "thurrock_2016_17.xlsx"
QUARTERS = (2, 3)
COLUMNS = ("flagged", "correct", "precision", "recall", "accuracy")
LEGEND = ("judged: forecast at the quarter, with a year target and a year-end outturn; missed: of those, the "
          "outturn missed the target; flagged: at risk at the quarter; correct: flagged and missed, or not flagged "
          "and met; precision = flagged and missed / flagged; recall = flagged and missed / missed; accuracy = "
          "correct / judged; no forecast: with a target and an outturn but too few figures at the quarter "
          "(an annual indicator, a quarterly one's single figure) or a new-method figure. 'failing now': for "
          "comparison, the flag is the scorecard's own Failed at the quarter (against its profiled target), "
          "on the indicators the forecast judges that have a status.")


def failing_now(inputs, quarter):
    """The plain alternative to a forecast: flag what the scorecard already says is failing at the
    quarter (the rules' status against the quarter's target, Achieved/Failed). Scored only where the
    forecast is, so that both are judged on the same indicators."""
    from kpis.domain.rules import assess_quarter
    from kpis.domain.terms import Status
    from reports.forecast import at_risk

    if at_risk(inputs, quarter) is None:
        return None
    status = assess_quarter(inputs.spec, inputs.series, inputs.targets, quarter, outturns=inputs.outturns).status
    return None if status is None else status is Status.FAILED


def backtest_years(years, flag=None) -> dict:
    """The database's back-test (reports.forecast.backtest) of each of `years`, summed per quarter:
    {quarter: Score}; `flag` as backtest takes it (the forecast's at-risk by default). What the script
    prints, and what the tests run on a tiny council."""
    from kpis.domain.periods import Month
    from reports.forecast import Score, at_risk, backtest
    from reports.forecast_data import forecast_inputs

    totals = {q: Score() for q in QUARTERS}
    for year in years:
        scores = backtest(forecast_inputs(year, Month(year + 1, 3)), year, QUARTERS, flag or at_risk)
        totals = {q: Score(**{name: getattr(totals[q], name) + getattr(scores[q], name)
                              for name in Score.__dataclass_fields__}) for q in QUARTERS}
    return totals


def coverage(years) -> str:
    """Why a data set has nothing to score: per year, how many indicators that can be at risk have a
    year target, a year-end outturn, and both."""
    from kpis.domain.periods import Month
    from reports.forecast import can_be_at_risk, year_goal, year_outturn
    from reports.forecast_data import forecast_inputs

    parts = []
    for year in years:
        inputs = [item for item in forecast_inputs(year, Month(year + 1, 3)).values() if can_be_at_risk(item.spec)]
        goals = {id(item) for item in inputs if year_goal(item.spec, item, year)[0] is not None}
        outturns = {id(item) for item in inputs if year_outturn(item.spec, item, year) is not None}
        parts.append(f"{year}/{year % 100 + 1:02d}: {len(inputs)} indicators with a polarity, {len(goals)} with a "
                     f"year target, {len(outturns)} with a year-end outturn, {len(goals & outturns)} with both")
    return "; ".join(parts) + "."


def figures(score) -> dict:
    """The printed columns of a score: counts, and shares as percentages (None where undefined)."""
    def share(value):
        return None if value is None else round(value * 100, 1)

    missed = score.flagged_missed + score.unflagged_missed
    return {"flagged": score.flagged, "correct": score.correct, "judged": score.judged, "missed": missed,
            "no_forecast": score.no_forecast, "precision": share(score.precision), "recall": share(score.recall),
            "accuracy": share(score.accuracy)}


def _spread(values) -> str:
    known = [v for v in values if v is not None]
    if not known:
        return "–"
    if len(values) == 1:
        return f"{known[0]:g}"
    return f"{min(known):g}–{statistics.median(known):g}–{max(known):g}" + ("" if len(known) == len(values)
                                                                          else f" ({len(known)} seeds)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--indicators", type=int, default=400)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2016)
    parser.add_argument("--seeds", type=int, default=5, help="how many councils: seeds --seed, --seed + 1, ...")
    parser.add_argument("--yes", action="store_true", help="empty the database even if its name does not say bench")
    args = parser.parse_args()

    synthetic.configure("forecast")
    last_year = 2016
    years = range(last_year - args.years + 2, last_year + 1)
    seeds = range(args.seed, args.seed + args.seeds)
    per_seed, baseline = [], []
    for seed in seeds:
        synthetic.build_council(args.indicators, args.years, last_year, seed, yes=args.yes)
        per_seed.append({q: figures(score) for q, score in backtest_years(years).items()})
        baseline.append({q: figures(score) for q, score in backtest_years(years, failing_now).items()})
    print(f"Synthetic council: {args.indicators} indicators, years {years[0]}/{years[0] % 100 + 1:02d}"
          f"-{years[-1]}/{years[-1] % 100 + 1:02d} forecast (each with the year before), seeds {seeds[0]}"
          f"-{seeds[-1]}; " + ("min–median–max over the seeds; " if len(seeds) > 1 else "")
          + "precision, recall and accuracy in %")
    rows = [[f"{label} Q{q}", *(_spread([s[q][name] for s in scores])
                                for name in ("judged", "missed", *COLUMNS, "no_forecast"))]
            for label, scores in (("forecast", per_seed), ("failing now", baseline)) for q in QUARTERS]
    print(table(["flag from", "judged", "missed", *COLUMNS, "no forecast"], rows))
    print(LEGEND)

    from kpis.services.imports import import_workbook

    synthetic.empty_database(args.yes, migrate=False)
    import_workbook(DEMO, reason="forecast back-test")
    demo = {q: figures(score) for q, score in backtest_years([2015, 2016]).items()}
    print()
    print(f"Thurrock demo ({DEMO.name}): years 2015/16 and 2016/17")
    if all(demo[q]["judged"] == 0 for q in QUARTERS):
        unforecast = max(demo[q]["no_forecast"] for q in QUARTERS)
        print(f"Too few to say anything: no flag can be scored ({unforecast} indicator(s) with a target and an "
              f"outturn but no forecast at Q2 or Q3). " + coverage([2015, 2016]))
        return
    print(table(["from", "judged", "missed", *COLUMNS, "no forecast"],
                [[f"Q{q}", *(demo[q][name] for name in ("judged", "missed", *COLUMNS, "no_forecast"))]
                 for q in QUARTERS]))


if __name__ == "__main__":
    main()
