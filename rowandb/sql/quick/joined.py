"""The quick path's FROM list of several plain tables: ``FROM t1 [[AS] a], t2 [[AS] b]
[CROSS JOIN t3 [[AS] c]] ...`` (query.py reads it; a statement's own FROM only, never a
subquery's or a compound arm's), bound as ``Binder._bind_from`` and ``_bind_join`` bind
it -- one ``TableSource`` per table in the binder's slots (2, 4, 6, ...), joined
``"inner"`` after a comma and ``"cross"`` after CROSS JOIN, with no condition -- and
its names resolved as ``Binder._find_column`` resolves them over the tables' scope.

Why: random/groupby's and random/aggregates' joins (``FROM tab1, tab2 AS cor0``,
``tab0 AS cor0 CROSS JOIN tab2 AS cor1``: 1,379 of random/groupby's 10,012 queries)
took the full path, sqlglot's parse and the binder, at 2.1 ms of CPU a statement
against 0.6 ms for its one-table queries (docs/PERFORMANCE.md, branch ``groupby``).

What could be an error or bind otherwise declines (``Decline``): two tables of one
name or alias (``FROM t, t``: SQLite's 'ambiguous column name' waits there), a name
that more than one table has without a qualifier (ambiguous), a qualifier no table
answers to, any subquery in the statement (its names would see several tables), and
ON, USING, NATURAL or any other join. ``tests/test_quick_joined.py`` holds the two paths
equal over the corpus's joins and generated ones.
"""

from __future__ import annotations

from ...catalog.ascii_case import ascii_lower
from ...planner.plan import bound as b
from .reader import Decline


def joined_sources(catalog, clauses, first, table_source) -> list:
    """(Source, kind) of each further table of ``clauses`` after the ``first`` Source
    (its slot 2), in the binder's slots; ``table_source`` finds one (table.py)."""
    joined = []
    aliases = {first.lower_alias}
    slot = first.slot
    for name, alias, kind in clauses.joins:
        slot += 2
        source = table_source(catalog, _Named(name, alias), slot)
        if source.lower_alias in aliases:
            raise Decline                   # FROM t, t: a name two items answer to
        aliases.add(source.lower_alias)
        joined.append((source, kind))
    return joined


class _Named:
    """A further table's name and alias, as ``table.table_source`` reads them."""

    __slots__ = ("table", "alias")

    def __init__(self, table: str, alias: str | None):
        self.table, self.alias = table, alias


def add_items(select: b.Select, joined: list) -> None:
    """The further tables' FROM items, after the first's."""
    for source, kind in joined:
        select.items.append(b.JoinItem(b.TableSource(source.slot, source.table, source.alias,
                                                     None), kind, None))


def position(sources: tuple, node) -> tuple | None:
    """(source, place) of the column ``[qualifier.]name`` (``node``) among ``sources``,
    or None where no table has it; a name two tables have declines (ambiguous)."""
    _, qualifier, name = node
    lname = ascii_lower(name)
    if qualifier is not None:
        lqualifier = ascii_lower(qualifier)
        for source in sources:
            if source.lower_alias == lqualifier:
                place = source.positions.get(lname)
                return None if place is None else (source, place)
        return None
    found = None
    for source in sources:
        place = source.positions.get(lname)
        if place is not None:
            if found is not None:
                raise Decline               # ambiguous column name
            found = source, place
    return found


def names_column(sources: tuple, lname: str) -> bool:
    """Whether some table of ``sources`` has a column ``lname`` (GROUP BY's alias rule)."""
    return any(lname in source.positions for source in sources)
