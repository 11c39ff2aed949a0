"""The hash join whose left side is a cross product ``P, R`` with R's rows replayed
(``exec/join.py``: ``_pairs_kept``, ``_paired_hash_join``): R's rows are paired with
their buckets once and the pairs replayed for every row of P. Its rows, their order
and its errors are SQLite's (differential, through ``tests/oracle.py``), with R or the
hashed table empty, NULL and text keys, NOCASE keys and a key with affinity, and the
tests count that the paired loop really ran (on a tree without it they fail there)."""

from __future__ import annotations

import pytest

from oracle import assert_same
from rowandb.planner.exec import join as join_run

SETUP = (
    "CREATE TABLE p(a INTEGER, b TEXT)",
    "CREATE TABLE r(x INTEGER, y, z TEXT)",
    "CREATE TABLE h(k, v INTEGER, w TEXT)",
    "CREATE TABLE e(k, v INTEGER)",
    "INSERT INTO p VALUES (1, 'one'), (2, 'two'), (3, 'three'), (4, NULL)",
    "INSERT INTO r VALUES (1, 10, 'A'), (2, NULL, 'b'), (3, '10', 'a'), (4, 20, 'B'), "
    "(5, 30, NULL), (6, 10.0, 'c'), (7, 'x', 'C')",
    "INSERT INTO h VALUES (10, 1, 'a'), (20, 2, 'B'), (10, 3, 'c'), (NULL, 4, NULL), "
    "('10', 5, 'A'), (40, 6, 'b'), ('x', 7, 'C')",
)

QUERIES = [
    # P filtered to a few rows, R scanned whole, h reached by its automatic index
    "SELECT a, x, v FROM p, r, h WHERE a IN (1, 3) AND k = y",
    "SELECT a, x, v FROM r, p, h WHERE k = y AND a IN (1, 2, 3)",
    "SELECT a, x, v, w FROM p, r, h WHERE a > 1 AND h.k = r.y AND h.v < 6",
    "SELECT * FROM p, r, h WHERE b IS NOT NULL AND w = z",
    "SELECT a, z, w FROM p, r, h WHERE a < 3 AND w = z COLLATE NOCASE",
    "SELECT a, x, v FROM p, r, h WHERE a = 2 AND k = x + 9",
    "SELECT a, x, v FROM p, r, h WHERE a IN (1, 4) AND v = x",
    "SELECT count(*), sum(v), group_concat(x) FROM p, r, h WHERE a IN (2, 3) AND k = y",
    # the hashed table empty, or emptied by its own terms; R empty
    "SELECT a, x FROM p, r, e WHERE a IN (1, 3) AND e.k = r.y",
    "SELECT a, x FROM p, r, h WHERE a IN (1, 3) AND k = y AND v > 100",
    "SELECT a, x FROM p, e, h WHERE a IN (1, 3) AND h.k = e.k",
    # a key that can raise is not paired: the errors come as SQLite's
    "SELECT a, x, v FROM p, r, h WHERE a IN (1, 3) AND k = abs(x - 9223372036854775807 - 2)",
]


@pytest.fixture
def paired(monkeypatch):
    """Counts the hash joins run through the paired loop."""
    calls = [0]
    original = join_run._paired_hash_join

    def counting(*args):
        calls[0] += 1
        return original(*args)
    monkeypatch.setattr(join_run, "_paired_hash_join", counting)
    return calls


def test_paired_hash_join_gives_sqlites_rows_in_its_order(paired):
    assert_same(SETUP, QUERIES)
    assert paired[0] >= 6


@pytest.mark.parametrize("changes", [
    ("INSERT INTO r VALUES (8, 20, 'b')", "DELETE FROM h WHERE v = 1",
     "UPDATE p SET a = a + 1 WHERE a < 3"),
    ("DELETE FROM r",),
    ("DELETE FROM h",),
    ("INSERT INTO h SELECT k, v + 10, w FROM h", "INSERT INTO r SELECT x + 10, y, z FROM r"),
])
def test_paired_hash_join_after_changes(paired, changes):
    """The same queries after rows of each table change, and with R or h emptied."""
    assert_same(SETUP + changes, QUERIES)
    assert paired[0] >= 6
