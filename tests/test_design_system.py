"""The service's frame (templates/base.html): GOV.UK Frontend, branded as Thurrock Council's own
service, with the navigation each role may use."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.people import make_user

pytestmark = pytest.mark.django_db

VENDOR = Path(settings.BASE_DIR) / "static" / "vendor" / "govuk-frontend"
PUBLIC = ["Scorecards", "Indicators", "Portfolios", "Corporate plan", "Scrutiny"]
SECTIONS_BY_ROLE = {
    None: [*PUBLIC, "Sign in"],
    "councillor": [*PUBLIC, "Sign out"],
    "scrutiny": [*PUBLIC, "Sign out"],  # the committee's officer: the tracker, in Scrutiny
    "officer": [*PUBLIC, "My data", "Sign out"],
    "performance": [*PUBLIC, "My data", "Review", "Quarters", "Imports", "Admin", "Sign out"],
}


def navigation(page: str) -> list[str]:
    menu = page[page.index('<nav aria-label="Menu"'):]
    menu = menu[:menu.index("</nav>")]
    items = re.findall(r'<li class="govuk-service-navigation__item[^"]*">(.*?)</li>', menu, re.S)
    return [re.sub(r"<span class=\"govuk-visually-hidden\">.*?</span>|<[^>]+>", "", item).strip() for item in items]


@pytest.mark.parametrize("role", SECTIONS_BY_ROLE)
def test_each_role_is_offered_the_sections_it_may_use(client, role):
    if role:
        client.force_login(make_user("someone", role))
    page = client.get("/accessibility/").content.decode()
    assert navigation(page) == SECTIONS_BY_ROLE[role]


def test_the_section_of_the_page_shown_is_marked_current(client):
    page = client.get("/indicators/").content.decode()
    current = re.findall(r'<a class="govuk-service-navigation__link" href="([^"]+)" aria-current="true">', page)
    assert current == ["/indicators/"]
    assert 'aria-current="true"' not in client.get("/accessibility/").content.decode()  # in no section
    signing_in = client.get("/accounts/login/").content.decode()
    assert re.findall(r'href="([^"]+)" aria-current="true">', signing_in) == ["/accounts/login/"]


def test_every_page_has_the_councils_header_a_beta_banner_and_a_footer_with_the_accessibility_statement(client):
    page = client.get("/").content.decode()
    assert '<a href="/" class="govuk-generic-header__homepage-link">Thurrock Council</a>' in page
    assert "govuk-phase-banner" in page and ">Beta</strong>" in page
    assert '<a class="govuk-footer__link" href="/accessibility/">Accessibility statement</a>' in page
    statement = client.get("/accessibility/").content.decode()
    assert "Accessibility statement for Corporate performance" in statement
    assert "Web Content Accessibility Guidelines version 2.2" in statement


def test_the_contact_address_comes_from_the_settings(client, settings):
    settings.KPI_CONTACT_EMAIL = "kpi-team@thurrock.example"
    page = client.get("/").content.decode()
    assert page.count("mailto:kpi-team@thurrock.example") == 2  # the beta banner and the footer


def test_it_is_not_dressed_as_gov_uk(client):
    """No crown, no GOV.UK logotype, no GDS Transport: those are GOV.UK's alone."""
    page = client.get("/").content.decode()
    assert "GOV.UK" not in page and "govuk-header" not in page and "crown" not in page.lower()
    css = (VENDOR / "govuk-frontend.min.css").read_text()
    assert "GDS Transport" not in css and "@font-face" not in css
    assert "url(" not in css  # not the crest, not a font: the stylesheet loads nothing else
    assert not list((Path(settings.BASE_DIR) / "static").rglob("*.woff*"))


def test_govuk_frontend_is_vendored_at_a_pinned_version_with_its_licence():
    assert (VENDOR / "VERSION").read_text().strip() == "6.6.0"
    assert "MIT License" in (VENDOR / "LICENSE").read_text()
    script = (VENDOR / "govuk-frontend.min.js").read_text()
    assert 'version="6.6.0"' in script and "sourceMappingURL" not in script  # no map to fetch
