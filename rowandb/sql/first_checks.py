"""A CREATE TABLE column whose first constraint is a CHECK, which sqlglot misreads.

sqlglot reads ``c CHECK (a)`` -- a column with no type (or one whose type the parser has
blanked) and a CHECK of one name -- as a column of type ``CHECK(a)``. ``check_first``
finds such columns after the parse and makes each the CHECK constraint it is. Moved out
of ``parser.py``, which is at its size limit.
"""

from __future__ import annotations

from sqlglot import expressions as exp

from .lexer import Token, closing_paren, syntax_error
from ..catalog.ascii_case import ascii_upper


def check_first(tree, tokens: list[Token], text: str, parse) -> None:
    """A column whose first constraint is a CHECK (no type before it, or its type already
    blanked): sqlglot reads ``CHECK (...)`` as a type with a parameter. Make it the CHECK
    constraint it is, its expression parsed again from the statement's text (``text``,
    whose offsets are the statement's) as any expression is (``parse``: the parser's
    ``_sqlglot_parse``)."""
    misread = [column for column in tree.find_all(exp.ColumnDef)
               if isinstance(kind := column.args.get("kind"), exp.DataType)
               and len(kind.expressions) <= 1
               and ascii_upper(str(kind.args.get("kind") or "")) == "CHECK"]
    for column, open_at in zip(misread, _first_checks(tokens)):
        close_at = closing_paren(tokens, open_at)
        if close_at == open_at + 1:
            raise syntax_error(text, tokens[close_at])      # CHECK (): near ")"
        start, end = tokens[open_at + 1].start, tokens[close_at - 1].end
        head = "SELECT"                         # padded so that offsets stay the statement's
        check = parse(head + " " * (start - len(head)) + text[start:end],
                      text).expressions[0]
        column.set("kind", None)
        column.set("constraints", [exp.ColumnConstraint(kind=exp.CheckColumnConstraint(
            this=check))] + (column.args.get("constraints") or []))


CONSTRAINT_WORDS = {"CONSTRAINT", "PRIMARY", "NOT", "NULL", "UNIQUE", "CHECK", "DEFAULT",
                    "COLLATE", "REFERENCES", "GENERATED", "AS"}


def _first_checks(tokens: list[Token]) -> list[int]:
    """The ``(`` after each CHECK that is the first constraint of a column of a CREATE
    TABLE's column list, in order."""
    found, depth, first_word = [], 0, None
    for i, tok in enumerate(tokens):
        if tok.text == "(":
            depth += 1
            if depth == 1:
                first_word = True
            continue
        if tok.text == ")":
            depth -= 1
            continue
        if depth != 1:
            continue
        if tok.text == ",":
            first_word = True
        elif first_word is True:
            first_word = tok.upper           # the column's name (or a table constraint's word)
        elif first_word and tok.upper in CONSTRAINT_WORDS:
            if tok.upper == "CHECK" and first_word not in CONSTRAINT_WORDS | {"FOREIGN"} \
                    and i + 1 < len(tokens) and tokens[i + 1].text == "(":
                found.append(i + 1)
            first_word = None                   # past the column's first constraint
    return found
