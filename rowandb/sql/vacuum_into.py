"""The file name of ``VACUUM INTO expr`` when ``expr`` is more than one token.

SQLite reads any expression after INTO (parse.y's ``vinto``), resolves it against no table
(vacuum.c: a self-reference with no table, so a name is ``no such column``, an aggregate
or a window function a misuse) when the statement is prepared, and codes it before the
VACUUM itself runs: its errors come before ``cannot VACUUM from within a transaction``;
its value, if it is not text, is ``non-text filename`` after that check.

RowanDB reads it the same way with statements of its own: the whole VACUUM statement goes
through the recognizer first (parse/recognizer/), so only SQLite's syntax is taken; the
expression is then prepared as a WHERE term of a one-row SELECT (where an aggregate or a
window function is the same misuse) and evaluated as that SELECT's one result column.
A parameter keeps its slot: nothing before the expression in either statement is one.
"""

from __future__ import annotations

from ..errors import OperationalError
from .parse.lexer import Token
from .parse.recognizer import syntax_error


def expression_text(sql: str, tokens: list[Token], start: int) -> str:
    """The text of the expression after INTO (it begins at offset ``start``); SQLite's
    syntax error if the statement is not in its language."""
    error = syntax_error(sql)
    if error is not None:
        raise error
    return sql[start:tokens[-1].start + len(tokens[-1].text)]


def evaluate(session, expression: str, params: tuple):
    """The value of ``expression``, or SQLite's error for it (whether it is text is
    asked later, after the transaction check, as sqlite3RunVacuum does)."""
    from .prepared import Prepared
    version = session._plan_version()
    check = f"SELECT 1 WHERE {expression}"
    session._compile(Prepared(session._parse(check, check), version))  # name, misuse errors
    select = f"SELECT {expression}"
    result = session._run(Prepared(session._parse(select, select), version), params)
    return result.rows[0][0]


def text_file_name(value) -> str:
    if not isinstance(value, str):
        raise OperationalError("non-text filename")
    return value
