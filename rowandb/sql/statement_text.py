"""A statement's text for the session: split, parsed, and SQLite's error when it fails.

``Session._prepare`` gets its statement here: ``one_statement`` (several are
ProgrammingError, after the first one's syntax error: SQLite prepares the first before it
sees that more follow), ``parse_one`` (``parser.parse`` with SQLite's error for a statement
SQLite's grammar refuses, from ``recognizer/``, and 'incomplete input' or 'near ";"' for
one that ends too soon), ``split`` (an unrecognized token is SQLite's error unless a
syntax error comes first), ``trigger_header`` (the header of a CREATE TRIGGER, whose
errors SQLite finds before its body's).
"""

from __future__ import annotations

from ..errors import DatabaseError, OperationalError, ProgrammingError
from .parse import create_index, drop_view, parse_copies
from .quick import create_view
from .parse.lexer import creates_trigger, split_statements, tokenize
from .parse.parse_cache import keep_statement
from .parse.parser import Parsed, ends_too_soon, parse
from .parse.recognizer import sqlite_error, syntax_error


def parse_one(sql: str, statement: str) -> Parsed:
    """``parse(statement)``, one statement of ``sql``, but a statement SQLite's grammar
    refuses gets SQLite's syntax error (recognizer/), and one that ends too soon
    'incomplete input', or 'near ";"' when a semicolon ends it. A DDL statement is
    given to the recognizer even when it parses: sqlglot takes some that SQLite refuses
    (``a INT IDENTITY(1, 1 SOME)``, ``REFERENCES FROM p``, a trigger's empty ``SELECT ;``),
    and DDL is rare enough for its cost (the corpus's queries never pay it). So is a
    statement holding a parameter: sqlglot reads one as a name where SQLite's grammar
    takes only a name (``SELECT 1 AS ?``, ``FROM t AS :a``), and such a text is parsed once
    per connection's cache, not per execution (0.2 ms). A CREATE VIEW
    written as the catalog keeps it is kept as that text's parse (``parse_cache``): the
    view's first reference does not parse it again. A DROP VIEW of plain names is read
    by ``drop_view`` (SQLite's grammar takes every text it reads), a CREATE VIEW of a
    query the quick path reads by ``quick/create_view.py``, a CREATE INDEX of plain
    names on columns by ``create_index`` (its grammar takes these too). A text parsed
    before whose parse ``parse_copies`` kept gets a copy of it, with no parse and no
    recognizer."""
    dropped = drop_view.read(statement, parse) or create_index.read(statement, parse) or \
        create_view.read(statement) or parse_copies.copied(statement)
    if dropped is not None:
        return dropped
    try:
        parsed = parse(statement)
    except DatabaseError as error:
        found = sqlite_error(statement, error)
        if found is error and not _cut_short(error, statement):
            raise
        if found is not error and str(found) != "incomplete input":
            raise found from None
        sql = before_nul(sql)
        after = sql[sql.find(statement) + len(statement):] if statement in sql else ""
        tokens = tokenize(after)
        if tokens and tokens[0].kind == "semi":
            raise OperationalError('near ";": syntax error') from None
        raise OperationalError("incomplete input") from None
    if parsed.kind == "ddl" or parsed.params.count:     # sqlglot reads some SQLite refuses
        found = syntax_error(statement)
        if found is not None:
            raise found
        if parsed.view is not None and parsed.view.sql == statement:
            keep_statement(statement, parsed)   # the text the catalog keeps: parsed once
    parse_copies.keep(statement, parsed)
    return parsed


def _cut_short(error: Exception, statement: str) -> bool:
    """Whether RowanDB's own ``error`` says ``statement`` ends too soon."""
    message = str(error)
    return isinstance(error, OperationalError) and (
        message == "incomplete input" or "syntax error" in message and ends_too_soon(statement))


#: RowanDB's refusal of SQL text holding a NUL character, once the text before it is
#: prepared (the message Python's sqlite3 gives)
NUL_IN_TEXT = "the query contains a null character"


def before_nul(sql: str) -> str:
    """The text SQLite's prepare reads of ``sql``: up to its first NUL character, where a
    C string ends. A string, quoted name or comment the NUL falls in ends there (an
    unterminated string is 'unrecognized token', a statement cut short 'incomplete
    input'); what prepares is then refused (``NUL_IN_TEXT``), as apsw refuses the text
    left after the NUL, rather than run with its end ignored."""
    at = sql.find("\x00")
    return sql if at < 0 else sql[:at]


def runs_before_nul(sql: str) -> bool:
    """Whether the last statement before ``sql``'s NUL runs before the text is refused:
    when its ';' is followed by whitespace or a comment before the NUL. SQLite's prepare
    of it then ends short of the NUL, apsw runs it, and only the next prepare meets the NUL
    ('INSERT ...; \\x00' inserts, 'INSERT ...;\\x00' does not)."""
    text = before_nul(sql)
    try:
        tokens = tokenize(text)
    except OperationalError:                # a string or name the NUL cut: refused
        return False
    return bool(tokens) and tokens[-1].kind == "semi" and tokens[-1].end < len(text)


def split(sql: str) -> list[str]:
    """``sql``'s statements (before any NUL); a token SQLite's tokenizer refuses is its
    error unless a syntax error comes first (recognizer/)."""
    sql = before_nul(sql)
    try:
        return split_statements(sql)
    except OperationalError as error:
        raise sqlite_error(sql, error) from None


def refuse_first(statements: list[str]) -> None:
    """Raise SQLite's syntax error in the first of several ``statements``, if it has
    one: SQLite prepares the first before it sees that more follow."""
    found = syntax_error(statements[0] + ";") if statements else None
    if found is not None:
        raise found


def one_statement(sql: str) -> str:
    """``sql``'s one statement (ProgrammingError for several, after the first one's syntax
    error)."""
    statements = split(sql)
    if len(statements) > 1:
        refuse_first(statements)
        raise ProgrammingError("You can only execute one statement at a time.")
    if not statements:
        raise OperationalError("incomplete input")
    return statements[0]


def trigger_header(statement: str) -> str | None:
    """``statement``'s CREATE TRIGGER header with an empty body, when the statement is a
    CREATE TRIGGER whose header SQLite's grammar takes whole (then any syntax error is the
    body's); None otherwise."""
    try:
        tokens = tokenize(statement)
    except OperationalError:
        return None
    ups = [t.upper for t in tokens]
    if not creates_trigger(ups[:3]) or "ON" not in ups:
        return None
    begin = next((i for i in range(ups.index("ON"), len(ups)) if ups[i] == "BEGIN"), None)
    if begin is None:
        return None
    header = statement[:tokens[begin].end] + " SELECT 1; END"
    return header if syntax_error(header) is None else None
