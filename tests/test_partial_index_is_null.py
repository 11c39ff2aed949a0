"""A partial index searched by an IN beside `x IS NULL` or `x IS v` (optimizer/in_loop.py).

SQLite searches `x IS NULL` on an index key as `x = NULL` (whereLoopAddBtreeIndex's
WO_ISNULL), but whether a partial index may be read at all is proved from the WHERE as
written: `c IS NULL` does not imply the index's `c IS NOT NULL`. RowanDB proved it from
the `=` form, so `WHERE c IS NULL AND a IN (1, 2)` with an index on a WHERE c IS NOT NULL
searched that index and lost every row (the review of the twenty-seventh round; 9 of
these 24 queries differ on `6134f61`)."""

from __future__ import annotations

import pytest

from oracle import assert_same

INDEXES = ["CREATE INDEX i ON t(a) WHERE c IS NOT NULL",
           "CREATE INDEX i ON t(a, c) WHERE c IS NOT NULL",
           "CREATE INDEX i ON t(c, a) WHERE c IS NOT NULL",
           "CREATE INDEX i ON t(a) WHERE c > 0"]
QUERIES = ["SELECT rowid FROM t WHERE c IS NULL AND a IN (1, 2) ORDER BY rowid",
           "SELECT rowid FROM t WHERE c IS NULL AND a = 2 ORDER BY rowid",
           "SELECT rowid FROM t WHERE a IN (1, 2) AND c IS NULL ORDER BY rowid",
           "SELECT rowid FROM t WHERE c IS 1 AND a IN (1, 2) ORDER BY rowid",
           "SELECT rowid FROM t WHERE c IS NOT NULL AND a IN (1, 2) ORDER BY rowid",
           "SELECT rowid FROM t WHERE c IS NULL AND a IN (1, 2) AND c IS NULL ORDER BY rowid"]


@pytest.mark.parametrize("index", INDEXES)
def test_is_null_beside_an_in_reads_no_partial_index_it_does_not_imply(index):
    assert_same(["CREATE TABLE t(a, c)", index,
                 "INSERT INTO t VALUES (2, NULL), (2, 1), (1, NULL), (3, 1)"], QUERIES)
