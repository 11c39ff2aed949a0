"""CREATE VIEW read from the tokens (sqlite.org/lang_createview.html).

    CREATE [TEMP | TEMPORARY] VIEW [IF NOT EXISTS] [schema.]name [(column, ...)] AS select

sqlglot is handed only the SELECT: it is parsed as a statement of its own (``parse``, WITH
clauses and all) from a text as long as the CREATE VIEW, everything before the SELECT
blanked, so its tokens keep their offsets and its result columns are named from the text
as written. The text ``sqlite_schema`` keeps is SQLite's: ``CREATE VIEW`` and then the
statement from the view's name on, without a schema prefix, IF NOT EXISTS or TEMP (as
sqlite3CreateView and sqlite3EndTable build it).

SQLite checks nothing of the SELECT but its syntax and the absence of parameters when the
view is created ("parameters are not allowed in views"); the rest waits until a statement
uses the view (``bind_view.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlglot import expressions as exp

from ...errors import OperationalError
from .lexer import JOIN_KEYWORDS, Token, is_name, syntax_error, unquote
from .with_clause import blanked, column_list

_QUERY_HEADS = ("SELECT", "VALUES", "WITH")
_NOT_QUERIES = ("INSERT", "REPLACE", "UPDATE", "DELETE")


@dataclass
class ViewSyntax:
    temp: bool
    if_not_exists: bool
    schema: str | None              # as written, unquoted
    name: str                       # as written, unquoted
    columns: list[str] | None       # the explicit column list
    body: object                    # the SELECT: a parser.Parsed
    sql: str                        # the text sqlite_schema shows


def is_create_view(tokens: list[Token]) -> bool:
    words = [t.upper for t in tokens[:3] if t.kind == "word"]
    return words[:2] == ["CREATE", "VIEW"] or \
        words[:3] in (["CREATE", "TEMP", "VIEW"], ["CREATE", "TEMPORARY", "VIEW"])


def parse_create_view(sql: str, tokens: list[Token], parse) -> ViewSyntax:
    """The CREATE VIEW statement ``sql``; ``parse`` parses its SELECT."""
    def word(k: int) -> str:
        return tokens[k].upper if k < len(tokens) and tokens[k].kind == "word" else ""

    def fail(k: int) -> OperationalError:
        return syntax_error(sql, tokens[k] if k < len(tokens) else None)

    def name_at(k: int) -> str:
        if k >= len(tokens) or not (is_name(tokens[k]) or word(k) in JOIN_KEYWORDS):
            raise fail(k)
        return unquote(tokens[k].text)

    temp = word(1) in ("TEMP", "TEMPORARY")
    k = 3 if temp else 2
    if_not_exists = word(k) == "IF"
    if if_not_exists:
        for offset, expected in enumerate(("NOT", "EXISTS"), 1):
            if word(k + offset) != expected:
                raise fail(k + offset)
        k += 3
    schema, name_token = None, k
    name = name_at(k)
    if k + 1 < len(tokens) and tokens[k + 1].text == ".":
        schema, name_token = name, k + 2
        name = name_at(k + 2)
    k = name_token + 1
    columns = None
    if k < len(tokens) and tokens[k].text == "(":
        columns, k = column_list(sql, tokens, k + 1)
    if word(k) != "AS":
        raise fail(k)
    k += 1
    if k >= len(tokens):
        raise fail(k)
    if word(k) not in _QUERY_HEADS:
        raise fail(k)
    body = parse(blanked(sql[:tokens[k].start]) + sql[tokens[k].start:])
    if body.kind != "select":           # WITH ... DELETE: SQLite's parser stops at DELETE
        raise fail(next(j for j in range(k, len(tokens)) if word(j) in _NOT_QUERIES))
    if body.params.count:
        raise OperationalError("parameters are not allowed in views")
    _check_values(body)
    # to the statement's end, a comment after the query kept (sqlite3CreateView: to the
    # semicolon or the end of the text, white space trimmed)
    end = tokens[-1].start if tokens[-1].kind == "semi" else len(sql)
    text = "CREATE VIEW " + sql[tokens[name_token].start:end].rstrip(" \t\n\f\r\v")
    return ViewSyntax(temp, if_not_exists, schema, name, columns, body, text)



def _check_values(body) -> None:
    """Rows of one VALUES of different widths: SQLite's parser refuses them, so CREATE VIEW
    fails (a query meets the same error when it is bound)."""
    for tree in body.trees():
        for values in tree.find_all(exp.Values):
            if len({len(row.expressions) for row in values.expressions}) > 1:
                raise OperationalError("all VALUES must have the same number of terms")
