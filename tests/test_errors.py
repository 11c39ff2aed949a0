"""Bad input: every kind raises the right PEP 249 class with SQLite's words, and none of them
changes the database.

- malformed SQL -> OperationalError ``near "X": syntax error`` (plus the position);
- unknown tables, columns, functions -> OperationalError with SQLite's message;
- wrong number or kind of parameters -> ProgrammingError;
- SQL RowanDB does not support -> NotSupportedError naming the feature.

After each failure a dump of every table — user tables, sqlite_schema and the SYS_*
dictionary — must equal the dump taken before. A fuzz test mutates valid statements and
demands the same of whatever comes out: a rowandb error (never a bare Python exception)
and an unchanged database, exactly when SQLite refuses the statement too.
"""

from __future__ import annotations

import re

import apsw
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rowandb
from rowandb.errors import (Error, IntegrityError, NotSupportedError, OperationalError,
                            ProgrammingError)
from rowandb.sql.session import open_session

_POSITION = re.compile(r" \(line \d+, column \d+\)$")

SETUP = [
    "CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT UNIQUE, c REAL CHECK (c > 0))",
    "CREATE INDEX t_c ON t(c)",
    "CREATE TABLE u(x INT, y)",
    "INSERT INTO t VALUES (1, 'one', 1.5), (2, 'two', 2.5)",
    "INSERT INTO u VALUES (1, 'a'), (NULL, x'00')",
]
SYSTEM = ["sqlite_schema", "SYS_TABLES", "SYS_COLUMNS", "SYS_INDEXES", "SYS_FIELDS",
          "SYS_FOREIGN", "SYS_FOREIGN_COLS"]


def prepared_session():
    s = open_session(":memory:")
    for sql in SETUP:
        s.execute(sql)
    return s


def dump(session) -> dict:
    """Every row of every table, user and dictionary, plus every index's entries."""
    names = [row[0] for row in session.execute(
        "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").rows]
    tables = {name: session.execute(f"SELECT rowid, * FROM {name} ORDER BY rowid").rows
              for name in names}
    tables.update({name: session.execute(f"SELECT * FROM {name}").rows for name in SYSTEM})
    store = session.db.store
    tables["index entries"] = sorted(
        (ix.name, tuple(store.index(ix.file_id).entries))
        for name in names for ix in session.db.dictionary.table(name).indexes)
    return tables


def assert_fails_and_changes_nothing(session, sql, error_class, message=None, params=()):
    before = dump(session)
    with pytest.raises(error_class) as caught:
        session.execute(sql, params)
    if message is not None:
        assert str(caught.value) == message
    assert dump(session) == before, f"{sql!r} changed the database"
    assert session.txn is None or session.in_transaction
    return caught.value


def sqlite_error(sql: str) -> str:
    db = apsw.Connection(":memory:")
    for statement in SETUP:
        db.execute(statement)
    with pytest.raises(apsw.Error) as caught:
        db.execute(sql).fetchall()
    return str(caught.value)


# -- malformed SQL ---------------------------------------------------------------------------

@pytest.mark.parametrize("sql,token", [
    ("SELECT * FROM t t2 t3", "t3"),
    ("SELECT a b c FROM t", "c"),
    ("INSERT INTO t VALUES (1,, 2)", ","),
    ("CREATE TABLE x(a,)", ")"),
    ("SELECT 1)", ")"),
    ("CREATE TABLE (a)", "("),
    ("DELETE FROM t WHERE a = = 1", "="),
    ("UPDATE t SET b = 'x' WHERE", None),
    ("BEGIN WORK", "WORK"),
    ("SELECT a FROM t WHERE a IN (1 2)", "2"),
])
def test_malformed_sql_is_a_syntax_error_near_the_token(sql, token):
    s = prepared_session()
    error = assert_fails_and_changes_nothing(s, sql, OperationalError)
    if token is None:
        assert str(error).startswith('near "') or str(error) == "incomplete input"
        return
    assert sqlite_error(sql) == f'near "{token}": syntax error'
    assert str(error).startswith(f'near "{token}": syntax error (line 1, column ')


@pytest.mark.parametrize("sql", ["SELECT 'unterminated", 'SELECT "open', "SELECT [open",
                                 "SELECT #"])
def test_unrecognized_tokens(sql):
    s = prepared_session()
    error = assert_fails_and_changes_nothing(s, sql, OperationalError)
    assert str(error) == sqlite_error(sql)


def test_incomplete_input():
    s = prepared_session()
    for sql in ("", "   ", "-- just a comment"):
        assert_fails_and_changes_nothing(s, sql, OperationalError, "incomplete input")



@pytest.mark.parametrize("sql", [
    "DELETE t WHERE 1", "DELETE WHERE a = 1", "DELETE FROM WHERE 1",
    "INSERT t VALUES (1, 2)", "INSERT OR IGNORE t VALUES (1)", "REPLACE t VALUES (1)",
    "INSERT INTO VALUES (1)",
    "UPDATE t SET a = 1,", "UPDATE t SET = 1", "UPDATE t SET a = 1 SET b = 2",
    "UPDATE t SET a 1", "UPDATE t SET 1 = a",
    "SELECT 1 IN 5", "SELECT a IN NULL FROM t", "SELECT a NOT IN 1 FROM t",
    "SELECT 1 IN a FROM t",
    "CREATE TABLE u2(a, UNIQUE)", "CREATE TABLE u2(a, UNIQUE a)", "CREATE TABLE u2(a, UNIQUE, b)",
])
def test_statement_shapes_that_once_crashed_give_sqlites_error(sql):
    """DELETE without FROM, INSERT without INTO, broken SET lists, IN before a literal and a
    bare table-level UNIQUE once let Python exceptions out of the binder; now each is
    SQLite's error, word for word (the mutation fuzz below no longer steers around them)."""
    s = prepared_session()
    error = assert_fails_and_changes_nothing(s, sql, OperationalError)
    assert _POSITION.sub("", str(error)) == sqlite_error(sql)


@pytest.mark.parametrize("sql", [
    "SELECT + , b FROM t", "SELECT a FROM t ORDER BY +, a", "SELECT count(+) FROM t",
    "INSERT INTO ( u x , y ) VALUES ( 5 , 'y' )", "REPLACE INTO (t) VALUES (3, 'x', 1.0)",
    "SELECT CASE WHEN a > 1 THEN 'big' ELSE CAST ( a AS TEXT END FROM t",
    "SELECT CAST(a AS INT(3) FROM t", "SAVEPOINT NULL", "RELEASE NULL", "ROLLBACK TO NULL",
])
def test_statements_sqlglot_took_that_sqlite_refuses(sql):
    """Found comparing the mutation fuzz below with SQLite: sqlglot dropped a unary ``+``
    with no operand, read ``INTO (u x, y)`` as a join to insert into (it wrote the rows
    into u) and closed a CAST that was never closed, and the savepoint statements took NULL
    for a name; SQLite refuses each."""
    s = prepared_session()
    error = assert_fails_and_changes_nothing(s, sql, OperationalError)
    assert _POSITION.sub("", str(error)) == sqlite_error(sql)


# -- unknown names -----------------------------------------------------------------------------

@pytest.mark.parametrize("sql", [
    "SELECT * FROM missing",
    "SELECT zz FROM t",
    "SELECT t.zz FROM t",
    "SELECT q.a FROM t",
    "SELECT a FROM t, t AS t2",
    "INSERT INTO missing VALUES (1)",
    "INSERT INTO t(zz) VALUES (1)",
    "UPDATE t SET zz = 1",
    "UPDATE t SET b = 'x' WHERE zz = 1",
    "DELETE FROM missing",
    "DELETE FROM t WHERE zz",
    "DROP TABLE missing",
    "DROP INDEX missing",
    "CREATE INDEX i ON missing(a)",
    "CREATE INDEX i ON t(zz)",
    "SELECT nosuchfunc(a) FROM t",
    "SELECT length(a, b) FROM t",
    "SELECT a FROM t ORDER BY zz",
    "SELECT a FROM t GROUP BY zz",
    "SELECT b FROM t WHERE a IN (SELECT zz FROM u)",
    "INSERT INTO t VALUES (9, 'x')",
    "INSERT INTO t(a, b) VALUES (9, 'x', 1)",
    "CREATE TABLE t(z)",
    "CREATE INDEX t_c ON u(x)",
    "SELECT a FROM t UNION SELECT x, y FROM u",
])
def test_unknown_names_and_shape_errors_match_sqlite(sql):
    s = prepared_session()
    assert_fails_and_changes_nothing(s, sql, OperationalError, sqlite_error(sql))


# -- constraint failures leave nothing either -------------------------------------------------

@pytest.mark.parametrize("sql", [
    "INSERT INTO t VALUES (3, 'three', 3.0), (4, 'one', 4.0)",
    "INSERT INTO t VALUES (3, 'three', 0)",
    "UPDATE t SET b = 'same'",
    "UPDATE t SET a = 2 WHERE a = 1",
    "INSERT INTO t SELECT x + 5, y, -1 FROM u",
    "CREATE UNIQUE INDEX u_x ON t(c / c)",
])
def test_failing_writes_change_nothing(sql):
    s = prepared_session()
    error = assert_fails_and_changes_nothing(s, sql, IntegrityError)
    assert str(error) == sqlite_error(sql)


def test_errors_inside_a_transaction_keep_it_open_and_unchanged():
    s = prepared_session()
    s.execute("BEGIN")
    s.execute("INSERT INTO u VALUES (7, 'kept')")
    for sql, cls in [("SELECT * FROM missing", OperationalError),
                     ("INSERT INTO t VALUES (1, 'dup', 1.0)", IntegrityError),
                     ("SELEC 1", OperationalError),
                     ("CREATE VIEW t AS SELECT 1", OperationalError),
                     ("CREATE VIRTUAL TABLE v USING fts5(x)", NotSupportedError)]:
        assert_fails_and_changes_nothing(s, sql, cls)
        assert s.in_transaction
    s.execute("COMMIT")
    assert s.execute("SELECT y FROM u WHERE x = 7").rows == [("kept",)]


# -- parameters ------------------------------------------------------------------------------

@pytest.mark.parametrize("sql,params", [
    ("SELECT ?", ()),
    ("SELECT ?, ?", (1,)),
    ("SELECT 1", (1,)),
    ("INSERT INTO u VALUES (?, ?)", (1, 2, 3)),
    ("SELECT ?2", (1,)),
    ("UPDATE u SET y = :v WHERE x = :k", ("only one",)),
])
def test_wrong_number_of_parameters_is_a_programming_error(sql, params):
    s = prepared_session()
    error = assert_fails_and_changes_nothing(s, sql, ProgrammingError, params=params)
    assert "Incorrect number of bindings supplied" in str(error)


@pytest.mark.parametrize("sql,params", [
    ("INSERT INTO u VALUES (?, ?)", (1, [2])),
    ("INSERT INTO u VALUES (?, ?)", (1, object())),
    ("INSERT INTO u VALUES (?, ?)", (1, {"a": 1})),
    ("INSERT INTO u VALUES (:a, :b)", {"a": 1}),
    ("INSERT INTO u VALUES (?, ?)", {"a": 1, "b": 2}),
    ("INSERT INTO u VALUES (?, ?)", (1, 2 ** 64)),
])
def test_wrong_kind_of_parameter_is_refused_through_the_dbapi(sql, params):
    connection = rowandb.connect(":memory:")
    for statement in SETUP:
        connection.execute(statement)
    connection.commit()
    before = connection.execute("SELECT rowid, * FROM u ORDER BY rowid").fetchall()
    with pytest.raises((ProgrammingError, rowandb.DataError, rowandb.InterfaceError)):
        connection.execute(sql, params)
    connection.rollback()
    assert connection.execute("SELECT rowid, * FROM u ORDER BY rowid").fetchall() == before


def test_more_than_one_statement_is_a_programming_error():
    s = prepared_session()
    assert_fails_and_changes_nothing(s, "DELETE FROM u; DELETE FROM t", ProgrammingError,
                                     "You can only execute one statement at a time.")


def test_a_closed_session_refuses_statements():
    s = prepared_session()
    s.close()
    with pytest.raises(ProgrammingError, match="closed"):
        s.execute("SELECT 1")


# -- unsupported SQL ---------------------------------------------------------------------------

@pytest.mark.parametrize("sql,feature", [
    ("SELECT * FROM t RIGHT JOIN json_each(t.b)", "RIGHT JOIN"),
    ("ATTACH 'other.db' AS other", "ATTACH"),
    ("SELECT * FROM dbstat", "dbstat"),
])
def test_unsupported_sql_names_the_feature_and_changes_nothing(sql, feature):
    s = prepared_session()
    error = assert_fails_and_changes_nothing(s, sql, NotSupportedError)
    assert feature.lower() in str(error).lower()


# -- fuzzing: mutated statements ---------------------------------------------------------------

BASE = [
    "SELECT a, b FROM t WHERE a = 1 ORDER BY b LIMIT 2",
    "SELECT count(*), b FROM t GROUP BY b HAVING count(*) > 1",
    "SELECT t.a, u.x FROM t LEFT JOIN u ON u.x = t.a WHERE u.x IS NULL",
    "INSERT INTO u(x, y) VALUES (5, 'y'), (6, 'z')",
    "INSERT OR REPLACE INTO t SELECT a + 10, b, c FROM t",
    "UPDATE t SET b = 'q' WHERE a IN (1, 2)",
    "DELETE FROM t WHERE b LIKE 'o%'",
    "CREATE TABLE v(k INTEGER PRIMARY KEY, w TEXT NOT NULL DEFAULT 'd' CHECK (w <> ''), "
    "UNIQUE (w))",
    "CREATE UNIQUE INDEX t_b2 ON t(b COLLATE NOCASE)",
    "DROP TABLE IF EXISTS u",
    "SELECT CASE WHEN a > 1 THEN 'big' ELSE CAST(a AS TEXT) END FROM t",
    "SELECT a FROM t UNION SELECT x FROM u ORDER BY 1",
    "SELECT * FROM (SELECT a FROM t) AS s WHERE EXISTS (SELECT 1 FROM u WHERE u.x = s.a)",
    "BEGIN",
    "SAVEPOINT sp",
]
WORDS = ["SELECT", "FROM", "WHERE", "t", "u", "a", "b", "x", "INTO", "VALUES", "SET", "TABLE",
         "INDEX", "ON", "(", ")", ",", "=", "1", "'x'", "NULL", "*", "+", "-", ".", "AND", "OR",
         "ORDER", "BY", "GROUP", "LIMIT", "JOIN", "LEFT", "AS", "IN", "IS", "NOT", "DISTINCT",
         "UNION", "TO", "CASE", "WHEN", "THEN", "END", "EXISTS", "HAVING", "IGNORE", "DEFAULT",
         "PRIMARY", "KEY", "UNIQUE", "CHECK", "COLLATE", "NOCASE", "CAST", "INTEGER", "USING",
         "BETWEEN", "ALL", "CROSS"]


@st.composite
def mutated_statements(draw) -> str:
    tokens = draw(st.sampled_from(BASE))
    tokens = tokens.replace("(", " ( ").replace(")", " ) ").replace(",", " , ").split()
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(tokens) - 1))
        action = draw(st.sampled_from(["delete", "insert", "replace", "swap"]))
        if action == "delete" and len(tokens) > 1:
            del tokens[i]
        elif action == "insert":
            tokens.insert(i, draw(st.sampled_from(WORDS)))
        elif action == "replace":
            tokens[i] = draw(st.sampled_from(WORDS))
        elif action == "swap" and i + 1 < len(tokens):
            tokens[i], tokens[i + 1] = tokens[i + 1], tokens[i]
    return " ".join(tokens)


@settings(max_examples=250, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(sql=mutated_statements())
def test_mutated_statements_fail_cleanly_or_run(sql):
    """Each mutated statement fails in RowanDB exactly when it fails in SQLite (the words of
    the error may differ: some name another problem first), and a failure changes nothing."""
    s = prepared_session()
    before = dump(s)
    db = apsw.Connection(":memory:")
    for statement in SETUP:
        db.execute(statement)
    try:
        db.execute(sql).fetchall()
        sqlite_fails = False
    except apsw.Error:
        sqlite_fails = True
    try:
        s.execute(sql)
    except Error:
        assert sqlite_fails, f"{sql!r} fails, SQLite runs it"
        assert dump(s) == before, f"{sql!r} failed but changed the database"
    else:
        assert not sqlite_fails, f"{sql!r} runs, SQLite refuses it"
