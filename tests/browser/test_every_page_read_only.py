"""The pages of tests/browser/test_every_page.py as the public and a councillor read them, with that
module's data set and checks. A file of its own so that CI's two workers share the walk: pytest-xdist's
--dist loadfile keeps each file on one worker, and the whole walk was the suite's longest file."""

import pytest

from tests.browser.test_every_page import READ_ONLY_ROLES, WIDTHS, council, every_page  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db(transaction=True)  # the live server reads what the test wrote


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("role", READ_ONLY_ROLES)
def test_every_page_read_only(browser, live_server, council, assert_accessible, screenshot, role, width):  # noqa: F811
    every_page(browser, live_server, council, assert_accessible, screenshot, role, width)
