"""Column names resolved over FROM lists long enough for the name index (sql/bind/
name_index.py: six items or more), differentially against SQLite: a name one item has, a
name two items have (ambiguous), a name a USING or NATURAL join took from an earlier item,
rowid and its aliases, a name qualified by an item's alias, an UPDATE ... FROM whose
target moves to the front of the list, and the upsert's ``excluded`` (found only
qualified)."""

from __future__ import annotations

import pathlib
import re

import pytest

from oracle import assert_same

SETUP = [f"CREATE TABLE t{i}(a{i} INTEGER PRIMARY KEY, b{i} INT, x{i} TEXT, k INT)"
         for i in range(1, 9)] + \
    [f"INSERT INTO t{i} VALUES({j}, {(j * i) % 5}, 't{i} row {j}', {j % 3})"
     for i in range(1, 9) for j in range(1, 5)] + \
    ["CREATE TABLE u(id INTEGER PRIMARY KEY, v INT UNIQUE, w TEXT)",
     "INSERT INTO u VALUES(1, 10, 'one'), (2, 20, 'two')"]

SEVEN = "t1, t2, t3, t4, t5, t6, t7"

CASES = [
    f"SELECT x1, x7, b3 FROM {SEVEN} WHERE a1 = b2 AND a2 = b3 AND a3 = b4 AND a4 = b5 "
    "AND a5 = b6 AND a6 = b7 ORDER BY 1, 2, 3",
    f"SELECT k FROM {SEVEN}",                                   # ambiguous
    f"SELECT t5.k, count(*) FROM {SEVEN} GROUP BY 1 ORDER BY 1",
    f"SELECT rowid FROM {SEVEN}",                               # ambiguous rowid
    "SELECT oid FROM t1, t2, t3, t4, t5, (SELECT 1 AS z) LIMIT 1",
    f"SELECT t3.rowid, _rowid_ FROM {SEVEN}",
    f"SELECT nosuch FROM {SEVEN}",
    f"SELECT t9.a1 FROM {SEVEN}",
    "SELECT k, a1, a6 FROM t1 JOIN t2 USING (k) JOIN t3 USING (k) JOIN t4 USING (k) "
    "JOIN t5 USING (k) JOIN t6 USING (k) ORDER BY 1, 2, 3 LIMIT 7",
    "SELECT k, count(*) FROM t1 NATURAL JOIN t2 NATURAL JOIN t3 NATURAL JOIN t4 "
    "NATURAL JOIN t5 NATURAL JOIN t6 GROUP BY k ORDER BY k",
    "SELECT k FROM t1 JOIN t2 USING (k), t3, t4, t5, t6",       # t3's k: ambiguous
    "SELECT k FROM t1, t2, t3, t4, t5 JOIN t6 USING (k)",       # t1..t5: ambiguous
    "SELECT a1, (SELECT count(*) FROM t2, t3, t4, t5, t6, t7 WHERE b2 = a1 AND a3 = b2)"
    " FROM t1 ORDER BY 1",
    "SELECT x FROM (SELECT x1 AS x FROM t1), t2, t3, t4, t5, t6 WHERE a2 = 1 AND a3 = 1 "
    "AND a4 = 1 AND a5 = 1 AND a6 = 1 ORDER BY 1",
    f"SELECT x1 AS b2 FROM {SEVEN} WHERE a1 = 1 AND a2 = 1 AND a3 = 1 AND a4 = 1 AND a5 = 1"
    " AND a6 = 1 AND a7 = 1 ORDER BY b2",
    "SELECT a1 FROM t1 JOIN (t2 JOIN t3 ON a2 = a3), t4, t5, t6, t7 "
    "WHERE a1 = 2 AND a2 = 2 AND a4 = 2 AND a5 = 2 AND a6 = 2 AND a7 = 2",
]


@pytest.mark.parametrize("sql", CASES)
def test_names_over_long_from_lists(sql):
    assert_same(SETUP, [sql])


def test_update_from_target_moved_to_front():
    assert_same(SETUP, [
        "UPDATE t1 SET x1 = x3 || x6 FROM t2, t3, t4, t5, t6 WHERE a1 = a2 AND a2 = a3 "
        "AND a3 = a4 AND a4 = a5 AND a5 = a6",
        "UPDATE t1 SET x1 = k FROM t2, t3, t4, t5, t6",
        # the ON terms are bound without the target, the SET and WHERE with it first
        "UPDATE t1 SET x1 = x2 || b7 FROM t2 JOIN t3 ON a3 = b2 JOIN t4 ON a4 = a3 "
        "JOIN t5 ON a5 = a4 JOIN t6 ON a6 = a5 JOIN t7 ON a7 = a6 WHERE a1 = a2",
        "UPDATE t1 SET x1 = a1 FROM t2 JOIN t3 ON a3 = a1 JOIN t4 JOIN t5 JOIN t6 JOIN t7",
        "SELECT a1, x1 FROM t1 ORDER BY a1",
    ])


def test_upsert_excluded_found_only_qualified():
    assert_same(SETUP, [
        "INSERT INTO u SELECT a1 + 5, 10, x6 FROM t1, t2, t3, t4, t5, t6 WHERE a1 = 1 "
        "AND a2 = 1 AND a3 = 1 AND a4 = 1 AND a5 = 1 AND a6 = 1 AND true "
        "ON CONFLICT(v) DO UPDATE SET w = excluded.w || w",
        "INSERT INTO u SELECT a1 + 6, 20, x6 FROM t1, t2, t3, t4, t5, t6 WHERE a1 = 2 "
        "AND a2 = 2 AND a3 = 2 AND a4 = 2 AND a5 = 2 AND a6 = 2 AND true "
        "ON CONFLICT(v) DO UPDATE SET w = excluded",
        "SELECT * FROM u ORDER BY id",
    ])


# The kept index is known to describe a scope's items by the list, its length and its
# first and last items (name_index._indexed): right while the binder changes the list only
# by appending, popping its last item or putting one in front.
_SOURCES_CHANGE = re.compile(r"\.sources\s*(?:\.(\w+)\(([^)]*)\)|\[[^]]*\]\s*=|\+=|\*=)")


def test_scope_items_change_only_at_their_ends():
    root = pathlib.Path(__file__).resolve().parent.parent / "rowandb"
    wrong = []
    for path in sorted(root.rglob("*.py")):
        text = path.read_text()
        for match in _SOURCES_CHANGE.finditer(text):
            method, args = match.groups()
            if method in ("append",) or method == "pop" and not args.strip() or \
                    method == "insert" and args.split(",")[0].strip() == "0" or \
                    method not in (None, "extend", "remove", "clear", "sort", "reverse",
                                   "pop", "insert", "__setitem__", "__delitem__"):
                continue
            wrong.append(f"{path.relative_to(root)}: {match.group(0)}")
        wrong += [f"{path.relative_to(root)}: del" for _ in re.finditer(r"del [\w.]*\.sources\[",
                                                                          text)]
    assert not wrong, wrong
