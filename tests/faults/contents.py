"""A PostgreSQL database's whole content, every row of every table (history, sessions, log-in records
included), read with the driver alone, so what a fault left behind is compared with what was there before."""

import psycopg


def postgres_contents(connection: psycopg.Connection) -> dict[str, list[tuple]]:
    tables = [name for (name,) in connection.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")]
    return {table: sorted(map(tuple, connection.execute(f'SELECT * FROM "{table}"')), key=repr) for table in tables}


def differences(before: dict[str, list[tuple]], after: dict[str, list[tuple]]) -> list[str]:
    """Each table whose rows changed, with how many rows came and went."""
    changed = []
    for table in sorted(before.keys() | after.keys()):
        old, new = set(map(repr, before.get(table, []))), set(map(repr, after.get(table, [])))
        if old != new:
            changed.append(f"{table}: {len(new - old)} rows new or changed, {len(old - new)} gone or changed")
    return changed
