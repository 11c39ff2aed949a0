"""An automatic index keyed by ``IS``: the terms that may key one, and a hash join's key.

SQLite's automatic index is keyed by the WHERE (or a LEFT JOIN's ON) terms of a table
that are ``=`` or ``IS`` of one of its columns (where.c, termCanDriveIndex: ``eOperator
& (WO_EQ|WO_IS)``; ``x IS NULL`` is WO_ISNULL and keys none). An ``IS`` key's NULL value
finds the rows whose column is NULL, the index's own seek of a NULL. So ``FROM u, t WHERE
t.b IS f()`` (f not deterministic), which SQLite's costs reach by such an index, computes
f once per row of u and finds the rows of that value; RowanDB tested ``t.b IS f()`` on
every row of t for every row of u (21 calls where SQLite makes 3), and ``u LEFT JOIN t ON
t.b IS f()`` likewise. Here the ``IS`` is read as ``=`` for the key (its affinity and
collation are the comparison's, as for ``=``) and marked null-safe: the ``HashJoin``'s
key then maps NULL to a value of its own (``exec/join.py``, ``key_function``), so that
NULL finds NULL, and ``join_ways`` counts the automatic index such a term keys.
"""

from __future__ import annotations

import dataclasses

from ..plan import bound as b


def is_compare(part) -> bool:
    """Whether ``part`` is ``x IS y`` (not ``x IS NULL``, which the binder makes a test of
    its own: WO_ISNULL keys no automatic index)."""
    return isinstance(part, b.Compare) and part.op == "is"


def as_equality(part) -> tuple:
    """(``part`` as an equality, whether it is null-safe): ``x IS y`` read as ``x = y``
    under the same affinity and collation, and True; any other term unchanged, False."""
    if is_compare(part):
        return dataclasses.replace(part, op="eq"), True
    return part, False


def null_safe_key(join_key, part, left_slots: set, right_slots: set, known=False):
    """``join_key`` (hash_join's) of ``part`` with a fifth item, whether the key is an
    ``IS`` one; None where ``join_key`` finds none."""
    equality, safe = as_equality(part)
    key = join_key(equality, left_slots, right_slots, known=known)
    return None if key is None else (*key, safe)
