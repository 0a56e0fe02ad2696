"""An .xlsx opened for an import, within the limits settings.py states. No database.

An .xlsx is a zip of XML parts. Before any XML is parsed, the sizes the archive declares for
its parts are checked: a 1 MB upload can declare a sheet of a gigabyte. (Python's zipfile
never unpacks a part past its declared size, so a part that lies about it fails its check
instead of filling memory.) Every row of a sheet is read, whatever its <dimension> tag says
(a stale one would hide all but the rows it names), and rows are counted as they stream: past
the limit the workbook is refused, not read for minutes.

Each sheet is parsed once, by Python's expat parser driven directly, for both the value Excel
saved and the formula beside it: a formula Excel never calculated reads as blank, and a figure
must not vanish without a word. Cells are typed as openpyxl types them (its read-only mode
builds an ElementTree element for every cell, and an import wanting the formulas too parsed
each sheet three times); tests/kpis/importing/test_xlsx.py holds the two to the same values.
The small parts (the workbook's sheet list, its styles) are read by openpyxl. XML with a
document type declaration is refused, so no entity is ever declared and none can expand
(openpyxl itself parses with defusedxml, a dependency).
"""

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.parsers import expat

from django.conf import settings
from openpyxl.formula.translate import Translator
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils.cell import column_index_from_string, get_column_letter
from openpyxl.utils.datetime import from_excel, from_ISO8601
from openpyxl.xml.constants import SHEET_MAIN_NS


class LimitExceeded(Exception):
    """Larger than an import reads; the message names the limit and its setting."""


class Cell:
    """A cell as the readers read it (kpis.domain.values): the value Excel saved, its number
    format (a percent-formatted 0.909 is 90.9) and the formula it was computed from, if any."""

    __slots__ = ("value", "number_format", "formula")

    def __init__(self, value=None, number_format="General", formula=None):
        self.value, self.number_format, self.formula = value, number_format, formula

    def __repr__(self):
        return f"Cell({self.value!r})"


BLANK = Cell()
# The rows a sheet says it has, near the top of its XML: for a progress bar, no more.
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"(?:[A-Z]+\d+:)?[A-Z]+(\d+)\"")
_CHUNK = 1 << 16


class XlsxWorkbook:
    """A workbook's sheets, each read once, row by row, as Cells."""

    def __init__(self, source):
        content = source.read() if hasattr(source, "read") else Path(source).read_bytes()
        _check_unpacked_size(content)
        reader = ExcelReader(io.BytesIO(content), read_only=True, data_only=True)
        # What openpyxl's load_workbook reads first; the strings and the sheets are read here.
        reader.read_manifest()
        reader.read_workbook()
        apply_stylesheet(reader.archive, reader.wb)
        self._archive, self._book = reader.archive, reader.wb
        strings = reader.package.find("application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml")
        self._strings = _shared_strings(self._archive, strings.PartName[1:]) if strings is not None else []
        self._parts = {sheet.name: rel.target for sheet, rel in reader.parser.find_sheets()
                       if rel.target in reader.valid_files and "chartsheet" not in rel.Type}
        self.sheetnames = list(self._parts)
        self._formats: dict[int, str] = {}
        self.rows_read = 0

    def sheet_rows(self, name: str) -> tuple[int | None, Iterator[tuple[int, list[Cell]]]]:
        """The rows sheet `name` says it has (for a progress bar, no more), and every row it
        has, as (row number, cells from column A). Raises LimitExceeded past the workbook's limit."""
        part = self._parts[name]
        with self._archive.open(part) as src:
            said = _DIMENSION.search(src.read(4096))
        return (int(said[1]) if said else None), self._counted(self._rows(part))

    def _rows(self, part: str) -> Iterator[tuple[int, list[Cell]]]:
        book = self._book
        sheet = _SheetParser(self._strings, book.epoch, book._date_formats, book._timedelta_formats,
                             self._number_format)
        with self._archive.open(part) as src:
            yield from sheet.rows(src)

    def _number_format(self, style_id: int) -> str:
        known = self._formats.get(style_id)
        if known is None:
            styles = self._book._cell_styles
            format_id = styles[style_id].numFmtId if style_id < len(styles) else 0
            if format_id < BUILTIN_FORMATS_MAX_SIZE:
                known = BUILTIN_FORMATS.get(format_id, "General")
            else:
                known = self._book._number_formats[format_id - BUILTIN_FORMATS_MAX_SIZE]
            self._formats[style_id] = known
        return known

    def _counted(self, rows):
        limit = settings.KPI_IMPORT_MAX_ROWS
        for row in rows:
            self.rows_read += 1
            if self.rows_read > limit:
                raise LimitExceeded(f"has more than {limit:,} rows, the most an import reads "
                                    "(KPI_IMPORT_MAX_ROWS): nothing was read; split it into smaller workbooks")
            yield row

    def close(self):
        self._archive.close()


def _parser(start, end) -> expat.XMLParserType:
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.StartElementHandler, parser.EndElementHandler = start, end
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_dtd
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    return parser


def _refuse_dtd(*args):
    raise ValueError("the XML declares a document type; a workbook's never does")


_NS = SHEET_MAIN_NS + "}"
_ROW, _C, _V, _F, _IS, _T, _RPH, _SI = (_NS + tag for tag in ("row", "c", "v", "f", "is", "t", "rPh", "si"))


def _shared_strings(archive, part: str) -> list[str]:
    """The workbook's shared strings: each <si>'s text and rich-text runs, never its phonetic
    guide, as openpyxl's read_string_table reads them."""
    strings: list[str] = []
    text: list[str] | None = None
    phonetic = 0
    into = []  # the list character data goes to, or nothing

    def start(name, attrs):
        nonlocal text, phonetic
        if name == _SI:
            text = []
        elif name == _RPH:
            phonetic += 1
        elif name == _T and text is not None and not phonetic:
            into.append(text)

    def end(name):
        nonlocal text, phonetic
        if name == _T and into:
            into.pop()
        elif name == _RPH:
            phonetic -= 1
        elif name == _SI:
            strings.append("".join(text).replace("x005F_", ""))
            text = None

    parser = _parser(start, end)
    parser.CharacterDataHandler = lambda data: into[-1].append(data) if into else None
    with archive.open(part) as src:
        parser.ParseFile(src)
    return strings


class _SheetParser:
    """One sheet's rows, each cell typed as openpyxl's WorkSheetParser types it with
    data_only (its saved value), with the formula's text beside it."""

    def __init__(self, strings, epoch, date_formats, timedelta_formats, number_format):
        self.strings, self.epoch = strings, epoch
        self.date_formats, self.timedelta_formats, self.number_format = date_formats, timedelta_formats, number_format
        self.done: list[tuple[int, list[Cell]]] = []
        self.row = 0
        self.cells: dict[int, Cell] = {}
        self.column = 0
        self.text: list[str] | None = None  # where character data goes
        self.shared_formulas: dict[str, Translator] = {}
        self.columns: dict[str, int] = {}

    def rows(self, src) -> Iterator[tuple[int, list[Cell]]]:
        parser = _parser(self.start, self.end)
        parser.CharacterDataHandler = self.characters
        while chunk := src.read(_CHUNK):
            parser.Parse(chunk, False)
            if self.done:
                yield from self.done
                self.done = []
        parser.Parse(b"", True)
        yield from self.done

    def characters(self, data: str):
        if self.text is not None:
            self.text.append(data)

    def start(self, name: str, attrs: dict):
        if name == _C:
            self.ref = attrs.get("r")
            if self.ref:
                letters = self.ref.rstrip("0123456789")
                column = self.columns.get(letters)
                if column is None:
                    column = self.columns[letters] = column_index_from_string(letters)
                self.column = column
            else:
                self.column += 1
            self.type = attrs.get("t", "n")
            style = attrs.get("s")
            self.style = int(style) if style else 0
            self.value = self.formula = self.inline = None
            self.formula_attrs = None
            self.phonetic = 0
        elif name == _V:
            self.text = self.value = []
        elif name == _F:
            self.text = self.formula = []
            self.formula_attrs = attrs
        elif name == _IS:
            self.inline = []
        elif name == _T:
            if self.inline is not None and not self.phonetic:
                self.text = self.inline
        elif name == _RPH:
            self.phonetic += 1
        elif name == _ROW:
            number = attrs.get("r")
            if number is None:
                self.row += 1
            else:
                try:
                    self.row = int(number)
                except ValueError:
                    real = float(number)
                    if not real.is_integer():
                        raise ValueError(f"{number} is not a valid row number") from None
                    self.row = int(real)
            self.cells = {}
            self.column = 0

    def end(self, name: str):
        if name == _C:
            self.cells[self.column] = Cell(self.typed(), self.number_format(self.style), self.written())
        elif name in (_V, _F, _T):
            self.text = None
        elif name == _RPH:
            self.phonetic -= 1
        elif name == _ROW:
            cells = [BLANK] * (max(self.cells) if self.cells else 0)
            for column, cell in self.cells.items():
                cells[column - 1] = cell
            self.done.append((self.row, cells))

    def typed(self):
        """The saved value, as openpyxl's parse_cell gives it."""
        kind = self.type
        if kind == "inlineStr":
            return "".join(self.inline) if self.inline is not None else None
        value = "".join(self.value) if self.value is not None else None
        if not value:
            return None
        if kind == "n":
            number = float(value) if "." in value or "E" in value or "e" in value else int(value)
            if self.style in self.date_formats:
                try:
                    return from_excel(number, self.epoch, timedelta=self.style in self.timedelta_formats)
                except (OverflowError, ValueError):
                    return "#VALUE!"  # openpyxl's reading of a date out of range
            return number
        if kind == "s":
            return self.strings[int(value)]
        if kind == "b":
            return bool(int(value))
        if kind == "d":
            return from_ISO8601(value)
        return value  # "str", a formula's text result; "e", an error such as #N/A

    def written(self) -> str | None:
        """The formula, as openpyxl spells it (a shared one translated to this cell); None for
        none, or for an array or data table formula."""
        if self.formula is None:
            return None
        formula = "=" + "".join(self.formula)
        kind = self.formula_attrs.get("t")
        if kind == "shared":
            coordinate = self.ref or f"{get_column_letter(self.column)}{self.row}"
            group = self.formula_attrs.get("si")
            if group in self.shared_formulas:
                return self.shared_formulas[group].translate_formula(coordinate)
            if formula != "=":
                self.shared_formulas[group] = Translator(formula, coordinate)
            return formula
        if kind in ("array", "dataTable"):
            return None
        return formula


def _check_unpacked_size(content: bytes):
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            parts = archive.infolist()
    except zipfile.BadZipFile:
        return  # not a zip at all: openpyxl says so in its own words
    limit = settings.KPI_IMPORT_MAX_UNCOMPRESSED_BYTES
    largest = max(parts, key=lambda part: part.file_size, default=None)
    total = sum(part.file_size for part in parts)
    beyond = f"more than the {limit:,} bytes an import reads (KPI_IMPORT_MAX_UNCOMPRESSED_BYTES): nothing was read"
    if largest is not None and largest.file_size > limit:
        raise LimitExceeded(f"its part {largest.filename} unpacks to {largest.file_size:,} bytes, {beyond}")
    if total > limit:
        raise LimitExceeded(f"unpacks to {total:,} bytes in all, {beyond}")
