"""The quick path's binder: the reader's tree (reader.py) made into the bound query
(``planner/plan/bound.py``) the full path's binder makes of the same statement.

Each function here is the counterpart of one handler of ``sql/bind/bind_expr.py``,
``bind_dispatch.py``, ``bind_aggregate.py`` or ``Binder._function`` for the sqlglot
class the reader's node stands for, and calls the same helpers for what they decide
(comparison collations and affinities, CAST's affinity, a number's value), so the two
paths cannot drift apart in those. What the binder decides from its scopes is reduced
to one FROM table (``Builder.column``) and the clause being bound (WHERE's NOT NULL
reduction, the terms of WHERE and HAVING that are not folded: table.py sets them); no
error waits, as any name that could be one declines. ``tests/test_quick_path.py`` and
``tests/test_quick_from.py`` hold the two paths equal over the corpus's queries and
generated ones.
"""

from __future__ import annotations

from ...planner.plan import bound as b
from ...planner.plan.analysis import is_constant
from ...planner.types.values import INT64_MIN
from ..bind.bind_dispatch import compare
from ..bind.bind_expr import cast_affinity, parse_number
from ..bind.properties import affinity_of, asked_collation, collation_of, comparison_collation
from ...catalog.ascii_case import ascii_lower
from ..bind.properties import has_aggregate
from ..bind.names import ROWID_NAMES
from . import joined
from .reader import Decline, always_false, always_true

_INT64_MIN_TEXT = str(1 << 63)
# the reader's nodes that stand for the sqlglot classes ``_connective`` asks the truth of
# (bind_dispatch._TRUTH_CANDIDATES: Paren -- a unary + too --, Literal, Not, And, Or, In)
_CANDIDATES = frozenset(("paren", "plus", "num", "str", "not", "and", "or", "in"))


class Builder:
    """Binds one query's expressions; keeps its aggregates and the folds' records. What
    the clause being bound changes (table.py sets it): ``source``, the FROM table's
    names (None: a name declines); ``after_sorter``, the columns' mark; ``where``,
    binding WHERE (SQLite's NC_Where); ``terms`` and ``or_terms``, the ids of the
    nodes that are WHERE or HAVING terms (``folds.where_term``) and of the ORs inside
    one (``bind_dispatch._or_term``); ``having``, binding HAVING; ``aggregates``,
    whether an aggregate may stand here (elsewhere it declines); ``nested``, whether a
    scalar or EXISTS subquery may (result columns and WHERE: subquery.py). A subquery's
    builder has the query around it as ``outer``, where the names its own table lacks are
    looked for (``correlated`` then, as the binder's scopes find them); ``enclosing_where``:
    every query around it is binding its WHERE (the binder's ``_in_where``)."""

    __slots__ = ("select", "source", "after_sorter", "where", "terms", "or_terms", "having",
                 "aggregates", "catalog", "next_slot", "truths", "found", "nested", "outer",
                 "correlated", "enclosing_where", "aliases", "outer_reads", "statement_table",
                 "joined")

    def __init__(self, select: b.Select, catalog=None):
        self.select = select
        self.source = None
        self.after_sorter = self.where = self.having = False
        self.terms = self.or_terms = _NONE
        self.aggregates = True
        self.catalog = catalog      # the names a subquery's table is found among
        self.next_slot = 4          # the binder's next slot (the query took 0 and 2)
        # id(node) -> parse_truth of the reader's AND and OR nodes, each found once: a
        # chain of n ANDs asks the truth of each of its n sides (the binder's ``truths``)
        self.truths: dict = {}
        self.found: dict = {}       # a ``col`` node -> (the source, its column's place)
        self.nested = False
        self.outer: Builder | None = None
        self.correlated = False
        self.enclosing_where = True
        self.aliases: dict = {}     # the result names, once the result columns are bound
        self.outer_reads = 0        # the names found in ``outer``
        # the statement's table's name as written: what a subquery's table read as
        # ``query.STATEMENT_TABLE`` stands for (table.table_source)
        self.statement_table = None
        # every FROM table's Source when the FROM list has several (joined.py), else None
        self.joined: tuple | None = None

    def take_slot(self) -> int:
        """The next environment slot, as ``Binder.slot`` numbers them."""
        slot, self.next_slot = self.next_slot, self.next_slot + 2
        return slot

    def expr(self, node: tuple) -> b.Expr:
        return _HANDLERS[node[0]](self, node)

    def column(self, node):
        """``[qualifier.]name``: the FROM table's column, as ``Binder._find_column``
        finds it (of several tables: ``joined.position``), else the outer query's
        (``outer_column``); a rowid name, a result alias, another table's name decline."""
        source = self.source
        found = self.found.get(node)
        if self.joined is not None and source is not None:
            if found is None:
                found = joined.position(self.joined, node)
                if found is None:
                    return self.outer_column(node)
                self.found[node] = found
            source = found[0]
        elif found is None or found[0] is not source:
            position = self._position(node)
            if position is None:
                return self.outer_column(node)
            found = self.found[node] = source, position
        cname, affinity, collation = source.columns[found[1]]
        return b.ColumnRef(source.slot, found[1], cname, affinity, collation, source.alias,
                           False, self.after_sorter)

    def _position(self, node) -> int | None:
        """The place in the FROM table of the column ``node`` names, or None."""
        source = self.source
        if source is None:
            return None
        _, qualifier, name = node
        if qualifier is not None and ascii_lower(qualifier) != source.lower_alias:
            return None
        return source.positions.get(ascii_lower(name))

    def outer_column(self, node):
        """A name this query's table lacks, as the binder's next scope out finds it: the
        outer query's column (this query correlated, as ``mark_outer`` marks it). A name
        that is this query's result alias or a rowid's (the table's own rowid first)
        declines, as does any name without an outer query."""
        _, qualifier, name = node
        lname = ascii_lower(name)
        if self.outer is None or lname in ROWID_NAMES or \
                qualifier is None and lname in self.aliases:
            raise Decline
        self.correlated = True
        self.outer_reads += 1
        return self.outer.column(node)

    def num(self, node):
        return b.Literal(parse_number(node[1]))

    def string(self, node):
        return b.Literal(node[1])

    def null(self, node):
        return b.Literal(None)

    def paren(self, node):
        return self.expr(node[1])

    def plus(self, node):
        return b.Unary("pos", self.expr(node[1]))

    def neg(self, node):
        """bind_expr._neg: a number under parentheses and unary plus is negated itself."""
        inner = node[1]
        while inner[0] in ("paren", "plus"):
            inner = inner[1]
        if inner[0] == "num":
            if inner[1].lstrip("0") == _INT64_MIN_TEXT:
                return b.Literal(INT64_MIN)
            folded = b.Literal(-parse_number(inner[1]))
            object.__setattr__(folded, "negated", True)
            return folded
        return b.Unary("neg", self.expr(node[1]))

    def bitnot(self, node):
        return b.Unary("bitnot", self.expr(node[1]))

    def not_(self, node):
        """bind_expr._not: NOT over IS and IN (as sqlglot holds them) negates them."""
        inner = node[1]
        if inner[0] == "is":
            return self.is_(inner, True)
        if inner[0] == "in":
            return self.in_(inner, True)
        if inner[0] == "insub":
            return self.in_subquery(inner, True)
        if inner[0] == "exists":
            return self.exists(inner, True)
        return b.Unary("not", self.expr(inner))

    def is_(self, node, negated: bool = False):
        """bind_expr.null_test: ``x IS [NOT] NULL``; in WHERE, of an operand that is
        never NULL, the constant (resolve.c's NOT NULL strength reduction)."""
        operand = self.expr(node[1])
        if self.where and self.enclosing_where and self.never_null(operand):
            self.select.folded.append(operand)
            return b.Literal(1 if negated else 0)
        return b.Unary("notnull" if negated else "isnull", operand)

    def never_null(self, operand) -> bool:
        """bind_expr._never_null with plain FROM tables (no outer join): the column's
        table is the one of this query or an outer one of that slot."""
        while operand.__class__ is b.Unary and operand.op in ("pos", "neg"):
            operand = operand.operand
        if operand.__class__ is b.Literal:
            return operand.value is not None
        if operand.__class__ is not b.ColumnRef:
            return False
        builder = self
        while builder is not None:
            for source in builder.joined or (builder.source,):
                if source is not None and source.slot == operand.slot:
                    table = source.table        # (None: a view's query, never NOT NULL)
                    return table is not None and (operand.column == table.rowid_alias or
                                                  bool(table.columns[operand.column].notnull))
            builder = builder.outer
        return False

    def in_(self, node, negated: bool = False):
        operand = self.expr(node[1])
        items = tuple(self.expr(e) for e in node[2])
        if len(items) == 1 and is_constant(items[0], params=True):
            # SQLite's parser makes ``x IN (y)`` ``x == +y`` (bind_expr._in)
            equal = b.Compare("eq", operand, items[0], comparison_collation(operand, items[0]),
                              affinity_of(operand), None)
            return b.Unary("not", equal) if negated else equal
        return b.InList(operand, items, negated, asked_collation(operand) or "BINARY",
                        affinity_of(operand))

    def in_subquery(self, node, negated: bool = False):
        from .subquery import bind_in_subquery     # (subquery.py builds with this class)
        return bind_in_subquery(self, node, negated)

    def scalar(self, node):
        from .subquery import bind_scalar
        return bind_scalar(self, node[1])

    def exists(self, node, negated: bool = False):
        from .subquery import bind_exists
        return bind_exists(self, node[1], negated)

    def between(self, node):
        operand = self.expr(node[1])
        low = compare("ge", operand, self.expr(node[2]))
        high = compare("le", operand, self.expr(node[3]))
        return b.Binary("and", _without_skip(low), _without_skip(high))

    def cmp(self, node):
        left = self.expr(node[2])
        return compare(node[1], left, self.expr(node[3]))

    def binary(self, node):
        left = self.expr(node[2])
        return b.Binary(node[1], left, self.expr(node[3]))

    def connective(self, node):
        """bind_dispatch._connective (no ON clause, no row values here)."""
        op, this, that = node
        left, right = self.expr(this), self.expr(that)
        decides = 1 if op == "or" else 0
        truths = self.truths
        if (this[0] in _CANDIDATES and parse_truth(this, truths) == decides or
                that[0] in _CANDIDATES and parse_truth(that, truths) == decides) and \
                (op == "or" or not self._split(node, left, right)):
            folded = b.FoldedOr(1, (left, right)) if op == "or" else b.Literal(0)
            self.select.folded += (left, right)
            self.select.unfolded[id(folded)] = (folded, b.Binary(op, left, right))
            return folded
        if op == "or" and id(node) in self.or_terms and (_zero(left) or _zero(right)):
            left = _marked_false(this, left, truths)
            right = _marked_false(that, right, truths)
        return b.Binary(op, left, right)

    def _split(self, node, left, right) -> bool:
        """bind_expr.split_term: an AND that is a WHERE term, or a HAVING term whose
        sides hold no aggregate."""
        if id(node) not in self.terms:
            return False
        return not self.having or not (has_aggregate(left) or has_aggregate(right))

    def case(self, node):
        _, operand_node, when_nodes, default = node
        operand = self.expr(operand_node) if operand_node is not None else None
        whens, tests = [], []
        for when, then in when_nodes:
            cond = self.expr(when)
            whens.append((cond, self.expr(then)))
            if operand is not None:
                test = compare("eq", operand, cond)
                tests.append((test.collation, test.left_affinity, test.right_affinity))
        return b.Case(operand, tuple(whens),
                      self.expr(default) if default is not None else None, tuple(tests))

    def cast(self, node):
        return b.Cast(self.expr(node[1]), node[2], cast_affinity(node[2]))

    def func(self, node):
        _, name, args = node
        bound = tuple(self.expr(a) for a in args)
        if name == "nullif":            # the leftmost argument's collation (expr.c)
            return b.Function(name, bound, next(
                (c for c in map(asked_collation, bound) if c is not None), "BINARY"))
        return b.Function(name, bound)

    def aggregate(self, node):
        """bind_aggregate.bind_aggregate where an aggregate may stand."""
        if not self.aggregates:
            raise Decline
        _, name, written, args, distinct = node
        reads = self.outer_reads
        bound = tuple(self.expr(a) for a in args)
        if self.outer_reads != reads:
            raise Decline       # an outer query's column: its aggregate, maybe (_owner)
        look = asked_collation if distinct or name in ("min", "max") else collation_of
        collation = look(bound[0]) if bound else None
        select = self.select
        select.aggregates.append(b.Aggregate(name, bound, distinct, collation or "BINARY",
                                             None, (), False, written, ()))
        return b.AggregateRef(select.group_slot, len(select.aggregates) - 1, False)


_NONE = frozenset()


def _zero(bound) -> bool:
    return type(bound) is b.Literal and type(bound.value) in (int, bool) and bound.value == 0


def _marked_false(node, bound, truths: dict):
    """bind_dispatch._marked_false: the 0 of an OR side false as parsed."""
    if _zero(bound) and node[0] in _CANDIDATES and parse_truth(node, truths) == 0:
        return b.ParsedFalse(0)
    return bound


def _without_skip(half):
    if half.__class__ is not b.Compare:
        return half
    return b.Compare(half.op, half.left, half.right, half.collation, half.left_affinity,
                     half.right_affinity, False)


def parse_truth(node: tuple, truths: dict) -> int:
    """folds.parse_truth of the node: 1 true as parsed, 0 false, -1 neither; an AND's or
    OR's is kept in ``truths`` (its id -> it), so that each is found once."""
    while node[0] == "paren":
        node = node[1]
    tag = node[0]
    if tag == "and" or tag == "or":
        truth = truths.get(id(node))
        if truth is None:
            truth = truths[id(node)] = _joined_truth(
                tag == "and", parse_truth(node[1], truths), parse_truth(node[2], truths))
        return truth
    if tag not in ("num", "str", "not", "in"):
        return -1
    return 1 if always_true(node) else 0 if always_false(node) else -1


def _joined_truth(is_and: bool, left: int, right: int) -> int:
    """The truth of an AND (``is_and``) or an OR of sides of those truths."""
    if left == 1 or right == 0:
        return right if is_and else left
    if right == 1 or left == 0:
        return left if is_and else right
    return -1


_HANDLERS = {
    "num": Builder.num, "str": Builder.string, "null": Builder.null,
    "paren": Builder.paren, "plus": Builder.plus, "neg": Builder.neg,
    "bitnot": Builder.bitnot, "not": Builder.not_, "is": Builder.is_, "in": Builder.in_,
    "insub": Builder.in_subquery, "sub": Builder.scalar, "exists": Builder.exists,
    "between": Builder.between, "cmp": Builder.cmp, "bin": Builder.binary,
    "and": Builder.connective, "or": Builder.connective,
    "case": Builder.case, "cast": Builder.cast, "func": Builder.func,
    "agg": Builder.aggregate, "col": Builder.column,
}
