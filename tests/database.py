"""What the database holds: every row the import writes, and emptying it of the council's data."""

from kpis import models

MODELS = (models.ReportingYear, models.Portfolio, models.Directorate, models.Indicator, models.Target,
          models.Reading, models.Outturn, models.Benchmark, models.Commentary, models.PublishedValue,
          models.PublishedSummary, models.FocusIndicator)
# What the state compares besides: sheets the small council does not fill (issue 17's SpcPeriods).
STATE_MODELS = (*MODELS, models.ChangeOfProcess)


def database_state() -> dict:
    """Every row of every table the import writes, history included."""
    state = {}
    for model in STATE_MODELS:
        state[model.__name__] = list(model.objects.order_by("pk").values())
        if hasattr(model, "history"):
            state[f"{model.__name__} history"] = model.history.count()
    return state


def empty_the_database():
    models.Indicator.objects.all().delete()  # and with them their readings, targets, outturns, commentary ...
    for model in (models.Portfolio, models.Directorate, models.ReportingYear, models.PublishedSummary):
        model.objects.all().delete()
