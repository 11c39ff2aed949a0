"""A DDL statement holding parameters is prepared before its parameters are counted.

SQLite refuses a CHECK constraint's or a generated column's parameter where it resolves
their names, which it does as it prepares a CREATE TABLE (sqlite3EndTable) or an ALTER
TABLE ... ADD CHECK; Python's sqlite3 and apsw prepare before they count the values
given. RowanDB binds DDL when it runs it, after the count: ``prepare_first`` binds such a
statement first, so that its error -- a column named before the parameter, 'parameters
prohibited in CHECK constraints' -- is the one reported. A statement that binds (``CREATE
TABLE IF NOT EXISTS`` of an existing table) goes on to the count. ALTER TABLE ... ADD
COLUMN counts its parameters as any statement does (``CHECK (x > ?)``: one), and SQLite
reports at prepare only what its parser finds of the new column (a DEFAULT that is not
constant): the table's text is checked with it only when it runs ('error in table t after
add column: ...'), as are the rows it would break, so those errors come after the count.
"""

from __future__ import annotations

from ..errors import OperationalError
from .parse.lexer import tokenize


def prepare_first(session, prepared) -> None:
    """Bind ``prepared`` now if it is DDL holding a parameter that SQLite refuses as it
    prepares it (raises its error)."""
    if not holds_parameter(prepared.parsed):
        return
    if not _adds_column(prepared.parsed.text):
        session._compile(prepared)
        return
    try:
        session._compile(prepared)
    except OperationalError as error:
        if not str(error).startswith(_WHEN_RUN):
            raise


#: What SQLite finds of ALTER TABLE ... ADD COLUMN only when it runs (alter.c: the new
#: text's check, sqlite3ErrorIfNotEmpty)
_WHEN_RUN = ("error in table ", "Cannot add a NOT NULL column", "Cannot add a REFERENCES column")


def holds_parameter(parsed) -> bool:
    """Whether ``parsed`` is DDL with a parameter (one in a generated column's AS clause,
    which sqlglot is not shown, included)."""
    return parsed.kind == "ddl" and (parsed.params.count > 0 or any(
        t.kind == "param" for t in tokenize(parsed.text)))


def _adds_column(text: str) -> bool:
    words = [t.upper for t in tokenize(text)[:8]]
    if words[:1] != ["ALTER"] or "ADD" not in words:
        return False
    return words[words.index("ADD") + 1:][:1] not in (["CHECK"], ["CONSTRAINT"])
