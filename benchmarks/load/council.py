"""The database side of the load run (in this process, through Django): the database made if
missing, the synthetic council built (or reused), officers made, what there is to read
listed, and afterwards every figure the server accepted looked up with its history row."""

from collections import defaultdict

from benchmarks.load.client import Council, Officer, Saved


def ensure_database(url: str) -> bool:
    """CREATE DATABASE for a PostgreSQL URL whose database does not exist yet; True if made."""
    if not url.startswith(("postgres://", "postgresql://")):
        return False
    import psycopg
    from psycopg import sql

    name = psycopg.conninfo.conninfo_to_dict(url)["dbname"]
    with psycopg.connect(url, dbname="postgres", autocommit=True) as connection:
        if connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return False
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return True


def holds_council(indicators: int, years: int, last_year: int) -> bool:
    """Whether the database already holds a synthetic council of that size (for --reuse)."""
    from django.core.management import call_command

    from kpis.models import Indicator, Reading

    call_command("migrate", verbosity=0)
    first = Reading.objects.filter(state=Reading.State.APPROVED).order_by("month").values_list("month", flat=True)
    first_month = first.first()
    return (Indicator.objects.count() == indicators and first_month is not None
            and first_month.year == last_year - years + 1 and first_month.month == 4)


def prepare(indicators: int, years: int, last_year: int, seed: int, reuse: bool, officers: int):
    """The council (built unless reused), the officers, and what there is to read."""
    from benchmarks import synthetic

    reused = reuse and holds_council(indicators, years, last_year)
    if not reused:
        synthetic.build_council(indicators=indicators, years=years, last_year=last_year, seed=seed)
    people = [Officer(user.username, synthetic.PASSWORD) for user in synthetic.officers(officers)]
    return reused, people, readable()


def readable() -> Council:
    """The quarters with published figures, the portfolios, directorates, and each indicator's
    years with published figures: what the readers pick from."""
    from kpis.domain.periods import Month
    from kpis.models import Directorate, Portfolio, Reading
    from kpis.selectors.scorecard import quarters_with_data

    years = defaultdict(set)
    for code, month in (Reading.objects.filter(state=Reading.State.APPROVED, value__isnull=False).order_by()
                        .values_list("indicator__code", "month").distinct()):
        years[code].add(Month.of(month).financial_year)
    return Council(
        quarters=[(q.year, q.number) for q in quarters_with_data()],
        portfolios=list(Portfolio.objects.order_by("slug").values_list("slug", flat=True)),
        directorates=list(Directorate.objects.order_by("name").values_list("id", flat=True)),
        indicator_years=[(code, year) for code in sorted(years) for year in sorted(years[code])],
    )


def sizes() -> dict[str, int]:
    from kpis.models import Indicator, Reading

    return {"indicators": Indicator.objects.count(), "readings": Reading.objects.count()}


def check_saved(saved: list[Saved]) -> tuple[list[str], int]:
    """Every figure the server accepted, looked up: the reading holds the value and state of
    the last save the server accepted, and each accepted save left a history row with its
    value and state. Lines to print, and how many are missing or wrong."""
    from kpis.models import Indicator, Reading

    history = Reading.history.model
    ids = dict(Indicator.objects.filter(code__in={s.code for s in saved}).values_list("code", "id"))
    months = {s.month for s in saved}
    latest = {}
    for save in saved:  # in the order the server answered
        latest[save.code, save.month] = save
    stored = {(code, month): (value, state) for code, month, value, state in Reading.objects.filter(
        indicator__code__in=ids, month__in=months).values_list("indicator__code", "month", "value", "state")}
    recorded = set(history.objects.filter(indicator_id__in=ids.values(), month__in=months)
                   .values_list("indicator_id", "month", "value", "state"))
    wrong = [s for key, s in latest.items() if stored.get(key) != (s.value, s.state)]
    unrecorded = [s for s in saved if (ids.get(s.code), s.month, s.value, s.state) not in recorded]
    lines = [
        f"figures the server accepted: {len(saved)}, of {len(latest)} indicator-months "
        f"({len(ids)} indicators, {len(months)} months)",
        f"  in the database with the value and state last saved: {len(latest) - len(wrong)} of {len(latest)}",
        f"  with a history row (value and state) for every accepted save: {len(saved) - len(unrecorded)} "
        f"of {len(saved)}",
    ]
    for s in wrong[:10]:
        lines.append(f"  WRONG {s.code} {s.month:%Y-%m}: saved {s.value} ({s.state}), "
                     f"database holds {stored.get((s.code, s.month), 'nothing')}")
    for s in unrecorded[:10]:
        lines.append(f"  NO HISTORY {s.code} {s.month:%Y-%m}: {s.value} ({s.state}) saved by {s.officer}")
    return lines, len(wrong) + len(unrecorded)
