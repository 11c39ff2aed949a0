"""A ``Parsed`` laid out field by field, for tests comparing a parse made another way (a
reader that skips sqlglot, a kept copy) with the full parse: every field, the tree as
text, and each node with its arguments that are not nodes, its offsets and comments."""

from __future__ import annotations


def nodes(tree) -> list:
    """Every node of ``tree`` in walk order: its class, its arguments that are not nodes,
    its offsets and its comments."""
    return [(type(node).__name__, {k: v for k, v in node.args.items()
                                   if not hasattr(v, "args") and not isinstance(v, list)},
             dict(node.meta), node.comments) for node in tree.walk()]


def fields(parsed) -> dict:
    """Every field of a ``Parsed``, its tree as text and each node with its offsets."""
    out = {k: v for k, v in vars(parsed).items() if k not in ("tree", "params")}
    out["params"] = (parsed.params.count, parsed.params.names)
    out["tree"] = repr(parsed.tree)
    out["nodes"] = nodes(parsed.tree)
    return out
