"""The column names of parenthesised joins and table-valued functions as SQLite knows them
while it expands a statement, for the USING and NATURAL checks made there (from_columns.py).

Parenthesised joins that are not the first FROM item without an alias are a FROM
subquery of their own (SF_NestedFrom; ``nested_from.py`` binds them), which SQLite expands
where it meets it: its parts looked up, its own joins processed (sqlite3ProcessJoin), then
its result list made -- for each part, the USING names of the join after it, then the
part's columns, then a table's rowid under the first of ``_ROWID_``, ``ROWID``, ``OID`` it
does not use as a column name (a nested part's entries pass through, without their
rowids) -- and its column names made distinct (``x``, ``x:1``). The join that brings it
in reads those names: a NATURAL JOIN of it with ``a`` and ``b`` both holding one is an
ambiguous USING column beside a RIGHT or FULL JOIN, noted before any clause's subquery is
walked (fuzz 176200171: a view in an EXISTS read a missing table; 85100612: a common
table's name in a subquery was no longer looked for). A table-valued function's hidden
columns answer USING but not NATURAL (IsHiddenColumn), and no ``*`` shows them.
Parenthesised joins first in their FROM without an alias are that FROM list itself, as
SQLite's parser makes them: their parts and joins stand in the list (``Parts.spliced``).
"""

from __future__ import annotations

from ...catalog.ascii_case import ascii_lower
from .from_columns import Written, check_joins, is_natural, visible_names
from .names import distinct_names

_ROWID_ALIASES = ("_ROWID_", "ROWID", "OID")


class Parts(list):
    """What the look-up of each part of parenthesised joins found (``tables._from_item``),
    in order, and ``joins``, the joins that bring in the parts after the first;
    ``bare``: written without an alias after them."""

    def __init__(self, found, joins, bare: bool):
        super().__init__(found)
        self.joins = list(joins)
        self.bare = bare

    def spliced(self) -> "Parts":
        """The parts with a first part that is bare parenthesised joins opened up: SQLite's
        parser makes those the list itself (``((a JOIN b) JOIN c)`` is ``(a JOIN b JOIN
        c)``)."""
        first = self[0] if self else None
        if not (isinstance(first, Parts) and first.bare):
            return self
        inner = first.spliced()
        return Parts(list(inner) + self[1:], inner.joins + self.joins, self.bare)


class NestedNames(list):
    """The distinct column names of parenthesised joins; ``entries``: (name as made,
    whether it is a rowid) before they were made distinct, which an enclosing level
    passes on; ``pending``: an ambiguous USING column noted in them. ``*`` does not show
    them as they are (it leaves out rowids and USING terms)."""

    entries: list
    pending: str | None = None
    starred = False


def nested_names(parts: Parts, column_names) -> NestedNames | None:
    """The column names of parenthesised joins ``parts`` as SQLite names them, its own
    joins' errors raised (``check_joins``) and an ambiguous one noted; None when a part's
    names are not all known here. ``column_names(found)``: a part's names."""
    parts = parts.spliced()
    lists = [column_names(found) for found in parts]
    if any(names is None or any(isinstance(n, Written) for n in names) for names in lists):
        return None
    usings, pending = check_joins(parts.joins, lists)
    entries: list = []
    for k, names in enumerate(lists):
        if k + 1 < len(lists) and usings[k + 1]:
            entries += [(n, False) for n in _using_names(parts.joins[k], lists[k + 1],
                                                          usings[k + 1])]
        if isinstance(names, NestedNames):
            entries += [e for e in names.entries if not e[1]]
            pending = pending or names.pending
            continue
        entries += [(n, False) for n in visible_names(names)]
        rowid = _rowid_name(parts[k], names)
        if rowid is not None:
            entries.append((rowid, True))
    found = NestedNames(distinct_names([name for name, _ in entries]))
    found.entries, found.pending = entries, pending
    return found


def _using_names(join, right: list, using: set) -> list:
    """The USING names of ``join`` in order: as written, or NATURAL's in the order of the
    right part's columns."""
    if is_natural(join):
        return [n for n in visible_names(right) if ascii_lower(n) in using]
    return [ident.name for ident in join.args.get("using") or []]


def _rowid_name(found, names: list) -> str | None:
    """The name a part's rowid has in the list: a table's with a rowid only (not a view,
    subquery, common table, function or WITHOUT ROWID table)."""
    if isinstance(found, list) or not hasattr(found, "named_columns") or \
            getattr(found, "without_rowid", False):
        return None
    taken = {ascii_lower(n) for n in names}
    return next((n for n in _ROWID_ALIASES if ascii_lower(n) not in taken), None)
