"""The quick path's second room, read: the clauses after a SELECT's items when its FROM
clause is one table -- ``FROM name [[AS] alias] [WHERE e] [GROUP BY e, ...] [HAVING e]
[ORDER BY e [ASC|DESC], ...] [LIMIT e [OFFSET e | , e]]`` -- or one subquery, ``FROM
(SELECT ...) [[AS] alias]`` (view.py binds it), in the order SQLite's
grammar has them (parse.y's ``select`` rule), with the reader's own expressions
(reader.py); a subquery's clauses end at its closing parenthesis. A statement's own
FROM may list more tables after a comma or CROSS JOIN (``Clauses.joins``, bound by
joined.py); a subquery's, a compound arm's or a FROM subquery's may not. Anything else
after the items -- another join, ON, USING, INDEXED BY, a schema name, a table-valued
function, NULLS FIRST/LAST, WINDOW, a compound -- declines, and the full path reads
the statement.

What the table names and what the names in the clauses stand for is the builder's
(``table.py``): the reader only reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .reader import Decline, Reader

# what joins a further table to a statement's FROM list (any other join declines)
_JOINS = (",", "CROSS")
# (a parenthesis: the end of a subquery's clauses, reader.py)
# and a compound's operator after an arm's table: compound.py)
_ENDS_ITEM = ("", "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", ")", "UNION", "INTERSECT",
              "EXCEPT")


@dataclass
class Clauses:
    """A one-table SELECT's clauses as read (expressions are the reader's trees)."""
    table: str | None               # (None: a FROM subquery's, ``subquery``)
    alias: str | None = None
    where: tuple | None = None
    group_by: list = field(default_factory=list)
    having: tuple | None = None
    order_by: list = field(default_factory=list)    # (tree, desc)
    limit: tuple | None = None
    offset: tuple | None = None
    # the FROM list's further tables, each (name, alias or None, how it joins: "inner"
    # after a comma, "cross" after CROSS JOIN); a statement's own clauses only (joined.py)
    joins: list = field(default_factory=list)
    subquery: object = None         # ``FROM (SELECT ...)``: the reader's Subquery


def read_clauses(reader: Reader, whole: bool = False) -> Clauses:
    """The clauses from ``FROM`` to the last token, or ``Decline``. ``whole``: they end
    the statement (not a subquery's or a compound arm's), so what follows the table
    may be one read before (``_kept_rest``)."""
    reader.take("FROM")
    if reader.peek() == "(":            # a FROM subquery (view.py binds it)
        clauses = Clauses(None, subquery=reader.subquery())
    else:
        clauses = Clauses(reader.name())
    clauses.alias = _table_alias(reader)
    while reader.peek() in _JOINS:
        if not whole or clauses.table is None:
            raise Decline               # a subquery's, an arm's or a FROM subquery's join
        kind = "inner" if reader.accept(",") else _cross_join(reader)
        name = reader.name()
        clauses.joins.append((name, _table_alias(reader), kind))
    if reader.peek() not in _ENDS_ITEM:
        raise Decline                   # ON, USING, INDEXED BY, a table-valued function ...
    if whole and reader.i < len(reader.tokens) and clauses.table is not None:
        _kept_rest(reader, clauses)
    else:
        _read_rest(reader, clauses)
    return clauses


def _table_alias(reader: Reader) -> str | None:
    """A FROM table's ``[AS] alias``, if written."""
    if reader.accept("AS") or reader.peek() not in _ENDS_ITEM and reader.peek() not in _JOINS:
        return reader.name()
    return None


def _cross_join(reader: Reader) -> str:
    """``CROSS JOIN``: SQLite keeps its tables in the order written (``"cross"``)."""
    reader.take("CROSS")
    reader.take("JOIN")
    return "cross"


def _read_rest(reader: Reader, clauses: Clauses) -> None:
    """WHERE, GROUP BY, HAVING, ORDER BY and LIMIT, those written, into ``clauses``."""
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


#: The text after a statement's table (from its WHERE, GROUP BY ... on) -> what reading
#: it gave: the clauses' trees, the reader's steps and the subqueries' items it added.
#: The corpus's index scripts ask each WHERE of five tables (``FROM tab0 WHERE`` ...
#: ``FROM tab4 WHERE`` the same), and the trees do not depend on the table: its names are
#: the builder's to find. Kept only for text read to the statement's end without a
#: function call (a connection may define a function of that name later: ``call``).
#: A subquery there of the statement's own table (``col0 IN (SELECT col3 FROM tab4 ...)``
#: in ``... FROM tab4 WHERE``: a seventh of those scripts' statements, and their longest)
#: is kept with ``STATEMENT_TABLE`` for its table, and the text under the text with the
#: table's name written ``STATEMENT_TABLE`` (``_rest_key``), so the five tables share it.
_KEPT_RESTS: dict = {}
_KEPT_RESTS_SIZE = 256
_PARTS = ("where", "group_by", "having", "order_by", "limit", "offset")


#: A subquery's table that is the statement's own, whose name the builder takes from the
#: statement (``table.table_source``): a text that is no name (and no SQL text holds,
#: else ``_kept_rest`` keeps nothing).
STATEMENT_TABLE = "\0"


def _kept_rest(reader: Reader, clauses: Clauses) -> None:
    """``_read_rest`` of a statement's last clauses, or what it gave that text before."""
    rest = reader.text[reader.tokens[reader.i].start:]
    if STATEMENT_TABLE in rest:
        _read_rest(reader, clauses)
        return
    table = clauses.table
    named = table in rest
    key = rest.replace(table, STATEMENT_TABLE) if named else rest
    kept = _KEPT_RESTS.get(key)
    if kept is not None:
        parts, steps, subqueries = kept
        for name, part in zip(_PARTS, parts):
            setattr(clauses, name, part)
        reader.steps += steps
        reader.subqueries += subqueries
        reader.i = len(reader.tokens)
        return
    steps, subqueries, calls = reader.steps, len(reader.subqueries), reader.calls
    reads = len(reader.subquery_reads)
    _read_rest(reader, clauses)
    if reader.i == len(reader.tokens) and reader.calls == calls and \
            (not named or _own_tables(reader.subquery_reads[reads:], table, rest)):
        if len(_KEPT_RESTS) >= _KEPT_RESTS_SIZE:
            _KEPT_RESTS.clear()
        _KEPT_RESTS[key] = (tuple(getattr(clauses, name) for name in _PARTS),
                            reader.steps - steps, reader.subqueries[subqueries:])


def _own_tables(reads: list, table: str, rest: str) -> bool:
    """Whether the statement's table's name (``table``) stands in ``rest`` only as the
    table of subqueries read there (``reads``): no qualifier, alias, string, other name
    or result text holds it (each place a subquery's table is a whole name token, found
    by ``count``: a plain name has no place inside another). Those subqueries' table is
    then made ``STATEMENT_TABLE``, so their tree holds no name of the statement's."""
    own = [read.clauses for read in reads
           if read.clauses is not None and read.clauses.table == table]
    if len(own) != rest.count(table):
        return False
    for clauses in own:
        clauses.table = STATEMENT_TABLE
    return True


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
