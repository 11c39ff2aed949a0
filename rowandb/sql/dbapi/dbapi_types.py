"""PEP 249 type objects and constructors.

PEP 249 asks a driver for five type objects (STRING, BINARY, NUMBER, DATETIME, ROWID) that
compare equal to the ``type_code`` found in ``cursor.description``, and for constructors
(Date, Time, Timestamp, the *FromTicks variants, Binary) that build parameter values.

SQLite -- and so RowanDB -- types values, not columns: any row of any column may hold any
storage class. ``cursor.description`` therefore reports ``type_code`` None, meaning "the
type is decided per value", and every type object compares equal to None. The type
objects also understand declared column types (``'varchar(20)'``, ``'INTEGER'``...) by
SQLite's column-affinity rules, so a future description carrying declared types needs no
change here.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable
from rowandb.catalog.ascii_case import ascii_upper

__all__ = [
    "DBAPITypeObject", "STRING", "BINARY", "NUMBER", "DATETIME", "ROWID",
    "Date", "Time", "Timestamp", "DateFromTicks", "TimeFromTicks", "TimestampFromTicks",
    "Binary", "column_affinity",
]


def column_affinity(declared_type: str) -> str:
    """The affinity SQLite gives a column declared with ``declared_type``.

    The rules are checked in SQLite's order, on the upper-cased declared type:
    INT -> INTEGER; CHAR, CLOB or TEXT -> TEXT; BLOB or nothing -> BLOB;
    REAL, FLOA or DOUB -> REAL; anything else -> NUMERIC.
    """
    upper = ascii_upper(declared_type)
    if "INT" in upper:
        return "INTEGER"
    if any(word in upper for word in ("CHAR", "CLOB", "TEXT")):
        return "TEXT"
    if "BLOB" in upper or not upper.strip():
        return "BLOB"
    if any(word in upper for word in ("REAL", "FLOA", "DOUB")):
        return "REAL"
    return "NUMERIC"


class DBAPITypeObject:
    """A PEP 249 type object: equal to every type code describing its kind of column.

    Type codes understood: None (RowanDB's description type_code: the type is per value,
    so it matches every type object) and declared column type strings.
    """

    def __init__(self, name: str, matches: Callable[[str], bool]):
        self._name = name
        self._matches = matches

    def __eq__(self, other: object) -> bool:
        if other is None:
            return True
        if isinstance(other, DBAPITypeObject):
            return other is self
        if isinstance(other, str):
            return self._matches(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(("DBAPITypeObject", self._name))

    def __repr__(self) -> str:
        return f"<DBAPITypeObject {self._name}>"


def _is_datetime_type(declared: str) -> bool:
    upper = ascii_upper(declared)
    return "DATE" in upper or "TIME" in upper


STRING = DBAPITypeObject("STRING", lambda t: column_affinity(t) == "TEXT")
BINARY = DBAPITypeObject("BINARY", lambda t: column_affinity(t) == "BLOB")
NUMBER = DBAPITypeObject("NUMBER",
                         lambda t: column_affinity(t) in ("INTEGER", "REAL", "NUMERIC"))
DATETIME = DBAPITypeObject("DATETIME", _is_datetime_type)
ROWID = DBAPITypeObject("ROWID", lambda t: ascii_upper(t) in ("ROWID", "_ROWID_", "OID"))

Date = datetime.date
Time = datetime.time
Timestamp = datetime.datetime


def DateFromTicks(ticks: float) -> datetime.date:  # noqa: N802 - name fixed by PEP 249
    """The local date at ``ticks`` seconds since the epoch."""
    return Date(*time.localtime(ticks)[:3])


def TimeFromTicks(ticks: float) -> datetime.time:  # noqa: N802
    """The local time of day at ``ticks`` seconds since the epoch."""
    return Time(*time.localtime(ticks)[3:6])


def TimestampFromTicks(ticks: float) -> datetime.datetime:  # noqa: N802
    """The local date and time at ``ticks`` seconds since the epoch."""
    return Timestamp(*time.localtime(ticks)[:6])


def Binary(data: bytes | bytearray | memoryview) -> bytes:  # noqa: N802
    """A value bound as a BLOB. RowanDB binds bytes as BLOB already; this copies to bytes."""
    return bytes(data)
