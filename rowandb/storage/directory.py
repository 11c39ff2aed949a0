"""Opening a database directory: telling a RowanDB database from anything else, creating a new
one, taking the process lock, and reading the manifest.

A database is a directory holding ``LOCK``, ``MANIFEST``, one redo log ``redo-<n>.log`` and
the data files the manifest names. Opening checks, in order:

1. the path: a regular file (an SQLite database, say) or a directory that holds other things
   is *not a database* (``DatabaseError("file is not a database: ...")``, as SQLite says);
2. writability: the store must write its log, so a read-only directory or file system is an
   ``OperationalError("attempt to write a readonly database: ...")``;
3. the process lock: ``fcntl.flock`` on ``LOCK``; a second process gets
   ``OperationalError("database is locked")`` at once;
4. the manifest: bad magic or checksum is ``CorruptDatabaseError``, a newer format version a
   ``DatabaseError("unsupported file format: ...")``, each naming the file.

A directory with no MANIFEST is created afresh only if it holds nothing but what an
interrupted creation leaves behind (LOCK, ``*.tmp``, an empty first log); data files or a
log with frames but no MANIFEST mean damage, reported as corruption, never overwritten.
"""

from __future__ import annotations

import errno
import fcntl
import os
import uuid as uuidlib

from ..errors import CorruptDatabaseError, DatabaseError, OperationalError
from .formats import LOCK_NAME, MANIFEST_NAME, Manifest, decode_manifest, encode_manifest, log_name
from .redolog import HEADER_SIZE, LogHeader, encode_header, new_salt
from .vfs import write_file_atomically

SQLITE_HEADER = b"SQLite format 3\x00"


def io_error(error: OSError, action: str, path: str) -> DatabaseError:
    """The DB-API error for an OSError met while ``action``-ing ``path``."""
    code = getattr(error, "errno", None)
    if code in (errno.ENOSPC, errno.EDQUOT):
        return OperationalError(f"database or disk is full: {action} {path}: {error.strerror}")
    if code in (errno.EACCES, errno.EPERM, errno.EROFS):
        return OperationalError(f"attempt to write a readonly database: {action} {path}: "
                                f"{error.strerror}")
    return OperationalError(f"disk I/O error: {action} {path}: {error.strerror or error}")


def open_directory(path: str, vfs, file_id_bits: int, explicit_bits: bool):
    """Lock and read (or create) the database at ``path``; returns (manifest, lock file).

    On any failure the lock is released and the error is a ``DatabaseError``."""
    try:
        return _open_directory(path, vfs, file_id_bits, explicit_bits)
    except OSError as error:           # any not already given a clearer message below
        raise io_error(error, "opening", path) from None


def _open_directory(path: str, vfs, file_id_bits: int, explicit_bits: bool):
    if vfs.exists(path) and not vfs.is_dir(path):
        raise DatabaseError(f"file is not a database: {path}: {_describe_file(vfs, path)}")
    if not vfs.exists(path):
        try:
            vfs.mkdir(path)
        except OSError as error:
            raise _open_error(error, path) from None
    lock = _take_lock(path, vfs)
    try:
        manifest = _read_or_create(path, vfs, file_id_bits)
        if explicit_bits and manifest.file_id_bits != file_id_bits:
            raise OperationalError(
                f"{path} uses {manifest.file_id_bits}-bit file ids; cannot open it with "
                f"file_id_bits={file_id_bits}")
    except BaseException:
        release_lock(lock)
        raise
    return manifest, lock


def _open_error(error: OSError, path: str) -> DatabaseError:
    if getattr(error, "errno", None) == errno.ENOENT:
        return OperationalError(f"unable to open database file: {path}: {error.strerror}")
    return io_error(error, "creating", path)


def _describe_file(vfs, path: str) -> str:
    try:
        head = vfs.read_file(path)[:16]
    except OSError:
        head = b""
    if head == SQLITE_HEADER:
        return ("an SQLite database file, not a RowanDB database directory (copy it into one"
                " with: rowandb import FILE DATABASE)")
    return "a regular file, not a RowanDB database directory"


def _take_lock(path: str, vfs):
    lock_path = os.path.join(path, LOCK_NAME)
    try:
        lock = vfs.open(lock_path, "a")
    except OSError as error:
        raise io_error(error, "opening", lock_path) from None
    try:
        fcntl.flock(lock.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        lock.close()
        raise OperationalError("database is locked") from None
    except OSError as error:
        lock.close()
        raise io_error(error, "locking", lock_path) from None
    return lock


def release_lock(lock) -> None:
    if lock is not None and lock.fd >= 0:
        try:
            fcntl.flock(lock.fd, fcntl.LOCK_UN)
        finally:
            lock.close()


def _read_or_create(path: str, vfs, file_id_bits: int) -> Manifest:
    manifest_path = os.path.join(path, MANIFEST_NAME)
    if vfs.exists(manifest_path):
        try:
            data = vfs.read_file(manifest_path)
        except OSError as error:
            raise io_error(error, "reading", manifest_path) from None
        return decode_manifest(data, manifest_path)
    names = {n for n in vfs.listdir(path) if not n.endswith(".tmp")}
    if not names <= {LOCK_NAME, log_name(1)}:
        if any(n.endswith(".rowan") or n.startswith("redo-") for n in names):
            raise CorruptDatabaseError(f"{manifest_path}: missing, but the directory holds "
                                       "RowanDB data files")
        raise DatabaseError(f"file is not a database: {path}: a directory that is not a "
                            "RowanDB database (no MANIFEST)")
    first_log = os.path.join(path, log_name(1))
    if log_name(1) in names and _size(vfs, first_log) > HEADER_SIZE:
        raise CorruptDatabaseError(f"{manifest_path}: missing, but {first_log} holds commits")
    return _create(path, vfs, file_id_bits)


def _size(vfs, path: str) -> int:
    file = vfs.open(path, "r")
    try:
        return file.size()
    finally:
        file.close()


def _create(path: str, vfs, file_id_bits: int) -> Manifest:
    """Write the first log and the first manifest of a new database."""
    manifest = Manifest(uuid=uuidlib.uuid4().bytes, file_id_bits=file_id_bits)
    try:
        write_file_atomically(vfs, path, log_name(1),
                              encode_header(LogHeader(manifest.uuid, 1, 0, new_salt())))
        write_file_atomically(vfs, path, MANIFEST_NAME, encode_manifest(manifest))
    except OSError as error:
        raise io_error(error, "creating", path) from None
    return manifest
