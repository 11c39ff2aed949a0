"""Core scalar functions that choose among their arguments: coalesce/ifnull, iif/if,
nullif, the multi-argument min and max, likelihood/likely/unlikely."""
from __future__ import annotations

from ...errors import OperationalError
from ..types.values import compare, truth


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


def f_nullif(a, b):
    return None if compare(a, b) == 0 else a


def f_scalar_max(*args):
    best = args[0]
    if best is None:
        return None
    for v in args[1:]:
        if v is None:
            return None
        if compare(best, v) < 0:
            best = v
    return best


def f_scalar_min(*args):
    best = args[0]
    if best is None:
        return None
    for v in args[1:]:
        if v is None:
            return None
        if compare(best, v) >= 0:
            best = v
    return best


def f_likelihood(x, probability):
    if type(probability) is not float or not 0.0 <= probability <= 1.0:
        raise OperationalError(
            "second argument to likelihood() must be a constant between 0.0 and 1.0")
    return x


def f_identity(x):
    return x
