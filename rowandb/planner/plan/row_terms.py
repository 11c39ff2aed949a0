"""A row equality split into one term per pair, as SQLite's WHERE analysis splits it
(whereexpr.c, exprAnalyze): ``(a, b) = (x, y)`` or IS, in a WHERE or an ON clause, when
its two sides are not both subqueries. Its subquery side is coded by the first piece
that reads it, which then checks the subquery's width: a plan error of the subquery
(its 'no query solution') leaves it an error expression of width 1, so SQLite reports
'N columns assigned 1 values' in its stead (expr.c, TK_SELECT_COLUMN): ``piece_errors``.
The binder splits WHERE and ON clauses
(sql/bind/binder.py); the plan builder splits the HAVING terms it moves to WHERE, as SQLite's
havingToWhere moves them before that analysis (build.py).
"""

from __future__ import annotations

import contextlib

from . import bound as b
from ...errors import OperationalError
from .analysis import conjoin, conjuncts


def split_clause(clause):
    """``clause`` with each conjunct ``(a, b) = (x, y)`` or IS whose sides are not both
    subqueries taken out and its pieces ``a = x``, ``b = y`` added at the end -- the
    clause's last such conjunct's first, as SQLite analyses the terms from the last. Each
    piece is a term of its own: a NULL or false piece ends the row's test, so a later
    piece never runs (a RowCompare would go on past a NULL pair)."""
    terms = conjuncts(clause)
    taken = [t for t in terms if _splits(t)]
    if not taken:
        return clause
    kept = [t for t in terms if not any(t is x for x in taken)]
    for term in reversed(taken):
        kept.extend(_pieces(term))
    return conjoin(kept)


def _splits(term) -> bool:
    return isinstance(term, b.RowCompare) and term.op in ("eq", "is") \
        and (isinstance(term.left, b.Row) or isinstance(term.right, b.Row))


def _pieces(row: b.RowCompare) -> list:
    """``left_i op right_i`` for each term; a subquery side gives each piece its own read
    of the subquery's row."""
    def field(side, i):
        return side.items[i] if isinstance(side, b.Row) else b.RowColumn(side, i, alone=True)
    return [b.Compare(row.op, field(row.left, i), field(row.right, i), collation, la, ra,
                      from_row=True)
            for i, (collation, la, ra) in enumerate(row.pairs)]


@contextlib.contextmanager
def piece_errors(subquery: b.ScalarSubquery):
    """Planning the subquery of split pieces: its plan error becomes SQLite's
    'N columns assigned 1 values', N its width."""
    try:
        yield
    except OperationalError as error:
        width = len(subquery.query.columns)
        raise OperationalError(f"{width} columns assigned 1 values") from error
