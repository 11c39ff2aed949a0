"""Rewrites of the SQL text before sqlglot, so the tree keeps what SQLite means by it.

Five things sqlglot reads its own way, where SQLite reads them as written:

- **Function calls.** sqlglot turns calls of functions it knows into classes of its own:
  ``log10(x)`` becomes ``Log(10, x)``, ``mod(x, y)`` the ``%`` operator, ``lower(hex(x))``
  one ``LowerHex`` node; it checks and trims their arguments by its own rules
  (``iif(c1, v1, c2, v2, v3)`` and ``char()`` do not parse, ``hex(1, 2)`` quietly loses its
  2, ``abs(1, 2)`` is a syntax error where SQLite says "wrong number of arguments to
  function abs()") and it accepts forms SQLite has not (``trim(BOTH 'x' FROM y)``). So
  every call of a SQLite function is renamed with ``ANONYMOUS_PREFIX``, which sqlglot
  keeps as an ``Anonymous`` call exactly as written; ``restore`` puts the names back. So
  is a call of a function SQLite lacks and sqlglot maps (``generate_series(1)``,
  ``date_add()``, ``left(1)``: sqlglot's syntax error for a missing argument, 'no such
  function' or, in FROM, 'no such table' to SQLite), also where a table-valued function
  stands (after FROM or JOIN).
- **CAST type names.** CAST converts to the affinity of the type name as written
  (``CAST('12' AS STRING)`` is NUMERIC, so 12; ``"FLOATING POINT"`` contains INT), while
  sqlglot normalises names (STRING becomes TEXT) and rejects multi-word ones (``UNSIGNED
  BIG INT``). Each type name is replaced by a placeholder; ``restore`` makes the CAST's
  ``to`` a user-defined type whose name is the text as written (``written_type`` reads it).
- **Unary plus.** sqlglot drops it, but in SQLite ``+x`` is an expression of its own, one
  without the affinity of ``x`` (a classic idiom: ``+col = 1`` compares without the
  column's affinity, and so do ``+CAST(x AS INT)`` and ``+(SELECT c)``). A unary ``+``
  before a name, a parenthesised expression, a CAST or a number (``likelihood(x, +0.5)``
  has no REAL literal) becomes a call of ``UNARY_PLUS`` around its operand (unary + binds
  tighter than any operator, so the operand is exactly that primary); ``restore`` turns
  the call into a parenthesis marked ``UNARY_PLUS`` in its ``meta``, which the binder
  reads. Parentheses are transparent to everything else, as
  SQLite's TK_UPLUS is to column numbers (``ORDER BY +1``) and to unary minus (``-+x`` is
  ``-x``). Any other operand of a unary + has no affinity anyway.
- **A postfix null test followed by a tighter operator.** In SQLite ``x ISNULL + 1`` is
  ``(x ISNULL) + 1``: once ``x ISNULL`` (or ``NOTNULL``, ``NOT NULL``) is an expression,
  the operators that bind tighter than comparisons (``+ - * / % || -> ->> & | << >>``,
  COLLATE) go on from it; sqlglot stops there with a syntax error. The test and its
  operand are put in parentheses (``_postfix_null_edits``); the operand reaches left
  over operators that bind tighter than or as tight as the test (``c = x ISNULL`` is
  ``(c = x) ISNULL``), to a comma, an unmatched parenthesis, AND, OR, a unary NOT or a
  clause keyword.
- **An IN test followed by a tighter operator.** SQLite's rules for ``x IN (...)`` and
  ``x IN t`` end at their last token, so the test is an expression before any operator
  that follows it: ``x IN ('A') COLLATE NOCASE`` gives the test's result the collation,
  ``x IN (1, 2) + 1`` adds to it; sqlglot stops there with a syntax error. The test and
  its operand are put in parentheses the same way (``_in_test_edits``).

- **A VALUES list opening a compound** inside an INSERT or a parenthesised query
  (``INSERT INTO t VALUES (1) UNION SELECT 2``): sqlglot parses it only as a whole
  statement. It becomes ``SELECT * FROM (VALUES ...) AS _values``, the tree sqlglot
  makes of a whole statement of that shape (``_values_arm_edits``).
- **A VALUES list opening an UPDATE's FROM clause** (``UPDATE t SET ... FROM (VALUES
  ...) AS a JOIN u``): sqlglot takes no join or comma after it there (it does after a
  parenthesised SELECT). It becomes ``(SELECT * FROM (VALUES ...) AS _values) AS a``,
  the same rows and column names (column1, ...) to SQLite (``_update_values_edits``).
- **A comma before a FROM item with ON or USING** (``FROM t, u ON t.a = u.x``): SQLite's
  ``joinop`` takes a comma as it takes JOIN (both an inner join, JT_INNER), sqlglot no
  constraint after a comma. The comma becomes `` JOIN`` (``_comma_join_edits``).

``Rewritten.original_offset`` maps a position in the rewritten text back, so syntax errors
and the offsets ``restore`` leaves in the tree's ``meta`` point at the text as written.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

import sqlglot
from sqlglot import expressions as exp

from .dialect import DIALECT, UNARY_PLUS
from .folds import fold
from .comparison_levels import level_edits, operand_start as _operand_start
from .limit_operands import limit_edits
from .lexer import (JOIN_KEYWORDS, SQLITE_KEYWORDS, Token, closing_paren, in_from, indexes_of,
                    is_name, is_nm,
                    tokenize, unquote, uppers)

ANONYMOUS_PREFIX = "__rowandb_fn_"
_TYPE_NAME = "__rowandb_type_"
_TYPE_PLACEHOLDER = '"' + _TYPE_NAME + '{}"'
_OPERAND_BEFORE = {"SELECT", "WHERE", "AND", "OR", "ON", "WHEN", "THEN", "ELSE", "CASE", "BY",
                   "SET", "HAVING", "IS", "IN", "BETWEEN", "LIKE", "GLOB", "MATCH", "REGEXP",
                   "DISTINCT", "ALL", "RETURNING", "LIMIT", "OFFSET", "VALUES", "ESCAPE",
                   "NOT"}


@dataclass
class Rewritten:
    text: str                                       # what sqlglot parses
    edits: list = field(default_factory=list)       # (start, old length, new length), in order
    cast_types: list = field(default_factory=list)  # CAST type names as written, by placeholder

    def __post_init__(self):
        # where each edit starts in the rewritten text, and the shift of the text before it
        self._starts, self._shifts, shift = [], [], 0
        for start, old, new in self.edits:
            self._starts.append(start + shift)
            self._shifts.append(shift)
            shift += new - old

    def original_offset(self, offset: int) -> int:
        """The offset in the text as written of ``offset`` in the rewritten text."""
        k = bisect.bisect_right(self._starts, offset) - 1
        if k < 0:
            return offset
        start, old, new = self.edits[k]
        if offset < self._starts[k] + new:          # inside a replacement: its start
            return start
        return max(offset - (self._shifts[k] + new - old), 0)


# SQLite's -> and ->> reach sqlglot as #> and #>> (same length, so offsets hold): sqlglot
# reads ``f(a -> 'x')`` as a lambda and parses the path of -> into a tree of its own, while
# #> and #>> are plain operators at the same precedence that keep the path as written
# (dialect.py names them back).
_ARROWS = {"->": "#>", "->>": "#>>"}
# sqlglot reads ANY(...) and SOME(...) as quantifiers; to SQLite, whose grammar has none,
# they are calls of functions of those names (the application's, or no such function)
_QUANTIFIERS = {"ANY", "SOME"}


def rewrite(text: str, is_function, alone: bool = False) -> Rewritten:
    """``text`` with SQLite function calls renamed and CAST type names replaced;
    ``alone``: ``text`` is one expression, not a statement."""
    tokens = tokenize(text)
    ups = uppers(tokens)            # each scan below visits only the tokens it concerns
    edits, cast_types = [], []
    heads = ups[:3]
    creates_index = heads[:1] == ["CREATE"] and "INDEX" in heads
    for i in indexes_of(ups, "("):
        i -= 1                          # the word before the parenthesis
        tok = tokens[i]
        if i < 0 or tok.kind != "word":
            continue
        if tok.upper == "CAST" and not _table_function_at(tokens, i):
            span = _cast_type_span(tokens, i + 1)
            if span is not None:
                first, last = span              # CAST(x AS) has no type: first > last
                placeholder = _TYPE_PLACEHOLDER.format(len(cast_types))
                cast_types.append(_type_text(text, tokens, first, last))
                start = tokens[first].start
                edits.append((start, tokens[last].end - start if first <= last else 0,
                              len(placeholder), placeholder))
        elif (starts_operand(tokens, i) and (is_function(tok.text) or tok.upper in _QUANTIFIERS)
              or _maps_unknown(tokens, i, is_function, alone)) \
                and not (creates_index and tokens[i - 1].upper == "ON"):   # ON table(...)
            edits.append((tok.start, 0, len(ANONYMOUS_PREFIX), ANONYMOUS_PREFIX))
    edits.extend(_values_arm_edits(tokens, ups))
    edits.extend(_update_values_edits(tokens, ups))
    edits.extend(_unary_plus_edits(tokens, ups))
    edits.extend(_comma_join_edits(tokens, ups))
    edits.extend(_postfix_null_edits(tokens, ups, heads[:1] in (["CREATE"], ["ALTER"])))
    edits.extend(_point_number_edits(text, tokens))
    edits.extend(_in_test_edits(tokens, ups))
    edits.extend(level_edits(tokens, ups, heads[:1] in (["CREATE"], ["ALTER"])))
    edits.extend(limit_edits(tokens, ups))
    edits.extend((t.start, len(t.text), len(t.text), _ARROWS[t.text])
                 for t in (tokens[i] for arrow in _ARROWS for i in indexes_of(ups, arrow)))
    for start, old, _, new_text in sorted(edits, reverse=True):
        text = text[:start] + new_text + text[start + old:]
    return Rewritten(text, sorted(e[:3] for e in edits), cast_types)


# The functions sqlglot's parser turns into classes of its own (checking their arguments)
_MAPPED = frozenset(DIALECT.parser_class.FUNCTIONS)


def _table_function_at(tokens: list[Token], i: int) -> bool:
    """Whether token ``i`` names a table-valued function: after FROM, JOIN, a comma
    between FROM items or IN, or after the schema name of one (``FROM t, cast(1)``,
    ``x IN main.raise(1)``: no such table to SQLite)."""
    before = tokens[i - 1].upper if i else ""
    if before == ",":
        return in_from(tokens, i - 1)
    if before == "." and i >= 2 and is_nm(tokens[i - 2]):
        return _table_function_at(tokens, i - 2)
    return before == "IN" or \
        before in ("FROM", "JOIN") and not starts_operand(tokens, i)   # IS DISTINCT FROM


def _maps_unknown(tokens: list[Token], i: int, is_function, alone: bool = False) -> bool:
    """Token ``i``, before a parenthesis, calls a function SQLite lacks that sqlglot maps,
    where an operand or a table-valued function stands."""
    tok = tokens[i]
    if tok.upper in SQLITE_KEYWORDS and tok.upper not in _NO_CALL and (i > 0 or alone) and \
            is_nm(tok) and not is_function(tok.text) and starts_operand(tokens, i):
        return not (tok.upper == "CONFLICT" and tokens[i - 1].upper == "ON"
                    or tok.upper in _FRAME_WORDS and i > 1 and tokens[i - 1].text == "("
                    and tokens[i - 2].upper in ("OVER", "AS"))     # OVER (ROWS (1) ...)
    if tok.upper in SQLITE_KEYWORDS and is_nm(tok) and _table_function_at(tokens, i):
        return True                     # FROM temp(1), FROM main.current_date(): names
    if tok.upper in _SQLGLOT_WORDS and not is_function(tok.text) and starts_operand(tokens, i):
        return True                         # true(1), cube(1): calls to SQLite
    return tok.upper in _MAPPED and is_nm(tok) and not is_function(tok.text) and (
        starts_operand(tokens, i) or _table_function_at(tokens, i))


# Keywords SQLite reads as a function's name before a parenthesis where an operand stands
# (they fall back to an identifier, or are join keywords: parse.y ``idj LP``), which
# sqlglot takes as its own keywords (``asc(1)``, ``filter(1)``, ``full(1)``: 'no such
# function' to SQLite): they are renamed as the calls above. Not these, whose "(" opens
# what SQLite's grammar means by them there.
# Names to SQLite that sqlglot's tokenizer reads as keywords of its own, and so not as a
# call's name where an operand stands (``true(1)``, ``cube(1)``, ``qualify(1)``: 'no
# such function' to SQLite, sqlglot's syntax error or its TRUE)
_SQLGLOT_WORDS = frozenset(word for word in DIALECT.tokenizer_class.KEYWORDS
                           if word.replace("_", "").isalpha() and word not in SQLITE_KEYWORDS)
_NO_CALL = frozenset(("RAISE", "CAST", "CONFLICT", "MATERIALIZED", "KEY"))
_FRAME_WORDS = frozenset(("ROWS", "RANGE", "GROUPS"))


def restore(tree: exp.Expression, rewritten: Rewritten) -> exp.Expression:
    """Undo the renaming in sqlglot's tree: calls get their names back (staying
    ``Anonymous``), CASTs their type names as written, nodes their offsets in the text as
    written.

    A node is asked only what its class can need (``_RESTORE_KINDS``: most classes need
    nothing but their offsets), and an offset before the first edit is already as written
    (``original_offset`` gives it back unchanged), so a node that ends there is skipped."""
    if not rewritten.edits:
        return tree
    first, original, kinds = rewritten._starts[0], rewritten.original_offset, _RESTORE_KINDS
    arrows = False                              # any node for _group_arrows_with_concat?
    for node in list(tree.walk()):
        meta = node._meta                       # offsets back to the text as written
        if meta and "start" in meta and (meta["start"] >= first or meta["end"] >= first):
            meta["start"] = original(meta["start"])
            meta["end"] = original(meta["end"])
        kind = kinds.get(type(node))
        if kind is None:
            kind = _restore_kind(type(node))
        if kind is _PLAIN:
            continue
        if kind is _ARROW:
            arrows = True
        elif kind is _CALL and node.this == UNARY_PLUS:
            plus = exp.Paren(this=node.expressions[0])
            plus.meta[UNARY_PLUS] = True
            tree = plus if node is tree else tree
            node.replace(plus)
        elif kind is _CALL and isinstance(node.this, str) \
                and node.this.startswith(ANONYMOUS_PREFIX):
            node.set("this", node.this[len(ANONYMOUS_PREFIX):])
        elif kind is _CAST:
            to = node.args.get("to")
            name = str(to.args.get("kind") or "") if isinstance(to, exp.DataType) else ""
            if name.startswith(_TYPE_NAME):
                written = rewritten.cast_types[int(name[len(_TYPE_NAME):])]
                node.set("to", exp.DataType(this=exp.DataType.Type.USERDEFINED, kind=written))
    if arrows:                                  # (restore makes no arrow node of its own)
        _group_arrows_with_concat(tree)
    return tree


# What ``restore`` asks of a node, by its class (``_restore_kind``): nothing but its
# offsets, its arrows, its name (a call's) or its type (a CAST's).
_PLAIN, _ARROW, _CALL, _CAST = range(4)
_RESTORE_KINDS: dict[type, int] = {}


def _restore_kind(cls: type) -> int:
    kind = _ARROW if issubclass(cls, _ARROW_NODES) else _CALL if issubclass(
        cls, exp.Anonymous) else _CAST if issubclass(cls, (exp.Cast, exp.TryCast)) else _PLAIN
    _RESTORE_KINDS[cls] = kind
    return kind


_ARROW_NODES = (exp.JSONBExtract, exp.JSONBExtractScalar)


def _group_arrows_with_concat(tree: exp.Expression) -> None:
    """SQLite gives ``||``, ``->`` and ``->>`` one precedence, grouped left to right
    (parse.y: ``%left CONCAT PTR``), and binds unary ``-`` and ``~`` tighter still;
    sqlglot binds the arrows tighter than both and reads ``a || b -> c`` as
    ``a || (b -> c)``, ``-a -> b`` as ``-(a -> b)``. Regroup them as SQLite does: the
    ``||`` or the sign moves down onto the leftmost operand of the arrows (a parenthesised
    operand is a Paren node and stays as written), the innermost first."""
    for node in reversed(list(tree.find_all(exp.DPipe, exp.Neg, exp.BitwiseNot))):
        arrows = node.expression if isinstance(node, exp.DPipe) else node.this
        if not isinstance(arrows, _ARROW_NODES):
            continue
        leftmost = arrows
        while isinstance(leftmost.this, _ARROW_NODES):
            leftmost = leftmost.this
        node.replace(arrows)
        if isinstance(node, exp.DPipe):
            moved = exp.DPipe(this=node.this, expression=leftmost.this,
                              safe=node.args.get("safe"))
        else:
            moved = type(node)(this=leftmost.this)
        leftmost.set("this", moved)


def written_type(to: exp.DataType) -> str:
    """The type name of a CAST as written (``restore`` put it there)."""
    if to.this == exp.DataType.Type.USERDEFINED:
        return to.args["kind"]
    return to.sql(dialect="sqlite")


def parse_expression(text: str, is_function) -> exp.Expression:
    """One expression (a stored DEFAULT, say) parsed the way statements are, with
    SQLite's parse-time folds."""
    rewritten = rewrite(text, is_function, alone=True)
    if _DESCRIBE.match(rewritten.text):     # a column desc: sqlglot reads a DESCRIBE
        tree = _select_item(rewritten.text)
    else:
        tree = sqlglot.parse_one(rewritten.text, read=DIALECT)
    if isinstance(tree, exp.Command):   # a name sqlglot opens a statement with: replace + 1
        tree = _select_item(rewritten.text)
    return fold(restore(tree, rewritten), text)


_SELECT = "SELECT "
_DESCRIBE = re.compile(r"\s*(desc|describe)\b", re.IGNORECASE)


def _select_item(text: str) -> exp.Expression:
    """``text`` parsed as the one result column of a SELECT, its offsets counted from
    ``text``: sqlglot reads a name that starts a statement of its own (``replace``) as a
    column there."""
    tree = sqlglot.parse_one(_SELECT + text, read=DIALECT).expressions[0]
    for node in tree.walk():
        meta = node._meta
        if meta and "start" in meta:
            meta["start"] -= len(_SELECT)
            meta["end"] -= len(_SELECT)
    return tree


def _cast_type_span(tokens: list[Token], open_at: int):
    """(first, last) token of the type name in ``CAST(expr AS type)``, the parenthesis
    at ``open_at``; None if the CAST is not of that shape. The type may be empty (SQLite's
    typetoken is optional): then last is first - 1 and first is the closing parenthesis."""
    depth, as_at = 0, None
    for j in range(open_at, len(tokens)):
        t = tokens[j].text
        if t == "(":
            depth += 1
        elif t == ")":
            depth -= 1
            if depth == 0:
                return None if as_at is None else (as_at + 1, j - 1)
        elif depth == 1 and tokens[j].upper == "AS":
            as_at = j
    return None


def _type_text(text: str, tokens: list[Token], first: int, last: int) -> str:
    """A type name as SQLite takes it: the words as written (a quoted one unquoted)."""
    if first > last:
        return ""
    if first == last and tokens[first].kind == "quoted":
        return unquote(tokens[first].text)
    return text[tokens[first].start:tokens[last].end]


_COMPOUND = {"UNION", "INTERSECT", "EXCEPT"}


def _values_arm_edits(tokens: list[Token], ups: list[str]) -> list:
    """The edits that make a VALUES list the first arm of a compound inside an INSERT or
    a parenthesised query (``INSERT INTO t VALUES (1) UNION SELECT 2``, ``FROM (VALUES
    (1) UNION ALL SELECT 2)``), which sqlglot does not parse, read ``SELECT * FROM
    (VALUES ...) AS _values``: the same rows and column names (column1, ...) to SQLite,
    and the very tree sqlglot makes of a statement that is such a compound, which
    ``names.values_arm`` knows for a SELECT with no keyword in the text."""
    edits = []
    for i in indexes_of(ups, "VALUES"):
        tok = tokens[i]
        if i == len(tokens) - 1 or i == 0 or tokens[i - 1].upper == "DEFAULT":
            continue
        j = _rows_end(tokens, i + 1)
        last = j - 1
        if j < len(tokens) and tokens[j].upper in _COMPOUND and tokens[last].text == ")":
            edits.append((tok.start, 0, 15, "SELECT * FROM ("))
            edits.append((tokens[last].end, 0, 12, ") AS _values"))
    return edits


_ITEM_ENDS = frozenset(("JOIN", "WHERE", "GROUP", "HAVING", "WINDOW", "ORDER", "LIMIT", "UNION",
                        "EXCEPT", "INTERSECT", "RETURNING", ",", ")", ";")) | JOIN_KEYWORDS


def _comma_join_edits(tokens: list[Token], ups: list[str]) -> list:
    """The edits that write `` JOIN`` for each comma of a FROM clause whose next item has
    an ON or USING constraint (SQLite reads both alike; sqlglot takes none after a
    comma)."""
    if "ON" not in ups and "USING" not in ups:
        return []
    edits = []
    for i in indexes_of(ups, ","):
        if _constrained(ups, i + 1) and in_from(tokens, i):
            edits.append((tokens[i].start, 1, 5, " JOIN"))
    return edits


def _constrained(ups: list[str], i: int) -> bool:
    """Whether the FROM item at ``i`` has an ON or USING (before its end)."""
    depth = 0
    for k in range(i, len(ups)):
        word = ups[k]
        if word == "(":
            depth += 1
        elif depth:
            depth -= word == ")"
        elif word in ("ON", "USING"):
            return True
        elif word in _ITEM_ENDS and ups[k - 1] != "AS" and k > i:   # FROM t, LEFT ON ...
            return False
    return False


def _update_values_edits(tokens: list[Token], ups: list[str]) -> list:
    """The edits that make ``FROM (VALUES ...)`` of an UPDATE read ``FROM (SELECT * FROM
    (VALUES ...) AS _values)``, so sqlglot goes on to the joins after it (a VALUES list
    opening a compound there is ``_values_arm_edits``' already)."""
    edits = []
    for k in indexes_of(ups, "VALUES"):
        i = k - 2
        if i < 0 or ups[i] != "FROM" or tokens[i + 1].text != "(" \
                or _clause_owner(tokens, i) != "UPDATE":
            continue
        j = _rows_end(tokens, i + 3)
        if j < len(tokens) and j == closing_paren(tokens, i + 1):
            edits.append((tokens[i + 2].start, 0, 15, "SELECT * FROM ("))
            edits.append((tokens[j].start, 0, 12, ") AS _values"))
    return edits


def _rows_end(tokens: list[Token], j: int) -> int:
    """The token after the rows of a VALUES list whose first row opens at token ``j``."""
    while j < len(tokens) and tokens[j].text == "(":
        j = closing_paren(tokens, j) + 1
        if j < len(tokens) and tokens[j].text == ",":
            j += 1
    return j


def _clause_owner(tokens: list[Token], i: int) -> str | None:
    """SELECT, UPDATE or DELETE: the statement or query the clause at token ``i`` belongs
    to, the nearest such keyword before it outside parentheses (None if none is)."""
    depth = 0
    for j in range(i - 1, -1, -1):
        text = tokens[j].upper
        depth += (text == ")") - (text == "(")
        if depth < 0 or text == ";":
            return None
        if depth == 0 and text in ("SELECT", "UPDATE", "DELETE"):
            return text
    return None


def _unary_plus_edits(tokens: list[Token], ups: list[str]) -> list:
    """The edits that wrap the operand of each unary ``+`` that is a name (``+t.c``), a
    parenthesised expression, a CAST or a number in a call of ``UNARY_PLUS``."""
    edits = []
    for i in indexes_of(ups, "+"):
        tok = tokens[i]
        if i == len(tokens) - 1 or not (starts_operand(tokens, i) or tokens[i - 1].upper == "FROM"):
            continue                        # (IS [NOT] DISTINCT FROM +x)
        end = _primary_end(tokens, i + 1)
        if end is not None:
            edits.append((tok.start, 1, len(UNARY_PLUS) + 1, UNARY_PLUS + "("))
            edits.append((tokens[end].end, 0, 1, ")"))
    return edits


_TIGHTER = {"+", "-", "*", "/", "%", "||", "->", "->>", "&", "|", "<<", ">>", "COLLATE"}


def _postfix_null_edits(tokens: list[Token], ups: list[str], ddl: bool) -> list:
    """The parentheses around ``x ISNULL`` (``NOTNULL``, ``NOT NULL``) where a tighter
    binary operator follows it (see the module docstring). In CREATE and ALTER
    statements ``NOT NULL`` may be a column constraint and is left alone."""
    edits = []
    at = sorted(indexes_of(ups, "ISNULL") + indexes_of(ups, "NOTNULL") + indexes_of(ups, "NOT"))
    for i in at:
        tok = tokens[i]
        if i == len(tokens) - 1:
            continue
        if tok.upper in ("ISNULL", "NOTNULL"):
            last = i
        elif tok.upper == "NOT" and not ddl and tokens[i + 1].upper == "NULL" and i > 0 \
                and ups[i - 1] != "IS":     # x IS NOT NULL + 1 is x IS NOT (NULL + 1)
            last = i + 1
        else:
            continue
        if last + 1 >= len(tokens) or tokens[last + 1].upper not in _TIGHTER \
                or tokens[last + 1].kind not in ("op", "word"):
            continue
        first = _operand_start(tokens, i)
        if first is not None:
            edits.append((tokens[first].start, 0, 1, "("))
            edits.append((tokens[last].end, 0, 1, ")"))
    return edits


#: a word, then a number written from its decimal point (``ALL .5``, ``CASE.5``)
_WORD_POINT = re.compile(r"(?<![\w.$])[A-Za-z_][\w$]*\s*\.\d")


def _point_number_edits(text: str, tokens: list[Token]) -> list:
    """A ``0`` before a number written from its decimal point after a word: SQLite's
    tokenizer ends the word at the point (``SELECT ALL .5``, ``CASE.5 WHEN``: the number
    0.5), sqlglot's reads ``ALL.5`` as a qualified name. The names of result columns come
    from the text as written, so ``.5`` keeps its name. After a name that is no keyword
    (``x.5``) SQLite's own syntax error stands."""
    if not _WORD_POINT.search(text):
        return []
    edits = []
    for before, tok in zip(tokens, tokens[1:]):
        if tok.kind == "number" and tok.text[0] == "." and before.kind == "word":
            if tok.start > before.end:
                edits.append((tok.start, 0, 1, "0"))
            elif before.upper in SQLITE_KEYWORDS:       # ALL.5 (x.5 is SQLite's error)
                edits.append((tok.start, 0, 2, " 0"))
    return edits


def _in_test_edits(tokens: list[Token], ups: list[str]) -> list:
    """The parentheses around ``x [NOT] IN (...)`` and ``x [NOT] IN [schema.]name[(...)]``
    where a tighter binary operator follows it (see the module docstring)."""
    edits = []
    for i in indexes_of(ups, "IN"):
        last = _in_right_end(tokens, i + 1)
        if last is None or last + 1 >= len(tokens) or tokens[last + 1].upper not in _TIGHTER \
                or tokens[last + 1].kind not in ("op", "word"):
            continue
        first = _operand_start(tokens, i - 1 if i > 0 and ups[i - 1] == "NOT" else i)
        if first is not None:
            edits.append((tokens[first].start, 0, 1, "("))
            edits.append((tokens[last].end, 0, 1, ")"))
    return edits


def _in_right_end(tokens: list[Token], j: int) -> int | None:
    """The last token of the right side of an IN test that starts at token ``j``: a
    parenthesised list or query, or a (qualified) table or table-valued function name."""
    if j >= len(tokens):
        return None
    if tokens[j].text == "(":
        return closing_paren(tokens, j)
    if tokens[j].kind not in ("word", "quoted", "string"):
        return None
    if j + 2 < len(tokens) and tokens[j + 1].text == ".":
        j += 2
    if j + 1 < len(tokens) and tokens[j + 1].text == "(":
        return closing_paren(tokens, j + 1)
    return j


def _primary_end(tokens: list[Token], j: int) -> int | None:
    """The last token of the primary expression starting at token ``j`` if it is a
    parenthesised expression, a CAST, a number or a (qualified) name; else None."""
    first = tokens[j]
    if first.kind == "number":
        return j
    if first.text == "(":
        return closing_paren(tokens, j)
    following = tokens[j + 1].text if j + 1 < len(tokens) else ""
    if first.upper == "CAST" and following == "(":
        return closing_paren(tokens, j + 1)
    if not (first.kind == "quoted" or first.kind == "word" and is_name(first)
            or first.kind == "string" and following == ".") \
            or following == "(":            # a function call: no affinity to drop
        return None
    while j + 2 < len(tokens) and tokens[j + 1].text == "." \
            and tokens[j + 2].kind in ("word", "quoted", "string"):
        j += 2                              # a qualified name's parts may be strings
    return j


def starts_operand(tokens: list[Token], i: int) -> bool:
    """True if token ``i`` stands where an operand begins, so ``name(`` there is a call
    (after ``TABLE``, ``INTO``, ``FROM``, a dot... it names a table)."""
    if i == 0:
        return True
    before = tokens[i - 1]
    if before.kind == "op":
        return before.text not in (")", ".")
    if before.upper == "FROM" and i >= 2 and tokens[i - 2].upper == "DISTINCT":
        return True                         # x IS [NOT] DISTINCT FROM f(...)
    if before.kind != "word" or before.upper not in _OPERAND_BEFORE:
        return False
    if before.upper == "NOT":               # x NOT LIKE (...) is the operator
        return starts_operand(tokens, i - 1)
    return True
