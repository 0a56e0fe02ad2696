"""The import's own sheet reader (kpis.importing.xlsx) reads every cell as openpyxl reads it: the
saved value (data_only), its number format, and the formula beside it. Checked on a workbook
written part by part with every kind of cell Excel saves (shared strings with rich text and a
phonetic guide, inline strings, booleans, errors, dates by style and ISO dates, times,
durations, formulas plain, shared and array, cells and rows without their numbers, the 1904
date system), and on the demo workbook."""

import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kpis.importing.problems import WorkbookError
from kpis.importing.reader import read_workbook
from kpis.importing.xlsx import XlsxWorkbook

ROOT = Path(__file__).resolve().parents[3]
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

STYLES = f"""<styleSheet xmlns="{MAIN}">
<numFmts count="1"><numFmt numFmtId="164" formatCode="0.0%"/></numFmts>
<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="1"><fill><patternFill patternType="none"/></fill></fills>
<borders count="1"><border/></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="9" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="21" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="46" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""

STRINGS = f"""<sst xmlns="{MAIN}" count="5" uniqueCount="5">
<si><t>code</t></si>
<si><t xml:space="preserve"> padded </t></si>
<si><r><rPr><b/></rPr><t>Rich </t></r><r><t>text</t></r></si>
<si><t>漢字</t><rPh sb="0" eb="2"><t>カンジ</t></rPh></si>
<si><t>a_x005F_x000D_b</t></si>
</sst>"""

SHEET = f"""<worksheet xmlns="{MAIN}"><dimension ref="A1:F9"/><sheetData>
<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>
<c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c></row>
<row r="2"><c r="A2"><v>42</v></c><c r="B2"><v>-3.25</v></c><c r="C2"><v>1E-3</v></c><c r="D2" s="1"><v>42705</v></c>
<c r="E2" s="2"><v>0.909</v></c><c r="F2" s="3"><v>0.5</v></c></row>
<row r="4"><c r="A4" t="b"><v>1</v></c><c r="B4" t="e"><v>#N/A</v></c><c r="C4" t="str"><f>"a"&amp;"b"</f><v>ab</v></c>
<c r="D4" t="d"><v>2016-12-01T00:00:00</v></c><c r="E4" s="4"><v>0.0868055555555556</v></c>
<c r="F4" s="5"><v>1.5</v></c></row>
<row r="5"><c r="A5"><f>80+10</f></c><c r="B5"><f t="shared" ref="B5:B7" si="0">A5*2</f><v>180</v></c>
<c r="C5" t="inlineStr"><is><t>inline</t></is></c>
<c r="D5" t="inlineStr"><is><r><t>in</t></r><r><t>line rich</t></r></is></c></row>
<row r="6"><c r="B6"><f t="shared" si="0"/></c></row>
<row r="7"><c r="B7"><f t="shared" si="0"/><v>4</v></c><c r="D7"><f t="array" ref="D7">SUM(A1:A2*2)</f></c></row>
<row><c><v>1</v></c><c s="1"><v>2</v></c></row>
<row r="9" spans="1:3"><c r="C9"><v></v></c><c r="F9" t="s"><v>1</v></c></row>
</sheetData></worksheet>"""


def write_parts(path: Path, sheet: str = SHEET, strings: str = STRINGS, date1904: bool = False,
                name: str = "Cells") -> Path:
    parts = {
        "[Content_Types].xml": """<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/styles.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
<Override PartName="/xl/sharedStrings.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
</Types>""",
        "_rels/.rels": f"""<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="{RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>""",
        "xl/workbook.xml": f"""<workbook xmlns="{MAIN}" xmlns:r="{RELS}">
<workbookPr{' date1904="1"' if date1904 else ''}/>
<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>""",
        "xl/_rels/workbook.xml.rels": f"""<Relationships
 xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="{RELS}/styles" Target="styles.xml"/>
<Relationship Id="rId3" Type="{RELS}/sharedStrings" Target="sharedStrings.xml"/></Relationships>""",
        "xl/styles.xml": STYLES,
        "xl/sharedStrings.xml": strings,
        "xl/worksheets/sheet1.xml": sheet,
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return path


def openpyxl_cells(path: Path) -> dict:
    """Every cell openpyxl's read-only mode gives a value or a formula: (sheet, row, column) ->
    (value, number format, formula)."""
    values = load_workbook(path, read_only=True, data_only=True)
    formulas = load_workbook(path, read_only=True, data_only=False)
    cells = {}
    for name in values.sheetnames:
        for sheet in (values[name], formulas[name]):
            sheet.reset_dimensions()
        for saved_row, written_row in zip(values[name].iter_rows(), formulas[name].iter_rows(), strict=True):
            for saved, written in zip(saved_row, written_row, strict=True):
                formula = written.value if isinstance(written.value, str) and written.value.startswith("=") else None
                if getattr(saved, "row", None) and (saved.value is not None or formula):
                    cells[name, saved.row, saved.column] = (saved.value, saved.number_format, formula)
    values.close()
    formulas.close()
    return cells


def our_cells(path: Path) -> dict:
    workbook = XlsxWorkbook(path)
    cells = {}
    for name in workbook.sheetnames:
        for number, row in workbook.sheet_rows(name)[1]:
            for column, cell in enumerate(row, start=1):
                if cell.value is not None or cell.formula:
                    cells[name, number, column] = (cell.value, cell.number_format, cell.formula)
    workbook.close()
    return cells


@pytest.mark.parametrize("date1904", [False, True])
def test_every_kind_of_cell_reads_as_openpyxl_reads_it(tmp_path, date1904):
    path = write_parts(tmp_path / "cells.xlsx", date1904=date1904)
    ours, theirs = our_cells(path), openpyxl_cells(path)
    assert ours == theirs
    # What the comparison covers, so it cannot pass on an empty sheet.
    assert theirs["Cells", 1, 3][0] == "Rich text"
    assert theirs["Cells", 1, 4][0] == "漢字"
    assert theirs["Cells", 2, 5][1] == "0.0%"
    assert theirs["Cells", 5, 1] == (None, "General", "=80+10")
    assert theirs["Cells", 6, 2] == (None, "General", "=A6*2")
    assert theirs["Cells", 8, 2][0].year == (1904 if date1904 else 1900)
    assert theirs["Cells", 1, 5][0] == "a_x000D_b"
    assert len(theirs) == 26


def test_the_demo_workbook_reads_as_openpyxl_reads_it():
    path = ROOT / "fixtures" / "thurrock_2016_17.xlsx"
    ours = our_cells(path)
    assert ours == openpyxl_cells(path)
    assert len(ours) > 4000


@pytest.mark.parametrize("part", ["sheet", "strings"])
def test_xml_declaring_entities_is_refused_before_any_expands(tmp_path, part):
    laughs = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>')
    sheet = SHEET.replace("<v>42</v>", "<v>&lol2;</v>") if part == "sheet" else SHEET
    strings = STRINGS.replace("<t>code</t>", "<t>&lol2;</t>") if part == "strings" else STRINGS
    path = write_parts(tmp_path / "laughs.xlsx", sheet=laughs + sheet if part == "sheet" else sheet,
                       strings=laughs + strings if part == "strings" else strings, name="Indicators")
    with pytest.raises(WorkbookError) as refused:
        read_workbook(path)
    assert "declares a document type" in str(refused.value)
