"""The membership test of ``x IN (item, ...)`` over a list of expressions, compiled by
``expressions.ExpressionCompiler._inlist``: ``hashed`` when the items are fixed for the
statement (a set of keys built once, as SQLite fills an ephemeral table), ``sequence``
when they may change from row to row (compared one by one, as SQLite's chain of
comparisons).
"""

from __future__ import annotations

from ..types import values as V


def equality_key(collation: str):
    """A function mapping a non-NULL value to a hashable key such that two keys are equal
    exactly when ``compare(a, b, collation) == 0``; None when the value itself will do.

    Python's own equality already matches SQLite's for BINARY: 1 == 1.0, and numbers,
    text and blobs never equal one another. Other collations fold text only."""
    if collation == "BINARY":
        return None
    fold = V.collation_key(collation)
    if fold is V.collation_key("BINARY"):
        return None
    return lambda v: fold(v) if type(v) is str else v


def hashed(operand, items, collation, state, cache_key):
    """The membership test of an IN list of fixed items (see ``expressions.ExpressionCompiler._inlist``).

    The items become ``{operand conversion: set of keys}`` when the test is first reached
    in an execution (kept in ``state.cache``), before x is computed, as SQLite fills its
    ephemeral table; equal ``equality_key`` keys mean ``compare(...) == 0``.
    """
    fold = equality_key(collation)

    def member(env, operand=operand, state=state, cache_key=cache_key, fold=fold,
               apply=V.apply_affinity, items=tuple(items)):
        cache = state.cache
        built = cache.get(cache_key)
        if built is None:
            built = cache[cache_key] = _sets(env, items, fold)
        value = operand(env)
        if value is None:
            return None
        groups, saw_null = built
        for lconv, keys in groups:
            v = apply(value, lconv) if lconv else value
            if (v if fold is None else fold(v)) in keys:
                return 1
        return None if saw_null else 0
    return member


def sequence(operand, items, test):
    """The membership test of an IN list compared item by item, as SQLite's sequence of
    comparisons: up to the first match, every item when x is NULL. ``test``: (x's
    conversion, each item's, the equality test of two non-NULL converted values)."""
    def member(env, operand=operand, items=tuple(items), test=test):
        value = operand(env)
        if value is None:
            for item in items:
                item(env)
            return None
        found, saw_null = _scan(env, value, items, *test)
        return 1 if found else (None if saw_null else 0)
    return member


def _sets(env, items, fold):
    """([(operand conversion, set of item keys)], some item is NULL) for the items."""
    apply = V.apply_affinity
    groups: dict = {}
    has_null = False
    for item, (lconv, rconv) in items:
        other = item(env)
        if other is None:
            has_null = True
            continue
        if rconv:
            other = apply(other, rconv)
        groups.setdefault(lconv, set()).add(other if fold is None else fold(other))
    return list(groups.items()), has_null


def _scan(env, value, items, lconv, rconv, equal):
    """(found, some item was NULL), comparing ``value`` with the items one by one."""
    saw_null = False
    a = lconv(value) if lconv else value
    for item in items:
        other = item(env)
        if other is None:
            saw_null = True
            continue
        if equal(a, rconv(other) if rconv else other) == 1:
            return 1, saw_null
    return 0, saw_null
