"""Which SELECT keyword of a statement's text a SELECT node of its tree stands for.

The parser keeps the text of every result item per SELECT keyword, in text order
(``Parsed.select_texts``); the binder names unaliased result columns after them
(``names.py``). The n-th SELECT node in text order (``names.in_text_order``, whose order
``names.selects_in_text_order`` gives without lining up every node) is the n-th keyword.
The statement's own query is the first node of its tree, so it is the first keyword
without any walk; the tree is searched for the others once, when first asked.

A parse-time fold (``folds.fold``: ``0 AND x IN (SELECT ...)``) may drop a SELECT whose
keyword stays in the text; every later node would then stand for the keyword before its
own. Before such a fold, ``number_selects`` writes each SELECT node's place as written
into its ``meta``, and that place wins.
"""

from __future__ import annotations

from sqlglot import expressions as exp

from ..bind.names import selects_in_text_order, values_arm


_ORDINAL = "rowandb_select_ordinal"     # meta key: a SELECT node's keyword, as written


def number_selects(tree: exp.Expression) -> None:
    """Note in each SELECT node of ``tree`` (as written: before any fold drops one) the
    place of the keyword it stands for (``texts_for``)."""
    for ordinal, node in enumerate(_keyword_selects(tree)):
        node.meta[_ORDINAL] = ordinal


def _keyword_selects(tree) -> list:
    return [n for n in selects_in_text_order(tree) if not values_arm(n)]


def texts_for(binder, node: exp.Select) -> list[str] | None:
    """The written texts of ``node``'s result items, or None when they are not known
    (a SELECT that is no keyword of the text, or a count that does not match), by
    ``node``'s place noted before a fold (``number_selects``), else its position
    (``_position``)."""
    tree = binder.parsed.tree
    ordinal = node.meta.get(_ORDINAL)
    if ordinal is None:
        if binder.select_nodes is None and node is not tree:
            binder.select_nodes = _keyword_selects(tree) if tree is not None else []
        ordinal = _position(binder.select_nodes, node) if node is not tree else 0
    if ordinal is None:
        return None
    texts = binder.parsed.select_texts
    if ordinal < len(texts) and len(texts[ordinal]) == len(node.expressions):
        return texts[ordinal]
    return None


def _position(nodes: list, node: exp.Select) -> int | None:
    """The place of ``node`` among ``nodes``: its own, else (a copy of a node of the
    tree: none of them is ``node``) that of the first node equal to it, never compared
    with the queries it lies inside, which cannot equal it: sqlglot's equality hashes
    both trees whole -- the statement's whole tree, for each subquery of a long WHERE,
    where ``list.index`` compared it with every node before its own."""
    for i, other in enumerate(nodes):
        if other is node:
            return i
    around = set()
    parent = node.parent
    while parent is not None:
        around.add(id(parent))
        parent = parent.parent
    for i, other in enumerate(nodes):
        if id(other) not in around and other == node:
            return i
    return None
