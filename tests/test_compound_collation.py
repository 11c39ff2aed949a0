"""The columns of a UNION / INTERSECT / EXCEPT FROM subquery, compared and ordered as SQLite.

A FROM subquery's column has its first SELECT's collation (select.c
sqlite3SubqueryColType), not the compound's (its first SELECT's, left to right, that has
one: multiSelectCollSeq), so ``SELECT x = 'B' FROM (SELECT 'b' AS x UNION SELECT 'c'
COLLATE NOCASE)`` is 0 twice. But SQLite merges such a compound, so its rows leave it
sorted under the compound's collations, and an outer ORDER BY of its first columns
ascending, a GROUP BY or DISTINCT of them, a lone count(DISTINCT) of the first, takes
that order as given (where.c wherePathMatchSubqueryOB): rows that differ only under the
column's own collation then come apart and back (``sql/bind/subquery_order.py``). The random
test runs ``tests/compound_collation.py``'s generator (two or three SELECTs, a COLLATE in
the first, a later or no SELECT, under 25 outer uses); the cases below are one per rule.
"""

from __future__ import annotations

import pytest

from compound_collation import differences, statements
from oracle import assert_same

T = ["CREATE TABLE t(a TEXT, b TEXT COLLATE NOCASE)",
     "INSERT INTO t VALUES ('b', 'B'), ('B', 'x'), ('a', 'A'), ('C', 'c')"]
ABC = "(SELECT 'b' AS x UNION SELECT 'C' COLLATE NOCASE UNION SELECT 'a')"
AAA = "(SELECT 'a' AS x, 1 AS y UNION SELECT 'A' COLLATE NOCASE, 2 UNION SELECT 'a', 3)"


@pytest.mark.parametrize("seed", [98000011, 98000012])
def test_generated_queries_agree_with_sqlite(seed):
    found = differences(statements(seed, 700))
    assert not found, "\n".join(f"{sql}\n  rowandb: {a}\n  sqlite:  {b}" for sql, a, b in found[:10])


def test_a_column_compares_under_its_first_selects_collation():
    assert_same(T, [
        "SELECT x = 'B' FROM (SELECT 'b' AS x UNION SELECT 'c' COLLATE NOCASE)",
        f"SELECT x IN ('B') FROM {ABC}",
        f"SELECT 'B' IN (SELECT x FROM {ABC})",
        f"SELECT min(x), max(x) FROM {ABC}",
        f"SELECT x FROM {ABC} WHERE x > 'B' ORDER BY x",
        "SELECT * FROM (SELECT 'b' AS x UNION SELECT 'C' COLLATE NOCASE) JOIN t ON x = t.a",
        "SELECT count(DISTINCT x), count(*) FROM (SELECT b || '' AS x FROM t "
        "UNION SELECT a COLLATE NOCASE FROM t)",
    ])


def test_an_order_by_of_its_first_columns_ascending_keeps_the_compounds_order():
    assert_same(T, [
        f"SELECT x FROM {ABC} ORDER BY x",
        f"SELECT x FROM {ABC} ORDER BY x DESC",
        f"SELECT x FROM {ABC} ORDER BY x COLLATE BINARY",
        f"SELECT x FROM {ABC} AS s, t WHERE t.a = 'a' ORDER BY x",
        f"SELECT x, y FROM {AAA} ORDER BY x, y",
        f"SELECT x, y FROM {AAA} ORDER BY y",
        "SELECT x FROM (SELECT 'b' AS x UNION ALL SELECT 'C' COLLATE NOCASE UNION ALL "
        "SELECT 'a') ORDER BY x",
        "SELECT x FROM (SELECT 'b' AS x UNION SELECT 'C' COLLATE NOCASE UNION ALL "
        "SELECT 'a') ORDER BY x",
    ])


def test_group_by_and_distinct_compare_each_row_with_the_one_before():
    assert_same(T, [
        f"SELECT x, count(*) FROM {AAA} GROUP BY x",
        f"SELECT x, y, count(*) FROM {AAA} GROUP BY x, y",
        f"SELECT y, count(*) FROM {AAA} GROUP BY y",
        f"SELECT x, count(*) FROM {AAA} GROUP BY x ORDER BY x DESC",
        f"SELECT x FROM {AAA} GROUP BY x HAVING count(*) > 0",
        f"SELECT DISTINCT x FROM {AAA}",
        f"SELECT DISTINCT x FROM {AAA} ORDER BY x",
        f"SELECT DISTINCT x FROM {AAA} ORDER BY x DESC",
        f"SELECT DISTINCT x FROM {AAA} WHERE y > 0",
        f"SELECT count(DISTINCT x) FROM {AAA}",
        f"SELECT count(DISTINCT x), sum(DISTINCT y) FROM {AAA}",
        f"SELECT group_concat(DISTINCT x) FROM {AAA}",
    ])


def test_a_view_or_common_table_of_such_a_compound_too():
    body = ("SELECT 'a' AS x, 1 AS y UNION SELECT 'A' COLLATE NOCASE, 2 UNION SELECT 'a', 3 "
            "UNION SELECT 'b', 4 UNION SELECT 'C', 5")
    queries = []
    for source, prefix in (("vv", ""), ("w", f"WITH w AS ({body}) "),
                           ("w", f"WITH w AS MATERIALIZED ({body}) ")):
        queries += [f"{prefix}SELECT x FROM {source} ORDER BY x",
                    f"{prefix}SELECT x, count(*) FROM {source} GROUP BY x",
                    f"{prefix}SELECT DISTINCT x FROM {source}",
                    f"{prefix}SELECT count(DISTINCT x) FROM {source}",
                    f"{prefix}SELECT x = 'A' FROM {source}"]
    assert_same(T + [f"CREATE VIEW vv AS {body}"], queries)


def test_a_rowid_column_has_no_collation_so_a_later_selects_decides():
    """SQLite gives a column reading the rowid or its INTEGER PRIMARY KEY no collation
    (sqlite3ExprCollSeq of iColumn -1), unlike any other column's BINARY, so a compound's
    column takes the next SELECT's: RTRIM here tells 'b' and 'b ' apart no more."""
    assert_same([
        "CREATE TABLE t(x, y)", "INSERT INTO t VALUES (1, 'b'), (2, 'b ')",
        "CREATE TABLE w(k INTEGER PRIMARY KEY, x)", "INSERT INTO w VALUES (3, 4)",
        "CREATE TABLE r(k INTEGER PRIMARY KEY, x) WITHOUT ROWID", "INSERT INTO r VALUES (3, 4)",
    ], [
        "SELECT k FROM w UNION SELECT y COLLATE RTRIM FROM t",
        "SELECT w.rowid FROM w UNION SELECT y COLLATE RTRIM FROM t",
        "SELECT t.rowid FROM t UNION SELECT y COLLATE RTRIM FROM t ORDER BY 1",
        "SELECT k FROM w UNION ALL SELECT y COLLATE RTRIM FROM t ORDER BY 1 DESC",
        "SELECT x FROM w UNION SELECT y COLLATE RTRIM FROM t",
        "SELECT k FROM r UNION SELECT y COLLATE RTRIM FROM t",
        "SELECT 'b' = (SELECT k FROM w UNION SELECT y COLLATE RTRIM FROM t ORDER BY 1 DESC "
        "LIMIT 1)",
        "SELECT k FROM w INTERSECT SELECT y COLLATE RTRIM FROM t",
    ])


def test_an_integer_primary_key_declaring_a_collation_has_none_either():
    """An INTEGER PRIMARY KEY is the rowid to SQLite whatever COLLATE it declares, so a
    compound's column reading it first takes a later SELECT's collation (BINARY here):
    'a' and 'a ' stay apart, as they do not under the declared RTRIM."""
    assert_same([
        "CREATE TABLE r(c0 INTEGER PRIMARY KEY COLLATE RTRIM)", "INSERT INTO r VALUES (1), (2)",
    ], [
        "SELECT x FROM (SELECT c0 AS x FROM r UNION ALL SELECT 'a ' UNION ALL SELECT 'a') "
        "WHERE x = 'a'",
        "SELECT DISTINCT x FROM (SELECT c0 AS x FROM r UNION SELECT 'a ' UNION SELECT 'a') "
        "ORDER BY 1",
        "SELECT c0 FROM r UNION SELECT 'a ' UNION SELECT 'a' ORDER BY 1",
        "SELECT (SELECT c0 FROM r UNION SELECT 'a ' ORDER BY 1 DESC LIMIT 1) = 'a'",
    ])
