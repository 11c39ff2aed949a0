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
entry. The undo log gets one entry per batch (the run's, the rows'), each standing for
the single entries row-by-row deletion writes (so rollback, the redo log derived from it
and readers' snapshots see no difference, and the young garbage collections have two
objects to walk, not two tuples per row); the children go in index
order, which nothing can observe in a leaf table (no triggers, nothing refers to it).

``cascade_keys`` does the same for many parent keys at once -- the runs of all of them
cut out in one walk over the index (``Transaction.delete_entry_runs``) and all their rows
in one batch -- for a DELETE statement whose parents go in one batch
(``batch_delete.py``); ``statement_cascades`` says whether the constraints referring to
a table allow that.
"""

from __future__ import annotations

from ...catalog import rows as rowio
from ...errors import OperationalError
from ..types import values as V
from ...storage.memory import padded
from ...storage.packedentries import rowids_of
from .fkprepare import newest_first


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
    if r.action_index is None:
        return None
    for fk in r.child.fk_out.values():
        fkeys.resolve(fk)
    stats["batches"] += 1
    return cascade_keys(fkeys, txn, writer, r, [key])


def cascade_keys(fkeys, txn, writer, r, keys) -> int:
    """Cut the run of every parent key of ``keys`` out of the action index of ``r`` (the
    child a leaf whose constraints resolve) and delete the rows they name in one batch;
    how many rows went. Two parent keys that the action's conversion makes equal are
    one run."""
    index, child = r.action_index, r.child
    apply, sort_key, key_of = V.apply_affinity, V.sort_key, rowio.index_key
    sides = [mine for mine, _ in r.action_sides]
    prefixes = {key_of(index, tuple([apply(v, mine) if mine else v
                                     for v, mine in zip(key, sides)]), sort_key)
                for key in keys}
    run = txn.delete_entry_runs(index.file_id, sorted(prefixes))
    if not run:
        return 0
    rowids = rowids_of(run)
    olds = txn.delete_rows(child.file_id, rowids)
    others = [other for other in child.indexes if other is not index]
    if others:
        fill, encode = fkeys.store.table(child.file_id).fill, writer.encode
        for rowid, old in zip(rowids, olds):
            record = padded(old, fill)
            for other in others:
                entry = rowio.index_entry(other, record, rowid, encode)
                if entry is not None:
                    rowio.delete_entry(txn, other, entry)
    return len(rowids)


def statement_cascades(fkeys, table) -> list | None:
    """The constraints referring to ``table`` as a DELETE of it in one batch handles them
    (``batch_delete.py``): every one an ON DELETE CASCADE into a leaf child other than
    ``table`` with an action index and the same comparison for the action and the
    violation count, each resolving, as ``table``'s own constraints and those of each
    child do -- newest first, as ``after_delete`` runs them. None when one is not (the
    statement then goes row by row, which raises a resolution error where SQLite does),
    when DROP TABLE's DELETE runs, or when foreign-key actions are running (the DELETE is
    a statement of a trigger they fired: its parents' actions would join theirs)."""
    if fkeys.dropping or fkeys._draining or fkeys.writers is None:
        return None
    found = []
    try:
        for fk in table.fk_out.values():
            fkeys.resolve(fk)
        for fk in newest_first(table.fk_in):
            if fk.on_delete != "CASCADE":
                return None
            r = fkeys.resolve(fk)
            child = r.child
            if child is table or r.action_index is None or r.action_differs \
                    or not is_leaf(fkeys, fkeys.writers(child), child):
                return None
            for own in child.fk_out.values():
                fkeys.resolve(own)
            found.append(r)
    except OperationalError:
        return None
    return found


#: how many times ``cascade_leaf`` ran (the differential tests prove the path was taken)
stats = {"batches": 0}
