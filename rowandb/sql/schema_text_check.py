"""SQLite's check that the text it stores for a new schema object parses again.

SQLite stores a CREATE statement's text in sqlite_schema without the schema name
(``CREATE TABLE main.x(a)`` is kept as ``CREATE TABLE x(a)``) and then reads that text
back (the ParseSchema step of the statement). A name that is a keyword only SQLite's
fallback lets stand after ``main.`` -- IF, which after ``CREATE TABLE`` opens ``IF NOT
EXISTS`` instead -- makes the stored text unreadable, so the statement fails with
'malformed database schema (if) - near "(": syntax error' (CorruptDatabaseError) and
creates nothing. The text of CREATE TABLE ... AS is built with quoted names, so it never
meets this. ``stored_text_error`` is that error, which ddl_run.py raises once the CREATE
has done its work (a CREATE IF NOT EXISTS that finds the name does nothing and succeeds),
so the statement's rollback undoes it.
"""

from __future__ import annotations

from ..errors import CorruptDatabaseError
from ..planner.plan import bound as b
from .parse.lexer import tokenize

_KINDS = {"TABLE", "INDEX", "VIEW", "TRIGGER"}


def stored_text(stmt) -> tuple[str, str] | None:
    """(the stored text, the object's name) of a CREATE statement, else None."""
    if isinstance(stmt, b.CreateTableAs):
        return None
    if isinstance(stmt, (b.CreateTable, b.CreateTrigger)):
        return stmt.draft.sql, stmt.draft.name
    if isinstance(stmt, b.CreateIndex):
        return stmt.index.sql, stmt.index.name
    if isinstance(stmt, b.CreateView):
        return stmt.sql, stmt.name
    return None


def stored_text_error(stmt) -> CorruptDatabaseError | None:
    """SQLite's error when the text ``stmt`` would store does not parse again (see
    above), else None."""
    found = stored_text(stmt)
    if found is None or not found[0]:
        return None
    text, name = found
    tokens = tokenize(text)[:6]
    at = next((i for i, t in enumerate(tokens) if t.upper in _KINDS), None)
    if at is None or at + 2 >= len(tokens):
        return None
    word, after = tokens[at + 1], tokens[at + 2]
    if word.kind != "word" or word.upper != "IF" or after.upper == "NOT":
        return None
    return CorruptDatabaseError.saying(
        f'malformed database schema ({name}) - near "{after.text}": syntax error')
