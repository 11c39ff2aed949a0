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
from .bind_aggregate import non_aggregate_order_by
from .dialect import function_order, function_parts
from .lexer import Token, syntax_error
from .names import in_text_order
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
        text = _parenthesise_bounds(sql, text, tokens, i)
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


# Operators sqlglot does not read in a frame bound's offset, which SQLite's grammar reads
# there as in any expression (``x = 1 PRECEDING``; ``1 AND 1 PRECEDING`` after BETWEEN).
_BEYOND_BITWISE = frozenset((
    "=", "==", "!=", "<>", "<", "<=", ">", ">=", "IS", "IN", "LIKE", "GLOB", "REGEXP",
    "MATCH", "BETWEEN", "AND", "OR", "NOT", "ISNULL", "NOTNULL", "ESCAPE"))


def _parenthesise_bounds(sql: str, text: str, tokens: list[Token], i: int) -> str:
    """``text`` with each offset of the frame clause starting at token ``i`` that holds
    such an operator put in parentheses for sqlglot, which then reads it whole: the
    blank before it and the one after it become the parentheses, so every offset stays
    (an offset not between blanks is left as it is). SQLite's syntax errors for a frame
    sqlglot reads otherwise: BETWEEN with no AND after the first bound, AND without
    BETWEEN, an offset with no PRECEDING or FOLLOWING."""
    between = i + 1 < len(tokens) and tokens[i + 1].upper == "BETWEEN"
    k = i + 2 if between else i + 1
    for bound in range(2):                          # the start, then the end after AND
        if k >= len(tokens) or tokens[k].upper in ("UNBOUNDED", "CURRENT"):
            k += 2
        else:
            j, depth, beyond = k, 0, False
            while j < len(tokens) and (depth or tokens[j].upper not in ("PRECEDING",
                                                                        "FOLLOWING")):
                depth += (tokens[j].text == "(") - (tokens[j].text == ")")
                beyond = beyond or not depth and tokens[j].upper in _BEYOND_BITWISE
                if depth < 0 or not depth and tokens[j].upper == "EXCLUDE":
                    raise syntax_error(sql, tokens[j])     # an offset with no side
                j += 1
            first, last = tokens[k].start - 1, tokens[j - 1].end
            if beyond and j < len(tokens) and text[first].isspace() and text[last].isspace():
                text = f"{text[:first]}({text[first + 1:last]}){text[last + 1:]}"
            k = j + 1
        if k < len(tokens) and (tokens[k].upper != "AND") == (between and not bound):
            raise syntax_error(sql, tokens[k])   # BETWEEN with no AND, or AND without it
        if k >= len(tokens) or tokens[k].upper != "AND":
            return text
        k += 1
    return text


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
    """What SQLite's parser refuses in window definitions and calls with OVER, used or
    not, in the order its rules are reduced (a window's parts before the window, the
    window before its call, each in text order): a frame that ends before it starts
    (CURRENT ROW to n PRECEDING, or n FOLLOWING to CURRENT ROW or n PRECEDING; an end left
    out is CURRENT ROW), a definition of the WINDOW clause extending an earlier one
    against ``check_extension``'s rules, and a call with DISTINCT or an ORDER BY in its
    arguments (``call_error``). The text order is worked out only when one is found."""
    found = []                          # (window, its error)
    for node in tree.walk():
        if isinstance(node, exp.Window):
            error = _own_error(node)
            if error is not None:
                found.append((node, error))
        elif isinstance(node, exp.Select) and node.args.get("windows"):
            earlier: dict = {}
            for definition in node.args["windows"]:
                error = _definition_error(definition, earlier)
                if error is not None:
                    found.append((definition, error))
    if not found:
        return
    nodes = in_text_order(tree)
    at = {id(node): i for i, node in enumerate(nodes)}

    def reduced(pair):                  # after its last part, inner before outer
        window = pair[0]
        return at[id(window)] + sum(1 for _ in window.walk()) - 1, -at[id(window)]
    raise min(found, key=reduced)[1]


def _own_error(window: exp.Window) -> OperationalError | None:
    """The error of ``window``'s frame, else (a call) of the call."""
    frame = window.args.get("spec")
    if frame is not None:
        start, end = _side(frame, "start"), _side(frame, "end") or "CURRENT"
        if start == "CURRENT" and end == "PRECEDING" or \
                start == "FOLLOWING" and end in ("PRECEDING", "CURRENT"):
            return OperationalError("unsupported frame specification")
    if isinstance(window.this, exp.Identifier):         # WINDOW name AS (...)
        return None
    call = window.this.this if isinstance(window.this, exp.Filter) else window.this
    name, _, distinct = function_parts(call)
    if distinct or function_order(call) is not None:
        return call_error(name, distinct)
    return None


def _definition_error(definition: exp.Window, earlier: dict) -> OperationalError | None:
    """The error of a WINDOW clause's definition extending one defined before it in the
    clause (``earlier``: name -> definition, to which it is added)."""
    base = definition.args.get("alias")
    named = earlier.get(ascii_lower(base.name)) if base is not None else None
    earlier[ascii_lower(definition.this.name)] = definition
    if named is None:
        return None
    try:
        check_extension(base.name, definition.args.get("partition_by"),
                        definition.args.get("order"), named.args.get("order"),
                        named.args.get("spec"))
    except OperationalError as error:
        return error
    return None


def call_error(name: str, distinct: bool) -> OperationalError:
    """The error SQLite's parser raises for a call with OVER and DISTINCT or an ORDER BY
    in its arguments (window.c, sqlite3WindowAttach; expr.c,
    sqlite3ExprAddFunctionOrderBy)."""
    if distinct:
        return OperationalError("DISTINCT is not supported for window functions")
    return non_aggregate_order_by(name)


def _side(frame, which: str) -> str | None:
    value = frame.args.get(which)
    if isinstance(value, str) and ascii_upper(value) != "UNBOUNDED":
        return "CURRENT"
    side = frame.args.get(which + "_side")
    return str(side).upper() if value is not None and side and not isinstance(value, str) else \
        ("UNBOUNDED" if value is not None else None)
