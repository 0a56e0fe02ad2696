"""The settings the suite runs with (pyproject.toml names this module): the product's own, with the
few variables a test run needs set first, in this process's environment so the servers and commands
tests start get them too. A variable set in the real environment wins.

Tests run with DEBUG off, as production does (pytest-django turns it off whatever the settings say)."""

import os

TEST_ENVIRONMENT = {
    # With DEBUG off the settings refuse to start without a key: this one is for tests only.
    "SECRET_KEY": "test-only-key-never-used-outside-the-suite-" + "k" * 20,
    # Static files as they are in the source: the suite never runs collectstatic.
    "STATIC_MANIFEST": "False",
    # Tests speak plain HTTP to the test client, the live server and the gunicorn servers they start.
    "SESSION_COOKIE_SECURE": "False",
    "CSRF_COOKIE_SECURE": "False",
    "SECURE_SSL_REDIRECT": "False",
}
for name, value in TEST_ENVIRONMENT.items():
    os.environ.setdefault(name, value)

from thurrock_kpi.settings import *  # noqa: E402, F403
