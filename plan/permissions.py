"""Who may see and change the corporate plan and the risk register.

- Performance team: manages the plan (structure in the admin, any deliverable's progress).
- Lead officer: updates the progress of the deliverables they lead (Deliverable.lead).
- Everyone, signed in or not: the plan and register, and progress of published quarters.
- Staff (officers, performance team, scrutiny officers): also the quarter in progress.
"""

from kpis.models import Role
from kpis.permissions import role_of

STAFF = frozenset({Role.OFFICER, Role.PERFORMANCE, Role.SCRUTINY})


def manages_plan(user) -> bool:
    return role_of(user) is Role.PERFORMANCE


def may_update(user, deliverable) -> bool:
    """May `user` write `deliverable`'s progress?"""
    if manages_plan(user):
        return True
    return role_of(user) is Role.OFFICER and deliverable.lead_id == user.pk


def sees_unpublished(user) -> bool:
    """Progress of a quarter not yet published: the council's staff read it, the public does not."""
    return role_of(user) in STAFF
