"""Running RIGHT and FULL joins: a matched bitmap over the right side's saved rows.

``A RIGHT JOIN B ON c`` yields every pair of rows for which ``c`` is true, then each row of
B that no pair used, with A's columns NULL; a FULL JOIN also yields each row of A that
matched nothing, with B's columns NULL, right after that row's pairs. The right side
cannot read the left one (the binder refuses a table-valued function reading it), so it
runs once per run of the join: its rows (the environment slots it fills) are saved in a
list, each left row visits them (all of them, or with a hash join only those whose key
equals its own) and sets a bit per right row it matched. The rows come in SQLite's order:
the pairs in left-row order, each left row's matches in the right side's order, then the
right rows no left row matched, in their order.

SQLite finds those unmatched right rows with a WHERE loop of their own over the right
side, the left tables' rows set to NULL (wherecode.c, sqlite3WhereRightJoinLoop), and in
that loop a WHERE term above the join that reads no column of the right side is constant:
it is tested once, before the right rows are read -- even when there are none, so its
error surfaces -- and a false one stops them all. The other terms it tests on every right
row, matched or not, before it looks the row up among the matched ones, so their errors
surface for matched rows too (fuzz 88000076: ``t AS i RIGHT JOIN t ON 1 WHERE 1 NOT IN
(i.a + t.a - 1, abs(-9223372036854775808))`` raises 'integer overflow' in that loop,
where i.a is NULL). ``unmatched_tests`` picks both kinds of terms from the Filter above
the join; the Filter still tests every row it yields.
"""

from __future__ import annotations

import itertools

from ..plan import bound as b
from ..plan import logical as L
from ..plan.analysis import conjoin, conjuncts
from ..types import values as V
from ..optimizer.hoist_invariants import invariant
from ..optimizer.node_slots import filled_slots
from ..optimizer.choose_index import search_term
from ..optimizer.outer_search import HIGH, IN, LOW, search_column, search_value
from .comparison_sides import in_subquery_affinity


def compile_outer_join(nc, n: L.Join, recorder):
    """The nested loop of a RIGHT or FULL JOIN (``n.kind``); ``recorder`` is join.py's
    ``_recorder`` of the right side. With ``n.search`` each left row visits only the
    rows that search finds, and the rest of the ON is tested on them."""
    left, right = nc.node(n.left), nc.node(n.right)
    rest = [c for c in conjuncts(n.condition) if not any(c is s for s, _ in n.search)] \
        if n.condition is not None else []
    cond = nc.condition(conjoin(rest)) if rest else None
    search = _searcher(nc, n, recorder[2]) if n.search else None
    return _outer(n, left, right, recorder, lambda env: None, lambda env: None, cond,
                  nc.unmatched_tests.get(id(n), NO_TESTS), search)


def _searcher(nc, n: L.Join, restore):
    """``found(env, rows)``: the indexes of the saved right rows ``n.search`` finds for
    the left row in ``env``. As SQLite, it computes the search's values first, in order
    -- a NULL equality or range start ends it with nothing found -- and the range end's
    only once some row lies past the start (rows are then tested by the whole terms,
    whose values cannot raise anew)."""
    slot = n.right_slots[0]
    first = [(role, [_value(nc, v) for v in search_value(c, slot)], nc.condition(c))
             for c, role in n.search if role != HIGH]
    end = [(nc.expr(search_value(c, slot)[0]), nc.condition(c))
           for c, role in n.search if role == HIGH]
    landed = _landed(nc, n, restore) if end else None
    truth = V.truth

    def found(env, rows):
        for role, values, _ in first:
            for value in values:
                got = value(env)
                if got is None and role != IN or got == ():     # no value, or no row
                    return ()
        tests = [test for _, _, test in first]
        hits = [i for i in range(len(rows))
                if _restored(env, rows[i], restore) and all(truth(t(env)) for t in tests)]
        for value, test in end:
            if not landed(env, rows, hits) or value(env) is None:
                return ()
            hits = [i for i in hits if _restored(env, rows[i], restore) and truth(test(env))]
        return hits
    return found


def _landed(nc, n: L.Join, restore):
    """``landed(env, rows, hits)``: whether SQLite's seek lands on an index entry, so
    that it computes the range's end: one past the search's equality values (each IN
    list value in turn) and its start -- or past the NULLs -- in the index's order, an
    entry with larger equality keys too; with no equality, a row of ``hits`` whose key
    is not NULL."""
    slot = n.right_slots[0]
    before = [(c, role) for c, role in n.search if role != HIGH]
    if not any(role != LOW for _, role in before):
        column = nc.expr(search_column(n.search[-1][0], slot))
        return lambda env, rows, hits: any(
            _restored(env, rows[i], restore) and column(env) is not None for i in hits)
    keys = [(nc.expr(search_column(c, slot)), V.sort_key_function(_collation(c, n.right)))
            for c, _ in n.search]
    values = [_seek_values(nc, c, n.right) for c, _ in before]
    strict = before[-1][1] != LOW or search_term(before[-1][0], n.right).op == "gt"
    width = len(values) + (before[-1][1] != LOW)      # past the NULLs: one key more

    def landed(env, rows, hits):
        seeks = []
        for choice in itertools.product(*[each(env) for each in values]):
            if None not in choice:
                seeks.append(tuple(key(v) for v, (_, key) in zip(choice, keys)) +
                             ((V.sort_key(None),) if len(choice) < width else ()))
        for saved in rows if seeks else ():
            restore(env, saved)
            entry = tuple(key(column(env)) for column, key in keys[:width])
            if any(entry > seek or not strict and entry == seek for seek in seeks):
                return True
        return False
    return landed


def _value(nc, expr):
    """A search value's computation: for ``IN (SELECT ...)`` its subquery's rows' first
    values, a tuple (SQLite fills the IN's table before it reads the right one)."""
    if isinstance(expr, b.InSubquery):
        run, query = nc.exprs.run_subquery, expr.query
        return lambda env: tuple(row[0] for row in run(query, env))
    return nc.expr(expr)


def _collation(conjunct, scan) -> str:
    term = search_term(conjunct, scan)
    return term.collation if term is not None else conjunct.collation


def _seek_values(nc, conjunct, scan):
    """``values(env)``: the values a search term seeks, converted as the comparison
    converts them (an IN list's by its column's affinity)."""
    term = search_term(conjunct, scan)
    if isinstance(conjunct, b.InSubquery):      # its values as the comparison sees them
        rows, affinity = _value(nc, conjunct), in_subquery_affinity(conjunct.affinity,
                                                                    conjunct.query)
        return lambda env: [V.apply_affinity(v, affinity) if affinity else v
                            for v in rows(env)]
    if term is None:                    # column IN (values...)
        items, affinity = [nc.expr(i) for i in conjunct.items], conjunct.affinity
        return lambda env: [V.apply_affinity(f(env), affinity) for f in items]
    value, affinity = nc.expr(term.value), term.affinity
    return lambda env: [V.apply_affinity(value(env), affinity)]


def _restored(env, saved, restore) -> bool:
    restore(env, saved)
    return True


def compile_outer_hash_join(nc, n: L.HashJoin, recorder, key_function):
    """A RIGHT or FULL hash join: ``key_function(exprs, affinities, collations)`` makes a
    side's key as join.py's inner hash join does; the rest of the ON runs per key match."""
    left, right = nc.node(n.left), nc.node(n.right)
    left_key = key_function([nc.expr(k) for k in n.left_keys],
                            [a[0] for a in n.affinities], n.collations)
    right_key = key_function([nc.expr(k) for k in n.right_keys],
                             [a[1] for a in n.affinities], n.collations)
    cond = nc.condition(n.condition) if n.condition is not None else None
    return _outer(n, left, right, recorder, left_key, right_key, cond,
                  nc.unmatched_tests.get(id(n), NO_TESTS))


NO_TESTS = ((), None)


def unmatched_tests(nc, predicate, join) -> tuple:
    """What SQLite's loop over the unmatched right rows tests of ``predicate`` (a Filter
    right above ``join``, a RIGHT or FULL one), compiled: the terms it tests once (reading
    none of the right side's slots, holding no subquery, calling nothing
    non-deterministic), and the rest as one condition (None if none) it tests on every
    right row before it asks whether a left row matched it."""
    right = frozenset(join.right_slots)
    once, each = [], []
    for c in conjuncts(predicate):
        (once if invariant(c, right) else each).append(c)
    return [nc.condition(c) for c in once], \
        nc.condition(conjoin(each), terms=True) if each else None


def _outer(n, left, right, recorder, left_key, right_key, cond, tests=NO_TESTS,
           search=None):
    _, save, restore = recorder
    tests, each_row = tests
    full, hashed = n.kind == "full", isinstance(n, L.HashJoin)
    nothing = ()
    left_nulls = _nulls(n.left, filled_slots(n.left))
    right_nulls = _nulls(n.right, n.right_slots)
    truth = V.truth

    def load(env):
        rows, buckets = [], {}
        for _ in right(env):
            key = right_key(env)
            if key is not None:
                buckets.setdefault(key, []).append(len(rows))
            rows.append(save(env))
        return rows, buckets, bytearray(len(rows))

    def outer_join(env):
        loaded = None
        for _ in left(env):
            if loaded is None:
                loaded = load(env)
            rows, buckets, matched = loaded
            if hashed:              # a NULL key part matches nothing
                key = left_key(env)
                visit = nothing if key is None else buckets.get(key, nothing)
            else:
                visit = range(len(rows)) if search is None else search(env, rows)
            hit = False
            for i in visit:
                restore(env, rows[i])
                if cond is None or truth(cond(env)):
                    matched[i] = hit = 1
                    yield None
            if full and not hit:
                _fill(env, right_nulls)
                yield None
        rows, _, matched = loaded if loaded is not None else load(env)
        if tests:                   # once, before the right rows: the left ones are NULL
            _fill(env, left_nulls)
            if not all(truth(test(env)) for test in tests):
                return
        for i, saved in enumerate(rows):
            if matched[i] and each_row is None:
                continue
            restore(env, saved)
            _fill(env, left_nulls)
            if not matched[i]:
                yield None
            else:               # tested before SQLite's loop finds the row matched
                each_row(env)
    return outer_join


def _nulls(node: L.Node, slots) -> list:
    return [(s, (None,) * L.slot_width(node, s)) for s in sorted(slots)]


def _fill(env, nulls) -> None:
    for s, null_row in nulls:
        env[s] = null_row
        env[s + 1] = None
