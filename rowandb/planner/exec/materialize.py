"""Running ``Materialize``: an UPDATE ... FROM's nested FROM clause (plan/nested_from.py).

SQLite materializes the subquery its parser made of such a FROM clause once, when the
target's loop first reaches it (OP_Once), and reads the kept rows at every target row.
Here the first read of a run runs the FROM clause's plan and keeps, for each row, the
record and rowid of every item's slot; each read then puts them back into the
environment row by row, so the statement's expressions read the items' slots as they
would in a flattened join.
"""

from __future__ import annotations


def compile_materialize(nc, n):
    run = nc.node(n.child)
    positions = tuple(p for slot in n.slots for p in (slot, slot + 1))
    for slot in n.slots:
        nc._use_slot(slot)
    state, key = nc.state, ("materialize", id(n))

    def materialized(env):
        rows = state.cache.get(key)
        if rows is None:
            rows = state.cache[key] = [tuple([env[p] for p in positions]) for _ in run(env)]
        for row in rows:
            for p, value in zip(positions, row):
                env[p] = value
            yield None
    return materialized
