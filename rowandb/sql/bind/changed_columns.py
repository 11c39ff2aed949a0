"""The columns an UPDATE changes, as SQLite's update.c counts them for its constraint
checks: the columns it assigns, and every generated column whose expression reads a
changed one (update.c marks those changed too, repeating until none is added).
``names_read`` gives the column names an expression of a table's CREATE text reads.
"""

from __future__ import annotations

from sqlglot import expressions as exp

from ...catalog.ascii_case import ascii_lower
from ..parse.parser import parse_written


def names_read(node: exp.Expression) -> set[str]:
    """The lower-case column names ``node`` reads."""
    return {ascii_lower(c.name) for c in node.find_all(exp.Column)}


def changed_columns(table, assigned: list[int]) -> frozenset:
    """The lower-case names of ``table``'s columns an UPDATE assigning the columns at
    ``assigned`` changes."""

    changed = {ascii_lower(table.columns[i].name) for i in assigned}
    generated = [(ascii_lower(c.name), names_read(parse_written(c.generated_sql)))
                 for c in table.columns if c.is_generated and c.generated_sql]
    grown = True
    while grown:
        grown = False
        for name, reads in generated:
            if name not in changed and not changed.isdisjoint(reads):
                changed.add(name)
                grown = True
    return frozenset(changed)
