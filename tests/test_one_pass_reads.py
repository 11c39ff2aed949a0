"""EXPLAIN QUERY PLAN of UPDATE and DELETE through an index, against SQLite (apsw).

SQLite writes an UPDATE's or DELETE's rows as its loop finds them (one pass) when the loop
finds at most one row, or when nothing forbids several (no trigger, no foreign key to
process, no subquery in the WHERE; for an UPDATE no new rowid and no REPLACE): its loop
then keeps the table's cursor, and an index holding every column read is ``USING INDEX``,
not ``USING COVERING INDEX`` (optimizer/one_pass_reads.py). Each schema below makes one
of those conditions hold or not; each statement's lines for the table written (not those
of a subquery or a foreign-key check) must be SQLite's, and so must the rows after it.
"""

from __future__ import annotations

import apsw
import pytest

import rowandb

BASE = ["CREATE TABLE t(a, b, c, d NOT NULL, e)", "CREATE INDEX i ON t(a, b)",
        "CREATE INDEX j ON t(b)", "CREATE UNIQUE INDEX k ON t(d)", "CREATE UNIQUE INDEX m ON t(e)",
        "CREATE UNIQUE INDEX n ON t(c, d)",
        "INSERT INTO t VALUES (1, 2, 3, 4, 5), (1, 3, 4, 5, 6), (2, 2, 5, 6, NULL)"]
SCHEMAS = {
    "plain": [],
    "update trigger": ["CREATE TRIGGER tr AFTER UPDATE ON t BEGIN SELECT 1; END"],
    "update of c trigger": ["CREATE TRIGGER tr BEFORE UPDATE OF c ON t BEGIN SELECT 1; END"],
    "delete trigger": ["CREATE TRIGGER tr AFTER DELETE ON t BEGIN SELECT 1; END"],
    "child": ["PRAGMA foreign_keys = ON", "CREATE TABLE p(x PRIMARY KEY)",
              "INSERT INTO p VALUES (1), (2), (3), (4), (9)",
              "CREATE TABLE t2(a REFERENCES p(x), b)", "INSERT INTO t2 SELECT a, b FROM t",
              "DROP TABLE t", "ALTER TABLE t2 RENAME TO t", "CREATE INDEX i ON t(a, b)"],
    "parent": ["PRAGMA foreign_keys = ON", "CREATE TABLE ch(y REFERENCES t(e))"],
    "replace": ["CREATE TABLE t2(a, b, c UNIQUE ON CONFLICT REPLACE, d NOT NULL, e)",
                "INSERT INTO t2 SELECT * FROM t", "DROP TABLE t", "ALTER TABLE t2 RENAME TO t",
                "CREATE INDEX i ON t(a, b)"],
}
STATEMENTS = [
    "UPDATE t SET c = 1 WHERE a IN (1, 2)", "UPDATE t SET b = 7 WHERE a = 1",
    "UPDATE t SET c = 9 WHERE a = 1 AND b = 3", "UPDATE t SET a = a + 1 WHERE a = 1",
    "UPDATE t SET rowid = rowid + 10 WHERE a = 1", "UPDATE OR REPLACE t SET c = 8 WHERE a = 2",
    "UPDATE t SET c = 7 WHERE a > 1", "UPDATE t SET c = (SELECT 6) WHERE a = 1",
    "UPDATE t SET c = 5 WHERE a = 1 AND b IN (SELECT 2)", "UPDATE t SET c = 4 WHERE d = 4",
    "UPDATE t SET c = 3 WHERE e = 5", "UPDATE t SET b = 3 WHERE e IS 6",
    "UPDATE t SET a = 3 WHERE c = 3 AND d = 4", "UPDATE t SET a = 4 WHERE d IN (4, 5)",
    "UPDATE t SET c = c WHERE rowid = 1",
    "DELETE FROM t WHERE a = 1", "DELETE FROM t WHERE a IN (1, 2) AND b = 2",
    "DELETE FROM t WHERE a = 1 AND b IN (SELECT 2)", "DELETE FROM t WHERE d = 5",
    "DELETE FROM t WHERE e = 6", "DELETE FROM t WHERE b > 2",
    "UPDATE t INDEXED BY n SET a = 3 WHERE c = 3 AND d = 4", "UPDATE t SET e = 1 WHERE c = 4",
    "UPDATE t SET a = 5 WHERE c = 4 AND d = 5 AND e = 6", "DELETE FROM t WHERE c = 3 AND d = 4",
    "DELETE FROM t INDEXED BY n WHERE c = 3 AND d IS 4", "DELETE FROM t WHERE e IS 5",
]


def _lines(run, sql: str) -> list:
    """The EXPLAIN QUERY PLAN lines that read table t."""
    return [row[3] for row in run("EXPLAIN QUERY PLAN " + sql)
            if row[3].startswith(("SEARCH t ", "SCAN t"))]


def _outcome(run, sql: str):
    try:
        lines = _lines(run, sql)
        run(sql)
        return lines, sorted(map(tuple, run("SELECT rowid, * FROM t")))
    except (rowandb.Error, apsw.Error) as error:
        return "error", str(error)


@pytest.mark.parametrize("schema", SCHEMAS)
def test_one_pass_reads_as_sqlite(schema):
    wrong = []
    for sql in STATEMENTS:
        mine = rowandb.connect(":memory:", isolation_level=None)
        theirs = apsw.Connection(":memory:")
        for statement in BASE + SCHEMAS[schema]:
            mine.execute(statement)
            theirs.execute(statement)

        def run_mine(text):
            cursor = mine.execute(text)
            return cursor.fetchall() if cursor.description else []

        def run_theirs(text):
            return list(theirs.execute(text))
        expected, got = _outcome(run_theirs, sql), _outcome(run_mine, sql)
        if expected != got:
            wrong.append(f"{schema}: {sql}\n   SQLite  {expected}\n   RowanDB {got}")
    assert not wrong, f"{len(wrong)} differ:\n" + "\n".join(wrong)
