"""Optimizer rules (rowandb.planner.optimizer), each applied alone to a small plan.

A plan here is the builder's plain row-source tree for a query: its FROM items joined in the
order written under one Filter holding the whole WHERE clause. Each test applies one rule
and compares the rendered tree (``logical.render``) with the tree the rule must produce;
the last tests run the whole chain and check that the optimised plans still return SQLite's
rows.
"""

from __future__ import annotations

from collections import Counter

import apsw
import pytest

from rowandb.errors import OperationalError
from rowandb.planner.plan import logical as L
from rowandb.planner.plan import build
from rowandb.planner.plan.analysis import conjuncts
from rowandb.planner.plan.describe import describe
from rowandb.planner.optimizer import (RULES, choose_index, fold_constants,
                                       function_arguments, hash_join, hoist_invariants,
                                       optimize, push_down_predicates, reorder_joins)
from rowandb.sql.parse import parser
from rowandb.sql.bind.binder import Binder
from rowandb.sql.session import open_session

SCHEMA = [
    "CREATE TABLE t1(id INTEGER PRIMARY KEY, a INT, b TEXT COLLATE NOCASE, c)",
    "CREATE INDEX t1_a ON t1(a)",
    "CREATE INDEX t1_b ON t1(b)",
    "CREATE INDEX t1_ac ON t1(a, c)",
    "CREATE TABLE t2(x INTEGER PRIMARY KEY, t1_id INT, v TEXT)",
    "CREATE INDEX t2_t1 ON t2(t1_id)",
    "CREATE TABLE t3(k TEXT, w INT)",
]
DATA = [
    "INSERT INTO t1 VALUES (1, 5, 'x', 2), (2, 3, 'Y', 7), (3, 5, 'y', 9), (4, NULL, 'z', NULL)",
    "INSERT INTO t2 VALUES (10, 1, 'p'), (11, 3, 'x'), (12, 3, 'q'), (13, NULL, 'x')",
    "INSERT INTO t3 VALUES ('p', 10), ('x', 5), ('q', 3), (NULL, 12)",
]


@pytest.fixture(scope="module")
def session():
    s = open_session(":memory:")
    for sql in SCHEMA + DATA:
        s.execute(sql)
    return s


def raw_plan(session, sql: str) -> L.Node:
    """The row-source tree of ``sql`` as the builder makes it, before any rule runs."""
    parsed = parser.parse(sql)
    select = Binder(session.db.dictionary, parsed).bind_query(parsed.tree, None)
    node = build._from_clause(select, {})
    if select.where is not None:
        node = L.Filter(node, select.where)
    return node


def tree(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    indent = min(len(line) - len(line.lstrip()) for line in lines)
    return "\n".join(line[indent:] for line in lines)


def check(rule, session, sql: str, expected: str) -> None:
    assert L.render(rule(raw_plan(session, sql))) == tree(expected)


def test_rules_run_in_the_documented_order():
    names = [rule.__name__ for rule in RULES]
    assert names == ["fold_constants", "hoist_invariants", "reorder_joins",
                     "push_down_predicates", "push_into_cte", "function_arguments",
                     "choose_index", "index_order", "hash_join", "whole_index"]


# -- rule 1: constant folding ----------------------------------------------------------------

@pytest.mark.parametrize("sql,expected", [
    ("SELECT * FROM t1 WHERE a > 1 + 2 * 3 AND b = 'x' || 'y'", """
        FILTER ((t1.a > 7) AND (t1.b = 'xy'))
          SCAN t1"""),
    ("SELECT * FROM t1 WHERE a = 10 / 4 AND c = 10 / 4.0 AND 1 / 0 IS NULL", """
        FILTER (((t1.a = 2) AND (t1.c = 2.5)) AND 1)
          SCAN t1"""),
    ("SELECT * FROM t1 JOIN t2 ON t2.t1_id = t1.id + (2 - 1)", """
        NESTED LOOP ON (t2.t1_id = (t1.id + 1))
          SCAN t1
          SCAN t2"""),
    ("SELECT * FROM t1 WHERE a = abs(-3) + length('abc')", """
        FILTER (t1.a = 6)
          SCAN t1"""),
])
def test_fold_constants_evaluates_constant_parts(session, sql, expected):
    check(fold_constants, session, sql, expected)


@pytest.mark.parametrize("sql,expected", [
    ("SELECT * FROM t1 WHERE abs(-9223372036854775808) > a", """
        FILTER (abs(-9223372036854775808) > t1.a)
          SCAN t1"""),
    ("SELECT * FROM t1 WHERE a > random()", """
        FILTER (t1.a > random())
          SCAN t1"""),
    ("SELECT * FROM t1 WHERE a = ? + 1", """
        FILTER (t1.a = (?1 + 1))
          SCAN t1"""),
    ("SELECT * FROM t1 WHERE a = (SELECT 1 + 1)", """
        FILTER (t1.a = (subquery))
          SCAN t1"""),
])
def test_fold_constants_leaves_errors_volatile_calls_parameters_and_subqueries(
        session, sql, expected):
    check(fold_constants, session, sql, expected)


def test_folding_an_erroring_expression_keeps_the_error_for_run_time(session):
    with pytest.raises(OperationalError, match="integer overflow"):
        session.execute("SELECT * FROM t1 WHERE abs(-9223372036854775808) > a")


# -- rule 2: join ordering -------------------------------------------------------------------

# -- rule 2: loop-invariant conditions ----------------------------------------------------------

@pytest.mark.parametrize("sql,expected", [
    # a condition that reads no FROM item is tested once, before any row, in WHERE order
    ("SELECT * FROM t1 WHERE a > 5 AND like(1, 1, 'xy') AND ?1", """
        GUARD like(1, 1, 'xy') AND ?1
          FILTER (t1.a > 5)
            SCAN t1"""),
    # subqueries, non-deterministic calls and the FROM item's columns stay per row
    ("SELECT * FROM t1 WHERE 1 IN (SELECT w FROM t3) AND random() AND c", """
        FILTER ((1 IN (subquery) AND random()) AND t1.c)
          SCAN t1"""),
    # an inner join's ON counts as WHERE (after it); a LEFT JOIN's does not
    ("SELECT * FROM t1 JOIN t2 ON abs(?1) LEFT JOIN t3 ON lower(?2) WHERE upper(?3)", """
        GUARD upper(?3) AND abs(?1)
          LEFT NESTED LOOP ON lower(?2)
            NESTED LOOP
              SCAN t1
              SCAN t2
            SCAN t3"""),
    # alone, the rule sees constants unfolded (fold_constants drops a true one first)
    ("SELECT * FROM t1 WHERE a > 0 AND 1 = 1", """
        GUARD (1 = 1)
          FILTER (t1.a > 0)
            SCAN t1"""),
])
def test_hoist_invariants_takes_loop_invariant_conditions_out(session, sql, expected):
    check(hoist_invariants, session, sql, expected)


def test_hoisted_conditions_run_before_any_row_and_stop_at_the_first_false(session):
    """SQLite's WHERE-term hoisting decides which error surfaces: an invariant term runs
    even when no row would reach it, and a false one stops the terms after it."""
    oracle = apsw.Connection(":memory:")
    for sql in SCHEMA + DATA:
        oracle.execute(sql)
    for sql in ["SELECT * FROM t1 WHERE a > 50 AND like(1, 1, 'xy')",
                "SELECT * FROM t1 WHERE NULL AND like(1, 1, 'xy')",
                "SELECT * FROM t1 WHERE a > 50 AND abs(-9223372036854775807 - 1) + random()",
                "SELECT (SELECT 1 FROM t3 WHERE w > 50 AND abs(t1.a - 9223372036854775807 - 6)) "
                "FROM t1 WHERE a = 3"]:
        outcomes = []
        for run in (lambda: session.execute(sql).rows, lambda: oracle.execute(sql).fetchall()):
            try:
                outcomes.append(("ok", [tuple(r) for r in run()]))
            except Exception as error:          # noqa: BLE001 - compared across engines
                outcomes.append(("error", str(error)))
        assert outcomes[0] == outcomes[1], sql


@pytest.mark.parametrize("sql,expected", [
    # A constant rowid lookup starts the join; the other table follows through its rowid.
    ("SELECT * FROM t1, t2 WHERE t2.x = 5 AND t1.id = t2.t1_id", """
        FILTER ((t2.x = 5) AND (t1.id = t2.t1_id))
          NESTED LOOP
            SCAN t2
            SCAN t1"""),
    # Worst written order: constant lookup, then the index, then the unindexed table.
    # (t2.t1_id = 3 follows from the first two: SQLite's planner can search t2 by it.)
    ("SELECT * FROM t3, t2, t1 WHERE t1.id = 3 AND t2.t1_id = t1.id AND t3.k = t2.v", """
        FILTER ((((t1.id = 3) AND (t2.t1_id = t1.id)) AND (t3.k = t2.v)) AND (t2.t1_id = 3))
          NESTED LOOP
            NESTED LOOP
              SCAN t1
              SCAN t2
            SCAN t3"""),
    # Ties keep the order written (SQLite's costs: two full scans, neither searchable).
    ("SELECT * FROM t3, t1 WHERE t3.k > t1.b", """
        FILTER (t3.k > t1.b)
          NESTED LOOP
            SCAN t3
            SCAN t1"""),
    # t3 can be reached by an automatic index on w (RowanDB: a hash join), t1 not by one
    # on c (the comparison converts c): SQLite scans t1 first.
    ("SELECT * FROM t3, t1 WHERE t3.w = t1.c", """
        FILTER (t3.w = t1.c)
          NESTED LOOP
            SCAN t1
            SCAN t3"""),
    # A LEFT JOIN keeps its right table after the tables written before it, and an inner
    # join written after it may move in front, as SQLite's EXPLAIN QUERY PLAN shows: SEARCH
    # t1, SCAN t3, SEARCH t2 LEFT-JOIN (branch costorder)
    ("SELECT * FROM t3 LEFT JOIN t2 ON t2.v = t3.k, t1 WHERE t1.id = 1", """
        FILTER (t1.id = 1)
          LEFT NESTED LOOP ON (t2.v = t3.k)
            NESTED LOOP
              SCAN t1
              SCAN t3
            SCAN t2"""),
])
def test_reorder_joins(session, sql, expected):
    check(reorder_joins, session, sql, expected)


def test_reorder_joins_leaves_a_single_table_alone(session):
    plan = raw_plan(session, "SELECT * FROM t1 WHERE a = 1")
    assert reorder_joins(plan) is plan


# -- rule 3: predicate pushdown ----------------------------------------------------------------

@pytest.mark.parametrize("sql,expected", [
    # Each conjunct goes to the first table where its columns are known; a constant one to
    # the first table.
    ("SELECT * FROM t1, t2 WHERE t1.a = 1 AND t2.v = 'x' AND t1.id = t2.t1_id AND 1", """
        NESTED LOOP
          FILTER ((t1.a = 1) AND 1)
            SCAN t1
          FILTER ((t2.v = 'x') AND (t1.id = t2.t1_id))
            SCAN t2"""),
    # ON conditions of inner joins are ordinary conjuncts.
    ("SELECT * FROM t1 JOIN t2 ON t1.a = 5 JOIN t3 ON t3.w = t2.x", """
        NESTED LOOP
          NESTED LOOP
            FILTER (t1.a = 5)
              SCAN t1
            SCAN t2
          FILTER (t3.w = t2.x)
            SCAN t3"""),
    # LEFT JOIN: the ON conjuncts filter the right side; a WHERE conjunct reading the right
    # side stays above the join, one reading only the left side goes below it.
    ("SELECT * FROM t1 LEFT JOIN t2 ON t2.t1_id = t1.id AND t2.v = 'x' "
     "WHERE t2.x IS NULL AND t1.a = 2", """
        FILTER t2.x IS NULL
          LEFT NESTED LOOP
            FILTER (t1.a = 2)
              SCAN t1
            FILTER ((t2.t1_id = t1.id) AND (t2.v = 'x'))
              SCAN t2"""),
    # An OR across two tables can only be tested once both are known.
    ("SELECT * FROM t1, t3 WHERE t1.a = 1 OR t3.w = 2", """
        NESTED LOOP
          SCAN t1
          FILTER ((t1.a = 1) OR (t3.w = 2))
            SCAN t3"""),
])
def test_push_down_predicates(session, sql, expected):
    check(push_down_predicates, session, sql, expected)


# -- rule 4: index choice ----------------------------------------------------------------------

@pytest.mark.parametrize("sql,search", [
    ("SELECT * FROM t1 WHERE a = 5", "SEARCH t1 USING INDEX t1_a (a=?)"),
    ("SELECT * FROM t1 WHERE 5 < a", "SEARCH t1 USING INDEX t1_a (a>?)"),
    ("SELECT * FROM t1 WHERE a = '5'", "SEARCH t1 USING INDEX t1_a (a=?)"),
    ("SELECT * FROM t1 WHERE id = 5 AND a = 5", "SEARCH t1 USING INTEGER PRIMARY KEY (rowid=?)"),
    ("SELECT * FROM t1 WHERE rowid = 5", "SEARCH t1 USING INTEGER PRIMARY KEY (rowid=?)"),
    ("SELECT * FROM t1 WHERE id >= 2 AND id < 4",
     "SEARCH t1 USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)"),
    ("SELECT * FROM t1 WHERE a = 5 AND c = 2", "SEARCH t1 USING INDEX t1_ac (a=? AND c=?)"),
    ("SELECT * FROM t1 WHERE a = 5 AND c > 2 AND c <= 9",
     "SEARCH t1 USING INDEX t1_ac (a=? AND c>? AND c<?)"),
    ("SELECT * FROM t1 WHERE b = 'x'", "SEARCH t1 USING INDEX t1_b (b=?)"),
    ("SELECT * FROM t1 WHERE b = 'x' COLLATE NOCASE", "SEARCH t1 USING INDEX t1_b (b=?)"),
    ("SELECT * FROM t1 WHERE a = ?", "SEARCH t1 USING INDEX t1_a (a=?)"),
    # no usable index: second column only, other collation, own columns, numeric vs TEXT
    ("SELECT * FROM t1 WHERE c = 5", "SCAN t1"),
    ("SELECT * FROM t1 WHERE b = 'x' COLLATE BINARY", "SCAN t1"),
    ("SELECT * FROM t1 WHERE a = c", "SCAN t1"),
    ("SELECT * FROM t1 WHERE a + 1 = 5", "SCAN t1"),
    ("SELECT * FROM t1 WHERE b = CAST(5 AS INTEGER)", "SCAN t1"),
])
def test_choose_index_on_a_single_table(session, sql, search):
    where = raw_plan(session, sql).predicate
    check(choose_index, session, sql, f"FILTER {describe(where)}\n  {search}")


def test_choose_index_inside_a_join_uses_values_of_outer_tables(session):
    sql = "SELECT * FROM t1, t2 WHERE t2.t1_id = t1.id"
    pushed = push_down_predicates(raw_plan(session, sql))
    assert L.render(choose_index(pushed)) == tree("""
        NESTED LOOP
          SCAN t1
          FILTER (t2.t1_id = t1.id)
            SEARCH t2 USING INDEX t2_t1 (t1_id=?)""")


def test_choose_index_keeps_every_conjunct_in_the_filter(session):
    plan = choose_index(raw_plan(session, "SELECT * FROM t1 WHERE a = 5 AND b = 'x' AND c > 1"))
    assert isinstance(plan, L.Filter) and isinstance(plan.child, L.IndexScan)
    assert len(conjuncts(plan.predicate)) == 3


# -- table-valued functions: arguments from WHERE, and join order ------------------------------

def test_function_arguments_take_an_equality_on_the_first_hidden_column(session):
    sql = "SELECT * FROM pragma_table_info WHERE cid > 0 AND arg = 't1' AND schema = 'main'"
    plan = function_arguments(push_down_predicates(raw_plan(session, sql)))
    assert L.render(plan) == tree("""
        FILTER (pragma_table_info.cid > 0)
          SCAN pragma_table_info VIRTUAL TABLE INDEX 0:""")
    assert [describe(a) for a in plan.child.args] == ["'t1'", "'main'"]


def test_function_arguments_leave_a_second_column_without_the_first(session):
    sql = "SELECT * FROM pragma_table_info WHERE schema = 'main'"
    plan = function_arguments(push_down_predicates(raw_plan(session, sql)))
    assert isinstance(plan, L.Filter) and plan.child.args == ()


def test_a_function_runs_after_the_items_its_arguments_read(session):
    for sql in ("SELECT * FROM pragma_table_info(t3.k), t3",
                "SELECT * FROM pragma_table_info p, t3 WHERE p.arg = t3.k"):
        plan = reorder_joins(raw_plan(session, sql))
        text = L.render(plan)
        assert text.index("SCAN t3") < text.index("VIRTUAL TABLE"), text


# -- rule 5: hash joins -------------------------------------------------------------------------

def after_four_rules(node):
    for rule in (fold_constants, reorder_joins, push_down_predicates, choose_index):
        node = rule(node)
    return node


@pytest.mark.parametrize("sql,expected", [
    # An equality with no index on the inner side: hash the inner side once.
    ("SELECT * FROM t1, t3 WHERE t1.c = t3.w", """
        HASH JOIN ON t1.c=t3.w
          SCAN t1
          SCAN t3"""),
    # Conjuncts of the inner side alone stay under it; ones that are not keys go above.
    ("SELECT * FROM t1, t3 WHERE t1.c = t3.w AND t3.k > t1.b AND t3.k = 'x'", """
        FILTER (t3.k > t1.b)
          HASH JOIN ON t1.c=t3.w
            SCAN t1
            FILTER (t3.k = 'x')
              SCAN t3"""),
    # A LEFT join SQLite reaches through an automatic index is hashed (its key per left
    # row); one whose comparison converts the right column (t3.k TEXT against an INT: no
    # index can serve it, SQLite scans t3) and index lookups driven by the outer row are
    # left alone.
    ("SELECT * FROM t1 LEFT JOIN t3 ON t1.c = t3.w", """
        LEFT HASH JOIN ON t1.c=t3.w
          SCAN t1
          SCAN t3"""),
    ("SELECT * FROM t1 LEFT JOIN t3 ON t1.a = t3.k", """
        LEFT NESTED LOOP
          SCAN t1
          FILTER (t1.a = t3.k)
            SCAN t3"""),
    ("SELECT * FROM t1, t2 WHERE t2.t1_id = t1.id", """
        NESTED LOOP
          SCAN t2
          FILTER (t2.t1_id = t1.id)
            SEARCH t1 USING INTEGER PRIMARY KEY (rowid=?)"""),
])
def test_hash_join(session, sql, expected):
    check(lambda node: hash_join(after_four_rules(node)), session, sql, expected)


# -- the whole chain -------------------------------------------------------------------------

QUERIES = [
    "SELECT t1.id, t2.x FROM t1, t2 WHERE t2.t1_id = t1.id AND t1.a BETWEEN 2 AND 4",
    "SELECT t1.id, t2.x FROM t2, t1 WHERE t1.id = t2.t1_id",
    "SELECT t1.id, t3.k FROM t1 LEFT JOIN t3 ON t3.w = t1.c WHERE t3.k IS NULL",
    "SELECT t1.id FROM t1 WHERE b = 'Y'",
    "SELECT t1.id FROM t1 WHERE a = '5' AND c > 2.5",
    "SELECT t1.id, t2.v, t3.w FROM t3, t2, t1 WHERE t1.id = 3 AND t2.t1_id = t1.id AND t3.k = t2.v",
    "SELECT t1.id FROM t1 WHERE a > 1 + 1 AND 2 > 1",
    "SELECT t2.x FROM t2 WHERE x >= '11' AND x < 13.5",
    "SELECT t1.id, t3.w FROM t1 JOIN t3 ON t3.k = t1.b",
    "SELECT t1.id, t3.k FROM t1, t3 WHERE t1.c = t3.w AND t3.k > t1.b",
    "SELECT t3.k, t1.id FROM t3, t1 WHERE t1.c = t3.w",
    "SELECT t1.id, t2.x, t3.w FROM t1, t2, t3 WHERE t3.w = t2.x AND t2.v = t1.b",
    "SELECT * FROM (SELECT id, a FROM t1) WHERE a = 5",
    "SELECT s.id, t2.x FROM t2, (SELECT id, a FROM t1 WHERE c > 1) AS s WHERE s.id = t2.t1_id",
    "SELECT * FROM (SELECT a, count(*) FROM t1 GROUP BY a) AS g WHERE g.a = 5",
]


def test_a_from_subquery_takes_the_outer_query_s_predicates(session):
    """A FROM subquery is an inlined table: ``a = 5`` searches the index under it."""
    rows = session.execute("EXPLAIN QUERY PLAN SELECT * FROM (SELECT id, a FROM t1) AS s "
                           "WHERE s.a = 5").rows
    assert "SEARCH t1 USING INDEX t1_a (a=?)" in [row[3] for row in rows]


@pytest.mark.parametrize("sql", QUERIES)
def test_optimised_plans_return_sqlites_rows(session, sql):
    db = apsw.Connection(":memory:")
    for statement in SCHEMA + DATA:
        db.execute(statement)
    assert Counter(session.execute(sql).rows) == Counter(db.execute(sql).fetchall())


def test_the_four_rules_in_order_compose(session):
    sql = "SELECT * FROM t3, t1, t2 WHERE t1.id = 1 + 2 AND t2.t1_id = t1.id AND t3.w = t2.x"
    plan = after_four_rules(raw_plan(session, sql))
    assert L.render(plan) == tree("""
        NESTED LOOP
          NESTED LOOP
            FILTER (t1.id = 3)
              SEARCH t1 USING INTEGER PRIMARY KEY (rowid=?)
            SCAN t3
          FILTER (((t2.t1_id = t1.id) AND (t3.w = t2.x)) AND (t2.t1_id = 3))
            SEARCH t2 USING INTEGER PRIMARY KEY (rowid=?)""")     # SQLite's order


def test_optimize_keeps_the_lookups_the_rules_chose(session):
    sql = "SELECT * FROM t3, t1, t2 WHERE t1.id = 1 + 2 AND t2.t1_id = t1.id AND t3.w = t2.x"
    text = L.render(optimize(raw_plan(session, sql)))
    assert "SEARCH t1 USING INTEGER PRIMARY KEY (rowid=?)" in text
    assert "SEARCH t2 USING INTEGER PRIMARY KEY (rowid=?)" in text     # by t3.w = t2.x
    assert "(t1.id = 3)" in text and "1 + 2" not in text


# -- the planner's per-statement shortcuts (branch corpusplan) ------------------------------
def _rescored_greedy(items, facts, needs, rows):
    """The greedy join order computed the plain way: every ready item rescored at every
    step (``reorder_joins._greedy`` rescores only the items a placed table's conjuncts read)."""
    def score(found, bound):
        return max([rank for others, rank in found if others <= bound], default=0)
    order, bound, remaining = [], set(), list(range(len(items)))
    while remaining:
        ready = [i for i in remaining if needs[items[i].slot] <= bound] or remaining
        best = max(ready, key=lambda i: (score(facts[items[i].slot], bound), -rows[i], -i))
        remaining.remove(best)
        order.append(best)
        bound.add(items[best].slot)
    return order


def test_greedy_join_order_is_the_order_of_rescoring_every_step(monkeypatch):
    import random
    import sys
    from types import SimpleNamespace
    module = sys.modules["rowandb.planner.optimizer.reorder_joins"]
    monkeypatch.setattr(module, "_rows", lambda item: item.rows)
    rng = random.Random(12)
    differing_from_written = 0
    for _ in range(2000):
        slots = rng.sample(range(0, 200, 2), rng.randint(2, 12))
        items = [SimpleNamespace(slot=s, rows=rng.choice([1 << 20, 5, 100])) for s in slots]
        facts = {s: [] for s in slots}
        for _ in range(rng.randint(0, 3 * len(slots))):
            involved = set(rng.sample(slots, min(rng.randint(1, 3), len(slots))))
            for s in involved:
                facts[s].append((frozenset(involved - {s}), rng.randint(1, 4)))
        needs = {s: ({rng.choice(slots)} - {s}) if rng.random() < 0.1 else set()
                 for s in slots}
        order = module._greedy(items, facts, needs)
        assert order == _rescored_greedy(items, facts, needs, [i.rows for i in items])
        differing_from_written += order != sorted(order)
    assert differing_from_written > 500         # the nests really were reordered


def test_slots_of_keeps_its_answer_only_on_subquery_free_expressions(session):
    from rowandb.planner.plan import bound as b
    from rowandb.planner.plan.analysis import children, slots_of
    x = b.ColumnRef(4, 0, "x", None)
    y = b.ColumnRef(8, 1, "y", None)
    expr = b.Binary("or", b.Compare("eq", x, b.Literal(1)),
                    b.Function("abs", (b.Cast(y, "INTEGER", "INTEGER"),)))
    assert slots_of(expr) == {4, 8}
    assert expr._slots_read == {4, 8} and slots_of(expr) is expr._slots_read
    assert children(expr) == (expr.left, expr.right)
    assert children(expr.right) == (expr.right.args[0],) and children(b.Literal(1)) == ()
    parsed = parser.parse("SELECT a FROM t1 WHERE a IN (SELECT x FROM t2 WHERE t1_id = t1.id)")
    where = Binder(session.db.dictionary, parsed).bind_query(parsed.tree, None).where
    assert isinstance(where, b.InSubquery)
    assert slots_of(where) and not hasattr(where, "_slots_read")
    assert slots_of(where.operand) and hasattr(where.operand, "_slots_read")


@pytest.mark.parametrize("sql", [
    "SELECT 1", "SELECT count(*), max(2) + 1", "SELECT DISTINCT - 3 ORDER BY 1",
    "SELECT (SELECT a FROM t1 WHERE id = 2) AS s ORDER BY s DESC",
    "SELECT sum(5) OVER () ORDER BY 1", "SELECT 1 WHERE 0", "SELECT 2 GROUP BY 1 HAVING 1",
])
def test_the_shortcuts_for_a_select_without_from_change_no_plan(session, sql):
    """``optimize`` gives a constant row back at once and ``_select_core`` asks no rule of
    table reads about a SELECT without FROM: each of those rules would give it back as
    it is, so the plan is the one the rules make (and its rows SQLite's)."""
    from rowandb.planner.optimizer.covering import mark_covering
    from rowandb.planner.optimizer.covering_scan import covering_scan
    from rowandb.planner.optimizer.group_by_index import group_by_index
    from rowandb.planner.optimizer.order_by_index import order_by_index
    from rowandb.planner.optimizer.partial_coded import partial_where_coded
    from rowandb.planner.optimizer.term_order import index_first
    empty = L.Empty()
    others = {"hoist_invariants": (frozenset(),), "index_order": (None,)}   # their 2nd args
    for rule in RULES:
        assert rule(empty, *others.get(rule.__name__, ())) is empty
    parsed = parser.parse(sql)
    select = Binder(session.db.dictionary, parsed).bind_query(parsed.tree, None)
    root = build.plan_select(select).root
    reads = build.ColumnsRead(select)
    for rule in (lambda n: order_by_index(n, reads), lambda n: covering_scan(n, reads),
                 group_by_index, lambda n: mark_covering(n, reads), partial_where_coded,
                 index_first):
        assert rule(root) is root
    oracle = apsw.Connection(":memory:")
    for statement in SCHEMA + DATA:
        oracle.execute(statement)
    assert session.execute(sql).rows == list(oracle.execute(sql))
