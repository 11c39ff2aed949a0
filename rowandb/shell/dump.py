"""``.dump [TABLE ...]``: the SQL text that rebuilds a database, in the shape of sqlite3's
``.dump`` so that both SQLite's shell and RowanDB load it back into the same database.

The order is sqlite3's: ``PRAGMA foreign_keys=OFF;`` and ``BEGIN TRANSACTION;``, then each
table's CREATE statement followed by one ``INSERT INTO t VALUES(...);`` per row (a column
list when generated columns must be left out), the AUTOINCREMENT counters
(``DELETE FROM sqlite_sequence;`` and its rows), then the indexes, triggers and views in
the order ``sqlite_schema`` lists them, ``PRAGMA user_version=N;`` when N is not 0, and
``COMMIT;``. Values are literals of their own storage class (``sqltext.literal``): 2.0
stays REAL, -0.0 keeps its sign, ±Inf is ``±1e999``, blobs are ``X'..'``. With TABLE
patterns (LIKE, as sqlite3 takes them) only the matching tables and their indexes and
triggers are written, without counters or ``user_version``.

It reads through ``execute(sql) -> (column names, rows)`` only, so it dumps any DB-API
database the shell is connected to.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from rowandb.shell.sqltext import like_matcher, literal, quote_name

Execute = Callable[[str], tuple]


def dump_lines(execute: Execute, patterns: Sequence[str] = ()) -> Iterator[str]:
    """The lines of the dump, without line ends."""
    matchers = [like_matcher(pattern) for pattern in patterns]

    def wanted(name: str) -> bool:
        return not matchers or any(match(name) for match in matchers)

    def rows(sql: str) -> list:
        return list(execute(sql)[1])

    schema = rows("SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE sql IS NOT NULL")
    yield "PRAGMA foreign_keys=OFF;"
    yield "BEGIN TRANSACTION;"
    for kind, name, _, sql in schema:
        if kind == "table" and not name.lower().startswith("sqlite_") and wanted(name):
            yield f"{sql};"
            yield from _table_rows(rows, name)
    if not matchers and any(name == "sqlite_sequence" for _, name, _, _ in schema):
        yield "DELETE FROM sqlite_sequence;"
        for name, seq in rows("SELECT name, seq FROM sqlite_sequence"):
            yield f"INSERT INTO sqlite_sequence VALUES({literal(name)},{literal(seq)});"
    for kind, name, table, sql in schema:
        if kind in ("index", "trigger", "view") and wanted(table):
            yield f"{sql};"
    if not matchers:
        (version,), = rows("PRAGMA user_version")
        if version:
            yield f"PRAGMA user_version={version};"
    yield "COMMIT;"


def _table_rows(rows: Callable[[str], list], table: str) -> Iterator[str]:
    columns = rows(f"PRAGMA table_xinfo({quote_name(table)})")
    stored = [column[1] for column in columns if column[6] not in (2, 3)]  # not generated
    names = ",".join(quote_name(name) for name in stored)
    target = quote_name(table)
    if len(stored) < len(columns):
        target += f"({names})"
    for row in rows(f"SELECT {names} FROM {quote_name(table)}"):
        values = ",".join(literal(value, one_line=True) for value in row)
        yield f"INSERT INTO {target} VALUES({values});"
