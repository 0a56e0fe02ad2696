"""The data's tokens (kpis.models.DataVersion): what reports.cache keys its entries by."""

from typing import NamedTuple

from kpis.models import DataVersion


class Versions(NamedTuple):
    public: str  # changes when anything the public reads changes
    working: str  # changes with every change, drafts included


def versions() -> Versions | None:
    """The current tokens, or None when there are none (an emptied database): nothing is cached then."""
    row = DataVersion.objects.filter(pk=1).values_list("public", "working").first()
    return Versions(*row) if row else None
