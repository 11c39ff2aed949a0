"""ORDER BY ... LIMIT as a streaming top-k that keeps keys and row slots, not result rows.

``sort.py`` builds every result row before sorting. Under a LIMIT only ``top`` (offset +
limit) rows survive, so when the result columns are plain reads of the row (columns,
literals, parameters: ``deferrable``) this path keeps, per row, only its sort keys and
the environment values the source filled (a table row's record and rowid), selects the
first ``top`` with ``heapq.nsmallest`` / ``nlargest`` straight from the stream (never
holding more than ``top`` candidates: memory and garbage-collector work stay flat as the
table grows), then restores each winner's slots and computes its result row.

Ties keep arrival order: ``nsmallest``/``nlargest`` are documented to equal
``sorted(rows, key=...)[:n]`` (``reverse=True`` for ``nlargest``), which is stable, and
that is the order SQLite returns tied rows in under a LIMIT (the general path relies on
the same, tests/test_sort_aggregate_speedups.py). Keys of mixed directions are gathered
(still without result rows) and ordered by ``sort.sorter``'s cut-then-sort.
"""

from __future__ import annotations

import heapq
from operator import itemgetter

from ..plan import bound as b
from ..types import values as V
from .fast_counts import COUNTS


def deferrable(columns) -> bool:
    """True when computing ``columns`` later, from restored slots, gives the same values
    and the same errors as computing them as each row arrives (plain reads only)."""
    return all(map(_plain, columns))


def _plain(e) -> bool:
    """A column, literal or parameter, under any COLLATEs (module level: a nested
    function calling itself refers to itself through its cell, a cycle per call)."""
    while isinstance(e, b.Collate):
        e = e.operand
    return isinstance(e, (b.ColumnRef, b.Literal, b.Param))


def top_rows(source, cols, keys, specs, order, recorder, scan=None):
    """``sort(env, top)`` giving the first ``top`` result rows of ``source`` ordered by
    ``keys`` ((compiled expr, sort-key function, NULL's key) each; ``specs`` their
    (desc, nulls_first, collation)); ``order`` is ``sort.sorter(specs)``, used when no
    ``top`` is given or directions are mixed; ``recorder`` the (pair, save, restore) of the
    slots ``source`` fills; ``scan``: (rows(), state, column) when ``source`` is a
    table scan and the one key is a column of it, read in place."""
    _, save, restore = recorder
    last = len(keys)
    one_direction = len({s[0] for s in specs}) == 1
    pick = heapq.nlargest if specs[0][0] else heapq.nsmallest
    all_keys = itemgetter(*range(last)) if last > 1 else itemgetter(0)
    if last == 1:
        (k0, sort_key0, null0), = keys

        def items(env):
            for _ in source(env):
                v = k0(env)
                yield (null0 if v is None else sort_key0(v), save(env))
    else:
        def items(env):
            for _ in source(env):
                yield (*[null if (v := k(env)) is None else sort_key(v)
                         for k, sort_key, null in keys], save(env))

    single = _single_key(source, keys[0], specs[0], save, scan) if last == 1 else None

    def sort(env, top: int | None = None):
        if top is not None and top <= 0:
            return
        COUNTS["topk"] += 1
        if top is not None and single is not None:
            winners = single(env, top)
        elif top is not None and one_direction:
            winners = pick(top, items(env), key=all_keys)
        else:
            winners = order(list(items(env)), top)
        for flat in winners:
            restore(env, flat[last])
            yield tuple([c(env) for c in cols])
    return sort


_KEY0 = itemgetter(0)


class _Best:
    """The candidates of one single-key top-k run.

    A row is kept only when it beats the current ``top``-th (strictly: a tie arrives later,
    so it ranks after), judged on the raw value when it has the same type as that row's
    (one type's Python order is SQLite's; text under a collation other than BINARY is
    judged on its sort key). Candidates ``(sort key, saved slots, value)`` gather in a
    list, cut back to the best ``top`` (stable, so ties stay in arrival order) whenever it
    grows past ``4 * top + 64``."""

    __slots__ = ("top", "cap", "kept", "pick", "binary", "worst", "raw", "type", "text")

    def __init__(self, top: int, pick, binary: bool):
        self.top, self.cap, self.kept, self.pick, self.binary = top, 4 * top + 64, [], pick, binary
        self.worst = self.raw = self.type = self.text = None

    def cut(self) -> None:
        kept = self.kept = self.pick(self.top, self.kept, key=_KEY0)
        self.worst, _, raw = kept[-1]
        self.raw = raw
        plain = raw is not None and (type(raw) is not str or self.binary and raw.isascii())
        self.type = type(raw) if plain else None
        # a valid non-ASCII worst: text without escaped bytes compares to it as it is
        self.text = raw if not plain and self.binary and type(raw) is str and \
            not V.has_surrogate(raw) else None

    def add(self, k, saved, v) -> None:
        kept = self.kept
        kept.append((k, saved, v))
        if len(kept) > self.cap or (self.worst is None and len(kept) == self.top):
            self.cut()

    def winners(self) -> list:
        return [(k, s) for k, s, _ in self.pick(self.top, self.kept, key=_KEY0)]


def _single_key(source, key, spec, save, scan):
    """``best(env, top)``: the first ``top`` items ``(sort key, saved slots)`` by one key,
    rows that cannot place skipped after one type test and one comparison."""
    expr, sort_key, null = key
    desc = spec[0]
    binary = (spec[2] or "BINARY") == "BINARY"
    pick = heapq.nlargest if desc else heapq.nsmallest

    def loses(best, v, escaped=V.has_surrogate) -> bool:
        if type(v) is best.type:
            return (v <= best.raw) if desc else (v >= best.raw)
        if best.text is not None and type(v) is str and not escaped(v):
            return (v <= best.text) if desc else (v >= best.text)
        k = null if v is None else sort_key(v)
        return (k <= best.worst) if desc else (k >= best.worst)

    if scan is None:
        def best_of_source(env, top):
            best = _Best(top, pick, binary)
            for _ in source(env):
                v = expr(env)
                if best.worst is not None and loses(best, v):
                    continue
                best.add(null if v is None else sort_key(v), save(env), v)
            return best.winners()
        return best_of_source
    rows, state, column = scan

    def best_of_scan(env, top):
        best = _Best(top, pick, binary)
        progress = state.progress
        for rowid, record in rows():
            if progress.armed:
                progress.tick()
            v = record[column]
            if best.worst is not None:
                if type(v) is best.type:
                    if (v <= best.raw) if desc else (v >= best.raw):
                        continue
                elif loses(best, v):
                    continue
            best.add(null if v is None else sort_key(v), (record, rowid), v)
        return best.winners()
    return best_of_scan
