"""Stateful differential test of views: random views over random tables, random DML, and
every table and view compared with SQLite after each step.

A hypothesis ``RuleBasedStateMachine`` starts from two tables (an INTEGER PRIMARY KEY table
``t1`` with an index on ``b``, and ``t2`` with a NOCASE text column and an index on ``x``),
then draws steps: CREATE [TEMP] VIEW from templates (projections with WHERE, joins, aggregates,
DISTINCT, compounds, LIMIT, common table expressions, a column list, views over views drawn
earlier, views over names that do not exist), DROP VIEW [IF EXISTS], DROP and re-CREATE of
a table views read, INSERT / UPDATE / DELETE on tables (and, now and then, on a view, which
must fail), and queries on a view with a drawn WHERE term. RowanDB
(``rowandb.connect(':memory:')``) and SQLite (apsw) must agree on success or failure, the
class and message of a failure, and the rows of every statement; after every step both must
hold the same rows in every table and every view (a view that fails must fail alike).
Values are compared with their storage class; rows of unordered queries as multisets.

Runs are derandomized so the suite is reproducible; ``ROWANDB_SLOW_TESTS=1`` explores more.
"""

from __future__ import annotations

import os
import re

import apsw
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

import rowandb
from rowandb import errors

SLOW = os.environ.get("ROWANDB_SLOW_TESTS") == "1"

TABLES = {
    "t1": "CREATE TABLE t1(a INTEGER PRIMARY KEY, b TEXT, c REAL)",
    "t2": "CREATE TABLE t2(x INT, y TEXT COLLATE NOCASE)",
}
INDEXES = ("CREATE INDEX t1_b ON t1(b)", "CREATE INDEX t2_x ON t2(x)")

# View bodies; {v} is a view drawn earlier (or t1 when there is none).
BODIES = [
    "SELECT a, b, c FROM t1",
    "SELECT a, b FROM t1 WHERE c > 1",
    "SELECT b, count(*) AS n, sum(c) AS s FROM t1 GROUP BY b",
    "SELECT DISTINCT y FROM t2",
    "SELECT a, y FROM t1 JOIN t2 ON t2.x = t1.a",
    "SELECT a, y FROM t1 LEFT JOIN t2 ON t2.x = t1.a",
    "SELECT a AS k FROM t1 UNION SELECT x FROM t2",
    "SELECT b FROM t1 UNION ALL SELECT y FROM t2",
    "SELECT a, b FROM t1 ORDER BY a DESC LIMIT 2",
    "WITH w AS (SELECT x, y FROM t2 WHERE x IS NOT NULL) SELECT x, upper(y) AS u FROM w",
    "SELECT * FROM {v}",
    "SELECT * FROM {v} WHERE 1",
    "SELECT count(*) AS n FROM {v}",
    "SELECT * FROM t2 WHERE x IN (SELECT a FROM t1)",
    "SELECT x, (SELECT b FROM t1 WHERE a = t2.x) AS bb FROM t2",
    "SELECT * FROM nosuch",
    "SELECT nosuch FROM t1",
]
VALUES = st.sampled_from(["NULL", "1", "2", "3", "'1'", "'a'", "'A'", "'b'", "1.5", "2.0", "x'00'"])
TERMS = st.sampled_from(["1", "{c} = 1", "{c} = 'a'", "{c} > 1", "{c} IS NULL", "{c} IN (1, 2)",
                         "{c} LIKE 'a%'", "{c} BETWEEN 1 AND 2"])

APSW_TO_PEP249 = [(apsw.ConstraintError, "IntegrityError"), (apsw.Error, "OperationalError")]


def _typed(row) -> tuple:
    return tuple((type(v).__name__, v) for v in row)


def _rows(rows, ordered: bool) -> list:
    rows = [_typed(r) for r in rows]
    return rows if ordered else sorted(rows, key=repr)


def _syntax_free(message: str) -> str:
    return re.sub(r" \(line \d+, column \d+\)$", "", message)


class ViewMachine(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.sqlite = apsw.Connection(":memory:")
        self.sqlite.execute("PRAGMA foreign_keys=ON")
        self.rowan = rowandb.connect(":memory:", isolation_level=None)
        self.views: list[str] = []
        self.count = 0
        self.script: list[str] = []

    def both(self, sql: str, ordered: bool = False):
        """Run ``sql`` on both engines; they must agree. Returns True when it succeeded."""
        self.script.append(sql)
        try:
            expected = ("ok", _rows(self.sqlite.execute(sql).fetchall(), ordered))
        except apsw.Error as error:
            kind = next(name for cls, name in APSW_TO_PEP249 if isinstance(error, cls))
            expected = (kind, str(error))
        try:
            cursor = self.rowan.execute(sql)
            got = ("ok", _rows(cursor.fetchall() if cursor.description else [], ordered))
        except errors.DatabaseError as error:
            got = (type(error).__name__, _syntax_free(str(error)))
        assert got == expected, f"{sql}\nSQLite:  {expected}\nRowanDB: {got}\n" + \
            ";\n".join(self.script)
        return expected[0] == "ok"

    @initialize(rows=st.lists(st.tuples(VALUES, VALUES, VALUES), max_size=6))
    def schema(self, rows):
        for sql in list(TABLES.values()) + list(INDEXES):
            self.both(sql)
        for b, c, y in rows:
            self.both(f"INSERT INTO t1(b, c) VALUES ({b}, {c})")
            self.both(f"INSERT INTO t2 VALUES ({c}, {y})")

    # -- views -------------------------------------------------------------------------
    @rule(body=st.sampled_from(BODIES), data=st.data(), named=st.booleans(),
          temp=st.sampled_from(["", "", "TEMP "]))
    def create_view(self, body, data, named, temp):
        inner = data.draw(st.sampled_from(self.views)) if self.views else "t1"
        body = body.format(v=inner)
        name = f"v{self.count}"
        self.count += 1
        columns = ""
        if named:
            width = data.draw(st.integers(1, 3))
            columns = "(" + ", ".join(f"c{i}" for i in range(width)) + ")"
        if self.both(f"CREATE {temp}VIEW {name}{columns} AS {body}"):
            self.views.append(name)

    @rule(data=st.data(), if_exists=st.booleans())
    def drop_view(self, data, if_exists):
        name = data.draw(st.sampled_from(self.views + ["nosuch", "t1"]))
        if self.both(f"DROP VIEW {'IF EXISTS ' if if_exists else ''}{name}") and name in self.views:
            self.views.remove(name)

    @rule(table=st.sampled_from(sorted(TABLES)))
    def recreate_table(self, table):
        self.both(f"DROP TABLE {table}")
        self.check()
        self.both(TABLES[table])
        self.both(INDEXES[0] if table == "t1" else INDEXES[1])

    @rule(data=st.data(), term=TERMS)
    def query_view(self, data, term):
        if not self.views:
            return
        name = data.draw(st.sampled_from(self.views))
        self.both(f"SELECT * FROM {name} WHERE {term.format(c='1')}")
        column = data.draw(st.sampled_from(["a", "b", "x", "y", "n", "k", "c0"]))
        self.both(f"SELECT {column} FROM {name} WHERE {term.format(c=column)}")

    # -- data ---------------------------------------------------------------------------
    @rule(b=VALUES, c=VALUES, y=VALUES)
    def insert(self, b, c, y):
        self.both(f"INSERT INTO t1(b, c) VALUES ({b}, {c})")
        self.both(f"INSERT INTO t2 VALUES ({c}, {y})")

    @rule(term=TERMS, value=VALUES, table=st.sampled_from(["t1", "t2"]))
    def update(self, term, value, table):
        column = "b" if table == "t1" else "x"
        self.both(f"UPDATE {table} SET {column} = {value} WHERE {term.format(c=column)}")

    @rule(term=TERMS, table=st.sampled_from(["t1", "t2"]))
    def delete(self, term, table):
        column = "c" if table == "t1" else "y"
        self.both(f"DELETE FROM {table} WHERE {term.format(c=column)}")

    @rule(data=st.data(), verb=st.sampled_from(["INSERT INTO {v} VALUES (1)",
                                                "UPDATE {v} SET a = 1", "DELETE FROM {v}"]))
    def write_a_view(self, data, verb):
        if self.views:
            assert not self.both(verb.format(v=data.draw(st.sampled_from(self.views))))

    # -- after every step -----------------------------------------------------------------
    @invariant()
    def check(self):
        for table in TABLES:
            self.both(f"SELECT rowid, * FROM {table}")
        for view in self.views:
            self.both(f"SELECT * FROM {view}")
        self.both("SELECT type, name, sql FROM sqlite_schema ORDER BY name", ordered=True)
        self.both("SELECT name, sql FROM sqlite_temp_schema ORDER BY name", ordered=True)

    def teardown(self):
        self.rowan.close()
        self.sqlite.close()


ViewMachine.TestCase.settings = settings(
    max_examples=200 if SLOW else 25, stateful_step_count=30 if SLOW else 15,
    deadline=None, derandomize=not SLOW, suppress_health_check=list(HealthCheck))
TestViewMachine = ViewMachine.TestCase
