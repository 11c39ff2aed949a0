"""Incremental blob I/O (sqlite3's ``Connection.blobopen`` and ``Blob``) on RowanDB.

``open_blob`` checks what ``sqlite3_blob_open`` checks, with its messages: the table (not
a view), the column, the row, a BLOB or TEXT value, and for writing a column that no index
and no foreign key uses. A ``Blob`` reads the cell's bytes from the stored row and notices
when the row changes: the store replaces a row's record whenever a statement writes it, so
a record that is no longer the one the blob saw means the row was updated or deleted, and
the blob is expired as SQLite's is ("query aborted", its length 0). A write replaces the
cell by an UPDATE of the same size, run without tracing or asking the authorizer (SQLite
reports neither); as that UPDATE would fire triggers that SQLite's blob writes do not, a
blob on a table with triggers opens read-only or not at all (NotSupportedError).

Python's ``sqlite3`` raises ValueError, TypeError and IndexError for bad offsets, data
and indexes; RowanDB raises ProgrammingError with the same messages (docs/DBAPI.md).
"""

from __future__ import annotations

import os

from ...errors import NotSupportedError, OperationalError, ProgrammingError
from ...catalog.ascii_case import ascii_lower

CLOSED_BLOB = "Cannot operate on a closed blob."
_VIRTUAL = 2            # Column.generated of a VIRTUAL column (PRAGMA table_xinfo's hidden)


def open_blob(connection, table: str, column: str, row: int, readonly: bool, name: str):
    session = connection._live_session()
    for what, value in (("table", table), ("column", column), ("name", name)):
        if not isinstance(value, str):
            raise ProgrammingError(f"blobopen() {what} must be str, not {type(value).__name__}")
    if type(row) is not int:
        raise ProgrammingError(f"blobopen() row must be int, not {type(row).__name__}")
    if ascii_lower(name) != "main":
        raise OperationalError(f"no such table: {name}.{table}")
    found = session.db.dictionary.table(table)
    if found is None or found.system:
        if session.db.dictionary.view(table) is not None:
            raise OperationalError(f"cannot open view: {table}")
        raise OperationalError(f"no such table: main.{table}")
    if getattr(found, "without_rowid", False):
        raise OperationalError(f"cannot open table without rowid: {table}")
    position = next((i for i, c in enumerate(found.columns)
                     if ascii_lower(c.name) == ascii_lower(column)), None)
    if position is None:
        raise OperationalError(f'no such column: "{column}"')
    if not readonly:
        _check_writable(session, found, position)
    return Blob(connection, session, found, position, row, readonly)


def _check_writable(session, table, position: int) -> None:
    name = ascii_lower(table.columns[position].name)
    if any(c.column == position or c.column < 0 or index.form is not None
           for index in table.indexes for c in index.columns):
        raise OperationalError("cannot open indexed column for writing")
    if session.foreign_keys and (
            any(name in (ascii_lower(c) for c in fk.child_columns) for fk in table.foreign_keys) or
            any(name in (ascii_lower(c) for c in fk.parent_columns) or not fk.parent_columns
                and table.columns[position].pk for fk in session.db.dictionary.referencing(
                    table.name))):
        raise OperationalError("cannot open foreign key column for writing")
    if len(table.triggers or ()) or any(ascii_lower(t.table) == ascii_lower(table.name)
                                        for t in session.temp.triggers.values()):
        raise NotSupportedError("blobopen() for writing on a table with triggers is not "
                                "supported (RowanDB's blob write would fire them)")


class Blob:
    """An open BLOB or TEXT cell: a file-like object of fixed size."""

    def __init__(self, connection, session, table, position: int, rowid: int, readonly: bool):
        self._connection, self._session = connection, session
        self._table, self._position, self._rowid = table, position, rowid
        self._readonly = readonly
        self._closed = False
        self._offset = 0
        self._record = self._stored_record()
        if self._record is None:
            raise OperationalError(f"no such rowid: {rowid}")
        value = self._value_of(self._record)
        if not isinstance(value, (bytes, str)):
            kind = {type(None): "null", int: "integer", float: "real"}[type(value)]
            raise OperationalError(f"cannot open value of type {kind}")
        self._text = isinstance(value, str)
        self._data = value if not self._text else value.encode("utf-8", "surrogateescape")

    # -- the stored row --------------------------------------------------------------
    def _stored_record(self):
        store = self._session.db.store
        return store.table(self._table.file_id).get(self._rowid)

    def _value_of(self, record):
        """The cell as SQLite's blob_open sees it: NULL for the rowid alias (stored as
        NULL) and for a VIRTUAL generated column (not stored)."""
        if self._position == self._table.rowid_alias or \
                self._table.columns[self._position].generated == _VIRTUAL:
            return None
        return record[self._position] if self._position < len(record) else None

    def _live(self) -> bytes | None:
        """The cell's bytes, or None once the row has changed (the blob is expired)."""
        if self._closed:
            raise ProgrammingError(CLOSED_BLOB)
        self._connection._live_session()
        if self._data is not None and self._stored_record() is not self._record:
            self._data = None
        return self._data

    # -- the file-like interface -------------------------------------------------------
    def __len__(self) -> int:
        data = self._live()
        return 0 if data is None else len(data)

    def tell(self) -> int:
        self._live()
        return self._offset

    def seek(self, offset: int, origin: int = os.SEEK_SET) -> None:
        length = len(self)
        if origin not in (os.SEEK_SET, os.SEEK_CUR, os.SEEK_END):
            raise ProgrammingError("'origin' should be os.SEEK_SET, os.SEEK_CUR, or os.SEEK_END")
        base = {os.SEEK_SET: 0, os.SEEK_CUR: self._offset, os.SEEK_END: length}[origin]
        if not 0 <= base + offset <= length:
            raise ProgrammingError("offset out of blob range")
        self._offset = base + offset

    def read(self, length: int = -1, /) -> bytes:
        data = self._live()
        if data is None:
            raise OperationalError("query aborted")
        end = len(data) if length < 0 else min(len(data), self._offset + length)
        chunk = data[self._offset:end]
        self._offset += len(chunk)
        return chunk

    def write(self, data, /) -> None:
        data = _bytes_of(data)
        current = self._live()
        length = 0 if current is None else len(current)
        if self._offset + len(data) > length:
            raise ProgrammingError("data longer than blob length")
        self._store(self._offset, data)
        self._offset += len(data)

    def __getitem__(self, key):
        data = self._live()
        data = b"" if data is None else data
        if isinstance(key, slice):
            return data[key]
        index = _index(key, len(data))
        return data[index]

    def __setitem__(self, key, value) -> None:
        data = self._live() or b""
        if isinstance(key, slice):
            start, stop, step = key.indices(len(data))
            value = _bytes_of(value)
            if len(range(start, stop, step)) != len(value):
                raise ProgrammingError("Blob slice assignment is wrong size")
            if step == 1:
                self._store(start, value)
                return
            changed = bytearray(data)
            changed[start:stop:step] = value
            self._store(0, bytes(changed))
            return
        index = _index(key, len(data))
        if type(value) is not int or not 0 <= value < 256:
            raise ProgrammingError("byte must be in range(0, 256)")
        self._store(index, bytes((value,)))

    def close(self) -> None:
        """Close the blob; closing it again does nothing, as in sqlite3."""
        self._closed = True

    def __enter__(self) -> Blob:
        self._live()
        return self

    def __exit__(self, *exc) -> bool:
        self.close()
        return False

    # -- writing -----------------------------------------------------------------------
    def _store(self, offset: int, data: bytes) -> None:
        """Replace ``data`` at ``offset`` in the cell, in the connection's transaction."""
        if self._readonly:
            raise OperationalError("attempt to write a readonly database")
        current = self._live()
        if current is None:
            raise OperationalError("query aborted")
        if not data:
            return
        new = current[:offset] + data + current[offset + len(data):]
        value = new.decode("utf-8", "surrogateescape") if self._text else new
        session = self._session
        saved = session.tracer, session.authorizer
        session.tracer = session.authorizer = None
        try:
            column = self._table.columns[self._position].name.replace('"', '""')
            table = self._table.name.replace('"', '""')
            session.execute(f'UPDATE "{table}" SET "{column}" = ? WHERE rowid = ? '
                            "/* blob write */", (value, self._rowid))
        finally:
            session.tracer, session.authorizer = saved
        self._record, self._data = self._stored_record(), new


def _bytes_of(data) -> bytes:
    try:
        return bytes(memoryview(data))
    except TypeError:
        raise ProgrammingError(
            f"a bytes-like object is required, not '{type(data).__name__}'") from None


def _index(key, length: int) -> int:
    if not isinstance(key, int):
        raise ProgrammingError("Blob indices must be integers")
    index = key + length if key < 0 else key
    if not 0 <= index < length:
        raise ProgrammingError("Blob index out of range")
    return index
