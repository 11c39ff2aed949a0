"""An outer term naming a collation nobody has, over a FROM subquery SQLite flattens.

Flattened (select.c flattenSubquery), the subquery's table is a loop of the outer query
and the outer WHERE's term is a term of that loop: where it is the rowid search it is
coded as the search alone and its collation is never looked up (``SELECT * FROM (SELECT
* FROM t) WHERE id = 1 COLLATE xyz`` is the row), where it is tested on the rows it is
the error. RowanDB plans the subquery apart and copies the term into it
(``push_into_cte``), keeping the outer test: the copy is what SQLite's term is, searched
or tested (``choose_index._seek_collations_unasked`` makes a searched one compare under
BINARY), and the outer test of a copied term follows its copy -- once the subquery's
plan asks for no unknown collation any more, the outer test compares under BINARY too (a
rowid, an integer, compares alike under every collation). A subquery SQLite does not
flatten keeps the outer test, which asks, as SQLite's does.
"""

from __future__ import annotations

import dataclasses

from ..plan import bound as b
from ..plan.flatten import rewritten
from ..types.values import is_collation


def _unknown(node) -> bool:
    return node.__class__ is b.Compare and not is_collation(node.collation)


def names_unknown(expr) -> bool:
    """Whether ``expr`` holds a comparison under a collation nobody has."""
    found = []
    rewritten(expr, lambda node: found.append(node) if _unknown(node) else None)
    return bool(found)


def plan_asks(node, seen=None) -> bool:
    """Whether any expression of the plan ``node`` (or of a subquery's plan below it) still
    compares under a collation nobody has: its compilation is then the error."""
    seen = set() if seen is None else seen
    if id(node) in seen:
        return False
    seen.add(id(node))
    if _unknown(node):
        return True
    if isinstance(node, (tuple, list)):
        return any(plan_asks(part, seen) for part in node)
    if not dataclasses.is_dataclass(node) or isinstance(node, type):
        return False
    return any(plan_asks(getattr(node, f.name), seen) for f in dataclasses.fields(node))


def unasked(predicate, pushed: list, plan):
    """``predicate``, the outer test over a flattened subquery whose plan is now ``plan``,
    with the comparisons of the ``pushed`` conjuncts compared under BINARY where they
    name an unknown collation and ``plan`` asks for none: their copies were searched."""
    copied = [c for c in pushed if names_unknown(c)]
    if not copied or plan_asks(plan):
        return predicate
    ids = {id(c) for c in copied}

    def binary(node):
        return dataclasses.replace(node, collation="BINARY") if _unknown(node) else None

    def leaf(node):
        return rewritten(node, binary) if id(node) in ids else None
    return rewritten(predicate, leaf)
