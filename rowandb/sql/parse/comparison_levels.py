"""Parentheses that give sqlglot SQLite's grouping of comparisons.

SQLite's grammar (parse.y) puts ``=``, ``==``, ``!=``, ``<>``, IS, IN, LIKE, GLOB, REGEXP,
MATCH, BETWEEN, ISNULL and NOTNULL on one level, left-associative, and ``<``, ``<=``,
``>``, ``>=`` on the next, tighter one. sqlglot reads three levels -- equality, then
comparison, then the range operators (IN, LIKE, BETWEEN, IS...) tightest -- so
``2 = 2 IN (1, 2)`` is ``(2 = 2) IN (1, 2)``, 1, to SQLite and ``2 = (2 IN (1, 2))``, 0, to
sqlglot; ``1 < 2 IN (1)`` is ``(1 < 2) IN (1)``; and ``'1' GLOB 'a' > '1'`` is
``'1' GLOB ('a' > '1')``. ``level_edits`` writes SQLite's grouping into the text:

- the left operand of a range operator, when it holds an operator of either level at its
  top, is put in parentheses (``operand_start`` finds where it begins);
- the right operand of LIKE, GLOB, REGEXP, MATCH and IS, and both bounds of BETWEEN,
  when one holds ``<``, ``<=``, ``>`` or ``>=`` at its top, is put in parentheses
  (``_operand_end`` finds where it ends; an operand it cannot follow is left alone).

A left operand that starts after a BETWEEN's AND is left alone too: there the BETWEEN
itself is the left operand.
"""

from __future__ import annotations

from .lexer import SQLITE_KEYWORDS, Token, closing_paren, is_name

_LEFT_ENDS = {"SELECT", "WHERE", "AND", "OR", "ON", "WHEN", "THEN", "ELSE", "CASE", "BY",
              "SET", "HAVING", "RETURNING", "LIMIT", "OFFSET", "VALUES", "DISTINCT", "ALL",
              "FROM", "BETWEEN", "DEFAULT", "CHECK", "AS", "ESCAPE"}
_NOT_OPERATORS = {"LIKE", "GLOB", "IN", "BETWEEN", "MATCH", "REGEXP", "NULL"}
_EQUALITY = {"=", "==", "!=", "<>"}
_COMPARISON = {"<", "<=", ">", ">="}
_RANGE_WORDS = {"IN", "LIKE", "GLOB", "REGEXP", "MATCH", "BETWEEN", "IS", "ISNULL", "NOTNULL"}
_PATTERNS = {"LIKE", "GLOB", "REGEXP", "MATCH", "IS"}
# binary operators that bind as tight as < or tighter (COLLATE is read with its name)
_TIGHT = _COMPARISON | {"+", "-", "*", "/", "%", "||", "->", "->>", "&", "|", "<<", ">>"}
_VALUE_WORDS = {"NULL", "TRUE", "FALSE", "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP"}


def level_edits(tokens: list[Token], ups: list[str], ddl: bool) -> list:
    """The parentheses (see the module docstring); in CREATE and ALTER statements ``NOT
    NULL`` may be a column constraint and is no operator here."""
    edits = []
    for i, up in enumerate(ups):
        if up in _RANGE_WORDS and not _ends_operand(tokens, i - (ups[i - 1] == "NOT")):
            continue                        # glob(a, b): a call, no operator
        if up == "BETWEEN" and _frame_between(tokens, ups, i):
            continue                        # ORDER BY x = 1 RANGE BETWEEN ...: a frame
        if up in _RANGE_WORDS or up == "NOT" and not ddl and i + 1 < len(ups) and \
                ups[i + 1] == "NULL" and ups[i - 1] != "IS" and _binary_not(tokens, i):
            _left(tokens, ups, i, edits)
        if up in _PATTERNS:
            j = i + 1 + (up == "IS" and i + 1 < len(ups) and ups[i + 1] == "NOT")
            if j + 1 < len(ups) and ups[j] == "DISTINCT" and ups[j + 1] == "FROM":
                j += 2
            _right(tokens, j, edits)
        elif up == "BETWEEN":
            end = _right(tokens, i + 1, edits)
            if end is not None and end + 1 < len(ups) and ups[end + 1] == "AND":
                _right(tokens, end + 2, edits)
    return edits


def _frame_between(tokens: list[Token], ups: list[str], i: int) -> bool:
    """Whether the BETWEEN at ``i`` opens a window frame: ROWS, RANGE or GROUPS right
    after a term of the window's PARTITION BY or ORDER BY (or its name; a postfix ISNULL
    or NOTNULL ends one too). A column named so has no operand right before it."""
    return i >= 2 and ups[i - 1] in ("ROWS", "RANGE", "GROUPS") and (
        ups[i - 2] in ("ISNULL", "NOTNULL") or _ends_operand(tokens, i - 1))


def _left(tokens: list[Token], ups: list[str], i: int, edits: list) -> None:
    """Parentheses around the left operand of the operator at ``i`` when it needs them."""
    at = i - 1 if i and ups[i - 1] == "NOT" and ups[i] in _NOT_OPERATORS - {"NULL"} else i
    first = operand_start(tokens, at)
    if first:
        first = _after_assignment(tokens, ups, first, at)
    between = _between_of(tokens, ups, first - 1) if first and ups[first - 1] == "AND" else None
    if between is not None:                 # x BETWEEN a AND b = c LIKE d: from x
        first = operand_start(tokens, between - (ups[between - 1] == "NOT"))
    if first is None or first >= at or first and ups[first - 1] in ("BETWEEN", "ESCAPE"):
        return
    if _holds_level(tokens, ups, first, at):
        edits.append((tokens[first].start, 0, 1, "("))
        edits.append((tokens[at - 1].end, 0, 1, ")"))


def _after_assignment(tokens: list[Token], ups: list[str], first: int, at: int) -> int:
    """Where an operand that starts at ``first`` really starts: in the SET list of an
    UPDATE or a DO UPDATE, ``c = x NOTNULL`` assigns ``x NOTNULL`` to c, so the operand
    starts after the assignment's ``=`` (after ``(a, b) =`` too)."""
    if ups[first - 1] != "SET" and not (ups[first - 1] == "," and _in_set_list(tokens, ups,
                                                                              first - 1)):
        return first
    j = closing_paren(tokens, first) if tokens[first].text == "(" else first
    if j is None or j + 1 >= at or tokens[j + 1].text != "=":
        return first
    return j + 2


def _in_set_list(tokens: list[Token], ups: list[str], k: int) -> bool:
    """Whether the comma at ``k`` separates the assignments of a SET list."""
    return _word_before(tokens, ups, k, "SET", (";",)) is not None


def _between_of(tokens: list[Token], ups: list[str], k: int) -> int | None:
    """The index of the BETWEEN whose AND is at ``k``, or None (a conjunction's)."""
    return _word_before(tokens, ups, k, "BETWEEN", (",", ";"))


def _word_before(tokens: list[Token], ups: list[str], k: int, word: str,
                 stops: tuple) -> int | None:
    """The index of the nearest ``word`` before token ``k`` at its depth of parentheses,
    or None when a token of ``stops``, an unmatched ``(`` or a clause's keyword
    (``_LEFT_ENDS``) comes first."""
    j = k - 1
    while j >= 0:
        if tokens[j].text == ")":
            j = opener(tokens, j, "(", ")")
            if j is None:
                return None
        elif ups[j] == word:
            return j
        elif tokens[j].text in stops or tokens[j].text == "(" or ups[j] in _LEFT_ENDS:
            return None
        j -= 1
    return None


def _holds_level(tokens: list[Token], ups: list[str], first: int, stop: int) -> bool:
    """Whether tokens ``first`` to ``stop`` hold, outside parentheses and CASE, an
    operator of the two levels."""
    j = first
    while j < stop:
        if tokens[j].text == "(":
            j = closing_paren(tokens, j)
        elif ups[j] == "CASE":
            j = _case_end(ups, j)
        elif tokens[j].kind == "op" and tokens[j].text in _EQUALITY | _COMPARISON or \
                tokens[j].kind == "word" and ups[j] in _RANGE_WORDS:
            return True
        j += 1
    return False


def _right(tokens: list[Token], j: int, edits: list) -> int | None:
    """Parentheses around the operand starting at ``j`` when it holds a comparison at its
    top; the index of its last token, or None when it is not followed."""
    end, compares = _operand_end(tokens, j)
    if end is not None and compares:
        edits.append((tokens[j].start, 0, 1, "("))
        edits.append((tokens[end].end, 0, 1, ")"))
    return end


def _operand_end(tokens: list[Token], j: int) -> tuple[int | None, bool]:
    """(the last token of the operand starting at ``j`` that reaches over the operators
    as tight as ``<`` or tighter, whether it holds a comparison there); (None, False)
    where a token is one this reading does not follow."""
    compares, count = False, len(tokens)
    while True:
        while j < count and tokens[j].kind == "op" and tokens[j].text in ("-", "+", "~"):
            j += 1
        end = _term_end(tokens, j)
        if end is None:
            return None, False
        j = end + 1
        while j + 1 < count and tokens[j].upper == "COLLATE":
            end, j = j + 1, j + 2
        if j < count and tokens[j].kind == "op" and tokens[j].text in _TIGHT:
            compares = compares or tokens[j].text in _COMPARISON
            j += 1
            continue
        return end, compares


def _term_end(tokens: list[Token], j: int) -> int | None:
    """The last token of the primary expression at ``j``, or None."""
    if j >= len(tokens):
        return None
    tok, after = tokens[j], tokens[j + 1].text if j + 1 < len(tokens) else ""
    if tok.text == "(":
        return closing_paren(tokens, j)
    if tok.kind in ("number", "string", "blob", "param") or tok.upper in _VALUE_WORDS:
        return j
    if tok.upper == "CASE":
        return _case_end([t.upper for t in tokens], j)
    if tok.kind == "word" and tok.upper in SQLITE_KEYWORDS and not is_name(tok) and \
            tok.upper not in ("CAST", "EXISTS"):
        return None                         # NOT, a clause's word: not followed here
    if tok.kind in ("word", "quoted") and after == "(":
        end = closing_paren(tokens, j + 1)
        following = tokens[end + 1].upper if end + 1 < len(tokens) else ""
        return None if following in ("FILTER", "OVER") else end
    if tok.kind in ("word", "quoted"):
        while j + 2 < len(tokens) and tokens[j + 1].text == "." \
                and tokens[j + 2].kind in ("word", "quoted", "string"):
            j += 2
        return j
    return None


def _case_end(ups: list[str], j: int) -> int:
    """The END of the CASE at ``j`` (the last token when none)."""
    depth = 0
    for k in range(j, len(ups)):
        depth += ups[k] == "CASE"
        depth -= ups[k] == "END"
        if depth == 0:
            return k
    return len(ups) - 1


def operand_start(tokens: list[Token], i: int) -> int | None:
    """The first token of the left operand of the operator (of the level of comparisons
    for equality, or tighter) at token ``i``: the operand reaches left over operators that
    bind tighter or as tight, to a comma, an unmatched parenthesis, AND, OR, a unary NOT
    or a clause keyword."""
    j, first = i - 1, None
    while j >= 0:
        tok = tokens[j]
        if tok.upper == "FROM" and j >= 2 and tokens[j - 1].upper == "DISTINCT":
            first, j = j - 1, j - 2         # IS [NOT] DISTINCT FROM: an operator
            continue
        if tok.text == ")":
            j = opener(tokens, j, "(", ")")
        elif tok.upper == "END":
            j = opener(tokens, j, "CASE", "END")
        elif tok.text in ("(", ",", ";") or tok.upper in _LEFT_ENDS or \
                tok.upper == "NOT" and not _binary_not(tokens, j):
            break
        if j is None:
            return None
        first, j = j, j - 1
    return first


def _binary_not(tokens: list[Token], j: int) -> bool:
    """Whether the NOT at ``j`` is part of a binary or postfix operator (x NOT LIKE y,
    x IS NOT y, x NOT NULL) rather than the unary NOT (NOT NULL = x)."""
    if j and tokens[j - 1].upper == "IS":
        return True
    if j + 1 >= len(tokens) or tokens[j + 1].upper not in _NOT_OPERATORS:
        return False
    return _ends_operand(tokens, j)


def _ends_operand(tokens: list[Token], j: int) -> bool:
    """Whether the token before ``j`` ends an operand, so an operator stands at ``j``
    (not a call of glob() or like(), nor the unary NOT)."""
    before = tokens[j - 1] if j > 0 else None
    if j > 1 and before.kind == "word" and tokens[j - 2].text == ".":
        return True                         # t.glob LIKE x: a qualified column, any word
    return before is not None and (
        before.kind in ("number", "string", "blob", "param", "quoted") or before.text == ")"
        or before.kind == "word" and (before.upper not in SQLITE_KEYWORDS
                                      or before.upper in _VALUE_WORDS | {"END"}
                                      or is_name(before) and before.upper not in _PATTERNS))


def opener(tokens: list[Token], close_at: int, opens: str, closes: str) -> int | None:
    """The token that opens what token ``close_at`` closes (``(`` for ``)``, CASE for
    END), counting nested pairs; None when nothing does."""
    depth = 0
    for j in range(close_at, -1, -1):
        depth += tokens[j].upper == closes
        depth -= tokens[j].upper == opens
        if depth == 0:
            return j
    return None
