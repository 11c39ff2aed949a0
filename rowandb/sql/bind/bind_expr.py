"""Binding expressions: one handler per sqlglot expression class (``HANDLERS``), each
turning a node into the planner's bound expression with what SQLite decides when it
prepares a statement -- literal types, the affinity and collation of comparisons, CASE's
tests, CAST's affinity, subqueries and whether they are correlated. ``Binder.expr``
dispatches here; queries, FROM items and functions are bound in binder.py.
"""

from __future__ import annotations

import dataclasses

from sqlglot import expressions as exp

from ...errors import OperationalError
from ...planner.plan import bound as b
from ...planner.functions.user import user_defines, user_scalar
from ...planner.plan.analysis import contains_subquery, is_constant
from ...planner.types.values import (
    INT64_MIN, NUMERIC, affinity_of_type, collation_key, is_collation, number_literal)
from . import bind_rows, tables
from ..parse.as_written import written_type
from ..parse.dialect import UNARY_PLUS, WRITTEN_NAME
from ..parse.folds import true_false_column, where_term
from .properties import (affinity_of, asked_collation, comparison_collation,
                         has_aggregate, union_all_for_one_row)
from .scope import Scope
from ...planner.plan.operand_types import last_row
from ...catalog.ascii_case import ascii_lower, ascii_upper


def _literal(binder, node: exp.Literal, scope) -> b.Expr:
    if node.is_string:
        return b.Literal(node.this)
    return b.Literal(parse_number(node.this))


def parse_number(text: str):
    """The value of a numeric literal's text; the texts met last are kept (``_NUMBERS``):
    the corpus writes the same few numbers in statement after statement."""
    value = _NUMBERS.get(text)
    if value is None:
        value = _parse_number(text)
        if len(_NUMBERS) >= 4096:
            _NUMBERS.clear()
        _NUMBERS[text] = value
    return value


_NUMBERS: dict = {}     # literal text -> its int or float value (never an error)


def _parse_number(text: str):
    lowered = ascii_lower(text)
    if lowered.startswith("0x"):
        value = int(lowered, 16)
        if value >= 1 << 64:
            raise OperationalError(f'hex literal too big: {text}')
        return value - (1 << 64) if value >= 1 << 63 else value
    value = number_literal(text)
    if value is None:
        raise OperationalError(f'unrecognized token: "{text}"')
    return value


def _neg(binder, node: exp.Neg, scope) -> b.Expr:
    """Unary minus. On a numeric literal (parentheses and unary plus do not count) SQLite
    negates the literal itself: -9223372036854775808 is INT64_MIN, an INTEGER, and -0.0
    is the REAL minus zero; on anything else it is 0 - x. The literal made so is marked
    ``negated``: to SQLite's parser it is still a minus over a number, never the literal
    its WHERE planner drops from ``x IS NULL OR 0`` (``plan/null_tests.py``)."""
    inner = node.this
    while isinstance(inner, exp.Paren):
        inner = inner.this
    if isinstance(inner, exp.Literal) and not inner.is_string:
        if inner.this.lstrip("0") == str(1 << 63):
            return b.Literal(INT64_MIN)
        folded = b.Literal(-parse_number(inner.this))
        object.__setattr__(folded, "negated", True)
        return folded
    return b.Unary("neg", binder.expr(node.this, scope))


def _mod(binder, node: exp.Mod, scope) -> b.Expr:
    """``x % y``, or the math function ``mod(x, y)``, which sqlglot parses into the same
    node (the dialect records the written name only for the function)."""
    if node.meta.get(WRITTEN_NAME):
        return binder._function(exp.Anonymous(this=node.meta[WRITTEN_NAME],
                                              expressions=[node.this, node.expression]), scope)
    return b.Binary("mod", binder.expr(node.this, scope), binder.expr(node.expression, scope))


def _match(binder, node: exp.Match, scope) -> b.Expr:
    """``x MATCH y`` is the call ``match(y, x)`` (parse.y, likeop), a function that fails
    only when it runs (RowanDB's, as the one SQLite's FTS3 overloads): a statement, view,
    CHECK or trigger that never evaluates it is no error."""
    return binder._function(exp.Anonymous(this="match", expressions=[node.expression,
                                                                      node.this]), scope)


def _regexp(binder, node: exp.RegexpLike, scope) -> b.Expr:
    """``x REGEXP y`` is the call ``regexp(y, x)`` of a function the application defines
    (``create_function``), named by the operator's word as written (audit.py). SQLite
    looks the function up before its operands (``nocol REGEXP 1``: no such function)."""
    name = node.meta.get(WRITTEN_NAME) or "REGEXP"
    if user_scalar(ascii_lower(name), 2) is None:
        if user_defines(ascii_lower(name)):
            raise OperationalError(f"wrong number of arguments to function {name}()")
        raise OperationalError(f"no such function: {name}")
    return binder._function(exp.Anonymous(this=name, expressions=[node.expression, node.this]),
                            scope)


def _placeholder(binder, node: exp.Placeholder, scope) -> b.Expr:
    name = node.name or ""
    if not name.startswith("__p"):
        raise OperationalError(f"unrecognized parameter: {node.sql()}")
    return b.Param(int(name[3:]))


def _not(binder, node: exp.Not, scope) -> b.Expr:
    inner = node.this
    if isinstance(inner, exp.Is):
        return _is(binder, inner, scope, negated=True)
    if isinstance(inner, exp.In):
        return _in(binder, inner, scope, negated=True)
    if isinstance(inner, exp.Exists):
        return _exists(binder, inner, scope, negated=True)
    if isinstance(inner, (exp.Like, exp.Glob)):
        return _like(binder, inner, scope, negated=True)
    if isinstance(inner, exp.Escape) and isinstance(inner.this, exp.Like):
        return _escape(binder, inner, scope, negated=True)
    return b.Unary("not", binder.expr(inner, scope))


def _is(binder, node: exp.Is, scope, negated=False) -> b.Expr:
    right = node.expression
    if bare_name(right):
        # SQLite resolves an unqualified name on the right first, under a COLLATE too
        # (resolve.c: sqlite3ExprSkipCollateAndLikely, then TK_ID; t.x IS t.y: left first)
        bound_right = name_first(binder, right, scope)
        return binder._compare("isnot" if negated else "is", binder.expr(node.this, scope),
                               bound_right)
    if isinstance(right, exp.Null):
        return null_test(binder, node.this, scope, negated)
    left = binder.expr(node.this, scope)
    column = true_false_column(binder, right, scope) if isinstance(right, exp.Boolean) else None
    if isinstance(right, exp.Boolean) and column is None:   # IS [NOT] TRUE/FALSE: truth
        return b.Unary(("isnot" if negated else "is") + ("true" if right.this else "false"),
                       left)
    return binder._compare("isnot" if negated else "is", left,
                           column if column is not None else binder.expr(right, scope))


def name_first(binder, right, scope) -> b.Expr:
    """The bound right operand ``right`` of an IS, a bare name that SQLite resolves before
    the IS itself, under its COLLATE too (resolveExprStep on the name): its own error
    replaces one waiting, which then ends the walk (``lower(x) AND c IS y COLLATE
    nocase``: 'no such column: y')."""
    if binder.pending is not None:
        name = right
        while isinstance(name, (exp.Paren, exp.Collate)):
            name = name.this
        binder.expr(name, scope)
        binder.raise_pending()
    return binder.expr(right, scope)


def bare_name(node) -> bool:
    """Whether ``node`` is an unqualified column name, maybe in parentheses or under
    COLLATE (which SQLite's parse tree does not keep around a name, or skips)."""
    while isinstance(node, (exp.Paren, exp.Collate)):
        node = node.this
    return isinstance(node, exp.Column) and not node.table


def null_test(binder, operand, scope, negated: bool) -> b.Expr:
    """``x IS [NOT] NULL`` (ISNULL, NOTNULL, IS [NOT] DISTINCT FROM NULL: SQLite's parser
    makes each TK_ISNULL or TK_NOTNULL). resolve.c walks the operand in a walk of its own
    and goes on whatever it met, as for a function's arguments: an error there waits."""
    left = binder.arguments([operand], scope, whole=True)     # coded apart
    if left is None:
        return b.Literal(None)
    if _in_where(scope) and _never_null(left[0], scope):
        # resolve.c's NOT NULL strength reduction: a constant, so SQLite may test it
        # before any loop; its column still counts as read (colUsed)
        if scope.select is not None:
            scope.select.folded.append(left[0])
        return b.Literal(1 if negated else 0)
    return b.Unary("notnull" if negated else "isnull", left[0])


def _never_null(operand, scope) -> bool:
    """sqlite3ExprCanBeNull's no, through unary + and -: a literal other than NULL, or a
    table's rowid or column declared NOT NULL (WITHOUT ROWID keys are) that no outer join
    may make NULL (resolve.c's EP_CanBeNull: the right side of a LEFT or FULL JOIN, the
    items left of a RIGHT or FULL JOIN)."""
    while isinstance(operand, b.Unary) and operand.op in ("pos", "neg"):
        operand = operand.operand
    if isinstance(operand, b.Literal):
        return operand.value is not None
    if not isinstance(operand, b.ColumnRef):
        return False
    s = scope
    while s is not None:
        items = s.select.items if s.select is not None else ()
        for k, item in enumerate(items):
            if item.source.slot == operand.slot:
                return _not_null_in(item, items[k + 1:], operand.column)
        s = s.parent
    return False


def _not_null_in(item, later: list, column: int) -> bool:
    source = item.source
    if not isinstance(source, b.TableSource) or item.kind in ("left", "full") or \
            any(i.kind in ("right", "full") for i in later):
        return False
    table = source.table
    return column == -1 or column == table.rowid_alias or bool(table.columns[column].notnull)


def _in_where(scope) -> bool:
    """Whether every query enclosing the expression is binding its WHERE or ON terms
    (SQLite's NC_Where on each name context): only there is the reduction safe. An
    INSERT's, UPDATE's or DELETE's own clauses (``Scope.statement``) are no such
    context, so a subquery of theirs is not reduced either; their WHERE's terms are the
    planner's (plan/null_tests.py)."""
    s = scope
    while s is not None:
        if s.statement or s.select is not None and not s.in_where_clause:
            return False
        s = s.parent
    return True


def _in(binder, node: exp.In, scope, negated=False) -> b.Expr:
    """``x IN (...)``. SQLite resolves a subquery on the right before x."""
    query = _in_query(node)
    if query is not None:
        select, correlated = _subquery(binder, query, scope)
        return _in_subquery(binder.expr(node.this, scope), select, negated, correlated)
    operand = binder.expr(node.this, scope)
    if not node.expressions and (negated or not split_term(node, (operand,))):
        return _in_nothing(operand, scope, negated)
    if isinstance(operand, b.Row):
        return _row_in_list(binder, node, operand, scope, negated)
    items = tuple(binder.expr(e, scope) for e in node.expressions)
    if len(items) == 1 and is_constant(items[0], params=True):
        if bind_rows.is_row(operand):   # ``(SELECT 1, 2) == +y``: the row in a ``+``
            # (a ``*`` SQLite's resolver counts as one term: misused as it codes it)
            coded = bind_rows.coded_as_values(binder, "eq", operand, items[0])
            if coded is None:
                raise bind_rows.misused()
            return b.Unary("not", coded) if negated else coded
        # SQLite's parser makes ``x IN (y)`` of a constant y into ``x == +y`` (parse.y):
        # an equality everywhere after (an index search, a join's key), y without
        # affinity, a COLLATE inside y counting (one on top of y does not, as measured
        # against 3.54); NOT IN is NOT of it
        item = items[0].operand if isinstance(items[0], b.Collate) else items[0]
        equal = b.Compare("eq", operand, items[0], comparison_collation(operand, item),
                          affinity_of(operand), None)
        return b.Unary("not", equal) if negated else equal
    # a list compares under the collation of x alone; a subquery of several columns
    # there is SQLite's 'sub-select returns 2 columns - expected 1' where it codes the
    # IN (expr.c sqlite3ExprCheckIN), which bind_rows.check_placement stands for
    return b.InList(operand, items, negated, asked_collation(operand) or "BINARY",
                    affinity_of(operand))


def split_term(node, operands) -> bool:
    """Whether SQLite codes the bound ``operands`` of ``node`` -- an AND, or ``x IN ()``
    (its parser's ``FALSE AND x``) -- as terms of their own rather than simplifying it
    whole (expr.c, sqlite3ExprSimplifiedAndOr): in a WHERE or ON conjunction; in a HAVING
    one only when they hold no subquery or aggregate, as SQLite moves only such terms of
    a HAVING into the WHERE (select.c, havingToWhereExprCb) and codes the rest whole."""
    if not where_term(node):
        return False
    parent = node.parent
    while isinstance(parent, (exp.And, exp.Paren)):
        parent = parent.parent
    return not isinstance(parent, exp.Having) or \
        not any(contains_subquery(o) or has_aggregate(o) for o in operands)


def _in_nothing(operand, scope, negated: bool) -> b.Literal:
    """``x IN ()`` whose ``x`` calls a function (else folds.py dropped ``x`` unresolved):
    SQLite's parser makes it ``FALSE AND x`` (``TRUE OR x`` for NOT IN: parse.y's
    ``in_op LP exprlist RP`` rule), which it codes as the constant without coding ``x``
    (expr.c, sqlite3ExprSimplifiedAndOr), so no subquery in ``x`` is planned or run --
    unless the AND is a term of a WHERE, ON or HAVING, which SQLite splits and codes
    ``x`` as a term of its own (``split_term``)."""
    if scope.select is not None:                # still read, to SQLite's colUsed
        scope.select.folded += (operand,)
    return b.Literal(1 if negated else 0)


def _row_in_list(binder, node: exp.In, operand, scope, negated: bool) -> b.Expr:
    """``(a, b) IN ((1, 2), ...)``: the list is a VALUES query to SQLite, correlated when
    its rows read columns (``(a, b) IN ((1, x), (2, y))``). Only a written row may take a
    list (a subquery of two columns: ``_in``)."""
    if not node.expressions:
        return b.Literal(1 if negated else 0)
    values = bind_rows.values_of_list(node, len(operand.items))
    select, correlated = _subquery(binder, values, scope)
    return _in_subquery(operand, select, negated, correlated)


def _in_query(node: exp.In):
    """The query of ``x IN (SELECT ...)`` or of ``x IN t`` (SQLite's shorthand for ``x IN
    (SELECT * FROM t)``), or None for a list."""
    query = node.args.get("query")
    if query is not None:
        return query.this if isinstance(query, exp.Subquery) else query
    field = node.args.get("field")
    if field is not None:
        return exp.select("*").from_(tables.in_table(field))
    if len(node.expressions) == 1 and isinstance(node.expressions[0], exp.Subquery):
        return node.expressions[0].this
    if len(node.expressions) == 1 and isinstance(node.expressions[0], exp.Values):
        return node.expressions[0]              # x IN (VALUES ...)
    return None


def _in_subquery(operand, select: b.Select, negated: bool, correlated: bool) -> b.InSubquery:
    """``x IN (SELECT y ...)``: its collation is that of the comparison x = y, y being the
    column of the last SELECT of a compound or of a VALUES list's last arm
    (sqlite3BinaryCompareCollSeq on the subquery's result list, as SQLite keeps a
    compound by its last SELECT)."""
    if bind_rows.is_row(operand):
        return bind_rows.row_in(operand, select, negated, correlated)
    if len(select.columns) != 1:
        raise OperationalError(f"sub-select returns {len(select.columns)} columns - expected 1")
    return b.InSubquery(operand, select, negated, correlated,
                        comparison_collation(operand, last_row(select)[0]), affinity_of(operand))


def _subquery(binder, node, scope) -> tuple[b.Select, bool]:
    binder.subqueries_bound += 1
    inner_scope_parent = scope
    before = inner_scope_parent.outer_refs
    marker = _OuterMarker(scope)
    select = binder.bind_query(node, marker.scope)
    binder.raise_pending()                  # the subquery's node is checked after it
    correlated = marker.scope.outer_refs
    scope.outer_refs = before or scope.outer_refs
    return select, correlated


class _OuterMarker:
    """A transparent scope between a subquery and its enclosing query that notices whether
    the subquery reads the enclosing query's rows (then it is correlated)."""

    def __init__(self, scope: Scope):
        self.scope = Scope(scope)
        self.scope.select = None


def _exists(binder, node: exp.Exists, scope, negated: bool = False) -> b.Expr:
    binder.exists_next = True
    select, correlated = _subquery(binder, node.this, scope)
    union_all_for_one_row(select, implied=True)
    only_existence(select)
    return b.Exists(select, negated=negated, correlated=correlated)


def only_existence(select: b.Select) -> None:
    """EXISTS needs only whether a row comes: SQLite computes no result column and no
    ORDER BY of its query (``EXISTS (SELECT abs(-9223372036854775808))`` is 1), unless an
    INTERSECT or EXCEPT compares the rows, or a UNION does under a LIMIT, whose OFFSET
    counts the rows it keeps (``EXISTS (SELECT c FROM t UNION SELECT 5 LIMIT 1 OFFSET
    1)`` over c of 1 and 2 is 1, and a failing column fails; nor one SQLite meets coding it:
    ``EXISTS (SELECT (1,2))`` is 1). Aggregates still run: they
    decide the rows. Its DISTINCT goes as well, so a LEFT JOIN in it is no more omitted
    for it (plan/noop_join.py), and a FROM subquery flattened into it brings no ORDER BY
    (``Select.noop_order``). Each arm keeps itself as written in ``read_as``: SQLite
    counted the columns its result list reads of a FROM subquery it does not flatten
    (colUsed) when it resolved the names, before it dropped that list, so the subquery
    computes them (plan/unused_columns.py): ``EXISTS (SELECT * FROM t FULL JOIN v)`` plans
    a subquery of v's columns, and its 'no query solution' is raised (fuzz 178200114)."""
    unions = [op for op, _ in select.compound if op != "union all"]    # (to a table)
    if select.recursion is not None or any(op in ("intersect", "except") for op in unions) \
            or unions and select.limit is not None:
        return
    for arm in [select] + [arm for _, arm in select.compound]:
        arm.read_as, arm.written = dataclasses.replace(arm), True
        one = [b.Literal(1)] * len(arm.columns)
        arm.columns = list(one)
        if arm.values is not None:
            arm.values = [list(one) for _ in arm.values]
        arm.order_by = []
        arm.distinct = arm.distinct and bool(unions)    # (select.c IgnorableDistinct)
        arm.noop_order = True
        if arm.codegen_errors:          # a result column's coding error is never met
            arm.codegen_errors = [(c, e) for c, e in arm.codegen_errors if c is None]
            arm.codegen_error = arm.codegen_errors[0][1] if arm.codegen_errors else None
    select.compound_order = []


def _scalar_subquery(binder, node: exp.Subquery, scope) -> b.Expr:
    """``(SELECT ...)``: of several columns it is a row value, which only a comparison
    or IN may take (bind_rows.check_placement)."""
    select, correlated = _subquery(binder, node.this, scope)
    if len(select.columns) != 1:
        binder.rows_made = True
    union_all_for_one_row(select, implied=True)
    return b.ScalarSubquery(select, correlated)


def _row_term(binder, node: bind_rows.RowTerm, scope) -> b.Expr:
    """A term of ``SET (a, b) = (SELECT ...)``: the subquery is bound with the first."""
    bound = binder.row_subqueries.get(id(node.this))
    if bound is None:
        bound = binder.row_subqueries[id(node.this)] = _scalar_subquery(binder, node.this, scope)
    return bind_rows.row_column(bound, node.index, node.count)


def _tuple(binder, node: exp.Tuple, scope) -> b.Expr:
    binder.rows_made = True
    return b.Row(tuple(binder.expr(e, scope) for e in node.expressions))


def _paren(binder, node: exp.Paren, scope) -> b.Expr:
    inner = binder.expr(node.this, scope)
    if node.meta.get(UNARY_PLUS):               # +x: the value without its affinity
        return b.Unary("pos", inner)
    return inner


def _between(binder, node: exp.Between, scope) -> b.Expr:
    operand, bound = binder.expr(node.this, scope), binder.expr(node.args["low"], scope)
    low = bind_rows.coded_as_values(binder, "ge", operand, bound) or \
        binder._compare("ge", operand, bound)
    bound = binder.expr(node.args["high"], scope)
    high = bind_rows.coded_as_values(binder, "le", operand, bound) or \
        binder._compare("le", operand, bound)
    return b.Binary("and", _without_skip(low), _without_skip(high))


def _without_skip(half):
    """A BETWEEN's half made without SQLite's NULL-skips-the-subquery mark (made anew,
    not by ``dataclasses.replace``, which reads the class's fields each time)."""
    if half.__class__ is not b.Compare:
        return half
    return b.Compare(half.op, half.left, half.right, half.collation, half.left_affinity,
                     half.right_affinity, False)


def _like(binder, node, scope, negated=False, escape=None) -> b.Expr:
    """``x [NOT] LIKE|GLOB y [ESCAPE z]``: SQLite's function like(y, x[, z]) or glob(y, x),
    so its arguments are resolved as a function's, the pattern first."""
    op = "glob" if isinstance(node, exp.Glob) else "like"
    negated = negated != bool(node.args.get("negate"))    # sqlglot marks NOT LIKE this way
    args = binder.arguments([node.expression, node.this] + ([escape] if escape else []), scope,
                            placed=False)
    if args is None:
        return b.Literal(None)
    return b.Like(op, args[1], args[0], args[2] if escape else None, negated,
                  op == "like" and binder.case_sensitive_like)


def _escape(binder, node: exp.Escape, scope, negated=False) -> b.Expr:
    return _like(binder, node.this, scope, negated, node.expression)


def waiting_step(binder, node) -> None:
    """``node`` met while an error waits (``binder.pending``): the walk ends there but
    for what ``walks_on``, and at a subquery too, once its tables are looked up, after
    an expansion's error (``binder.noted_expansion``)."""
    query = names_query(node) if binder.noted_expansion else None
    if query is not None:
        tables.look_up_tables(binder.catalog, query, binder.names_no_table)
    if query is not None or not walks_on(node):
        binder.raise_pending()


def names_query(node):
    """The query of ``node`` if it is a subquery, EXISTS or IN a subquery, else None:
    SQLite prepares it where it meets it, which only expands it while an error of an
    expansion waits (select.c sqlite3SelectPrep stops at any error), and the walk ends
    there."""
    if isinstance(node, exp.Subquery):
        return node
    if isinstance(node, exp.Exists):
        return node.this
    return _in_query(node) if isinstance(node, exp.In) else None


def walks_on(node) -> bool:
    """Whether SQLite's resolver still resolves ``node`` while an error waits (see
    Binder.expr): a name, whose own error replaces the waiting one (TRUE and FALSE are
    names), a function (with FILTER or OVER too), whose arguments are a walk of their
    own, as is the operand of ``x ISNULL`` / ``x NOTNULL`` (``IS [NOT] NULL``), a
    subquery, resolved before its node is checked, and ``x IS name``, which resolves the
    name first.
    Parentheses are no node at all; NOT LIKE is a NOT node over the function."""
    if isinstance(node, (exp.Column, exp.Identifier, exp.Var, exp.Boolean, exp.Subquery,
                         exp.Exists, exp.Window, exp.Filter)):
        return True
    if isinstance(node, exp.Paren):
        return not node.meta.get(UNARY_PLUS)
    if isinstance(node, (exp.Like, exp.Glob)):
        return not node.args.get("negate")
    if isinstance(node, exp.Escape):
        return not node.this.args.get("negate")
    if isinstance(node, exp.In):
        return _in_query(node) is not None
    if isinstance(node, exp.Not) and isinstance(node.this, exp.Is):
        node = node.this
    if isinstance(node, (exp.Is, exp.NullSafeEQ, exp.NullSafeNEQ)):   # a bare name: TK_ID
        right = node.expression
        return isinstance(right, (exp.Boolean, exp.Null)) or bare_name(right)
    return isinstance(node, exp.Func) and type(node) not in HANDLERS \
        and not isinstance(node, exp.Connector)     # sqlglot's AND and OR are "functions"


def _case(binder, node: exp.Case, scope) -> b.Expr:
    """CASE. With an operand, each WHEN is the comparison ``operand = when``: its
    collation and the affinities applied are the comparison's (the operand is evaluated
    once). Every part is bound before any comparison is made: SQLite resolves the whole
    CASE and makes the comparisons only as it codes it (bind_rows.case_tests)."""
    operand = binder.expr(node.this, scope) if node.this is not None else None
    whens = [(binder.expr(if_.this, scope), binder.expr(if_.args["true"], scope))
             for if_ in node.args.get("ifs") or []]
    default = node.args.get("default")
    default = binder.expr(default, scope) if default is not None else None
    if operand is None:
        return b.Case(None, tuple(whens), default, ())
    return bind_rows.case_tests(operand, whens, default,
                                lambda x, y: binder._compare("eq", x, y), binder.codegen_error)


def _cast(binder, node: exp.Cast, scope) -> b.Expr:
    type_name = written_type(node.args["to"])
    return b.Cast(binder.expr(node.this, scope), type_name, cast_affinity(type_name))


def cast_affinity(type_name: str) -> str:
    """The affinity a CAST converts to: that of its type name as written, by SQLite's
    rules for declared types (``STRING`` is NUMERIC, ``"FLOATING POINT"`` INTEGER). The
    type may be left out, ``CAST(x AS)``: unlike a column without a type (BLOB), that is
    NUMERIC -- the last of the rules, as SQLite's sqlite3AffinityType reads an empty name."""
    return affinity_of_type(type_name) if type_name else NUMERIC


def _collate(binder, node: exp.Collate, scope) -> b.Expr:
    return b.Collate(binder.expr(node.this, scope), collation_name(node.expression, False))


def collation_name(node, check: bool = True) -> str:
    """The collation a COLLATE names: in capitals if RowanDB has it, else as written (for
    SQLite's error, raised here when ``check``, else where the collation is looked up:
    ``properties.known_collation``)."""
    name = node.name if hasattr(node, "name") and node.name else node.sql()
    name = name.strip('"')
    if check:
        collation_key(name)             # SQLite's error names it as written
    return ascii_upper(name) if is_collation(name) else name


def _null(binder, node, scope) -> b.Expr:
    return b.Literal(None)


def _boolean(binder, node: exp.Boolean, scope) -> b.Expr:
    column = true_false_column(binder, node, scope)
    return column if column is not None else b.Literal(1 if node.this else 0)


def _hexstring(binder, node: exp.HexString, scope) -> b.Expr:
    text = node.this
    if len(text) % 2:
        raise OperationalError(f"unrecognized token: \"X'{text}'\"")
    return b.Literal(bytes.fromhex(text))


def _unary(op):
    return lambda binder, node, scope: b.Unary(op, binder.expr(node.this, scope))


def _column(binder, node, scope):
    return binder.column(node, scope)


def _identifier_column(binder, node: exp.Identifier, scope):
    return binder.column(exp.Column(this=node), scope)


def _var(binder, node: exp.Var, scope):
    return binder.column(exp.Column(this=exp.to_identifier(node.name)), scope)


HANDLERS = {
    exp.Literal: _literal, exp.Neg: _neg, exp.Placeholder: _placeholder, exp.Not: _not,
    exp.Is: _is, exp.In: _in, exp.Exists: _exists, exp.Subquery: _scalar_subquery,
    exp.Paren: _paren, exp.Tuple: _tuple, exp.Between: _between, exp.Like: _like, exp.Glob: _like,
    exp.Escape: _escape, exp.Case: _case, exp.Cast: _cast, exp.TryCast: _cast,
    exp.Collate: _collate, exp.Null: _null, exp.Boolean: _boolean, exp.HexString: _hexstring,
    exp.BitwiseNot: _unary("bitnot"), exp.Column: _column, exp.Identifier: _identifier_column,
    exp.Var: _var, exp.Mod: _mod, exp.RegexpLike: _regexp, exp.Match: _match, bind_rows.RowTerm: _row_term,
}


