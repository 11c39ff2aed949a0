"""A CREATE TABLE column whose first constraint is a CHECK, which sqlglot misreads.

sqlglot reads ``c CHECK (a)`` -- a column with no type (or one whose type the parser has
blanked) and a CHECK of one name -- as a column of type ``CHECK(a)``. ``check_first``
finds such columns after the parse and makes each the CHECK constraint it is. Moved out
of ``parser.py``, which is at its size limit.
"""

from __future__ import annotations

from sqlglot import expressions as exp

from .key_terms import moved_offsets
from .lexer import Token, closing_paren, syntax_error
from ...catalog.ascii_case import ascii_upper


def check_first(tree, tokens: list[Token], text: str, parse, sql: str) -> None:
    """A column whose first constraint is a CHECK (no type before it, or its type already
    blanked): sqlglot reads ``CHECK (...)`` as a type with a parameter. Make it the CHECK
    constraint it is, its expression parsed again from the statement's text (``text``,
    whose offsets are those of the statement ``sql`` but where sqlglot_text changed a
    token's length) as any expression is (``parse``: the parser's ``_sqlglot_parse``)."""
    misread = [column for column in tree.find_all(exp.ColumnDef)
               if isinstance(kind := column.args.get("kind"), exp.DataType)
               and len(kind.expressions) <= 1
               and ascii_upper(str(kind.args.get("kind") or "")) == "CHECK"]
    if not misread:
        return
    items = tree.this.expressions if isinstance(tree.this, exp.Schema) else []
    # each CHECK to the column it is written in: sqlglot misreads only some of them
    # (``b CHECK (b > 0), e CHECK (1)``: e's alone, which took b's expression)
    found = [(items[k], at) for k, at in _first_checks(tokens) if k < len(items)]
    moved = moved_offsets(tokens, text) if sql != text else None
    for column, open_at in [(c, at) for c, at in found if any(c is m for m in misread)]:
        close_at = closing_paren(tokens, open_at)
        if close_at == open_at + 1:
            raise syntax_error(text, tokens[close_at])      # CHECK (): near ")"
        start, end = tokens[open_at + 1].start, tokens[close_at - 1].end
        if moved is not None:       # sqlglot_text made a name shorter or longer ('a''b')
            start, end = moved[start], moved[end]
        head = "SELECT"                         # padded so that offsets stay the statement's
        check = parse(head + " " * (start - len(head)) + text[start:end],
                      text).expressions[0]
        column.set("kind", None)
        column.set("constraints", [exp.ColumnConstraint(kind=exp.CheckColumnConstraint(
            this=check))] + (column.args.get("constraints") or []))


CONSTRAINT_WORDS = {"CONSTRAINT", "PRIMARY", "NOT", "NULL", "UNIQUE", "CHECK", "DEFAULT",
                    "COLLATE", "REFERENCES", "GENERATED", "AS"}


def _first_checks(tokens: list[Token]) -> list[int]:
    """(the column's place in the list, the ``(`` after its CHECK) of each CHECK that is
    the first constraint of a column of a CREATE TABLE's column list, in order. A generated column's clause before it does not count:
    the parser blanks it for sqlglot (generated.check_syntax), which then reads the CHECK
    as it reads one right after the name."""
    found, depth, first_word = [], 0, None
    skip, item = -1, -1
    for i, tok in enumerate(tokens):
        if i <= skip:
            continue
        if depth == 1 and isinstance(first_word, str) and _generated_at(tokens, i):
            skip = _generated_end(tokens, i)
            continue
        if tok.text == "(":
            depth += 1
            if depth == 1:
                first_word, item = True, item + 1
            continue
        if tok.text == ")":
            depth -= 1
            continue
        if depth != 1:
            continue
        if tok.text == ",":
            first_word, item = True, item + 1
        elif first_word is True:
            first_word = tok.upper           # the column's name (or a table constraint's word)
        elif first_word and tok.upper in CONSTRAINT_WORDS:
            if tok.upper == "CHECK" and first_word not in CONSTRAINT_WORDS | {"FOREIGN"} \
                    and i + 1 < len(tokens) and tokens[i + 1].text == "(":
                found.append((item, i + 1))
            first_word = None                   # past the column's first constraint
    return found


def _generated_at(tokens: list[Token], i: int) -> bool:
    """Whether ``GENERATED ALWAYS AS (`` or ``AS (`` starts at token ``i``."""
    words = [t.upper for t in tokens[i:i + 4]]
    return words[:2] == ["AS", "("] or words == ["GENERATED", "ALWAYS", "AS", "("]


def _generated_end(tokens: list[Token], i: int) -> int:
    """The last token of the generated column's clause starting at ``i``: its closing
    parenthesis, or the VIRTUAL or STORED after it."""
    close = closing_paren(tokens, i + 1 if tokens[i].upper == "AS" else i + 3)
    following = tokens[close + 1].upper if close + 1 < len(tokens) else None
    return close + 1 if following in ("VIRTUAL", "STORED") else close
