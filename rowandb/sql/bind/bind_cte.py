"""Common table expressions in name resolution (sqlite.org/lang_with.html).

The parser hands WITH clauses over as ``with_clause.WithClause`` objects hung on the
``Parsed`` piece whose query they precede (``with_clause.py``). Binding keeps a stack of
the clauses in force (``Frame``): the statement's own from the start, a piece's while it
is bound. A FROM item without a schema that names a table of a clause in force -- the
innermost first, so an inner WITH shadows an outer one and both shadow a table of the
database -- binds to that table's query, as SQLite's ``resolveFromTermToCte`` does:

- each reference binds its own copy of the query, with the WITH clauses in force where the
  table is defined (its own clause included, so tables of one clause may refer to each
  other in any order) and the column names in force where it is used; a table nobody uses
  is never bound, so its errors never show;
- a table refers to itself only as a recursive table: a compound joined by UNION [ALL]
  whose last SELECTs (those joined by the same operator as the last one) each name it once
  in their FROM clause is recursive; its first SELECTs are the setup, bound while the
  table is unusable ("circular reference"), then its recursive steps, where the one FROM
  item is the row taken from the queue (``bound.RecursiveSource``) and any other mention
  is "multiple recursive references";
- the column names are the explicit list or the setup's result names ("table c has 2
  values for 1 columns" when they differ in number); the columns take their affinity and
  collation from the query's first SELECT.

Every reference counts in the table's ``bound.CteUse``, from which the planner decides to
inline each copy or to compute the rows once (``planner/plan/cte.py``). ``isolated`` binds
a query that must not see the clauses in force (a view's body, like SQLite's With.bView).
"""

from __future__ import annotations

import contextlib

from sqlglot import expressions as exp

from ...errors import OperationalError
from ...planner.plan import bound as b
from .bind_compound import arm_shape, bind_compound_order, wrong_width
from .clauses import refuse_inner_order_limit
from .names import named_columns
from .properties import (asked_collation, compound_collation, json_columns, read_as_table,
                         recursive_affinities, table_affinities)
from .scope import Source
from .tables import look_up_tables
from ...catalog.ascii_case import ascii_lower

# SQLite refuses nesting deeper than its expression depth limit (1000) while it expands
# views and common table expressions: "VIEWs and/or subqueries nested too deep".
MAX_DEPTH = 1000

# A common table's error while its own query is expanded or bound (SQLite's zCteErr).
_CIRCULAR = "circular reference: %s"

# Errors SQLite meets while it expands FROM clauses, before it checks the number of a common
# table's columns; any other error of its query comes after that check.
_EXPANSION_ERRORS = ("no such table", "no such index", "circular reference", "multiple ",
                     "recursive reference", "table ", "VIEWs", "no tables specified",
                     "'", "too many")


class Definition:
    """One table of a WITH clause, as the binder sees it."""

    def __init__(self, table, frame: "Frame"):
        self.name = table.name
        self.columns = table.columns
        self.body = table.body              # its Parsed piece
        self.frame = frame
        self.error: str | None = None       # SQLite's zCteErr: why a reference is refused now
        self.looked_up = False              # the tables of its query were looked up
        self.names = None   # its column names as expanded (from_columns.py), once known
        self.use = b.CteUse(table.name, table.materialized)


class Frame:
    """A WITH clause in force, over the ones in force around it."""

    def __init__(self, clause, parent: "Frame | None", barrier: bool = False):
        self.parent = parent
        self.barrier = barrier              # outer clauses are not visible through it
        self.tables = {ascii_lower(t.name): Definition(t, self) for t in clause.tables} \
            if clause is not None else {}


class _RecursiveTable:
    """The recursive table while the recursive steps of its query are bound."""

    def __init__(self, recursion: b.Recursion, columns: list):
        self.recursion = recursion
        self.columns = columns              # (name, affinity, collation)
        self.slots: set = set()             # of its FROM items in the steps


def open_statement(binder) -> None:
    binder.cte_frame = _push(None, binder.parsed.with_)
    binder.cte_depth = 0
    binder.recursive_tables = {}            # id(exp.Table) -> _RecursiveTable


def _push(frame, clause):
    return Frame(clause, frame) if clause is not None else frame


@contextlib.contextmanager
def reading(binder, parsed):
    """Bind from ``parsed`` (a piece of the statement): its select texts and its WITH
    clause, in force over those already in force."""
    saved = binder.parsed, binder.cte_frame
    binder.read(parsed)
    binder.cte_frame = _push(binder.cte_frame, parsed.with_)
    try:
        yield
    finally:
        binder.read(saved[0])
        binder.cte_frame = saved[1]


@contextlib.contextmanager
def isolated(binder):
    """No WITH clause of the statement is in force inside (a view's body)."""
    saved = binder.cte_frame
    binder.cte_frame = Frame(None, None, barrier=True)
    try:
        yield
    finally:
        binder.cte_frame = saved


def nested_piece(binder, node):
    """The piece a subquery stand-in (``SELECT * FROM <placeholder>``) stands for, or None."""
    if not binder.parsed.nested or not isinstance(node, exp.Select):
        return None
    from_ = node.args.get("from_")
    if from_ is None or not isinstance(from_.this, exp.Table):
        return None
    piece = binder.parsed.nested.get(from_.this.name)
    # the stand-in is ``SELECT * FROM name [WHERE 1]``, a name nowhere else in the statement
    assert piece is None or (len(node.expressions) == 1 and node.args.get("where") in
                             (None, exp.Where(this=exp.Literal.number(1))))
    return piece


def bind_piece(binder, piece, parent) -> b.Select:
    with reading(binder, piece):
        return binder.bind_query(piece.tree, parent)


def names_common(binder, node: exp.Table):
    """Whether a FROM item names a common table in force or stands for a subquery with a
    WITH clause of its own (so it is no table of the database): a common table's column
    names where the statement's expansion knows them (``Definition.names``), else a
    truth value."""
    if node.args.get("db") is None and node.name in binder.parsed.nested:
        piece = binder.parsed.nested[node.name]     # expanded where it stands, its WITH
        with reading(binder, piece):                # clause in force (sqlite3SelectExpand)
            look_up_tables(binder.catalog, piece.tree, binder.names_no_table)
        return True
    found = find(binder, node, calls=True)
    if isinstance(found, Definition) and found.error is None and \
            not isinstance(node.this, exp.Identifier):  # where selectExpander meets it
        raise _not_a_function(node)                     # (resolveFromTermToCte)
    if isinstance(found, Definition) and found.error is not None:
        raise OperationalError(found.error % found.name)
    if found is not None:
        _refuse_index(node)     # before its query is expanded (resolveFromTermToCte)
    if isinstance(found, Definition):
        if not found.looked_up:
            _look_up(binder, found)
        return found.names or True
    return found is not None


def _refuse_index(node: exp.Table) -> None:
    """A common table has no index: ``c INDEXED BY i`` is 'no such index: "i"'."""
    indexed = node.args.get("indexed")
    if indexed:
        raise OperationalError(f'no such index: "{indexed.name}"')


def _look_up(binder, table: Definition) -> None:
    """Look up the tables of ``table``'s query where the statement first names it, as
    SQLite expands a common table where it meets it (resolveFromTermToCte): a table
    missing under it, a circular reference, or an explicit column list of the wrong
    width is reported before a table named later in the statement. Of a recursive table
    only the setup SELECTs are expanded then. Its column names are known from then on:
    its column list, or its first SELECT's (from_columns.result_names)."""
    table.looked_up = True
    saved = binder.cte_frame
    binder.cte_frame, table.error = table.frame, _CIRCULAR
    try:
        with reading(binder, table.body):
            tree = table.body.tree
            arms = _recursive_arms(tree, table.name)
            written = [look_up_tables(binder.catalog, arm, binder.names_no_table, names=True)
                       for arm in ([tree] if arms is None else arms[1][:arms[0]])]
            table.names = named_columns(table.columns, None) if table.columns else written[0]
            known = _written_width(tree)
            if table.columns is not None and known is not None and known != len(table.columns):
                raise _width_error(table, known)
    finally:
        binder.cte_frame, table.error = saved, None


def find(binder, node: exp.Table, calls: bool = False):
    """What a FROM item names among the common tables in force: a ``Definition``, the
    recursive table of the step being bound, or None (a table of the database). A call
    of a common table (``c(1)``) is "'c' is not a function", but with ``calls``."""
    if node.args.get("db") is not None:
        return None
    recursive = binder.recursive_tables.get(id(node))
    if recursive is not None and not isinstance(node.this, exp.Identifier) and not calls:
        raise _not_a_function(node)
    if recursive is not None:
        return recursive
    call = node.this if isinstance(node.this, exp.Anonymous) else None   # ``c(1)``
    written = call.name if call is not None else node.name
    frame = binder.cte_frame
    while frame is not None:
        found = frame.tables.get(ascii_lower(written))
        if found is not None:
            if not isinstance(node.this, exp.Identifier) and not calls:
                raise _not_a_function(node)
            return found
        if frame.barrier:
            return None
        frame = frame.parent
    return None


def _not_a_function(node: exp.Table) -> OperationalError:
    return OperationalError(f"'{node.this.name}' is not a function")


def reference(binder, node: exp.Table, found, scope) -> tuple[Source, object]:
    """The Source and bound FROM item of ``node``, which names ``found``."""
    if isinstance(found, _RecursiveTable):
        slot = binder.slot()
        alias = node.alias or found.recursion.name
        names = tuple(name for name, _, _ in found.columns)
        found.slots.add(slot)
        return Source(alias, slot, found.columns), \
            b.RecursiveSource(slot, alias, names, found.recursion)
    if found.error is not None:
        raise OperationalError(found.error % found.name)
    _refuse_index(node)
    binder.cte_depth += 1
    saved = binder.cte_frame
    try:
        if binder.cte_depth >= MAX_DEPTH:
            raise OperationalError("VIEWs and/or subqueries nested too deep")
        binder.cte_frame = found.frame
        query, names = _bind_definition(binder, found, scope.parent)
    finally:
        binder.cte_frame = saved
        binder.cte_depth -= 1
    found.use.uses += 1
    slot = binder.slot()
    alias = node.alias or found.name
    collations = [asked_collation(e) or "BINARY" for e in query.columns]    # its first SELECT's
    read_as_table(query)
    source = Source(alias, slot, list(zip(names, table_affinities(query), collations)))
    source.json_columns = json_columns(query)
    return source, b.SubquerySource(slot, query, alias, tuple(names), cte=found.use)


def _bind_definition(binder, table: Definition, parent) -> tuple[b.Select, list]:
    table.error = _CIRCULAR
    try:
        with reading(binder, table.body):
            tree = table.body.tree
            arms = _recursive_arms(tree, table.name)
            if arms is None:
                query = _counted(binder, table, tree, lambda: binder.bind_query(tree, parent))
                return query, named_columns(table.columns, query, tree)
            return _bind_recursive(binder, table, tree, arms, parent)
    finally:
        table.error = None


def _counted(binder, table: Definition, node, bind) -> b.Select:
    """``bind()``, then SQLite's check of the number of columns against the explicit list.
    SQLite checks before it resolves column names, so where the number is known from the
    text (no ``*``) it wins over an error of name resolution."""
    try:
        query = bind()
    except OperationalError as error:
        known = _written_width(node)
        if table.columns is not None and known is not None and known != len(table.columns) \
                and not str(error).startswith(_EXPANSION_ERRORS):
            raise _width_error(table, known) from None
        raise
    if table.columns is not None and len(query.columns) != len(table.columns):
        raise _width_error(table, len(query.columns))
    return query


def _width_error(table: Definition, width: int) -> OperationalError:
    return OperationalError(f"table {table.name} has {width} values for "
                            f"{len(table.columns)} columns")


def _written_width(node) -> int | None:
    """The number of result columns of a query's first SELECT, when no ``*`` hides it."""
    while isinstance(node, (exp.Union, exp.Intersect, exp.Except)):
        node = node.this
    if isinstance(node, exp.Values):
        return len(node.expressions[0].expressions) if node.expressions else None
    if not isinstance(node, exp.Select) or any(
            isinstance(e, exp.Star) or isinstance(e, exp.Column) and isinstance(e.this, exp.Star)
            for e in node.expressions):
        return None
    return len(node.expressions)


# -- recursive common table expressions ------------------------------------------------------
_OPS = {exp.Intersect: "intersect", exp.Except: "except"}


def _operator(node) -> str:
    if isinstance(node, exp.Union):
        return "union" if node.args.get("distinct") else "union all"
    return _OPS[type(node)]


def _recursive_arms(tree, name: str):
    """(index of the first recursive SELECT, the recursive FROM items, the operator) when
    ``tree`` is the query of a recursive table ``name``; None when it is not recursive.
    A SELECT with two such FROM items is "multiple references to recursive table"."""
    arms, ops = [], []
    node = tree
    while isinstance(node, (exp.Union, exp.Intersect, exp.Except)):
        arms.append(node.expression)
        ops.append(_operator(node))
        node = node.this
    if not arms or ops[0] not in ("union", "union all"):
        return None
    arms.append(node)
    arms.reverse()
    ops.reverse()                       # ops[k] joins arms[k] and arms[k + 1]
    last = ops[-1]
    found = {}
    k = len(arms) - 1
    while k >= 1 and ops[k - 1] == last:
        named = [t for t in _from_tables(arms[k])
                 if t.args.get("db") is None and ascii_lower(_named(t)) == ascii_lower(name)]
        if len(named) > 1:
            raise OperationalError(f"multiple references to recursive table: {name}")
        if not named:
            break
        found[id(named[0])] = named[0]
        k -= 1
    if not found:
        return None
    return k + 1, arms, ops, found


def _from_tables(arm) -> list:
    """The tables named in a SELECT's own FROM clause (parenthesised joins included),
    calls too: SQLite takes ``c(1)`` for a reference to recursive table c (select.c,
    resolveFromTermToCte compares names), refused only when the step is bound."""
    if not isinstance(arm, exp.Select):
        return []
    from_ = arm.args.get("from_")
    items = ([from_.this] if from_ is not None else []) + \
        [j.this for j in arm.args.get("joins") or []]
    tables = []
    while items:
        item = items.pop(0)
        if isinstance(item, exp.Subquery) and isinstance(item.this, exp.Table) \
                and item.this.args.get("joins") and not item.alias:
            items = [item.this] + [j.this for j in item.this.args["joins"]] + items
        elif isinstance(item, exp.Table) and isinstance(item.this, (exp.Identifier,
                                                                      exp.Anonymous)):
            tables.append(item)
    return tables


def _named(table: exp.Table) -> str:
    """The name a FROM item ``table`` is written with, a call's too."""
    return table.this.name if isinstance(table.this, exp.Anonymous) else table.name


def _bind_recursive(binder, table: Definition, tree, arms, parent) -> tuple[b.Select, list]:
    first_step, selects, ops, refs = arms
    setup_node = tree
    for _ in range(len(selects) - first_step):
        setup_node = setup_node.this
    refuse_inner_order_limit(tree)
    limit = binder.bind_limit(tree)
    setup = _counted(binder, table, setup_node, lambda: binder.bind_query(setup_node, parent))
    names = named_columns(table.columns, setup, setup_node)
    recursion = b.Recursion(table.name, setup=first_step, distinct=ops[-1] == "union",
                            setup_collations=list(setup.column_collations))
    collations = [asked_collation(e) or "BINARY" for e in setup.columns]
    recursive = _RecursiveTable(recursion, list(zip(names, table_affinities(setup), collations)))
    table.error = "multiple recursive references: %s"
    for key in refs:
        binder.recursive_tables[key] = recursive
    shapes = list(arm_shape(binder, setup_node, setup))
    try:
        mark = _Mark(binder)
        steps, step_shapes = _bind_steps(binder, arms, parent, setup)
        affinities = recursive_affinities(setup, [step for _, step in steps], recursive.slots)
        if affinities != [affinity for _, affinity, _ in recursive.columns]:
            # the steps read the table with the affinities found only now: bound again
            mark.rewind()
            recursive.columns = [(name, affinity, collation) for (name, _, collation), affinity
                                 in zip(recursive.columns, affinities)]
            steps, step_shapes = _bind_steps(binder, arms, parent, setup)
    finally:
        for key in refs:
            binder.recursive_tables.pop(key, None)
    setup.compound.extend(steps)
    shapes.extend(step_shapes)
    recursion.affinities = affinities
    query = setup
    every = [query] + [arm for _, arm in query.compound]
    query.column_collations = [compound_collation(every, i) for i in range(len(names))]
    query.recursion = recursion
    query.limit, query.offset = limit
    bind_compound_order(binder, tree, query, shapes)
    return query, names



def _bind_steps(binder, arms, parent, setup) -> tuple[list, list]:
    """The recursive steps of a recursive table's query, bound: (operator, SELECT) each,
    and their ORDER BY shapes (bind_compound.arm_shape)."""
    first_step, selects, ops, _ = arms
    steps, shapes = [], []
    for k in range(first_step, len(selects)):
        step = binder.bind_query(selects[k], parent)
        shapes.extend(arm_shape(binder, selects[k], step))
        if len(step.columns) != len(setup.columns):
            raise wrong_width(ops[k - 1], selects[k])
        steps.append((ops[k - 1], step))
    return steps, shapes


class _Mark:
    """What binding a query leaves behind in the binder, to be undone when the query is
    bound again: the uses it counted of the common tables in force, the names it noted."""

    def __init__(self, binder):
        self.binder = binder
        self.uses = []
        frame = binder.cte_frame
        while frame is not None:
            self.uses += [(t.use, t.use.uses) for t in frame.tables.values()]
            frame = frame.parent
        self.lengths = {name: len(getattr(binder, name)) for name in _NOTED
                        if getattr(binder, name) is not None}

    def rewind(self) -> None:
        for use, uses in self.uses:
            use.uses = uses
        for name, length in self.lengths.items():
            del getattr(self.binder, name)[length:]


_NOTED = ("resolved", "table_refs", "deferred_errors")
