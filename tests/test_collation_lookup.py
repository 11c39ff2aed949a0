"""Where SQLite looks a collation up, against SQLite (apsw).

A COLLATE may name a collation nobody has: SQLite raises 'no such collation sequence' only
where it looks the collation up (sqlite3ExprCollSeq and its callers: a comparison,
BETWEEN, CASE x WHEN, an IN's left side, ORDER BY, GROUP BY, DISTINCT, min/max and
DISTINCT aggregates, every window function's first argument, nullif and the other
functions that compare, a FROM subquery's, view's or common table's columns, a compound
but a UNION ALL without ORDER BY, a VALUES co-routine's first row), and nowhere else: a
result column, an IN list's item, LIKE, group_concat, a scalar subquery, an INSERT's rows
(``properties.known_collation``). Each statement runs on a fresh copy of one schema in
both engines; RowanDB must give SQLite's rows or its error.
"""

import pytest

from oracle import pair, run

SCHEMA = ["CREATE TABLE t(a, b)", "INSERT INTO t VALUES (1, 2)",
          "CREATE VIEW v AS SELECT b COLLATE nosuch AS c FROM t", "CREATE TABLE e(a, b)"]

STATEMENTS = [
    'SELECT * FROM (SELECT b COLLATE nosuch FROM t)',
    'SELECT * FROM (SELECT b COLLATE nosuch AS c FROM t) WHERE c = 1',
    'WITH c AS (SELECT b COLLATE nosuch AS x FROM t) SELECT * FROM c',
    'SELECT * FROM v',
    'SELECT c FROM v ORDER BY 1',
    'SELECT a FROM e WHERE b COLLATE nosuch = 1',
    'SELECT a FROM e WHERE 0 AND b COLLATE nosuch = 1',
    'SELECT a FROM e ORDER BY b COLLATE nosuch',
    'SELECT a IN (1, 2 COLLATE nosuch) FROM e',
    'SELECT b COLLATE nosuch BETWEEN 1 AND 2 FROM e',
    'SELECT CASE b COLLATE nosuch WHEN 1 THEN 2 END FROM e',
    'SELECT min(b COLLATE nosuch) FROM e',
    'SELECT count(DISTINCT b COLLATE nosuch) FROM e',
    'SELECT group_concat(b COLLATE nosuch) FROM e',
    'SELECT b COLLATE nosuch LIKE 1 FROM e',
    'SELECT 1 UNION SELECT 2 COLLATE nosuch',
    'SELECT 1 COLLATE nosuch UNION SELECT 2',
    'SELECT 1 COLLATE nosuch UNION ALL SELECT 2',
    'SELECT 1 COLLATE nosuch UNION ALL SELECT 2 ORDER BY 1',
    'SELECT b COLLATE nosuch FROM e GROUP BY b',
    'SELECT b FROM e GROUP BY b COLLATE nosuch',
    'CREATE INDEX ie ON e(b COLLATE nosuch)',
    'CREATE TABLE f(x COLLATE nosuch)',
    'SELECT x FROM t, (SELECT 1 AS x) WHERE x = b COLLATE nosuch',
    'UPDATE e SET a = b COLLATE nosuch',
    'INSERT INTO e SELECT a, b COLLATE nosuch FROM t',
    'SELECT nullif(b COLLATE nosuch, 1) FROM e',
    'SELECT max(b COLLATE nosuch, 1) FROM t',
    'SELECT instr(b COLLATE nosuch, 1) FROM t',
    'SELECT b COLLATE nosuch IS 1 FROM t',
    'SELECT * FROM t WHERE (SELECT b COLLATE nosuch) = 1',
    'SELECT b COLLATE nosuch FROM t',
    'SELECT lower(b COLLATE nosuch) FROM t',
    'SELECT (SELECT b COLLATE nosuch) FROM t',
    'SELECT b FROM t UNION SELECT a COLLATE nosuch FROM t',
    'SELECT b COLLATE nosuch IN (1, 2) FROM t',
    'SELECT a IN (2 COLLATE nosuch) FROM t',
    'SELECT count(*) OVER (ORDER BY b COLLATE nosuch) FROM t',
    'SELECT count(*) OVER (PARTITION BY b COLLATE nosuch) FROM t',
    'SELECT b COLLATE nosuch FROM t ORDER BY 1',
    'SELECT b COLLATE nosuch AS x FROM t ORDER BY x',
    'SELECT * FROM t WHERE b IN (SELECT a COLLATE nosuch FROM t)',
    'SELECT * FROM t WHERE b COLLATE nosuch IN (SELECT a FROM t)',
    'WITH RECURSIVE r(x) AS (SELECT 1 COLLATE nosuch UNION ALL SELECT x + 1 FROM r '
    'WHERE x < 3) SELECT * FROM r',
    'SELECT 1 FROM t WHERE EXISTS (SELECT b COLLATE nosuch FROM t)',
    "SELECT group_concat(b COLLATE nosuch, ',') FROM t",
    'SELECT count(b COLLATE nosuch) FROM t',
    'SELECT sum(DISTINCT b COLLATE nosuch) FROM t',
    'VALUES (1 COLLATE nosuch), (2)',
    'SELECT * FROM (VALUES (1 COLLATE nosuch), (2))',
    'SELECT 1 INTERSECT SELECT 1 COLLATE nosuch',
    'INSERT INTO e VALUES (1 COLLATE nosuch, 2)',
    'SELECT b COLLATE nosuch, count(*) FROM t GROUP BY 1',
    'WITH c AS (SELECT 1) VALUES (1 COLLATE nosuch), (2)',
    'VALUES (1), (2 COLLATE nosuch)',
    'VALUES (1 COLLATE nosuch)',
    'SELECT * FROM (SELECT 1 COLLATE nosuch UNION ALL SELECT 2)',
    'WITH c AS (SELECT 1) SELECT * FROM (VALUES (1 COLLATE nosuch), (2))',
    'SELECT DISTINCT b COLLATE nosuch FROM t',
    'SELECT b COLLATE nosuch FROM t UNION ALL SELECT 1 ORDER BY 1',
    'SELECT * FROM t WHERE b COLLATE nosuch BETWEEN 1 AND 2',
    'SELECT max(b COLLATE nosuch) OVER () FROM t',
    'CREATE VIEW vv AS SELECT b COLLATE nosuch FROM t',
    'SELECT * FROM vv',
    'INSERT INTO e VALUES (1 COLLATE nosuch, 2), (3, 4)',
    'INSERT INTO e VALUES (1, 2), (3 COLLATE nosuch, 4)',
    'SELECT count(*) OVER (ORDER BY b) FROM t WINDOW w AS (ORDER BY a COLLATE nosuch)',
    'SELECT min(a) OVER (), count(b COLLATE nosuch) OVER () FROM t',
    'SELECT a FROM t WHERE a = 1 OR b COLLATE nosuch = 2',
    'UPDATE e SET a = 1 WHERE b COLLATE nosuch = 1',
    'DELETE FROM e ORDER BY b COLLATE nosuch LIMIT 1',
    'SELECT lead(b COLLATE nosuch) OVER () FROM t',
    'INSERT INTO e SELECT * FROM (VALUES (1 COLLATE nosuch, 2), (3, 4))',
    'SELECT a FROM t WHERE a IN (VALUES (1 COLLATE nosuch), (2))',
    'SELECT (VALUES (1 COLLATE nosuch), (2))',
    'SELECT coalesce(b COLLATE nosuch, 1) FROM t',
    'SELECT iif(b COLLATE nosuch, 1, 2) FROM t',
    "SELECT b COLLATE nosuch || 'x' FROM t",
    'SELECT * FROM t JOIN e ON t.b COLLATE nosuch = e.b',
    'SELECT * FROM t LEFT JOIN (SELECT b COLLATE nosuch AS z FROM e) ON 1',
    'SELECT b COLLATE nosuch FROM t LIMIT 1',
    'SELECT * FROM t WHERE b COLLATE nosuch',
    'SELECT CASE WHEN b COLLATE nosuch THEN 1 END FROM t',
    'SELECT CASE 1 WHEN b COLLATE nosuch THEN 1 END FROM t',
    'SELECT b COLLATE nosuch NOT NULL FROM t',
    'SELECT a FROM t GROUP BY a HAVING max(b COLLATE nosuch) > 0',
    'SELECT json_group_array(b COLLATE nosuch) FROM t',
    'SELECT max(a, b COLLATE nosuch) FROM t',
    "SELECT b COLLATE nosuch GLOB 'x' FROM t",
]


REMOVED_SETUP = ["CREATE TABLE c(v TEXT COLLATE mine)", "INSERT INTO c VALUES ('a')",
                 "CREATE TABLE i(w TEXT)", "CREATE INDEX iw ON i(w COLLATE mIne)",
                 "CREATE INDEX ie ON i(w || 'x' COLLATE MiNe)",
                 "CREATE VIEW vv AS SELECT v FROM c WHERE v > 'A'"]

REMOVED = ["SELECT v FROM c WHERE v = 'x'", "SELECT 'x' = v FROM c", "SELECT v FROM c ORDER BY v",
           "SELECT DISTINCT v FROM c", "SELECT max(v) FROM c", "SELECT v FROM c GROUP BY v",
           "UPDATE c SET v = 'b' WHERE v = 'a'", "DELETE FROM c WHERE v = 'a'",
           "INSERT INTO c VALUES ('a') RETURNING v = 'a'", "SELECT * FROM vv",
           "CREATE INDEX ci ON c(v)", "INSERT INTO i VALUES ('z')", "SELECT * FROM i WHERE w = 'a'"]


@pytest.mark.parametrize("sql", REMOVED)
def test_a_removed_collation_is_named_as_declared(sql):
    """A collation removed after a column or index declared it: SQLite's error names it
    as that declaration wrote it (``mine``, ``mIne``), not in RowanDB's capitals."""
    import apsw
    import rowandb
    order = lambda x, y: (x > y) - (x < y)          # noqa: E731
    theirs, ours = apsw.Connection(":memory:"), rowandb.connect(":memory:")
    theirs.createcollation("mine", order)
    ours.create_collation("mine", order)
    for statement in REMOVED_SETUP:
        theirs.execute(statement)
        ours.execute(statement)
    theirs.createcollation("mine", None)
    ours.create_collation("mine", None)
    try:
        expected = ("ok", [tuple(row) for row in theirs.execute(sql)])
    except apsw.Error as error:
        expected = ("error", str(error).split(": ", 1)[1] if str(error).startswith("SQLError") else str(error))
    try:
        cursor = ours.execute(sql)
        got = ("ok", [tuple(row) for row in cursor.fetchall()] if cursor.description else [])
    except rowandb.Error as error:
        got = ("error", str(error))
    assert got == expected


# A COLLATE naming no collation on a term of the rowid or INTEGER PRIMARY KEY: SQLite looks
# it up only where it asks (sqlite3ExprCollSeq): not for the term it codes as the seek
# (``id = 1 COLLATE xyz``, a range's bounds, in SELECT, UPDATE and DELETE, a join's inner
# loop), but where it tests the term (a second rowid term, OR, NOT, !=, INDEXED BY), where
# its WHERE analysis commutes it (a column on the right), and in constant propagation (a
# SELECT's WHERE of two terms or more: ``id = 1 COLLATE xyz AND a = 2``, unless the value
# has an affinity). An INTEGER column that is no rowid is always tested.
ROWID_SCHEMA = ["CREATE TABLE t(id INTEGER PRIMARY KEY, a, b)", "INSERT INTO t VALUES (1, 2, 3)",
                "INSERT INTO t VALUES (2, 3, 4)", "CREATE TABLE u(x INTEGER PRIMARY KEY, y)",
                "INSERT INTO u VALUES (1, 1)", "CREATE INDEX ta ON t(a)",
                "CREATE TABLE w(k INT PRIMARY KEY, v) WITHOUT ROWID", "INSERT INTO w VALUES (1, 1)",
                "CREATE TABLE q(n INTEGER, m)", "INSERT INTO q VALUES (1, 1)"]

ROWID_STATEMENTS = [
    'SELECT * FROM t WHERE id = 1 COLLATE xyz',
    'SELECT * FROM t WHERE rowid = 1 COLLATE xyz',
    'SELECT * FROM t WHERE id COLLATE xyz = 1',
    'SELECT * FROM t WHERE 1 COLLATE xyz = id',
    'SELECT * FROM t WHERE 1 = id COLLATE xyz',
    'SELECT * FROM t WHERE id > 1 COLLATE xyz',
    'SELECT * FROM t WHERE id < 2 COLLATE xyz',
    'SELECT * FROM t WHERE id >= 1 COLLATE xyz AND id <= 1',
    'SELECT * FROM t WHERE id IN (1 COLLATE xyz)',
    'SELECT * FROM t WHERE id COLLATE xyz IN (1, 2)',
    'SELECT * FROM t WHERE id BETWEEN 1 COLLATE xyz AND 2',
    "SELECT * FROM t WHERE id = '1' COLLATE xyz",
    'SELECT * FROM t WHERE id = 1.0 COLLATE xyz',
    'SELECT * FROM t WHERE id = (1 COLLATE xyz)',
    'SELECT * FROM t WHERE (id = 1 COLLATE xyz)',
    'SELECT * FROM t WHERE id = 1 COLLATE xyz ORDER BY a',
    'SELECT count(*) FROM t WHERE id = 1 COLLATE xyz',
    'SELECT id = 1 COLLATE xyz FROM t',
    'UPDATE t SET a = 5 WHERE id = 1 COLLATE xyz',
    'DELETE FROM t WHERE id = 1 COLLATE xyz',
    'DELETE FROM t WHERE rowid = 1 COLLATE xyz',
    'SELECT * FROM t WHERE id = +1 COLLATE xyz',
    'SELECT * FROM t WHERE +id = 1 COLLATE xyz',
    'SELECT * FROM t WHERE id = 1 COLLATE xyz COLLATE binary',
    'SELECT * FROM t WHERE id = 1 COLLATE binary COLLATE xyz',
    'SELECT * FROM t WHERE oid = 1 COLLATE xyz',
    'SELECT * FROM t WHERE _rowid_ = 1 COLLATE xyz',
    'SELECT * FROM t INDEXED BY ta WHERE id = 1 COLLATE xyz',
    'SELECT * FROM t NOT INDEXED WHERE id = 1 COLLATE xyz',
    'SELECT * FROM t WHERE id = 1 COLLATE xyz AND nosuch = 1',
    'DELETE FROM t WHERE id = 1 COLLATE xyz AND a = 2',
    'DELETE FROM t WHERE id = 1 COLLATE xyz AND id = 1',
    'DELETE FROM t WHERE id = 1 AND id = 1 COLLATE xyz',
    'DELETE FROM t WHERE id = 1 COLLATE xyz OR id = 2',
    'UPDATE t SET b = 1 WHERE id = 1 COLLATE xyz AND a = 2',
    'SELECT * FROM t WHERE id > 1 COLLATE xyz AND id < 5',
    'SELECT * FROM t WHERE id > 1 COLLATE xyz AND id > 0',
    'SELECT * FROM t WHERE id > 0 AND id > 1 COLLATE xyz',
    'SELECT * FROM t WHERE id = 1 COLLATE xyz AND a = 2 COLLATE xyz',
    'SELECT * FROM t WHERE id = CAST(1 AS INT) COLLATE xyz AND a = 2',
    'SELECT * FROM t, u WHERE id = u.y + 0 COLLATE xyz',
    'SELECT * FROM u, t WHERE id = u.y + 0 COLLATE xyz',
    'SELECT * FROM t LEFT JOIN u ON x = 1 COLLATE xyz',
    'SELECT * FROM u LEFT JOIN t ON id = 1 COLLATE xyz',
    'SELECT * FROM t WHERE id = 1 COLLATE xyz AND 0',
    'SELECT * FROM t WHERE rowid = 1 COLLATE xyz AND a = 2',
    'SELECT * FROM t WHERE id = (SELECT 1) COLLATE xyz',
    'SELECT * FROM t WHERE id NOT BETWEEN 1 COLLATE xyz AND 2',
    'SELECT * FROM t WHERE id != 1 COLLATE xyz',
    'SELECT * FROM t WHERE NOT id = 1 COLLATE xyz',
    'SELECT * FROM t WHERE id = 1 COLLATE xyz ORDER BY id',
    'SELECT * FROM t WHERE id IN (SELECT 1) AND id = 1 COLLATE xyz',
    'SELECT * FROM t WHERE id = 1 COLLATE xyz AND a = 2',
    'SELECT * FROM t WHERE id = 1 COLLATE xyz AND id = 1',
    'SELECT * FROM t WHERE id = 1 COLLATE xyz AND rowid = 1',
    'SELECT * FROM t WHERE id = 1 COLLATE xyz OR id = 2',
    'SELECT * FROM t WHERE id = 1 COLLATE xyz AND id = 2 COLLATE xyz',
    'SELECT * FROM t, u WHERE id = x COLLATE xyz',
    'SELECT * FROM t, u WHERE x = id COLLATE xyz',
    'SELECT * FROM t JOIN u ON id = x COLLATE xyz',
    'SELECT * FROM w WHERE k = 1 COLLATE xyz',
    'SELECT * FROM t WHERE a = 2 COLLATE xyz',
    'SELECT * FROM u WHERE y = 1 COLLATE xyz',
    'SELECT * FROM t WHERE id > 1 COLLATE xyz AND a > 0',
    'SELECT * FROM t WHERE id = 1 COLLATE xyz AND a > 0',
    'SELECT * FROM t WHERE id = 1 COLLATE xyz AND b > 0',
    'DELETE FROM t WHERE id = 1 COLLATE xyz AND b > 0',
    'DELETE FROM t WHERE id > 1 COLLATE xyz AND id > 0',
    'DELETE FROM t WHERE id > 0 AND id > 1 COLLATE xyz',
    'SELECT * FROM t WHERE id = 1 COLLATE nocase',
    'SELECT (SELECT b FROM t WHERE id = u.x COLLATE xyz) FROM u',
    'SELECT * FROM u WHERE EXISTS (SELECT 1 FROM t WHERE id = u.x COLLATE xyz)',
    'SELECT * FROM t WHERE id = 1 COLLATE xyz LIMIT 1',
    'SELECT * FROM t WHERE id < 5 COLLATE xyz ORDER BY id DESC',
    'SELECT * FROM t WHERE id = 1 COLLATE xyz GROUP BY a',
    'SELECT * FROM t WHERE id = 1 COLLATE xyz AND id IN (1, 2)',
    'CREATE TABLE z AS SELECT * FROM t WHERE id = 1 COLLATE xyz',
    'INSERT INTO u SELECT id + 10, a FROM t WHERE id = 1 COLLATE xyz',
    'SELECT * FROM t WHERE id = 1 COLLATE xyz UNION SELECT * FROM t WHERE id = 2 COLLATE xyz',
    'WITH c AS (SELECT * FROM t WHERE id = 1 COLLATE xyz) SELECT * FROM c',
    'SELECT * FROM t WHERE CASE WHEN id = 1 COLLATE xyz THEN 1 END',
    'DELETE FROM t WHERE id > 5 COLLATE xyz',
    'DELETE FROM t WHERE id > 0 COLLATE xyz AND b > 0',
    'DELETE FROM t WHERE b > 0 AND id = 1 COLLATE xyz',
    'UPDATE t SET a = 1 WHERE id < 0 COLLATE xyz',
    'SELECT max(id) FROM t WHERE id < 5 COLLATE xyz',
    'SELECT * FROM t WHERE id = 1 COLLATE xyz AND id = 1 COLLATE nocase',
    'SELECT * FROM q WHERE n = 1 COLLATE xyz',
    'DELETE FROM q WHERE n = 1 COLLATE xyz',
    'UPDATE q SET m = 2 WHERE n IS 1 COLLATE xyz',
    'SELECT * FROM q, u WHERE q.n = u.y + 0 COLLATE xyz',
    # IS searches the rowid as = does (WO_IS), and likely() and its kin are looked through
    'SELECT * FROM t WHERE id IS 1 COLLATE xyz',
    'SELECT * FROM t WHERE rowid IS 2 COLLATE xyz',
    'SELECT * FROM t WHERE id IS NULL COLLATE xyz',
    'DELETE FROM t WHERE id IS 1 COLLATE xyz',
    'SELECT * FROM t WHERE id IS NOT 1 COLLATE xyz',
    'SELECT * FROM t WHERE a IS 2 COLLATE xyz',
    'SELECT * FROM t WHERE likely(id = 1 COLLATE xyz)',
    'SELECT * FROM t WHERE unlikely(id > 1 COLLATE xyz)',
    'SELECT * FROM t WHERE likelihood(id = 2 COLLATE xyz, 0.5)',
    'SELECT * FROM t WHERE likely(unlikely(id IS 1 COLLATE xyz))',
    'UPDATE t SET b = 9 WHERE likely(id = 1 COLLATE xyz)',
    'SELECT * FROM t WHERE likely(a = 2 COLLATE xyz)',
    'SELECT * FROM t WHERE likely(id = 1 COLLATE xyz) AND likely(id = 1 COLLATE xyz)',
    'SELECT * FROM t WHERE id IS 1 COLLATE xyz AND a = 2',
]


LISTS = {"anywhere": (SCHEMA, STATEMENTS), "rowid": (ROWID_SCHEMA, ROWID_STATEMENTS)}


@pytest.mark.parametrize("schema, sql", [(schema, sql) for schema, statements in LISTS.values()
                                         for sql in statements])
def test_an_unknown_collation_fails_where_sqlite_looks_it_up(schema, sql):
    ours, theirs = pair(schema)
    assert run(ours, sql) == run(theirs, sql)


@pytest.mark.parametrize("name", LISTS)
def test_both_outcomes_are_covered(name):
    """Each list holds statements SQLite accepts and statements it refuses."""
    schema, statements = LISTS[name]
    theirs = pair(schema)[1]
    assert {run(theirs, sql)[0] for sql in statements} == {"ok", "error"}
