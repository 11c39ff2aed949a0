"""A DELETE whose rows set nothing off one at a time, done as one batch.

``DeleteExecutable.run`` deletes the rows it collected one by one: each through
``RowWriter.delete`` (the record and each index entry, an undo entry each) and
``ForeignKeys.after_delete``, which resolves the table's constraints, looks the parent key
up, queues the constraints' actions and runs them (``_drain``) before the next row goes.
SQLite runs a foreign-key action per parent row too, as a trigger program. The order can
only be seen by something that runs between two rows or reads the tables while the
statement is under way, and ``delete_batch`` is used only when nothing can:

- the table has no triggers (TEMP ones included) and the statement no RETURNING, so no
  SQL runs while rows go (the WHERE was evaluated whole before the first row went);
- it is not DROP TABLE's implicit DELETE, and no foreign-key action is running (the
  DELETE is not a statement of a trigger an action fired, whose rows' actions would
  join the running ones);
- every constraint referring to the table is ON DELETE CASCADE into a *leaf* child that
  finds its children through an index (``fkcascade.statement_cascades``): deleting a
  child row sets nothing off and fails no check, so no error can stop the statement
  half way -- the one thing that could show how far it got (rows and total_changes()
  as a failed statement leaves them) -- and the table's own constraints, the children's
  and those of the child tables resolve (a resolution error is raised by the row-by-row
  path, at the row where SQLite raises it).

The rows then go in one ``Transaction.delete_rows`` (one undo entry standing for one
``delete_row`` each), their index entries one by one, and each cascade deletes the
children of all the deleted parent keys in one pass (``fkcascade.cascade_keys``): the
same rows are gone as after the row-by-row loop, the same changes are undone, and
total_changes() counts the same cascaded rows. No parent key can still be present once
its row is gone -- a parent key is a rowid or the columns of a UNIQUE index with the
columns' collations, and NULL keys set nothing off -- so no lookup is made for it.
"""

from __future__ import annotations

from ...catalog import rows as rowio
from ...storage.memory import padded
from .fkcascade import cascade_keys, statement_cascades


def delete_batch(delete, txn, rowids: list) -> bool:
    """Delete the rows ``rowids`` (ascending, possibly repeated) collected by the
    ``dml.DeleteExecutable`` ``delete`` in one batch, counting them in ``delete.changed``;
    False (nothing done) when the statement must go row by row (see the module)."""
    table, ctx = delete.stmt.table, delete.ctx
    if table.without_rowid or getattr(table, "virtual", None) is not None \
            or delete.returning.exprs or ctx.triggers_on(table) is not None:
        return False
    fkeys = ctx.fkeys
    cascades = []
    if fkeys is not None and fkeys.active(table):
        cascades = statement_cascades(fkeys, table)
        if cascades is None:
            return False
    rowids = list(dict.fromkeys(rowids))
    olds = txn.delete_rows(table.file_id, rowids)
    delete.changed = len(rowids)
    fill = ctx.store.table(table.file_id).fill
    if fill is not None:
        olds = [padded(old, fill) for old in olds]
    encode = delete.writer.encode
    for index in table.indexes:
        for rowid, old in zip(rowids, olds):
            entry = rowio.index_entry(index, old, rowid, encode)
            if entry is not None:
                rowio.delete_entry(txn, index, entry)
    stats["batches"] += 1
    if cascades:
        stats["cascading"] += 1
        _cascade(fkeys, txn, cascades, olds)
    return True


def _cascade(fkeys, txn, cascades: list, olds: list) -> None:
    """Each constraint's ON DELETE CASCADE for the parent keys of the deleted rows ``olds``,
    counted in total_changes() as the actions' statements count their rows."""
    changed = 0
    for r in cascades:
        key_of = r.parent_key
        keys = [key for key in map(key_of, olds) if key is not None]
        changed += cascade_keys(fkeys, txn, fkeys.writers(r.child), r, keys)
    if changed and fkeys.counted is not None:
        fkeys.counted(changed)


#: DELETE statements done in one batch, and those of them that cascaded (the differential
#: tests prove the path was taken)
stats = {"batches": 0, "cascading": 0}
