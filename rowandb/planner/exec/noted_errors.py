"""Errors SQLite notes and codes on past while it generates an UPDATE's or DELETE's code.

SQLite's code generator does not stop at every error: an aggregate of the written row in a
subquery of WHERE, a subquery of two columns in SET, a subquery with no plan are noted
(sqlite3ErrorMsg, the last one kept) and the code goes on; a ``RETURNING t.*``, met as
RETURNING is coded last, then replaces them (sql/bind/bind_dml.table_star_error). The
executables of dml.py plan their row finders through these.
"""

from __future__ import annotations

from ...errors import OperationalError


def noted(stmt, plan, everything: bool = False):
    """``plan()``, or None for an error SQLite notes and codes on past (``coded`` by
    build.py, or, ``everything``, any error of an UPDATE ... FROM's join query) when a
    ``RETURNING t.*`` replaces it (bind_dml.table_star_error)."""
    try:
        return plan()
    except OperationalError as error:
        if not getattr(stmt.late_error, "table_star", False) or \
                not (everything or getattr(error, "coded", False)):
            raise _chosen(stmt, error) from None
        return None


def _chosen(stmt, error: OperationalError) -> OperationalError:
    """The error to raise when compiling the row finder's WHERE met ``error``: a value
    misplaced there (a row, a subquery of several columns) is met by the compiler first
    of its kind, but the binder chose the one SQLite reports of every misplaced value of
    the statement (bind_rows._reported, ``coded_error``), which then stands."""
    coded = getattr(stmt, "coded_error", None)
    if coded is not None and (str(error) == "row value misused" or
                              str(error).startswith("sub-select returns ")):
        return coded
    return error


def raise_coded_error(stmt) -> None:
    """The first error the binder found in the code of an UPDATE's or DELETE's own SET
    values or WHERE (a row value misplaced, an outer aggregate:
    bind_statement.bind_dml_statement), which SQLite meets once its loop is planned --
    unless a ``RETURNING t.*`` replaces it."""
    error = getattr(stmt, "coded_error", None)
    if error is not None and not getattr(stmt.late_error, "table_star", False):
        raise error
