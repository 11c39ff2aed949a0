"""A comparison of two plain columns compiled as one closure (exec/column_constant.py,
``column_column``) gives SQLite's answers: every pair of seven columns of different
affinities and collations, under each of the six comparison operators, as a WHERE term,
as a value, and as the WHERE of a correlated subquery (select3's ``x.b < t1.b``), over
rows mixing integers, reals (-0.0, one beside an integer it nearly equals), text
(numeric-looking, of other case, with trailing spaces, non-ASCII), blobs and NULL. The
pairs the closure takes (no affinity conversion on either side) are counted to prove the
path is taken; the others go the general way and are compared all the same.
"""

from __future__ import annotations

import itertools

import pytest

from rowandb.planner.exec.fast_counts import COUNTS
from tests.oracle import connections, exact

COLUMNS = ["a", "a2", "t", "r", "n", "x", "tn"]
SETUP = [
    "CREATE TABLE t(a INTEGER, a2 INTEGER, t TEXT, r REAL, n NUMERIC, x, "
    "tn TEXT COLLATE NOCASE)",
]
VALUES = [1, 2, 1.0, -0.0, 0, 2.5, "1", "01", "abc", "ABC", "abc  ", "\u00e9", "z",
          b"\x00\xff", None, 9223372036854775807, 9007199254740993, 9007199254740992.0]
ROWS = [tuple(VALUES[(i * k + k) % len(VALUES)] for k in (1, 3, 5, 7, 11, 13, 17))
        for i in range(len(VALUES))]
OPERATORS = ["=", "<>", "<", "<=", ">", ">="]


def _literal(value) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bytes):
        return "X'" + value.hex() + "'"
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    return repr(value)


# the rows are inserted as literals: each column's affinity converts them as it would
SETUP += ["INSERT INTO t VALUES (" + ", ".join(map(_literal, row)) + ")" for row in ROWS]


def _outcome(connection, sql):
    try:
        return [tuple(exact(v) for v in row) for row in connection.execute(sql)]
    except Exception as error:      # noqa: BLE001 - the error is the outcome compared
        return "error", str(error).split(":")[0]


@pytest.mark.parametrize("left,right", list(itertools.product(COLUMNS, COLUMNS)))
def test_two_columns_compare_as_in_sqlite(left, right):
    mine, theirs = connections(SETUP)
    for op in OPERATORS:
        for sql in (f"SELECT rowid FROM t WHERE {left} {op} {right}",
                    f"SELECT rowid, {left} {op} {right} FROM t",
                    f"SELECT rowid, (SELECT count(*) FROM t AS y WHERE y.{left} {op} t.{right})"
                    f" FROM t",
                    f"SELECT rowid FROM t WHERE EXISTS (SELECT 1 FROM t AS y "
                    f"WHERE y.{left} {op} t.{right} AND y.rowid <> t.rowid)"):
            assert _outcome(mine, sql) == _outcome(theirs, sql), sql


@pytest.mark.parametrize("left,right", [("a", "a2"), ("t", "tn"), ("x", "x"), ("r", "a")])
def test_a_pair_without_conversion_takes_the_closure(left, right):
    """Two INTEGER columns, two TEXT ones, two without affinity, and a REAL beside an
    INTEGER (numeric affinities: neither side converted) take the closure; counted when
    compiled."""
    mine, theirs = connections(SETUP)
    before = COUNTS["column_column"]
    sql = f"SELECT rowid, (SELECT count(*) FROM t AS y WHERE y.{left} < t.{right}) FROM t"
    assert _outcome(mine, sql) == _outcome(theirs, sql)
    assert COUNTS["column_column"] > before
