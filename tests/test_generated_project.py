"""Result columns built by one generated row (planner/exec/row_code.py): which shapes get
it, and that their values, errors and column order are SQLite's (differential, apsw)."""

from __future__ import annotations

import pytest

from oracle import assert_same
from rowandb.planner.exec import row_code
from rowandb.planner.plan import bound as b

SETUP = [
    "CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER, c TEXT, d REAL, e)",
    "CREATE TABLE u(x INTEGER, y TEXT COLLATE NOCASE, z BLOB)",
    "INSERT INTO t VALUES (1, 9223372036854775807, '12', 1.5, NULL),"
    " (2, -9223372036854775808, 'abc', -0.0, x'41'), (3, 0, ' 7 ', 2.5e300, '3.5'),"
    " (4, NULL, NULL, NULL, 4)",
    "INSERT INTO u VALUES (7, 'Xy', x'4142'), (NULL, NULL, NULL), (-3, '5', '8')",
]

QUERIES = [
    # arithmetic over columns and literals: overflow to REAL, text and blobs as numbers,
    # NULL operands, division and remainder by zero
    "SELECT b + 1, b - 1, b * 2, a * b FROM t ORDER BY a",
    "SELECT c + 1, c * d, e + e, e - a FROM t ORDER BY a",
    "SELECT d * d * 1e10, d / 0, b % 0, b / -1, a % 3 FROM t ORDER BY a",
    "SELECT a, a + 18 + a, b * 2 + a, c || a, c || d || e FROM t ORDER BY a",
    "SELECT a & 6, a | 8, a << 62, b >> 1, ~a FROM t ORDER BY a",
    # the rowid under its names, and a column under COLLATE
    "SELECT rowid, oid, _rowid_ + 1, a FROM t ORDER BY a",
    "SELECT y COLLATE BINARY, y || 'q', x + y, z || x FROM u ORDER BY rowid",
    # one column, two, literals only, and a join's columns of two tables in one row
    "SELECT a + 1 FROM t ORDER BY a",
    "SELECT 1, 'x' || 2, a FROM t ORDER BY a",
    "SELECT a, x, a * x, y || c, b + x FROM t, u ORDER BY a, u.rowid",
    "SELECT t2.a + t1.a, t1.b FROM t AS t1, t AS t2 WHERE t1.a = t2.a + 1 ORDER BY 1",
    # a compound's arms and a subquery's project
    "SELECT a + 1 FROM t UNION SELECT x * 2 FROM u ORDER BY 1",
    "SELECT (SELECT a * 2 FROM t WHERE a = u.x - 5), x FROM u ORDER BY rowid",
    "SELECT s + 1 FROM (SELECT a + b AS s FROM t WHERE a < 3) ORDER BY 1",
    # shapes left to the closures (a function, a comparison, a CASE) beside generated ones
    "SELECT a + 1, abs(b), a = 1, CASE WHEN a > 2 THEN c END FROM t ORDER BY a",
    # an operator SQLite refuses as it prepares: the same error
    "SELECT a + b + no_such FROM t",
]


@pytest.mark.parametrize("query", QUERIES)
def test_generated_rows_are_sqlites(query):
    assert_same(SETUP, [query])


def _column(slot, column):
    return b.ColumnRef(slot, column, "c", None)


class _Compiler:
    max_slot = 0


def _rows(columns, env):
    project = row_code.generated_project(lambda env: iter([None]), tuple(columns), _Compiler())
    return None if project is None else list(project(env))


def test_plain_columns_get_one_generated_row():
    """Columns, the rowid (the position after its row's), literals and operators are
    written; the rows are those the closures give; the compiler learns the highest slot."""
    env = [None, (10, 20, 30), 5, (7, 8), 9]
    columns = [_column(1, 2), b.Binary("add", b.Binary("add", _column(3, 1), b.Literal(18)),
                                       _column(3, 1)), _column(3, -1),
               b.Collate(_column(1, 0), "NOCASE"), b.Literal("k")]
    compiler = _Compiler()
    project = row_code.generated_project(lambda env: iter([None, None]), tuple(columns),
                                         compiler)
    assert project is not None and compiler.max_slot == 3
    assert list(project(env)) == [(30, 34, 9, 10, "k")] * 2
    assert project.__code__.co_filename == "<generated project>"
    assert _rows([_column(1, 0)], env) == [(10,)]


@pytest.mark.parametrize("column", [
    b.ColumnRef(1, 0, "j", None, json=True),                 # a JSON-marked value
    b.Binary("and", _column(1, 0), _column(1, 1)),           # AND, OR: three-valued logic
    b.Compare("eq", _column(1, 0), b.Literal(1)),
    b.Function("abs", (_column(1, 0),)),
    b.Binary("add", _column(1, 0), b.Function("abs", (_column(1, 1),))),
])
def test_other_shapes_are_left_to_the_closures(column):
    assert _rows([_column(1, 0), column], [None, (1, 2)]) is None


def test_one_text_per_shape():
    """Statements of one shape share one maker whatever their slots, columns and
    literals (select4 writes each join in several FROM orders)."""
    row_code._MAKERS.clear()
    env = [None, (1, 2), None, (3, 4)]
    first = [_column(1, 0), b.Binary("mul", _column(3, 1), b.Literal(2))]
    second = [_column(3, 1), b.Binary("mul", _column(1, 0), b.Literal(5))]
    assert _rows(first, env) == [(1, 8)] and _rows(second, env) == [(4, 5)]
    assert len(row_code._MAKERS) == 1


def test_deep_operators_are_left_to_the_closures():
    """A chain of operators past ``_DEEPEST`` (Python's parser refuses 200 nested
    parentheses) is not written; one within it is."""
    def chain(n):
        e = _column(1, 0)
        for _ in range(n):
            e = b.Binary("add", e, b.Literal(1))
        return e
    assert _rows([chain(row_code._DEEPEST + 1)], [None, (0,)]) is None
    assert _rows([chain(row_code._DEEPEST)], [None, (0,)]) == [(row_code._DEEPEST,)]
