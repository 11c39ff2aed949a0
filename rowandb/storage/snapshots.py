"""Connections in one process: one writer at a time, and readers that see committed snapshots.

Every connection to a directory shares one ``DurableStore``. The one writer changes its files
in place (through its ``Transaction``, as in memory). Other connections must not see those
changes before they commit, and a reader inside ``BEGIN ... COMMIT`` keeps the snapshot its
first statement saw. Both needs are met with *before-images*:

* the writer's undo log says, for every row, entry and file it changed, what was there
  before (``undo`` entries hold the old value, or mark an insert);
* when a transaction commits while some connection holds an older snapshot, its undo log is
  kept in ``history`` (with the file objects it touched), until no snapshot needs it.

A connection whose snapshot is older than the latest commit, or that reads while another
connection's write transaction has changes, gets *views*: for each file it uses, the first
before-image of every key after its snapshot, laid over a copy of the current file. Views
are built per statement and only for files that changed; a connection that is alone -- the
common case -- reads the shared files directly.

``ConnectionStore`` is the store a session uses: the shared store plus this connection's
snapshot, its views, its transaction and its ``timeout`` for the write lock. The statement
lock (``StatementLock``) tells it when a statement starts: that is when an autocommit
statement (or the first statement after ``BEGIN``) takes its snapshot.
"""

from __future__ import annotations

import threading
import time
from operator import itemgetter

from ..errors import InternalError, OperationalError
from .memory import (UNDO_ADD_ENTRIES, UNDO_ADD_ENTRY, UNDO_CLEAR, UNDO_CREATE_FILE,
                     UNDO_DELETE_MANY, UNDO_DROP_FILE, UNDO_FILL, UNDO_INSERT,
                     UNDO_INSERT_MANY, UNDO_REMOVE_ENTRIES, UNDO_REMOVE_ENTRY, UNDO_UPDATE,
                     UNDO_UPDATE_MANY, IndexFile, TableFile)
from .packedentries import IndexEntries
from .rowruns import RowidMap

ABSENT = object()
_NOT_SEEN = object()


class Snapshots:
    """Pinned snapshots, kept commit history, the write lock's waiting room."""

    def __init__(self, store, statement_lock):
        self.store = store
        self.statement_lock = statement_lock
        self.writer_free = threading.Condition(statement_lock)
        self.pins: dict = {}            # ConnectionStore -> pinned snapshot sequence
        self.history: list = []         # (seq, undo list, {fid: file object}) per commit
        self.schema_seq = 0             # last commit that changed the dictionary's files
        self.connections = 0            # open ConnectionStores
        self.reserved = frozenset(getattr(store, "reserved_ids", ()))

    def needs_history(self, seq: int, committer) -> bool:
        return any(pinned < seq for owner, pinned in self.pins.items() if owner is not committer)

    def committed(self, txn, seq: int, undo: list) -> None:
        """Called at commit (store lock held), before the undo log is cleared."""
        if not self.reserved.isdisjoint(map(itemgetter(1), undo)) and \
                any(u[1] in self.reserved for u in undo if u[0] <= UNDO_REMOVE_ENTRY or
                    u[0] in _CONTENT_BATCHES):  # (first test: C speed)
            self.schema_seq = seq
        owner = getattr(txn, "owner", None)
        if self.needs_history(seq, owner):
            self.history.append((seq, list(undo), _objects_of(undo, self.store.files)))
        if owner is not None and owner.snapshot == seq - 1:
            owner.snapshot = seq        # it saw everything up to its own commit

    def prune(self) -> None:
        if not self.pins:
            self.history.clear()
            return
        oldest = min(self.pins.values())
        while self.history and self.history[0][0] <= oldest:
            self.history.pop(0)

    def wait_for_writer(self, txn, timeout: float) -> None:
        """Take the write lock for ``txn``, waiting up to ``timeout`` seconds."""
        store = self.store
        if store.writer is None or store.writer is txn:
            with self.writer_free:          # no wait: skip the clock (every autocommit write)
                if store.writer is None or store.writer is txn:
                    store.writer = txn
                    return
        deadline = time.monotonic() + timeout
        with self.writer_free:
            while store.writer is not None and store.writer is not txn:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not self.writer_free.wait(remaining):
                    if store.writer is not None and store.writer is not txn:
                        raise OperationalError("database is locked")
            store.writer = txn

    def writer_released(self) -> None:
        with self.writer_free:
            self.writer_free.notify_all()


# undo entries past UNDO_REMOVE_ENTRY that change a file's rows or entries
_CONTENT_BATCHES = frozenset((UNDO_CLEAR, UNDO_UPDATE_MANY, UNDO_INSERT_MANY, UNDO_ADD_ENTRIES,
                              UNDO_DELETE_MANY, UNDO_REMOVE_ENTRIES))


def _objects_of(undo: list, files: dict) -> dict:
    """fid -> the file object each row/entry change of ``undo`` applied to."""
    dropped = {u[1]: u[2] for u in undo if u[0] == UNDO_DROP_FILE}
    objects = {}
    for u in undo:
        fid = u[1]
        if fid not in objects:
            objects[fid] = dropped.get(fid) or files.get(fid)
    return objects


class StatementLock:
    """The shared statement lock, as seen by one connection: entering it starts a statement."""

    def __init__(self, rlock, connection_store):
        self.rlock = rlock
        self.connection_store = connection_store
        self.depth = 0

    def __enter__(self):
        self.rlock.acquire()
        self.depth += 1
        if self.depth == 1:
            try:
                self.connection_store.statement_started()
            except BaseException:
                self.depth -= 1
                self.rlock.release()
                raise
        return self

    def __exit__(self, *exc) -> None:
        self.depth -= 1
        self.rlock.release()

    def acquire(self, *args):
        return self.rlock.acquire(*args)

    def release(self) -> None:
        self.rlock.release()


class ConnectionStore:
    """One connection's store: the shared files seen at this connection's snapshot."""

    def __init__(self, shared, snapshots: Snapshots, timeout: float):
        self.shared = shared
        self.snapshots = snapshots
        self.timeout = timeout
        self.synchronous = shared.synchronous
        self.snapshot = shared.seq
        # PRAGMA data_version: +1 whenever a statement's new snapshot holds another
        # connection's commit (this connection's own commits move its snapshot with them)
        self.data_version = 1
        self.txn = None
        self.fresh = True               # the snapshot was taken at this statement's start
        self.views: dict | None = None  # fid -> view, while views are needed
        self.dictionary = None          # set by the Database: invalidated on schema change
        self.closed = False
        with snapshots.statement_lock:
            snapshots.connections += 1

    def close(self) -> None:
        """Roll back this connection's transaction and leave the store (once: a release
        that has to be retried calls it again)."""
        with self.snapshots.statement_lock:
            if self.closed:
                return
            self.closed = True
            try:
                if self.txn is not None:
                    self.txn.rollback()
            finally:
                self.snapshots.connections -= 1
                if self.snapshots.pins.pop(self, None) is not None:
                    self.snapshots.prune()

    # -- the store interface ------------------------------------------------------------
    def table(self, file_id: int):
        if self.views is None:
            return self.shared.table(file_id)
        return self._view(file_id, "table")

    def index(self, file_id: int):
        if self.views is None:
            return self.shared.index(file_id)
        return self._view(file_id, "index")

    def bootstrap_file(self, file_id: int, kind: str, name: str) -> None:
        self.shared.bootstrap_file(file_id, kind, name)

    def begin(self):
        txn = self.shared.begin(self.synchronous)
        txn.owner = self
        self.txn = txn
        return txn

    def read_statement(self) -> None:
        self.shared.read_statement()

    def __getattr__(self, name):
        return getattr(self.shared, name)

    # -- statements, snapshots, the write lock ----------------------------------------------
    def statement_started(self) -> None:
        txn = self.txn
        if txn is not None and getattr(txn, "pinned", False):
            self.fresh = False
        else:
            self._take_snapshot()
            if txn is not None:
                txn.pinned = True
                self.snapshots.pins[self] = self.snapshot
        self._decide_views()

    def _take_snapshot(self) -> None:
        latest = self.shared.seq
        if latest > self.snapshot:
            self.data_version += 1
        if self.snapshots.schema_seq > self.snapshot and self.dictionary is not None:
            self.dictionary.invalidate()
        self.snapshot = latest
        self.fresh = True

    def _decide_views(self) -> None:
        shared = self.shared
        writer = shared.writer
        foreign_writer = writer is not None and writer.owner is not self and writer.undo
        if foreign_writer or self.snapshot < shared.seq:
            self.views = {}
        else:
            self.views = None

    def begin_write(self, txn, statement_start: bool) -> None:
        """Make ``txn`` the writer; BUSY if this connection's snapshot went stale."""
        self.snapshots.wait_for_writer(txn, self.timeout)
        if self.snapshot < self.shared.seq:
            if statement_start and self.fresh:
                self._take_snapshot()
                if getattr(txn, "pinned", False):
                    self.snapshots.pins[self] = self.snapshot
            else:
                self.shared.writer = None
                self.snapshots.writer_released()
                raise OperationalError("database is locked")
        self.views = None

    def transaction_ended(self, txn) -> None:
        if self.txn is txn:
            self.txn = None
        if self.snapshots.pins.pop(self, None) is not None:
            self.snapshots.prune()

    def transaction_failed(self) -> None:
        if self.dictionary is not None:
            self.dictionary.invalidate()

    # -- views ------------------------------------------------------------------------------
    def _sources(self) -> list:
        """Undo logs after this snapshot, oldest first: (undo, fid -> file object or None)."""
        sources = [(undo, objects) for seq, undo, objects in self.snapshots.history
                   if seq > self.snapshot]
        writer = self.shared.writer
        if writer is not None and writer.owner is not self and writer.undo:
            sources.append((writer.undo, None))
        return sources

    def _view(self, file_id: int, kind: str):
        view = self.views.get(file_id)
        if view is None:
            view = self._build_view(file_id, kind)
            self.views[file_id] = view
        return view

    def _build_view(self, file_id: int, kind: str):
        sources = self._sources()
        shared = self.shared
        file = _file_at_snapshot(shared, file_id, sources)
        if file is None and shared.files.get(file_id) is not None:
            file = shared.table(file_id) if kind == "table" else shared.index(file_id)
        if file is None or file.kind != kind:
            raise InternalError(f"file id {file_id} is not an open {kind} file")
        images = _before_images(shared, file, file_id, sources)
        return _materialize(file, images) if images else file


def _file_at_snapshot(shared, file_id: int, sources: list):
    """The file object ``file_id`` named at the snapshot (None: the current one)."""
    for undo, _ in sources:
        for u in undo:
            if u[1] == file_id:
                if u[0] == UNDO_CREATE_FILE:
                    raise InternalError(f"file id {file_id} did not exist at this snapshot")
                if u[0] == UNDO_DROP_FILE:
                    return u[2]
    return None


def _before_images(shared, file, file_id: int, sources: list) -> dict:
    images: dict = {}
    current = shared.files.get(file_id)
    for undo, objects in sources:
        dropped = None
        if objects is None:
            dropped = {u[1]: u[2] for u in undo if u[0] == UNDO_DROP_FILE}
        for u in undo:
            if u[1] != file_id:
                continue
            if objects is not None:
                target = objects.get(file_id)
            else:
                target = dropped.get(file_id) or current
            if target is not file:
                continue
            _note_before_image(images, u)
    return images


def _note_before_image(images: dict, u) -> None:
    op = u[0]
    if op == UNDO_INSERT:
        images.setdefault(u[2], ABSENT)
    elif op <= UNDO_UPDATE:
        images.setdefault(u[2], u[3])
    elif op == UNDO_ADD_ENTRY:
        images.setdefault(u[2], False)
    elif op == UNDO_REMOVE_ENTRY:
        images.setdefault(u[2], True)
    elif op == UNDO_INSERT_MANY:
        for rowid in u[2]:
            images.setdefault(rowid, ABSENT)
    elif op == UNDO_ADD_ENTRIES:
        for entry in u[2]:
            images.setdefault(entry, False)
    elif op == UNDO_CLEAR:
        for rowid, record in u[2].items():
            images.setdefault(rowid, record)
        images.setdefault(_CLEARED, True)
    elif op == UNDO_UPDATE_MANY or op == UNDO_DELETE_MANY:
        for rowid, record in zip(u[2], u[3]):
            images.setdefault(rowid, record)
    elif op == UNDO_REMOVE_ENTRIES:
        for entry in u[2]:
            images.setdefault(entry, True)
    elif op == UNDO_FILL:
        images.setdefault(_FILL, u[2])


_CLEARED = ("cleared",)
_FILL = ("fill",)       # the table's fill at the snapshot (an ADD COLUMN's, set_fill)


def _materialize(file, images: dict):
    """A private copy of ``file`` as it was: its current content with the images laid over."""
    if file.kind == "table":
        view = TableFile(file.file_id, file.name, file.generation)
        view.fill = images.pop(_FILL, file.fill)
        if not images:                  # only the fill differs: the rows are shared
            view.rows = file.rows
            return view
        rows = RowidMap(file.rows)
        cleared = images.pop(_CLEARED, False)
        if cleared:
            rows = RowidMap((k, v) for k, v in rows.items() if k in images)
        for rowid, before in images.items():
            if before is ABSENT:
                rows.pop(rowid, None)
            else:
                rows[rowid] = before
        view.rows = rows
        return view
    view = IndexFile(file.file_id, file.name, file.generation)
    entries = IndexEntries(file.entries)
    for entry, present in images.items():
        if present and entry not in entries:
            entries.add(entry)
        elif not present and entry in entries:
            entries.remove(entry)
    view.entries = entries
    return view
