"""SQL text as a small tree, so the reducer can shrink a statement without parsing it.

Every generator builds ``Node`` trees instead of strings. A node is a list of parts (text or
further nodes) joined by ``sep``; parts that render empty are skipped together with their
separator, so dropping an item of a comma list leaves valid commas behind. Two marks tell
the reducer (reduce.py) what it may try:

* ``optional``: the node may be dropped entirely (a WHERE clause, an ORDER BY term, one row
  of a VALUES list, a column definition...);
* ``simpler``: replacements to try in its place. Expression nodes list their
  sub-expressions and a few literals, so ``(a + abs(b)) < 3`` can shrink to ``b < 3`` or
  ``NULL < 3``.

Why a tree of our own rather than sqlglot's: the fuzzer must not depend on the parser under
test, and a reducer that only ever re-renders generator output cannot produce SQL that the
generators could not have written (apart from the shrinking itself).
"""

from __future__ import annotations

import math
import struct
from dataclasses import dataclass, field, replace


@dataclass(frozen=True, eq=False)
class Node:
    """A piece of SQL: ``sep.join`` of its non-empty rendered parts."""

    parts: tuple = ()
    sep: str = ""
    kind: str = ""                 # "expr" for expressions; free-form labels otherwise
    optional: bool = False
    simpler: tuple = ()            # Nodes or strings the reducer may put in this one's place
    info: dict = field(default_factory=dict)  # generator facts (e.g. ordered, loose)

    def render(self) -> str:
        texts = (part if isinstance(part, str) else part.render() for part in self.parts)
        return self.sep.join(text for text in texts if text != "")

    def __str__(self) -> str:
        return self.render()

    def children(self):
        return [part for part in self.parts if isinstance(part, Node)]

    def size(self) -> int:
        """How many nodes the tree has: the reducer's measure of progress."""
        return 1 + sum(child.size() for child in self.children())


EMPTY = Node()


def node(*parts, sep: str = "", **marks) -> Node:
    """A Node from parts; strings and Nodes mix freely; None parts are left out."""
    return Node(tuple(p for p in parts if p is not None), sep, **marks)


def items(parts, sep: str = ", ", **marks) -> Node:
    """A separated list (select list, VALUES row, argument list)."""
    return Node(tuple(parts), sep, **marks)


SIMPLE_LITERALS = ("NULL", "0", "1")


def expr(*parts, sep: str = "", subexprs=(), literals=SIMPLE_LITERALS, **marks) -> Node:
    """An expression node whose reductions are its sub-expressions and a few literals."""
    simpler = tuple(subexprs) + tuple(Node((lit,), kind="expr") for lit in literals)
    return Node(tuple(p for p in parts if p is not None), sep, kind="expr",
                simpler=simpler, **marks)


def leaf(text: str, ref: str | None = None) -> Node:
    """A literal, or (with ``ref``) a column reference: shrinks only to simple literals."""
    literals = () if text in SIMPLE_LITERALS else SIMPLE_LITERALS
    return expr(text, literals=literals, info={"ref": ref} if ref else {})


def paths(tree: Node, prefix: tuple = ()):
    """Every (path, node) in the tree, parents before children; a path indexes parts."""
    yield prefix, tree
    for index, part in enumerate(tree.parts):
        if isinstance(part, Node):
            yield from paths(part, prefix + (index,))


def replaced(tree: Node, path: tuple, new: Node) -> Node:
    """A copy of ``tree`` with the node at ``path`` swapped for ``new`` (copy on write)."""
    if not path:
        return new
    head, rest = path[0], path[1:]
    parts = list(tree.parts)
    parts[head] = replaced(parts[head], rest, new)
    return replace(tree, parts=tuple(parts))


# ---------------------------------------------------------------------------------------
# literals
# ---------------------------------------------------------------------------------------

def literal(value) -> str:
    """SQL text that SQLite reads back as exactly ``value`` with its storage class.

    Reals are written as Python's repr (the shortest text that reads back as the same
    double; it always has a '.' or an exponent, so SQLite reads it as REAL even when it is
    integral); infinities as 1e999, which SQLite reads as Inf. Negative numbers are
    parenthesised so that ``- -1`` never becomes a comment marker.
    """
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int):
        return f"({value})" if value < 0 else str(value)
    if isinstance(value, float):
        return _real(value)
    if isinstance(value, str):
        if "\x00" in value:  # SQLite's tokenizer stops at a NUL: spell it with char(0)
            return "(" + " || char(0) || ".join(literal(p) for p in value.split("\x00")) + ")"
        return "'" + value.replace("'", "''") + "'"
    return "X'" + bytes(value).hex().upper() + "'"


def _real(value: float) -> str:
    if math.isinf(value):
        return "1e999" if value > 0 else "(-1e999)"
    if math.isnan(value):  # pragma: no cover - the generators never draw NaN
        raise ValueError("SQL has no NaN literal")
    text = repr(value)
    if "e" not in text and "." not in text:  # pragma: no cover - repr always has one
        text += ".0"
    if struct.pack("<d", value)[-1] & 0x80:  # negative, including -0.0
        return f"({text})"
    return text
