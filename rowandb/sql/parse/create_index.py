"""``CREATE [UNIQUE] INDEX [IF NOT EXISTS] name ON table (column [ASC|DESC], ...)`` of
plain names, read without sqlglot.

index/delete creates 1,569 indexes, of 693 texts (each block's indexes named by its
number), so most were parsed in full -- the lexer's passes, sqlglot, the audit, then
SQLite's recognizer, which every DDL statement meets (``statement_text.parse_one``) --
for a tree of a few names (docs/PERFORMANCE.md, branch ``delete29``). A text of exactly
that form (parse.y: ``cmd ::= createkw uniqueflag INDEX ifnotexists nm dbnm ON nm LP
sortlist RP where_opt``, here without a schema, a WHERE, a COLLATE or an expression)
whose names are plain words, no keyword of SQLite's or sqlglot's, on one line with no
comment, is read here by one pattern, as ``drop_view.py`` reads DROP VIEW: its tree is a
copy of the tree sqlglot gives a text of the same shape (UNIQUE or not, IF NOT EXISTS or
not, each column's ASC, DESC or neither; parsed once, the first time), its names put in
with the offsets sqlglot records for them. Any other text is parsed as before, and so is
every text while a limit of the connection differs from SQLite's default (the full parse
checks the tree against the limits, and the templates are made under the defaults).
SQLite's grammar takes every text the pattern takes, so the recognizer has nothing to
find in them. tests/test_create_index_read.py compares this reading with the full parse.
"""

from __future__ import annotations

import re

from sqlglot import expressions as exp
from sqlglot.tokens import Tokenizer

from ...planner.types.limit_values import current
from .lexer import SQLITE_KEYWORDS

_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_TERM = r"(" + _NAME + r")(?:[ \t]+(ASC|DESC))?"
_FORM = re.compile(r"[ \t]*CREATE[ \t]+(UNIQUE[ \t]+)?INDEX[ \t]+(IF[ \t]+NOT[ \t]+EXISTS[ \t]+)?"
                   r"(" + _NAME + r")[ \t]+ON[ \t]+(" + _NAME + r")[ \t]*\(([^()]*)\)[ \t]*\Z",
                   re.I | re.A)
_TERMS = re.compile(r"[ \t]*" + _TERM + r"[ \t]*(,|\Z)", re.I | re.A)
# words sqlglot reads as its own (a type, a function, a clause) where SQLite reads a name
_GLOT_WORDS = frozenset(word for word in Tokenizer.KEYWORDS if re.fullmatch(_NAME, word))
_TEMPLATES: dict = {}           # (unique, exists, orders) -> the full parse of that shape


def read(statement: str, parse):
    """The ``parser.Parsed`` of ``statement`` when it has the form above, else None;
    ``parse``: the full parser, for the templates."""
    found = _FORM.match(statement)
    if found is None or not current().at_defaults():
        return None
    terms = _terms(statement, found.start(5), found.end(5))
    if terms is None:
        return None
    names = [found.span(3), found.span(4)] + [span for span, _ in terms]
    if any(_taken(statement[start:end]) for start, end in names):
        return None
    shape = (found.group(1) is not None, found.group(2) is not None,
             tuple(order for _, order in terms))
    template = _TEMPLATES.get(shape)
    if template is None:
        template = _TEMPLATES[shape] = parse(_template_text(*shape))
    parsed = template.__class__("ddl", statement)     # no parameter: a fresh count of 0
    parsed.glot_text = statement[:found.end(5) + 1]    # to its ")", as parsed
    tree = template.tree.copy()
    index = tree.this
    index.set("this", _ident(statement, *names[0]))
    index.args["table"].set("this", _ident(statement, *names[1]))
    for ordered, span in zip(index.args["params"].args["columns"], names[2:]):
        ordered.this.set("this", _ident(statement, *span))
    parsed.tree = tree
    return parsed


def _terms(statement: str, start: int, end: int) -> list | None:
    """((start, end) of its name, ASC, DESC or None) per term of the list between
    ``start`` and ``end``, or None where it is not a list of plain terms."""
    terms = []
    position = start
    while True:
        found = _TERMS.match(statement, position, end)
        if found is None:
            return None
        order = found.group(2).upper() if found.group(2) is not None else None
        terms.append((found.span(1), order))
        position = found.end()
        if found.group(3) == "":
            return terms


def _taken(name: str) -> bool:
    """Whether ``name`` is a keyword of SQLite's or sqlglot's."""
    upper = name.upper()
    return upper in SQLITE_KEYWORDS or upper in _GLOT_WORDS


def _template_text(unique: bool, exists: bool, orders: tuple) -> str:
    columns = ", ".join(f"c{i} {order}" if order else f"c{i}" for i, order in enumerate(orders))
    return (f"CREATE {'UNIQUE ' if unique else ''}INDEX {'IF NOT EXISTS ' if exists else ''}"
            f"i ON t ({columns})")


def _ident(statement: str, start: int, end: int) -> exp.Identifier:
    """The name at ``start:end`` with the offsets sqlglot keeps: its first and last
    character and its column, one past its end (the text is one line)."""
    ident = exp.Identifier(this=statement[start:end], quoted=False)
    ident.meta.update(line=1, col=end, start=start, end=end - 1)
    return ident
