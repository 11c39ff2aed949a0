"""Window frame clauses as SQLite's grammar reads them (sqlite.org/syntax/frame-spec.html),
where sqlglot reads them differently.

sqlglot has no ``GROUPS`` frames, and it accepts two bounds SQLite's grammar has no room
for: ``UNBOUNDED FOLLOWING`` as a frame's start and ``UNBOUNDED PRECEDING`` as its end
(SQLite stops at the second word: a syntax error). ``read_frames`` finds every frame clause
in a statement's tokens -- ROWS, RANGE or GROUPS followed, inside the same parentheses,
by a frame bound -- refuses those bounds, writes GROUPS as ROWS for sqlglot (padded to the
same length, so every offset stays) and returns the kinds in text order; the binder pairs
them with sqlglot's WindowSpec nodes, also in text order (``bind_window.py``).
"""

from __future__ import annotations

from sqlglot import expressions as exp

from ..errors import OperationalError
from .lexer import Token, syntax_error
from ..catalog.ascii_case import ascii_lower, ascii_upper

_KINDS = ("ROWS", "RANGE", "GROUPS")
_BOUND_WORDS = ("BETWEEN", "UNBOUNDED", "CURRENT")


def read_frames(sql: str, text: str, tokens: list[Token]) -> tuple[str, list[str], list[bool]]:
    """(``text`` with GROUPS written as ROWS, the frame kinds in text order, and for each
    OVER whether a parenthesis follows it: sqlglot reads ``OVER (w)`` as ``OVER w``,
    but SQLite lets only the second name a window with a frame)."""
    kinds: list[str] = []
    parens = [i + 1 < len(tokens) and tokens[i + 1].text == "("
              for i, tok in enumerate(tokens) if tok.upper == "OVER"]
    for i, tok in enumerate(tokens):
        if tok.upper not in _KINDS or not _is_frame(tokens, i):
            continue
        kinds.append(ascii_lower(tok.upper))
        _check_bounds(sql, tokens, i)
        if tok.upper == "GROUPS":
            text = text[:tok.start] + "ROWS  " + text[tok.end:]
    return text, kinds, parens


def _is_frame(tokens: list[Token], i: int) -> bool:
    """Token ``i`` (ROWS, RANGE or GROUPS) starts a frame clause: a bound follows it
    before the parentheses it stands in close (a column named ``rows`` has none)."""
    if i + 1 < len(tokens) and tokens[i + 1].upper in _BOUND_WORDS:
        return True
    depth = 0
    for tok in tokens[i + 1:]:
        depth += (tok.text == "(") - (tok.text == ")")
        if depth < 0 or depth == 0 and tok.text == ",":
            return False
        if depth == 0 and tok.upper in ("PRECEDING", "FOLLOWING"):
            return True
    return False


def _check_bounds(sql: str, tokens: list[Token], i: int) -> None:
    """SQLite's syntax error for UNBOUNDED FOLLOWING as a start, UNBOUNDED PRECEDING as
    an end (the frame clause starts at token ``i``)."""
    depth, after_and = 0, False
    for k in range(i + 1, len(tokens) - 1):
        tok = tokens[k]
        depth += (tok.text == "(") - (tok.text == ")")
        if depth < 0:
            return
        if depth:
            continue
        after_and = after_and or tok.upper == "AND"
        if tok.upper == "UNBOUNDED":
            following = tokens[k + 1].upper
            if following == ("PRECEDING" if after_and else "FOLLOWING"):
                raise syntax_error(sql, tokens[k + 1])


def check_extension(name: str, partition, order, base_order, base_frame) -> None:
    """SQLite's rules for a window extending the named window ``name`` (window.c,
    sqlite3WindowChain): it may add an ORDER BY the named one lacks, and a frame only to
    one without a frame."""
    if partition:
        raise OperationalError(f"cannot override PARTITION clause of window: {name}")
    if order is not None and base_order is not None:
        raise OperationalError(f"cannot override ORDER BY clause of window: {name}")
    if base_frame is not None:
        raise OperationalError(f"cannot override frame specification of window: {name}")


def check_frames(tree) -> None:
    """What SQLite's parser refuses in window definitions, used or not: a definition
    extending an earlier one against ``check_extension``'s rules, and a frame that ends
    before it starts: CURRENT ROW to n PRECEDING, or n FOLLOWING to CURRENT ROW or n
    PRECEDING (an end left out is CURRENT ROW)."""
    for select in tree.find_all(exp.Select):
        earlier: dict = {}
        for definition in select.args.get("windows") or []:
            base = definition.args.get("alias")
            if base is not None and ascii_lower(base.name) in earlier:
                named = earlier[ascii_lower(base.name)]
                check_extension(base.name, definition.args.get("partition_by"),
                                definition.args.get("order"), named.args.get("order"),
                                named.args.get("spec"))
            earlier[ascii_lower(definition.this.name)] = definition
    for frame in tree.find_all(exp.WindowSpec):
        start, end = _side(frame, "start"), _side(frame, "end") or "CURRENT"
        if start == "CURRENT" and end == "PRECEDING" or \
                start == "FOLLOWING" and end in ("PRECEDING", "CURRENT"):
            raise OperationalError("unsupported frame specification")


def _side(frame, which: str) -> str | None:
    value = frame.args.get(which)
    if isinstance(value, str) and ascii_upper(value) != "UNBOUNDED":
        return "CURRENT"
    side = frame.args.get(which + "_side")
    return str(side).upper() if value is not None and side and not isinstance(value, str) else \
        ("UNBOUNDED" if value is not None else None)
