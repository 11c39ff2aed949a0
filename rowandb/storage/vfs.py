"""The file layer: every byte the durable store reads or writes goes through a ``VFS``.

Keeping all I/O behind this small interface is what makes crash testing possible (SQLite's
"How SQLite Is Tested" does the same with its test VFS): ``rowandb.storage.faults`` wraps a
VFS to fail or stop at the Nth write, fsync or rename, and the tests reopen the directory
afterwards to check that recovery reaches a correct state.

The interface is deliberately narrow -- whole-file reads, appends, fsync, rename, remove,
listdir, fsync of a directory -- because that is all the store needs:

* data files and the manifest are written once to a temporary name, fsynced and renamed
  (never updated in place);
* the redo log is only appended to (into space it preallocates, so that each commit's
  ``fdatasync`` need not update the file size), and truncated back after a failed append.

``OsVFS`` maps it onto ``os``. Its errors are plain ``OSError``; the store turns them into
``OperationalError``/``DatabaseError`` with the file named.
"""

from __future__ import annotations

import errno
import os

_IOV_MAX = os.sysconf("SC_IOV_MAX") if "SC_IOV_MAX" in getattr(os, "sysconf_names", {}) \
    else 1024


class VFSFile:
    """An open file: append/read/fsync/truncate. Positions are explicit to keep it simple."""

    def __init__(self, path: str, fd: int):
        self.path = path
        self.fd = fd

    def write(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            written = os.write(self.fd, view)
            view = view[written:]

    def write_parts(self, parts: list) -> None:
        """Write the bytes of ``parts`` (bytes, bytearrays, views of bytes) in turn,
        gathered by the kernel (``writev``, at most ``_IOV_MAX`` buffers a call) instead
        of joined into one buffer first: a checkpoint's data file is tens of megabytes of
        blocks."""
        if not hasattr(os, "writev"):
            for part in parts:
                self.write(part)
            return
        parts = list(parts)
        while parts:
            written = os.writev(self.fd, parts[:_IOV_MAX])
            done = 0
            while done < len(parts) and written >= len(parts[done]):
                written -= len(parts[done])
                done += 1
            del parts[:done]
            if written:                              # a short write: resume inside a part
                parts[0] = memoryview(parts[0])[written:]

    def pwrite(self, data: bytes, offset: int) -> None:
        """Write ``data`` at ``offset`` (the log writes into space it preallocated)."""
        view = memoryview(data)
        while view:
            written = os.pwrite(self.fd, view, offset)
            view = view[written:]
            offset += written

    def allocate(self, size: int) -> None:
        """Make the file at least ``size`` bytes long with allocated (zero) blocks, so that
        later writes inside it do not change the file's size and ``datasync`` stays cheap."""
        try:
            os.posix_fallocate(self.fd, 0, size)
        except (AttributeError, OSError) as error:
            if getattr(error, "errno", None) not in (None, errno.EOPNOTSUPP, errno.EINVAL):
                raise
            if self.size() < size:
                os.ftruncate(self.fd, size)

    def read_all(self) -> bytes:
        os.lseek(self.fd, 0, os.SEEK_SET)
        chunks = []
        while True:
            chunk = os.read(self.fd, 1 << 20)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)

    def size(self) -> int:
        return os.fstat(self.fd).st_size

    def seek_end(self) -> int:
        return os.lseek(self.fd, 0, os.SEEK_END)

    def truncate(self, size: int) -> None:
        os.ftruncate(self.fd, size)
        os.lseek(self.fd, size, os.SEEK_SET)

    def fsync(self) -> None:
        os.fsync(self.fd)

    def datasync(self) -> None:
        """Flush the data (and the metadata needed to read it back): fdatasync."""
        getattr(os, "fdatasync", os.fsync)(self.fd)

    def close(self) -> None:
        if self.fd >= 0:
            fd, self.fd = self.fd, -1
            os.close(fd)


class OsVFS:
    """The real file system."""

    def open(self, path: str, mode: str) -> VFSFile:
        """``mode``: "r" read only, "a" read/append (created if missing), "rw" read/write at
        any position (created if missing), "w" create/truncate."""
        flags = {"r": os.O_RDONLY, "a": os.O_RDWR | os.O_CREAT | os.O_APPEND,
                 "rw": os.O_RDWR | os.O_CREAT,
                 "w": os.O_RDWR | os.O_CREAT | os.O_TRUNC}[mode]
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0), 0o644)
        return VFSFile(path, fd)

    def read_file(self, path: str) -> bytes:
        file = self.open(path, "r")
        try:
            return file.read_all()
        finally:
            file.close()

    def rename(self, source: str, target: str) -> None:
        os.replace(source, target)

    def remove(self, path: str) -> None:
        os.remove(path)

    def listdir(self, path: str) -> list[str]:
        return os.listdir(path)

    def mkdir(self, path: str) -> None:
        os.mkdir(path, 0o755)

    def fsync_dir(self, path: str) -> None:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    def exists(self, path: str) -> bool:
        return os.path.exists(path)

    def is_dir(self, path: str) -> bool:
        return os.path.isdir(path)


def write_file_atomically(vfs, directory: str, name: str, data, sync: bool = True,
                          sync_dir: bool = True) -> None:
    """Write ``name`` in ``directory`` so that it holds either its old or its new content:
    ``data``, bytes or a list of buffers whose bytes follow each other.

    Write to ``name.tmp``, fsync, rename over ``name``, fsync the directory.
    """
    final = os.path.join(directory, name)
    temporary = final + ".tmp"
    file = vfs.open(temporary, "w")
    try:
        if type(data) is list:
            file.write_parts(data)
        else:
            file.write(data)
        if sync:
            file.fsync()
    finally:
        file.close()
    vfs.rename(temporary, final)
    if sync and sync_dir:
        vfs.fsync_dir(directory)
