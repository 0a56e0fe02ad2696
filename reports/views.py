"""Every page people read: the home page, the quarter summary, the scorecard table, In Focus,
an indicator's year, the portfolio holder's table and the workbooks to download."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from kpis.domain.periods import Quarter, year_label
from kpis.entry.forms import posted_ids
from kpis.entry.process_change_form import ChangeOfProcessForm
from kpis.models import Indicator, Portfolio
from kpis.permissions import is_performance_team, may_enter
from kpis.selectors.catalogue import indicator_catalogue, portfolios_with_counts
from kpis.selectors.history import history_of
from kpis.selectors.indicator import commentaries_of, indicator_year, indicator_years
from kpis.selectors.process_changes import changes_of_process
from kpis.selectors.publication import published_quarters
from kpis.selectors.scorecard import focus_order, outturn_texts, quarters_with_data
from kpis.services import workflow
from reports.cache import page_content, remembered
from reports.charts import indicator_year_page
from reports.excel.appendix import appendix_workbook, portfolio_workbook
from reports.filters import IndicatorFilter, filter_query, filtered_rows
from reports.presentation import display_row, focus_block, portfolio_line, table_record
from reports.quarter_nav import quarter_nav
from reports.scorecard_csv import write_scorecard_csv
from reports.scorecards import appendix_data, indicator_quarters, portfolio_data, scorecard_for
from reports.spc_words import KEY as SPC_KEY
from reports.spc_words import indicator_spc, quarter_judgements, table_columns
from reports.summary import summary_page
from reports.tables import ScorecardTable

# Rows on one page of a scorecard: a council's whole list (Thurrock's is 60-odd) on one, while a
# county's 3,000 indicators make 30 pages of a reasonable size rather than one of several megabytes.
TABLE_ROWS_PER_PAGE = 100
INDICATORS_PER_PAGE = 100  # the /indicators/ list: a council's whole list on one page, as on the scorecard
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _check_quarter(year, quarter):
    try:
        Quarter.known(year, quarter)
    except ValueError:
        raise Http404("No such quarter.") from None


def _scorecard(request, year, quarter):
    _check_quarter(year, quarter)
    # Drafts only for the performance team, marked as such; everyone else reads published figures.
    return scorecard_for(year, quarter, include_drafts=is_performance_team(request.user))


def _page(request, kind: str, parts: tuple, render_content, *, drafts: bool):
    """The page around a content kept by reports.cache: render_content() -> (title, HTML) runs
    only when the data changed since it last ran for these parts."""
    content = page_content(kind, parts, render_content, drafts=drafts)
    return render(request, "page.html", {"content": content})


def quarter_summary(request, year, quarter):
    _check_quarter(year, quarter)
    drafts = is_performance_team(request.user)

    def content():
        scorecard = scorecard_for(year, quarter, include_drafts=drafts)
        return f"{scorecard.quarter.label} summary", render_to_string("reports/summary.html", {
            "scorecard": scorecard, "quarter": scorecard.quarter, **summary_page(scorecard),
            "nav": _quarter_nav(scorecard.quarter, drafts), "for_performance_team": drafts,
        }, request)

    return _page(request, "summary", (year, quarter), content, drafts=drafts)


def scorecard_table(request, year, quarter):
    _check_quarter(year, quarter)
    drafts = is_performance_team(request.user)

    def content():
        scorecard = scorecard_for(year, quarter, include_drafts=drafts)
        filters, rows = filtered_rows(request.GET, scorecard)
        judged = quarter_judgements(scorecard.quarter, rows)  # every indicator's, kept once for all readers
        table = ScorecardTable([table_record(row) | table_columns(judged.get(row.code)) for row in rows])
        table.caption = f"{scorecard.quarter.label}: {len(table.rows)} of {len(scorecard.rows)} indicators"
        RequestConfig(request, paginate={"per_page": TABLE_ROWS_PER_PAGE}).configure(table)
        return f"{scorecard.quarter.label} scorecard", render_to_string("reports/scorecard.html", {
            "scorecard": scorecard, "quarter": scorecard.quarter, "filters": filters, "table": table,
            "csv_query": filter_query(request.GET), "nav": _quarter_nav(scorecard.quarter, drafts),
            "spc_key": SPC_KEY,
        }, request)

    return _page(request, "table", (year, quarter, sorted(request.GET.lists())), content, drafts=drafts)


def scorecard_csv(request, year, quarter):
    """The scorecard table as CSV, with the page's filters: the rows the page shows, drafts
    (marked in a "draft" column) only for the performance team, as on the page."""
    scorecard = _scorecard(request, year, quarter)
    _, rows = filtered_rows(request.GET, scorecard)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="scorecard-{scorecard.quarter}.csv"'
    write_scorecard_csv(response, rows, drafts=is_performance_team(request.user))
    return response


def in_focus(request, year, quarter):
    """The quarter's In Focus blocks, as in the report's section 3.3; the performance team
    picks them here."""
    scorecard = _scorecard(request, year, quarter)
    if request.method == "POST":
        if not is_performance_team(request.user):
            raise PermissionDenied("Only the performance team picks the In Focus indicators.")
        chosen = posted_ids(request.POST.getlist("indicator"))
        try:
            count = workflow.choose_focus(request.user, scorecard.quarter, chosen)
            messages.success(request, f"{count} indicator(s) In Focus for {scorecard.quarter.label}.")
        except workflow.WorkflowError as error:
            messages.error(request, "; ".join(error.problems[""]))
        return redirect("in_focus", year=year, quarter=quarter)
    by_id = {row.indicator_id: row for row in scorecard.rows}
    blocks = [focus_block(by_id[i]) for i in focus_order(scorecard.quarter) if i in by_id]
    return render(request, "reports/focus.html", {
        "scorecard": scorecard, "quarter": scorecard.quarter, "blocks": blocks,
        "can_choose": is_performance_team(request.user), "rows": [display_row(row) for row in scorecard.rows],
        "locked": scorecard.quarter in workflow.locked_quarters(),
        "nav": _quarter_nav(scorecard.quarter, is_performance_team(request.user)),
    })


def portfolio(request, slug):
    """A portfolio holder's table as in the cabinet member's report to full council."""
    portfolio = get_object_or_404(Portfolio, slug=slug)
    quarter = _chosen_quarter(request)

    def content():
        if quarter is None:
            return portfolio.name, render_to_string("reports/portfolio.html", {"portfolio": portfolio, "rows": None})
        scorecard = scorecard_for(quarter.year, quarter.number)
        outturns = outturn_texts(quarter.year - 1)
        rows = [portfolio_line(row, outturns.get(row.indicator_id, "")) for row in scorecard.of_portfolio(slug)]
        return portfolio.name, render_to_string("reports/portfolio.html", {
            "portfolio": portfolio, "quarter": quarter, "rows": rows, "last_year": year_label(quarter.year - 1),
            "scorecard": scorecard,
        }, request)

    return _page(request, "portfolio", (slug, quarter), content, drafts=False)


def portfolio_list(request):
    """Every portfolio with its holder and how many indicators it holds, each linked to its table."""

    def content():
        return "Portfolios", render_to_string("reports/portfolio_list.html", {
            "portfolios": portfolios_with_counts(),
        }, request)

    return _page(request, "portfolios", (), content, drafts=False)


def appendix_download(request, year, quarter):
    """The committee appendix of a quarter as an Excel workbook: published figures only."""
    _check_quarter(year, quarter)
    return _xlsx(appendix_workbook(appendix_data(year, quarter)),
                 f"appendix-1-{year}-{(year + 1) % 100:02d}-q{quarter}.xlsx")


def portfolio_download(request, slug):
    """The portfolio holder's table of ?quarter=2016-Q3 (or the latest) as an Excel workbook."""
    portfolio = get_object_or_404(Portfolio, slug=slug)
    quarter = _chosen_quarter(request)
    if quarter is None:
        raise Http404("No figures yet.")
    return _xlsx(portfolio_workbook(portfolio_data(portfolio, quarter)), f"{slug}-{quarter}.xlsx")


def _xlsx(workbook, filename: str) -> HttpResponse:
    response = HttpResponse(content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    workbook.save(response)
    return response


def _chosen_quarter(request) -> Quarter | None:
    """?quarter=2016-Q3, or the quarter the home page opens on (None before any figure)."""
    text = request.GET.get("quarter")
    if text:
        try:
            return Quarter.parse(text)
        except ValueError:
            raise Http404("Write the quarter as 2016-Q3.") from None
    quarters = list(_quarters())
    return _home_quarter(None, quarters, _published()) if quarters else None


def _quarters(drafts: bool = False) -> dict[Quarter, int]:
    """The quarters with figures (published ones, or drafts too for the performance team), as
    kpis.selectors.scorecard.quarters_with_data reads them."""
    return remembered("quarters", (), lambda: quarters_with_data(include_drafts=drafts), drafts=drafts)


def _quarter_nav(quarter: Quarter, drafts: bool):
    """The quarters either side of `quarter` that have figures: with drafts for the performance
    team, who see them on the quarter's pages too."""
    return quarter_nav(quarter, _quarters(drafts))


# --- the home page and an indicator's page ----------------------------------------------


def home(request):
    """The quarters with figures, latest first, and the scorecard of one: the latest published
    (the latest with figures while none is), unless ?quarter=2016-Q2 asks for another. Before
    any figure, the indicators alone."""
    quarters = _quarters()
    drafts = is_performance_team(request.user)
    quarter = _home_quarter(request.GET.get("quarter"), list(quarters), _published()) if quarters else None

    def content():
        if quarter is None:
            indicators = Indicator.objects.filter(active=True).select_related("portfolio", "directorate")
            return "Indicators", render_to_string("kpis/home.html", {"indicators": indicators}, request)
        # As on every scorecard page: the performance team sees drafts, marked; everyone else published figures.
        scorecard = scorecard_for(quarter.year, quarter.number, include_drafts=drafts)
        rows = Paginator(scorecard.rows, TABLE_ROWS_PER_PAGE).get_page(request.GET.get("page"))
        return scorecard.quarter.label, render_to_string("kpis/home.html", {
            "quarters": quarters, "published": _published(), "scorecard": scorecard, "rows": rows,
            "displayed": [display_row(row) for row in rows],
        }, request)

    return _page(request, "home", (quarter, request.GET.get("page")), content, drafts=drafts)


def _published() -> dict:
    """The published quarters and their committee dates (kpis.selectors.publication)."""
    return remembered("published", (), published_quarters, drafts=False)


def _home_quarter(text: str | None, quarters: list[Quarter], published) -> Quarter:
    if not text:
        return next((quarter for quarter in quarters if quarter in published), quarters[0])
    try:
        quarter = Quarter.parse(text)
    except ValueError:
        raise Http404("No such quarter: write it as 2016-Q3.") from None
    if quarter not in quarters:
        raise Http404("No figures for that quarter.")
    return quarter


def indicator_list(request):
    """Every indicator, searched by title or code and filtered by portfolio and directorate
    (?q=rent&portfolio=housing), each linked to its page."""

    def content():
        filters = IndicatorFilter(request.GET or None, queryset=indicator_catalogue())
        indicators = Paginator(filters.qs, INDICATORS_PER_PAGE).get_page(request.GET.get("page"))
        return "Indicators", render_to_string("reports/indicator_list.html", {
            "filters": filters, "indicators": indicators,
            "searched": any(request.GET.get(name) for name in IndicatorFilter.base_filters),
            "pages": indicators.paginator.get_elided_page_range(indicators.number, on_each_side=1, on_ends=1),
        }, request)

    return _page(request, "indicators", (sorted(request.GET.lists()),), content, drafts=False)


def indicator(request, code):
    return _indicator_page(request, code)


@require_POST
@login_required
def record_change_of_process(request, code):
    """The performance team records a change of process: back to the indicator page, where it is
    listed, or the page again with the form's errors."""
    if not is_performance_team(request.user):
        raise PermissionDenied("Only the performance team records a change of process.")
    indicator = get_object_or_404(Indicator, code=code)
    form = ChangeOfProcessForm(indicator, request.POST)
    if not form.record(request.user):
        return _indicator_page(request, code, form)
    messages.success(request, f"Change of process recorded from {form.cleaned_data['month'].first_day:%B %Y}.")
    return redirect(reverse("indicator", kwargs={"code": code}) + "#changes-of-process")


def _indicator_page(request, code, change_form=None):
    """An indicator's year (?year=2016 for 2016/17; the latest with figures unless asked): the
    chart with its figures as a table, each quarter's status and DOT, the commentary and, for
    those who enter figures, unpublished figures marked "draft" and every change with who and when."""
    indicator = get_object_or_404(Indicator.objects.select_related("portfolio", "directorate"), code=code)
    # Unpublished figures, commentary and history: the performance team, and the officers
    # of this indicator's own service; nobody else.
    staff = is_performance_team(request.user) or may_enter(request.user, indicator)
    asked = request.GET.get("year")

    def content():
        years = indicator_years(indicator, include_drafts=staff)
        year = years[0] if years else None
        if asked:
            year = int(asked) if asked.isascii() and asked.isdigit() and len(asked) == 4 else None
            if year not in years:
                raise Http404("No figures for that year: write it as 2016 for 2016/17.")
        shown = indicator_year(indicator, year, include_drafts=staff) if year is not None else None
        title = f"{indicator.title} {year_label(year)}" if year is not None else indicator.title
        return title, render_to_string("kpis/indicator.html", {
            "indicator": indicator,
            "year": year,
            "year_label": year and year_label(year),
            "years": [(y, year_label(y)) for y in years],
            **(indicator_year_page(indicator.spec(), indicator.title, shown,
                                   indicator_quarters(indicator, year, include_drafts=staff)) if shown else {}),
            "commentaries": commentaries_of(indicator, include_drafts=staff),
            "published": _published(),  # a quarter not in it is in progress: its row says so
            "history": history_of(indicator) if staff else None,
            "staff": staff,
            **indicator_spc(indicator),  # the XmR chart of all its published figures
            "changes_of_process": changes_of_process(indicator),
        }, request)

    # The form is the performance team's and carries a CSRF token: outside the kept content.
    if change_form is None and is_performance_team(request.user):
        change_form = ChangeOfProcessForm(indicator)
    return render(request, "reports/indicator_page.html", {
        "content": page_content("indicator", (code, asked), content, drafts=staff), "change_form": change_form,
        "code": code})


def how_to_read(request):
    """What the statuses, colours, arrows and marks of the scorecards mean."""
    return render(request, "reports/how_to_read.html", {"spc_key": SPC_KEY})
