"""``x LIKE y ESCAPE e`` with any expression as ``e``, which sqlglot cannot read.

SQLite's grammar takes an expression after ESCAPE (parse.y: ``expr likeop expr ESCAPE
expr``, ESCAPE binding tighter than the comparisons and looser than the bit operators),
so ``b LIKE a ESCAPE e`` may name a column; sqlglot reads only a string or NULL there. Before
sqlglot parses a statement, ``cut`` replaces each other ESCAPE operand by a marker string
and keeps its text; after, ``put_back`` parses each text as an expression of its own and
puts it in the place of its marker in the ``Escape`` node.

A NOT in prefix place inside the operand (``ESCAPE 'x' * NOT a LIKE b``) is SQLite's unary
NOT, whose operand reaches over every operator tighter than NOT: the comparisons, LIKE and
the others of their level, up to AND, OR or the end of the expression; so the ESCAPE operand
does too (``_not_end``), and an ESCAPE met there is the inner LIKE's, parsed with the text.
"""

from __future__ import annotations

from sqlglot import expressions as exp

from .lexer import SQLITE_KEYWORDS, Token, syntax_error, tokenize
from ...catalog.ascii_case import ascii_lower

MARKER = "__rowandb_escape_{}__"

# words that end the operand: operators of ESCAPE's precedence or lower, and ESCAPE
_ENDING_WORDS = frozenset(("AND", "OR", "NOT", "IS", "IN", "LIKE", "GLOB", "MATCH", "REGEXP",
                           "BETWEEN", "ISNULL", "NOTNULL", "ESCAPE"))
_ENDING_OPS = frozenset((",", "=", "==", "!=", "<>", "<", ">", "<=", ">="))
# keywords that may stand inside the operand without a parenthesis after them
_OPERAND_WORDS = frozenset(("NULL", "CAST", "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP",
                            "EXISTS"))

# keywords that may stand inside the operand of a unary NOT
_NOT_WORDS = (_ENDING_WORDS | _OPERAND_WORDS | {"DISTINCT", "COLLATE"}) - {"AND", "OR"}


def cut(text: str) -> tuple[str, list[str]]:
    """``text`` with every ESCAPE operand that is not a lone string or NULL replaced by a
    marker string, and those operands' texts in order."""
    if "escape" not in ascii_lower(text):
        return text, []
    tokens = tokenize(text)
    pieces, snippets, last = [], [], 0
    for i, tok in enumerate(tokens):
        if tok.kind != "word" or tok.upper != "ESCAPE" or i + 1 >= len(tokens) or \
                tok.start < last:          # inside an operand already cut: parsed with it
            continue
        end = _operand_end(tokens, i + 1)
        if end < len(tokens) and tokens[end].upper == "ESCAPE":
            raise syntax_error(text, tokens[end])       # one ESCAPE per LIKE
        operand = tokens[i + 1:end]
        if not operand or len(operand) == 1 and (operand[0].kind == "string"
                                                 or operand[0].upper == "NULL"):
            continue
        pieces += [text[last:operand[0].start], f"'{MARKER.format(len(snippets))}'"]
        snippets.append(text[operand[0].start:operand[-1].end])
        last = operand[-1].end
    if not snippets:
        return text, []
    return "".join(pieces) + text[last:], snippets


def _operand_end(tokens: list[Token], i: int) -> int:
    """The index of the first token after the ESCAPE operand that starts at ``i``."""
    depth = cases = 0
    start = i
    while i < len(tokens):
        tok = tokens[i]
        if tok.kind == "semi":
            break
        if tok.kind == "op" and tok.text == "(":
            depth += 1
        elif tok.kind == "op" and tok.text == ")":
            if depth == 0:
                break
            depth -= 1
        elif depth or cases:
            if tok.kind == "word" and tok.upper in ("CASE", "END"):
                cases += 1 if tok.upper == "CASE" else -1
        elif tok.kind == "op" and tok.text in _ENDING_OPS:
            break
        elif tok.kind == "word" and tok.upper == "CASE":
            cases += 1
        elif tok.kind == "word" and tok.upper == "COLLATE":
            i += 1                                  # and the collation's name
        elif tok.kind == "word" and tok.upper == "NOT" and _prefix(tokens, i, start):
            return _not_end(tokens, i + 1)
        elif tok.kind == "word" and tok.upper in SQLITE_KEYWORDS and (
                tok.upper in _ENDING_WORDS or tok.upper not in _OPERAND_WORDS
                and not _call(tokens, i)):
            break
        i += 1
    return i


def _prefix(tokens: list[Token], i: int, start: int) -> bool:
    """Whether the NOT at ``i`` stands where an operand begins: first in the operand or
    after an operator sign (not after an operand, where it is NOT LIKE's)."""
    before = tokens[i - 1]
    return i == start or before.kind == "op" and before.text != ")"


def _not_end(tokens: list[Token], i: int) -> int:
    """The index of the first token after the operand of the unary NOT before ``i``: at
    depth 0, a comma, an unmatched ``)``, AND (not a BETWEEN's), OR, or a keyword that
    cannot stand in an expression."""
    depth = cases = betweens = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.kind == "semi":
            break
        if tok.kind == "op" and tok.text in ("(", ")"):
            depth += 1 if tok.text == "(" else -1
            if depth < 0:
                break
        elif depth or tok.kind != "word" and tok.text != ",":
            pass
        elif tok.text == "," and not cases:
            break
        elif tok.upper in ("CASE", "END"):
            cases += 1 if tok.upper == "CASE" else -1
        elif cases:
            pass
        elif tok.upper == "BETWEEN":
            betweens += 1
        elif tok.upper == "AND" and betweens:
            betweens -= 1
        elif tok.upper == "COLLATE":
            i += 1
        elif tok.upper in SQLITE_KEYWORDS and tok.upper not in _NOT_WORDS and \
                not _call(tokens, i) and not (tok.upper == "FROM"
                                              and tokens[i - 1].upper == "DISTINCT"):
            break
        i += 1
    return i


def _call(tokens: list[Token], i: int) -> bool:
    return i + 1 < len(tokens) and tokens[i + 1].text == "("


def put_back(tree: exp.Expression, snippets: list[str], parse_expression) -> None:
    """Put each operand cut out of the text back into its ``Escape`` node, parsed by
    ``parse_expression`` (text -> sqlglot expression)."""
    if not snippets:
        return
    markers = {MARKER.format(k): text for k, text in enumerate(snippets)}
    for node in list(tree.find_all(exp.Escape)):
        operand = node.expression
        if isinstance(operand, exp.Literal) and operand.is_string and operand.this in markers:
            node.set("expression", parse_expression(markers[operand.this]))
