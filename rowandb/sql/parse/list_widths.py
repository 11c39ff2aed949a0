"""The widths SQLite's parser checks as it reads a VALUES list or a list after IN.

SQLite's parser compares each row of a VALUES list of constant rows with the first as it
reads the row ('all VALUES must have the same number of terms'), and makes ``(a, b) IN ((1, 2), ...)``
a VALUES of the list's elements, each with the row's number of terms ('IN(...) element
has 3 terms - expected 2': parse.y, sqlite3ExprListToValues). Both are errors of the
parse, before any table or name is looked up, so ``check_widths`` runs on the parsed
tree; the binder's own checks of the same widths stay for the trees it makes itself.
"""

from __future__ import annotations

from sqlglot import expressions as exp

from ...errors import OperationalError


def check_widths(tree: exp.Expression, with_clause: bool = False) -> None:
    """Raise SQLite's parse error for the first VALUES list or IN list after a row
    (in the order written) whose rows or elements have another number of terms
    (``with_clause``: a piece of a statement with one, parse_with: no VALUES list is a
    co-routine then)."""
    for node in tree.find_all(exp.Values, exp.In, bfs=False):
        if isinstance(node, exp.Values):
            if not with_clause:
                _check_rows(node.expressions)
            continue
        want = _row_list(node)
        for item in node.expressions if want else ():
            if (got := _width(item)) != want and got:
                plural = "term" if got == 1 else "terms"
                raise OperationalError(f"IN(...) element has {got} {plural} - expected {want}")


def may_differ(ups: list[str]) -> bool:
    """Whether a statement whose tokens' ``upper``s are ``ups`` may hold a width
    ``check_widths`` compares: a VALUES list, or an IN whose left operand is a row -- a
    parenthesis closing just before the IN (or its NOT). The corpus's IN terms are
    ``x IN (...)``: a statement of those is not walked for them."""
    if "VALUES" in ups:
        return True
    at = -1
    for _ in range(ups.count("IN")):
        at = ups.index("IN", at + 1)
        before = at - 1 if at < 1 or ups[at - 1] != "NOT" else at - 2
        if before >= 0 and ups[before] == ")":
            return True
    return False


def row_list(node: exp.In) -> bool:
    """Whether ``node`` is ``(a, b) IN ((1, 2), ...)``: a row before a list, which SQLite's
    parser makes ``IN (VALUES (1, 2), ...)``, a SELECT of its own."""
    return _row_list(node) > 0


def _check_rows(rows: list) -> None:
    """A VALUES list's rows are compared as they are read only while SQLite's parser
    keeps them as constant rows of one co-routine (select.c sqlite3MultiValues: every
    row so far constant, the first without an affinity, no WITH): a row that is not
    makes the rest a UNION ALL, whose widths are compared as its names are resolved."""
    if not rows or not _constant(rows[0]) or rows[0].find(exp.Cast) is not None:
        return
    for row in rows[1:]:
        if not _constant(row):
            return
        if _width(row) != _width(rows[0]) and _width(row):      # ``()``: a syntax error
            raise OperationalError("all VALUES must have the same number of terms")


def _constant(row) -> bool:
    """Whether ``row`` reads no column and holds no subquery nor random() call."""
    return row.find(exp.Column, exp.Query, exp.Subquery, exp.Exists, exp.Rand) is None and \
        not any(str(f.this).lower() in ("random", "randomblob")
                for f in row.find_all(exp.Anonymous))


def _row_list(node: exp.In) -> int:
    """The width of the row before ``node``'s list, or 0 when it is no row and a list:
    ``x IN (1, 2)``, ``(a, b) IN (SELECT ...)`` or ``IN (VALUES ...)``, ``x IN t``, an
    empty list."""
    if node.args.get("query") is not None or node.args.get("field") is not None or \
            not node.expressions or isinstance(node.expressions[0], exp.Values):
        return 0
    row = _unwrapped(node.this)
    return len(row.expressions) if isinstance(row, exp.Tuple) else 0


def _width(item) -> int:
    row = _unwrapped(item)
    return len(row.expressions) if isinstance(row, exp.Tuple) else 1


def _unwrapped(node):
    while isinstance(node, exp.Paren):
        node = node.this
    return node
