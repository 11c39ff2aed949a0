"""The durable store: the in-memory store of ``memory.py`` kept on disk in a directory.

Like Tarantool's memtx, rows live in memory while a table is in use; durability comes from
the redo log, and checkpoints (``checkpoint.py``) write changed files out so the log can be
trimmed. ``DurableStore`` keeps ``MemoryStore``'s interface -- the planner and catalog do not
know which store they use -- and adds:

* **lazy loading**: after opening, every file is a ``FileStub`` naming its data file; the
  first ``table()``/``index()`` call loads it. A small table cache releases clean files
  (unchanged since the last checkpoint) that have not been used recently, so a database
  larger than memory can be opened and used table by table;
* **commit**: ``DurableTransaction.commit`` derives the change set from the undo log
  (``changes.py``), appends it to the log, makes the change visible, releases the write
  lock and then waits for fsync (``PRAGMA synchronous=FULL``; grouped with other committers),
  or not (``NORMAL``/``OFF``);
* **recovery**: opening replays the committed transactions of the log over the checkpoint,
  cuts off a torn tail, and removes files no manifest names (left by an interrupted
  checkpoint).

Failures: an I/O error while appending rolls the transaction back and reports it
(``OperationalError``: "database or disk is full", "disk I/O error"); the store stays usable.
An fsync failure poisons the store (nothing after it can be trusted): every later commit
fails until the database is reopened.
"""

from __future__ import annotations

import os
from collections import OrderedDict

from ..errors import CorruptDatabaseError, DatabaseError, InternalError, OperationalError
from . import changes as ch
from .directory import io_error, open_directory, release_lock
from .fileids import FileIdAllocator
from .formats import LOCK_NAME, MANIFEST_NAME, FileEntry, decode_data_file, log_name
from .logwriter import open_log
from .memory import IndexFile, MemoryStore, TableFile, Transaction
from .redolog import encode_frames
from .packedentries import IndexEntries
from .rowruns import RowidMap
from .sizes import DEFAULT_AUTOCHECKPOINT, PAGE_BYTES
from .vfs import OsVFS

SYNC_OFF, SYNC_NORMAL, SYNC_FULL = 0, 1, 2
DEFAULT_TABLE_CACHE = 256          # loaded clean files kept in memory


class FileStub:
    """A table or index file that is on disk but not loaded yet."""

    __slots__ = ("file_id", "generation", "kind", "name", "entry")

    def __init__(self, entry: FileEntry):
        self.file_id = entry.file_id
        self.generation = entry.generation
        self.kind = entry.kind
        self.name = entry.name
        self.entry = entry


class DurableTransaction(Transaction):
    """A transaction whose commit goes through the redo log.

    Its first change takes the store's write lock (one writer at a time); commit and
    rollback release it.
    """

    def __init__(self, store: "DurableStore", synchronous: int = SYNC_FULL):
        super().__init__(store)
        self.synchronous = synchronous
        self.owner = None          # the ConnectionStore that began it (snapshots.py)
        self.pinned = False        # its snapshot is fixed (a statement of it has run)

    # -- every change takes the write lock first --------------------------------------
    def insert_row(self, file_id, rowid, record):
        if self.store.writer is not self:
            self.store.acquire_write(self)
        Transaction.insert_row(self, file_id, rowid, record)

    def insert_rows(self, file_id, rowids, records):
        if self.store.writer is not self:
            self.store.acquire_write(self)
        Transaction.insert_rows(self, file_id, rowids, records)

    def insert_entries(self, file_id, entries):
        if self.store.writer is not self:
            self.store.acquire_write(self)
        Transaction.insert_entries(self, file_id, entries)

    def insert_entry_column(self, file_id, part, values, rowids):
        if self.store.writer is not self:
            self.store.acquire_write(self)
        return Transaction.insert_entry_column(self, file_id, part, values, rowids)

    def delete_row(self, file_id, rowid):
        if self.store.writer is not self:
            self.store.acquire_write(self)
        return Transaction.delete_row(self, file_id, rowid)

    def delete_rows(self, file_id, rowids):
        if self.store.writer is not self:
            self.store.acquire_write(self)
        return Transaction.delete_rows(self, file_id, rowids)

    def delete_entry_runs(self, file_id, prefixes):
        if self.store.writer is not self:
            self.store.acquire_write(self)
        return Transaction.delete_entry_runs(self, file_id, prefixes)

    def update_row(self, file_id, rowid, record):
        if self.store.writer is not self:
            self.store.acquire_write(self)
        Transaction.update_row(self, file_id, rowid, record)

    def update_rows(self, file_id, rowids, records):
        if self.store.writer is not self:
            self.store.acquire_write(self)
        Transaction.update_rows(self, file_id, rowids, records)

    def insert_entry(self, file_id, entry):
        if self.store.writer is not self:
            self.store.acquire_write(self)
        Transaction.insert_entry(self, file_id, entry)

    def delete_entry(self, file_id, entry):
        if self.store.writer is not self:
            self.store.acquire_write(self)
        Transaction.delete_entry(self, file_id, entry)

    def create_file(self, kind, name):
        if self.store.writer is not self:
            self.store.acquire_write(self)
        return Transaction.create_file(self, kind, name)

    def drop_file(self, file_id):
        store = self.store
        if store.writer is not self:
            store.acquire_write(self)
        if store.snapshots is not None and store.snapshots.connections > 1:
            # another connection's snapshot may still read the dropped file: load it now,
            # while its data file is certain to exist
            file = store.files.get(file_id)
            if type(file) is FileStub:
                store.table(file_id) if file.kind == "table" else store.index(file_id)
        Transaction.drop_file(self, file_id)

    def clear_table(self, file_id):
        if self.store.writer is not self:
            self.store.acquire_write(self)
        Transaction.clear_table(self, file_id)

    def set_fill(self, file_id, fill):
        if self.store.writer is not self:
            self.store.acquire_write(self)
        Transaction.set_fill(self, file_id, fill)

    def begin_write(self) -> None:
        """Take the write lock before the statement reads (waits up to the timeout)."""
        if self.store.writer is not self:
            self.store.acquire_write(self, statement_start=True)

    # -- ending -------------------------------------------------------------------------
    def commit(self) -> None:
        store = self.store
        if store.writer is not self:
            super().commit()
            self._ended()
            return
        try:
            store.check_usable()
            changes = ch.derive(self.undo, store.files)
            end = store.log_commit(changes) if changes else None
        except BaseException:
            self.rollback()
            if self.owner is not None:
                self.owner.transaction_failed()
            raise
        if store.snapshots is not None:
            store.snapshots.committed(self, store.seq, self.undo)
        super().commit()
        store.release_write(self)
        self._ended()
        if end is not None:
            store.after_commit(end, self.synchronous)

    def rollback(self) -> None:
        store = self.store
        with store.statement_lock or _NO_LOCK:
            super().rollback()
            if store.writer is self:
                store.release_write(self)
            self._ended()

    def _ended(self) -> None:
        if self.owner is not None:
            self.owner.transaction_ended(self)


class _NoLock:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


_NO_LOCK = _NoLock()


class DurableStore(MemoryStore):
    """All files of one database directory, loaded on demand, changed through the redo log."""

    def __init__(self, path: str, *, file_id_bits: int = 32, reserved_ids: tuple = (),
                 vfs=None, explicit_bits: bool = False):
        self.vfs = vfs or OsVFS()
        self.path = path
        manifest, self.lock_file = open_directory(path, self.vfs, file_id_bits, explicit_bits)
        try:
            super().__init__(manifest.file_id_bits, reserved_ids)
            self.manifest = manifest
            self.reserved_ids = tuple(reserved_ids)
            self.next_generation = max(manifest.next_generation, 1)
            for entry in manifest.files.values():
                self.files[entry.file_id] = FileStub(entry)
            self.allocator = self._allocator_from(manifest)
        except BaseException:
            release_lock(self.lock_file)
            raise
        self.dirty: set = set()            # file ids changed since the last checkpoint
        self.file_bytes: dict = {}         # file id -> bytes of its data file, once known
        self.inserted: dict = {}           # the committing transaction's inserts, encoded
        self.seq = manifest.checkpoint_seq
        self.log = None
        self.failed: Exception | None = None
        self.statement_lock = None         # the Database's RLock, released while fsyncing
        self.autocheckpoint_pages = DEFAULT_AUTOCHECKPOINT
        self.table_cache_size = DEFAULT_TABLE_CACHE
        self.lru: OrderedDict = OrderedDict()  # loaded, clean file ids; oldest first
        self.loads = self.evictions = self.checkpoints = 0
        self.recovered_transactions = 0
        self.closed = False
        self.writer: DurableTransaction | None = None
        self.synchronous = SYNC_FULL
        self.snapshots = None              # snapshots.Snapshots, when connections share it

    # -- opening ----------------------------------------------------------------------
    def _allocator_from(self, manifest) -> FileIdAllocator:
        allocator = FileIdAllocator(manifest.file_id_bits, reserved=self.reserved_ids,
                                    last=manifest.allocator_last)
        for file_id in manifest.files:
            if file_id not in allocator:
                allocator.take(file_id)
        return allocator

    def bootstrap_file(self, file_id: int, kind: str, name: str) -> None:
        """The dictionary's own files: kept from the manifest, else created empty."""
        if self.files.get(file_id) is None:
            super().bootstrap_file(file_id, kind, name)

    def recover(self) -> None:
        """Replay the log's committed transactions; cut a torn tail; drop unnamed files."""
        from .recovery import recover
        try:
            recover(self)
        except OSError as error:       # any not already given a clearer message below
            raise io_error(error, "recovering", self.path) from None

    # -- loading and the table cache ---------------------------------------------------
    def table(self, file_id: int) -> TableFile:
        file = self.files.get(file_id)
        if type(file) is TableFile:
            return file
        return self._loaded(file_id, file, "table")

    def index(self, file_id: int) -> IndexFile:
        file = self.files.get(file_id)
        if type(file) is IndexFile:
            return file
        return self._loaded(file_id, file, "index")

    def _loaded(self, file_id: int, file, kind: str):
        if type(file) is not FileStub or file.kind != kind:
            raise InternalError(f"file id {file_id} is not an open {kind} file")
        loaded = self.load(file)
        if kind == "table":
            loaded.fill = self.fills.get(file_id)
        self.files[file_id] = loaded
        self.lru[file_id] = None
        self.loads += 1
        return loaded

    def load(self, stub: FileStub):
        entry = stub.entry
        cls = TableFile if entry.kind == "table" else IndexFile
        loaded = cls(entry.file_id, entry.name, entry.generation)
        if not entry.version:
            return loaded
        decoded = self._read_data_file(entry, os.path.join(self.path, entry.data_name))
        if entry.kind == "table":
            keys, values = decoded
            loaded.rows = RowidMap.from_columns(keys, values)
        else:
            loaded.entries = IndexEntries(decoded)
        return loaded

    def _read_data_file(self, entry: FileEntry, where: str):
        """The decoded, checked content of ``entry``'s data file; errors name ``where``."""
        path = os.path.join(self.path, entry.data_name)
        try:
            data = self.vfs.read_file(path)
        except FileNotFoundError:
            raise CorruptDatabaseError(f"{where}: missing (named by the manifest)") from None
        except OSError as error:
            raise io_error(error, "reading", where) from None
        decoded = decode_data_file(data, where, entry.kind, entry.file_id, entry.generation)
        self.file_bytes[entry.file_id] = len(data)
        keys = decoded[0] if entry.kind == "table" else decoded
        if len(keys) != entry.count:
            raise CorruptDatabaseError(f"{where}: holds a different number of items than the "
                                       "manifest says")
        return decoded

    def damaged_files(self) -> list[tuple[FileEntry, str]]:
        """(entry, what is wrong) for every data file of the manifest that cannot be read
        back from disk as it was written -- missing, truncated, failing a checksum, holding
        another file's id or the wrong number of items. Reads them all, loaded or not
        (``PRAGMA integrity_check``); leaves out those of files dropped since the last
        checkpoint, which nothing will read again (recovery replays a drop unread)."""
        damaged = []
        for file_id in sorted(self.manifest.files):
            entry = self.manifest.files[file_id]
            current = self.files.get(file_id)
            if not entry.version or current is None or current.generation != entry.generation:
                continue
            try:
                self._read_data_file(entry, entry.data_name)
            except CorruptDatabaseError as error:     # "...malformed: <name>: <what>"
                damaged.append((entry, str(error).partition(f"{entry.data_name}: ")[2]))
            except DatabaseError as error:            # I/O error, unsupported version
                damaged.append((entry, str(error)))
        return damaged

    def release_unused(self) -> None:
        """Put clean, least recently loaded files back on disk until the cache fits.

        Not while a writer or a kept snapshot may refer to the loaded file objects."""
        if self.writer is not None or (self.snapshots is not None and self.snapshots.history):
            return
        excess = len(self.lru) - self.table_cache_size
        while excess > 0 and self.lru:
            file_id, _ = self.lru.popitem(last=False)
            file = self.files.get(file_id)
            entry = self.manifest.files.get(file_id)
            if (file is not None and file_id not in self.dirty and entry is not None
                    and entry.generation == file.generation and type(file) is not FileStub):
                self.files[file_id] = FileStub(entry)
                self.evictions += 1
            excess -= 1

    def loaded_count(self) -> int:
        return sum(1 for f in self.files.values() if f is not None and type(f) is not FileStub)

    # -- transactions and commit -------------------------------------------------------
    def begin(self, synchronous: int | None = None) -> DurableTransaction:
        self.check_usable()
        if len(self.lru) > self.table_cache_size and self.writer is None:
            self.release_unused()           # a statement boundary: nothing holds a file
        return DurableTransaction(self, self.synchronous if synchronous is None else synchronous)

    def read_statement(self) -> None:
        """An autocommit statement that only reads is starting without a transaction
        (sql/fast_read.py): ``begin``'s checks and cache trimming, without the transaction
        (whose commit would have nothing to do)."""
        self.check_usable()
        if len(self.lru) > self.table_cache_size and self.writer is None:
            self.release_unused()

    def acquire_write(self, txn: DurableTransaction, statement_start: bool = False) -> None:
        """Make ``txn`` the one writer (waiting for another one to finish, if it has a
        connection with a timeout; else "database is locked" at once)."""
        self.check_usable()
        if txn.owner is not None:
            txn.owner.begin_write(txn, statement_start)
        elif self.writer is not None and self.writer is not txn:
            raise OperationalError("database is locked")
        self.writer = txn

    def release_write(self, txn: DurableTransaction) -> None:
        if self.writer is txn:
            self.writer = None
            if self.snapshots is not None:
                self.snapshots.writer_released()

    def check_usable(self) -> None:
        if self.closed:
            raise OperationalError(f"database {self.path} is closed")
        if self.failed is not None:
            raise OperationalError(f"disk I/O error: {self.path}: an earlier write failed "
                                   f"({self.failed}); reopen the database")
        if self.log is not None:
            self.log.check()

    def log_commit(self, changes: ch.ChangeSet) -> int:
        """Append the change set as transaction ``seq + 1``; returns its end offset."""
        inserted: dict = {}
        try:
            payload = ch.encode_changes(changes, inserted)
        except ValueError as error:
            raise InternalError(f"cannot store a value: {error}") from None
        seq = self.seq + 1
        end = self.log.append(encode_frames(seq, payload, self.log.salt))
        self.seq = seq
        touched = changes.touched()
        self.dirty |= touched
        for file_id in touched:
            self.lru.pop(file_id, None)
        for file_id, _ in changes.drops:
            self.dirty.discard(file_id)
            self.lru.pop(file_id, None)
            self.file_bytes.pop(file_id, None)
        if inserted and self._checkpoint_due():    # else its bytes go now, not after
            self.inserted = self._logged_tables(inserted)
        return end

    def _logged_tables(self, inserted: dict) -> dict:
        """``{fid: (rows, version, inserts)}`` of ``encode_changes``' logged inserts: each
        table's ``RowidMap`` and its write count as the commit leaves them, so that its
        checkpoint can tell in two comparisons that the table has not changed since (every
        write of a ``RowidMap`` counts in ``version``; a cleared table gets a new one)."""
        kept = {}
        for fid, inserts in inserted.items():
            file = self.files.get(fid)
            if type(file) is TableFile and isinstance(file.rows, RowidMap):
                kept[fid] = (file.rows, file.rows.version, inserts)
        return kept

    def after_commit(self, end: int, synchronous: int) -> None:
        try:
            if synchronous >= SYNC_FULL:          # EXTRA (3) and above act as FULL
                self.log.wait_durable(end, self.statement_lock)
            if self.writer is None and self._checkpoint_due():
                self.checkpoint(synchronous)
        finally:
            self.inserted = {}     # the commit's encoded rows: only its own checkpoint
        self.release_unused()

    def _checkpoint_due(self) -> bool:
        """Whether the log is long enough for the automatic checkpoint."""
        return self.autocheckpoint_pages > 0 and \
            self.log.size >= self.autocheckpoint_pages * PAGE_BYTES and \
            self.log.size >= self.rewrite_bytes()

    def rewrite_bytes(self) -> int:
        """The bytes a checkpoint now would write again of data files it replaces (as
        they were last written or read; 0 for a file new since then). The automatic
        checkpoint waits until the log is at least that long too: a checkpoint rewrites
        whole files, so after every 4 MB of log it would rewrite a large table whole --
        per changed row, work growing with the table (the UPDATE of half a million rows
        of a million cost 1.7x per row what it does at 10,000). Bounded so, a checkpoint
        writes no more than the log did since the last one, and the log stays no longer
        than the files it stands for."""
        sizes = self.file_bytes
        return sum(sizes.get(file_id, 0) for file_id in self.dirty)

    # -- checkpoints -------------------------------------------------------------------
    def checkpoint(self, synchronous: int = SYNC_FULL) -> bool:
        """Write changed files and a new manifest; start a new log. False if nothing to do."""
        from .checkpoint import run_checkpoint
        return run_checkpoint(self, synchronous)

    # -- closing -----------------------------------------------------------------------
    def close(self, checkpoint: bool = True) -> None:
        """Checkpoint (if anything is in the log) and release files and the process lock."""
        if self.closed:
            return
        try:
            if checkpoint and self.failed is None and self.log is not None \
                    and self.log.failed is None and self.log.size > 0:
                try:
                    self.checkpoint()
                except OperationalError:
                    pass              # the log still holds everything; next open replays it
        finally:
            self.abandon()

    def abandon(self) -> None:
        """Drop everything without writing (tests use it to simulate a crash)."""
        self.closed = True
        if self.log is not None:
            try:
                self.log.close()
            except OSError:
                pass
        release_lock(self.lock_file)
        self.lock_file = None

    # -- recovery hooks (changes.apply_changes) ------------------------------------------
    def replay_create(self, file_id: int, generation: int, kind: str, name: str) -> None:
        cls = TableFile if kind == "table" else IndexFile
        self.fills.pop(file_id, None)
        self.files[file_id] = cls(file_id, name, generation)
        self.dirty.add(file_id)
        self.next_generation = max(self.next_generation, generation + 1)

    def mark_dirty(self, file_id: int) -> None:
        """``file_id`` changed since the last checkpoint: keep it loaded, write it next time."""
        self.dirty.add(file_id)
        self.lru.pop(file_id, None)

    def replay_drop(self, file_id: int) -> None:
        del self.files[file_id]
        self.dirty.discard(file_id)
        self.lru.pop(file_id, None)
        self.file_bytes.pop(file_id, None)

    def known_names(self) -> set:
        """Names in the directory that the current state uses."""
        names = {LOCK_NAME, MANIFEST_NAME, log_name(self.manifest.log_segment)}
        names.update(e.data_name for e in self.manifest.files.values() if e.version)
        return names

    def open_log_at(self, header, end: int) -> None:
        self.log = open_log(self.vfs, self.path, header, end)
