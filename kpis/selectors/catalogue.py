"""The indicators and portfolios as lists to find things in (the /indicators/ and /portfolios/
pages): the indicators still reported, each with its portfolio and directorate in the same
query, and each portfolio with how many of them it holds, counted by the database."""

from django.db.models import Count, Q

from kpis.models import Indicator, Portfolio


def indicator_catalogue():
    """Every indicator still reported, by title: the scorecards list the same ones
    (an inactive indicator keeps its page, but is in no quarter's list)."""
    return Indicator.objects.filter(active=True).select_related("portfolio", "directorate").order_by("title", "code")


def portfolios_with_counts():
    """Every portfolio, by name, with `indicator_count`: its indicators still reported."""
    # By name, said again: a query that counts (GROUP BY) does not take Meta.ordering.
    return Portfolio.objects.annotate(
        indicator_count=Count("indicators", filter=Q(indicators__active=True))).order_by("name")
