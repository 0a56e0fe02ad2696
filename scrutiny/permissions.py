"""Who may change the recommendations tracker. Everyone reads it: it is a public committee paper.

- Scrutiny officers (the committee's officers) and the performance team: manage it (add and
  edit recommendations, assign them, open and close them, write progress on any).
- An officer who is an assignee (Assignee.user): writes progress on what is assigned to them.
"""

from kpis.models import Role
from kpis.permissions import role_of

MANAGERS = frozenset({Role.SCRUTINY, Role.PERFORMANCE})


def manages_tracker(user) -> bool:
    return role_of(user) in MANAGERS


def may_update(user, recommendation) -> bool:
    """May `user` write progress on `recommendation`?"""
    if manages_tracker(user):
        return True
    return (role_of(user) is Role.OFFICER
            and recommendation.assignees.filter(user=user).exists())
