"""Who may see and change what. Every view and service asks these; nothing else decides.

- Data officer: enters the figures of their own services' indicators.
- Performance team: everything officers can, for every indicator, plus approving,
  returning, locking and reopening quarters, and managing indicators and targets.
- Councillor / scrutiny member, and anonymous visitors: read published figures only.
"""

from kpis.models import Indicator, Role


def role_of(user) -> Role | None:
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return Role.PERFORMANCE
    profile = getattr(user, "profile", None)
    return Role(profile.role) if profile else None


def is_performance_team(user) -> bool:
    return role_of(user) is Role.PERFORMANCE


def can_enter_data(user) -> bool:
    return role_of(user) in (Role.OFFICER, Role.PERFORMANCE)


def enterable_indicators(user):
    """The indicators whose figures `user` may enter."""
    role = role_of(user)
    indicators = Indicator.objects.filter(active=True)
    if role is Role.PERFORMANCE:
        return indicators
    if role is Role.OFFICER:
        return indicators.filter(directorate__in=user.profile.services.all())
    return indicators.none()


def may_enter(user, indicator: Indicator) -> bool:
    return not refused(user, [indicator])


def refused(user, indicators: list[Indicator]) -> list[Indicator]:
    """Those of `indicators` whose figures `user` may not enter: one query however many."""
    role = role_of(user)
    if role is Role.PERFORMANCE:
        return []
    services = set(user.profile.services.values_list("id", flat=True)) if role is Role.OFFICER else set()
    return [indicator for indicator in indicators if indicator.directorate_id not in services]
