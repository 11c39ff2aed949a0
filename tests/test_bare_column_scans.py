"""Bare columns of a grouped query read through an index: which row of each group they
read, against SQLite (apsw).

Without min()/max() a bare column reads a group's first row in the order the plan reads
them; beside a DISTINCT min()/max() of a constant, its last. So the direction SQLite reads
the index that delivers the groups decides it: an ORDER BY of the GROUP BY's terms that
the index delivers read backwards (``GROUP BY b ORDER BY b DESC`` over an index on b, or
``ORDER BY b`` over one on ``b DESC``) has SQLite read it backwards
(``optimizer/group_by_index.py``, ``_sort_by_group``). The generator writes tables with
ties under NOCASE and RTRIM, indexes of one and two columns in either direction, GROUP BY
lists, ORDER BY lists (the same terms either way, mixed, longer, with NULLS FIRST) and
WHERE terms that search the index; every query's rows, in order when it has an ORDER BY,
must be SQLite's.
"""

from __future__ import annotations

import random

import apsw

import rowandb

CALLS = ["count(*)", "min(DISTINCT 'x')", "min('x')", "max(c)", "min(c)", "count(DISTINCT c)",
         "sum(d)", "min(d) FILTER (WHERE d > 2)", "max(DISTINCT c)", "min(DISTINCT d)"]
INDEXES = ["b", "b DESC", "b, c", "b, c DESC", "c, b", "b DESC, c"]
GROUPS = ["b", "b, c", "c, b", "b COLLATE BINARY", "c"]
WHERES = ["", "", " WHERE b > 'a'", " WHERE d > 1", " WHERE b IS NOT NULL"]


def _order_by(rng, terms: list) -> str:
    shape = rng.choice(["", "same", "desc", "desc", "mixed", "extra", "nulls"])
    if shape == "same":
        return " ORDER BY " + ", ".join(terms)
    if shape == "desc":
        return " ORDER BY " + ", ".join(t + " DESC" for t in terms)
    if shape == "mixed":
        return " ORDER BY " + ", ".join(t + rng.choice([" DESC", " ASC", ""]) for t in terms)
    if shape == "extra":
        return " ORDER BY " + ", ".join(t + " DESC" for t in terms) + ", 1"
    if shape == "nulls":
        return " ORDER BY " + ", ".join(t + " DESC NULLS FIRST" for t in terms)
    return ""


def _table(rng) -> list:
    collation = rng.choice(["NOCASE", "BINARY", "RTRIM"])
    setup = [f"CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT COLLATE {collation}, c, d)",
             f"CREATE INDEX ti ON t({rng.choice(INDEXES)})"]
    for _ in range(rng.randint(0, 12)):
        b = rng.choice(["NULL", "'a'", "'A'", "'b'", "'B'", "'a '"])
        c = rng.choice(["NULL", "1", "2", "3"])
        setup.append(f"INSERT INTO t VALUES ({rng.randint(1, 99)}, {b}, {c}, "
                     f"{rng.randint(0, 5)}) ON CONFLICT DO NOTHING")
    return setup


def _rows(session, sql):
    try:
        return [tuple(row) for row in session.execute(sql)]
    except (apsw.Error, rowandb.Error) as error:
        return type(error).__name__


def test_bare_columns_of_grouped_index_reads_match_sqlite():
    rng = random.Random(155_000_001)
    differ = []
    for _ in range(40):
        con, lite = rowandb.connect(":memory:", isolation_level=None), apsw.Connection(":memory:")
        setup = _table(rng)
        for sql in setup:
            con.execute(sql)
            lite.execute(sql)
        for _ in range(20):
            calls = ", ".join(rng.choice(CALLS) for _ in range(rng.randint(1, 2)))
            group = rng.choice(GROUPS)
            order = _order_by(rng, [g.strip() for g in group.split(",")])
            sql = f"SELECT a, b, c, d, {calls} FROM t{rng.choice(WHERES)} GROUP BY {group}{order}"
            mine, theirs = _rows(con, sql), _rows(lite, sql)
            if not order and isinstance(mine, list) and isinstance(theirs, list):
                mine, theirs = sorted(mine, key=repr), sorted(theirs, key=repr)
            if mine != theirs:
                differ.append((setup, sql, mine, theirs))
    assert not differ, differ[:3]


def test_the_issue_reproduction():
    """The query the quickfrom branch found (TESTING.md): each group's bare columns."""
    setup = ["CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT COLLATE NOCASE, c)",
             "CREATE INDEX tb ON t(b)",
             "INSERT INTO t VALUES (1, 'a', 1), (2, 'A', 2), (3, 'b', 3), (4, 'B', 4),"
             " (5, 'a', 5), (6, 'b', 6)"]
    con, lite = rowandb.connect(":memory:", isolation_level=None), apsw.Connection(":memory:")
    for sql in setup:
        con.execute(sql)
        lite.execute(sql)
    for sql in ["SELECT *, min(DISTINCT 'x') FROM t GROUP BY b ORDER BY b DESC",
                "SELECT *, count(*) FROM t GROUP BY b ORDER BY b DESC",
                "SELECT *, count(*) FROM t WHERE b > 'a' GROUP BY b ORDER BY b DESC"]:
        assert con.execute(sql).fetchall() == _rows(lite, sql), sql
