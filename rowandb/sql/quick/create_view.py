"""``CREATE VIEW name AS SELECT ...`` read without sqlglot, where the quick path's reader
reads the SELECT whole.

Why: index/view creates 1,065 views, each a text of its own, and each was parsed in full
-- the lexer's passes, sqlglot's parse of the query, the audit, the grammar checks, then
SQLite's recognizer, which every DDL statement meets (``statement_text.parse_one``) --
about 0.6 ms of a CREATE VIEW's 1 ms (docs/PERFORMANCE.md, branch ``select3view``), for
a tree no statement of the script reads: the quick path binds its references from the
view's text (view.py). SQLite checks nothing of a new view's query but its syntax and its
parameters (view_syntax.py); the reader takes only text SQLite's grammar takes, without
a parameter, so this reading has no error to find that the full parse would.

The form read: ``CREATE VIEW`` and a plain name (a word of letters, digits and ``_``, no
keyword of SQLite's, not ``sqlite_...``: the binder's error), no TEMP, IF NOT EXISTS,
schema or column list, ``AS`` and a SELECT of one table the reader reads to the end (no
subquery: view.py would decline its references), no semicolon, while the connection's
limits are SQLite's defaults. Its ``ViewSyntax`` is the full parse's but for its query
(``ReadQuery``: the text, no tree), so the statement is bound and run as before -- a taken
name's error, the stored text and all. Any other text is parsed as before.
``tests/test_quick_view.py`` compares this reading with the full parse.
"""

from __future__ import annotations

import re

from ...errors import OperationalError
from ...planner.types.limit_values import current
from ..parse.lexer import SQLITE_KEYWORDS, tokenize
from ..parse.parser import Parsed
from ..parse.view_syntax import ViewSyntax
from .reader import Decline, Reader

_SPACE = r"[ \t\n\f\r]+"       # SQLite's white space (Python's ``\s`` holds a vertical tab)
_FORM = re.compile(rf"CREATE{_SPACE}VIEW{_SPACE}([A-Za-z_][A-Za-z0-9_]*){_SPACE}AS{_SPACE}"
                   r"(?=SELECT\b)", re.IGNORECASE | re.ASCII)
_TRIMMED = " \t\n\f\r\v"        # what sqlite3CreateView trims off the stored text's end


class ReadQuery:
    """A view's query read by the reader and not parsed by sqlglot: its ``text``. It
    names no table of another schema (the reader takes plain table names only), so
    ``bind_view._refuse_other_schemas`` finds no tree to walk; a statement that needs the
    view's tree parses the stored text (``bind_view.parsed``)."""

    def __init__(self, text: str):
        self.text = text

    def trees(self) -> list:
        return []


def read(statement: str) -> Parsed | None:
    """The Parsed of a CREATE VIEW of the form above, else None."""
    found = _FORM.match(statement)
    if found is None or not current().at_defaults():
        return None
    name = found.group(1)
    if name.upper() in SQLITE_KEYWORDS or name[:7].lower() == "sqlite_":
        return None
    body = statement[found.end():]
    try:
        tokens = tokenize(body)
        if any(token.kind == "semi" for token in tokens):
            return None
        reader = Reader(tokens, body)
        reader.select()
    except (Decline, OperationalError):
        return None
    if reader.clauses is None or reader.subqueries or reader.clauses.joins:
        return None                     # (a join's view: read by the full path)
    text = "CREATE VIEW " + statement[found.start(1):].rstrip(_TRIMMED)
    view = ViewSyntax(False, False, None, name, None, ReadQuery(body), text)
    return Parsed("ddl", statement, view=view)
