"""The SQL front end: rowandb.sql.parse.lexer (scanner, parameters, statement splitting) and
rowandb.sql.parse.parser (statement kinds, declared types, control statements, syntax errors).

Where SQLite decides the answer — parameter numbering, declared column types, which
statements a script holds, error messages — the test asks SQLite (apsw) too.
"""

from __future__ import annotations

import apsw
import apsw.ext
import pytest

from rowandb.errors import NotSupportedError, OperationalError
from rowandb.sql.parse import dialect, lexer, parser
from rowandb.sql.session import open_session

SQLITE = apsw.Connection(":memory:")


# -- tokens -----------------------------------------------------------------------------

def test_tokens_skip_whitespace_and_comments_and_keep_positions():
    sql = "SELECT /* c */ a, 'it''s' -- tail\n FROM [t 1]"
    tokens = lexer.tokenize(sql)
    assert [(t.kind, t.text) for t in tokens] == [
        ("word", "SELECT"), ("word", "a"), ("op", ","), ("string", "'it''s'"),
        ("word", "FROM"), ("quoted", "[t 1]")]
    for token in tokens:
        assert sql[token.start:token.end] == token.text


@pytest.mark.parametrize("sql,kinds", [
    ("x'00ff' 0x1F 1.5e3 .5 12", ["blob", "number", "number", "number", "number"]),
    ("a||b <= c <> d == e", ["word", "op", "word", "op", "word", "op", "word", "op", "word"]),
    ('"q""q" `b` ?7 :n @m $v', ["quoted", "quoted", "param", "param", "param", "param"]),
])
def test_token_kinds(sql, kinds):
    assert [t.kind for t in lexer.tokenize(sql)] == kinds


@pytest.mark.parametrize("sql", ["SELECT 'abc", 'SELECT "abc', "SELECT [abc", "SELECT #"])
def test_unrecognized_tokens_match_sqlite(sql):
    with pytest.raises(OperationalError) as mine:
        lexer.tokenize(sql)
    with pytest.raises(apsw.SQLError) as theirs:
        SQLITE.execute(sql)
    assert str(mine.value) == str(theirs.value)


# -- parameters -------------------------------------------------------------------------

PARAMETER_CASES = [
    "SELECT ?, ?, ?",
    "SELECT ?3, ?",
    "SELECT ?2, ?2, ?1",
    "SELECT :a, :b, :a",
    "SELECT @x, $y, :z, ?",
    "SELECT ?2, :n, ?",
    "SELECT :a, ?1, ?",
    "SELECT :a, ?5, :b",
    "SELECT $a::b, $a::b",
    "SELECT '?', \"?\" AS [?], ? -- ?\n /* :x */",
]


@pytest.mark.parametrize("sql", PARAMETER_CASES)
def test_parameter_numbering_follows_sqlite(sql):
    params = parser.parse(sql).params
    info = apsw.ext.query_info(SQLITE, sql)
    assert params.count == info.bindings_count
    names = params.names + [None] * (params.count - len(params.names))
    positional = {t.text[1:] for t in lexer.tokenize(sql) if t.kind == "param" and t.text[0] == "?"}
    expected = [None if n is None or n in positional else n for n in info.bindings_names]
    assert names == expected


def test_parameters_are_rewritten_to_their_slots():
    text, params = lexer.sqlglot_text("SELECT :a, ?, :a, ?5, ?",
                                           lexer.tokenize("SELECT :a, ?, :a, ?5, ?"))
    assert text == "SELECT :__p0, :__p1, :__p0, :__p4, :__p5"
    assert params.count == 6 and params.names[0] == "a"


def test_parameters_bind_by_slot_when_executed():
    s = open_session(":memory:")
    result = s.execute("SELECT ?2, ?1, :x, ?, :x", ("one", "two", "three", "four"))
    assert result.rows == [("two", "one", "three", "four", "three")]


@pytest.mark.parametrize("sql", ["SELECT ?0", "SELECT ?32767"])
def test_parameter_numbers_out_of_range(sql):
    with pytest.raises(OperationalError) as mine:
        parser.parse(sql)
    with pytest.raises(apsw.SQLError) as theirs:
        SQLITE.execute(sql)
    assert str(mine.value) == str(theirs.value) == \
        "variable number must be between ?1 and ?32766"


# -- statement splitting ----------------------------------------------------------------

SCRIPTS = [
    "SELECT 1; SELECT 2",
    "SELECT ';'; SELECT \";\" ; SELECT [a;b];;",
    "SELECT 1 -- ; not a statement\n; SELECT /* ; */ 2;",
    "  ;  ; SELECT 'a''; b'  ;  ",
    "-- only a comment; really",
    "",
]


@pytest.mark.parametrize("script", SCRIPTS)
def test_split_statements_agrees_with_sqlite(script):
    mine = lexer.split_statements(script)
    theirs, rest = [], script
    while rest.strip():
        statement, rest = _sqlite_first_statement(rest)
        if statement:
            theirs.append(statement)
    assert [m.strip() for m in mine] == theirs
    assert lexer.count_statements(script) == len(theirs)


def _sqlite_first_statement(script: str) -> tuple[str, str]:
    """SQLite's view: the shortest prefix ending in ';' that ``complete()`` accepts."""
    for end in range(1, len(script) + 1):
        if script[end - 1] == ";" and apsw.complete(script[:end]):
            body = script[:end - 1].strip()
            return (body if _has_tokens(body) else ""), script[end:]
    body = script.strip()
    return (body if _has_tokens(body) else ""), ""


def _has_tokens(text: str) -> bool:
    return bool(lexer.tokenize(text))


# -- statement kinds and control statements ---------------------------------------------

@pytest.mark.parametrize("sql,kind", [
    ("SELECT 1", "select"), ("VALUES (1)", "select"), ("SELECT 1 UNION SELECT 2", "select"),
    ("INSERT INTO t VALUES (1)", "insert"), ("REPLACE INTO t VALUES (1)", "replace"),
    ("UPDATE t SET a = 1", "update"), ("DELETE FROM t", "delete"),
    ("CREATE TABLE t(a)", "ddl"), ("CREATE INDEX i ON t(a)", "ddl"), ("DROP TABLE t", "ddl"),
    ("PRAGMA table_info(t)", "pragma"), ("EXPLAIN QUERY PLAN SELECT 1", "explain"),
    ("BEGIN", "begin"), ("END", "commit"), ("SAVEPOINT s", "savepoint"),
])
def test_statement_kinds(sql, kind):
    assert parser.parse(sql).kind == kind


@pytest.mark.parametrize("sql,control", [
    ("BEGIN", ("begin", "DEFERRED", None)),
    ("begin immediate transaction", ("begin", "IMMEDIATE", None)),
    ("BEGIN EXCLUSIVE", ("begin", "EXCLUSIVE", None)),
    ("COMMIT TRANSACTION", ("commit", None, None)),
    ("END", ("commit", None, None)),
    ("ROLLBACK", ("rollback", None, None)),
    ("ROLLBACK TRANSACTION", ("rollback", None, None)),
    ("SAVEPOINT s1", ("savepoint", None, "s1")),
    ('SAVEPOINT "a b"', ("savepoint", None, "a b")),
    ("RELEASE s1", ("release", None, "s1")),
    ("RELEASE SAVEPOINT s1", ("release", None, "s1")),
    ("ROLLBACK TO s1", ("rollback_to", None, "s1")),
    ("ROLLBACK TO SAVEPOINT s1", ("rollback_to", None, "s1")),
    ("ROLLBACK TRANSACTION TO SAVEPOINT s1", ("rollback_to", None, "s1")),
])
def test_transaction_control_forms(sql, control):
    assert parser.parse(sql).control == control
    db = apsw.Connection(":memory:")        # SQLite accepts every one of these forms
    if control[0] != "begin":
        db.execute('BEGIN; SAVEPOINT s1; SAVEPOINT "a b"')
    db.execute(sql)


@pytest.mark.parametrize("sql", ["BEGIN WORK", "COMMIT WORK", "SAVEPOINT a b", "ROLLBACK TO x y",
                                 "RELEASE", "ROLLBACK TO", "SAVEPOINT", "BEGIN DEFERRED WORK"])
def test_malformed_control_statements_are_errors_like_sqlites(sql):
    with pytest.raises(OperationalError) as mine:
        parser.parse(sql)
    with pytest.raises(apsw.SQLError) as theirs:
        SQLITE.execute(sql)
    assert str(mine.value).split(" (line")[0] == str(theirs.value)


@pytest.mark.parametrize("sql,pragma", [      # (schema, name, value, raw)
    ("PRAGMA table_info(t)", (None, "table_info", "t", "t")),
    ("PRAGMA main.table_info(\"t\")", ("main", "table_info", "t", '"t"')),
    ("PRAGMA table_info('x y')", (None, "table_info", "x y", "'x y'")),
    ("PRAGMA foreign_keys = OFF", (None, "foreign_keys", "OFF", "OFF")),
    ("PRAGMA Foreign_Keys", (None, "foreign_keys", None, None)),
    ("PRAGMA \"Main\".user_version = - 5", ("Main", "user_version", "-5", "5")),
    ("PRAGMA 'user_version'(+0x10)", (None, "user_version", "0x10", "0x10")),
])
def test_pragma_forms(sql, pragma):
    assert parser.parse(sql).pragma[:4] == pragma


def test_explain_wraps_the_statement_it_explains():
    parsed = parser.parse("EXPLAIN QUERY PLAN SELECT a FROM t WHERE a = ?")
    assert parsed.control == ("query_plan",)
    assert parsed.inner.kind == "select" and parsed.params.count == 1
    assert parser.parse("EXPLAIN SELECT 1").control == ("program",)


def test_update_or_conflict_is_kept():
    assert parser.parse("UPDATE OR IGNORE t SET a = 1").conflict == "IGNORE"
    assert parser.parse("UPDATE t SET a = 1").conflict is None
    with pytest.raises(OperationalError, match='near "NOTHING": syntax error'):
        parser.parse("UPDATE OR NOTHING t SET a = 1")


# -- declared column types --------------------------------------------------------------

DECLARED = [
    "CREATE TABLE t(a INT, \"b c\" UNSIGNED BIG INT NOT NULL, d VARCHAR(10), e, "
    "f DOUBLE PRECISION DEFAULT 1, g DECIMAL(10,5) CHECK(g>0), h TEXT, PRIMARY KEY(a))",
    "CREATE TABLE u(d INT PRIMARY KEY ASC, e NATIVE CHARACTER(70) COLLATE NOCASE, "
    "g BLOB(+10), h NUMERIC(-1, 2) NOT NULL, i CHARACTER VARYING(255) REFERENCES t)",
    "CREATE TABLE v(a INTEGER CONSTRAINT c1 NOT NULL UNIQUE, b VARYING CHARACTER(9) DEFAULT 'x', "
    "c FLOATING POINT, d BOOLEAN, e DATETIME, f STRING, g CLOB)",
    "CREATE TABLE IF NOT EXISTS w(a, b, c)",
]


@pytest.mark.parametrize("sql", DECLARED)
def test_declared_types_are_kept_as_written(sql):
    """Affinity and the rowid alias depend on the exact type words; sqlglot would rename
    them (INT -> INTEGER) or refuse them (UNSIGNED BIG INT)."""
    db = apsw.Connection(":memory:")
    db.execute(sql)
    name = sql.split("(")[0].split()[-1]
    theirs = [row[2] for row in db.execute(f"PRAGMA table_info({name})")]
    assert parser.parse(sql).column_types == theirs


def test_multi_word_types_decide_affinity_as_in_sqlite():
    s = open_session(":memory:")
    db = apsw.Connection(":memory:")
    ddl = ("CREATE TABLE t(a UNSIGNED BIG INT, b DOUBLE PRECISION, c CHARACTER VARYING(5), "
           "d FLOATING POINT, e NATIVE CHARACTER(3))")
    s.execute(ddl)
    db.execute(ddl)
    insert = "INSERT INTO t VALUES ('12', '12', 12, '1.5', 7)"
    s.execute(insert)
    db.execute(insert)
    query = "SELECT typeof(a), typeof(b), typeof(c), typeof(d), typeof(e) FROM t"
    assert s.execute(query).rows == db.execute(query).fetchall()


# -- result column texts ------------------------------------------------------------------

def test_select_item_texts_are_the_source_text_per_select():
    parsed = parser.parse("SELECT a+1, b AS c, (SELECT 1 , 2), count( * ) FROM t "
                          "WHERE x IN (SELECT  y  FROM u)")
    assert parsed.select_texts == [["a+1", "b AS c", "(SELECT 1 , 2)", "count( * )"],
                                   ["1", "2"], ["y"]]


# -- syntax errors ------------------------------------------------------------------------

SAME_TOKEN_AS_SQLITE = [
    ("SELECT * FROM t t2 t3", "t3", 1, 20),
    ("SELECT a b c FROM t", "c", 1, 12),
    ("INSERT INTO t VALUES (1,, 2)", ",", 1, 25),
    ("CREATE TABLE x(a,)", ")", 1, 18),
    ("SELECT 1)", ")", 1, 9),
    ("SELECT a\nFROM t\nWHERE a = = 1", "=", 3, 11),
    ("CREATE TABLE (a)", "(", 1, 14),
]


@pytest.mark.parametrize("sql,token,line,column", SAME_TOKEN_AS_SQLITE)
def test_syntax_errors_name_the_token_and_its_position(sql, token, line, column):
    with pytest.raises(OperationalError) as mine:
        parser.parse(sql)
    with pytest.raises(apsw.SQLError) as theirs:
        SQLITE.execute(sql)
    assert str(theirs.value) == f'near "{token}": syntax error'
    assert str(mine.value) == f'near "{token}": syntax error (line {line}, column {column})'
    assert mine.value.line == line


@pytest.mark.parametrize("sql", ["", "   ", "-- nothing", "/* nothing */"])
def test_empty_input_is_incomplete(sql):
    with pytest.raises(OperationalError, match="incomplete input"):
        parser.parse(sql)


@pytest.mark.parametrize("sql,feature", [("ATTACH 'x.db' AS x", "ATTACH"),
                                         ("DETACH x", "DETACH")])
def test_unsupported_statement_kinds_name_themselves(sql, feature):
    with pytest.raises(NotSupportedError, match=feature):
        open_session(":memory:").execute(sql)


def test_tokenize_hands_out_a_new_list_each_time_and_raises_each_time():
    """lexer.tokenize keeps the tokens of recent texts: a caller's changes to its list
    never reach the next caller, and a text it cannot read fails on every call."""
    first = lexer.tokenize("SELECT a FROM t")
    first.clear()
    assert [t.text for t in lexer.tokenize("SELECT a FROM t")] == ["SELECT", "a", "FROM", "t"]
    for _ in range(2):
        with pytest.raises(OperationalError, match="unrecognized token"):
            lexer.tokenize("SELECT 'open")


def test_tokens_carry_their_capitals_and_errors_stop_at_the_first_bad_character():
    """Token.upper is the text in capitals, made once (a Token built by hand gets it too);
    the scanner stops at the first character no token starts with, as SQLite does."""
    tokens = lexer.tokenize("select Foo, 'bar' from \"Baz\" -- note\n where x1 = ?2")
    assert [t.upper for t in tokens] == [t.text.upper() for t in tokens]
    assert lexer.Token("word", "abc", 0, 3).upper == "ABC"
    assert lexer.Token("word", "abc", 0, 3) == ("word", "abc", 0, 3, "ABC")
    with pytest.raises(OperationalError, match='unrecognized token: "#"'):
        lexer.tokenize("SELECT 1 # 2 'open")
    with pytest.raises(OperationalError, match='unrecognized token: "12abc"'):
        lexer.tokenize("SELECT 12abc, #")


def test_parsing_on_several_threads_gives_the_trees_of_parsing_on_one():
    """sqlglot's tokenizer, parser and generators are kept per thread (dialect.py): many
    threads parsing at once get exactly the trees and errors one thread gets."""
    import sys
    import threading
    texts = [f"SELECT a{i} + {i} * (b - {i}), count(*) FROM t{i} WHERE c BETWEEN {i} AND "
             f"{i + 9} GROUP BY 1 ORDER BY 2 DESC" for i in range(60)]
    texts += [text for i in range(5) for text in (f"SELECT {i} FROM", f"SELECT ({i}",
                                                  f"INSERT INTO t VALUES ({i}, 'x{i}')")]

    def outcome(text):
        try:
            tree = parser.parse(text).tree
        except OperationalError as error:
            return str(error)
        return repr(tree), dialect.to_sql(tree)

    expected = [outcome(text) for text in texts]
    results = {}

    def run(k):
        results[k] = [outcome(text) for text in texts * 3]

    threads = [threading.Thread(target=run, args=(k,)) for k in range(4)]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)                 # threads take turns as often as they can
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert all(results[k] == expected * 3 for k in range(4))


_PIECE_TEXTS = [
    "SELECT a, b FROM t WHERE a > 1.5e3 AND b IN (1, 2) -- done",
    "select ſelect, é, Ǳ FROM \"q\" /* c */ WHERE x = 'ab''c' || X'0a'",
    "SELECT ?1, :a, @b, $c, [a b], `q`, .5, 5., 0x1F, 1_000 FROM t;",
    "\u00a0SELECT\u20281 ->> 'x' -> 'y'", "SELECT 1 -- SELECT 2"]


@pytest.mark.parametrize("size", [8192, 1, 3])
def test_tokenize_pieces_kept_by_text_give_the_one_match_tokens(monkeypatch, size):
    """``_tokenize`` keeps each piece's kind and capitals by its text (``_PIECE_KINDS``,
    emptied when full: here at every size): its tokens are the one-match scanner's, the
    same the first time and every time after; a malformed number is refused every time."""
    monkeypatch.setattr(lexer, "_PIECE_KINDS", {})
    monkeypatch.setattr(lexer, "_PIECE_KINDS_SIZE", size)
    long_string = "'" + "x" * 70 + "'"
    for _ in range(2):
        for text in _PIECE_TEXTS + [f"SELECT {long_string}, /* {'c' * 70} */ 1"]:
            assert lexer._tokenize(text) == lexer._scan(text)[0]
        for text in ("SELECT 12abc", "SELECT 1__0", "SELECT 0x"):
            with pytest.raises(OperationalError, match="unrecognized token"):
                lexer._tokenize(text)
    assert long_string not in lexer._PIECE_KINDS      # a long piece is not kept
