"""A backup of the council's data as one portable archive, and its restore into an empty database.

The archive is gzip-compressed JSON Lines, the same on SQLite and PostgreSQL, so a backup
taken from either restores into either:

- line 1, the manifest: what wrote it, when, and the migrations the database was at;
- one line per row, as Django's serializers write it ({"model", "pk", "fields"}), every row of
  every table that holds the council's data (BACKED_UP): indicators, readings, targets,
  commentary, published values, locks, profiles, users, groups and their memberships, the
  admin's log, and every history row, primary keys kept, so history rows still name their
  records and people;
- the last line, the count of rows of each table: an archive cut short is refused.

Left out (NOT_BACKED_UP), each for its reason: signed-in sessions (everyone signs in again),
django-axes' records of failed log-ins (short-lived), content types and permissions (migrate
creates them: the rows that point at one name it by its natural key, so their ids may differ)
and the cache tokens (kpis.DataVersion: a restore makes new ones, so no page cached before it
is shown after it). An upload waiting for its confirmation (kpis.PendingUpload) and the task
queue (django-tasks-db) are not kept either: the workbook is uploaded again.

Restore writes in one transaction: a damaged archive, one taken at other migrations, or one
whose rows break a constraint writes nothing. It refuses a database holding any of the rows
it would write unless told to replace them (`force`). Rows are inserted as stored (no save(),
no signals, no auto_now), in batches, then each table's id sequence is set past its largest
id, so the next save gets a new id."""

import datetime
import decimal
import gzip
import json
import os
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.duration import duration_iso_string

from kpis.services import freshness

ARCHIVE = "thurrock-kpi backup"
FORMAT = 1
BATCH = 1000

# Models whose rows are not in the archive, and why (every other installed model's rows are).
NOT_BACKED_UP = {
    "sessions.session": "signed-in sessions: everyone signs in again",
    "axes.accessattempt": "failed log-ins (django-axes): short-lived",
    "axes.accessattemptexpiration": "failed log-ins (django-axes): short-lived",
    "axes.accessfailurelog": "failed log-ins (django-axes): short-lived",
    "axes.accesslog": "log-ins (django-axes): short-lived",
    "contenttypes.contenttype": "made by migrate; referred to by natural key",
    "auth.permission": "made by migrate; referred to by natural key",
    "kpis.dataversion": "cache tokens: a restore makes new ones",
    "kpis.pendingupload": "uploads waiting for their Confirm (two hours at most): uploaded again",
    "django_tasks_database.dbtaskresult": "the task queue: what it held is asked for again",
}
# Tables whose rows refer to these by id: the archive names them by natural key instead.
BY_NATURAL_KEY = (ContentType, Permission)


class BackupError(Exception):
    """Why an archive cannot be restored (or read); nothing was written."""


def backed_up_models() -> list[type[models.Model]]:
    """Every model whose rows the archive holds, many-to-many tables included, in INSTALLED_APPS order."""
    return [model for model in apps.get_models(include_auto_created=True)
            if model._meta.label_lower not in NOT_BACKED_UP and not model._meta.proxy and model._meta.managed]


def _migrated_apps(chosen) -> list[str]:
    return sorted({model._meta.app_label for model in chosen} | {"contenttypes"})


def migration_state(using=DEFAULT_DB_ALIAS, app_labels=None) -> dict[str, list[str]]:
    """The migrations applied to the database, per app (of the apps whose rows the archive holds)."""
    app_labels = app_labels or _migrated_apps(backed_up_models())
    applied: dict[str, list[str]] = {label: [] for label in app_labels}
    for app_label, name in MigrationRecorder(connections[using]).applied_migrations():
        if app_label in applied:
            applied[app_label].append(name)
    return {label: sorted(names) for label, names in applied.items()}


# --- writing --------------------------------------------------------------------------------


class _Encoder(json.JSONEncoder):
    """As DjangoJSONEncoder, but a time keeps its microseconds (Django's drops all but
    milliseconds, and history rows are ordered by theirs)."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.date | datetime.time):
            return o.isoformat()
        if isinstance(o, datetime.timedelta):
            return duration_iso_string(o)
        if isinstance(o, decimal.Decimal | uuid.UUID):
            return str(o)
        return super().default(o)


@dataclass
class BackupReport:
    path: Path
    counts: Counter = field(default_factory=Counter)
    migrations: dict = field(default_factory=dict)

    def lines(self) -> list[str]:
        rows = sum(self.counts.values())
        kpis_at = (self.migrations.get("kpis") or ["none"])[-1]
        return [f"{self.path}: {rows:,} rows of {len(self.counts)} tables, at migration kpis {kpis_at}",
                *(f"  {label}: {count:,}" for label, count in self.counts.items())]


def _natural_keys(model, using) -> dict[int, list]:
    rows = model._base_manager.using(using).all()
    if model is Permission:
        rows = rows.select_related("content_type")
    return {obj.pk: list(obj.natural_key()) for obj in rows}


def _by_natural_key(chosen) -> dict[type[models.Model], list[models.Field]]:
    """Each model's fields that point at a content type or a permission."""
    return {model: [f for f in model._meta.local_fields if f.is_relation and f.related_model in BY_NATURAL_KEY]
            for model in chosen}


def _snapshot(using):
    """Everything read from here on is one consistent state, whatever is written meanwhile."""
    connection = connections[using]
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        return _RepeatableRead(using)
    # SQLite: the transaction holds the database's lock (transaction_mode IMMEDIATE in settings).
    return transaction.atomic(using=using)


class _RepeatableRead:
    def __init__(self, using):
        self.using = using
        self.atomic = transaction.atomic(using=using)

    def __enter__(self):
        self.atomic.__enter__()
        with connections[self.using].cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")

    def __exit__(self, *exc):
        return self.atomic.__exit__(*exc)


def backup(path: Path, using=DEFAULT_DB_ALIAS) -> BackupReport:
    """Write every backed-up row to `path` (gzip JSON Lines), from one consistent snapshot. The
    archive holds password hashes: it is written readable by its owner only, to a temporary name
    first, so an interrupted backup never leaves a file that looks complete."""
    path = Path(path)
    chosen = backed_up_models()
    partial = path.with_name(path.name + ".partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb") as zipped, \
                _snapshot(using):
            report = _write(zipped, chosen, using, path)
            zipped.close()
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return report


def _write(out, chosen, using, path) -> BackupReport:
    def line(data):
        out.write(json.dumps(data, cls=_Encoder, ensure_ascii=False).encode() + b"\n")

    migrations = migration_state(using, _migrated_apps(chosen))
    natural = {model: _natural_keys(model, using) for model in BY_NATURAL_KEY}
    line({"archive": ARCHIVE, "format": FORMAT, "created": timezone.now(), "database": connections[using].vendor,
          "migrations": migrations, "tables": [model._meta.label_lower for model in chosen],
          "content_types": sorted(natural[ContentType].values()),
          "permissions": sorted([*key, name] for key, name in (
              (tuple(p.natural_key()), p.name)
              for p in Permission.objects.using(using).select_related("content_type")))})
    report = BackupReport(path, migrations=migrations)
    pointers = _by_natural_key(chosen)
    for model in chosen:
        fields = [f.name for f in model._meta.local_fields]  # many-to-many rows travel as their own table's
        rows = model._base_manager.using(using).order_by("pk").iterator(chunk_size=2000)
        for batch in _batches(rows):
            for record in serializers.serialize("python", batch, fields=fields):
                for pointer in pointers[model]:
                    key = record["fields"][pointer.name]
                    record["fields"][pointer.name] = natural[pointer.related_model][key] if key is not None else None
                line(record)
            report.counts[model._meta.label_lower] += len(batch)
    line({"end": True, "counts": {model._meta.label_lower: report.counts[model._meta.label_lower]
                                  for model in chosen}})
    return report


def _batches(iterable, size=BATCH) -> Iterator[list]:
    batch = []
    for item in iterable:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


# --- reading and restoring -------------------------------------------------------------------


@dataclass
class RestoreReport:
    path: Path
    manifest: dict
    counts: Counter = field(default_factory=Counter)
    written: bool = False

    def lines(self) -> list[str]:
        rows = sum(self.counts.values())
        verb = "restored" if self.written else "read (nothing written)"
        return [f"{self.path}: {rows:,} rows of {len(self.counts)} tables {verb}, "
                f"backed up {self.manifest.get('created')} from {self.manifest.get('database')}",
                *(f"  {label}: {count:,}" for label, count in self.counts.items() if count)]


class _Archive:
    """The archive's lines, read one at a time: the manifest, then (model, rows) in batches, then
    the counts. Any damage is a BackupError naming the line."""

    def __init__(self, path: Path, file):
        self.path, self.file, self.number, self.end = path, file, 0, None
        first = self._next()
        if not isinstance(first, dict) or first.get("archive") != ARCHIVE:
            raise BackupError(f"{self.path} is not a backup made by `manage.py backup`")
        if first.get("format") != FORMAT:
            raise BackupError(f"{self.path} is in archive format {first.get('format')}; this version reads "
                              f"format {FORMAT}")
        self.manifest = first

    def _next(self):
        try:
            text = self.file.readline()
        except (OSError, EOFError, UnicodeDecodeError) as error:
            where = f"after line {self.number}" if self.number else "from its start"
            raise BackupError(f"{self.path} is damaged {where}: {error or type(error).__name__} (an incomplete "
                              "copy, or not a backup?)") from None
        if not text:
            return None
        self.number += 1
        try:
            return json.loads(text)
        except ValueError as error:
            raise BackupError(f"{self.path} line {self.number}: not a row ({error})") from None

    def rows(self) -> Iterator["_Batch"]:
        batch = None
        while (record := self._next()) is not None:
            if isinstance(record, dict) and record.get("end"):
                self.end = record
                break
            if not (isinstance(record, dict) and isinstance(record.get("model"), str)
                    and isinstance(record.get("fields"), dict)):
                raise BackupError(f"{self.path} line {self.number}: not a row")
            if batch is None or record["model"] != batch.label or len(batch.rows) == BATCH:
                if batch:
                    yield batch
                batch = _Batch(record["model"], [], self.number)
            batch.rows.append(record)
        if batch:
            yield batch
        if self.end is None:
            raise BackupError(f"{self.path} ends at line {self.number} without its counts: the archive is "
                              "incomplete (cut short while copying or writing?)")
        if self._next() is not None:
            raise BackupError(f"{self.path} line {self.number}: rows after the archive's end")


@dataclass
class _Batch:
    """Consecutive rows of one table, and the archive's line of the first."""

    label: str
    rows: list[dict]
    line: int


@contextmanager
def _opened(path) -> Iterator[_Archive]:
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path}: no such file")
    with gzip.open(path, "rt", encoding="utf-8") as file:
        yield _Archive(path, file)


def check(path: Path) -> RestoreReport:
    """Read the whole archive as restore would, writing nothing: gzip's checksum, every row, the
    counts at its end. (Whether its rows fit the database is known only by restoring it.)"""
    with _opened(path) as archive:
        report = RestoreReport(archive.path, archive.manifest)
        tables = _tables(archive.manifest)
        # Ids as good as any: what matters here is that every row names one the manifest lists.
        ids = {ContentType: dict.fromkeys(map(json.dumps, archive.manifest.get("content_types", [])), 0),
               Permission: dict.fromkeys((json.dumps(p[:3]) for p in archive.manifest.get("permissions", [])), 0)}
        for batch in archive.rows():
            _deserialize(archive, _model(archive, batch, tables), batch, ids)
            report.counts[batch.label] += len(batch.rows)
        _check_counts(archive, report.counts)
        return report


def restore(path: Path, *, force=False, using=DEFAULT_DB_ALIAS) -> RestoreReport:
    """Write the archive's rows into the database, all or nothing. Refuses an archive taken at
    other migrations, and a database already holding any of its tables' rows unless `force`
    (which replaces them, and signs everyone out)."""
    with _opened(path) as archive:
        chosen = backed_up_models()
        _refuse_other_schema(archive, using, chosen)
        tables = _tables(archive.manifest)
        if not force:
            _refuse_non_empty(chosen, using)
        connection = connections[using]
        report = RestoreReport(archive.path, archive.manifest)
        try:
            with transaction.atomic(using=using):
                if force:
                    _empty(chosen, using)
                ids = _natural_key_ids(archive.manifest, using)
                for batch in archive.rows():
                    model = _model(archive, batch, tables)
                    objects = _deserialize(archive, model, batch, ids, using)
                    fields = model._meta.local_concrete_fields
                    size = max(1, min(BATCH, connection.ops.bulk_batch_size(fields, objects)))
                    for start in range(0, len(objects), size):
                        # As loaddata saves (raw: no save(), no auto_now), many rows at a time.
                        model._base_manager.using(using)._insert(objects[start:start + size], fields=fields,
                                                                 raw=True, using=using)
                    report.counts[batch.label] += len(objects)
                _check_counts(archive, report.counts)
                connection.check_constraints(table_names=[model._meta.db_table for model in chosen])
                with connection.cursor() as cursor:
                    for statement in connection.ops.sequence_reset_sql(no_style(), chosen):
                        cursor.execute(statement)
                freshness.changed(public=True)
        except DatabaseError as error:
            raise BackupError(f"{archive.path}: its rows break the database's rules, nothing was restored "
                              f"({error})") from None
        report.written = True
        return report


def _tables(manifest) -> set[str]:
    return set(manifest.get("tables") or [])


def _model(archive: _Archive, batch: _Batch, tables: set[str]):
    if batch.label not in tables or batch.label in NOT_BACKED_UP:
        raise BackupError(f"{archive.path} line {batch.line}: {batch.label} is not a table the archive holds")
    try:
        return apps.get_model(batch.label)
    except (LookupError, ValueError):
        raise BackupError(f"{archive.path} line {batch.line}: no table {batch.label} in this version") from None


def _deserialize(archive, model, batch: _Batch, ids, using=DEFAULT_DB_ALIAS) -> list[models.Model]:
    pointers = _by_natural_key([model])[model]
    objects = []
    try:
        for record in batch.rows:
            for pointer in pointers:
                key = record["fields"].get(pointer.name)
                if key is not None:
                    record["fields"][pointer.name] = ids[pointer.related_model][json.dumps(key)]
        for found in serializers.deserialize("python", batch.rows, using=using):  # one object a row, in order
            objects.append(found.object)
    except KeyError as error:
        raise BackupError(f"{archive.path}: a {batch.label} row from line {batch.line} names {error}, which the "
                          "archive's manifest does not list") from None
    except Exception as error:  # a value the field cannot hold, a field this version does not have ...
        raise BackupError(f"{archive.path} line {batch.line + len(objects)}: a {batch.label} row cannot be read: "
                          f"{error}") from None
    return objects


def _check_counts(archive: _Archive, counts: Counter):
    expected = {label: count for label, count in archive.end.get("counts", {}).items() if count}
    if expected != {label: count for label, count in counts.items() if count}:
        differ = sorted(label for label in set(expected) | set(counts) if expected.get(label, 0) != counts[label])
        raise BackupError(f"{archive.path}: the rows do not add up to the counts at its end ("
                          + ", ".join(f"{label} {counts[label]} of {expected.get(label, 0)}" for label in differ)
                          + ")")


def _refuse_other_schema(archive: _Archive, using, chosen):
    taken = archive.manifest.get("migrations") or {}
    here = migration_state(using, sorted(set(_migrated_apps(chosen)) | set(taken)))
    taken = {app: sorted(taken.get(app, [])) for app in here}
    if taken != here:
        only_archive = sorted(f"{app}.{name}" for app, names in taken.items() for name in names
                              if name not in here.get(app, []))
        only_here = sorted(f"{app}.{name}" for app, names in here.items() for name in names
                           if name not in taken.get(app, []))
        raise BackupError(
            f"{archive.path} was taken at other migrations than this database's, so its rows may not fit: "
            f"only in the archive {', '.join(only_archive) or 'none'}; only in this database "
            f"{', '.join(only_here) or 'none'}. Restore it with the release that made it, into a database "
            "that release migrated, then upgrade and migrate. Nothing was restored.")


def _refuse_non_empty(chosen, using):
    held = {model._meta.label_lower: count for model in chosen
            if (count := model._base_manager.using(using).count())}
    if held:
        some = ", ".join(f"{label} {count:,}" for label, count in list(held.items())[:4])
        raise BackupError(f"The database is not empty: it holds {sum(held.values()):,} rows in {len(held)} "
                          f"tables ({some}{', ...' if len(held) > 4 else ''}). Restore into an empty, migrated "
                          "database, or give --force to replace everything in it. Nothing was restored.")


def _empty(chosen, using):
    """--force: every row the archive replaces goes, and with them everyone's sessions. DELETE, not
    TRUNCATE: PostgreSQL refuses to truncate a table written earlier in the same transaction."""
    connection = connections[using]
    tables = [model._meta.db_table for model in chosen]
    if apps.is_installed("django.contrib.sessions"):
        tables.append(apps.get_model("sessions", "Session")._meta.db_table)
    with connection.cursor() as cursor:
        for table in tables:
            # Bandit B608, not an injection: the table is one of our models', quoted; nothing from a user.
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")  # nosec


def _natural_key_ids(manifest, using) -> dict:
    """Each content type's and permission's natural key (as JSON) to its id in this database;
    those the archive names and this database lacks (a model since removed) are made."""
    for app_label, model in manifest.get("content_types", []):
        ContentType.objects.db_manager(using).get_or_create(app_label=app_label, model=model)
    ids = {ContentType: {json.dumps(list(ct.natural_key())): ct.pk
                         for ct in ContentType.objects.db_manager(using).all()}}
    have = {tuple(p.natural_key()) for p in Permission.objects.db_manager(using).select_related("content_type")}
    for codename, app_label, model, name in manifest.get("permissions", []):
        if (codename, app_label, model) not in have:
            Permission.objects.db_manager(using).create(
                codename=codename, name=name,
                content_type=ContentType.objects.db_manager(using).get_by_natural_key(app_label, model))
    ids[Permission] = {json.dumps(list(p.natural_key())): p.pk
                       for p in Permission.objects.db_manager(using).select_related("content_type")}
    return ids
