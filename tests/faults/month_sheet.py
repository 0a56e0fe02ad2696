"""The Housing officer's month sheet on a served app: which figures to type, and saving them."""

from tests.faults.prepare_database import HOUSING
from tests.faults.servers import Page, Visitor

MONTH = "2017-01"  # Quarter 4 of 2016/17: the demo has no figures for it yet
MONTH_DAY = "2017-01-01"
URL = f"/entry/{MONTH}/"
TYPED = {"percent": ("61", "62"), "count": ("11", "12")}  # the old figure and the new one, by unit


def housing_figures(connection) -> dict[str, str]:
    """Code -> unit of Housing's monthly indicators typed as plain numbers (percent, count)."""
    return dict(connection.execute(
        "SELECT i.code, i.unit FROM kpis_indicator i JOIN kpis_directorate d ON d.id = i.directorate_id "
        "WHERE d.name = %s AND i.frequency = 'monthly' AND i.unit = ANY(%s) ORDER BY i.code",
        (HOUSING, list(TYPED))).fetchall())


def save_month(visitor: Visitor, units: dict[str, str], which: int, words: str, timeout: float = 120) -> Page:
    """Save a draft of every figure in `units`: the old figures (which=0) or the new ones (which=1), and
    the quarter's commentary `words` for each."""
    fields = visitor.get(URL).form(f"{next(iter(units))}-value")
    for code, unit in units.items():
        fields.update({f"{code}-value": TYPED[unit][which], f"{code}-commentary": words, f"{code}-confirm": "on"})
    return visitor.post(URL, {**fields, "action": "save"}, timeout=timeout)


def stored_figures(connection, units: dict[str, str]) -> dict[str, tuple]:
    """Code -> (value as typed, version, state) of the month's stored figures."""
    rows = connection.execute(
        "SELECT i.code, r.value, r.version, r.state FROM kpis_reading r JOIN kpis_indicator i ON i.id = r.indicator_id "
        "WHERE r.month = %s AND i.code = ANY(%s)", (MONTH_DAY, list(units))).fetchall()
    return {code: (_typed(value), version, state) for code, value, version, state in rows}


def figure_history(connection, units: dict[str, str]) -> dict[str, list[tuple]]:
    """Code -> the (value, version) of each history row of the month's figure, oldest first."""
    rows = connection.execute(
        "SELECT i.code, h.value, h.version FROM kpis_historicalreading h JOIN kpis_indicator i ON i.id = h.indicator_id "
        "WHERE h.month = %s AND i.code = ANY(%s) ORDER BY h.history_id", (MONTH_DAY, list(units))).fetchall()
    history = {code: [] for code in units}
    for code, value, version in rows:
        history[code].append((_typed(value), version))
    return history


def quarter_words(connection, units: dict[str, str]) -> dict[str, tuple[str, int]]:
    """Code -> (the quarter's commentary, how many history rows it has)."""
    return dict((code, (text, count)) for code, text, count in connection.execute(
        "SELECT i.code, c.text, (SELECT count(*) FROM kpis_historicalcommentary h WHERE h.id = c.id) "
        "FROM kpis_commentary c JOIN kpis_indicator i ON i.id = c.indicator_id "
        "WHERE c.year = 2016 AND c.quarter = 4 AND i.code = ANY(%s)", (list(units),)).fetchall())


def _typed(value) -> str:
    return None if value is None else f"{value.normalize():f}"
