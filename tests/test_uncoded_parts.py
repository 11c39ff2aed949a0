"""Parts of a statement SQLite never codes: a subquery read ``INDEXED BY`` a partial index
no term implies ('no query solution' wherever SQLite plans it) placed in each is no error
there in RowanDB either, and is one everywhere SQLite does plan it (run against apsw).

SQLite raises 'no query solution' only as it codes a subquery, and some parts of a
statement it never codes (fuzz 90100035 and 90100142 with the ``indexed_by`` feature):

* a result column of a FROM subquery nothing reads (select.c,
  disableUnusedSubqueryResultColumns; ``plan/unused_columns.py``) -- also in a VALUES
  list of several rows, all but the rows its parser codes into a co-routine, and never
  in a WITH clause's common table or a subquery with window functions; a subquery SQLite
  does not flatten keeps, for its own FROM items, the reads of the query as written;
* the ON of a LEFT JOIN SQLite omits (where.c, whereOmitNoopJoin; ``plan/noop_join.py``),
  a later one first, and not in an EXISTS subquery, whose DISTINCT SQLite drops;
* the ORDER BY of a FROM subquery read with an ORDER BY or beside other FROM items
  (select.c, "omit superfluous ORDER BY"; ``plan/omit_order.py``), or flattened into an
  EXISTS subquery or a SELECT of a UNION, INTERSECT or EXCEPT (SF_NoopOrderBy).

``FROMS`` x ``READERS`` puts the subquery in a FROM item's unread column (or its ORDER
BY) read in each way; ``OTHERS`` places it elsewhere. Every statement's outcome must be
SQLite's, rows compared as a multiset.
"""

from __future__ import annotations

import itertools

import pytest

from oracle import outcomes

SETUP = ["CREATE TABLE t0(c0 INTEGER PRIMARY KEY, c1)", "CREATE TABLE t1(c0, c1)",
         "CREATE TABLE t2(c0, c1)", "CREATE INDEX i ON t2(c0) WHERE c0 > 0",
         "INSERT INTO t0 VALUES (1, 'a'), (2, 'b')", "INSERT INTO t1 VALUES (1, 2), (NULL, 3)",
         "INSERT INTO t2 VALUES (1, 2), (3, 4)"]
SUBQUERIES = ["(SELECT c1 FROM t2 INDEXED BY i)",
              "EXISTS (SELECT 1 FROM t2 INDEXED BY i WHERE c1 = 9)"]

# FROM items whose column x (column2 of a VALUES list) is read and y holds {S}
FROMS = [
    "(SELECT {S} AS y, 1 AS x)", "(SELECT {S} AS y, c0 AS x FROM t1)",
    "(SELECT DISTINCT {S} AS y, c0 AS x FROM t1)", "(SELECT {S} AS y, count(*) AS x FROM t1)",
    "(SELECT {S} AS y, c0 AS x FROM t1 UNION ALL SELECT 5, 6)",
    "(SELECT {S} AS y, c0 AS x FROM t1 UNION SELECT 5, 6)",
    "(SELECT 5 AS y, 6 AS x UNION ALL SELECT {S}, c0 FROM t1)",
    "(SELECT {S} AS y, c0 AS x FROM t1 ORDER BY y)",
    "(SELECT {S} AS y, c0 AS x FROM t1 ORDER BY 1)",
    "(SELECT {S} AS y, c0 AS x FROM t1 ORDER BY x LIMIT 5)",
    "(SELECT {S} AS y, row_number() OVER () AS x FROM t1)",
    "(SELECT c1 AS y, c0 AS x FROM t1 ORDER BY {S})",
    "(SELECT c1 AS y, c0 AS x FROM t1 ORDER BY {S} LIMIT 9)",
    "(SELECT c1 AS y, c0 AS x FROM t1 GROUP BY c0 ORDER BY {S})",
    "(VALUES ({S}, 1), (2, 3))", "(VALUES (2, 3), ({S}, 1))", "(VALUES (2, 3), (4, 5), ({S}, 1))",
    "(VALUES ({S}, 1), (2, 3), (4, 5))", "(VALUES (CAST(2 AS TEXT), 3), ({S}, 1), (4, 5))",
    "(VALUES ({S}, 1), (2, t1.c0))", "(VALUES (1, 2), (2, changes()), ({S}, 3), (4, 5))",
    "(VALUES ({S}, 1))", "(SELECT * FROM (VALUES ({S}, 1), (2, 3)))",
    "(VALUES ({S}, 1), (2, 3) UNION ALL SELECT 7, 8)",
    "(SELECT 7, 8 UNION ALL VALUES ({S}, 1), (2, 3))",
    "(SELECT 7, 8 UNION VALUES ({S}, 1), (2, 3))",
    "vs", "vv", "cs", "cv",
]
READERS = ["SELECT {x} FROM {F} AS s", "SELECT count(*) FROM {F} AS s",
           "SELECT {x} FROM t0, {F} AS s", "SELECT t0.c0 FROM t0 LEFT JOIN {F} AS s ON {x} = t0.c0",
           "SELECT DISTINCT t0.c0 FROM t0 LEFT JOIN {F} AS s ON {x} = t0.c0",
           "SELECT (SELECT max({x}) FROM {F} AS s)", "SELECT 1 IN (SELECT {x} FROM {F} AS s)",
           "SELECT EXISTS (SELECT {x} FROM {F} AS s)",
           "UPDATE t1 SET c1 = c1 FROM {F} AS s WHERE {x} = t1.c0",
           "SELECT {x} FROM {F} AS s ORDER BY {x}", "SELECT {x} FROM {F} AS s WHERE {x} > 0",
           "SELECT sum({x}) FROM {F} AS s GROUP BY {x}"]
VIEWS = ["CREATE VIEW vs AS SELECT {S} AS y, c0 AS x FROM t1",
         "CREATE VIEW vv(y, x) AS VALUES ({S}, 1), (2, 3)",
         "CREATE VIEW cs AS WITH w AS (SELECT {S} AS y, c0 AS x FROM t1) SELECT * FROM w",
         "CREATE VIEW cv(y, x) AS SELECT * FROM (VALUES ({S}, 1), (2, 3), (4, 5))"]

OTHERS = [
    # the ON of a LEFT JOIN SQLite omits, or keeps
    "SELECT DISTINCT t1.c0 FROM t1 LEFT JOIN t2 ON {S}",
    "SELECT DISTINCT t1.c0 FROM t1 LEFT JOIN t2 ON t2.c0 = t1.c0 AND {S}",
    "SELECT t1.c0 FROM t1 LEFT JOIN t0 ON t0.c0 = t1.c0 AND {S}",
    "SELECT t1.c0 FROM t1 LEFT JOIN t0 ON t0.c0 = t1.c0 AND t0.c1 = {S}",
    "SELECT t1.c0 FROM t1 LEFT JOIN t2 ON {S}",
    "SELECT DISTINCT t1.c0 FROM t1 LEFT JOIN t2 ON {S} ORDER BY t2.c0",
    "SELECT DISTINCT t1.c0 FROM t1 LEFT JOIN t2 ON {S} WHERE t2.c0 IS NULL",
    "SELECT DISTINCT count(*) FROM t1 LEFT JOIN t2 ON {S}",
    "SELECT DISTINCT t1.c0, row_number() OVER () FROM t1 LEFT JOIN t2 ON {S}",
    "SELECT DISTINCT t1.c0 FROM t1 LEFT JOIN t2 ON {S} LEFT JOIN t0 ON t0.c0 = t2.c0",
    "SELECT DISTINCT t1.c0 FROM t1 LEFT JOIN t2 ON {S} JOIN t0 ON t0.c0 = t1.c0",
    "SELECT DISTINCT t1.c0 FROM t1 LEFT JOIN (SELECT c0 FROM t2) AS s ON {S}",
    "SELECT DISTINCT t1.c0 FROM t1 LEFT JOIN vs ON {S}",
    "SELECT DISTINCT t1.c0 FROM t1 RIGHT JOIN t0 ON 1 LEFT JOIN t2 ON {S}",
    "SELECT DISTINCT t1.c0 FROM t1 LEFT JOIN t2 ON {S} RIGHT JOIN t0 ON 1",
    "SELECT (SELECT DISTINCT t1.c0 FROM t1 LEFT JOIN t2 ON {S})",
    "SELECT * FROM t1 WHERE c0 IN (SELECT DISTINCT t0.c0 FROM t0 LEFT JOIN t2 ON {S})",
    "SELECT EXISTS (SELECT DISTINCT t1.c0 FROM t1 LEFT JOIN t2 ON {S})",
    "SELECT EXISTS (SELECT DISTINCT t1.c0 FROM t1 LEFT JOIN t2 ON {S} UNION SELECT 1)",
    "SELECT EXISTS (SELECT DISTINCT t1.c0 FROM t1 LEFT JOIN t2 ON {S} UNION ALL SELECT 1)",
    "SELECT DISTINCT t1.c0 FROM t1 LEFT JOIN t2 ON {S} UNION SELECT 1",
    "SELECT 1 UNION SELECT DISTINCT t1.c0 FROM t1 LEFT JOIN t2 ON {S}",
    "SELECT 1 UNION ALL SELECT DISTINCT t1.c0 FROM t1 LEFT JOIN t2 ON {S}",
    "SELECT DISTINCT t1.c0 FROM t1 LEFT JOIN t2 ON {S} LEFT JOIN t1 AS t3 ON t3.c0 = t2.c0",
    "SELECT DISTINCT t1.c0, t3.c1 FROM t1 LEFT JOIN t2 ON {S} "
    "LEFT JOIN t1 AS t3 ON t3.c0 = t2.c0",
    "SELECT DISTINCT t1.c0 FROM t1 LEFT JOIN t2 ON {S} LEFT JOIN t1 AS t3 ON t3.c0 = t2.c0 "
    "WHERE t3.c1 IS NULL",
    "SELECT DISTINCT t1.c0 FROM t1 LEFT JOIN t2 ON {S} JOIN t1 AS t3 ON t3.c0 = t2.c0",
    "SELECT DISTINCT t1.c0 FROM t1 LEFT JOIN t2 ON {S} LEFT JOIN t1 AS t3 ON t3.c0 = t2.c0 "
    "LEFT JOIN t1 AS t4 ON t4.c1 = t3.c1",
    # the ORDER BY of a FROM subquery
    "SELECT * FROM (SELECT c0 FROM t1 ORDER BY {S}), t0",
    "SELECT * FROM (SELECT c0 FROM t1 ORDER BY {S}) ORDER BY 1",
    "SELECT count(*) FROM (SELECT c0 FROM t1 ORDER BY {S})",
    "SELECT group_concat(c0) FROM (SELECT c0 FROM t1 ORDER BY {S})",
    "SELECT max(x) FROM (SELECT c0 AS x FROM t1 ORDER BY {S}), t0",
    "SELECT sum(x) FROM (SELECT c0 AS x FROM t1 ORDER BY {S}), t0",
    "SELECT group_concat(x) FROM (SELECT c0 AS x FROM t1 ORDER BY {S}), t0",
    "SELECT x FROM (SELECT c0 AS x FROM t1 ORDER BY {S} LIMIT 5) ORDER BY 1",
    "SELECT x FROM (SELECT c0 AS x FROM t1 ORDER BY {S}) UNION SELECT c0 FROM t1",
    "SELECT x FROM (SELECT c0 AS x FROM t1 ORDER BY {S}) UNION ALL SELECT c0 FROM t1",
    "SELECT x FROM (SELECT c0 AS x FROM t1 ORDER BY {S}) EXCEPT SELECT c0 FROM t1",
    "SELECT x FROM (SELECT c0 AS x FROM t1 ORDER BY {S}) INTERSECT SELECT c0 FROM t1",
    "SELECT c0 FROM t1 UNION SELECT x FROM (SELECT c0 AS x FROM t1 ORDER BY {S})",
    "SELECT c0 FROM t1 UNION ALL SELECT x FROM (SELECT c0 AS x FROM t1 ORDER BY {S})",
    "SELECT c0 FROM t1 UNION SELECT c0 FROM t1 UNION ALL "
    "SELECT x FROM (SELECT c0 AS x FROM t1 ORDER BY {S})",
    "SELECT x FROM (SELECT c0 AS x FROM t1 ORDER BY {S}) UNION SELECT c0 FROM t1 ORDER BY 1",
    "SELECT * FROM t0 WHERE EXISTS (SELECT x FROM (SELECT c0 AS x FROM t1 ORDER BY {S}))",
    "SELECT * FROM t0 WHERE EXISTS (SELECT DISTINCT x FROM (SELECT c0 AS x FROM t1 ORDER BY {S}))",
    "SELECT * FROM t0 WHERE EXISTS (SELECT count(*) FROM (SELECT c0 AS x FROM t1 ORDER BY {S}))",
    "SELECT 1 IN (SELECT c0 FROM t1 ORDER BY {S})", "SELECT EXISTS (SELECT c0 FROM t1 ORDER BY {S})",
    "SELECT (SELECT c0 FROM t1 ORDER BY {S})",
    # unread columns of nested subqueries, flattened or not, and of common tables
    "SELECT DISTINCT x FROM (SELECT * FROM (SELECT {S} AS y, c0 AS x FROM t1 LIMIT 5) LIMIT 3)",
    "SELECT x FROM (SELECT * FROM (SELECT {S} AS y, c0 AS x FROM t1 LIMIT 5) LIMIT 3)",
    "SELECT x FROM (SELECT y + 1, x FROM (SELECT {S} AS y, c0 AS x FROM t1 LIMIT 5) LIMIT 3)",
    "SELECT count(*) FROM (SELECT 7, 8 UNION ALL VALUES ({S}, 1), (2, 3))",
    "SELECT count(*) FROM (SELECT 7, 8 UNION ALL SELECT {S}, c0 FROM t1)",
    "WITH c AS (SELECT {S} AS y) SELECT 1", "WITH c AS (SELECT {S} AS y, 1 AS x) SELECT x FROM c",
    "WITH c AS MATERIALIZED (SELECT {S} AS y, 1 AS x) SELECT x FROM c",
    "WITH c AS (SELECT {S} AS y, 1 AS x) SELECT a.x FROM c AS a, c AS b",
    "SELECT x FROM (WITH c AS (SELECT {S} AS y, 1 AS x) SELECT * FROM c)",
    "WITH c AS (SELECT {S} AS y, c0 AS x FROM t1) SELECT x FROM c",
    "WITH c AS (SELECT {S} AS y, c0 AS x FROM t1 LIMIT 5) SELECT DISTINCT x FROM c",
    "WITH c AS (VALUES ({S}, 1), (2, 3)) SELECT column2 FROM c",
    "SELECT column2 FROM (VALUES ({S}, 1), (2, 3)) "
    "WHERE column2 IN (WITH w AS (SELECT 1) SELECT * FROM w)",
    "WITH w AS (SELECT 1) SELECT column2 FROM (VALUES ({S}, 1), (2, 3))",
    "WITH w AS (SELECT 1) SELECT column2 FROM (VALUES (1, 1), ({S}, 3), (2, 3))",
    "SELECT DISTINCT x FROM vs, t0", "SELECT x FROM vs ORDER BY 1",
    "SELECT DISTINCT t0.c0 FROM t0 LEFT JOIN vv AS s ON s.x = t0.c0",
    "SELECT c0 FROM t1 UNION SELECT x FROM (SELECT {S} AS y, 1 AS x)",
    "INSERT INTO t1 SELECT x, x FROM (SELECT {S} AS y, 1 AS x)",
    "INSERT INTO t1 SELECT column2, 1 FROM (VALUES ({S}, 1), (2, 3))",
    # folded away, or coded all the same
    "SELECT t1.c0 FROM t1 WHERE 0 AND {S}", "SELECT t1.c0 FROM t1 WHERE {S} AND 0",
    "SELECT CASE WHEN 0 THEN {S} END FROM t1", "SELECT EXISTS (SELECT {S} FROM t1)",
    "SELECT 1 FROM t1 WHERE EXISTS (SELECT {S} FROM t0)", "DELETE FROM t1 WHERE 0 AND {S}",
]


def statements(subquery: str) -> list:
    def column(from_item: str) -> str:
        if from_item.startswith("(SELECT 7, 8"):
            return 's."8"'
        return "s.column2" if "VALUES" in from_item and " AS x" not in from_item else "s.x"
    found = [reader.format(F=item.replace("{S}", subquery), x=column(item))
             for item, reader in itertools.product(FROMS, READERS)]
    return found + [other.replace("{S}", subquery) for other in OTHERS]


def _key(outcome):
    return (outcome[0], sorted(map(repr, outcome[1]))) if outcome[0] == "ok" else outcome


@pytest.mark.parametrize("subquery", SUBQUERIES)
def test_uncoded_parts_plan_nothing(subquery):
    setup = SETUP + [view.replace("{S}", subquery) for view in VIEWS]
    differences = [f"{sql}\n  rowandb: {a}\n  sqlite:  {b}"
                   for sql, a, b in outcomes(setup, statements(subquery)) if _key(a) != _key(b)]
    assert not differences, f"{len(differences)} differ:\n" + "\n".join(differences[:20])


def test_fuzz_reductions():
    """90100035: the unread column of a VALUES list of two rows, the first holding a
    subquery; 90100142: the ON of a LEFT JOIN nothing reads under DISTINCT."""
    setup = ["CREATE TABLE t0(c0)", "CREATE TABLE t1(c0)", "CREATE TABLE t2(c0, c1)",
             "CREATE INDEX i ON t2(c0) WHERE c0 > 0", "CREATE INDEX j ON t1(c0) WHERE c0 > 0",
             "CREATE VIEW v1 AS SELECT 1 AS x", "INSERT INTO t2 VALUES (1, 2)"]
    queries = [
        "UPDATE t2 SET c0 = NULL FROM (VALUES ((SELECT NULL FROM t2 INDEXED BY i), NULL), "
        "(NULL, 1)) AS a",
        "SELECT * FROM (VALUES ((SELECT NULL FROM t2 INDEXED BY i), NULL), (NULL, 1)) AS a",
        "SELECT column2 FROM (VALUES ((SELECT NULL FROM t2 INDEXED BY i), NULL), (NULL, 1))",
        "SELECT DISTINCT NULL FROM v1 AS a NATURAL RIGHT JOIN v1 AS b LEFT JOIN t0 ON (NULL "
        "NOT IN (SELECT NULL FROM (VALUES (NULL)) LEFT JOIN v1 ON NULL WHERE EXISTS "
        "(SELECT * FROM t1 INDEXED BY j LEFT JOIN t0 ON NULL)))",
        "SELECT DISTINCT NULL FROM v1 AS a LEFT JOIN t0 ON EXISTS (SELECT * FROM t1 INDEXED BY j)",
        "SELECT NULL FROM v1 AS a LEFT JOIN t0 ON EXISTS (SELECT * FROM t1 INDEXED BY j)"]
    _assert_same(setup, queries)


def test_a_where_flattened_into_an_outer_join_through_nested_queries():
    """Fuzz 95000356: a view's WHERE ``1 OR NOT EXISTS (... INDEXED BY ...)``, reached
    through a view and a FROM subquery flattened one into the other on the right of a
    LEFT JOIN, lands in that join's ON, where SQLite folds no OR: its subquery is planned
    ('no query solution'), as where the view is flattened there directly."""
    setup = ["CREATE TABLE p(i INTEGER PRIMARY KEY, a)",
             "CREATE INDEX i0 ON p(a > 0, i) WHERE '%' < i",
             "CREATE VIEW v0(i, x) AS SELECT NULL, NULL FROM p AS f "
             "WHERE (1 OR (NOT EXISTS (SELECT * FROM p AS e INDEXED BY i0)))",
             "CREATE VIEW v1(i, x, a) AS SELECT NULL, NULL, NULL "
             "FROM (SELECT NULL AS i, NULL AS x, NULL AS a FROM v0 AS a4) AS r"]
    where = "WHERE 1 OR EXISTS (SELECT 1 FROM p INDEXED BY i0)"
    queries = [
        "SELECT NULL, max(DISTINCT NULL), count(NULL) FROM p AS n NATURAL LEFT JOIN v1 "
        "ORDER BY 1, 3",
        "SELECT NULL FROM p AS n NATURAL LEFT JOIN v1", "SELECT NULL FROM p AS n LEFT JOIN v0 ON 1",
        "SELECT NULL FROM p AS n JOIN v1 ON 1",
        f"SELECT NULL FROM p AS n LEFT JOIN (SELECT * FROM (SELECT 1 AS x FROM p {where})) ON 1",
        f"SELECT NULL FROM p AS n LEFT JOIN (SELECT * FROM (SELECT DISTINCT 1 AS x FROM p "
        f"{where})) ON 1",
        f"SELECT NULL FROM p AS n JOIN (SELECT * FROM (SELECT 1 AS x FROM p {where})) ON 1"]
    _assert_same(setup, queries)


def test_exists_drops_its_distinct():
    """SQLite runs an EXISTS subquery without its DISTINCT (select.c IgnorableDistinct),
    which an OFFSET shows: ``EXISTS (SELECT DISTINCT 1 FROM t LIMIT 1 OFFSET 1)`` over two
    rows is 1 (on main it was 0) -- and a LEFT JOIN in it is no more omitted for being
    DISTINCT. A UNION's SELECTs keep theirs."""
    setup = ["CREATE TABLE t(a)", "INSERT INTO t VALUES (1), (1), (2)"]
    queries = ["SELECT EXISTS (SELECT DISTINCT 1 FROM t LIMIT 1 OFFSET 1)",
               "SELECT EXISTS (SELECT DISTINCT a FROM t LIMIT 1 OFFSET 2)",
               "SELECT EXISTS (SELECT DISTINCT a FROM t ORDER BY a LIMIT 1 OFFSET 2)",
               "SELECT 1 WHERE EXISTS (SELECT DISTINCT 1 FROM t LIMIT 1 OFFSET 1)",
               "SELECT NOT EXISTS (SELECT DISTINCT 1 FROM t LIMIT 1 OFFSET 1)",
               "SELECT EXISTS (SELECT DISTINCT 1 FROM t UNION SELECT 1 LIMIT 1 OFFSET 1)",
               "SELECT EXISTS (SELECT DISTINCT 1 FROM t UNION ALL SELECT 1 LIMIT 1 OFFSET 3)"]
    _assert_same(setup, queries)


def _assert_same(setup, queries):
    """Each query's outcome is SQLite's, exactly (rows in order)."""
    differences = [f"{sql}\n  rowandb: {a}\n  sqlite:  {b}"
                   for sql, a, b in outcomes(setup, queries) if a != b]
    assert not differences, "\n".join(differences)
