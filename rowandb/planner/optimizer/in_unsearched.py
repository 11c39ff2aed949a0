"""An IN the chosen search does not use is tested on each row, its list computed there.

``in_setup`` computes an IN's values as a table's loop starts -- volatile ones once, in a
``Once`` the Guard, the seek and the Filter share -- when ``outer_search`` says SQLite
searches by that IN. But SQLite's costs may then pick another search: an ``IS`` on the
same key, which it counts as an equality and prefers to the IN (where.c,
whereLoopAddBtreeIndex, nIn added to the IN's cost), or an index's equality and range
over a rowid IN. The IN is then an ordinary term, tested on each row found, its list's
items computed at each test, stopping at the first that matches (expr.c,
sqlite3ExprCodeIN for a list that is not constant): ``SELECT c FROM t WHERE a IN (f(),
2) AND a IS f()`` seeks a by f's first value and calls f again for each row found.
``in_unsearched`` says when a search chosen for a loop with such a setup does not search
by its IN and SQLite's costs agree -- its cheapest way for the table (``join_ways``) uses
no IN, nor does the loop it keeps for the index searched (``_keeps_in``: an IN before an
IS on a later key is kept) -- so that ``choose_index`` plans the loop again without the
setup. Where they disagree (a UNIQUE index's IN cheaper than another index's IS, a rowid
IN than an index's range) the setup stays, the IN's values computed once as SQLite's IN
search computes them.
"""

from __future__ import annotations

from ..plan import bound as b
from ..plan import logical as L
from .choose_index import _keys, null_safe_term
from .costs import index_rows, index_width, log_est, table_rows, table_width
from .covering import covers
from .join_ways import _prefix_rows, lone_ways
from .outer_search import _term
from .rowid_in_cost import _Loop, _adjusted, _cost, _insert


def in_unsearched(scan: L.Scan, parts: list, found, reads) -> bool:
    """Whether ``found``, the search chosen for ``scan``'s loop under its conjuncts
    ``parts``, seeks by other terms only -- the rowid, or an index's keys with no IN among
    them -- and SQLite's cheapest way for the table (``join_ways.lone_ways``, its costs
    of IN searches included, as ``in_choice`` weighs them; the first of equal ones)
    searches by no IN either. A table read whole (its Filter testing the IN first, as
    ``in_choice`` and ``rowid_in_cost`` read it for SQLite's IN search) keeps the
    setup; so does a loop whose columns read are not known (``reads`` None)."""
    if reads is None or isinstance(found, L.IndexScan) and (
            found.in_keys or not (found.equal or found.low or found.high)) or \
            not isinstance(found, (L.IndexScan, L.RowidScan)):
        return False
    best = None
    for way in lone_ways(scan, parts, reads):
        if not way.setup and (best is None or (way.run, way.out) < (best.run, best.out)):
            best = way
    if best is None or any(isinstance(c, (b.InList, b.InSubquery)) for c in best.used):
        return False
    return not isinstance(found, L.IndexScan) or not _keeps_in(scan, parts, found.index, reads)


def _keeps_in(scan: L.Scan, parts: list, index, reads) -> bool:
    """Whether the cheapest of the loops SQLite keeps for ``index``, searched by the
    equalities, ``IS`` terms and IN lists among ``parts`` key after key, uses an IN.
    whereLoopAddBtreeIndex adds a loop per term of each key, in the WHERE's order, and
    whereLoopInsert keeps them (``rowid_in_cost._insert``): past the first key, a loop of
    fewer keys lends an IN's loop its cost (whereLoopAdjustCost), so that an IN before an
    ``IS`` on the same key is kept and the IS's loop, no cheaper then, dropped (``a = 1
    AND b IN (f(), 2) AND b IS 3`` searches by the IN; with the IS first, by the IS)."""
    table, slot = scan.table, scan.slot
    size, rows = index_rows(table, index), table_rows(table)
    ratio = 15 * index_width(table, index) // table_width(table)
    whole = covers(table, index, reads(slot))
    terms = [(c, _term(c, scan) or null_safe_term(c, scan)) for c in parts]
    terms = [(c, t) for c, t in terms if t is not None and t.op in ("eq", "in")]
    loops, ins = [], {id(c) for c, t in terms if t.op == "in"}

    def add(i: int, used: tuple, n_in: int) -> None:
        for c, t in terms if i < len(index.columns) else ():
            if not _keys(t, index, i, slot, table):
                continue
            more = n_in + (_list_in(c) if t.op == "in" else 0)
            out = _prefix_rows(table, index, i + 1)
            loop = _Loop(used + (id(c),), _cost(size, out, ratio, whole) + more, out + more,
                         True, whole, index=index)
            _insert(loops, _adjusted(loop, parts, slot, rows))
            add(i + 1, used + (id(c),), more)
    add(0, (), 0)
    best = min(loops, key=lambda loop: (loop.run, loop.out), default=None)
    return best is not None and any(t in ins for t in best.terms)


def _list_in(conjunct) -> int:
    """whereLoopAddBtreeIndex's nIn: the LogEst of an IN list's length, 25 rows (46) for
    ``IN (SELECT ...)``."""
    return log_est(len(conjunct.items)) if isinstance(conjunct, b.InList) else 46
