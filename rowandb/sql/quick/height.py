"""How high the quick path's reading of a long statement is, for ``Reader.select``.

Why: the reader's chains of binary operators make trees as high as their operators are
many, and SQLite refuses an expression more than 1000 high ('Expression tree is too large
(maximum depth 1000)'), an error the quick path does not give. A statement of at most
``reader._MAX_STEPS`` operators is within that limit whatever its shape; past it, what
decides is the height of what was read: ``index/between``'s and ``index/in``'s longest
WHERE clauses (up to 600 operators in ANDs and ORs of short terms) are under 100 high.

The height counted here is the levels of the reader's nested tuples, lists, IN
subqueries and clauses, so it is never below the levels of the expression nodes along
any path (a list of IN items, an item's own tuple and a parenthesis count too, though
SQLite's tree has no level for them). Each of the reader's nodes is at most two levels
of SQLite's (``NOT IN``: TK_NOT over TK_IN), and a subquery's height adds to the
expression around it in both, so a height within ``MAX_HEIGHT`` is within 800 of
SQLite's; it also bounds the builder's recursion as the old operator count did.
"""

from __future__ import annotations

from .query import Clauses
from .reader import Subquery

MAX_HEIGHT = 400


def tree_height(roots: list) -> int:
    """The levels of nested tuples, lists, ``Subquery`` and ``Clauses`` objects from
    ``roots`` (one level) down, counted one level at a time (no recursion)."""
    height, level = 0, roots
    while level:
        height += 1
        below = []
        for node in level:
            if isinstance(node, Subquery):
                node = (node.items, node.clauses)
            elif isinstance(node, Clauses):
                node = tuple(vars(node).values())
            elif not isinstance(node, (tuple, list)):
                continue                    # a root that holds nothing (a clause left out)
            below += [part for part in node if isinstance(part, _NESTED)]
        level = below
    return height


_NESTED = (tuple, list, Subquery, Clauses)
