"""SQLite's parse-time folds: the few constant forms its parser replaces before any name
is resolved.

SQLite's grammar actions (parse.y, and sqlite3ExprAnd in expr.c) simplify three forms
while a statement is parsed. The operands they drop are never resolved, so
``nosuch AND 0`` raises no "no such column", and a fold that leaves an integer literal is
a column number in GROUP BY and ORDER BY (``GROUP BY a AND 0`` is "1st GROUP BY term out
of range"). ``fold`` does the same to sqlglot's tree, bottom-up as the parser reduces,
after the parse audit has seen the tree as written and before the binder:

- ``lit IS NULL`` (also ``ISNULL``, ``IS NOT DISTINCT FROM NULL``) becomes the integer 0
  and ``lit NOTNULL`` (``NOT NULL``, ``IS NOT NULL``, ``IS DISTINCT FROM NULL``) the
  integer 1, when ``lit`` is a number, string or blob literal under any parentheses and
  unary signs (``NULL``, ``TRUE``, a parameter or a CAST are not literals here);
- ``x IN ()`` becomes FALSE -- which is no column number -- unless ``x`` calls a
  function outside any subquery: that might be an aggregate, so SQLite keeps ``x``
  (and the value is still 0). ``x NOT IN ()`` is TRUE, here the NOT of that FALSE;
- ``x AND y`` becomes the integer 0 when either side is false as parsed: an integer
  literal 0 (``0``, ``00``, ``0x0``, under parentheses; ``-0``, ``+0``, ``0.0`` and
  ``FALSE`` are other nodes at that point), the FALSE of ``x IN ()``, or an earlier fold
  to 0 -- unless either side calls a function outside a subquery (``abs(a) AND 0``
  stays). In SQLite this is sqlite3ExprAnd testing EP_IsFalse, which the parser sets on
  exactly those nodes, and EP_HasFunc -- but not while an ALTER TABLE reads the schema
  (``renaming``).

It also records the word a REGEXP operator is written with: SQLite's parser turns
``x REGEXP y`` into the call ``regexp(y, x)`` named so, and bind_expr binds that call.

One more simplification comes later, after names are resolved (so ``nosuch OR 1`` is
still "no such column"): SQLite codes ``x OR y`` as the integer 1 without running either
side when one side is true as parsed -- an integer literal from 1 to 2**31 - 1, TRUE or
``x NOT IN ()`` -- and ``x AND y`` as 0 when one side is false as parsed
(sqlite3ExprSimplifiedAndOr, EP_IsTrue, EP_IsFalse), a side counting as true or false
once its own ANDs and ORs are simplified so (``x OR (NULL OR 1)`` is 1; ``f(x) NOT IN ()``,
which the parser keeps as ``TRUE OR f(x)``, is 1 so too). ``always_true``,
``always_false`` and ``simplified`` are those tests; the binder asks ``parse_truth``,
which gives their answer with each AND and OR of a chain looked at once.
"""

from __future__ import annotations

import contextlib
import contextvars

from sqlglot import expressions as exp

from ...errors import OperationalError
from .dialect import UNARY_PLUS, WRITTEN_NAME
from .lexer import tokenize
from .result_texts import number_selects
from ...catalog.ascii_case import ascii_upper

_IN_NOTHING = "rowandb_in_nothing"      # meta key of the FALSE that ``x IN ()`` becomes
_NAMED_COLUMN = "rowandb_named_column"  # meta key of a TRUE or FALSE naming a column
_RENAMING = contextvars.ContextVar("rowandb_renaming", default=False)
_OWN_VIEWS = contextvars.ContextVar("rowandb_own_views", default=None)


def in_rename_mode() -> bool:
    """Whether ``renaming`` is in force (a parse cache keeps the two kinds apart)."""
    return _RENAMING.get()


@contextlib.contextmanager
def renaming():
    """While ALTER TABLE RENAME TO, RENAME COLUMN or DROP COLUMN reads the schema's texts:
    SQLite parses them in its rename mode (IN_RENAME_OBJECT), where sqlite3ExprAnd keeps
    ``x AND 0`` whole, so x's names are resolved -- renamed, and an error when unknown
    (fuzz seed 73100320: ``WHERE 0 AND c0`` in a view)."""
    token = _RENAMING.set(True)
    try:
        yield
    finally:
        _RENAMING.reset(token)


@contextlib.contextmanager
def as_usual():
    """Inside ``renaming``: a text parsed as SQLite's schema holds it -- a view that the
    text being checked reads, which SQLite parsed when it loaded the schema, folds
    and all (fuzz 77000397: ``ORDER BY (NULL AND 0)`` in the view read, the number 0 out
    of range)."""
    token = _RENAMING.set(False)
    try:
        yield
    finally:
        _RENAMING.reset(token)


@contextlib.contextmanager
def checking_own_text(views: int):
    """While an ALTER checks a schema text of its own, which SQLite parses in rename mode:
    a view (``views`` 1: its query is bound under its name) or a trigger (0). There an
    ORDER BY or GROUP BY number past the last result column is no error (one below 1 or
    above 65535 is), but in a view that text reads, parsed as usual, it is: a view v1
    reading a view v0 with ``ORDER BY 3`` over one column fails the ALTER as 'error in
    view v1: 1st ORDER BY term out of range ...' (fuzz 81000285)."""
    token = _OWN_VIEWS.set(views)
    try:
        yield
    finally:
        _OWN_VIEWS.reset(token)


def checking_schema_text() -> bool:
    """Whether an ALTER is checking a schema text of its own (``checking_own_text``)."""
    return _OWN_VIEWS.get() is not None


def lenient_positions(open_views: int) -> bool:
    """Whether a query inside ``open_views`` views is part of the text being checked
    (``checking_own_text``)."""
    own = _OWN_VIEWS.get()
    return own is not None and open_views <= own


# sqlglot classes that are functions to sqlglot but operators or other nodes to SQLite.
_NOT_CALLS = (exp.Connector, exp.Cast, exp.TryCast, exp.Case, exp.Collate, exp.Exists)
# ... and the infix operators SQLite makes function calls of.
_INFIX_CALLS = (exp.Like, exp.Glob, exp.Escape, exp.RegexpLike)


def fold(tree: exp.Expression, text: str, nodes: list | None = None) -> exp.Expression:
    """``tree`` with SQLite's parse-time folds done; ``text`` is what sqlglot parsed (the
    offsets in the tree's ``meta`` point into it). ``nodes``: ``list(tree.walk())``, when
    the caller has it."""
    tokens, numbered = None, False
    kinds = _KINDS
    walked = list(tree.walk()) if nodes is None else nodes
    for node in reversed(walked):               # every node after all of its descendants
        kind = kinds.get(type(node))
        if kind is None:
            kind = _kind(type(node))
        if not kind:
            continue                            # no fold concerns a node of its class
        if kind is exp.Not and isinstance(node.this, exp.Is):
            tokens = tokens if tokens is not None else tokenize(text)
            new = _fold_not_null(node, tokens)
        elif kind is exp.RegexpLike:
            # SQLite's parser makes x REGEXP y the call regexp(y, x), by the word as
            # written (``a regexp b``: ``no such function: regexp``); bind_expr calls it.
            tokens = tokens if tokens is not None else tokenize(text)
            node.meta[WRITTEN_NAME] = next(
                (t.text for t in tokens if t.upper == "REGEXP"), "REGEXP")
            new = None
        else:
            new = _fold(node)
        if new is not None:
            if not numbered and node.find(exp.Select) is not None:
                number_selects(tree)    # a SELECT dropped: the others keep their keywords
                numbered = True
            if node is tree:
                tree = new
            node.replace(new)
    return tree


# The classes ``fold`` looks at, by class (``_kind``): Not (NOT over IS NULL) or RegexpLike
# for the two cases of their own, True for ``_fold``'s, False for every other class.
_KINDS: dict[type, object] = {}


def _kind(cls: type) -> object:
    kind = exp.Not if issubclass(cls, exp.Not) else exp.RegexpLike if issubclass(
        cls, exp.RegexpLike) else issubclass(cls, (exp.And, exp.Is, exp.NullSafeEQ,
                                                   exp.NullSafeNEQ, exp.In))
    _KINDS[cls] = kind
    return kind


def may_fold(tokens: list) -> bool:
    """Whether ``fold`` can change a tree sqlglot read from ``tokens``: every fold needs a
    null test of a literal (``_tests_literal``), an empty parenthesis (``x IN ()``), or an
    AND beside a literal zero; a REGEXP node needs a word naming it (``REGEXP``,
    ``RLIKE``, ``REGEXP_LIKE``). A ``col IS NULL``, the corpus's common null test, folds
    to nothing and is no reason to walk the tree."""
    and_seen = zero_seen = False
    before = None
    for k, token in enumerate(tokens):
        upper = token.upper
        if upper in _NULL_WORDS and token.kind == "word" and _tests_literal(tokens, k) or \
                "REGEXP" in upper or "RLIKE" in upper or upper == ")" and before == "(":
            return True
        if upper == "AND":
            and_seen = True
        elif token.kind == "number" and not upper.strip("0X_"):
            zero_seen = True            # 0, 00, 0x0, 0_0: any way of writing zero
        before = upper
    return and_seen and zero_seen


# sqlglot makes a NULL node of these words only; the words between a null test's operand
# and its NULL (``IS [NOT] [DISTINCT FROM] NULL``, ``NOT NULL``).
_NULL_WORDS = frozenset(("NULL", "ISNULL", "NOTNULL"))
_TEST_WORDS = frozenset(("IS", "NOT", "DISTINCT", "FROM"))
_LITERAL_KINDS = frozenset(("number", "string", "blob"))


def _tests_literal(tokens: list, k: int) -> bool:
    """Whether the NULL-making word at ``k`` may end a null test of a literal (the only
    null test ``fold`` changes: ``_literal``): the operand's last token, before the test's
    words and any closing parentheses, is a literal (``-1 ISNULL``, ``(1) IS NOT NULL``,
    ``'' IS (NULL)`` -- a parenthesised NULL is SQLite's NULL operand too --, and also
    ``a + 1 IS NULL``, which then walks the tree for nothing)."""
    j = k - 1
    while j >= 0 and (tokens[j].upper in _TEST_WORDS or tokens[j].text == "("):
        j -= 1
    while j >= 0 and tokens[j].text == ")":
        j -= 1
    return j >= 0 and tokens[j].kind in _LITERAL_KINDS


def _fold(node) -> exp.Expression | None:
    if isinstance(node, exp.And) and (always_false(node.this) or always_false(node.expression)) \
            and not _calls_function(node) and not _RENAMING.get():
        return exp.Literal.number(0)
    if isinstance(node, (exp.Is, exp.NullSafeEQ, exp.NullSafeNEQ)) \
            and isinstance(node.expression, exp.Null) and _literal(node.this) is not None \
            and not isinstance(node.parent, exp.Not):     # that is _fold_not_null's
        return exp.Literal.number(int(isinstance(node, exp.NullSafeNEQ)))
    if isinstance(node, exp.In) and not node.expressions and node.args.get("query") is None \
            and node.args.get("field") is None and not _calls_function(node.this):
        false = exp.Boolean(this=False)
        false.meta[_IN_NOTHING] = True
        return false
    return None


def _fold_not_null(node: exp.Not, tokens: list) -> exp.Expression | None:
    """sqlglot reads ``lit IS NOT NULL`` and ``NOT lit IS NULL`` alike, as NOT over IS
    NULL; in SQLite the first folds to 1 and the second is the NOT of a fold to 0. What
    follows the literal in the text tells them apart."""
    inner = node.this
    literal = _literal(inner.this) if isinstance(inner.expression, exp.Null) else None
    if literal is None:
        return None
    end = (literal.meta or {}).get("end")
    k = next((i + 1 for i, tok in enumerate(tokens) if tok.end == end + 1), None) \
        if end is not None else None
    while k is not None and k < len(tokens) and tokens[k].text == ")":
        k += 1
    if k is not None and k + 1 < len(tokens) and tokens[k].upper == "IS" \
            and tokens[k + 1].upper == "NULL":
        node.set("this", exp.Literal.number(0))        # NOT (lit IS NULL)
        return None
    return exp.Literal.number(1)


def _literal(node):
    """The number, string or blob literal ``node`` is under parentheses and unary signs."""
    while isinstance(node, (exp.Paren, exp.Neg)):
        node = node.this
    return node if isinstance(node, (exp.Literal, exp.HexString)) else None


def always_false(node, resolved: bool = False) -> bool:
    """False as parsed: an integer literal 0 or the FALSE of ``x IN ()`` (SQLite's
    EP_IsFalse at parse time); ``resolved``, once names are resolved: FALSE too, when it
    names no column (``true_false_column``)."""
    while isinstance(node, exp.Paren) and not node.meta.get(UNARY_PLUS):
        node = node.this
    if isinstance(node, exp.Boolean):
        return bool(node.meta.get(_IN_NOTHING)) or resolved and not node.this and \
            not node.meta.get(_NAMED_COLUMN)
    return isinstance(node, exp.Literal) and not node.is_string and node.this.isdigit() \
        and int(node.this) == 0


def always_true(node) -> bool:
    """True as parsed (SQLite's EP_IsTrue): an integer literal that fits 32 bits and is not
    0 (a hexadecimal one too: sqlglot has made it decimal), TRUE naming no column, or the
    TRUE that ``x NOT IN ()`` becomes, under parentheses."""
    while isinstance(node, exp.Paren) and not node.meta.get(UNARY_PLUS):
        node = node.this
    if isinstance(node, exp.Not) and isinstance(node.this, exp.Boolean) \
            and node.this.meta.get(_IN_NOTHING):
        return True
    if isinstance(node, exp.Boolean):
        return bool(node.this) and not node.meta.get(_NAMED_COLUMN)
    return isinstance(node, exp.Literal) and not node.is_string and node.this.isdigit() \
        and 0 < int(node.this) < 2 ** 31


def truth_constant(node) -> bool | None:
    """True or False when ``node`` is SQLite's TRUE or FALSE node under parentheses and
    COLLATE -- the keyword, or what ``x IN ()`` and ``x NOT IN ()`` became -- else None.
    ``y IS`` such a node tests truth (resolve.c turns it into IS TRUE / IS FALSE). sqlglot
    reads ``NOT x IN ()`` as ``x NOT IN ()``; both count as TRUE here."""
    while isinstance(node, exp.Collate) or \
            isinstance(node, exp.Paren) and not node.meta.get(UNARY_PLUS):
        node = node.this
    if isinstance(node, exp.Not) and isinstance(node.this, exp.Boolean) \
            and node.this.meta.get(_IN_NOTHING):
        return True
    return bool(node.this) if isinstance(node, exp.Boolean) else None


def _calls_function(node) -> bool:
    """Whether ``node`` calls a function outside any subquery (SQLite's EP_HasFunc). A
    COLLATE hides its operand's: sqlite3ExprAddCollateToken does not pass the flag up."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, (exp.Query, exp.Subquery, exp.Collate)):
            continue
        if isinstance(current, _INFIX_CALLS) or isinstance(current, exp.Func) \
                and not isinstance(current, _NOT_CALLS) \
                and not (isinstance(current, exp.If) and isinstance(current.parent, exp.Case)):
            return True                 # (sqlglot's CASE holds its WHENs as If nodes)
        stack.extend(current.iter_expressions())
    return False


def where_term(node) -> bool:
    """Whether an AND is part of a WHERE, ON or HAVING clause's top-level conjunction:
    SQLite splits those into terms (where.c; havingToWhere) and tests each, so it never
    simplifies them as a whole."""
    parent = node.parent
    while isinstance(parent, (exp.And, exp.Paren)):
        parent = parent.parent
    return isinstance(parent, (exp.Where, exp.Join, exp.Having))


def analyzed_term(node) -> bool:
    """Whether SQLite's WHERE analysis reads the comparison ``node`` as a term of its own
    (where.c exprAnalyze, which may commute it): a term of the WHERE's, ON's or HAVING's
    top-level conjunction, once simplified (``x OR 0`` is x: sqlite3ExprSimplifiedAndOr),
    or, through an OR term, one of its disjuncts or a term of a disjunct's conjunction,
    at any depth (exprAnalyzeOrTerm analyzes each). A term that simplifies to an AND is
    taken whole, not split again: under ``(a AND b) OR 0`` neither a nor b is a term."""
    top, parent = node, node.parent
    while isinstance(parent, (exp.And, exp.Or, exp.Paren)):
        top, parent = parent, parent.parent
    if not isinstance(parent, (exp.Where, exp.Join, exp.Having)):
        return False
    return any(term is node for term in _conjunction_terms(top))


def _bare(node):
    while isinstance(node, exp.Paren) and not node.meta.get(UNARY_PLUS):
        node = node.this
    return node


def _split(node, kind) -> list:
    node = _bare(node)
    if isinstance(node, kind):
        return _split(node.this, kind) + _split(node.expression, kind)
    return [node]


def _conjunction_terms(node):
    for term in _split(node, exp.And):
        yield from _analyzed(term)


def _analyzed(term):
    """The nodes exprAnalyze reads as terms in ``term`` (one term of a conjunction)."""
    found = simplified(term)
    bare = _bare(found)
    if found is not term and isinstance(bare, exp.And):
        return                          # a term made an AND by simplifying: whole
    if not isinstance(bare, exp.Or):
        yield bare
        return
    for disjunct in _split(bare, exp.Or):
        if isinstance(disjunct, exp.And):
            yield from _conjunction_terms(disjunct)
        else:
            yield from _analyzed(disjunct)


def simplified(node):
    """What SQLite codes of ``node`` (expr.c, sqlite3ExprSimplifiedAndOr): an AND or OR
    (under any parentheses) whose side simplifies to true as parsed (``always_true``) or
    false (``always_false``) becomes the side that decides it, its operands simplified
    first -- so ``x OR (NULL OR 1)`` is 1, and neither x nor NULL runs -- else ``node``."""
    inner = node
    while isinstance(inner, exp.Paren) and not inner.meta.get(UNARY_PLUS):
        inner = inner.this
    if isinstance(inner, (exp.And, exp.Or)):
        left, right = simplified(inner.this), simplified(inner.expression)
        is_and = isinstance(inner, exp.And)
        if always_true(left) or always_false(right, True):
            return right if is_and else left
        if always_true(right) or always_false(left, True):
            return left if is_and else right
    return node


def true_false_column(binder, node: exp.Boolean, scope):
    """The column TRUE or FALSE (a keyword as written) names, when one of that name is in
    reach, else None: SQLite resolves the word as a name first and makes it the constant
    only when it names nothing (resolve.c, sqlite3ExprIdToTrueFalse). A TRUE or FALSE
    that resolved so is marked (each time it is bound: a parse may be kept), and is then
    neither true nor false to ``parse_truth``."""
    if node.meta.get(_IN_NOTHING):
        return None
    name = exp.Column(this=exp.to_identifier("true" if node.this else "false"))
    try:
        column = binder.column(name, scope)
    except OperationalError as error:
        if not str(error).startswith("no such column"):
            raise
        column = None
    node.meta[_NAMED_COLUMN] = column is not None     # a kept parse is bound again
    return column


def parse_truth(node, memo: dict) -> int:
    """1 when ``simplified(node)`` is true as parsed (``always_true``), 0 when it is false
    (``always_false``), -1 when neither -- found bottom-up, each AND or OR once: ``memo``
    (id of an AND or OR -> the node and its answer) keeps their answers, so the binder, which
    asks of every AND and OR in a chain of them, walks the chain once, not once per link."""
    hit = memo.get(id(node))
    if hit is not None and hit[0] is node:
        return hit[1]
    inner = node
    while isinstance(inner, exp.Paren) and not inner.meta.get(UNARY_PLUS):
        inner = inner.this
    if isinstance(inner, (exp.And, exp.Or)):
        left, right = parse_truth(inner.this, memo), parse_truth(inner.expression, memo)
        is_and = isinstance(inner, exp.And)
        if left == 1 or right == 0:         # simplified's first case
            truth = right if is_and else left
        elif right == 1 or left == 0:
            truth = left if is_and else right
        else:
            truth = -1                      # the AND or OR itself: neither
        memo[id(node)] = (node, truth)
        return truth
    # a leaf: only a literal, TRUE/FALSE or what ``x [NOT] IN ()`` became may be true or
    # false as parsed (``always_true``, ``always_false`` and ``_kept_in_nothing`` strip
    # the same parentheses and say no of any other class); cheap, so not kept in ``memo``
    if not isinstance(inner, _MAY_DECIDE):
        return -1
    return 1 if always_true(inner) else 0 if always_false(inner, True) \
        else _kept_in_nothing(inner)


_MAY_DECIDE = (exp.Literal, exp.Boolean, exp.Not, exp.In)


def _kept_in_nothing(node) -> int:
    """``x NOT IN ()`` and ``x IN ()`` whose x calls a function (``_fold`` keeps them):
    SQLite's parser makes them ``TRUE OR x`` and ``FALSE AND x`` (parse.y), which
    simplify to true and to false as parsed -- 1 and 0; -1 for any other node."""
    negated = isinstance(node, exp.Not)
    inner = node.this if negated else node
    if isinstance(inner, exp.In) and not inner.expressions and \
            inner.args.get("query") is None and inner.args.get("field") is None:
        return int(negated)
    return -1


def in_outer_on(node) -> bool:
    """Whether ``node`` carries SQLite's EP_OuterON, which makes no node true or false as
    parsed (ExprAlwaysTrue, ExprAlwaysFalse): it stands in the ON clause of a LEFT, RIGHT
    or FULL JOIN outside any subquery of it (select.c, sqlite3SetJoinExpr; as measured,
    inside CASE, IN lists and BETWEEN bounds too)."""
    child, parent = node, node.parent
    while parent is not None:
        if isinstance(parent, exp.Join):
            return child.arg_key == "on" and ascii_upper(parent.side or "") in (
                "LEFT", "RIGHT", "FULL")
        if isinstance(parent, (exp.Query, exp.Subquery, exp.Where, exp.Having)):
            return False
        child, parent = parent, parent.parent
    return False
