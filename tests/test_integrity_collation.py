"""PRAGMA integrity_check and quick_check after ``create_collation`` redefines the order an
index was written in, differentially against SQLite through apsw: each row's entry is
sought as SQLite's b-tree seeks it under the new order, so the same rows are reported
missing from the index, the same entries non-unique, the same rows of a WITHOUT ROWID
table out of PRIMARY KEY order; quick_check reports none of them
(planner/exec/integrity_seek.py)."""

import itertools

import apsw
import pytest

import rowandb

ORDERS = {"forward": lambda a, b: (a > b) - (a < b), "reversed": lambda a, b: (b > a) - (b < a),
          "all_equal": lambda a, b: 0, "by_length": lambda a, b: len(a) - len(b),
          "last_letter": lambda a, b: (a[-1:] > b[-1:]) - (a[-1:] < b[-1:])}
TABLES = {
    "index": ["CREATE TABLE w(a TEXT COLLATE c1, b)", "CREATE INDEX wi ON w(a)",
              "CREATE INDEX wb ON w(b)"],
    "unique": ["CREATE TABLE w(a TEXT COLLATE c1 UNIQUE, b)"],
    "second_column": ["CREATE TABLE w(a TEXT COLLATE c1, b)", "CREATE INDEX wi ON w(b, a)"],
    "without_rowid": ["CREATE TABLE w(a TEXT COLLATE c1 PRIMARY KEY, b) WITHOUT ROWID",
                      "CREATE INDEX wb ON w(b)"],
    "expression": ["CREATE TABLE w(a TEXT, b)", "CREATE INDEX wi ON w(a COLLATE c1)"],
    "unique_pair": ["CREATE TABLE w(a TEXT COLLATE c1, b)",
                    "CREATE UNIQUE INDEX wi ON w(a, b)"]}
ROWS = {"five": "('a', 1), ('b', 2), ('c', 3), ('d', 4), ('bb', 5)",
        "thirty": ", ".join(f"('{chr(97 + i * 7 % 26)}{i % 3}', {i})" for i in range(30)),
        "nulls": "('a', 1), (NULL, 2), ('c', 3), (NULL, 4)",
        "same_text": "('a', 1), ('a', 2), ('b', 3)"}
UNWRITABLE = [("unique", "same_text"), ("without_rowid", "same_text"), ("without_rowid", "nulls")]
CHECKS = ["PRAGMA integrity_check", "PRAGMA quick_check", "PRAGMA integrity_check(w)",
          "PRAGMA integrity_check(2)"]
CASES = [(table, rows, order) for table, rows, order in itertools.product(TABLES, ROWS, ORDERS)
         if order != "forward" and (table, rows) not in UNWRITABLE]


def _run(connection, create, table: str, rows: str, order: str) -> list:
    create("c1", ORDERS["forward"])
    for sql in TABLES[table]:
        connection.execute(sql)
    connection.execute(f"INSERT INTO w VALUES {ROWS[rows]}")
    create("c1", ORDERS[order])
    return [[tuple(row) for row in connection.execute(sql)] for sql in CHECKS]


@pytest.mark.parametrize("table,rows,order", CASES)
def test_integrity_check_after_collation_changes_matches_sqlite(table, rows, order):
    lite = apsw.Connection(":memory:")
    expected = _run(lite, lite.create_collation, table, rows, order)
    ours = rowandb.connect(":memory:", isolation_level=None)
    assert _run(ours, ours.create_collation, table, rows, order) == expected


def test_the_issue_repro_reports_sqlites_rows():
    ours = rowandb.connect(":memory:", isolation_level=None)
    ours.create_collation("c1", ORDERS["forward"])
    ours.execute("CREATE TABLE w(a TEXT COLLATE c1, b)")
    ours.execute("CREATE INDEX wi ON w(a)")
    ours.execute("INSERT INTO w VALUES ('a', 1), ('b', 2), ('c', 3), ('d', 4), ('b', 5)")
    ours.create_collation("c1", ORDERS["reversed"])
    lite = apsw.Connection(":memory:")
    lite.create_collation("c1", ORDERS["forward"])
    lite.execute("CREATE TABLE w(a TEXT COLLATE c1, b)")
    lite.execute("CREATE INDEX wi ON w(a)")
    lite.execute("INSERT INTO w VALUES ('a', 1), ('b', 2), ('c', 3), ('d', 4), ('b', 5)")
    lite.create_collation("c1", ORDERS["reversed"])
    expected = [tuple(row) for row in lite.execute("PRAGMA integrity_check")]
    assert expected == [(f"row {n} missing from index wi",) for n in (1, 2, 3, 5)]
    assert ours.execute("PRAGMA integrity_check").fetchall() == expected
