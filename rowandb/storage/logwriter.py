"""Appending to the redo log, and group commit.

``LogWriter.append`` writes one transaction's frames at the end of the current segment. If
the write fails (disk full, EIO) the segment is truncated back to where it was, so a later
commit never lands behind a half-written frame; if even that fails, the writer is
*poisoned* and every later commit fails until the database is reopened (recovery then
decides what is durable).

``LogWriter.wait_durable`` makes an appended transaction durable with ``fsync`` -- shared by
every transaction appended meanwhile. The first committer to arrive while no fsync is running
becomes the leader: it fsyncs everything appended so far; committers arriving during that
fsync wait for it and then for the next one, which covers all of them at once. While it
waits, a committer releases the database's statement lock (an ``RLock``), so other
connections can run and commit -- that is what lets their commits join the group.
"""

from __future__ import annotations

import contextlib
import os
import threading

from ..errors import OperationalError
from .directory import io_error
from .formats import log_name
from .redolog import HEADER_SIZE, LogHeader, encode_header, new_salt

PREALLOCATE = 1 << 20          # the log grows 1 MB at a time


@contextlib.contextmanager
def released(rlock):
    """Fully release an RLock held (possibly recursively) by this thread, then take it back."""
    if rlock is None or not rlock._is_owned():
        yield
        return
    state = rlock._release_save()
    try:
        yield
    finally:
        rlock._acquire_restore(state)


class LogWriter:
    """The open log segment: appends, fsyncs shared by concurrent committers, segment switch."""

    def __init__(self, vfs, directory: str, header: LogHeader, file, end: int):
        self.vfs = vfs
        self.directory = directory
        self.header = header
        self.file = file
        self.path = os.path.join(directory, log_name(header.segment))
        self.end = end                 # bytes of frames so far (the logical end)
        self.allocated = file.size()   # the file's size: zeros after ``end``
        self.synced = end              # bytes known durable
        self.syncing = False
        self.failed: Exception | None = None
        self.mutex = threading.Lock()
        self.done = threading.Condition(self.mutex)
        self.fsyncs = 0

    @property
    def segment(self) -> int:
        return self.header.segment

    @property
    def salt(self) -> int:
        return self.header.salt

    @property
    def size(self) -> int:
        return self.end - HEADER_SIZE

    def check(self) -> None:
        if self.failed is not None:
            raise OperationalError(f"disk I/O error: {self.path}: the log could not be made "
                                   f"durable ({self.failed}); reopen the database")

    def append(self, frames: list[bytes]) -> int:
        """Append one transaction's frames; returns the end offset to wait for.

        The file is grown in ``PREALLOCATE`` steps of zeros and frames are written into
        that space, so a commit's fdatasync does not also have to write the file's size."""
        self.check()
        data = b"".join(frames)
        start = self.end
        try:
            if start + len(data) > self.allocated:
                size = start + len(data) + PREALLOCATE
                self.file.allocate(size)
                self.allocated = size
            self.file.pwrite(data, start)
        except OSError as error:
            self._cut_back(start)
            raise io_error(error, "appending to", self.path) from None
        with self.mutex:
            self.end = start + len(data)
        return self.end

    def _cut_back(self, size: int) -> None:
        """After a failed append: nothing of it may stay behind the last good frame."""
        try:
            self.file.truncate(size)
            self.allocated = size
        except OSError as error:
            self.failed = error

    def wait_durable(self, end: int, statement_lock=None) -> None:
        """Return once the log is durable up to ``end`` of this segment (group commit)."""
        segment = self.header.segment
        with released(statement_lock), self.mutex:
            while self.synced < end and self.header.segment == segment:
                if self.failed is not None:
                    break
                if self.syncing:
                    self.done.wait()
                    continue
                self._lead_one_fsync()
        self.check()

    def _lead_one_fsync(self) -> None:
        """Called with ``mutex`` held: fsync everything appended so far, without the mutex."""
        self.syncing = True
        target = self.end
        self.mutex.release()
        try:
            self.file.datasync()
            self.fsyncs += 1
        except OSError as error:
            self.failed = error
        finally:
            self.mutex.acquire()
            self.syncing = False
            if self.failed is None:
                self.synced = max(self.synced, target)
            self.done.notify_all()

    def sync_all(self, statement_lock=None) -> None:
        self.wait_durable(self.end, statement_lock)

    def quiesce(self, statement_lock=None) -> None:
        """Wait until no fsync is running (before the segment is closed)."""
        with released(statement_lock), self.mutex:
            while self.syncing:
                self.done.wait()

    def close(self) -> None:
        self.file.close()


def open_log(vfs, directory: str, header: LogHeader, end: int) -> LogWriter:
    path = os.path.join(directory, log_name(header.segment))
    file = vfs.open(path, "rw")       # not O_APPEND: pwrite must land where it is told
    try:
        return LogWriter(vfs, directory, header, file, end)
    except BaseException:
        file.close()
        raise


def create_segment(vfs, directory: str, uuid: bytes, segment: int, base_seq: int,
                   sync: bool) -> LogWriter:
    """Write a new, empty log segment (header only) and open it for appending."""
    header = LogHeader(uuid, segment, base_seq, new_salt())
    path = os.path.join(directory, log_name(segment))
    file = vfs.open(path, "w")
    try:
        file.write(encode_header(header))
        if sync:
            file.fsync()
    finally:
        file.close()
    return open_log(vfs, directory, header, HEADER_SIZE)
