"""The optimizer: rewrite rules over the row-source part of a logical plan.

Each rule lives in its own module, takes a plan node and returns an equivalent one. They run
in this order, each relying on the shape the previous one leaves:

1. ``fold_constants``      — evaluate constant sub-expressions once, at plan time.
2. ``reorder_joins``       — order the FROM items of an all-inner join greedily so that each
                             next table is reached through an equality with tables already
                             joined (a rowid or index lookup when one exists).
3. ``push_down_predicates`` — place each conjunct of WHERE/ON on the first table in join order
                             where every slot it reads is filled: nested loops then filter
                             (or look up) as early as possible.
4. ``push_into_cte``       — copy the conjuncts on an inlined common table expression
                             into its query, where they can filter early and use indexes.
5. ``choose_index``        — turn ``Filter(Scan)`` into a rowid or index search when a
                             conjunct compares an indexed column with a value known before
                             the scan starts.
6. ``hash_join``           — an inner join whose right side is reached by an equality with
                             the left side but no index becomes a hash join: the right side
                             runs once, later left rows probe a hash table.
"""

from __future__ import annotations

from .choose_index import choose_index
from .fold_constants import fold_constants
from .hash_join import hash_join
from .push_down_predicates import push_down_predicates
from .push_into_cte import push_into_cte
from .reorder_joins import reorder_joins

RULES = (fold_constants, reorder_joins, push_down_predicates, push_into_cte, choose_index,
         hash_join)


def optimize(node):
    for rule in RULES:
        node = rule(node)
    return node
