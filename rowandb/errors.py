"""The PEP 249 exception hierarchy, shared by every layer.

It lives in its own module at the bottom of the import graph so that storage, catalog,
planner and sql can all raise the DB-API class a user expects without importing upward.
Messages follow SQLite's wording wherever SQLite has one (``no such table: t``,
``UNIQUE constraint failed: t.a``, ``FOREIGN KEY constraint failed``...).
"""


class Warning(Exception):  # noqa: A001 - the name is fixed by PEP 249
    """Important warnings, such as data truncation."""


class Error(Exception):
    """Base class of every RowanDB error."""


class InterfaceError(Error):
    """Misuse of the database interface rather than of the database."""


class DatabaseError(Error):
    """Errors related to the database."""


class DataError(DatabaseError):
    """Problems with processed data: value out of range, bad conversion."""


class OperationalError(DatabaseError):
    """Errors in the database's operation: missing table, syntax error, locked database."""


class IntegrityError(DatabaseError):
    """A constraint was violated: UNIQUE, NOT NULL, CHECK, FOREIGN KEY."""


class InternalError(DatabaseError):
    """The engine reached a state it believes impossible."""


class ProgrammingError(DatabaseError):
    """The program misused the API: wrong parameters, closed connection or cursor."""


class NotSupportedError(DatabaseError):
    """A feature of SQL or of the API that RowanDB does not implement."""


class CorruptDatabaseError(DatabaseError):
    """A file failed its checksum or format check: SQLite's 'database disk image is malformed'."""

    def __init__(self, detail: str = ""):
        message = "database disk image is malformed"
        super().__init__(f"{message}: {detail}" if detail else message)

    @classmethod
    def saying(cls, message: str) -> "CorruptDatabaseError":
        """One with SQLite's own words for it ('malformed database schema (x) - ...')."""
        error = cls()
        error.args = (message,)
        return error


__all__ = [
    "Warning", "Error", "InterfaceError", "DatabaseError", "DataError", "OperationalError",
    "IntegrityError", "InternalError", "ProgrammingError", "NotSupportedError",
    "CorruptDatabaseError",
]
