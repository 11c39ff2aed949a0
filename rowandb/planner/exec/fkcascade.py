"""ON DELETE CASCADE into a leaf child table, one pass over the children it found.

``ForeignKeys._act`` deletes the children of a deleted parent key one by one, each through
``RowWriter.delete`` and the child's own foreign-key hooks, yielding between rows so that
the actions a child's deletion sets off run before the next child goes (depth first).
When the child table is a *leaf* -- no constraint refers to it, it has no triggers, and no
DROP TABLE is running -- a child's deletion sets off nothing: its hooks only resolve the
child's own constraints (which raises 'foreign key mismatch' or 'no such table' for a
broken one) and have no violation to record or take back. ``delete_leaf_children`` then
resolves those constraints once, before the first row goes, and deletes the children
with ``rows.delete_record`` alone. Any error ends the statement, which is undone whole,
so resolving first cannot be told apart from resolving at the first row.
"""

from __future__ import annotations

from ...catalog import rows as rowio


def is_leaf(fkeys, writer, child) -> bool:
    """Whether deleting rows of ``child`` can set off nothing (see the module docstring)."""
    return not child.fk_in and not fkeys.dropping \
        and writer.ctx.triggers_on(child) is None


def delete_leaf_children(fkeys, txn, writer, child, file, rowids: list) -> int:
    """Delete the rows ``rowids`` of the leaf table ``child`` still there; how many."""
    for fk in child.fk_out.values():
        fkeys.resolve(fk)
    changed, get, encode = 0, file.get, writer.encode
    for rowid in rowids:
        record = get(rowid)
        if record is not None:
            rowio.delete_record(txn, child, rowid, record, encode)
            changed += 1
    return changed
