"""SQLite's JSON subtype on the row an INSERT or UPDATE is making, differential against
SQLite (apsw).

A value a JSON function computes straight into the new row (a single-row VALUES, a
DEFAULT, a SET, a DO UPDATE's SET, ``excluded.x``) keeps its subtype for what reads the
row before it is stored: RETURNING, CHECK, generated columns and NEW in triggers
(``rowandb/planner/exec/json_marks.py``); the stored row is plain text. Each script runs
on both engines statement by statement and every outcome must be the same. The matrix
crosses where a value comes from, what reads it and the column's declared type; the
scripts pin the ways the subtype is lost (several VALUES rows, INSERT ... SELECT,
UPDATE ... FROM, a subquery) and that no mark reaches the table or its indexes.
"""
from __future__ import annotations

import itertools

import pytest

from oracle import pair, run

VALUES = ["json('[1]')", "json('1')", "json_quote('x')", "json_quote(NULL)",
          "json('{\"a\":[2]}')", "jsonb_array(1)", "CASE WHEN 1 THEN json('[3]') END",
          "coalesce(NULL, json('[4]'))", "'[5]'"]
TYPES = ["", "TEXT", "INT", "REAL", "BLOB"]

# How a value gets into column b of t(a INTEGER PRIMARY KEY, b{type}); {v} is the value.
PRODUCERS = {
    "values": ([], "INSERT INTO t VALUES (1, {v}) RETURNING {r}"),
    "default": (["DEFAULT"], "INSERT INTO t(a) VALUES (1) RETURNING {r}"),
    "default_select": (["DEFAULT"], "INSERT INTO t(a) SELECT 1 RETURNING {r}"),
    "set": (["ROW"], "UPDATE t SET b = {v} RETURNING {r}"),
    "upsert_set": (["ROW"], "INSERT INTO t VALUES (1, 0) ON CONFLICT(a) DO UPDATE SET b = {v} "
                            "RETURNING {r}"),
    "excluded": (["ROW"], "INSERT INTO t VALUES (1, {v}) ON CONFLICT(a) DO UPDATE SET "
                          "b = excluded.b RETURNING {r}"),
    "replace": (["ROW"], "INSERT OR REPLACE INTO t VALUES (1, {v}) RETURNING {r}"),
    # where SQLite hands over plain values
    "values_rows": ([], "INSERT INTO t VALUES (1, {v}), (2, {v}) RETURNING {r}"),
    "select": ([], "INSERT INTO t SELECT 1, {v} RETURNING {r}"),
    "subquery": (["ROW"], "UPDATE t SET b = (SELECT {v}) RETURNING {r}"),
    "update_from": (["ROW"], "UPDATE t SET b = x FROM (SELECT {v} AS x) RETURNING {r}"),
}
READS = ["json_array(b)", "json_object('k', b, 'n', a)", "b, typeof(b)",
         "json_array(+b, b COLLATE NOCASE)", "json_insert('[]', '$[#]', b)"]


def _setup(kind: list, typ: str, value: str) -> list:
    default = f" DEFAULT ({value})" if "DEFAULT" in kind else ""
    setup = [f"CREATE TABLE t(a INTEGER PRIMARY KEY, b {typ}{default})"]
    if "ROW" in kind:
        setup.append("INSERT INTO t VALUES (1, 'old')")
    return setup


def _same(script: list) -> None:
    mine, sqlite = pair()
    for sql in script:
        ours, theirs = run(mine, sql), run(sqlite, sql)
        assert ours == theirs, f"{sql}\n  RowanDB: {ours}\n  SQLite:  {theirs}\n  {script}"


@pytest.mark.parametrize("producer", sorted(PRODUCERS))
def test_returning_reads_the_subtype_where_sqlite_keeps_it(producer):
    kind, template = PRODUCERS[producer]
    for typ, value, read in itertools.product(TYPES, VALUES, READS):
        _same(_setup(kind, typ, value) + [
            template.format(v=value, r=read),
            "SELECT a, b, typeof(b), json_array(b) FROM t ORDER BY a",   # stored plain
        ])


@pytest.mark.parametrize("typ", TYPES)
def test_check_generated_columns_and_triggers_read_the_row_in_flight(typ):
    for value in VALUES:
        _same([
            f"CREATE TABLE c(b {typ} CHECK (json_array(b) <> '[[1]]'))",
            f"INSERT INTO c VALUES ({value})",          # fails where b keeps its subtype
            "SELECT b, typeof(b) FROM c",
            f"CREATE TABLE g(b {typ}, v AS (json_array(b)), s AS (json_array(b)) STORED)",
            f"INSERT INTO g(b) VALUES ({value}) RETURNING v, s",
            f"UPDATE g SET b = {value} RETURNING v, s",
            "SELECT * FROM g",                          # v is computed from the plain b
            "CREATE INDEX gv ON g(v)",
            "SELECT count(*) FROM g WHERE v = json_array(b)",
            f"CREATE TABLE n(a INTEGER PRIMARY KEY, b {typ})",
            "CREATE TABLE log(what, x)",
            "CREATE TRIGGER bi BEFORE INSERT ON n BEGIN "
            "INSERT INTO log VALUES ('bi', json_array(NEW.b, NEW.b || '')); END",
            "CREATE TRIGGER ai AFTER INSERT ON n BEGIN INSERT INTO log VALUES ('ai', "
            "json_object('b', NEW.b, 't', typeof(NEW.b))); END",
            "CREATE TRIGGER bu BEFORE UPDATE ON n BEGIN "
            "INSERT INTO log VALUES ('bu', json_array(NEW.b, OLD.b)); END",
            "CREATE TRIGGER au AFTER UPDATE ON n BEGIN "
            "INSERT INTO log VALUES ('au', json_array(NEW.b, OLD.b)); END",
            f"INSERT INTO n VALUES (1, {value})",
            f"UPDATE n SET b = {value}",
            f"INSERT INTO n VALUES (1, {value}) ON CONFLICT(a) DO UPDATE SET b = excluded.b",
            f"INSERT INTO n VALUES (2, {value}), (3, {value})",
            "SELECT * FROM log ORDER BY rowid",
            "SELECT a, b, typeof(b) FROM n ORDER BY a",
            "PRAGMA integrity_check",
        ])


SCRIPTS = {
    # the fuzzer's seed 9301242 (issue 8)
    "fuzz_9301242": [
        "CREATE TABLE t1(c2 INT, c3 INT)", "INSERT INTO t1 VALUES (-1, NULL)",
        "UPDATE t1 SET c2 = json_quote(NULL) RETURNING json_array(c2, NULL)",
        "SELECT c2, typeof(c2) FROM t1",
    ],
    # an unmarked column of the same row, the next row of an UPDATE, a DO UPDATE that
    # sets another column: none reads a mark it does not have
    "marks_stay_with_their_row": [
        "CREATE TABLE t(a PRIMARY KEY, b, c)", "INSERT INTO t VALUES (1, '[1]', '[2]')",
        "INSERT INTO t VALUES (2, '[3]', '[4]')",
        "UPDATE t SET b = CASE a WHEN 1 THEN json('[9]') ELSE b END "
        "RETURNING json_array(a, b, c)",
        "INSERT INTO t VALUES (1, json('[7]'), 0) ON CONFLICT(a) DO UPDATE SET c = 5 "
        "RETURNING json_array(b, c)",
        "INSERT INTO t VALUES (1, json('[7]'), 0) ON CONFLICT(a) DO UPDATE SET c = json('[6]') "
        "WHERE json_array(excluded.b) = '[[7]]' RETURNING json_array(b, c)",
        "SELECT a, b, c, typeof(b) FROM t ORDER BY a",
    ],
    # the narrow UPDATE path (exec/narrow_update.py) is not taken when SET keeps a mark
    "narrow_update": [
        "CREATE TABLE t(a INTEGER PRIMARY KEY, b REAL, c)",
        "INSERT INTO t VALUES (1, 1.5, NULL), (2, 2.5, NULL)",
        "UPDATE t SET c = json_array(b) RETURNING json_array(c), json_object('c', c)",
        "UPDATE t SET c = json('[1]') WHERE a = 2 RETURNING json_array(a, c)",
        "SELECT * FROM t ORDER BY a",
    ],
    # a WITHOUT ROWID table and a UNIQUE index over the marked column: keys stay plain
    "indexes_keep_plain_keys": [
        "CREATE TABLE w(k PRIMARY KEY, v UNIQUE) WITHOUT ROWID",
        "INSERT INTO w VALUES (json('[1]'), json('[2]')) RETURNING json_array(k, v)",
        "INSERT INTO w VALUES ('[1]', 0)", "INSERT INTO w VALUES (0, '[2]')",
        "SELECT * FROM w WHERE k = '[1]' AND v = '[2]'", "PRAGMA integrity_check",
    ],
}


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_scripts(name):
    _same(SCRIPTS[name])


def test_parameters_and_executemany_keep_the_subtype_as_sqlite():
    mine, sqlite = pair(["CREATE TABLE t(a, b)", "CREATE TABLE log(x)",
                         "CREATE TRIGGER ai AFTER INSERT ON t BEGIN "
                         "INSERT INTO log VALUES (json_array(NEW.a, NEW.b)); END"])
    rows = [('[1]', 2), ('{"x":3}', '[4]')]
    for session in (mine, sqlite):
        for row in rows:
            session.execute("INSERT INTO t VALUES (json(?), ?)", row)
    assert run(mine, "SELECT * FROM log") == run(sqlite, "SELECT * FROM log")
    assert run(mine, "SELECT * FROM log")[1][0] != run(mine, "SELECT json_array(a, b) FROM t")[1][0]
