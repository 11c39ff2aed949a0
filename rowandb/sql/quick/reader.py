"""The quick path's reader: a SELECT's items read from RowanDB's own tokens by recursive
descent (operators by precedence climbing), into a small tree of tuples; a FROM clause
and those after it are query.py's.

The tree has the shape sqlglot's tree has once RowanDB's parse passes are done with it
(``as_written``'s unary plus, ``folds``' parse-time folds), so that ``build`` can give
each node the bound form the binder's handler for that sqlglot class gives it. The
precedence is SQLite's (parse.y), not sqlglot's: the passes exist to bring sqlglot's tree
to it. Anything outside the whitelist -- a quoted name or one either grammar reads as a
keyword, a parameter, COLLATE, LIKE, a subquery but ``IN (SELECT ...)``, ``(SELECT
...)`` and ``EXISTS (SELECT ...)`` (``subquery``), a keyword used as an alias, an odd
number, a deep or wide statement -- raises
``Decline``, and the statement takes the full path, which finds SQLite's answer or its
error. The reader never decides that a statement is wrong.

Nodes: ``('num', text)``, ``('str', value)``, ``('null',)``, ``('paren', e)``, ``('plus',
e)`` (a unary + that as_written keeps), ``('neg', e)``, ``('bitnot', e)``, ``('not',
e)``, ``('bin', op, l, r)``, ``('and', l, r)``, ``('or', l, r)``, ``('cmp', op, l, r)``,
``('is', e, NULL)`` (IS of another operand is a ``cmp``, ``is``/``isnot``), ``('in', e,
items)``, ``('insub', e, Subquery)`` (``e IN (SELECT ...)``: the subquery's own items and
clauses), ``('sub', Subquery)`` (a scalar subquery), ``('exists', Subquery)``,
``('between', e, low, high)``, ``('case',
operand, whens, default)``, ``('cast', e, type)``, ``('func', name, args)``, ``('agg',
name, written, args, distinct)``, ``('col', qualifier or None, name)`` (a name: what it
names is the builder's to find) and, as a whole item, ``('star', qualifier or None)``.
"""

from __future__ import annotations

import re

from sqlglot.dialects.sqlite import SQLite

from ...planner.functions.user import user_defines
from ..parse.lexer import SQLITE_KEYWORDS, unquote, uppers
from ..parse.parser import span_text


class Decline(Exception):
    """The statement is not one the quick path takes."""


# SQLite's binding powers (parse.y's %left lines, loosest first); unary operators bind
# tighter than any binary one.
_OR, _AND, _NOT, _EQ, _LT, _BIT, _ADD, _MUL, _CONCAT, _UNARY = range(1, 11)
_BINARY = {"+": ("add", _ADD), "-": ("sub", _ADD), "*": ("mul", _MUL), "/": ("div", _MUL),
           "%": ("mod", _MUL), "||": ("concat", _CONCAT), "&": ("bitand", _BIT),
           "|": ("bitor", _BIT), "<<": ("shl", _BIT), ">>": ("shr", _BIT)}
_COMPARE = {"=": ("eq", _EQ), "==": ("eq", _EQ), "!=": ("ne", _EQ), "<>": ("ne", _EQ),
            "<": ("lt", _LT), "<=": ("le", _LT), ">": ("gt", _LT), ">=": ("ge", _LT)}
# a token that continues an expression -> (node tag, operator, binding power), for
# ``Reader.expr``: the operators, AND and OR, and the words of ``Reader.equality``
_INFIX = {**{tok: ("bin",) + step for tok, step in _BINARY.items()},
          **{tok: ("cmp",) + step for tok, step in _COMPARE.items()},
          "AND": ("and", None, _AND), "OR": ("or", None, _OR),
          **{word: ("word", None, _EQ)
             for word in ("IS", "IN", "BETWEEN", "ISNULL", "NOTNULL", "NOT")}}
_EQUALITY_WORDS = frozenset(("IS", "IN", "BETWEEN", "ISNULL", "NOTNULL", "NOT", "LIKE", "GLOB",
                             "MATCH", "REGEXP", "ESCAPE"))
_AGGREGATES = frozenset(("count", "sum", "min", "max", "avg"))
_SCALARS = {"abs": (1, 1), "nullif": (2, 2), "coalesce": (2, 8)}
# numbers as SQLite and sqlglot read alike: no separators, no hex, no run-in letters, no
# leading point (which the full path reads only with as_written's rewrite of it)
_NUMBER = re.compile(r"[0-9]{1,18}(?:\.[0-9]{0,12})?(?:[eE][+-]?[0-9]{1,2})?")
_TYPES = frozenset(("INTEGER", "INT", "TEXT", "REAL", "NUMERIC", "BLOB", "SIGNED",
                    "DECIMAL", "FLOAT", "VARCHAR", "CHAR", "BOOLEAN", "DATE", "BIGINT"))
_MAX_DEPTH = 60             # nesting: far below SQLite's expression depth limit (1000)
# and a chain of binary operators, which the loop of ``expr`` reads without nesting,
# makes a tree as high as its operators are many (two levels each at most, with NOT IN):
# 400 operators in the whole statement, a subquery's included (SQLite adds the
# heights of a subquery's expressions to those around it), keep the tree, nesting
# included, below 1000 high (and ``build``'s recursion within the room the session's
# ``deep_enough`` gives); past them ``select`` measures the height (height.py). The
# tokens are bounded for the time a declined statement costs
_MAX_STEPS = 400
_MAX_TOKENS = 2000
_MAX_ITEMS = 100            # ... and its column limit (2000)
NULL = ("null",)
_CALLED_OR_QUALIFIED = ("(", ".")           # what makes a name more than a column's
_ENDS_STAR = (",", "FROM", "", ")")         # what may follow ``*`` as a whole item


class Subquery:
    """The query of ``x IN (SELECT ...)``, ``(SELECT ...)`` or ``EXISTS (SELECT ...)`` as
    read: whether DISTINCT, its items (as
    ``Reader.select`` gives them) and its clauses (query.py's, None without FROM). Not a
    tuple, so that ``_calls`` does not look inside it (EP_HasFunc stops at a subquery)."""

    __slots__ = ("distinct", "items", "clauses")

    def __init__(self, distinct: bool, items: list, clauses):
        self.distinct, self.items, self.clauses = distinct, items, clauses


class Reader:
    """One statement's tokens, read once from left to right."""

    __slots__ = ("tokens", "keys", "text", "i", "depth", "steps", "in_aggregate", "clauses",
                 "subqueries", "calls", "subquery_reads")

    def __init__(self, tokens: list, text: str):
        self.tokens, self.text, self.i, self.depth, self.steps = tokens, text, 0, 0, 0
        # what ``peek`` gives of each token: its capitals (``lexer.uppers``, taken in C),
        # then '' past the end for the furthest look ahead (``star``'s)
        self.keys = uppers(tokens) + [""] * 4
        self.in_aggregate = False
        self.clauses = None         # the FROM clause and those after it (query.py)
        self.subqueries: list = []  # the items of the subqueries read, in text order
        self.calls = 0              # the function calls read (query._kept_rest asks)
        self.subquery_reads: list = []  # the Subquery objects read, in text order (the same)

    # -- tokens -------------------------------------------------------------------
    def peek(self, ahead: int = 0) -> str:
        """The capitals of the token ``ahead`` places on ('' past the end); those of a
        string, quoted name, blob or parameter keep its quotes or mark, so it never
        reads as a keyword or an operator."""
        return self.keys[self.i + ahead]

    def take(self, upper: str) -> None:
        if self.keys[self.i] != upper:
            raise Decline
        self.i += 1

    def accept(self, upper: str) -> bool:
        """Step over the next token if it is ``upper``; whether it was."""
        if self.keys[self.i] != upper:
            return False
        self.i += 1
        return True

    # -- the statement ----------------------------------------------------------------
    def select(self) -> tuple[bool, list]:
        """``SELECT [ALL|DISTINCT] item, ...`` to the last token: (distinct, items), each
        item (tree, alias or None, its text as written, the same with its alias)."""
        if len(self.tokens) > _MAX_TOKENS:
            raise Decline
        distinct, items = self.result()
        if self.peek() == "FROM":
            from .query import read_clauses     # (query.py reads with this class)
            self.clauses = read_clauses(self, whole=True)
        if self.i != len(self.tokens):
            raise Decline                  # a join, a compound, ...
        if self.steps > _MAX_STEPS:
            from .height import MAX_HEIGHT, tree_height
            if tree_height([items, self.clauses]) > MAX_HEIGHT:
                raise Decline              # (SQLite's depth limit: height.py)
        return distinct, items

    def result(self) -> tuple[bool, list]:
        """``SELECT [ALL|DISTINCT] item, ...``: (distinct, items)."""
        self.take("SELECT")
        distinct = self.peek() == "DISTINCT"
        if self.peek() in ("ALL", "DISTINCT"):
            self.i += 1
        items = [self.item()]
        while self.peek() == ",":
            self.i += 1
            items.append(self.item())
            if len(items) > _MAX_ITEMS:
                raise Decline
        return distinct, items

    def subquery(self) -> "Subquery":
        """``(SELECT items [FROM table clauses])`` after IN or EXISTS or as an operand,
        from its parenthesis to the closing one (its own subqueries included); a
        compound declines."""
        if self.in_aggregate:
            raise Decline
        place = len(self.subqueries)        # (text order: before those inside it)
        self.subqueries.append(None)
        kept, self.clauses = self.clauses, None
        self.take("(")
        distinct, items = self.result()
        clauses = None
        if self.peek() == "FROM":
            from .query import read_clauses
            clauses = read_clauses(self)
        self.take(")")
        self.clauses = kept
        self.subqueries[place] = items
        read = Subquery(distinct, items, clauses)
        self.subquery_reads.append(read)
        return read

    def item(self) -> tuple:
        if self.i >= len(self.tokens):
            raise Decline
        start = self.i
        star = self.star()
        if star is not None:
            return star, None, None, span_text(self.text, self.tokens, start, self.i)
        tree = self.expr(0)
        written = span_text(self.text, self.tokens, start, self.i)
        alias = None
        if self.peek() == "AS":
            self.i += 1
            alias = self.alias()
        elif self.i < len(self.tokens) and self.peek() not in (",", "FROM", ")"):
            alias = self.alias()
        whole = span_text(self.text, self.tokens, start, self.i)
        return tree, alias, written, whole

    def star(self) -> tuple | None:
        """``*`` or ``name.*`` as a whole item: ``('star', qualifier or None)``."""
        if self.peek() == "*" and self.peek(1) in _ENDS_STAR:
            self.i += 1
            return ("star", None)
        if self.peek(1) == "." and self.peek(2) == "*" and self.peek(3) in _ENDS_STAR:
            qualifier = self.name()
            self.i += 2
            return ("star", qualifier)
        return None

    def name(self) -> str:
        """A table's, alias's or column's name: a plain word that no grammar (SQLite's
        or sqlglot's) reads as anything else; any other spelling declines."""
        tok = self.tokens[self.i] if self.i < len(self.tokens) else None
        if tok is None or tok.kind != "word" or not plain_name(tok):
            raise Decline
        self.i += 1
        return tok.text

    def alias(self) -> str:
        tok = self.tokens[self.i] if self.i < len(self.tokens) else None
        if tok is None:
            raise Decline
        if tok.kind == "word" and tok.upper not in SQLITE_KEYWORDS and tok.text.isascii():
            self.i += 1
            return tok.text
        if tok.kind == "quoted" and tok.text[0] == '"' and '""' not in tok.text:
            self.i += 1
            return unquote(tok.text)
        raise Decline

    # -- expressions ------------------------------------------------------------------
    def expr(self, floor: int) -> tuple:
        """The expression from here whose binary operators bind tighter than ``floor``."""
        self.depth += 1
        if self.depth > _MAX_DEPTH:
            raise Decline
        left = self.prefix()
        keys = self.keys
        while True:
            step = _INFIX.get(keys[self.i])
            if step is None or step[2] <= floor:
                break
            tag = step[0]
            if tag == "word":
                left = self.equality(left, keys[self.i])
            else:
                self.i += 1
                right = self.operand(step[2])
                if tag == "and":
                    left = _and(left, right)
                elif tag == "or":
                    left = ("or", left, right)
                else:
                    left = (tag, step[1], left, right)
            self.steps += 1
        self.depth -= 1
        return left

    def operand(self, floor: int) -> tuple:
        """``expr(floor)``; but a number or a name with no operator after it that binds
        tighter than ``floor`` (the most of a long WHERE clause's operands) is read at
        once, without the two calls (``expr``, ``prefix``) that would find it so."""
        i, keys = self.i, self.keys
        after = _INFIX.get(keys[i + 1])
        if (after is None or after[2] <= floor) and keys[i] and self.depth < _MAX_DEPTH:
            kind, text = self.tokens[i][:2]
            if kind == "number" and number_taken(text) or kind == "word" and \
                    keys[i + 1] not in _CALLED_OR_QUALIFIED and plain_name(self.tokens[i]):
                self.i = i + 1
                return ("num", text) if kind == "number" else ("col", None, text)
        return self.expr(floor)

    def equality(self, left: tuple, up: str) -> tuple:
        """The operators of SQLite's ``=`` level that are words: IS [NOT], [NOT] IN,
        [NOT] BETWEEN, ISNULL, NOTNULL, NOT NULL."""
        self.i += 1
        if up == "ISNULL":
            return _is(left, NULL, _ISNULL_WORD)
        if up == "NOTNULL":
            return _not_null(left)
        if up == "IS":
            negated = self.peek() == "NOT"
            self.i += negated
            if self.peek() in ("DISTINCT", "TRUE", "FALSE") or self.peek() == "NULL" and (
                    self.peek(1) in _BINARY or self.peek(1) in ("COLLATE", "->", "->>")):
                raise Decline       # (the full path reads ``x IS NOT NULL + 1`` apart)
            right = self.expr(_EQ)
            if strip_parens(right) == NULL:     # SQLite's parser keeps no parentheses
                return _not_null(left) if negated else _is(left, NULL)
            # sqlglot's IS of another operand is a comparison node (NullSafeEQ/NEQ),
            # which a NOT before it does not turn around
            return ("cmp", "isnot" if negated else "is", left, right)
        negated = up == "NOT"
        if negated:
            up = self.peek()
            self.i += 1
            if up == "NULL":
                return _not_null(left)
        if up == "IN" and self.peek(1) == "SELECT" and self.peek() == "(":
            node = ("insub", left, self.subquery())
        elif up == "IN":
            node = ("in", left, self.in_list())
        elif up == "BETWEEN":
            # operands of the operators tighter than < only: where a comparison follows,
            # sqlglot's tree and SQLite's may differ, and the full path decides
            low = self.operand(_LT)
            self.take("AND")
            node = ("between", left, low, self.operand(_LT))
            if self.peek() in _COMPARE or self.peek() in _EQUALITY_WORDS:
                raise Decline
        else:
            raise Decline                   # LIKE, GLOB, MATCH, REGEXP, ...
        return ("not", node) if negated else node

    def in_list(self) -> list:
        self.take("(")
        if self.peek() in (")", "SELECT", "VALUES", "WITH"):
            raise Decline                   # x IN () folds; subqueries are not taken
        items = [self.operand(0)]
        while self.keys[self.i] == ",":
            self.i += 1
            items.append(self.operand(0))
        self.take(")")
        if len(items) == 1 and strip_parens(items[0])[0] == "sub":
            raise Decline           # x IN ((SELECT ...)) is x IN (SELECT ...) to SQLite
        return items

    def prefix(self) -> tuple:
        if self.i >= len(self.tokens):
            raise Decline
        tok = self.tokens[self.i]
        self.i += 1
        kind, up = tok[0], tok[4]
        if kind == "number":
            if not number_taken(tok.text):
                raise Decline
            return ("num", tok.text)
        if kind == "string":
            if len(tok.text) > 200:
                raise Decline
            return ("str", tok.text[1:-1].replace("''", "'"))
        if kind == "op":
            return self.prefix_op(up)
        if kind != "word":
            raise Decline
        if up == "NULL":
            return NULL
        if up == "NOT":
            operand = self.expr(_NOT)
            if operand == ("num", "0", _ISNULL_WORD):
                return ("num", "1")         # NOT lit ISNULL: folds._fold_not_null
            return ("not", operand)
        if up == "CASE":
            return self.case()
        nxt = self.keys[self.i]
        if up == "EXISTS" and nxt == "(" and self.keys[self.i + 1] == "SELECT":
            return ("exists", self.subquery())
        if up == "CAST" and nxt == "(":
            return self.cast()
        if nxt == "(":
            return self.call(tok)
        if not plain_name(tok):
            raise Decline                   # TRUE, FALSE, a keyword ...
        if nxt == ".":
            self.i += 1
            return ("col", tok.text, self.name())
        return ("col", None, tok.text)

    def prefix_op(self, up: str) -> tuple:
        if up == "(":
            if self.peek() == "SELECT":         # a scalar subquery: from its parenthesis
                self.i -= 1
                return ("sub", self.subquery())
            if self.peek() in ("VALUES", "WITH"):
                raise Decline
            inner = self.expr(0)
            self.take(")")
            return ("paren", inner)
        if up == "-":
            return ("neg", self.expr(_UNARY))
        if up == "~":
            return ("bitnot", self.expr(_UNARY))
        if up == "+":
            # as_written keeps a unary + before a number, a parenthesis, a CAST or a
            # name (not a call's); before anything else sqlglot drops it
            nxt = self.tokens[self.i] if self.i < len(self.tokens) else None
            keeps = nxt is not None and (nxt.kind == "number" or nxt.text == "(" or
                                         nxt.upper == "CAST" and self.peek(1) == "(" or
                                         nxt.kind == "word" and plain_name(nxt) and
                                         self.peek(1) != "(")
            operand = self.expr(_UNARY)
            return ("plus", operand) if keeps else operand
        raise Decline

    def case(self) -> tuple:
        operand = None if self.peek() == "WHEN" else self.expr(0)
        whens = []
        while self.peek() == "WHEN":
            self.i += 1
            when = self.expr(0)
            self.take("THEN")
            whens.append((when, self.expr(0)))
        if not whens:
            raise Decline
        default = None
        if self.peek() == "ELSE":
            self.i += 1
            default = self.expr(0)
        self.take("END")
        return ("case", operand, whens, default)

    def cast(self) -> tuple:
        self.take("(")
        operand = self.expr(0)
        self.take("AS")
        tok = self.tokens[self.i] if self.i < len(self.tokens) else None
        if tok is None or tok.kind != "word" or tok.upper not in _TYPES:
            raise Decline
        self.i += 1
        self.take(")")
        return ("cast", operand, tok.text)

    def call(self, name_token) -> tuple:
        self.calls += 1
        name = name_token.text.lower()
        if not name.isascii() or user_defines(name):
            raise Decline                   # the connection's own function comes first
        self.take("(")
        if name in _AGGREGATES:
            return self.aggregate(name, name_token.text)
        bounds = _SCALARS.get(name)
        if bounds is None or self.peek() in (")", "*", "DISTINCT", "ALL"):
            raise Decline
        args = self.arguments()
        if not bounds[0] <= len(args) <= bounds[1]:
            raise Decline
        return ("func", name, args)

    def aggregate(self, name: str, written: str) -> tuple:
        if self.in_aggregate:
            raise Decline                   # misuse of aggregate
        if name == "count" and self.peek() == "*" and self.peek(1) == ")":
            self.i += 2
            return ("agg", name, written, [], False)
        distinct = self.peek() == "DISTINCT"
        if self.peek() in ("ALL", "DISTINCT"):
            self.i += 1
        self.in_aggregate = True
        args = self.arguments()
        self.in_aggregate = False
        if len(args) != 1:
            raise Decline                   # min(x, y) is the scalar; others are errors
        return ("agg", name, written, args, distinct)

    def arguments(self) -> list:
        args = [self.expr(0)]
        while self.peek() == ",":
            self.i += 1
            args.append(self.expr(0))
        self.take(")")
        return args


_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# words sqlglot's SQLite dialect reads as more than a name (types, operators, ...)
_GLOT_WORDS = frozenset(SQLite.Tokenizer.KEYWORDS)


def plain_name(tok) -> bool:
    """Whether the word token ``tok`` is a name to SQLite and to sqlglot alike (each
    text's answer kept: a script names the same few columns and tables again and again)."""
    plain = _PLAIN_NAMES.get(tok.text)
    if plain is None:
        plain = _PLAIN.fullmatch(tok.text) is not None and tok.upper not in SQLITE_KEYWORDS \
            and tok.upper not in _GLOT_WORDS and not tok.upper.startswith(("CURRENT_", "LOCAL"))
        _kept(_PLAIN_NAMES, tok.text, plain)
    return plain


def number_taken(text: str) -> bool:
    """Whether the number ``text`` is one the quick path reads (``_NUMBER``), kept."""
    taken = _NUMBERS_TAKEN.get(text)
    if taken is None:
        taken = _NUMBER.fullmatch(text) is not None
        _kept(_NUMBERS_TAKEN, text, taken)
    return taken


_PLAIN_NAMES: dict = {}     # a word's text -> plain_name of it
_NUMBERS_TAKEN: dict = {}   # a number's text -> number_taken of it


def _kept(table: dict, text: str, answer: bool) -> None:
    """Keep ``answer`` for ``text`` in ``table``, emptied first when it is full."""
    if len(table) >= 4096:
        table.clear()
    table[text] = answer


# -- the parse-time folds (folds.py), done as each node is made ---------------------------
def _literal(node: tuple) -> bool:
    """A number or string literal under parentheses and unary signs (folds._literal)."""
    while node[0] in ("paren", "plus", "neg"):
        node = node[1]
    return node[0] in ("num", "str")


def _is(left: tuple, right: tuple, mark: str = "") -> tuple:
    """``left IS right``; ``lit IS NULL`` is the integer 0 (marked when written ISNULL:
    a NOT right before it makes the whole the integer 1, folds._fold_not_null)."""
    if right == NULL and _literal(left):
        return ("num", "0", mark) if mark else ("num", "0")
    return ("is", left, right)


_ISNULL_WORD = "ISNULL"


def _not_null(left: tuple) -> tuple:
    """``left IS NOT NULL`` (NOTNULL, NOT NULL); of a literal the integer 1."""
    if _literal(left):
        return ("num", "1")
    return ("not", ("is", left, NULL))


def _and(left: tuple, right: tuple) -> tuple:
    """``left AND right``; the integer 0 when a side is false as parsed and neither calls
    a function."""
    if (always_false(left) or always_false(right)) and not _calls(left) and not _calls(right):
        if _calls(left, _SUBQUERY) or _calls(right, _SUBQUERY):
            # a rare shape, left to the full path: its fold drops the subquery and notes
            # each SELECT's keyword first (parse/result_texts.number_selects)
            raise Decline
        return ("num", "0")
    return ("and", left, right)


def strip_parens(node: tuple) -> tuple:
    while node[0] == "paren":
        node = node[1]
    return node


def always_false(node: tuple) -> bool:
    node = strip_parens(node)
    return node[0] == "num" and node[1].isdigit() and int(node[1]) == 0


def always_true(node: tuple) -> bool:
    node = strip_parens(node)
    return node[0] == "num" and node[1].isdigit() and 0 < int(node[1]) < 2 ** 31


_FUNCTIONS = ("func", "agg")
_SUBQUERY = ("insub", "sub", "exists")


def _calls(node, tags: tuple = _FUNCTIONS) -> bool:
    """Whether ``node`` calls a function (SQLite's EP_HasFunc; with ``tags``, holds a node
    of those): a walk of the tuples and lists it is made of (a node's tag is its first
    item, a string; a subquery's query is no tuple, and not walked)."""
    stack = [node]
    while stack:
        part = stack.pop()
        if isinstance(part, tuple) and part and part[0] in tags:
            return True
        if isinstance(part, (tuple, list)):
            stack.extend(p for p in part if isinstance(p, (tuple, list)))
    return False
