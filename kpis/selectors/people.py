"""People found by the name a council paper gives them (a deliverable's lead, a recommendation's
assignee)."""

from django.contrib.auth import get_user_model


def active_users_by_full_name(**filters) -> dict[str, list]:
    """Active users by their full name ("first last", whitespace normalised, case folded): a name
    that maps to more than one user names nobody for sure."""
    users = {}
    for user in get_user_model().objects.filter(is_active=True, **filters):
        users.setdefault(full_name_key(f"{user.first_name} {user.last_name}"), []).append(user)
    return users


def full_name_key(name: str) -> str:
    return " ".join(name.split()).casefold()
