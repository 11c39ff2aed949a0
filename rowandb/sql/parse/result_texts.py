"""Which SELECT keyword of a statement's text a SELECT node of its tree stands for.

The parser keeps the text of every result item per SELECT keyword, in text order
(``Parsed.select_texts``); the binder names unaliased result columns after them
(``names.py``). The n-th SELECT node in text order (``names.in_text_order``, whose order
``names.selects_in_text_order`` gives without lining up every node) is the n-th keyword.
The statement's own query is the first node of its tree, so it is the first keyword
without any walk; the tree is searched for the others once, when first asked.
"""

from __future__ import annotations

from sqlglot import expressions as exp

from ..bind.names import selects_in_text_order, values_arm


def texts_for(binder, node: exp.Select) -> list[str] | None:
    """The written texts of ``node``'s result items, or None when they are not known
    (a SELECT that is no keyword of the text, or a count that does not match). The
    position is that of the first node equal to ``node`` (sqlglot's equality)."""
    tree = binder.parsed.tree
    if binder.select_nodes is None and node is not tree:
        binder.select_nodes = [n for n in selects_in_text_order(tree)
                               if not values_arm(n)] if tree is not None else []
    try:
        ordinal = binder.select_nodes.index(node) if node is not tree else 0
    except ValueError:
        return None
    texts = binder.parsed.select_texts
    if ordinal < len(texts) and len(texts[ordinal]) == len(node.expressions):
        return texts[ordinal]
    return None
