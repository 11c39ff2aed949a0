"""Foreign-key errors a write meets before its first row: SQLite's compile-time checks.

SQLite finds each constraint's parent table and parent index (fkey.c, sqlite3FkLocateIndex)
while it *compiles* an INSERT, UPDATE or DELETE, so a missing parent table ('no such table:
main.p') or a parent key without a usable UNIQUE index ('foreign key mismatch - "c"
referencing "p"') fails the statement whether or not any row is written, and only for the
constraints the compiled code touches. This module walks the same code generation:

- DELETE of T (sqlite3GenerateRowDelete), when T has foreign keys: every constraint
  referencing T (sqlite3FkOldmask), then T's own constraints and again those referencing T
  (sqlite3FkCheck), then the ON DELETE action of each referencing constraint;
- UPDATE of T, when it sets a key column of T (sqlite3FkRequired): the constraints
  referencing T, the deletions of OR REPLACE, the constraints whose child columns it sets
  (every one referencing T itself), those whose parent columns it sets, and their ON
  UPDATE actions;
- INSERT into T: the deletions of REPLACE and the updates of DO UPDATE, for each
  uniqueness constraint the row can break; T's own constraints; and the constraints
  referencing T only when a violation could be repaired later in the statement or the
  transaction -- several rows, a REPLACE that deletes, a deferred constraint or PRAGMA
  defer_foreign_keys (an INSERT of one row into a parent cannot repair an immediate one).

An action is a trigger program compiled once per statement, on the child table, with the
same rules. SQLite keeps the *last* error of a compilation (sqlite3ErrorMsg replaces the
message) but takes a trigger program's error only when it has none yet
(transferParseError); lists run in SQLite's order (``newest_first``). That order decides
which message a statement with several broken constraints reports.
"""

from __future__ import annotations

from operator import attrgetter

from ...catalog import rows as rowio
from ...errors import OperationalError
from .writer import replaced, takes_conflict
from ...catalog.ascii_case import ascii_lower

ACTIONS = ("CASCADE", "SET NULL", "SET DEFAULT", "RESTRICT")
LATE = "late"       # an upsert clause's assigned columns when its DO UPDATE failed to bind
_LATE_MARK = OperationalError("a DO UPDATE's own error")
ROWID = -1          # in a set of assigned columns: the rowid of a table without an alias


class Compilation:
    """One statement's walk; ``error`` is what SQLite would report, or None. ``multi``:
    whether SQLite compiled it as a write of several rows (pParse->isMultiWrite), which
    counts an immediate constraint's violations to check at the statement's end; else a
    top-level INSERT of one row halts on its first violation before writing the row."""

    def __init__(self, fkeys):
        self.fkeys = fkeys
        self.programs: set = set()          # (constraint id, event) already compiled
        self.multi = True

    def insert(self, table, *, multi: bool, conflict: str, rowid_given: bool,
               upserts: list) -> OperationalError | None:
        """``upserts``: (target, assigned columns, None for DO NOTHING, or ``LATE`` for a
        DO UPDATE whose own binding failed: SQLite meets that error where it codes the
        clause, and codes no DO UPDATE once an error is met -- update.c returns at once --
        so an action program's error coded before it is the statement's, one after it
        is dropped; ``prepare`` returning None then leaves the clause's error to raise)."""
        level = _Level()
        for constraint in _coding_order(table, rowid_given, upserts):
            clause = next((u for u in upserts if takes_conflict(u[0], constraint)), None)
            if clause is not None and clause[1] == LATE:
                level.error = level.error or _LATE_MARK
            elif clause is not None:
                if clause[1] is not None and self._update(level, table, clause[1], "ABORT"):
                    multi = True            # DO UPDATE of a key: a statement of several writes
            elif replaced(table, conflict, constraint) and self._has_keys(table):
                self._row_delete(level, table)
                multi = True                # a REPLACE that deletes writes several rows
        self._check(level, table, None, multi)
        self.multi = multi
        return None if level.error is _LATE_MARK else level.error

    def update(self, table, assigned: set, conflict: str) -> OperationalError | None:
        level = _Level()
        self._update(level, table, assigned, conflict)
        return level.error

    def delete(self, table, dropping: bool = False) -> OperationalError | None:
        """``dropping``: the implicit DELETE of DROP TABLE, which SQLite compiles with
        triggers disabled -- then a constraint it cannot locate is skipped without an
        error (fkey.c, isIgnoreErrors), though an action's program still reports its own."""
        level = _Level(ignoring=dropping)
        self._row_delete(level, table)
        return level.error

    # -- the code generator's steps -------------------------------------------------------
    def _row_delete(self, level, table) -> None:
        if not self._has_keys(table):
            return
        self._oldmask(level, table)
        self._check(level, table, None, True)
        self._actions(level, table, "delete", None)

    def _update(self, level, table, assigned: set, conflict: str) -> bool:
        """Whether the UPDATE sets a key column (sqlite3FkRequired)."""
        required = _required(table, assigned)
        if required:
            self._oldmask(level, table)
        if _replaces(table, assigned, required > 1, conflict) and self._has_keys(table):
            self._row_delete(level, table)
        if required:
            self._check(level, table, assigned, True)
            self._actions(level, table, "update", assigned)
        return bool(required)

    def _oldmask(self, level, table) -> None:
        for fk in newest_first(table.fk_in):
            level.locate(self.fkeys, fk)

    def _check(self, level, table, assigned, repairable: bool) -> None:
        """sqlite3FkCheck: T's own constraints, then those referencing T; each loop stops
        at its first failure, and a failure among T's own skips the second loop."""
        self_name = ascii_lower(table.name)
        for fk in newest_first(table.fk_out):
            if assigned is not None and ascii_lower(fk.parent) != self_name \
                    and not _sets_child(fk, table, assigned):
                continue
            if not level.locate(self.fkeys, fk) and not level.ignoring:
                return
        for fk in newest_first(table.fk_in):
            if assigned is not None and not _sets_parent(fk, table, assigned):
                continue
            if not (repairable or fk.deferred or self.fkeys.defer_all):
                continue
            if not level.locate(self.fkeys, fk) and not level.ignoring:
                return

    def _actions(self, level, table, event: str, assigned) -> None:
        for fk in newest_first(table.fk_in):
            if assigned is not None and not _sets_parent(fk, table, assigned):
                continue
            action = fk.on_delete if event == "delete" else fk.on_update
            if action not in ACTIONS or action == "RESTRICT" and self.fkeys.defer_all:
                continue
            if not level.locate(self.fkeys, fk):
                continue
            error = self._program(fk, event, action)
            if error is not None and level.error is None:
                error.in_program = True     # transferParseError: kept only if none yet
                level.error = error

    def _program(self, fk, event: str, action: str) -> OperationalError | None:
        """The action's trigger program: DELETE or UPDATE of the child rows (RESTRICT
        only reads them), compiled once per statement."""
        if (fk.id, event) in self.programs or action == "RESTRICT":
            return None
        self.programs.add((fk.id, event))
        child = self.fkeys.dictionary_of(fk).table(fk.child)
        level = _Level()
        if event == "delete" and action == "CASCADE":
            self._row_delete(level, child)
        else:
            columns = self._set_list(fk, child)
            generated = _generated_set(child, columns)
            if generated is not None:
                return generated
            if action == "SET DEFAULT":
                unbound = self._unbound_default(child, columns)
                if unbound is not None:
                    return unbound
            changed = self._changed(child, columns)
            level.error = self._coded_check(child, changed)
            self._update(level, child, changed, "ABORT")
        return level.error

    def _coded_check(self, child, changed: set) -> OperationalError | None:
        """The error of coding the child's CHECKs that read a column the action's UPDATE
        changes (a row value misplaced: sql/bind/check_rows.py), or None."""
        if self.fkeys.writers is None:
            return None
        names = frozenset(ascii_lower(child.columns[p].name) for p in changed if p >= 0)
        error = self.fkeys.writers(child).coded_row_error(names)
        return None if error is None else OperationalError(str(error))

    def _set_list(self, fk, child) -> list:
        """The child columns (positions) an action's UPDATE sets, in the order of its SET
        list: fkey.c fkActionTrigger walks the parent index's columns, so the first
        generated column it names (the error update.c reports) is the first in that index,
        not in the constraint."""
        columns = [child.column_index(n) for n in fk.child_columns]
        try:
            resolved = self.fkeys.resolve(fk)
        except OperationalError:
            return columns
        if resolved.parent_index is None:
            return columns
        return [columns[i] for i in resolved.order]

    def _changed(self, child, columns) -> set:
        """The columns an action's UPDATE of ``columns`` changes: with the generated
        columns reading them, as update.c counts them for the child's own keys."""
        if self.fkeys.writers is None or not any(c.is_generated for c in child.columns):
            return set(columns)
        return set(self.fkeys.writers(child).generated.with_dependents(columns))

    def _unbound_default(self, child, columns) -> OperationalError | None:
        """The error of a child column's DEFAULT that cannot be bound (a function this
        connection lacks): the SET DEFAULT program resolves it as it is compiled."""
        thunks = self.fkeys.defaults(child) if self.fkeys.defaults is not None else None
        for pos in columns if thunks is not None else ():
            error = getattr(thunks[pos], "error", None)
            if error is not None:
                return type(error)(*error.args)
        return None

    def action_head(self, fk, event: str) -> OperationalError | None:
        """The error the program of ``fk``'s action (``event`` 'delete' or 'update')
        meets before it codes the child table's triggers, whose errors then never show
        (trigger.c transferParseError keeps the first one). update.c fails an UPDATE
        that sets a generated column at once, then looks up the constraints referencing
        the table (sqlite3FkOldmask) when it sets a key -- both before
        sqlite3TriggerColmask codes the triggers; delete.c codes a DELETE's triggers
        first, so a CASCADE deletion has no such error."""
        action = fk.on_delete if event == "delete" else fk.on_update
        if action not in ACTIONS or action == "RESTRICT" or \
                event == "delete" and action == "CASCADE":
            return None
        child = self.fkeys.dictionary_of(fk).table(fk.child)
        if child is None:
            return None
        columns = self._set_list(fk, child)
        generated = _generated_set(child, columns)
        if generated is not None:
            return generated
        level = _Level()
        if _required(child, self._changed(child, columns)):
            self._oldmask(level, child)
        return level.error

    @staticmethod
    def _has_keys(table) -> bool:
        return bool(table.fk_out) or bool(table.fk_in)


class _Level:
    """One compilation level's error: a failing lookup replaces the one before -- unless
    the level is ``ignoring`` them (DROP TABLE's DELETE: sqlite3FkLocateIndex reports
    nothing while triggers are disabled)."""

    def __init__(self, ignoring: bool = False):
        self.error = None
        self.ignoring = ignoring

    def locate(self, fkeys, fk) -> bool:
        try:
            fkeys.resolve(fk)
        except OperationalError as error:
            if not self.ignoring:
                self.error = error
            return False
        return True


def _coding_order(table, rowid_given: bool, upserts: list) -> list:
    """The uniqueness constraints an INSERT checks, in the order SQLite codes them
    (insert.c, sqlite3GenerateConstraintChecks): the rowid when the INSERT gives it, then
    the indexes the ON CONFLICT targets name, in clause order, then the other UNIQUE
    indexes."""
    indexes = [ix for ix in table.indexes if ix.unique]
    named = [u[0] for u in upserts if u[0] is not None and u[0] != "rowid"]
    first = [ix for k, ix in enumerate(named) if ix in indexes and ix not in named[:k]]
    return (["rowid"] if rowid_given else []) + first + \
        [ix for ix in indexes if ix not in first]


def upsert_coding_order(table, columns: list, targets: list) -> list[int]:
    """The ON CONFLICT clauses (by position) whose action SQLite codes for an INSERT of
    ``columns`` into ``table``, in the order it codes them: for each uniqueness constraint
    in ``_coding_order``, the first clause that takes its conflicts, once. A DO UPDATE's
    names are resolved as it is coded (sqlite3UpsertDoUpdate), so this is also the order
    of their errors: a catch-all clause coded for the rowid comes before the clause of a
    UNIQUE index written before it (fuzz 82101065)."""
    rowid_given = -1 in columns or (table.rowid_alias is not None
                                    and table.rowid_alias in columns)
    order = []
    for constraint in _coding_order(table, rowid_given, [(t,) for t in targets]):
        k = next((k for k, t in enumerate(targets) if takes_conflict(t, constraint)), None)
        if k is not None and k not in order:
            order.append(k)
    return order


def newest_first(constraints) -> list:
    """A table's constraints (``fk_in`` or ``fk_out``, keyed by id) in the order SQLite
    keeps them. Its schema lists each table's constraints in reverse order of their text
    (a column's REFERENCES before the FOREIGN KEY clauses after it, also a column ADD
    COLUMN appends: it goes before those clauses), and a parent's in reverse order of
    their child tables' creation, as SQLite reads sqlite_schema back after an ALTER --
    so neither is the order of the dictionary ids, which an added column's key breaks
    (fuzz 82100549). Most tables of a large schema have none in one direction: no list
    is made for them."""
    if not constraints:
        return []
    found = list(constraints.values())
    found.reverse()                     # ties (drafts: no place yet) stay newest first
    if len(found) > 1:
        found.sort(key=_PLACE, reverse=True)
    return found


_PLACE = attrgetter("child_id", "seq")


def parent_columns(fk, table) -> list:
    """The positions in ``table`` of the columns ``fk`` names as its parent key (None for
    a name that is no column), or of the primary key when it names none."""
    if fk.parent_columns:
        return [table.column_index(n) for n in fk.parent_columns]
    return list(table.primary_key) or [table.rowid_alias]


def _generated_set(table, columns: list) -> OperationalError | None:
    """An UPDATE setting ``columns`` (positions, None for no such column) fails at the
    first generated one (update.c)."""
    for pos in columns:
        if pos is not None and table.columns[pos].is_generated:
            return OperationalError(f'cannot UPDATE generated column "{table.columns[pos].name}"')
    return None


def _sets_child(fk, table, assigned: set) -> bool:
    return any(table.column_index(n) in assigned for n in fk.child_columns)


def _sets_parent(fk, table, assigned: set) -> bool:
    return any(c in assigned for c in parent_columns(fk, table))


def _required(table, assigned: set) -> int:
    """sqlite3FkRequired for an UPDATE: 0 when it sets no key column; 2 when it sets the
    child columns of a key referencing the table itself, or the parent columns of a key
    with an ON UPDATE action; else 1."""
    required = 0
    for fk in table.fk_out.values():
        if _sets_child(fk, table, assigned):
            required = 2 if ascii_lower(fk.parent) == ascii_lower(table.name) else max(required, 1)
    for fk in table.fk_in.values():
        if _sets_parent(fk, table, assigned):
            required = 2 if fk.on_update != "NO ACTION" else max(required, 1)
    return required


def _replaces(table, assigned: set, every_index: bool, conflict: str | None) -> bool:
    """Whether an UPDATE has a uniqueness constraint to check that REPLACE resolves
    (``conflict``: its conflict clause, None when it wrote none, writer.replaced): a new
    rowid, or a UNIQUE index on a column it sets (or any, when ``every_index``: SQLite
    then checks them all)."""
    rowid = ROWID in assigned or table.rowid_alias is not None and table.rowid_alias in assigned
    return any(ix.unique and replaced(table, conflict, ix) and
               (rowid or every_index or rowio.index_touched(ix, assigned))
               for ix in table.indexes) or rowid and replaced(table, conflict, "rowid")
