"""A statement that repeats an earlier one but for a table's name (the corpus's index
scripts ask each query of five tables): its tokens made from the earlier text's
(``parse/renamed_tokens.py``) and its clauses after the table read once
(``quick/query._kept_rest``), subqueries of the statement's own table included, where
its name stands nowhere else (the others, a string, a qualifier or an alias holding
it, read whole). Each reuse is counted (the tokenizer's and the reader's
calls: base tokenizes and reads every text whole); what is reused must be what a whole
tokenization or reading gives -- the tokens ``_scan`` makes, or the same error; the
bound query the full path binds -- and the rows SQLite gives."""

from __future__ import annotations

import apsw
import pytest

import rowandb
from rowandb.sql.parse import lexer
from rowandb.sql.quick import query as quick_query
from rowandb.sql.quick import quick_prepare
from rowandb.sql.quick.reader import Reader
from rowandb.sql.session import open_session
from rowandb.sql.temp_views import SessionCatalog
from tests.quick_compare import check_same, typed

SCHEMA = [f"CREATE TABLE tab{n}(pk INTEGER PRIMARY KEY, col0 INTEGER, col1 FLOAT, "
          f"col2 TEXT, col3 INTEGER NOT NULL DEFAULT 0)" for n in range(5)] + [
    "CREATE INDEX idx_tab1_0 ON tab1 (col0)", "CREATE INDEX idx_tab2_3 ON tab2 (col3 DESC)",
    "CREATE TABLE other(col1 FLOAT, col3 INTEGER)"]
ROWS = [f"INSERT INTO tab{n} VALUES({k}, {k * 7 % 11}, {k * 1.5}, 'v{k % 3}', {k % 4})"
        for n in range(5) for k in range(12)] + [
    f"INSERT INTO other VALUES({k * 2.5}, {k})" for k in range(6)]

# statements written for tab0; each is asked of the five tables in turn
WHERES = [
    "SELECT pk FROM tab0 WHERE col0 BETWEEN 1 AND 5 OR (col3 IN (2, 4) AND col1 > 3.5)",
    "SELECT pk FROM tab0 WHERE (col0 IS NULL OR col3 IS NULL) AND col0 >= 0 OR 0",
    "SELECT pk FROM tab0 WHERE col0 IN (SELECT col3 FROM tab0 WHERE col1 < 9) OR pk = 2",
    "SELECT pk, col2 FROM tab0 WHERE NOT col0 IN (1, 7) ORDER BY 2 DESC, 1 LIMIT 4 OFFSET 1",
    "SELECT col3, count(*) FROM tab0 WHERE col1 > 2 GROUP BY col3 HAVING count(*) > 1",
    "SELECT pk FROM tab0 AS t WHERE t.col0 > 3 AND (1 OR col1 < 2) ORDER BY pk",
    "SELECT * FROM tab0 WHERE col2 = 'v1' AND col0 NOT BETWEEN 2 AND 4",
    "SELECT pk FROM tab0 WHERE abs(col0) > 3 OR coalesce(col1, 0) < 2 ORDER BY 1",
    # subqueries of the statement's own table, read once for the five (the name stands
    # only as their table); of another table too
    "SELECT pk FROM tab0 WHERE col0 IN (SELECT col3 FROM tab0 WHERE col3 IN "
    "(SELECT col0 FROM tab0 WHERE col0 > 2)) ORDER BY 1",
    "SELECT pk FROM tab0 WHERE col0 IN (SELECT col3 FROM other WHERE col1 < 9) AND "
    "col3 IN (SELECT col0 FROM tab0) AND NOT col0 IN (SELECT pk FROM tab0 AS x)",
    "SELECT pk FROM tab0 WHERE EXISTS (SELECT 1 FROM tab0 AS x WHERE x.col0 = 3) AND "
    "col3 < (SELECT col3 FROM tab0 AS y WHERE y.pk = 3)",
]
# the table's name elsewhere in the text too (a string, a qualifier of the statement's
# table or of its subquery's, an alias, a longer name): read whole each time
NAMED = [
    "SELECT pk FROM tab0 WHERE col2 <> 'tab0' AND col0 IN (SELECT col3 FROM tab0)",
    "SELECT pk FROM tab0 WHERE tab0.col0 IN (SELECT col3 FROM tab0)",
    "SELECT pk FROM tab0 WHERE col0 IN (SELECT tab0.col3 FROM tab0)",
    "SELECT pk FROM tab0 WHERE col0 IN (SELECT col3 FROM tab0 WHERE tab0.col1 < 9)",
    "SELECT pk FROM tab0 WHERE col0 IN (SELECT col3 FROM tab3 AS tab0)",
    "SELECT pk FROM tab0 WHERE col0 IN (SELECT col3 FROM tab3 WHERE col2 = 'xtab0y')",
    "SELECT pk FROM tab0 WHERE EXISTS (SELECT 1 FROM tab0 AS x WHERE x.col0 = 3) AND "
    "col3 < (SELECT max(col3) FROM tab0 WHERE col0 > tab0.col0)",
]


def _five(sql: str) -> list[str]:
    return [sql.replace("tab0", f"tab{n}") for n in range(5)]


@pytest.fixture(autouse=True)
def _fresh_tables(monkeypatch):
    """Every kept text forgotten first, so each test sees its own reuse."""
    monkeypatch.setattr(lexer, "_RECENT", {})
    monkeypatch.setattr(lexer, "_BY_LENGTH", {}, raising=False)
    monkeypatch.setattr(quick_query, "_KEPT_RESTS", {}, raising=False)


def _counting(monkeypatch, holder, name) -> list:
    calls = [0]
    inner = getattr(holder, name)

    def counted(*args, **kwargs):
        calls[0] += 1
        return inner(*args, **kwargs)

    monkeypatch.setattr(holder, name, counted)
    return calls


def test_five_tables_tokenized_once(monkeypatch):
    calls = _counting(monkeypatch, lexer, "_tokenize")
    for sql in WHERES:
        for text in _five(sql):
            assert lexer.tokenize(text) == lexer._scan(text)[0], text
    assert calls[0] == len(WHERES)


# (earlier text, text of its length): where a renamed token would be wrong or is not a
# name, the text is tokenized whole (the tokens or the error of ``_scan``)
PAIRS = [
    ("SELECT y'ab' FROM t", "SELECT x'ab' FROM t"),        # a name before a quote: a blob
    ("SELECT y'abc' FROM t", "SELECT x'abc' FROM t"),      # ... an odd one: the error
    ("SELECT ab FROM t", "SELECT a' FROM t"),              # an unterminated string
    ("SELECT a1 FROM t", "SELECT 11 FROM t"),              # a name to a number
    ("SELECT 12 FROM t", "SELECT 1a FROM t"),              # a number run into a letter
    ("SELECT 'ab' FROM t", "SELECT 'xy' FROM t"),          # inside a string
    ("SELECT a /* b */ FROM t", "SELECT a /* c */ FROM t"),  # inside a comment
    ("SELECT a --b\n FROM t", "SELECT a --b\n FROM u"),    # after a comment
    ("SELECT a FROM tt", "SELECT a FROM t\xa0"),           # a no-break space in a name
    ("SELECT a FROM tt", "SELECT a FROM \xa0t"),           # ... opening it: whitespace
    ("SELECT a FROM t", "SELECT a FROM \u3000"),           # ... a name of one space
    ("SELECT a, b FROM t", "SELECT a,,b FROM t"),          # whitespace to an operator
    ("SELECT ab FROM t", "SELECT a- FROM t"),              # ... a name to one
    ("SELECT abc FROM t", "SELECT END FROM t"),            # a name to a keyword
    ("SELECT tab0.col0 FROM tab0", "SELECT tab1.col0 FROM tab1"),
    ("SELECT é FROM t", "SELECT ü FROM t"),                # past ASCII
    ("SELECT a$ FROM t", "SELECT a$$FROM t"),
    ("SELECT x FROM [t1]", "SELECT x FROM [t2]"),          # a quoted name
    ("SELECT :a1 FROM t", "SELECT :a2 FROM t"),            # a parameter
]


def _outcome(text):
    try:
        return lexer.tokenize(text)
    except rowandb.OperationalError as error:
        return str(error)


def _whole(text):
    try:
        return lexer._tokenize_matched(text)
    except rowandb.OperationalError as error:
        return str(error)


@pytest.mark.parametrize("earlier,text", PAIRS)
def test_a_text_like_an_earlier_one_is_tokenized_as_a_whole_one(earlier, text):
    assert len(earlier) == len(text)
    lexer.tokenize(earlier)
    assert _outcome(text) == _whole(text)
    assert _outcome(earlier) == _whole(earlier)


def test_four_texts_of_a_length_are_kept(monkeypatch):
    """index/in asks a statement and its IN list reordered, of the same length, before
    the next table's: each finds its own earlier text among the four kept."""
    texts = ["SELECT pk FROM tab0 WHERE col0 IN (29,34,19)",
             "SELECT pk FROM tab0 WHERE col0 IN (19,29,34)",
             "SELECT pk FROM tab0 WHERE col0 IN (34,19,29)"]
    calls = _counting(monkeypatch, lexer, "_tokenize")
    for n in range(5):
        for text in texts:
            text = text.replace("tab0", f"tab{n}")
            assert lexer.tokenize(text) == lexer._scan(text)[0]
    assert calls[0] == 3


def test_five_tables_read_once_and_bound_as_the_binder_binds(monkeypatch):
    session = open_session(":memory:")
    for sql in SCHEMA:
        session.execute(sql)
    expr, operand = _counting(monkeypatch, Reader, "expr"), \
        _counting(monkeypatch, Reader, "operand")
    counts = []
    for sql in WHERES + NAMED:
        for text in _five(sql):
            before = expr[0] + operand[0]
            assert check_same(session, text), text
            counts.append(expr[0] + operand[0] - before)
    session.close()
    # the first of five reads its WHERE; the others read their items alone -- also
    # where a subquery of the statement's table names it -- but one with a call (a
    # function the connection may define since), or one that names the table elsewhere
    # too, read whole each time
    for k, sql in enumerate(WHERES + NAMED):
        first, *others = counts[5 * k:5 * k + 5]
        if "abs(" in sql or "count(" in sql or sql in NAMED:
            assert others == [first] * 4, sql
        else:
            assert max(others) <= 3 and first >= 5, (sql, counts[5 * k:5 * k + 5])


def _sqlite_rows(sql):
    connection = apsw.Connection(":memory:")
    for statement in SCHEMA + ROWS:
        connection.execute(statement)
    return connection


def test_five_tables_rows_as_sqlite_gives_them():
    ours = rowandb.connect(":memory:")
    theirs = _sqlite_rows(None)
    for statement in SCHEMA + ROWS:
        ours.execute(statement)
    for sql in WHERES + NAMED:
        for text in _five(sql):
            got = typed(sorted(ours.execute(text).fetchall(), key=repr))
            want = typed(sorted(theirs.execute(text).fetchall(), key=repr))
            assert got == want, text


def test_a_function_defined_after_a_read_is_the_connections():
    """A WHERE that calls a function is not kept: a connection may define one of that
    name between two tables' statements, and then its own is called (as in SQLite)."""
    ours = rowandb.connect(":memory:")
    theirs = _sqlite_rows(None)
    for statement in SCHEMA + ROWS:
        ours.execute(statement)
    first, second = _five("SELECT pk FROM tab0 WHERE abs(col0) > 3 ORDER BY pk")[:2]
    assert ours.execute(first).fetchall() == list(theirs.execute(first))
    ours.create_function("abs", 1, lambda v: -1)
    theirs.create_scalar_function("abs", lambda v: -1, 1)
    assert ours.execute(second).fetchall() == list(theirs.execute(second)) == []


def test_the_quick_path_takes_each_of_the_five(monkeypatch):
    session = open_session(":memory:")
    for sql in SCHEMA:
        session.execute(sql)
    catalog = SessionCatalog(session.db.dictionary, session.temp)
    with session.functions.current(), session.limits.in_force():
        for sql in WHERES:
            assert all(quick_prepare(text, catalog) is not None for text in _five(sql))
    session.close()
