"""Core scalar functions that choose among their arguments: coalesce/ifnull, iif/if,
nullif, the multi-argument min and max (these three compare under the collation the
binder found, as SQLite's SQLITE_FUNC_NEEDCOLL functions do), likelihood/likely/unlikely;
and the functions
that describe the engine: subtype(), sqlite_log(), sqlite_source_id() (the compile-option
functions are in compile_options.py)."""
from __future__ import annotations

from ...errors import OperationalError
from ...version import __version__
from ..types.values import compare, truth
from .json.sqlvalues import subtype_of


def f_coalesce(*args):
    for a in args:
        if a is not None:
            return a
    return None


def f_iif(*args):
    """iif(c1, v1, c2, v2, ..., [else]): the first value whose condition is true."""
    n = len(args)
    for i in range(0, n - 1, 2):
        if truth(args[i]):
            return args[i + 1]
    return args[-1] if n % 2 == 1 else None


def f_nullif(a, b, collation="BINARY"):
    return None if compare(a, b, collation) == 0 else a


def f_scalar_max(*args, collation="BINARY"):
    best = args[0]
    if best is None:
        return None
    for v in args[1:]:
        if v is None:
            return None
        if compare(best, v, collation) < 0:
            best = v
    return best


def f_scalar_min(*args, collation="BINARY"):
    best = args[0]
    if best is None:
        return None
    for v in args[1:]:
        if v is None:
            return None
        if compare(best, v, collation) >= 0:
            best = v
    return best


def f_likelihood(x, probability):
    """likelihood(X, Y) is X; the binder has checked Y (sql/bind/clauses.check_probability)."""
    return x


def f_identity(x):
    return x


def f_subtype(x):
    """subtype(): only the JSON functions set one; the executor hands this function the
    values they return with their mark (exec/expressions.py)."""
    return subtype_of(x)


def f_sqlite_log(code, message):
    """sqlite_log(): SQLite writes to its error log, which RowanDB has none of."""
    return None


def f_source_id():
    """sqlite_source_id(): which source built the engine -- RowanDB's version here."""
    return f"rowandb {__version__}"


def f_match(pattern, text):
    """match(): only full-text search tables give MATCH a meaning."""
    raise OperationalError("unable to use function MATCH in the requested context")
