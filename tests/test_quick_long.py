"""The quick path over statements of more than 400 operators (reader.py, height.py).

Up to the twenty-first round the quick path declined any statement of more than 400
binary operators, so that its tree stayed within SQLite's expression depth limit (1000)
without measuring it; the 15 longest queries of ``index/between`` and ``index/in`` (up
to 512 operators in ANDs and ORs of short parenthesized terms, under 90 levels high)
took the full path. Past 400 operators the reader now measures the height of what it
read and declines only above ``height.MAX_HEIGHT``. These tests hold that: the corpus's
long queries are taken and bind as the full path binds them; generated long WHERE
clauses, shallow (taken) and as one flat chain (declined), give SQLite's rows; and a
chain past SQLite's limit still gets SQLite's error.
"""

from __future__ import annotations

import random

import apsw
import pytest

import rowandb
from compat_corpus import require_corpus
from rowandb.sql.parse.lexer import tokenize
from rowandb.sql.quick import quick_prepare
from rowandb.sql.quick.reader import Decline, Reader
from rowandb.sql.session import open_session
from rowandb.sql.temp_views import SessionCatalog
from tests.quick_compare import check_same, records, result
from tests.test_quick_from import SCHEMA

_LONG = ("index/between/10_slt_good_1.test", "index/in/10_slt_good_3.test")


def test_the_corpus_long_queries_are_taken_and_bind_alike():
    """Every query of the two scripts of more than 400 operators as the reader counts
    them (15, of 457 to 512, in 1,284 to 1,583 tokens; the full path took each before): the
    quick path takes it and the full path binds it to the same query."""
    long_queries = 0
    for script in _LONG:
        session = open_session(":memory:")
        for kind, sql in records(require_corpus() / script):
            if kind == "statement" and sql.upper().startswith("CREATE"):
                session.execute(sql)
            elif kind == "query" and _steps(sql) > 400:
                long_queries += 1
                assert check_same(session, sql), sql[:200]
        session.close()
    assert long_queries == 15


def _steps(sql: str) -> int:
    """The binary operators ``Reader.expr`` reads in ``sql`` (0 where it declines)."""
    reader = Reader(tokenize(sql), sql)
    try:
        reader.select()
    except Decline:
        return 0
    return reader.steps


def _term(rng) -> str:
    column = rng.choice(["a", "c", "d", "e"])
    return rng.choice([f"{column} > {rng.randint(0, 9)}", f"{column} <= {rng.randint(0, 9)}",
                       f"{column} BETWEEN {rng.randint(0, 4)} AND {rng.randint(3, 9)}",
                       f"{column} IN ({rng.randint(0, 9)}, {rng.randint(0, 9)})",
                       f"{column} IS NULL", f"NOT ({column} = {rng.randint(0, 9)})",
                       f"{column} + {rng.randint(0, 3)} * a < {rng.randint(0, 20)}"])


def _shallow(rng, terms: int) -> str:
    """``terms`` terms in groups of about eight, ANDs and ORs at each of two levels."""
    groups = []
    while terms > 0:
        size = min(terms, rng.randint(4, 12))
        terms -= size
        groups.append("(" + " AND ".join(_term(rng) for _ in range(size)) + ")")
    return " OR ".join(groups)


def _flat(rng, terms: int) -> str:
    """One chain of ``terms`` terms (420 at least: a tree over 400 high) of four tokens
    each, so that it stays within the reader's 2,000 tokens."""
    return " OR ".join(f"{rng.choice('acde')} = {rng.randint(0, 9)}"
                       for _ in range(max(terms, 420)))


def _session_and_sqlite():
    ours, theirs = rowandb.connect(":memory:"), apsw.Connection(":memory:")
    for sql in SCHEMA[:2] + [
            "INSERT INTO t VALUES " + ", ".join(
                f"({i}, 'b{i % 3}', {i * 0.5}, {'NULL' if i % 4 == 0 else i % 7}, {i % 5}, 'f')"
                for i in range(1, 25))]:
        ours.execute(sql)
        theirs.execute(sql)
    return ours, theirs


def _taken(conn, sql: str) -> bool:
    session = conn._session
    with session.functions.current(), session.limits.in_force():
        return quick_prepare(sql, SessionCatalog(session.db.dictionary, session.temp)) \
            is not None


@pytest.mark.parametrize("shape, taken", [(_shallow, True), (_flat, False)])
def test_generated_long_where_clauses_match_sqlite(shape, taken):
    """WHERE clauses of 170 to 440 terms (over 400 operators): the shallow ones are
    taken, the flat chains (over 400 high) declined; both give SQLite's rows, and the
    taken ones bind as the full path binds them."""
    rng = random.Random(22_000_100 + taken)
    ours, theirs = _session_and_sqlite()
    for _ in range(6):
        terms = rng.randint(170, 230) if taken else 440
        for query in (f"SELECT a, c FROM t WHERE {shape(rng, terms)} ORDER BY a",
                      f"SELECT count(*) FROM t WHERE a IN (SELECT a FROM t WHERE "
                      f"{shape(rng, terms // 2)}) AND ({shape(rng, terms // 2)})"):
            assert _taken(ours, query) == taken, query[:200]
            assert result(ours, query) == result(theirs, query), query[:200]
            if taken:
                assert check_same(ours._session, query)


@pytest.mark.parametrize("operators", [990, 1100])
def test_a_chain_past_sqlite_s_depth_limit_keeps_sqlite_s_error(operators):
    """``a + a + ... `` of about 1000 operators or more: declined, and the full path gives
    SQLite's 'Expression tree is too large (maximum depth 1000)' or its rows, as SQLite
    does."""
    ours, theirs = _session_and_sqlite()
    query = "SELECT " + " + ".join(["a"] * (operators + 1)) + " FROM t WHERE a < 3"
    assert not _taken(ours, query)
    assert result(ours, query) == result(theirs, query)
