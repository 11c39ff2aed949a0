"""Literals of a query or DML statement handed over as parameters (feature ``parameters``).

A DB-API user writes ``WHERE a = ?`` and binds the value; the engine must then answer as it
answers the literal SQLite reads as that value -- but a parameter is no literal to the
planner: it is not folded, it carries no affinity, and each run may bind another value,
so the code that serves it is other code (a DELETE's RETURNING read no parameter once
its rows came from the generated loop; test_parameter_places.py). With the feature on,
now and then a statement's literal leaves (``sqltree.leaf`` of ``literal(value)``: a
number, a string, a blob, NULL) become ``?`` with the value each reads as, and both
engines run the statement with those values bound (``Step.params``; the reproduction
lists them in a comment). Only SELECT, VALUES, WITH and the DML statements are given
parameters: SQLite refuses them in a view's, a trigger's or a table's text.
The choices come from ``g.side_rng`` (a seed writes the same case without the feature).
"""

from __future__ import annotations

import re
from dataclasses import replace

from .sqltree import SIMPLE_LITERALS, Node, leaf

STATEMENT_RATE = 0.25          # how often a query or DML statement gets parameters
LEAF_RATE = 0.5                # then how often each literal leaf becomes one
_TAKES_PARAMETERS = ("SELECT", "VALUES", "WITH", "INSERT", "REPLACE", "UPDATE", "DELETE")
_NUMBER = re.compile(r"\(?(-?\d+(?:\.\d*)?(?:[eE][-+]?\d+)?)\)?\Z")
_STRING = re.compile(r"'((?:[^']|'')*)'\Z")
_BLOB = re.compile(r"[xX]'([0-9a-fA-F]*)'\Z")
_INT64 = range(-2 ** 63, 2 ** 63)


def with_parameters(g, statement: Node) -> Node:
    """``statement``, or now and then the same statement with some literals made ``?``."""
    if not g.config.has("parameters") or g.side_rng.random() >= STATEMENT_RATE or \
            not statement.render().lstrip("( ").upper().startswith(_TAKES_PARAMETERS):
        return statement
    return _replaced(statement, g.side_rng)


def parameters(tree: Node) -> tuple:
    """The values of ``tree``'s parameters, in the order its text holds them."""
    if "param" in tree.info:
        return (tree.info["param"],)
    found: tuple = ()
    for part in tree.parts:
        if isinstance(part, Node):
            found += parameters(part)
    return found


def with_literals(tree: Node) -> str:
    """``tree``'s text with each parameter written as the literal it stands for."""
    if "param" in tree.info:
        return tree.info["literal"]
    texts = (p if isinstance(p, str) else with_literals(p) for p in tree.parts)
    return tree.sep.join(text for text in texts if text != "")


def _replaced(tree: Node, rng) -> Node:
    value = _literal_value(tree)
    if value is not _NOT_LITERAL:
        if rng.random() >= LEAF_RATE:
            return tree
        text = tree.parts[0]
        return Node(("?",), kind="expr", simpler=(leaf(text),) if text not in SIMPLE_LITERALS
                    else (), info={"param": value, "literal": text})
    parts = tuple(_replaced(p, rng) if isinstance(p, Node) else p for p in tree.parts)
    if all(new is old for new, old in zip(parts, tree.parts)):
        return tree
    return replace(tree, parts=parts)


_NOT_LITERAL = object()


def _literal_value(tree: Node):
    """The value the literal leaf ``tree`` reads as, or ``_NOT_LITERAL``."""
    if tree.kind != "expr" or len(tree.parts) != 1 or not isinstance(tree.parts[0], str) \
            or tree.info.get("ref"):
        return _NOT_LITERAL
    text = tree.parts[0]
    if text == "NULL":
        return None
    if (match := _NUMBER.match(text)) is not None:
        number = match.group(1)
        if re.fullmatch(r"-?\d+", number) and int(number) in _INT64:
            return int(number)
        return float(number)            # SQLite reads a wider integer as a real
    if (match := _STRING.match(text)) is not None:
        return match.group(1).replace("''", "'")
    if (match := _BLOB.match(text)) is not None:
        return bytes.fromhex(match.group(1))
    return _NOT_LITERAL
