"""Every keyword SQLite takes as a table's name, through every statement that names a table,
against SQLite (apsw): CREATE TABLE (TEMP, IF NOT EXISTS, schema-qualified, REFERENCES),
CREATE INDEX ... ON, CREATE TRIGGER ... ON, CREATE VIEW, INSERT / REPLACE, UPDATE [OR ...],
DELETE, SELECT ... FROM (JOIN, a comma, a qualifier), ALTER TABLE (every form, RENAME TO the
word) and DROP. Each statement's outcome and then sqlite_schema must be SQLite's
(``test_alter.assert_answers_as_sqlite``).

sqlglot reads some of these words as its own keywords (``CREATE TABLE like(a)``, ``FROM
cross``, ``INSERT INTO for``, ``ON full`` in a trigger, ``CREATE TABLE raise(a)``,
``CREATE TABLE current_date(a)``, ``FROM with``): ``sql/parse/table_name_places.py`` finds them
where a table's name stands and has them quoted for it.

``IF`` and NOTNULL go through it too: SQLite writes ``CREATE TABLE main.if(a)`` and then
cannot read its own schema ('malformed database schema (if) - near "(": syntax error'),
and so fails it, as RowanDB does (sql/schema_text_check.py); ``SELECT 1 IN notnull`` is a
syntax error in both.
"""

from __future__ import annotations

import apsw
import pytest

import rowandb
from test_alter import _SCHEMA, _outcome, _rowandb_run, _sqlite_run, assert_answers_as_sqlite



def _scripts(kw: str) -> list[list[str]]:
    return [
        [f"CREATE TABLE {kw}(a, b)", f"CREATE INDEX i ON {kw}(a)",
         f"CREATE UNIQUE INDEX IF NOT EXISTS j ON {kw}(b) WHERE a > 0",
         f"CREATE TRIGGER tr AFTER INSERT ON {kw} BEGIN UPDATE {kw} SET b = 1 WHERE a = new.a; "
         f"DELETE FROM {kw} WHERE a < 0; INSERT INTO {kw} SELECT * FROM {kw} WHERE 0; END",
         f"CREATE TRIGGER tu AFTER UPDATE OF a ON {kw} BEGIN SELECT 1; END",
         f"CREATE VIEW v AS SELECT a FROM {kw}", f"INSERT INTO {kw} VALUES (1, 2)",
         f"INSERT INTO {kw}(a, b) SELECT a + 1, b FROM {kw}", f"UPDATE {kw} SET a = a + 1",
         f"SELECT * FROM {kw}", f"SELECT {kw}.a FROM {kw}", f"SELECT * FROM {kw} AS x",
         f"SELECT * FROM main.{kw}", "SELECT * FROM v", f"DELETE FROM {kw} WHERE a = 2",
         f"SELECT count(*) FROM {kw}", f"SELECT * FROM {kw}, v", f"SELECT * FROM v, {kw}",
         f"ALTER TABLE {kw} ADD COLUMN c", f"ALTER TABLE {kw} RENAME COLUMN a TO z",
         f"ALTER TABLE {kw} DROP COLUMN c", f"ALTER TABLE {kw} RENAME TO n",
         f"ALTER TABLE n RENAME TO {kw}", f"SELECT * FROM {kw}", "DROP VIEW v", "DROP INDEX i",
         f"DROP TABLE {kw}"],
        [f"CREATE VIEW {kw} AS SELECT 1 AS a", f"SELECT * FROM {kw}",
         f"CREATE TRIGGER tr INSTEAD OF INSERT ON {kw} BEGIN SELECT 1; END",
         f"INSERT INTO {kw} VALUES (5)", f"DROP VIEW IF EXISTS {kw}"],
        [f"CREATE TABLE IF NOT EXISTS main.{kw}(a PRIMARY KEY, b REFERENCES {kw}(a))",
         f"CREATE TABLE c(x REFERENCES {kw}(a))", f"INSERT INTO main.{kw} VALUES (1, 1)",
         f"SELECT * FROM c JOIN {kw} ON x = a", f"SELECT * FROM {kw} JOIN c ON x = a",
         f"SELECT * FROM {kw} LEFT JOIN c ON x = a", f"REPLACE INTO {kw} VALUES (1, 1)",
         f"INSERT OR IGNORE INTO {kw} VALUES (1, 1)", f"UPDATE OR IGNORE {kw} SET a = 2",
         f"UPDATE main.{kw} SET b = 2", f"DELETE FROM main.{kw}",
         f"DROP TABLE IF EXISTS main.{kw}"],
        [f"CREATE TEMP TABLE {kw}(a)", f"INSERT INTO temp.{kw} VALUES (1)",
         f"SELECT * FROM temp.{kw}", f"DROP TABLE temp.{kw}"],
        ["CREATE TABLE t(a, b)", f"ALTER TABLE t RENAME TO {kw}", f"SELECT * FROM {kw}",
         f"CREATE TABLE {kw}2 AS SELECT * FROM {kw}"],
        [f"CREATE TABLE {kw}(a, b)", f"INSERT INTO {kw} VALUES (1, 2)",
         f"CREATE TABLE x AS SELECT * FROM {kw}",
         f"WITH c AS (SELECT * FROM {kw}) SELECT * FROM c", f"SELECT * FROM (SELECT * FROM {kw})",
         f"SELECT EXISTS (SELECT 1 FROM {kw})", f"SELECT {kw}.* FROM {kw}",
         f"PRAGMA table_info({kw})", f"REINDEX {kw}",
         f"CREATE INDEX i ON {kw}(a)", f"SELECT * FROM {kw} INDEXED BY i",
         f"SELECT * FROM {kw} NOT INDEXED", f"DELETE FROM {kw} WHERE a = 5 RETURNING *",
         f"UPDATE {kw} SET b = 3 RETURNING {kw}.a",
         f"INSERT INTO {kw} AS z VALUES (1, 2) ON CONFLICT DO NOTHING",
         f"SELECT * FROM x NATURAL JOIN {kw}", f"SELECT * FROM x JOIN {kw} USING (a)",
         f"SELECT (SELECT count(*) FROM {kw}) FROM x",
         f"SELECT * FROM x WHERE a IN (SELECT a FROM {kw})",
         f"CREATE TRIGGER tg BEFORE DELETE ON x BEGIN DELETE FROM {kw}; "
         f"INSERT OR REPLACE INTO {kw} VALUES (1, 1); END", "DELETE FROM x",
         f"SELECT * FROM {kw}", f"SELECT * FROM pragma_table_info('{kw}')", "DROP INDEX i",
         f"REINDEX main.{kw}", f"SELECT 1 IN {kw}", f"SELECT 1 IN main.{kw}",
         f"SELECT 1 NOT IN temp.{kw}", f"SELECT * FROM main.{kw}(1)", f"SELECT 1 IN {kw}(1)"],
    ]


@pytest.mark.parametrize("kw", sorted(apsw.keywords))
def test_a_keyword_as_a_table_name_through_every_statement(kw):
    for script in _scripts(kw):
        assert_answers_as_sqlite(script)


@pytest.mark.parametrize("kw", sorted(apsw.keywords))
def test_analyze_a_table_named_by_a_keyword(kw):
    """ANALYZE's outcomes only: SQLite's build here keeps sqlite_stat4, RowanDB none."""
    theirs, ours = _sqlite_run(), _rowandb_run()
    for sql in [f"CREATE TABLE {kw}(a)", f"CREATE INDEX i ON {kw}(a)", f"ANALYZE {kw}",
                f"ANALYZE main.{kw}", "ANALYZE i"]:
        assert _outcome(ours, sql) == _outcome(theirs, sql), sql


@pytest.mark.parametrize("script", [
    # a keyword that starts an operand is no qualifier there (SQLite: near ".")
    ["CREATE TABLE cast(a)", "SELECT cast.a FROM cast", "SELECT x.a FROM cast AS x"],
    ["CREATE TABLE raise(a)", "SELECT raise.a FROM raise", "SELECT * FROM main.raise"],
    # a table named OF: a trigger's UPDATE OF list is the OF right after UPDATE
    ["CREATE TABLE of(a, b)", "CREATE TRIGGER tr AFTER UPDATE OF a ON of BEGIN SELECT 1; END",
     "CREATE TRIGGER ti AFTER INSERT ON of BEGIN SELECT new.a; END",
     "ALTER TABLE of RENAME COLUMN a TO z"],
    # a table named TRIGGER is no CREATE TRIGGER
    ["CREATE TABLE trigger(a)", "CREATE VIEW w AS SELECT * FROM trigger",
     "CREATE TEMP TABLE temp_t(a)", "SELECT * FROM temp_t, w"],
    ["CREATE VIEW trigger AS SELECT 1 AS a", "SELECT * FROM trigger"],
    # DO before JOIN is a table, not an upsert's DO
    ["CREATE TABLE do(a)", "CREATE TABLE c(a)", "SELECT * FROM do JOIN c USING (a)"],
    # a trigger's WITH table in its body: no WITH clause there
    ["CREATE TABLE with(a)", "CREATE TRIGGER tr AFTER INSERT ON with BEGIN "
     "UPDATE with SET a = 1; INSERT INTO with SELECT 1 WHERE 0; END",
     "INSERT INTO with VALUES (0)", "SELECT * FROM with"],
    ["CREATE TABLE t(a)", "CREATE TRIGGER tr AFTER INSERT ON t BEGIN "
     "WITH c AS (SELECT 1) INSERT INTO t SELECT * FROM c; END"],
    # RAISE( as a table's name is no RAISE call, outside a trigger too
    ["CREATE TABLE raise(a)", "INSERT INTO raise(a) VALUES (1)", "SELECT * FROM raise"],
    ["CREATE TABLE current_date(a)", "INSERT INTO current_date(a) VALUES (1)",
     "SELECT current_date FROM current_date"],
], ids=lambda s: " | ".join(s)[:80])
def test_keyword_table_name_edges(script):
    assert_answers_as_sqlite(script)


@pytest.mark.parametrize("script", [
    "CREATE TABLE trigger(a); CREATE TABLE x(b);",
    # a trigger runs to the END that starts a statement of its body's: not a CASE's END, nor
    # a table's name (a script of both was 'incomplete input')
    "CREATE TABLE t(a); CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT CASE WHEN 1 THEN 2 "
    "END; INSERT INTO t SELECT 5 WHERE 0; END; INSERT INTO t VALUES (1); CREATE TABLE u(b);",
    "CREATE TABLE end(a, b); CREATE TABLE x(a); CREATE TRIGGER tg BEFORE DELETE ON x BEGIN "
    "DELETE FROM END; INSERT OR REPLACE INTO END VALUES (1, 1); END; INSERT INTO x VALUES (1); "
    "DELETE FROM x; CREATE TABLE y AS SELECT * FROM end;",
])
def test_a_script_splits_where_sqlite_does(script):
    theirs = apsw.Connection(":memory:")
    theirs.execute(script)
    ours = rowandb.connect(":memory:")
    ours.executescript(script)
    schema = theirs.execute(_SCHEMA).fetchall()
    assert ours.execute(_SCHEMA).fetchall() == schema
    for name in [name for kind, name, _, _ in schema if kind == "table"]:
        rows = f'SELECT * FROM "{name}"'
        assert ours.execute(rows).fetchall() == theirs.execute(rows).fetchall()
