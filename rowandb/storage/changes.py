"""A committed transaction's change set: derived from its undo log, encoded for the redo log,
decoded and re-applied by recovery.

At commit the undo log is exactly the set of changes that survive (savepoint rollbacks have
already removed theirs). For every row and index entry it names, the *first* undo entry
tells whether it existed before the transaction, and the store tells whether it exists now;
only the net difference is logged:

* ``CREATE fid gen kind name`` for every file created (and not dropped again);
* per changed table: optional ``CLEAR``, then ``INSERT``/``UPDATE`` with the row's current
  record or ``DELETE``;
* per changed index: ``ADD``/``REMOVE`` of entries;
* ``DROP fid gen`` for every pre-existing file dropped.

Every section names the file id *and its generation*: a generation is handed out once per
file ever created, so after an id has been dropped and reused, records of the old owner can
never be applied to the new one -- recovery checks the pair and reports a mismatch as
corruption. Replay is strict (an INSERT must find the rowid free, a DELETE must find the row),
so any disagreement between log and checkpoint is caught rather than silently absorbed.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

from sortedcontainers import SortedDict, SortedList

from ..errors import CorruptDatabaseError
from .codec import Reader, encode_record, encode_value
from .formats import KIND_CODES, KIND_NAMES
from .memory import (UNDO_CLEAR, UNDO_CREATE_FILE, UNDO_DROP_FILE, UNDO_INSERT,
                     UNDO_REMOVE_ENTRY, UNDO_UPDATE)

SEC_CREATE, SEC_DROP, SEC_TABLE, SEC_INDEX = 0x43, 0x44, 0x54, 0x58     # C D T X
OP_INSERT, OP_UPDATE, OP_DELETE = 0x49, 0x55, 0x2D                     # I U -
OP_ADD, OP_REMOVE = 0x2B, 0x2F                                         # + /
_SEC = struct.Struct(">BQQ")
_ROW = struct.Struct(">Bq")
_U32 = struct.Struct(">I")


@dataclass
class ChangeSet:
    creates: list = field(default_factory=list)    # (fid, gen, kind, name)
    tables: list = field(default_factory=list)     # (fid, gen, cleared, [(op, rowid, record)])
    indexes: list = field(default_factory=list)    # (fid, gen, [(op, entry)])
    drops: list = field(default_factory=list)      # (fid, gen)

    def __bool__(self) -> bool:
        return bool(self.creates or self.tables or self.indexes or self.drops)

    def touched(self) -> set:
        """File ids whose content changed (created files included, dropped ones not)."""
        ids = {c[0] for c in self.creates}
        ids.update(t[0] for t in self.tables)
        ids.update(i[0] for i in self.indexes)
        ids.difference_update(d[0] for d in self.drops)
        return ids


def derive(undo: list, files: dict) -> ChangeSet:
    """The net change set of a transaction about to commit (``files``: the store's files)."""
    rows: dict = {}        # fid -> {rowid: existed before}
    entries: dict = {}     # fid -> {entry: existed before}
    created: list = []
    dropped: dict = {}     # fid -> old file object
    cleared: set = set()
    last_fid, last_map = None, None
    for u in undo:
        op = u[0]
        if op <= UNDO_UPDATE:
            if u[1] != last_fid or last_map is not rows.get(u[1]):
                last_fid, last_map = u[1], rows.setdefault(u[1], {})
            last_map.setdefault(u[2], op != UNDO_INSERT)
        elif op <= UNDO_REMOVE_ENTRY:
            if u[1] != last_fid or last_map is not entries.get(u[1]):
                last_fid, last_map = u[1], entries.setdefault(u[1], {})
            last_map.setdefault(u[2], op == UNDO_REMOVE_ENTRY)
        elif op == UNDO_CREATE_FILE:
            created.append(u[1])
        elif op == UNDO_DROP_FILE:
            dropped[u[1]] = u[2]
        elif op == UNDO_CLEAR:
            cleared.add(u[1])
    changes = ChangeSet()
    for fid in created:
        if fid not in dropped:
            file = files[fid]
            changes.creates.append((fid, file.generation, file.kind, file.name))
    for fid in set(rows) | cleared:
        if fid not in dropped:
            _table_changes(changes, files[fid], rows.get(fid, {}), fid in cleared)
    for fid, touched in entries.items():
        if fid not in dropped:
            _index_changes(changes, files[fid], touched)
    created_set = set(created)
    for fid, old in dropped.items():
        if fid not in created_set:
            changes.drops.append((fid, old.generation))
    return changes


def _table_changes(changes: ChangeSet, file, touched: dict, cleared: bool) -> None:
    current = file.rows
    ops = []
    if cleared:
        ops = [(OP_INSERT, rowid, record) for rowid, record in current.items()]
    else:
        get = current.get
        for rowid, existed in touched.items():
            now = get(rowid)
            if now is None:
                if existed:
                    ops.append((OP_DELETE, rowid, None))
            else:
                ops.append((OP_UPDATE if existed else OP_INSERT, rowid, now))
    if ops or cleared:
        changes.tables.append((file.file_id, file.generation, cleared, ops))


def _index_changes(changes: ChangeSet, file, touched: dict) -> None:
    present = file.entries.__contains__
    ops = []
    for entry, existed in touched.items():
        now = present(entry)
        if now != existed:
            ops.append((OP_ADD if now else OP_REMOVE, entry))
    if ops:
        changes.indexes.append((file.file_id, file.generation, ops))


# ---------------------------------------------------------------------------------------
# encoding
# ---------------------------------------------------------------------------------------

def encode_changes(changes: ChangeSet) -> bytes:
    out = bytearray()
    for fid, gen, kind, name in changes.creates:
        data = name.encode("utf-8", "surrogatepass")
        out += _SEC.pack(SEC_CREATE, fid, gen)
        out += struct.pack(">BH", KIND_CODES[kind], len(data))
        out += data
    for fid, gen, cleared, ops in changes.tables:
        out += _SEC.pack(SEC_TABLE, fid, gen)
        out += struct.pack(">BI", 1 if cleared else 0, len(ops))
        pack = _ROW.pack
        for op, rowid, record in ops:
            out += pack(op, rowid)
            if op != OP_DELETE:
                encode_record(record, out)
    for fid, gen, ops in changes.indexes:
        out += _SEC.pack(SEC_INDEX, fid, gen)
        out += _U32.pack(len(ops))
        for op, entry in ops:
            out.append(op)
            encode_value(entry, out)
    for fid, gen in changes.drops:
        out += _SEC.pack(SEC_DROP, fid, gen)
    return bytes(out)


def decode_changes(payload: bytes, where: str) -> ChangeSet:
    r = Reader(payload, where)
    changes = ChangeSet()
    while not r.at_end():
        section, fid, gen = r.u8(), r.u64(), r.u64()
        if section == SEC_CREATE:
            kind = r.u8()
            if kind not in KIND_NAMES:
                r.fail(f"bad file kind {kind}")
            changes.creates.append((fid, gen, KIND_NAMES[kind], r.short_text()))
        elif section == SEC_TABLE:
            cleared, count = r.u8(), r.u32()
            ops = []
            append, record, need, unpack = ops.append, r.record, r.need, _ROW.unpack_from
            for _ in range(count):
                op, rowid = unpack(payload, need(9))
                if op == OP_INSERT or op == OP_UPDATE:
                    append((op, rowid, record()))
                elif op == OP_DELETE:
                    append((op, rowid, None))
                else:
                    r.fail(f"bad row operation {op}")
            changes.tables.append((fid, gen, bool(cleared), ops))
        elif section == SEC_INDEX:
            ops = []
            for _ in range(r.u32()):
                op = r.u8()
                if op not in (OP_ADD, OP_REMOVE):
                    r.fail(f"bad index operation {op}")
                ops.append((op, r.entry()))
            changes.indexes.append((fid, gen, ops))
        elif section == SEC_DROP:
            changes.drops.append((fid, gen))
        else:
            r.fail(f"unknown section {section}")
    return changes


# ---------------------------------------------------------------------------------------
# replay
# ---------------------------------------------------------------------------------------

class Replay:
    """Recovery's working copies: plain dicts and sets while the log is replayed.

    Applying one transaction after another to ``SortedDict``/``SortedList`` costs a bisect
    per row; a replay works on a dict (rows) or a set (entries) per file -- C-speed,
    strict membership checks included -- and sorts each file once at the end."""

    def __init__(self, store):
        self.store = store
        self.rows: dict = {}        # (fid, gen) -> (file object, {rowid: record})
        self.entries: dict = {}     # (fid, gen) -> (file object, {entry})

    def rows_of(self, file) -> dict:
        key = (file.file_id, file.generation)
        found = self.rows.get(key)
        if found is None or found[0] is not file:
            found = self.rows[key] = (file, dict(file.rows))
        return found[1]

    def entries_of(self, file) -> set:
        key = (file.file_id, file.generation)
        found = self.entries.get(key)
        if found is None or found[0] is not file:
            found = self.entries[key] = (file, set(file.entries))
        return found[1]

    def finish(self) -> None:
        """Sort the working copies back into the files that still exist."""
        files = self.store.files
        for (fid, _), (file, rows) in self.rows.items():
            if files.get(fid) is file:
                file.rows = SortedDict(rows)
        for (fid, _), (file, entries) in self.entries.items():
            if files.get(fid) is file:
                file.entries = SortedList(entries)
        self.rows.clear()
        self.entries.clear()


def apply_changes(store, changes: ChangeSet, where: str, replay: Replay) -> None:
    """Re-apply a committed change set during recovery (``replay.finish()`` at the end)."""
    for fid, gen, kind, name in changes.creates:
        if store.files.get(fid) is not None:
            raise CorruptDatabaseError(f"{where}: creates file id {fid} which is in use")
        store.replay_create(fid, gen, kind, name)
    for fid, gen, cleared, ops in changes.tables:
        rows = replay.rows_of(_owned(store, fid, gen, "table", where))
        store.mark_dirty(fid)
        if cleared:
            rows.clear()
        _replay_rows(rows, ops, fid, where)
    for fid, gen, ops in changes.indexes:
        entries = replay.entries_of(_owned(store, fid, gen, "index", where))
        store.mark_dirty(fid)
        for op, entry in ops:
            if op == OP_ADD:
                if entry in entries:
                    raise CorruptDatabaseError(f"{where}: adds an existing entry of index "
                                               f"file {fid}")
                entries.add(entry)
            elif entry in entries:
                entries.remove(entry)
            else:
                raise CorruptDatabaseError(f"{where}: removes a missing entry of index "
                                           f"file {fid}")
    for fid, gen in changes.drops:
        _owned(store, fid, gen, None, where)
        store.replay_drop(fid)


def _replay_rows(rows: dict, ops: list, fid: int, where: str) -> None:
    """Apply one table's row operations strictly."""
    for op, rowid, record in ops:
        if (op == OP_INSERT) == (rowid in rows):
            raise CorruptDatabaseError(
                f"{where}: {'insert of existing' if op == OP_INSERT else 'change of missing'} "
                f"row {rowid} in file {fid}")
        if op == OP_DELETE:
            del rows[rowid]
        else:
            rows[rowid] = record


def _owned(store, fid: int, gen: int, kind, where: str):
    """The loaded file ``fid`` if its current owner is generation ``gen``; else corruption."""
    file = store.files.get(fid)
    if file is None or file.generation != gen:
        owner = "no file" if file is None else f"generation {file.generation}"
        raise CorruptDatabaseError(
            f"{where}: record for file {fid} generation {gen}, but that id holds {owner}")
    if kind is None:
        return file
    return store.table(fid) if kind == "table" else store.index(fid)
