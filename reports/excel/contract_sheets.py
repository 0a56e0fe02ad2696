"""The import contract's sheets (README "Workbook format") written into the appendix workbook:
an analyst pivots the "Data" sheet, and the whole file imports back into an empty database
(`import_workbook`) to give the same scorecard. The rows come from kpis.selectors.export.

Figures are written as stored: exact decimals, times in seconds, percentages 0-100, never
with a number format that would read back differently.
"""

from kpis.importing.contract import SHEET_ALIASES, SHEETS
from reports.excel.sheet import RowSheet

DATA = SHEET_ALIASES["Readings"]  # "Data": the analysts' name for the Readings sheet


def columns(sheet: str) -> list[str]:
    required, optional = SHEETS[sheet]
    return [*required, *optional]


def add_contract_sheets(workbook, sheets: dict[str, list[dict]]) -> None:
    """Data (the Readings sheet), then Indicators, Targets and the other sheets of the contract,
    each with its header row frozen."""
    for name, rows in sheets.items():
        sheet = RowSheet(workbook, DATA if name == "Readings" else name)
        sheet.sheet.freeze_panes = "A2"
        names = columns(name)
        sheet.append(names)
        for row in rows:
            # Blank, not "": an empty text cell and a missing one read back the same.
            sheet.append([None if (value := row.get(column)) == "" else value for column in names])
