"""Table-valued functions in FROM, against SQLite (apsw): the machinery and the pragma_*
functions (json_each and json_tree have tests/test_json_each.py).

What is proved here:
- the catalogue: every ``pragma_<name>`` SQLite 3.54 has is known, with SQLite's visible
  and hidden columns (read from SQLite's own ``pragma_table_xinfo``), and no other;
- one implementation: every pragma function RowanDB builds returns exactly what the
  PRAGMA statement returns, and every refused one is refused with the statement's error;
- the machinery, differentially: arguments that are constants, parameters, expressions
  and columns of tables to the left, to the right and of an outer query (re-evaluated per
  row), hidden columns (not in ``*``, selectable, usable in WHERE as arguments), rowids,
  joins of every kind, subqueries, CTEs, views, DML sources; SQLite's errors;
- EXPLAIN QUERY PLAN shows SQLite's ``SCAN name VIRTUAL TABLE INDEX n:`` line.
"""

from __future__ import annotations

import apsw
import pytest
from hypothesis import given, settings, strategies as st

import rowandb
from oracle import assert_same
from rowandb import errors
from rowandb.sql.pragma.pragma_functions import FUNCTIONS
from rowandb.sql.pragma.pragmas import PRAGMAS

SETUP = (
    "CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT DEFAULT 'x' UNIQUE, c REFERENCES t(a))",
    "CREATE INDEX t_c ON t(c DESC)",
    "CREATE TABLE u(x REFERENCES t(a) ON DELETE CASCADE, y NUMERIC NOT NULL, z)",
    "CREATE INDEX u_xy ON u(x, y COLLATE NOCASE)",
    "CREATE VIEW v AS SELECT a, b FROM t",
    "INSERT INTO t VALUES (1, 'p', 1), (2, 'q', 1), (3, 'u', NULL)",
    "INSERT INTO u VALUES (1, 5, 'z'), (2, 6, NULL)",
    "CREATE TABLE names(n TEXT)",
    "INSERT INTO names VALUES ('t'), ('u'), ('T'), ('nosuch'), (NULL), ('v')",
)

# The pragma functions whose results SQLite and RowanDB share on this schema. Each built
# one missing here answers differently by design, as its PRAGMA statement does
# (docs/PRAGMAS.md): busy_timeout (connect() sets 5 s), compile_options (RowanDB's own),
# foreign_keys (ON by default), module_list and pragma_list (RowanDB's own lists),
# schema_version (RowanDB counts its own changes).
SAME_AS_SQLITE = {
    "application_id": "", "collation_list": "", "data_version": "", "database_list": "",
    "defer_foreign_keys": "", "encoding": "", "foreign_key_check": "('u')",
    "foreign_key_list": "('u')", "index_info": "('u_xy')", "index_list": "('u')",
    "index_xinfo": "('t_c')", "integrity_check": "('t')", "journal_mode": "",
    "page_size": "", "freelist_count": "",
    "legacy_alter_table": "", "query_only": "", "quick_check": "", "read_uncommitted": "",
    "recursive_triggers": "", "synchronous": "", "table_info": "('u')",
    "table_list": "('t')", "table_xinfo": "('u')", "temp_store": "", "threads": "",
    "user_version": "",
}


def _sqlite():
    db = apsw.Connection(":memory:")
    db.execute("PRAGMA foreign_keys=ON")
    return db


def _rowan():
    conn = rowandb.connect(":memory:", isolation_level=None)
    for sql in SETUP:
        conn.execute(sql)
    return conn


# -- the catalogue ---------------------------------------------------------------------------
def _sqlite_functions() -> dict:
    """name -> (visible columns, hidden columns) of every pragma_* table SQLite has."""
    db = _sqlite()
    found = {}
    for (name,) in db.execute("PRAGMA pragma_list").fetchall():
        try:
            db.execute(f"SELECT * FROM pragma_{name} WHERE 0").fetchall()
        except apsw.SQLError:
            continue
        cols = db.execute(f"SELECT name, hidden FROM pragma_table_xinfo('pragma_{name}')")
        cols = cols.fetchall()
        found[name] = (tuple(c for c, h in cols if not h), tuple(c for c, h in cols if h))
    return found


def test_every_pragma_function_of_sqlite_is_known_with_its_columns():
    mine = {name: (columns or (name,), hidden) for name, (columns, hidden) in FUNCTIONS.items()}
    assert mine == _sqlite_functions()


@pytest.mark.parametrize("name", ["pragma_table_info", "pragma_user_version", "pragma_page_size",
                                  "pragma_integrity_check", "pragma_table_list", "nosuch"])
def test_table_info_describes_an_eponymous_table(name):
    assert_same((), [f"PRAGMA table_info({name})", f"PRAGMA table_xinfo({name})",
                     f"PRAGMA temp.table_xinfo({name})",
                     f"SELECT * FROM pragma_table_xinfo('{name}')"])


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_a_pragma_function_returns_what_its_pragma_statement_returns(name):
    """One implementation: the function runs the statement; a refused pragma is refused
    by both with the same error."""
    conn = _rowan()
    argument = SAME_AS_SQLITE.get(name, "")
    if name == "module_list":       # the function names itself, a module from then on, as
        conn.execute("SELECT * FROM pragma_module_list")    # in SQLite (test_module_list.py)
    try:
        expected = conn.execute(f"PRAGMA {name}{argument}")
        expected = ([d[0] for d in expected.description], expected.fetchall())
    except errors.Error as error:
        with pytest.raises(type(error), match=str(error)):
            conn.execute(f"SELECT * FROM pragma_{name}{argument}")
        assert PRAGMAS[name].handler is None
        return
    got = conn.execute(f"SELECT * FROM pragma_{name}{argument}")
    assert ([d[0] for d in got.description], got.fetchall()) == expected


@pytest.mark.parametrize("name", sorted(SAME_AS_SQLITE))
def test_a_pragma_function_answers_as_sqlites(name):
    argument = SAME_AS_SQLITE[name]
    hidden = FUNCTIONS[name][1]
    extra = "".join(f", typeof({h}), {h}" for h in hidden)
    assert_same(SETUP, [f"SELECT *{extra} FROM pragma_{name}{argument}",
                        f"SELECT rowid, * FROM pragma_{name}{argument} ORDER BY 1 DESC"])


def test_what_is_not_built_is_refused_naming_it():
    conn = _rowan()
    with pytest.raises(errors.NotSupportedError, match="PRAGMA cache_size is not supported"):
        conn.execute("SELECT * FROM pragma_cache_size")
    with pytest.raises(errors.NotSupportedError, match="dbstat"):
        conn.execute("SELECT * FROM dbstat")
    # SQLite costs json_each without an argument read past a CROSS JOIN: no rows, or
    # 'no query solution' with one more item between
    with pytest.raises(errors.NotSupportedError, match="after a CROSS JOIN"):
        conn.execute("SELECT * FROM t JOIN json_each(w.z) CROSS JOIN u AS w")


# an IN on a hidden column, a list or a subquery, on any hidden column the function takes
# (refused on 08c7ded but for the first one's list): the function runs once per distinct
# non-NULL value, in sort order, the first column's the outer loop; one whose values read
# the function's own row gives no argument
HIDDEN_IN = [
    "SELECT name FROM pragma_table_info WHERE arg IN (SELECT 't')",
    "SELECT name FROM pragma_table_info WHERE arg IN (SELECT 't' UNION SELECT 'nosuch')",
    "SELECT name FROM pragma_table_info WHERE arg IN ('t') AND schema IN ('main', 'temp')",
    "SELECT key, value FROM json_each('{\"a\":[3,4],\"b\":[9]}') WHERE root IN ('$.b', '$.a')",
    "SELECT key, value FROM json_each('{\"a\":[3,4],\"b\":[9]}') WHERE root IN "
    "(SELECT '$.b' UNION SELECT '$.a')",
    "SELECT * FROM json_each WHERE root IN ('$', '$.a')",
    "SELECT key, value FROM json_each WHERE json IN ('[1]', '[2]') AND root IN ('$', '$[0]')",
    "SELECT key, value FROM json_each WHERE json IN (SELECT '[5]' UNION ALL SELECT '[1,2]' "
    "UNION ALL SELECT NULL UNION ALL SELECT '[5]')",
    "SELECT key, value FROM json_each WHERE json IN ('[1]', json)",
    "SELECT key, value FROM json_each WHERE json IN ('[1]', key)",
    "SELECT key FROM json_each WHERE json = '[7,8]' AND json IN (SELECT '[1]')",
    "SELECT key FROM json_each('[1]') WHERE json IN (SELECT '[2]')",
    "SELECT p.name, key FROM pragma_table_info('t') AS p, json_each WHERE json IN "
    "(SELECT '[' || p.cid || ']')",
    "SELECT p.name, key FROM pragma_table_info('t') AS p LEFT JOIN json_each ON json IN "
    "(SELECT '[' || q.cid || ']' FROM pragma_table_info('t') AS q WHERE q.cid <> p.cid)",
    "SELECT key, value FROM json_tree WHERE json IN ('[1,[2]]', '{}') AND root IN ('$', '$[1]')",
]


@pytest.mark.parametrize("sql", HIDDEN_IN)
def test_an_in_on_a_hidden_column_runs_the_function_per_value(sql):
    assert_same(SETUP, [sql], columns=True)


def test_a_one_value_in_on_a_hidden_column_is_an_argument():
    # SQLite's parser makes ``x IN (y)`` of a constant y the equality ``x == +y``, so it
    # is an argument as ``root = '$'`` is
    assert_same(SETUP, ["SELECT * FROM json_each('[1, [2]]') WHERE root IN ('$[1]')",
                        "SELECT * FROM pragma_table_info WHERE arg IN ('t')"])


# -- the machinery ----------------------------------------------------------------------------
QUERIES = [
    # arguments: constants, expressions, subqueries, NULL, numbers read as text
    "SELECT * FROM pragma_table_info('t')",
    "SELECT * FROM pragma_table_info('T')",
    "SELECT * FROM pragma_table_info('t' || '')",
    "SELECT * FROM pragma_table_info((SELECT 'u'))",
    "SELECT * FROM pragma_table_info(NULL)",
    "SELECT * FROM pragma_table_info(1)",
    "SELECT * FROM pragma_table_info(x'75')",
    "SELECT * FROM pragma_table_info()",
    "SELECT * FROM pragma_table_info",
    "SELECT * FROM pragma_table_info('v')",
    "SELECT * FROM pragma_table_info('t', 'main')",
    "SELECT * FROM pragma_table_info('t', 'MAIN')",
    "SELECT * FROM pragma_table_info('t', 'temp')",
    "SELECT * FROM main.pragma_table_info('t')",
    "SELECT * FROM PRAGMA_TABLE_INFO('t')",
    "SELECT * FROM pragma_integrity_check(5)",
    "SELECT * FROM pragma_integrity_check('5')",
    # hidden columns: not in *, selectable, in WHERE as arguments (the last one written)
    "SELECT *, arg, schema, typeof(arg), typeof(schema) FROM pragma_table_info('t')",
    "SELECT p.*, p.arg FROM pragma_index_list('u') AS p",
    "SELECT * FROM pragma_table_info WHERE arg = 't'",
    "SELECT * FROM pragma_table_info WHERE 't' = arg AND schema = 'main'",
    "SELECT name FROM pragma_table_info WHERE arg = 'u' AND arg = 't'",
    "SELECT * FROM pragma_table_info('t') WHERE arg = 'u'",
    "SELECT arg FROM pragma_table_info WHERE arg = 1",
    "SELECT * FROM pragma_table_info WHERE schema = 'main'",
    # an IN list on the first hidden column runs the function once per distinct value
    "SELECT arg, name, rowid FROM pragma_table_info WHERE arg IN ('u', 't', 't', NULL, 1)",
    "SELECT arg FROM pragma_table_info WHERE arg IN ('T', 't') AND schema = 'main'",
    "SELECT arg FROM pragma_table_info('t') WHERE arg IN ('t', 'u')",
    "SELECT n, p.name FROM pragma_table_info p, names WHERE p.arg IN (n, 'u') ORDER BY 1, 2",
    "SELECT * FROM pragma_journal_mode('main')",
    "SELECT journal_mode, schema FROM pragma_journal_mode('main')",
    "SELECT name FROM pragma_table_info(name)",
    "SELECT * FROM pragma_integrity_check(integrity_check)",
    # rowids
    "SELECT rowid, oid, _rowid_, name FROM pragma_table_info('u')",
    "SELECT name FROM pragma_table_info('u') WHERE rowid = 2",
    # joins: arguments from the left, from the right, in ON, LEFT JOIN, both ways
    "SELECT m.name, p.name FROM sqlite_schema m JOIN pragma_table_info(m.name) p ORDER BY 1, 2",
    "SELECT m.name, p.name FROM pragma_table_info(m.name) p, sqlite_schema m ORDER BY 1, 2",
    "SELECT m.name, p.name FROM pragma_table_info p, sqlite_schema m WHERE p.arg = m.name "
    "ORDER BY 1, 2",
    "SELECT m.name, p.name FROM sqlite_schema m JOIN pragma_table_info p ON p.arg = m.name "
    "ORDER BY 1, 2",
    "SELECT n, p.name FROM names LEFT JOIN pragma_table_info(n) p ORDER BY 1, 2",
    "SELECT n, p.name FROM names LEFT JOIN pragma_table_info(n) p ON p.pk ORDER BY 1, 2",
    "SELECT n, p.name FROM names LEFT JOIN pragma_table_info p ON p.arg = n ORDER BY 1, 2",
    "SELECT n, p.name FROM names LEFT JOIN pragma_table_info(n) p WHERE p.name IS NULL",
    "SELECT n, i.name, c.name FROM names, pragma_index_list(n) i, pragma_index_info(i.name) c "
    "ORDER BY 1, 2, 3",
    "SELECT count(*) FROM t, pragma_table_info('t')",
    "SELECT count(*) FROM pragma_table_info('t') CROSS JOIN pragma_table_info('u')",
    "SELECT * FROM pragma_index_info('u_xy') NATURAL JOIN pragma_table_info('u')",
    "SELECT * FROM pragma_table_info('t') JOIN t USING (rowid)",
    "SELECT n FROM names, pragma_table_info(n) LEFT JOIN t ON 1 GROUP BY n",
    # correlated: subqueries re-run per outer row
    "SELECT n, (SELECT count(*) FROM pragma_table_info(n)) FROM names",
    "SELECT n FROM names WHERE EXISTS (SELECT 1 FROM pragma_index_list(names.n))",
    "SELECT n FROM names WHERE 'y' IN (SELECT name FROM pragma_table_info(n))",
    "SELECT n, (SELECT group_concat(name) FROM pragma_table_info WHERE arg = n) FROM names",
    # CTEs, views, compounds, aggregates, ordering
    "WITH c AS (SELECT name FROM pragma_table_info('t')) SELECT * FROM c",
    "WITH x(k) AS (SELECT 'u') SELECT p.name FROM x, pragma_table_info(x.k) p",
    "WITH RECURSIVE r(k) AS (SELECT 't' UNION SELECT 'u' FROM r) "
    "SELECT k, count(*) FROM r, pragma_table_info(k) GROUP BY k",
    "SELECT name FROM pragma_table_info('t') UNION SELECT name FROM pragma_table_info('u')",
    "SELECT arg, count(*), max(cid) FROM names, pragma_table_info(n) GROUP BY arg ORDER BY 1",
    "SELECT name FROM pragma_table_info('u') ORDER BY name DESC LIMIT 2",
    "SELECT DISTINCT type FROM pragma_table_info('u')",
    # errors
    "SELECT * FROM pragma_table_info('t', 'main', 3)",
    "SELECT * FROM pragma_user_version('main')",
    "SELECT * FROM pragma_table_list('t', 'main')",
    "SELECT * FROM pragma_table_info('t', 'nosuch')",
    "SELECT * FROM pragma_table_info('t', 'no''such')",
    "SELECT * FROM pragma_integrity_check('nosuch')",
    "SELECT * FROM nosuch(1)",
    "SELECT * FROM pragma_nosuch",
    "SELECT * FROM pragma_nosuch(1)",
    "SELECT * FROM t(1)",
    "SELECT * FROM v(1)",
    "WITH c AS (SELECT 1) SELECT * FROM c(1)",
    "SELECT * FROM pragma_table_info(nosuch)",
    "SELECT * FROM pragma_table_info(nosuch.b)",
    "SELECT * FROM pragma_table_info(t.b) LEFT JOIN t",
    "SELECT * FROM pragma_table_info(u.z) JOIN t LEFT JOIN u",
    "SELECT * FROM pragma_table_info(t.b) JOIN u LEFT JOIN t",
    "SELECT * FROM pragma_table_info(count(*))",
    "INSERT INTO pragma_table_info(name) VALUES ('x')",
    "SELECT * FROM pragma_table_info('t') INDEXED BY t_c",
    "SELECT * FROM pragma_table_info('t') NOT INDEXED",
    # DML reading a function
    "INSERT INTO names SELECT name FROM pragma_table_info('u')",
    "DELETE FROM names WHERE n IN (SELECT name FROM pragma_table_info('u'))",
    "UPDATE names SET n = (SELECT max(name) FROM pragma_table_info(n)) WHERE n = 'u'",
    "SELECT * FROM names",
    # DDL on an eponymous table; a table of the same name hides it
    "DROP TABLE pragma_table_info",
    "DROP TABLE IF EXISTS pragma_table_info",
    "CREATE INDEX ix ON pragma_table_info(name)",
    "UPDATE pragma_user_version SET user_version = 1",
    "CREATE TABLE pragma_table_info(z)",
    "SELECT * FROM pragma_table_info",
    "SELECT * FROM pragma_table_info('t')",
]


def test_table_valued_functions_answer_as_sqlite():
    assert_same(SETUP, QUERIES)


def test_a_view_and_a_trigger_read_a_function():
    assert_same(SETUP, [
        "CREATE VIEW cols AS SELECT m.name AS tab, p.name AS col FROM sqlite_schema m, "
        "pragma_table_info(m.name) p WHERE m.type = 'table'",
        "SELECT * FROM cols ORDER BY 1, 2",
        "CREATE TABLE log(c)",
        "CREATE TRIGGER tr AFTER INSERT ON names BEGIN "
        "INSERT INTO log SELECT name FROM pragma_table_info(new.n); END",
        "INSERT INTO names VALUES ('u')",
        "SELECT * FROM log",
    ])


def test_parameters_are_arguments():
    assert_same(SETUP, ["SELECT name, arg FROM pragma_table_info(?)",
                        "SELECT name FROM pragma_table_info WHERE arg = ?1"], ("u",))


def test_explain_query_plan_shows_sqlites_line():
    conn = _rowan()
    db = _sqlite()
    db.execute(";".join(SETUP))
    for sql, alias in [("SELECT * FROM pragma_table_info('t')", "pragma_table_info"),
                       ("SELECT * FROM pragma_table_info WHERE arg = 't'", "pragma_table_info"),
                       ("SELECT * FROM t, pragma_index_list(t.b) AS il", "il")]:
        line = f"SCAN {alias} VIRTUAL TABLE INDEX 0:"
        assert line in [r[3] for r in db.execute("EXPLAIN QUERY PLAN " + sql).fetchall()]
        assert line in [r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sql).fetchall()]


def test_the_statement_reports_the_schema_as_written():
    conn = _rowan()
    for sql, message in [("PRAGMA 'nosuch'.table_info('t')", "unknown database 'nosuch'"),
                         ('PRAGMA "nosuch".user_version', 'unknown database "nosuch"'),
                         ("PRAGMA nosuch.user_version", "unknown database nosuch")]:
        with pytest.raises(errors.OperationalError) as raised:
            conn.execute(sql)
        assert str(raised.value) == message


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["t", "u", "T", "v", "names", "nosuch", None, 1, "sqlite_schema"]),
                max_size=5),
       st.sampled_from(["table_info", "table_xinfo", "index_list", "foreign_key_list"]))
def test_correlated_calls_over_random_tables(values, pragma):
    """A function called with a column of each row of a table: run again per row, as
    SQLite's nested loop calls xFilter again."""
    setup = SETUP + ("CREATE TABLE k(id INTEGER PRIMARY KEY, n)",) + tuple(
        f"INSERT INTO k(n) VALUES ({'NULL' if v is None else repr(v)})" for v in values)
    assert_same(setup, [
        f"SELECT k.id, p.* FROM k, pragma_{pragma}(k.n) p ORDER BY 1, 2",
        f"SELECT k.id, p.* FROM k LEFT JOIN pragma_{pragma}(k.n) p ORDER BY 1, 2",
        f"SELECT id, (SELECT count(*) FROM pragma_{pragma} WHERE arg = n) FROM k",
    ])
