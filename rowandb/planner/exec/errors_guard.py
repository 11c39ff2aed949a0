"""Which exceptions mean "this expression fails when evaluated" (not a bug in RowanDB)."""

from ...errors import DatabaseError


def evaluation_errors() -> tuple:
    return (DatabaseError, OverflowError, ValueError, ZeroDivisionError)
