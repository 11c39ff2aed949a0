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

A table's row operations and an index's entry operations are kept column by column
(``RowOps``, ``EntryOps``) from derive through encoding (``columns.py``), and from decoding
through the replay, so a bulk load or a recovery does not build a tuple per operation.
Recovery works on plain dicts (``Replay``) and applies a batch of inserts or adds in one
C-speed step when it can, falling back to the strict operation-by-operation path to name
the offending row.

Every section names the file id *and its generation*: a generation is handed out once per
file ever created, so after an id has been dropped and reused, records of the old owner can
never be applied to the new one -- recovery checks the pair and reports a mismatch as
corruption. Replay is strict (an INSERT must find the rowid free, a DELETE must find the row),
so any disagreement between log and checkpoint is caught rather than silently absorbed.
"""

from __future__ import annotations

import struct
from array import array
from collections import Counter
from dataclasses import dataclass, field
from itertools import chain, compress, islice
from operator import itemgetter, lt

from ..errors import CorruptDatabaseError
from .codec import Reader
from .columns import (decode_entries, decode_int64s, decode_rows, encode_entries, encode_rows,
                      pack_int64s)
from .formats import KIND_CODES, KIND_NAMES
from .memory import (UNDO_ADD_ENTRIES, UNDO_ADD_ENTRY, UNDO_CLEAR, UNDO_CREATE_FILE,
                     UNDO_DELETE, UNDO_DELETE_MANY, UNDO_DROP_FILE, UNDO_FILL, UNDO_INSERT,
                     UNDO_INSERT_MANY, UNDO_REMOVE_ENTRIES, UNDO_REMOVE_ENTRY, UNDO_UPDATE,
                     UNDO_UPDATE_MANY, expand_undo)
from .packedentries import CodeBatch, IndexEntries
from .rowruns import RowidMap

SEC_CREATE, SEC_DROP, SEC_TABLE, SEC_INDEX = 0x43, 0x44, 0x54, 0x58     # C D T X
OP_INSERT, OP_UPDATE, OP_DELETE = 0x49, 0x55, 0x2D                     # I U -
OP_ADD, OP_REMOVE = 0x2B, 0x2F                                         # + /
_ROW_OPS = bytes((OP_INSERT, OP_UPDATE, OP_DELETE))
_ENTRY_OPS = bytes((OP_ADD, OP_REMOVE))
_SEC = struct.Struct(">BQQ")
_KIND_NAME = struct.Struct(">BH")
_FLAGS_COUNT = struct.Struct(">BI")
_U32 = struct.Struct(">I")
SECTION_OPS = 4096      # row operations per table section (a larger change: several)


class RowOps:
    """One table's row operations, kept column by column: ``codes`` (one op byte each),
    ``rowids``, and ``records`` -- the records of the inserts and updates only, in order.

    It iterates as ``(op, rowid, record or None)`` triples and equals a list of them, so a
    change set may hold either; derive and decode build this form, which the encoder and
    the replay use without building a tuple per row."""

    __slots__ = ("codes", "rowids", "records")

    def __init__(self, codes: bytes, rowids, records):
        self.codes, self.rowids, self.records = codes, rowids, records

    @classmethod
    def of(cls, triples) -> "RowOps":
        """From ``(op, rowid, record or None)`` triples."""
        if type(triples) is cls:
            return triples
        codes = bytes(map(itemgetter(0), triples))
        records = map(itemgetter(2), triples)
        if OP_DELETE in codes:
            records = compress(records, map(OP_DELETE.__ne__, codes))
        return cls(codes, list(map(itemgetter(1), triples)), list(records))

    def __len__(self) -> int:
        return len(self.codes)

    def __iter__(self):
        if OP_DELETE not in self.codes:
            return zip(self.codes, self.rowids, self.records)
        record = iter(self.records).__next__
        return iter([(op, rowid, None if op == OP_DELETE else record())
                     for op, rowid in zip(self.codes, self.rowids)])

    def __eq__(self, other) -> bool:
        if isinstance(other, (list, tuple, RowOps)):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None

    def __repr__(self) -> str:
        return f"RowOps({list(self)!r})"


class EntryOps:
    """One index's entry operations, column by column: ``codes`` and ``entries``. Iterates
    as ``(op, entry)`` pairs and equals a list of them (see ``RowOps``)."""

    __slots__ = ("codes", "entries")

    def __init__(self, codes: bytes, entries):
        self.codes, self.entries = codes, entries

    @classmethod
    def of(cls, pairs) -> "EntryOps":
        if type(pairs) is cls:
            return pairs
        return cls(bytes(map(itemgetter(0), pairs)), list(map(itemgetter(1), pairs)))

    def __len__(self) -> int:
        return len(self.codes)

    def __iter__(self):
        return zip(self.codes, self.entries)

    def __eq__(self, other) -> bool:
        if isinstance(other, (list, tuple, EntryOps)):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None

    def __repr__(self) -> str:
        return f"EntryOps({list(self)!r})"


@dataclass
class ChangeSet:
    creates: list = field(default_factory=list)    # (fid, gen, kind, name)
    tables: list = field(default_factory=list)     # (fid, gen, cleared, RowOps or triples)
    indexes: list = field(default_factory=list)    # (fid, gen, EntryOps or (op, entry) pairs)
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
    kinds = set(map(itemgetter(0), undo))
    if kinds <= _APPEND_ONLY:
        try:
            return _derive_appends(undo, files, kinds)
        except KeyError:                   # not the shape the fast path assumes
            pass
    if kinds <= _UPDATES_ONLY:
        return _derive_updates(undo, files)
    if kinds <= _DELETES_ONLY:
        return _derive_deletes(undo, files)
    rows: dict = {}        # fid -> {rowid: existed before}
    entries: dict = {}     # fid -> {entry: existed before}
    created: list = []
    dropped: dict = {}     # fid -> old file object
    cleared: set = set()
    last_fid, last_map = None, None
    for u in expand_undo(undo):
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
        elif op == UNDO_UPDATE_MANY:           # one UNDO_UPDATE per rowid
            if u[1] != last_fid or last_map is not rows.get(u[1]):
                last_fid, last_map = u[1], rows.setdefault(u[1], {})
            for rowid in u[2]:
                last_map.setdefault(rowid, True)
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
        rowids, records = current.columns()
        ops = RowOps(bytes([OP_INSERT]) * len(rowids), rowids, records)
    else:
        # the current records in one batch (runs walked once), not one lookup per row
        for (rowid, existed), now in zip(touched.items(), current.records_of(list(touched))):
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


_APPEND_ONLY = frozenset((UNDO_INSERT, UNDO_ADD_ENTRY, UNDO_CREATE_FILE, UNDO_INSERT_MANY,
                          UNDO_ADD_ENTRIES))


def _derive_appends(undo: list, files: dict, kinds: set) -> ChangeSet:
    """``derive`` for a transaction that only created files, inserted rows and added
    entries (a bulk load): nothing it touched existed before, everything still exists, and
    every row and entry appears once in the undo log -- so every one is an INSERT/ADD."""
    changes = ChangeSet()
    for fid in _by_file(undo, UNDO_CREATE_FILE, kinds):
        file = files[fid]
        changes.creates.append((fid, file.generation, file.kind, file.name))
    for fid, rowids in _appended(undo, UNDO_INSERT, UNDO_INSERT_MANY, kinds).items():
        file = files[fid]
        records = file.rows.records_within(rowids) \
            if type(rowids) is range and rowids.step == 1 and rowids else None
        if records is None:                 # rowids of chunks not one range, or rows gone
            records = file.rows.records_of(rowids)
            if None in records:             # a row gone again: not this shape
                raise KeyError(fid)
        ops = RowOps(bytes([OP_INSERT]) * len(rowids), rowids, records)
        changes.tables.append((fid, file.generation, False, ops))
    for fid, entries in _appended(undo, UNDO_ADD_ENTRY, UNDO_ADD_ENTRIES, kinds).items():
        ops = EntryOps(bytes([OP_ADD]) * len(entries), entries)
        changes.indexes.append((fid, files[fid].generation, ops))
    return changes


_UPDATES_ONLY = frozenset((UNDO_UPDATE, UNDO_UPDATE_MANY))


def _derive_updates(undo: list, files: dict) -> ChangeSet:
    """``derive`` for a transaction that only replaced rows in place (UPDATEs that kept
    every rowid and index entry): every row it names existed before and exists now, so
    each is one UPDATE with its current record, in the order first touched."""
    touched: dict = {}          # fid -> [rowid, or a batch's list of distinct rowids]
    for u in undo:
        touched.setdefault(u[1], []).append(u[2])
    changes = ChangeSet()
    for fid, parts in touched.items():
        file = files[fid]
        if len(parts) == 1 and type(parts[0]) is list:
            rowids = parts[0]                   # one batch: each rowid once already
        else:
            rowids = list(dict.fromkeys(chain.from_iterable(
                p if type(p) is list else (p,) for p in parts)))
        ops = RowOps(bytes([OP_UPDATE]) * len(rowids), rowids, file.rows.records_of(rowids))
        changes.tables.append((fid, file.generation, False, ops))
    return changes


_DELETES_ONLY = frozenset((UNDO_DELETE, UNDO_DELETE_MANY, UNDO_REMOVE_ENTRY,
                           UNDO_REMOVE_ENTRIES, UNDO_FILL))


def _derive_deletes(undo: list, files: dict) -> ChangeSet:
    """``derive`` for a transaction that only deleted rows and removed index entries (a
    DELETE and its cascades): with nothing inserted or added, no row or entry can be
    removed twice, and none that was removed exists now -- so each is one DELETE or
    REMOVE, in the order removed, and the store need not be asked."""
    rows: dict = {}             # fid -> [a 1-tuple of a rowid, or a batch's rowids]
    entries: dict = {}          # fid -> [a 1-tuple of an entry, or a batch of entries]
    for u in undo:
        op = u[0]
        if op == UNDO_DELETE:
            rows.setdefault(u[1], []).append((u[2],))
        elif op == UNDO_DELETE_MANY:
            rows.setdefault(u[1], []).append(u[2])
        elif op == UNDO_REMOVE_ENTRY:
            entries.setdefault(u[1], []).append((u[2],))
        elif op == UNDO_REMOVE_ENTRIES:
            entries.setdefault(u[1], []).append(u[2])
    changes = ChangeSet()
    for fid, parts in rows.items():
        rowids = _joined(parts)
        ops = RowOps(bytes([OP_DELETE]) * len(rowids), rowids, [])
        changes.tables.append((fid, files[fid].generation, False, ops))
    for fid, parts in entries.items():
        removed = _joined(parts)            # packed runs: one CodeBatch, no tuples
        ops = EntryOps(bytes([OP_REMOVE]) * len(removed), removed)
        changes.indexes.append((fid, files[fid].generation, ops))
    return changes


def _appended(undo: list, single: int, batch: int, kinds: set) -> dict:
    """{fid: [rowids or entries]} of the single and the batch undo entries of one kind; a
    packed index's batches alone stay one ``CodeBatch`` (written column by column)."""
    if batch not in kinds:
        return _by_file(undo, single, kinds)
    pieces: dict = {}               # fid -> [a batch, or a 1-tuple of a single item]
    for u in undo:
        if u[0] == single:
            pieces.setdefault(u[1], []).append((u[2],))
        elif u[0] == batch:
            pieces.setdefault(u[1], []).append(u[2])
    return {fid: _joined(found) for fid, found in pieces.items()}


def _joined(pieces: list):
    """The items of ``pieces`` in order: a ``CodeBatch`` if all are, one ``range`` if
    they are ranges each starting where the one before stops, else a list."""
    if all(type(piece) is CodeBatch for piece in pieces):
        return pieces[0] if len(pieces) == 1 else CodeBatch.joined(pieces)
    if len(pieces) == 1 and type(pieces[0]) is list:
        return pieces[0]
    if all(type(piece) is range and piece.step == 1 for piece in pieces) \
            and all(a.stop == b.start for a, b in zip(pieces, pieces[1:])):
        return range(pieces[0].start, pieces[-1].stop)    # chunks of consecutive rowids
    return list(chain.from_iterable(pieces))


def _by_file(undo: list, kind: int, kinds: set) -> dict:
    """{fid: [the rowids or entries of the undo entries of ``kind``]}, in undo order."""
    if kind not in kinds:
        return {}
    chosen = undo if len(kinds) == 1 else \
        list(compress(undo, map(kind.__eq__, map(itemgetter(0), undo))))
    fids = dict.fromkeys(map(itemgetter(1), chosen))
    if kind == UNDO_CREATE_FILE:
        return fids
    if len(fids) == 1:
        return {chosen[0][1]: list(map(itemgetter(2), chosen))}
    grouped: dict = {fid: [] for fid in fids}
    for u in chosen:
        grouped[u[1]].append(u[2])
    return grouped


# ---------------------------------------------------------------------------------------
# encoding
# ---------------------------------------------------------------------------------------

class LoggedInserts:
    """One table's inserts as ``encode_changes`` logged them, for a checkpoint right after
    the commit (``checkpoint._logged_blocks``): section by section, the count of rows and
    where its encoded rows lie in the payload's ``parts`` -- kept as packed ints, so a
    million-row commit keeps no object per section for the cyclic collector to count
    towards a collection (which would walk the commit's million-record lists)."""

    __slots__ = ("parts", "counts", "bounds", "last")

    def __init__(self, parts: list):
        self.parts, self.counts, self.bounds, self.last = parts, array("q"), array("q"), None

    def add(self, rowids, first: int) -> bool:
        """Take the section of ``rowids`` encoded in ``parts[first:]``; False if its
        rowids do not ascend from the last section's (a data file's order)."""
        if not _ascending_after(rowids, self.last):
            return False
        self.counts.append(len(rowids))
        self.bounds.extend((first, len(self.parts)))
        self.last = rowids[-1] if len(rowids) else self.last
        return True

    def rows(self) -> int:
        return sum(self.counts)

    def sections(self) -> list:
        """``[(count, parts)]``: a section's parts are its rowids', then its records'."""
        parts, bounds = self.parts, self.bounds
        return [(count, parts[bounds[2 * i]:bounds[2 * i + 1]])
                for i, count in enumerate(self.counts)]


def encode_changes(changes: ChangeSet, inserted: dict | None = None) -> bytes:
    """The redo log payload of ``changes``. ``inserted``, when given, receives a
    ``LoggedInserts`` for every table whose operations are all inserts, in ascending
    rowid order from section to section: the parts of a section after its op codes are
    exactly the payload of a data file block holding its rows (``formats._table_block``),
    which a checkpoint right after this commit may reuse (``checkpoint._logged_blocks``).
    The order is checked on each section's rowids just after they are packed, while they
    are in the CPU's cache."""
    parts: list = []
    for fid, gen, kind, name in changes.creates:
        data = name.encode("utf-8", "surrogatepass")
        parts += (_SEC.pack(SEC_CREATE, fid, gen), _KIND_NAME.pack(KIND_CODES[kind], len(data)),
                  data)
    for fid, gen, cleared, ops in changes.tables:
        logged = LoggedInserts(parts) if inserted is not None else None
        for piece in _pieces(RowOps.of(ops)):
            parts += (_SEC.pack(SEC_TABLE, fid, gen),
                      _FLAGS_COUNT.pack(1 if cleared else 0, len(piece)), piece.codes)
            first = len(parts)
            parts.append(pack_int64s(piece.rowids))
            encode_rows(piece.records, parts)
            cleared = False             # the first section clears; the next add to it
            if logged is not None and (piece.codes.count(OP_INSERT) != len(piece)
                                       or not logged.add(piece.rowids, first)):
                logged = None
        if logged is not None and logged.counts:
            inserted[fid] = logged
    for fid, gen, ops in changes.indexes:
        ops = EntryOps.of(ops)
        parts += (_SEC.pack(SEC_INDEX, fid, gen), _U32.pack(len(ops)), ops.codes)
        encode_entries(ops.entries, parts)
    for fid, gen in changes.drops:
        parts.append(_SEC.pack(SEC_DROP, fid, gen))
    return b"".join(parts)


def _ascending_after(rowids, last) -> bool:
    """Whether ``rowids`` ascend strictly, from above ``last`` (None: from anywhere)."""
    if not len(rowids):
        return True
    return (last is None or rowids[0] > last) and all(map(lt, rowids, islice(rowids, 1, None)))


def _pieces(ops: RowOps):
    """``ops`` in pieces of at most ``SECTION_OPS``, each encoded as its own section: a
    piece's records are encoded column by column while they are still in the CPU's cache,
    where one batch of a million records would fetch each record from memory once per
    column (the per-row cost of a large commit grew by half from 10k to 1M rows)."""
    count = len(ops)
    if count <= SECTION_OPS:
        yield ops
        return
    codes, rowids, records = ops.codes, ops.rowids, ops.records
    deletes = OP_DELETE in codes
    first = 0                               # the piece's first record
    for start in range(0, count, SECTION_OPS):
        piece = codes[start:start + SECTION_OPS]
        last = first + len(piece) - (piece.count(OP_DELETE) if deletes else 0)
        yield RowOps(piece, rowids[start:start + SECTION_OPS], records[first:last])
        first = last


def decode_changes(payload: bytes, where: str) -> ChangeSet:
    r = Reader(payload, where)
    changes = ChangeSet()
    while not r.at_end():
        section, fid, gen = r.u8(), r.u64(), r.u64()
        if section == SEC_TABLE:
            changes.tables.append((fid, gen, *_decode_table_ops(r)))
        elif section == SEC_INDEX:
            changes.indexes.append((fid, gen, _decode_index_ops(r)))
        elif section == SEC_CREATE:
            kind = r.u8()
            if kind not in KIND_NAMES:
                r.fail(f"bad file kind {kind}")
            changes.creates.append((fid, gen, KIND_NAMES[kind], r.short_text()))
        elif section == SEC_DROP:
            changes.drops.append((fid, gen))
        else:
            r.fail(f"unknown section {section}")
    return changes


def _decode_table_ops(r: Reader) -> tuple:
    """(cleared, RowOps) of a table section."""
    cleared, count = r.u8(), r.u32()
    codes = r.raw(count)
    bad = codes.translate(None, _ROW_OPS)
    if bad:
        r.fail(f"bad row operation {bad[0]}")
    rowids = decode_int64s(r, count)
    records = decode_rows(r, count - codes.count(OP_DELETE))
    return bool(cleared), RowOps(codes, rowids, records)


def _decode_index_ops(r: Reader) -> EntryOps:
    """The EntryOps of an index section."""
    count = r.u32()
    codes = r.raw(count)
    bad = codes.translate(None, _ENTRY_OPS)
    if bad:
        r.fail(f"bad index operation {bad[0]}")
    return EntryOps(codes, decode_entries(r, count))


# ---------------------------------------------------------------------------------------
# replay
# ---------------------------------------------------------------------------------------

class Replay:
    """Recovery's working copies: plain dicts while the log is replayed.

    Applying one transaction after another to ``SortedDict``/``SortedList`` costs a bisect
    per row; a replay works on a dict per file (rows: rowid -> record; entries: entry ->
    None) -- C-speed, strict membership checks included -- and sorts each file once at the
    end. Dicts keep insertion order, and logs mostly append in key order, so that final
    sort is close to linear."""

    def __init__(self, store):
        self.store = store
        self.rows: dict = {}        # (fid, gen) -> (file object, {rowid: record})
        self.entries: dict = {}     # (fid, gen) -> (file object, {entry: None})

    def rows_of(self, file) -> dict:
        key = (file.file_id, file.generation)
        found = self.rows.get(key)
        if found is None or found[0] is not file:
            found = self.rows[key] = (file, dict(file.rows))
        return found[1]

    def entries_of(self, file) -> dict:
        key = (file.file_id, file.generation)
        found = self.entries.get(key)
        if found is None or found[0] is not file:
            found = self.entries[key] = (file, dict.fromkeys(file.entries))
        return found[1]

    def finish(self) -> None:
        """Sort the working copies back into the files that still exist."""
        files = self.store.files
        for (fid, _), (file, rows) in self.rows.items():
            if files.get(fid) is file:
                file.rows = RowidMap(rows)
        for (fid, _), (file, entries) in self.entries.items():
            if files.get(fid) is file:
                file.entries = IndexEntries(entries)
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
        if not _inserted_at_once(rows, ops, fid, where):
            _replay_rows(rows, ops, fid, where)
    for fid, gen, ops in changes.indexes:
        entries = replay.entries_of(_owned(store, fid, gen, "index", where))
        store.mark_dirty(fid)
        if not _added_at_once(entries, ops, fid, where):
            _replay_entries(entries, ops, fid, where)
    for fid, gen in changes.drops:
        _owned(store, fid, gen, None, where)
        store.replay_drop(fid)


def _inserted_at_once(rows: dict, ops, fid: int, where: str) -> bool:
    """Apply ``ops`` in one C-speed step if all are inserts of rowids not yet present."""
    ops = RowOps.of(ops)
    if ops.codes.count(OP_INSERT) != len(ops) or not rows.keys().isdisjoint(ops.rowids):
        return False                     # the strict path names the offending row
    before = len(rows)
    rows.update(zip(ops.rowids, ops.records))
    if len(rows) != before + len(ops):
        twice = next(rowid for rowid, n in Counter(ops.rowids).items() if n > 1)
        raise CorruptDatabaseError(f"{where}: inserts row {twice} twice in file {fid}")
    return True


def _added_at_once(entries: dict, ops, fid: int, where: str) -> bool:
    """Apply ``ops`` in one C-speed step if all are adds (each entry hashed once)."""
    ops = EntryOps.of(ops)
    if ops.codes.count(OP_ADD) != len(ops):
        return False
    before = len(entries)
    entries.update(dict.fromkeys(ops.entries))
    if len(entries) != before + len(ops):
        raise CorruptDatabaseError(f"{where}: adds an existing entry of index file {fid}")
    return True


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


def _replay_entries(entries: dict, ops: list, fid: int, where: str) -> None:
    """Apply one index's entry operations strictly."""
    for op, entry in ops:
        if op == OP_ADD:
            if entry in entries:
                raise CorruptDatabaseError(f"{where}: adds an existing entry of index "
                                           f"file {fid}")
            entries[entry] = None
        elif entry in entries:
            del entries[entry]
        else:
            raise CorruptDatabaseError(f"{where}: removes a missing entry of index "
                                       f"file {fid}")


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
