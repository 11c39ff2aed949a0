"""Partial indexes and indexes on expressions: their CREATE INDEX text made usable.

The dictionary keeps such an index as any other (SYS_INDEXES, SYS_FIELDS with ``col_pos``
-2 for an expression, as SQLite's PRAGMA index_info shows it); its WHERE and its
expressions live only in the CREATE INDEX text (``SYS_INDEXES.sql``), as CHECK
constraints live in the CREATE TABLE text. When the dictionary loads a table, ``attach``
(its ``index_forms`` hook) parses that text and gives each such index an ``IndexForm``:
the WHERE and the expressions bound against the table's row in slot 0 (the planner
compares a query's terms with them, optimizer/index_terms.py) and compiled, so that
``catalog.rows.index_values`` can compute a row's key -- or learn that a partial index
leaves the row out -- on every write.

``bind_index_terms`` is the same binding for a CREATE INDEX being prepared, with SQLite's
restrictions (sqlite.org/partialindex.html, expridx.html): no subquery, parameter or
non-deterministic function, no ``table.column`` in an index expression, no rowid there.
"""

from __future__ import annotations

import re

from sqlglot import exp

from ...catalog.schema import EXPRESSION
from ...errors import OperationalError
from ...planner.functions.listing import deterministic
from ...planner.functions.user import declared_volatile, like_case_sensitive
from ...planner.plan import bound as b
from .late_generated import late_errors
from .self_reference import is_parameter
from .compared_widths import check_top
from ...planner.plan.analysis import children, redefined_like
from ...planner.types import values as V
from ...catalog.ascii_case import ascii_lower
from ..parse.dialect import UNARY_PLUS
from .names import ROWID_NAMES

_MAYBE_PARTIAL = re.compile(r"\bwhere\b", re.IGNORECASE)
WHERE_PLACE = "partial index WHERE clauses"
EXPRESSION_PLACE = "index expressions"


class IndexForm:
    """What a partial or expression index computes for a row (``Index.form``). One whose
    text may call LIKE has a twin bound with LIKE folding no letter (``sensitive``): SQLite
    codes an index's WHERE and expressions into each statement with the like() the
    connection has then (PRAGMA case_sensitive_like), so ``where``, ``exprs`` and
    ``values`` are those of the moment."""

    def __init__(self, where, exprs: list, index, compiler):
        self.bound_where = where        # bound WHERE (row in slot 0), or None
        self.bound_exprs = exprs        # per key column: its bound expression, or None
        compiler.exprs.in_check = "an index"    # 'now' is SQLite's error here too
        # as a WHERE term: a NULL that decides leaves the row out (sqlite3ExprIfFalse)
        self._where = compiler.condition(where) if where is not None else None
        self._keys = [compiler.expr(e) if e is not None else c.column
                      for e, c in zip(exprs, index.columns)]
        compiler.exprs.in_check = None
        self._size = compiler.env_size
        self.reads = frozenset(c.column for c in index.columns if c.column != EXPRESSION) | \
            columns_read([e for e in exprs + [where] if e is not None])
        self.sensitive = None           # the twin under PRAGMA case_sensitive_like = 1

    def now(self) -> IndexForm:
        """This form, or its twin while the connection's LIKE folds no letter."""
        twin = self.sensitive
        return twin if twin is not None and like_case_sensitive() else self

    @property
    def where(self):
        return self.now().bound_where

    @property
    def exprs(self) -> list:
        return self.now().bound_exprs

    def values(self, record, rowid):
        twin = self.sensitive
        if twin is not None and like_case_sensitive():
            return twin.values(record, rowid)
        env = [None] * self._size
        env[0], env[1] = record, rowid
        if self._where is not None:
            v = self._where(env)
            if v is None or not V.truth(v):
                return None
        return [record[k] if isinstance(k, int) else k(env) for k in self._keys]


def columns_read(exprs) -> frozenset:
    """Columns of the row in slot 0 the expressions read (-1: the rowid)."""
    found, stack = set(), list(exprs)
    while stack:
        e = stack.pop()
        if isinstance(e, b.ColumnRef) and e.slot == 0:
            found.add(e.column)
        stack.extend(children(e))
    return frozenset(found)


def attach(dictionary, table) -> None:
    """Give each partial or expression index of ``table`` its ``IndexForm`` (with its
    case-sensitive twin when its text may call LIKE)."""
    for index in table.indexes:
        if index.origin != "c" or not index.sql:
            continue
        if not any(c.column == EXPRESSION for c in index.columns) and \
                not _MAYBE_PARTIAL.search(index.sql):
            continue
        from ..parse.parser import parse
        parsed = parse(index.sql)
        form = _form(dictionary, parsed, table, index, False)
        if form is not None and "like" in ascii_lower(index.sql):
            form.sensitive = _form(dictionary, parsed, table, index, True)
        if form is not None:
            index.form = form


def _form(dictionary, parsed, table, index, case_sensitive: bool):
    """The ``IndexForm`` of ``index`` (parsed from its text), LIKE folding no letter when
    ``case_sensitive``; None for an index of plain columns only."""
    terms, where = index_parts(parsed.tree)
    binder, scope = _binder(dictionary, parsed, table)
    binder.case_sensitive_like = case_sensitive
    exprs = [binder.expr(term, scope) if c.column == EXPRESSION else None
             for term, c in zip(terms, index.columns)]
    bound_where = binder.expr(where, scope) if where is not None else None
    if bound_where is None and all(e is None for e in exprs):
        return None
    return IndexForm(bound_where, exprs, index, _compiler())


def index_parts(tree: exp.Create) -> tuple[list, exp.Expression | None]:
    """(the key terms without ordering, parentheses or outermost COLLATE, the WHERE
    expression or None) of a CREATE INDEX tree. A term is a column once every COLLATE is
    skipped (sqlite3ExprSkipCollate), a string only when one is (sqlite3StringToId, in
    sqlite3CreateIndex): ``(('a') COLLATE x) COLLATE y`` is the string 'a'."""
    params = tree.this.args.get("params")
    where = params.args.get("where") if params is not None else None
    where = where or tree.args.get("where")
    terms = []
    for ordered in (params.args.get("columns") or []) if params is not None else []:
        written = term_collation(ordered)[0]
        term = without_parens(written.this) if isinstance(written, exp.Collate) else written
        column = term
        while isinstance(column, exp.Collate):
            column = without_parens(column.this)
        terms.append(column if isinstance(column, exp.Column) else term)
    return terms, where.this if isinstance(where, exp.Where) else where


def term_collation(ordered) -> tuple[exp.Expression, exp.Expression | None]:
    """(an index key term as SQLite's parser leaves it -- with no parentheses around it,
    which its grammar keeps no node for -- and the name of its outermost COLLATE, or
    None): ``((a COLLATE NOCASE) COLLATE RTRIM)`` is the column a with RTRIM."""
    term = without_parens(ordered.this if isinstance(ordered, exp.Ordered) else ordered)
    return term, term.expression if isinstance(term, exp.Collate) else None


def without_parens(node: exp.Expression) -> exp.Expression:
    """``node`` inside any parentheses around it (not a unary plus's, an operator)."""
    while isinstance(node, exp.Paren) and not node.meta.get(UNARY_PLUS):
        node = node.this
    return node


def names_column(term, table) -> int | None:
    """The table column an index term is (``a``, ``"a"``, even ``'a'``, as SQLite takes a
    string there), or None when the term is an expression."""
    if isinstance(term, exp.Literal) and term.is_string:
        position = table.column_index(term.this)
        if position is None:
            raise OperationalError(f"no such column: {term.this}")
        return position
    if isinstance(term, exp.Column) and not term.args.get("table"):
        position = table.column_index(term.name)
        if position is None and not term.this.args.get("quoted"):
            if ascii_lower(term.name) in ROWID_NAMES:
                raise OperationalError(f"no such column: {term.name}")
        return position
    return None


def bind_index_terms(binder, table, terms: list, where, collation=None) -> tuple[list, object]:
    """The key terms (None where a term is a column) and the WHERE of a CREATE INDEX,
    bound against ``table`` with SQLite's restrictions; raises SQLite's errors.

    sqlite3CreateIndex (build.c) resolves the WHERE first, then the terms in order, and
    stops after the first term once any error was noted: an error of the WHERE waits
    while the first term is resolved (``_after_where``), whose own error replaces it, as
    sqlite3ErrorMsg keeps the last (fuzz 75000061, fixed-seed case 133). Each term's
    collation is looked up once the term is resolved (``collation(i)`` checks the i-th);
    a misplaced row value is met only as the index's build is coded, after all that."""
    inner, scope = _binder(binder.catalog, binder.parsed, table)
    inner.no_fallback = getattr(binder, "no_fallback", frozenset())
    bound_where = waiting = None
    coded: list = []                # errors met coding the build: WHERE's, then the terms'
    if where is not None:
        try:
            bound_where = deterministic_in(_bind(inner, where, scope, WHERE_PLACE), WHERE_PLACE)
        except OperationalError as error:
            if "syntax error" in str(error):
                raise
            if getattr(error, "coded", False):
                coded.append(error)
            else:
                waiting = error
    exprs = []
    for i, term in enumerate(terms):
        if waiting is not None:
            _after_where(inner, scope, table, term, waiting)
        if names_column(term, table) is not None:
            exprs.append(None)
        else:
            exprs.append(_bound_term(inner, term, scope, coded))
        if collation is not None:
            collation(i)
    if coded:
        raise coded[0]
    late = late_errors(binder.catalog, table)   # a column no statement can code: its
    for term, expr in zip(terms, exprs):        # error as SQLite codes the index's build
        if expr is None and names_column(term, table) in late:
            raise OperationalError(late[names_column(term, table)])
    return exprs, bound_where


def _bound_term(binder, term, scope, coded: list):
    """An index expression bound; an error met only coding it is added to ``coded``."""
    try:
        return deterministic_in(_bind(binder, term, scope, EXPRESSION_PLACE), EXPRESSION_PLACE)
    except OperationalError as error:
        if not getattr(error, "coded", False):
            raise
        coded.append(error)
        return b.Literal(None)


def _after_where(binder, scope, table, term, waiting: OperationalError) -> None:
    """Raise the error of an index's first ``term`` resolved while the WHERE's
    ``waiting`` error is noted: SQLite's walk (resolve.c, resolveExprStep) looks up a
    name (a string alone is one: sqlite3StringToId) and walks a function's arguments,
    whose failing names replace the error, but any other node (a COLLATE, an operator)
    ends the walk at once with the WHERE's error (Binder.expr: ``pending``)."""
    from .bind_expr import walks_on
    written = term.parent if isinstance(term.parent, exp.Collate) else term
    check_top(written)                      # a comparison's widths: its own error first
    if written is term and isinstance(term, exp.Literal) and term.is_string:
        names_column(term, table)                   # its 'no such column', if any
    elif walks_on(written) or is_parameter(written):
        binder.pending = waiting
        _bind(binder, written, scope, EXPRESSION_PLACE)     # raises: its own error, or
    raise waiting                                           # waiting's


def _bind(binder, node, scope, place: str):
    """``node`` bound, a subquery or parameter refused where the walk meets it
    (self_reference.py)."""
    binder.prohibited = place
    try:
        return binder.expr(node, scope)
    finally:
        binder.prohibited = None


def volatile(name: str, nargs: int) -> bool:
    """Whether an index expression or a partial index's WHERE may not call function
    ``name`` with ``nargs`` arguments."""
    return not deterministic(name) or declared_volatile(name, nargs)


def deterministic_in(expr, place: str):
    """``expr``, when it calls no non-deterministic function (SQLite's error in ``place``)."""
    stack = [expr]
    while stack:
        e = stack.pop()
        if isinstance(e, b.Function) and volatile(e.name, len(e.args)) or redefined_like(e):
            raise OperationalError(f"non-deterministic functions prohibited in {place}")
        stack.extend(children(e))
    return expr


def _binder(dictionary, parsed, table):
    from .binder import Binder
    from .bind_dml import table_scope
    binder = Binder(dictionary, parsed)
    slot = binder.slot()
    assert slot == 0
    return binder, table_scope(binder, table, slot)


def _compiler():
    from ...planner.exec.execute import NodeCompiler
    from ...planner.exec.expressions import State
    return NodeCompiler(State(), None, {})
