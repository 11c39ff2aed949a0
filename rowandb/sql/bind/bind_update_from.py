"""``UPDATE t SET ... FROM ...``: the target table joined with a FROM clause.

SQLite's rules (lang_update.html, "UPDATE FROM"; update.c, updateFromSelect): the target
joins the result of the FROM clause, the WHERE and the SET
expressions read all of them, and each target row the join finds is updated once -- with
the values of one of its join rows when it has several (SQLite leaves which one
undefined; RowanDB takes the last one). The SET expressions are computed while the join
runs, before any row changes. The ON conditions of the FROM clause see only its own items
(``no such column: t.a`` for the target), RETURNING only the target, and a FROM item that
names the target table without an alias is SQLite's "target object/alias may not appear
in FROM clause".

Where the target stands: SQLite's parser makes a FROM clause of several items a subquery
(parse.y, the UPDATE rule; SF_NestedFrom) joined after the target, and flattens it unless
it holds a RIGHT or FULL JOIN. Flattened, the target is the first FROM item (so it is the
outer loop where the costs tie) and the inner joins' ON conditions come before the WHERE
terms; RowanDB binds it so. With a RIGHT or FULL JOIN the FROM clause stays one FROM item
after the target, a subquery whose rows SQLite materializes once the target's loop first
reaches it (plan/nested_from.py; a NULL-extended row still meets every target row).

The bound result is a query, ``b.Update.from_query``, whose rows are the target's rowid
followed by the value of each SET expression (``exec/dml.py`` runs it). As in SQLite,
the SET values are its result columns: an aggregate makes it one aggregate row whose bare
rowid names the target row updated, and window functions may stand there too. It is bound late
(``bind_update_from``): a foreign-key error of the UPDATE comes first, as in SQLite.
"""

from __future__ import annotations

from sqlglot import expressions as exp

from ...errors import OperationalError
from ...planner.plan import bound as b
from ...planner.plan.analysis import conjoin
from . import bind_table_function
from .joins import bind_on_conditions, bind_using, check_on_conditions
from .properties import affinity_of
from .scope import Scope, Source
from .tables import index_hint, look_up_from_clause, look_up_subqueries, not_indexed, \
    unparenthesised
from ...catalog.ascii_case import ascii_lower, ascii_upper


def bind_update_from(binder, node: exp.Update, table, slot: int, targets: list):
    """(the join query, the assignments): ``targets`` holds (column position, value node)
    pairs. SQLite binds all of it only as it compiles the join, after it has looked up
    the foreign keys the UPDATE uses (update.c: "do not resolve expressions here"), so
    the caller binds it late (bind_dml._late)."""
    # the join is one SELECT: the tables of its FROM clause (ON conditions too), then those
    # of the subqueries of its SET values and WHERE, are looked up before any name
    # resolves (select.c sqlite3SelectExpand)
    from_ = node.args.get("from_") or node.args.get("from")
    look_up_from_clause(binder.catalog, from_.this, binder.names_no_table)
    where = node.args.get("where")
    look_up_subqueries(binder.catalog, [value for _, value in targets] +
                       ([where.this] if where is not None else []), binder.names_no_table)
    select, scope = _bind_items(binder, node, _target_item(node, table, slot))
    coding, binder._coding = binder._coding, select     # its code's errors wait in it
    try:
        assignments, target = _bind_names(binder, node, select, scope, targets)
    finally:
        binder._coding = coding
    _target_not_in_from(node, table)    # once every name resolves (select.c SF_UFSrcCheck)
    select.columns = [b.ColumnRef(slot, -1, "rowid", "INTEGER")] + [e for _, e in assignments]
    _finish(binder, select, scope)      # the result: the rowid, the SET values
    return select, assignments


def bind_view_update_from(binder, node: exp.Update, view, source: Source, item,
                          targets: list) -> b.Select:
    """The rows an ``UPDATE v ... FROM ...`` of a view fires its INSTEAD OF triggers for
    (bind_view_write.py): the view's columns, then the SET values, of each row the view's
    rows join -- so a view row met by two FROM rows fires twice, as in SQLite (update.c
    materializes the whole join). Names resolve as for a table's UPDATE FROM; the view is
    called by the statement's alias alone when it has one."""
    from_ = node.args.get("from_") or node.args.get("from")
    look_up_from_clause(binder.catalog, from_.this, binder.names_no_table)
    where = node.args.get("where")
    look_up_subqueries(binder.catalog, [value for _, value in targets] +
                       ([where.this] if where is not None else []), binder.names_no_table)
    alias = node.this.alias or view.name
    target = (Source(alias, source.slot, source.columns), b.JoinItem(item))
    select, scope = _bind_items(binder, node, target)
    assignments, _ = _bind_names(binder, node, select, scope, targets)
    _target_not_in_from(node, view)
    select.columns = [b.ColumnRef(source.slot, i, name, affinity, collation, alias)
                      for i, (name, affinity, collation) in enumerate(source.columns)] + \
        [e for _, e in assignments]
    _finish(binder, select, scope)
    return select


def _finish(binder, select: b.Select, scope) -> None:
    select.names = [f"c{i}" for i in range(len(select.columns))]
    select.column_affinities = [affinity_of(e) for e in select.columns]
    if scope.right_joins:
        _nest_from(binder, select)


def _target_item(node: exp.Update, table, slot: int) -> tuple:
    """(the target table's Source, its JoinItem)."""
    cols, positions = table.named_columns()     # the INTEGER PRIMARY KEY without collation
    alias = node.this.alias or table.name
    return (Source(alias, slot, cols, table, positions=positions),
            b.JoinItem(b.TableSource(slot, table, alias, index_hint(table, node.this),
                                     automatic=not not_indexed(node.this))))


def nothing_joined(targets: list) -> b.Select:
    """A join query that finds no row, in place of one whose binding failed."""
    select = b.Select(items=[], columns=[], names=[], where=b.Literal(0))
    select.columns = [b.Literal(None)] * (len(targets) + 1)
    select.names = [f"c{i}" for i in range(len(select.columns))]
    select.column_affinities = [None] * len(select.columns)
    return select


def _bind_items(binder, node: exp.Update, target: tuple):
    """(the join query, its scope) with the FROM items and the target -- (Source,
    JoinItem) -- bound."""
    from_ = node.args.get("from_") or node.args.get("from")
    first = from_.this              # its joins hang under it; _bind_from binds it alone
    joins = first.args.get("joins") or []
    select = b.Select(items=[], columns=[], names=[], group_slot=binder.slot())
    scope = Scope(None, select)
    scope.right_joins = any(ascii_upper(j.args.get("side") or "") in ("RIGHT", "FULL")
                            for j in joins)
    binder._bind_from(unparenthesised(first, True), "inner", None, scope, select)
    for join in joins:
        binder._bind_join(join, scope, select)
    bind_using(binder, scope, update_from=True)
    bind_table_function.bind_arguments(binder, scope, select)
    source, item = target
    scope.sources.append(source)
    if scope.right_joins:           # the FROM clause stays a subquery SQLite cannot flatten
        select.items.append(item)   # (bound, it comes first: _nest_from)
    else:
        select.items.insert(0, item)
    return select, scope


def _target_not_in_from(node: exp.Update, table) -> None:
    """SQLite's refusal of a FROM item named as the target is, checked by sqlite3Select
    once the join query's names are resolved and before its code is generated."""
    from_ = node.args.get("from_") or node.args.get("from")
    first, target = from_.this, node.this
    for item in [first] + [j.this for j in first.args.get("joins") or []]:
        if isinstance(item, exp.Table) and not item.alias and not target.alias \
                and not item.args.get("db") and ascii_lower(item.name) == ascii_lower(table.name):
            raise OperationalError(
                f"target object/alias may not appear in FROM clause: {item.name}")


def _bind_names(binder, node: exp.Update, select: b.Select, scope, targets: list) -> tuple:
    """(the assignments -- (column position, bound value) -- of ``targets``, the target's
    Source), and the join query's ON and WHERE."""
    target_source = scope.sources.pop()         # the ON conditions cannot see the target
    scope.in_where = True       # the ONs are that subquery's WHERE: an outer aggregate
    bind_on_conditions(binder, scope, select)      # there fails as it is coded
    scope.in_where = False
    binder.raise_pending()      # the FROM clause is a subquery of its own: resolved first
    check_on_conditions(select)
    scope.sources.insert(0, target_source)      # names resolve as if it came first
    if not scope.right_joins:                   # flattened: its inner ONs lead the WHERE
        ons = [item.condition for item in select.items
               if item.kind in ("inner", "cross") and item.condition is not None]
        for item in select.items:
            if item.kind in ("inner", "cross"):
                item.condition = None
        select.where = conjoin(ons + [select.where])
    # the SET values are the join query's result columns: aggregates and window functions
    # may stand there, and an aggregate makes it one aggregate row (no GROUP BY)
    scope.allow_aggregates = scope.allow_windows = True
    assignments = [(pos, binder.expr(value, scope)) for pos, value in targets]
    scope.allow_aggregates = scope.allow_windows = False
    where = node.args.get("where")
    if where is not None:           # an outer aggregate there fails as it is coded
        scope.in_where = True
        select.where = conjoin([select.where, binder.expr(where.this, scope)])
        scope.in_where = False
    return assignments, target_source


def _nest_from(binder, select: b.Select) -> None:
    """The FROM clause SQLite keeps a subquery made one (``SubquerySource.nested``): the
    target first, then the FROM clause's rows, never reordered (a CROSS JOIN). Names
    still read the FROM items' own slots (plan/nested_from.py)."""
    target = select.items.pop()
    nested = b.Select(items=select.items, columns=[], names=[])
    source = b.SubquerySource(binder.slot(), nested, "(join)", (), nested=True)
    select.items = [target, b.JoinItem(source, "cross")]
