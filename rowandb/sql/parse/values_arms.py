"""How SQLite's parser builds a VALUES list of several rows, which decides its columns' affinity.

SQLite's parser takes a VALUES list row by row (sqlite3MultiValues). A row joins a
co-routine that hands the rows out unchanged when the statement has no WITH clause so
far, the text is not a schema item's (a view's or a trigger's, parsed as the schema
loads), the row is constant and the row the co-routine would start from is constant with
no affinity (no CAST). Otherwise the row is one more SELECT of a UNION ALL. A
co-routine's columns have no affinity of their own, so ``VALUES (0), (CAST(1 AS REAL))``
in FROM reads 0 as 0 and compares with no affinity, while the same list inside a WITH
statement or a view is a compound whose REAL column reads 0 as 0.0
(``properties.table_affinities``).

``values_arms`` gives the arms: (first row, is a co-routine) in order. Constant is
sqlite3ExprIsConstant on the text as parsed (measured against SQLite 3.54): no column,
no subquery, no call of a function SQLite registers as volatile (random(), changes()...,
a connection's function not declared deterministic); parameters are constant.

SQLite's WITH flag (Parse.bHasWith) is set when its parser reduces the name of a common
table (parse.y ``withnm ::= nm``) and stays set for the rest of the statement: a row
reduced after any WITH clause's first name in the text -- the statement's own, a CTE
body's, an earlier, separate subquery's, or one inside an earlier row -- is a SELECT of a
UNION ALL. ``with_from`` finds, walking the parsed statement in text order, the first
row of a VALUES list that comes after a WITH clause; the binder also passes
``union_all`` where a WITH clause is in force where the VALUES stands (which covers a
copied subtree, whose WITH the text walk cannot see), in a view and in a trigger.
"""

from __future__ import annotations

from sqlglot import expressions as exp

from ...errors import OperationalError
from ..bind.clauses import PROBABILITY_ERROR
from ...planner.plan import bound as b
from ...planner.functions.user import declared_volatile
from ...planner.plan.analysis import deep_nodes, redefined_like
from ..bind import properties          # which imports this module: read at call time
from ...catalog.ascii_case import ascii_lower

_NOT_CONSTANT = (b.ColumnRef, b.TriggerColumn, b.ScalarSubquery, b.Exists, b.InSubquery,
                 b.AggregateRef, b.WindowRef)
# the built-in functions SQLite registers without SQLITE_FUNC_CONSTANT (func.c VFUNCTION);
# the date and time functions (SLOCHNG) count as constant here, sqlite_version() too
_VOLATILE = frozenset(("random", "randomblob", "changes", "total_changes", "last_insert_rowid",
                       "__raise"))     # RAISE() is no constant either (measured)


def values_arms(rows: list, union_all: bool, first_after_with=None) -> tuple:
    """The arms SQLite's parser makes of a VALUES list's bound ``rows`` (more than one):
    (index of the arm's first row, whether it is a co-routine of that row and the rows
    after it up to the next arm). ``first_after_with()``: the first row read after a
    WITH clause (``with_from``), asked only of a list of several rows."""
    arms = [(0, False)]
    with_from = first_after_with() if first_after_with and len(rows) > 1 and not union_all \
        else None
    for k in range(1, len(rows)):
        start, coroutine = arms[-1]
        if union_all or with_from is not None and k >= with_from or not _constant(rows[k]) or \
                not coroutine and not _no_affinity(rows[start]):
            arms.append((k, False))
        elif not coroutine:
            arms[-1] = (start, True)        # the last SELECT starts a co-routine
    return tuple(arms)


def bind_row_values(binder, rows: list, scope, arms_of) -> list:
    """The bound ``rows`` of a VALUES list (``binder.expr`` in ``scope``). SQLite's
    resolver checks likelihood()'s probability, and never sees the rows a co-routine takes
    after its first (sqlite3MultiValues codes them unresolved): a later row that fails on
    a bad probability is bound again with the check off (``binder.probability_errors``
    gathers it), and the error stands only where the row starts an arm of its own
    (``arms_of(the rows so far)``, ``values_arms``)."""
    bound = []
    for k, row in enumerate(rows):
        try:
            bound.append(_bind_row(binder, k, row, scope))
        except OperationalError as error:
            if not k or str(error) != PROBABILITY_ERROR:
                raise _later_error(binder, rows[k + 1:], scope) or error from None
            saved, binder.probability_errors = binder.probability_errors, []
            try:
                bound.append([binder.expr(e, scope) for e in row.expressions])
            except OperationalError:
                raise error from None   # the row is resolved: its first error stands
            finally:
                binder.probability_errors = saved
            start, coroutine = arms_of(bound)[-1]
            if not coroutine or start == k:
                raise error from None
    return bound


def _bind_row(binder, k: int, row, scope) -> list:
    """Row ``k`` bound, each code generation error noted with its (row, column): one in
    a column the query reading the list never reads is dropped with it, unless the row
    is a co-routine's (plan/unused_columns.py)."""
    coding = binder._coding
    if not isinstance(coding, b.Select):
        return [binder.expr(e, scope) for e in row.expressions]
    bound = []
    for i, e in enumerate(row.expressions):
        coding.coding_column = (k, i)
        try:
            bound.append(binder.expr(e, scope))
        finally:
            coding.coding_column = None
    return bound
def _later_error(binder, rows: list, scope) -> OperationalError | None:
    """The error of the last of ``rows`` that fails to bind, or None: SQLite resolves a
    compound's SELECTs last first, so of several failing rows the last one's error stands
    (fixed-seed case 142 with alter: ``VALUES (nosuch1), (nosuch2)`` is 'no such column:
    nosuch2'); a row a co-routine takes is never resolved, but only a constant row joins
    one, and no such row fails to bind but on a probability (``bind_row_values``)."""
    for row in reversed(rows):
        try:
            for e in row.expressions:
                binder.expr(e, scope)
        except OperationalError as error:
            if str(error) != PROBABILITY_ERROR:
                return error
    return None


def with_from(node: exp.Values, statement) -> int | None:
    """The index of the first row of VALUES ``node`` that SQLite's parser reduces after
    the name of a common table (module docstring), walking ``statement`` (the statement's
    parser.Parsed) in text order; None for none."""
    walk = _TextWalk(node)
    walk.piece(statement)
    return walk.row


class _TextWalk:
    """A walk of a parsed statement in text order up to one VALUES node, noting whether a
    common table's name came first. A piece's WITH clause (with_clause.py) comes before
    its common tables' queries and its own tree; a subquery that has a WITH clause of its
    own is a nested piece standing where its placeholder table is."""

    def __init__(self, values):
        self.values, self.seen, self.row = values, False, None

    def piece(self, parsed) -> bool:
        """False once the walk has reached the VALUES node."""
        if parsed.with_ is not None:
            self.seen = True
            if not all(self.piece(table.body) for table in parsed.with_.tables):
                return False
        return parsed.tree is None or self.walk(parsed.tree, parsed.nested)

    def walk(self, node, nested: dict) -> bool:
        if node is self.values:
            for k, row in enumerate(node.expressions):
                if self.seen:
                    self.row = k
                    break
                self.walk(row, nested)      # a subquery in a row may have a WITH clause
            return False
        if isinstance(node, exp.Table) and node.name in nested and not node.args.get("db"):
            return self.piece(nested[node.name])
        args = node.args        # in the order of their text (a WITH first), not as set
        keys = ["with_"] + [k for k in node.arg_types if k != "with_"]
        for key in keys + [k for k in args if k not in node.arg_types]:
            value = args.get(key)
            for child in value if isinstance(value, list) else [value]:
                if isinstance(child, exp.Expression) and not self.walk(child, nested):
                    return False
        return True


def split_values_arms(query) -> list:
    """``query`` as the arms of a compound: a VALUES list of several rows (that
    ``values_arms`` made no compound of itself) as one query per arm -- the rows of a
    co-routine together -- in order; any other query alone."""
    if query.values is None or len(query.values_arms) < 2 or query.compound:
        return [query]              # (a compound already: split when it was bound)
    rows, arms = query.values, query.values_arms
    ends = [start for start, _ in arms[1:]] + [len(rows)]
    return [b.Select(items=[], columns=list(rows[start]), names=list(query.names),
                     values=rows[start:end], column_affinities=[None] * len(query.columns),
                     values_arms=((0, coroutine),))
            for (start, coroutine), end in zip(arms, ends)]


def _constant(row) -> bool:
    return not any(_varies(n) for e in row for n in deep_nodes(e))


def _varies(node) -> bool:
    if isinstance(node, b.Function):
        return ascii_lower(node.name) in _VOLATILE or declared_volatile(node.name, len(node.args))
    return isinstance(node, _NOT_CONSTANT) or redefined_like(node)


def _no_affinity(row) -> bool:
    return _constant(row) and all(properties.affinity_of(e) is None for e in row)
