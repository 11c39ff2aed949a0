"""Whether a WHERE term's error comes before a misplaced row value of the result columns.

SQLite keeps coding after most errors it meets while it codes a query, and a later error
replaces the message of an earlier one (util.c, sqlite3ErrorMsg); it stops only at a few
checkpoints. Its loops (where.c, sqlite3WhereBegin) code the WHERE terms level by level,
a term at the outermost loop whose tables it reads (a constant term at the first), and
check for an error before each next level; after the last level nothing stops it before
the result columns, GROUP BY and ORDER BY are coded, where a row value standing for one
value is 'row value misused'. So a WHERE term's subquery error ('no query solution', a
DISTINCT aggregate of two arguments) is reported over that row value only when a later
loop level follows the term's: with one loop, or a term reading a column of the query
(coded where that column's table is looped over: modelled as the innermost), the row
value's message replaces it (``SELECT (1, 2) FROM t WHERE (SELECT 1 FROM t INDEXED BY
tp)`` is 'row value misused'; with ``FROM t, u`` it is 'no query solution'). For the
same reason such a row value's message replaces that of a subquery of two columns where
one value stands (``replaces``), met before it. The terms of an inner join's ON are
WHERE terms here (``coding_sequence``). A subquery of several columns, or a row value in
an aggregate's arguments (coded in the aggregate's step), is reported only while no error
was met: of it and a subquery's error, the one met first in that sequence (``met_before``).
"""

from __future__ import annotations

from contextlib import contextmanager

from . import bound as b
from . import logical as L
from .analysis import children, conjuncts, select_exprs
from .right_join import join_kinds


def outruns_row_value(term, select: b.Select, loops: int, order=None) -> bool:
    """Whether the error of a subquery in WHERE ``term`` of ``select`` stands over the
    query's misplaced row value (``Select.codegen_error``, a row: ``row_value``);
    ``loops``: how many loops the query codes (``None``: a FROM subquery it keeps, whose
    copy of the term, pushed down into it, is coded before its loops); ``order``: the
    slots of its loops, outermost first, when its plan is known (``loop_slots``): a term
    reading only tables of loops before the innermost is coded at the last of those."""
    if not row_value(select.codegen_error) or loops is None:
        return True
    if loops < 2:
        return False
    read = _slots_read(term)
    if not read:
        return True
    if order is None or len(order) < 2 or not read <= set(order):
        return False
    return order[-1] not in read


def first_met(select: b.Select, coded: tuple, order) -> tuple:
    """Of the errors planning ``select``'s subqueries met (``coded``: the first in
    ``coding_sequence``'s order, its mark, then every (error, mark)), the one SQLite
    meets first once the plan's loop ``order`` is known (``loop_slots``): the WHERE
    terms (an inner join's ON's after the WHERE's) are coded level by level, each at
    the loop of the last table it reads, in the order written within a level."""
    error, mark, met = coded
    terms = where_terms(select)
    if not order or len(order) < 2 or not isinstance(mark, b.Expr):
        return error, mark
    place = {id(term): k for k, term in enumerate(terms)}
    at = {slot: k for k, slot in enumerate(order)}

    def level(term) -> tuple:
        read = _slots_read(term)
        if not read <= set(at) or _correlated(term):
            return (len(order), place[id(term)])
        return (max((at[s] for s in read), default=0), place[id(term)])
    looped = [(level(m), e, m) for e, m in met if isinstance(m, b.Expr) and id(m) in place]
    if not looped:
        return error, mark
    _, error, mark = min(looped, key=lambda found: found[0])
    return error, mark


def where_terms(select: b.Select) -> list:
    """The WHERE terms of ``select`` in SQLite's WHERE clause: its own, then those of the
    ON of each inner join, which SQLite moves there (select.c sqlite3ProcessJoin)."""
    terms = conjuncts(select.where) if select.where is not None else []
    if any(item.condition is not None for item in select.items):
        terms += [term for item, kind in zip(select.items, join_kinds(select))
                  if item.condition is not None and kind == "inner"
                  for term in conjuncts(item.condition)]
    return terms


def _correlated(expr) -> bool:
    """Whether ``expr`` holds a correlated subquery."""
    stack = [expr]
    while stack:
        expr = stack.pop()
        if getattr(expr, "correlated", False):
            return True
        stack.extend(children(expr))
        if isinstance(expr, b.InSubquery):
            stack.append(expr.operand)
    return False


def loop_slots(node) -> list:
    """The slots of the loops of plan ``node``, outermost first (a join's left side
    before its right); none inside a FROM subquery's own plan."""
    if isinstance(node, (L.Scan, L.IndexScan, L.RowidScan, L.SubqueryScan, L.FunctionScan)):
        return [node.slot]
    return [slot for child in node.children() for slot in loop_slots(child)]


def replaces(error, kept) -> bool:
    """Whether the code generation ``error`` met in a query's clauses replaces the one
    ``kept`` so far: the first is kept, but a constant row of WHERE (``factored``: coded
    last of all) gives way to any other, one in an aggregate's arguments (``stepped``)
    replaces one of the result columns or ORDER BY, and a misplaced row value replaces
    a subquery of several columns, and a RAISE any other (``_raise``), as SQLite's
    sqlite3ErrorMsg sets the last message, where a subquery's error is met only while none
    is (``SELECT (SELECT 1, 2), RAISE(ABORT, 'x')`` is the RAISE's); one met before the
    loops replaces any other."""
    if kept is None or _first(error) and not _first(kept):
        return True
    if getattr(kept, "in_limit", False):        # coded first of all (build._select_core)
        return False
    factored, was_factored = (getattr(e, "factored", False) for e in (error, kept))
    if factored or was_factored:
        return was_factored and not factored
    if _stepped(error) and not _stepped(kept) and not row_value(kept) and \
            getattr(kept, "column", None) is not None:
        return True         # the aggregates' step comes before the result columns
    return row_value(error) and not row_value(kept) or _raise(error) and not _raise(kept)


def _expanded(error) -> bool:
    """Whether ``error`` is a comparison's subquery found wide only once its ``*`` is
    expanded (bind_rows.coded_as_values): met only while no other error is, as a
    subquery of several columns is."""
    return getattr(error, "expanded", False)


def _raise(error) -> bool:
    """Whether ``error`` is a RAISE outside a trigger program: SQLite sets its message as
    it codes it (expr.c), replacing a row value's met before (``SELECT (1, 2),
    RAISE(ABORT, 'x')`` is the RAISE's error, ``SELECT RAISE(ABORT, 'x'), (1, 2)`` the
    row's)."""
    return str(error).startswith("RAISE() may only be used") and \
        not getattr(error, "in_insert", False)


def _first(error) -> bool:
    """Whether ``error`` is met before the loops (factored_rows.py ``before_loops``)."""
    return getattr(error, "before_loops", False)


def _stepped(error) -> bool:
    return getattr(error, "stepped", False)


def kept_error(errors: list):
    """The code generation error reported of ``errors`` ((column, error) pairs in the
    order the binder met them), by ``replaces``."""
    kept = None
    for _, error in errors:
        if replaces(error, kept):
            kept = error
    return kept


def row_value(error) -> bool:
    """Whether ``error`` is a row value where one value stands, found by the binder,
    that replaces any error met before it: not one in an aggregate's arguments
    (``stepped``), which SQLite codes in the aggregate's step, only while no error was
    met (select.c updateAccumulator), as it does a subquery."""
    return error is not None and getattr(error, "row", None) is not None and \
        not getattr(error, "stepped", False) and not _expanded(error)


@contextmanager
def met_at(node):
    """Mark the error raised planning subquery ``node`` with it (``met_before``); the
    outermost query's mark is the last made."""
    try:
        yield
    except Exception as error:
        error.met_node = node
        raise


def met_before(late, error, sequence) -> bool:
    """Whether SQLite meets the binder's ``late`` error (a subquery of several columns
    where one value stands, or a row value in an aggregate's arguments: each reported
    only while no error was met, expr.c sqlite3SubselectError) before a subquery's
    ``error`` (marked by ``met_at``), the expressions being coded as ``sequence``
    orders them ((expression, forward) pairs, ``coding_sequence``), each in the order
    written. Any other ``late`` error is reported over the subquery's."""
    mark = getattr(late, "wide", None)
    if mark is None and getattr(late, "stepped", False):
        mark = late.row
    node = getattr(error, "met_node", None)
    if mark is None or node is None:
        return True
    for expr, _ in sequence:
        stack = [expr]
        while stack:
            expr = stack.pop()
            if expr is mark or expr is node:
                return expr is mark
            stack += reversed(children(expr))
            if isinstance(expr, b.InSubquery):
                stack.append(expr.operand)
    return True


def _slots_read(expr) -> set:
    """The slots of the columns ``expr`` reads outside its subqueries."""
    found, stack = set(), [expr]
    while stack:
        expr = stack.pop()
        if isinstance(expr, b.ColumnRef):
            found.add(expr.slot)
        stack.extend(children(expr))
    return found


#: the mark of an error met planning a subquery SQLite codes in a GROUP BY query's loop
LOOPED = object()


def grouped_in_loop(select: b.Select) -> set:
    """The ids of the expressions of a GROUP BY query SQLite codes in its loop, before
    its result columns (which it codes as each group is output): the GROUP BY keys and
    the aggregates' arguments."""
    if not select.group_by:
        return set()
    return {id(e) for e in select.group_by} | \
        {id(a) for agg in select.aggregates for a in agg.expressions()}


def coding_order(select: b.Select) -> list:
    """The expressions of ``select`` but its WHERE in the order SQLite codes them, so
    that the first subquery that fails to plan is the one it meets first (it codes no
    subquery once an error is met: select.c, sqlite3Select): the ON conditions with
    their loops, the GROUP BY keys and the aggregates' arguments in the loop, HAVING,
    then the result columns and the ORDER BY keys pushed onto the sorter after them;
    the rest (LIMIT and OFFSET, windows, a table-valued function's arguments, VALUES)
    last first, as before."""
    first = [item.condition for item in select.items]
    first += select.group_by + [a for agg in select.aggregates for a in agg.expressions()]
    first += [select.having] + select.columns + [o.expr for o in select.order_by]
    first = [e for e in first if e is not None]
    taken = {id(e) for e in first} | {id(select.where)}
    return first + [e for e in reversed(select_exprs(select)) if id(e) not in taken]


def coding_sequence(select: b.Select, omitted=frozenset()) -> list:
    """The expressions of ``select`` as (expression, forward) pairs in the order SQLite
    codes them: the WHERE terms with those of the ON of each inner join, which SQLite
    moves into its WHERE (select.c sqlite3ProcessJoin), in ``constant_terms_first``'s
    order (forward: their subqueries in the order written), then ``coding_order``'s but
    the ``omitted`` (the ids of the ON clauses of LEFT JOINs SQLite never codes)."""
    terms = conjuncts(select.where) if select.where is not None else []
    inner = ()
    if any(item.condition is not None for item in select.items):
        inner = [item.condition for item, kind in zip(select.items, join_kinds(select))
                 if item.condition is not None and kind == "inner"]
        terms += [term for condition in inner for term in conjuncts(condition)]
    taken = omitted | {id(condition) for condition in inner}
    return [(t, True) for t in constant_terms_first(terms, select)] + \
        [(e, False) for e in coding_order(select) if id(e) not in taken]


def constant_terms_first(terms, select: b.Select) -> list:
    """The WHERE ``terms`` of ``select`` in the order SQLite codes them when it has
    several loops: a term that reads no column of the query, not even through a
    correlated subquery, at the first loop, before the others, which keep their order
    (an UPDATE ... FROM's WHERE before the ON of its FROM clause that reads a table)."""
    if len(select.items) < 2:
        return list(terms)
    constant = [t for t in terms if not _reads_a_row(t)]
    return constant + [t for t in terms if _reads_a_row(t)]


def _reads_a_row(expr) -> bool:
    """Whether ``expr`` reads a column, or holds a correlated subquery."""
    stack = [expr]
    while stack:
        expr = stack.pop()
        if isinstance(expr, b.ColumnRef) or getattr(expr, "correlated", False):
            return True
        stack.extend(children(expr))
        if isinstance(expr, b.InSubquery):
            stack.append(expr.operand)
    return False
