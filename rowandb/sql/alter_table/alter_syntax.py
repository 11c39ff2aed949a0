"""ALTER TABLE's grammar, read from the tokens (sqlglot's ALTER node keeps too little).

SQLite's grammar (src/parse.y) has four forms::

    ALTER TABLE fullname RENAME TO nm
    ALTER TABLE fullname RENAME [COLUMN] nm TO nm
    ALTER TABLE fullname ADD [COLUMN] columnname carglist
    ALTER TABLE fullname DROP [COLUMN] nm

``parse_alter`` reads them into an ``AlterSyntax``, with SQLite's syntax errors ("incomplete
input" when the statement stops early, ``near "X"`` at the first token that does not fit).
ADD COLUMN keeps the column definition as SQLite appends it to the stored CREATE TABLE
text (src/alter.c, sqlite3AlterFinishAddColumn: from the column's name to the end of the
statement, without trailing spaces and semicolons), after checking that it is one column
definition by parsing it as the only column of a stand-in CREATE TABLE.
RENAME and DROP COLUMN keep the column's name both unquoted and as written (SQLite's "no such
column" quotes the token as written). The newer forms of SQLite 3.54 are read too::

    ALTER TABLE fullname ALTER [COLUMN] nm SET NOT NULL [ON CONFLICT resolve]
    ALTER TABLE fullname ALTER [COLUMN] nm DROP NOT NULL
    ALTER TABLE fullname ADD [CONSTRAINT nm] CHECK (expr) [ON CONFLICT resolve]
    ALTER TABLE fullname DROP CONSTRAINT nm

(no other constraint kind follows ADD: UNIQUE, PRIMARY KEY, FOREIGN KEY are syntax errors,
as in SQLite); alter_constraints.py binds them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...errors import OperationalError
from ..parse.lexer import Token, closing_paren, is_name, is_nm, syntax_error, tokenize, unquote

_STAND_IN = "CREATE TABLE x("


@dataclass
class AlterSyntax:
    schema: str | None              # as written (unquoted); None when not given
    table: str                      # the table's name, unquoted
    action: str                     # "add", "rename", "rename_column", "drop_column",
    #                                 "set_not_null", "drop_not_null", "add_check", "drop_constraint"
    new_name: str | None = None     # RENAME TO / RENAME COLUMN: the new name, unquoted
    column_def: str | None = None   # ADD COLUMN: the definition as SQLite stores it
    column: str | None = None       # RENAME/DROP COLUMN: the column's name, unquoted
    new_quoted: bool = False        # RENAME COLUMN: the new name was written quoted
    written: str | None = None      # RENAME/DROP COLUMN: the column's name token as written
    text: str | None = None         # SET NOT NULL / ADD CHECK: the clause as SQLite stores it
    constraint: str | None = None   # ADD / DROP CONSTRAINT: the constraint's name, unquoted


def parse_alter(sql: str, tokens: list[Token], parse) -> AlterSyntax:
    """The ALTER TABLE statement of ``tokens``; ``parse`` is parser.parse (for the stand-in
    CREATE TABLE that checks an added column's definition)."""
    at = _Cursor(sql, tokens, 1)
    at.expect_word("TABLE")
    schema, table = None, at.name()
    if at.peek_text() == ".":
        at.i += 1
        schema, table = table, at.name()
    word = at.word()
    if word == "RENAME":
        return _rename(at, schema, table)
    if word == "ADD":
        return _add(at, schema, table, parse)
    if word == "DROP":
        if at.peek_upper() == "CONSTRAINT":
            at.i += 1
            constraint = at.name()
            at.end()
            return AlterSyntax(schema, table, "drop_constraint", constraint=constraint)
        if at.peek_upper() == "COLUMN":
            at.i += 1
        token = at.tokens[at.i] if at.i < len(at.tokens) else None
        column = at.name()
        at.end()
        return AlterSyntax(schema, table, "drop_column", column=column, written=token.text)
    if word == "ALTER":
        return _alter_column(at, schema, table)
    raise syntax_error(sql, tokens[at.i - 1])


def _alter_column(at: "_Cursor", schema, table) -> AlterSyntax:
    if at.peek_upper() == "COLUMN":
        at.i += 1
    column = at.name()
    if at.word() == "DROP":
        at.expect_word("NOT")
        at.expect_word("NULL")
        at.end()
        return AlterSyntax(schema, table, "drop_not_null", column=column)
    at.i -= 1
    at.expect_word("SET")
    first = at.i
    at.expect_word("NOT")
    at.expect_word("NULL")
    at.conflict_clause()
    at.end()
    return AlterSyntax(schema, table, "set_not_null", column=column,
                       text=stored_clause(at.sql, at.tokens[first].start))


def _rename(at: "_Cursor", schema, table) -> AlterSyntax:
    if at.peek_upper() == "TO":
        at.i += 1
        new_name = at.name()
        at.end()
        return AlterSyntax(schema, table, "rename", new_name=new_name)
    if at.peek_upper() == "COLUMN":
        at.i += 1
    token = at.tokens[at.i] if at.i < len(at.tokens) else None
    column = at.name()
    at.expect_word("TO")
    new_token = at.tokens[at.i] if at.i < len(at.tokens) else None
    new_name = at.name()
    at.end()
    return AlterSyntax(schema, table, "rename_column", new_name=new_name, column=column,
                       new_quoted=new_token.kind != "word", written=token.text)


def _add(at: "_Cursor", schema, table, parse) -> AlterSyntax:
    if at.peek_upper() in ("CONSTRAINT", "CHECK"):
        return _add_check(at, schema, table, parse)
    if at.peek_upper() == "COLUMN":
        at.i += 1
    first = at.i
    at.name()
    sql, tokens = at.sql, at.tokens
    start = tokens[first].start
    text = sql[start:]
    while text and (text[-1].isspace() or text[-1] == ";"):
        text = text[:-1]
    _check_one_column(sql, tokens[first:], start, text, parse)
    return AlterSyntax(schema, table, "add", column_def=text)


def _add_check(at: "_Cursor", schema, table, parse) -> AlterSyntax:
    """ADD [CONSTRAINT nm] CHECK (expr) [ON CONFLICT resolve]: the expression is checked by
    parsing the clause as the only constraint of a stand-in CREATE TABLE."""
    first, name = at.i, None
    if at.peek_upper() == "CONSTRAINT":
        at.i += 1
        name = at.name()
    at.expect_word("CHECK")
    if at.peek_text() != "(":
        at.word()                           # "incomplete input", or near the token
        raise syntax_error(at.sql, at.tokens[at.i - 1])
    close = closing_paren(at.tokens, at.i)
    inside = [t.text for t in at.tokens[at.i:close + 1]]
    if inside.count("(") != inside.count(")"):
        raise syntax_error(at.sql, None)        # the expression never ends
    at.i = close + 1
    at.conflict_clause()
    at.end()
    text = stored_clause(at.sql, at.tokens[first].start)
    try:
        parse(f"CREATE TABLE x(x, {text}\n)")
    except OperationalError as error:
        if is_syntax_error(error):
            raise
    return AlterSyntax(schema, table, "add_check", text=text, constraint=name)


_TAIL = re.compile(r"\s+|--[^\n]*|/\*.*?(?:\*/|\Z)|;", re.DOTALL)


def stored_clause(sql: str, start: int) -> str:
    """The text of ``sql`` from ``start`` to its last token, as SQLite 3.54 copies a clause
    of ALTER COLUMN SET NOT NULL or ADD CHECK into the table's CREATE text: trailing spaces,
    semicolons and ``--`` comments are left out, a trailing ``/* */`` comment is kept."""
    tokens = [t for t in tokenize(sql[start:]) if t.kind != "semi"]
    end = start + tokens[-1].end
    pos = end
    while pos < len(sql):
        m = _TAIL.match(sql, pos)
        if m.group().startswith("/*"):
            end = m.end()
        pos = m.end()
    return sql[start:end]


def _check_one_column(sql: str, tokens: list[Token], start: int, text: str, parse) -> None:
    """Parse ``text`` as the only column of a stand-in CREATE TABLE laid out at the same
    offsets as in ``sql`` (so a syntax error names the same line and column); a second
    item is SQLite's syntax error at the comma before it."""
    blank = "".join(c if c == "\n" else " " for c in sql[:start])
    head_line = blank.split("\n", 1)[0]
    if len(head_line) >= len(_STAND_IN):
        stand_in = _STAND_IN + blank[len(_STAND_IN):] + text + "\n)"
    else:
        stand_in = _STAND_IN + text + "\n)"
    try:
        parse(stand_in)
    except OperationalError as error:
        if is_syntax_error(error):
            raise
        # not the grammar (a subquery in a CHECK...): SQLite reports it once it reads the
        # table's new text, and so does bind_alter
    depth = 0
    for i, tok in enumerate(tokens):
        depth += (tok.text == "(") - (tok.text == ")")
        if depth == 0 and tok.text == ",":
            raise syntax_error(sql, tok)
        if tok.upper == "DEFAULT" and i + 2 < len(tokens) and is_name(tokens[i + 1]) \
                and tokens[i + 2].text == "(":
            raise syntax_error(sql, tokens[i + 2])     # DEFAULT abs(1): a call needs ( )


def is_syntax_error(error: OperationalError) -> bool:
    message = str(error)
    return message.startswith(("near ", "incomplete input", "unrecognized token"))


class _Cursor:
    """A position in the statement's tokens, with SQLite's errors for what is missing."""

    def __init__(self, sql: str, tokens: list[Token], i: int):
        self.sql, self.tokens, self.i = sql, tokens, i

    def _next(self) -> Token:
        if self.i >= len(self.tokens):
            raise syntax_error(self.sql, None)
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def peek_text(self) -> str | None:
        return self.tokens[self.i].text if self.i < len(self.tokens) else None

    def peek_upper(self) -> str | None:
        return self.tokens[self.i].upper if self.i < len(self.tokens) else None

    def word(self) -> str:
        return self._next().upper

    def expect_word(self, word: str) -> None:
        tok = self._next()
        if tok.upper != word:
            raise syntax_error(self.sql, tok)

    def name(self) -> str:
        """SQLite's ``nm``: a join keyword too (``ALTER TABLE full RENAME TO n``)."""
        tok = self._next()
        if not is_nm(tok):
            raise syntax_error(self.sql, tok)
        return unquote(tok.text)

    def conflict_clause(self) -> None:
        """An optional ON CONFLICT resolve."""
        if self.peek_upper() == "ON":
            self.i += 1
            self.expect_word("CONFLICT")
            tok = self._next()
            if tok.upper not in ("ROLLBACK", "ABORT", "FAIL", "IGNORE", "REPLACE"):
                raise syntax_error(self.sql, tok)

    def end(self) -> None:
        if self.i < len(self.tokens):
            raise syntax_error(self.sql, self.tokens[self.i])
