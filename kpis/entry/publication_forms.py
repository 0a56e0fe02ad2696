"""What the Quarters page's publishing form posts: a quarter ("2016-Q3") and the committee
date as day, month and year (the design system's date input), or what is wrong, in words."""

from datetime import date

from django.http import Http404

from kpis.domain.periods import Quarter


class PublicationError(ValueError):
    """What is wrong with the form, as the page says it."""


def posted_period(data) -> Quarter:
    """The quarter chosen; none chosen is the person's mistake, one no page offers is not found."""
    text = data.get("period", "")
    if not text:
        raise PublicationError("Select the quarter to publish")
    try:
        return Quarter.parse(text)
    except ValueError:
        raise Http404("No such quarter: write it as 2016-Q3.") from None


def posted_date(data) -> date:
    """The committee date from its three boxes."""
    parts = [data.get(name, "").strip() for name in ("published-day", "published-month", "published-year")]
    if not all(parts):
        raise PublicationError("Enter the date the report goes to committee, as day, month and year")
    if not all(part.isascii() and part.isdigit() for part in parts) or len(parts[2]) != 4:
        raise PublicationError("The committee date must be a real date, for example 14 3 2017")
    try:
        return date(int(parts[2]), int(parts[1]), int(parts[0]))
    except ValueError:
        raise PublicationError("The committee date must be a real date, for example 14 3 2017") from None
