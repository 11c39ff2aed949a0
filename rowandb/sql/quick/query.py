"""The quick path's second room, read: the clauses after a SELECT's items when its FROM
clause is one table -- ``FROM name [[AS] alias] [WHERE e] [GROUP BY e, ...] [HAVING e]
[ORDER BY e [ASC|DESC], ...] [LIMIT e [OFFSET e | , e]]`` -- in the order SQLite's
grammar has them (parse.y's ``select`` rule), with the reader's own expressions
(reader.py); an IN subquery's clauses end at its closing parenthesis. Anything else
after the items -- a join, a comma, INDEXED BY, a schema name, a table-valued function, a subquery, NULLS FIRST/LAST, WINDOW, a compound --
declines, and the full path reads the statement.

What the table names and what the names in the clauses stand for is the builder's
(``table.py``): the reader only reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .reader import Decline, Reader

# (a parenthesis: the end of an IN subquery's clauses, reader.py)
# and a compound's operator after an arm's table: compound.py)
_ENDS_ITEM = ("", "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", ")", "UNION", "INTERSECT",
              "EXCEPT")


@dataclass
class Clauses:
    """A one-table SELECT's clauses as read (expressions are the reader's trees)."""
    table: str
    alias: str | None = None
    where: tuple | None = None
    group_by: list = field(default_factory=list)
    having: tuple | None = None
    order_by: list = field(default_factory=list)    # (tree, desc)
    limit: tuple | None = None
    offset: tuple | None = None


def read_clauses(reader: Reader) -> Clauses:
    """The clauses from ``FROM`` to the last token, or ``Decline``."""
    reader.take("FROM")
    clauses = Clauses(reader.name())
    if reader.accept("AS") or reader.peek() not in _ENDS_ITEM:
        clauses.alias = reader.name()
    if reader.peek() not in _ENDS_ITEM:
        raise Decline                   # a join, INDEXED BY, a table-valued function ...
    if reader.accept("WHERE"):
        clauses.where = reader.expr(0)
    if reader.accept("GROUP"):
        reader.take("BY")
        clauses.group_by = _list(reader, lambda: reader.expr(0))
    if reader.accept("HAVING"):
        clauses.having = reader.expr(0)
    if reader.accept("ORDER"):
        reader.take("BY")
        clauses.order_by = _list(reader, lambda: _order_term(reader))
    if reader.accept("LIMIT"):
        first = reader.expr(0)
        if reader.accept("OFFSET"):
            clauses.limit, clauses.offset = first, reader.expr(0)
        elif reader.accept(","):            # LIMIT offset, count
            clauses.offset, clauses.limit = first, reader.expr(0)
        else:
            clauses.limit = first
    return clauses


def _list(reader: Reader, term) -> list:
    """``term()``, then again after each comma."""
    terms = [term()]
    while reader.accept(","):
        terms.append(term())
    return terms


def _order_term(reader: Reader) -> tuple:
    tree = reader.expr(0)
    desc = reader.peek() == "DESC"
    if reader.peek() in ("ASC", "DESC"):
        reader.i += 1
    if reader.peek() == "NULLS":
        raise Decline
    return tree, desc
