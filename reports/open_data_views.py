"""The open-data page and its files (reports.open_data): the same for everyone, signed in or
not, since what they hold is public: published quarters only."""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.views.decorators.http import condition

from kpis.domain.periods import Quarter
from kpis.models import Indicator
from kpis.selectors.freshness import versions
from kpis.selectors.publication import published_quarters
from reports import open_data
from reports.cache import page_content

INDICATORS_PER_PAGE = 100  # as the /indicators/ list


def _public_version(request, *args, **kwargs) -> str | None:
    """The files change only when what the public reads changes (kpis.selectors.freshness): a
    client or proxy holding a copy asks again and gets 304 Not Modified until then."""
    tokens = versions()
    return tokens and tokens.public


public_file = condition(etag_func=_public_version)


def open_data_page(request):
    """The quarters published and the indicators, each with its files; the schema and the licence."""

    def content():
        indicators = Paginator(Indicator.objects.filter(active=True).select_related("portfolio").order_by("code"),
                               INDICATORS_PER_PAGE).get_page(request.GET.get("page"))
        return "Open data", render_to_string("reports/open_data.html", {
            "quarters": published_quarters(), "indicators": indicators, "columns": open_data.COLUMNS,
            "licence": open_data.LICENCE, "licence_url": open_data.LICENCE_URL,
        }, request)

    page = page_content("open-data", (request.GET.get("page"),), content, drafts=False)
    return render(request, "page.html", {"content": page})


@public_file
def quarter_file(request, year, quarter, form):
    """Every indicator of a published quarter; 404 for a quarter not published."""
    try:
        period = Quarter.known(year, quarter)
    except ValueError:
        raise Http404("No such quarter.") from None
    frame = open_data.quarter_frame(year, quarter)
    if frame is None:
        raise Http404("That quarter is not published: its figures are not open data until it is.")
    return _file(frame, form, f"thurrock-kpi-{period}", open_data.quarter_title(period))


@public_file
def indicator_file(request, code, form):
    """Every published quarter of one indicator (none yet: the header alone)."""
    indicator = get_object_or_404(Indicator, code=code)
    return _file(open_data.indicator_frame(indicator), form, f"thurrock-kpi-{indicator.code}",
                 open_data.indicator_title(indicator))


def _file(frame, form: str, name: str, title: str) -> HttpResponse:
    if form == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        open_data.write_csv(response, frame)
    else:
        response = HttpResponse(open_data.json_text(frame, title=title), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(form == "csv", f"{name}.{form}")
    # The same for everyone (nothing personal, never a draft): anyone may keep a copy, checking it is current.
    patch_cache_control(response, public=True, no_cache=True)
    return response
