"""Errors SQLite's parser actions raise before its syntax error, found by the recognizer.

SQLite adds each column of CREATE TABLE as the parser reduces its definition (at the
token after the column's type), reads each table option as it reduces it (at the ``,``
or end after it), and compares each row of a VALUES list with the first as it reduces
the row (at the token after its ``)``): a second column of the same name is 'duplicate
column name: X', an option other than ``WITHOUT ROWID`` and ``STRICT`` 'unknown table
option: X', a row of another length 'all VALUES must have the same number of terms', a
trigger step's qualified table 'qualified table names are not allowed ...' (at the ``;``
ending the step), and the statement stops there. When RowanDB finds a syntax error in
such a statement, the first of these whose look-ahead comes before the syntax error's
token is SQLite's error instead. (When RowanDB's own error is one of these,
early_errors.py keeps it.)
"""

from __future__ import annotations

from ....catalog.ascii_case import ascii_lower
from ....errors import OperationalError
from ..lexer import Token, closing_paren, unquote

_TABLE_CONSTRAINT = frozenset(("CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"))
_COLUMN_CONSTRAINT = frozenset(("CONSTRAINT", "DEFAULT", "NULL", "NOT", "PRIMARY", "UNIQUE",
                                "CHECK", "REFERENCES", "DEFERRABLE", "COLLATE", "GENERATED",
                                "AS", ",", ")", "("))


def action_error(tokens: list[Token], stop: int) -> OperationalError | None:
    """SQLite's error from a parser action read before ``tokens[stop]``, or None."""
    found = [e for e in _table_errors(tokens, stop) + [_values_rows(tokens, stop),
                                                       _qualified_step(tokens, stop)]
             if e is not None]
    return min(found, key=lambda e: e[0])[1] if found else None


def _table_errors(tokens: list[Token], stop: int) -> list:
    ups = [t.upper for t in tokens]
    if ups[:1] != ["CREATE"] or "TABLE" not in ups[1:3] or "(" not in ups:
        return []
    opens = ups.index("(")
    if "AS" in ups[:opens]:
        return []
    close = closing_paren(tokens, opens)
    return [_duplicate_column(tokens, opens, close, stop), _unknown_option(tokens, close, stop)]


def _qualified_step(tokens: list[Token], stop: int):
    """(look-ahead index, error) of the first INSERT, UPDATE or DELETE step of a CREATE
    TRIGGER's body whose table is qualified, read before ``stop``: SQLite refuses it as it
    reduces the whole step, at the ``;`` that ends it -- not in a TEMP trigger."""
    ups = [t.upper for t in tokens]
    if ups[:1] != ["CREATE"] or "TRIGGER" not in ups[1:3] or "BEGIN" not in ups:
        return None
    name = ups.index("TRIGGER") + (4 if ups[ups.index("TRIGGER") + 1:][:1] == ["IF"] else 1)
    if ups[1] in ("TEMP", "TEMPORARY") or \
            ups[name + 1:name + 2] == ["."] and ascii_lower(unquote(tokens[name].text)) == "temp":
        return None
    depth, qualified = 0, False
    for i in range(ups.index("BEGIN") + 1, min(stop, len(tokens))):
        text = tokens[i].text
        depth += (text == "(") - (text == ")")
        if ups[i - 1] in ("BEGIN", ";") and ups[i] in ("INSERT", "REPLACE", "UPDATE", "DELETE"):
            at = i + (3 if ups[i + 1:i + 2] == ["OR"] else 1) + (ups[i] != "UPDATE")
            qualified = at + 1 < len(tokens) and tokens[at + 1].text == "."
        elif text == ";" and depth == 0:
            if qualified:
                return i, OperationalError(_QUALIFIED)
    return None


_QUALIFIED = ("qualified table names are not allowed on INSERT, UPDATE, and DELETE "
              "statements within triggers")


def _values_rows(tokens: list[Token], stop: int):
    """(look-ahead index, error) of the first VALUES row whose length differs from its
    list's first row, read before ``stop``."""
    for i in range(len(tokens) - 1):
        if tokens[i].upper != "VALUES" or tokens[i + 1].text != "(" or \
                i and tokens[i - 1].upper == "DEFAULT":
            continue
        first, at = _row_length(tokens, i + 1), closing_paren(tokens, i + 1) + 1
        while at + 1 < stop and tokens[at].text == "," and tokens[at + 1].text == "(":
            end = closing_paren(tokens, at + 1)
            if end + 1 >= stop:
                break
            if _row_length(tokens, at + 1) != first:
                return end + 1, OperationalError("all VALUES must have the same number of terms")
            at = end + 1
    return None


def _row_length(tokens: list[Token], opens: int) -> int:
    """The number of top-level terms in the parenthesis at ``opens``."""
    count, i, close = 1, opens + 1, closing_paren(tokens, opens)
    while i < close:
        if tokens[i].text == "(":
            i = closing_paren(tokens, i)
        elif tokens[i].text == ",":
            count += 1
        i += 1
    return count


def _duplicate_column(tokens: list[Token], opens: int, close: int, stop: int):
    """(look-ahead index, error) of the first column defined twice, read before ``stop``."""
    seen: set[str] = set()
    start = opens + 1
    while start < min(close, stop):
        if tokens[start].upper in _TABLE_CONSTRAINT:
            return None                 # the table constraints: no more columns
        name, after = unquote(tokens[start].text), _after_type(tokens, start + 1)
        if after >= stop:
            return None
        if ascii_lower(name) in seen:
            return after, OperationalError(f"duplicate column name: {name}")
        seen.add(ascii_lower(name))
        start = _next_item(tokens, after, close) + 1
    return None


def _after_type(tokens: list[Token], i: int) -> int:
    """The index after a column's type name (words, then an optional ``(...)``)."""
    while i < len(tokens) and tokens[i].kind in ("word", "quoted", "string") and \
            tokens[i].upper not in _COLUMN_CONSTRAINT:
        i += 1
    if i < len(tokens) and tokens[i].text == "(" and i and tokens[i - 1].kind != "op":
        i = closing_paren(tokens, i) + 1
    return i


def _next_item(tokens: list[Token], i: int, close: int) -> int:
    """The index of the ``,`` (or closing parenthesis) that ends the item at ``i``."""
    while i < close and tokens[i].text != ",":
        i = closing_paren(tokens, i) + 1 if tokens[i].text == "(" else i + 1
    return i


def _unknown_option(tokens: list[Token], close: int, stop: int):
    """(look-ahead index, error) of the first unknown table option read before ``stop``."""
    i = close + 1
    while i < stop:
        if tokens[i].text == ",":       # the option list may start with an empty one
            i += 1
            continue
        without = tokens[i].upper == "WITHOUT"
        at = i + without
        if at >= len(tokens) or at + 1 >= stop:
            return None
        word = unquote(tokens[at].text)
        if ascii_lower(word) != ("rowid" if without else "strict"):
            return at + 1, OperationalError(f"unknown table option: {word}")
        if tokens[at + 1].text != ",":
            return None
        i = at + 2
    return None
