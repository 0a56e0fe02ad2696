"""The service navigation of templates/base.html: the sections a person's role may use, and which
one the page shown belongs to."""

from django import template
from django.urls import reverse

from kpis.models import Role
from kpis.permissions import role_of

register = template.Library()

EVERYONE = frozenset(Role) | {None}
ENTERS = frozenset({Role.OFFICER, Role.PERFORMANCE})
TEAM = frozenset({Role.PERFORMANCE})

# (label, URL name, who sees it, the URL names of the pages in that section)
SECTIONS = (
    ("Scorecards", "home", EVERYONE, {"home", "quarter_summary", "scorecard_table", "in_focus", "how_to_read",
                                      "consistency_report"}),
    ("Indicators", "indicator_list", EVERYONE, {"indicator_list", "indicator"}),
    ("Portfolios", "portfolio_list", EVERYONE, {"portfolio_list", "portfolio"}),
    ("Corporate plan", "plan", EVERYONE, {"plan", "plan_quarter", "objective", "deliverable", "deliverable_progress",
                                         "risk_register"}),
    ("Scrutiny", "tracker", EVERYONE, {"tracker", "tracker_overdue", "recommendation", "recommendation_add",
                                       "recommendation_edit", "recommendation_progress"}),
    ("My data", "my_data", ENTERS, {"my_data", "month_entry"}),
    ("Review", "review_queue", TEAM, {"review_queue"}),
    ("Quarters", "quarters", TEAM, {"quarters"}),
    ("Imports", "upload_workbook", TEAM, {"upload_workbook", "upload_status"}),
    ("Admin", "admin:index", TEAM, set()),
)


@register.simple_tag(takes_context=True)
def service_navigation(context) -> list[dict]:
    """[{label, url, current}] for the signed-in person's role (the public's when signed out)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    role = role_of(user) if user is not None else None
    here = getattr(getattr(request, "resolver_match", None), "url_name", None)
    return [{"label": label, "url": reverse(name), "current": here in pages}
            for label, name, who, pages in SECTIONS if role in who]
