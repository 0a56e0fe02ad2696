"""Backups (README "Backups"): `manage.py backup` and `manage.py restore` give back, into an empty
database, every row of every table that holds the council's data, field by field, history
included; the next save after a restore works; a damaged or mismatched archive writes nothing.
The native tools (pg_dump/pg_restore, SQLite's online backup) give back every row too."""

import gzip
import io
import json
import os
import shutil
import sqlite3
import stat
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection

from fixtures.thurrock_2016_17 import WORKBOOK
from kpis.domain.periods import Month, Quarter
from kpis.models import ChangeOfProcess, DataVersion, Directorate, Indicator, QuarterLock, Reading, SentMail
from kpis.services import publication, workflow
from tests.kpis.admin_pages import admin_page
from tests.people import make_user

# The tables whose rows a backup does not hold, each for its reason (kpis/services/backups.py):
# every other table is compared, so a table added later is held to the round trip too.
NOT_COMPARED = {
    "sessions.session",  # signed-in sessions: everyone signs in again
    "contenttypes.contenttype",  # made by migrate; compared by natural key below
    "auth.permission",  # made by migrate; compared by natural key below
    "kpis.dataversion",  # cache tokens: a restore makes new ones (checked below)
    "kpis.pendingupload",  # uploads waiting for their Confirm: uploaded again
    "django_tasks_database.dbtaskresult",  # the task queue: asked for again
}
NOT_COMPARED_APPS = {"axes"}  # failed log-ins


def compared_models():
    return [model for model in apps.get_models(include_auto_created=True)
            if model._meta.label_lower not in NOT_COMPARED and model._meta.app_label not in NOT_COMPARED_APPS]


def named(model, pk):
    """A content type's or permission's natural key: its id may differ between databases."""
    return None if pk is None else model._base_manager.get(pk=pk).natural_key()


def every_row() -> dict[str, list[dict]]:
    """Every row of every compared table, every field, in id order."""
    rows = {}
    for model in compared_models():
        by_name = {f.attname: f.related_model for f in model._meta.local_fields
                   if f.is_relation and f.related_model in (ContentType, Permission)}
        rows[model._meta.label_lower] = [
            {name: named(by_name[name], value) if name in by_name else value for name, value in row.items()}
            for row in model._base_manager.order_by("pk").values()]
    return rows


def differences(before: dict, after: dict) -> dict:
    """For each table that differs: its row counts and its first row that differs."""
    found = {}
    for label in before.keys() | after.keys():
        old, new = before.get(label, []), after.get(label, [])
        if old != new:
            first = next((pair for pair in zip(old, new, strict=False) if pair[0] != pair[1]), None)
            found[label] = {"rows": (len(old), len(new)), "first difference": first}
    return found


def names_of(model) -> set:
    rows = model._base_manager.all()
    return {(*row.natural_key(), row.name) if model is Permission else row.natural_key()
            for row in (rows.select_related("content_type") if model is Permission else rows)}


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def empty_database(shift_ids=False):
    """What a new database is after `migrate`: Django's flush, then content types and permissions
    made again; with `shift_ids`, one more made first, so each has another id than before."""
    if connection.in_atomic_block:  # the test's transaction: PostgreSQL truncates only once its checks have run
        connection.check_constraints()
    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    if shift_ids:
        ContentType.objects.create(app_label="elsewhere", model="first")
    emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)
    ContentType.objects.clear_cache()


def rows_held() -> dict[str, int]:
    return {label: len(rows) for label, rows in every_row().items() if rows}


# --- a council at work -------------------------------------------------------------------------


JANUARY = Month(2017, 1)


def entry(code, value, commentary, reading=None):
    return workflow.Entry(indicator=Indicator.objects.get(code=code), value=Decimal(value), commentary=commentary,
                          seen_version=reading.version if reading else None)


def council_at_work(client, *, month=JANUARY, first=True):
    """Thurrock's demo, one person of each role, and a month of the cycle: drafts, a submission,
    an approval that publishes its words, a return, an admin edit (the admin's log), a quarter
    locked, reopened and locked again, a quarter published, In Focus picks, next year's targets, a group with
    permissions and a person with one of their own; and the corporate plan and the scrutiny tracker
    (issue 16), loaded as the demo loads them."""
    if first:
        call_command("import_workbook", str(WORKBOOK), stdout=io.StringIO())
        call_command("load_corporate_plan", stdout=io.StringIO())
        call_command("load_tracker", stdout=io.StringIO())
        officer = make_user("olivia", "officer", ["AHH - Housing"])
        make_user("ed", "officer", ["E&P - ENV"])
        performance = make_user("pat", "performance")
        councillor = make_user("chris", "councillor")
        scrutiny = Group.objects.create(name="Scrutiny panel")
        scrutiny.permissions.set(Permission.objects.filter(codename__in=["view_reading", "view_target"]))
        councillor.groups.add(scrutiny)
        officer.user_permissions.add(Permission.objects.get(codename="view_commentary"))
    officer, performance = User.objects.get(username="olivia"), User.objects.get(username="pat")

    drafts = workflow.save_month(officer, month, [entry("SAT", "80", "Draft words"), entry("HOMES", "40", "Draft words"),
                                                  entry("RENT", "96.5", "Draft words")], submit=False)
    sat, _, rent = drafts
    workflow.save_month(officer, month, [entry("SAT", "81", "Why it fails, what we do.", sat),
                                         entry("RENT", "96.4", "Why it fails, what we do.", rent)], submit=True)
    workflow.approve(performance, [sat.pk])
    workflow.return_to_officer(performance, [rent.pk], "Check the arrears figure against the rent account.")
    if first:
        client.force_login(performance)
        void = Reading.objects.get(indicator__code="VOID", month=date(2016, 12, 1))
        _, data = admin_page(client, void)
        response = client.post(f"/admin/kpis/reading/{void.pk}/change/", {**data, "value": "33"})
        assert response.status_code == 302, response.context["adminform"].form.errors
        workflow.choose_focus(performance, Quarter(2016, 4), list(
            Indicator.objects.filter(code__in=["SAT", "RENT"]).values_list("id", flat=True)))
        workflow.copy_targets_to_next_year(performance, 2016)
        ChangeOfProcess.objects.create(indicator=Indicator.objects.get(code="RENT"), month=date(2016, 10, 1),
                                       reason="New rent collection contractor.", recorded_by=performance)
        workflow.lock_quarter(performance, Quarter(2016, 3))
        workflow.reopen_quarter(performance, Quarter(2016, 3), "A late correction to the rent figure.")
        workflow.lock_quarter(performance, Quarter(2016, 3))
        publication.publish_quarter(performance, Quarter(2016, 3), date(2017, 3, 14))  # on its committee date
        # a mail send_reminders sent: kept, so a restore does not send it again
        SentMail.objects.create(kind=SentMail.Kind.LATE_DIGEST, occasion="2017-01-20", recipient=performance)
    else:
        workflow.lock_quarter(performance, month.quarter)


# --- the round trip ---------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_restore_into_an_empty_database_gives_back_every_row_of_every_table(client, tmp_path):
    council_at_work(client)
    before = every_row()
    assert [label for label, rows in before.items() if not rows] == []  # every table has rows to compare
    assert len(before["kpis.historicalreading"]) > len(before["kpis.reading"])  # and history of edits
    names = {ContentType: names_of(ContentType), Permission: names_of(Permission)}
    target_type = ContentType.objects.get_by_natural_key("kpis", "target").pk
    tokens = DataVersion.objects.get()

    archive = tmp_path / "kpi.jsonl.gz"
    assert "rows of" in run("backup", str(archive))
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600  # it holds password hashes
    assert every_row() == before  # a backup writes nothing

    empty_database(shift_ids=True)
    assert rows_held() == {}
    assert ContentType.objects.get_by_natural_key("kpis", "target").pk != target_type  # renumbered
    assert "restored" in run("restore", str(archive))

    assert differences(before, every_row()) == {}
    assert names_of(ContentType) - {("elsewhere", "first")} == names[ContentType]
    assert names_of(Permission) == names[Permission]
    after = DataVersion.objects.get()  # new tokens: nothing cached before the restore is shown after it
    assert (after.public, after.working) != (tokens.public, tokens.working)

    # The next saves get new ids: every sequence is past its table's largest id ...
    assert {label: (largest, next_id) for label, largest, next_id in sequences() if next_id <= largest} == {}
    # ... and a month of work, new people and the admin's log go in beside the restored rows.
    council_at_work(client, month=Month(2017, 2), first=False)
    make_user("nina", "officer", ["AHH - Housing", "E&P - ENV"])
    User.objects.get(username="chris").groups.add(Group.objects.create(name="Audit"))
    LogEntry.objects.log_actions(User.objects.get(username="pat").pk, Directorate.objects.all()[:1], 2, "checked")
    largest = {label: max(row[pk] for row in rows) for (label, pk), rows in zip(primary_keys(), before.values(),
                                                                                 strict=True)}
    grown = {label: max(row[pk] for row in rows) for (label, pk), rows in zip(primary_keys(), every_row().values(),
                                                                               strict=True)}
    assert {label for label in grown if grown[label] > largest[label]} >= {
        "kpis.reading", "kpis.historicalreading", "kpis.historicalcommentary", "kpis.quarterlock",
        "kpis.historicalquarterlock", "auth.user", "kpis.profile", "kpis.historicalprofile", "kpis.profile_services",
        "kpis.historicalprofile_services", "auth.group", "auth.user_groups", "admin.logentry"}
    assert Reading.objects.get(indicator__code="SAT", month=date(2017, 2, 1)).state == Reading.State.APPROVED
    assert QuarterLock.objects.get(year=2016, quarter=4).locked


def primary_keys():
    return [(model._meta.label_lower, model._meta.pk.attname) for model in compared_models()]


def sequences():
    """(table, its largest id, the id its next row gets at the least) for every compared table."""
    for model in compared_models():
        table, largest = model._meta.db_table, model._base_manager.order_by("-pk").values_list("pk", flat=True).first()
        if largest is None:
            continue
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT pg_sequence_last_value(pg_get_serial_sequence(%s, %s))",
                               [table, model._meta.pk.column])
            else:
                cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            last = (cursor.fetchone() or [None])[0]
        yield model._meta.label_lower, largest, (last or 0) + 1


# --- refusing, replacing, and archives that cannot be restored ---------------------------------


def backup_now(folder) -> str:
    archive = folder / "kpi.jsonl.gz"
    run("backup", str(archive))
    return str(archive)


def test_a_database_holding_data_is_refused_and_with_force_replaced(imported_small_council, officer, client,
                                                                    tmp_path):
    archive = backup_now(tmp_path)
    before = every_row()
    Indicator.objects.get(code="HOMES").delete()  # its readings, targets and commentary with it
    User.objects.create_user("someone.new")
    client.force_login(officer)
    changed = every_row()

    with pytest.raises(CommandError, match=r"The database is not empty: it holds [\d,]+ rows in \d+ tables .* --force"):
        run("restore", archive)
    assert every_row() == changed

    run("restore", archive, "--force")
    assert differences(before, every_row()) == {}
    assert not Session.objects.exists()  # everyone signs in again


def lines_of(archive) -> list[str]:
    with gzip.open(archive, "rt", encoding="utf-8") as file:
        return file.read().split("\n")[:-1]  # as restore reads them: a line ends at "\\n" only


def written(archive, lines):
    with gzip.open(archive, "wt", encoding="utf-8") as file:
        file.write("\n".join(lines) + "\n")


def reading_lines(lines) -> list[int]:
    return [number for number, line in enumerate(lines) if line.startswith('{"model": "kpis.reading"')]


def cut_short(archive):
    data = Path(archive).read_bytes()
    Path(archive).write_bytes(data[:len(data) // 2])


def cut_at_a_line(archive):
    lines = lines_of(archive)
    written(archive, lines[:len(lines) * 2 // 3])


def a_row_lost(archive):
    lines = lines_of(archive)
    del lines[reading_lines(lines)[3]]
    written(archive, lines)


def changed_row(archive, change, which=-1):
    lines = lines_of(archive)
    number = reading_lines(lines)[which]  # the last reading: many rows are written before it
    row = json.loads(lines[number])
    change(row["fields"])
    lines[number] = json.dumps(row)
    written(archive, lines)
    return number + 1  # the archive's line, counted from 1


def a_figure_that_is_no_number(archive):
    return changed_row(archive, lambda fields: fields.update(value="lots"))


def a_reading_of_no_indicator(archive):
    changed_row(archive, lambda fields: fields.update(indicator=999_999))


def not_a_backup(archive):
    shutil.copy(WORKBOOK, archive)


def a_session_smuggled_in(archive):
    lines = lines_of(archive)
    lines.insert(2, json.dumps({"model": "sessions.session", "pk": "x", "fields": {}}))
    written(archive, lines)
    return 3


BROKEN = {  # how an archive is broken: what restore says, and whether --check (no database) sees it too
    "cut short": (cut_short, r"is damaged after line \d+: .* \(an incomplete copy, or not a backup\?\)", True),
    "cut at a line": (cut_at_a_line, r"ends at line \d+ without its counts: the archive is incomplete", True),
    "a row lost": (a_row_lost, r"the rows do not add up to the counts at its end \(kpis.reading \d+ of \d+\)", True),
    "a figure that is no number": (a_figure_that_is_no_number, r"line {line}: a kpis.reading row cannot be read: .*lots",
                                   True),
    "a reading of no indicator": (a_reading_of_no_indicator,
                                  r"its rows break the database's rules, nothing was restored", False),
    "not a backup": (not_a_backup, r"is damaged from its start", True),
    "a session smuggled in": (a_session_smuggled_in, r"kpi.jsonl.gz line {line}: sessions.session is not a table the archive holds",
                              True),
}


@pytest.mark.parametrize("broken", BROKEN)
def test_an_archive_that_cannot_be_restored_writes_nothing_and_says_why(imported_small_council, officer, tmp_path,
                                                                        broken):
    archive = backup_now(tmp_path)
    assert "read (nothing written)" in run("restore", "--check", archive)
    breaking, says, checked = BROKEN[broken]
    says = says.replace("{line}", str(breaking(archive)))
    empty_database()

    with pytest.raises(CommandError, match=says):
        run("restore", archive)
    assert rows_held() == {}
    if checked:
        with pytest.raises(CommandError, match=says):
            run("restore", "--check", archive)


def test_an_archive_taken_at_other_migrations_is_refused_by_name(imported_small_council, tmp_path):
    archive = backup_now(tmp_path)
    lines = lines_of(archive)
    manifest = json.loads(lines[0])
    latest = manifest["migrations"]["kpis"].pop()  # as if taken before the latest migration
    written(archive, [json.dumps(manifest), *lines[1:]])
    empty_database()

    with pytest.raises(CommandError, match=rf"taken at other migrations .* only in this database kpis\.{latest}\. "
                                           r"Restore it with the release that made it"):
        run("restore", archive)
    assert rows_held() == {}


# --- the native tools ---------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_native_tools_give_back_every_row(client, tmp_path):
    """README's pg_dump/pg_restore (PostgreSQL) or sqlite3 .backup (SQLite), table by table."""
    council_at_work(client)
    tables = connection.introspection.table_names()
    if connection.vendor == "postgresql":
        original, copy = pg_connect(connection.settings_dict["NAME"]), pg_dump_and_restore(tmp_path)
    else:
        original, copy = sqlite3.connect(connection.settings_dict["NAME"]), sqlite_online_backup(tmp_path)
    try:
        for table in tables:
            query = f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY 1"
            assert copy.execute(query).fetchall() == original.execute(query).fetchall(), table
    finally:
        original.close()
        copy.close()
        if connection.vendor == "postgresql":
            admin_sql(f"DROP DATABASE IF EXISTS {restored_name()}")


def pg_environment():
    settings = connection.settings_dict
    environment = {**os.environ, "PGHOST": settings["HOST"] or "", "PGPORT": str(settings["PORT"] or ""),
                   "PGUSER": settings["USER"] or ""}
    if settings["PASSWORD"]:
        environment["PGPASSWORD"] = settings["PASSWORD"]
    return environment


def restored_name():
    return f"{connection.settings_dict['NAME']}_restored"  # beside this run's own test database


def pg_connect(name, **options):
    import psycopg

    settings = connection.settings_dict
    return psycopg.connect(host=settings["HOST"], port=settings["PORT"], user=settings["USER"],
                           password=settings["PASSWORD"], dbname=name, **options)


def admin_sql(statement):
    with pg_connect("postgres", autocommit=True) as admin:
        admin.execute(statement)


def pg_dump_and_restore(folder):
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("pg_dump and pg_restore are not installed")
    dump = folder / "kpi.dump"
    subprocess.run(["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", connection.settings_dict["NAME"]],
                   check=True, env=pg_environment())
    subprocess.run(["pg_restore", "--list", str(dump)], check=True, capture_output=True)
    admin_sql(f"DROP DATABASE IF EXISTS {restored_name()}")
    admin_sql(f"CREATE DATABASE {restored_name()}")
    subprocess.run(["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={restored_name()}", str(dump)],
                   check=True, env=pg_environment())
    return pg_connect(restored_name())


def sqlite_online_backup(folder):
    copy = folder / "kpi.sqlite3"
    if shutil.which("sqlite3"):
        subprocess.run(["sqlite3", connection.settings_dict["NAME"], f".backup {copy}"], check=True)
    else:  # the same online backup, through Python's sqlite3 module
        with sqlite3.connect(connection.settings_dict["NAME"]) as source, sqlite3.connect(copy) as target:
            source.backup(target)
    restored = sqlite3.connect(copy)
    # As README checks a copy: Django's CHECK on a reading's month calls a function only Django defines.
    restored.execute("PRAGMA ignore_check_constraints = ON")
    assert restored.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    return restored
