"""Window frame clauses as SQLite's grammar reads them (sqlite.org/syntax/frame-spec.html),
where sqlglot reads them differently.

sqlglot has no ``GROUPS`` frames, accepts frames SQLite's grammar refuses (``UNBOUNDED
FOLLOWING`` as a start, ``ROWS 1`` with no PRECEDING or FOLLOWING, ``RANGE UNBOUNDED``,
``EXCLUDE NO``) and refuses some it accepts: SQLite's parser falls back to reading its
window words as names where the keyword cannot stand (``ROWS 1 AND unbounded PRECEDING``
has the offset ``1 AND unbounded``). So a statement holding a frame word is first read by
the recognizer (``recognizer/``), an LR parser of SQLite's grammar, whose syntax error is
SQLite's. ``read_frames`` then finds every frame clause in the statement's tokens -- ROWS,
RANGE or GROUPS followed, inside the same parentheses, by a frame bound -- writes GROUPS
as ROWS for sqlglot (padded to the same length, so every offset stays), has the window
words an offset holds quoted as names (``_WINDOW_WORDS``), and returns the kinds in text order;
the binder pairs them with sqlglot's WindowSpec nodes, also in text order
(``bind_window.py``).
"""

from __future__ import annotations

from sqlglot import expressions as exp

from ...errors import OperationalError
from ..bind.bind_aggregate import non_aggregate_order_by
from .dialect import function_order, function_parts
from .lexer import Token, names_window, syntax_error
from ..bind.names import in_text_order
from .recognizer import syntax_error as grammar_error
from ...catalog.ascii_case import ascii_lower, ascii_upper

_KINDS = ("ROWS", "RANGE", "GROUPS")
_BOUND_WORDS = ("BETWEEN", "UNBOUNDED", "CURRENT")


def read_frames(sql: str, text: str, tokens: list[Token], names: frozenset
                ) -> tuple[str, list[str], list[bool], frozenset]:
    """(``text`` with GROUPS written as ROWS, the frame kinds in text order, for each
    OVER whether a parenthesis follows it: sqlglot reads ``OVER (w)`` as ``OVER w``,
    but SQLite lets only the second name a window with a frame; and ``names``, the
    offsets of the words ``lexer.sqlglot_text`` quotes as names, with the window words
    an offset holds)."""
    if not all(_plain(tokens, i) for i, tok in enumerate(tokens) if tok.upper in _KINDS):
        refused = grammar_error(sql)
        if refused is not None:
            raise refused
    kinds: list[str] = []
    parens = [i + 1 < len(tokens) and tokens[i + 1].text == "("
              for i, tok in enumerate(tokens) if tok.upper == "OVER"]
    after = 0                           # the token after the last frame clause read
    for i, tok in enumerate(tokens):
        if i < after or tok.upper not in _KINDS or not _is_frame(tokens, i):
            continue
        kinds.append(ascii_lower(tok.upper))
        text, after, named = _parenthesise_bounds(sql, text, tokens, i)
        names = names | named
        if tok.upper == "GROUPS":
            text = text[:tok.start] + "ROWS  " + text[tok.end:]
    return text, kinds, parens, names


def _plain(tokens: list[Token], i: int) -> bool:
    """Whether token ``i`` starts a frame clause SQLite's grammar surely takes, spared
    the recognizer (which costs more than parsing the statement): after a parenthesis
    or a name, a bound of one word or number and its side or BETWEEN two, maybe an
    EXCLUDE, then the closing parenthesis."""
    if not i or tokens[i - 1].text != "(" and tokens[i - 1].kind not in ("word", "quoted") \
            or tokens[i - 1].upper in ("BY", "AND", "OR", "NOT"):
        return False
    words = [t.upper if t.kind != "number" else "N" for t in tokens[i + 1:i + 12]]
    if words[:1] == ["BETWEEN"]:
        first = _bound_length(words, 1, "PRECEDING")
        k = 1 + first + 1 if first and words[1 + first:2 + first] == ["AND"] else 0
        k = k + _bound_length(words, k, "FOLLOWING") if k else 0
    else:
        k = _bound_length(words, 0, "PRECEDING")
    if k and words[k:k + 1] == ["EXCLUDE"]:
        what = next((e for e in _EXCLUDES if tuple(words[k + 1:k + 1 + len(e)]) == e), None)
        k = k + 1 + len(what) if what else 0
    return k > 0 and words[k:k + 1] == [")"]


_EXCLUDES = (("NO", "OTHERS"), ("CURRENT", "ROW"), ("GROUP",), ("TIES",))


def _bound_length(words: list[str], k: int, unbounded: str) -> int:
    """The number of words of the plain bound at ``words[k]`` (0: none), UNBOUNDED only
    with ``unbounded`` after it."""
    pair = tuple(words[k:k + 2])
    if pair in (("UNBOUNDED", unbounded), ("CURRENT", "ROW")) or \
            pair[:1] == ("N",) and pair[1:] in (("PRECEDING",), ("FOLLOWING",)):
        return 2
    return 0


def _is_frame(tokens: list[Token], i: int) -> bool:
    """Token ``i`` (ROWS, RANGE or GROUPS) starts a frame clause: a bound follows it
    before the parentheses it stands in close (a column named ``rows`` has none), and
    it follows no BY, comma or operator (``ORDER BY rows ROWS 1 PRECEDING``)."""
    before = tokens[i - 1] if i else None
    if before is not None and (before.upper == "BY" or before.kind == "op"
                               and before.text not in "()"):
        return False
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


# Operators sqlglot does not read in a frame bound's offset, which SQLite's grammar reads
# there as in any expression (``x = 1 PRECEDING``; ``1 AND 1 PRECEDING`` after BETWEEN).
_BEYOND_BITWISE = frozenset((
    "=", "==", "!=", "<>", "<", "<=", ">", ">=", "IS", "IN", "LIKE", "GLOB", "REGEXP",
    "MATCH", "BETWEEN", "AND", "OR", "NOT", "ISNULL", "NOTNULL", "ESCAPE"))


# Words of a frame that SQLite reads as names inside an offset (its parser falls back to
# a name where the keyword cannot stand), sqlglot not: such an offset names a column, so
# SQLite's parser makes it NULL as it does any offset that is not constant (window.c,
# sqlite3WindowOffsetExpr); the word is quoted for sqlglot, a name the binder makes NULL
# too (``bind_window._bound``).
_WINDOW_WORDS = frozenset(_KINDS + (
    "UNBOUNDED", "CURRENT", "PRECEDING", "FOLLOWING", "ROW", "EXCLUDE", "OTHERS", "TIES",
    "PARTITION"))


def _wants_operand(tokens: list[Token], j: int, k: int) -> bool:
    """Whether an operand stands at token ``j`` of the offset starting at token ``k``,
    where SQLite reads PRECEDING or FOLLOWING as a name: first, or after an operator."""
    before = tokens[j - 1]
    return j == k or before.kind == "op" and before.text != ")" or \
        before.kind == "word" and before.upper in _OPERAND_AFTER


_OPERAND_AFTER = _BEYOND_BITWISE | {"CASE", "WHEN", "THEN", "ELSE", "COLLATE"}


def _parenthesise_bounds(sql: str, text: str, tokens: list[Token], i: int
                         ) -> tuple[str, int, set]:
    """(``text`` with each offset of the frame clause starting at token ``i`` that holds
    such an operator put in parentheses for sqlglot, which then reads it whole: the
    blank before it and the one after it become the parentheses, so every offset stays
    (an offset not between blanks is left as it is), the index of the token after the
    frame's bounds, and the offsets of the window words the offsets hold as names).
    SQLite's syntax errors for a frame sqlglot reads otherwise: BETWEEN with no AND
    after the first bound, AND without BETWEEN, an offset with no PRECEDING or
    FOLLOWING."""
    between = i + 1 < len(tokens) and tokens[i + 1].upper == "BETWEEN"
    k = i + 2 if between else i + 1
    named: set = set()
    for bound in range(2):                          # the start, then the end after AND
        if k >= len(tokens) or tokens[k].upper in ("UNBOUNDED", "CURRENT"):
            k += 2
        else:
            j, depth, beyond = k, 0, False
            while j < len(tokens) and (depth or tokens[j].upper not in (
                    "PRECEDING", "FOLLOWING") or _wants_operand(tokens, j, k)):
                depth += (tokens[j].text == "(") - (tokens[j].text == ")")
                beyond = beyond or not depth and tokens[j].upper in _BEYOND_BITWISE
                if depth < 0 or not depth and tokens[j].upper == "EXCLUDE":
                    raise syntax_error(sql, tokens[j])     # an offset with no side
                j += 1
            first, last = tokens[k].start - 1, tokens[j - 1].end
            named |= {t.start for t in tokens[k:j]
                      if t.kind == "word" and t.upper in _WINDOW_WORDS}
            if beyond and j < len(tokens) and text[first].isspace() and text[last].isspace():
                text = f"{text[:first]}({text[first + 1:last]}){text[last + 1:]}"
            k = j + 1
        if k < len(tokens) and (tokens[k].upper != "AND") == (between and not bound):
            raise syntax_error(sql, tokens[k])   # BETWEEN with no AND, or AND without it
        if k >= len(tokens) or tokens[k].upper != "AND":
            return text, k, named
        k += 1
    return text, k, named


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
    clause (``earlier``: name as written -> definition, to which it is added): 'no such
    window' when none of that name is, but for the first definition, whose base SQLite's
    parser never looks up (parse.y, windowdefn_list)."""
    base = definition.args.get("alias")
    named = earlier.get(ascii_lower(written(base))) if base is not None else None
    first = not earlier
    earlier[ascii_lower(written(definition.this))] = definition
    if named is None:               # the first definition's base is never looked up
        return None if base is None or first else \
            OperationalError(f"no such window: {written(base)}")
    try:
        check_extension(written(base), definition.args.get("partition_by"),
                        definition.args.get("order"), named.args.get("order"),
                        named.args.get("spec"))
    except OperationalError as error:
        return error
    return None


def mark_written_names(tree, text: str, tokens: list[Token] = ()) -> None:
    """Note on each quoted window name (a WINDOW definition's, the one an OVER names or
    extends) its text as written in ``text``, sqlglot's text of the statement: SQLite
    keeps a window's name and its base's as their tokens' text, quotes and all (parse.y,
    windowdefn and window: no dequoting), and compares them ASCII-case-blind, so
    ``OVER "w"`` finds no ``WINDOW w``, ``[w]`` finds ``[w]``, and its messages show the
    quotes (``no such window: "w"``). A string there (``OVER 'w'``) reaches sqlglot
    backquoted whole, quotes and all (lexer.names_window): its name is the string's text.
    A name written `` `'w'` `` reads the same to sqlglot; ``tokens``, the statement's own,
    tell the two apart (``_kept_as_strings``): that one keeps its backquotes."""
    strings = []
    for node in tree.find_all(exp.Window):
        for key in ("this", "alias"):
            ident = node.args.get(key)
            if not isinstance(ident, exp.Identifier) or not ident.quoted:
                continue
            start, end = ident.meta.get("start"), ident.meta.get("end")
            raw = text[start:end + 1] if start is not None and end is not None else ""
            if raw[:2] == "`'" and raw[-2:] == "'`":   # a string (lexer.names_window)
                ident.meta[WRITTEN] = ident.name
                strings.append((start, ident))
            elif len(raw) > 1 and _CLOSING.get(raw[0]) == raw[-1]:
                ident.meta[WRITTEN] = raw
    kept = _kept_as_strings(tokens) if strings else []
    if len(kept) == len(strings):
        for (_, ident), name in zip(sorted(strings, key=lambda pair: pair[0]), kept):
            ident.meta[WRITTEN] = name


def _kept_as_strings(tokens: list[Token]) -> list[str]:
    """The window names of ``tokens`` that sqlglot reads as backquoted strings, in order,
    each as SQLite keeps it: a string (``'w'``), or a name backquoted around one."""
    return [tok.text for i, tok in enumerate(tokens)
            if (tok.kind == "string" or tok.kind == "quoted" and tok.text[:2] == "`'"
                and tok.text[-2:] == "'`") and names_window(tokens, i)]


WRITTEN = "window_name_written"
_CLOSING = {'"': '"', "[": "]", "`": "`"}


def written(ident: exp.Identifier) -> str:
    """A window's name as SQLite keeps it: as written (``mark_written_names``)."""
    return ident.meta.get(WRITTEN) or ident.name


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
