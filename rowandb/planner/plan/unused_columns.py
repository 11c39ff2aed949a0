"""Result columns of a FROM subquery that nothing reads are NULL: SQLite never computes them.

A flattened subquery's unused columns simply vanish, and select.c
(disableUnusedSubqueryResultColumns) turns those of one it does not flatten into NULL --
unless the subquery is DISTINCT, an aggregate, has window functions, is a compound other
than UNION ALL, or names a common table; a column its ORDER BY names stays. SQLite
leaves a correlated subquery alone there but flattens most of them; not one without a
FROM clause. So an error in such a column never surfaces: ``SELECT count(*) FROM (SELECT
abs(-9223372036854775807 - 1) FROM t)`` is the row count, not 'integer overflow', and a
subquery there is never planned (its 'no query solution' never raised).

The same holds of the errors SQLite meets only as it codes an expression (RAISE() outside
a trigger, a misplaced row value: ``Select.codegen_errors``, each with the column it was
found in): one in a column made NULL is dropped with it (``_coded_error``).

A VALUES list of several rows is a UNION ALL of its rows to that rule, but the rows
SQLite's parser codes into a co-routine as it reads them (constant ones,
sql/parse/values_arms.py) are computed whole all the same: so in ``SELECT column2 FROM (VALUES
((SELECT ...), 1), (2, 3))`` the subquery is never planned, while ``VALUES
(abs(-9223372036854775807 - 1), 1), (2, 3)`` overflows.

Which columns count as read is SQLite's colUsed of the FROM item, counted when the query
holding it was resolved -- before its own result columns were made NULL, and before an
EXISTS dropped its result list (``Select.written``): ``EXISTS (SELECT * FROM t FULL JOIN
v)`` computes v's columns, and one flattened into the EXISTS brings its FROM items under
that list as written (fuzz 178200114). A query SQLite
flattens has the colUsed of the items it brings along counted again where they land, so
nested subqueries lose what the outermost query does not read; one it does not flatten
keeps, for its own FROM items, the reads of the query as written (``Select.read_as``):
under ``SELECT DISTINCT x FROM (SELECT * FROM (SELECT (...) AS y, c AS x FROM t LIMIT 5)
LIMIT 3)`` the innermost y is computed.
"""

from __future__ import annotations

from dataclasses import replace

from . import bound as b
from .analysis import columns_read, outer_slots
from .describe import describe
from .late_rows import kept_error

_NULL = b.Literal(None)


def without_unused_columns(source: b.SubquerySource, outer: b.Select,
                           flat: bool) -> b.Select:
    """``source.query``, or a copy whose columns ``outer`` does not read are NULL;
    ``flat``: SQLite flattens it into ``outer`` (flatten.flattens)."""
    query = source.query
    if flat and outer.noop_order and query.order_by and query.limit is None:
        query = replace(query, order_by=[])     # SF_NoopOrderBy: not moved into outer
    arms = [query] + [part for _, part in query.compound]
    if any(arm.distinct or arm.is_aggregate or arm.windows for arm in arms) or \
            any(op != "union all" for op, _ in query.compound) or \
            any(not arm.items for arm in arms) and outer_slots(query):
        return query
    ordered = _ordered_columns(query)
    reader = outer if flat or outer.read_as is None else outer.read_as
    keep = columns_read(reader, source.slot) | ordered
    if len(keep) >= len(query.columns):
        return query
    # flattened into a query whose uncoded result list still counts (an EXISTS's,
    # ``Select.written``): its own FROM items count the columns that list reads
    seen = columns_read(outer.read_as, source.slot) | ordered if flat and outer.written \
        else None

    def strip(arm: b.Select) -> b.Select:
        def row(exprs, kept=keep):
            return [e if i in kept else _NULL for i, e in enumerate(exprs)]
        read_as = arm if not flat else None if seen is None else \
            replace(arm, columns=row(arm.columns, seen), written=True)
        if arm.values is None:
            return replace(arm, columns=row(arm.columns), read_as=read_as,
                           written=seen is not None, codegen_error=_coded_error(arm, keep))
        coded = _coroutine_rows(arm)
        return replace(arm, columns=arm.columns if 0 in coded else row(arm.columns),
                       values=[r if k in coded else row(r) for k, r in enumerate(arm.values)],
                       read_as=read_as, codegen_error=_coded_error(arm, keep, coded))
    pruned = strip(query)
    pruned.compound = [(op, strip(part)) for op, part in query.compound]
    return pruned


def _coded_error(arm: b.Select, keep: set, coded: set = frozenset()):
    """The first code generation error of ``arm`` SQLite still meets once the columns
    not in ``keep`` are NULL: one found in such a column is never coded, nor one in such
    a column of a VALUES row (``(row, column)``) but in ``coded``, a co-routine's row."""
    def stays(column) -> bool:
        if isinstance(column, tuple):
            return column[0] in coded or column[1] in keep
        return column is None or column == "order" or column in keep
    return kept_error([(column, error) for column, error in arm.codegen_errors
                       if stays(column)]) if arm.codegen_errors else arm.codegen_error


def _coroutine_rows(arm: b.Select) -> set:
    """The rows of VALUES ``arm`` that SQLite's parser codes into a co-routine as it reads
    them (sql/parse/values_arms.py), whole: their unread columns are computed all the same."""
    starts = arm.values_arms
    ends = [start for start, _ in starts[1:]] + [len(arm.values)]
    return {k for (start, coroutine), end in zip(starts, ends) if coroutine
            for k in range(start, end)}


def _ordered_columns(query: b.Select) -> set:
    """The result columns the query's ORDER BY names: by number, alias or an identical
    expression (SQLite's iOrderByCol)."""
    kept = {position for position, *_ in query.compound_order}
    texts = [describe(c) for c in query.columns]
    for item in query.order_by:
        term = item.expr
        while isinstance(term, b.Collate):
            term = term.operand
        kept |= {i for i, c in enumerate(query.columns)
                 if c is term or texts[i] == describe(term)}
    return kept
