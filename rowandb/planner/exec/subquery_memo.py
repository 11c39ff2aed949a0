"""A correlated subquery's result kept while the outer values it reads stay the same.

SQLite runs a correlated subquery again each time its expression is evaluated. A query of
nested loops often evaluates one with the same outer values many times running: in
``FROM a JOIN b ON b.x IN (SELECT ... WHERE y = a.c)`` the subquery reads only ``a``'s
row, which stays put while the loop over ``b`` turns (fuzz seed 32001311: a subquery
run 14 times per row of the loop enclosing it, 30 s where SQLite took 3). Within one
SELECT statement nothing writes, so a subquery that calls no function whose value may
change from one call to the next gives the same rows for the same outer values: its last
result is reused while those values are the same -- compared by class and value, a REAL
by its bits (0.0 and -0.0 differ) -- and computed afresh when any of them changes. An
error is never kept: the next evaluation runs the subquery again and raises again, as
SQLite would. Only the last result is kept, so memory stays that of one evaluation.

``memo_key`` decides whether a subquery qualifies and reads its outer values;
``last_result`` wraps the function computing its result. The expression compiler uses
them only for the statements ``Executable`` runs as queries (``ExpressionCompiler.memo``).
"""

from __future__ import annotations

from ..functions.user import is_user_function
from ..plan import bound as b
from ..plan.analysis import deep_nodes, defined_slots, outer_slots

#: results reused so far (tests/test_subquery_memo.py proves the path taken, or not)
REUSED = [0]


def memo_key(query: b.Select, volatile):
    """``env -> key``: the outer values ``query`` reads, or None when its result may change
    for the same values (a function in ``volatile`` or one of the connection's own, a
    recursive common table) or it reads no outer value."""
    selects, refs = _selects(query), []
    # not the operands the binder folded away: they are never evaluated, and a FROM item
    # only they name may have been dropped from the plan (a LEFT JOIN noop_join removes;
    # fuzz seed 50000639: its slot was read past the end of the environment)
    if any(isinstance(node, b.Function) and (node.name in volatile or
                                             is_user_function(node.name))
           for node in deep_nodes(query, skip=_computed_once)):
        return None
    for node in deep_nodes(query):
        if isinstance(node, (b.ColumnRef, b.AggregateRef, b.WindowRef)):
            refs.append(node)
        elif isinstance(node, (b.InSubquery, b.Exists, b.ScalarSubquery)):
            selects += _selects(node.query)
    if any(s.recursion is not None or any(isinstance(item.source, b.RecursiveSource)
                                          for item in s.items) for s in selects):
        return None
    inner = set().union(*(defined_slots(s) for s in selects))
    reads = sorted({_place(r) for r in refs if r.slot not in inner})
    return _reader(tuple(reads)) if reads else None


def _computed_once(source: b.SubquerySource) -> bool:
    """Whether SQLite fills ``source``'s rows once per statement (an uncorrelated FROM
    subquery, view or common table it materializes: plan/materialized_once.py), so that
    what it calls -- random() too -- gives the same rows at every run of the subquery
    reading it."""
    return source.once and not outer_slots(source.query)


def _selects(query: b.Select) -> list:
    """``query`` and the queries of its FROM subqueries and compound, all the way down."""
    found, stack = [], [query]
    while stack:
        top = stack.pop()
        found.append(top)
        stack += [item.source.query for item in top.items
                  if isinstance(item.source, b.SubquerySource)]
        stack += [part for _, part in top.compound]
    return found


def _place(ref) -> tuple:
    """(slot, index) of the environment cell ``ref`` reads: a rowid sits in the cell after
    its row, marked by index -1."""
    if isinstance(ref, b.ColumnRef) and ref.column < 0:
        return ref.slot + 1, -1
    return ref.slot, ref.column if isinstance(ref, b.ColumnRef) else ref.index


def _reader(places: tuple):
    """``env -> key`` of the cells at ``places``: each value with its class (a REAL by its
    bits); one cell, the common case, read without a loop."""
    if len(places) == 1:
        (slot, index), = places
        if index < 0:                       # a rowid: an integer, or NULL
            return lambda env: env[slot]

        def one(env):
            row = env[slot]
            v = None if row is None else row[index]
            c = v.__class__
            return (c, v.hex()) if c is float else (c, v)
        return one

    def key(env):
        out = []
        for slot, index in places:
            row = env[slot]
            v = row if index < 0 else None if row is None else row[index]
            c = v.__class__
            out.append((c, v.hex()) if c is float else (c, v))
        return out
    return key


def last_result(compute, key, state, query):
    """``compute(env)``, or its last result when ``key(env)`` is what it was then."""
    cell = ("memo", id(query))

    def remembered(env):
        k = key(env)
        last = state.cache.get(cell)
        if last is not None and last[0] == k:
            REUSED[0] += 1
            return last[1]
        result = compute(env)
        state.cache[cell] = (k, result)
        return result
    return remembered
