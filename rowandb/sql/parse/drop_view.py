"""``DROP VIEW [IF EXISTS] [schema.]name`` of plain names, read without sqlglot.

index/view drops every view it creates, and drops it first with IF EXISTS: two DROP VIEW
statements per CREATE VIEW, each a text of its own, so each was parsed in full -- the
lexer's passes, sqlglot, the audit, then SQLite's recognizer, which every DDL statement
meets (``statement_text.parse_one``) -- for a tree of one name (docs/PERFORMANCE.md,
branch ``select3view``). A text of exactly SQLite's form (parse.y: ``cmd ::= DROP VIEW
ifexists fullname``) whose names are plain words, no keyword of SQLite's, on one line
with no comment, is read here by one pattern: its tree is a copy of the tree sqlglot
gives such a text (parsed once, the first time), its names put in with the offsets
sqlglot records for them. Any other text -- quoted names, keywords as names, comments,
line breaks, parameters -- is parsed as before, and so is every text while a limit of the
connection differs from SQLite's default (``limit_values``: the full parse checks the
tree's height against SQLITE_LIMIT_EXPR_DEPTH, and the template is made under the
defaults). SQLite's grammar takes every text the pattern takes, so the recognizer has
nothing to find in them.
tests/test_drop_view_read.py compares this reading with the full parse.
"""

from __future__ import annotations

import re

from sqlglot import expressions as exp

from ...planner.types.limit_values import current
from .lexer import SQLITE_KEYWORDS

_NAME = r"([A-Za-z_][A-Za-z0-9_]*)"
_FORM = re.compile(r"[ \t]*DROP[ \t]+VIEW[ \t]+(IF[ \t]+EXISTS[ \t]+)?" + _NAME +
                   r"(?:[ \t]*\.[ \t]*" + _NAME + r")?[ \t]*;?[ \t]*\Z", re.I | re.A)
_TEMPLATES: dict = {}           # IF EXISTS or not -> the full parse of a DROP VIEW


def read(statement: str, parse):
    """The ``parser.Parsed`` of ``statement`` when it has the form above, else None;
    ``parse``: the full parser, for the templates."""
    found = _FORM.match(statement)
    if found is None or not current().at_defaults():
        return None
    names = [k for k in (2, 3) if found.group(k) is not None]
    if any(found.group(k).upper() in SQLITE_KEYWORDS for k in names):
        return None
    exists = found.group(1) is not None
    template = _TEMPLATES.get(exists)
    if template is None:
        template = _TEMPLATES[exists] = parse(
            "DROP VIEW IF EXISTS s.v" if exists else "DROP VIEW s.v")
    parsed = template.__class__("ddl", statement)     # no parameter: a fresh count of 0
    parsed.glot_text = statement[:found.end(names[-1])]    # to its last name, as parsed
    tree = template.tree.copy()
    table = tree.args["tables"][0]
    idents = [_ident(statement, found, k) for k in names]
    table.set("this", idents[-1])
    table.set("db", idents[0] if len(idents) == 2 else None)
    parsed.tree = tree
    return parsed


def _ident(statement: str, found, group: int) -> exp.Identifier:
    """The name of ``group`` with the offsets sqlglot keeps: its first and last character
    and its column, one past its end (the text is one line)."""
    start, end = found.span(group)
    ident = exp.Identifier(this=found.group(group), quoted=False)
    ident.meta.update(line=1, col=end, start=start, end=end - 1)
    return ident
