"""The bound statement tree: what ``sql/bind/binder.py`` produces and the planner consumes.

Names are already resolved here. A column reference names a *slot* — a position in the
execution environment where the current row of one FROM item lives — and a column
position in that row, so correlated subqueries need no special machinery: an inner query
simply reads a slot that the outer query has filled. Every slot owns two positions of the
environment: ``slot`` holds the record tuple, ``slot + 1`` its rowid.

Static facts SQLite decides at prepare time are computed by the binder and stored on the
nodes: the affinity of each comparison operand and the collation a comparison uses.
"""

from __future__ import annotations

from dataclasses import field
from typing import Any
from rowandb.catalog.ascii_case import ascii_upper
from .node_class import node, statement     # dataclasses made at a class's first node

# How the expression nodes below are made. They are never changed once made (the binder
# makes them; a rule that rewrites one makes a new node, ``dataclasses.replace``), and
# facts worked out about one are kept on it (analysis.kept_any, slots_of). Declared
# ``frozen``, a dataclass stores every field through ``object.__setattr__`` in
# ``__init__``: 1.9 microseconds for a column reference against 0.3 for a plain
# dataclass, and the binder makes about seventy nodes for a statement of the
# sqllogictest corpus, nearly every one run once -- half of binding its WHERE clause.
# So they are plain dataclasses (logical.py's too), and ``ROWANDB_FROZEN_NODES=1`` (set by
# tests/conftest.py) declares them frozen, where any assignment to a node raises.


# -- expressions -----------------------------------------------------------------------
class Expr:
    __slots__ = ()


@node
class Literal(Expr):
    value: Any


class NullPastSubquery(Literal):
    """The NULL that ``NULL = (subquery)`` (and its like) folds to: SQLite never runs the
    subquery then, but the term still holds one to it, so it is tested where the row
    comes, not once before the loops (optimizer/fold_constants.py; fuzz seed 50001302)."""
    __slots__ = ()


class ParsedFalse(Literal):
    """The 0 of ``x OR 0`` in a WHERE term (a 0 false as parsed), which SQLite's
    WHERE analysis drops (sqlite3ExprSimplifiedAndOr): ``0 OR c`` implies a partial
    index's ``c IS NOT NULL`` (plan/expr_compare.py; fuzz 103000318)."""
    __slots__ = ()


@node
class ReducedNullTest(Literal):
    """The constant a WHERE term ``x IS NULL`` / ``x NOTNULL`` of a column that cannot be
    NULL is as its loops are planned (plan/null_tests.py): SQLite's check of a partial
    index still reads the ``test`` (fuzz 108000151: INDEXED BY in a subquery)."""
    test: Any = None


@node
class FoldedOr(Literal):
    """The 1 that ``x OR y`` is when a side is true as parsed (sql/bind/bind_dispatch.py):
    SQLite codes that 1, yet its term still reads the operands' columns, so the term is
    tested where their rows come, not once before the loops (fuzz 89000177); ``operands``
    are (x, y) as bound, read only for the slots (analysis.slots_of)."""
    operands: tuple = ()


@node
class Param(Expr):
    index: int                      # 0-based parameter slot


@node
class TriggerColumn(Param):
    """``NEW.col`` or ``OLD.col`` in a trigger's WHEN or body: a parameter of the body's statements
    (``index`` into the row values the firing hands them, exec/triggers.py). Like SQLite's
    TK_TRIGGER it has the column's collation but no affinity (the rowid's is INTEGER)."""
    name: str = ""
    affinity: str | None = None
    collation: str = "BINARY"


@node
class ColumnRef(Expr):
    slot: int
    column: int                     # -1: the rowid
    name: str
    affinity: str | None
    collation: str = "BINARY"
    table: str = ""
    # a table-valued function's column whose rows may hold JSON text marked as such
    # (json_each.value of an array or object: SQLite's JSON subtype), kept for the
    # arguments of JSON functions only (exec/expressions.py)
    json: bool = False
    # read back from a GROUP BY's sorter or a window's table, where SQLite's values come
    # out of a record: plain even as a JSON function's argument (sql/bind/scope.py)
    after_sorter: bool = False


@node
class Fixed(Expr):
    """A column that SQLite's constant propagation (optimizer/propagate_constants.py) has
    replaced by the constant a WHERE term ``column = value`` fixes it to: the value, with
    the column's affinity applied (SQLite's EP_FixedCol). ``name`` is the column's, for
    EXPLAIN. It reads no row, so a term made of such columns and constants is tested once
    before the loops."""
    value: Expr
    affinity: str | None
    name: str


@node
class Unary(Expr):
    op: str                         # 'neg' 'pos' 'bitnot' 'not' 'isnull' 'notnull'
    operand: Expr


@node
class Binary(Expr):
    op: str                         # 'add' 'sub' 'mul' 'div' 'mod' 'concat' 'bitand' 'bitor' 'shl' 'shr' 'and' 'or'
    left: Expr
    right: Expr


@node
class Compare(Expr):
    op: str                         # 'eq' 'ne' 'lt' 'le' 'gt' 'ge' 'is' 'isnot'
    left: Expr
    right: Expr
    collation: str = "BINARY"
    left_affinity: str | None = None
    right_affinity: str | None = None
    # SQLite evaluates the operand without a subquery first and skips the subquery when that
    # operand is NULL; the comparisons of a BETWEEN evaluate both operands.
    skips_subquery: bool = True
    # a piece of a row comparison the binder split (plan/row_terms.py): to SQLite's test of
    # a row of NULLs it is still the row comparison, which proves nothing (left_join.py);
    # not part of what the expression is (expr_compare.same)
    from_row: bool = field(default=False, compare=False)


@node
class Like(Expr):
    op: str                         # 'like' 'glob'
    operand: Expr
    pattern: Expr
    escape: Expr | None = None
    negated: bool = False
    case_sensitive: bool = False    # LIKE under PRAGMA case_sensitive_like


@node
class InList(Expr):
    operand: Expr
    items: tuple[Expr, ...]
    negated: bool = False
    collation: str = "BINARY"
    affinity: str | None = None     # of the left operand


@node
class InSubquery(Expr):
    operand: Expr
    query: "Select"
    negated: bool = False
    correlated: bool = False
    collation: str = "BINARY"
    affinity: str | None = None


@node
class Row(Expr):
    """A row value ``(x, y, ...)`` of two or more terms: only an operand of a RowCompare,
    a RowIn or a row CASE (the binder refuses it anywhere else, as SQLite does)."""
    items: tuple[Expr, ...]


@node
class RowCompare(Expr):
    """``(a, b) op (c, d)``: each side a Row or a ScalarSubquery of as many columns.
    ``pairs`` holds, per term, (collation, left affinity, right affinity)."""
    op: str                         # 'eq' 'ne' 'lt' 'le' 'gt' 'ge' 'is' 'isnot'
    left: Expr
    right: Expr
    pairs: tuple[tuple[str, str | None, str | None], ...] = ()


@node
class RowColumn(Expr):
    """Term ``index`` of the row a multi-column subquery gives. In ``UPDATE ... SET (a, b)
    = (SELECT ...)`` the term 0 runs the subquery and the later terms read the same row;
    an ``alone`` term (a piece of a WHERE term split by bind_rows.split_clause, tested
    wherever the planner puts it) reads the row itself: once per execution, or per
    outer row when the subquery is correlated."""
    subquery: "ScalarSubquery"
    index: int
    alone: bool = False


@node
class RowIn(InSubquery):
    """``(a, b) [NOT] IN (SELECT x, y ...)``: an InSubquery whose operand is a row value
    (a Row or a multi-column ScalarSubquery); ``pairs`` holds each term's (collation,
    affinity applied to both sides)."""
    pairs: tuple[tuple[str, str | None], ...] = ()


@node
class Exists(Expr):
    query: "Select"
    negated: bool = False
    correlated: bool = False


@node
class ScalarSubquery(Expr):
    query: "Select"
    correlated: bool = False


@node
class Case(Expr):
    operand: Expr | None
    whens: tuple[tuple[Expr, Expr], ...]
    default: Expr | None
    # CASE x WHEN w: each WHEN compares as x = w does: (collation, affinity of x,
    # affinity of w) per WHEN, as the binder decides them for a comparison.
    tests: tuple[tuple[str, str | None, str | None], ...] = ()


@node
class Cast(Expr):
    operand: Expr
    type_name: str
    affinity: str


@node
class Collate(Expr):
    """``operand COLLATE name``: the value of ``operand``, compared with ``collation``."""
    operand: Expr
    collation: str


@node
class Function(Expr):
    name: str
    args: tuple[Expr, ...]
    collation: str | None = None    # what min(), max() and nullif() compare under
    using: bool = False             # the coalesce() of a RIGHT/FULL JOIN's USING column,
                                    # with the affinity and collation of its first argument


@node
class AggregateRef(Expr):
    """Aggregate ``index`` of the query whose group row is in ``slot``; ``json``: it is JSON
    text (json_group_array/object), ``carries``: it hands on its argument's (min, max)."""
    slot: int
    index: int
    json: bool = False
    carries: bool = False


@node
class Aggregate:
    """One aggregate call of a query: its arguments, DISTINCT, the collation min() and
    max() compare under, its FILTER condition, and the ORDER BY inside its argument list
    (``OrderItem``s; ``order_unique``: DISTINCT whose one ORDER BY term is its one
    argument, where SQLite keeps the last of equal values, see exec/aggregate.py)."""
    name: str
    args: tuple[Expr, ...]
    distinct: bool = False
    collation: str = "BINARY"
    filter: Expr | None = None
    order_by: tuple = ()
    order_unique: bool = False
    written: str = ""               # the name as written, for error messages
    # min()'s and max()'s ORDER BY terms: no result changes (not in order_by), but they
    # make the call another one than the same call without them (aggregate.py, _same_call)
    ignored_order: tuple = ()

    def expressions(self) -> list:
        """Every expression the call evaluates per row."""
        found = list(self.args) + [o.expr for o in self.order_by]
        return found if self.filter is None else found + [self.filter]


@node
class WindowRef(Expr):
    """The value of window function number ``index`` of the window whose values the
    Window step puts in ``slot`` (``planner/exec/window.py``); ``json`` as in AggregateRef."""
    slot: int
    index: int
    json: bool = False


@node
class FrameBound:
    """One end of a window frame: ``kind`` is 'unbounded' 'preceding' 'current'
    'following'; ``offset`` the bound expression of ``n PRECEDING|FOLLOWING``."""
    kind: str
    offset: Expr | None = None


@node
class WindowSpec:
    """A window definition as SQLite resolves it (sqlite.org/windowfunctions.html):
    PARTITION BY terms and ORDER BY terms (OrderItems: each with its collation) and the
    frame. Without a frame clause the
    frame is ``RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW`` (``implicit``)."""
    partition: tuple
    order: tuple                    # OrderItem
    kind: str = "range"             # 'rows' 'range' 'groups'
    start: FrameBound = FrameBound("unbounded")
    end: FrameBound = FrameBound("current")
    exclude: str = "no others"      # 'no others' 'current row' 'group' 'ties'
    implicit: bool = True
    # an EXCLUDE clause was written, NO OTHERS too: SQLite then computes every row's frame
    # afresh, never taking rows back (window.c: eExclude is TK_NO, not 0)
    exclude_written: bool = False

    def same(self, other: "WindowSpec") -> bool:
        """True when both define the same window (one sort and one frame serve both)."""
        from .describe import describe
        return describe_spec(self, describe, True) == describe_spec(other, describe, True)


def describe_spec(spec: WindowSpec, describe, frame: bool = False) -> str:
    """The definition as SQL; the frame is left out where it is the default, unless
    ``frame`` asks for it."""
    parts = []
    if spec.partition:
        parts.append("PARTITION BY " + ", ".join(describe(o.expr) for o in spec.partition))
    if spec.order:
        parts.append("ORDER BY " + ", ".join(
            f"{describe(o.expr)}{' DESC' if o.desc else ''}"
            f"{' NULLS FIRST' if o.nulls_first and o.desc else ''}"
            f"{' NULLS LAST' if not o.nulls_first and not o.desc else ''}"
            f"{'' if o.collation == 'BINARY' else ' COLLATE ' + o.collation}" for o in spec.order))
    if frame or not spec.implicit:
        bounds = [f"{describe(b.offset) + ' ' if b.offset is not None else ''}"
                  f"{_BOUND_WORDS[b.kind][i]}" for i, b in enumerate((spec.start, spec.end))]
        parts.append(f"{ascii_upper(spec.kind)} BETWEEN {bounds[0]} AND {bounds[1]}"
                     f"{' EXCLUDE ' + ascii_upper(spec.exclude) if spec.exclude_written else ''}")
    return " ".join(parts)


_BOUND_WORDS = {"unbounded": ("UNBOUNDED PRECEDING", "UNBOUNDED FOLLOWING"),
                "current": ("CURRENT ROW", "CURRENT ROW"),
                "preceding": ("PRECEDING", "PRECEDING"), "following": ("FOLLOWING", "FOLLOWING")}


@node
class WindowCall:
    """One window function call: a built-in window function or an aggregate, its
    arguments and its FILTER condition (aggregates only)."""
    name: str
    args: tuple
    filter: Expr | None = None
    collation: str = "BINARY"       # what min() and max() compare under
    aggregate: bool = False


@statement
class Window:
    """The window functions of one SELECT that share a window definition; the Window
    step puts their values, one row at a time, in ``slot``."""
    slot: int
    spec: WindowSpec
    calls: list = field(default_factory=list)


# -- FROM items -----------------------------------------------------------------------
@statement
class TableSource:
    slot: int
    table: Any                      # catalog.schema.Table
    alias: str
    indexed: Any = None             # INDEXED BY: the Index; NOT INDEXED: (); else None
    automatic: bool = True          # False: NOT INDEXED, a WITHOUT ROWID table's too


@statement
class SubquerySource:
    slot: int
    query: "Select"
    alias: str
    columns: tuple[str, ...]
    cte: "CteUse | None" = None     # set when the FROM item names a common table expression
    # SQLite materializes it: uncorrelated, computed once per statement; or flattens it
    # into the query reading it (plan/materialized_once.py)
    once: bool = False
    flat: bool = False
    # an UPDATE ... FROM's FROM clause SQLite keeps a subquery (it has a RIGHT or FULL
    # JOIN): the statement reads the slots of its items, not ``slot`` (plan/nested_from.py)
    nested: bool = False


@statement
class FunctionSource:
    """A table-valued function in FROM (``json_each(x)``, ``pragma_table_info('t')``):
    ``function`` is a ``functions.table_functions.TableFunction``; ``args`` holds one
    bound expression per hidden column the call filled, in order (fewer than the hidden
    columns when the call gave fewer)."""
    slot: int
    function: Any
    alias: str
    args: tuple = ()


@statement
class CteUse:
    """One common table expression of a statement, shared by every reference to it. Each
    reference binds its own copy of the query (``SubquerySource.query``); ``uses`` counts
    them, and with ``materialized`` decides whether the planner inlines each copy or
    computes the rows once (``planner/plan/cte.py``)."""
    name: str
    materialized: bool | None       # AS MATERIALIZED: True, AS NOT MATERIALIZED: False
    uses: int = 0
    view: bool = False              # a view's query (SQLite's isCte is for a WITH's only)


@statement
class RecursiveSource:
    """The recursive table in the FROM clause of a recursive step: the one row taken from
    the queue (``Recursion``) that the step runs for."""
    slot: int
    alias: str
    columns: tuple[str, ...]
    recursion: "Recursion"


@statement
class Recursion:
    """What makes a compound SELECT a recursive common table expression: its first
    ``setup`` SELECTs (the first one and ``compound[:setup - 1]``) run once, the others are
    recursive steps run for each row taken from the queue. ``distinct`` is UNION (rows
    seen before are not queued again); the compound's ORDER BY (``compound_order``) orders
    the queue and its LIMIT/OFFSET count the rows taken from it."""
    name: str
    setup: int = 1
    distinct: bool = False
    setup_collations: list = field(default_factory=list)   # of the setup's own compound
    # its columns' affinities, which its recursive steps read too (sql/bind/properties.py
    # recursive_affinities); None until its steps are bound
    affinities: list | None = None


@statement
class JoinItem:
    """One FROM item and how it joins to the items before it."""
    source: TableSource | SubquerySource | FunctionSource
    kind: str = "inner"             # 'inner' 'left' 'cross' 'right' 'full'
    condition: Expr | None = None   # ON condition (USING/NATURAL turned into one)


# -- statements -----------------------------------------------------------------------
@statement
class OrderItem:
    expr: Expr
    desc: bool = False
    nulls_first: bool = True
    collation: str = "BINARY"


@statement
class Select:
    items: list[JoinItem]
    columns: list[Expr]
    names: list[str]
    where: Expr | None = None
    group_by: list[Expr] = field(default_factory=list)
    having: Expr | None = None
    aggregates: list[Aggregate] = field(default_factory=list)
    group_slot: int = -1            # environment slot of the group row (aggregate queries)
    distinct: bool = False
    order_by: list[OrderItem] = field(default_factory=list)
    limit: Expr | None = None
    offset: Expr | None = None
    one_row: bool = False           # a scalar subquery's: LIMIT 1 to SQLite (lifted_limit.py)
    compound: list[tuple[str, "Select"]] = field(default_factory=list)  # ('union'|'union all'|'intersect'|'except', select)
    values: list[list[Expr]] | None = None   # a VALUES clause used as a query
    # of several rows: the arms SQLite's parser makes of them, (first row, is a
    # co-routine) each (sql/parse/values_arms.py); their affinities decide the columns'
    values_arms: tuple = ()
    compound_order: list[tuple] = field(default_factory=list)  # (position, desc, nulls_first, collation)
    column_collations: list[str] = field(default_factory=list)  # DISTINCT / compound comparisons
    group_collations: list[str] = field(default_factory=list)   # GROUP BY comparisons
    column_affinities: list[str | None] = field(default_factory=list)
    recursion: Recursion | None = None      # a recursive common table expression's query
    # position -> the name a FROM subquery, common table or view made from this query gives
    # the column where it differs from the result name (``b COLLATE nocase`` is ``b`` there)
    table_names: dict[int, str] = field(default_factory=dict)
    windows: list = field(default_factory=list)     # Window: the window functions, per window
    # read as a table (FROM subquery, common table, view; sql/bind/properties.py,
    # read_as_table): the positions of its REAL columns, whose integers become REAL as rows
    # leave, and of its FLEXNUM ones, whose affinity a column fixed by a constant takes
    real_columns: tuple = ()
    flexible_columns: frozenset = frozenset()
    # a compound SQLite runs as ``SELECT * FROM (compound) ORDER BY ...`` (an ORDER BY
    # with a COLLATE beside a UNION, INTERSECT or EXCEPT: select.c,
    # convertCompoundSelectToSubquery): that FROM subquery's columns, which an IN or a
    # comparison with the query as a subquery then takes its affinity and collation from
    subquery_row: list | None = None
    # its GROUP BY or DISTINCT reads rows already in its terms' order (a compound FROM
    # subquery's, sql/bind/subquery_order.py): a row equal to the one before joins its group
    adjacent: bool = False
    # where its FROM items stand once SQLite flattened it into the query reading it (plan/
    # materialized_once.py); () for a FROM clause of its own
    from_context: tuple = ()
    # its ORDER BY is one SQLite moves into the query it flattens this one into, clearing
    # each term's result column (flattenSubquery: iOrderByCol = 0), so no UNION ALL FROM
    # subquery is flattened into it then (restriction (17d); plan/lifted_limit.py)
    order_moved: bool = False
    # the statement's text holds no other query (sql/bind/tables.single_query) and the
    # binder made none (of a row IN a list): the planner looks for no subquery in it
    alone: bool = False
    # operands the binder folded away once resolved (``s IS NULL OR 1`` is 1): SQLite
    # still counts their columns as used (colUsed), so no index that lacks them covers
    # the query (analysis.columns_read_by_slot)
    folded: list = field(default_factory=list)
    # id of each literal an AND or OR was folded to -> (that literal, the AND or OR): a
    # query SQLite flattens into an outer join's right side has its WHERE marked EP_OuterON
    # there, which keeps it from being folded (plan/flatten.py)
    unfolded: dict = field(default_factory=dict)
    # id of each AND or OR in an outer join's ON that the binder left unfolded there (its
    # EP_OuterON) -> (that AND or OR, the literal it folds to once SQLite makes the join
    # inner: plan/on_folds.py)
    on_folds: dict = field(default_factory=dict)
    # the first error SQLite's code generator meets in this query's result columns, WHERE,
    # GROUP BY, HAVING or ORDER BY (a row value or a subquery of several columns where one
    # value stands, an aggregate copied into GROUP BY under a COLLATE), raised once the
    # loops are planned (build.py): 'no query solution' first; with GROUP BY, its DISTINCT
    # aggregate of two arguments last of all (``last_coded``: select.c resetAccumulator)
    codegen_error: Exception | None = None
    last_coded: Exception | None = None
    # every such error in order with its result column (None: another clause), dropped
    codegen_errors: list = field(default_factory=list)  # with it unused (unused_columns.py)
    coding_column: int | str | None = None  # the column being bound, or "order"
    # the query as written, where its FROM items' used columns (colUsed) were counted: a
    # copy whose unread result columns are NULL that SQLite does not flatten, or (``written``)
    # an EXISTS's, whose uncoded result list counts for subqueries flattened into it too
    read_as: "Select | None" = None
    written: bool = False
    # SQLite ignores the ORDER BY of this query and of the subqueries it flattens into
    # it, and its DISTINCT (select.c, IgnorableOrderby): an EXISTS subquery, a SELECT of
    # a UNION, INTERSECT or EXCEPT whose rows go to a temporary table
    noop_order: bool = False
    # a SELECT of a compound with an ORDER BY: SQLite sorts each by it before merging
    # them (select.c multiSelectOrderBy), so it counts as ordered (plan/omit_order.py)
    arm_sorted: bool = False

    @property
    def is_aggregate(self) -> bool:
        return bool(self.aggregates or self.group_by)


@statement
class Insert:
    table: Any
    columns: list[int]              # target column positions, in the order values come
    source: Select | None           # None with default_values
    conflict: str = "ABORT"         # ABORT FAIL IGNORE REPLACE ROLLBACK
    default_values: bool = False
    slot: int = -1                  # where the written row sits for CHECK and RETURNING
    returning: list | None = None
    returning_names: list = field(default_factory=list)
    returning_real: list = field(default_factory=list)   # which items have REAL affinity
    late_error: Any = None          # an error of RETURNING or DO UPDATE (bind_dml._late)
    alias: str | None = None        # INSERT INTO t AS alias
    upserts: list = field(default_factory=list)    # its ON CONFLICT clauses, in order
    orconf: str | None = None       # the conflict clause written (OR ...), None: default
    in_trigger: bool = False        # a statement of a trigger's body


@statement
class Upsert:
    """One ``ON CONFLICT [target] DO NOTHING | DO UPDATE SET ... [WHERE ...]`` clause."""
    target: Any                     # None: any uniqueness; "rowid"; or the catalog Index
    assignments: list | None        # None: DO NOTHING; else the (position, expr) pairs
    where: Expr | None = None       # DO UPDATE ... WHERE
    row_slot: int = -1              # the conflicting row, as SET and WHERE read it
    excluded_slot: int = -1         # the row that was to be inserted (excluded.)


@statement
class Update:
    table: Any
    slot: int
    assignments: list[tuple[int, Expr]]
    where: Expr | None
    conflict: str = "ABORT"
    returning: list | None = None
    returning_names: list = field(default_factory=list)
    returning_real: list = field(default_factory=list)   # which items have REAL affinity
    late_error: Any = None          # an error of RETURNING or DO UPDATE (bind_dml._late)
    indexed: Any = None             # as TableSource.indexed
    orconf: str | None = None       # as Insert.orconf
    from_query: Any = None          # UPDATE ... FROM: a Select of (rowid, SET values...)


@statement
class Delete:
    table: Any
    slot: int
    where: Expr | None
    returning: list | None = None
    returning_names: list = field(default_factory=list)
    returning_real: list = field(default_factory=list)   # which items have REAL affinity
    late_error: Any = None          # an error of RETURNING or DO UPDATE (bind_dml._late)
    indexed: Any = None             # as TableSource.indexed
    orconf: str | None = None       # in a trigger fired under one: that conflict clause


@statement
class ViewWrite:
    """INSERT, UPDATE or DELETE on a view, done by its INSTEAD OF triggers
    (sql/bind/bind_view_write.py)."""
    event: str                      # INSERT, UPDATE or DELETE
    table: Any                      # the view's shape: a catalog Table of its columns
    rows: Select | None             # INSERT: the source (None: DEFAULT VALUES); UPDATE and
                                    # DELETE: the view's rows the WHERE selects, each
                                    # followed by the values SET gives it
    columns: list[int]              # INSERT: the positions the source fills
    assigned: list[tuple[int, int]] = field(default_factory=list)   # UPDATE: (position,
                                    # which SET value), in SET's order
    names: frozenset = frozenset()  # UPDATE: the column names SET writes, lower case
    slot: int = -1                  # where RETURNING reads the NEW (DELETE: OLD) row
    returning: list | None = None
    returning_names: list = field(default_factory=list)
    returning_real: list = field(default_factory=list)
    late_error: Any = None
    orconf: str | None = None       # the conflict clause written, handed to the triggers


@statement
class CreateTable:
    draft: Any                      # catalog.schema.Table with ids left 0
    if_not_exists: bool
    checks: list[tuple[str | None, str]] = field(default_factory=list)
    temp: bool = False              # a TEMP table (sql/temp_tables.py)


@statement
class CreateTableAs(CreateTable):
    """CREATE TABLE ... AS select (sql/bind/bind_create_as.py): the table, then the query's rows
    written into it from ``slot``."""
    query: Any = None
    slot: int = -1


@statement
class DropTable:
    name: str
    if_exists: bool
    schema: str | None = None       # as written; None: temp first, then main


@statement
class AddColumn:
    """ALTER TABLE ADD COLUMN (sql/alter_table/bind_alter.py)."""
    table: Any                      # catalog.schema.Table as it is
    column: Any                     # the new catalog.schema.Column
    sql: str                        # the table's new CREATE text
    foreign_keys: list = field(default_factory=list)   # the column's REFERENCES
    foreign_keys_at: int | None = None    # their place among the table's (in text order)
    if_rows: list = field(default_factory=list)   # (only with FKs on, refusal) if it has a row
    check_rows: bool = False        # CHECK or STRICT: check the existing rows afterwards
    broken: str | None = None       # the new text's error, after ``if_rows`` (a STORED column)


@statement
class RenameTable:
    """ALTER TABLE RENAME TO (sql/alter_table/bind_alter.py)."""
    table: Any
    new_name: str
    texts: dict                     # (SYS table, rowid) -> rewritten CREATE text
    temp_views: list = field(default_factory=list)     # (TEMP view, its new text)
    temp_triggers: list = field(default_factory=list)  # (TEMP trigger, its rewritten form)


@statement
class RenameColumn:
    """ALTER TABLE RENAME COLUMN (sql/alter_table/rename_column.py)."""
    table: Any
    position: int                   # the column's position in the table
    new_name: str
    texts: dict                     # (SYS table, rowid) -> rewritten CREATE text
    trigger_columns: dict           # trigger id -> its new UPDATE OF list (JSON)
    temp_views: list = field(default_factory=list)     # (TEMP view, its new text)
    temp_triggers: list = field(default_factory=list)  # (TEMP trigger, its rewritten form)
    temp_texts: dict = field(default_factory=dict)     # the temp tables' rows -> new texts
    # the rename's own error (a duplicate name, a view or trigger reading the column that
    # does not bind), raised when it runs, after the schema's older errors, as SQLite does
    failure: str | None = None


@statement
class DropColumn:
    """ALTER TABLE DROP COLUMN (sql/alter_table/drop_column.py)."""
    table: Any
    position: int                   # the column's position in the table
    sql: str                        # the table's new CREATE text
    broken: str | None = None       # SQLite's error for the table or an index after the edit
    # (schema, kind, lower-case name) -> its error once no double-quoted string falls
    # back: the schema check after the edit meets it in sqlite_schema order
    late: dict = field(default_factory=dict)
    # the quote fix's (sql/alter_table/quote_fix.py): (SYS table, rowid) -> other objects' new texts
    texts: dict = field(default_factory=dict)
    temp_views: list = field(default_factory=list)     # (TEMP view, its new text)
    temp_triggers: list = field(default_factory=list)  # (TEMP trigger, its rewritten form)
    temp_texts: dict = field(default_factory=dict)     # the temp tables' rows -> new texts


@statement
class EditConstraints:
    """ALTER TABLE's NOT NULL and CHECK edits (sql/alter_table/alter_constraints.py)."""
    table: Any
    sql: str                        # the table's new CREATE text
    columns: tuple                  # the columns the new text declares
    foreign_keys: list              # the foreign keys the new text declares
    not_null: int | None = None     # SET NOT NULL: the column every row must fill
    new_check: bool = False         # ADD CHECK: every row must pass the last CHECK
    shown: tuple | None = None      # the result columns of SQLite's first nested SELECT


@statement
class CreateIndex:
    table: Any
    index: Any                      # catalog.schema.Index with ids left 0
    if_not_exists: bool


@statement
class DropIndex:
    name: str
    if_exists: bool
    schema: str | None = None       # as written; None: temp first, then main


@statement
class Reindex:
    schema: str | None              # as written; None when the statement names no schema
    name: str | None                # None: every index of the database


@statement
class CreateView:
    name: str
    sql: str                        # the text sqlite_schema shows
    if_not_exists: bool
    temp: bool = False              # in the connection's temp schema


@statement
class DropView:
    name: str
    if_exists: bool
    written: str = ""               # the name as the message shows it (main.v)
    schema: str | None = None       # as written: main, temp, or None (temp, then main)


@statement
class CreateTrigger:
    draft: Any                      # catalog.trigger.Trigger with id 0
    if_not_exists: bool
    temp: bool = False              # a TEMP trigger (sql/temp_views.py)
    on_temp: bool = False           # ... on a temp view


@statement
class DropTrigger:
    trigger: Any                    # catalog.trigger.Trigger, None when absent (IF EXISTS)
    temp: bool = False              # a TEMP trigger


@statement
class TransactionControl:
    action: str                     # 'begin' 'commit' 'rollback' 'savepoint' 'release' 'rollback_to'
    mode: str = "DEFERRED"
    name: str | None = None


@statement
class Pragma:
    name: str
    argument: Any = None
    has_argument: bool = False
    assign: bool = False


@statement
class Explain:
    statement: Any
    query_plan: bool = True
