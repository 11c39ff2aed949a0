"""One connection's own SQL functions, aggregates and collations: a layer over the built-ins.

``Connection.create_function``, ``create_aggregate`` and ``create_collation`` (the DB-API,
rowandb/sql/dbapi/connection.py) define them in the ``FunctionLayer`` of the connection's
Session. There is no global registry: while a Session prepares and runs a statement it
makes its layer the current one (``FunctionLayer.current``, a context variable reset when
the statement ends), and the parser, the binder, the executor and ``values.collation_key``
ask ``active()`` for it. As in SQLite, a name resolves to the connection's function with
that name and argument count (or one taking any number, narg -1) before any built-in.

Calls follow Python's sqlite3 module: arguments arrive as None, int, float, str or bytes;
a result must be one of those (a bool or an int subclass is an int, a bytearray or
memoryview a blob); anything else, or an exception, is SQLite's error
``user-defined function raised exception`` (an aggregate's names its method). Every
definition bumps ``version``, part of a cached statement's validity, so statements are
compiled again with the new definition.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Callable

from ...errors import DataError, OperationalError
from ..types.limit_values import ContextSetting
from ...catalog.ascii_case import ascii_lower, ascii_upper

_INT64_MIN, _INT64_MAX = -(2 ** 63), 2 ** 63 - 1
_ACTIVE: ContextVar = ContextVar("rowandb_function_layer", default=None)


@dataclass(frozen=True)
class UserFunction:
    name: str
    narg: int
    fn: Callable
    deterministic: bool


@dataclass(frozen=True)
class UserAggregate:
    name: str
    narg: int
    cls: Callable
    window: bool = False        # create_window_function: also value() and inverse()


class FunctionLayer:
    """The functions, aggregates and collations one connection defined."""

    def __init__(self):
        self.scalars: dict[tuple[str, int], UserFunction] = {}
        self.aggregates: dict[tuple[str, int], UserAggregate] = {}
        self.collations: dict[str, Callable[[str], Any]] = {}
        self.version = 0
        self.tracebacks = None      # callable(exc) printing a callback's traceback, or None
        # PRAGMA case_sensitive_like ran: like() is then the connection's own function,
        # which SQLite registers without SQLITE_FUNC_CONSTANT (func.c
        # sqlite3RegisterLikeFunctions), so LIKE is non-deterministic from then on
        self.like_redefined = False
        self.like_case_sensitive = False    # its value: like() folds no letter

    def current(self) -> ContextSetting:
        """Make this layer the one statements see until the block ends."""
        return ContextSetting(_ACTIVE, self)

    # -- defining ------------------------------------------------------------------------
    def define_scalar(self, name: str, narg: int, fn: Callable | None,
                      deterministic: bool = False) -> None:
        key = (ascii_lower(name), narg)
        self.scalars.pop(key, None)
        if fn is not None:
            self.scalars[key] = UserFunction(ascii_lower(name), narg, fn, deterministic)
        self.version += 1

    def define_aggregate(self, name: str, narg: int, cls: Callable | None,
                         window: bool = False) -> None:
        key = (ascii_lower(name), narg)
        self.aggregates.pop(key, None)
        if cls is not None:
            self.aggregates[key] = UserAggregate(ascii_lower(name), narg, cls, window)
        self.version += 1

    def define_collation(self, name: str, compare: Callable | None) -> None:
        self.collations.pop(ascii_upper(name), None)
        if compare is not None:
            self.collations[ascii_upper(name)] = _collation_key(compare)
        self.version += 1

    def redefine_like(self, case_sensitive: bool) -> None:
        self.like_redefined = True
        self.like_case_sensitive = case_sensitive
        self.version += 1

    # -- finding -------------------------------------------------------------------------
    def scalar(self, name: str, nargs: int) -> UserFunction | None:
        return _find(self.scalars, ascii_lower(name), nargs)

    def aggregate(self, name: str, nargs: int) -> UserAggregate | None:
        return _find(self.aggregates, ascii_lower(name), nargs)

    def defines(self, name: str) -> bool:
        """Whether any function or aggregate of this name is defined, whatever its arity."""
        lname = ascii_lower(name)
        return any(k[0] == lname for k in self.scalars) or \
            any(k[0] == lname for k in self.aggregates)

    def report(self, error: BaseException) -> None:
        if self.tracebacks is not None:
            self.tracebacks(error)


def _find(table: dict, lname: str, nargs: int):
    found = table.get((lname, nargs))
    return found if found is not None else table.get((lname, -1))


def active() -> FunctionLayer | None:
    """The layer of the connection whose statement is being prepared or run, if any."""
    return _ACTIVE.get()


def user_scalar(name: str, nargs: int) -> UserFunction | None:
    layer = _ACTIVE.get()
    return None if layer is None else layer.scalar(name, nargs)


def declared_volatile(name: str, nargs: int) -> bool:
    """Whether a call of ``name`` with ``nargs`` arguments reaches a connection function
    not declared deterministic, which SQLite refuses where a built-in non-deterministic
    function is refused (index expressions, partial index WHEREs, generated columns)."""
    function = user_scalar(ascii_lower(name), nargs)
    if function is None:
        return ascii_lower(name) == "like" and like_redefined()
    return not function.deterministic


def like_redefined() -> bool:
    """Whether the current connection ran PRAGMA case_sensitive_like (FunctionLayer)."""
    layer = _ACTIVE.get()
    return layer is not None and layer.like_redefined


def like_case_sensitive() -> bool:
    """Whether the current connection's like() folds no letter (PRAGMA case_sensitive_like
    = 1), for what is bound once for every connection (an index's form, sql/bind/index_forms.py)."""
    layer = _ACTIVE.get()
    return layer is not None and layer.like_case_sensitive


def user_aggregate(name: str, nargs: int) -> UserAggregate | None:
    layer = _ACTIVE.get()
    return None if layer is None else layer.aggregate(name, nargs)


def user_defines(name: str) -> bool:
    layer = _ACTIVE.get()
    return layer is not None and layer.defines(name)


def user_collation(name: str):
    """The comparison key of the connection's collation ``name`` (any case), or None."""
    layer = _ACTIVE.get()
    return None if layer is None else layer.collations.get(ascii_upper(name))


class LayeredCollations(dict):
    """The built-in collations (values.py), then the current connection's own."""

    def get(self, name, default=None):
        found = dict.get(self, name)
        return found if found is not None or name is None else user_collation(name)

    def __contains__(self, name) -> bool:
        return dict.__contains__(self, name) or user_collation(name) is not None


def is_user_function(name: str) -> bool:
    """Whether ``name`` (lower case) is one of the current connection's scalar functions."""
    layer = _ACTIVE.get()
    return layer is not None and (any(k[0] == name for k in layer.scalars)
                                  or name == "like" and layer.like_redefined)


def is_volatile(name: str) -> bool:
    """Whether ``name`` is a user function not declared deterministic: it is called for
    every row, never hoisted or computed once."""
    layer = _ACTIVE.get()
    if layer is None:
        return False
    return any(k[0] == name and not f.deterministic for k, f in layer.scalars.items()) or \
        name == "like" and layer.like_redefined


# -- calling -----------------------------------------------------------------------------

def result_value(value: Any) -> Any:
    """A Python callback's result as an SQL value; TypeError for a type SQLite lacks."""
    if value is None or type(value) in (str, bytes):
        return value
    if isinstance(value, int):
        if not _INT64_MIN <= value <= _INT64_MAX:
            raise DataError("string or blob too big")   # what sqlite3 reports (it overflows)
        return int(value)
    if isinstance(value, float):
        return float(value) if value == value else None    # SQLite stores a NaN as NULL
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    raise TypeError(f"unsupported result type {type(value).__name__}")


def scalar_caller(udf: UserFunction) -> Callable:
    """``udf`` as a function of SQL values returning an SQL value, with sqlite3's errors."""
    fn = udf.fn
    layer = active()

    def call(*args):
        try:
            return result_value(fn(*args))
        except DataError:
            raise
        except Exception as error:
            if layer is not None:
                layer.report(error)
            raise OperationalError("user-defined function raised exception") from error
    return call


def aggregate_factory(agg: UserAggregate, window: bool = False) -> Callable:
    """A factory of accumulators (``step(*values)``, ``finalize()``) around the user's class.
    Over a window frame (``window``) the accumulator also has ``inverse``, and its
    ``finalize`` asks the current value (``value()``): the frame code asks it per row."""
    layer = active()

    def failed(method: str, error: BaseException):
        if layer is not None:
            layer.report(error)
        return OperationalError(f"user-defined aggregate's '{method}' method raised error")

    class Accumulator:
        """The user's instance is made at the first row, as sqlite3 makes it: over no
        rows the aggregate is NULL, neither ``__init__`` nor ``finalize`` called."""
        __slots__ = ("instance",)

        def __init__(self):
            self.instance = None

        def step(self, *values):
            if self.instance is None:
                self.start()
            step = getattr(self.instance, "step", None)
            if step is None:
                raise OperationalError("user-defined aggregate's 'step' method not defined")
            try:
                step(*values)
            except Exception as error:
                raise failed("step", error) from error

        def finalize(self):
            if self.instance is None:
                if not window:
                    return None
                self.start()                # an empty frame still has a value
            return self.call(final)

        def start(self):
            try:
                self.instance = agg.cls()
            except Exception as error:
                raise failed("__init__", error) from error

        def call(self, method: str, *values):
            try:
                result = getattr(self.instance, method)(*values)
            except Exception as error:
                raise failed(method, error) from error
            if method == "inverse":
                return None
            try:
                return result_value(result)
            except DataError:
                raise
            except Exception as error:
                raise failed(method, error) from error

        def inverse(self, *values):
            self.call("inverse", *values)

    final = "value" if window else "finalize"
    if not window:
        del Accumulator.inverse
    return Accumulator


def _collation_key(compare: Callable) -> Callable[[str], Any]:
    """A sort key from a comparison function (sqlite3's collations compare two str). As
    in sqlite3, a result that is no int (or not a C long) compares equal, and an exception
    the callback raises ends the statement, which is undone, and reaches the program."""
    def cmp(a: str, b: str) -> int:
        result = compare(a, b)
        if not isinstance(result, int) or not _INT64_MIN <= result <= _INT64_MAX:
            return 0
        return (result > 0) - (result < 0)
    return lambda text: CollationKey(text, cmp)


class CollationKey:
    """A text's key under a comparison function. Keys that compare equal must hash
    alike, and only the function knows which do: every key hashes the same, so DISTINCT
    and GROUP BY find equal ones by comparing (slower, never wrong)."""

    __slots__ = ("text", "cmp")

    def __init__(self, text: str, cmp: Callable[[str, str], int]):
        self.text, self.cmp = text, cmp

    def __hash__(self) -> int:
        return 0

    def __eq__(self, other) -> bool:
        return self.cmp(self.text, other.text) == 0

    def __lt__(self, other) -> bool:
        return self.cmp(self.text, other.text) < 0

    def __gt__(self, other) -> bool:
        return self.cmp(self.text, other.text) > 0

    def __le__(self, other) -> bool:
        return self.cmp(self.text, other.text) <= 0

    def __ge__(self, other) -> bool:
        return self.cmp(self.text, other.text) >= 0


__all__ = ["FunctionLayer", "LayeredCollations", "UserFunction", "UserAggregate", "active", "user_scalar",
           "user_aggregate", "user_defines", "user_collation", "is_user_function", "is_volatile",
           "like_redefined", "declared_volatile",
           "scalar_caller", "aggregate_factory", "result_value"]
