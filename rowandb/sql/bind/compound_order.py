"""A compound SELECT's ORDER BY terms matched to its result columns as SQLite matches them.

SQLite (resolve.c, resolveCompoundOrderBy) tries the SELECTs of a compound left to right
and, in each, every ORDER BY term no earlier SELECT matched, in order: a column number
(sqlite3ExprIsInteger; out of range, an error at once), else a bare name equal to one of
that SELECT's AS aliases (resolveAsName), else the term with its names resolved in that
SELECT's FROM clause alone -- its aliases the fallback of a bare name, no enclosing query,
no subquery; any error just fails the try -- and compared with each result expression in
turn (resolveOrderByTermToExprList, sqlite3ExprCompare < 2: the same parse tree, columns
the same column of the same FROM item, or the same but for a COLLATE on top of the
result). A term no SELECT matches is 'does not match any column in the result set'.

The comparison is of parse trees (sqlglot's), as SQLite compares its own: ``x+1`` is
``(x) + 1`` and ``t.x + 1``, not ``1 + x``; ``1.0`` is not ``1.00``; ``1`` is ``01``
(both integers of 32 bits: their values are compared); function names are compared
without case, literal text with it.
"""

from __future__ import annotations

from sqlglot import expressions as exp

from ...catalog.ascii_case import ascii_lower
from ...errors import OperationalError
from ...planner.plan import bound as b
from .bind_expr import collation_name
from .clauses import check_position, column_number, ordinal
from ..parse.dialect import UNARY_PLUS, WRITTEN_NAME, function_parts
from .scope import Scope


class _NoMatch(Exception):
    """The term's names do not resolve in this SELECT (SQLite's suppressed error)."""


class Arm:
    """One SELECT of a compound as its ORDER BY sees it: its result expressions (sqlglot
    nodes as written, or bound expressions where a ``*`` stands for them), the AS alias
    of each (None without one), a scope of its FROM items alone (``scope``: the one its
    names were resolved in, None for no FROM clause) and its bound result columns."""

    def __init__(self, results: list, aliases: list, scope: Scope | None, columns: list):
        self.results, self.aliases, self.columns = results, aliases, columns
        self.scope = _lookup_scope(scope)


def select_arm(node: exp.Select, scope: Scope | None, bound: b.Select) -> Arm:
    """The Arm of a SELECT bound from ``node`` (``scope`` its own, when known)."""
    written, columns = list(node.expressions), bound.columns
    stars = sum(1 for e in written if _is_star(e))
    width = len(columns) - len(written) + 1             # what the ``*`` stands for
    if stars > 1 or not stars and len(written) != len(columns) or stars and width < 0:
        return Arm(list(columns), [None] * len(columns), scope, columns)
    results: list = []
    aliases: list = []
    for e in written:
        if _is_star(e):
            results.extend(columns[len(results):len(results) + width])
            aliases.extend([None] * width)
        else:
            results.append(e.this if isinstance(e, exp.Alias) else e)
            aliases.append(ascii_lower(e.alias) if isinstance(e, exp.Alias) else None)
    return Arm(results, aliases, scope, columns)


def values_arm(bound: b.Select) -> Arm:
    """The Arm of a VALUES row: SQLite reads a VALUES list as a FROM subquery whose
    columns are named column1, column2, ... (``ORDER BY column1`` names its first)."""
    return Arm(list(bound.columns), [ascii_lower(n) for n in bound.names], None,
               bound.columns)


def compound_positions(binder, terms: list, arms: list) -> list[int]:
    """The 0-based result column each ORDER BY term names."""
    terms = [_uncollated(term) for term in terms]
    positions: list = [None] * len(terms)
    for arm in arms:
        for k, term in enumerate(terms):
            if positions[k] is None:
                positions[k] = _position(binder, term, k, arm)
        if None not in positions:
            return positions
    k = positions.index(None)
    raise OperationalError(f"{ordinal(k + 1)} ORDER BY term does not match any column "
                           "in the result set")


def _position(binder, term, k: int, arm: Arm) -> int | None:
    """The column ``term`` names in ``arm``, None if none."""
    n = column_number(term)
    if n is not None:
        check_position(n, k, "ORDER BY", len(arm.columns))
        return n - 1
    if isinstance(term, exp.Column) and not term.table:
        lname = ascii_lower(term.name)
        if lname in arm.aliases:
            return arm.aliases.index(lname)
    if any(isinstance(n, (exp.Subquery, exp.Select, exp.Window)) for n in term.walk()):
        return None                 # SQLite's NC_NoSelect, no NC_AllowWin: an error
    with _Quiet(binder, notes=True):
        try:
            found = next((i for i, result in enumerate(arm.results)
                          if _compare(binder, arm, result, term) < 2), None)
        except _NoMatch:
            return None
    if found is not None and binder.resolved is not None:
        with _Quiet(binder):                    # as SQLite resolves a matched term again
            for node in term.find_all(exp.Column):
                _resolved(binder, arm, node, None)
    return found


def _compare(binder, arm: Arm, a, t) -> int:
    """Result expression ``a`` against ORDER BY term ``t``: 0 the same, 1 the same but
    for a COLLATE on top of one of them, 2 different (sqlite3ExprCompare). Raises
    _NoMatch where a name of ``t`` does not resolve."""
    a, t = _resolved(binder, arm, _bare(a), False), _resolved(binder, arm, _bare(t), True)
    if a is None:
        return 2
    if isinstance(a, b.Expr) or isinstance(t, b.Expr):
        if isinstance(a, b.Expr) and isinstance(t, b.Expr):
            return 0 if _same_leaf(a, t) else 2
        return _collated(binder, arm, a, t)
    if type(a) is not type(t):
        return _collated(binder, arm, a, t)
    if isinstance(a, exp.Literal):
        return 0 if _same_literal(a, t) else 2
    if isinstance(a, exp.Func) and (isinstance(a, exp.Anonymous) or WRITTEN_NAME in a.meta
                                    or WRITTEN_NAME in t.meta):
        (na, xa, da), (nt, xt, dt) = function_parts(a), function_parts(t)
        if ascii_lower(na) != ascii_lower(nt) or da != dt or len(xa) != len(xt):
            return 2
        return 2 if any(_compare(binder, arm, p, q) for p, q in zip(xa, xt)) else 0
    if isinstance(a, exp.Collate):
        if ascii_lower(collation_name(a.expression, False)) != \
                ascii_lower(collation_name(t.expression, False)):
            return 2
        return 2 if _compare(binder, arm, a.this, t.this) else 0
    if a.meta.get(UNARY_PLUS) != t.meta.get(UNARY_PLUS):
        return 2
    return 2 if any(_differ(binder, arm, a.args.get(key), t.args.get(key))
                    for key in set(a.args) | set(t.args)) else 0


def _collated(binder, arm: Arm, a, t) -> int:
    """1 where ``a`` or ``t`` is the other under a COLLATE, else 2."""
    if isinstance(a, exp.Collate) and _compare(binder, arm, a.this, t) < 2:
        return 1
    if isinstance(t, exp.Collate) and _compare(binder, arm, a, t.this) < 2:
        return 1
    return 2


def _differ(binder, arm: Arm, x, y) -> bool:
    """Whether two argument values of sqlglot nodes differ."""
    if isinstance(x, list) or isinstance(y, list):
        x, y = x or [], y or []
        return len(x) != len(y) or any(_differ(binder, arm, p, q) for p, q in zip(x, y))
    if isinstance(x, exp.Expression) and isinstance(y, exp.Expression):
        return _compare(binder, arm, x, y) != 0
    if isinstance(x, exp.Expression) or isinstance(y, exp.Expression):
        return True
    return (x or None) != (y or None)


def _resolved(binder, arm: Arm, node, term: bool | None):
    """A column name resolved in ``arm``'s FROM items: a bound column, or the string a
    double-quoted name that names nothing is, or (a bare name of the term, ``term``
    True, that no FROM item has) its alias's result expression. Where it does not
    resolve, the term's raises _NoMatch and a result's is None; anything else is
    returned as it is."""
    while isinstance(node, exp.Column) and not isinstance(node.this, exp.Star):
        lname = ascii_lower(node.name)
        try:
            if term and not node.table and lname in arm.aliases and \
                    binder._find_column(node.name, "", arm.scope) is None:
                node = _bare(arm.results[arm.aliases.index(lname)])
                continue
            found = binder.column(node, arm.scope)
        except OperationalError:
            if term:
                raise _NoMatch from None
            return None
        if isinstance(found, b.Literal) and type(found) is b.Literal and \
                isinstance(found.value, str):
            return exp.Literal.string(found.value)      # "name" naming no column
        return found
    return node


def _lookup_scope(scope: Scope | None) -> Scope:
    """A scope of the SELECT's FROM items alone: no enclosing query, no aliases."""
    lookup = Scope(None, b.Select(items=[], columns=[], names=[]))
    if scope is not None:
        lookup.sources, lookup.merged = scope.sources, scope.merged
        lookup.excluded_using = scope.excluded_using
        lookup.right_using = scope.right_using
        lookup.after_sorter = scope.after_sorter
    return lookup


def _same_leaf(x: b.Expr, y: b.Expr) -> bool:
    if isinstance(x, b.ColumnRef) and isinstance(y, b.ColumnRef):
        return (x.slot, x.column) == (y.slot, y.column)
    return type(x) is type(y) and repr(x) == repr(y)


def _same_literal(x: exp.Literal, y: exp.Literal) -> bool:
    """SQLite's rule: two integers of 32 bits by value, anything else by its text."""
    if x.is_string or y.is_string:
        return x.is_string and y.is_string and x.this == y.this
    i, j = _int32(x.this), _int32(y.this)
    if i is not None or j is not None:
        return i == j
    return x.this == y.this


def _int32(text: str) -> int | None:
    """The value of an integer literal that fits in 32 bits (sqlite3GetInt32), else None."""
    try:
        value = int(text, 16) if text[:2].lower() == "0x" else int(text) \
            if text.isdigit() else None
    except ValueError:
        return None
    return value if value is not None and value <= 2147483647 else None


def _bare(node):
    """``node`` without parentheses, of which SQLite keeps none."""
    while isinstance(node, exp.Paren) and not node.meta.get(UNARY_PLUS):
        node = node.this
    return node


def _uncollated(node):
    """An ORDER BY term without the COLLATEs on top (sqlite3ExprSkipCollate)."""
    node = _bare(node)
    while isinstance(node, exp.Collate):
        node = _bare(node.this)
    return node


def _is_star(node) -> bool:
    return isinstance(node, exp.Star) or isinstance(node, exp.Column) and \
        isinstance(node.this, exp.Star)


class _Quiet:
    """Names resolved to compare are not shown to the authorizer nor, with ``notes``,
    noted for a rename (``Binder.resolved``)."""

    def __init__(self, binder, notes: bool = False):
        self.binder, self.notes = binder, notes

    def __enter__(self):
        self.saved = self.binder.resolved, self.binder.authorize
        self.binder.authorize = None
        if self.notes:
            self.binder.resolved = None

    def __exit__(self, *exc):
        self.binder.resolved, self.binder.authorize = self.saved
        return False
