from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from kpis.models import Indicator

EXAMPLE = Path(settings.BASE_DIR) / "fixtures" / "example.xlsx"


def test_home_lists_the_indicators(client, imported_small_council):
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    for indicator in Indicator.objects.all():
        assert indicator.title in page
    assert "Cllr R Gledhill" in page


def test_home_escapes_titles(client, db):
    Indicator.objects.create(code="XSS", title="<script>alert(1)</script>")
    page = client.get("/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_home_says_how_to_load_data_when_empty(client, db):
    assert "import_workbook" in client.get("/").content.decode()


def test_the_example_workbook_of_the_set_up_command_imports(client, db):
    call_command("import_workbook", str(EXAMPLE))
    assert Indicator.objects.count() >= 10
    assert client.get("/").status_code == 200
