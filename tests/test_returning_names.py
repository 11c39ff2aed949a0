"""A RETURNING list's names, held to SQLite: the schema-qualified ``main.t.c`` and the rest.

SQLite resolves a RETURNING list twice (trigger.c, codeReturningTrigger): first as the
result columns of a SELECT from the target table, then against the written row alone,
where a name written with a schema finds nothing (resolve.c, lookupName reads a
trigger's row only for a name without one). So ``RETURNING main.t.c`` -- in a subquery
too -- is 'no such column: main.t.c', reported only when every name of the first walk
resolved (``RETURNING main.t.c, nosuch`` is 'no such column: nosuch'), while a subquery's
own ``main.u.x`` of its FROM item resolves. An aggregate or window function at the top of
the list is an error of that second walk too ('misuse of aggregate function count()'),
so it comes after an unknown name anywhere in the list, in the list's order with
``main.t.c``. Found by branch fuzz29's RETURNING forms
(tests/fuzz/gen_returning.py). Each statement runs on a fresh database on both engines:
rows (with their column names) or the error's message must agree, and so must the
table's rows afterwards.
"""

from __future__ import annotations

import apsw
import pytest

import rowandb
from test_from_clause_errors import _POSITION

SCHEMA = ("CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c UNIQUE);"
          "CREATE TABLE u(k PRIMARY KEY, v) WITHOUT ROWID;"
          "CREATE TEMP TABLE tt(p, q);"
          "INSERT INTO t VALUES (1, 'one', 10), (2, 'two', 20);"
          "INSERT INTO u VALUES (1, 'x'), (3, 'y')")

CASES = [
    # the schema-qualified name of the target: no such column (the second walk)
    "INSERT INTO t VALUES (5, 'five', 50) RETURNING main.t.a",
    "INSERT INTO t VALUES (5, 'five', 50) RETURNING MAIN.t.b",
    "INSERT INTO t VALUES (5, 'five', 50) RETURNING main.t.rowid",
    "INSERT INTO t VALUES (5, 'five', 50) RETURNING *, main.t.a",
    "INSERT INTO t VALUES (5, 'five', 50) RETURNING main.t.a AS x",
    "INSERT INTO t VALUES (5, 'five', 50) RETURNING main.t.b + main.t.a",
    "INSERT INTO t VALUES (5, 'five', 50) RETURNING main.t.b, main.t.a",
    "INSERT INTO t VALUES (5, 'five', 50) RETURNING (SELECT main.t.c)",
    "INSERT INTO t VALUES (5, 'five', 50) RETURNING (SELECT 1 FROM u WHERE main.u.k = main.t.a)",
    "INSERT INTO t VALUES (5, 'five', 50) RETURNING a IN (SELECT main.t.a FROM u)",
    "INSERT INTO t VALUES (1, 'dup', 99) RETURNING main.t.a",
    "INSERT INTO t VALUES (1, 'x', 1) ON CONFLICT (a) DO UPDATE SET b = 'y' RETURNING main.t.b",
    "UPDATE t SET b = 'q' RETURNING main.t.b",
    "UPDATE t SET b = 'q' WHERE a = 9 RETURNING main.t.b",
    "UPDATE t SET b = 'r' FROM u WHERE u.k = t.a RETURNING main.t.b",
    "DELETE FROM main.t RETURNING main.t.a",
    "DELETE FROM t WHERE a = 1 RETURNING a, (SELECT main.t.b)",
    "INSERT INTO u VALUES (7, 'z') RETURNING main.u.k",
    "INSERT INTO tt VALUES (1, 2) RETURNING main.tt.p",
    "INSERT INTO tt VALUES (1, 2) RETURNING temp.tt.p",
    "INSERT INTO t VALUES (5, 'five', 50) RETURNING nosuch.t.a",
    # an error of the first walk comes first, in either order
    "INSERT INTO t VALUES (5, 'five', 50) RETURNING main.t.a, nosuch",
    "INSERT INTO t VALUES (5, 'five', 50) RETURNING nosuch, main.t.a",
    "INSERT INTO t VALUES (5, 'five', 50) RETURNING main.t.a, nosuchf(1)",
    "INSERT INTO t VALUES (5, 'five', 50) RETURNING main.t.a, abs(1, 2)",
    "INSERT INTO t VALUES (5, 'five', 50) RETURNING main.t.a, (SELECT * FROM nosucht)",
    "INSERT INTO t VALUES (5, 'five', 50) RETURNING main.t.a, abs(1) FILTER (WHERE 1)",
    "INSERT INTO t VALUES (5, 'five', 50) RETURNING main.t.a, t.*",
    # an aggregate or window function at the top: an error of the second walk too
    "INSERT INTO t VALUES (5, 'five', 50) RETURNING count(*)",
    "INSERT INTO t VALUES (5, 'five', 50) RETURNING count(*), nosuch",
    "INSERT INTO t VALUES (5, 'five', 50) RETURNING count(*) + nosuch",
    "INSERT INTO t VALUES (5, 'five', 50) RETURNING count(nosuch)",
    "INSERT INTO t VALUES (5, 'five', 50) RETURNING count(*) FILTER (WHERE nosuch)",
    "INSERT INTO t VALUES (5, 'five', 50) RETURNING main.t.a, count(*)",
    "INSERT INTO t VALUES (5, 'five', 50) RETURNING count(*), main.t.a",
    "INSERT INTO t VALUES (5, 'five', 50) RETURNING a, max(b), t.*",
    "UPDATE t SET b = 'q' RETURNING sum(a) OVER (), nosuch",
    "UPDATE t SET b = 'q' RETURNING sum(a) OVER (PARTITION BY nosuch)",
    "UPDATE t SET b = 'q' RETURNING main.t.a, row_number() OVER ()",
    "DELETE FROM t RETURNING row_number() OVER (), main.t.a",
    "DELETE FROM t RETURNING row_number() OVER (ORDER BY nosuch), main.t.a",
    "DELETE FROM t RETURNING sum(a) FILTER (WHERE nosuch) OVER ()",
    "DELETE FROM t RETURNING row_number() FILTER (WHERE a) OVER ()",
    "DELETE FROM t RETURNING sum(a) OVER w",
    "INSERT INTO t VALUES (5, 'five', 50) RETURNING max(a, b), min(a)",
    "DELETE FROM t RETURNING (SELECT count(*) FROM u), group_concat(b), nosuchf(1)",
    # a VALUES list's column named as the column reference of its first row is written
    "UPDATE t SET b = 3 RETURNING (SELECT max(column1) FROM (VALUES (a), (b)))",
    "UPDATE t SET b = 3 RETURNING (SELECT max(a) FROM (VALUES (a), (b)))",
    "UPDATE t SET b = 3 RETURNING (SELECT max(c) FROM (VALUES (t.c COLLATE NOCASE), (b)))",
    "UPDATE t SET b = 3 RETURNING (SELECT column2 FROM (VALUES (a, b + 1)))",
    "UPDATE t SET b = 3 RETURNING a IN (SELECT column1 FROM (VALUES (a), (b)))",
    "UPDATE t SET b = 3 RETURNING (SELECT max(a) FROM (VALUES (a) UNION ALL SELECT 5))",
    "UPDATE t SET b = 3 RETURNING (WITH w AS (VALUES (a), (b)) SELECT max(column1) FROM w)",
    "SELECT (SELECT max(a) FROM (VALUES (a), (b))) FROM t",
    "SELECT (SELECT column1 FROM (VALUES (a, b))) FROM t",
    "SELECT (SELECT v.b FROM (VALUES (t.b)) AS v) FROM t",
    "SELECT * FROM (VALUES (\"q\", 'r'), (1, 2))",
    "VALUES (\"q\")",
    # what resolves: a subquery's own schema-qualified names, the target's plain ones
    "INSERT INTO t VALUES (5, 'five', 50) RETURNING (SELECT main.u.v FROM u ORDER BY k LIMIT 1)",
    "INSERT INTO t VALUES (5, 'five', 50) RETURNING (SELECT main.t.b FROM t WHERE a = 1)",
    "INSERT INTO t VALUES (5, 'five', 50) RETURNING t.a, t.rowid, rowid, oid AS o, b 'x'",
    "UPDATE t SET b = 's' WHERE a = 2 RETURNING t.b, c + 1, (SELECT count(*) FROM u)",
    "DELETE FROM t WHERE a = 2 RETURNING *, (SELECT max(main.u.k) FROM main.u)",
]


def _mine(sql: str):
    db = rowandb.connect(":memory:", isolation_level=None)
    try:
        db.executescript(SCHEMA)
        try:
            cursor = db.execute(sql)
            names = [d[0] for d in cursor.description] if cursor.description else []
            answer = ("rows", names, sorted(map(repr, cursor.fetchall())))
        except rowandb.Error as error:
            answer = ("error", _POSITION.sub("", str(error)))
        return answer, db.execute("SELECT rowid, * FROM t ORDER BY rowid").fetchall()
    finally:
        db.close()


def _theirs(sql: str):
    db = apsw.Connection(":memory:")
    db.execute("PRAGMA foreign_keys = ON")
    db.execute(SCHEMA)
    try:
        cursor = db.execute(sql)
        try:
            names = [d[0] for d in cursor.getdescription()]
        except apsw.ExecutionCompleteError:
            names = []
        answer = ("rows", names, sorted(map(repr, cursor.fetchall())))
    except apsw.Error as error:
        answer = ("error", str(error))
    return answer, [tuple(r) for r in db.execute("SELECT rowid, * FROM t ORDER BY rowid")]


@pytest.mark.parametrize("sql", CASES)
def test_returning_names_as_sqlite(sql):
    mine, theirs = _mine(sql), _theirs(sql)
    assert (mine[0], [tuple(r) for r in mine[1]]) == theirs
