"""An .xlsx opened for an import, within the limits settings.py states. No database.

An .xlsx is a zip of XML parts. Before any XML is parsed, the sizes the archive declares for
its parts are checked: a 1 MB upload can declare a sheet of a gigabyte. (Python's zipfile
never unpacks a part past its declared size, so a part that lies about it fails its check
instead of filling memory; openpyxl parses with defusedxml, a dependency, so no entity
expands either.) Every row of a sheet is read, whatever its <dimension> tag says (a stale
one would hide all but the rows it names), and rows are counted as they stream: past the
limit the workbook is refused, not read for minutes.
"""

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from openpyxl import load_workbook


class LimitExceeded(Exception):
    """Larger than an import reads; the message names the limit and its setting."""


class XlsxWorkbook:
    """The saved values, with the formulas beside them: a formula Excel never calculated reads
    as blank, and a figure must not vanish without a word."""

    def __init__(self, source):
        content = source.read() if hasattr(source, "read") else Path(source).read_bytes()
        _check_unpacked_size(content)
        self.values = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        self.formulas = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
        self.sheetnames = self.values.sheetnames
        self.rows_read = 0

    def sheet_rows(self, name: str) -> tuple[int | None, Iterator[tuple]]:
        """The rows sheet `name` says it has (for a progress bar, no more), and every row it
        has, as (value cells, formula cells). Raises LimitExceeded past the workbook's limit."""
        values, formulas = self.values[name], self.formulas[name]
        said = values.max_row
        values.reset_dimensions()
        formulas.reset_dimensions()
        return said, self._counted(zip(values.iter_rows(), formulas.iter_rows(), strict=True))

    def _counted(self, rows):
        limit = settings.KPI_IMPORT_MAX_ROWS
        for row in rows:
            self.rows_read += 1
            if self.rows_read > limit:
                raise LimitExceeded(f"has more than {limit:,} rows, the most an import reads "
                                    "(KPI_IMPORT_MAX_ROWS): nothing was read; split it into smaller workbooks")
            yield row

    def close(self):
        self.values.close()
        self.formulas.close()


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
