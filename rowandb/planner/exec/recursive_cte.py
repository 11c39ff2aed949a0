"""The recursive common table expression operator (sqlite.org/lang_with.html#recursivecte).

SQLite runs a recursive query with a queue (select.c, generateWithRecursiveQuery), and so
does ``compile_recursive``:

1. LIMIT and OFFSET are evaluated first (LIMIT 0: nothing runs, not even the setup);
2. the setup's rows go into the queue;
3. while the queue is not empty, its first row is taken out; it is a result row (unless
   OFFSET still skips it; once LIMIT rows are out the query ends, before that row's
   steps) and the row the recursive steps run for, in order, their rows going into the
   queue.

Without ORDER BY the queue is first in, first out. With one it is a priority queue on the
ORDER BY keys (their collations, directions and NULLS FIRST/LAST), rows with equal keys in
the order they came: SQLite's queue table keys each row by its ORDER BY values and then a
sequence number. Under UNION a row equal (under the columns' collations) to one queued
before is dropped, setup rows included.

Nothing recurses in Python: the queue is a loop, so depth costs no stack, and the operator
is a generator, so a reader that stops early stops the recursion. Memory is the queue (and,
under UNION, the rows seen so far), never the whole output: a ``CteScan`` streams it.
"""

from __future__ import annotations

import heapq
from collections import deque

from ..types import values as V
from . import execute
from .sort import key_parts


def compile_recursive(nc, n):
    cell = [None]
    cells = nc.__dict__.setdefault("recursive_cells", {})
    cells[id(n.recursion)] = cell
    setup = nc.node(n.setup)
    steps = [nc.node(step) for step in n.steps]
    limit = nc.expr(n.limit) if n.limit is not None else None
    offset = nc.expr(n.offset) if n.offset is not None else None
    make_queue = _priority_queue(n.order) if n.order else _fifo
    distinct = V.row_key_function(n.collations) if n.recursion.distinct else None
    real = execute.real_columns(n.real_columns)

    def recursive(env):
        count = execute.limit_value(limit(env), "LIMIT") if limit is not None else -1
        skip = execute.limit_value(offset(env), "OFFSET") if offset is not None else 0
        if count == 0:
            return
        push, pop, size = make_queue()
        if distinct is not None:
            seen = set()
            plain_push = push

            def push(row):
                key = distinct(row)
                if key not in seen:
                    seen.add(key)
                    plain_push(row)
        for row in setup(env):
            push(row)
        progress = nc.state.progress
        while size():
            if progress.armed:
                progress.tick()
            row = real(pop())
            if skip > 0:
                skip -= 1
            else:
                yield row
                count -= 1
                if count == 0:
                    return
            cell[0] = row
            for step in steps:
                for produced in step(env):
                    push(produced)
    return recursive


def compile_recursive_scan(nc, n):
    cell = nc.recursive_cells[id(n.recursion)]
    slot = n.slot
    nc._use_slot(slot)

    def current(env):
        env[slot] = cell[0]
        env[slot + 1] = None
        yield None
    return current


def _fifo():
    queue = deque()
    return queue.append, queue.popleft, queue.__len__


class _Reversed:
    """A sort key compared the other way round (a DESC term in a min-heap)."""
    __slots__ = ("key",)

    def __init__(self, key):
        self.key = key

    def __lt__(self, other):
        return other.key < self.key

    def __eq__(self, other):
        return self.key == other.key


def _priority_queue(order: tuple):
    parts = [(position, desc, *key_parts(desc, nulls_first, collation))
             for position, desc, nulls_first, collation in order]

    def keys(row):
        out = []
        for position, desc, sort_key, null in parts:
            v = row[position]
            k = null if v is None else sort_key(v)
            out.append(_Reversed(k) if desc else k)
        return out

    def make():
        heap: list = []
        sequence = [0]

        def push(row):
            sequence[0] += 1
            heapq.heappush(heap, (*keys(row), sequence[0], row))

        def pop():
            return heapq.heappop(heap)[-1]
        return push, pop, heap.__len__
    return make
