"""The two foreign-key production failures of the brief, reproduced.

Failure 1 (Tarantool #10476): a rejected statement must release everything it built. A
parent row holds 512 KiB; 10,000 statements that each build another 512 KiB value and then
fail a foreign-key check must leave memory flat and the database unchanged.

In SQLite's semantics a ``REPLACE`` of a parent whose child has NO ACTION *succeeds* (the
key exists again at the end of the statement, FOREIGN_KEYS.md rule 5), so the REPLACE
scenario uses ``ON DELETE RESTRICT`` — the action that makes Tarantool's REPLACE fail.

Failure 3 (InnoDB bug 18806829): the dictionary cache keeps each table's constraints in
sorted trees keyed by constraint id, one object per constraint shared by both tables. The
speed of loading 1,000 vs 10,000 constraints is measured by ``make bench`` (bench/fk.py);
these tests check the structure that makes it O(log n) per constraint and its behaviour.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import rowandb
from rowandb.storage.sortedmap import SortedMap

BIG = 512 * 1024
ATTEMPTS = 10_000
LIMIT = 4 * 1024 * 1024

FAILING = {
    "replace parent": ("REPLACE INTO parent VALUES (1, ?)", "b"),
    "update parent key": ("UPDATE parent SET id = 2, v = ? WHERE id = 1", "u"),
    "delete parent": ("DELETE FROM parent WHERE id = 1 AND length(?) > 0", "d"),
    "insert orphan child": ("INSERT INTO child VALUES (99, ?)", "o"),
}

# The loop runs in a fresh interpreter: process RSS inside a long pytest run also moves
# with other tests' heap fragmentation, which says nothing about this scenario.
_LOOP = r"""
import gc, json, os, sys, tracemalloc
import rowandb
import rowandb

BIG, ATTEMPTS, WARMUP = 512 * 1024, int(sys.argv[3]), 500
sql, fill = sys.argv[1], sys.argv[2]

def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")

def dump(con):
    return [con.execute(f"SELECT rowid, * FROM {t} ORDER BY rowid").fetchall()
            for t in ("parent", "child")]

con = rowandb.connect(":memory:", isolation_level=None)
con.execute("CREATE TABLE parent(id INTEGER PRIMARY KEY, v TEXT)")
con.execute("CREATE TABLE child(pid REFERENCES parent(id) ON DELETE RESTRICT, v TEXT)")
con.execute("INSERT INTO parent VALUES (1, ?)", ("a" * BIG,))
con.execute("INSERT INTO child VALUES (1, 'c')")
before = dump(con)

def attempt():
    try:
        con.execute(sql, (fill * BIG,))
    except rowandb.IntegrityError as error:
        assert str(error) == "FOREIGN KEY constraint failed", error
        return 1
    return 0

# Warm up first: the compiled statement and dictionary caches fill, and glibc's allocator
# settles (after the first 512 KiB blocks are freed it raises its mmap threshold and serves
# later ones from the heap, which grows once to its working set).
warm = sum(attempt() for _ in range(WARMUP))
gc.collect()
tracemalloc.start()
traced, resident = tracemalloc.get_traced_memory()[0], rss()
failures = sum(attempt() for _ in range(ATTEMPTS))
gc.collect()
print(json.dumps({"failures": failures + warm - WARMUP,
                  "traced": tracemalloc.get_traced_memory()[0] - traced,
                  "rss": rss() - resident, "unchanged": dump(con) == before,
                  "in_transaction": con.in_transaction}))
"""


@pytest.mark.parametrize("case", sorted(FAILING))
def test_failed_fk_checks_leak_nothing(case):
    sql, fill = FAILING[case]
    done = subprocess.run([sys.executable, "-c", _LOOP, sql, fill, str(ATTEMPTS)],
                          capture_output=True, text=True, timeout=600,
                          cwd=Path(__file__).resolve().parents[1])
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout)
    assert figures["failures"] == ATTEMPTS
    assert figures["traced"] < LIMIT, f"traced memory grew by {figures['traced']} bytes"
    assert figures["rss"] < LIMIT, f"RSS grew by {figures['rss']} bytes"
    assert figures["unchanged"] and not figures["in_transaction"]


def test_no_action_replace_of_parent_succeeds_as_in_sqlite():
    con = rowandb.connect(":memory:", isolation_level=None)
    con.execute("CREATE TABLE parent(id INTEGER PRIMARY KEY, v)")
    con.execute("CREATE TABLE child(pid REFERENCES parent(id))")
    con.execute("INSERT INTO parent VALUES (1, 'a')")
    con.execute("INSERT INTO child VALUES (1)")
    con.execute("REPLACE INTO parent VALUES (1, 'b')")
    assert con.execute("SELECT * FROM parent").fetchall() == [(1, "b")]


# -- failure 3: the dictionary's sorted trees ------------------------------------------
def _schema(con, n: int) -> None:
    con.execute("CREATE TABLE t1(f1 PRIMARY KEY)")
    for i in range(n):
        con.execute(f"CREATE TABLE fk_{i}(f1 PRIMARY KEY, FOREIGN KEY (f1) REFERENCES t1(f1) "
                    "ON DELETE CASCADE ON UPDATE CASCADE)")


def _dictionary(con):
    return con._session.db.dictionary if hasattr(con, "_session") else _find_dictionary(con)


def _find_dictionary(con):
    for value in vars(con).values():
        db = getattr(value, "db", None)
        if db is not None and hasattr(db, "dictionary"):
            return db.dictionary
    raise AssertionError("connection does not expose its session")


def test_constraints_live_in_sorted_trees_shared_by_both_tables():
    con = rowandb.connect(":memory:", isolation_level=None)
    _schema(con, 50)
    dictionary = _dictionary(con)
    parent = dictionary.table("t1")
    assert isinstance(parent.fk_in, SortedMap) and len(parent.fk_in) == 50
    assert list(parent.fk_in.keys()) == sorted(parent.fk_in.keys())
    for fk_id, fk in parent.fk_in.items():
        child = dictionary.table(fk.child)
        assert child.fk_out[fk_id] is fk          # one object, in both trees


def test_cold_load_reads_every_incoming_constraint_once():
    con = rowandb.connect(":memory:", isolation_level=None)
    _schema(con, 200)
    dictionary = _dictionary(con)
    dictionary.cache.clear()
    loads = dictionary.stats.loads
    parent = dictionary.table("t1")
    assert dictionary.stats.loads == loads + 1     # the parent alone, not its 200 children
    assert len(parent.fk_in) == 200
    child = dictionary.table("fk_7")
    assert parent.fk_in[child.foreign_keys[0].id] is child.foreign_keys[0]


def test_table_cache_is_bounded_and_reloads_after_eviction():
    con = rowandb.connect(":memory:", isolation_level=None, table_cache_size=10)
    _schema(con, 30)
    dictionary = _dictionary(con)
    assert dictionary.cached_count() <= 10
    assert dictionary.stats.evictions > 0
    con.execute("INSERT INTO t1 VALUES (1)")
    con.execute("INSERT INTO fk_3 VALUES (1)")
    con.execute("INSERT INTO fk_29 VALUES (1)")
    con.execute("DELETE FROM t1 WHERE f1 = 1")     # cascades through evicted definitions
    assert con.execute("SELECT count(*) FROM fk_3").fetchone() == (0,)
    assert con.execute("SELECT count(*) FROM fk_29").fetchone() == (0,)
    stats = dict(zip([d[0] for d in con.execute("PRAGMA dictionary_stats").description],
                     con.execute("PRAGMA dictionary_stats").fetchone()))
    assert stats["evictions"] > 0 and stats["loads"] > 30 and stats["longest_hold_ms"] > 0


def test_dropping_a_child_removes_its_constraint_from_the_cached_parent():
    con = rowandb.connect(":memory:", isolation_level=None)
    _schema(con, 3)
    dictionary = _dictionary(con)
    assert len(dictionary.table("t1").fk_in) == 3
    con.execute("DROP TABLE fk_1")
    assert sorted(fk.child for fk in dictionary.table("t1").fk_in.values()) == ["fk_0", "fk_2"]


def test_rolled_back_child_leaves_no_constraint_behind():
    con = rowandb.connect(":memory:", isolation_level=None)
    con.execute("CREATE TABLE t1(f1 PRIMARY KEY)")
    con.execute("BEGIN")
    con.execute("CREATE TABLE c(x REFERENCES t1(f1))")
    con.execute("ROLLBACK")
    dictionary = _dictionary(con)
    assert len(dictionary.table("t1").fk_in) == 0
    assert con.execute("SELECT count(*) FROM SYS_FOREIGN").fetchone() == (0,)
    assert con.execute("SELECT count(*) FROM SYS_FOREIGN_COLS").fetchone() == (0,)
