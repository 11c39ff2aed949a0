"""Whether SQLite counts a write as one of several rows (its parser's ``isMultiWrite``),
the half of the rule that gives a statement a statement journal (``usesStmtJournal`` is
``isMultiWrite && mayAbort``, vdbeaux.c): a failing statement without one undoes nothing
it did not itself write, so what a user function it called ran stays.

SQLite marks a write as several (sqlite3BeginWriteOperation's ``setStatement``,
sqlite3MultiWrite) when

- an INSERT reads a SELECT or several VALUES rows, or the table has INSERT triggers
  (RETURNING is coded as one); an UPDATE or DELETE has triggers of its event (the
  UPDATE's for the columns it sets), RETURNING, or a foreign key it must enforce
  (sqlite3FkRequired: the DELETE's table in any, the UPDATE's columns in one);
- an UPDATE or DELETE does not find its rows by one search that finds at most one row
  (where.c's ONEPASS_SINGLE: the rowid, or every key of a UNIQUE index, by equality);
  UPDATE ... FROM always;
- a REPLACE may delete a row through more than the table itself: a rowid written under
  REPLACE on a table with an index, a trigger counter (DELETE triggers under
  recursive_triggers, or a foreign key of the table) or either, or a UNIQUE index under
  REPLACE with such a counter (insert.c, sqlite3GenerateConstraintChecks);
- an upsert's DO UPDATE has UPDATE triggers or a foreign key on the columns it sets.

A one-row INSERT into the child of a foreign key is not several: its check halts before
the row is written (fkey.c: with no isMultiWrite the violation is an OP_Halt, no counter).
"""

from __future__ import annotations

from ...catalog import rows as rowio
from ...catalog.ascii_case import ascii_lower
from ..optimizer.choose_index import is_one_row_search
from ..plan import bound as b
from .writer import replace_deletes


def is_multi_write(executable) -> bool:
    """Whether the INSERT, UPDATE or DELETE ``executable`` is a write of several rows
    in SQLite's sense; any other statement is."""
    stmt = executable.stmt
    if isinstance(stmt, b.Insert):
        return insert_several(stmt, executable.writer, executable.single_row)
    if isinstance(stmt, (b.Update, b.Delete)):
        return write_several(stmt, executable.writer, executable.finder.plan.root)
    return True


def insert_several(stmt: b.Insert, writer, single_row: bool) -> bool:
    """sqlite3Insert's ``pSelect || pTrigger`` and the REPLACE and DO UPDATE rules."""
    table, ctx = writer.table, writer.ctx
    if not single_row or stmt.in_trigger or stmt.returning or fires(ctx, table, "INSERT"):
        return True
    if any(u.assignments is not None and _update_needs(ctx, table, frozenset(
            pos for pos, _ in u.assignments)) for u in stmt.upserts):
        return True
    return _replace_several(stmt, writer, stmt.columns)


def write_several(stmt, writer, finder_root) -> bool:
    """An UPDATE's or DELETE's: its triggers, RETURNING, foreign keys, FROM, and whether
    its WHERE finds one row by one search."""
    table, ctx = writer.table, writer.ctx
    if stmt.returning or not _finds_one_row(finder_root):
        return True
    if isinstance(stmt, b.Delete):
        return fires(ctx, table, "DELETE") or _fk_on(ctx, table)
    assigned = frozenset(pos for pos, _ in stmt.assignments)
    return stmt.from_query is not None or _update_needs(ctx, table, assigned) or \
        _replace_several(stmt, writer, list(assigned))


def _update_needs(ctx, table, assigned: frozenset) -> bool:
    """An UPDATE of ``assigned`` fires triggers or must enforce a foreign key."""
    return fires(ctx, table, "UPDATE", assigned) or \
        foreign_keys_change(ctx.fkeys, table, assigned)


def _replace_several(stmt, writer, columns) -> bool:
    """A REPLACE that may delete rows through an index or a trigger counter."""
    table = writer.table
    targets = [u.target for u in getattr(stmt, "upserts", ())]
    counter = writer.replace_fires_triggers() or _fk_on(writer.ctx, table)
    update = isinstance(stmt, b.Update)
    rowid = not table.without_rowid and (-1 in columns or table.rowid_alias in columns)
    if rowid and replace_deletes(table, stmt.orconf, "rowid", targets) and \
            (counter or table.indexes):
        return True
    return counter and any(
        index.unique and replace_deletes(table, stmt.orconf, index, targets) and
        (not update or rowio.index_touched(index, columns)) for index in table.indexes)


def _finds_one_row(root) -> bool:
    """Whether the row finder's plan is one search finding one row at most."""
    node = root
    while hasattr(node, "child") and not hasattr(node, "table"):
        node = node.child
    return is_one_row_search(node)


def _fk_on(ctx, table) -> bool:
    return ctx.fkeys is not None and ctx.fkeys.active(table)


def fires(ctx, table, event: str, assigned=None) -> bool:
    """Whether ``event`` on ``table`` fires a BEFORE or AFTER trigger (TEMP ones too; an
    UPDATE's of the columns ``assigned``)."""
    triggers = ctx.triggers_on(table)
    names = None if assigned is None else {ascii_lower(table.columns[i].name) for i in assigned}
    return triggers is not None and any(triggers.wanted(table, event, timing, names)
                                        for timing in ("BEFORE", "AFTER"))


def foreign_keys_change(fkeys, table, assigned: frozenset) -> bool:
    """sqlite3FkRequired for an UPDATE: foreign keys are on and the UPDATE assigns a child
    column of one of the table's constraints or a parent column of one referring to it
    (which makes SQLite update in two passes)."""
    if fkeys is None or not fkeys.active(table):
        return False
    for fk in table.fk_out.values():
        if any(table.column_index(n) in assigned for n in fk.child_columns):
            return True
    for fk in table.fk_in.values():
        cols = [table.column_index(n) for n in fk.parent_columns] if fk.parent_columns \
            else list(table.primary_key) or [table.rowid_alias]
        if any(c is None or c in assigned for c in cols):
            return True
    return False
