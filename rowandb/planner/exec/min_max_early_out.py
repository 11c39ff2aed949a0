"""The min/max optimization's early out where its loop searches an index by an IN.

SQLite's min/max optimization (select.c minMaxQuery) steps the aggregate with the first
row its loops deliver in min()'s or max()'s order; when a loop searches an index by an
IN on a key before the argument (``p IN (1, 2)`` over an index on (p, x)), the order
holds within each IN value only, and after stepping a row SQLite jumps to the IN's next
value (where.c sqlite3WhereMinMaxOptEarlyOut: the innermost IN loop's ``addrNxt``). So
the aggregate sees the first row of each IN value, the values walked backwards when the
loop reads its index backwards (for max()).

RowanDB does the same with a flag shared by the Aggregate and that IndexScan
(``Aggregate.in_early_out`` names its slot): the Aggregate steps a row only while the
flag is down and raises it; the IN loop (``in_seek``), resumed, sees it raised, lowers it
and moves to its next value. Rows a loop inside the IN loop delivers in between are the
ones SQLite's jump skips: the Aggregate passes them by.
"""

from __future__ import annotations


def early_out_child(nc, n):
    """``rows(env)`` of the Aggregate ``n``'s child that steps one row per IN value of
    the IndexScan in slot ``n.in_early_out``; the flag is made before that scan is
    compiled, which finds it in ``nc.early_outs``."""
    flag = nc.early_outs[n.in_early_out] = [False]
    child = nc.node(n.child)

    def first_of_each_value(env):
        flag[0] = False
        for _ in child(env):
            if not flag[0]:
                flag[0] = True
                yield None
    return first_of_each_value
