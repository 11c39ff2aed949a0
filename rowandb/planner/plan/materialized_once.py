"""Which FROM subqueries and views SQLite materializes: computed once per statement.

SQLite runs a FROM subquery, view or common table it does not flatten (select.c
flattenSubquery; ``flatten.flattens``) either as a co-routine, whose rows are computed
again each time the query reading it runs, or materialized into a table, which an
uncorrelated one fills once per statement (its OP_Once), even inside a correlated
subquery that runs for every outer row, and even when it calls random() or another
function whose value changes from call to call. It takes a co-routine
(fromClauseTermCanBeCoroutine) for the first FROM item, or for a later one when neither
it nor an item before it joins by an outer or CROSS join and no item before it is a
subquery -- never in a FROM clause with a RIGHT or FULL JOIN, nor for a common table used
twice (``cte.materialized``).

The FROM clause that counts is the one the subquery ends up in once SQLite has flattened
what it flattens: a view flattened into a query whose FROM has a FULL JOIN brings its own
subqueries into that FROM clause. ``note`` works that out item by item as the planner
builds a query, top down: it hands a flattened subquery's query (each SELECT of it) the
place its items take (``Select.from_context``) and marks a materialized one
(``SubquerySource.once``; ``SubquerySource.flat`` a flattened one). Those marks let ``exec/cte_scan.py`` keep an uncorrelated
materialized query's rows though it calls such a function, and
``exec/subquery_memo.py`` reuse a correlated subquery's result when such a function sits
only in those rows: SQLite gives the same rows at every run there too.
"""

from __future__ import annotations

from . import bound as b
from .cte import materialized
from .flatten import OUTER_RIGHT, flattens

#: (the FROM clause has a RIGHT or FULL JOIN, this query's first item is its first item,
#: an item before this query's items rules out a co-routine) for a FROM clause of its own
FRESH = (False, True, False)


def note(select: b.Select, index: int, kinds: list) -> None:
    """Mark FROM item ``index`` of ``select`` (``kinds``: how each item joins, after
    SQLite's join simplification) once materialized, or hand its query, if flattened, the
    place its items take."""
    source = select.items[index].source
    if not isinstance(source, b.SubquerySource) or source.nested or \
            source.query.recursion is not None:
        return
    ltorj, front, blocked = select.from_context or FRESH
    ltorj = ltorj or any(k in OUTER_RIGHT for k in kinds)
    blocked = blocked or index > 0 and _blocked(select, index, kinds)
    source.flat = False
    if source.cte is not None and materialized(source.cte, source.query):
        source.once, context = True, FRESH
    elif flattens(select, index, kinds[index], any(k in OUTER_RIGHT for k in kinds[index + 1:])):
        source.once, source.flat, context = False, True, (ltorj, front and index == 0, blocked)
    else:
        source.once = ltorj or not (front and index == 0) and blocked
        context = FRESH
    for arm in [source.query] + [part for _, part in source.query.compound]:
        arm.from_context = context


def _blocked(select: b.Select, index: int, kinds: list) -> bool:
    """Whether item ``index`` (not the first) cannot be a co-routine: it or an item before
    it joins by an outer or CROSS join, or an item before it is a subquery SQLite keeps."""
    if any(kinds[j] != "inner" or select.items[j].kind == "cross" for j in range(1, index + 1)):
        return True
    return any(isinstance(select.items[j].source, b.SubquerySource) and
               not flattens(select, j, kinds[j], any(k in OUTER_RIGHT for k in kinds[j + 1:]))
               for j in range(index))
