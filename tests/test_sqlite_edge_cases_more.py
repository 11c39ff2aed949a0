"""More of SQLite's edge cases found by the differential fuzzer, each run through RowanDB
and SQLite (apsw) with ``oracle.assert_same`` (storage classes and exact values, or the
error's class and message), as in test_sqlite_edge_cases.py, which has grown full.

- RETURNING over REAL columns: an item that passes a REAL column's integral value through
  untouched (``+c``, CASE, coalesce(), max()...) hands out the INTEGER SQLite's record
  holds, depending on how the write took the column affinities (see exec/dml.Returning);
  tried over table shapes (indexes, CHECKs, STRICT, foreign keys) and every kind of write.
"""

from __future__ import annotations

import pytest

from oracle import assert_same

# ---------------------------------------------------------------------------------------
# RETURNING and REAL columns
# ---------------------------------------------------------------------------------------

_SHAPES = {
    "plain": ["CREATE TABLE t(c REAL, u, w REAL)"],
    "unique": ["CREATE TABLE t(c REAL, u UNIQUE, w REAL)"],
    "unique on the real column": ["CREATE TABLE t(c REAL UNIQUE, u, w REAL)"],
    "index": ["CREATE TABLE t(c REAL, u, w REAL)", "CREATE INDEX i ON t(c)"],
    "two-column index": ["CREATE TABLE t(c REAL, u, w REAL)", "CREATE INDEX i ON t(u, w)"],
    "check on the real column": ["CREATE TABLE t(c REAL CHECK (c > -1e300), u, w REAL)"],
    "check elsewhere": ["CREATE TABLE t(c REAL, u CHECK (u > 0), w REAL)"],
    "not null": ["CREATE TABLE t(c REAL NOT NULL, u, w REAL)"],
    "rowid alias": ["CREATE TABLE t(i INTEGER PRIMARY KEY, c REAL, u, w REAL)"],
    "rowid alias and index": ["CREATE TABLE t(i INTEGER PRIMARY KEY, c REAL, u, w REAL)",
                              "CREATE INDEX j ON t(u)"],
    "real primary key": ["CREATE TABLE t(c REAL PRIMARY KEY, u, w REAL)"],
    "defaults": ["CREATE TABLE t(c REAL DEFAULT 3, u, w REAL DEFAULT 2.0)"],
    "strict": ["CREATE TABLE t(c REAL, u ANY, w REAL) STRICT"],
    "strict unique": ["CREATE TABLE t(c REAL, u ANY UNIQUE, w REAL) STRICT"],
    "foreign key child": ["CREATE TABLE p(x UNIQUE)",
                          "CREATE TABLE t(c REAL, u REFERENCES p(x), w REAL)",
                          "INSERT INTO p VALUES (5), (6), (7), (1), (3)"],
    "foreign key parent": ["CREATE TABLE t(c REAL, u UNIQUE, w REAL)",
                           "CREATE TABLE ch(y REFERENCES t(u))"],
}

_ITEMS = ", ".join((
    "c", "+c", "+w", "CASE WHEN 1 THEN c END", "coalesce(c, 0)", "ifnull(w, 0)",
    "nullif(c, 5)", "iif(1, c, 0)", "max(c, 0)", "min(c, 9)", "likely(c)", "abs(c)",
    "typeof(+c)", "hex(c)", "+c COLLATE NOCASE", "(SELECT +c)", "(SELECT c)",
    "CAST(c AS NUMERIC)", "+CAST(c AS REAL)", "c + 0", "round(c)", "-c", "+rowid", "*"))

_WRITES = [
    "INSERT INTO t(c, u, w) VALUES (1, 5, '2'), ('7.0', 6, 140737488355328)",
    "INSERT OR REPLACE INTO t(c, u, w) VALUES (1.0, 1, 7)",
    "INSERT INTO t(c, u, w) SELECT -140737488355328, 6, 3.0",
    "INSERT INTO t(u) VALUES (7)",
    "UPDATE t SET u = 7", "UPDATE t SET c = 3", "UPDATE t SET w = -4",
    "UPDATE t SET rowid = 9",
    "INSERT INTO t(c, u, w) VALUES (1, 1, 1) ON CONFLICT (u) DO UPDATE SET w = 3",
    "INSERT INTO t(c, u, w) VALUES (1, 1, 1) ON CONFLICT (u) DO UPDATE SET u = 3",
    "DELETE FROM t",
]


@pytest.mark.parametrize("shape", _SHAPES)
def test_returning_hands_out_what_the_record_holds(shape):
    for write in _WRITES:
        assert_same(["PRAGMA foreign_keys = ON"] + _SHAPES[shape]
                    + ["INSERT INTO t(c, u, w) VALUES (1.0, 1, 2), (2.5, 3, -0.0)"],
                    [f"{write} RETURNING {_ITEMS}"])


def test_returning_real_values_of_every_kind():
    values = ["1.0", "-3", "0.0", "-0.0", "140737488355327", "140737488355328",
              "-140737488355328", "-140737488355329", "2.5", "'8'", "'8.0'", "x'01'",
              "'abc'", "NULL", "1e300"]
    assert_same(["CREATE TABLE t(c REAL, u, w REAL)"],
                [f"INSERT INTO t(c, u, w) VALUES ({v}, 5, 1) RETURNING {_ITEMS}"
                 for v in values])
