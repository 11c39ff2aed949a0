"""The binder (rowandb.sql.bind.binder): names resolved against the catalog into the bound tree.

Checked here: which slot and column a name becomes, the errors for names that do not
resolve or resolve twice, which subqueries are correlated, the static facts the binder
records for the planner (affinity and collation of comparisons), and result column names —
those against SQLite, which names columns from the text as written.
"""

from __future__ import annotations

import apsw
import apsw.ext
import pytest

from rowandb.errors import OperationalError
from rowandb.planner.plan import bound as b
from rowandb.sql.parse import parser
from rowandb.sql.bind.binder import Binder
from rowandb.sql.session import open_session

SCHEMA = [
    "CREATE TABLE t(a INT, b TEXT COLLATE NOCASE, c)",
    "CREATE TABLE u(x INTEGER PRIMARY KEY, a REAL, d BLOB)",
    "CREATE TABLE w(k TEXT, a INT)",
]


@pytest.fixture(scope="module")
def session():
    s = open_session(":memory:")
    for sql in SCHEMA:
        s.execute(sql)
    s.execute("INSERT INTO t VALUES (1, 'p', 'x'), (2, 'Q', 'y')")
    s.execute("INSERT INTO u VALUES (1, 1.5, x'01'), (5, 2.0, NULL)")
    s.execute("INSERT INTO w VALUES ('k', 1)")
    return s


@pytest.fixture(scope="module")
def sqlite():
    db = apsw.Connection(":memory:")
    for sql in SCHEMA:
        db.execute(sql)
    return db


def bind(session, sql: str) -> b.Select:
    parsed = parser.parse(sql)
    return Binder(session.db.dictionary, parsed).bind_query(parsed.tree, None)


def error_of(session, sql: str) -> str:
    with pytest.raises(OperationalError) as caught:
        bind(session, sql)
    return str(caught.value)


# -- resolution -------------------------------------------------------------------------

def test_columns_resolve_to_their_from_item_slot_and_position(session):
    select = bind(session, "SELECT c, x.a, b FROM t AS x JOIN u ON u.x = x.a")
    t_slot, u_slot = (item.source.slot for item in select.items)
    assert t_slot != u_slot
    refs = [(col.slot, col.column, col.name) for col in select.columns]
    assert refs == [(t_slot, 2, "c"), (t_slot, 0, "a"), (t_slot, 1, "b")]


def test_alias_hides_the_table_name(session):
    assert error_of(session, "SELECT t.a FROM t AS x") == "no such column: t.a"
    select = bind(session, "SELECT x.a FROM t AS x")
    assert select.columns[0].column == 0


def test_column_refs_carry_affinity_and_collation(session):
    select = bind(session, "SELECT a, b, c FROM t")
    assert [(c.affinity, c.collation) for c in select.columns] == [
        ("INTEGER", "BINARY"), ("TEXT", "NOCASE"), ("BLOB", "BINARY")]


def test_rowid_names_resolve_to_the_rowid_or_its_alias(session):
    plain = bind(session, "SELECT rowid, oid, _rowid_ FROM t")
    assert [c.column for c in plain.columns] == [-1, -1, -1]
    aliased = bind(session, "SELECT rowid, u.oid FROM u")
    assert [c.column for c in aliased.columns] == [0, 0]


def test_star_expands_in_from_order_and_table_star_picks_one_item(session):
    select = bind(session, "SELECT * FROM t, w")
    assert select.names == ["a", "b", "c", "k", "a"]
    select = bind(session, "SELECT w.*, t.a FROM t, w")
    assert select.names == ["k", "a", "a"]


@pytest.mark.parametrize("sql,message", [
    ("SELECT * FROM missing", "no such table: missing"),
    ("SELECT zz FROM t", "no such column: zz"),
    ("SELECT t.zz FROM t", "no such column: t.zz"),
    ("SELECT q.a FROM t", "no such column: q.a"),
    ("SELECT a FROM t, u", "ambiguous column name: a"),
    ("SELECT a FROM t JOIN w ON k = b", "ambiguous column name: a"),
    ("SELECT q.* FROM t", "no such table: q"),
    ("SELECT *", "no tables specified"),
    ("SELECT count(*) FROM t WHERE count(*) > 1", "misuse of aggregate: count()"),
    ("SELECT a FROM t GROUP BY a HAVING zz", "no such column: zz"),
    ("SELECT a FROM t JOIN w USING (zz)",
     "cannot join using column zz - column not present in both tables"),
    ("SELECT a FROM t ORDER BY 1, 1", None),
    ("SELECT t.a, u.a, w.a FROM t, u, w", None),
])
def test_name_errors_match_sqlite(session, sqlite, sql, message):
    try:
        sqlite.execute(sql).fetchall()
        theirs = None
    except apsw.SQLError as error:
        theirs = str(error)
    assert theirs == message
    if message is None:
        bind(session, sql)
    else:
        assert error_of(session, sql) == message


def test_using_column_is_not_ambiguous(session):
    select = bind(session, "SELECT a FROM t JOIN w USING (a)")
    assert select.columns[0].slot == select.items[0].source.slot
    assert bind(session, "SELECT * FROM t JOIN w USING (a)").names == ["a", "b", "c", "k"]


def test_unqualified_names_resolve_outward_through_subqueries(session):
    select = bind(session, "SELECT (SELECT k FROM w WHERE w.a = t.a AND c = 'x') FROM t")
    inner = select.columns[0].query
    assert select.columns[0].correlated
    outer_slot = select.items[0].source.slot
    reads = [e for e in _walk(inner.where) if isinstance(e, b.ColumnRef)]
    assert {r.slot for r in reads} == {inner.items[0].source.slot, outer_slot}


# -- correlation ----------------------------------------------------------------------------

@pytest.mark.parametrize("sql,correlated", [
    ("SELECT (SELECT max(x) FROM u) FROM t", False),
    ("SELECT (SELECT max(x) FROM u WHERE u.x > t.a) FROM t", True),
    ("SELECT a FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.a = t.a)", True),
    ("SELECT a FROM t WHERE NOT EXISTS (SELECT 1 FROM u)", False),
    ("SELECT a FROM t WHERE a IN (SELECT x FROM u)", False),
    ("SELECT a FROM t WHERE a IN (SELECT x FROM u WHERE u.d = t.c)", True),
    ("SELECT a FROM t WHERE a = (SELECT x FROM u WHERE x = (SELECT max(a) FROM w))", False),
])
def test_correlated_subqueries_are_detected(session, sql, correlated):
    select = bind(session, sql)
    found = [e for root in [select.where, *select.columns] for e in _walk(root)
             if isinstance(e, (b.ScalarSubquery, b.Exists, b.InSubquery))]
    assert found[0].correlated is correlated


def test_a_reference_two_levels_out_correlates_both_inner_queries(session):
    select = bind(session, "SELECT (SELECT (SELECT t.a FROM w) FROM u) FROM t")
    middle = select.columns[0]
    inner = middle.query.columns[0]
    assert middle.correlated and inner.correlated


def test_subquery_over_a_from_item_query_is_not_correlated_with_it(session):
    select = bind(session, "SELECT s.n FROM (SELECT count(*) AS n FROM t) AS s")
    assert isinstance(select.items[0].source, b.SubquerySource)
    assert select.names == ["n"]


# -- static comparison facts ---------------------------------------------------------------

def test_comparisons_record_operand_affinities(session):
    where = bind(session, "SELECT 1 FROM t, u WHERE t.a = '1' AND u.a > t.c AND 1 = 2").where
    first, second, third = _conjuncts(where)
    assert (first.left_affinity, first.right_affinity) == ("INTEGER", None)
    assert (second.left_affinity, second.right_affinity) == ("REAL", "BLOB")
    assert (third.left_affinity, third.right_affinity) == (None, None)


@pytest.mark.parametrize("sql,collation", [
    ("SELECT 1 FROM t WHERE b = 'x'", "NOCASE"),
    ("SELECT 1 FROM t WHERE 'x' = b", "NOCASE"),
    ("SELECT 1 FROM t WHERE c = b", "BINARY"),
    ("SELECT 1 FROM t WHERE b = c", "NOCASE"),
    ("SELECT 1 FROM t WHERE b = 'x' COLLATE RTRIM", "RTRIM"),
    ("SELECT 1 FROM t WHERE b COLLATE BINARY = 'x'", "BINARY"),
    ("SELECT 1 FROM t WHERE c = 'x'", "BINARY"),
])
def test_comparison_collation_follows_sqlites_precedence(session, sqlite, sql, collation):
    assert bind(session, sql).where.collation == collation


def test_comparison_collation_agrees_with_sqlite_results(session, sqlite):
    sqlite.execute("DELETE FROM t; INSERT INTO t VALUES (1, 'p', 'x'), (2, 'Q', 'y')")
    for sql in ("SELECT a FROM t WHERE b = 'q'", "SELECT a FROM t WHERE 'P' = b",
                "SELECT a FROM t WHERE c = upper(b)", "SELECT a FROM t WHERE upper(b) = c",
                "SELECT a FROM t WHERE b = 'q' COLLATE BINARY",
                "SELECT a FROM t WHERE c = 'X'", "SELECT a FROM t WHERE c = 'X' COLLATE NOCASE"):
        assert session.execute(sql).rows == sqlite.execute(sql).fetchall(), sql


# -- result column names ------------------------------------------------------------------

NAMED = [
    "SELECT x.a, t.b, x.c FROM t AS x, t",
    "SELECT t.*, a, \"b\", [a], `b` FROM t",
    "SELECT -a, (a), ((b)), a||b, 'lit', 1.50, x'AB', NULL FROM t",
    "SELECT a AS \"x y\", a AS 'str alias', CAST(a AS TEXT), CASE WHEN a THEN 1 END FROM t",
    "SELECT max(a), MAX(a), Count(*), count( * ), abs ( a ) FROM t",
    "SELECT  1 +  2 ,a  +  1 FROM t",
    "SELECT * FROM (SELECT a AS q, b FROM t) AS s",
    "SELECT s.q, s.* FROM (SELECT a AS q, b FROM t) AS s",
    "SELECT a FROM t UNION SELECT b FROM t",
    "SELECT a AS first FROM t UNION SELECT b AS second FROM t ORDER BY first",
    "VALUES (1, 2)",
    "SELECT (SELECT b FROM t WHERE a = 1), EXISTS (SELECT 1), 1 IN (1, 2) FROM t",
    "SELECT rowid, oid, t._rowid_ FROM t",
    "SELECT * FROM t JOIN w USING (a)",
    "SELECT count(*) AS n, b FROM t GROUP BY b",
    "SELECT a /* comment */ + 1, b -- trailing\n FROM t",
    # a compound with a collated ORDER BY term becomes a subquery: distinct names as written
    "SELECT A, a, t.a AS 'a:1', (B), * FROM t UNION SELECT 1, 2, 3, 4, 5, 6, 7 "
    "ORDER BY 1 COLLATE NOCASE",
    "SELECT a, a FROM t EXCEPT SELECT 1, 2 UNION ALL SELECT 3, 4 ORDER BY 2 COLLATE RTRIM",
    "SELECT a, a FROM t UNION ALL SELECT 1, 2 ORDER BY 2 COLLATE RTRIM",
    "SELECT A, a FROM t UNION ALL SELECT 1, 2 INTERSECT SELECT 3, 4 ORDER BY 2 COLLATE RTRIM",
    "SELECT NULL, NULL, 'x', 'x' FROM t INTERSECT SELECT 1, 2, 3, 4 ORDER BY 1 COLLATE BINARY",
    "SELECT (t.a COLLATE BINARY), +a, likely(a), B COLLATE NOCASE FROM t UNION SELECT 1, 2, "
    "3, 4 ORDER BY 1 COLLATE NOCASE",
    "SELECT (t.a COLLATE BINARY), b COLLATE NOCASE, (a + 1) COLLATE RTRIM FROM t "
    "EXCEPT SELECT 1, 2, 3 ORDER BY 1 COLLATE BINARY",
]


@pytest.mark.parametrize("sql", NAMED)
def test_result_column_names_match_sqlite(session, sqlite, sql):
    theirs = tuple(name for name, _ in apsw.ext.query_info(sqlite, sql).description)
    assert session.execute(sql).columns == theirs


# -- helpers ------------------------------------------------------------------------------

def _conjuncts(expr):
    if isinstance(expr, b.Binary) and expr.op == "and":
        return _conjuncts(expr.left) + _conjuncts(expr.right)
    return [expr]


def _walk(expr):
    """Every expression node under ``expr`` (not descending into subqueries)."""
    if expr is None:
        return
    yield expr
    for name in ("left", "right", "operand", "pattern", "escape", "default"):
        child = getattr(expr, name, None)
        if isinstance(child, b.Expr):
            yield from _walk(child)
    for child in getattr(expr, "args", ()) or ():
        yield from _walk(child)
    for child in getattr(expr, "items", ()) if isinstance(expr, b.InList) else ():
        yield from _walk(child)
    for when, then in getattr(expr, "whens", ()) or ():
        yield from _walk(when)
        yield from _walk(then)


def test_columns_read_of_every_from_item_come_from_one_walk(session):
    """analysis.ColumnsRead (the planner's rules ask it per FROM item) answers each slot as
    columns_read does, subqueries included, and a fresh set each time."""
    from rowandb.planner.plan.analysis import ColumnsRead, columns_read
    select = bind(session, "SELECT t.a, u.d FROM t, u, t AS t2 WHERE t.b = u.a AND "
                           "t2.c IN (SELECT w.k FROM w WHERE w.a = u.d) ORDER BY t2.a")
    reads = ColumnsRead(select)
    slots = [item.source.slot for item in select.items]
    assert [reads(s) for s in slots] == [columns_read(select, s) for s in slots]
    assert (reads(slots[0]), reads(slots[1]), reads(slots[2])) == ({0, 1}, {1, 2}, {0, 2})
    reads(slots[0]).add(99)
    assert 99 not in reads(slots[0])
