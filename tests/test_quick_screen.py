"""The quick path's screen (rowandb/sql/quick/screen.py): a statement whose text shows a
second SELECT (but one right after a parenthesis), a FROM parenthesis (but one before a
SELECT: a FROM subquery) or a JOIN other than CROSS JOIN is declined before it is
tokenized; and over the corpus's queries the
screen never declines one the path's reader would take (it decides how fast a statement
is prepared, never what it binds to)."""

from __future__ import annotations

import pytest

import rowandb.sql.quick as quick
from compat_corpus import require_corpus
from rowandb.sql.quick.screen import surely_declined
from rowandb.sql.session import open_session
from rowandb.sql.temp_views import SessionCatalog
from tests.quick_compare import records

# (select5's and random/groupby's joins are FROM lists and CROSS JOINs, which the screen
# lets through since the quick path reads them: joined.py)
SCRIPTS = [("random/aggregates/slt_good_0.test", 5), ("select4.test", 2),
           ("index/view/10_slt_good_1.test", 5)]


def test_screened_statements_are_not_tokenized(monkeypatch):
    def no_tokens(statement):
        raise AssertionError(f"tokenized {statement!r}")
    monkeypatch.setattr(quick, "tokenize", no_tokens)
    for sql in ["SELECT a FROM t WHERE a = (SELECT 1 UNION SELECT 2)",
                "SELECT * FROM (VALUES (1))", "SELECT x FROM (  select a AS x FROM t)",
                "SELECT a FROM t WHERE a IN (SELECT b FROM (VALUES (1)))",
                "SELECT a FROM t WHERE a IN (SELECT 1 UNION SELECT 2)",
                "SELECT a FROM t UNION SELECT 1", "SELECT * FROM t JOIN u",
                "SELECT * FROM t LEFT JOIN u", "SELECT * FROM t, u JOIN v",
                "SELECT * FROM t NATURAL JOIN u"]:
        assert surely_declined(sql), sql
        assert quick.quick_prepare(sql) is None, sql


def test_the_screen_lets_through_what_it_cannot_see():
    for sql in ["SELECT 1", "SELECT a FROM t WHERE a IN (1, 2)", "SELECT a, b FROM t",
                "SELECT a FROM t WHERE a IN (SELECT b FROM u)",
                "SELECT a FROM t WHERE a IN(select 1)", "SELECT a FROM t WHERE a = (SELECT 1)",
                "SELECT (select max(a) FROM t)", "SELECT a FROM t WHERE a IN ( SELECT 1)",
                "SELECT a FROM t WHERE EXISTS (SELECT 1)", "SELECT a FROM t WHERE EXISTS(SELECT 1)",
                "SELECT a FROM t WHERE a NOT IN (SELECT b FROM u WHERE b > 1)",
                "SELECT a FROM t ORDER BY 1, 2", "SELECT selected FROM t",
                "SELECT a AS joined FROM t GROUP BY a, b",
                # a FROM list of tables, and CROSS JOIN: the reader reads them (joined.py)
                "SELECT * FROM t, u", "SELECT x.a FROM t AS x ,u", "SELECT 1 FROM t x, u",
                "SELECT 1 FROM t CROSS JOIN u", "SELECT 1 FROM t cross join u",
                # (a FROM subquery: view.py; branch viewquick)
                "SELECT * FROM (SELECT 1)", "SELECT x FROM(select a AS x FROM t)",
                "SELECT a FROM t WHERE a IN (SELECT b FROM (SELECT b FROM u))"]:
        assert not surely_declined(sql), sql


@pytest.mark.parametrize("script,every", SCRIPTS)
def test_the_screen_declines_only_what_the_reader_declines(script, every, monkeypatch):
    session = open_session(":memory:")
    catalog = SessionCatalog(session.db.dictionary, session.temp)
    screened = queries = 0
    for kind, sql in records(require_corpus() / script):
        if kind == "statement":
            if sql.upper().startswith("CREATE"):
                session.execute(sql)
            continue
        queries += 1
        if queries % every or not surely_declined(sql):
            continue
        screened += 1
        with monkeypatch.context() as patch:
            patch.setattr(quick, "surely_declined", lambda statement: False)
            with session.functions.current(), session.limits.in_force():
                assert quick.quick_prepare(sql, catalog) is None, sql
    session.close()
    assert screened > 0


def test_the_ascii_screen_finds_what_the_case_blind_pattern_finds():
    """An ASCII statement is screened in capitals by three patterns that each start with
    their word (screen.py's speed-up): they find what the one case-blind pattern finds,
    spelled in any case, next to words, after ``IN(`` with and without a space."""
    from rowandb.sql.quick.screen import _DECLINED
    words = ["select", "SeLeCt", "join", "from t", "from t x", "from t as x", "in (select",
             "in(select", "xin (select", "selected", "xselect", "joins", "rejoin", "fromt ,",
             "from t as", "(select", ",", " , ", "from\tt\n,", "1", "a.b", "'join'",
             "cross", "CROSS join", "xcross join", "cross  join", "from ("]
    statements = [f"SELECT {a} {b} {c}" for a in words for b in words for c in words[::3]]
    statements += [f"select{a}{b}" for a in words for b in words]
    for sql in statements:
        assert surely_declined(sql) == (_DECLINED.search(sql, 6) is not None), sql
