"""What the name of a DROP TABLE, VIEW, INDEX or TRIGGER finds, against SQLite (apsw).

Every kind of DROP, with and without IF EXISTS, of every kind of name -- the schema table
by each of its spellings, sqlite_sequence, sqlite_stat1, a table, a view, an index, an
automatic index and a trigger in main and in temp, an eponymous table-valued function, a
missing name -- unqualified and in main, temp and a schema that names no database (aux):
SQLite's rows or error for the DROP, then both schemas' objects (the database unchanged
by a failed DROP). SQLite locates the object before it checks it: a schema no database
is attached under finds nothing (IF EXISTS then does nothing); the schema table and
sqlite_sequence 'may not be dropped' under their legacy names, before DROP VIEW's check
that a view was named; an eponymous virtual table is found in any schema
(sql/bind/drop_names.py).
"""

from __future__ import annotations

import pytest

from oracle import outcomes

SETUP = ["CREATE TABLE t(a INTEGER PRIMARY KEY AUTOINCREMENT, b UNIQUE)",
         "INSERT INTO t VALUES (1, 2)", "CREATE INDEX tb ON t(b)", "ANALYZE",
         "CREATE TEMP TABLE tt(x UNIQUE)", "CREATE TEMP VIEW tv AS SELECT 1",
         "CREATE VIEW v AS SELECT 2", "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END"]
NAMES = ["sqlite_master", "sqlite_schema", "SQLITE_TEMP_MASTER", "sqlite_temp_schema",
         "sqlite_sequence", "sqlite_stat1", "t", "tt", "tv", "v", "tb", "tr",
         "sqlite_autoindex_tt_1", "json_each", "pragma_table_info", "nosuch"]
SCHEMAS = ["", "main.", "temp.", "aux."]
# both schemas' objects after the DROP (apsw's build also makes sqlite_stat4)
LISTINGS = ["SELECT type, name FROM sqlite_schema WHERE name <> 'sqlite_stat4' ORDER BY name",
            "SELECT type, name FROM sqlite_temp_schema ORDER BY name"]


def _drops(kind: str) -> list[str]:
    return [f"DROP {kind} {exists}{schema}{name}" for exists in ("", "IF EXISTS ")
            for schema in SCHEMAS for name in NAMES]


@pytest.mark.parametrize("kind", ["TABLE", "VIEW", "INDEX", "TRIGGER"])
def test_drop_finds_what_sqlite_finds(kind):
    wrong = []
    for drop in _drops(kind):
        for sql, mine, theirs in outcomes(SETUP, [drop] + LISTINGS):
            if mine != theirs:
                wrong.append(f"{drop}: {sql}\n   RowanDB {mine}\n   SQLite  {theirs}")
                break
    assert not wrong, f"{len(wrong)} differ:\n" + "\n".join(wrong)
