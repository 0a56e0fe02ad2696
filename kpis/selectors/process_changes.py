"""What the indicator page shows of an indicator's changes of process, and the months one may start in."""

from kpis.domain.periods import Month
from kpis.models import ChangeOfProcess, Reading


def changes_of_process(indicator) -> list[ChangeOfProcess]:
    """The indicator's recorded changes of process, earliest first: public, as its SPC chart is."""
    return list(ChangeOfProcess.objects.filter(indicator=indicator).order_by("month"))


def months_with_figures(indicator) -> list[Month]:
    """The months the indicator has a figure for, draft or published, latest first: a new process
    starts at a month of its series."""
    months = (Reading.objects.filter(indicator=indicator).order_by("-month").values_list("month", flat=True)
              .distinct())
    return [Month.of(month) for month in months]
