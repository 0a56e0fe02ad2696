from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from kpis.models import Indicator
from kpis.periods import Quarter, year_label
from kpis.permissions import can_enter_data, is_performance_team, may_enter
from kpis.selectors import commentaries_of, history_of, indicator_year, indicator_years, quarters_with_data
from reports.charts import indicator_year_page
from reports.presentation import display_row
from reports.scorecards import indicator_quarters, scorecard_for


def home(request):
    """The quarters with figures, latest first, and the scorecard of one (the latest unless
    ?quarter=2016-Q2 asks for another). Before any figure, the indicators alone."""
    quarters = quarters_with_data()
    if not quarters:
        indicators = Indicator.objects.filter(active=True).select_related("portfolio", "directorate")
        return render(request, "kpis/home.html", {"indicators": indicators})
    quarter = _chosen_quarter(request.GET.get("quarter"), list(quarters))
    # As on every scorecard page: the performance team sees drafts, marked; everyone else published figures.
    scorecard = scorecard_for(quarter.year, quarter.number, include_drafts=is_performance_team(request.user))
    rows = [display_row(row) for row in scorecard.rows]
    return render(request, "kpis/home.html", {"quarters": quarters, "scorecard": scorecard, "rows": rows})


def _chosen_quarter(text: str | None, quarters: list[Quarter]) -> Quarter:
    if not text:
        return quarters[0]
    try:
        quarter = Quarter.parse(text)
    except ValueError:
        raise Http404("No such quarter: write it as 2016-Q3.") from None
    if quarter not in quarters:
        raise Http404("No figures for that quarter.")
    return quarter


def indicator(request, code):
    """An indicator's year (?year=2016 for 2016/17; the latest with figures unless asked): the
    chart with its figures as a table, each quarter's status and DOT, the commentary and, for
    those who enter figures, unpublished figures marked "draft" and every change with who and when."""
    indicator = get_object_or_404(Indicator.objects.select_related("portfolio", "directorate"), code=code)
    # Unpublished figures, commentary and history: the performance team, and the officers
    # of this indicator's own service; nobody else.
    staff = is_performance_team(request.user) or may_enter(request.user, indicator)
    years = indicator_years(indicator, include_drafts=staff)
    year = years[0] if years else None
    if request.GET.get("year"):
        text = request.GET["year"]
        year = int(text) if text.isascii() and text.isdigit() and len(text) == 4 else None
        if year not in years:
            raise Http404("No figures for that year: write it as 2016 for 2016/17.")
    shown = indicator_year(indicator, year, include_drafts=staff) if year is not None else None
    return render(request, "kpis/indicator.html", {
        "indicator": indicator,
        "year": year,
        "year_label": year and year_label(year),
        "years": [(y, year_label(y)) for y in years],
        **(indicator_year_page(indicator.spec(), indicator.title, shown,
                               indicator_quarters(indicator, year, include_drafts=staff)) if shown else {}),
        "commentaries": commentaries_of(indicator, include_drafts=staff),
        "history": history_of(indicator) if staff else None,
        "staff": staff,
    })


def after_login(request):
    """Each role starts where its work is."""
    if is_performance_team(request.user):
        return redirect("review_queue")
    if can_enter_data(request.user):
        return redirect("my_data")
    return redirect("home")
