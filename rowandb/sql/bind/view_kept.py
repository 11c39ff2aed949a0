"""A view's query bound once per reference, not twice: the binding that works out a view's
columns (``bind_view._work_out_columns``) kept for the reference that follows it.

Where a statement's expansion meets a view whose columns are not known yet (the first
statement reading it after a schema change), SQLite resolves the view's whole query
there, for its errors and its columns; RowanDB did that in a binder of its own and then,
at the FROM item, bound the same query again in the statement's binder -- half of the
binding of index/view's first query of each view (docs/PERFORMANCE.md, branch
``groupview``). The first binding now starts at the statement's next slot, and the FROM
item takes it (``take``) when nothing could make the second binding differ:

- the statement's binder is where it was: the next slot the first binding started from
  (``first_slot``: the SELECT around the view took its group row's slot, and no FROM
  item, subquery or view was bound in between), the same open views, depth and catalog, no subquery bound
  before it (a query's ``alone`` depends on that), no EXISTS waiting for its SELECT;
- the statement's binder binds as the own binder did: a SELECT statement's deferred code
  generation, no authorizer (it rewrites what a column reads), nothing recording the
  names resolved (``resolved``, ``table_refs``), no trigger program around it, no ALTER's
  rename mode, no ORDER BY number let past the last column;
- the first binding left nothing the statement's binder would have to carry on: no
  error put off, no row value, no error waiting in a walk.

Otherwise the reference binds the query again, as before. What the kept binding would
have left on the statement's binder -- the slots it took, the subqueries it bound, the
scope of its last SELECT -- is moved over. ``tests/test_views_bound_once.py`` compares
each kept query with a fresh binding of the same reference over the corpus's views.
"""

from __future__ import annotations

from ..parse.folds import in_rename_mode

#: Off, every reference binds its query again (tests compare the two ways).
ENABLED = True
TAKEN = [0]         # kept queries taken, for tests


def _state(binder, next_slot: int) -> tuple:
    """What of the statement's binder must be the same at the kept binding and at the
    reference that takes it (``next_slot``: the binder's then)."""
    return (next_slot, frozenset(binder.open_views), binder.cte_depth,
            id(binder.catalog), binder.subqueries_bound, binder.exists_next)


def _binds_alike(binder) -> bool:
    return binder.defer_codegen and binder.authorize is None and binder.resolved is None \
        and binder.table_refs is None and binder.trigger_rows is None \
        and not binder.past_last_allowed and binder.subqueries_bound == 0 \
        and not binder.exists_next and not in_rename_mode()


def keep(binder, own, node, view, start: tuple, query) -> None:
    """Keep ``query``, bound by ``own`` for FROM item ``node`` of ``binder``'s statement
    (``start``: ``_state(binder)`` when ``own`` began), for ``take``."""
    if not ENABLED or not _binds_alike(binder) or own.deferred_errors or own.rows_made or \
            own.pending is not None or own.past_last_allowed:
        return
    kept = binder.__dict__.setdefault("views_kept", {})
    kept[id(node)] = (node, view, start, query, own)


def first_slot(binder) -> int:
    """The slot the reference will bind the view's query from, as expansion meets it
    before the SELECT around it is bound: one past the group row's slot, which that
    SELECT takes first (``Binder._bind_select``). Where another slot is taken between,
    the reference finds the binder moved on and binds again."""
    return binder.next_slot + 2


def start_state(binder) -> tuple:
    return _state(binder, first_slot(binder))


def take(binder, node, view):
    """The query kept for FROM item ``node`` naming ``view``, its slots and subqueries
    taken on ``binder``; None when there is none or the binder has moved on."""
    kept = binder.__dict__.get("views_kept")
    entry = kept.pop(id(node), None) if kept else None
    if entry is None:
        return None
    was, was_view, start, query, own = entry
    if was is not node or was_view is not view or _state(binder, binder.next_slot) != start or \
            not _binds_alike(binder):
        return None
    binder.next_slot = own.next_slot
    binder.subqueries_bound += own.subqueries_bound
    binder.select_scope, binder.compound_shapes = own.select_scope, own.compound_shapes
    TAKEN[0] += 1
    return query
