"""Running joins: nested loops, replayed right sides and hash joins.

A nested loop runs its right side once per left row with the left row in the environment.
When nothing on the right side reads the left side (``optimizer/node_slots.py``), every
run would produce the same rows, so the right side runs once — lazily, at the first left
row — and its rows (the environment slots it fills) are replayed for the other left rows.
When a single-table right side reads left columns only as plain values (an index lookup
``t2.b = t1.a``, a filter), its rows are kept per distinct tuple of those values and
replayed when the values come again (as a cross product above the join makes them do).
Sides calling ``random()`` and the like always run afresh. A ``HashJoin``
(``optimizer/hash_join.py``) goes one step further and groups the saved rows of an
independent right side by their join key, so each left row visits only its matches; a
LEFT one (SQLite's automatic index) pads a left row that matches nothing.
Every strategy yields rows in exactly the order of the plain nested loop. RIGHT and FULL
joins run in ``outer_join.py``.
"""

from __future__ import annotations

from ..plan import logical as L
from ..plan.analysis import cannot_raise, slots_of
from ..types import values as V
from .empty_tables import EmptyIndex, halting, source_is_empty
from .in_lists import equality_key
from .outer_join import compile_outer_hash_join, compile_outer_join
from ..optimizer.node_slots import filled_slots, has_volatile, independent_of, outside_columns


#: False runs every Join as a plain nested loop (tests compare the strategies with it).
REPLAY = True


def compile_join(nc, n: L.Join):
    if n.kind in ("right", "full"):
        return compile_outer_join(nc, n, _recorder(n.right))
    left, right = nc.node(n.left), nc.node(n.right)
    cond = nc.condition(n.condition) if n.condition is not None else None
    start_right = lambda: right                                           # noqa: E731
    replay = None                           # (the memo's key, the right side's recorder)
    # (an IN loop the min/max optimization moves on from runs afresh: min_max_early_out)
    if REPLAY and not has_volatile(n.right) and \
            not nc.early_outs.keys() & filled_slots(n.right, nc.slot_memo):
        if independent_of(n.right, n.left, nc.slot_memo):
            replay = lambda env: None, _recorder(n.right)                 # noqa: E731
        else:
            reads = outside_columns(n.right, filled_slots(n.left, nc.slot_memo))
            if reads and _is_leaf(n.right) and not _new_key_per_row(n.left, reads):
                replay = _value_key(reads), _recorder(n.right)
    if replay is not None:
        if n.kind != "left" and not n.bucket_order and replay[1][0] is not None:
            empty = source_is_empty(nc, n) if id(n) in nc.ending_joins else None
            return _replayed_inner(left, _memo(right, replay[0], replay[1][1]),
                                   replay[1][0], cond, empty)
        start_right = _replayed(right, *replay)
    if n.bucket_order:
        start_right = _index_ordered(start_right, _bucket_order(nc, n), _recorder(n.right))
    if n.kind != "left":
        if id(n) in nc.ending_joins:
            start_right = halting(start_right, source_is_empty(nc, n))
        return _nested_inner(left, start_right, cond)
    nulls = [(s, (None,) * L.slot_width(n.right, s)) for s in n.right_slots]
    return _nested_left(left, start_right, cond, nulls)


def _index_ordered(start_right, order, recorder):
    """The right side of a nested loop giving its rows for each left row sorted by
    ``order`` (``_bucket_order``), stably: as SQLite's automatic index finds them."""
    _, save, restore = recorder

    def start():
        run = start_right()

        def ordered(env):
            rows = [(order(env), save(env)) for _ in run(env)]
            if len(rows) > 1:
                rows.sort(key=lambda pair: pair[0])
            for _, saved in rows:
                restore(env, saved)
                yield None
        return ordered
    return start


def _is_leaf(node: L.Node) -> bool:
    while isinstance(node, L.Filter):
        node = node.child
    return isinstance(node, (L.Scan, L.IndexScan, L.RowidScan))


def _new_key_per_row(left: L.Node, reads) -> bool:
    """True when the right side reads the rowid (or INTEGER PRIMARY KEY) of a single-table
    left side: every left row then brings a key not seen before in the run, so a memo of
    right rows would only be written, never read (and would keep every row alive)."""
    while isinstance(left, L.Filter):
        left = left.child
    if not isinstance(left, (L.Scan, L.IndexScan, L.RowidScan)) or left.table.without_rowid:
        return False
    alias = left.table.rowid_alias
    return any(s == left.slot and (c < 0 or c == alias) for s, c in reads)


def _value_key(reads):
    """``f(env)``: the values of the left-side columns the right side reads, as a key that
    tells apart values Python calls equal but SQL does not (1 and 1.0, 0.0 and -0.0)."""
    def exact(v):
        return (v.hex(),) if type(v) is float else v

    positions = [(s + 1, None) if c < 0 else (s, c) for s, c in reads]
    if len(positions) == 1:
        (s, c), = positions
        if c is None:
            return lambda env: exact(env[s])
        return lambda env: exact(env[s][c])
    return lambda env: tuple([exact(env[s] if c is None else env[s][c]) for s, c in positions])


MEMO_LIMIT = 200_000        # saved right rows per join run; past it, runs are not kept


def _memo(right, key_of, save):
    """``fresh()``: a new ``rows_for(env)``, the right side's saved rows for
    ``key_of(env)``, run once per distinct key within one run of the join (the memo
    kept until ``MEMO_LIMIT`` rows are saved)."""
    def fresh():
        memo: dict = {}
        kept = [0]

        def rows_for(env):
            key = key_of(env)
            rows = memo.get(key)
            if rows is None:
                rows = [save(env) for _ in right(env)]
                if kept[0] < MEMO_LIMIT:
                    memo[key] = rows
                    kept[0] += len(rows) + 1
            return rows
        return rows_for
    return fresh


def _replayed(right, key_of, recorder):
    """The right side of a nested loop, run once per distinct ``key_of(env)`` within one run
    of the join and replayed from saved slot values afterwards. ``key_of`` gives the values
    the right side depends on (a constant when it depends on nothing from the left)."""
    pair, save, restore = recorder
    fresh = _memo(right, key_of, save)

    def start():
        rows_for = fresh()
        if pair is not None:
            p0, p1 = pair

            def run_pair(env):
                for record, rowid in rows_for(env):
                    env[p0] = record
                    env[p1] = rowid
                    yield None
            return run_pair

        def run(env):
            for saved in rows_for(env):
                restore(env, saved)
                yield None
        return run
    return start


def _replayed_inner(left, fresh, pair, cond, empty=None):
    """An inner nested loop over a replayed right side of one table (``_memo``), the
    saved rows put in place in the join's own loop: what ``_nested_inner`` over
    ``_replayed``'s side (``halting`` with ``empty``) does, without a generator of the
    right side resumed for each row it gives (select4's cross products give millions)."""
    p0, p1 = pair
    truth = V.truth

    def replayed(env):
        rows_for, checked = fresh(), empty is None
        for _ in left(env):
            if not checked:             # (``halting``: at the first left row)
                if empty(env):
                    raise EmptyIndex
                checked = True
            for record, rowid in rows_for(env):
                env[p0] = record
                env[p1] = rowid
                if cond is None or truth(cond(env)):
                    yield None
    return replayed


def _recorder(right: L.Node):
    """(pair, save, restore) for the environment positions ``right`` fills; ``pair`` is
    (record position, rowid position) when it fills one slot (callers inline that case)."""
    positions = sorted(p for s in filled_slots(right) for p in (s, s + 1))
    if len(positions) == 2:
        p0, p1 = positions

        def save(env):
            return env[p0], env[p1]

        def restore(env, saved):
            env[p0], env[p1] = saved
        return (p0, p1), save, restore

    def save_all(env):
        return tuple([env[p] for p in positions])

    def restore_all(env, saved):
        for p, v in zip(positions, saved):
            env[p] = v
    return None, save_all, restore_all


def _nested_inner(left, start_right, cond):
    """``start_right()`` gives the right side for one run of the join (a fresh memo when
    it is replayed)."""
    truth = V.truth
    if cond is None:
        def inner(env):
            run = start_right()
            for _ in left(env):
                yield from run(env)
        return inner

    def inner_on(env):
        run = start_right()
        for _ in left(env):
            for _ in run(env):
                if truth(cond(env)):
                    yield None
    return inner_on


def _null_fill(env, nulls) -> None:
    for s, null_row in nulls:
        env[s] = null_row
        env[s + 1] = None


def _nested_left(left, start_right, cond, nulls):
    truth = V.truth

    def left_join(env):
        run = start_right()
        for _ in left(env):
            matched = False
            for _ in run(env):
                if cond is None or truth(cond(env)):
                    matched = True
                    yield None
            if not matched:
                _null_fill(env, nulls)
                yield None
    return left_join


# -- hash join --------------------------------------------------------------------------
def compile_hash_join(nc, n: L.HashJoin):
    if n.kind == "left":
        return _left_hash_join(nc, n)
    if n.kind != "inner":
        return compile_outer_hash_join(nc, n, _recorder(n.right), key_function)
    if REPLAY and _pairs_kept(nc, n):
        return _paired_hash_join(nc, n)
    left, right, save, restore, left_key, right_key = _hash_sides(nc, n)
    empty = source_is_empty(nc, n) if id(n) in nc.ending_joins else None
    order = _bucket_order(nc, n)

    def hash_join(env):
        table = None
        for _ in left(env):
            if table is None:
                table = _built(env, right, right_key, save, order, empty)
            if not table:
                continue
            key = left_key(env)
            if key is None:
                continue
            bucket = table.get(key)
            if bucket is not None:
                for saved in bucket:
                    restore(env, saved)
                    yield None
    return hash_join


def _pairs_kept(nc, n: L.HashJoin) -> bool:
    """Whether the hash join's left side is a plain inner join ``P, R`` whose right item R
    (one table, read alike for every row of P: replayed) holds every column the keys
    read, keys that cannot raise: each row of P then meets R's rows and their buckets
    alike, so the pairs are found once (``_paired_hash_join``). select4's cross products
    of filtered tables meet a scanned table and its automatic index this way."""
    join = n.left
    if not isinstance(join, L.Join) or join.kind != "inner" or join.condition is not None \
            or join.bucket_order or has_volatile(join.right) or \
            _recorder(join.right)[0] is None or \
            not independent_of(join.right, join.left, nc.slot_memo):
        return False
    mine = filled_slots(join.right, nc.slot_memo)
    return all(c in _OWN_COLLATIONS for c in n.collations) and \
        all(cannot_raise(k) and slots_of(k) <= mine for k in n.left_keys)


_OWN_COLLATIONS = ("BINARY", "NOCASE", "RTRIM")      # keys folded by no code of the user's


def _paired_hash_join(nc, n: L.HashJoin):
    """``HashJoin(Join(P, R), H)`` (``_pairs_kept``) run as P times the pairs of R's rows
    and their buckets in H, found at P's first row: the rows, their order, the reads
    of R and H (at P's first row, R's first), and the empty-table stops are the nested
    loops' (``_replayed_inner`` under ``compile_hash_join``); R's rows meet the hash table
    once per run instead of once per row of P (R's memo, one key, is always kept)."""
    join = n.left
    outer, (pair, save_r, _) = nc.node(join.left), _recorder(join.right)
    fresh = _memo(nc.node(join.right), lambda env: None, save_r)
    _, right, save, restore, left_key, right_key = _hash_sides(nc, n, left=False)
    empty_r = source_is_empty(nc, join) if id(join) in nc.ending_joins else None
    empty = source_is_empty(nc, n) if id(n) in nc.ending_joins else None
    order, (p0, p1) = _bucket_order(nc, n), pair

    def paired_hash_join(env):
        rows_for, pairs, table = fresh(), None, None
        for _ in outer(env):
            if pairs is None:
                if empty_r is not None and empty_r(env):
                    raise EmptyIndex        # (``halting``, at P's first row)
                found = []
                for record, rowid in rows_for(env):
                    env[p0] = record
                    env[p1] = rowid
                    if table is None:
                        table = _built(env, right, right_key, save, order, empty)
                    if not table:
                        break
                    key = left_key(env)
                    bucket = None if key is None else table.get(key)
                    if bucket is not None:
                        found.append((record, rowid, bucket))
                pairs = found
            for record, rowid, bucket in pairs:
                env[p0] = record
                env[p1] = rowid
                for saved in bucket:
                    restore(env, saved)
                    yield None
    return paired_hash_join


def _left_hash_join(nc, n: L.HashJoin):
    """A LEFT JOIN through SQLite's automatic index: the right side hashed at the first
    left row; every left row computes its key (even with nothing hashed) and the nested
    LEFT loop tests the rest of the ON on the rows of that key."""
    left, right, save, restore, left_key, right_key = _hash_sides(nc, n)
    cond = nc.condition(n.condition) if n.condition is not None else None
    nulls = [(s, (None,) * L.slot_width(n.right, s)) for s in n.right_slots]
    order = _bucket_order(nc, n)

    def start_right():
        table = None

        def rows_of_key(env):
            nonlocal table
            if table is None:
                table = _hashed(env, right, right_key, save, order)
            key = left_key(env)
            if key is not None:
                for saved in table.get(key, ()):
                    restore(env, saved)
                    yield None
        return rows_of_key
    return _nested_left(left, start_right, cond, nulls)


def _hash_sides(nc, n: L.HashJoin, left: bool = True) -> tuple:
    """A HashJoin's compiled sides (the left one None when not ``left``), its right
    side's save and restore, and both keys."""
    left, right = nc.node(n.left) if left else None, nc.node(n.right)
    _, save, restore = _recorder(n.right)
    left_key = key_function([nc.expr(k) for k in n.left_keys],
                            [a[0] for a in n.affinities], n.collations, n.null_safe)
    right_key = key_function([nc.expr(k) for k in n.right_keys],
                             [a[1] for a in n.affinities], n.collations, n.null_safe)
    return left, right, save, restore, left_key, right_key


def _hashed(env, right, right_key, save, order=None) -> dict:
    """The right side run once, its rows saved under their keys (none with a NULL part),
    each key's in scan order -- or, with ``order`` (``_bucket_order``), in the order of
    SQLite's automatic index."""
    if order is not None:
        return _ordered_buckets(env, right, right_key, save, order)
    table: dict = {}
    for _ in right(env):
        key = right_key(env)
        if key is not None:
            bucket = table.get(key)
            if bucket is None:
                table[key] = [save(env)]
            else:
                bucket.append(save(env))
    return table


def _built(env, right, right_key, save, order, empty) -> dict:
    """``_hashed``'s table, built at the first left row; ``EmptyIndex`` when it holds
    nothing and ``empty`` (the join ends its chain's loops) finds its table empty."""
    table = _hashed(env, right, right_key, save, order)
    if not table and empty is not None and empty(env):
        raise EmptyIndex
    return table


def _bucket_order(nc, n):
    """``f(env)``: the sort key of the right row in ``env`` by ``n.bucket_order``, the
    columns after the keys of SQLite's automatic index (BINARY; ``auto_index_order``);
    None when the buckets keep the scan order."""
    if not n.bucket_order:
        return None
    columns = [nc.expr(c) for c in n.bucket_order]
    key = V.sort_key
    return lambda env: [key(f(env)) for f in columns]


def _ordered_buckets(env, right, right_key, save, order) -> dict:
    """``_hashed`` with each bucket sorted by ``order``, stably: rows alike in it keep
    their scan (rowid) order, the automatic index's last column."""
    table: dict = {}
    for _ in right(env):
        key = right_key(env)
        if key is not None:
            table.setdefault(key, []).append((order(env), save(env)))
    for key, bucket in table.items():
        if len(bucket) > 1:
            bucket.sort(key=lambda pair: pair[0])
        table[key] = [saved for _, saved in bucket]
    return table


def key_function(exprs, affinities, collations, null_safe=()):
    """``f(env)``: the hashable equality key of one side, or None when a part is NULL.

    Two keys are equal exactly when SQLite's comparison of the parts says so: each part is
    converted by its comparison affinity and mapped by ``equality_key`` of its collation.
    A part ``null_safe`` marks (an ``IS`` key, ``optimizer/is_keys.py``) maps NULL to a
    value of its own, so that NULL finds NULL, as ``IS`` compares.
    """
    parts = [_part(f, aff, coll) for f, aff, coll in zip(exprs, affinities, collations)]
    parts = [_null_found(part) if safe else part
             for part, safe in zip(parts, tuple(null_safe) + (False,) * len(parts))]
    if len(parts) == 1:
        return parts[0]

    def key(env):
        out = []
        for part in parts:
            v = part(env)
            if v is None:
                return None
            out.append(v)
        return tuple(out)
    return key


#: the key of a NULL under ``IS``: equal to itself only
NULL_KEY = object()


def _null_found(part):
    def null_safe(env):
        v = part(env)
        return NULL_KEY if v is None else v
    return null_safe


def _part(f, affinity, collation):
    apply, fold = V.apply_affinity, equality_key(collation)
    if affinity is None and fold is None:
        return f
    if fold is None:
        def converted(env):
            v = f(env)
            return None if v is None else apply(v, affinity)
        return converted

    def folded(env):
        v = f(env)
        if v is None:
            return None
        if affinity is not None:
            v = apply(v, affinity)
        return fold(v)
    return folded
