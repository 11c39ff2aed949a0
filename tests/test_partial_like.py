"""Partial and expression indexes whose WHERE or expression holds LIKE, across PRAGMA
case_sensitive_like, against SQLite (apsw).

SQLite codes an index's WHERE and expressions into each statement with the like() the
connection has at that moment, so a row written before the pragma may sit in a partial
index whose WHERE it now fails, or miss from one whose WHERE it now passes, and an
expression index may hold another key for it. Writes then find what SQLite finds (a
REPLACE keeps a row the index no longer covers; deleting a row whose entry is missing from
a partial index on plain columns is 'database disk image is malformed'; an expression
index loses the entry with the row's rowid), and PRAGMA integrity_check reports what
SQLite's does: 'row N missing from index i' (N counting rows from 1), 'wrong # of entries'
only for an index that is not partial, never an extra entry of a partial index.

The generator writes random scripts of those shapes -- every DML form before and after
the toggle, SELECTs with and without INDEXED BY, integrity_check, REINDEX -- and compares
after each statement its answer or error, the table and integrity_check's rows.
"""

from __future__ import annotations

import random
import re

import apsw
import pytest

import rowandb

SCHEMAS = [
    ["CREATE TABLE t(a TEXT, b, c)",
     "CREATE UNIQUE INDEX pu ON t(a) WHERE a LIKE 'a%'"],
    ["CREATE TABLE t(a TEXT, b, c)",
     "CREATE INDEX pb ON t(b) WHERE a LIKE 'a%'",
     "CREATE INDEX ex ON t(a LIKE 'ab%', c)"],
    ["CREATE TABLE t(a TEXT, b UNIQUE, c)",
     "CREATE UNIQUE INDEX eu ON t(c, b LIKE 'b%')",
     "CREATE INDEX pg ON t(c) WHERE a GLOB 'a*'"],
    ["CREATE TABLE t(a TEXT PRIMARY KEY, b, c) WITHOUT ROWID",
     "CREATE INDEX pw ON t(b) WHERE a LIKE 'a%'",
     "CREATE UNIQUE INDEX ew ON t(lower(a) LIKE 'a%', b)"],
    ["CREATE TABLE t(a TEXT, b, c)",
     "CREATE UNIQUE INDEX pu ON t(b) WHERE a LIKE 'a_' OR c LIKE 'A%'",
     "CREATE TABLE u(x TEXT, y)",
     "CREATE INDEX ux ON u(x LIKE 'a%')"],
]

TEXTS = ["'a'", "'A'", "'ab'", "'Ab'", "'aB'", "'b'", "'B'", "'ba'", "NULL", "1"]
SMALL = ["1", "2", "3", "NULL", "'b'", "'B'", "'bx'"]


def _statement(rng: random.Random, has_u: bool, indexes: list[str]) -> str:
    a, b, c = rng.choice(TEXTS), rng.choice(SMALL), rng.choice(SMALL)
    pick = rng.randrange(17)
    if pick == 0:
        return f"PRAGMA case_sensitive_like = {rng.choice([0, 1, 'on', 'off'])}"
    if pick == 1:
        return f"INSERT INTO t VALUES ({a}, {b}, {c})"
    if pick == 2:
        return f"INSERT OR REPLACE INTO t VALUES ({a}, {b}, {c})"
    if pick == 3:
        return f"REPLACE INTO t(a, b, c) VALUES ({a}, {b}, {c})"
    if pick == 4:
        return f"INSERT OR IGNORE INTO t VALUES ({a}, {b}, {c})"
    if pick == 5:
        return (f"INSERT INTO t VALUES ({a}, {b}, {c}) ON CONFLICT DO UPDATE "
                f"SET c = coalesce(c, 0) + 1")
    if pick == 6:
        column = rng.choice(["a", "b", "c"])
        value = {"a": a, "b": b, "c": c}[column]
        return f"UPDATE t SET {column} = {value} WHERE {rng.choice(['b', 'c'])} = {b}"
    if pick == 7:
        return f"UPDATE t SET {rng.choice(['a = a', 'b = b', 'c = c', 'c = 7'])}"
    if pick == 8:
        return f"UPDATE OR REPLACE t SET a = {a} WHERE c = {c}"
    if pick == 9:
        return f"DELETE FROM t WHERE {rng.choice(['b', 'c', 'a'])} = {b}"
    if pick == 10:
        return rng.choice(["SELECT a, b, c FROM t WHERE a LIKE 'a%' ORDER BY 1, 2, 3",
                           "SELECT count(*) FROM t WHERE a LIKE 'a_'",
                           "SELECT b FROM t WHERE a GLOB 'a*' ORDER BY 1"])
    if pick == 11 and indexes:
        index = rng.choice(indexes)
        return (f"SELECT a, b, c FROM t INDEXED BY {index} WHERE a LIKE 'a%' "
                f"ORDER BY 1, 2, 3")
    if pick == 12 and has_u:
        return rng.choice([f"INSERT INTO u VALUES ({a}, {b})", f"DELETE FROM u WHERE x = {a}",
                           f"UPDATE u SET y = {b} WHERE x = {a}"])
    if pick == 13:
        return rng.choice(["REINDEX", "REINDEX t"] + [f"REINDEX {i}" for i in indexes])
    if pick == 14:
        return "PRAGMA integrity_check(t)"
    return "PRAGMA integrity_check"


def _script(seed: int) -> list[str]:
    rng = random.Random(seed)
    schema = SCHEMAS[seed % len(SCHEMAS)]
    indexes = [s.split(" ON ")[0].split()[-1] for s in schema if " INDEX " in s
               and "u(" not in s]
    rows = [f"INSERT INTO t VALUES ({rng.choice(TEXTS)}, {rng.choice(SMALL)}, "
            f"{rng.choice(SMALL)})" for _ in range(rng.randrange(2, 6))]
    has_u = any(s.startswith("CREATE TABLE u") for s in schema)
    body = [_statement(rng, has_u, indexes) for _ in range(30)]
    return schema + rows + body


def _sqlite(conn, sql: str):
    try:
        return "ok", [tuple(r) for r in conn.execute(sql)]
    except apsw.Error as error:
        return "error", str(error)


def _rowandb(conn, sql: str):
    try:
        cursor = conn.execute(sql)
        return "ok", [tuple(r) for r in cursor.fetchall()] if cursor.description else []
    except rowandb.Error as error:
        return "error", re.sub(r" \(line \d+, column \d+\)$", "", str(error))


def _state(run, conn, has_u: bool) -> list:
    queries = ["SELECT a, b, c FROM t NOT INDEXED ORDER BY a, b, c", "PRAGMA integrity_check"]
    if has_u:
        queries.append("SELECT x, y FROM u NOT INDEXED ORDER BY x, y")
    return [run(conn, q) for q in queries]


def _differences(seed: int) -> list:
    script = _script(seed)
    has_u = any(s.startswith("CREATE TABLE u") for s in script)
    theirs = apsw.Connection(":memory:")
    mine = rowandb.connect(":memory:", isolation_level=None)
    for sql in script:
        expected, got = _sqlite(theirs, sql), _rowandb(mine, sql)
        if expected != got:
            return [seed, sql, expected, got]
        expected, got = _state(_sqlite, theirs, has_u), _state(_rowandb, mine, has_u)
        if expected != got:
            return [seed, sql, "state", expected, got]
    return []


@pytest.mark.parametrize("block", range(8))
def test_random_scripts_across_case_sensitive_like_agree_with_sqlite(block):
    failures = [d for d in map(_differences, range(block * 15, block * 15 + 15)) if d]
    assert failures == []


def test_replace_keeps_the_row_a_partial_index_no_longer_covers():
    """Fuzz case 96000117's shape: the REPLACE tests the new row against the WHERE with
    the LIKE of the moment, finds no conflict and keeps the old row."""
    script = ["CREATE TABLE t(a TEXT, b)", "CREATE UNIQUE INDEX i ON t(a) WHERE a LIKE 'a%'",
              "INSERT INTO t VALUES ('A', 1)", "PRAGMA case_sensitive_like = 1",
              "REPLACE INTO t VALUES ('A', 2)", "SELECT * FROM t ORDER BY b",
              "PRAGMA case_sensitive_like = 0", "PRAGMA integrity_check",
              "SELECT * FROM t INDEXED BY i WHERE a LIKE 'a%'"]
    theirs = apsw.Connection(":memory:")
    mine = rowandb.connect(":memory:", isolation_level=None)
    answers = [(_sqlite(theirs, s), _rowandb(mine, s)) for s in script]
    assert [x for x, _ in answers] == [y for _, y in answers]
    assert answers[5][0] == ("ok", [("A", 1), ("A", 2)])
    assert answers[7][0] == ("ok", [("row 2 missing from index i",)])


def test_deleting_a_row_a_partial_index_misses_is_malformed():
    """The WHERE now holds for a row written while it did not: SQLite looks for its entry
    to delete, finds none and fails the statement; an expression index instead loses the
    entry with the row's rowid."""
    script = ["CREATE TABLE t(a, b)", "CREATE INDEX e ON t(a LIKE 'a%')",
              "CREATE INDEX f ON t(b) WHERE a LIKE 'a%'",
              "PRAGMA case_sensitive_like = 1", "INSERT INTO t VALUES ('A', 4)",
              "PRAGMA case_sensitive_like = 0", "PRAGMA integrity_check",
              "DELETE FROM t WHERE b = 4", "UPDATE t SET b = 5", "SELECT * FROM t",
              "DROP INDEX f", "DELETE FROM t", "PRAGMA integrity_check"]
    theirs = apsw.Connection(":memory:")
    mine = rowandb.connect(":memory:", isolation_level=None)
    answers = [(_sqlite(theirs, s), _rowandb(mine, s)) for s in script]
    assert [x for x, _ in answers] == [y for _, y in answers]
    assert answers[6][0] == ("ok", [("row 1 missing from index f",),
                                    ("row 1 missing from index e",)])
    assert answers[7][0] == ("error", "database disk image is malformed")
    assert answers[12][0] == ("ok", [("ok",)])


def test_integrity_check_walks_tables_in_sqlites_hash_order():
    """Twelve tables, each with an expression index that LIKE now computes otherwise:
    SQLite reports them in the order of its schema hash, not of creation."""
    theirs = apsw.Connection(":memory:")
    mine = rowandb.connect(":memory:", isolation_level=None)
    for i in range(12):
        for sql in [f"CREATE TABLE t{i}(a)", f"CREATE INDEX e{i} ON t{i}(a LIKE 'a%')",
                    f"INSERT INTO t{i} VALUES ('A')"]:
            theirs.execute(sql)
            mine.execute(sql)
    for conn in (theirs, mine):
        conn.execute("PRAGMA case_sensitive_like = 1")
    expected = _sqlite(theirs, "PRAGMA integrity_check")
    assert expected[1][:3] == [("row 1 missing from index e11",),
                               ("row 1 missing from index e10",),
                               ("row 1 missing from index e9",)]
    assert _rowandb(mine, "PRAGMA integrity_check") == expected
