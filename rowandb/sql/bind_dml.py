"""Binding INSERT / UPDATE / DELETE, and the constraints a write must evaluate.

CHECK constraints and DEFAULT expressions are kept as SQL text in the dictionary (the table's
CREATE statement and SYS_COLUMNS.default_sql), as SQLite keeps them in sqlite_schema; they are
parsed and bound here, against a slot that holds the row being written.
"""

from __future__ import annotations

from sqlglot import expressions as exp

from ..errors import OperationalError
from ..planner.functions.registry import is_builtin_function
from ..planner.plan import bound as b
from .as_written import parse_expression
from .bind_ddl import _check_texts, check_expressions
from .binder import ROWID_NAMES, Binder, Scope, Source
from .parser import parse

_CONFLICT_WORDS = {"ABORT", "FAIL", "IGNORE", "REPLACE", "ROLLBACK"}


def _target_table(binder: Binder, node) -> object:
    table_node = node if isinstance(node, exp.Table) else node.this
    name = table_node.name
    table = binder.catalog.table(name)
    if table is None:
        raise OperationalError(f"no such table: {name}")
    if table.system:
        raise OperationalError(f"table {table.name} may not be modified")
    return table


def table_scope(binder: Binder, table, slot: int, alias: str | None = None) -> Scope:
    scope = Scope(None)
    cols = [(c.name, c.affinity, c.collation) for c in table.columns]
    scope.sources.append(Source(alias or table.name, slot, cols, table))
    return scope


def bind_insert(binder: Binder, node: exp.Insert) -> b.Insert:
    target = node.this
    table = _target_table(binder, target.this if isinstance(target, exp.Schema) else target)
    conflict = "REPLACE" if binder.parsed.kind == "replace" else \
        (str(node.args.get("alternative") or "ABORT").upper())
    if conflict not in _CONFLICT_WORDS:
        raise OperationalError(f'near "{conflict}": syntax error')
    if isinstance(target, exp.Schema):
        columns = []
        for ident in target.expressions:
            pos = table.column_index(ident.name)
            if pos is None:
                if ident.name.lower() in ROWID_NAMES:
                    pos = table.rowid_alias if table.rowid_alias is not None else -1
                else:
                    raise OperationalError(f"table {table.name} has no column named {ident.name}")
            columns.append(pos)
    else:
        columns = list(range(len(table.columns)))
    slot = binder.slot()
    if node.args.get("default"):
        stmt = b.Insert(table=table, columns=[], source=None, conflict=conflict,
                        default_values=True, slot=slot)
    else:
        source = binder.bind_query(node.args.get("expression"), None)
        if len(source.columns) != len(columns):
            if isinstance(target, exp.Schema):
                raise OperationalError(f"{len(source.columns)} values for {len(columns)} columns")
            raise OperationalError(f"table {table.name} has {len(columns)} columns but "
                                   f"{len(source.columns)} values were supplied")
        stmt = b.Insert(table=table, columns=columns, source=source, conflict=conflict, slot=slot)
    _bind_returning(binder, node, stmt, table, slot)
    return stmt


def _bind_returning(binder: Binder, node, stmt, table, slot: int) -> None:
    """RETURNING expressions read the written row (the new one; the old one for DELETE)."""
    returning = node.args.get("returning")
    if returning is None:
        return
    scope = table_scope(binder, table, slot)
    stmt.returning = []
    for item in returning.expressions:
        target = item.this if isinstance(item, exp.Alias) else item
        if isinstance(target, exp.Star):
            for i, col in enumerate(table.columns):
                stmt.returning.append(b.ColumnRef(slot, i, col.name, col.affinity, col.collation))
                stmt.returning_names.append(col.name)
            continue
        stmt.returning.append(binder.expr(target, scope))
        stmt.returning_names.append(item.alias if isinstance(item, exp.Alias)
                                    else _returning_name(target))


def _returning_name(node) -> str:
    return node.name if isinstance(node, exp.Column) else node.sql(dialect="sqlite")


def bind_update(binder: Binder, node: exp.Update) -> b.Update:
    table_node = node.this
    table = _target_table(binder, table_node)
    slot = binder.slot()
    scope = table_scope(binder, table, slot, table_node.alias or None)
    assignments = []
    for eq in node.expressions:
        column = eq.this
        pos = table.column_index(column.name)
        if pos is None:
            if column.name.lower() in ROWID_NAMES:
                pos = table.rowid_alias if table.rowid_alias is not None else -1
            else:
                raise OperationalError(f"no such column: {column.name}")
        assignments.append((pos, binder.expr(eq.expression, scope)))
    where = node.args.get("where")
    bound_where = binder.expr(where.this, scope) if where is not None else None
    if node.args.get("from_") or node.args.get("from"):
        from ..errors import NotSupportedError
        raise NotSupportedError("UPDATE ... FROM is not supported")
    stmt = b.Update(table=table, slot=slot, assignments=assignments, where=bound_where,
                    conflict=binder.parsed.conflict or "ABORT")
    _bind_returning(binder, node, stmt, table, slot)
    return stmt


def bind_delete(binder: Binder, node: exp.Delete) -> b.Delete:
    table_node = node.this
    table = _target_table(binder, table_node)
    slot = binder.slot()
    scope = table_scope(binder, table, slot, table_node.alias or None)
    where = node.args.get("where")
    bound_where = binder.expr(where.this, scope) if where is not None else None
    stmt = b.Delete(table=table, slot=slot, where=bound_where)
    _bind_returning(binder, node, stmt, table, slot)
    return stmt


def bind_constraints(binder: Binder, table, slot: int) -> tuple[list, list]:
    """(defaults, checks): bound DEFAULT expressions per column (None where absent) and
    (message text, bound CHECK) pairs reading the row being written from ``slot``."""
    scope = table_scope(binder, table, slot)
    empty = Scope(None)
    defaults = []
    for col in table.columns:
        if col.default_sql is None:
            defaults.append(None)
            continue
        node = parse_expression(col.default_sql, is_builtin_function)
        defaults.append(binder.expr(node, empty))
    checks = []
    if table.sql and "CHECK" in table.sql.upper():
        parsed = parse(table.sql)
        texts = _check_texts(table.sql)
        for (name, text), node in zip(texts, check_expressions(parsed.tree)):
            checks.append((name or text, binder.expr(node, scope)))
    return defaults, checks


def default_thunks(dictionary, table) -> list:
    """Zero-argument callables giving each column's DEFAULT value (None where absent);
    DEFAULT expressions are constant, so they need no row."""
    from ..planner.exec.execute import evaluate_constant
    from .parser import Parsed
    binder = Binder(dictionary, Parsed(kind="other", text=""))
    thunks = []
    for col in table.columns:
        if col.default_sql is None:
            thunks.append(None)
            continue
        expr = binder.expr(parse_expression(col.default_sql, is_builtin_function), Scope(None))
        thunks.append(lambda expr=expr: evaluate_constant(expr))
    return thunks
