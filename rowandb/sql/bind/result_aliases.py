"""Where a result column's alias is a name: SQLite's lookupName over the result list.

SQLite resolves a query's result list first and only then adds it to the query's name
context (select.c, resolveSelectStep: ``sNC.uNC.pEList = p->pEList``), so WHERE, GROUP
BY, HAVING, ORDER BY -- and the subqueries inside them -- may name a result column by its
alias, but the result list may not: ``SELECT 1 AS y, y`` and ``SELECT a AS y, (SELECT y)
FROM t`` are 'no such column: y'. A name is looked up context by context from the
innermost: the tables' columns first, then that query's aliases, then the enclosing
query's (``Binder.column`` walks the scopes; ``result_alias`` answers for one).
"""

from __future__ import annotations

from ...catalog.ascii_case import ascii_lower
from ...planner.plan import bound as b
from .bind_window import check_alias
from .clauses import misused_alias
from .properties import has_aggregate
from .scope import Scope, mark_outer


def result_alias(name: str, scope: Scope, found_in: Scope) -> b.Expr:
    """The expression alias ``name`` of ``found_in``'s result list stands for, read in
    ``scope`` (``found_in`` itself or a subquery inside it: then a correlated one)."""
    aliased = found_in.aliases[ascii_lower(name)]
    check_alias(aliased, name, scope)
    if not scope.allow_aggregates and has_aggregate(aliased):
        raise misused_alias(aliased, scope.select)
    if found_in is not scope:
        mark_outer(scope, found_in)
    return aliased
