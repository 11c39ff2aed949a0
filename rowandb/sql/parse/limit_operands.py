"""Parentheses around a LIMIT or OFFSET operand that sqlglot would not read whole.

SQLite's grammar takes any expression after LIMIT, OFFSET and the comma of ``LIMIT x, y``
(parse.y ``limit_opt``): ``LIMIT 1 = 1``, ``LIMIT (SELECT * FROM w) = (1, 2)``, ``LIMIT
a IN (SELECT ...)`` are statements SQLite prepares (and runs, or refuses with the error
their values or widths give). sqlglot reads only an additive term there and stops at the
first comparison, bit operator, IS, IN, LIKE, BETWEEN, AND or OR, so it reported a syntax
error SQLite does not have. ``limit_edits`` writes each such operand in parentheses: the
same expression to SQLite, one sqlglot reads whole.

An operand runs from its keyword to the first comma, OFFSET, ON (an upsert after INSERT
... SELECT ... LIMIT), RETURNING, ``;`` or closing parenthesis outside any parentheses or
CASE ... END of its own. OFFSET counts only after a LIMIT operand (elsewhere it may be a
name); a quoted "limit" is a name.
"""

from __future__ import annotations

from .lexer import Token

_OPERATOR_SIGNS = frozenset(("=", "==", "!=", "<>", "<", "<=", ">", ">=", "&", "|", "<<",
                             ">>"))
_OPERATOR_WORDS = frozenset(("IS", "IN", "LIKE", "GLOB", "REGEXP", "MATCH", "BETWEEN",
                             "ISNULL", "NOTNULL", "NOT", "AND", "OR", "ESCAPE"))
_ENDS = frozenset((",", ";", "OFFSET", "ON", "RETURNING"))


def limit_edits(tokens: list[Token], ups: list[str]) -> list:
    """The parentheses (see the module docstring) as (start, 0, 1, text) edits."""
    edits = []
    for i, up in enumerate(ups):
        if up != "LIMIT" or tokens[i].kind != "word":
            continue
        end = _operand(tokens, ups, i + 1, edits)
        if end < len(ups) and ups[end] in (",", "OFFSET") and tokens[end].kind != "quoted":
            _operand(tokens, ups, end + 1, edits)
    return edits


def _operand(tokens: list[Token], ups: list[str], first: int, edits: list) -> int:
    """Wrap the operand starting at ``first`` when it needs it; the index after it."""
    depth, wrap, j = 0, False, first
    while j < len(ups):
        up, kind = ups[j], tokens[j].kind
        if up in ("(", "CASE") and kind != "quoted":
            depth += 1
        elif up in (")", "END") and kind != "quoted":
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and kind != "quoted":
            if up in _ENDS:
                break
            wrap = wrap or up in _OPERATOR_SIGNS or up in _OPERATOR_WORDS and j > first
        j += 1
    if wrap and j > first:
        edits.append((tokens[first].start, 0, 1, "("))
        edits.append((tokens[j - 1].end, 0, 1, ")"))
    return j
