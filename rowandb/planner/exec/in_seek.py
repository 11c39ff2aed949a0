"""Running an index search that loops over an IN's values (``IndexScan.in_keys``).

SQLite searches ``a IN (...) AND b = v`` on an index of (a, b) by a loop over the IN's
distinct values -- its ephemeral table, walked in the index's order of that key, backwards
for a DESC key or a read backwards for an ORDER BY (wherecode.c, codeEqualityTerm) -- and
inside it computes the next keys' values and seeks (codeAllEqualityTerms), once per IN
value: an equality's NULL value ends the whole search there, a NULL IN value is skipped,
a range's NULL start ends only that value's seek. ``in_seek`` runs that loop around the
IndexScan's own seek (``execute._indexscan``'s ``search(env, prefix)``). The IN's values
get the comparison's affinity, as SQLite stores them in its ephemeral table
(sqlite3CodeRhsOfIN): a list's with REAL made NUMERIC (an integer stays exact), a
subquery's as it is (``r IN (SELECT 9007199254740993)`` over a REAL r seeks
9007199254740992.0); the planner builds such a search wherever SQLite searches an index
by an IN (``optimizer/in_loop.py``).
"""

from __future__ import annotations

from ..plan import bound as b
from ..types import values as V

_AFFINITY = {"INTEGER": "NUMERIC", "REAL": "NUMERIC", "NUMERIC": "NUMERIC", "TEXT": "TEXT"}
_SUBQUERY_AFFINITY = {"INTEGER": "INTEGER", "REAL": "REAL", "NUMERIC": "NUMERIC", "TEXT": "TEXT"}


def in_seek(nc, n, equal: list, null_safe, search, out=None):
    """``rows(env)`` of the IndexScan ``n``: ``search(env, prefix)`` for each combination
    of its IN keys' values, the other keys' ``equal`` values computed in between.
    ``out``: the min/max optimization's flag (exec/min_max_early_out.py), raised once a
    row is stepped, when the search moves on to the next value there."""
    columns, backwards = n.index.columns, n.direction < 0
    lists = {i: _values(nc, n.equal[i], columns[i].collation,
                        columns[i].desc != backwards) for i in n.in_keys}
    seek = _Seek(equal, null_safe, [c.collation for c in columns], lists, search, out)

    def looped(env):
        yield from _keyed(seek, env, 0, (), [])
    return looped


class _Seek:
    """What ``_keyed`` reads of one IndexScan, named once. The loop is a module function
    taking it, not a closure over itself: a closure calling itself holds its own cell,
    a cycle that kept each statement's compiled search (its closures and their cells)
    until a full collection (PERFORMANCE.md, branch select4 of the twenty-seventh
    round)."""
    __slots__ = ("equal", "null_safe", "colls", "lists", "search", "k", "out")

    def __init__(self, equal, null_safe, colls, lists, search, out):
        self.equal, self.null_safe, self.colls = equal, null_safe, colls
        self.lists, self.search, self.k = lists, search, len(equal)
        self.out = out


def _keyed(seek: _Seek, env, i: int, prefix: tuple, ended: list):
    """The search's rows for each value of the IN keys from key ``i`` on, ``prefix`` the
    keys before it; ``ended`` gets an entry when an equality's NULL ends the search."""
    k, lists, sort_key = seek.k, seek.lists, V.sort_key
    while i < k and i not in lists:
        v = seek.equal[i](env)
        if v is None and not seek.null_safe[i]:
            ended.append(True)          # SQLite jumps past the whole loop
            return
        prefix += (sort_key(v, seek.colls[i]),)
        i += 1
    if i == k:
        if seek.out is None:
            yield from seek.search(env, prefix)
        else:
            yield from _first_stepped(seek.search(env, prefix), seek.out)
        return
    for key in lists[i](env):
        yield from _keyed(seek, env, i + 1, prefix + (key,), ended)
        if ended:
            return


def _first_stepped(rows, out: list):
    """``rows`` up to the one after which the min/max optimization's flag is raised: it
    is lowered, and the search goes on with the IN's next value (SQLite's early out)."""
    for _ in rows:
        yield None
        if out[0]:
            out[0] = False
            return


def _values(nc, term, collation: str, descending: bool):
    """``keys(env)``: the distinct non-NULL values of the IN ``term`` as index keys under
    ``collation``, in the order the loop takes them."""
    if isinstance(term, b.InSubquery):
        affinity = _SUBQUERY_AFFINITY.get(term.affinity)
        run, query = nc.exprs.run_subquery, term.query

        def values(env):
            return [row[0] for row in run(query, env)]
    else:
        affinity = _AFFINITY.get(term.affinity)
        items = [nc.expr(item) for item in term.items]

        def values(env):
            return [f(env) for f in items]

    apply, sort_key = V.apply_affinity, V.sort_key

    def keys(env):
        found = {sort_key(apply(v, affinity), collation) for v in values(env) if v is not None}
        return sorted(found, reverse=descending)
    return keys
