"""The quick path's DELETE: ``DELETE FROM name [WHERE e]`` of one plain main table, read
and bound without sqlglot, RowanDB's parse passes or the binder, into the bound
statement ``bind_dml.bind_delete`` makes of it.

Why: the corpus's ``index/delete`` runs 2,071 such DELETEs, each followed by queries of
the same WHERE that the quick path already takes; on the full path parsing and binding
were 40% of a DELETE's cost (docs/PERFORMANCE.md, branch ``indexdelete``).

The WHERE is the reader's expression (reader.py) bound by the builder (build.py) as
WHERE is bound in a one-table query (table.py), in the scope ``bind_delete`` gives the
table: slot 0, the table's names, no query around it -- so no folds are recorded, and
no ``x IS NULL`` of a NOT NULL column is reduced to a constant (``bind_expr._never_null``
finds no FROM item for the column: ``Builder.where`` stays off), as SQLite's delete.c
resolves the WHERE without NC_Where. What could differ or be an error declines
and the full path reads the statement: an alias, a schema name, INDEXED BY, RETURNING,
ORDER BY or LIMIT, any subquery, a table that ``table.table_source`` declines (a temp,
system or virtual table, a view, a table with a generated column no statement can
code). ``tests/test_quick_delete.py`` holds the two paths' bound statements equal.
"""

from __future__ import annotations

from ...errors import OperationalError
from ...planner.plan import bound as b
from ..parse.lexer import tokenize
from ..parse.parser import Parsed
from .build import Builder
from .query import Clauses
from .reader import _MAX_STEPS, _MAX_TOKENS, Decline, Reader
from .table import _clause, table_source


def quick_delete(statement: str, catalog) -> tuple[Parsed, tuple] | None:
    """(Parsed, (bound DELETE, None)) of ``statement``, as ``Session._compile`` takes a
    DML statement's bound form (its binder: a DELETE's executable needs none), or None
    when the quick path declines it."""
    if catalog is None:
        return None
    try:
        tokens = tokenize(statement)
    except OperationalError:
        return None
    if len(tokens) > _MAX_TOKENS:
        return None
    reader = Reader(tokens, statement)
    try:
        reader.take("DELETE")
        reader.take("FROM")
        clauses = Clauses(reader.name())
        if reader.accept("WHERE"):
            clauses.where = reader.expr(0)
        if reader.i != len(tokens) or reader.subqueries or reader.steps > _MAX_STEPS:
            raise Decline           # more clauses, a subquery, a tall tree (reader.select)
        stmt = _bind(catalog, clauses)
    except Decline:
        return None
    return Parsed("delete", statement, glot_text=statement), (stmt, None)


def _bind(catalog, clauses: Clauses) -> b.Delete:
    """``bind_delete``'s statement: the table in slot 0, its WHERE's terms marked."""
    source = table_source(catalog, clauses, slot=0)
    builder = Builder(b.Select(items=[], columns=[], names=[]), catalog)
    builder.source, builder.aggregates = source, False
    where = _clause(builder, clauses.where) if clauses.where is not None else None
    stmt = b.Delete(table=source.table, slot=0, where=where)
    stmt.coded_error = None         # (bind_dml_statement's: none can wait here)
    return stmt
