"""Facts about bound expressions that optimizer rules share: which slots an expression
reads, splitting and joining conjunctions, and whether an expression is constant."""

from __future__ import annotations

import dataclasses

from . import bound as b
from .describe import describe
from .once import Once
from ..functions.user import is_user_function, like_redefined
from ...catalog.ascii_case import ascii_lower

# not constant at plan time: a cached plan runs again later (the CURRENT_* clock functions
# and the date/time family, which read 'now' and the time zone, are fixed within one
# statement only; RAISE() inside a trigger)
_VOLATILE = {"random", "randomblob", "changes", "last_insert_rowid", "total_changes", "__raise",
             "current_time", "current_date", "current_timestamp", "date", "time",
             "datetime", "julianday", "unixepoch", "strftime", "timediff"}


def conjuncts(expr) -> list:
    """``a AND b AND c`` as ``[a, b, c]``: one list, filled left to right (a long join's
    WHERE, ``((t1 AND t2) AND t3) ...``, is as deep as it has terms)."""
    if expr is None:
        return []
    if expr.__class__ is not b.Binary or expr.op != "and":
        return [expr]                   # (no class derives from Binary)
    found: list = []
    stack = [expr]
    while stack:
        expr = stack.pop()
        if isinstance(expr, b.Binary) and expr.op == "and":
            stack.append(expr.right)
            stack.append(expr.left)
        else:
            found.append(expr)
    return found


def conjoin(parts: list):
    """The AND of ``parts`` (None ones left out), or None when there is none."""
    result = None
    for part in parts:
        if part is not None:
            result = part if result is None else b.Binary("and", result, part)
    return result


def slots_of(expr) -> frozenset:
    """Environment slots an expression reads, subqueries included (their own slots excluded).

    The answer for an expression holding no subquery is kept on the node (its operands
    are never changed either -- frozen under test, bound.py -- so it cannot change):
    the rules ask it of the same WHERE terms again and again, a table scan's rules of every term once per FROM item. A subquery's
    SELECT is not frozen (a rule may push terms into it), so its answer is not kept.

    The same walk has seen whether a subquery sits anywhere inside: that answer is kept
    too, as ``contains_subquery``'s (the rules ask both of every WHERE term), so that
    question walks no term a second time."""
    known = getattr(expr, "_slots_read", None)
    if known is not None:
        return known
    found: set = set()
    plain = _collect(expr, found)
    result = frozenset(found)
    if isinstance(expr, b.Expr):
        if plain:
            object.__setattr__(expr, "_slots_read", result)
        object.__setattr__(expr, "_holds_subquery", not plain)
    return result


def slots_unless_query(expr) -> frozenset | None:
    """``slots_of(expr)``, or None when a subquery sits inside, whose query is then not
    walked: for the rules a term holding a subquery answers without its slots (it is
    never hoisted; with one FROM item its place is that item's). What is kept on the
    node is what ``slots_of`` keeps, so later questions find what they found before."""
    known = getattr(expr, "_slots_read", None)
    if known is not None:
        return known
    found: set = set()
    plain = _collect(expr, found, stop=True)
    if isinstance(expr, b.Expr):
        if plain:
            object.__setattr__(expr, "_slots_read", frozenset(found))
        object.__setattr__(expr, "_holds_subquery", not plain)
    return frozenset(found) if plain else None


def _collect(expr, found: set, stop: bool = False) -> bool:
    """Adds the slots ``expr`` reads to ``found``; False when it holds a subquery (at the
    first one met, with ``stop``: ``found`` is then partial)."""
    plain = True
    stack = [expr]
    pop, more, add = stack.pop, stack.extend, found.add
    ways = _WAYS
    while stack:
        expr = pop()
        if expr is None:
            continue
        kind, reader = ways.get(expr.__class__) or _way(expr.__class__)
        if kind is _PLAIN:
            more(reader(expr))
        elif kind is _COLUMN or kind is _REF:
            add(expr.slot)
        elif kind is _IN or kind is _SUBQUERY:
            if stop:
                return False
            plain = False
            if kind is _IN:
                stack.append(expr.operand)
            inner: set = set()
            _collect_select(expr.query, inner)
            found |= inner - defined_slots(expr.query)
    return plain


def select_exprs(select: b.Select) -> list:
    """The expressions a SELECT holds itself: not those of its FROM subqueries or of the
    other SELECTs of its compound."""
    exprs = [item.condition for item in select.items]
    exprs += [a for item in select.items if isinstance(item.source, b.FunctionSource)
              for a in item.source.args]     # a table-valued function's arguments
    exprs += select.columns + select.group_by
    exprs += [select.where, select.having, select.limit, select.offset]
    exprs += [a for agg in select.aggregates for a in agg.expressions()]
    exprs += [o.expr for o in select.order_by]
    exprs += [e for row in select.values or [] for e in row]
    exprs += [e for window in select.windows for e in window_exprs(window)]
    return [e for e in exprs if e is not None]


def window_exprs(window: b.Window) -> list:
    """Every expression of a window: its calls' arguments and FILTERs, its PARTITION BY
    and ORDER BY terms and its frame offsets."""
    spec = window.spec
    exprs = [a for call in window.calls for a in call.args + (call.filter,)]
    exprs += [o.expr for o in spec.partition + spec.order]
    return exprs + [spec.start.offset, spec.end.offset]


def _collect_select(select: b.Select, found: set) -> None:
    for item in select.items:
        if isinstance(item.source, b.SubquerySource):
            _collect_select(item.source.query, found)
    for e in select_exprs(select):
        _collect(e, found)
    for _, part in select.compound:
        _collect_select(part, found)


def outer_slots(select: b.Select) -> set:
    """The slots of enclosing queries that ``select`` reads: empty unless it is correlated."""
    found: set = set()
    _collect_select(select, found)
    return found - defined_slots(select)


def columns_read(select: b.Select, slot: int) -> set:
    """The column numbers of FROM item ``slot`` that ``select`` reads anywhere, its
    subqueries included."""
    return set(columns_read_by_slot(select).get(slot, ()))


def columns_read_by_slot(select: b.Select, slot: int | None = None,
                         helds: tuple = ()) -> dict | None:
    """``columns_read`` for every slot at once: slot -> the column numbers ``select``
    reads of it, in one walk of the query (a many-way join asks for each FROM item) --
    ``deep_nodes(select, folded=True)``'s walk, in no particular order, each node's class
    looked up once. With ``slot``: None as soon as the columns of ``slot`` met hold, for
    each set of ``helds``, one outside it (the walk stops there)."""
    found: dict = {}
    alive = list(helds)
    stack: list = [select]
    pop, push, more = stack.pop, stack.append, stack.extend
    ways = _WAYS
    while stack:
        top = pop()
        kind, reader = ways.get(top.__class__) or _way(top.__class__)
        if kind is _PLAIN:
            more(reader(top))
        elif kind is _COLUMN:
            columns = found.get(top.slot)
            if columns is None:
                columns = found[top.slot] = set()
            if top.slot == slot and top.column not in columns:
                alive = [held for held in alive if top.column in held]
                if not alive:
                    return None
            columns.add(top.column)
        elif kind is _QUERY:
            more(select_exprs(top))
            more(top.folded)                    # still read, to SQLite's colUsed
            more([item.source.query for item in top.items
                  if isinstance(item.source, b.SubquerySource)])
            more([part for _, part in top.compound])
        elif kind is _IN or kind is _SUBQUERY:  # its query, IN's operand
            push(top.query)
            if kind is _IN:
                push(top.operand)
    return found


_PLAIN, _COLUMN, _REF, _LEAF, _QUERY, _IN, _SUBQUERY = range(7)
_WAYS: dict = {}        # class -> (its kind for the walks above, its parts' reader): _way


def _way(cls) -> tuple:
    """How the walks treat a node of class ``cls``, kept in ``_WAYS``: its kind, and
    for a plain node the function giving its operands (``children``)."""
    if issubclass(cls, b.FoldedOr):     # a leaf but for the slots its operands read
        way = _WAYS[cls] = (_PLAIN, lambda expr: expr.operands)
        return way
    kind = _COLUMN if issubclass(cls, b.ColumnRef) else \
        _REF if issubclass(cls, (b.AggregateRef, b.WindowRef)) else \
        _LEAF if issubclass(cls, (b.Literal, b.Param)) else \
        _QUERY if issubclass(cls, b.Select) else \
        _IN if issubclass(cls, b.InSubquery) else \
        _SUBQUERY if issubclass(cls, (b.Exists, b.ScalarSubquery)) else _PLAIN
    way = _WAYS[cls] = (kind, _reader(cls))
    return way


def deep_nodes(root, folded: bool = False, skip=lambda source: False):
    """Every expression node of ``root`` (a bound query or expression) and of every query
    inside it -- subqueries, FROM subqueries, a compound's other SELECTs -- a subquery's
    node before its query's; with ``folded``, also the operands the binder folded away
    (``Select.folded``); not those of a FROM subquery whose SubquerySource ``skip``
    names."""
    stack: list = [root]
    while stack:
        top = stack.pop()
        if isinstance(top, b.Select):
            stack += select_exprs(top)
            if folded:
                stack += top.folded
            stack += [item.source.query for item in top.items
                      if isinstance(item.source, b.SubquerySource) and not skip(item.source)]
            stack += [part for _, part in top.compound]
            continue
        yield top
        if isinstance(top, (b.InSubquery, b.Exists, b.ScalarSubquery)):
            stack.append(top.query)
            if isinstance(top, b.InSubquery):
                stack.append(top.operand)
        else:
            stack += children(top)


class ColumnsRead:
    """``columns_read(select, slot)`` as a function of the slot, the query walked once on
    the first call (the planner's rules ask it for each FROM item of a query)."""

    def __init__(self, select: b.Select) -> None:
        self.select = select
        self._by_slot: dict | None = None

    def __call__(self, slot: int) -> set:
        if self._by_slot is None:
            self._by_slot = columns_read_by_slot(self.select)
        return set(self._by_slot.get(slot, ()))

    def outside_each(self, slot: int, helds: tuple) -> bool:
        """Whether the query reads, for each set of ``helds``, a column of FROM item
        ``slot`` outside it: from the walk already made, else from one that stops once
        the columns met answer yes (which then keeps nothing: such a query most often
        needs no other answer from it)."""
        if not helds:
            return False
        if self._by_slot is not None:
            read = self._by_slot.get(slot, set())
            return all(not read <= held for held in helds)
        found = columns_read_by_slot(self.select, slot, helds)
        if found is None:
            return True
        self._by_slot = found           # the walk went through: what it found is whole
        return False


def defined_slots(select: b.Select) -> set:
    slots = {select.group_slot} | {w.slot for w in select.windows}
    for item in select.items:
        slots.add(item.source.slot)
        if isinstance(item.source, b.SubquerySource):
            slots |= defined_slots(item.source.query)
    for _, part in select.compound:
        slots |= defined_slots(part)
    return slots


def children(expr) -> tuple:
    """The operands of a bound expression (nothing for a leaf or a subquery's query).
    Each class's reader is found once (``_reader``) and kept by class: planning a query
    with long AND/OR chains asks this of every node many times."""
    reader = _READERS.get(expr.__class__)
    if reader is None:
        reader = _READERS[expr.__class__] = _reader(expr.__class__)
    return reader(expr)


_READERS: dict = {}


def _reader(cls):
    """The function giving the operands of an expression of class ``cls``."""
    if issubclass(cls, (b.Unary, b.Cast, b.Collate)):
        return lambda expr: (expr.operand,)
    if issubclass(cls, (b.Fixed, Once)):
        return lambda expr: (expr.value,)
    if issubclass(cls, (b.Binary, b.Compare, b.RowCompare)):
        return lambda expr: (expr.left, expr.right)
    if issubclass(cls, b.Row):
        return lambda expr: expr.items
    if issubclass(cls, b.RowColumn):
        return lambda expr: (expr.subquery,)
    if issubclass(cls, b.Like):
        return lambda expr: tuple(x for x in (expr.operand, expr.pattern, expr.escape)
                                  if x is not None)
    if issubclass(cls, b.InList):
        return lambda expr: (expr.operand,) + expr.items
    if issubclass(cls, b.Case):
        return _case_children
    if issubclass(cls, b.Function):
        return lambda expr: expr.args
    return lambda expr: ()


def _case_children(expr) -> tuple:
    parts = [expr.operand] if expr.operand is not None else []
    for cond, value in expr.whens:
        parts += [cond, value]
    if expr.default is not None:
        parts.append(expr.default)
    return tuple(parts)


def contains_subquery(expr) -> bool:
    """True if a subquery (scalar, IN or EXISTS) sits anywhere in the expression. The
    answer is kept on every node it is worked out for (``kept_any``): the planner's rules
    and the closure compiler ask it of the same nodes, and of every level of an AND/OR
    chain."""
    return bool(_sub_and_call(expr) & _SUB)


#: the leaves (no parts) answer no for themselves: nothing kept on them, no parts asked
LEAVES = (b.ColumnRef, b.Literal, b.Param, b.AggregateRef, b.WindowRef)

# Classes that raise no error of their own in SQLite (an operand still may): arithmetic
# turns an overflow into a REAL and a division by zero into NULL, a CAST never fails.
_QUIET = (b.Unary, b.Binary, b.Compare, b.Cast, b.Collate, b.Fixed, b.Case, b.InList,
          b.Row, b.RowCompare)
_QUIET_FUNCTIONS = frozenset(("coalesce", "ifnull", "nullif", "iif", "if"))


def cannot_raise(expr) -> bool:
    """Whether evaluating ``expr`` can never fail: made only of columns, constants and
    operators that raise nothing, and of coalesce()-like calls -- no other function, no
    LIKE (a bad ESCAPE raises), no subquery. A rewrite that skips or moves evaluations
    keeps SQLite's errors when every skipped expression answers this yes."""
    if isinstance(expr, LEAVES):
        return not isinstance(expr, (b.AggregateRef, b.WindowRef))
    if isinstance(expr, b.Function):
        quiet = expr.name in _QUIET_FUNCTIONS or expr.name.startswith("__affinity_")
    else:
        quiet = isinstance(expr, _QUIET)
    return quiet and all(cannot_raise(part) for part in children(expr))
_SUBQUERY_VERDICTS = (((b.ScalarSubquery, b.Exists, b.InSubquery, b.NullPastSubquery), True),
                      (LEAVES, False))


def kept_any(expr, attr: str, verdicts: tuple, parts) -> bool:
    """Whether some node of ``expr`` decides yes: a node of a class listed in ``verdicts``
    (pairs of classes and the answer they give, the first that matches) answers for
    itself without its parts; any other node answers yes when one of ``parts(node)``
    does, asked in order up to the first yes. The answer of each node that has parts is
    kept on it as ``attr`` (bound expressions are never changed -- frozen under test --
    and a subquery's node answers for itself, so an answer cannot change), so asking again of it is free."""
    kept = _VERDICTS.get(id(verdicts))    # (by id: a tuple's hash is not kept, and
    if kept is None or kept[0] is not verdicts:     # this one's walks its classes)
        kept = _VERDICTS[id(verdicts)] = (verdicts, {})
    return _kept_any(expr, attr, kept[1], verdicts, parts)


def _kept_any(expr, attr: str, own: dict, verdicts: tuple, parts) -> bool:
    """``kept_any`` with its verdicts' answers by class, ``own``, found."""
    cls = expr.__class__
    verdict = own.get(cls, own)         # ``own`` itself: the class not met yet
    if verdict is own:
        verdict = own[cls] = next((v for classes, v in verdicts if issubclass(cls, classes)),
                                  None)
    if verdict is not None:
        return verdict
    known = getattr(expr, attr, None)
    if known is not None:
        return known
    found = False
    for part in parts(expr):
        if _kept_any(part, attr, own, verdicts, parts):
            found = True
            break
    object.__setattr__(expr, attr, found)
    return found


# id(verdicts of kept_any) -> (them, class -> its own answer (None: its parts'))
_VERDICTS: dict = {}


def holds_correlated_subquery(expr) -> bool:
    """Whether a subquery that reads the rows of the query enclosing it sits anywhere in
    ``expr``, at any depth: ``EXISTS (SELECT 1 FROM u WHERE (SELECT u.a))`` counts, though
    the EXISTS itself is not correlated. SQLite marks such a WHERE term TERM_VARSELECT
    (whereexpr.c, the walk of sqlite3WhereExprUsage into every subquery) and tests it
    after the other terms of its loop (wherecode.c). The answer is kept on the node, as
    ``contains_subquery``'s: the binder has set every subquery's ``correlated`` and the
    planner changes no bound node, and the rules ask it of the same terms at every level
    of ordering them (``term_order``), each time a walk of the subqueries inside."""
    if not contains_subquery(expr):     # kept on the node: most terms answer at once
        return False
    known = getattr(expr, "_holds_correlated", None)
    if known is not None:
        return known
    found = _correlated_inside(expr)
    object.__setattr__(expr, "_holds_correlated", found)
    return found


def _correlated_inside(root) -> bool:
    """Whether ``deep_nodes(root)`` meets a correlated subquery node. The walk passes
    over the parts already known to hold none: a node an earlier question found without
    one (``slots_of``'s or ``contains_subquery``'s answer kept on it) -- a subquery's
    long WHERE is most of such a walk, and planning the subquery asked of its terms."""
    stack: list = [root]
    pop = stack.pop
    while stack:
        top = pop()
        if isinstance(top, b.Select):
            stack += select_exprs(top)
            stack += [item.source.query for item in top.items
                      if isinstance(item.source, b.SubquerySource)]
            stack += [part for _, part in top.compound]
        elif isinstance(top, (b.InSubquery, b.Exists, b.ScalarSubquery)):
            if top.correlated:
                return True
            stack.append(top.query)
            if isinstance(top, b.InSubquery):
                stack.append(top.operand)
        elif not _known_plain(top):
            stack += children(top)
    return False


def _known_plain(expr) -> bool:
    """Whether an answer kept on ``expr`` says no subquery node sits in its parts: a
    false ``contains_subquery`` (NullPastSubquery counts there, so false is no) or a
    ``slots_of`` kept (it keeps them for a term without a subquery only)."""
    return getattr(expr, "_holds_subquery", None) is False or \
        getattr(expr, "_slots_read", None) is not None



def is_constant(expr, params: bool = False, grouped: frozenset = frozenset()) -> bool:
    """No column, parameter (unless ``params``: SQLite's parser counts them as constant),
    aggregate, subquery or volatile function anywhere inside -- outside the parts equal
    to a GROUP BY term (``grouped``: their ``describe`` texts)."""
    if isinstance(expr, b.Literal) or params and isinstance(expr, b.Param):
        return True
    if grouped and describe(expr) in grouped:
        return True
    if isinstance(expr, (b.ColumnRef, b.Param, b.AggregateRef, b.WindowRef, b.InSubquery,
                         b.Exists, b.ScalarSubquery)):
        return False
    if isinstance(expr, b.Function) and (expr.name in _VOLATILE or is_user_function(expr.name)):
        return False                # a connection's own function runs when the statement does
    if redefined_like(expr):
        return False
    return all(is_constant(c, params, grouped) for c in children(expr))


def redefined_like(expr) -> bool:
    """A LIKE once the connection ran PRAGMA case_sensitive_like: like() is then its own
    function, registered without SQLITE_FUNC_CONSTANT (functions/user.py like_redefined),
    so it is called where the row is, never hoisted nor allowed in an index or a generated
    column."""
    return isinstance(expr, b.Like) and expr.op == "like" and like_redefined()


def calls_volatile(expr) -> bool:
    """Whether ``expr`` calls, anywhere inside, a function whose value may change from one
    call to the next or a connection's own function (not SQLITE_FUNC_CONSTANT). A term
    with no call, LIKE or subquery inside answers no at once (``_holds_call``, kept on its
    nodes): the one-table rules ask it of every WHERE term, most of which hold none."""
    if isinstance(expr, b.Expr) and (not may_call(expr) or
                                     getattr(expr, "_calls_none", False)):
        return False
    met = False                         # a function or a LIKE met anywhere inside
    for node in deep_nodes(expr):
        if isinstance(node, b.Function):
            if node.name in _VOLATILE or is_user_function(node.name):
                return True
            met = True
        elif isinstance(node, b.Like):
            if redefined_like(node):
                return True
            met = True
    if not met and isinstance(expr, b.Expr):
        # nothing the connection defines later can make it call anything: a subquery's
        # query is then not walked again (the one-table rules ask of every WHERE term)
        object.__setattr__(expr, "_calls_none", True)
    return False


def may_call(expr) -> bool:
    """Whether a function, a LIKE or a subquery sits anywhere in expression ``expr``: no
    means it calls nothing (kept on its nodes as ``_holds_call``)."""
    return bool(_sub_and_call(expr) & _CALL)


_SUB, _CALL = 1, 2      # the answers of ``contains_subquery`` and ``may_call``, as bits


def _sub_and_call(expr) -> int:
    """``kept_any``'s answers for ``_holds_subquery`` (``_SUBQUERY_VERDICTS``) and
    ``_holds_call`` (``_CALL_VERDICTS``) of ``expr`` found in one walk, each kept on every
    node with parts that the walk meets: the rules ask both of each WHERE term, and two
    walks of a long term cost twice one."""
    way = _SUB_AND_CALL.get(expr.__class__)
    if way is None:
        way = _sub_and_call_way(expr.__class__)
    given, asked = way                  # the class's own answers; the bits its parts give
    if not asked:
        return given
    sub = getattr(expr, "_holds_subquery", None) if asked & _SUB else False
    call = getattr(expr, "_holds_call", None) if asked & _CALL else False
    if sub is not None and call is not None:
        return given | (_SUB if sub else 0) | (_CALL if call else 0)
    found = 0
    for part in children(expr):
        found |= _sub_and_call(part)
        if found & asked == asked:
            break
    if sub is None:                     # (an answer kept before stays: ``slots_of``'s)
        sub = bool(found & _SUB)
        object.__setattr__(expr, "_holds_subquery", sub)
    if call is None:
        call = bool(found & _CALL)
        object.__setattr__(expr, "_holds_call", call)
    return given | (_SUB if sub else 0) | (_CALL if call else 0)


_SUB_AND_CALL: dict = {}    # class -> (the bits it answers yes itself, the bits its parts')


def _sub_and_call_way(cls) -> tuple:
    given = asked = 0
    for bit, verdicts in ((_SUB, _SUBQUERY_VERDICTS), (_CALL, _CALL_VERDICTS)):
        verdict = next((v for classes, v in verdicts if issubclass(cls, classes)), None)
        if verdict is None:
            asked |= bit
        elif verdict:
            given |= bit
    way = _SUB_AND_CALL[cls] = (given, asked)
    return way


# what ``calls_volatile``'s first question keeps: a node that may call something (a
# function, a LIKE that may be like() redefined, a subquery whose query may) answers yes,
# the leaves no; ``children`` gives the parts that ``deep_nodes`` walks
_CALL_VERDICTS = (((b.Function, b.Like, b.ScalarSubquery, b.Exists, b.InSubquery,
                    b.NullPastSubquery, b.Select), True), (LEAVES, False))


def is_between(expr) -> bool:
    """Whether an AND is ``x BETWEEN y AND z``, which the binder makes ``x >= y AND
    x <= z`` sharing x: one node to SQLite (exprCodeBetween), which tests the two halves
    in that order."""
    left, right = expr.left, expr.right
    return expr.op == "and" and isinstance(left, b.Compare) and isinstance(right, b.Compare) \
        and left.op == "ge" and right.op == "le" and left.left is right.left


def between_halves(conditions: list) -> list:
    """The (x >= y, x <= z) pairs the binder made of a BETWEEN among a list of conjuncts
    (they share x): to SQLite the two are one term."""
    lows = {id(c.left): c for c in conditions if isinstance(c, b.Compare) and c.op == "ge"}
    return [(lows[id(c.left)], c) for c in conditions
            if isinstance(c, b.Compare) and c.op == "le" and id(c.left) in lows]


def reads_table(node, table) -> bool:
    """Whether a bound query (or any part of one) reads ``table``: a FROM item of it
    anywhere -- in a subquery, a view, a common table or a compound's other SELECT
    (SQLite's readsTable, which makes an INSERT fill a temporary table first). A table of
    the same name in another schema counts too: the answer may only err towards yes."""
    if type(node) is b.Select and literal_rows(node):
        return False                # (an INSERT's VALUES: the walk below costs 40-70 us)
    name, seen, stack = ascii_lower(table.name), set(), [node]
    while stack:
        part = stack.pop()
        if id(part) in seen:
            continue
        seen.add(id(part))
        if isinstance(part, b.TableSource):
            if part.table is table or ascii_lower(part.table.name) == name:
                return True
        elif isinstance(part, (list, tuple)):
            stack.extend(part)
        else:
            names = _BOUND_FIELDS.get(type(part))
            stack.extend(getattr(part, n) for n in (
                names if names is not None else _bound_fields(type(part))))
    return False


def literal_rows(select) -> bool:
    """Whether ``select`` is a VALUES list of literals and nothing else: no FROM item, no
    compound arm, no clause -- a query that reads no table."""
    return select.values is not None and not select.items and not select.compound and \
        select.where is None and select.limit is None and select.offset is None and \
        not select.order_by and all(type(c) is b.Literal for c in select.columns) and \
        all(type(v) is b.Literal for row in select.values for v in row)


# A class's field names, for a dataclass of the bound tree (``reads_table`` walks them);
# () for any other class (its values hold no FROM item). Kept by class: a one-row
# INSERT's source asked ``dataclasses.fields`` again for each of its nodes.
_BOUND_FIELDS: dict[type, tuple] = {}


def _bound_fields(cls: type) -> tuple:
    names = tuple(f.name for f in dataclasses.fields(cls)) if dataclasses.is_dataclass(cls) \
        and cls.__module__ == b.__name__ else ()
    _BOUND_FIELDS[cls] = names
    return names
