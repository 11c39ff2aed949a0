"""A parameter is an expression to SQLite and nothing else, against SQLite (apsw).

SQLite's grammar (parse.y) takes a VARIABLE only as an ``expr``: in a name's place -- a
column's or a table's alias, a CTE's, a window's, a collation, a type, an index's name, a
pragma's value -- it is a syntax error at the parameter. sqlglot reads some of those
places as names (``SELECT 1 AS ?`` named its column ``__p0``), so a statement holding a
parameter is given to the recognizer (statement_text.parse_one). Each shape of parameter
is put in each place of every kind of statement; the outcome (rows, or the error's
message) must be SQLite's. ATTACH and DETACH, which RowanDB does not build, are refused
with NotSupportedError naming them.
"""

from __future__ import annotations

import re

import apsw
import pytest

import rowandb
from rowandb.sql.parse.lexer import tokens_before_error

PLACES = [
    "SELECT {p}", "SELECT {p} AS x", "SELECT 1 AS {p}", "SELECT 1 {p}", "SELECT a AS {p} FROM t",
    "SELECT * FROM t AS {p}", "SELECT * FROM t {p}", "SELECT * FROM (SELECT 1) AS {p}",
    "SELECT * FROM (SELECT 1) {p}", "SELECT * FROM t WHERE a = {p}",
    "SELECT * FROM t WHERE a IN ({p}, 2)", "SELECT * FROM t WHERE a BETWEEN {p} AND 20",
    "SELECT * FROM t LIMIT {p}", "SELECT * FROM t LIMIT 1 OFFSET {p}",
    "SELECT * FROM t LIMIT {p}, 1", "SELECT * FROM t ORDER BY {p}",
    "SELECT a FROM t GROUP BY a HAVING count(*) > {p}",
    "SELECT count(*) FILTER (WHERE a > {p}) FROM t", "SELECT CASE {p} WHEN 1 THEN 2 END",
    "SELECT abs({p})", "SELECT sum(a) OVER (ROWS {p} PRECEDING) FROM t",
    "SELECT sum(a) OVER w FROM t WINDOW {p} AS ()", "SELECT sum(a) OVER {p} FROM t",
    "SELECT {p}(1)", "SELECT * FROM json_each({p})", "SELECT * FROM json_each('[1]') AS {p}",
    "WITH {p} AS (SELECT 1) SELECT 1", "WITH x({p}) AS (SELECT 1) SELECT * FROM x",
    "WITH x AS (SELECT {p}) SELECT * FROM x", "SELECT 1 COLLATE {p}", "SELECT CAST(1 AS {p})",
    "SELECT * FROM t INDEXED BY {p}", "SELECT {p}.a FROM t", "SELECT t.{p} FROM t",
    "SELECT * FROM t NATURAL JOIN t AS u USING ({p})", "SELECT * FROM t JOIN t AS u ON {p}",
    "INSERT INTO t VALUES ({p})", "INSERT INTO t({p}) VALUES (1)", "INSERT INTO t SELECT {p}",
    "INSERT INTO t AS {p} VALUES (1)", "INSERT INTO t VALUES (1) RETURNING {p}",
    "INSERT INTO t VALUES (1) RETURNING a AS {p}", "INSERT INTO t VALUES (1) RETURNING a {p}",
    "INSERT INTO u VALUES (1) ON CONFLICT(a) DO UPDATE SET a = {p}",
    "INSERT INTO u VALUES (1) ON CONFLICT({p}) DO NOTHING",
    "INSERT INTO u VALUES (1) ON CONFLICT(a) WHERE {p} DO NOTHING", "UPDATE t SET a = {p}",
    "UPDATE t SET {p} = 1", "UPDATE t AS {p} SET a = 1", "UPDATE t SET a = 1 WHERE a = {p}",
    "UPDATE t SET a = 1 FROM (SELECT 1) AS {p}", "UPDATE t SET a = 1 FROM u WHERE u.a = {p}",
    "DELETE FROM t WHERE a = {p}", "DELETE FROM t AS {p}",
    "DELETE FROM t WHERE a = 1 RETURNING {p}", "CREATE TABLE {p}(a)", "CREATE TABLE x({p})",
    "CREATE TABLE x(a DEFAULT {p})", "CREATE TABLE x(a CHECK (a > {p}))",
    "CREATE TABLE x(a AS ({p}))", "CREATE TABLE x AS SELECT {p} AS b",
    "CREATE INDEX i ON t(a) WHERE a > {p}", "CREATE INDEX i ON t(a + {p})",
    "CREATE VIEW v AS SELECT {p}", "CREATE VIEW v({p}) AS SELECT 1",
    "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT {p}; END",
    "CREATE TRIGGER tr AFTER INSERT ON t WHEN {p} BEGIN SELECT 1; END",
    "PRAGMA user_version = {p}", "PRAGMA {p}", "ATTACH {p} AS x", "ATTACH ':memory:' AS {p}",
    "DETACH {p}", "VACUUM INTO {p}", "VACUUM {p}", "SAVEPOINT {p}", "ANALYZE {p}", "REINDEX {p}",
    "DROP TABLE {p}", "SELECT 1 UNION SELECT {p}", "SELECT {p} UNION SELECT 1 ORDER BY {p}",
    "VALUES ({p})", "VALUES (1), ({p})", "SELECT * FROM t WHERE a MATCH {p}",
    "SELECT a LIKE {p} ESCAPE {p} FROM t", "SELECT EXISTS (SELECT {p})", "SELECT ({p})",
    "SELECT (SELECT 1) {p}", "SELECT a FROM t ORDER BY a COLLATE {p}",
    "SELECT a FROM t ORDER BY a {p}", "SELECT raise(ignore) {p}", "SELECT {p} IS {p}",
    "SELECT {p} NOT NULL", "SELECT - {p}", "SELECT 1 FROM t WHERE {p} {p}",
]
SHAPES = ["?", "?3", ":a", "#a", "$a(b)"]
_NOT_BUILT = ("ATTACH", "DETACH")


def _values(sql: str, shape: str):
    """A value for every parameter, by position or by name without its prefix."""
    found = [t.text for t in tokens_before_error(sql) if t.kind == "param"]
    if shape.startswith("?"):
        return (1,) * (3 if shape == "?3" else len(found))
    return {text[1:]: 1 for text in found}


def _outcome(db, sql: str, values):
    try:
        cursor = db.execute(sql, values)
        return "ok", [tuple(row) for row in cursor.fetchall()] \
            if not isinstance(db, rowandb.Connection) or cursor.description else []
    except (rowandb.Error, apsw.Error) as error:
        return "error", re.sub(r" \(line \d+, column \d+\)$", "", str(error))


def _connections():
    mine, theirs = rowandb.connect(":memory:", isolation_level=None), apsw.Connection(":memory:")
    for db in (mine, theirs):
        db.execute("CREATE TABLE t(a)")
        db.execute("CREATE TABLE u(a UNIQUE)")
        db.execute("INSERT INTO t VALUES (1)")
    return mine, theirs


@pytest.mark.parametrize("place", PLACES)
def test_parameter_places_are_sqlite_s(place):
    differ = []
    for shape in SHAPES:
        sql = place.format(p=shape)
        mine, theirs = _connections()
        values = _values(sql, shape)
        if sql.startswith(_NOT_BUILT):
            with pytest.raises(rowandb.NotSupportedError, match=sql.split()[0]):
                mine.execute(sql, values)
            continue
        got, expected = _outcome(mine, sql, values), _outcome(theirs, sql, values)
        if got != expected:
            differ.append((sql, got, expected))
    assert not differ
