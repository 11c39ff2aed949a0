"""ALTER TABLE ADD COLUMN: an unknown function in the new column's CHECK, as SQLite finds it.

SQLite reads the table's new CREATE text as it reads a schema (``db->init.busy``), where
an unknown function is no error (resolve.c); a column whose CHECK calls one is added, and
only the statement that then tests the table's CHECK constraints
(sqlite3AlterFinishAddColumn's ``pragma_quick_check``) fails as it codes the call:
'unknown function: nosuch()'. The other errors of the new text come first ('error in
table t after add column: no such column: x'), and a call SQLite never codes is no error:
its code generator drops the side of an AND or OR that an integer literal or TRUE/FALSE
on the other side decides (expr.c, sqlite3ExprSimplifiedAndOr: ``CHECK (1 OR nosuch(b))``
is added, and a write testing it drops the call the same way).

``unknown_call_error`` takes the binder's 'no such function: X' for the new text: it binds
the text again with each CHECK call of X made a call of ``char`` (which takes any
arguments), so a later error of the text is found first, and returns SQLite's error; None
when X is no CHECK's call, or a call SQLite never codes (RowanDB has no table whose
CHECK calls an unknown function: its own error stands, ``docs/SQL.md``).
"""

from __future__ import annotations

from sqlglot import expressions as exp

from ...errors import OperationalError
from ...catalog.ascii_case import ascii_lower
from ..parse.lexer import closing_paren, tokenize

_PREFIX = "no such function: "


def unknown_call_error(error: Exception, column_def: str, bind_again, parse_expression,
                       prefix: str):
    """SQLite's error for the new column ``column_def`` whose table text failed to bind
    with ``error``: ``bind_again(masked_column_def)`` binds the text with the column
    rewritten (raising its error), ``parse_expression`` reads a CHECK's expression,
    ``prefix`` opens the text's other errors. None: ``error`` stands."""
    names, masked = [], column_def
    while error is not None and str(error).startswith(_PREFIX):
        names.append(str(error)[len(_PREFIX):])
        calls = [tokens[k] for first, end, tokens in _check_spans(masked)
                 for k in range(first, end) if _calls(tokens, k, names[-1])]
        if not calls:
            return None                 # a generated column's call, or no call at all
        for tok in sorted(calls, key=lambda t: -t.start):
            masked = masked[:tok.start] + "char" + masked[tok.end:]
        try:
            bind_again(masked)          # the text's other errors come first
            error = None
        except OperationalError as again:
            error = again
    if error is not None:
        return OperationalError(prefix + str(error))
    return _last_coded(column_def, names, parse_expression)


def _last_coded(column_def: str, names: list, parse_expression):
    """'unknown function: X()' for the last of the calls of ``names`` SQLite codes (each
    error it raises coding replaces the one before; pragma.c codes a table's CHECK
    constraints last one first), or None."""
    found = None
    for first, end, tokens in reversed(_check_spans(column_def)):
        expr = parse_expression(column_def[tokens[first].start:tokens[end - 1].end])
        called = {ascii_lower(n) for n in names if coded(expr, ascii_lower(n))}
        for k in range(first, end):
            if ascii_lower(tokens[k].text) in called and _calls(tokens, k, tokens[k].text):
                found = tokens[k].text
    return None if found is None else OperationalError(f"unknown function: {found}()")


def _calls(tokens, k: int, name: str) -> bool:
    return tokens[k].kind == "word" and ascii_lower(tokens[k].text) == ascii_lower(name) \
        and k + 1 < len(tokens) and tokens[k + 1].text == "("


def _check_spans(column_def: str) -> list:
    """(first, end, tokens) of each CHECK's expression in ``column_def``: the token
    indexes inside its parenthesis."""
    tokens = tokenize(column_def)
    spans = []
    for k, tok in enumerate(tokens[:-1]):
        if tok.upper == "CHECK" and tokens[k + 1].text == "(":
            close = closing_paren(tokens, k + 1)
            if close > k + 2:
                spans.append((k + 2, close, tokens))
    return spans


def _truth(node) -> bool | None:
    """True or False for an integer literal or TRUE/FALSE (SQLite's EP_IsTrue and
    EP_IsFalse), else None."""
    if isinstance(node, exp.Boolean):
        return bool(node.this)
    if isinstance(node, exp.Literal) and not node.is_string and node.this.isdigit():
        return int(node.this) != 0
    return None


def _simplified(node):
    """``node`` as sqlite3ExprSimplifiedAndOr leaves it: an AND or OR whose one side is
    decided by the other's truth value becomes that side."""
    while isinstance(node, exp.Paren):
        node = node.this
    if not isinstance(node, (exp.And, exp.Or)):
        return node
    left, right = _simplified(node.left), _simplified(node.right)
    is_and = isinstance(node, exp.And)
    if _truth(left) is True or _truth(right) is False:
        return right if is_and else left
    if _truth(right) is True or _truth(left) is False:
        return left if is_and else right
    return node


def coded_form(node):
    """The part of CHECK ``node`` SQLite codes when it tests a row (sqlite3ExprIfTrue
    simplifies an AND or OR first), where RAISE() is an error: ``1 OR RAISE(IGNORE)`` is
    ``1``."""
    return _simplified(node)


def coded(node, lname: str) -> bool:
    """Whether SQLite's code for ``node`` calls function ``lname`` (also ``raise``: PRAGMA
    integrity_check, schema_pragmas.py)."""
    node = _simplified(node)
    if isinstance(node, exp.Anonymous) and ascii_lower(str(node.this)) == lname:
        return True
    return any(coded(child, lname) for child in node.iter_expressions())
