"""Cutting ``executemany``'s parameter sets into the chunks Session.execute_many runs at
once (a bulk INSERT takes a chunk in one write: planner/exec/bulk.py)."""

from __future__ import annotations

from typing import Iterable


def chunks(items: Iterable, size: int):
    """``items`` in lists of up to ``size``. If taking an item fails (a parameter set that
    cannot be bound), the items taken before it are still handed out first -- they are
    statements that come before the failing one -- and then the error is raised."""
    chunk: list = []
    try:
        for item in items:
            chunk.append(item)
            if len(chunk) == size:
                yield chunk
                chunk = []
    except Exception:
        if chunk:
            yield chunk
        raise
    if chunk:
        yield chunk
