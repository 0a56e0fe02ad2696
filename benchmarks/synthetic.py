"""A deterministic synthetic council for the benchmarks and the load test.

    from benchmarks import synthetic
    synthetic.configure()                      # settings, DEBUG=False, the database (below)
    counts = synthetic.build_council(indicators=1000, years=10, last_year=2016, seed=2016)
    users = synthetic.officers(5)              # bench-officer-1..5, password synthetic.PASSWORD
    synthetic.council_workbook(path, indicators=1000, years=3)   # the same council as a workbook

Everything comes from `random.Random(seed)`, never from database ids: the same arguments
give the same council, figure for figure, on SQLite and PostgreSQL, today and next year.
`council_rows` draws the council once, as the import contract's sheets (README "Workbook
format") in Python types; `build_council` writes those rows straight into the database
(approved, as an import would leave them, without history rows), `council_workbook` writes
them as a workbook for `import_workbook`.

The council: 10 directorates, 8 portfolios, indicators cycling through every roll-up x
unit x polarity x frequency the models allow (420 mixes, shuffled by the seed, so even 50
indicators are 50 different mixes), a reporting year each (some under RAG), yearly targets
of every kind (absolute, reduction, baseline, none) and quarterly ones for some, a reading
for every month of every year (numerator and denominator for ratio indicators; "not due"
in the months a quarterly, termly or annual indicator does not report; a few provisional,
in arrears and new-method flags), outturns, benchmarks, published commentary, the council's
printed values and summary for Q1-Q3 of the last year, and four In Focus picks a quarter.
Financial years run `last_year - years + 1` to `last_year` (2016 = 2016/17), April to March.

The database: DATABASE_URL, or by default the SQLite file benchmarks/<name>.sqlite3.
build_council empties the tables of our apps (and the users this module made) first, so it
refuses a database whose name does not say it is a benchmark or test one (bench, test,
synthetic, load; or an SQLite file in benchmarks/), unless given yes=True.
"""

import os
import random
import secrets
import sys
from datetime import date
from decimal import Decimal
from itertools import product
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
USER_PREFIX = "bench-"
PASSWORD = "bench-password-not-a-secret"
SAFE_NAME_PARTS = ("bench", "test", "synthetic", "load")

DIRECTORATES = (
    "Adults, Housing and Health", "Children's Services", "Environment and Place", "Finance and IT",
    "HR, OD and Transformation", "Legal and Democratic Services", "Commercial Services",
    "Strategy and Communications", "Planning and Growth", "Public Health",
)
PORTFOLIOS = (  # (name, holder); slugs are slugify(name): education-and-health ...
    ("Housing", "Cllr A Ashworth"), ("Education and Health", "Cllr B Barnes"), ("Environment", "Cllr C Carter"),
    ("Finance", "Cllr D Dixon"), ("Children and Adult Social Care", "Cllr E Evans"),
    ("Regeneration", "Cllr F Foster"), ("Communities", "Cllr G Gray"), ("Central Services", "Cllr H Hughes"),
)
# Per unit: (low, high) of an indicator's usual level, and the decimals it may be written with.
UNIT_LEVELS = {
    "percent": ((30, 95), (0, 1, 2)),
    "count": ((20, 2000), (0,)),
    "days": ((1, 30), (1, 2)),
    "currency": ((50, 5000), (0, 1)),
    "rate": ((5, 120), (1,)),
    "time": ((60, 600), (0,)),
    "number": ((-50, 50), (1,)),
}


# --- setting up Django ---------------------------------------------------------------------


def configure(sqlite_name: str = "synthetic") -> None:
    """Django set up for a benchmark: DEBUG=False whatever the environment says, and
    DATABASE_URL's database, or benchmarks/<sqlite_name>.sqlite3 when it is not set."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ["DEBUG"] = "False"
    # With DEBUG off the settings refuse to start without a key (one for this run), and serve static
    # files from collectstatic's manifest, which a benchmark never makes (pages are measured, not CSS).
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("STATIC_MANIFEST", "False")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thurrock_kpi.settings")
    # A JSON line a request on stdout would bury the figures printed there: warnings and errors only.
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'benchmarks' / f'{sqlite_name}.sqlite3'}")
    import warnings

    import django
    from django.conf import settings

    # whitenoise notes that staticfiles/ does not exist until collectstatic; it serves via the finders.
    warnings.filterwarnings("ignore", "No directory at", UserWarning)

    django.setup()
    settings.DEBUG = False


def database_name() -> str:
    from django.db import connection

    return str(connection.settings_dict["NAME"])


def check_safe(yes: bool = False) -> None:
    """Refuses to empty a database whose name does not say it is for benchmarks or tests."""
    path = Path(database_name())
    in_benchmarks = path.is_absolute() and path.parent == ROOT / "benchmarks"  # an SQLite file of ours
    if not yes and not in_benchmarks and not any(part in path.name.lower() for part in SAFE_NAME_PARTS):
        raise SystemExit(f"Refusing to empty database {database_name()!r}: its name does not contain any of "
                         f"{', '.join(SAFE_NAME_PARTS)}. Pass --yes (yes=True) if it really is a throwaway one.")


# --- the council, drawn once ---------------------------------------------------------------


def _months(year: int) -> list[date]:
    """The first days of financial year `year`'s months, April to March."""
    return [date(year + (m + 3) // 12, (m + 3) % 12 + 1, 1) for m in range(12)]


def _due(frequency: str, month_index: int) -> bool:
    """Whether an indicator of `frequency` reports in month `month_index` (0 = April)."""
    if frequency == "monthly":
        return True
    if frequency == "annual":
        return month_index == 11
    return month_index % 3 == 2  # quarterly and termly: the quarter's last month


def _round(value: float, decimals: int) -> Decimal:
    return Decimal(repr(round(value, decimals))).quantize(Decimal(1).scaleb(-decimals))


class _Drawn:
    """One indicator's character: its level, trend and noise."""

    def __init__(self, rng: random.Random, unit: str, rollup: str):
        (low, high), decimals = UNIT_LEVELS[unit]
        self.level = rng.uniform(low, high)
        if unit == "percent" and rollup == "sum":
            self.level /= 12  # a year's months add up to at most 100%
        self.trend = rng.uniform(-0.03, 0.03)  # a year
        self.noise = rng.uniform(0.02, 0.12)
        self.decimals = rng.choice(decimals)
        self.unit = unit

    def value(self, rng: random.Random, years_on: int) -> float:
        value = self.level * (1 + self.trend * years_on) * (1 + rng.gauss(0, self.noise))
        if self.unit == "percent":
            return min(max(value, 0.0), 100.0)
        return value if self.unit == "number" else max(value, 0.0)

    def total(self, value: float) -> Decimal:
        """A year's or quarter's figure (a target, an outturn), within the unit's bounds."""
        if self.unit == "percent":
            value = min(value, 100.0)
        return _round(value, self.decimals)


def council_rows(indicators: int = 1000, years: int = 10, last_year: int = 2016, seed: int = 2016
                 ) -> dict[str, list[dict]]:
    """The council as the import contract's sheets, in Python types (Decimal figures, months as
    the first day of the month): the same arguments always give the same rows."""
    rng = random.Random(seed)
    first_year = last_year - years + 1
    year_range = range(first_year, last_year + 1)
    sheets: dict[str, list[dict]] = {name: [] for name in (
        "Years", "Indicators", "Targets", "Readings", "Outturns", "Benchmarks", "Commentary", "Published",
        "PublishedSummary", "Focus")}
    sheets["Years"] = [{"year": y, "scheme": "rag" if (last_year - y) % 3 == 2 else "achieved_failed"}
                       for y in year_range]

    mixes = list(product(("sum", "ratio", "mean", "latest", "rolling"),
                         ("percent", "count", "days", "currency", "rate", "time", "number"),
                         ("up", "down", "none"), ("monthly", "quarterly", "termly", "annual")))
    rng.shuffle(mixes)
    kpis = []
    for n in range(indicators):
        rollup, unit, polarity, frequency = mixes[n % len(mixes)]
        code = f"S{n + 1:04d}"
        drawn = _Drawn(rng, unit, rollup)
        category = "demand" if polarity == "none" else ("context" if rng.random() < 0.08 else "kpi")
        portfolio, holder = PORTFOLIOS[rng.randrange(len(PORTFOLIOS))]
        tolerance = _round(abs(drawn.level) * 0.05, drawn.decimals) if rng.random() < 0.5 else None
        sheets["Indicators"].append({
            "code": code, "title": f"Synthetic {unit} indicator {n + 1} ({rollup}, {frequency})",
            "aliases": [f"Synthetic indicator {n + 1}"] if rng.random() < 0.1 else [],
            "definition": f"What indicator {n + 1} counts, and how.", "portfolio": portfolio,
            "portfolio_holder": holder, "directorate": DIRECTORATES[rng.randrange(len(DIRECTORATES))],
            "owner": f"Officer {rng.randrange(1, 60)}", "category": category, "unit": unit,
            "decimals": drawn.decimals, "polarity": polarity, "frequency": frequency, "rollup": rollup,
            "target_basis": "quarter" if rng.random() < 0.3 else "ytd", "tolerance": tolerance, "per": None,
            "active": True, "position": n,
        })
        if category == "kpi":
            kpis.append(code)
        scale = 12 if rollup == "sum" else 1
        quarterly_targets = rng.random() < 0.15
        for y in year_range:
            years_on = y - first_year
            _targets(sheets["Targets"], rng, code, y, drawn, polarity, rollup, scale, years_on, quarterly_targets)
            denominator_level = rng.randint(50, 500)
            for index, month in enumerate(_months(y)):
                sheets["Readings"].append(_reading(rng, code, month, index, drawn, rollup, frequency, years_on,
                                                   denominator_level))
            if y < last_year and rng.random() < 0.5:
                value = drawn.total(drawn.value(rng, years_on) * scale)
                sheets["Outturns"].append({"code": code, "year": y, "value": value,
                                           "text": f"{value} (as published)" if rng.random() < 0.3 else ""})
        if rng.random() < 0.1:
            for kind in ("national", "regional"):
                sheets["Benchmarks"].append({"code": code, "year": last_year - 1, "kind": kind,
                                             "value": _round(drawn.value(rng, years - 1), drawn.decimals),
                                             "text": ""})
        for y in (last_year - 1, last_year):
            if y < first_year:
                continue
            for quarter in range(1, 5):
                if rng.random() < 0.1:
                    sheets["Commentary"].append({"code": code, "year": y, "quarter": quarter, "text": (
                        f"Quarter {quarter}: the service explains indicator {n + 1}'s figure, what it is "
                        f"doing about it, and what it expects next quarter.")})
        if category == "kpi" and rng.random() < 0.25:
            for quarter in (1, 2, 3):
                status = rng.choice(("Achieved", "Failed"))
                sheets["Published"] += [
                    {"code": code, "year": last_year, "quarter": quarter, "field": "status", "value": status},
                    {"code": code, "year": last_year, "quarter": quarter, "field": "dot_year",
                     "value": rng.choice(("↑", "→", "↓"))},
                ]
    for quarter in (1, 2, 3):
        achieved = rng.randint(40, 70)
        sheets["PublishedSummary"] += [
            {"year": last_year, "quarter": quarter, "measure": "statuses", "value": "achieved",
             "percent": Decimal(achieved), "count": None},
            {"year": last_year, "quarter": quarter, "measure": "statuses", "value": "failed",
             "percent": Decimal(100 - achieved), "count": None},
            {"year": last_year, "quarter": quarter, "measure": "dot_year", "value": "better",
             "percent": Decimal(achieved - 5), "count": None},
            {"year": last_year, "quarter": quarter, "measure": "dot_year", "value": "worse",
             "percent": Decimal(105 - achieved), "count": None},
        ]
    for quarter in range(1, 5):
        for position, code in enumerate(rng.sample(kpis, min(4, len(kpis))), start=1):
            sheets["Focus"].append({"code": code, "year": last_year, "quarter": quarter, "position": position})
    return sheets


def _targets(rows: list, rng: random.Random, code: str, year: int, drawn: _Drawn, polarity: str, rollup: str,
             scale: int, years_on: int, quarterly: bool) -> None:
    if polarity == "none":
        if rng.random() < 0.67:
            value = drawn.total(drawn.level * scale)
            rows.append({"code": code, "year": year, "period": "year", "value": value, "kind": "baseline",
                         "text": f"{value} Baseline"})
        else:
            rows.append({"code": code, "year": year, "period": "year", "value": None, "kind": "none",
                         "text": "no target"})
        return
    if polarity == "down" and rollup == "sum" and rng.random() < 0.3:
        rows.append({"code": code, "year": year, "period": "year", "value": None, "kind": "reduction",
                     "text": "Lower than last year"})
        return
    level = drawn.level * (1 + drawn.trend * years_on) * rng.uniform(0.94, 1.06)
    value = drawn.total(level * scale)
    rows.append({"code": code, "year": year, "period": "year", "value": value, "kind": "absolute",
                 "text": f"{value} by year end" if rng.random() < 0.2 else ""})
    if quarterly:
        for quarter in range(1, 5):
            share = Decimal(quarter * 3) / 12 if scale == 12 else Decimal(1)
            rows.append({"code": code, "year": year, "period": f"Q{quarter}", "kind": "absolute",
                         "value": (value * share).quantize(Decimal(1).scaleb(-drawn.decimals)), "text": ""})


def _reading(rng: random.Random, code: str, month: date, index: int, drawn: _Drawn, rollup: str, frequency: str,
             years_on: int, denominator_level: int) -> dict:
    row = {"code": code, "month": month, "value": None, "numerator": None, "denominator": None, "flag": "",
           "note": ""}
    if not _due(frequency, index):
        row.update(flag="not_due", note="Not due")
        return row
    draw = rng.random()
    if draw < 0.004:
        row.update(flag="in_arrears", note="Qtr in arrears")
        return row
    if draw < 0.006:
        row["flag"] = "new_method"
    elif draw < 0.02:
        row["flag"] = "provisional"
    value = drawn.value(rng, years_on)
    if rollup == "ratio":
        denominator = max(1, round(denominator_level * rng.uniform(0.8, 1.2)))
        if drawn.unit == "percent":
            numerator = min(round(value / 100 * denominator), denominator)
        else:
            numerator = round(abs(value) * denominator)
        row.update(numerator=Decimal(numerator), denominator=Decimal(denominator))
    else:
        row["value"] = _round(value, drawn.decimals)
    return row


# --- written to the database ---------------------------------------------------------------


def _our_tables() -> list[str]:
    """Every table of our apps (history and many-to-many ones included) but the counters of
    what changed (kpis.models.DataVersion), which caches key on and must only ever go up."""
    from django.apps import apps

    tables = []
    # The plan and the tracker too: their tables refer to indicators, and PostgreSQL will not empty
    # a table another one refers to unless both are emptied together.
    for label in ("kpis", "reports", "plan", "scrutiny"):
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model.__name__ != "DataVersion" and model._meta.managed and not model._meta.proxy:
                tables.append(model._meta.db_table)
    return tables


def empty_database(yes: bool = False, *, migrate: bool = True) -> None:
    """Migrates (unless told not to), then empties our apps' tables and deletes the users this module made."""
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.core.management.color import no_style
    from django.db import connection

    check_safe(yes)
    if migrate:
        call_command("migrate", verbosity=0)
    connection.ops.execute_sql_flush(connection.ops.sql_flush(no_style(), _our_tables()))
    User.objects.filter(username__startswith=USER_PREFIX).delete()
    _changed()


def build_council(indicators: int = 1000, years: int = 10, last_year: int = 2016, seed: int = 2016,
                  *, yes: bool = False) -> dict[str, int]:
    """Migrates and empties the configured database, then writes the council of
    council_rows(...) in one transaction. Returns the rows written per model."""
    from django.db import transaction

    from kpis import models

    empty_database(yes)
    sheets = council_rows(indicators, years, last_year, seed)
    counts = {}
    with transaction.atomic():
        models.ReportingYear.objects.bulk_create(models.ReportingYear(**row) for row in sheets["Years"])
        directorates = {name: models.Directorate.objects.create(name=name) for name in DIRECTORATES}
        portfolios = {name: models.Portfolio.objects.create(name=name, holder=holder) for name, holder in PORTFOLIOS}
        fields = {f.name for f in models.Indicator._meta.fields}
        created = models.Indicator.objects.bulk_create(
            models.Indicator(**{k: v for k, v in row.items() if k in fields and k not in ("portfolio", "directorate")},
                             portfolio=portfolios[row["portfolio"]], directorate=directorates[row["directorate"]])
            for row in sheets["Indicators"])
        by_code = {indicator.code: indicator for indicator in created}
        specs = {code: indicator.spec() for code, indicator in by_code.items()}
        counts["Indicator"] = len(created)
        counts["Target"] = len(models.Target.objects.bulk_create(
            (models.Target(indicator=by_code[row["code"]], year=row["year"], period=row["period"],
                           value=row["value"], kind=row["kind"], text=row["text"]) for row in sheets["Targets"]),
            batch_size=5000))
        counts["Reading"] = _write_readings(sheets["Readings"], by_code, specs)
        counts["Outturn"] = len(models.Outturn.objects.bulk_create(
            models.Outturn(indicator=by_code[row.pop("code")], **row) for row in sheets["Outturns"]))
        counts["Benchmark"] = len(models.Benchmark.objects.bulk_create(
            models.Benchmark(indicator=by_code[row.pop("code")], **row) for row in sheets["Benchmarks"]))
        counts["Commentary"] = len(models.Commentary.objects.bulk_create(
            models.Commentary(indicator=by_code[row["code"]], year=row["year"], quarter=row["quarter"],
                              text=row["text"], published_text=row["text"]) for row in sheets["Commentary"]))
        counts["PublishedValue"] = len(models.PublishedValue.objects.bulk_create(
            models.PublishedValue(indicator=by_code[row.pop("code")], **row) for row in sheets["Published"]))
        counts["PublishedSummary"] = len(models.PublishedSummary.objects.bulk_create(
            models.PublishedSummary(**row) for row in sheets["PublishedSummary"]))
        counts["FocusIndicator"] = len(models.FocusIndicator.objects.bulk_create(
            models.FocusIndicator(indicator=by_code[row.pop("code")], **row) for row in sheets["Focus"]))
        counts["ReportingYear"] = len(sheets["Years"])
        counts["Directorate"], counts["Portfolio"] = len(directorates), len(portfolios)
        _changed()
    return counts


def _write_readings(rows: list[dict], by_code: dict, specs: dict, batch: int = 20_000) -> int:
    from kpis.domain.figures import ratio_value
    from kpis.models import Reading

    written, pending = 0, []
    for row in rows:
        value = row["value"]
        if row["denominator"] is not None:
            value = ratio_value(specs[row["code"]], row["numerator"], row["denominator"])
        pending.append(Reading(indicator=by_code[row["code"]], month=row["month"], value=value,
                               numerator=row["numerator"], denominator=row["denominator"], flag=row["flag"],
                               note=row["note"], state=Reading.State.APPROVED))
        if len(pending) >= batch:
            written += len(Reading.objects.bulk_create(pending, batch_size=5000))
            pending = []
    return written + len(Reading.objects.bulk_create(pending, batch_size=5000))


def _changed() -> None:
    """Bulk writes are not seen by the signals that bump the cache's counters: bump them here
    (kpis.services.freshness, where it exists)."""
    try:
        from kpis.services.freshness import changed
    except ImportError:
        return
    changed(public=True)


def officers(n: int, password: str = PASSWORD) -> list:
    """n data officers, bench-officer-1 .. bench-officer-n, each entering the figures of one
    directorate's indicators (round robin over the directorates, by name): made again if they exist."""
    from django.contrib.auth.models import User

    from kpis.models import Directorate, Profile, Role

    directorates = list(Directorate.objects.order_by("name"))
    if not directorates:
        raise ValueError("no directorates: build_council first")
    users = []
    for number in range(1, n + 1):
        username = f"{USER_PREFIX}officer-{number}"
        User.objects.filter(username=username).delete()
        user = User.objects.create_user(username, password=password, first_name=f"Officer {number}")
        profile = Profile.objects.create(user=user, role=Role.OFFICER)
        profile.services.set([directorates[(number - 1) % len(directorates)]])
        users.append(user)
    return users


# --- written as a workbook -----------------------------------------------------------------


def council_workbook(path, indicators: int = 1000, years: int = 3, last_year: int = 2016, seed: int = 2016) -> Path:
    """The council of council_rows(...) as an import-contract workbook at `path`: every sheet of
    kpis.importing.contract.SHEETS, headed by its columns, in order."""
    from openpyxl import Workbook

    from kpis.importing.contract import SHEETS

    sheets = council_rows(indicators, years, last_year, seed)
    # Written as Excel writes a workbook (not openpyxl's write-only mode, which leaves out each
    # sheet's <dimension>: openpyxl's read-only pass, the import's floor, would then read every
    # sheet twice to size it, and the floor would look twice as slow as it is).
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, (required, optional) in SHEETS.items():
        columns = (*required, *optional)
        sheet = workbook.create_sheet(name)
        sheet.append(list(columns))
        for row in sheets.get(name, []):
            sheet.append([_cell(column, row.get(column)) for column in columns])
    path = Path(path)
    workbook.save(path)
    return path


def _cell(column: str, value):
    if column == "month":
        return f"{value.year:04d}-{value.month:02d}"
    if column == "aliases":
        return "; ".join(value)
    if column == "active":
        return "yes" if value else "no"
    return value


def council_arguments(parser, *, years: int = 10, rounds: int = 15, years_help: str | None = None):
    """The options every benchmark on the synthetic council takes."""
    parser.add_argument("--indicators", type=int, default=1000)
    parser.add_argument("--years", type=int, default=years, help=years_help)
    parser.add_argument("--rounds", type=int, default=rounds)
    parser.add_argument("--seed", type=int, default=2016)
    parser.add_argument("--yes", action="store_true", help="empty the database even if its name does not say bench")
    return parser
