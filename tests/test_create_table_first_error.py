"""Which error a CREATE TABLE gets first, against SQLite (apsw).

SQLite's parser runs sqlite3StartTable when it reads the ``(`` or ``AS`` after the new
table's name, so the name's errors (a table, view or index of that name, a reserved
``sqlite_`` name, an unknown database, a qualified TEMP name) come before anything after
it, even text that never parses (``CREATE TABLE t(a,``); with IF NOT EXISTS and a table or
view of that name nothing more of the definition is checked. An unknown table option is
refused as its phrase is reduced: after the columns' errors, and, when it is the last
option, before sqlite3EndTable's (a STRICT table's datatypes, a WITHOUT ROWID table's
PRIMARY KEY, a CHECK's names), which then replace it (``sql/parse/table_header.py``).
"""

import apsw
import pytest
import rowandb

from test_syntax_error_token import rowandb_message, sqlite_message

SETUP = ["CREATE TABLE t(a)", "CREATE INDEX ti ON t(a)", "CREATE VIEW v AS SELECT 1",
         "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END"]

STATEMENTS = [
    'CREATE TABLE t2(a,b) strict, foo',
    'CREATE TABLE t2(a INT,b) strict, foo',
    'CREATE TABLE t2(a INT,b INT) strict, foo',
    'CREATE TABLE t2(a INT) foo, strict',
    'CREATE TABLE t2(a INT) without rowid, foo',
    'CREATE TABLE t2(a INT) foo, without rowid',
    'CREATE TABLE t2(a) strict, without rowid',
    'CREATE TABLE t2(a INT) strict, without rowid',
    'CREATE TABLE t2(a INT PRIMARY KEY) without rowid, foo',
    'CREATE TABLE t2(a INT PRIMARY KEY) strict, strict',
    'CREATE TABLE t(a) foo',
    'CREATE TABLE t(a,',
    'CREATE TABLE t(',
    'CREATE TABLE t',
    'CREATE TABLE t AS',
    'CREATE TABLE t(a) strict, foo',
    'CREATE TABLE IF NOT EXISTS t(a) foo',
    'CREATE TABLE IF NOT EXISTS t(a,',
    'CREATE TABLE IF NOT EXISTS t(a) strict',
    'CREATE TABLE IF NOT EXISTS t(a, a)',
    'CREATE TABLE t(a, a)',
    'CREATE TABLE T(a,',
    'CREATE TABLE main.t(a,',
    'CREATE TABLE temp.t(a,',
    'CREATE TEMP TABLE t(a,',
    'CREATE TEMP TABLE main.t2(a,',
    'CREATE TEMP TABLE temp.t2(a,',
    'CREATE TABLE nosuch.t2(a,',
    'CREATE TABLE ti(a,',
    'CREATE TABLE ti(a, a)',
    'CREATE TABLE v(a,',
    'CREATE TABLE tr(a,',
    'CREATE TABLE sqlite_x(a,',
    'CREATE TABLE sqlite_master(a,',
    'CREATE TABLE "sqlite_x"(a) foo',
    'CREATE TABLE t2 AS SELECT nosuch',
    'CREATE TABLE t AS SELECT nosuch',
    'CREATE TABLE v AS SELECT 1 foo',
    'CREATE TABLE t2(a, CHECK(nosuch)) foo',
    'CREATE TABLE t2(a, CHECK(nosuch)) foo, strict',
    'CREATE TABLE t2(a, b AS (nosuch)) foo',
    'CREATE TABLE t2(a AS (1)) foo',
    'CREATE TABLE t2(a INTEGER PRIMARY KEY AUTOINCREMENT) without rowid, foo',
    'CREATE TABLE t2(a FOO) strict, foo',
    'CREATE TABLE t2(a INT) strict, foo',
    'CREATE TABLE t2(a INT, a) strict, foo',
    'CREATE TABLE t2(a INT) strict, foo;',
    'CREATE TABLE t2(a, b) strict, foo, bar',
    'CREATE TABLE t2(a, b) without rowid, strict, foo',
    'CREATE TABLE t2(a, b) , foo',
    'CREATE TABLE t2(a, b) strict, WITHOUT foo',
    'CREATE TABLE t2(a, b) WITHOUT foo, strict',
    'CREATE TABLE t2(a, b) strict, "foo"',
    'CREATE TABLE t2(a, b) strict, foo bar',
    'CREATE TABLE t2(a, b REFERENCES nosuch(x)) foo',
    'CREATE TABLE t2(a DEFAULT (nosuch)) foo',
    'CREATE TABLE t2(a COLLATE xyz) foo, strict',
    'CREATE TABLE t2(a, PRIMARY KEY(a), PRIMARY KEY(a)) foo, strict',
    'CREATE TABLE IF NOT EXISTS t(a, a) foo',
    'CREATE TABLE IF NOT EXISTS t(a, PRIMARY KEY(b))',
    'CREATE TABLE IF NOT EXISTS t(a COLLATE xyz)',
    'CREATE TABLE IF NOT EXISTS t(a DEFAULT (nosuch))',
    'CREATE TABLE IF NOT EXISTS t(a CHECK (nosuch))',
    'CREATE TABLE IF NOT EXISTS t(a AS (1))',
    'CREATE TABLE IF NOT EXISTS t(a INTEGER PRIMARY KEY AUTOINCREMENT) without rowid',
    'CREATE TABLE IF NOT EXISTS t(a) without rowid',
    'CREATE TABLE IF NOT EXISTS t(a, PRIMARY KEY(a), PRIMARY KEY(a))',
    'CREATE TABLE IF NOT EXISTS v(a, a)',
    'CREATE TABLE IF NOT EXISTS ti(a)',
    'CREATE TABLE IF NOT EXISTS t AS SELECT nosuch',
    'CREATE TABLE IF NOT EXISTS t(a REFERENCES p(x, y))',
    'CREATE TABLE t foo',
    'CREATE TABLE t AS foo',
    'CREATE TABLE t (',
    'CREATE TABLE ti AS SELECT 1,',
    'CREATE TEMP TABLE ti(a,',
    'CREATE TABLE temp.ti(a,',
    'CREATE VIEW ti AS SELECT nosuch',
    'CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1;',
    'CREATE TRIGGER tr AFTER INSERT ON nosuch BEGIN SELECT 1; END',
]

# A subquery or a parameter where SQLite resolves an expression against the table's own
# row is refused where its walk meets it (sql/bind/self_reference.py; fuzz 154200050):
# after a name before it, after a PRIMARY KEY's, UNIQUE's or FOREIGN KEY's column and a
# DEFAULT's error, which SQLite meets as it parses; a generated column's after a CHECK's
SELF_REFERENCE = [
    'CREATE TABLE t2(a, CHECK (x > (SELECT 1)))',
    'CREATE TABLE t2(a, CHECK ((SELECT 1) > x))',
    'CREATE TABLE t2(a CHECK (x), b CHECK ((SELECT 1)))',
    'CREATE TABLE t2(a, CHECK (x > (SELECT 1)), CHECK (y))',
    'CREATE TABLE t2(a, CHECK (x > ?))',
    'CREATE TABLE t2(a, CHECK (? > x))',
    'CREATE TABLE t2(a, CHECK (x > :p))',
    'CREATE TABLE t2(a, CHECK ((SELECT 1)), PRIMARY KEY (zz))',
    'CREATE TABLE t2(a, CHECK ((SELECT 1)), UNIQUE (zz))',
    'CREATE TABLE t2(a, CHECK ((SELECT 1)), FOREIGN KEY (zz) REFERENCES t)',
    'CREATE TABLE t2(a, CHECK (?), PRIMARY KEY (zz))',
    'CREATE TABLE t2(a DEFAULT (x) CHECK ((SELECT 1)))',
    'CREATE TABLE t2(a CHECK (?), b DEFAULT (x))',
    'CREATE TABLE t2(a CHECK (?) COLLATE nosuchcoll)',
    'CREATE TABLE t2(a, CHECK (x > (SELECT 1))) STRICT',
    'CREATE TABLE t2(a, CHECK (x > (SELECT 1))) WITHOUT ROWID',
    'CREATE TABLE t2(a, CHECK (x > (SELECT 1)), PRIMARY KEY (a), PRIMARY KEY (a))',
    'CREATE TABLE t2(a, CHECK (nofunc(x, (SELECT 1))))',
    'CREATE TABLE t2(a, CHECK (nofunc(x, ?)))',
    'CREATE TABLE t2(a, CHECK (abs(x) + ?))',
    'CREATE TABLE t2(a, CHECK (x IN (1, ?)))',
    'CREATE TABLE t2(a, CHECK (x IN (SELECT 1)))',
    'CREATE TABLE t2(a, CHECK (x ISNULL AND ?))',
    'CREATE TABLE t2(a, CHECK (CASE WHEN x THEN (SELECT 1) END))',
    'CREATE TABLE t2(a, CHECK ((SELECT 1) LIKE x))',
    'CREATE TABLE t2(a, CHECK (x > (VALUES (1))))',
    'CREATE TABLE t2(a CHECK (x), b AS ((SELECT 1)))',
    'CREATE TABLE t2(a, b AS ((SELECT 1)), CHECK (x))',
    'CREATE TABLE t2(a AS (x), b AS ((SELECT 1)), c)',
    'CREATE TABLE t2(a AS (x), b AS (?), c)',
    'CREATE TABLE t2(a, b AS (?), c CHECK (?))',
    'CREATE TABLE t2(a, b AS (x + (SELECT 1)))',
    'CREATE TABLE t2(a, b AS (x + ?))',
    'CREATE TABLE t2(a AS (x > ?))',
    'CREATE TABLE t2(a, b AS (t2.a + x))',
    'CREATE TABLE t2(a, b AS (t2.a), CHECK (x))',
    'CREATE TABLE t2(a, b AS (main.t2.a))',
    'ALTER TABLE t ADD CHECK (x > (SELECT 1))',
    'ALTER TABLE t ADD CHECK (x > ?)',
    'ALTER TABLE t ADD COLUMN c CHECK (x > (SELECT 1))',
    'ALTER TABLE t ADD COLUMN c AS (x + (SELECT 1))',
    'CREATE INDEX i ON t(x + (SELECT 1))',
    'CREATE INDEX i ON t(x + ?)',
    'CREATE INDEX i ON t((SELECT 1) + x)',
    'CREATE INDEX i ON t(a) WHERE x > (SELECT 1)',
    'CREATE INDEX i ON t(a) WHERE x > ?',
    'CREATE INDEX i ON t((SELECT 1)) WHERE x',
    'CREATE INDEX i ON t(?) WHERE x',
    'CREATE INDEX i ON t(t.a + x)',
    'CREATE INDEX i ON t(t.a + rowid)',
    'CREATE INDEX i ON t(u.a + 1)',
    'CREATE INDEX i ON t(main.t.a + 1)',
    'CREATE INDEX i ON t(t.a) WHERE x',
    'CREATE INDEX i ON t(t.a + (SELECT 1))',
    'CREATE INDEX i ON t(T.RowId + 1)',
]

# A non-deterministic function's error is noted at its call, as the walk meets it: it
# replaces an error noted before (a CHECK's, an earlier generated column's, a partial
# index's WHERE) -- the walk of a later expression goes on only into names and functions
# -- and a name in its arguments or after it replaces it in turn (sql/bind/self_reference.py)
VOLATILE = [
    'CREATE TABLE t2(a, b AS (x), c AS (random()))',
    'CREATE TABLE t2(a CHECK (x), b AS (random()))',
    'CREATE TABLE t2(a, b AS (random()), CHECK (x))',
    'CREATE TABLE t2(a, b AS (random()) CHECK (x))',
    'CREATE TABLE t2(a, b AS (random()) STORED, CHECK (x))',
    'CREATE TABLE t2(a, b AS (nofunc(1)), c AS (random()))',
    'CREATE TABLE t2(a, b AS (abs(1,2)), c AS (random()))',
    'CREATE TABLE t2(a, b AS ((SELECT 1)), c AS (random()))',
    'CREATE TABLE t2(a, b AS (?), c AS (random()))',
    'CREATE TABLE t2(a, b AS ((1,2)), c AS (random()))',
    'CREATE TABLE t2(a, b AS (random() + (1,2)))',
    'CREATE TABLE t2(a, b AS (count(*)), c AS (random()))',
    'CREATE TABLE t2(a, b AS (random()), CHECK (nofunc()))',
    'CREATE TABLE t2(a CHECK (x), b AS (abs(random())))',
    'CREATE TABLE t2(a, b AS (abs(x) + random()))',
    'CREATE TABLE t2(a, b AS (random()), c AS (x))',
    'CREATE TABLE t2(a, b AS (random()), c AS (abs(x)))',
    'CREATE TABLE t2(a, b AS (random() + x))',
    'CREATE TABLE t2(a CHECK (x), b AS (random() + 1))',
    'CREATE TABLE t2(a CHECK (x), b AS (abs(1 + random())))',
    'ALTER TABLE t ADD COLUMN c AS (random()) CHECK (x)',
    'ALTER TABLE t ADD COLUMN c CHECK (x) AS (random())',
    'CREATE INDEX i ON t(random()) WHERE x',
    'CREATE INDEX i ON t(a) WHERE abs(nosuch) + random()',
    'CREATE INDEX i ON t(random()) WHERE (1,2)',
    'CREATE INDEX i ON t(random()) WHERE count(*)',
    'CREATE INDEX i ON t(x, random())',
    'CREATE INDEX i ON t(random(), x)',
]

# sqlite3CreateIndex looks at the new index's name before anything else of it (a table
# or an index of that name; IF NOT EXISTS then does nothing more), resolves each term
# and then looks its collation up, and meets a misplaced row value only coding the build
INDEX_ORDER = [
    "CREATE UNIQUE INDEX ti ON t('exists')",
    'CREATE INDEX ti ON t(nosuch)',
    'CREATE INDEX TI ON t(a) WHERE nosuch',
    'CREATE INDEX [ti] ON t(a, a COLLATE nosuchc)',
    'CREATE INDEX ti ON t(random())',
    'CREATE INDEX IF NOT EXISTS ti ON t(nosuch)',
    'CREATE INDEX IF NOT EXISTS ti ON t(a COLLATE nosuchc)',
    'CREATE INDEX IF NOT EXISTS ti ON t(a) WHERE nosuch',
    'CREATE INDEX IF NOT EXISTS ti ON t(random())',
    'CREATE INDEX v ON t(nosuch)',
    'CREATE INDEX t ON t(nosuch)',
    'CREATE INDEX IF NOT EXISTS t ON t(nosuch)',
    'CREATE INDEX i ON t(nosuch COLLATE nosuchc)',
    'CREATE INDEX i ON t(nosuch, a COLLATE nosuchc)',
    'CREATE INDEX i ON t(a COLLATE nosuchc, nosuch)',
    'CREATE INDEX i ON t(random() COLLATE nosuchc)',
    'CREATE INDEX i ON t(random(), a COLLATE nosuchc)',
    'CREATE INDEX i ON t(a COLLATE nosuchc, random())',
    'CREATE INDEX i ON t((1,2), nosuch)',
    'CREATE INDEX i ON t((1,2), random())',
    'CREATE INDEX i ON t(a + (1,2), a COLLATE nosuchc)',
    'CREATE INDEX i ON t(a COLLATE nosuchc) WHERE (1,2)',
    'CREATE INDEX i ON t((1,2))',
]

# A comparison's operands' widths are checked at the comparison, before the walk goes
# into them (compared_widths.py); an unknown table option last in the statement is noted
# when sqlite3EndTable resolves the first CHECK, whose walk then goes on only into names
# and functions (table_header.OPTION_WAITING)
ROWS_AND_OPTIONS = [
    'CREATE TABLE t2(a, CHECK ((SELECT 1) > (1,2)))',
    'CREATE TABLE t2(a, CHECK ((1,2) > (SELECT 1)))',
    'CREATE TABLE t2(a, CHECK (nosuch > (1,2)))',
    'CREATE TABLE t2(a, CHECK ((1,2) > ?))',
    'CREATE TABLE t2(a, CHECK (? BETWEEN (1,2) AND 3))',
    'CREATE TABLE t2(a, CHECK ((SELECT 1) IS (1,2)))',
    'CREATE TABLE t2(a, CHECK ((SELECT 1, 2) = (1,2,3)))',
    'CREATE TABLE t2(a, CHECK ((SELECT 1, 2) = (1,2)))',
    'CREATE TABLE t2(a, CHECK ((SELECT 1) + (1,2)))',
    'CREATE TABLE t2(a, CHECK (abs((SELECT 1) > (1,2))))',
    'CREATE TABLE t2(a, b AS ((SELECT 1) > (1,2)))',
    'CREATE TABLE t2(a, b AS (x), c AS ((1,2) = 1))',
    'CREATE TABLE t2(a, b AS (x), c AS (1 = (1,2)))',
    'CREATE INDEX i ON t(((SELECT 1) > (1,2)))',
    'CREATE INDEX i ON t(a) WHERE (SELECT 1) > (1,2)',
    'CREATE TABLE t2(a, CHECK (x > 1)) foo',
    'CREATE TABLE t2(a, CHECK (x + 1)) foo',
    'CREATE TABLE t2(a, CHECK (abs(x) > 1)) foo',
    'CREATE TABLE t2(a CHECK (x > 1)) foo',
    'CREATE TABLE t2(a, CHECK (abs(1)), CHECK (x)) foo',
    'CREATE TABLE t2(a, CHECK (1 > 0), CHECK (x)) foo',
    'CREATE TABLE t2(a, CHECK (coalesce(1, x))) foo',
    'CREATE TABLE t2(a, CHECK (+x)) foo',
    'CREATE TABLE t2(a, CHECK (x COLLATE nocase)) foo',
    'CREATE TABLE t2(a, CHECK (? > x)) foo',
    'CREATE TABLE t2(a, CHECK (x)) foo',
    'CREATE TABLE t2(a, CHECK ((x))) foo',
    'CREATE TABLE t2(a, CHECK (x ISNULL)) foo',
    'CREATE TABLE t2(a, CHECK (a IS y)) foo',
    'CREATE TABLE t2(a, CHECK (nofunc(x))) foo',
    'CREATE TABLE t2(a, CHECK (?)) foo',
    'CREATE TABLE t2(a, CHECK ((1,2) > 1)) foo',
    'CREATE TABLE t2(a, b AS (abs(x))) foo',
    'CREATE TABLE t2(a, b AS (abs(x)), CHECK (1 > 0)) foo',
    'CREATE TABLE t2(a CHECK (1 > 0), b AS (abs(x))) foo',
    'CREATE TABLE t2(a, b AS (random()), CHECK (x > 1)) foo',
]

# 'view [V] already exists' and 'trigger [tr] already exists' show the name as written,
# as a table's does; an index's is dequoted (sqlite3CreateIndex)
NAMES_AS_WRITTEN = [
    'CREATE VIEW [v] AS SELECT 1', 'CREATE VIEW "V" AS SELECT 1', "CREATE VIEW 'v' AS SELECT 1",
    'CREATE VIEW main.[V] AS SELECT 1', 'CREATE VIEW `v`(x) AS SELECT 1',
    'CREATE VIEW [t] AS SELECT 1', 'CREATE VIEW [ti] AS SELECT 1',
    'CREATE TRIGGER [tr] AFTER INSERT ON t BEGIN SELECT 1; END',
    "CREATE TRIGGER 'TR' AFTER INSERT ON t BEGIN SELECT 1; END",
    'CREATE TRIGGER main."tr" AFTER INSERT ON t BEGIN SELECT 1; END',
    'CREATE INDEX [ti] ON t(a)', "CREATE INDEX 'TI' ON t(a)",
]


def _engines(setup):
    """(apsw, RowanDB) connections with ``setup`` run on both."""
    theirs = apsw.Connection(":memory:")
    mine = rowandb.connect(":memory:", isolation_level=None)
    for statement in setup:
        theirs.execute(statement)
        mine.execute(statement)
    return theirs, mine


@pytest.fixture(scope="module")
def engines():
    theirs, mine = _engines(SETUP)
    yield theirs, mine
    mine.close()


@pytest.mark.parametrize("sql", STATEMENTS)
def test_a_create_tables_first_error_is_sqlites(engines, sql):
    theirs, mine = engines
    assert rowandb_message(mine, sql) == sqlite_message(theirs, sql)


@pytest.mark.parametrize("sql", SELF_REFERENCE)
def test_a_refused_subquery_or_parameter_is_met_in_the_walk(engines, sql):
    theirs, mine = engines
    assert rowandb_message(mine, sql) == sqlite_message(theirs, sql)


@pytest.mark.parametrize("sql", VOLATILE + INDEX_ORDER + ROWS_AND_OPTIONS + NAMES_AS_WRITTEN)
def test_a_non_deterministic_call_and_an_index_s_name_are_met_where_sqlite_meets_them(
        engines, sql):
    theirs, mine = engines
    assert rowandb_message(mine, sql) == sqlite_message(theirs, sql)


def test_a_function_registered_non_deterministic_is_refused_at_its_call():
    theirs = apsw.Connection(":memory:")
    mine = rowandb.connect(":memory:", isolation_level=None)
    theirs.create_scalar_function("vf", lambda x: x, 1, deterministic=False)
    theirs.create_scalar_function("df", lambda x: x, 1, deterministic=True)
    mine.create_function("vf", 1, lambda x: x)
    mine.create_function("df", 1, lambda x: x, deterministic=True)
    for statement in SETUP:
        theirs.execute(statement)
        mine.execute(statement)
    for sql in ['CREATE TABLE t2(a, b AS (x), c AS (vf(a)))',
                'CREATE TABLE t2(a, b AS (abs(x) + vf(a)))',
                'CREATE TABLE t2(a, b AS (x), c AS (df(a)))',
                'CREATE TABLE t2(a CHECK (x), b AS (vf(1)))',
                'CREATE INDEX i ON t(vf(a)) WHERE x', 'CREATE INDEX i ON t(df(a)) WHERE x',
                'CREATE INDEX i ON t(a) WHERE abs(nosuch) + vf(1)']:
        assert rowandb_message(mine, sql) == sqlite_message(theirs, sql), sql


def test_a_temp_view_s_and_trigger_s_name_as_written():
    theirs = apsw.Connection(":memory:")
    mine = rowandb.connect(":memory:", isolation_level=None)
    for statement in SETUP + ["CREATE TEMP VIEW tv AS SELECT 1", "CREATE TEMP TABLE tt(a)",
                              "CREATE TEMP TRIGGER ttr AFTER INSERT ON t BEGIN SELECT 1; END"]:
        theirs.execute(statement)
        mine.execute(statement)
    for sql in ['CREATE TEMP VIEW [TV] AS SELECT 1', 'CREATE VIEW temp."tv" AS SELECT 1',
                'CREATE TEMP VIEW [tt] AS SELECT 1', 'CREATE TEMP VIEW [v] AS SELECT 1',
                'CREATE TEMP TRIGGER [ttr] AFTER INSERT ON t BEGIN SELECT 1; END',
                "CREATE TRIGGER temp.'ttr' AFTER INSERT ON t BEGIN SELECT 1; END"]:
        assert rowandb_message(mine, sql) == sqlite_message(theirs, sql), sql


def _outcome(db, sql: str, params):
    """'bindings' when the values given are not the statement's count (apsw's
    BindingsError, the DB-API's ProgrammingError), else the error's message or 'ran'."""
    try:
        db.execute(sql, params)
        return "ran"
    except (apsw.BindingsError, rowandb.ProgrammingError):
        return "bindings"
    except (apsw.Error, rowandb.Error) as error:
        return str(error).split(" (at")[0]


# ALTER TABLE ... ADD COLUMN counts its parameters as SQLite does (one in the new column's
# CHECK or AS) before it runs: the table's new text is checked only when it runs
# ('error in table t after add column'); a DEFAULT's error is met as it is prepared
@pytest.mark.parametrize("params", [(), (1,), (1, 2)])
def test_an_added_column_s_parameters_are_counted_before_it_runs(params):
    for sql in ['ALTER TABLE t ADD COLUMN c CHECK (x > ?)', 'ALTER TABLE t ADD COLUMN c CHECK (c > ?)',
                'ALTER TABLE t ADD COLUMN c CHECK (? > x)', 'ALTER TABLE t ADD COLUMN c DEFAULT (?)',
                'ALTER TABLE t ADD CHECK (x > ?)', 'ALTER TABLE t ADD COLUMN c AS (?)',
                'ALTER TABLE t ADD COLUMN c AS (x + ?)', 'ALTER TABLE t ADD COLUMN c CHECK (c > ?2)',
                'ALTER TABLE t ADD COLUMN c NOT NULL CHECK (c > ?)',
                'ALTER TABLE t ADD COLUMN c PRIMARY KEY CHECK (c > ?)',
                'ALTER TABLE t ADD COLUMN c AS (1) STORED CHECK (?)']:
        outcomes = []
        for db in (apsw.Connection(":memory:"), rowandb.connect(":memory:")):
            db.execute("CREATE TABLE t(a, b)")
            db.execute("INSERT INTO t VALUES (1, 2)")
            outcomes.append(_outcome(db, sql, params))
        assert outcomes[1] == outcomes[0], sql


# An index's name is checked in the schema it goes to before its terms: a temp table's
# in temp alone (its tables, views and indexes), where IF NOT EXISTS then checks nothing
# more; a main table's index in main alone
TEMP_SETUP = ["CREATE TEMP TABLE tt(a)", "CREATE INDEX tti ON tt(a)",
              "CREATE TEMP VIEW tv AS SELECT 1"]
TEMP_INDEX_ORDER = [
    'CREATE INDEX IF NOT EXISTS tti ON tt(nosuch)',
    'CREATE INDEX IF NOT EXISTS temp.tti ON tt(nosuch)',
    'CREATE INDEX IF NOT EXISTS TTI ON tt(a COLLATE nosuchc)',
    'CREATE INDEX IF NOT EXISTS tti ON tt(a) WHERE nosuch',
    'CREATE INDEX IF NOT EXISTS [tti] ON tt((1,2))',
    'CREATE UNIQUE INDEX IF NOT EXISTS tti ON tt(random())',
    'CREATE INDEX tti ON tt(nosuch)',
    'CREATE INDEX temp.tti ON tt(a COLLATE nosuchc)',
    'CREATE INDEX tt ON tt(nosuch)',
    'CREATE INDEX IF NOT EXISTS tt ON tt(nosuch)',
    'CREATE INDEX tv ON tt(nosuch)',
    'CREATE INDEX IF NOT EXISTS tv ON tt(a) WHERE nosuch',
    'CREATE INDEX ti ON tt(nosuch)',
    'CREATE INDEX IF NOT EXISTS ti ON tt(nosuch)',
    'CREATE INDEX t ON tt(nosuch)',
    'CREATE INDEX IF NOT EXISTS v ON tt(nosuch)',
    'CREATE INDEX tti ON t(nosuch)',
    'CREATE INDEX IF NOT EXISTS tti ON t(nosuch)',
    'CREATE INDEX tt ON t(nosuch)',
    'CREATE INDEX tv ON t(nosuch)',
]


@pytest.fixture(scope="module")
def temp_engines():
    theirs, mine = _engines(SETUP + TEMP_SETUP)
    yield theirs, mine
    mine.close()


@pytest.mark.parametrize("sql", TEMP_INDEX_ORDER)
def test_a_temp_table_s_index_name_is_checked_in_temp_first(temp_engines, sql):
    theirs, mine = temp_engines
    assert rowandb_message(mine, sql) == sqlite_message(theirs, sql)


def test_a_temp_index_named_as_a_main_one_is_made_in_temp():
    theirs = apsw.Connection(":memory:")
    mine = rowandb.connect(":memory:", isolation_level=None)
    listing = "SELECT type, name, tbl_name FROM sqlite_temp_master ORDER BY name"
    for statement in SETUP + TEMP_SETUP + ["CREATE INDEX IF NOT EXISTS ti ON tt(a)",
                                           "CREATE INDEX IF NOT EXISTS tti ON tt(a)"]:
        theirs.execute(statement)
        mine.execute(statement)
    assert mine.execute(listing).fetchall() == list(theirs.execute(listing))
