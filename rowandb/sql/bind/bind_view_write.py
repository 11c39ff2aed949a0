"""INSERT, UPDATE and DELETE on a view, bound for its INSTEAD OF triggers
(sqlite.org/lang_createtrigger.html#instead_of_triggers).

A view holds no rows, so writing to it means firing its INSTEAD OF triggers of the
statement's event once per row the statement would write; without such a trigger it is
SQLite's "cannot modify v because it is a view" (after the view's own query is bound, so a
view over a dropped table says "no such table: main.t" first -- unless SQLite knows the
view's columns, ``bind_view.known_columns``: then it reads no query first). As in SQLite
(insert.c, update.c, delete.c, sqlite3MaterializeView):

- the rows are computed first, then the triggers fire row by row
  (planner/exec/view_write.py): an INSERT's source rows, or the view's rows its WHERE
  selects, each with the values SET gives it, so a trigger's writes never change which
  rows fire;
- NEW and OLD have the view's columns (their collations, no affinity) and no rowid
  (``ViewShape``); an INSERT's NEW holds the values as given, NULL for a column not listed
  (a REAL column's integer read as a real, as SQLite reads a table's: view_write.py);
  an UPDATE's NEW is the old row with the SET values placed and the view's column
  affinities applied (sqlite3TableAffinity); a rowid SET writes is ignored;
- an UPDATE fires the triggers whose ``UPDATE OF`` list names a column SET writes, as
  written (trigger.c checkColumnOverlap), so ``UPDATE OF nosuch`` fires for ``SET nosuch``
  -- and then the column is missing;
- SET's values see the view's row under the statement's alias (or the view's name); the
  WHERE must resolve both under the view's name and under the alias (``_rows``);
- with FROM (bind_update_from.py), the view's rows join the FROM clause and the triggers
  fire once per joined row, OLD that view row, NEW it with that row's SET values;
- RETURNING returns the NEW row (the OLD one for DELETE) of each row the triggers did not
  ignore; an upsert is "cannot UPSERT a view".
"""

from __future__ import annotations

from sqlglot import expressions as exp

from ...catalog.schema import Column
from ...catalog.views import ViewShape
from ...errors import OperationalError
from ...planner.plan import bound as b
from . import bind_view
from .bind_dml import _assignment_pairs, _bind_returning, as_written, conflict_clause
from .bind_update_from import bind_view_update_from
from .binder import Binder
from .names import ROWID_NAMES
from .insert_columns import blank_ignored, coded_last, written_once
from .scope import Scope, Source
from .tables import names_view
from ..temp_views import TempView
from ...catalog.ascii_case import ascii_lower

_READ_ONLY = "cannot modify {} because it is a view"


def target_view(binder: Binder, tree):
    """The view an INSERT, UPDATE or DELETE writes to, or None for a table."""
    node = tree.this
    node = node.this if isinstance(node, exp.Schema) else node
    return names_view(binder.catalog, node) if isinstance(node, exp.Table) else None


def bind(binder: Binder, tree, view) -> b.ViewWrite:
    if isinstance(tree, exp.Insert):
        return _bind_insert(binder, tree, view)
    if isinstance(tree, exp.Update):
        return _bind_update(binder, tree, view)
    return _bind_delete(binder, tree, view)


def view_triggers(catalog, view):
    """The triggers on ``view`` (a temp view's live in the connection's temp schema)."""
    if isinstance(view, TempView):
        return catalog.temp.triggers_on(view.name)
    return getattr(catalog, "main", catalog).view_triggers(view.name)


def _shape(binder: Binder, node: exp.Table, view, event: str, names=frozenset(),
           returning: bool = False):
    """(``ViewShape``, the view's Source, its bound FROM item); "cannot modify" when no
    INSTEAD OF trigger of ``event`` fires (for UPDATE: for the column ``names`` set) --
    but with ``returning`` when the view has any trigger: SQLite's RETURNING is a trigger
    put before the view's own (trigger.c sqlite3TriggerList), and sqlite3IsReadOnly
    refuses a view only when that one is alone, so the statement computes its rows, fires
    none and returns them."""
    node = node.copy()
    node.set("alias", None)
    triggers = view_triggers(binder.catalog, view)
    firing = triggers.firing(event, "INSTEAD OF")
    temp = binder.temp_schema           # a main trigger's body sees main only, but the
    on_main = temp is not None and not isinstance(view, TempView)  # TEMP triggers on main's
    if on_main:
        firing = temp.firing_on_main(view.name, event, "INSTEAD OF") + list(firing)
    read_only = not any(event != "UPDATE" or t.fires_on(names) for t in firing)
    if read_only and returning:
        read_only = not len(triggers) and not (on_main and any(
            temp.firing_on_main(view.name, kind, "INSTEAD OF")
            for kind in ("INSERT", "UPDATE", "DELETE")))
    if read_only and bind_view.known_columns(binder.catalog, view):
        # SQLite reads no query of a view whose columns it knows (fixed-seed case 197
        # with schema_steps: a TEMP view over a dropped table of main)
        raise OperationalError(_READ_ONLY.format(view.name))
    known = bind_view.known_columns(binder.catalog, view)
    if event == "INSERT" and known is not None and len(known.kinds) == len(known):
        # an INSERT reads no row of the view, and of one whose columns SQLite knows not
        # its query either (insert.c: sqlite3ViewGetColumnNames only): fuzz 174200169,
        # a TEMP view over a dropped table of main whose INSTEAD OF trigger fires
        kinds = [(name, *kind) for name, kind in zip(known, known.kinds)]
        source = item = None
    else:
        deferred = len(binder.deferred_errors)
        source, item = bind_view.reference(binder, node, view)
        if event == "INSERT":       # reads no row of the view: a column list of the wrong
            del binder.deferred_errors[deferred:]   # length is no error (its names count)
        kinds = source.columns
    columns = tuple(Column(name, "", affinity or "BLOB", collation=collation)
                    for name, affinity, collation in kinds)
    shape = ViewShape(id=view.id, name=view.name, file_id=0, columns=columns, sql=view.sql,
                      triggers=triggers)
    shape.in_temp = isinstance(view, TempView)
    if read_only:               # after the view's query, whose errors come first
        raise OperationalError(_READ_ONLY.format(view.name))
    return shape, source, item


def _bind_insert(binder: Binder, node: exp.Insert, view) -> b.ViewWrite:
    target = node.this
    listed = isinstance(target, exp.Schema)
    shape, _, _ = _shape(binder, target.this if listed else target, view, "INSERT",
                         returning=node.args.get("returning") is not None)
    width = len(shape.columns)
    columns = list(range(width))
    if listed:
        columns = [_column(shape, ident.name, f"table {as_written(target.this)} has no "
                           "column named ")
                   for ident in target.expressions]
        columns = written_once(columns, None)   # the first of a column named twice
    if node.args.get("default"):
        if listed:
            raise OperationalError(f"0 values for {len(columns)} columns")
        source, columns = None, []
    else:
        query = node.args.get("expression")
        if isinstance(query, exp.Values) and len(query.expressions) == 1:
            query = blank_ignored(binder, query, columns)
        source = binder.bind_query(query, None)
        if isinstance(query, exp.Values) and len(query.expressions) == 1 and \
                source.codegen_error is not None:     # the last coded (insert_columns.py)
            last = coded_last(binder, query, columns, None)
            if last is not None:
                source.codegen_error, source.codegen_errors = last, [(None, last)]
        if len(source.columns) != len(columns):
            if listed:
                raise OperationalError(f"{len(source.columns)} values for {len(columns)} columns")
            raise OperationalError(f"table {view.name} has {width} columns but "
                                   f"{len(source.columns)} values were supplied")
    if binder.parsed.upserts:
        raise OperationalError("cannot UPSERT a view")
    stmt = b.ViewWrite("INSERT", shape, source, columns, slot=binder.slot(),
                       orconf=conflict_clause(node))
    _bind_returning(binder, node, stmt, shape, stmt.slot)
    return stmt


def _column(shape: ViewShape, name: str, missing: str) -> int:
    pos = shape.column_index(name)
    if pos is None:
        raise OperationalError(missing + name)
    return pos


def _bind_update(binder: Binder, node: exp.Update, view) -> b.ViewWrite:
    pairs = [pair for eq in node.expressions for pair in _assignment_pairs(eq)]
    names = frozenset(ascii_lower(column.name) for column, _ in pairs)
    shape, source, item = _read(binder, node, view, "UPDATE", names, pairs)
    scope = _scope(source, node.this.alias or view.name)
    assigned, values = [], []
    for column, value in pairs:
        if ascii_lower(column.name) not in ROWID_NAMES or \
                shape.column_index(column.name) is not None:
            assigned.append((_column(shape, column.name, "no such column: "), len(values)))
        values.append(value)
    if node.args.get("from_") or node.args.get("from"):     # the view's own errors first
        rows = bind_view_update_from(binder, node, view, source, item,
                                     [(None, value) for value in values])
    else:
        rows = _rows(binder, node, source, item, [binder.expr(v, scope) for v in values])
    stmt = b.ViewWrite("UPDATE", shape, rows, [], assigned, names, slot=binder.slot(),
                       orconf=binder.parsed.conflict)
    _bind_returning(binder, node, stmt, shape, stmt.slot)
    return stmt


def _bind_delete(binder: Binder, node: exp.Delete, view) -> b.ViewWrite:
    shape, source, item = _read(binder, node, view, "DELETE")
    stmt = b.ViewWrite("DELETE", shape, _rows(binder, node, source, item, []),
                       [], slot=binder.slot())
    _bind_returning(binder, node, stmt, shape, stmt.slot)
    return stmt


def _read(binder: Binder, node, view, event: str, names=frozenset(), pairs=()):
    """``_shape`` of the view an UPDATE or DELETE without FROM writes. When SQLite knows
    the view's columns it resolves SET's values and columns before it reads the view's
    query (update.c: sqlite3ViewGetColumnNames reads nothing, sqlite3MaterializeView
    comes after SET), and its WHERE after: a failure of the view's query is only noted
    by its SELECT's expansion, and the WHERE's walk goes on into names and calls (a
    subquery's preparation stops at the error), whose errors replace it."""
    known = None if node.args.get("from_") or node.args.get("from") else \
        bind_view.known_columns(binder.catalog, view)
    try:
        return _shape(binder, node.this, view, event, names,
                      node.args.get("returning") is not None)
    except OperationalError as error:
        if not known or str(error) == _READ_ONLY.format(view.name):
            raise
        noted = error
    source = Source(view.name, binder.slot(), [(name, None, "BINARY") for name in known])
    scope = _scope(source, node.this.alias or view.name)
    for column, value in pairs:
        binder.expr(value, scope)
        if ascii_lower(column.name) not in ROWID_NAMES and \
                ascii_lower(column.name) not in {ascii_lower(name) for name in known}:
            raise OperationalError(f"no such column: {column.name}")
    where = node.args.get("where")
    if where is not None:
        binder.pending, binder.noted_expansion = noted, True
        try:
            binder.expr(where.this, scope)
        finally:
            binder.pending, binder.noted_expansion = None, False
    raise noted


def _scope(source, name: str) -> Scope:
    """A scope where the view's row is called ``name``."""
    scope = Scope(None)
    scope.sources.append(Source(name, source.slot, source.columns))
    return scope


def _rows(binder: Binder, node, source, item, values: list) -> b.Select:
    """The query giving the rows an UPDATE or DELETE fires for: the view's columns, then
    the SET values, of the view's rows its WHERE selects. SQLite resolves the WHERE twice:
    in the query that materializes the view's rows, where the view is called by its name,
    then in the statement, where an alias hides that name -- so with an alias only
    unqualified names resolve (SET's values see the alias alone)."""
    where = node.args.get("where")
    bound_where = None
    if where is not None:
        bound_where = binder.expr(where.this, _scope(source, source.alias))
        if node.this.alias:
            binder.expr(where.this, _scope(source, node.this.alias))
    refs = [b.ColumnRef(source.slot, i, name, affinity, collation, source.alias)
            for i, (name, affinity, collation) in enumerate(source.columns)]
    return b.Select(items=[b.JoinItem(item)], columns=refs + values,
                    names=[name for name, _, _ in source.columns] + [""] * len(values),
                    where=bound_where)
