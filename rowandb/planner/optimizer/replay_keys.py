"""Equality keys for probing the replayed rows of a view inside a correlated subquery.

A view or FROM subquery inside a correlated subquery that reads nothing of the outer
row is computed once per execution and its rows replayed for every outer row
(``exec/cte_scan.py``). When the conjuncts on it include equalities ``v.c = <outer
expression>`` (kept out of the view by ``push_into_cte``), scanning every replayed row for
each outer row is a nested loop; SQLite builds an automatic index on the view instead
(where.c, constructAutomaticIndex, behind OP_Once). ``probe_keys`` finds those equalities,
as ``hash_join.join_key`` finds a hash join's (the comparison's affinity and collation decide
equality exactly), and the scan then keys its rows by them once and visits only the rows
of the outer row's key. The Filter above keeps every conjunct, so the keys only narrow
which rows are tested.
"""

from __future__ import annotations

from ..plan.analysis import conjuncts, slots_of
from .hash_join import join_key


def probe_keys(scan, predicate, local: frozenset) -> tuple:
    """``((outer expr, view expr, collation, (outer affinity, view affinity)), ...)`` for
    the equality conjuncts of ``predicate`` between a column expression of ``scan`` and an
    expression reading only enclosing queries' rows (slots not in ``local``)."""
    found = []
    mine = {scan.slot}
    for part in conjuncts(predicate):
        outer = slots_of(part) - local
        if outer:
            key = join_key(part, outer, mine)
            if key is not None and slots_of(key[1]) == mine:    # the view's row alone
                found.append(key)
    return tuple(found)
