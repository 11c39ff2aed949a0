"""Cutting ``executemany``'s parameter sets into the chunks Session.execute_many runs at
once (a bulk INSERT takes a chunk in one write: planner/exec/bulk.py).

A chunk the bulk form takes costs a sort of its index entries and a merge into each
index (storage/sortedmap.py ``add_sorted``, storage/sortedruns.py ``merge_sorted``), which
visits every sublist of the index the chunk falls in; larger chunks touch each sublist
with more entries at once. So the chunks grow fourfold: ``BULK_CHUNK`` parameter sets,
then three times as many as were handed out before (1,536, 6,144, ...), up to
``BULK_CHUNK_MAX`` -- or, when the parameter sets come as a list or tuple, up to
``BULK_CHUNK_MAX_LISTED``: the caller already holds them all, so a chunk only adds lists
of pointers, and with each chunk about as large as everything written before it, the
merges into an index (each a pass over the index's sublists) cost the same per row at
1,000,000 rows as at 10,000 (at most 65,536 rows a chunk, a million-row load merged
fifteen chunks into an index of up to a million entries). A chunk the bulk
form declines is offered again in pieces of ``BULK_CHUNK`` (the row that made it decline
is in one of them; the pieces before it still go at once), and a piece it declines runs
statement by statement. Any cut gives the same result: the pieces are consecutive
statements, each written only when it can only do what its statements would.
"""

from __future__ import annotations

from typing import Callable, Iterable

BULK_CHUNK = 512                # parameter sets first written at once, and the pieces
BULK_CHUNK_MAX = 65536          # the largest chunk (bounds what a chunk holds in memory)
BULK_CHUNK_MAX_LISTED = 1 << 20  # the largest chunk of parameter sets given as a list


def run_chunks(items: Iterable, at_once: Callable | None, one_by_one: Callable) -> int:
    """Run every parameter set of ``items``: ``at_once(chunk)`` writes a chunk in one go or
    returns False having written nothing (None: never tried); ``one_by_one(chunk)`` runs
    its statements and returns their row count. The sum of the row counts."""
    total, largest = 0, BULK_CHUNK
    if at_once is not None:
        listed = type(items) is list or type(items) is tuple
        largest = BULK_CHUNK_MAX_LISTED if listed else BULK_CHUNK_MAX
    for chunk in chunks(items, BULK_CHUNK, largest):
        if at_once is not None and at_once(chunk):
            total += len(chunk)
            continue
        if at_once is None or len(chunk) <= BULK_CHUNK:
            total += one_by_one(chunk)
            continue
        for start in range(0, len(chunk), BULK_CHUNK):
            piece = chunk[start:start + BULK_CHUNK]
            total += len(piece) if at_once(piece) else one_by_one(piece)
    return total


def chunks(items: Iterable, size: int, largest: int | None = None):
    """``items`` in lists of ``size``, then of three times as many as were handed out
    before, up to ``largest`` (default ``size``). If taking an item fails (a parameter set that cannot be
    bound), the items taken before it are still handed out first -- they are statements
    that come before the failing one -- and then the error is raised."""
    largest = largest or size
    if type(items) is list or type(items) is tuple:
        done = 0
        while done < len(items):
            chunk = list(items[done:done + size])
            yield chunk
            done += len(chunk)
            size = min(largest, max(size, 3 * done))
        return
    chunk: list = []
    done = 0
    try:
        for item in items:
            chunk.append(item)
            if len(chunk) == size:
                yield chunk
                done += size
                size = min(largest, max(size, 3 * done))
                chunk = []
    except Exception:
        if chunk:
            yield chunk
        raise
    if chunk:
        yield chunk
