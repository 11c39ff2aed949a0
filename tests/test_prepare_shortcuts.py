"""The shortcuts that prepare a statement with less work: each must give the same answer
as the work it skips.

- ``tables.single_query``: a test of a statement's text that lets the binder skip the
  search of its clauses for subqueries and tables of ``IN table`` (and the planner its
  search for subqueries to plan): it may say no wrongly, never yes -- checked against the
  parsed tree of every statement here.
- ``analysis.kept_any`` (``contains_subquery``, ``properties.has_collate``): answers kept
  on the bound nodes equal the plain recursive definitions, at every node, asked in any
  order.
- ``analysis.columns_read_by_slot``, ``slots_of`` and ``holds_correlated_subquery``
  (one walk with each class's kind looked up once; no walk for a term without a
  subquery): equal to their plain definitions over ``deep_nodes`` at every node.
- ``bind_expr.parse_number``'s kept values: equal in value and type to a fresh reading,
  errors raised every time.
- the closure compiler's ``no_subqueries`` (a plan without subqueries) and the binder's
  lazily found SELECT order (``result_texts.texts_for``): the rows, result column names
  and errors equal SQLite's.
- ``Table.named_columns`` (a table's columns for name resolution, made once): the names
  resolve as SQLite's after every kind of ALTER TABLE.
"""

from __future__ import annotations

import apsw
import pytest
from sqlglot import expressions as exp

from rowandb.catalog.ascii_case import ascii_lower
from rowandb.errors import OperationalError
from rowandb.planner.plan import bound as b
from rowandb.planner.plan import analysis
from rowandb.planner.plan.analysis import children, contains_subquery
from rowandb.sql.parse import parser
from rowandb.sql.bind.binder import Binder
from rowandb.planner.plan.operand_types import _collation_order, has_collate
from rowandb.sql.session import open_session
from rowandb.sql.bind.tables import single_query

SCHEMA = [
    "CREATE TABLE t(a INT, b TEXT COLLATE NOCASE, c)",
    "CREATE TABLE u(x INTEGER PRIMARY KEY, a REAL, d BLOB)",
    "CREATE INDEX ua ON u(a)",
    "CREATE TABLE one(x)",
    "CREATE VIEW v AS SELECT a, (SELECT max(x) FROM u) AS m FROM t",
]
ROWS = [
    "INSERT INTO t VALUES (1, 'p', 'x'), (2, 'Q', 'y'), (NULL, 'r', 3)",
    "INSERT INTO u VALUES (1, 1.5, x'01'), (5, 2.0, NULL), (7, NULL, 'z')",
    "INSERT INTO one VALUES (2), (3)",
]

STATEMENTS = [
    "SELECT a FROM t WHERE a IN (1, 2)",
    "SELECT a FROM t WHERE a IN(1, 2) OR b = 'q'",
    "SELECT a FROM t WHERE a IN one",
    "select a from t where a in one",
    "SELECT a FROM t WHERE a IN\n(SELECT x FROM u)",
    "SELECT a FROM t WHERE a IN /* x */ (SELECT x FROM u)",
    "SELECT a FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.x = t.a)",
    "SELECT a, (SELECT count(*) FROM u) FROM t",
    "SELECT a FROM t UNION SELECT x FROM u",
    "SELECT a FROM t UNION ALL VALUES (9)",
    "SELECT a FROM t WHERE a IN (VALUES (1), (2))",
    "SELECT a FROM t INTERSECT SELECT x FROM u",
    "SELECT a FROM t EXCEPT SELECT x FROM u",
    "SELECT * FROM v WHERE a > 0",
    "SELECT m, a FROM v",
    "SELECT 'in' FROM t WHERE b = 'p'",
    "SELECT 'select' FROM t WHERE b = 'p'",
    "SELECT a AS \"in\" FROM t",
    "SELECT a FROM (SELECT a FROM t) WHERE a BETWEEN 1 AND 2",
    "WITH w AS (SELECT a FROM t) SELECT a FROM w WHERE a NOT IN (2)",
    "SELECT a FROM t WHERE a = 1 AND b COLLATE BINARY = 'p' OR c > a COLLATE NOCASE",
    "SELECT a FROM t WHERE (b COLLATE NOCASE, a) = ('P', 1) OR a IN (SELECT x FROM u)",
    "SELECT a, b FROM t WHERE a > (SELECT min(x) FROM u) OR b IN ('p', 'q')",
    "SELECT a FROM t WHERE (SELECT a) IS NULL",
    "SELECT a, b || c FROM t ORDER BY 2 COLLATE NOCASE",
    "SELECT x FROM u WHERE a BETWEEN 1 AND 3 OR x IN (5, 7, 9) AND d IS NOT NULL",
    "SELECT CASE WHEN a > 1 THEN (SELECT 1) ELSE b COLLATE RTRIM END FROM t",
    "SELECT a FROM t WHERE a + 1 IN (SELECT x FROM u UNION SELECT 3)",
    "SELECT a FROM t WHERE (a, b) IN ((1, 'p'), (2, 'q'))",
    "SELECT a, (b, a) NOT IN (('P', 1)) FROM t",
    "SELECT a FROM t WHERE EXISTS (SELECT 1 FROM u WHERE x IN (SELECT x FROM u AS w WHERE w.x > t.a))",
    "SELECT sum(a), b FROM t GROUP BY b HAVING max(c) > (SELECT count(*) FROM u WHERE x > t.a)",
]


@pytest.fixture(scope="module")
def session():
    s = open_session(":memory:")
    for sql in SCHEMA + ROWS:
        s.execute(sql)
    return s


@pytest.fixture(scope="module")
def sqlite():
    db = apsw.Connection(":memory:")
    for sql in SCHEMA + ROWS:
        db.execute(sql)
    return db


def _queries_and_in_tables(tree) -> tuple[int, int]:
    queries = sum(1 for n in tree.walk() if isinstance(n, (exp.Select, exp.Union, exp.Intersect,
                                                            exp.Except)))
    in_tables = sum(1 for n in tree.walk() if isinstance(n, exp.In) and n.args.get("field"))
    return queries, in_tables


@pytest.mark.parametrize("sql", STATEMENTS)
def test_single_query_says_yes_only_for_one_query_without_in_table(sql):
    queries, in_tables = _queries_and_in_tables(parser.parse(sql).tree)
    if single_query(sql):
        assert (queries, in_tables) == (1, 0)


def test_single_query_says_yes_for_the_plain_statements():
    plain = [s for s in STATEMENTS if single_query(s)]
    assert "SELECT a FROM t WHERE a IN (1, 2)" in plain
    assert "SELECT x FROM u WHERE a BETWEEN 1 AND 3 OR x IN (5, 7, 9) AND d IS NOT NULL" in plain
    assert "SELECT a FROM t WHERE a IN one" not in plain
    assert "SELECT * FROM v WHERE a > 0" in plain       # a view's query is its own


def _bound_nodes(select: b.Select) -> list:
    found, stack = [], [select]
    while stack:
        top = stack.pop()
        if isinstance(top, b.Select):
            stack += [e for e in top.columns + [top.where, top.having] + top.group_by
                      + [o.expr for o in top.order_by] if e is not None]
            stack += [item.source.query for item in top.items
                      if isinstance(item.source, b.SubquerySource)]
            stack += [part for _, part in top.compound]
        elif isinstance(top, b.Expr):
            found.append(top)
            stack += list(children(top))
            if isinstance(top, (b.InSubquery, b.Exists, b.ScalarSubquery)):
                stack.append(top.query)
            if isinstance(top, b.InSubquery):
                stack.append(top.operand)
    return found


def _subquery_plainly(e) -> bool:
    if isinstance(e, (b.ScalarSubquery, b.Exists, b.InSubquery)):
        return True
    return any(_subquery_plainly(c) for c in children(e))


def _collate_plainly(e) -> bool:
    if isinstance(e, b.Collate):
        return True
    if isinstance(e, (b.ScalarSubquery, b.Exists)):
        return False
    return any(_collate_plainly(p) for p in _collation_order(e))


def _bind(session, sql: str) -> b.Select:
    parsed = parser.parse(sql)
    return Binder(session.db.dictionary, parsed).bind_query(parsed.tree, None)


@pytest.mark.parametrize("order", ["top_down", "bottom_up"])
@pytest.mark.parametrize("sql", STATEMENTS)
def test_kept_answers_equal_the_plain_definitions(session, sql, order):
    nodes = _bound_nodes(_bind(session, sql))
    assert nodes
    for node in nodes if order == "top_down" else reversed(nodes):
        assert contains_subquery(node) == _subquery_plainly(node)
        assert has_collate(node) == _collate_plainly(node)
    for node in nodes:                      # asked again: the kept answers
        assert contains_subquery(node) == _subquery_plainly(node)
        assert has_collate(node) == _collate_plainly(node)


def _columns_plainly(select) -> dict:
    found: dict = {}
    for node in analysis.deep_nodes(select, folded=True):
        if isinstance(node, b.ColumnRef):
            found.setdefault(node.slot, set()).add(node.column)
    return found


def _slots_plainly(e) -> set:
    if isinstance(e, (b.ColumnRef, b.AggregateRef, b.WindowRef)):
        return {e.slot}
    if isinstance(e, (b.InSubquery, b.Exists, b.ScalarSubquery)):
        found = _slots_plainly(e.operand) if isinstance(e, b.InSubquery) else set()
        return found | analysis.outer_slots(e.query)
    return set().union(*[_slots_plainly(c) for c in children(e)])


@pytest.mark.parametrize("sql", STATEMENTS)
def test_walks_equal_their_plain_definitions(session, sql):
    select = _bind(session, sql)
    assert analysis.columns_read_by_slot(select) == _columns_plainly(select)
    for node in _bound_nodes(select):
        assert analysis.slots_of(node) == _slots_plainly(node)
        correlated = any(isinstance(n, (b.InSubquery, b.Exists, b.ScalarSubquery))
                         and n.correlated for n in analysis.deep_nodes(node))
        assert analysis.holds_correlated_subquery(node) == correlated


def test_alone_marks_only_a_query_without_subqueries(session):
    assert _bind(session, "SELECT a FROM t WHERE a IN (1, 2)").alone
    assert not _bind(session, "SELECT a FROM t WHERE a IN (SELECT x FROM u)").alone
    assert not _bind(session, "SELECT a FROM t WHERE a IN one").alone
    assert not _bind(session, "SELECT a FROM t WHERE (a, b) IN ((1, 'p'), (2, 'q'))").alone


@pytest.mark.parametrize("sql", STATEMENTS)
def test_rows_and_names_equal_sqlite(session, sqlite, sql):
    cursor = sqlite.cursor().execute(sql)
    names = [d[0] for d in cursor.getdescription()]
    expected = sorted(cursor.fetchall(), key=repr)
    result = session.execute(sql)
    assert sorted(map(tuple, result.rows), key=repr) == [tuple(r) for r in expected]
    assert list(result.columns) == names


@pytest.mark.parametrize("sql, message", [
    ("SELECT nosuch FROM t WHERE a IN nosuchtab", "no such table: nosuchtab"),
    ("SELECT nosuch FROM t WHERE a IN (SELECT 1 FROM nosuchtab)", "no such table: nosuchtab"),
    ("SELECT nosuch FROM t WHERE a IN (1, 2)", "no such column: nosuch"),
    ("SELECT a FROM nosuchtab WHERE a IN (1)", "no such table: nosuchtab"),
])
def test_errors_equal_sqlite(session, sqlite, sql, message):
    with pytest.raises(apsw.SQLError) as expected:
        sqlite.execute(sql).fetchall()
    assert message in str(expected.value)
    with pytest.raises(OperationalError) as caught:
        session.execute(sql)
    assert str(caught.value) == message


NUMBER_TEXTS = ["0", "7", "007", "0.0", "1.5e3", "1e999", "9223372036854775807",
                "9223372036854775808", "0x7FFFFFFFFFFFFFFF", "0xFFFFFFFFFFFFFFFF", ".5", "5."]


@pytest.mark.parametrize("text", NUMBER_TEXTS)
def test_kept_numbers_equal_a_fresh_reading(text):
    from rowandb.sql.bind import bind_expr
    fresh = bind_expr._parse_number(text)
    for _ in range(2):                      # the first reading keeps it, the second reads it
        kept = bind_expr.parse_number(text)
        assert type(kept) is type(fresh) and repr(kept) == repr(fresh)


def test_number_errors_are_raised_every_time():
    from rowandb.sql.bind import bind_expr
    for _ in range(2):
        with pytest.raises(OperationalError, match="hex literal too big"):
            bind_expr.parse_number("0x10000000000000000")


# -- branch corpusplan4: one table lookup per node, one walk for two questions ----------
@pytest.mark.parametrize("order", ["slots_first", "subquery_first"])
@pytest.mark.parametrize("sql", STATEMENTS)
def test_slots_walk_keeps_the_subquery_answer_of_the_plain_definition(session, sql, order):
    """``slots_of`` keeps ``contains_subquery``'s answer on the node it walks: equal to
    the plain definition at every node, whichever question is asked first."""
    for node in _bound_nodes(_bind(session, sql)):
        if order == "slots_first":
            analysis.slots_of(node)
            assert node._holds_subquery == _subquery_plainly(node)
        assert contains_subquery(node) == _subquery_plainly(node)
        assert analysis.slots_of(node) == _slots_plainly(node)
        assert contains_subquery(node) == _subquery_plainly(node)


def _old_binding_rule(cls) -> str:
    """The rule the binder's walk followed for a node of class ``cls`` before the table:
    bind_expr's handler, a binary operator, a comparison (each by exact class), then a
    function, FILTER, a window, else unsupported."""
    from rowandb.sql.bind import bind_dispatch
    from rowandb.sql.bind.bind_expr import HANDLERS
    if cls in HANDLERS:
        return "handler"
    if cls in bind_dispatch._BINARY_OPS:
        return "binary " + bind_dispatch._BINARY_OPS[cls]
    if cls in bind_dispatch._COMPARE_OPS:
        return "compare " + bind_dispatch._COMPARE_OPS[cls]
    if issubclass(cls, exp.Func):
        return "function"
    if issubclass(cls, exp.Filter):
        return "filter"
    return "window" if issubclass(cls, exp.Window) else "unsupported"


def _all_subclasses(cls) -> list:
    found, stack = [], [cls]
    while stack:
        top = stack.pop()
        found.append(top)
        stack.extend(top.__subclasses__())
    return found


def test_the_binding_table_follows_the_old_rules_for_every_sqlglot_class():
    from rowandb.sql.bind import bind_dispatch
    from rowandb.sql.bind.bind_expr import HANDLERS
    from rowandb.sql.bind.bind_window import bind_window
    kinds = {"function": bind_dispatch._function, "filter": bind_dispatch._filtered,
             "window": bind_window, "unsupported": bind_dispatch._unsupported}
    classes = set(_all_subclasses(exp.Expression)) | set(HANDLERS)
    for cls in classes:
        rule, handler = _old_binding_rule(cls), bind_dispatch.handler_for(cls)
        if rule == "handler":
            assert handler is HANDLERS[cls], cls
        elif rule in kinds:
            assert handler is kinds[rule], cls
        else:               # the operators: one closure per operator, named by it
            assert handler.__qualname__.split(".")[0] in (
                "_binary", "_connective", "_compare", "_is_compare"), cls
            assert handler is bind_dispatch.handler_for(cls)        # found once


def test_fold_kinds_follow_the_isinstance_chain_for_every_bound_class():
    import sys
    fold = sys.modules["rowandb.planner.optimizer.fold_constants"]     # the module
    for cls in _all_subclasses(b.Expr):
        expected = "literal" if issubclass(cls, b.Literal) else \
            "varying" if issubclass(cls, (b.ColumnRef, b.Param)) else \
            "binary" if issubclass(cls, b.Binary) else \
            "compare" if issubclass(cls, b.Compare) else \
            "unary" if issubclass(cls, b.Unary) else "other"
        assert fold._kind(cls) == expected, cls


def test_bound_nodes_refuse_assignment_under_test():
    """The suite runs with ``ROWANDB_FROZEN_NODES=1`` (conftest.py): every bound node
    made while a test runs is frozen, so no code path the tests reach assigns to one."""
    import dataclasses
    ref = b.ColumnRef(0, 1, "a", None)
    with pytest.raises(dataclasses.FrozenInstanceError):
        ref.slot = 2
    assert all(cls.__dataclass_params__.frozen for cls in _all_subclasses(b.Expr)
               if dataclasses.is_dataclass(cls) and cls.__module__ == b.__name__)


AND_OR_FOLDS = [
    "SELECT a FROM t WHERE (a OR 1) AND b > 'a'",
    "SELECT a, (a AND 0), (0 AND b), (c OR (1)), (a OR +1), (a AND (0)) FROM t",
    "SELECT a, a AND 0 FROM t WHERE a OR 0",
    "SELECT a FROM t WHERE NOT (a AND 00) OR c IS NOT DISTINCT FROM NULL",
    "SELECT a IS NOT b, a IS c, a IS NOT DISTINCT FROM NULL, b IS TRUE, (a, b) = (1, 'p') FROM t",
    "SELECT a FROM t WHERE (a, b) = (1, 'p') AND c BETWEEN 'x' AND 'z'",
    "SELECT a FROM t WHERE a BETWEEN NULL AND 2 OR a NOT BETWEEN 3 AND NULL",
    "SELECT a FROM t WHERE 1 + 1 = 2 AND a > 3 - 2 OR NULL = (SELECT x FROM u)",
]


@pytest.mark.parametrize("sql", AND_OR_FOLDS)
def test_operator_binding_and_folding_equal_sqlite(session, sqlite, sql):
    """The operators bound through the table and folded by kind: rows and names as
    SQLite's (the AND/OR folds SQLite makes as parsed, IS forms, row values, BETWEEN)."""
    cursor = sqlite.cursor().execute(sql)
    names = [d[0] for d in cursor.getdescription()]     # read before the rows
    expected = [tuple(r) for r in cursor.fetchall()]
    result = session.execute(sql)
    assert [tuple(r) for r in result.rows] == expected
    assert list(result.columns) == names


# sides of the AND/OR trees below: true as parsed, false as parsed, neither, under
# parentheses and unary plus (which hides a side from the test), and the TRUE/FALSE that
# ``x NOT IN ()`` and ``x IN ()`` become
_TRUTH_ATOMS = ["a", "0", "1", "(0)", "+1", "(+0)", "NULL", "TRUE", "FALSE", "a IN ()",
                "a NOT IN ()", "2147483648", "00", "-1", "'1'", "0.0"]


def _truth_trees(count: int, seed: int) -> list[str]:
    import random
    rng = random.Random(seed)

    def tree(depth):
        if depth == 0 or rng.random() < 0.25:
            return rng.choice(_TRUTH_ATOMS)
        text = f"{tree(depth - 1)} {rng.choice(['AND', 'OR'])} {tree(depth - 1)}"
        return f"({text})" if rng.random() < 0.4 else text
    return [tree(rng.randint(1, 6)) for _ in range(count)]


def _truth_plainly(node) -> int:
    """What SQLite's coding makes of ``node`` once names are resolved (a FALSE naming no
    column is false then: resolve.c, sqlite3ExprIdToTrueFalse)."""
    from rowandb.sql.parse.folds import always_false, always_true, simplified
    kept = simplified(node)
    return 1 if always_true(kept) else 0 if always_false(kept, resolved=True) else -1


@pytest.mark.parametrize("order", ["top_down", "bottom_up"])
def test_parse_truth_equals_the_simplified_test_at_every_node(order):
    """``folds.parse_truth`` (each AND and OR of a chain looked at once, answers kept in
    one memo for the whole tree) says of every node what ``always_true`` and
    ``always_false`` say of ``simplified(node)``, asked in either order."""
    from rowandb.sql.parse.folds import parse_truth
    for text in _truth_trees(400, 12) + [" OR ".join(["a = 1"] * 60 + ["1"])]:
        nodes = list(parser.parse(f"SELECT {text} FROM t").tree.walk())
        memo: dict = {}
        for node in nodes if order == "top_down" else reversed(nodes):
            assert parse_truth(node, memo) == _truth_plainly(node), (text, node.sql())


@pytest.mark.parametrize("sql", [f"SELECT a, {text} FROM t WHERE a > 0 OR a IS NULL OR {text}"
                                 for text in _truth_trees(40, 7)])
def test_and_or_trees_equal_sqlite(session, sqlite, sql):
    """Random AND/OR trees of parsed truths, in the result and in the WHERE: as SQLite."""
    test_operator_binding_and_folding_equal_sqlite(session, sqlite, sql)


# ``column op literal`` bound in one step (``bind_dispatch.compare`` and ``_compare``):
# columns of every affinity and of a declared collation, a FROM subquery's column (no
# collation of its own), the rowid, literals of every storage class
_COMPARED_COLUMNS = ["t.a", "b", "c", "x", "u.a", "d", "u.rowid", "s.k"]
_COMPARED_LITERALS = ["10", "'10'", "10.0", "'P'", "'p '", "NULL", "x'31'", "-1", "1e3"]
_COMPARE_SETUP = SCHEMA + ROWS + ["CREATE TABLE w(b TEXT COLLATE RTRIM, e NUMERIC)",
                                  "INSERT INTO w VALUES ('p ', '10'), ('Q', 10.0), (NULL, x'31')"]
_COMPARE_FROM = "t, u, (SELECT a AS k FROM t) AS s"


def _comparisons(select: b.Select) -> list:
    return [n for n in _bound_nodes(select) if isinstance(n, b.Compare)
            and isinstance(n.left, b.ColumnRef) and isinstance(n.right, b.Literal)]


@pytest.mark.parametrize("op", ["=", "<>", "<", "<=", ">", ">=", "==", "!="])
def test_column_op_literal_is_bound_as_the_general_rules_bind_it(session, op):
    """Every comparison of a column with a literal carries what the general rules give it:
    the collation of ``comparison_collation``, both operands' ``affinity_of``, and the
    subquery skip of any comparison -- the same node, field by field."""
    from rowandb.sql.bind.properties import affinity_of, comparison_collation
    terms = " OR ".join(f"{column} {op} {literal}" for column in _COMPARED_COLUMNS
                        for literal in _COMPARED_LITERALS)
    select = _bind(session, f"SELECT 1 FROM {_COMPARE_FROM} WHERE {terms}")
    found = _comparisons(select)
    assert len(found) >= len(_COMPARED_COLUMNS) * len(_COMPARED_LITERALS)
    for node in found:
        assert (node.collation, node.left_affinity, node.right_affinity, node.skips_subquery) \
            == (comparison_collation(node.left, node.right), affinity_of(node.left),
                affinity_of(node.right), True)


@pytest.mark.parametrize("op", ["=", "<", ">=", "IS", "IS NOT"])
def test_column_op_literal_rows_equal_sqlite(op):
    """The rows each ``column op literal`` selects, and a BETWEEN of literals (its halves
    go through the same step), as SQLite's: affinities applied to the literal, NOCASE and
    RTRIM collations, NULL, a blob, a FROM subquery's column."""
    from oracle import assert_same
    queries = [f"SELECT t.a, t.b, u.x, s.k FROM {_COMPARE_FROM} WHERE {column} {op} {literal}"
               " ORDER BY 1, 2, 3, 4"
               for column in _COMPARED_COLUMNS for literal in _COMPARED_LITERALS]
    queries += [f"SELECT b, e FROM w WHERE {column} {op} {literal} ORDER BY 1, 2"
                for column in ("b", "e") for literal in _COMPARED_LITERALS]
    queries += ["SELECT a FROM t WHERE a BETWEEN '1' AND 2 ORDER BY 1",
                "SELECT b FROM w WHERE b BETWEEN 'p' AND 'q' ORDER BY 1"]
    assert_same(_COMPARE_SETUP, queries)


def test_column_op_literal_looks_its_collation_up():
    """A column whose collation the connection no longer has: comparing it with a literal
    is SQLite's 'no such collation sequence' error, as any comparison of it is."""
    import rowandb
    mine, theirs = rowandb.connect(":memory:"), apsw.Connection(":memory:")
    for db in (mine, theirs):
        db.createcollation("mine", lambda x, y: (x > y) - (x < y)) \
            if db is theirs else db.create_collation("mine", lambda x, y: (x > y) - (x < y))
        db.execute("CREATE TABLE c(v TEXT COLLATE mine)")
    theirs.createcollation("mine", None)
    mine.create_collation("mine", None)
    with pytest.raises(apsw.SQLError, match="no such collation sequence: mine"):
        theirs.execute("SELECT v FROM c WHERE v = 'x'").fetchall()
    with pytest.raises(OperationalError) as caught:
        mine.execute("SELECT v FROM c WHERE v = 'x'")
    # named as the column declared it (catalog.ascii_case.SpelledCollation), as SQLite does
    assert str(caught.value) == "no such collation sequence: mine"


@pytest.mark.parametrize("sql", STATEMENTS + AND_OR_FOLDS)
def test_tree_walk_children_and_unlink_follow_sqlglot_walk(sql):
    """``tree_walk.children`` gives each node's ``iter_expressions`` in order, and
    ``unlink`` cuts every node ``walk`` reaches from its parent."""
    from rowandb.sql.parse.tree_walk import children as node_children, unlink
    tree = parser.parse(sql).tree
    nodes = list(tree.walk())
    for node in nodes:
        assert node_children(node) == list(node.iter_expressions())
    assert any(node.parent is not None for node in nodes)
    unlink(tree)
    assert all(node.parent is None for node in nodes)
    assert len(list(tree.walk())) == len(nodes)     # the links to the children stay


# ``single_query``'s texts beside STATEMENTS: each place an ``in`` can stand in an ASCII
# text (at the start, after a word character or not, before a parenthesis after spaces,
# tabs or a newline), the other words in any case, and texts with non-ASCII characters.
SINGLE_QUERY_TEXTS = STATEMENTS + [
    "in t", "SELECT a FROM t WHERE a In(1)", "SELECT a FROM t WHERE a IN\n\t (1)",
    "SELECT a FROM t WHERE a IN t2", "SELECT min(a) FROM t", "SELECT a_in FROM t",
    "SELECT in_a FROM t", "SELECT a FROM t WHERE a\tin\tt2", "SELECT 1 UnIoN SELECT 2",
    "SELECT 1 EXCEPT SELECT 2", "SELECT 1 InterSect SELECT 2", "VALUES (1)",
    "SELECT a FROM t WHERE b = 'select'", "SELECT (SELECT 1)", "SELECT a FROM t WHERE a IN",
    "SELECT 'é' FROM t WHERE a IN t2", "SELECT 'é' FROM t WHERE a IN (1)",
    "SELECT a FROM t WHERE éin IN (1)", "SELECT 1 ＵNION SELECT 2", "SELECT a FROM t9in",
    "SELECT a FROM t WHERE a IN\x1c(1)", "SELECT a FROM t WHERE a IN\x1ct"]


def _single_query_by_pattern(text: str) -> bool:
    """``single_query`` as the one case-blind pattern over the text, for every text."""
    import re
    other = re.compile(r"union|intersect|except|values|\bin\b(?!\s*\()", re.IGNORECASE)
    return ascii_lower(text).count("select") <= 1 and other.search(text) is None


@pytest.mark.parametrize("sql", SINGLE_QUERY_TEXTS)
def test_single_query_in_lower_case_answers_as_the_case_blind_pattern(sql):
    """An ASCII text's lower-case test gives the case-blind pattern's answer."""
    assert single_query(sql) == _single_query_by_pattern(sql)


@pytest.mark.parametrize("sql", STATEMENTS)
def test_light_copy_of_a_compiled_statement_is_dataclasses_replace(sql):
    """``prepared._light_copy`` equals ``dataclasses.replace`` without the trees, and
    shares no list or dict it empties with the statement it copies."""
    import dataclasses
    from rowandb.sql.prepared import _light_copy
    parsed = parser.parse(sql)
    light = _light_copy(parsed)
    assert light == dataclasses.replace(parsed, tree=None, upserts=[], with_=None, nested={})
    assert light.upserts is not parsed.upserts and light.nested is not parsed.nested
    assert parsed.tree is not None


@pytest.mark.parametrize("sql", STATEMENTS + [
    "CREATE TABLE r(a CHECK (RAISE(ABORT, 'x')))", "SELECT raise (1)",
    "CREATE TRIGGER g AFTER INSERT ON t BEGIN SELECT RAISE(IGNORE); END",
    "SELECT RAISE(FAIL, 'no')", "SELECT 1 WHERE \"RAISE\"(1)"])
def test_raise_codes_outside_visits_only_texts_with_raise(sql):
    """The RAISE pre-scan of ``raise_codes_outside`` skips no statement whose tokens hold
    ``RAISE (``: its answer (or error) is that of the pairs' visit alone."""
    from rowandb.sql.parse.lexer import tokenize
    from rowandb.sql.parse.trigger_syntax import (_created, raise_codes, raise_codes_outside,
                                                  raise_coded)

    def visited(text, tokens, head):
        if raise_coded(head, tokens) and _created(head, tokens) != "VIEW" and any(
                t.upper == "RAISE" and after.text == "(" for t, after in zip(tokens, tokens[1:])):
            return raise_codes(text)
        return None

    tokens = [t for t in tokenize(sql) if t.kind != "semi"]
    outcomes = []
    for check in (raise_codes_outside, visited):
        try:
            outcomes.append(check(sql, tokens, tokens[0].upper))
        except OperationalError as error:
            outcomes.append(str(error))
    assert outcomes[0] == outcomes[1]


def test_named_columns_follow_each_alter_table():
    """``Table.named_columns`` (a table's columns as name resolution sees them, kept per
    tuple of columns; ALTER TABLE makes a new Table besides): after each ALTER TABLE the
    names resolve as SQLite's do -- a statement naming the table ran first, so the kept
    ones were made."""
    import rowandb
    mine, theirs = rowandb.connect(":memory:"), apsw.Connection(":memory:")
    steps = ["CREATE TABLE k(a INT, b TEXT COLLATE NOCASE)", "INSERT INTO k VALUES (1, 'X')",
             "ALTER TABLE k ADD COLUMN c REAL DEFAULT 2", "ALTER TABLE k RENAME COLUMN b TO d",
             "ALTER TABLE k DROP COLUMN a", "ALTER TABLE k ADD COLUMN A"]
    queries = ["SELECT * FROM k", "SELECT d FROM k WHERE d = 'x'", "SELECT c FROM k",
               "SELECT a FROM k", "SELECT b FROM k", "SELECT k.a, x.c FROM k AS x, k"]

    def answer(db, sql):
        try:
            return [tuple(r) for r in db.execute(sql).fetchall()]
        except (apsw.Error, rowandb.Error) as error:
            return str(error).split(":")[-1].strip()
    for step in steps:
        mine.execute(step)
        theirs.execute(step)
        for sql in queries:
            assert answer(mine, sql) == answer(theirs, sql), (step, sql)
