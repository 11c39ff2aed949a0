"""Logical plan nodes: small dataclasses that print as a tree, never changed once made
(frozen under test, as the bound tree's nodes are: ``bound.node``; frozen, each class
also cost about 0.2 ms more at import, its ``__setattr__`` and ``__delattr__`` made by
``exec``, and each node more to make).

A plan is built from the bound tree by ``build.py``, rewritten by the optimizer rules in
``optimizer/`` and turned into Python closures by ``execute.py``. ``explain(plan)`` renders
the tree that ``EXPLAIN QUERY PLAN`` prints and the golden tests compare.

Two kinds of node exist. *Row sources* (Scan, IndexScan, RowidScan, SubqueryScan,
Materialize, FunctionScan, Join,
Filter, Guard, Aggregate, Window, Empty) fill environment slots and produce no values of their own. *Result
nodes* (Project, Values, Distinct, Sort, Limit, Compound) produce result tuples.
"""

from __future__ import annotations

from dataclasses import field
from typing import Any

from . import bound as b
from .bound import node
from .describe import describe
from ...catalog.ascii_case import ascii_lower, ascii_upper


class Node:
    def children(self) -> tuple["Node", ...]:
        return ()

    def label(self) -> str:
        return type(self).__name__.upper()


# -- row sources --------------------------------------------------------------------------
@node
class Scan(Node):
    slot: int
    table: Any
    alias: str
    indexed: Any = None             # the index INDEXED BY names; () for NOT INDEXED
    reverse: bool = False           # rowid (PRIMARY KEY) order backwards, for an ORDER BY
    automatic: bool = True          # as TableSource.automatic: False under NOT INDEXED

    def label(self):
        return f"SCAN {_name(self.table, self.alias)}"


@node
class IndexScan(Node):
    """Entries of ``index`` whose first ``len(equal)`` keys equal the given expressions and
    whose next key lies between ``low`` and ``high`` (each ``(expr, inclusive)`` or None)."""
    slot: int
    table: Any
    alias: str
    index: Any
    equal: tuple = ()
    low: tuple | None = None
    high: tuple | None = None
    covering: bool = False          # the query reads no column the index lacks (EXPLAIN)
    # 0: entries in whatever order is cheapest; 1: in the index's declared order (DESC
    # columns descending); -1: that order backwards -- for an ORDER BY it satisfies
    direction: int = 0
    # the first key after the equality prefix read with its NULLs at the other end of the
    # read (``ORDER BY x NULLS LAST`` from an ascending read: SQLite's WHERE_BIGNULL_SORT)
    nulls_moved: bool = False
    # the table Scan this whole-index read stands in for, chosen because the index is
    # narrower (optimizer/covering_scan.py): a later pass may still search instead
    replaces: Any = None
    # for each key of ``equal``, whether it searches by ``IS``: a NULL value finds the
    # entries whose key is NULL, where one of ``=`` finds none
    null_safe: tuple = ()
    # the positions of ``equal`` holding an ``IN`` (its values, operand NULL): the search
    # loops over its distinct values, the later keys' values computed for each
    # (optimizer/in_loop.py, exec/in_seek.py)
    in_keys: tuple = ()

    def label(self):
        cols = [self.table.columns[c.column].name if c.column >= 0 else "<expr>"
                for c in self.index.columns]
        terms = [f"{cols[i]}=?" for i in range(len(self.equal))]
        if self.low or self.high:
            # after every key the rowid, which the entries hold last (rowid_after_keys)
            col = cols[len(self.equal)] if len(self.equal) < len(cols) else "rowid"
            # ``>`` and ``<`` whether the bound is inclusive or not, as SQLite writes them
            # (where.c explainIndexRange, explainAppendTerm)
            if self.low:
                terms.append(f"{col}>?")
            if self.high:
                terms.append(f"{col}<?")
        covering = "COVERING " if self.covering else ""
        if not terms:                   # every entry, in index order (INDEXED BY)
            return f"SCAN {_name(self.table, self.alias)} USING {covering}INDEX {self.index.name}"
        using = "PRIMARY KEY" if self.index.origin == "pk" and self.table.without_rowid \
            else f"{covering}INDEX {self.index.name}"    # a WITHOUT ROWID table's key: its b-tree
        return f"SEARCH {_name(self.table, self.alias)} USING {using} ({' AND '.join(terms)})"


@node
class RowidScan(Node):
    slot: int
    table: Any
    alias: str
    equal: Any = None               # expr, or None for a range
    low: tuple | None = None
    high: tuple | None = None
    reverse: bool = False           # the range from its high end down, for an ORDER BY

    def label(self):
        if self.equal is not None:
            how = "rowid=?"
        else:
            how = " AND ".join((["rowid>?"] if self.low else []) +
                               (["rowid<?"] if self.high else []))   # (inclusive or not)
        return f"SEARCH {_name(self.table, self.alias)} USING INTEGER PRIMARY KEY ({how})"


@node
class SubqueryScan(Node):
    """The rows of a query read in FROM, into ``slot``: the base of ``cte.CteScan``, which
    is what a FROM subquery, a common table and a view are planned as."""
    slot: int
    alias: str
    plan: Node

    def children(self):
        return (self.plan,)


@node
class Materialize(Node):
    """The rows of an UPDATE ... FROM's nested FROM clause (``nested_from.py``): computed
    whole at the first read of a run, then replayed at every read, each putting back the
    records and rowids of ``slots``, the slots of its items."""
    child: Node
    slots: tuple

    def children(self):
        return (self.child,)

    def label(self):
        return "MATERIALIZE (join)"


@node
class FunctionScan(Node):
    """The rows of a table-valued function (``bound.FunctionSource``) for the values of
    ``args``: one expression per leading hidden column it takes (``exec/table_function.py``)."""
    slot: int
    function: Any
    alias: str
    args: tuple = ()
    # the positions of ``args`` that are ``hidden IN (...)`` terms (a list or a subquery):
    # the function runs once per distinct value of each, in sort order, the first
    # argument's the outer loop
    in_list: tuple | None = None

    @property
    def width(self) -> int:
        return self.function.width

    def label(self):
        index = self.function.index_number(len(self.args))
        return f"SCAN {self.alias} VIRTUAL TABLE INDEX {index}:"


@node
class Empty(Node):
    """One row with no columns: the FROM of a SELECT without FROM."""

    def label(self):
        return "SCAN CONSTANT ROW"


@node
class Join(Node):
    left: Node
    right: Node
    kind: str = "inner"             # 'inner', 'left', 'right' or 'full'
    condition: Any = None           # ON condition evaluated when both sides are set
    right_slots: tuple = ()         # slots the right side fills (set to NULL for LEFT misses)
    # RIGHT or FULL: the ON's conjuncts SQLite searches the right table by, with their
    # roles, in the order their values are computed (optimizer/outer_search.py)
    search: tuple = ()
    # written ``CROSS JOIN``: SQLite loops over the right side after every FROM item
    # before it (optimizer/reorder_joins.py)
    cross: bool = False
    # the right side's columns whose values order its rows for each left row, as the
    # automatic index SQLite reaches that table by does (optimizer/auto_index_order.py)
    bucket_order: tuple = ()

    def children(self):
        return (self.left, self.right)

    def label(self):
        on = f" ON {describe(self.condition)}" if self.condition is not None else ""
        if self.kind in ("right", "full"):      # exec/outer_join.py
            by = " AND ".join(describe(c) for c, _ in self.search)
            how = f"matched bitmap, searched by {by}" if by else "matched bitmap"
            return f"{ascii_upper(self.kind)} NESTED LOOP ({how}){on}"
        return f"{'LEFT ' if self.kind == 'left' else ''}NESTED LOOP{on}"


@node
class HashJoin(Node):
    """Right side materialised once into a hash table on ``right_keys``; each left row
    probes it with ``left_keys`` (equality under the comparison's affinity and collation)."""
    left: Node
    right: Node
    left_keys: tuple
    right_keys: tuple
    collations: tuple
    affinities: tuple               # per key: affinity to apply to (left, right) before hashing
    right_slots: tuple = ()
    kind: str = "inner"             # or 'right', 'full': exec/outer_join.py
    condition: Any = None           # the rest of a RIGHT or FULL JOIN's ON, per key match
    bucket_order: tuple = ()        # as a Join's: the rows of one key in that order
    null_safe: tuple = ()           # per key: an IS key, NULL finding NULL (is_keys.py)

    def children(self):
        return (self.left, self.right)

    def label(self):
        ops = tuple(self.null_safe) + (False,) * len(self.left_keys)
        keys = " AND ".join(f"{describe(l)}{' IS ' if safe else '='}{describe(r)}"
                            for l, r, safe in zip(self.left_keys, self.right_keys, ops))
        rest = f" AND {describe(self.condition)}" if self.condition is not None else ""
        kind = f"{ascii_upper(self.kind)} " if self.kind != "inner" else ""
        return f"{kind}HASH JOIN ON {keys}{rest}"


@node
class Filter(Node):
    child: Node
    predicate: Any

    def children(self):
        return (self.child,)

    def label(self):
        return f"FILTER {describe(self.predicate)}"


@node
class Filled(Node):
    """``child``, once the common tables ``fills`` (their scans) are read whole: the
    common tables read twice whose LEFT JOIN SQLite omits, which it fills all the same
    before the loops (``plan/noop_join.py``)."""
    child: Node
    fills: tuple

    def children(self):
        return (self.child,) + self.fills

    def label(self):
        return "FILL " + ", ".join(f.label() for f in self.fills)


@node
class Guard(Node):
    """The loop-invariant WHERE conditions, evaluated in order once before the first row
    of ``child`` is sought; the first that is not true ends the scan without a row
    (``optimizer/hoist_invariants.py``)."""
    child: Node
    conditions: tuple

    def children(self):
        return (self.child,)

    def label(self):
        return "GUARD " + " AND ".join(describe(c) for c in self.conditions)


@node
class Aggregate(Node):
    child: Node
    group_by: tuple
    aggregates: tuple
    group_slot: int
    source_slots: tuple             # slots whose last row a group keeps for bare columns
    group_collations: tuple = ()    # how GROUP BY values compare (a column's collation)
    # the groups' order when an index read delivers them (optimizer/group_by_index.py):
    # (GROUP BY term position, descending) from the most significant; () for sorted
    emit_order: tuple = ()
    # its rows come in its GROUP BY terms' order: a group ends where the next row differs,
    # and groups leave in the order they came; without GROUP BY, in the order of its one
    # DISTINCT call's argument, compared with the one before only (sql/bind/subquery_order.py)
    adjacent: bool = False
    # SQLite's min/max optimization applies (optimizer/min_max_order.py): its loops
    # explain as SEARCH, ordered or not (wherecode.c, sqlite3WhereExplainOneScan)
    min_max: bool = False
    # that loop searches an index by an IN, the IndexScan in this slot: only the first row
    # of each of its IN values is stepped (exec/min_max_early_out.py)
    in_early_out: int | None = None

    def children(self):
        return (self.child,)

    def label(self):
        aggs = ", ".join(_call_text(a) for a in self.aggregates)
        group = f" GROUP BY {', '.join(describe(g) for g in self.group_by)}" if self.group_by else ""
        return f"AGGREGATE {aggs or '-'}{group}"


def _call_text(a) -> str:
    """An aggregate call as EXPLAIN shows it, its ORDER BY and FILTER included."""
    order = ", ".join(f"{describe(o.expr)}{' DESC' if o.desc else ''}" for o in a.order_by)
    return (f"{a.name}({'DISTINCT ' if a.distinct else ''}"
            f"{', '.join(describe(x) for x in a.args) or '*'}"
            f"{' ORDER BY ' + order if order else ''})"
            f"{' FILTER (WHERE ' + describe(a.filter) + ')' if a.filter is not None else ''}")


@node
class Window(Node):
    """The window functions of one window definition (``bound.Window``): every row of
    ``child`` is kept -- the environment ``positions`` it fills -- then sorted by
    partition and order and given its window values in the window's slot; the rows come
    out in that order (``exec/window.py``). SQLite runs each window as a co-routine over
    the rows of the one below it; several windows stack one Window step each."""
    child: Node
    window: Any
    positions: tuple                # environment positions a row carries through the step
    # a FROM subquery's LIMIT SQLite flattens under this (innermost) window's sort: only
    # the first rows sorted are kept (``lifted_limit.py``)
    limit: Any = None

    def children(self):
        return (self.child,)

    def label(self):
        cut = f" LIMIT {describe(self.limit)}" if self.limit is not None else ""
        calls = ", ".join(
            f"{c.name}({', '.join(describe(a) for a in c.args) or ('*' if c.aggregate else '')})"
            f"{f' FILTER (WHERE {describe(c.filter)})' if c.filter is not None else ''}"
            for c in self.window.calls)
        return f"WINDOW {calls} OVER ({b.describe_spec(self.window.spec, describe)}){cut}"


# -- result nodes -------------------------------------------------------------------------
@node
class Project(Node):
    child: Node
    columns: tuple
    names: tuple
    # positions whose JSON-marked values go out marked: a subquery SQLite flattens, whose
    # json_each.value the outer query reads as the function's own (exec/cte_scan.py)
    json: frozenset = frozenset()

    def children(self):
        return (self.child,)

    def label(self):
        return f"PROJECT {', '.join(describe(c) for c in self.columns)}"


@node
class Values(Node):
    rows: tuple
    # an INSERT's single row of VALUES, computed straight into the row it writes: its
    # values keep SQLite's JSON subtype (exec/json_marks.py)
    json: bool = False
    # the SELECTs SQLite's parser made of the rows: (first row, is a co-routine of the rows
    # up to the next), as ``Select.values_arms`` (sql/parse/values_arms.py)
    arms: tuple = ()
    # per row, the test it must pass to be kept (empty: every row is): the WHERE terms
    # copied into the row's SELECT (optimizer/push_into_cte.py)
    keep: tuple = ()

    def label(self):
        label = f"VALUES {len(self.rows)} ROW{'S' if len(self.rows) != 1 else ''}"
        return label + " KEPT WHERE " + "; ".join(map(describe, self.keep)) if self.keep \
            else label


@node
class Distinct(Node):
    child: Node
    collations: tuple = ()          # per result column; rows are equal under these
    adjacent: bool = False          # rows come in order: only the row before is compared
    # its rows may hold JSON-marked values, passed on and compared plain: a scalar
    # subquery's (exec/json_marks.marks_kept)
    json: bool = False

    def children(self):
        return (self.child,)

    def label(self):
        return "DISTINCT"


@node
class Sort(Node):
    """Orders the rows of ``child`` (a Project, maybe under Distinct) by ``keys``:
    (expr, desc, nulls_first, collation), evaluated while the row's slots are filled.
    ``presorted``: how many leading keys the rows already come ordered by (an index read
    in order, ``optimizer/order_by_index.py``); each run of rows equal in those is sorted
    by the rest, as SQLite's "USE TEMP B-TREE FOR LAST TERM OF ORDER BY" does."""
    child: Node
    keys: tuple
    presorted: int = 0

    def children(self):
        return (self.child,)

    def label(self):
        if self.presorted:              # SQLite's words (select.c, explainTempTable)
            rest = len(self.keys) - self.presorted
            return f"USE TEMP B-TREE FOR LAST {f'{rest} TERMS' if rest > 1 else 'TERM'} OF ORDER BY"
        return "ORDER BY " + ", ".join(
            f"{describe(k[0])}{' DESC' if k[1] else ''}" for k in self.keys)


@node
class Limit(Node):
    child: Node
    limit: Any
    offset: Any = None

    def children(self):
        return (self.child,)

    def label(self):
        off = f" OFFSET {describe(self.offset)}" if self.offset is not None else ""
        return f"LIMIT {describe(self.limit)}{off}"


@node
class Compound(Node):
    op: str
    left: Node
    right: Node
    collations: tuple = ()          # of the first SELECT's columns: how rows compare

    def children(self):
        return (self.left, self.right)

    def label(self):
        return f"COMPOUND {ascii_upper(self.op)}"


@node
class ResultSort(Node):
    """Sorts finished result tuples by column position (ORDER BY of a compound)."""
    child: Node
    keys: tuple                     # (position, desc, nulls_first, collation)

    def children(self):
        return (self.child,)

    def label(self):
        return "ORDER BY " + ", ".join(f"{p + 1}{' DESC' if d else ''}" for p, d, _, _ in self.keys)


@node
class RealColumns(Node):
    """Makes the integers in the columns at ``positions`` REAL: a subquery read as a
    table with REAL-affinity columns (SQLite reads such a column with OP_RealAffinity)."""
    child: Node
    positions: tuple

    def children(self):
        return (self.child,)

    def label(self):
        return "REAL AFFINITY " + ", ".join(str(p + 1) for p in self.positions)


@node
class Plan:
    """A planned query: its root and the subquery plans its expressions use."""
    root: Node
    names: tuple
    subplans: dict = field(default_factory=dict)   # id(bound Select) -> Node


def _name(table, alias: str) -> str:
    same = ascii_lower(alias) == ascii_lower(table.name)
    return table.name if same else f"{table.name} AS {alias}"


def explain(node: Node, subplans: dict | None = None) -> list[tuple[int, int, str]]:
    """Rows (id, parent, detail) as EXPLAIN QUERY PLAN returns them, depth first."""
    rows: list[tuple[int, int, str]] = []

    def walk(n: Node, parent: int, search: bool) -> None:
        me, label = len(rows) + 1, n.label()
        if search and label.startswith("SCAN "):
            label = "SEARCH " + label[5:]
            if isinstance(n, Scan) and n.table.without_rowid:   # its b-tree's, named
                label += " USING PRIMARY KEY"
        rows.append((me, parent, label))
        search = n.min_max if isinstance(n, Aggregate) else \
            search and not isinstance(n, SubqueryScan)      # its own query's loops below
        for child in n.children():
            walk(child, me, search)

    walk(node, 0, False)
    return rows


def render(node: Node) -> str:
    """The plan as an indented tree, one node a line."""
    lines = []

    def walk(n: Node, depth: int) -> None:
        lines.append("  " * depth + n.label())
        for child in n.children():
            walk(child, depth + 1)

    walk(node, 0)
    return "\n".join(lines)


__all__ = [name for name in globals() if name[:1].isupper()] + ["explain", "render", "b"]


def slot_width(node: Node, slot: int) -> int:
    """Number of columns the FROM item in ``slot`` has (for NULL rows of a LEFT JOIN)."""
    stack = [node]
    while stack:
        n = stack.pop()
        if getattr(n, "slot", None) == slot:
            if isinstance(n, SubqueryScan):
                return result_width(n.plan)
            table = getattr(n, "table", None)
            return len(table.columns) if table is not None else n.width
        stack.extend(n.children())
    return 0


def result_width(node: Node) -> int:
    while not isinstance(node, (Project, Values)):
        node = node.children()[0]
    return len(node.columns) if isinstance(node, Project) else len(node.rows[0])
