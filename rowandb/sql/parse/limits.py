"""SQLite's size limits on a statement, checked before anything recurses over it.

A statement nested or chained thousands deep must get SQLite's error, quickly, and never a
Python RecursionError. SQLite (sqlite.org/limits.html, 3.54 defaults) refuses:

- an expression tree higher than 1000 (SQLITE_MAX_EXPR_DEPTH): "Expression tree is too
  large (maximum depth 1000)". The height of a node is one more than its highest child's;
  parentheses make no node. A subquery adds to the heights around it: while SQLite
  resolves an expression it adds the expression's height to a running total, so the
  heights along a chain of nested subqueries are summed (src/resolve.c);
- more than 500 SELECTs in a compound: "too many terms in compound SELECT";
- more than 2000 terms in ORDER BY or GROUP BY, or result columns (SQLITE_MAX_COLUMN),
  and more than 1000 arguments to a function;
- a statement nested deeper than its parser's stack allows: "Recursion limit".

Those numbers are SQLite's defaults; a connection may lower them (``setlimit``), so the
checks read the limits in force (planner/types/limit_values.py).

The parser's stack is modelled, not reproduced: an open parenthesis holds one entry, a
function call three (name, argument list, parenthesis), a pending binary operator two and
each pending prefix operator (NOT, -) one, a CASE two and up to three more for the part a
nested one stands in, a SELECT three and five once in its FROM -- about the symbols
SQLite's LALR stack holds for those constructs -- and the capacity is about 2500
(measured: 2493 nested parentheses, 831 nested calls, 498 nested CASEs, 415 nested
subqueries in FROM, a few thousand NOTs). Near that capacity RowanDB's limit can differ
from SQLite's by a level or two.

``deep_enough`` raises Python's recursion limit while a statement is prepared and run, so
that every statement within these limits can be bound, planned and evaluated.
"""

from __future__ import annotations

import sys
from operator import itemgetter

from sqlglot import expressions as exp

from ...errors import OperationalError
from ...planner.types.limit_values import current
from .lexer import SQLITE_KEYWORDS, Token, uppers
from ...catalog.ascii_case import ascii_lower

MAX_EXPR_DEPTH = 1000
MAX_COMPOUND_SELECT = 500
MAX_COLUMN = 2000
MAX_FUNCTION_ARG = 1000
PARSER_STACK = 2498
_STACK_CONTEXT = 2              # the statement's own entries, before its first clause

_BINARY = frozenset(("||", "*", "/", "%", "+", "-", "<<", ">>", "&", "|", "<", "<=", ">",
                     ">=", "=", "==", "!=", "<>", "AND", "OR", "IS", "LIKE", "GLOB",
                     "MATCH", "REGEXP", "BETWEEN", "IN", "COLLATE"))
_COMPOUND = frozenset(("UNION", "INTERSECT", "EXCEPT"))


def check_tokens(tokens: list[Token]) -> None:
    """The limits the tokens show: the parser's stack, compound SELECT terms, and chains
    of one operator so long that no parse could be low enough (refused here, before
    sqlglot spends seconds on a hundred thousand terms).

    Each check counts tokens, so a statement too short to reach a limit skips it: a token
    adds at most ``_STACK_PER_TOKEN`` entries to the parser's stack, and a compound term
    or a link of a chain is a token of its own."""
    count, limits = len(tokens), current()
    if count * _STACK_PER_TOKEN + _STACK_CONTEXT > PARSER_STACK \
            and _stack_bound(uppers(tokens)) > PARSER_STACK:
        _parser_stack(tokens)
    if count >= limits.compound_select:
        _compound_terms(tokens)
    if count >= limits.expr_depth:
        _operator_chains(tokens)


# The most one token adds to ``_parser_stack``'s total: an open parenthesis of a call after
# a binary operator (1 + 2 + 2), or a clause part (5); a prefix operator adds one for itself.
_STACK_PER_TOKEN = 8


def _stack_bound(ups: list[str]) -> int:
    """A bound on every total ``_parser_stack`` reaches, counted without a Python step per
    token: the statement's own frame holds at most its two entries and a part's five; each
    other frame is opened by a parenthesis or a CASE and holds at most four of its own (a
    CASE after a binary operator: 2 + 2; a parenthesis has 1, and 2 more either for the
    call's name or for the operator right before it) and a part's five, plus the prefix
    operators it took over; and a prefix operator (NOT, -, + or ~) is counted once, in the
    frame that took it or as still waiting. The corpus's long WHERE clauses have a few
    dozen parentheses, far from SQLite's 2,498 entries."""
    frames = ups.count("(") + ups.count("CASE")
    prefixes = ups.count("NOT") + ups.count("-") + ups.count("+") + ups.count("~")
    return _STACK_CONTEXT + 5 + 9 * frames + prefixes


def _parser_stack(tokens: list[Token]) -> None:
    """Refuse a statement whose nesting would overflow SQLite's parser stack. Each open
    frame (a parenthesis or a CASE) holds [its own entries, the entries of the clause or
    CASE part it is in]; what is pending where it opens (a binary or prefix operator)
    belongs to it, and goes when it closes."""
    frames = [[_STACK_CONTEXT, 0]]
    held = _STACK_CONTEXT               # the entries of every open frame: sum(own + part)
    closers = []
    prefix = 0                          # prefix operators waiting for their operand
    for i, tok in enumerate(tokens):
        word = tok.upper if tok.kind == "word" else tok.text
        if word in ("(", "CASE"):
            own = 1 if word == "(" else 2
            if word == "(" and i and tokens[i - 1].kind == "word" \
                    and tokens[i - 1].upper not in SQLITE_KEYWORDS:
                own += 2                                # a function call
            own += _pending(tokens, i) + prefix
            frames.append([own, 0])
            held += own
            closers.append(")" if word == "(" else "END")
            prefix = 0
        elif closers and word == closers[-1]:
            closers.pop()
            own, part = frames.pop()
            held -= own + part
            continue
        elif word in _PARTS and (word in ("SELECT", "FROM") or closers[-1:] == ["END"]):
            held += _PARTS[word] - frames[-1][1]
            frames[-1][1] = _PARTS[word]
        elif _is_prefix(tokens, i):
            prefix += 1
        else:
            prefix = 0
        if held + prefix > PARSER_STACK:
            raise OperationalError("Recursion limit")


# Stack entries of the clause or CASE part a nested frame can open in.
_PARTS = {"SELECT": 3, "FROM": 5, "WHEN": 1, "THEN": 3, "ELSE": 2}
_PREFIX_AFTER = frozenset(("(", ",", "=", "==", "<", ">", "<=", ">=", "!=", "<>", "+", "-",
                           "*", "/", "%", "||", "&", "|", "<<", ">>", "~"))


def _is_prefix(tokens: list[Token], i: int) -> bool:
    """A NOT, -, + or ~ that starts an operand (its operand is still to come)."""
    tok = tokens[i]
    if tok.upper == "NOT" and tok.kind == "word":
        nxt = tokens[i + 1].upper if i + 1 < len(tokens) else ""
        return nxt not in ("NULL", "IN", "LIKE", "GLOB", "BETWEEN", "REGEXP", "MATCH",
                           "EXISTS", "DEFERRABLE", "INDEXED")
    if tok.text not in ("-", "+", "~") or tok.kind != "op":
        return False
    before = tokens[i - 1] if i else None
    return before is None or before.text in _PREFIX_AFTER or (
        before.kind == "word" and before.upper in SQLITE_KEYWORDS)


def _pending(tokens: list[Token], i: int) -> int:
    """Entries a binary operator right before token ``i`` keeps on the stack (its left
    operand and itself)."""
    if i == 0:
        return 0
    before = tokens[i - 1]
    word = before.upper if before.kind == "word" else before.text
    return 2 if word in _BINARY and before.kind in ("word", "op") else 0


def _compound_terms(tokens: list[Token]) -> None:
    """More than 500 SELECTs joined by UNION/INTERSECT/EXCEPT at one level of nesting."""
    counts = [0]
    for tok in tokens:
        if tok.text == "(":
            counts.append(0)
        elif tok.text == ")" and len(counts) > 1:
            counts.pop()
        elif tok.kind == "word" and tok.upper in _COMPOUND:
            counts[-1] += 1
            if counts[-1] >= current().compound_select:
                raise OperationalError("too many terms in compound SELECT")


_CHAIN_ENDS = frozenset((",", "SELECT", "FROM", "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT",
                         "ON", "SET", "VALUES", "WHEN", "THEN", "ELSE", "END", "CASE",
                         "UNION", "INTERSECT", "EXCEPT", "RETURNING"))


def _operator_chains(tokens: list[Token]) -> None:
    """A run of one binary operator at one level of nesting, within one expression, is at
    least as high as it is long (AND that closes a BETWEEN is not part of a run)."""
    depth = current().expr_depth
    levels = [({}, 0)]                  # per nesting level: counts per operator, BETWEENs open
    for tok in tokens:
        word = tok.upper if tok.kind == "word" else tok.text
        counts, betweens = levels[-1]
        if word == "(":
            levels.append(({}, 0))
        elif word == ")" and len(levels) > 1:
            levels.pop()
        elif word in _CHAIN_ENDS:
            levels[-1] = ({}, 0)
        elif word == "BETWEEN":
            levels[-1] = (counts, betweens + 1)
        elif word == "AND" and betweens:
            levels[-1] = (counts, betweens - 1)
        elif word in _BINARY and tok.kind in ("word", "op"):
            counts[word] = counts.get(word, 0) + 1
            if counts[word] >= depth:
                raise _too_deep()


def check_tree(tree: exp.Expression, tokens: list[Token] | None = None,
               ups: list[str] | None = None) -> None:
    """The limits the parse tree shows: expression heights (with SQLite's running total
    across nested subqueries), list lengths and argument counts. Iterative throughout.

    Every height the first pass keeps is at most the limit (``_height`` refuses a higher
    one), so the running totals can pass it only along a query nested in another's
    expression: a tree with one query at most is done after the first pass.

    ``tokens``, the text's tokens when given, can show that no limit is within reach
    (``_out_of_reach``), and then the tree is not walked; ``ups``: their ``uppers``, when
    the caller has them."""
    limits = current()
    if tokens is not None and _out_of_reach(tokens, limits, ups):
        return
    heights: dict[int, int] = {}       # a name's height, 0, is not kept: absent is 0
    limit = limits.expr_depth
    queries = 0
    kinds = _KINDS
    for node, kids in _post_order(tree):
        counted, shape = kinds.get(node.__class__) or _kinds(node.__class__)
        if counted:
            queries += counted is _QUERY
            _check_counts(node, limits)
        if shape != _NAME_SHAPE:
            heights[id(node)] = _height(node, shape, kids, heights, limit)
    if queries <= 1:
        return
    stack = [(tree, 0)]
    while stack:                        # the running total down each chain of subqueries
        node, above = stack.pop()
        if isinstance(node, (exp.Select, exp.Union, exp.Intersect, exp.Except, exp.Values)):
            for root in _expression_roots(node):
                total = above + heights.get(id(root), 0)
                if total > limits.expr_depth:
                    raise _too_deep()
                stack.extend((q, total) for q in _subqueries(root))
            stack.extend((q, above) for q in _from_subqueries(node))
        else:
            stack.extend((child, above) for child in node.iter_expressions())


# Heights one token of the text can give a tree, with room to spare: sqlglot makes at most
# two nodes that count of one token (``x NOTNULL`` is NOT over IS), and the lexer and
# as_written rewrite a few tokens into two or three for it (a hexadecimal literal into a
# negated number in parentheses).
_HEIGHT_PER_TOKEN = 4
# Tokens that make no node above another one: a literal or a parameter is a leaf (the
# highest leaf, a rewritten hexadecimal literal, is counted once per path by
# ``height_bound``), and a comma or a dot only separates.
_LEAF_KINDS = frozenset(("number", "param", "blob"))
_KIND, _TEXT = itemgetter(0), itemgetter(1)


def _out_of_reach(tokens: list[Token], limits, ups: list[str] | None = None) -> bool:
    """Whether a statement of ``tokens`` is too short to reach any limit ``check_tree``
    checks. A list item (a result column, an ORDER BY or GROUP BY term, an argument, a
    CASE's WHEN) needs a token at the list's own parenthesis level, so no list is longer
    than the most tokens one level holds (``widest_level``; sqlglot adds an argument or
    two to a few calls: twice that is room enough); an expression is at most as high, and
    a running total along nested queries at most as large, as ``height_bound`` says."""
    lists = min(limits.column, limits.function_arg)
    if 2 * (len(tokens) + 1) >= lists and 2 * (widest_level(tokens) + 1) >= lists:
        return False
    return _coarse_bound(tokens, ups) < limits.expr_depth \
        or max(height_bound(tokens, ups)) < limits.expr_depth


def widest_level(tokens: list[Token]) -> int:
    """The most tokens one parenthesis holds at its own level (or the statement outside
    every parenthesis): a nested parenthesis counts as one token of the level it opens
    in. The corpus's long WHERE clauses are many short parenthesised terms, so a
    statement of 600 tokens holds a few hundred at its widest level."""
    widest, counts = 0, [0]
    for text in map(_TEXT, tokens):
        if text == "(":
            counts[-1] += 1
            counts.append(0)
        elif text == ")" and len(counts) > 1:
            widest = max(widest, counts.pop())
        else:
            counts[-1] += 1
    return max(widest, *counts)


def _coarse_bound(tokens: list[Token], ups: list[str] | None = None) -> int:
    """A bound at least ``height_bound``'s, counted without a Python step per token: every
    token of a level makes a node, every level holds every token, and a chain of nested
    queries passes each SELECT or VALUES once -- so a short statement needs no scan.

    ``height_bound``'s height is ``_HEIGHT_PER_TOKEN`` per node-making token of the levels
    along one path, plus one more: at most ``per * (len(tokens) + 1)``. Its running total
    adds, per query level along a chain, that level's bound and one ``per`` more; the
    levels are nested, so each is at most that height, and a chain passes at most one
    level per SELECT or VALUES token."""
    per, ups = _HEIGHT_PER_TOKEN, uppers(tokens) if ups is None else ups
    height = per * (len(tokens) + 2)
    return height * max(1, ups.count("SELECT") + ups.count("VALUES"))


def height_bound(tokens: list[Token], ups: list[str] | None = None) -> tuple[int, int]:
    """Upper bounds on the height of any expression of ``tokens`` and on SQLite's running
    total of heights along a chain of nested queries, in one scan of the tokens.

    A parenthesis encloses a subtree of its own (a parenthesised expression, a call's
    arguments, a subquery), so a path from the root down to a leaf passes the nodes of
    the tokens of one nesting level, then those of one parenthesis within it, and so on:
    the height bound of a level is ``_HEIGHT_PER_TOKEN`` per token at that level that
    can make a node (the parenthesis itself counts: a subquery's node), plus the highest
    bound of the parentheses it holds; the leaf at the end of the path adds at most one
    more ``_HEIGHT_PER_TOKEN``. A chain of nested queries passes one level holding a
    SELECT or VALUES keyword per query, each adding at most its level's bound (and one
    more ``_HEIGHT_PER_TOKEN``, for a query made of no keyword: ``x IN t``). Long WHERE
    clauses of short parenthesised terms, and a statement's sibling subqueries, stay far
    from SQLite's 1000, where counting every token of the statement did not. ``ups``:
    ``uppers(tokens)``, when the caller has them (read with the kinds, no token's fields
    looked up one by one)."""
    per = _HEIGHT_PER_TOKEN
    own, inner, total, query = 0, 0, 0, False   # this level: node tokens, its parentheses'
    outer = []                                  # highest bound and total; a query's level?
    for upper, kind in zip(uppers(tokens) if ups is None else ups, map(_KIND, tokens)):
        if upper == "(":                        # (an operator's upper is its text)
            outer.append((own + 1, inner, total, query))
            own, inner, total, query = 0, 0, 0, False
        elif upper == ")":
            if outer:
                own, inner, total, query = _closed(own, inner, total, query, outer.pop())
        elif upper != "," and upper != "." and kind not in _LEAF_KINDS:
            own += 1
            if upper == "SELECT" or upper == "VALUES":
                query = True
    while outer:                        # parentheses left open: a syntax error, but bound it
        own, inner, total, query = _closed(own, inner, total, query, outer.pop())
    height = per * own + inner + per
    return height, total + (height + per if query else 0)


def _closed(own: int, inner: int, total: int, query: bool, enclosing: tuple) -> tuple:
    """The enclosing level's (own, inner, total, query) once a parenthesis closes."""
    height = _HEIGHT_PER_TOKEN * own + inner
    total += height + _HEIGHT_PER_TOKEN if query else 0
    up_own, up_inner, up_total, up_query = enclosing
    return up_own, max(up_inner, height), max(up_total, total), up_query


def _too_deep() -> OperationalError:
    return OperationalError(
        f"Expression tree is too large (maximum depth {current().expr_depth})")


def _post_order(tree: exp.Expression):
    """Every node with a list of its children, children before parents, without
    recursion (the children listed once: ``_height`` reads them). An identifier, a leaf
    of height 0 that no limit counts (a third of a long join's nodes), is left out."""
    out, stack = [], [tree]
    append, extend, pop = out.append, stack.extend, stack.pop
    while stack:
        node = pop()
        kids = [c for c in node.iter_expressions() if c.__class__ is not _IDENTIFIER]
        append((node, kids))
        extend(kids)
    return reversed(out)


_IDENTIFIER = exp.Identifier
_QUERY = (exp.Select, exp.Union, exp.Intersect, exp.Except, exp.Values)

# How ``check_tree`` reads a node, by its class (``_kinds``): which limit on its lists it is
# held to (a query's, a function's, or none) and how its height is made.
_QUERY_SHAPE, _NAME_SHAPE, _TRANSPARENT_SHAPE, _NODE_SHAPE = 0, 1, 2, 3
_TRANSPARENT = (exp.Paren, exp.Alias, exp.Ordered, exp.Where, exp.Having, exp.Group,
                exp.Order, exp.Limit, exp.Offset, exp.Tuple, exp.If)
_KINDS: dict[type, tuple] = {}


def _kinds(cls: type) -> tuple:
    counted = _QUERY if issubclass(cls, _QUERY) else exp.Func if issubclass(cls, exp.Func) \
        else None
    shape = _QUERY_SHAPE if issubclass(cls, _QUERY) else _NAME_SHAPE if issubclass(
        cls, (exp.Identifier, exp.Var)) else _TRANSPARENT_SHAPE if issubclass(
        cls, _TRANSPARENT) else _NODE_SHAPE
    _KINDS[cls] = kinds = (counted, shape)
    return kinds


def _height(node, shape: int, kids: list, heights: dict, limit: int) -> int:
    """SQLite's height: 1 + the highest child (``kids``; a name, part of the name of a
    column or a type, is 0 high and not in ``heights``); parentheses and aliases are
    transparent; a subquery's height is one more than its highest expression (``shape``:
    ``_kinds``)."""
    if shape == _QUERY_SHAPE:
        return max((heights.get(id(r), 0) for r in _expression_roots(node)), default=0)
    get = heights.get
    height = max([get(id(c), 0) for c in kids], default=0)
    if shape == _TRANSPARENT_SHAPE:
        return height                   # no node of SQLite's (If: a CASE's WHEN/THEN pair)
    if height >= limit:
        raise _too_deep()
    return height + 1


def _expression_roots(query) -> list:
    """The expressions SQLite resolves one by one in a query (result columns, WHERE, GROUP
    BY and ORDER BY terms, HAVING, LIMIT, join conditions, VALUES items)."""
    if isinstance(query, (exp.Union, exp.Intersect, exp.Except)):
        return [r for side in (query.this, query.expression) for r in _expression_roots(side)]
    if isinstance(query, exp.Values):
        return [e for row in query.expressions for e in row.expressions]
    roots = list(query.expressions)
    for key in ("where", "having", "limit", "offset"):
        clause = query.args.get(key)
        if clause is not None:
            roots.append(clause)
    for key in ("group", "order"):
        clause = query.args.get(key)
        if clause is not None:
            roots.extend(clause.expressions)
    roots.extend(j.args["on"] for j in query.args.get("joins") or [] if j.args.get("on"))
    return roots


def _subqueries(root) -> list:
    """The queries inside an expression (scalar, IN, EXISTS), not looking further in."""
    found, stack = [], [root]
    while stack:
        node = stack.pop()
        if isinstance(node, _QUERY) and node is not root:
            found.append(node)
            continue
        stack.extend(node.iter_expressions())
    return found


def _from_subqueries(query) -> list:
    if not isinstance(query, exp.Select):
        return [query.this, query.expression] if isinstance(
            query, (exp.Union, exp.Intersect, exp.Except)) else []
    items = [query.args.get("from_") or query.args.get("from")]
    items += [j.this for j in query.args.get("joins") or []]
    return [i.this if isinstance(i, exp.From) else i for i in items
            if i is not None and isinstance(i.this if isinstance(i, exp.From) else i,
                                            (exp.Subquery,))]


def _check_counts(node, limits) -> None:
    if isinstance(node, _QUERY):
        if isinstance(node, exp.Select) and len(node.expressions) > limits.column:
            raise OperationalError("too many columns in result set")
        for key, clause in (("order", "ORDER BY"), ("group", "GROUP BY")):
            part = node.args.get(key)
            if part is not None and len(part.expressions) > limits.column:
                raise OperationalError(f"too many terms in {clause} clause")
    elif isinstance(node, exp.Func):
        args = [v for v in node.args.values() if isinstance(v, exp.Expression)] + \
            [e for v in node.args.values() if isinstance(v, list) for e in v]
        if len(args) > limits.function_arg:
            name = node.name if isinstance(node, exp.Anonymous) else node.sql_name()
            raise OperationalError(f"too many arguments on function {ascii_lower(name)}")


class deep_enough:                                          # noqa: N801 - used as a function
    """``with deep_enough():`` room for the Python recursion a statement within SQLite's
    limits needs: binding, planning and evaluating an expression 1000 high, or nested 800
    calls deep. A class, not a ``contextlib.contextmanager`` (a generator and three calls
    more): every statement enters it."""

    __slots__ = ("before",)

    def __enter__(self) -> None:
        self.before = before = sys.getrecursionlimit()
        if before < _RECURSION:
            sys.setrecursionlimit(_RECURSION)

    def __exit__(self, *exc) -> None:
        if sys.getrecursionlimit() == _RECURSION and self.before < _RECURSION:
            sys.setrecursionlimit(self.before)


_RECURSION = 20_000
