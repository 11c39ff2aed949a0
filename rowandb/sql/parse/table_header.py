"""The errors of a CREATE TABLE that SQLite raises before the one RowanDB's parse found.

SQLite's parser calls an action as it reduces each phrase, and stops reading once one
fails (docs/SQL.md, "Syntax errors: the token SQLite names"). For CREATE TABLE that puts
two checks before errors RowanDB's parse finds first:

- the header's (build.c, sqlite3StartTable): its action runs when the token after the
  name, ``(`` or ``AS``, is read, so an existing table, view or index of that name, a
  reserved ``sqlite_`` name, an unknown database or a qualified TEMP name is the error
  even when the rest never parses (``CREATE TABLE t(a,`` with t existing: 'table t
  already exists'). ``table_header`` gives the header with a column list of its own, for
  the session to bind (as ``statement_text.trigger_header`` does for a trigger);
- the table options': an option other than STRICT and WITHOUT ROWID is 'unknown table
  option' as its phrase is reduced. Followed by a ``,``, reading stops there, after
  every column's action but before sqlite3EndTable; last in the statement, the same
  look-ahead reduces the whole statement, and sqlite3EndTable's own errors (a STRICT
  table's datatypes, a WITHOUT ROWID table's PRIMARY KEY, a CHECK's names...) replace
  it. ``options_cut`` gives the statement without that option and what follows, for
  the session to bind: its error stands when SQLite reaches it (``end_table_reached``).
"""

from __future__ import annotations

from contextvars import ContextVar

from ...errors import DatabaseError, OperationalError
from .lexer import Token, closing_paren, tokenize

#: The unknown table option's error while the statement cut before it is bound, when the
#: option was last: sqlite3EndTable resolves the CHECKs and generated columns with it
#: noted, so a walk goes on only into names and functions (bind_ddl.validate_checks).
OPTION_WAITING: ContextVar = ContextVar("option_waiting", default=None)

#: The errors sqlite3EndTable raises (RowanDB's binder raises them with the columns').
_END_TABLE = ("missing datatype for ", "unknown datatype for ", "PRIMARY KEY missing on ",
              "AUTOINCREMENT not allowed on WITHOUT ROWID", "must have at least one non-generated")
#: The errors of resolving names, which sqlite3EndTable raises for a CHECK constraint
#: (a generated column's it lets be, then: measured).
_RESOLVING = ("no such column", "no such function", "misuse of ", "wrong number of arguments")


def raise_earlier(statement: str, error: Exception, bind) -> None:
    """Raise the error SQLite finds before ``error``, RowanDB's parse error of
    ``statement``, if there is one: ``bind(text)`` binds a statement's text. A CREATE
    TRIGGER's header and a CREATE TABLE's (``statement_text.trigger_header``,
    ``table_header``), then a CREATE TABLE's columns and end (``options_cut``)."""
    from ..statement_text import trigger_header
    header = trigger_header(statement) or table_header(statement)
    if header is not None:
        try:
            bind(header)
        except DatabaseError as found:
            raise found from None
    cut = options_cut(statement, error)
    if cut is not None:
        noted = OPTION_WAITING.set(error if cut[1] else None)
        try:
            bind(cut[0])
        except DatabaseError as found:
            if end_table_reached(found, cut[1], cut[0]):
                raise found from None
        finally:
            OPTION_WAITING.reset(noted)


def _tokens(statement: str) -> list[Token] | None:
    try:
        return tokenize(statement)
    except OperationalError:
        return None


def _name_end(tokens: list[Token]) -> int | None:
    """The index of the token after a CREATE TABLE's name, or None when ``tokens`` are no
    CREATE TABLE's."""
    ups = [t.upper for t in tokens]
    at = 2 if ups[1:2] in (["TEMP"], ["TEMPORARY"]) else 1
    if ups[:1] != ["CREATE"] or ups[at:at + 1] != ["TABLE"]:
        return None
    at += 1
    if ups[at:at + 3] == ["IF", "NOT", "EXISTS"]:
        at += 3
    at += 1
    if ups[at:at + 1] == ["."]:
        at += 2
    return at if at < len(tokens) else None


def table_header(statement: str) -> str | None:
    """``statement``'s CREATE TABLE header with a column list of its own, when SQLite's
    parser reads it whole (the token after the name is ``(`` or ``AS``); else None."""
    from .recognizer import syntax_error   # the recognizer's early errors import this package
    tokens = _tokens(statement)
    at = _name_end(tokens) if tokens else None
    if at is None or tokens[at].upper not in ("(", "AS"):
        return None
    header = statement[:tokens[at].start] + "(x)"
    return header if syntax_error(header) is None else None


def options_cut(statement: str, error: Exception) -> tuple[str, bool] | None:
    """(the statement without its unknown table option and what follows, whether that
    option was the statement's last) when ``error`` is that option's, else None."""
    message = str(error)
    if not message.startswith("unknown table option: "):
        return None
    tokens = _tokens(statement)
    at = _name_end(tokens) if tokens else None
    if at is None or tokens[at].text != "(":
        return None
    i = kept = closing_paren(tokens, at)
    i += 1
    while i < len(tokens) and tokens[i].kind != "semi":
        if tokens[i].text == ",":       # (the list may start with one)
            i += 1
            continue
        without = tokens[i].upper == "WITHOUT"
        word = i + without
        if word >= len(tokens):
            return None
        if tokens[word].upper != ("ROWID" if without else "STRICT"):
            rest = [t for t in tokens[word + 1:] if t.kind != "semi"]
            return statement[:tokens[kept].end], not rest
        kept = i = word
        i += 1
    return None


def end_table_reached(error: Exception, last: bool, statement: str) -> bool:
    """Whether SQLite raises ``error``, the cut ``statement``'s, before its unknown
    option's: a column's always; sqlite3EndTable's when that option was last (a name's
    only as the walk goes on with the option's error noted: ``OPTION_WAITING``)."""
    return last or not str(error).startswith(_END_TABLE + _RESOLVING)
