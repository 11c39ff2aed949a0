"""A lone table's search as SQLite's costs choose it, told by a volatile call (issue 8).

Where one table could be searched by an equality on one index and by an IN on a UNIQUE
one, SQLite's costs (where.c, whereLoopAddBtreeIndex: the IN's key as an equality, one
row per value of a UNIQUE key, the list's length added; wherePathSolver under the
ORDER BY) mostly take the IN: ``WHERE p = 1 AND q IN (f(), 1)`` (an index on p, q
UNIQUE) computes the list once and tests ``p = 1`` on the rows q's values find; RowanDB
searched p, testing the IN, and calling f, on each row (``optimizer/in_cost_search.py``
now asks the one-table solver). Under an ORDER BY the solver may pick another search
than RowanDB's ranking: ``WHERE q > 3 AND id > f() ORDER BY id`` is a search of the
rowid's range, no sorter, f once, where RowanDB searched q's range and sorted
(``order_choice._searched_choice``). Each statement runs on both engines from the same
rows with a counting function registered as not deterministic; the rows, in order
(bare columns of an aggregate, LIMIT's ties), and the number of calls must agree.
``GENERATED`` are drawn from a fixed seed; 40 of them fail on ``6dfe4a5``, every row
of ``LISTED`` and the first two ``WRITES``. ``MIN_MAX`` pass there: a lone min() or
max() over an IN search is left to ``order_choice`` (a draft of this change took the IN
search there too and called the function once more than SQLite).
"""

from __future__ import annotations

import random

import pytest

from oracle import counted_runs

SCHEMA = [
    "CREATE TABLE v(id INTEGER PRIMARY KEY, p, q UNIQUE, r)",
    "CREATE INDEX vp ON v(p)",
    "CREATE INDEX vr ON v(r, p)",
    "INSERT INTO v VALUES (1, 1, 1, 0), (2, 1, 2, 1), (3, 2, 3, 0), (4, 1, 4, 1), "
    "(5, NULL, 5, 0), (6, 2, 6, 1), (7, 1, 7, 0), (8, 3, 8, 1)",
]


def _list(r: random.Random) -> str:
    count = r.choice([1, 2, 2, 3, 4, 12])
    return "(" + ", ".join(r.choice(["cnt(0)", str(r.randint(1, 8))])
                           for _ in range(count)) + ")"


def _query(r: random.Random) -> str:
    """An equality on p or on (r, p)'s first key against an IN on the UNIQUE q, maybe a
    third term, in any order; bare columns, aggregates, ORDER BY, LIMIT."""
    terms = [r.choice(["p = 1", "p = cnt(0)", "p IS 1", "r = 1", "p = 2", "r = cnt(0)"]),
             f"q IN {_list(r)}"]
    if r.random() < 0.3:
        terms.append(r.choice(["id > 1", "id < cnt(0) + 6", "r < 2", "id > cnt(0)"]))
    r.shuffle(terms)
    shown = r.choice(["id", "id, p", "id, count(*)", "count(*)", "id, r", "r, p"])
    sql = f"SELECT {shown} FROM v WHERE {' AND '.join(terms)}"
    if "(" not in shown and r.random() < 0.4:
        sql += f" ORDER BY {r.choice(['id', 'p', 'q', 'r', 'q DESC', 'id DESC'])}"
    if r.random() < 0.3:
        sql += " LIMIT 1"
    return sql


_R = random.Random(7)
GENERATED = [_query(_R) for _ in range(150)]

LISTED = [
    # the brief's case, and the shapes tests/volatile_plans seeds 85600100 and 85600200 found
    "SELECT count(*) FROM v WHERE p = 1 AND q IN (cnt(0), 1)",
    "SELECT count(*) FROM v WHERE p = cnt(0) AND q IN (cnt(0), 1)",
    "SELECT id FROM v WHERE p = cnt(0) + 1 AND q IN (cnt(0), cnt(0)) ORDER BY q DESC",
    "SELECT id FROM v WHERE p IN (cnt(0), 1) AND q IN (cnt(0), 2) "
    "AND id BETWEEN cnt(0) AND cnt(0) + 1 ORDER BY p DESC",
    "SELECT id FROM v WHERE id IN (1, 3) AND q IN (cnt(0), 2) AND q IN (cnt(0), cnt(0)) "
    "ORDER BY q",
    "SELECT id FROM v WHERE id IN (cnt(0), 2) AND q BETWEEN cnt(0) + 1 AND cnt(0) + 2 "
    "AND q IN (1, 2) ORDER BY q",
    # an ORDER BY the rowid's range delivers, against a range of an index
    "SELECT id FROM v WHERE q > 3 AND id > nullif(cnt(0), 2) ORDER BY id",
    "SELECT id FROM v WHERE q > 3 AND id > nullif(cnt(0), 2) ORDER BY id DESC",
    "SELECT id, p FROM v WHERE p > cnt(0) + 1 AND id > cnt(0) + 1 ORDER BY id DESC",
    "SELECT id FROM v WHERE id > cnt(0) AND p > nullif(cnt(0), 2) AND p > 2 "
    "ORDER BY id DESC",
    "SELECT id FROM v WHERE id < cnt(0) + 5 AND r > 1 AND q > cnt(0) ORDER BY q",
    "SELECT id, p FROM v WHERE q IN (cnt(0), 7) AND q > nullif(cnt(0), 2) "
    "AND r = cnt(0) + 1 ORDER BY r",
]


@pytest.mark.parametrize("sql", GENERATED)
def test_generated_searches_by_sqlites_costs(sql):
    ours, theirs = counted_runs(SCHEMA, sql)
    assert ours == theirs


@pytest.mark.parametrize("sql", LISTED)
def test_listed_searches_by_sqlites_costs(sql):
    ours, theirs = counted_runs(SCHEMA, sql)
    assert ours == theirs


MIN_MAX_SCHEMA = ["CREATE TABLE t(x, y, z)", "CREATE INDEX ty ON t(y)",
                  "CREATE INDEX tyx ON t(y, x)",
                  "INSERT INTO t VALUES (1, 2, 1), (5, 2, 2), (3, 7, 3), (9, 7, 4), (2, 1, 5)"]

MIN_MAX = [
    "SELECT z, max(x) FROM t WHERE y IN (2, 7) AND z > cnt(0)",
    "SELECT z, max(x) FROM t WHERE y IN (2, 7) AND z < cnt(0) + 5",
    "SELECT z, min(x) FROM t WHERE y IN (7, 2) AND z > cnt(0) - 1",
]

WRITES = [
    "DELETE FROM v WHERE p = 1 AND q IN (cnt(0), 1)",
    "UPDATE v SET r = 9 WHERE p = 1 AND q IN (cnt(0), 1)",
    "UPDATE v SET r = 9 WHERE p = 1 AND q IN (cnt(0), 2, 4)",      # SQLite searches p here
]


@pytest.mark.parametrize("sql", WRITES)
def test_a_write_searched_as_sqlites_costs_choose(sql):
    ours, theirs = counted_runs(SCHEMA, sql, after="SELECT * FROM v ORDER BY id")
    assert ours == theirs


@pytest.mark.parametrize("sql", MIN_MAX)
def test_a_lone_min_or_max_over_an_in_search(sql):
    ours, theirs = counted_runs(MIN_MAX_SCHEMA, sql)
    assert ours == theirs


# Found by the review of the twenty-ninth round, each better on 6dfe4a5 than on the round's
# first merge: a solver's IN search RowanDB builds otherwise (a rowid IN after the keys,
# ``z=? AND rowid=?``; a key whose value calls cnt, which the ways leave out), and a lone
# max() over an index's IN where SQLite searches the rowid's IN.
REVIEWED = [
    (["CREATE TABLE t(k INTEGER PRIMARY KEY, x, y, z TEXT)", "CREATE INDEX i0 ON t(y, x)",
      "CREATE INDEX i1 ON t(z)", "INSERT INTO t VALUES (1,5,'c','5'),(2,6,'d','5'),(3,1,1,'5')"],
     "SELECT x, k FROM t WHERE z IN (5, NULL) AND k < 3 AND k IN (NULL, NULL, 4, cnt(0)) "
     "ORDER BY x DESC, y"),
    (["CREATE TABLE t(k, x, y, z TEXT, PRIMARY KEY(k)) WITHOUT ROWID",
      "CREATE INDEX i0 ON t(y,x)", "CREATE INDEX i1 ON t(x,y)", "CREATE INDEX i2 ON t(x)",
      "INSERT INTO t VALUES (1,3,3,'d'),(2,'A',2.5,'d'),(3,3,1,NULL),(4,4,2,'b')"],
     "SELECT x, k FROM t WHERE x IN (4, 3) AND y = cnt(0) AND k <= 2 ORDER BY x"),
    (["CREATE TABLE t(k INTEGER PRIMARY KEY, x, y, z TEXT)", "CREATE INDEX i1 ON t(x, y)",
      "INSERT INTO t VALUES (1,'A','c','a'),(2,6,3,'d'),(5,NULL,0,'b'),(4,2,1,'C')"],
     "SELECT max(y) FROM t WHERE x IN ('c', 'd') AND k IN (5, 4, cnt(0))"),
    (["CREATE TABLE t(k INTEGER PRIMARY KEY, x, y, z TEXT)", "CREATE INDEX i1 ON t(x, y)",
      "INSERT INTO t VALUES (1,'A','c','a'),(2,6,3,'d'),(5,NULL,0,'b'),(4,2,1,'C')"],
     "SELECT max(y) FROM t WHERE x IN ('c', cnt(0)) AND k IN (5, 4, cnt(0))"),
]


@pytest.mark.parametrize("setup, sql", REVIEWED)
def test_a_search_rowandb_builds_as_the_solver_costed_it(setup, sql):
    ours, theirs = counted_runs(setup, sql)
    assert ours == theirs
