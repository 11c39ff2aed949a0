"""The parse passes that look only at the tokens they concern (branch corpussql4) answer
as the scans of every token did.

The set of ``lexer.uppers`` (the tokens' upper texts) lets a pass with nothing to do
skip; ``lexer.indexes_of`` finds the few tokens a pass concerns without a Python step per
token. Each shortcut is compared here with the full computation it replaces: the keyword
audit's count (``_keywords_counted`` against ``_keywords_visited``), the statement's shape,
the coarse height bound (never below ``height_bound``), ``sqlglot_text`` with its early
return ruled out, ``as_written.rewrite``'s edits as written out, and the empty list items
(with whitespace and comments between the tokens) against SQLite.
"""

from __future__ import annotations

import re

import apsw
import pytest

from compat_corpus import require_corpus
from rowandb.errors import OperationalError
from rowandb.sql.parse import audit, lexer, limits
from rowandb.sql.parse.as_written import rewrite
from rowandb.sql.parse.lexer import sqlglot_text, tokenize, uppers
from rowandb.sql.parse.parser import parse
from rowandb.planner.functions.registry import is_known_function

from test_parse_skips import DEEP, SHALLOW

KEYWORD_CASES = [
    "SELECT ALL a FROM t", "SELECT ALL(a) FROM t", "SELECT DISTINCT a FROM t UNION ALL SELECT 1",
    "CREATE TEMP TABLE t(a)", "CREATE TEMP VIEW v AS SELECT 1", "CREATE TEMPORARY TABLE t(a)",
    "SELECT CAST(a AS INT), replace(a, 'x', 'y'), like(a, b), glob(a, b), if(a, 1, 2) FROM t",
    "SELECT a LIKE b, a GLOB b, a NOT LIKE b FROM t", "SELECT count(*) FROM t GROUP BY a",
    "SELECT a FROM t WHERE a IS NULL AND b IS NOT NULL", "SELECT key, rowid, end FROM t",
    "SELECT CAST (a AS TEXT) FROM t", "SELECT a FROM t ORDER BY a DESC LIMIT 1 OFFSET 2",
    "INSERT OR REPLACE INTO t VALUES (1) RETURNING *", "SELECT a FROM t AS all_",
    # the sequences taken out: these go the visiting way, which is checked too
    "SELECT a FROM t ORDER BY a NULLS FIRST", "SELECT a ISNULL, a NOTNULL FROM t",
    "SELECT a IS NOT DISTINCT FROM b, a IS DISTINCT FROM b FROM t",
]


def _corpus_statements(limit: int = 3000) -> list[str]:
    path = require_corpus() / "random" / "expr" / "slt_good_0.test"
    text = path.read_text()
    found = re.findall(r"^(SELECT[^\n]*(?:\n(?!----|\n)[^\n]*)*)", text, re.MULTILINE)
    assert len(found) > 100, "the corpus script was not found"
    return found[:limit]


STATEMENTS = KEYWORD_CASES + DEEP + SHALLOW


@pytest.mark.parametrize("sql", STATEMENTS)
def test_keywords_counted_as_visited(sql):
    tokens = tokenize(sql)
    expected = audit._keywords_visited(tokens)
    assert audit._normalised_keywords(tokens) == expected
    if {"NULLS", "ISNULL", "NOTNULL", "DISTINCT"}.isdisjoint(uppers(tokens)):
        assert audit._keywords_counted(uppers(tokens)) == expected


def test_keywords_counted_on_the_corpus():
    for sql in _corpus_statements():
        tokens = tokenize(sql)
        assert audit._normalised_keywords(tokens) == audit._keywords_visited(tokens), sql


def test_the_counted_keywords_drop_what_the_visit_drops():
    """The corrections matter: without them the counts differ (the test can fail)."""
    ups = uppers(tokenize("SELECT ALL CAST(a AS INT) FROM t"))
    counted = audit._keywords_counted(ups)
    assert "ALL" not in counted and "CAST" not in counted and counted["SELECT"] == 1
    assert all(counted.values())                # no word left at a count of zero


def _reference_shape(tokens):
    return tuple(t.kind if t.kind in ("string", "blob") or t.kind == "number"
                 and t.text[:2] not in ("0x", "0X") else t.text for t in tokens)


@pytest.mark.parametrize("sql", STATEMENTS + [
    "SELECT 'a', x'01', 0x1F, 1_000, -0X10, 2.5e3, ?1, :a FROM t"])
def test_shape_as_every_token_gave_it(sql):
    tokens = tokenize(sql)
    assert audit._shape(tokens) == _reference_shape(tokens)


@pytest.mark.parametrize("sql", STATEMENTS)
def test_coarse_bound_is_never_below_height_bound(sql):
    tokens = [t for t in tokenize(sql) if t.kind != "semi"]
    assert limits._coarse_bound(tokens) >= max(limits.height_bound(tokens))


def test_coarse_bound_on_the_corpus():
    for sql in _corpus_statements():
        tokens = tokenize(sql)
        assert limits._coarse_bound(tokens) >= max(limits.height_bound(tokens)), sql


SQLGLOT_TEXT_CASES = [
    "SELECT a FROM t WHERE b > 1", "SELECT ?, ?3, :name, @v, $w FROM t", "SELECT 0x10, 1_000",
    "SELECT 'a' 'b', DATE '2024-01-01'", "SELECT window, over, filter FROM t",
    "SELECT sum(a) OVER w FROM t WINDOW w AS (ORDER BY a)", "SELECT a FROM t -- ?",
    "SELECT a_b FROM t", "SELECT count(*) FILTER (WHERE a) FROM t", "SELECT 1 /* open",
]


@pytest.mark.parametrize("sql", SQLGLOT_TEXT_CASES)
def test_sqlglot_text_as_the_full_scan(sql, monkeypatch):
    tokens = tokenize(sql)
    text, params = sqlglot_text(sql, tokens)
    monkeypatch.setattr(lexer, "_MAY_REWRITE", re.compile(""))   # always scans
    full_text, full_params = sqlglot_text(sql, tokens)
    assert (text, params) == (full_text, full_params)


REWRITES = [
    ("SELECT abs(a), CAST(b AS INT) FROM t", "SELECT __rowandb_fn_abs(a), CAST(b AS __rowandb_type_0) FROM t"),
    ("INSERT INTO t VALUES (1) UNION SELECT 2",
     "INSERT INTO t SELECT * FROM (VALUES (1)) AS _values UNION SELECT 2"),
    ("SELECT +a, + (b), +1 FROM t", "SELECT __rowandb_unary_plus(a), __rowandb_unary_plus( (b)), __rowandb_unary_plus(1) FROM t"),
    ("SELECT a ISNULL + 1, b NOT NULL * 2 FROM t", "SELECT (a ISNULL) + 1, (b NOT NULL) * 2 FROM t"),
    ("SELECT a -> 'x', a ->> 'y' FROM t", "SELECT a #> 'x', a #>> 'y' FROM t"),
    ("(abs(1))", "(__rowandb_fn_abs(1))"),
]


@pytest.mark.parametrize("sql,expected", REWRITES)
def test_rewrite_finds_every_edit(sql, expected):
    from rowandb.sql.parse import as_written
    expected = expected.replace("__rowandb_fn_", as_written.ANONYMOUS_PREFIX).replace(
        "__rowandb_unary_plus", as_written.UNARY_PLUS).replace(
        "__rowandb_type_0", as_written._TYPE_PLACEHOLDER.format(0))
    assert rewrite(sql, is_known_function).text == expected


EMPTY_ITEMS = [
    "SELECT abs(1, , 2)", "SELECT (1,\n, 2)", "SELECT abs(1, /* c */ , 2)",
    "SELECT abs(1, -- c\n , 2)", "SELECT abs( /* c */ , 1)", "SELECT abs(1, /* c */ )",
    "SELECT abs(1,\t)", "SELECT ',,' , ',)'", "SELECT [a,,b] FROM t",
]


@pytest.mark.parametrize("sql", EMPTY_ITEMS)
def test_empty_list_items_as_sqlite(sql):
    connection = apsw.Connection(":memory:")
    connection.execute("CREATE TABLE t(\"a,,b\")")
    try:
        connection.execute(sql).fetchall()
        expected = None
    except apsw.SQLError as error:
        expected = str(error).split(": ", 1)[1] if str(error).startswith("SQLError") else str(error)
    try:
        parse(sql)
        got = None
    except OperationalError as error:
        got = str(error).split(" (line")[0]
    assert got == expected


TOKENIZER_CASES = [
    "SELECT a\xa0FROM t", "x'0A' X'' xy 'a' x", ". .5 5. 1e5 1E+5 0x1F 1_000", "a\x1cb é ñ",
    "[a] `b` \"c\" ? ?1 :a @b $c :a::b", "-- only", "/* x", "1 /*", "a -- c\n/* d */ b / c",
    "a->b ->> c || d << e >= f != g <> h == i", "'it''s' \"a\"\"b\"", "SELECT 1;SELECT 2;",
    # errors: a malformed number, a character no token starts with, an open string
    "SELECT 1e5x", "SELECT 1__0", "SELECT 0x", "SELECT a # b", "SELECT 'open", "SELECT \"q",
    "SELECT 1x # 2", "SELECT # 1x", "SELECT :", "SELECT !", "",
]


def _outcome(tokenize_fn, sql):
    try:
        return tokenize_fn(sql)
    except OperationalError as error:
        return str(error)


@pytest.mark.parametrize("sql", TOKENIZER_CASES)
def test_tokenizer_as_one_match_per_token(sql):
    assert _outcome(lexer._tokenize, sql) == _outcome(lexer._tokenize_matched, sql)


def test_tokenizer_on_the_corpus():
    for sql in _corpus_statements():
        assert lexer._tokenize(sql) == lexer._tokenize_matched(sql), sql
