"""The child nodes of a sqlglot node, found without sqlglot's generators.

``Expression.iter_expressions`` (and ``walk``, built on it) is a generator: per node it
costs a frame and a resume per child, which the statement-level walks of binding pay on
every node of a long WHERE (``tables._subqueries`` looks for the subqueries of a
statement whose text may hold one; ``unlink`` (for ``prepared.keep_compiled``) cuts a finished statement's
nodes from their parents). ``children`` gives the same nodes in the same order -- each
argument that is a node, or the items of a list argument that are -- as one list.
"""

from __future__ import annotations

from sqlglot import expressions as exp

_NODE = exp.Expr


def children(node) -> list:
    """``list(node.iter_expressions())``: the nodes among ``node``'s arguments, in order."""
    found = []
    for value in node.args.values():
        if isinstance(value, list):
            found.extend([item for item in value if isinstance(item, _NODE)])
        elif isinstance(value, _NODE):
            found.append(value)
    return found


def unlink(tree) -> None:
    """Cut every node of ``tree`` from its parent (each node ``tree.walk()`` visits), so
    that reference counting frees a tree no one reads any more at once."""
    stack = [tree]
    pop, push, node_class = stack.pop, stack.append, _NODE
    while stack:                        # ``children`` inlined: no list and call per node
        node = pop()
        node.parent = None
        for value in node.args.values():
            if isinstance(value, list):
                for item in value:
                    if isinstance(item, node_class):
                        push(item)
            elif isinstance(value, node_class):
                push(value)
