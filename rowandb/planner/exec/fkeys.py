"""Foreign keys: resolving parent keys, recording violations, running actions.

SQLite's rules (sqlite.org/foreignkeys.html, src/fkey.c, ../shared/FOREIGN_KEYS.md), kept
by recording *violations as they appear* and re-checking them when they must hold, much as
fkey.c counts them:

- A child row written without a matching parent, or a parent key removed while children
  still reference it, is recorded as a possible violation — never rejected on the spot,
  because the same statement (or, for deferred constraints, the same transaction) may
  repair it: deleting a self-referencing chain, REPLACE of a parent row, inserting the
  parent later in a deferred transaction.
- Immediate constraints are re-checked at the end of the statement, deferred ones
  (DEFERRABLE INITIALLY DEFERRED, or everything under PRAGMA defer_foreign_keys) at COMMIT.
  Re-checking asks the current state only, so a record whose problem went away costs one
  lookup. Savepoints remember how many deferred records existed; ROLLBACK TO truncates.
- CASCADE, SET NULL, SET DEFAULT and RESTRICT are actions, run as SQLite runs the
  trigger programs fkey.c makes of them: right after the parent row is written, one
  constraint after the other, newest constraint first (as in SQLite's lists), each as
  an UPDATE or DELETE of the child rows with OR ABORT -- so a child row goes through the
  table's own NOT NULL, CHECK and UNIQUE checks (``RowWriter``, handed in by the session)
  -- and each child row's own actions run before the next child row is written (depth
  first). RESTRICT fails if children are left, even when deferred. The actions run from an
  explicit stack of generators, not Python recursion, each carrying its depth, and a depth
  past SQLite's trigger limit raises ``too many levels of trigger recursion``.
- NULL in any child column satisfies the constraint. Looking for a child's parent, the
  child values take the parent column's affinity as a comparison applies it (text that
  looks like a number becomes one for a numeric column, an integer stays an integer even
  for a REAL one, so 2**63-1 does not find 9.223372036854775808e18) and compare under the
  parent's collation; a rowid parent takes the child value as a rowid would
  (values.must_be_int). Looking for a parent's children to count violations, each child
  column is compared with the parent value as ``parent = child`` would be, both columns'
  affinities deciding (fkey.c's fkScanChildren): a TEXT parent and a BLOB child convert
  neither. ON UPDATE actions fire only when the parent key's value really changes.
- An action (and RESTRICT) finds its children otherwise: SQLite runs it as a trigger
  whose WHERE is ``old.parent = child``, and ``old.parent`` has no affinity (INTEGER for a
  rowid parent), so only the child column's affinity converts -- a REAL parent 0.0 does
  not reach a TEXT child '0', which the violation count still sees (fkey.c's
  fkActionTrigger). The values an action writes take the child column's affinity, or
  become the child's rowid as any rowid does.

Lookups use the parent's PRIMARY KEY or UNIQUE index (a parent key without one is SQLite's
``foreign key mismatch``) and, on the child side, an index whose leading columns are the
child columns with the parent's collations and compatible affinity; otherwise a scan.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...catalog import rows as rowio
from ...errors import IntegrityError, OperationalError
from ..types import values as V
from .comparison_sides import side_affinities
from .fkcascade import cascade_leaf, delete_leaf_children, is_leaf
from .fkchecks import CheckLog
from .fkself import counted_for_itself, held_by_itself, is_self_reference
from .fkprepare import ACTIONS, Compilation, newest_first, parent_columns
from ...catalog.ascii_case import ascii_lower, ascii_upper

MAX_DEPTH = 1000        # SQLITE_MAX_TRIGGER_DEPTH: FK actions count as trigger recursion
_DONE = object()
_FAILED = "FOREIGN KEY constraint failed"


class ForeignKeyError(IntegrityError):
    def __init__(self):
        super().__init__(_FAILED)


@dataclass
class Resolved:
    """A constraint bound to the current definitions of its two tables."""
    fk: object
    child: object                       # catalog Table
    parent: object                      # catalog Table
    child_cols: tuple                   # positions in the child, in constraint order
    parent_cols: tuple                  # positions in the parent, in constraint order
    parent_index: object | None         # None: the parent key is the rowid
    order: tuple                        # constraint position of each parent_index column
    affinities: tuple                   # parent column affinities, constraint order
    collations: tuple                   # parent column collations, constraint order
    sides: tuple                        # (parent side, child side) conversion per column
    child_index: object | None          # index usable to find children, or None (scan)
    deferred: bool
    action_sides: tuple                 # conversions when an action looks for children
    action_index: object | None         # index usable for that comparison, or None

    @property
    def action_differs(self) -> bool:
        """Whether an action may find other children than the violation count does."""
        return self.action_sides != self.sides

    def child_key(self, record) -> tuple | None:
        """The child's key as the parent's affinity makes it for a comparison (as given,
        for a rowid parent: parent_exists converts it); None if any part is NULL."""
        values = tuple([record[pos] for pos in self.child_cols])
        return None if None in values else self.lookup_key(values)

    def lookup_key(self, values: tuple) -> tuple:
        """Child key ``values`` (none NULL, constraint order) as the parent's lookup takes
        them: converted by the parent's affinity for an index, as given for a rowid."""
        if self.parent_index is None:
            return values
        return tuple([V.apply_affinity(value, _LOOKUP_AFFINITY.get(affinity, affinity))
                      for value, affinity in zip(values, self.affinities)])

    def parent_key(self, record) -> tuple | None:
        key = tuple(record[pos] for pos in self.parent_cols)
        return None if any(v is None for v in key) else key


# A numeric affinity applied for a comparison converts text only (applyAffinity), never
# an INTEGER into a REAL as storing into a REAL column does.
_LOOKUP_AFFINITY = {"INTEGER": "NUMERIC", "REAL": "NUMERIC"}


def mismatch(child_name: str, parent_name: str) -> OperationalError:
    """SQLite's error for a constraint with no usable parent key: the child as its table is
    named, the parent as the REFERENCES clause wrote it (fkey.c's zTo), each in double
    quotes with a double quote in it doubled (%w)."""
    child, parent = (name.replace('"', '""') for name in (child_name, parent_name))
    return OperationalError(f'foreign key mismatch - "{child}" referencing "{parent}"')


class ForeignKeys:
    """One session's foreign-key state: settings, recorded violations, pending actions."""

    def __init__(self, store, dictionary, defaults=None, writers=None):
        self.store = store
        self.dictionary = dictionary
        self.temp_dictionary = None         # the connection's TEMP tables', once it has any
        self.defaults = defaults            # table -> list of thunks giving DEFAULT values
        self.writers = writers              # table -> RowWriter with its CHECKs bound
        self.enabled = True
        self._defer_all = False             # PRAGMA defer_foreign_keys
        self.statement_checks = CheckLog()  # immediate: verified at the end of the statement
        self.deferred_checks = CheckLog()   # verified at COMMIT
        self._queue: list = []              # actions the row just written set off
        self._draining = False
        self._depth = 0                     # action depth of the write in progress
        self._dropping = False              # inside DROP TABLE's implicit DELETE
        self._resolved: dict = {}
        self._prepared: dict = {}           # what prepare() found, per statement shape
        self._version = -1
        #: called with 1 for each child row an action writes: SQLite runs actions as
        #: trigger programs, whose rows count in total_changes() (not in changes())
        self.counted = None

    # -- resolution --------------------------------------------------------------------
    def dictionary_of(self, fk):
        """The dictionary of ``fk``'s child, where its parent is looked up too: SQLite
        finds a constraint's parent in the child's schema (fkey.c sqlite3FkLocateIndex)."""
        return self.temp_dictionary if getattr(fk, "in_temp", False) else self.dictionary

    def resolve(self, fk) -> Resolved:
        self._current()
        found = self._resolved.get(fk.id)
        if found is None:
            found = self._resolved[fk.id] = self._resolve(fk)
        return found

    def _current(self) -> None:
        """Forget resolutions made under an older schema."""
        if self._version != self.dictionary.version:
            self._resolved.clear()
            self._prepared.clear()
            self._version = self.dictionary.version

    def _resolve(self, fk) -> Resolved:
        dictionary = self.dictionary_of(fk)
        child = dictionary.table(fk.child)
        parent = dictionary.table(fk.parent)
        if parent is None and dictionary.view(fk.parent) is not None:
            raise mismatch(child.name, fk.parent)   # no keys
        if parent is None:
            schema = "temp" if dictionary is self.temp_dictionary else "main"
            raise OperationalError(f"no such table: {schema}.{fk.parent}")
        if fk.parent_columns:
            parent_cols = tuple(parent.column_index(n) for n in fk.parent_columns)
            if any(p is None for p in parent_cols):
                raise mismatch(child.name, fk.parent)
        else:
            parent_cols = parent.primary_key
            if not parent_cols:
                raise mismatch(child.name, fk.parent)
        child_cols = tuple(child.column_index(n) for n in fk.child_columns)
        if len(parent_cols) != len(child_cols) or any(c is None for c in child_cols):
            raise mismatch(child.name, fk.parent)
        index, order = _parent_index(parent, parent_cols)
        if index is None and not (len(parent_cols) == 1 and parent_cols[0] == parent.rowid_alias):
            raise mismatch(child.name, fk.parent)
        affinities = tuple(parent.columns[p].affinity for p in parent_cols)
        collations = tuple(parent.columns[p].collation for p in parent_cols)
        sides = tuple(side_affinities(aff, child.columns[c].affinity)
                      for aff, c in zip(affinities, child_cols))
        action_sides = tuple(side_affinities("INTEGER" if p == parent.rowid_alias else None,
                                             child.columns[c].affinity)
                             for p, c in zip(parent_cols, child_cols))
        child_index = _child_index(child, child_cols, collations, sides)
        action_index = child_index if action_sides == sides else \
            _child_index(child, child_cols, collations, action_sides)
        return Resolved(fk, child, parent, child_cols, parent_cols, index, order, affinities,
                        collations, sides, child_index, fk.deferred, action_sides, action_index)

    # -- lookups -----------------------------------------------------------------------
    def parent_exists(self, r: Resolved, key: tuple) -> bool:
        if r.parent_index is None:
            rowid = V.must_be_int(key[0])
            return rowid is not None and self.store.table(r.parent.file_id).get(rowid) is not None
        values = [key[i] for i in r.order]
        return bool(rowio.find_equal(self.store, r.parent_index, values, V.sort_key, limit=1))

    def children(self, r: Resolved, key: tuple, limit: int | None = None,
                 action: bool = False) -> list[int]:
        """Rowids of child rows whose key equals the parent key ``key``, each column
        compared as ``parent = child`` (both affinities, the parent's collation) -- or, for
        an ``action``, as ``old.parent = child`` (the child's affinity alone)."""
        sides, index = (r.action_sides, r.action_index) if action else (r.sides, r.child_index)
        apply = V.apply_affinity
        key = tuple(apply(v, mine) if mine else v for v, (mine, _) in zip(key, sides))
        if index is not None:
            return rowio.find_equal(self.store, index, key, V.sort_key, limit)
        found = []
        compare = V.compare
        for rowid, record in self.store.table(r.child.file_id).scan():
            for pos, (_, theirs), collation, want in zip(r.child_cols, sides, r.collations, key):
                value = record[pos]
                if value is None or compare(apply(value, theirs) if theirs else value, want,
                                            collation) != 0:
                    break
            else:
                found.append(rowid)
                if limit is not None and len(found) >= limit:
                    break
        return found

    def explain(self, table, event: str) -> list[str]:
        """How the checks a write of ``event`` ('insert', 'update', 'delete') on ``table``
        will look rows up, one line per constraint, for EXPLAIN QUERY PLAN."""
        lines = []
        if event in ("insert", "update"):
            for fk in table.fk_out.values():
                r = self.resolve(fk)
                how = ("USING INTEGER PRIMARY KEY (rowid=?)" if r.parent_index is None else
                       f"USING INDEX {r.parent_index.name} ({_terms(r.parent, r.parent_index)})")
                lines.append(f"FOREIGN KEY {fk.child}({', '.join(fk.child_columns)}): "
                             f"SEARCH {r.parent.name} {how}")
        if event in ("update", "delete"):
            for fk in table.fk_in.values():
                r = self.resolve(fk)
                action = fk.on_delete if event == "delete" else fk.on_update
                if r.child_index is not None:
                    how = f"SEARCH {r.child.name} USING INDEX {r.child_index.name} " \
                          f"({_terms(r.child, r.child_index, len(r.child_cols))})"
                else:
                    how = f"SCAN {r.child.name}"
                lines.append(f"FOREIGN KEY {fk.child}({', '.join(fk.child_columns)}) "
                             f"ON {ascii_upper(event)} {action}: {how}")
        return lines

    def prepare(self, table, event: str, **how) -> bool:
        """What SQLite checks when it compiles a write of ``table``, before any row: each
        constraint the compiled statement uses must resolve (its parent table exists, its
        parent key is unique), or the statement fails with 'no such table' / 'foreign key
        mismatch' (fkprepare.py). ``event`` is 'insert' (keywords of
        ``Compilation.insert``), 'update' (``assigned``, ``conflict``) or 'delete'.
        Returns ``Compilation.multi`` (True when foreign keys are off)."""
        if not self.enabled:
            return True
        if event == "insert" and not table.fk_out and not table.fk_in:
            return how["multi"]             # no constraint to resolve (Compilation.insert)
        self._current()
        if event == "delete" and self._dropping:
            how = dict(how, dropping=True)
        key = (event, ascii_lower(table.name), self._defer_all, _frozen(how))
        if key not in self._prepared:       # SQLite too compiles once per schema
            compilation = Compilation(self)
            self._prepared[key] = (getattr(compilation, event)(table, **how), compilation.multi)
        error, multi = self._prepared[key]
        if error is None:
            return multi
        copy = type(error)(str(error))
        copy.compiling = True           # no statement ran: defer_foreign_keys stays on
        copy.in_program = getattr(error, "in_program", False)   # an action's program
        raise copy

    # -- hooks called for every row written ---------------------------------------------
    def active(self, table) -> bool:
        return self.enabled and (bool(table.fk_out) or bool(table.fk_in))

    def after_insert(self, txn, table, rowid: int, record: tuple) -> None:
        if not self.active(table):
            return
        for fk in newest_first(table.fk_in):
            self._take_back(fk, record)
        for fk in newest_first(table.fk_out):
            self._check_child(fk, table, rowid, record)

    def after_delete(self, txn, table, rowid: int, record: tuple,
                     read: tuple | None = None) -> None:
        """``record`` was just deleted. ``read``: the row as the statement read it before
        its BEFORE triggers ran (None: the same). SQLite checks the foreign keys of a
        deleted or updated row with those OLD values (delete.c, update.c): a parent key
        is looked for as it was read, and a child row's counted violations are handled
        by ``_read_differs``."""
        if not self.active(table):
            return
        old = record if read is None else read
        for fk in newest_first(table.fk_out):
            if self._dropping:
                self._dropped_without_parent(fk, table, rowid, old)
                continue
            r = self.resolve(fk)        # a missing or mismatched parent fails child deletes too
            if read is not None:
                self._read_differs(fk, rowid, record, read)
            if is_self_reference(r):
                self._deleted_own_child(r, fk, rowid, old)
        for fk in newest_first(table.fk_in):
            try:
                r = self.resolve(fk)
            except OperationalError:
                if self._dropping:
                    continue            # DROP TABLE's implicit DELETE does not check mismatches
                raise
            key = r.parent_key(old)
            if key is not None and not self.parent_exists(r, key):
                self._parent_key_gone(r, key, fk.on_delete, None)
        self._drain(txn)

    def after_update(self, txn, table, rowid: int, old: tuple, new: tuple, assigned: set,
                     moved_from: int | None = None, read: tuple | None = None) -> None:
        """``assigned``: the column positions the UPDATE sets (the rowid alias when it sets
        the rowid). ``moved_from``: the row's old rowid when the update moved it; violations
        recorded under that rowid follow the row (a move neither creates nor clears one).
        ``read`` as for ``after_delete``; ``old`` is the row as it was just overwritten."""
        if moved_from is not None and self.enabled:
            self._follow_move(table, moved_from, rowid)
        if not self.active(table):
            return
        stored, old = old, (old if read is None else read)
        for fk in newest_first(table.fk_in):
            if not _key_columns_changed(fk, table, old, new):
                continue                # other parent columns: no check (not even a mismatch)
            r = self.resolve(fk)
            old_key = r.parent_key(old)
            new_values = tuple(new[p] for p in r.parent_cols)
            if old_key is None or not _key_changed(old_key, new_values, r.collations):
                continue                # ON UPDATE fires only when the key really changes
            if not self.parent_exists(r, old_key):
                self._parent_key_gone(r, old_key, fk.on_update, new_values)
            self._take_back(fk, new)
        for fk in newest_first(table.fk_out):
            if _child_written(fk, table, assigned):
                if read is not None:
                    self._read_differs(fk, rowid, stored, read)
                self._check_child(fk, table, rowid, new)
        self._drain(txn)

    def _dropped_without_parent(self, fk, table, rowid: int, record: tuple) -> None:
        """DROP TABLE's DELETE removes a row of a child whose parent table does not exist.
        SQLite then takes one violation back for each row with a complete key, counted or
        not (fkey.c, sqlite3FkCheck when isIgnoreErrors), and a count below zero fails the
        statement -- or, for a deferred constraint, the COMMIT -- as any count does. A
        record that always fails stands for it (RowanDB keeps no counter to go negative)."""
        dictionary = self.dictionary_of(fk)
        if dictionary.table(fk.parent) is not None or dictionary.view(fk.parent) is not None:
            return                      # a mismatch is skipped; a parent is looked up
        if all(record[table.column_index(n)] is not None for n in fk.child_columns):
            self._record(fk, ("counted", fk, rowid))

    def _read_differs(self, fk, rowid: int, stored: tuple, read: tuple) -> None:
        """A child row is deleted or its key updated, and BEFORE triggers rewrote it after
        the statement read it. SQLite's violation counter took +1 when a trigger wrote the
        row with a key that has no parent (``stored``); the statement takes 1 back only if
        the key it read has no parent (fkey.c, fkLookupParent with the OLD registers). A
        record that re-checks the row cannot say so once the row is gone or holds another
        key, so a violation left counted becomes a record that always fails."""
        r = self.resolve(fk)
        if not any(_differs(stored[p], read[p]) for p in r.child_cols):
            return
        key = r.child_key(stored)
        if key is None or self.parent_exists(r, key) \
                or not (self.statement_checks.is_open(fk, rowid)
                        or self.deferred_checks.is_open(fk, rowid)):
            return                      # no violation of this row is counted now
        read_key = r.child_key(read)
        if read_key is None or self.parent_exists(r, read_key):
            self._record(fk, ("counted", fk, rowid))

    def _take_back(self, fk, record: tuple) -> None:
        """A parent row with a new key was written. SQLite takes back one counted violation
        for every child row equal to that key as ``parent = child`` compares, both
        affinities deciding (fkey.c, fkScanChildren) -- also a child whose own lookup, by
        the parent's affinity alone, still misses the parent: a NUMERIC child 0 and a
        STRICT ANY parent '0.0'. Each such record gets a later ("settled", fk, rowid)
        record that cancels it (fkchecks.py); being appended, it goes when a savepoint
        rolls back past it, as SQLite restores its counter. Any other record would pass
        its re-check anyway. The log's counts find the records of the children found
        directly, so each new parent key costs a lookup, not a pass over the log."""
        logs = [log for log in (self.statement_checks, self.deferred_checks)
                if log.has_children_of(fk)]
        if not logs:
            return
        r = self.resolve(fk)
        key = r.parent_key(record)
        if key is None:
            return
        for rowid in self.children(r, key):
            for log in logs:
                if log.is_open(fk, rowid):
                    log.settle(fk, rowid)

    def _follow_move(self, table, old_rowid: int, new_rowid: int) -> None:
        for log in (self.statement_checks, self.deferred_checks):
            log.move(table.name, old_rowid, new_rowid)

    def _deleted_own_child(self, r: Resolved, fk, rowid: int, old: tuple) -> None:
        """A row of a self-referencing table whose violation was counted for itself
        (fkself.py) was deleted. SQLite looks its parent up before the row goes, the row
        itself among the candidates, and takes the violation back when none holds the key
        (fuzz 78000038: a REPLACE deleting such a row); when one does -- the row itself by
        the parent's affinity -- the violation stays counted."""
        key = r.child_key(old)
        logs = [log for log in (self.statement_checks, self.deferred_checks)
                if log.is_open(fk, rowid)]
        if key is None or not logs or self.parent_exists(r, key) \
                or held_by_itself(r, key, old):
            return
        for log in logs:
            log.settle(fk, rowid)

    def _check_child(self, fk, table, rowid: int, record: tuple) -> None:
        r = self.resolve(fk)            # resolving raises mismatch even for NULL keys
        key = r.child_key(record)
        if key is not None and is_self_reference(r):    # found by stored value only
            if counted_for_itself(self.store, r, rowid, record, key):
                self._record(fk, ("child", fk, rowid, "counted"))
        elif key is not None and not self.parent_exists(r, key):
            self._record(fk, ("child", fk, rowid))

    def _parent_key_gone(self, r: Resolved, key: tuple, action: str, new_key) -> None:
        """The parent row holding ``key`` went away (deleted, or its key changed to
        ``new_key``): queue the constraint's action (run by ``_drain`` once the row's hooks
        are done), or record the children it leaves without a parent (NO ACTION) -- also,
        when the action compares otherwise (``Resolved.action_differs``), the children the
        violation count sees, in case the action misses some. A CASCADE or SET NULL on a
        child table with triggers may leave children too (a child's RAISE(IGNORE) keeps
        its row, RAISE(FAIL) stops the statement half way): SQLite's count still holds
        them and the statement fails its foreign key, so they are recorded as well."""
        if action in ACTIONS and not (action == "RESTRICT" and self.defer_all):
            self._queue.append((r, action, key, new_key, self._depth + 1))
            if not r.action_differs and not (action in ("CASCADE", "SET NULL")
                                             and self._child_triggers(r)):
                return
        if self.children(r, key, limit=1):
            self._record(r.fk, ("parent", r.fk, key))

    def _child_triggers(self, r: Resolved) -> bool:
        """Whether the child table of ``r`` has triggers that could stop an action."""
        return self.writers is not None \
            and self.writers(r.child).ctx.triggers_on(r.child) is not None

    def _record(self, fk, entry: tuple) -> None:
        if fk.deferred or self.defer_all:
            self.deferred_checks.append(entry)
        else:
            self.statement_checks.append(entry)

    @property
    def dropping(self) -> bool:
        """Whether DROP TABLE's implicit DELETE is running."""
        return self._dropping

    @property
    def defer_all(self) -> bool:
        """PRAGMA defer_foreign_keys. Setting it OFF, even when it was off, forgets every
        violation waiting for COMMIT: SQLite 3.54 zeroes both of its deferred counters,
        the one of the immediate constraints the pragma deferred and the one of
        DEFERRABLE INITIALLY DEFERRED constraints (pragma.c, the flag pragmas; 3.40
        zeroed only the first). A ROLLBACK TO past the pragma brings them back."""
        return self._defer_all

    @defer_all.setter
    def defer_all(self, on: bool) -> None:
        if not on and self.deferred_checks:
            self.deferred_checks.zero()
        self._defer_all = on

    # -- actions -------------------------------------------------------------------------
    def _drain(self, txn) -> None:
        """Run the actions the row just written set off, and theirs, depth first: each
        action is a generator that yields after each child row it writes, and the actions
        that row set off run to the end before the generator resumes."""
        if self._draining:
            return
        self._draining = True
        try:
            stack = []
            while True:
                if self._queue:
                    stack.append(self._run_actions(txn, self._queue))
                    self._queue = []
                if not stack:
                    break
                if next(stack[-1], _DONE) is _DONE:
                    stack.pop()
        finally:
            self._queue = []
            self._draining = False
            self._depth = 0

    def _run_actions(self, txn, actions: list):
        for action in actions:
            yield from self._act(txn, *action)

    def _act(self, txn, r: Resolved, action: str, key: tuple, new_key, depth: int):
        """One action on the children of the parent key ``key``, as the statement fkey.c
        makes of it: ``SELECT RAISE(ABORT)`` for RESTRICT, else ``DELETE`` (ON DELETE
        CASCADE) or ``UPDATE ... SET child columns`` of the child rows found first, each
        checked as such an UPDATE is, OR ABORT."""
        if action == "RESTRICT":
            if self.children(r, key, limit=1, action=True):
                raise ForeignKeyError()
            return
        child = r.child
        if action == "CASCADE" and new_key is None and depth < MAX_DEPTH:
            writer = self.writers(child)
            if is_leaf(self, writer, child):
                changed = cascade_leaf(self, txn, writer, r, key)
                if changed is not None:
                    if changed and self.counted is not None:
                        self.counted(changed)
                    return
        file = self.store.table(child.file_id)
        rowids = self.children(r, key, action=True)
        if not rowids:
            return
        if depth >= MAX_DEPTH:                # a level that changes rows counts as recursion
            raise OperationalError("too many levels of trigger recursion")
        writer = self.writers(child)
        if action == "CASCADE" and new_key is None and is_leaf(self, writer, child):
            changed = delete_leaf_children(self, txn, writer, child, file, rowids)
            if changed and self.counted is not None:
                self.counted(changed)
            return
        plan = writer.plan(frozenset(r.child_cols))
        changed = 0
        for rowid in rowids:
            old = file.get(rowid)
            if old is None:
                continue
            self._depth = depth
            triggers = writer.ctx.triggers_on(child)
            if action == "CASCADE" and new_key is None:      # ON DELETE CASCADE
                if triggers is not None:                    # the child's triggers fire
                    written = triggers.delete_row(writer, txn, rowid, orconf="ABORT")
                else:
                    written = writer.delete(txn, rowid) or True
            else:
                values = list(zip(r.child_cols, self._replacement(r, action, new_key)))
                env = [None] * writer.env_size
                written = triggers.update_row(writer, txn, env, rowid, old, values, "ABORT",
                                              plan, orconf="ABORT") if triggers is not None \
                    else writer.update_row(txn, env, rowid, old, values, "ABORT", plan)
                if written is not None and action == "SET DEFAULT":
                    new, new_rowid = written        # the default needs a parent too
                    self._check_child(r.fk, child, new_rowid, new)
            changed += bool(written)
            yield
        if changed and self.counted is not None:
            self.counted(changed)       # as the action's statement ends (not if it failed)

    def _replacement(self, r: Resolved, action: str, new_key) -> list:
        """The values an action writes into the child columns, before their affinity."""
        if action == "CASCADE":
            return list(new_key)
        if action == "SET NULL":
            return [None] * len(r.child_cols)
        thunks = self.defaults(r.child) if self.defaults is not None else None
        return [thunks[p]() if thunks and thunks[p] else None for p in r.child_cols]

    # -- verification ------------------------------------------------------------------
    def violated(self, entry) -> bool:
        kind, fk, data = entry[:3]
        if kind == "counted":
            return True                 # see _read_differs
        if not self._child_kept(fk):
            return False
        try:
            r = self.resolve(fk)
        except OperationalError:
            return self._orphaned_by_drop(fk)
        if kind == "child" and len(entry) > 3:
            return True                 # counted for a row as its own parent (fkself.py)
        if kind == "child":
            record = self.store.table(r.child.file_id).get(data)
            if record is None:
                return False
            key = r.child_key(record)
            return key is not None and not self.parent_exists(r, key)
        return not self.parent_exists(r, data) and bool(self.children(r, data, limit=1))

    def _child_kept(self, fk) -> bool:
        """Whether ``fk``'s child table still holds the constraint. DROP TABLE of a child
        deletes its rows first, in SQLite only to take back the violations they counted
        (fkey.c, sqlite3FkDropTable): once the table is gone, its records hold nothing. A
        ROLLBACK TO before the DROP brings the table back with the same constraint."""
        child = self.dictionary_of(fk).table(fk.child)
        return child is not None and fk.id in child.fk_out

    def _orphaned_by_drop(self, fk) -> bool:
        """The parent table was dropped after the record was made: any child row with a
        complete key is now a violation."""
        child = self.dictionary_of(fk).table(fk.child)
        if child is None:
            return False
        cols = [child.column_index(n) for n in fk.child_columns]
        return any(all(record[c] is not None for c in cols)
                   for _, record in self.store.table(child.file_id).scan())

    def end_statement(self) -> None:
        """Verify the immediate records of the statement that just ran."""
        checks, self.statement_checks = self.statement_checks, CheckLog()
        if any(self.violated(entry) for entry in checks.live()):
            raise ForeignKeyError()

    def check_deferred(self) -> None:
        """Verify the deferred records at COMMIT (the transaction stays open on failure)."""
        self.deferred_checks = CheckLog(e for e in self.deferred_checks.live()
                                        if self.violated(e))
        if self.deferred_checks:
            error = ForeignKeyError()
            error.at_commit = True          # the statement wrote its rows (session.py)
            raise error

    def mark(self) -> int:
        return len(self.deferred_checks)

    def rollback_to(self, mark: int) -> None:
        self.deferred_checks.truncate(mark)
        self.statement_checks.clear()
        self._queue.clear()

    def reset(self, wrote: bool = True) -> None:
        """The transaction ended: nothing is pending any more. PRAGMA defer_foreign_keys
        lasts until the transaction ends — in autocommit mode, until the next statement
        other than a PRAGMA ends (``wrote`` False keeps it), as in SQLite."""
        self.statement_checks.clear()
        self.deferred_checks.clear()
        self._queue.clear()
        if wrote:
            self._defer_all = False

    def before_drop_table(self, txn, table, delete_all) -> None:
        """DROP TABLE of a parent first deletes every row through the FK machinery (an
        implicit DELETE FROM); it fails if that leaves an immediate constraint violated."""
        if self.enabled and table.fk_in:
            self._dropping = True
            try:
                delete_all()
            finally:
                self._dropping = False
            self.end_statement()


def foreign_key_check(fkeys: ForeignKeys, tables: list) -> list[tuple]:
    """PRAGMA foreign_key_check rows: (table, rowid, parent, fkid) for every child row
    whose complete key has no parent (rowid NULL in a WITHOUT ROWID table, as documented);
    enforcement on or off."""
    rows = []
    for table in tables:
        numbered = list(enumerate(sorted(table.fk_out.values(), key=lambda fk: -fk.seq)))
        for _, fk in numbered:
            if _named_parent(fkeys.dictionary_of(fk), fk):
                fkeys.resolve(fk)       # a mismatched constraint fails the check outright
        for _, record_rowid, record in _rows(fkeys.store, table):
            for fkid, fk in numbered:
                if _orphan(fkeys, fk, record):
                    rowid = None if table.without_rowid else record_rowid
                    rows.append((table.name, rowid, fk.parent, fkid))
    return rows


def _frozen(value):
    """``value`` made hashable: containers as tuples, an index by its name."""
    if isinstance(value, dict):
        return tuple(sorted((k, _frozen(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, (set, frozenset)):
        return frozenset(value)
    if value is None or isinstance(value, (str, int)):
        return value
    return value.name
def _named_parent(dictionary, fk) -> bool:
    """Whether the parent a constraint names exists: a table, or a view (a mismatch)."""
    return dictionary.table(fk.parent) is not None or dictionary.view(fk.parent) is not None


def _rows(store, table):
    for rowid, record in store.table(table.file_id).scan():
        yield table, rowid, record


def _orphan(fkeys: ForeignKeys, fk, record) -> bool:
    try:
        r = fkeys.resolve(fk)
    except OperationalError:
        if _named_parent(fkeys.dictionary_of(fk), fk):
            raise
        child = fkeys.dictionary_of(fk).table(fk.child)
        return all(record[child.column_index(n)] is not None for n in fk.child_columns)
    key = r.child_key(record)
    if key is not None and r.parent_index is None:  # the check seeks the rowid as WHERE does
        key = (V.seek_rowid(key[0]),)
    return key is not None and not fkeys.parent_exists(r, key)


def _parent_index(parent, parent_cols):
    """The UNIQUE/PRIMARY KEY index whose columns are exactly the parent key columns, with
    the parent columns' collations, and the constraint position of each index column.
    The newest such index, as sqlite3FkLocateIndex walks SQLite's list of them (its order
    is that of an action's SET list)."""
    wanted = set(parent_cols)
    for index in parent.index_list:
        if not index.unique or len(index.columns) != len(parent_cols) or index.partial:
            continue
        cols = [c.column for c in index.columns]
        if set(cols) != wanted:
            continue
        if any(c.collation != parent.columns[c.column].collation for c in index.columns):
            continue
        return index, tuple(parent_cols.index(c) for c in cols)
    return None, ()


def _child_index(child, child_cols, collations, sides):
    """An index whose leading columns are the child columns (in constraint order), with
    the parent's collations, on columns whose stored values the comparison leaves as they
    are (a numeric conversion of a numeric-affinity column changes nothing stored)."""
    n = len(child_cols)
    for index in child.indexes:
        if index.partial:
            continue
        lead = index.columns[:n]
        if len(lead) < n or tuple(c.column for c in lead) != child_cols:
            continue
        if any(c.collation != coll for c, coll in zip(lead, collations)):
            continue
        if any(theirs and not (theirs == "NUMERIC" and child.columns[p].affinity in _NUMERIC)
               for p, (_, theirs) in zip(child_cols, sides)):
            continue
        return index
    return None


_NUMERIC = ("INTEGER", "REAL", "NUMERIC")


def _terms(table, index, count: int | None = None) -> str:
    cols = index.columns[:count] if count else index.columns
    return " AND ".join(f"{table.columns[c.column].name}=?" for c in cols)


def _differs(a, b) -> bool:
    return type(a) is not type(b) or a != b


def _key_changed(old_key, new_values, collations) -> bool:
    """SQLite compares old and new parent keys as values: 1 -> '1' (stored as 1 in an
    INTEGER column) or 'abc' -> 'ABC' under NOCASE is not a change."""
    for a, b, collation in zip(old_key, new_values, collations):
        if b is None or V.compare(a, b, collation) != 0:
            return True
    return False


def _key_columns_changed(fk, table, old, new) -> bool:
    """Whether an UPDATE wrote new values into the columns ``fk`` names as its parent key
    (by name, or the primary key when it names none) — decided before resolving ``fk``.
    A name that is no column of the table, or a primary key the table lacks, is never
    written (fkey.c, fkParentIsModified), so such a broken constraint is not looked up."""
    cols = parent_columns(fk, table)
    return any(c is not None and _differs(old[c], new[c]) for c in cols)


def _child_written(fk, table, assigned: set) -> bool:
    """Whether an UPDATE's new row must find its parent through ``fk``. SQLite decides
    when it compiles the UPDATE, not by the values (fkey.c, sqlite3FkCheck): when the
    statement sets a child column of ``fk`` -- so setting an orphan's key to itself fails
    -- and, for a key referencing its own table, whenever it sets any key column of the
    table (sqlite3FkRequired)."""
    if any(table.column_index(n) in assigned for n in fk.child_columns):
        return True
    if ascii_lower(fk.parent) != ascii_lower(table.name):
        return False
    return any(table.column_index(n) in assigned for f in table.fk_out.values()
               for n in f.child_columns) \
        or any(c in assigned for f in table.fk_in.values() for c in parent_columns(f, table))

