"""coalesce, ifnull and iif compiled to evaluate only the arguments they need.

SQLite codes these as jumps, not as a call of a function with every argument computed:
``coalesce(a, b)`` never computes ``b`` when ``a`` is not NULL, so a volatile function or
an error in ``b`` is not reached. The expression compiler and the JSON-argument compiler
(``json_arguments.py``) both build them here.
"""

from __future__ import annotations

from ..types import values as V


def lazy_call(name: str, args: list):
    """``name`` (coalesce, ifnull, iif or if) over the compiled ``args``."""
    if name in ("iif", "if"):
        pairs = tuple(zip(args[0::2], args[1::2]))
        other = args[-1] if len(args) % 2 else (lambda env: None)

        def choose(env, pairs=pairs, other=other, truth=V.truth):
            for cond, then in pairs:        # iif(c1, v1, c2, v2, ..., [else]) as CASE WHEN
                if truth(cond(env)):
                    return then(env)
            return other(env)
        return choose

    def first_not_null(env):
        for a in args:
            v = a(env)
            if v is not None:
                return v
        return None
    return first_not_null
