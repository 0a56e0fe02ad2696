"""A workbook is read whole or refused, within the limits settings.py states: every row whatever
its sheet's <dimension> says, no part unpacking past KPI_IMPORT_MAX_UNCOMPRESSED_BYTES, no more
rows than KPI_IMPORT_MAX_ROWS, and a page of problems, not megabytes. The browser upload and
both import commands share the reading, so each case runs through all of them."""

import io
import re
import zipfile
from decimal import Decimal

import openpyxl.xml
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from kpis import models
from tests.people import make_user
from tests.uploads import appendix_workbook
from tests.workbooks import small_council, write_workbook


def rewrite_parts(path, change):
    """The .xlsx at `path` with each part's bytes passed through change(name, data)."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, change(name, data))
    return path


def with_stale_dimensions(path):
    """Every sheet saying it spans A1:C1, as a program that added rows without updating the tag leaves it."""
    def stale(name, data):
        if not name.startswith("xl/worksheets/sheet"):
            return data
        data, found = re.subn(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:C1"', data)
        assert found == 1
        return data
    return rewrite_parts(path, stale)


# --- the three ways in: each returns (exit code or HTTP status, the problems shown) ---------------


def import_workbook_command(path):
    err = io.StringIO()
    try:
        call_command("import_workbook", str(path), stdout=io.StringIO(), stderr=err)
    except CommandError as error:
        return 1, err.getvalue().splitlines() + [str(error)]
    return 0, []


def import_appendix_command(path):
    err = io.StringIO()
    try:
        call_command("import_appendix", str(path), "--year", "2016", stdout=io.StringIO(), stderr=err)
    except CommandError as error:
        return 1, err.getvalue().splitlines() + [str(error)]
    return 0, []


def browser_upload(path, layout="contract"):
    client = Client()
    client.force_login(make_user("pat", "performance"))
    fields = {"layout": layout, **({"year": "2016"} if layout == "appendix" else {})}
    with open(path, "rb") as workbook:
        response = client.post("/imports/", {"workbook": workbook, **fields})
    problems = response.context.get("problems")
    if problems is None:
        return response.status_code, []
    return response.status_code, [str(p) for p in problems] + [response.content.decode()]


def contract_ways():
    return [pytest.param(import_workbook_command, id="import_workbook"), pytest.param(browser_upload, id="upload")]


def appendix_ways():
    return [pytest.param(import_appendix_command, id="import_appendix"),
            pytest.param(lambda path: browser_upload(path, "appendix"), id="appendix-upload")]


# --- item 11: a stale <dimension> -------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("run", contract_ways())
def test_every_row_is_read_whatever_the_sheets_dimension_says(run, tmp_path):
    path = with_stale_dimensions(write_workbook(tmp_path / "stale.xlsx", small_council()))
    code, problems = run(path)
    assert problems == []
    if run is browser_upload:
        return  # the preview wrote nothing; the counts are checked below
    assert models.Indicator.objects.count() == 14
    assert models.Reading.objects.count() == 119


def test_the_upload_preview_counts_every_row_of_a_stale_sheet(client, performance, tmp_path):
    client.force_login(performance)
    path = with_stale_dimensions(write_workbook(tmp_path / "stale.xlsx", small_council()))
    with open(path, "rb") as workbook:
        response = client.post("/imports/", {"workbook": workbook, "layout": "contract"})
    assert "Readings: 119 created, 0 updated, 0 unchanged" in response.context["report"].lines()


@pytest.mark.parametrize("run", appendix_ways())
def test_every_row_of_an_appendix_is_read_whatever_its_dimension_says(run, imported_small_council, tmp_path):
    path = with_stale_dimensions(appendix_workbook(tmp_path / "appendix.xlsx"))
    code, problems = run(path)
    assert problems == []
    if run is import_appendix_command:
        assert models.Reading.objects.get(indicator__code="CTAX", month="2016-05-01").value == Decimal("19.6")


# --- item 12: limits ------------------------------------------------------------------------------


def padded(path, part, size):
    """`part` of the workbook grown to `size` bytes of blanks inside its sheetData: valid XML that
    compresses to almost nothing, as a zip bomb does."""
    def pad(name, data):
        if name != part:
            return data
        return data.replace(b"<sheetData>", b"<sheetData>" + b" " * (size - len(data)), 1)
    return rewrite_parts(path, pad)


@pytest.mark.django_db
@pytest.mark.parametrize("run", contract_ways() + appendix_ways())
def test_a_part_unpacking_past_the_limit_is_refused_before_it_is_parsed(run, settings, tmp_path):
    settings.KPI_IMPORT_MAX_UNCOMPRESSED_BYTES = 200_000
    path = padded(write_workbook(tmp_path / "bomb.xlsx", small_council()), "xl/worksheets/sheet1.xml", 200_001)
    assert path.stat().st_size < 20_000
    code, problems = run(path)
    assert code in (1, 200)
    assert problems[0] == ("Workbook: its part xl/worksheets/sheet1.xml unpacks to 200,001 bytes, more than the "
                           "200,000 bytes an import reads (KPI_IMPORT_MAX_UNCOMPRESSED_BYTES): nothing was read")
    assert models.Indicator.objects.count() == 0


@pytest.mark.django_db
def test_parts_unpacking_past_the_limit_together_are_refused(settings, tmp_path):
    settings.KPI_IMPORT_MAX_UNCOMPRESSED_BYTES = 200_000
    path = write_workbook(tmp_path / "bomb.xlsx", small_council())
    padded(path, "xl/worksheets/sheet1.xml", 120_000)
    padded(path, "xl/worksheets/sheet2.xml", 120_000)
    code, problems = import_workbook_command(path)
    assert problems[0].startswith("Workbook: unpacks to 2")  # 240,000 and the small parts
    assert problems[0].endswith("bytes in all, more than the 200,000 bytes an import reads "
                                "(KPI_IMPORT_MAX_UNCOMPRESSED_BYTES): nothing was read")


@pytest.mark.django_db
@pytest.mark.parametrize("run", contract_ways())
def test_a_workbook_over_the_row_limit_is_refused(run, settings, tmp_path):
    settings.KPI_IMPORT_MAX_ROWS = 100  # the small council has about 200
    code, problems = run(write_workbook(tmp_path / "small.xlsx", small_council()))
    assert problems[0] == ("Workbook: has more than 100 rows, the most an import reads (KPI_IMPORT_MAX_ROWS): "
                           "nothing was read; split it into smaller workbooks")
    assert models.Indicator.objects.count() == 0


@pytest.mark.parametrize("run", appendix_ways())
def test_an_appendix_over_the_row_limit_is_refused(run, settings, imported_small_council, tmp_path):
    settings.KPI_IMPORT_MAX_ROWS = 1  # its header and one indicator
    code, problems = run(appendix_workbook(tmp_path / "appendix.xlsx"))
    assert problems[0] == ("Workbook: has more than 1 rows, the most an import reads (KPI_IMPORT_MAX_ROWS): "
                           "nothing was read; split it into smaller workbooks")


def with_bad_readings(path, count):
    sheets = small_council()
    sheets["Readings"] = [{"code": "HOMES", "month": "2016-04", "value": f"lots{i}"} for i in range(count)]
    return write_workbook(path, sheets)


@pytest.mark.django_db
def test_the_command_lists_the_first_200_problems_and_counts_the_rest(tmp_path):
    code, lines = import_workbook_command(with_bad_readings(tmp_path / "bad.xlsx", 1000))
    assert code == 1
    assert lines[0] == "Readings!2 value: 'lots0' is not a number"
    assert lines[199] == "Readings!201 value: 'lots199' is not a number"
    assert lines[200:] == ["… and 800 more problems", "bad.xlsx: 1000 problem(s) found; nothing was written."]


def test_the_upload_lists_the_first_200_problems_and_counts_the_rest(client, performance, tmp_path):
    client.force_login(performance)
    with open(with_bad_readings(tmp_path / "bad.xlsx", 1000), "rb") as workbook:
        response = client.post("/imports/", {"workbook": workbook, "layout": "contract"})
    page = response.content.decode()
    assert "1000 problems found: nothing was written" in page
    assert page.count("is not a number</li>") == 200
    assert "… and 800 more problems: the first 200 are listed." in page


def test_openpyxl_parses_with_defusedxml():
    """So no XML entity in an uploaded workbook expands, whatever the system's expat does."""
    assert openpyxl.xml.DEFUSEDXML is True
