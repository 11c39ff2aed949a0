"""The optimizer: rewrite rules over the row-source part of a logical plan.

Each rule lives in its own module, takes a plan node and returns an equivalent one. Before
them, ``plan/build.py`` runs ``propagate_constants`` on a SELECT's FROM clause and WHERE
(SQLite's constant propagation: ``a = 5 AND b > a`` reads ``b > 5``). They run in this
order, each relying on the shape the previous one leaves:

1. ``fold_constants``      — evaluate constant sub-expressions once, at plan time.
2. ``hoist_invariants``    — take the WHERE conditions that read no FROM item (and hold no
                             subquery) into a Guard tested once before any row, as SQLite
                             does; the rules below rewrite the row source under the Guard.
3. ``reorder_joins``       — order the FROM items of an inner join (inner joins around a
                             LEFT JOIN too, its right table after the items written
                             before it) as SQLite does: up
                             to ten tables by SQLite's costs (``join_costs.py``; with the
                             sort an ORDER BY saves, ``join_sort.py``), other joins
                             greedily, each next table reached through an equality with
                             tables already joined when one exists.
4. ``push_down_predicates`` — place each conjunct of WHERE/ON on the first table in join order
                             where every slot it reads is filled: nested loops then filter
                             (or look up) as early as possible; at each, the conjuncts
                             holding a correlated subquery come last, as SQLite's do.
5. ``push_into_cte``       — copy the conjuncts on an inlined common table expression
                             into its query, where they can filter early and use indexes
                             (one reading an enclosing query's row only for an index
                             search; otherwise it keys the replayed rows: replay_keys.py).
6. ``function_arguments`` — give a table-valued function the equalities on its hidden
                             columns as arguments (``pragma_table_info WHERE arg = 't'``).
7. ``choose_index``        — turn ``Filter(Scan)`` into a rowid or index search when a
                             conjunct compares an indexed column with a value known before
                             the scan starts; where SQLite searches by an IN, a Guard
                             fills the IN's set as the loop starts (``in_setup``); a
                             rowid range gives way to an index range SQLite's costs
                             prefer (``range_choice``), and where a volatile term would
                             show it, a search to the IN search they prefer
                             (``in_choice``; a lone table's IN search through another
                             index, ``in_cost_search``) or, for one table's ORDER BY,
                             to the ordered full scan or search SQLite's solver prefers
                             (``order_choice``; under a lone min() or max() whatever
                             the terms call); a lone table takes SQLite's one-row
                             short cut by a UNIQUE index first (``short_cut``).
8. ``index_order``         — a join whose right table SQLite's costed order reaches by an
                             automatic index gives that table's rows for each left row in
                             the index's order (``auto_index_order``).
9. ``hash_join``           — an inner join whose right side is reached by an equality with
                             the left side but no index becomes a hash join: the right side
                             runs once, later left rows probe a hash table; so
                             does a RIGHT or FULL JOIN with an equality in its ON.
10. ``whole_index``        — a table SQLite's costed order reads through the whole of
                             a secondary index (under an ORDER BY, one the ORDER BY
                             might not use) is read so, its rows in that index's order
                             (``whole_index.py``).

A lone table's loop (a table scan under Filters: no join, no subquery or function in
FROM) gets only rules 1, 2, 4 and 7 (``LONE_RULES``): each other rule gives it back as it
is, and ``written_terms`` lists the terms for ``reorder_joins`` alone.

As the Aggregate is stacked, ``min_max_order`` reads a lone min() or max() through loops
in its argument's order, its first row only (SQLite's min/max optimization). Five more
run on the finished query, once ``plan/build.py`` has stacked its result nodes:

11. ``order_by_index``     — drop the ORDER BY's Sort (or keep it for its last terms only)
                             when the outermost loop reads an index or the rowid in that
                             order, forwards or backwards.
12. ``covering_scan``      — where the loops' order is not used, read a full table scan
                             through a narrower index holding what the query reads, when
                             SQLite's estimates (``costs.py``) choose it.
13. ``group_by_index``     — a one-table GROUP BY reads an index delivering its groups,
                             and the groups come out in that index's order (DESC keys
                             descending, the keys' order first), as SQLite's do.
14. ``covering``           — mark the index reads that hold every column the query reads
                             (EXPLAIN's ``USING COVERING INDEX``).
15. ``partial_coded``      — a Filter over a partial index's loop loses the terms that are
                             the index's own WHERE's, as SQLite codes none of them
                             (``partial_where_coded``; a LIKE's prefix range kept).
16. ``term_order``         — a Filter over an index read that then reads the table's row
                             tests first the conjuncts the index entry answers, as SQLite's
                             first pass does (``index_first``).
"""

from __future__ import annotations

import functools

from .auto_index_order import BucketOrder, index_order
from .auto_over_search import leaf_terms
from .choose_index import choose_index
from .fold_constants import fold_constants
from .function_arguments import function_arguments
from .hash_join import hash_join
from .hoist_invariants import hoist_invariants
from .push_down_predicates import push_down_predicates
from .push_into_cte import push_into_cte
from .reorder_joins import reorder_joins
from .written_terms import written_terms
from .whole_index import whole_index
from ..plan import logical as L
from ..plan.analysis import conjuncts

RULES = (fold_constants, hoist_invariants, reorder_joins, push_down_predicates,
         push_into_cte, function_arguments, choose_index, index_order, hash_join, whole_index)
# a lone table's loop (``_lone_table``): the others give it back as it is -- there is no
# join to order or hash, no common table or function to push into, and no costed order
# to note a whole index of (``reorder_joins`` costs none without a join)
LONE_RULES = (fold_constants, hoist_invariants, push_down_predicates, choose_index)


def optimize(node, stay: frozenset = frozenset(), ordered=None, implying=(), reads=None):
    """``node`` rewritten by every rule. ``stay``: slots whose conditions are not hoisted
    (``plan/exists_join.py``); ``ordered``: the ORDER BY SQLite's join planner weighs
    (reorder_joins; for one table, choose_index's ``order_choice``);
    ``implying``: the terms of an enclosing query that reach these tables, which may make
    a partial index usable (``plan/flatten.py``; None: none may, not even the query's own);
    ``reads``: the columns the query reads of each FROM item (``rowid_in_cost``).
    The constant row of a SELECT without FROM or WHERE is returned as it is: no rule
    finds anything to rewrite there (half the corpus's queries are such)."""
    if type(node) is L.Empty:
        return node
    where = conjuncts(node.predicate) if isinstance(node, L.Filter) else []
    automatic: set = set()      # the slots SQLite reaches by an automatic index
    scans: dict = {}            # the slots its ORDER BY's order reads whole -> index
    wholes: dict = {}           # slot -> the secondary index SQLite reads whole for it
    searches: dict = {}         # slot -> the way its costed order searches it by
    lone = _lone_table(node)
    written = None if lone else written_terms(node)     # the terms as SQLite lists them
    before: dict = {}           # slot -> its Scan's terms before choose_index
    for rule in LONE_RULES if lone else RULES:
        if rule is hoist_invariants:
            node = hoist_invariants(node, stay)
            continue
        if rule is reorder_joins:
            rule = functools.partial(reorder_joins, ordered=ordered, reads=reads,
                                     automatic=automatic, scans=scans, terms=written,
                                     searches=searches,
                                     wholes=wholes)
        if rule is hash_join:
            rule = functools.partial(hash_join, automatic=automatic)
        if rule is index_order:
            rule = functools.partial(index_order, order=BucketOrder(automatic, reads, before))
        if rule is whole_index:
            rule = functools.partial(whole_index, scans=wholes)
        if rule is choose_index:
            before.update(leaf_terms(node) if automatic else ())
            rule = functools.partial(choose_index, implying=implying, where=where, reads=reads,
                                     order=(ordered, scans), costed=searches)
        if isinstance(node, L.Guard):       # the rules rewrite the row source under it
            node = L.Guard(rule(node.child), node.conditions)
        else:
            node = rule(node)
        if isinstance(node, L.Guard) and isinstance(node.child, L.Guard):
            # the hoisted terms, then the IN search of a lone loop (in_setup.py)
            node = L.Guard(node.child.child, node.conditions + node.child.conditions)
    return node


def _lone_table(node) -> bool:
    """Whether ``node`` is one table's loop: a table scan under Filters only (no join, no
    subquery, function or VALUES in FROM), which every rule but ``LONE_RULES`` gives back
    unchanged (nor do those make a join of it)."""
    while isinstance(node, L.Filter):
        node = node.child
    return type(node) is L.Scan
