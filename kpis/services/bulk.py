"""Writing many rows of one model at once, with their history rows, in the caller's transaction.

Django's bulk_create and bulk_update build every value of every row through the ORM's
compiler, and django-simple-history's bulk helpers make a model instance per history row: an
import of 36,000 readings spent most of its time there. Here each field's database
adaptation is looked up once, each value adapted by its own field (Field.get_db_prep_save),
and the rows go in as one statement executed for many rows.

The history rows are those django-simple-history's bulk_create_with_history and
bulk_update_with_history write: every tracked field as it now stands, when (history_date),
who (history_user: the given user, or the signed-in user of the request, as simple_history
takes it), why (history_change_reason), and "+" for a row created, "~" for one changed.

Nothing here sends a signal: the caller tells the pages (kpis.services.freshness.changed).
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import Max

# Fields whose Python values the database drivers take as they are: no adaptation per value.
_AS_THEY_ARE = {
    "AutoField", "BigAutoField", "SmallAutoField", "BigIntegerField", "BooleanField", "CharField",
    "ForeignKey", "IntegerField", "PositiveBigIntegerField", "PositiveIntegerField", "PositiveSmallIntegerField",
    "SlugField", "SmallIntegerField", "TextField",
}
# Fields whose values cannot be looked up in a dict (a list of aliases): adapted each time.
_UNHASHABLE = {"JSONField"}
# Rows a query reads by id (an id__in list under SQLite's 999 parameters).
_CHUNK = 500


@dataclass(frozen=True)
class Stamp:
    """Who changed the rows, when and why, for their history rows."""

    when: datetime
    user: Any = None
    reason: str = ""


def create(model, rows: list[dict], key: tuple[str, ...], stamp: Stamp) -> None:
    """Insert `rows` (attname -> value; any field left out takes its default, an auto_now field
    `stamp.when`) and one "+" history row each. `key` names fields that tell rows apart (a
    unique constraint): the history row of each finds its record's new id by them."""
    if not rows:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: (stamp.when if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
                            else f.get_default()) for f in fields}
    for index, row in enumerate(rows):
        rows[index] = defaults | row
    before = model._default_manager.aggregate(last=Max("pk"))["last"] or 0
    _insert(model, fields, rows)
    new = {tuple(found[1:]): found[0]
           for found in model._default_manager.filter(pk__gt=before).values_list("pk", *key).iterator(2000)}
    pk = model._meta.pk.attname
    for row in rows:
        row[pk] = new[tuple(row[name] for name in key)]
    _history(model, rows, "+", stamp)


def update(model, changes: dict[int, dict], stamp: Stamp) -> None:
    """Set the fields `changes` gives each row (id -> {attname: value}), bump a `version`
    field, set auto_now fields to `stamp.when`, and write one "~" history row each with the
    row as it now stands."""
    if not changes:
        return
    meta = model._meta
    names = [f.attname for f in meta.concrete_fields]
    touched = [f.attname for f in meta.concrete_fields if getattr(f, "auto_now", False)]
    versioned = any(f.attname == "version" for f in meta.concrete_fields)
    ids = list(changes)
    rows = []
    for start in range(0, len(ids), _CHUNK):
        for values in model._default_manager.filter(pk__in=ids[start:start + _CHUNK]).values_list(*names):
            row = dict(zip(names, values, strict=True))
            row.update(changes[row[meta.pk.attname]])
            for name in touched:
                row[name] = stamp.when
            if versioned:  # a page opened before this change must not overwrite it
                row["version"] += 1
            rows.append(row)
    by_fields: dict[tuple[str, ...], list[dict]] = {}
    for row in rows:
        written = (*changes[row[meta.pk.attname]], *touched, *(("version",) if versioned else ()))
        by_fields.setdefault(tuple(dict.fromkeys(written)), []).append(row)
    for written, group in by_fields.items():
        _update(model, [_field(meta, name) for name in written], group)
    _history(model, rows, "~", stamp)


def _history(model, rows: list[dict], kind: str, stamp: Stamp):
    historical = model.history.model
    user = stamp.user if stamp.user is not None else historical.get_default_history_user(None)
    stamped = {"history_date": stamp.when, "history_change_reason": stamp.reason, "history_type": kind,
               "history_user_id": getattr(user, "pk", None)}
    fields = [f for f in historical._meta.concrete_fields if not f.primary_key]
    tracked = {f.attname for f in historical.tracked_fields}
    unknown = [f.attname for f in fields if f.attname not in tracked and f.attname not in stamped]
    if unknown:
        raise ValueError(f"{historical.__name__} has fields this writer does not fill: {unknown}")
    _insert(historical, fields, (row | stamped for row in rows))


def _field(meta, attname: str):
    return next(f for f in meta.concrete_fields if f.attname == attname)


def _insert(model, fields, rows: Iterable[dict]):
    """INSERT the rows: on PostgreSQL by COPY, elsewhere (SQLite) one statement executed for
    each row. One statement either way, so a Ctrl-C cancels it as it does any other."""
    quote = connection.ops.quote_name
    table, columns = quote(model._meta.db_table), ", ".join(quote(f.column) for f in fields)
    values = _adapted(fields, rows)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Bandit B608 (here and below), not an injection: our model's table and columns, quoted; values as params.
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:  # nosec
                for row in values:
                    copy.write_row(row)
        else:
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})",  # nosec
                               values)


def _update(model, fields, rows: list[dict]):
    """UPDATE each row's `fields` (the same for all), found by its id: on PostgreSQL one
    statement for all the rows (a column of values each, unnested), elsewhere one statement
    executed for each row."""
    meta = model._meta
    quote = connection.ops.quote_name
    table, pk = quote(meta.db_table), quote(meta.pk.column)
    values = _adapted([*fields, meta.pk], rows)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            given = [quote(f"given_{index}") for index in range(len(fields) + 1)]
            arrays = ", ".join(f"%s::{f.db_type(connection)}[]" for f in [*fields, meta.pk])
            setting = ", ".join(f"{quote(f.column)} = {g}" for f, g in zip(fields, given[:-1], strict=True))
            # Bandit B608 (here and below), not an injection: names are our model's, quoted; values go as parameters.
            cursor.execute(f"UPDATE {table} SET {setting} FROM unnest({arrays}) AS given ({', '.join(given)}) "  # nosec
                           f"WHERE {table}.{pk} = {given[-1]}", [list(column) for column in zip(*values, strict=True)])
        else:
            cursor.executemany(f"UPDATE {table} SET {', '.join(f'{quote(f.column)} = %s' for f in fields)} "  # nosec
                               f"WHERE {pk} = %s", values)


def _adapted(fields, rows: Iterable[dict]) -> Iterator[tuple]:
    """Each row's values in the fields' order, as the database takes them. A figure, a month
    or a time recurs down a column: each distinct one is adapted once."""
    database = connections[DEFAULT_DB_ALIAS]
    names = [f.attname for f in fields]
    adapt = [(index, f, None if f.get_internal_type() in _UNHASHABLE else {}) for index, f in enumerate(fields)
             if f.get_internal_type() not in _AS_THEY_ARE]
    for row in rows:
        values = [row[name] for name in names]
        for index, field, seen in adapt:
            value = values[index]
            if value is None:
                continue
            if seen is None:
                values[index] = field.get_db_prep_save(value, database)
            elif value in seen:
                values[index] = seen[value]
            else:
                values[index] = seen[value] = field.get_db_prep_save(value, database)
        yield tuple(values)
