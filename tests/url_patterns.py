"""Every named URL of the URL conf with its route, the admin's left out (tests/test_permissions.py lists those)."""

from django.urls import URLPattern, URLResolver, get_resolver


def named_patterns(patterns=None, prefix=""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if getattr(pattern, "app_name", None) == "admin":
                continue  # ADMIN_URLS
            yield from named_patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield pattern.name, prefix + str(pattern.pattern)
