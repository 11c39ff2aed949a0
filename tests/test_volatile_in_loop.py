"""A search key after an IN whose value calls a function that may answer differently each
time: SQLite loops over the IN's values and computes the later key's value once for each
(wherecode.c, codeEqualityTerm opens the loop, codeAllEqualityTerms then codes the next
keys), seeking (a, b) per value. RowanDB tested the IN and the later key as a filter on a
scan, computing the value per row: ``a IN (1, 2) AND b = cnt(0)`` called cnt four times
and returned a = 1's two rows where SQLite returns a11 and a22. Now such a search loops
over the IN's values (optimizer/in_loop.py, exec/in_seek.py). Each statement runs on both
engines with a counting function registered as not deterministic; the rows (in order) and
the number of calls must agree."""

from __future__ import annotations

import pytest

from oracle import counted_runs

SCHEMA = [
    "CREATE TABLE t(a, b, c)",
    "CREATE INDEX i ON t(a, b)",
    "INSERT INTO t VALUES (1, 1, 'a11'), (1, 2, 'a12'), (2, 1, 'a21'), (2, 2, 'a22'), "
    "(3, 1, 'a31'), (3, 2, 'a32')",
    "CREATE TABLE w(p, q TEXT COLLATE NOCASE, r, s INTEGER)",
    "CREATE INDEX wi ON w(p, q DESC, r)",
    "CREATE INDEX ws ON w(s, r)",
    "INSERT INTO w VALUES (1, 'x', 1, 1), (1, 'Y', 2, 2), (1, 'y', 3, 3), (2, 'x', 1, 1), "
    "(2, 'X', 2, 2), (2, 'y', 3, '3')",
    "CREATE TABLE u(x INTEGER PRIMARY KEY)",
    "INSERT INTO u VALUES (1), (2), (3)",
    "CREATE TABLE n(a, b, c)",
    "CREATE INDEX ni ON n(a, b)",
    "INSERT INTO n VALUES (1, NULL, 'n1'), (1, 1, 'a11'), (2, NULL, 'n2'), (2, 2, 'a22'), "
    "(3, 1, 'a31')",
]

QUERIES = [
    # an equality, a range, both bounds after an IN list or an IN subquery
    "SELECT c FROM t WHERE a IN (1, 2) AND b = cnt(0)",
    "SELECT c FROM t WHERE a IN (1, 2) AND b > cnt(0)",
    "SELECT c FROM t WHERE a IN (1, 2) AND b < cnt(0) + 1",
    "SELECT c FROM t WHERE a IN (1, 2) AND b > cnt(0) AND b < cnt(0) + 5",
    "SELECT c FROM t WHERE a IN (SELECT 1 UNION SELECT 2) AND b = cnt(0)",
    "SELECT c FROM t WHERE a IN (SELECT 5) AND b = cnt(0)",
    # the IN's values: distinct, sorted, without NULL, a missing one still computed
    "SELECT c FROM t WHERE a IN (3, NULL, 1, 1) AND b = cnt(0)",
    "SELECT c FROM t WHERE a IN (1, 2, 7) AND b = cnt(0)",
    "SELECT c FROM t WHERE a IN (NULL) AND b = cnt(0)",
    "SELECT c FROM t WHERE a IN (1, cnt(0)) AND b = cnt(0)",
    # a NULL equality ends the search; a NULL range start only that value's seek
    "SELECT c FROM t WHERE a IN (1, 2, 3) AND b = nullif(cnt(0), 1)",
    "SELECT c FROM t WHERE a IN (1, 2, 3) AND b > nullif(cnt(0), 1)",
    # the other terms, tested per row; the projection's calls interleaved with the seeks
    "SELECT c FROM t WHERE a IN (1, 2) AND b = cnt(0) AND c > cnt(0)",
    "SELECT cnt(0), c FROM t WHERE a IN (1, 2, 3) AND b = cnt(0)",
    "SELECT count(*) FROM t WHERE a IN (1, 2, 3) AND b = cnt(0) % 2 + 1",
    # ORDER BY the loop gives, forwards and backwards; GROUP BY
    "SELECT c FROM t WHERE a IN (1, 2, 3) AND b = cnt(0) ORDER BY a",
    "SELECT c FROM t WHERE a IN (1, 2, 3) AND b = cnt(0) ORDER BY a DESC",
    "SELECT a, count(*) FROM t WHERE a IN (1, 2, 3) AND b = cnt(0) GROUP BY a",
    "SELECT c FROM t INDEXED BY i WHERE a IN (1, 2) AND b = cnt(0)",
    # a DESC key, a NOCASE key, two INs, an IN on an INTEGER column
    "SELECT r FROM w WHERE p = 1 AND q IN ('x', 'y') AND r = cnt(0)",
    "SELECT r FROM w WHERE p IN (2, 1) AND q IN ('X', 'y') AND r = cnt(0)",
    "SELECT r FROM w WHERE p IN (1, 2) AND q = 'x' AND r >= cnt(0)",
    "SELECT r FROM w WHERE p IN (1, 2) AND q = cnt(0)",
    "SELECT r FROM w WHERE s IN ('1', 2.0, '3') AND r = cnt(0)",
    "SELECT r FROM w WHERE s IN (SELECT '1' UNION SELECT '3') AND r = cnt(0)",
    "SELECT r FROM w WHERE p IN (1, 2) AND q = 'x' AND r = cnt(0) ORDER BY p DESC",
    "SELECT r FROM w WHERE p IN (1, 2) AND q IN ('x', 'y') AND r = cnt(0) ORDER BY p, q DESC",
    "SELECT r FROM w WHERE p IN (1, 2) AND q IN ('x', 'y') AND r = cnt(0) ORDER BY p DESC, q",
    # inside a LEFT JOIN's right side and a correlated subquery: per outer row
    "SELECT x, c FROM u LEFT JOIN t ON a IN (1, 2, 3) AND b = cnt(x)",
    "SELECT x, (SELECT group_concat(c) FROM t WHERE a IN (1, 2) AND b = cnt(x)) FROM u",
    # IS after an IN searches as = does, a NULL value finding the NULL keys
    "SELECT c FROM t WHERE a IN (1, 2) AND b IS cnt(0)",
    "SELECT c FROM t WHERE a IN (2, 1) AND likely(b IS cnt(0))",
    "SELECT c FROM n WHERE a IN (1, 2) AND b IS nullif(cnt(0), 2)",
    "SELECT c FROM n WHERE a IN (1, 2, 3, NULL) AND b IS nullif(cnt(0), 1) ORDER BY a DESC",
    "SELECT c FROM n WHERE a IN (1, 2, 3) AND b IS nullif(cnt(0), 1) AND c > cnt(0)",
    "SELECT x, c FROM u LEFT JOIN n ON a IN (1, 2, 3) AND b IS nullif(cnt(x), 2)",
    "SELECT x, (SELECT group_concat(c) FROM n WHERE a IN (1, 2) AND b IS cnt(x)) FROM u",
]

WRITES = [
    "DELETE FROM t WHERE a IN (1, 2) AND b = cnt(0)",
    "UPDATE t SET c = 'x' WHERE a IN (1, 2) AND b > cnt(0)",
    "UPDATE t SET c = 'x' WHERE a IN (SELECT 2 UNION SELECT 3) AND b = cnt(0)",
    "DELETE FROM t WHERE a IN (1, 2) AND b IS cnt(0)",
]


@pytest.mark.parametrize("sql", QUERIES)
def test_a_volatile_key_after_an_in_is_computed_once_per_in_value(sql):
    ours, theirs = counted_runs(SCHEMA, sql)
    assert ours == theirs


@pytest.mark.parametrize("sql", WRITES)
def test_a_write_searched_by_an_in_and_a_volatile_key_changes_sqlites_rows(sql):
    ours, theirs = counted_runs(SCHEMA, sql, after="SELECT rowid, * FROM t ORDER BY rowid")
    assert ours == theirs
