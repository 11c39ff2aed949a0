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

``cascade_leaf`` goes further when the action finds its children through an index (the
usual ``REFERENCES parent`` with an index on the child column): the children of one
parent key are one contiguous run of that index, so the run is cut out in one step
(``Transaction.delete_entry_run``), its rowids name the rows, which go in one batch
(``Transaction.delete_rows``), and only the child's other indexes are visited entry by
entry. The undo log gets the same entries as row-by-row deletion (so rollback, the redo
log derived from it and readers' snapshots see no difference); the children go in index
order, which nothing can observe in a leaf table (no triggers, nothing refers to it).
"""

from __future__ import annotations

from ...catalog import rows as rowio
from ..types import values as V
from ...storage.memory import padded


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


def cascade_leaf(fkeys, txn, writer, r, key: tuple) -> int | None:
    """ON DELETE CASCADE of the parent key ``key`` into the leaf child of ``r`` through
    its action index, in one batch; how many rows went. None when the child has no such
    index (the caller then finds the children and uses ``delete_leaf_children``)."""
    index = r.action_index
    if index is None:
        return None
    child = r.child
    for fk in child.fk_out.values():
        fkeys.resolve(fk)
    stats["batches"] += 1
    apply = V.apply_affinity
    values = tuple(apply(v, mine) if mine else v for v, (mine, _) in zip(key, r.action_sides))
    run = txn.delete_entry_run(index.file_id, rowio.index_key(index, values, V.sort_key))
    if not run:
        return 0
    rowids = [entry[-1] for entry in run]
    olds = txn.delete_rows(child.file_id, rowids)
    others = [other for other in child.indexes if other is not index]
    if others:
        fill, encode = fkeys.store.table(child.file_id).fill, writer.encode
        for rowid, old in zip(rowids, olds):
            record = padded(old, fill)
            for other in others:
                entry = rowio.index_entry(other, record, rowid, encode)
                if entry is not None:
                    txn.delete_entry(other.file_id, entry)
    return len(rowids)


#: how many times ``cascade_leaf`` ran (the differential tests prove the path was taken)
stats = {"batches": 0}
