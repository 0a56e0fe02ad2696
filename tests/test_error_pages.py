"""Our own 404 and 500 pages (templates/404.html, templates/500.html), as Django serves them
with DEBUG off: in the service's design, with a way home, and inside the Content-Security-Policy."""

import re

import pytest
from django.template import loader
from django.test import Client
from django.urls import path

pytestmark = pytest.mark.django_db


def fails(request):
    raise RuntimeError("the scorecard could not be drawn")


# This module's own URL conf (pytest.mark.urls): a view that fails.
urlpatterns = [path("fails/", fails)]


def test_an_unknown_address_gets_our_404_page(client, settings):
    settings.DEBUG = False
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert '<h1 class="govuk-heading-l">Page not found</h1>' in page
    assert 'href="/"' in page and "Go to the scorecard" in page
    assert "css/site." in page  # the service's own stylesheet
    assert response.headers["Content-Security-Policy"]
    assert "<style" not in page and " style=" not in page and "<script>" not in page


@pytest.mark.urls(__name__)
def test_a_view_that_fails_gets_our_500_page(settings):
    settings.DEBUG = False
    response = Client(raise_request_exception=False).get("/fails/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Sorry, there is a problem with the service" in page
    assert 'href="/"' in page and "css/site." in page
    assert "could not be drawn" not in page  # the error itself is logged, never shown
    assert response.headers["Content-Security-Policy"]
    assert "<style" not in page and " style=" not in page
    assert re.findall(r"<script\b[^>]*>", page) == ['<script type="module" src="/static/js/govuk-init.js">']  # none inline


def test_the_500_page_renders_without_a_request_or_the_database(django_assert_num_queries):
    """As django.views.defaults.server_error renders it: no request, no context processors.
    A database that just failed must not be asked again."""
    with django_assert_num_queries(0):
        page = loader.get_template("500.html").render()
    assert "Sorry, there is a problem with the service" in page
