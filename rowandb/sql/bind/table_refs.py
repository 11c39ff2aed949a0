"""Where a statement names a table, noted while it is bound -- for ALTER TABLE RENAME TO
(rename_table.py), which rewrites exactly those names, as SQLite's renameTableFunc does.

When ``Binder.table_refs`` is a list, the binder appends (identifier node, table, the
views being bound) for every name that stands for a table: a FROM item or DML target
naming it (``note_table``), and a qualifier ``t.x`` / ``t.*`` of a FROM item that has no
alias (``note_qualifier``; a qualifier naming an alias is not the table's name).
"""

from __future__ import annotations

from sqlglot import expressions as exp
from rowandb.catalog.ascii_case import ascii_lower


def note_table(binder, ident, table) -> None:
    """``ident`` names ``table``."""
    if binder.table_refs is not None and isinstance(ident, exp.Identifier):
        binder.table_refs.append((ident, table, frozenset(binder.open_views)))


def note_qualifier(binder, ident, sources, slot: int | None = None) -> None:
    """``ident`` qualifies a column (of the source in ``slot``) or ``*``: noted when the
    source it names is a table's FROM item without an alias."""
    if binder.table_refs is None or ident is None:
        return
    source = next((s for s in sources if ascii_lower(s.alias) == ascii_lower(ident.name)
                   and (slot is None or s.slot == slot)), None)
    if source is not None and source.table is not None and source.by_name:
        note_table(binder, ident, source.table)
