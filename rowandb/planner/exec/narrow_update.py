"""An UPDATE that only rewrites values: one fused loop over the rows it found.

``UpdateExecutable`` writes each row through ``RowWriter.update_row``: place the values,
compute generated columns, NOT NULL, CHECK and STRICT datatypes, the rowid and UNIQUE
indexes under the conflict clause, then the record, its index entries and the foreign-key
hooks. For many UPDATEs most of that cannot apply -- ``UPDATE child SET amount = amount
+ 1`` touches no key, index, CHECK or foreign key. ``is_narrow`` recognises such a
statement once per run: no FROM, no triggers, no WITHOUT ROWID or STRICT table, no
generated column, no rowid, UNIQUE index, expression or partial index key and no CHECK
among what it may change (``RowWriter.plan``), and no foreign-key column among what it sets
(``multi_write.foreign_keys_change``, fkey.c's sqlite3FkRequired). ``update_narrow`` then only
computes the SET values, applies the columns' affinities and writes the record with
``rows.update_record``, which still compares the row's index entries. A row that puts a
NULL into a NOT NULL column goes through ``RowWriter.update_row`` with the values already
computed, so its conflict clause (IGNORE, REPLACE's default, ABORT, FAIL, ROLLBACK) and
message are the general path's, and no SET expression is evaluated twice. When the
statement's WHERE filters a full scan and its expressions are simple enough,
``fused_update.py`` runs all of this as one generated loop instead (built at the first
narrow run and kept in ``UpdateExecutable.fused``).
"""

from __future__ import annotations

from ...catalog import rows as rowio
from ..types import values as V
from . import expiry, trips
from .clustered import in_row_order
from .fused_update import fused

NOT_BUILT = object()         # UpdateExecutable.fused before its first narrow run


def is_narrow(update) -> bool:
    """Whether ``update`` (a dml.UpdateExecutable, about to run) can take the fused loop."""
    plan, writer, table = update.plan, update.writer, update.table
    return update.assignments is not None and update.triggers is None and not update.keys \
        and not update.keeps_json \
        and not table.without_rowid and writer.datatypes is None \
        and not writer.generated.columns and not plan.order and not plan.checks


def update_narrow(update, txn, params: tuple, session, env, returned: list) -> None:
    """Update the rows the statement's WHERE selects as ``UpdateExecutable.run`` would,
    counting them in ``update.changed``: in one generated loop when the statement has its
    shape (fused_update.py), else each row is written as the WHERE finds it, or, when
    SQLite runs it in two passes, the rowids are collected first (in ascending order) and
    each row found again by rowid and written."""
    if update.fused is NOT_BUILT:
        update.fused = fused(update)
    opened = trips.opened(session)
    if update.fused is not None and update.fused.run(txn, params, session):
        trips.check(session, opened)    # (one pass: any rollback under it fails it)
        return
    one_pass = update._one_pass()
    if one_pass:                # each row written as the WHERE finds it (dml.py)
        rowids = (row[0] for row in expiry.first_row(update.finder.each_row(params, session),
                                                     session, update.table))
    else:
        rowids = [row[0] for row in update.finder.rows(params, session)]
        expiry.check(session)           # its cursors opened after the rows were found
        opened = trips.opened(session)
    if update.two_pass:
        rowids = in_row_order(update.ctx.store, update.table, rowids)
    writer, table, slot, plan = update.writer, update.table, update.stmt.slot, update.plan
    assignments, affinities, not_null = update.assignments, writer.affinities, plan.not_null
    assigned = frozenset(pos for pos, _ in assignments)
    apply, encode, conflict = V.apply_affinity, writer.encode, update.stmt.orconf
    collect = update.returning.collect if update.returning.exprs else None
    get = update.ctx.store.table(table.file_id).get
    for rowid in rowids:
        trips.check(session, opened)    # (trips.py)
        old = get(rowid)
        if old is None:
            continue
        env[slot], env[slot + 1] = old, rowid
        values = [(pos, f(env)) for pos, f in assignments]
        new = list(old)
        for pos, value in values:
            new[pos] = value
        new = [apply(v, a) for v, a in zip(new, affinities)]
        if any(new[i] is None for i in not_null):
            written = writer.update_row(txn, env, rowid, old, values, conflict, plan,
                                        update.defaults, keys=False)
            if written is None:
                continue
            env[slot], env[slot + 1] = written
        else:
            new = tuple(new)
            rowio.update_record(txn, table, rowid, old, new, encode, assigned)
            env[slot], env[slot + 1] = new, rowid
        update.changed += 1
        if collect is not None:
            collect(env, returned, update.int_real)
    if one_pass:
        trips.check(session, opened)    # its scan's last step
