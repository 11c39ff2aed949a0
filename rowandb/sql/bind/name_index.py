"""The FROM items a column name may stand for, in one scope: ``candidates``.

Resolving a name looks at every FROM item of its scope, in order. A join of N tables
resolves about 3N names (the result columns, the WHERE's two sides), so the walk over the
items costs N^2 steps a query: a 64-table join of the corpus (select5) spent a sixth of
its time there. An unqualified name (not a rowid's) is looked up instead in an index of
the scope's items by column name, built once for the items as they are and built again
when they change (FROM items are appended, a DML target is moved to the front). The
index holds, per name, the items that have a column of that name, in FROM order; the
USING rule (an item whose column an earlier USING took is skipped when an earlier item
matched) is applied at each lookup, as the scope's set of such columns grows while
the query is bound. Parenthesised joins (``NestedSource``) and short FROM lists keep
the walk.

Whether the kept index still describes the items is told without a walk over them: by
the list's identity, its length and the identities of its first and last items. The
items change only by an item appended or popped at the end or put in front
(``tests/test_name_index.py`` holds the binder's modules to those three changes), and
each of them changes one of these; a resolution of a name asked for every name of a
64-table query, a comparison of the whole list each time was a walk of the list per name
again.
"""

from __future__ import annotations

from .names import ROWID_NAMES
from .nested_from import NestedSource, after_right_using

# below this many FROM items the walk costs no more than the index's upkeep
_INDEXED_FROM = 6


def candidates(scope, lname: str, ltable: str | None, name: str = "") -> list:
    """(source, position) for each FROM item of ``scope`` that ``ltable.lname`` (or
    ``lname`` when ``ltable`` is None) names, in FROM order; position -1 is a rowid and
    ``-2 - i`` a nested join's entry ``i`` (nested_from.py); ``name``: as written."""
    if ltable is None and lname not in ROWID_NAMES:
        indexed = _indexed(scope)
        if indexed is not None:
            matches = []
            for source, pos in indexed.get(lname, ()):
                if matches and (source.slot, lname) in scope.excluded_using:
                    matches = after_right_using(scope, source, pos, lname, matches)
                    continue
                matches.append((source, pos))
            return matches
    return _walk(scope, lname, ltable, name)


def _walk(scope, lname: str, ltable: str | None, name: str) -> list:
    matches: list = []
    for source in scope.sources:
        if isinstance(source, NestedSource):
            matches.extend(source.matches(lname, ltable, matches, scope, name))
            continue
        if (source.lower_alias != ltable) if ltable else source.qualified_only:
            continue
        pos = source.positions.get(lname)
        if pos is not None:
            if matches and not ltable and (source.slot, lname) in scope.excluded_using:
                matches = after_right_using(scope, source, pos, lname, matches)
                continue
            matches.append((source, pos))
        elif lname in ROWID_NAMES and source.has_rowid:
            matches.append((source, -1))
    return matches


def _indexed(scope) -> dict | None:
    """Column name -> [(source, position)] over ``scope``'s FROM items as they are now;
    None when the walk is kept (few items, or a parenthesised join among them)."""
    sources = scope.sources
    if len(sources) < _INDEXED_FROM:
        return None
    kept = scope.__dict__.get("_name_index")
    if kept is not None and kept[0] is sources and kept[1] == len(sources) and \
            kept[2] is sources[0] and kept[3] is sources[-1]:
        return kept[4]
    index: dict | None = {}
    for source in sources:
        if isinstance(source, NestedSource):
            index = None
            break
        if source.qualified_only:
            continue
        for name, pos in source.positions.items():
            index.setdefault(name, []).append((source, pos))
    scope._name_index = (sources, len(sources), sources[0], sources[-1], index)
    return index
