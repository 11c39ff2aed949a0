"""ALTER TABLE's constraint forms of SQLite 3.54: ALTER COLUMN SET/DROP NOT NULL, ADD
[CONSTRAINT nm] CHECK, DROP CONSTRAINT -- SQLite's answers, errors and stored texts (every
scenario runs on RowanDB and on SQLite and must end with the same sqlite_schema, byte for
byte), the dictionary rows they change, cached statements and durability; test_alter.py
cuts a workload of them at every I/O operation.
"""

from __future__ import annotations

import apsw
import pytest

import rowandb
from rowandb import errors
from test_alter import assert_answers_as_sqlite, assert_described_as_sqlite, reopened
from test_catalog import sys_rows
from test_storage_support import close

CASES = [
    # SET NOT NULL: the clause as written goes to the end of the column's definition
    ["create table t(a, b)", "alter table t alter column a set not null",
     "alter table t alter b set  not   null  ;", "insert into t values(1, null)"],
    ["create table t(a  , b /*k*/ , c  )", "alter table t alter column a set not null",
     "alter table t alter column b set not null", "alter table t alter column c set not null -- x\n -- y\n"],
    ["create table t(a)", "alter table t alter column a set not null /* z */ -- hi"],
    ["create table t(a)", "alter table t alter column a set not null -- hi\n /* z */"],
    ["create table t(a not null, b check(b>0), c integer primary key, d \"x\" default 5)",
     "alter table t alter column a set not null", "alter table t alter column b set not null",
     "alter table t alter column c set not null", "alter table t alter column d set not null",
     "pragma table_info(t)"],
    ["create table t(a, b, primary key(a), check(b>0), unique(b))",
     "alter table t alter column b set not null", "alter table t alter column a set not null"],
    ["create table \"T x\"(\"a b\", [c])", "alter table \"t X\" alter column \"A B\" set not null",
     "alter table main.\"t X\" alter column C set not null"],
    ["create table t(a int, b any) strict", "alter table t alter column \"A\" set not null"],
    # ... fails over a NULL, generated values included
    ["create table t(a, b)", "insert into t values(null, 1)", "alter table t alter column a set not null",
     "alter table t alter column b set not null", "insert into t values(1, null)"],
    ["create table t(a integer primary key, b as (null), c as (null) stored)",
     "insert into t(a) values(1)", "alter table t alter column b set not null",
     "alter table t alter column c set not null"],
    ["create table t(a)", "alter table t add b default 3", "insert into t(a) values(1)",
     "alter table t alter column b set not null", "insert into t values(2, null)"],
    # DROP NOT NULL: the first NOT NULL goes, with its name, conflict clause and spaces
    ["create table t(a  NOT  NULL  , b constraint nn not null, c null, d not null not null)",
     "alter table t alter column a drop not null", "alter table t alter column b drop not null",
     "alter table t alter column d drop not null", "pragma table_info(t)",
     "alter table t alter column d drop not null", "pragma table_info(t)"],
    ["create table t(a  not null   default 1, b/*x*/not null/*y*/default 2, c int  not   null  \n , d not null)",
     "alter table t alter column a drop not null", "alter table t alter column b drop not null",
     "alter table t alter column c drop not null", "alter table t alter column d drop not null"],
    ["create table t(a, b default 3 constraint \"x y\" not null collate nocase)",
     "alter table t alter column b drop not null", "insert into t values(1, null)"],
    ["create table t(a not null)", "insert into t values(1)", "begin",
     "alter table t alter column a drop not null", "insert into t values(null)", "rollback",
     "select * from t", "insert into t values(null)"],
    # errors
    ["create table t(a)", "create view v as select 1 x", "alter table t alter column zz drop not null",
     "alter table t alter column zz set not null", "alter table v alter column x set not null",
     "alter table v drop constraint x", "alter table v add check(1)",
     "alter table nosuch alter column x set not null", "alter table nosuch add check(1)",
     "alter table sqlite_schema alter column name set not null",
     "alter table sqlite_schema drop constraint x"],
    ["create table t(a)", "alter table t alter column a set not null garbage",
     "alter table t alter column a set not", "alter table t alter column a",
     "alter table t alter column", "alter table t alter column a set not null, b",
     "alter table t alter column a set not null on conflict",
     "alter table t alter column a set not null on conflict foo",
     "alter table t alter column a set not null check(1)", "alter table t alter column a set default 5",
     "alter table t alter column a drop default", "alter table t alter column a type text",
     "alter table t alter column a set null", "alter table t alter column a drop null"],
    # ADD CHECK: ", <clause>" before the closing parenthesis; the rows must pass it
    ["create table t(a, b  ,  constraint x check(a>0)   )",
     "alter table t add constraint c1   check  ( b > 0 )   -- zz\n", "alter table t drop constraint x",
     "alter table t drop constraint c1"],
    ["create table t(a, b)", "insert into t values(-1, 1)", "alter table t add constraint c1 check (a>0)",
     "alter table t add check (a>0)", "alter table t add constraint c1 check (b>0) ",
     "insert into t values(1, -1)", "alter table t add check(a > 0 or a is null or 1)"],
    ["create table t(a)", "alter table t add constraint \"x y\" check(a>0)",
     "alter table t add constraint [z] check(a>0)", "alter table t add constraint k check(a>0), check(b>0)",
     "alter table t add constraint k check(nosuch>0)", "alter table t add constraint k check((select 1))",
     "alter table t add constraint k check(a>?)", "alter table t add constraint k check(count(*))",
     "alter table t add constraint k2 check(a>0) /*c*/  ", "alter table t add check(a>0) -- z",
     "alter table t add constraint \"K2\" check(1)", "insert into t values(-5)"],
    ["create table t(a constraint k primary key, b)", "alter table t add constraint k check(1)",
     "alter table t add constraint K check(nosuch)", "alter table t add constraint q check(b) on conflict"],
    ["create table t(a, b, c as (a) )", "alter table t add constraint g check(c>0 or c is null)",
     "insert into t values(-1, 0)"],
    # ... and only CHECK: the other kinds are syntax errors, as in SQLite
    ["create table t(a, b)", "alter table t add constraint c2 unique (a)", "alter table t add unique (a)",
     "alter table t add constraint c3 primary key (a)", "alter table t add primary key (a)",
     "alter table t add constraint c4 foreign key (a) references t(b)",
     "alter table t add foreign key (a) references t(b)", "alter table t add constraint c5 not null",
     "alter table t add constraint check(1)", "alter table t add constraint", "alter table t add check",
     "alter table t add check(a", "alter table t add check a", "alter table t drop constraint",
     "alter table t drop constraint x y"],
    # DROP CONSTRAINT: CHECK, NOT NULL, REFERENCES and FOREIGN KEY are cut, the name alone
    # before DEFAULT, COLLATE and AS; PRIMARY KEY, UNIQUE and NULL stay
    ["create table t(a, b, constraint x check(a>0), constraint y check(b>0), constraint z check(a<b))",
     "alter table t drop constraint y", "alter table t drop constraint z", "alter table t drop constraint x",
     "alter table t drop constraint x"],
    ["create table t(a constraint n not null constraint k check(a>0) default 1, b constraint p references t /*c*/ constraint q check(b<9))",
     "alter table t drop constraint k", "alter table t drop constraint p", "alter table t drop constraint \"Q\"",
     "alter table t drop constraint N", "pragma foreign_key_list(t)"],
    ["create table p(x primary key)",
     "create table t(a, constraint fk foreign key(a) references p(x), constraint kk primary key(a), constraint n check(a))",
     "alter table t drop constraint fk", "alter table t drop constraint kk", "alter table t drop constraint \"n\"",
     "pragma foreign_key_list(t)", "insert into t values(5)"],
    ["create table t(a constraint d default 5, b constraint c collate nocase, e constraint g as (1), f constraint nn null)",
     "alter table t drop constraint d", "alter table t drop constraint c", "alter table t drop constraint g",
     "alter table t drop constraint nn"],
    ["create table t(a, constraint x check(a>0) constraint y check(a<5) , constraint z check(a<>3))",
     "alter table t drop constraint y", "alter table t drop constraint x"],
    ["create table t(a, constraint x check(a>0) constraint y check(a<5) , constraint z check(a<>3))",
     "alter table t drop constraint x"],
    ["create table t(a constraint x check(a>0), b constraint x check(b>0), constraint x check(a<b))",
     "alter table t drop constraint x", "alter table t drop constraint x", "alter table t drop constraint x",
     "alter table t add constraint x check(1)"],
    ["create table t(a, b, constraint x check(a>0)  /*c*/ )", "alter table t drop constraint x"],
    ["create table t(a, b,constraint x check(a>0),constraint y check(b>0))", "alter table t drop constraint x"],
    ["create table t(a constraint \"K k\" primary key, b)", "alter table t drop constraint [k K]"],
    ["create table t(a constraint k check(a>0) null, b)", "alter table t drop constraint k"],
    ["create table p(x primary key)",
     "create table t(a constraint f references p(x) on delete set null not deferrable, b constraint f2 references p on update set default, constraint f3 foreign key(b) references p match simple)",
     "alter table t drop constraint f2", "alter table t drop constraint f3", "pragma foreign_key_list(t)",
     "alter table t drop constraint f", "pragma foreign_key_list(t)", "insert into t values(5, 6)"],
    ["create table p(x primary key)", "create table t(a integer constraint k references p constraint j default 3 check(a>1) )",
     "alter table t drop constraint j", "alter table t drop constraint k", "pragma foreign_key_list(t)",
     "insert into t values(7)"],
    ["create table p(x primary key)", "create table t(a constraint k check(a>0) references p, b)",
     "alter table t drop constraint k", "pragma foreign_key_list(t)"],
    # other schema objects see the new definition
    ["create table t(a, b)", "create index i on t(b)", "create view v as select * from t",
     "create trigger tr after insert on t begin select 1; end", "alter table t alter column b set not null",
     "alter table t add constraint x check(b <> 0)", "select * from v", "insert into t values(1, 0)",
     "insert into t values(1, 2)"],
    ["create table t(a)", "pragma legacy_alter_table=on", "alter table t alter column a set not null",
     "alter table t add check(a>0)", "alter table t drop constraint x"],
    # a failed edit changes nothing, the schema cookie included
    ["create table t(a, b)", "insert into t values(null, 1)", "pragma schema_version",
     "alter table t alter column a set not null", "pragma schema_version", "alter table t add check(b > 5)",
     "pragma schema_version", "alter table t drop constraint nosuch", "pragma schema_version", "begin",
     "alter table t alter column b set not null", "alter table t alter column a set not null",
     "pragma schema_version", "commit", "pragma schema_version", "pragma table_info(t)"],
]


@pytest.mark.parametrize("script", CASES, ids=lambda s: " | ".join(s[1:])[:90])
def test_constraint_edits_answer_as_sqlite_does(script):
    assert_answers_as_sqlite(script)


@pytest.mark.parametrize("sql", [
    "alter table t alter column a set not null", "alter table t alter b set not null",
    "alter table t alter column a drop not null", "alter table t add check (a > 0)",
    "alter table t add constraint k check (a > 0)", "alter table t add constraint \"it's\" check (1)",
    "alter table t add constraint [K''x] check (1) on conflict ignore",
    "alter table t drop constraint nn", "alter table tt alter column a set not null",
    "alter table tt add constraint k check (a)"])
@pytest.mark.parametrize("rows", [False, True])
def test_an_edit_describes_the_column_of_its_first_nested_test(sql, rows):
    """SQLite codes the tests of SET NOT NULL and ADD CHECK as nested ``SELECT
    sqlite_fail(...) FROM ...`` statements, the first of which (the name test of ADD
    CONSTRAINT nm) names the ALTER's one result column (fuzz seed 144900000, feature
    alter_forms); DROP NOT NULL and DROP CONSTRAINT describe none."""
    setup = ["create table t(a, b constraint nn not null)", "create temp table tt(a)"]
    setup += ["insert into t values (1, 2)", "insert into tt values (3)"] if rows else []
    assert_described_as_sqlite(setup, sql)


def test_a_conflict_clause_is_kept_and_applies_as_in_create_table():
    """ON CONFLICT clauses on constraints are built (tests/test_constraint_conflict.py):
    SET NOT NULL's clause resolves the column's NOT NULL failures, a new NOT NULL
    replaces the one the column had, and ADD CHECK's clause counts for nothing."""
    assert_answers_as_sqlite([
        "create table t(a, b default 4)",
        "alter table t alter column b set not null on conflict replace",
        "alter table t alter column a set not null on conflict ignore",
        "insert into t values(null, 1)", "insert into t values(1, null)",
        "alter table t alter column a set not null on conflict fail",
        "insert into t values(null, 1)",
        "alter table t add check(a > 0) on conflict ignore", "insert into t values(-1, 1)",
        "select * from t", "select sql from sqlite_schema"])


def test_the_dictionary_rows_change_with_the_text():
    """SYS_COLUMNS.notnull follows SET/DROP NOT NULL; a dropped foreign key leaves
    SYS_FOREIGN and SYS_FOREIGN_COLS, and the others keep their order."""
    conn = rowandb.connect(":memory:", isolation_level=None)
    conn.execute("CREATE TABLE p(x PRIMARY KEY, y UNIQUE)")
    conn.execute("CREATE TABLE t(a CONSTRAINT f1 REFERENCES p(x), b CONSTRAINT f2 REFERENCES p(y), "
                 "c, CONSTRAINT f3 FOREIGN KEY(c) REFERENCES p(x))")
    dictionary = conn._session.db.dictionary
    tid = dictionary.table("t").id
    conn.execute("ALTER TABLE t ALTER COLUMN b SET NOT NULL")
    assert [r[4] for r in sys_rows(dictionary, "SYS_COLUMNS") if r[0] == tid] == [0, 1, 0]
    conn.execute("ALTER TABLE t ALTER COLUMN b DROP NOT NULL")
    assert [r[4] for r in sys_rows(dictionary, "SYS_COLUMNS") if r[0] == tid] == [0, 0, 0]
    foreign = len(sys_rows(dictionary, "SYS_FOREIGN"))
    cols = len(sys_rows(dictionary, "SYS_FOREIGN_COLS"))
    conn.execute("ALTER TABLE t DROP CONSTRAINT f2")
    assert len(sys_rows(dictionary, "SYS_FOREIGN")) == foreign - 1
    assert len(sys_rows(dictionary, "SYS_FOREIGN_COLS")) == cols - 1
    assert [(fk.seq, fk.child_columns) for fk in dictionary.table("t").foreign_keys] == \
        [(0, ("a",)), (1, ("c",))]
    assert [fk.child_columns for fk in dictionary.table("p").fk_in.values()] == [("a",), ("c",)]


def test_a_cached_statement_sees_the_new_constraints():
    conn = rowandb.connect(":memory:", isolation_level=None)
    conn.execute("CREATE TABLE t(a, b)")
    insert = "INSERT INTO t VALUES(?, ?)"
    conn.execute(insert, (1, None))
    conn.execute("DELETE FROM t")
    conn.execute("ALTER TABLE t ALTER COLUMN b SET NOT NULL")
    with pytest.raises(errors.IntegrityError, match="NOT NULL constraint failed: t.b"):
        conn.execute(insert, (1, None))
    conn.execute("ALTER TABLE t ADD CONSTRAINT pos CHECK(a > 0)")
    with pytest.raises(errors.IntegrityError, match="CHECK constraint failed: pos"):
        conn.execute(insert, (0, 1))
    conn.execute("ALTER TABLE t DROP CONSTRAINT pos")
    conn.execute(insert, (0, 1))
    assert conn.execute("SELECT * FROM t").fetchall() == [(0, 1)]


def test_the_edits_survive_reopening(tmp_path):
    conn = reopened(str(tmp_path / "db"), [
        "CREATE TABLE p(x PRIMARY KEY)", "CREATE TABLE t(a CONSTRAINT f REFERENCES p, b)",
        "INSERT INTO t VALUES(NULL, 1)", "ALTER TABLE t ALTER COLUMN b SET NOT NULL",
        "ALTER TABLE t ADD CONSTRAINT c CHECK(b > 0)", "ALTER TABLE t DROP CONSTRAINT f"])
    conn.execute("INSERT INTO t VALUES(99, 2)")         # no foreign key any more
    for row in [(1, None), (1, 0)]:
        with pytest.raises(errors.IntegrityError):
            conn.execute("INSERT INTO t VALUES(?, ?)", row)
    close(conn)



@pytest.mark.parametrize("edit", [
    "alter table t alter column b set not null", "alter table t alter a drop not null",
    "alter table t add check (b is not 5)", "alter table t add constraint k check (b > 0)",
    "alter table t drop constraint nn", "alter table t alter column c set not null",
    "alter table t add check (c > 0)", "alter table u alter column x set not null"])
@pytest.mark.parametrize("like_in", ["index", "temp generated column", "none"])
def test_an_edit_reloads_the_schema_as_sqlite_does_after_case_sensitive_like(edit, like_in):
    """After PRAGMA case_sensitive_like like() is not deterministic, and SQLite reloads
    the schema after each constraint edit and its tests of the rows, as after ADD COLUMN:
    an index's or a generated column's LIKE fails the edit then ('error in index i after
    drop constraint: ...', the words SQLite uses for every edit), a row failing the test
    first ('constraint failed'). Only the ALTER's own answer is compared: what follows,
    a schema neither connection can load, is test_like_schema_unloadable's."""
    setup = ["create table t(a not null, b constraint nn check (b > 0), c)",
             "create temp table u(x, y)", "insert into t values (1, 3, null)"]
    setup += {"index": ["create index i on t(b) where b like 'a%'"],
              "temp generated column": ["create temp table g(x, y as (x like 'a'))"],
              "none": []}[like_in]
    setup.append("pragma case_sensitive_like = on")
    theirs = apsw.Connection(":memory:")
    ours = rowandb.connect(":memory:", isolation_level=None)
    for statement in setup:
        theirs.execute(statement)
        ours.execute(statement)
    answers = []
    for run in (lambda: list(theirs.execute(edit)), lambda: (ours.execute(edit), [])[1]):
        try:
            answers.append(("ok", run()))
        except Exception as error:  # noqa: BLE001 -- apsw's classes and RowanDB's differ
            answers.append(("error", str(error)))
    assert answers[1] == answers[0]
